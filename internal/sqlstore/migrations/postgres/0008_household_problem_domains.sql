-- The number of problem domains of each household: the domains of the default
-- instrument whose latest score (in assessments made in the household) of any
-- current member is a problem level (in the ZRM 1 or 2). The portfolio ranks by
-- it. Kept in the transaction of every assessment and membership change, for the
-- households with an assessment in the default instrument (others count none);
-- filled by the migration step of this version.
--
-- Who is a current member depends on the date: counted_on is the date the count
-- holds for, joins_on the first later start and leaves_after the first end on or
-- after that date of a membership of the household. The count is stale from
-- joins_on, or from the day after leaves_after, until it is counted again.
CREATE TABLE household_problem_domains (
	household_id    BIGINT PRIMARY KEY,
	problem_domains INTEGER NOT NULL,
	counted_on      DATE NOT NULL,
	joins_on        DATE,
	leaves_after    DATE
);
