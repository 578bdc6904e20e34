package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kluwen/kluwen"
)

// A large town (more than BulkThreshold households, for the speed target of the
// household page) is written with a bulk loader instead of the services: the
// same planned town and case work, but the households, persons and everything
// after them in multi-row INSERTs in one transaction, with one access-log entry
// for the whole load. The organisations and users are still made through the
// services. What the bulk loader skips is what only real use needs: the
// need-to-know checks and an access-log entry per row, and the notifications of
// the story.

// BulkThreshold is the number of households above which Generate uses
// Options.Bulk, when it is set.
const BulkThreshold = 5000

// BulkLoader loads rows in one transaction; sqlstore's bulk loader does, through
// an adapter in internal/app.
type BulkLoader interface {
	// BulkLoad runs fn in one transaction; nothing is kept when it fails. Only
	// the system actor may.
	BulkLoad(ctx context.Context, fn func(Bulk) error) error
}

// Bulk is the transaction of a bulk load. Each method checks its row with the
// domain's Validate, buffers it and sets its ID.
type Bulk interface {
	Household(h *kluwen.Household) error
	Person(p *kluwen.Person) error
	Member(m *kluwen.Membership) error
	Relation(r *kluwen.Relation) error
	// Case adds a case with its History and Involvements.
	Case(c *kluwen.Case) error
	Signal(s *kluwen.Signal) error
	Assessment(a *kluwen.Assessment) error
	// Goal adds a goal as it was made, then the later changes of its status.
	Goal(g *kluwen.Goal, steps ...StatusStep) error
	// Action adds an action as it was made, then the later changes of its
	// status; its goal must have been added.
	Action(a *kluwen.Action, steps ...StatusStep) error
	// Conference adds a conference with its agenda, invitees, attendance and
	// Decisions.
	Conference(c *kluwen.Conference) error
	Maatwerk(m *kluwen.Maatwerk) error
	Escalation(e *kluwen.Escalation) error
}

// StatusStep is a later change of the status of a goal or an action in a bulk
// load: when, by whom, to what, and for a goal evaluated its evaluation.
type StatusStep struct {
	At         time.Time
	UserID     int64
	Status     string
	Evaluation string
}

// bulk writes the households and everything after them with the bulk loader.
func (wr *writer) bulk(ctx context.Context) error {
	// The cost imports that follow the load have their own share of the progress.
	span := wr.total - wr.costImports()
	wr.progress("huishoudens, personen en casussen (in één keer)", true)
	return wr.opt.Bulk.BulkLoad(ctx, func(b Bulk) error {
		if err := wr.bulkTown(b); err != nil {
			return err
		}
		wr.done = span - 1
		wr.progress("alles wordt weggeschreven", true)
		return nil
	})
}

func (wr *writer) bulkTown(b Bulk) error {
	wr.personIDs = make([]int64, len(wr.w.persons))
	wr.hhIDs = make([]int64, len(wr.w.households))
	wr.caseIDs = make([]int64, len(wr.w.cases))
	wr.ids = map[any]int64{}
	person := func(q *person) error {
		if wr.personIDs[q.idx] != 0 {
			return nil
		}
		p := &kluwen.Person{GivenName: q.given, FamilyNamePrefix: q.name.prefix, FamilyName: q.name.name, BirthDate: q.birth, BSN: q.bsn,
			RegisteredByOrgID: wr.orgIDs[q.regBy]}
		if err := b.Person(p); err != nil {
			return fmt.Errorf("demo: person %d: %w", q.idx, err)
		}
		wr.personIDs[q.idx] = p.ID
		wr.res.Persons++
		return nil
	}
	for i, h := range wr.w.households {
		hh := &kluwen.Household{Street: h.streetName(), HouseNumber: h.number, HouseNumberAddition: h.addition, Postcode: postcode(h.wijk, h.street, h.number),
			City: City, Wijk: wijken[h.wijk].name, RegisteredByOrgID: wr.orgIDs[h.regBy]}
		if err := b.Household(hh); err != nil {
			return fmt.Errorf("demo: household %d: %w", h.idx, err)
		}
		wr.hhIDs[h.idx] = hh.ID
		wr.res.Households++
		for _, m := range h.members {
			if err := person(m.person); err != nil {
				return err
			}
			ms := &kluwen.Membership{HouseholdID: hh.ID, PersonID: wr.personIDs[m.person.idx], From: m.from, Role: m.role}
			if !m.to.IsZero() {
				to := m.to
				ms.To = &to
			}
			if err := b.Member(ms); err != nil {
				return fmt.Errorf("demo: membership of person %d in household %d: %w", m.person.idx, h.idx, err)
			}
			wr.res.Memberships++
		}
		if i%1000 == 0 {
			wr.done = wr.total/2 + i*wr.total/(4*len(wr.w.households))
			wr.progress("huishoudens en personen (in één keer)", true)
		}
	}
	for _, q := range wr.w.persons {
		if err := person(q); err != nil {
			return err
		}
	}
	for _, r := range wr.w.relations {
		if err := b.Relation(&kluwen.Relation{PersonID: wr.personIDs[r.a.idx], RelatedPersonID: wr.personIDs[r.b.idx], Kind: r.kind}); err != nil {
			return fmt.Errorf("demo: relation between persons %d and %d: %w", r.a.idx, r.b.idx, err)
		}
		wr.res.Relations++
	}
	for ci, c := range wr.w.cases {
		if err := wr.bulkCase(b, ci, c); err != nil {
			return err
		}
		if ci%200 == 0 {
			wr.done = wr.total*3/4 + ci*wr.total/(4*len(wr.w.cases))
			wr.progress("casussen (in één keer)", true)
		}
	}
	return nil
}

// bulkCase adds a case with its history, partners and case work.
func (wr *writer) bulkCase(b Bulk, ci int, c *casePlan) error {
	res := wr.res
	reg := wr.userIDs[c.regisseur]
	kc := &kluwen.Case{HouseholdID: wr.hhIDs[c.hh.idx], Title: c.title, Status: c.status(), RegisseurID: reg, OrganisationID: wr.orgIDs[c.owner],
		OpenedAt: office(c.opened), CreatedAt: office(c.opened)}
	kc.History = append(kc.History, &kluwen.CaseStatusChange{To: kluwen.CaseAanmelding, Reason: "Aangemeld", ChangedAt: kc.OpenedAt})
	prev := kluwen.CaseAanmelding
	for _, s := range c.steps {
		kc.History = append(kc.History, &kluwen.CaseStatusChange{From: prev, To: s.to, Reason: s.reason, ChangedAt: office(s.at)})
		prev = s.to
	}
	kc.UpdatedAt = kc.History[len(kc.History)-1].ChangedAt
	if c.closed() {
		closed := kc.UpdatedAt
		kc.ClosedAt = &closed
	}
	for _, iv := range c.involved {
		ki := &kluwen.Involvement{OrganisationID: wr.orgIDs[iv.org], From: iv.from, LegalBasis: iv.basis, Note: iv.note}
		if !iv.to.IsZero() {
			to := iv.to
			ki.To = &to
		}
		if iv.contact != "" {
			id := wr.userIDs[iv.contact]
			ki.ContactUserID = &id
		}
		kc.Involvements = append(kc.Involvements, ki)
	}
	if err := b.Case(kc); err != nil {
		return fmt.Errorf("demo: case on household %d: %w", c.hh.idx, err)
	}
	wr.caseIDs[ci] = kc.ID
	res.Involvements += len(kc.Involvements)
	res.StatusChanges += len(c.steps)
	if c.closed() {
		res.ClosedCases++
	} else {
		res.OpenCases++
	}
	if c.busy {
		res.BusyHouseholdID, res.BusyCaseID = kc.HouseholdID, kc.ID
	}
	cw := c.work
	for _, s := range cw.signals {
		ks := &kluwen.Signal{HouseholdID: kc.HouseholdID, PersonID: wr.personID(s.person), TypeCode: s.typ, Date: s.date, OrganisationID: wr.orgIDs[s.org],
			Severity: s.severity, Description: s.text, Confidentiality: confidentiality(s.conf), CreatedAt: office(s.date)}
		if err := b.Signal(ks); err != nil {
			return fmt.Errorf("demo: signal on household %d: %w", c.hh.idx, err)
		}
		res.Signals++
	}
	for _, a := range cw.assessments {
		ka := wr.assessment(c, a)
		ka.CreatedAt = office(a.date)
		if err := b.Assessment(ka); err != nil {
			return fmt.Errorf("demo: assessment in household %d: %w", c.hh.idx, err)
		}
		res.Assessments++
	}
	// Conferences first: an action may come from one of their decisions.
	for _, cf := range cw.conferences {
		kcf := &kluwen.Conference{CaseID: kc.ID, StartsAt: wr.shift(cf.starts), DurationMinutes: cf.minutes, Location: cf.location, VideoURL: cf.video,
			Agenda: cf.agenda, Minutes: cf.report, CreatedBy: reg, CreatedAt: office(cf.scheduled)}
		kcf.UpdatedAt = kcf.CreatedAt
		kcf.Invitees = []*kluwen.ConferenceInvitee{{OrganisationID: kc.OrganisationID, UserID: &reg}}
		for _, iv := range cf.invitees {
			ki := &kluwen.ConferenceInvitee{OrganisationID: wr.orgIDs[iv.org]}
			if iv.user != "" {
				id := wr.userIDs[iv.user]
				ki.UserID = &id
			}
			kcf.Invitees = append(kcf.Invitees, ki)
		}
		if cf.held() {
			held := cf.starts.Add(time.Duration(cf.minutes+5) * time.Minute)
			kcf.UpdatedAt = held
			for _, u := range cf.present {
				kcf.Present = append(kcf.Present, wr.userIDs[u])
			}
			for _, d := range cf.decisions {
				kd := &kluwen.Decision{Text: d.text, Status: kluwen.DecisionOpen, CreatedBy: reg, CreatedAt: held}
				if d.outcome != decisionOpen {
					at := office(d.at)
					kd.Status, kd.ResolvedAt = kluwen.DecisionDone, &at
					if d.outcome == decisionAction {
						kd.Status = kluwen.DecisionAction
					}
				}
				kcf.Decisions = append(kcf.Decisions, kd)
			}
		}
		if err := b.Conference(kcf); err != nil {
			return fmt.Errorf("demo: conference in case %d: %w", kc.ID, err)
		}
		for i, d := range kcf.Decisions {
			wr.ids[cf.decisions[i]] = d.ID
		}
		res.Conferences++
		res.Decisions += len(kcf.Decisions)
	}
	for _, g := range cw.goals {
		kg := &kluwen.Goal{CaseID: kc.ID, Domain: g.domain, Description: g.text, TargetDate: wr.shift(g.target), Confidentiality: confidentiality(g.conf),
			CreatedBy: reg, CreatedAt: office(g.made)}
		for _, p := range g.persons {
			kg.PersonIDs = append(kg.PersonIDs, wr.personIDs[p.idx])
		}
		var steps []StatusStep
		if g.eval != nil {
			steps = append(steps, StatusStep{At: office(g.eval.at), UserID: reg, Status: string(g.eval.status), Evaluation: g.eval.text})
		}
		if err := b.Goal(kg, steps...); err != nil {
			return fmt.Errorf("demo: goal in case %d: %w", kc.ID, err)
		}
		wr.ids[g] = kg.ID
		res.Goals++
		for _, a := range g.actions {
			ka := wr.action(a)
			ka.CreatedBy, ka.CreatedAt = reg, office(a.made)
			if a.decision != nil {
				id := wr.ids[a.decision]
				ka.DecisionID = &id
			}
			var steps []StatusStep
			for _, st := range a.steps {
				steps = append(steps, StatusStep{At: office(st.at), UserID: wr.userIDs[st.by], Status: string(st.status)})
			}
			if err := b.Action(ka, steps...); err != nil {
				return fmt.Errorf("demo: action in case %d: %w", kc.ID, err)
			}
			res.Actions++
		}
	}
	for _, m := range cw.maatwerk {
		km := &kluwen.Maatwerk{CaseID: kc.ID, Rule: m.rule, Reason: m.reason, Domain: m.domain, ExpectedEffect: m.effect, CostCents: m.costCents,
			ApprovedByName: m.approverName, ApprovedByRole: m.approverRole, DecidedOn: m.decided, CreatedBy: reg, CreatedAt: office(m.decided)}
		if !m.outcomeAt.IsZero() {
			on := m.outcomeAt
			km.Outcome, km.OutcomeResult, km.OutcomeOn, km.UpdatedAt = m.outcome, m.outcomeResult, &on, office(on)
		}
		if err := b.Maatwerk(km); err != nil {
			return fmt.Errorf("demo: deviation in case %d: %w", kc.ID, err)
		}
		res.Maatwerk++
	}
	for _, e := range cw.escalations {
		ke := &kluwen.Escalation{CaseID: kc.ID, Level: e.level, Question: e.question, Status: kluwen.EscalationOpen, EscalatedBy: reg, EscalatedAt: office(e.at)}
		if !e.answerAt.IsZero() {
			at := office(e.answerAt)
			ke.Answer, ke.Decision, ke.Status, ke.AnsweredAt = e.answer, e.decision, kluwen.EscalationAnswered, &at
		}
		if !e.closeAt.IsZero() {
			at := office(e.closeAt)
			ke.Outcome, ke.Status, ke.ClosedAt = e.outcome, kluwen.EscalationClosed, &at
		}
		if err := b.Escalation(ke); err != nil {
			return fmt.Errorf("demo: escalation in case %d: %w", kc.ID, err)
		}
		res.Escalations++
	}
	return nil
}
