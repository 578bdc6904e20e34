package sqlstore_test

import (
	"slices"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestEscalation: a coordinator escalates with a question, records the answer and
// decision, then the outcome; open escalations show on the regisseur's start
// page; a closed case's escalations are read-only.
func TestEscalation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		hhWantFields(t, db.CreateEscalation(reg, &kluwen.Escalation{CaseID: w.caseID, Question: " "}), "level", "question")
		hhWantCode(t, db.CreateEscalation(hhAs(w.owner), &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelSteeringGroup, Question: "?"}), kluwen.EFORBIDDEN)
		hhWantCode(t, db.CreateEscalation(hhAs(w.otherOrg), &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelSteeringGroup, Question: "?"}), kluwen.ENOTFOUND)
		if hhCount(t, db, "escalations") != 0 {
			t.Fatal("refused escalation written")
		}
		e1 := &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelSteeringGroup, Question: "Mag de woningcorporatie de ontruiming uitstellen tot het budgettraject loopt?"}
		e2 := &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelAdministrative, Question: "Wie betaalt de opvang?"}
		hhMust(t, db.CreateEscalation(reg, e1))
		hhMust(t, db.CreateEscalation(reg, e2))
		if e1.Status != kluwen.EscalationOpen || e1.EscalatedBy != w.coordinator.UserID || e1.EscalatedAt.IsZero() {
			t.Errorf("created %+v", e1)
		}

		_, err := db.AnswerEscalation(reg, e1.ID, " ", "")
		hhWantFields(t, err, "answer")
		got, err := db.AnswerEscalation(reg, e1.ID, "Ja, drie maanden uitstel", "Corporatie schort ontruiming op")
		hhMust(t, err)
		if got.Status != kluwen.EscalationAnswered || got.AnsweredAt == nil || got.Decision != "Corporatie schort ontruiming op" {
			t.Errorf("answered %+v", got)
		}
		_, err = db.AnswerEscalation(reg, e1.ID, "Nog eens", "")
		hhWantFields(t, err, "status")
		_, err = db.CloseEscalation(reg, e1.ID, "")
		hhWantFields(t, err, "outcome")
		_, err = db.CloseEscalation(hhAs(w.owner), e1.ID, "Klaar")
		hhWantCode(t, err, kluwen.EFORBIDDEN)

		ids := func(es []*kluwen.Escalation) []int64 {
			var out []int64
			for _, e := range es {
				out = append(out, e.ID)
			}
			return out
		}
		open, err := db.FindEscalations(reg, kluwen.EscalationFilter{Open: true})
		hhMust(t, err)
		if !slices.Equal(ids(open), []int64{e1.ID, e2.ID}) {
			t.Errorf("start page %v", ids(open))
		}
		got, err = db.CloseEscalation(reg, e1.ID, "Gezin woont er nog; schulden onder bewind")
		hhMust(t, err)
		if got.Status != kluwen.EscalationClosed || got.ClosedAt == nil {
			t.Errorf("closed %+v", got)
		}
		_, err = db.CloseEscalation(reg, e1.ID, "Nog eens")
		hhWantFields(t, err, "status")
		open, err = db.FindEscalations(reg, kluwen.EscalationFilter{Open: true})
		hhMust(t, err)
		if !slices.Equal(ids(open), []int64{e2.ID}) {
			t.Errorf("start page after closing %v", ids(open))
		}
		// Only the case's own regisseur has it on their start page.
		if es, err := db.FindEscalations(hhAs(w.sameOrg), kluwen.EscalationFilter{Open: true}); err != nil || len(es) != 0 {
			t.Errorf("same-org regisseur's start page %v %v", ids(es), err)
		}
		_, err = db.FindEscalations(hhAs(w.analyst), kluwen.EscalationFilter{})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		// Readers of the case read them all.
		all, err := db.FindEscalations(hhAs(w.otherPartner), kluwen.EscalationFilter{CaseID: &w.caseID})
		hhMust(t, err)
		if !slices.Equal(ids(all), []int64{e1.ID, e2.ID}) {
			t.Errorf("case escalations %v", ids(all))
		}
		_, err = db.FindEscalations(hhAs(w.ended), kluwen.EscalationFilter{CaseID: &w.caseID})
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// Closed case: read-only, off the start page.
		for _, g := range []int64{w.goal, w.debtGoal} {
			_, err := db.UpdateGoal(reg, g, kluwen.GoalUpdate{Status: hhPtr(kluwen.GoalNotAchieved), Evaluation: hhPtr("Niet gelukt")})
			hhMust(t, err)
		}
		_, err = db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Verhuisd naar een andere gemeente")
		hhMust(t, err)
		_, err = db.AnswerEscalation(reg, e2.ID, "Te laat", "")
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		hhWantCode(t, db.CreateEscalation(reg, &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelSteeringGroup, Question: "?"}), kluwen.EFORBIDDEN)
		if es, err := db.FindEscalations(reg, kluwen.EscalationFilter{Open: true}); err != nil || len(es) != 0 {
			t.Errorf("start page lists a closed case: %v %v", ids(es), err)
		}
	})
}
