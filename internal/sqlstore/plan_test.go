package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// planWorld is the matrix world with the debt-relief organisation involved too,
// so that there is a partner that owns an action (the police) and one that does
// not (debt relief), and a recording notifier. Roles:
//
//	coordinator    the case's regisseur (gemeente A)
//	same-org       another regisseur of gemeente A
//	owner          a professional of the police, owner of the police action
//	other-partner  a professional of debt relief, involved but not the owner
//	ended          a professional of the housing corporation, involvement ended
//	other-org      a regisseur of gemeente B, not involved
//	analyst, admin
type planWorld struct {
	*matrixWorld
	notes                  *recordingNotifier
	coordinator, sameOrg   *kluwen.Actor
	owner, otherPartner    *kluwen.Actor
	ended, otherOrg        *kluwen.Actor
	analyst, admin         *kluwen.Actor
	goal, action, debtGoal int64 // a goal with a police action; a goal with a debt action
	debtAction             int64
}

var planRoles = []string{"coordinator", "same-org", "owner", "other-partner", "ended", "other-org", "analyst", "admin"}

func (w *planWorld) actor(role string) *kluwen.Actor {
	return map[string]*kluwen.Actor{
		"coordinator": w.coordinator, "same-org": w.sameOrg, "owner": w.owner, "other-partner": w.otherPartner,
		"ended": w.ended, "other-org": w.otherOrg, "analyst": w.analyst, "admin": w.admin,
	}[role]
}

// recordingNotifier keeps every notification.
type recordingNotifier struct {
	mu   sync.Mutex
	sent []sentNotification
}

type sentNotification struct {
	UserID           int64
	Kind, Text, Link string
}

func (r *recordingNotifier) Notify(ctx context.Context, tx *sqlstore.Tx, userID int64, kind, text, link string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, sentNotification{userID, kind, text, link})
	return nil
}

func (r *recordingNotifier) take() []sentNotification {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.sent
	r.sent = nil
	return out
}

func newPlanWorld(t *testing.T, db *sqlstore.DB) *planWorld {
	t.Helper()
	w := &planWorld{matrixWorld: newMatrixWorld(t, db), notes: &recordingNotifier{}}
	db.SetNotifier(w.notes)
	w.coordinator = w.actors["regisseur-of-case"]
	w.sameOrg = w.actors["regisseur-same-org"]
	w.owner = w.actors["professional-involved"]
	w.otherPartner = w.actors["professional-uninvolved"]
	w.ended = w.actors["professional-ended"]
	w.otherOrg = w.actors["regisseur-other-org"]
	w.analyst = w.actors["analyst"]
	w.admin = w.actors["admin"]
	hhInvolve(t, db, w.caseID, w.debts, hhDays(-5), nil)
	w.goal = planGoal(t, db, w.caseID, kluwen.DomainJustitie, "Geen nieuwe politiecontacten in een half jaar", w.parent)
	w.action = planAction(t, db, w.goal, w.police, w.owner.UserID, kluwen.KindCoercion, hhDays(20))
	w.debtGoal = planGoal(t, db, w.caseID, kluwen.DomainFinancien, "Schulden stabiel: geen nieuwe achterstanden", w.parent, w.child)
	w.debtAction = planAction(t, db, w.debtGoal, w.debts, w.otherPartner.UserID, kluwen.KindCare, hhDays(10))
	w.notes.take()
	return w
}

// planGoal makes a goal as the system actor.
func planGoal(t *testing.T, db *sqlstore.DB, caseID int64, d kluwen.LifeDomain, desc string, persons ...int64) int64 {
	t.Helper()
	g := &kluwen.Goal{CaseID: caseID, Domain: d, Description: desc, TargetDate: hhDays(180), PersonIDs: persons}
	if err := db.CreateGoal(hhSys(), g); err != nil {
		t.Fatalf("create goal: %v", err)
	}
	return g.ID
}

// planAction assigns an action as the system actor.
func planAction(t *testing.T, db *sqlstore.DB, goal, org, user int64, kind kluwen.ActionKind, due time.Time) int64 {
	t.Helper()
	a := &kluwen.Action{GoalID: goal, Description: "Actie van " + itoa64(org), OrganisationID: org, OwnerUserID: user, Kind: kind, DueDate: due}
	if err := db.CreateAction(hhSys(), a); err != nil {
		t.Fatalf("create action: %v", err)
	}
	return a.ID
}

// planBackdate moves the creation of a row back by days, so that a goal seems
// made in the past (its actions may then be due in the past).
func planBackdate(t *testing.T, db *sqlstore.DB, table string, id int64, days int) {
	t.Helper()
	at := time.Now().UTC().AddDate(0, 0, -days)
	var arg any = at
	if db.Dialect() == sqlstore.SQLite {
		arg = at.Format("2006-01-02T15:04:05.000000Z")
	}
	if _, err := db.RawDB().Exec(db.Rebind(`UPDATE `+table+` SET created_at = ? WHERE id = ?`), arg, id); err != nil {
		t.Fatal(err)
	}
}

// planActionsTable runs f for each action in the plan.
func planActionIDs(p *kluwen.Plan) []int64 {
	var ids []int64
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

func planGoalIDs(p *kluwen.Plan) []int64 {
	var ids []int64
	for _, g := range p.Goals {
		ids = append(ids, g.ID)
	}
	return ids
}

// TestPlanPermissions is the matrix of the plan: who reads it, who makes and
// changes goals and actions, who works on an action, who prints it. Each cell
// also checks the access log as TestAccessMatrix does.
func TestPlanPermissions(t *testing.T) {
	type action struct {
		name   string
		expect string // per planRoles
		do     func(t *testing.T, w *planWorld, ctx context.Context) error
	}
	actions := []action{
		{"read plan", "ok ok ok ok nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.FindPlan(ctx, w.caseID)
			return err
		}},
		{"read history", "ok ok ok ok nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.FindPlanHistory(ctx, w.caseID)
			return err
		}},
		{"read balance", "ok ok ok ok nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.PlanBalance(ctx, w.caseID)
			return err
		}},
		{"create goal", "ok ok fb fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			return w.db.CreateGoal(ctx, &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainHuisvesting, Description: "Vaste woonplek", TargetDate: hhDays(90)})
		}},
		{"update goal", "ok ok fb fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.UpdateGoal(ctx, w.goal, kluwen.GoalUpdate{TargetDate: hhPtr(hhDays(200))})
			return err
		}},
		{"assign action to any partner", "ok ok fb fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			return w.db.CreateAction(ctx, &kluwen.Action{GoalID: w.debtGoal, Description: "Gesprek", OrganisationID: w.debts, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindPrevention, DueDate: hhDays(3)})
		}},
		{"move status of police action", "ok ok ok fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			a, err := w.db.UpdateAction(hhSys(), w.action, kluwen.ActionUpdate{})
			if err != nil {
				t.Fatal(err)
			}
			next := a.Status.NextStatuses()[0]
			_, err = w.db.UpdateAction(ctx, w.action, kluwen.ActionUpdate{Status: &next})
			return err
		}},
		{"change due date of police action", "ok ok fb fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.UpdateAction(ctx, w.action, kluwen.ActionUpdate{DueDate: hhPtr(hhDays(25))})
			return err
		}},
		{"note on police action", "ok ok ok fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			return w.db.AddProgressNote(ctx, &kluwen.ProgressNote{ActionID: &w.action, Text: "Huisbezoek gedaan"})
		}},
		{"note on goal of police action", "ok ok ok fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			return w.db.AddProgressNote(ctx, &kluwen.ProgressNote{GoalID: w.goal, Text: "Gaat de goede kant op"})
		}},
		{"print family plan", "ok ok fb fb nf nf nf nf", func(t *testing.T, w *planWorld, ctx context.Context) error {
			_, err := w.db.FamilyPlan(ctx, w.caseID)
			return err
		}},
	}
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		for _, act := range actions {
			expect := strings.Fields(act.expect)
			if len(expect) != len(planRoles) {
				t.Fatalf("%s: %d outcomes for %d roles", act.name, len(expect), len(planRoles))
			}
			for i, role := range planRoles {
				t.Run(act.name+"/"+role, func(t *testing.T) {
					a := w.actor(role)
					head := hhLogHead(t, db)
					err := act.do(t, w, hhAs(a))
					if got := outcomeOf(true, err); got != expect[i] {
						t.Fatalf("%s as %s = %s (%v); want %s", act.name, role, got, err, expect[i])
					}
					var success, refused int
					for _, e := range hhLogSince(t, db, head) {
						if e.UserID != a.UserID {
							continue
						}
						switch e.Outcome {
						case "success":
							success++
							if !strings.Contains(e.Objects, "case:"+itoa64(w.caseID)) || !strings.Contains(e.Objects, "household:"+itoa64(w.household)) {
								t.Errorf("entry %s names %q; want the case and the household", e.EventType, e.Objects)
							}
						case "refused":
							refused++
						}
					}
					if expect[i] == mOK && (success == 0 || refused != 0) {
						t.Errorf("access log after allowed %s: %d success, %d refused", act.name, success, refused)
					}
					if expect[i] != mOK && (refused == 0 || success != 0) {
						t.Errorf("access log after refused %s: %d success, %d refused", act.name, success, refused)
					}
				})
			}
		}
	})
}

// TestPlanConfidential: a confidential action is seen by its owner and the
// coordinators only; a confidential goal by the coordinators and the owners of
// the actions under it; the family plan has neither.
func TestPlanConfidential(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		conf := kluwen.Confidential
		// The police action becomes confidential.
		_, err := db.UpdateAction(hhAs(w.coordinator), w.action, kluwen.ActionUpdate{Confidentiality: &conf})
		hhMust(t, err)
		// A confidential goal with a debt-relief action under it.
		secret := &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainGeestelijkeGezondheid, Description: "Behandeling bij de GGZ volhouden", TargetDate: hhDays(120), Confidentiality: conf, PersonIDs: []int64{w.parent}}
		hhMust(t, db.CreateGoal(hhAs(w.coordinator), secret))
		debtUnder := &kluwen.Action{GoalID: secret.ID, Description: "Budgetcoach", OrganisationID: w.debts, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(30)}
		hhMust(t, db.CreateAction(hhAs(w.coordinator), debtUnder))

		for _, tc := range []struct {
			who     *kluwen.Actor
			goals   []int64
			actions []int64
		}{
			{w.coordinator, []int64{w.debtGoal, secret.ID, w.goal}, []int64{w.debtAction, debtUnder.ID, w.action}},
			{w.sameOrg, []int64{w.debtGoal, secret.ID, w.goal}, []int64{w.debtAction, debtUnder.ID, w.action}},
			{w.owner, []int64{w.debtGoal, w.goal}, []int64{w.debtAction, w.action}},
			{w.otherPartner, []int64{w.debtGoal, secret.ID, w.goal}, []int64{w.debtAction, debtUnder.ID}},
		} {
			p, err := db.FindPlan(hhAs(tc.who), w.caseID)
			hhMust(t, err)
			if got := planGoalIDs(p); !slices.Equal(got, tc.goals) {
				t.Errorf("%s sees goals %v; want %v", tc.who.Username, got, tc.goals)
			}
			if got := planActionIDs(p); !slices.Equal(got, tc.actions) {
				t.Errorf("%s sees actions %v; want %v", tc.who.Username, got, tc.actions)
			}
			// The history follows what they see.
			hist, err := db.FindPlanHistory(hhAs(tc.who), w.caseID)
			hhMust(t, err)
			for _, v := range hist {
				if v.ActionID != nil && !slices.Contains(tc.actions, *v.ActionID) || v.ActionID == nil && !slices.Contains(tc.goals, v.GoalID) {
					t.Errorf("%s sees a version of a hidden item: %+v", tc.who.Username, v)
				}
			}
		}
		// The police may not touch the hidden goal, nor learn it exists.
		hhWantCode(t, db.AddProgressNote(hhAs(w.owner), &kluwen.ProgressNote{GoalID: secret.ID, Text: "?"}), kluwen.ENOTFOUND)
		// Debt relief may not touch the confidential police action.
		busy := kluwen.ActionBusy
		_, err = db.UpdateAction(hhAs(w.otherPartner), w.action, kluwen.ActionUpdate{Status: &busy})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		// The balance counts only what the actor sees.
		b, err := db.PlanBalance(hhAs(w.owner), w.caseID)
		hhMust(t, err)
		if b.All != 2 {
			t.Errorf("police balance counts %d actions; want 2", b.All)
		}

		head := hhLogHead(t, db)
		fp, err := db.FamilyPlan(hhAs(w.coordinator), w.caseID)
		hhMust(t, err)
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "case.plan.print" || log[0].Action != "export" ||
			!strings.Contains(log[0].Objects, "person:"+itoa64(w.parent)) || !strings.Contains(log[0].Objects, "person:"+itoa64(w.child)) {
			t.Errorf("print logged as %+v", log)
		}
		var descs []string
		for _, g := range fp.Goals {
			descs = append(descs, g.Description)
			for _, a := range g.Actions {
				descs = append(descs, a.Description)
			}
		}
		want := []string{"Schulden stabiel: geen nieuwe achterstanden", "Actie van " + itoa64(w.debts), "Geen nieuwe politiecontacten in een half jaar"}
		if !slices.Equal(descs, want) {
			t.Errorf("family plan %q; want %q", descs, want)
		}
		if fp.Address != "Kluwenstraat 1, 1234 AB Kluwendam" || len(fp.Members) != 2 || fp.RegisseurName != "Test reg.case" || fp.OrganisationName != "Gemeente Kluwendam" {
			t.Errorf("family plan head %+v", fp)
		}
		if len(fp.Goals[0].Persons) != 2 || fp.Goals[0].Actions[0].Organisation != "Schuldhulp Noord" {
			t.Errorf("family goal %+v", fp.Goals[0])
		}
	})
}

// TestPlanVersions: every change of a goal or an action is kept, with who, what
// and when; a change that changes nothing is not a version.
func TestPlanVersions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		g := &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainHuisvesting, Description: "  Huurachterstand ingelopen  ", TargetDate: hhDays(60), PersonIDs: []int64{w.parent}}
		hhMust(t, db.CreateGoal(reg, g))
		if g.Description != "Huurachterstand ingelopen" || g.Status != kluwen.GoalOpen || g.Confidentiality != kluwen.Normal || g.OrganisationID != w.orgA {
			t.Fatalf("created %+v", g)
		}
		_, err := db.UpdateGoal(reg, g.ID, kluwen.GoalUpdate{Description: hhPtr("Huurachterstand volledig ingelopen"), PersonIDs: &[]int64{w.parent, w.child}})
		hhMust(t, err)
		_, err = db.UpdateGoal(reg, g.ID, kluwen.GoalUpdate{Description: hhPtr("Huurachterstand volledig ingelopen")}) // no change
		hhMust(t, err)
		a := &kluwen.Action{GoalID: g.ID, Description: "Betalingsregeling", OrganisationID: w.police, OwnerUserID: w.owner.UserID, Kind: kluwen.KindPrevention, DueDate: hhDays(14)}
		hhMust(t, db.CreateAction(reg, a))
		busy, done := kluwen.ActionBusy, kluwen.ActionDone
		_, err = db.UpdateAction(hhAs(w.owner), a.ID, kluwen.ActionUpdate{Status: &busy})
		hhMust(t, err)
		_, err = db.UpdateAction(hhAs(w.owner), a.ID, kluwen.ActionUpdate{Status: &done})
		hhMust(t, err)

		hist, err := db.FindPlanHistory(reg, w.caseID)
		hhMust(t, err)
		var mine []*kluwen.PlanVersion
		for _, v := range hist {
			if v.GoalID == g.ID {
				mine = append(mine, v)
			}
		}
		if len(mine) != 5 {
			t.Fatalf("%d versions; want 5: %+v", len(mine), mine)
		}
		type want struct {
			object  string
			version int
			user    int64
			fields  []string
		}
		for i, wv := range []want{
			{kluwen.PlanObjectGoal, 1, w.coordinator.UserID, []string{"domain", "personIds", "description", "targetDate", "status", "confidentiality"}},
			{kluwen.PlanObjectGoal, 2, w.coordinator.UserID, []string{"personIds", "description"}},
			{kluwen.PlanObjectAction, 1, w.coordinator.UserID, []string{"description", "organisationId", "ownerUserId", "kind", "dueDate", "status", "confidentiality"}},
			{kluwen.PlanObjectAction, 2, w.owner.UserID, []string{"status"}},
			{kluwen.PlanObjectAction, 3, w.owner.UserID, []string{"status"}},
		} {
			v := mine[i]
			var fields []string
			for _, c := range v.Changes {
				fields = append(fields, c.Field)
			}
			if v.Object != wv.object || v.Version != wv.version || v.UserID != wv.user || !slices.Equal(fields, wv.fields) || v.ChangedAt.IsZero() {
				t.Errorf("version %d = %+v %v; want %+v", i, v, fields, wv)
			}
		}
		if c := mine[1].Changes[0]; c.Before != itoa64(w.parent) || c.After != itoa64(min(w.parent, w.child))+","+itoa64(max(w.parent, w.child)) {
			t.Errorf("persons change %+v", c)
		}
		if c := mine[4].Changes[0]; c.Before != "bezig" || c.After != "gedaan" {
			t.Errorf("status change %+v", c)
		}
	})
}

// TestPlanDueActions: the owner's start page lists their pending actions that are
// overdue or due within seven days, not those of others, done ones, later ones,
// or those of closed cases.
func TestPlanDueActions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		planBackdate(t, db, "goals", w.goal, 30)
		mk := func(due int, owner *kluwen.Actor) int64 {
			return planAction(t, db, w.goal, owner.OrganisationID, owner.UserID, kluwen.KindCare, hhDays(due))
		}
		overdue := mk(-3, w.owner)
		overdueDone := mk(-2, w.owner)
		today := mk(0, w.owner)
		week := mk(7, w.owner)
		mk(8, w.owner)         // too far ahead
		mk(-1, w.otherPartner) // someone else's
		done := kluwen.ActionDone
		_, err := db.UpdateAction(hhSys(), overdueDone, kluwen.ActionUpdate{Status: &done})
		hhMust(t, err)
		// An overdue action on a closed case does not count, though the police are
		// still involved in it. (The case is on another household: H has its open
		// case, and a household has only one.)
		h2 := hhHousehold(t, db, w.orgA, "Noord")
		neighbour := hhPerson(t, db, w.orgA, "Buur")
		hhMember(t, db, h2, neighbour, hhDays(-100), nil)
		c2 := hhCase(t, db, h2, w.coordinator)
		hhInvolve(t, db, c2, w.police, hhDays(-5), nil)
		g2 := planGoal(t, db, c2, kluwen.DomainJustitie, "Afgesloten doel", neighbour)
		planBackdate(t, db, "goals", g2, 30)
		planAction(t, db, g2, w.police, w.owner.UserID, kluwen.KindCare, hhDays(-1))
		cancelled := kluwen.GoalCancelled
		_, err = db.UpdateGoal(hhSys(), g2, kluwen.GoalUpdate{Status: &cancelled, Evaluation: hhPtr("Niet meer nodig")})
		hhMust(t, err)
		_, err = db.ChangeCaseStatus(hhSys(), c2, kluwen.CaseAfgesloten, "Samengevoegd")
		hhMust(t, err)

		d, err := db.FindDueActions(hhAs(w.owner))
		hhMust(t, err)
		ids := func(as []*kluwen.Action) []int64 {
			var out []int64
			for _, a := range as {
				out = append(out, a.ID)
			}
			return out
		}
		if got := ids(d.Overdue); !slices.Equal(got, []int64{overdue}) {
			t.Errorf("overdue %v; want %v", got, []int64{overdue})
		}
		if got := ids(d.DueSoon); !slices.Equal(got, []int64{today, week}) {
			t.Errorf("due soon %v; want %v", got, []int64{today, week})
		}
		// Once the police involvement ends, the actions leave the start page.
		var iv int64
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT id FROM involvements WHERE case_id = ? AND organisation_id = ?`), w.caseID, w.police).Scan(&iv); err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateInvolvement(hhSys(), iv, kluwen.InvolvementUpdate{To: hhPtr(hhPtr(hhDays(-1)))})
		hhMust(t, err)
		d, err = db.FindDueActions(hhAs(w.owner))
		hhMust(t, err)
		if len(d.Overdue)+len(d.DueSoon) != 0 {
			t.Errorf("after the involvement ended: %v %v", ids(d.Overdue), ids(d.DueSoon))
		}
		_, err = db.FindDueActions(hhAs(w.analyst))
		hhWantCode(t, err, kluwen.EFORBIDDEN)
	})
}

// TestPlanBalance counts the kinds, open and all, with their shares.
func TestPlanBalance(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db) // one coercion (police), one care (debt relief)
		planAction(t, db, w.goal, w.police, w.owner.UserID, kluwen.KindPrevention, hhDays(5))
		p2 := planAction(t, db, w.goal, w.police, w.owner.UserID, kluwen.KindPrevention, hhDays(6))
		done := kluwen.ActionDone
		_, err := db.UpdateAction(hhSys(), p2, kluwen.ActionUpdate{Status: &done})
		hhMust(t, err)
		b, err := db.PlanBalance(hhAs(w.coordinator), w.caseID)
		hhMust(t, err)
		if b.All != 4 || b.Open != 3 || len(b.Kinds) != 3 {
			t.Fatalf("balance %+v", b)
		}
		for i, want := range []kluwen.KindBalance{
			{Kind: kluwen.KindPrevention, Open: 1, All: 2, OpenShare: 1.0 / 3, AllShare: 0.5},
			{Kind: kluwen.KindCare, Open: 1, All: 1, OpenShare: 1.0 / 3, AllShare: 0.25},
			{Kind: kluwen.KindCoercion, Open: 1, All: 1, OpenShare: 1.0 / 3, AllShare: 0.25},
		} {
			if b.Kinds[i] != want {
				t.Errorf("kind %d = %+v; want %+v", i, b.Kinds[i], want)
			}
		}
		empty := hhCase(t, db, hhHousehold(t, db, w.orgA, "Noord"), w.coordinator)
		b, err = db.PlanBalance(hhAs(w.coordinator), empty)
		hhMust(t, err)
		if b.All != 0 || b.Kinds[0].AllShare != 0 {
			t.Errorf("empty balance %+v", b)
		}
	})
}

// TestPlanBadInput: each bad input is EINVALID naming its fields, and nothing is
// written.
func TestPlanBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		stranger := hhPerson(t, db, w.orgA, "Buiten")
		planBackdate(t, db, "goals", w.goal, 10)
		counts := func() [4]int {
			return [4]int{hhCount(t, db, "goals"), hhCount(t, db, "actions"), hhCount(t, db, "plan_versions"), hhCount(t, db, "goal_persons")}
		}
		before := counts()
		head := hhLogHead(t, db)
		done, cancelled := kluwen.ActionDone, kluwen.ActionCancelled
		achieved := kluwen.GoalAchieved
		for _, tc := range []struct {
			name   string
			err    error
			fields []string
		}{
			{"goal without anything", db.CreateGoal(reg, &kluwen.Goal{CaseID: w.caseID}), []string{"domain", "description", "targetDate"}},
			{"goal with a target date in the past and a non-member", db.CreateGoal(reg, &kluwen.Goal{CaseID: w.caseID, Domain: 14, Description: "x", TargetDate: hhDays(-1), PersonIDs: []int64{w.parent, stranger}}),
				[]string{"domain", "targetDate", "personIds"}},
			{"action without an owner", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", Kind: kluwen.KindCare, DueDate: hhDays(3)}), []string{"organisationId"}},
			{"action without goal, kind or due date", db.CreateAction(reg, &kluwen.Action{Description: "Iets", OrganisationID: w.police}), []string{"goalId", "kind", "dueDate"}},
			{"action due before the goal was made", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", OrganisationID: w.police, OwnerUserID: w.owner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(-11)}), []string{"dueDate"}},
			{"action for a partner no longer involved", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", OrganisationID: w.housing, OwnerUserID: w.ended.UserID, Kind: kluwen.KindCare, DueDate: hhDays(3)}), []string{"organisationId"}},
			{"action for a partner without a user", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", OrganisationID: w.police, Kind: kluwen.KindCare, DueDate: hhDays(3)}), []string{"ownerUserId"}},
			{"action for a user of another partner", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", OrganisationID: w.police, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(3)}), []string{"ownerUserId"}},
			{"action for an analyst", db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "Iets", OrganisationID: w.orgA, OwnerUserID: w.analyst.UserID, Kind: kluwen.KindCare, DueDate: hhDays(3)}), []string{"ownerUserId"}},
			{"evaluation without text", func() error {
				_, err := db.UpdateGoal(reg, w.goal, kluwen.GoalUpdate{Status: &achieved})
				return err
			}(), []string{"evaluation"}},
			{"invalid action status change", func() error {
				_, err := db.UpdateAction(hhSys(), w.action, kluwen.ActionUpdate{Status: &done})
				hhMust(t, err)
				_, err = db.UpdateAction(hhAs(w.owner), w.action, kluwen.ActionUpdate{Status: &cancelled})
				return err
			}(), []string{"status"}},
			{"unknown action status", func() error {
				bad := kluwen.ActionStatus("klaar")
				_, err := db.UpdateAction(reg, w.debtAction, kluwen.ActionUpdate{Status: &bad})
				return err
			}(), []string{"status"}},
		} {
			t.Run(tc.name, func(t *testing.T) { hhWantFields(t, tc.err, tc.fields...) })
		}
		after := counts()
		after[2]-- // the one status change to gedaan that the case above made on purpose
		if after != before {
			t.Errorf("rows before %v, after %v: something was half-written", before, after)
		}
		for _, e := range hhLogSince(t, db, head) {
			if e.Outcome == "success" && e.UserID == w.coordinator.UserID {
				t.Errorf("a refused input was logged as a success: %+v", e)
			}
		}
		if kluwen.ErrorMessage(db.CreateGoal(reg, &kluwen.Goal{CaseID: w.caseID})) == "" {
			t.Error("no message")
		}
	})
}

// TestPlanClosing: a case closes only when every goal is evaluated, and is then
// read-only for the plan; the plan is still read and printed.
func TestPlanClosing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "")
		hhWantFields(t, err, "reason", "goals", "goals")
		for _, f := range kluwen.ErrorFields(err) {
			if f.Field == "goals" && !strings.Contains(f.Message, "Doel ") {
				t.Errorf("message %q does not name the goal", f.Message)
			}
		}
		achieved, cancelled := kluwen.GoalAchieved, kluwen.GoalCancelled
		_, err = db.UpdateGoal(reg, w.goal, kluwen.GoalUpdate{Status: &achieved, Evaluation: hhPtr("Geen incidenten meer")})
		hhMust(t, err)
		_, err = db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhWantFields(t, err, "goals")
		if !strings.Contains(kluwen.ErrorFields(err)[0].Message, "Doel "+itoa64(w.debtGoal)+" ") {
			t.Errorf("message %q; want goal %d", kluwen.ErrorFields(err)[0].Message, w.debtGoal)
		}
		// Reopening a goal makes it count again.
		open := kluwen.GoalOpen
		_, err = db.UpdateGoal(reg, w.goal, kluwen.GoalUpdate{Status: &open})
		hhMust(t, err)
		_, err = db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhWantFields(t, err, "goals", "goals")
		_, err = db.UpdateGoal(reg, w.goal, kluwen.GoalUpdate{Status: &achieved})
		hhMust(t, err) // the evaluation is still there
		_, err = db.UpdateGoal(reg, w.debtGoal, kluwen.GoalUpdate{Status: &cancelled, Evaluation: hhPtr("Overgedragen aan bewindvoering")})
		hhMust(t, err)
		_, err = db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhMust(t, err)

		// Read-only now, for everyone, with a clear message.
		busy := kluwen.ActionBusy
		for name, err := range map[string]error{
			"create goal": db.CreateGoal(reg, &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainHuisvesting, Description: "Nieuw", TargetDate: hhDays(9)}),
			"update goal": func() error {
				_, err := db.UpdateGoal(reg, w.goal, kluwen.GoalUpdate{Description: hhPtr("Anders")})
				return err
			}(),
			"create action": db.CreateAction(reg, &kluwen.Action{GoalID: w.goal, Description: "x", OrganisationID: w.orgA, OwnerUserID: w.coordinator.UserID, Kind: kluwen.KindCare, DueDate: hhDays(3)}),
			"owner moves status": func() error {
				_, err := db.UpdateAction(hhAs(w.owner), w.action, kluwen.ActionUpdate{Status: &busy})
				return err
			}(),
			"coordinator moves status": func() error {
				_, err := db.UpdateAction(reg, w.action, kluwen.ActionUpdate{Status: &busy})
				return err
			}(),
			"note": db.AddProgressNote(reg, &kluwen.ProgressNote{GoalID: w.goal, Text: "Nog iets"}),
		} {
			if kluwen.ErrorCode(err) != kluwen.EFORBIDDEN || !strings.Contains(kluwen.ErrorMessage(err), "afgesloten") {
				t.Errorf("%s on a closed case: %v; want EFORBIDDEN saying the case is closed", name, err)
			}
		}
		p, err := db.FindPlan(reg, w.caseID)
		hhMust(t, err)
		if !p.Closed || len(p.Goals) != 2 {
			t.Errorf("closed plan %+v", p)
		}
		_, err = db.FamilyPlan(reg, w.caseID)
		hhMust(t, err)
	})
}

// TestPlanNotifications: assigning an action tells its owner, without personal
// data; assigning to oneself tells no one.
func TestPlanNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		a := &kluwen.Action{GoalID: w.goal, Description: "Gesprek met de familie Testfamilie", OrganisationID: w.police, OwnerUserID: w.owner.UserID, Kind: kluwen.KindPrevention, DueDate: hhDays(4)}
		hhMust(t, db.CreateAction(reg, a))
		sent := w.notes.take()
		if len(sent) != 1 || sent[0].UserID != w.owner.UserID || sent[0].Kind != sqlstore.NotifyActionAssigned || strings.Contains(sent[0].Text, "Testfamilie") ||
			!strings.Contains(sent[0].Link, "/casussen/"+itoa64(w.caseID)) {
			t.Fatalf("sent %+v", sent)
		}
		// Handing it to debt relief tells their user.
		_, err := db.UpdateAction(reg, a.ID, kluwen.ActionUpdate{OrganisationID: &w.debts, OwnerUserID: &w.otherPartner.UserID})
		hhMust(t, err)
		if sent := w.notes.take(); len(sent) != 1 || sent[0].UserID != w.otherPartner.UserID {
			t.Errorf("after hand-over %+v", sent)
		}
		self := &kluwen.Action{GoalID: w.goal, Description: "Zelf", OrganisationID: w.orgA, OwnerUserID: w.coordinator.UserID, Kind: kluwen.KindCare, DueDate: hhDays(4)}
		hhMust(t, db.CreateAction(reg, self))
		if sent := w.notes.take(); len(sent) != 0 {
			t.Errorf("notified oneself: %+v", sent)
		}
	})
}

// TestPlanNotificationsInApp: without a notifier set, an assigned action becomes
// an in-app notification of its owner, in the same transaction.
func TestPlanNotificationsInApp(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		db.SetNotifier(nil)
		a := &kluwen.Action{GoalID: w.goal, Description: "Huisbezoek", OrganisationID: w.police, OwnerUserID: w.owner.UserID, Kind: kluwen.KindPrevention, DueDate: hhDays(4)}
		hhMust(t, db.CreateAction(hhAs(w.coordinator), a))
		got, err := db.FindNotifications(hhAs(w.owner), kluwen.NotificationFilter{})
		hhMust(t, err)
		if len(got) != 1 || got[0].Kind != kluwen.NotificationKind(sqlstore.NotifyActionAssigned) || !strings.Contains(got[0].Link, "/casussen/"+itoa64(w.caseID)) {
			t.Fatalf("owner's notifications: %+v", got)
		}
	})
}
