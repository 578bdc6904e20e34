package sqlstore_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestRemindOverdueActions: the daily check reminds the owner of an overdue
// pending action once, in the app, whoever runs it and however often; a new due
// date that passes gives a new reminder; done actions, actions not yet due,
// actions on a closed case and owners whose partner left the case are skipped.
func TestRemindOverdueActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		db.SetNotifier(nil) // the store's own in-app notifications
		planBackdate(t, db, "goals", w.goal, 30)
		planBackdate(t, db, "goals", w.debtGoal, 30)
		mk := func(goal int64, due int, owner *kluwen.Actor) int64 {
			return planAction(t, db, goal, owner.OrganisationID, owner.UserID, kluwen.KindCare, hhDays(due))
		}
		overdue := mk(w.goal, -3, w.owner)
		done := mk(w.goal, -2, w.owner)
		mk(w.goal, 0, w.owner) // due today: not yet over
		debtOverdue := mk(w.debtGoal, -1, w.otherPartner)
		d := kluwen.ActionDone
		_, err := db.UpdateAction(hhSys(), done, kluwen.ActionUpdate{Status: &d})
		hhMust(t, err)
		// An overdue action on a closed case (of another household: a household
		// has one open case).
		h2 := hhHousehold(t, db, w.orgA, "Noord")
		neighbour := hhPerson(t, db, w.orgA, "Buur")
		hhMember(t, db, h2, neighbour, hhDays(-100), nil)
		c2 := hhCase(t, db, h2, w.coordinator)
		hhInvolve(t, db, c2, w.police, hhDays(-5), nil)
		g2 := planGoal(t, db, c2, kluwen.DomainJustitie, "Afgesloten doel", neighbour)
		planBackdate(t, db, "goals", g2, 30)
		mk(g2, -1, w.owner)
		_, err = db.UpdateGoal(hhSys(), g2, kluwen.GoalUpdate{Status: hhPtr(kluwen.GoalCancelled), Evaluation: hhPtr("Niet meer nodig")})
		hhMust(t, err)
		_, err = db.ChangeCaseStatus(hhSys(), c2, kluwen.CaseAfgesloten, "Samengevoegd")
		hhMust(t, err)
		// Debt relief leaves the case: its owner is no longer reminded.
		var iv int64
		hhMust(t, db.RawDB().QueryRow(db.Rebind(`SELECT id FROM involvements WHERE case_id = ? AND organisation_id = ?`), w.caseID, w.debts).Scan(&iv))
		_, err = db.UpdateInvolvement(hhSys(), iv, kluwen.InvolvementUpdate{To: hhPtr(hhPtr(hhDays(-1)))})
		hhMust(t, err)
		_ = debtOverdue

		overdueNotes := func(a *kluwen.Actor) []*kluwen.Notification {
			t.Helper()
			all, err := db.FindNotifications(hhAs(a), kluwen.NotificationFilter{})
			hhMust(t, err)
			var out []*kluwen.Notification
			for _, n := range all {
				if n.Kind == kluwen.NotifyActionOverdue {
					out = append(out, n)
				}
			}
			return out
		}

		head := hhLogHead(t, db)
		n, err := db.RemindOverdueActions(hhSys())
		hhMust(t, err)
		if n != 1 {
			t.Fatalf("reminded %d owners; want 1", n)
		}
		notes := overdueNotes(w.owner)
		if len(notes) != 1 || notes[0].Link != "/casussen/"+itoa64(w.caseID)+"/plan#actie-"+itoa64(overdue) ||
			!strings.Contains(notes[0].Text, hhDays(-3).Format("02-01-2006")) {
			t.Fatalf("owner's reminders %+v", notes)
		}
		if got := overdueNotes(w.otherPartner); len(got) != 0 {
			t.Errorf("debt relief, no longer involved, reminded: %+v", got)
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "action.remind" || log[0].Basis != kluwen.BasisSystem ||
			log[0].Objects != " case:"+itoa64(w.caseID)+" household:"+itoa64(w.household)+" " {
			t.Errorf("logged as %+v", log)
		}

		// Again, and again at once from two instances: nothing new.
		head = hhLogHead(t, db)
		n, err = db.RemindOverdueActions(hhSys())
		hhMust(t, err)
		if n != 0 || len(overdueNotes(w.owner)) != 1 || len(hhLogSince(t, db, head)) != 0 {
			t.Errorf("second run reminded %d, owner has %d reminders", n, len(overdueNotes(w.owner)))
		}

		// A new due date that passes too: one new reminder, even with two
		// instances checking at the same moment.
		_, err = db.UpdateAction(hhSys(), overdue, kluwen.ActionUpdate{DueDate: hhPtr(hhDays(-1))})
		hhMust(t, err)
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i := range counts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := db.RemindOverdueActions(hhSys())
				if err != nil {
					t.Errorf("run %d: %v", i, err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		if sum := counts[0] + counts[1] + counts[2] + counts[3]; sum != 1 || len(overdueNotes(w.owner)) != 2 {
			t.Errorf("concurrent runs reminded %v; owner has %d reminders; want 1 new", counts, len(overdueNotes(w.owner)))
		}
		if got := hhCount(t, db, "action_reminders"); got != 2 {
			t.Errorf("%d reminders recorded; want 2", got)
		}

		// Only the system runs the check.
		_, err = db.RemindOverdueActions(hhAs(w.coordinator))
		hhWantCode(t, err, kluwen.EFORBIDDEN)
	})
}
