package kluwen

import (
	"context"
	"slices"
	"strings"
	"time"
)

// EscalationLevel is the steering level a stuck case goes up to.
type EscalationLevel string

// Escalation levels.
const (
	LevelSteeringGroup  EscalationLevel = "stuurgroep"
	LevelAdministrative EscalationLevel = "bestuurlijk_overleg"
)

// EscalationLevels lists the levels in order.
var EscalationLevels = []EscalationLevel{LevelSteeringGroup, LevelAdministrative}

// Valid reports whether l is a known level.
func (l EscalationLevel) Valid() bool { return slices.Contains(EscalationLevels, l) }

// Label is the Dutch name of the level.
func (l EscalationLevel) Label() string {
	switch l {
	case LevelSteeringGroup:
		return "Stuurgroep"
	case LevelAdministrative:
		return "Bestuurlijk overleg"
	}
	return string(l)
}

// EscalationStatus is where an escalation stands.
type EscalationStatus string

// Escalation statuses: open until the steering level answers, closed when the
// outcome is recorded.
const (
	EscalationOpen     EscalationStatus = "open"
	EscalationAnswered EscalationStatus = "beantwoord"
	EscalationClosed   EscalationStatus = "gesloten"
)

// Label is the Dutch name of the status.
func (s EscalationStatus) Label() string {
	switch s {
	case EscalationOpen:
		return "Open"
	case EscalationAnswered:
		return "Beantwoord"
	case EscalationClosed:
		return "Gesloten"
	}
	return string(s)
}

// Escalation is a stuck case put to a steering level with a question; the
// answer, the decision and the outcome are recorded.
type Escalation struct {
	ID          int64
	CaseID      int64
	Level       EscalationLevel
	Question    string
	Answer      string
	Decision    string
	Outcome     string
	Status      EscalationStatus
	EscalatedBy int64
	EscalatedAt time.Time
	AnsweredAt  *time.Time
	ClosedAt    *time.Time
}

// Validate normalises e and checks a new escalation.
func (e *Escalation) Validate() error {
	var v Validator
	e.Question = strings.TrimSpace(e.Question)
	v.Check(e.CaseID > 0, "caseId", "Kies de casus.")
	v.Check(e.Level.Valid(), "level", "Kies het niveau: stuurgroep of bestuurlijk overleg.")
	checkText(&v, "question", e.Question, MaxTextLen, true, "de vraag aan het overleg")
	return v.Err()
}

// EscalationFilter selects escalations. Without CaseID it lists the escalations of
// the cases the actor is the regisseur of (their start page).
type EscalationFilter struct {
	CaseID *int64
	Open   bool // only those not closed (open or answered)
}

// EscalationService records escalations. The case's coordinators escalate and
// record the answer and the outcome; readers of the case read them.
type EscalationService interface {
	CreateEscalation(ctx context.Context, e *Escalation) error
	// AnswerEscalation records the steering level's answer and decision on an
	// open escalation.
	AnswerEscalation(ctx context.Context, id int64, answer, decision string) (*Escalation, error)
	// CloseEscalation records the outcome of an answered (or withdrawn open)
	// escalation.
	CloseEscalation(ctx context.Context, id int64, outcome string) (*Escalation, error)
	FindEscalations(ctx context.Context, f EscalationFilter) ([]*Escalation, error)
}
