package sqlstore_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostImportLogged: an import writes one access-log entry naming the
// households it wrote costs on, in its own transaction; its preview one read
// entry; a file that writes nothing (every row imported before) logs what it
// read, not a creation; and a refused file the households its answer speaks of.
func TestCostImportLogged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		other := costHousehold(t, db, w.orgA, "Oost", 9)
		c := hhCase(t, db, other, w.regisseur)
		hhInvolve(t, db, c, w.police, hhDays(-10), nil)
		rows := []*kluwen.CostImportRow{
			{Line: 2, Household: kluwen.HouseholdKey{ID: other}, Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 1000, From: hhDate("2024-03-10"), SourceRef: "L-1"}},
			{Line: 3, Household: kluwen.HouseholdKey{ID: w.household}, Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 2000, From: hhDate("2024-03-11"), SourceRef: "L-2"}},
		}
		lo, hi := min(other, w.household), max(other, w.household)
		households := fmt.Sprintf(" household:%d household:%d ", lo, hi)
		for _, tc := range []struct {
			name   string
			dry    bool
			event  string
			action kluwen.AuditAction
		}{
			{"preview", true, "cost.read", kluwen.AuditRead},
			{"import", false, "cost.create", kluwen.AuditCreate},
			{"the same file again", false, "cost.read", kluwen.AuditRead},
		} {
			head := hhLogHead(t, db)
			_, err := db.ImportCostRecords(hhAs(w.agent), &kluwen.CostImport{Rows: rows, DryRun: tc.dry})
			hhMust(t, err)
			log := hhLogSince(t, db, head)
			if len(log) != 1 || log[0].EventType != tc.event || log[0].Action != string(tc.action) || log[0].Outcome != string(kluwen.OutcomeSuccess) ||
				log[0].UserID != w.agent.UserID || log[0].Objects != households {
				t.Errorf("%s logged %+v; want one %s of%s", tc.name, log, tc.event, households)
			}
		}
		// A file with a bad row imports nothing, but its answer speaks of the
		// households of its rows: their read stays in the log.
		bad := append(slices.Clone(rows), &kluwen.CostImportRow{Line: 4, Household: kluwen.HouseholdKey{ID: w.household},
			Record: kluwen.CostRecord{ItemCode: "GEEN-POST", Quantity: 500, From: hhDate("2024-04-01"), SourceRef: "L-9"}})
		head := hhLogHead(t, db)
		_, err := db.ImportCostRecords(hhAs(w.agent), &kluwen.CostImport{Rows: bad})
		hhWantCode(t, err, kluwen.EINVALID)
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "cost.read" || log[0].Outcome != string(kluwen.OutcomeSuccess) || log[0].Objects != households {
			t.Errorf("a refused file logged %+v", log)
		}

		// A row added for one household: a creation there, a read of the other.
		more := append(rows, &kluwen.CostImportRow{Line: 4, Household: kluwen.HouseholdKey{ID: other},
			Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 500, From: hhDate("2024-04-01"), SourceRef: "L-3"}})
		head = hhLogHead(t, db)
		res, err := db.ImportCostRecords(hhAs(w.agent), &kluwen.CostImport{Rows: more})
		hhMust(t, err)
		log := hhLogSince(t, db, head)
		if res.Imported != 1 || len(log) != 2 || log[0].EventType != "cost.create" || log[0].Objects != fmt.Sprintf(" household:%d ", other) ||
			log[1].EventType != "cost.read" || log[1].Objects != fmt.Sprintf(" household:%d ", w.household) {
			t.Errorf("a file with one new row logged %+v", log)
		}
	})
}
