-- One family, one plan: at most one open case per household. CreateCase checks
-- this with a clear message; the index holds it when two requests race.
CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_id) WHERE status <> 'afgesloten';
