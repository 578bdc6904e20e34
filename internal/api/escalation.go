package api

import (
	"github.com/kluwen/kluwen"
)

func escalationOf(e *kluwen.Escalation) *escalationOut {
	return &escalationOut{
		Links:       self("casussen", e.CaseID, "escalaties", e.ID),
		ID:          e.ID,
		CaseID:      e.CaseID,
		Level:       e.Level,
		Question:    e.Question,
		Answer:      e.Answer,
		Decision:    e.Decision,
		Outcome:     e.Outcome,
		Status:      e.Status,
		EscalatedBy: optID(e.EscalatedBy),
		EscalatedAt: instant(e.EscalatedAt),
		AnsweredAt:  optInstantOut(e.AnsweredAt),
		ClosedAt:    optInstantOut(e.ClosedAt),
	}
}

func (s *server) findEscalations(c *call, f kluwen.EscalationFilter) (*page[escalationOut], error) {
	if open := c.queryBool("open"); open != nil {
		f.Open = *open
	}
	es, err := s.svc.Escalations.FindEscalations(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]escalationOut, len(es))
	for i, e := range es {
		items[i] = *escalationOf(e)
	}
	return pageInOrder(c, items, func(e escalationOut) int64 { return e.ID })
}

func (s *server) listEscalations(c *call) (*page[escalationOut], error) {
	id := c.id("id")
	return s.findEscalations(c, kluwen.EscalationFilter{CaseID: &id})
}

// myEscalations are the escalations of the open cases the actor is the regisseur
// of, for their start page.
func (s *server) myEscalations(c *call) (*page[escalationOut], error) {
	return s.findEscalations(c, kluwen.EscalationFilter{})
}

func (s *server) createEscalation(c *call, b *escalationIn) (*escalationOut, error) {
	e := &kluwen.Escalation{CaseID: c.id("id"), Level: b.Level, Question: b.Question}
	if err := s.svc.Escalations.CreateEscalation(c.ctx, e); err != nil {
		return nil, err
	}
	return escalationOf(e), nil
}

// escalation finds an escalation of the case in the path.
func (s *server) escalation(c *call) (*kluwen.Escalation, error) {
	id := c.id("id")
	es, err := s.svc.Escalations.FindEscalations(c.ctx, kluwen.EscalationFilter{CaseID: &id})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.ID == c.id("escalatieId") {
			return e, nil
		}
	}
	return nil, notFound("Deze escalatie bestaat niet bij deze casus.")
}

func (s *server) getEscalation(c *call) (*escalationOut, error) {
	e, err := s.escalation(c)
	if err != nil {
		return nil, err
	}
	return escalationOf(e), nil
}

// updateEscalation records the steering level's answer (with its decision) or
// the outcome that closes the escalation. The two are separate steps, so that a
// request changes the escalation once, whole or not at all.
func (s *server) updateEscalation(c *call, b *escalationPatch) (*escalationOut, error) {
	e, err := s.escalation(c)
	if err != nil {
		return nil, err
	}
	var v kluwen.Validator
	switch {
	case b.Outcome.Set && (b.Answer.Set || b.Decision.Set):
		v.Add("outcome", "Leg de uitkomst apart vast, nadat het antwoord is vastgelegd.")
	case !b.Outcome.Set && !b.Answer.Set && !b.Decision.Set:
		v.Add("answer", "Vul het antwoord van het overleg in, of de uitkomst.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if b.Outcome.Set {
		e, err = s.svc.Escalations.CloseEscalation(c.ctx, e.ID, b.Outcome.Value)
	} else {
		e, err = s.svc.Escalations.AnswerEscalation(c.ctx, e.ID, b.Answer.Value, b.Decision.Value)
	}
	if err != nil {
		return nil, err
	}
	return escalationOf(e), nil
}
