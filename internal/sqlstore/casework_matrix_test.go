package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// cwMatrixActions are the case-work actions as columns of the access matrix, with
// one outcome per matrixRoles entry (see TestAccessMatrix for the notation).
var cwMatrixActions = []matrixAction{
	{"create signal", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		return true, w.db.CreateSignal(ctx, &kluwen.Signal{HouseholdID: w.household, PersonID: &w.child, TypeCode: "schoolverzuim", Date: hhDays(-1),
			Severity: kluwen.SeverityMedium, Description: "Vaak afwezig", Confidentiality: kluwen.Normal})
	}},
	{"list signals", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household})
		return true, err
	}},
	{"read timeline", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.HouseholdTimeline(ctx, w.household, kluwen.TimelineFilter{})
		return true, err
	}},
	{"create assessment", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		return true, w.db.CreateAssessment(ctx, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.parent, Date: hhDays(0),
			Scores: []*kluwen.AssessmentScore{{DomainCode: "financien", Score: 2}}})
	}},
	{"list assessments", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindAssessments(ctx, kluwen.AssessmentFilter{HouseholdID: w.household})
		return true, err
	}},
	{"read matrix", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.HouseholdMatrix(ctx, w.household, 0)
		return true, err
	}},
	{"problem domains", "ok ok nf ok nf nf fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.ProblemDomains(ctx, w.household)
		return true, err
	}},
}

// TestCaseworkAccessMatrix runs the case-work actions as every role of the
// matrix world, checking answers and the access log as TestAccessMatrix does.
func TestCaseworkAccessMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		for _, act := range cwMatrixActions {
			expect := strings.Fields(act.expect)
			if len(expect) != len(matrixRoles) {
				t.Fatalf("%s: %d outcomes for %d roles", act.name, len(expect), len(matrixRoles))
			}
			for i, role := range matrixRoles {
				t.Run(act.name+"/"+role, func(t *testing.T) {
					a := w.actors[role]
					head := hhLogHead(t, db)
					found, err := act.do(t, w, hhAs(a))
					if got := outcomeOf(found, err); got != expect[i] {
						t.Fatalf("%s as %s = %s (%v); want %s", act.name, role, got, err, expect[i])
					}
					var success, refused int
					for _, e := range hhLogSince(t, db, head) {
						if e.UserID != a.UserID {
							continue
						}
						switch e.Outcome {
						case string(kluwen.OutcomeSuccess):
							success++
						case string(kluwen.OutcomeRefused):
							refused++
						}
					}
					if allowed := expect[i] == mOK; allowed != (success == 1 && refused == 0) || !allowed && (refused == 0 || success != 0) {
						t.Errorf("access log: %d success, %d refused", success, refused)
					}
				})
			}
		}
	})
}
