package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostRecordReferences: a cost record refers only to rows that exist, and a
// row a record refers to cannot be deleted. SQLite checks this with row-level
// foreign keys, PostgreSQL with statement-level checks (migration 0009); the
// behaviour is the same, also for a statement that writes many records at once.
func TestCostRecordReferences(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		rec := costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, DepartmentID: &w.policeDept, HouseholdID: w.household, PersonID: &w.parent,
			ItemCode: "POL-HOUR", Quantity: kluwen.Units(2), From: hhDate("2024-03-01"), LifeDomain: "justitie"})
		raw := db.RawDB()
		ph := db.Rebind
		insert := ph(`INSERT INTO cost_records (organisation_id, household_id, person_id, item_id, item_code, amount_cents, period_from, period_to, year, quarter, sector, kind, cost_type, created_at)
			SELECT ?, h.id, ?, ?, 'POL-HOUR', 100, '2024-03-01', '2024-03-01', 2024, 1, 'veiligheid', 'zorg', 'dienst', '2024-03-02 10:00:00+00'
			FROM households h WHERE h.id IN (?, ?)`)
		isFK := func(err error) bool {
			return err != nil && (strings.Contains(err.Error(), "23503") || strings.Contains(strings.ToUpper(err.Error()), "FOREIGN KEY"))
		}
		count := func() int {
			var n int
			if err := raw.QueryRow(`SELECT count(*) FROM cost_records`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()

		// Two good records in one statement are written.
		if _, err := raw.Exec(insert, w.police, w.parent, rec.ItemID, w.household, w.household); err != nil {
			t.Fatalf("good records: %v", err)
		}
		if got := count(); got != before+1 && got != before+2 {
			t.Fatalf("records %d, want more than %d", got, before)
		}
		before = count()
		// A missing organisation, person or catalogue period refuses the whole statement.
		for name, args := range map[string][]any{
			"organisation": {int64(987654), w.parent, rec.ItemID, w.household, w.household},
			"person":       {w.police, int64(987654), rec.ItemID, w.household, w.household},
			"item":         {w.police, w.parent, int64(987654), w.household, w.household},
		} {
			if _, err := raw.Exec(insert, args...); !isFK(err) {
				t.Errorf("%s missing: err %v, want a foreign-key violation", name, err)
			}
		}
		// A missing household.
		if _, err := raw.Exec(ph(`INSERT INTO cost_records (organisation_id, household_id, item_code, amount_cents, period_from, period_to, year, quarter, sector, kind, cost_type, created_at)
			VALUES (?, ?, '', 100, '2024-03-01', '2024-03-01', 2024, 1, 'veiligheid', 'zorg', 'dienst', '2024-03-02 10:00:00+00')`), w.police, int64(987654)); !isFK(err) {
			t.Errorf("household missing: err %v, want a foreign-key violation", err)
		}
		if got := count(); got != before {
			t.Errorf("records %d after refused statements, want %d", got, before)
		}

		// A household or department that a record refers to cannot be deleted;
		// one that no record refers to can.
		lone := costHousehold(t, db, w.orgA, "Noord", 91)
		spare := costHousehold(t, db, w.orgA, "Noord", 92)
		dept := &kluwen.Department{OrganisationID: w.police, Name: "Recherche"}
		hhMust(t, db.CreateDepartment(hhSys(), dept))
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, DepartmentID: &dept.ID, HouseholdID: lone,
			ItemCode: "POL-INCIDENT", Quantity: kluwen.Units(1), From: hhDate("2024-05-01"), LifeDomain: "justitie"})
		if _, err := raw.Exec(ph(`DELETE FROM households WHERE id = ?`), lone); !isFK(err) {
			t.Errorf("deleting a household with records: err %v, want a foreign-key violation", err)
		}
		if _, err := raw.Exec(ph(`DELETE FROM departments WHERE id = ?`), dept.ID); !isFK(err) {
			t.Errorf("deleting a department with records: err %v, want a foreign-key violation", err)
		}
		if _, err := raw.Exec(ph(`DELETE FROM households WHERE id = ?`), spare); err != nil {
			t.Errorf("deleting a household without records: %v", err)
		}
		if db.Dialect() == sqlstore.Postgres {
			if _, err := raw.Exec(`UPDATE cost_records SET household_id = household_id + 1000000`); !isFK(err) {
				t.Errorf("changing a reference: err %v, want a foreign-key violation", err)
			}
		}
	})
}
