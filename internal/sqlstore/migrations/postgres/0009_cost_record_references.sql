-- The references of cost records are checked per statement instead of per row.
--
-- A row-level foreign key runs a lookup with a row lock on the parent for every
-- reference of every row: an import of 1,000,000 records made 3,000,000 of them,
-- two thirds of its writing time. The constraint triggers below check the same
-- references once per INSERT statement, set-based over its new rows: they lock
-- the parents that are referenced with FOR KEY SHARE, as a foreign key does, so a
-- concurrent delete of a parent waits for the writing transaction, and they raise
-- foreign_key_violation (23503) when a parent is missing. Guards on the parent
-- tables refuse deleting a row that cost records still reference, as NO ACTION
-- foreign keys did. Cost records are never updated (a mistake is undone by a
-- correction record), and an UPDATE that changes a reference is refused.
-- SQLite keeps its row-level foreign keys.

ALTER TABLE cost_records
	DROP CONSTRAINT cost_records_organisation_id_fkey,
	DROP CONSTRAINT cost_records_department_id_fkey,
	DROP CONSTRAINT cost_records_household_id_fkey,
	DROP CONSTRAINT cost_records_person_id_fkey,
	DROP CONSTRAINT cost_records_item_id_fkey,
	DROP CONSTRAINT cost_records_created_by_fkey;

CREATE FUNCTION cost_records_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	missing TEXT;
BEGIN
	PERFORM 1 FROM organisations p WHERE p.id IN (SELECT DISTINCT n.organisation_id FROM new_records n) FOR KEY SHARE OF p;
	PERFORM 1 FROM departments p WHERE p.id IN (SELECT DISTINCT n.department_id FROM new_records n WHERE n.department_id IS NOT NULL) FOR KEY SHARE OF p;
	PERFORM 1 FROM households p WHERE p.id IN (SELECT DISTINCT n.household_id FROM new_records n) FOR KEY SHARE OF p;
	PERFORM 1 FROM persons p WHERE p.id IN (SELECT DISTINCT n.person_id FROM new_records n WHERE n.person_id IS NOT NULL) FOR KEY SHARE OF p;
	PERFORM 1 FROM cost_items p WHERE p.id IN (SELECT DISTINCT n.item_id FROM new_records n WHERE n.item_id IS NOT NULL) FOR KEY SHARE OF p;
	PERFORM 1 FROM users p WHERE p.id IN (SELECT DISTINCT n.created_by FROM new_records n WHERE n.created_by IS NOT NULL) FOR KEY SHARE OF p;
	SELECT c INTO missing FROM (
		SELECT 'organisation_id' AS c WHERE EXISTS (SELECT 1 FROM new_records n WHERE NOT EXISTS (SELECT 1 FROM organisations p WHERE p.id = n.organisation_id))
		UNION ALL SELECT 'department_id' WHERE EXISTS (SELECT 1 FROM new_records n WHERE n.department_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM departments p WHERE p.id = n.department_id))
		UNION ALL SELECT 'household_id' WHERE EXISTS (SELECT 1 FROM new_records n WHERE NOT EXISTS (SELECT 1 FROM households p WHERE p.id = n.household_id))
		UNION ALL SELECT 'person_id' WHERE EXISTS (SELECT 1 FROM new_records n WHERE n.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM persons p WHERE p.id = n.person_id))
		UNION ALL SELECT 'item_id' WHERE EXISTS (SELECT 1 FROM new_records n WHERE n.item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM cost_items p WHERE p.id = n.item_id))
		UNION ALL SELECT 'created_by' WHERE EXISTS (SELECT 1 FROM new_records n WHERE n.created_by IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users p WHERE p.id = n.created_by))
	) m LIMIT 1;
	IF missing IS NOT NULL THEN
		RAISE EXCEPTION 'cost_records.% refers to a row that does not exist', missing
			USING ERRCODE = 'foreign_key_violation', TABLE = 'cost_records', COLUMN = missing;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cost_records_references AFTER INSERT ON cost_records
	REFERENCING NEW TABLE AS new_records FOR EACH STATEMENT EXECUTE FUNCTION cost_records_check_references();

CREATE FUNCTION cost_records_no_reference_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF (NEW.organisation_id, NEW.department_id, NEW.household_id, NEW.person_id, NEW.item_id, NEW.created_by)
		IS DISTINCT FROM (OLD.organisation_id, OLD.department_id, OLD.household_id, OLD.person_id, OLD.item_id, OLD.created_by) THEN
		RAISE EXCEPTION 'the references of a cost record do not change' USING ERRCODE = 'foreign_key_violation', TABLE = 'cost_records';
	END IF;
	RETURN NEW;
END $$;

CREATE TRIGGER cost_records_fixed_references BEFORE UPDATE ON cost_records
	FOR EACH ROW EXECUTE FUNCTION cost_records_no_reference_change();

-- The parents: deleting a row that cost records refer to is refused.
CREATE FUNCTION cost_records_parent_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	col TEXT := TG_ARGV[0];
	found BOOLEAN;
BEGIN
	EXECUTE format('SELECT EXISTS (SELECT 1 FROM cost_records r JOIN old_rows o ON r.%I = o.id)', col) INTO found;
	IF found THEN
		RAISE EXCEPTION 'a cost record still refers to this row of %', TG_TABLE_NAME
			USING ERRCODE = 'foreign_key_violation', TABLE = 'cost_records', COLUMN = col;
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER cost_records_guard AFTER DELETE ON organisations REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('organisation_id');
CREATE TRIGGER cost_records_guard AFTER DELETE ON departments REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('department_id');
CREATE TRIGGER cost_records_guard AFTER DELETE ON households REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('household_id');
CREATE TRIGGER cost_records_guard AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('person_id');
CREATE TRIGGER cost_records_guard AFTER DELETE ON cost_items REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('item_id');
CREATE TRIGGER cost_records_guard AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows
	FOR EACH STATEMENT EXECUTE FUNCTION cost_records_parent_guard('created_by');

-- The guards find the records of an organisation and of a household by the
-- indexes that start with those columns; the other parents (departments, persons,
-- catalogue periods, users) are not deleted by Kluwen, and a guard on them scans,
-- as the foreign keys did, rather than adding an index to every record written.
