-- Which organisations and which life domains have cost records on a household, per
-- sector, kind and cost type, with the years they have them in as bits (bit 0 for
-- 2000): the portfolio counts partners and life domains under its filters from
-- these instead of from the year rollup. Kept on every write like the rollups of
-- 0004_costs, and filled here from the records already there.
CREATE TABLE cost_rollup_household_partner (
	household_id    BIGINT NOT NULL,
	organisation_id BIGINT NOT NULL,
	sector          TEXT NOT NULL,
	kind            TEXT NOT NULL,
	cost_type       TEXT NOT NULL,
	years           BIGINT NOT NULL,
	PRIMARY KEY (household_id, organisation_id, sector, kind, cost_type)
);

CREATE TABLE cost_rollup_household_domain (
	household_id BIGINT NOT NULL,
	life_domain  TEXT NOT NULL,
	sector       TEXT NOT NULL,
	kind         TEXT NOT NULL,
	cost_type    TEXT NOT NULL,
	years        BIGINT NOT NULL,
	PRIMARY KEY (household_id, life_domain, sector, kind, cost_type)
);

INSERT INTO cost_rollup_household_partner (household_id, organisation_id, sector, kind, cost_type, years)
	SELECT household_id, organisation_id, sector, kind, cost_type, sum(DISTINCT CAST(1 AS BIGINT) << (year - 2000))
	FROM cost_records GROUP BY household_id, organisation_id, sector, kind, cost_type;

INSERT INTO cost_rollup_household_domain (household_id, life_domain, sector, kind, cost_type, years)
	SELECT household_id, life_domain, sector, kind, cost_type, sum(DISTINCT CAST(1 AS BIGINT) << (year - 2000))
	FROM cost_records WHERE life_domain <> '' GROUP BY household_id, life_domain, sector, kind, cost_type;
