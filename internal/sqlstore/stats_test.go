package sqlstore_test

import (
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestOverview: aggregate counts for the roles that may see them, small cells per
// wijk suppressed, and nothing in the access log.
func TestOverview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db) // one open case in Centrum
		regA := w.actors["regisseur-of-case"]
		for i := 0; i < kluwen.MinCellSize; i++ {
			hhCase(t, db, hhHousehold(t, db, w.orgA, "Noord"), regA)
		}
		for i := 0; i < 2; i++ {
			hhCase(t, db, hhHousehold(t, db, w.orgA, "Zuid"), regA)
		}
		closed := hhCase(t, db, hhHousehold(t, db, w.orgA, "Noord"), regA)
		if _, err := db.ChangeCaseStatus(hhSys(), closed, kluwen.CaseAfgesloten, "Geen grond"); err != nil {
			t.Fatal(err)
		}

		head := hhLogHead(t, db)
		for _, role := range matrixRoles {
			a := w.actors[role]
			o, err := db.Overview(hhAs(a))
			switch a.Role {
			case kluwen.RoleProfessional, kluwen.RoleEditor:
				hhWantCode(t, err, kluwen.EFORBIDDEN)
				continue
			}
			hhMust(t, err)
			if o.Households != 9 || o.Persons != 2 || o.OpenCases != 8 || o.Organisations != 6 || o.Users != 10 {
				t.Errorf("%s: overview %+v", role, o)
			}
			if o.CasesByStatus[kluwen.CaseAanmelding] != 8 || o.CasesByStatus[kluwen.CaseAfgesloten] != 1 || o.CasesByStatus[kluwen.CasePlan] != 0 {
				t.Errorf("%s: by status %v", role, o.CasesByStatus)
			}
			if len(o.OpenCasesByWijk) != 3 || o.OpenCasesByWijk["Noord"] != 5 || o.OpenCasesByWijk["Zuid"] != 0 || o.OpenCasesByWijk["Centrum"] != 0 {
				t.Errorf("%s: by wijk %v; want Noord 5 and the small cells 0", role, o.OpenCasesByWijk)
			}
		}
		if _, err := db.Overview(hhSys()); err != nil {
			t.Errorf("system: %v", err)
		}
		if hhLogHead(t, db) != head {
			t.Errorf("the overview wrote to the access log")
		}
	})
}
