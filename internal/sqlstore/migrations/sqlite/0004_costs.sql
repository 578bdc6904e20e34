-- Cost analysis: the catalogue of unit costs, the price index, cost records and the
-- rollups kept up to date on every write. Money is INTEGER cents, quantities INTEGER
-- thousandths: never a float. The catalogue and the index are seeded by a Go step of
-- this migration from the files embedded in internal/costs.

CREATE TABLE cost_items (
	id               INTEGER PRIMARY KEY,
	code             TEXT NOT NULL,
	name             TEXT NOT NULL,
	sector           TEXT NOT NULL CHECK (sector IN ('gemeente','zorg','jeugd','veiligheid','wonen','schulden','onderwijs')),
	unit             TEXT NOT NULL,
	unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
	price_year       INTEGER NOT NULL,
	valid_from       TEXT NOT NULL,
	valid_to         TEXT,
	source           TEXT NOT NULL DEFAULT '',
	basis            TEXT NOT NULL CHECK (basis IN ('gepubliceerd','tarief','afgeleid','proxy','eigen')),
	basis_note       TEXT NOT NULL DEFAULT '',
	kind             TEXT NOT NULL CHECK (kind IN ('preventie','zorg','drang_dwang_straf')),
	cost_type        TEXT NOT NULL CHECK (cost_type IN ('dienst','overdracht')),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	UNIQUE (code, valid_from),
	CHECK (valid_to IS NULL OR valid_to >= valid_from)
);

-- Consumer-price index per year, in hundredths (2015 = 10000).
CREATE TABLE price_index (
	year       INTEGER PRIMARY KEY,
	value      INTEGER NOT NULL CHECK (value > 0),
	source     TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- year and quarter are those of period_from: a record counts in the quarter its
-- period starts in.
CREATE TABLE cost_records (
	id               INTEGER PRIMARY KEY,
	organisation_id  INTEGER NOT NULL REFERENCES organisations (id),
	department_id    INTEGER REFERENCES departments (id),
	household_id     INTEGER NOT NULL REFERENCES households (id),
	person_id        INTEGER REFERENCES persons (id),
	item_id          INTEGER REFERENCES cost_items (id),
	item_code        TEXT NOT NULL DEFAULT '',
	quantity_milli   INTEGER NOT NULL DEFAULT 0,
	unit_price_cents INTEGER NOT NULL DEFAULT 0,
	amount_cents     INTEGER NOT NULL,
	description      TEXT NOT NULL DEFAULT '',
	period_from      TEXT NOT NULL,
	period_to        TEXT NOT NULL,
	year             INTEGER NOT NULL,
	quarter          INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
	life_domain      TEXT NOT NULL DEFAULT '',
	sector           TEXT NOT NULL,
	kind             TEXT NOT NULL CHECK (kind IN ('preventie','zorg','drang_dwang_straf')),
	cost_type        TEXT NOT NULL CHECK (cost_type IN ('dienst','overdracht')),
	estimated        INTEGER NOT NULL DEFAULT 0,
	correction       INTEGER NOT NULL DEFAULT 0,
	source_ref       TEXT,
	created_by       INTEGER REFERENCES users (id),
	created_at       TEXT NOT NULL,
	CHECK (period_to >= period_from)
);
CREATE INDEX cost_records_household ON cost_records (household_id, period_from);
CREATE UNIQUE INDEX cost_records_source_ref ON cost_records (organisation_id, source_ref);

-- Rollups, kept in the transaction of every write (see sqlstore/cost_rollup.go).
-- Amounts are nominal: in the prices of the year they fall in.
CREATE TABLE cost_rollup_household_year (
	household_id    INTEGER NOT NULL,
	year            INTEGER NOT NULL,
	organisation_id INTEGER NOT NULL,
	sector          TEXT NOT NULL,
	kind            TEXT NOT NULL,
	cost_type       TEXT NOT NULL,
	life_domain     TEXT NOT NULL,
	amount_cents    INTEGER NOT NULL,
	record_count    INTEGER NOT NULL,
	PRIMARY KEY (household_id, year, organisation_id, sector, kind, cost_type, life_domain)
) WITHOUT ROWID;

CREATE TABLE cost_rollup_household_quarter (
	household_id    INTEGER NOT NULL,
	year            INTEGER NOT NULL,
	quarter         INTEGER NOT NULL,
	organisation_id INTEGER NOT NULL,
	sector          TEXT NOT NULL,
	kind            TEXT NOT NULL,
	cost_type       TEXT NOT NULL,
	amount_cents    INTEGER NOT NULL,
	record_count    INTEGER NOT NULL,
	PRIMARY KEY (household_id, year, quarter, organisation_id, sector, kind, cost_type)
) WITHOUT ROWID;

-- The portfolio's own rollups hold one row per household (and sector, kind and
-- cost type) with the amount of every year in a column of its own, y2000 to
-- y2039: ranking 100,000 households in one price year is then a weighted sum of
-- a few columns per row, without grouping by year. Records fall in 2000–2039.
CREATE TABLE cost_rollup_portfolio (
	household_id INTEGER NOT NULL,
	sector       TEXT NOT NULL,
	kind         TEXT NOT NULL,
	cost_type    TEXT NOT NULL,
	y2000 INTEGER NOT NULL DEFAULT 0,
	y2001 INTEGER NOT NULL DEFAULT 0,
	y2002 INTEGER NOT NULL DEFAULT 0,
	y2003 INTEGER NOT NULL DEFAULT 0,
	y2004 INTEGER NOT NULL DEFAULT 0,
	y2005 INTEGER NOT NULL DEFAULT 0,
	y2006 INTEGER NOT NULL DEFAULT 0,
	y2007 INTEGER NOT NULL DEFAULT 0,
	y2008 INTEGER NOT NULL DEFAULT 0,
	y2009 INTEGER NOT NULL DEFAULT 0,
	y2010 INTEGER NOT NULL DEFAULT 0,
	y2011 INTEGER NOT NULL DEFAULT 0,
	y2012 INTEGER NOT NULL DEFAULT 0,
	y2013 INTEGER NOT NULL DEFAULT 0,
	y2014 INTEGER NOT NULL DEFAULT 0,
	y2015 INTEGER NOT NULL DEFAULT 0,
	y2016 INTEGER NOT NULL DEFAULT 0,
	y2017 INTEGER NOT NULL DEFAULT 0,
	y2018 INTEGER NOT NULL DEFAULT 0,
	y2019 INTEGER NOT NULL DEFAULT 0,
	y2020 INTEGER NOT NULL DEFAULT 0,
	y2021 INTEGER NOT NULL DEFAULT 0,
	y2022 INTEGER NOT NULL DEFAULT 0,
	y2023 INTEGER NOT NULL DEFAULT 0,
	y2024 INTEGER NOT NULL DEFAULT 0,
	y2025 INTEGER NOT NULL DEFAULT 0,
	y2026 INTEGER NOT NULL DEFAULT 0,
	y2027 INTEGER NOT NULL DEFAULT 0,
	y2028 INTEGER NOT NULL DEFAULT 0,
	y2029 INTEGER NOT NULL DEFAULT 0,
	y2030 INTEGER NOT NULL DEFAULT 0,
	y2031 INTEGER NOT NULL DEFAULT 0,
	y2032 INTEGER NOT NULL DEFAULT 0,
	y2033 INTEGER NOT NULL DEFAULT 0,
	y2034 INTEGER NOT NULL DEFAULT 0,
	y2035 INTEGER NOT NULL DEFAULT 0,
	y2036 INTEGER NOT NULL DEFAULT 0,
	y2037 INTEGER NOT NULL DEFAULT 0,
	y2038 INTEGER NOT NULL DEFAULT 0,
	y2039 INTEGER NOT NULL DEFAULT 0,
	record_count INTEGER NOT NULL,
	PRIMARY KEY (household_id, sector, kind, cost_type)
) WITHOUT ROWID;

-- The same per household and cost type only, for the portfolio without a filter
-- on sector or kind.
CREATE TABLE cost_rollup_household_total (
	household_id INTEGER NOT NULL,
	cost_type    TEXT NOT NULL,
	y2000 INTEGER NOT NULL DEFAULT 0,
	y2001 INTEGER NOT NULL DEFAULT 0,
	y2002 INTEGER NOT NULL DEFAULT 0,
	y2003 INTEGER NOT NULL DEFAULT 0,
	y2004 INTEGER NOT NULL DEFAULT 0,
	y2005 INTEGER NOT NULL DEFAULT 0,
	y2006 INTEGER NOT NULL DEFAULT 0,
	y2007 INTEGER NOT NULL DEFAULT 0,
	y2008 INTEGER NOT NULL DEFAULT 0,
	y2009 INTEGER NOT NULL DEFAULT 0,
	y2010 INTEGER NOT NULL DEFAULT 0,
	y2011 INTEGER NOT NULL DEFAULT 0,
	y2012 INTEGER NOT NULL DEFAULT 0,
	y2013 INTEGER NOT NULL DEFAULT 0,
	y2014 INTEGER NOT NULL DEFAULT 0,
	y2015 INTEGER NOT NULL DEFAULT 0,
	y2016 INTEGER NOT NULL DEFAULT 0,
	y2017 INTEGER NOT NULL DEFAULT 0,
	y2018 INTEGER NOT NULL DEFAULT 0,
	y2019 INTEGER NOT NULL DEFAULT 0,
	y2020 INTEGER NOT NULL DEFAULT 0,
	y2021 INTEGER NOT NULL DEFAULT 0,
	y2022 INTEGER NOT NULL DEFAULT 0,
	y2023 INTEGER NOT NULL DEFAULT 0,
	y2024 INTEGER NOT NULL DEFAULT 0,
	y2025 INTEGER NOT NULL DEFAULT 0,
	y2026 INTEGER NOT NULL DEFAULT 0,
	y2027 INTEGER NOT NULL DEFAULT 0,
	y2028 INTEGER NOT NULL DEFAULT 0,
	y2029 INTEGER NOT NULL DEFAULT 0,
	y2030 INTEGER NOT NULL DEFAULT 0,
	y2031 INTEGER NOT NULL DEFAULT 0,
	y2032 INTEGER NOT NULL DEFAULT 0,
	y2033 INTEGER NOT NULL DEFAULT 0,
	y2034 INTEGER NOT NULL DEFAULT 0,
	y2035 INTEGER NOT NULL DEFAULT 0,
	y2036 INTEGER NOT NULL DEFAULT 0,
	y2037 INTEGER NOT NULL DEFAULT 0,
	y2038 INTEGER NOT NULL DEFAULT 0,
	y2039 INTEGER NOT NULL DEFAULT 0,
	record_count INTEGER NOT NULL,
	PRIMARY KEY (household_id, cost_type)
) WITHOUT ROWID;

-- The years that have cost records, so that the portfolio reads only their
-- columns.
CREATE TABLE cost_years (
	year INTEGER PRIMARY KEY
);

-- Per household the number of organisations and of life domains with cost
-- records, over all years: recounted from cost_rollup_household_year for every
-- household a write touches, so the portfolio ranks by them without counting.
CREATE TABLE cost_household_counts (
	household_id INTEGER PRIMARY KEY,
	partners     INTEGER NOT NULL,
	life_domains INTEGER NOT NULL
);

-- The portfolio groups households per wijk from a cache it checks against the
-- latest change of any household.
CREATE INDEX households_updated ON households (updated_at);
