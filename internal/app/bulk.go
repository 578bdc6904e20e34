package app

import (
	"context"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/demo"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// BulkLoader returns the store's bulk loader as the demo takes it, for a demo
// town of more than demo.BulkThreshold households (kluwen demo --households
// 100000, and the benchmarks of the household page).
func BulkLoader(db *sqlstore.DB) demo.BulkLoader { return bulkLoader{db} }

type bulkLoader struct{ db *sqlstore.DB }

func (l bulkLoader) BulkLoad(ctx context.Context, fn func(demo.Bulk) error) error {
	return l.db.BulkLoad(ctx, func(b *sqlstore.BulkTx) error { return fn(bulkTx{b}) })
}

// bulkTx is the store's bulk transaction with the plan's status steps in the
// demo's words.
type bulkTx struct{ *sqlstore.BulkTx }

func planSteps(steps []demo.StatusStep) []sqlstore.PlanStep {
	out := make([]sqlstore.PlanStep, len(steps))
	for i, s := range steps {
		out[i] = sqlstore.PlanStep{At: s.At, UserID: s.UserID, Status: s.Status, Evaluation: s.Evaluation}
	}
	return out
}

func (b bulkTx) Goal(g *kluwen.Goal, steps ...demo.StatusStep) error {
	return b.BulkTx.Goal(g, planSteps(steps)...)
}

func (b bulkTx) Action(a *kluwen.Action, steps ...demo.StatusStep) error {
	return b.BulkTx.Action(a, planSteps(steps)...)
}
