-- PostgreSQL checks the references of cost records once per statement instead of
-- per row (see the PostgreSQL migration of the same name). SQLite keeps its
-- row-level foreign keys, which cost it little: nothing changes here.
SELECT 1;
