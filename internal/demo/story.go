package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kluwen/kluwen"
)

// The story: every call in the life of the cases (opening, partners, status
// changes) and of their case work, written in the order of the story's days,
// so that with a Clock the store's own times only move forward. The case's
// coordination (plan, conferences, deviations, escalations) is done as its
// regisseur, the work on an action as its owner while their organisation takes
// part; signals and assessments come in as the system on behalf of the
// partner, as an import or the API would bring them.

type evKind int

// Event kinds, in the order they are written on one instant.
const (
	evOpen evKind = iota
	evInvolve
	evSignal
	evAssess
	evGoal
	evAction
	evSchedule
	evHeld
	evDecision
	evActionStep
	evGoalEval
	evMaatwerk
	evMaatwerkOutcome
	evEscalate
	evAnswer
	evCloseEscalation
	evStatus
	evMarkRead
)

// storyEvent is one event of the story: one service call, or a few for a
// conference held.
type storyEvent struct {
	at   time.Time // the instant it wants: 08:00 on its day, or the end of a conference
	kind evKind
	c    int // case index; -1 for none
	i, j int // indices within the case, for a stable order
	k    int // step index

	sig  *signalPlan
	as   *assessPlan
	g    *goalPlan
	a    *actionPlan
	cf   *confPlan
	d    *decisionPlan
	m    *maatwerkPlan
	e    *escalationPlan
	user string
}

// calls is the number of service calls the event makes.
func (e *storyEvent) calls() int {
	if e.kind == evHeld {
		return 2 + len(e.cf.decisions)
	}
	return 1
}

func office(d time.Time) time.Time { return d.Add(8 * time.Hour) }

// events lists the story's events in the order they are written.
func (wr *writer) events() []storyEvent {
	if wr.evs != nil {
		return wr.evs
	}
	var evs []storyEvent
	add := func(e storyEvent) { evs = append(evs, e) }
	for ci, c := range wr.w.cases {
		add(storyEvent{at: office(c.opened), kind: evOpen, c: ci})
		for i := range c.involved {
			add(storyEvent{at: office(c.involved[i].from), kind: evInvolve, c: ci, i: i})
		}
		for i := range c.steps {
			add(storyEvent{at: office(c.steps[i].at), kind: evStatus, c: ci, i: i})
		}
		cw := c.work
		if cw == nil {
			continue
		}
		for i, s := range cw.signals {
			add(storyEvent{at: office(s.date), kind: evSignal, c: ci, i: i, sig: s})
		}
		for i, a := range cw.assessments {
			add(storyEvent{at: office(a.date), kind: evAssess, c: ci, i: i, as: a})
		}
		for i, g := range cw.goals {
			add(storyEvent{at: office(g.made), kind: evGoal, c: ci, i: i, g: g})
			if g.eval != nil {
				add(storyEvent{at: office(g.eval.at), kind: evGoalEval, c: ci, i: i, g: g})
			}
			for j, a := range g.actions {
				if a.decision == nil {
					add(storyEvent{at: office(a.made), kind: evAction, c: ci, i: i, j: j, a: a})
				}
				for k, st := range a.steps {
					add(storyEvent{at: office(st.at), kind: evActionStep, c: ci, i: i, j: j, k: k, a: a})
				}
			}
		}
		for i, cf := range cw.conferences {
			add(storyEvent{at: office(cf.scheduled), kind: evSchedule, c: ci, i: i, cf: cf})
			if cf.held() {
				add(storyEvent{at: cf.starts.Add(time.Duration(cf.minutes+5) * time.Minute), kind: evHeld, c: ci, i: i, cf: cf})
			}
			for j, d := range cf.decisions {
				if d.outcome != decisionOpen {
					add(storyEvent{at: office(d.at), kind: evDecision, c: ci, i: i, j: j, cf: cf, d: d})
				}
			}
		}
		for i, m := range cw.maatwerk {
			add(storyEvent{at: office(m.decided), kind: evMaatwerk, c: ci, i: i, m: m})
			if !m.outcomeAt.IsZero() {
				add(storyEvent{at: office(m.outcomeAt), kind: evMaatwerkOutcome, c: ci, i: i, m: m})
			}
		}
		for i, e := range cw.escalations {
			add(storyEvent{at: office(e.at), kind: evEscalate, c: ci, i: i, e: e})
			if !e.answerAt.IsZero() {
				add(storyEvent{at: office(e.answerAt), kind: evAnswer, c: ci, i: i, e: e})
			}
			if !e.closeAt.IsZero() {
				add(storyEvent{at: office(e.closeAt), kind: evCloseEscalation, c: ci, i: i, e: e})
			}
		}
	}
	// Three weeks before the end of the story every user has read what came in
	// until then; what came after waits for them.
	for i, u := range users {
		if u.role == kluwen.RoleRegisseur || u.role == kluwen.RoleProfessional {
			add(storyEvent{at: office(ReferenceDate().AddDate(0, 0, -21)), kind: evMarkRead, c: -1, i: i, user: u.username})
		}
	}
	slices.SortStableFunc(evs, func(a, b storyEvent) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.kind, b.kind), cmp.Compare(a.c, b.c), cmp.Compare(a.i, b.i), cmp.Compare(a.j, b.j), cmp.Compare(a.k, b.k))
	})
	wr.evs = evs
	return evs
}

// shift moves a date after the end of the story (an action due ahead, a
// conference to come) along to Options.Today.
func (wr *writer) shift(t time.Time) time.Time {
	if !t.After(ReferenceDate()) {
		return t
	}
	return t.AddDate(0, 0, days(ReferenceDate(), wr.opt.Today))
}

// as returns the context of a demo user.
func (wr *writer) as(ctx context.Context, username string) context.Context {
	if c, ok := wr.userCtx[username]; ok {
		return c
	}
	i := slices.IndexFunc(users, func(u userSpec) bool { return u.username == username })
	u := users[i]
	c := kluwen.NewContextWithActor(ctx, &kluwen.Actor{UserID: wr.userIDs[username], Username: username, OrganisationID: wr.orgIDs[u.org],
		Role: u.role, ClientAddr: "cli", Purpose: Purpose})
	wr.userCtx[username] = c
	return c
}

func (wr *writer) story(ctx context.Context) error {
	wr.caseIDs = make([]int64, len(wr.w.cases))
	wr.userCtx = map[string]context.Context{}
	wr.ids = map[any]int64{}
	var last time.Time
	for _, e := range wr.events() {
		// The store's clock: the event's own time, or a minute after the one
		// before.
		now := e.at
		if !now.After(last) {
			now = last.Add(time.Minute)
		}
		last = now
		wr.opt.Clock.set(now)
		if err := wr.write(ctx, &e); err != nil {
			return err
		}
		for n := e.calls(); n > 0; n-- {
			wr.step("casussen")
		}
	}
	return nil
}

func (wr *writer) personID(p *person) *int64 {
	if p == nil {
		return nil
	}
	id := wr.personIDs[p.idx]
	return &id
}

func (wr *writer) write(ctx context.Context, e *storyEvent) error {
	var c *casePlan
	var caseID int64
	var reg context.Context
	if e.c >= 0 {
		c = wr.w.cases[e.c]
		caseID = wr.caseIDs[e.c]
		reg = wr.as(ctx, c.regisseur)
	}
	svc, res := wr.svc, wr.res
	switch e.kind {
	case evOpen:
		kc := &kluwen.Case{HouseholdID: wr.hhIDs[c.hh.idx], Title: c.title, RegisseurID: wr.userIDs[c.regisseur], OpenedAt: c.opened}
		if err := svc.Cases.CreateCase(ctx, kc); err != nil {
			return fmt.Errorf("demo: case on household %d: %w", c.hh.idx, err)
		}
		wr.caseIDs[e.c] = kc.ID
		if c.closed() {
			res.ClosedCases++
		} else {
			res.OpenCases++
		}
		if c.busy {
			res.BusyHouseholdID, res.BusyCaseID = kc.HouseholdID, kc.ID
		}
	case evInvolve:
		iv := c.involved[e.i]
		ki := &kluwen.Involvement{CaseID: caseID, OrganisationID: wr.orgIDs[iv.org], From: iv.from, LegalBasis: iv.basis, Note: iv.note}
		if !iv.to.IsZero() {
			to := iv.to
			ki.To = &to
		}
		if iv.contact != "" {
			id := wr.userIDs[iv.contact]
			ki.ContactUserID = &id
		}
		if err := svc.Cases.AddInvolvement(ctx, ki); err != nil {
			return fmt.Errorf("demo: involvement of %q in case %d: %w", organisations[iv.org].name, caseID, err)
		}
		res.Involvements++
	case evStatus:
		s := c.steps[e.i]
		if _, err := svc.Cases.ChangeCaseStatus(ctx, caseID, s.to, s.reason); err != nil {
			return fmt.Errorf("demo: case %d to %s: %w", caseID, s.to, err)
		}
		res.StatusChanges++
	case evSignal:
		s := e.sig
		ks := &kluwen.Signal{HouseholdID: wr.hhIDs[c.hh.idx], PersonID: wr.personID(s.person), TypeCode: s.typ, Date: s.date,
			OrganisationID: wr.orgIDs[s.org], Severity: s.severity, Description: s.text, Confidentiality: confidentiality(s.conf)}
		if err := svc.Signals.CreateSignal(ctx, ks); err != nil {
			return fmt.Errorf("demo: signal %s on household %d: %w", s.typ, c.hh.idx, err)
		}
		res.Signals++
	case evAssess:
		if err := svc.Assessments.CreateAssessment(ctx, wr.assessment(c, e.as)); err != nil {
			return fmt.Errorf("demo: assessment in household %d: %w", c.hh.idx, err)
		}
		res.Assessments++
	case evGoal:
		g := e.g
		kg := &kluwen.Goal{CaseID: caseID, Domain: g.domain, Description: g.text, TargetDate: wr.shift(g.target), Confidentiality: confidentiality(g.conf)}
		for _, p := range g.persons {
			kg.PersonIDs = append(kg.PersonIDs, wr.personIDs[p.idx])
		}
		if err := svc.Plan.CreateGoal(reg, kg); err != nil {
			return fmt.Errorf("demo: goal in case %d: %w", caseID, err)
		}
		wr.ids[g] = kg.ID
		res.Goals++
	case evGoalEval:
		g := e.g
		if _, err := svc.Plan.UpdateGoal(reg, wr.ids[g], kluwen.GoalUpdate{Status: &g.eval.status, Evaluation: &g.eval.text}); err != nil {
			return fmt.Errorf("demo: evaluation of goal %d: %w", wr.ids[g], err)
		}
	case evAction:
		ka := wr.action(e.a)
		if err := svc.Plan.CreateAction(reg, ka); err != nil {
			return fmt.Errorf("demo: action for %s in case %d: %w", e.a.owner, caseID, err)
		}
		wr.ids[e.a] = ka.ID
		res.Actions++
	case evActionStep:
		st := e.a.steps[e.k]
		if _, err := svc.Plan.UpdateAction(wr.as(ctx, st.by), wr.ids[e.a], kluwen.ActionUpdate{Status: &st.status}); err != nil {
			return fmt.Errorf("demo: action %d to %s by %s: %w", wr.ids[e.a], st.status, st.by, err)
		}
	case evSchedule:
		cf := e.cf
		kc := &kluwen.Conference{CaseID: caseID, StartsAt: wr.shift(cf.starts), DurationMinutes: cf.minutes, Location: cf.location, VideoURL: cf.video,
			Agenda: cf.agenda}
		for _, iv := range cf.invitees {
			ki := &kluwen.ConferenceInvitee{OrganisationID: wr.orgIDs[iv.org]}
			if iv.user != "" {
				id := wr.userIDs[iv.user]
				ki.UserID = &id
			}
			kc.Invitees = append(kc.Invitees, ki)
		}
		if err := svc.Conferences.ScheduleConference(reg, kc); err != nil {
			return fmt.Errorf("demo: conference in case %d: %w", caseID, err)
		}
		wr.ids[cf] = kc.ID
		res.Conferences++
	case evHeld:
		cf, id := e.cf, wr.ids[e.cf]
		var present []int64
		for _, u := range cf.present {
			present = append(present, wr.userIDs[u])
		}
		if _, err := svc.Conferences.SetAttendance(reg, id, present); err != nil {
			return fmt.Errorf("demo: attendance of conference %d: %w", id, err)
		}
		if _, err := svc.Conferences.SetMinutes(reg, id, cf.report); err != nil {
			return fmt.Errorf("demo: minutes of conference %d: %w", id, err)
		}
		for _, d := range cf.decisions {
			kd := &kluwen.Decision{ConferenceID: id, Text: d.text}
			if err := svc.Conferences.AddDecision(reg, kd); err != nil {
				return fmt.Errorf("demo: decision of conference %d: %w", id, err)
			}
			wr.ids[d] = kd.ID
			res.Decisions++
		}
	case evDecision:
		d := e.d
		switch d.outcome {
		case decisionAction:
			ka := wr.action(d.action)
			if err := svc.Conferences.DecisionToAction(reg, wr.ids[d], ka); err != nil {
				return fmt.Errorf("demo: decision %d to an action for %s: %w", wr.ids[d], d.action.owner, err)
			}
			wr.ids[d.action] = ka.ID
			res.Actions++
		case decisionDone:
			if _, err := svc.Conferences.CompleteDecision(reg, wr.ids[d]); err != nil {
				return fmt.Errorf("demo: decision %d done: %w", wr.ids[d], err)
			}
		}
	case evMaatwerk:
		m := e.m
		km := &kluwen.Maatwerk{CaseID: caseID, Rule: m.rule, Reason: m.reason, Domain: m.domain, ExpectedEffect: m.effect, CostCents: m.costCents,
			ApprovedByName: m.approverName, ApprovedByRole: m.approverRole, DecidedOn: m.decided}
		if err := svc.Maatwerk.CreateMaatwerk(reg, km); err != nil {
			return fmt.Errorf("demo: deviation in case %d: %w", caseID, err)
		}
		wr.ids[m] = km.ID
		res.Maatwerk++
	case evMaatwerkOutcome:
		m := e.m
		if _, err := svc.Maatwerk.RecordMaatwerkOutcome(reg, wr.ids[m], kluwen.MaatwerkOutcome{Outcome: m.outcome, Result: m.outcomeResult, On: m.outcomeAt}); err != nil {
			return fmt.Errorf("demo: outcome of deviation %d: %w", wr.ids[m], err)
		}
	case evEscalate:
		ke := &kluwen.Escalation{CaseID: caseID, Level: e.e.level, Question: e.e.question}
		if err := svc.Escalations.CreateEscalation(reg, ke); err != nil {
			return fmt.Errorf("demo: escalation in case %d: %w", caseID, err)
		}
		wr.ids[e.e] = ke.ID
		res.Escalations++
	case evAnswer:
		if _, err := svc.Escalations.AnswerEscalation(reg, wr.ids[e.e], e.e.answer, e.e.decision); err != nil {
			return fmt.Errorf("demo: answer to escalation %d: %w", wr.ids[e.e], err)
		}
	case evCloseEscalation:
		if _, err := svc.Escalations.CloseEscalation(reg, wr.ids[e.e], e.e.outcome); err != nil {
			return fmt.Errorf("demo: closing escalation %d: %w", wr.ids[e.e], err)
		}
	case evMarkRead:
		if err := svc.Notifications.MarkAllNotificationsRead(wr.as(ctx, e.user)); err != nil {
			return fmt.Errorf("demo: notifications of %s read: %w", e.user, err)
		}
	}
	return nil
}

func confidentiality(conf bool) kluwen.Confidentiality {
	if conf {
		return kluwen.Confidential
	}
	return kluwen.Normal
}

// assessment is the planned assessment as the services take it.
func (wr *writer) assessment(c *casePlan, a *assessPlan) *kluwen.Assessment {
	ka := &kluwen.Assessment{HouseholdID: wr.hhIDs[c.hh.idx], PersonID: wr.personIDs[a.person.idx], Date: a.date, OrganisationID: wr.orgIDs[a.org], Note: a.note}
	for di, s := range a.scores {
		if s != 0 {
			ka.Scores = append(ka.Scores, &kluwen.AssessmentScore{DomainCode: kluwen.LifeDomain(di + 1).Code(), Score: s})
		}
	}
	return ka
}

// action is the planned action as the services take it.
func (wr *writer) action(a *actionPlan) *kluwen.Action {
	return &kluwen.Action{GoalID: wr.ids[a.goal], Description: a.text, OrganisationID: wr.orgIDs[a.org], OwnerUserID: wr.userIDs[a.owner],
		Kind: a.kind, DueDate: wr.shift(a.due), Confidentiality: confidentiality(a.conf)}
}
