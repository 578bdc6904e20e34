package api

import (
	"bytes"
	"slices"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/pdf"
)

func goalOf(g *kluwen.Goal) *goalOut {
	out := &goalOut{
		Links:           self("casussen", g.CaseID, "doelen", g.ID),
		ID:              g.ID,
		CaseID:          g.CaseID,
		Domain:          lifeDomainCode(g.Domain.Code()),
		PersonIDs:       append([]int64{}, g.PersonIDs...),
		Description:     g.Description,
		TargetDate:      dateOut(g.TargetDate),
		Status:          g.Status,
		Evaluation:      g.Evaluation,
		Confidentiality: g.Confidentiality,
		OrganisationID:  g.OrganisationID,
		Actions:         make([]actionOut, 0, len(g.Actions)),
		Notes:           notesOf(g.CaseID, g.Notes),
		CreatedBy:       optID(g.CreatedBy),
		CreatedAt:       instant(g.CreatedAt),
		UpdatedAt:       instant(g.UpdatedAt),
	}
	for _, a := range g.Actions {
		out.Actions = append(out.Actions, *actionOf(a))
	}
	return out
}

func actionOf(a *kluwen.Action) *actionOut {
	return &actionOut{
		Links:           self("casussen", a.CaseID, "acties", a.ID),
		ID:              a.ID,
		GoalID:          a.GoalID,
		CaseID:          a.CaseID,
		Description:     a.Description,
		OrganisationID:  a.OrganisationID,
		OwnerUserID:     a.OwnerUserID,
		Kind:            a.Kind,
		DueDate:         dateOut(a.DueDate),
		Status:          a.Status,
		Confidentiality: a.Confidentiality,
		DecisionID:      a.DecisionID,
		Notes:           notesOf(a.CaseID, a.Notes),
		CreatedBy:       optID(a.CreatedBy),
		CreatedAt:       instant(a.CreatedAt),
		UpdatedAt:       instant(a.UpdatedAt),
	}
}

func noteOf(caseID int64, n *kluwen.ProgressNote) *noteOut {
	return &noteOut{
		Links:     self("casussen", caseID, "doelen", n.GoalID, "voortgang", n.ID),
		ID:        n.ID,
		GoalID:    n.GoalID,
		ActionID:  n.ActionID,
		Text:      n.Text,
		UserID:    optID(n.UserID),
		CreatedAt: instant(n.CreatedAt),
	}
}

func notesOf(caseID int64, ns []*kluwen.ProgressNote) []noteOut {
	out := make([]noteOut, 0, len(ns))
	for _, n := range ns {
		out = append(out, *noteOf(caseID, n))
	}
	return out
}

func (s *server) getPlan(c *call) (*planOut, error) {
	p, err := s.svc.Plan.FindPlan(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	out := &planOut{Links: self("casussen", p.CaseID, "plan"), CaseID: p.CaseID, Closed: p.Closed, Goals: make([]goalOut, 0, len(p.Goals))}
	for _, g := range p.Goals {
		out.Goals = append(out.Goals, *goalOf(g))
	}
	return out, nil
}

// planGoal finds a goal of the plan of the case in the path, as the actor sees
// it (with its actions and notes).
func (s *server) planGoal(c *call) (*kluwen.Goal, error) {
	p, err := s.svc.Plan.FindPlan(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, g := range p.Goals {
		if g.ID == c.id("doelId") {
			return g, nil
		}
	}
	return nil, notFound("Dit doel bestaat niet in het plan van deze casus.")
}

// planAction finds an action of the plan of the case in the path.
func (s *server) planAction(c *call) (*kluwen.Action, error) {
	p, err := s.svc.Plan.FindPlan(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			if a.ID == c.id("actieId") {
				return a, nil
			}
		}
	}
	return nil, notFound("Deze actie bestaat niet in het plan van deze casus.")
}

func (s *server) listGoals(c *call) (*page[goalOut], error) {
	p, err := s.svc.Plan.FindPlan(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	var items []goalOut
	for _, g := range p.Goals {
		if st := c.queryString("status"); st != "" && string(g.Status) != st {
			continue
		}
		items = append(items, *goalOf(g))
	}
	return pageInOrder(c, items, func(g goalOut) int64 { return g.ID })
}

func (s *server) createGoal(c *call, b *goalIn) (*goalOut, error) {
	g := &kluwen.Goal{
		CaseID:          c.id("id"),
		Domain:          b.Domain.domain(),
		PersonIDs:       b.PersonIDs,
		Description:     b.Description,
		TargetDate:      time.Time(b.TargetDate),
		Confidentiality: b.Confidentiality,
	}
	if err := s.svc.Plan.CreateGoal(c.ctx, g); err != nil {
		return nil, err
	}
	return goalOf(g), nil
}

func (s *server) getGoal(c *call) (*goalOut, error) {
	g, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	return goalOf(g), nil
}

func (s *server) updateGoal(c *call, b *goalPatch) (*goalOut, error) {
	before, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	u := kluwen.GoalUpdate{
		Description:     b.Description.ptr(),
		Status:          b.Status.ptr(),
		Evaluation:      b.Evaluation.ptr(),
		Confidentiality: b.Confidentiality.ptr(),
	}
	if b.Domain.Set {
		d := b.Domain.Value.domain()
		u.Domain = &d
	}
	if b.PersonIDs.Set {
		ids := append([]int64{}, b.PersonIDs.Value...)
		u.PersonIDs = &ids
	}
	if b.TargetDate.Set {
		t := time.Time(b.TargetDate.Value)
		u.TargetDate = &t
	}
	g, err := s.svc.Plan.UpdateGoal(c.ctx, before.ID, u)
	if err != nil {
		return nil, err
	}
	// The change touches the goal only: its actions and notes stay as read.
	g.Actions, g.Notes = before.Actions, before.Notes
	return goalOf(g), nil
}

// goalNotes are the notes on a goal and on its actions, oldest first.
func goalNotes(g *kluwen.Goal) []noteOut {
	var all []*kluwen.ProgressNote
	all = append(all, g.Notes...)
	for _, a := range g.Actions {
		all = append(all, a.Notes...)
	}
	slices.SortStableFunc(all, func(x, y *kluwen.ProgressNote) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
	return notesOf(g.CaseID, all)
}

func (s *server) listNotes(c *call) (*page[noteOut], error) {
	g, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	return pageInOrder(c, goalNotes(g), func(n noteOut) int64 { return n.ID })
}

func (s *server) getNote(c *call) (*noteOut, error) {
	g, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	for _, n := range goalNotes(g) {
		if n.ID == c.id("notitieId") {
			return &n, nil
		}
	}
	return nil, notFound("Deze notitie bestaat niet bij dit doel.")
}

// addNote notes progress on the goal in the path or on one of its actions. An
// action of another goal is an invalid field, reported with the note's own.
func (s *server) addNote(c *call, b *noteIn) (*noteOut, error) {
	g, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	n := &kluwen.ProgressNote{GoalID: g.ID, ActionID: b.ActionID, Text: b.Text}
	if b.ActionID != nil && !slices.ContainsFunc(g.Actions, func(a *kluwen.Action) bool { return a.ID == *b.ActionID }) {
		var v kluwen.Validator
		for _, f := range kluwen.ErrorFields(n.Validate()) {
			v.Add(f.Field, f.Message)
		}
		v.Add("actionId", "Kies een actie onder dit doel, of geen actie voor een notitie bij het doel zelf.")
		return nil, v.Err()
	}
	if err := s.svc.Plan.AddProgressNote(c.ctx, n); err != nil {
		return nil, err
	}
	return noteOf(g.CaseID, n), nil
}

func (s *server) listActions(c *call) (*page[actionOut], error) {
	p, err := s.svc.Plan.FindPlan(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	org := c.queryID("organisatieId")
	var items []actionOut
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			if st := c.queryString("status"); st != "" && string(a.Status) != st {
				continue
			}
			if org != nil && a.OrganisationID != *org {
				continue
			}
			items = append(items, *actionOf(a))
		}
	}
	return pageInOrder(c, items, func(a actionOut) int64 { return a.ID })
}

// createAction assigns an action under the goal in the path.
func (s *server) createAction(c *call, b *actionIn) (*actionOut, error) {
	g, err := s.planGoal(c)
	if err != nil {
		return nil, err
	}
	a := &kluwen.Action{
		GoalID:          g.ID,
		Description:     b.Description,
		OrganisationID:  b.OrganisationID,
		OwnerUserID:     b.OwnerUserID,
		Kind:            b.Kind,
		DueDate:         time.Time(b.DueDate),
		Confidentiality: b.Confidentiality,
	}
	if err := s.svc.Plan.CreateAction(c.ctx, a); err != nil {
		return nil, err
	}
	return actionOf(a), nil
}

func (s *server) getAction(c *call) (*actionOut, error) {
	a, err := s.planAction(c)
	if err != nil {
		return nil, err
	}
	return actionOf(a), nil
}

func (s *server) updateAction(c *call, b *actionPatch) (*actionOut, error) {
	before, err := s.planAction(c)
	if err != nil {
		return nil, err
	}
	u := kluwen.ActionUpdate{
		Description:     b.Description.ptr(),
		OrganisationID:  b.OrganisationID.ptr(),
		OwnerUserID:     b.OwnerUserID.ptr(),
		Kind:            b.Kind.ptr(),
		Status:          b.Status.ptr(),
		Confidentiality: b.Confidentiality.ptr(),
	}
	if b.DueDate.Set {
		t := time.Time(b.DueDate.Value)
		u.DueDate = &t
	}
	a, err := s.svc.Plan.UpdateAction(c.ctx, before.ID, u)
	if err != nil {
		return nil, err
	}
	a.Notes = before.Notes
	return actionOf(a), nil
}

func (s *server) planHistory(c *call) (*page[planVersionOut], error) {
	vs, err := s.svc.Plan.FindPlanHistory(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]planVersionOut, len(vs))
	for i, v := range vs {
		items[i] = planVersionOut{
			ID:        v.ID,
			CaseID:    v.CaseID,
			Object:    translated(planObjectNames, v.Object),
			GoalID:    v.GoalID,
			ActionID:  v.ActionID,
			Version:   v.Version,
			Changes:   make([]fieldChangeOut, 0, len(v.Changes)),
			UserID:    optID(v.UserID),
			ChangedAt: instant(v.ChangedAt),
		}
		for _, ch := range v.Changes {
			items[i].Changes = append(items[i].Changes, s.fieldChangeOf(ch))
		}
	}
	return pageInOrder(c, items, func(v planVersionOut) int64 { return v.ID })
}

// fieldChangeOf writes a kept change with the API's name of the field and, for a
// life domain, its code instead of its number.
func (s *server) fieldChangeOf(ch kluwen.FieldChange) fieldChangeOut {
	name, _ := s.names.translate(ch.Field)
	out := fieldChangeOut{Field: name, Before: ch.Before, After: ch.After}
	if ch.Field == "domain" {
		code := func(v string) string {
			n, err := strconv.Atoi(v)
			if err != nil {
				return v
			}
			return kluwen.LifeDomain(n).Code()
		}
		out.Before, out.After = code(ch.Before), code(ch.After)
	}
	return out
}

func (s *server) planBalance(c *call) (*balanceOut, error) {
	b, err := s.svc.Plan.PlanBalance(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	out := &balanceOut{Links: self("casussen", b.CaseID, "plan", "balans"), CaseID: b.CaseID, Kinds: make([]kindBalanceOut, 0, len(b.Kinds)), Open: b.Open, All: b.All}
	for _, k := range b.Kinds {
		out.Kinds = append(out.Kinds, kindBalanceOut{Kind: k.Kind, Open: k.Open, All: k.All, OpenShare: k.OpenShare, AllShare: k.AllShare})
	}
	return out, nil
}

// planPDF prints the plan for the family; the service logs the print as an export.
func (s *server) planPDF(c *call) (pdfFile, error) {
	p, err := s.svc.Plan.FamilyPlan(c.ctx, c.id("id"))
	if err != nil {
		return pdfFile{}, err
	}
	var buf bytes.Buffer
	if _, err := pdf.WritePlan(&buf, p); err != nil {
		return pdfFile{}, err
	}
	return pdfFile{file{contentType: pdf.ContentType, name: pdf.Filename(p), body: buf.Bytes()}}, nil
}

func (s *server) myActions(c *call) (*dueActionsOut, error) {
	d, err := s.svc.Plan.FindDueActions(c.ctx)
	if err != nil {
		return nil, err
	}
	out := &dueActionsOut{Links: self("mijn-acties"), Overdue: make([]actionOut, 0, len(d.Overdue)), DueSoon: make([]actionOut, 0, len(d.DueSoon))}
	for _, a := range d.Overdue {
		out.Overdue = append(out.Overdue, *actionOf(a))
	}
	for _, a := range d.DueSoon {
		out.DueSoon = append(out.DueSoon, *actionOf(a))
	}
	return out, nil
}
