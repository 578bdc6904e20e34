package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// costMatrixActions are the cost analysis's actions as every role of the matrix
// world (see newMatrixWorld): outcomes in the order of matrixRoles. logged says
// whether the action concerns personal data and so writes the access log.
var costMatrixActions = []struct {
	name   string
	expect string
	logged bool
	do     func(t *testing.T, w *matrixWorld, ctx context.Context) error
}{
	{"record a cost of the own organisation", "ok ok nf ok nf nf fb fb fb fb", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		return w.db.CreateCostRecord(ctx, &kluwen.CostRecord{HouseholdID: w.household, Amount: 12500, Description: "Inzet",
			Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2024-02-01")})
	}},
	{"read a household's cost records", "ok ok nf ok nf nf nf nf nf nf", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.FindCostRecords(ctx, kluwen.CostRecordFilter{HouseholdID: w.household})
		return err
	}},
	{"household cost overview", "ok ok nf ok nf nf nf nf nf nf", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.HouseholdCostOverview(ctx, w.household, kluwen.CostOverviewOptions{})
		return err
	}},
	{"case cost course", "ok ok nf ok nf nf nf nf nf nf", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.CaseCostCourse(ctx, w.caseID, kluwen.CourseOptions{})
		return err
	}},
	{"portfolio", "ok ok ok fb fb fb ok fb fb fb", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.CostPortfolio(ctx, kluwen.PortfolioFilter{})
		return err
	}},
	{"cohort course", "ok ok ok fb fb fb ok fb fb fb", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.CohortCostCourse(ctx, kluwen.CohortFilter{StartFrom: hhDays(-30), StartTo: hhDays(0)})
		return err
	}},
	{"who pays, who gains", "ok ok ok fb fb fb ok fb fb fb", true, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.CostPayers(ctx, kluwen.CohortFilter{StartFrom: hhDays(-30), StartTo: hhDays(0)})
		return err
	}},
	{"change the price index", "fb fb fb fb fb fb fb fb ok fb", false, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		return w.db.SetPriceIndexYear(ctx, kluwen.PriceIndexYear{Year: 2025, Value: 13450, Source: "CBS"})
	}},
	{"read the catalogue", "ok ok ok ok ok ok ok ok ok ok", false, func(t *testing.T, w *matrixWorld, ctx context.Context) error {
		_, err := w.db.FindCostItems(ctx, kluwen.CostItemFilter{Current: true})
		return err
	}},
}

// TestCostAccessMatrix runs the cost actions as every role and checks the answer
// and, for personal data, the access log in the actor's name.
func TestCostAccessMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		for _, act := range costMatrixActions {
			expect := strings.Fields(act.expect)
			if len(expect) != len(matrixRoles) {
				t.Fatalf("%s: %d outcomes for %d roles", act.name, len(expect), len(matrixRoles))
			}
			for i, role := range matrixRoles {
				want := expect[i]
				t.Run(act.name+"/"+role, func(t *testing.T) {
					a := w.actors[role]
					head := hhLogHead(t, db)
					err := act.do(t, w, hhAs(a))
					if got := outcomeOf(true, err); got != want {
						t.Fatalf("%s as %s = %s (%v); want %s", act.name, role, got, err, want)
					}
					if !act.logged {
						return
					}
					var success, refused int
					for _, e := range hhLogSince(t, db, head) {
						if e.UserID != a.UserID {
							continue
						}
						if e.Outcome == string(kluwen.OutcomeSuccess) {
							success++
						} else {
							refused++
						}
					}
					if want == mOK && (success == 0 || refused != 0) || want != mOK && (refused == 0 || success != 0) {
						t.Errorf("access log after %s as %s (%s): %d success, %d refused", act.name, role, want, success, refused)
					}
				})
			}
		}
	})
}
