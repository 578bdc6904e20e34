package kluwen

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Maatwerk (doorbraak) is a documented decision to deviate from a rule or protocol
// because the family needs it: which rule, why, the expected effect, what it
// costs, who approved it, and later what came of it. Listed across cases, the
// deviations show which rules keep standing in the way.
type Maatwerk struct {
	ID               int64
	CaseID           int64
	Rule             string     // the rule or protocol deviated from
	Reason           string     // why the family needs it
	Domain           LifeDomain // the life domain the deviation serves: the category of the reason
	ExpectedEffect   string
	CostCents        int64 // the extra cost in euro cents
	ApprovedByName   string
	ApprovedByRole   string // role or function of the approver
	ApprovedByUserID *int64 // the approver, when they are a Kluwen user
	DecidedOn        time.Time
	Outcome          string
	OutcomeResult    OutcomeResult // "" until the outcome is recorded
	OutcomeOn        *time.Time
	CreatedBy        int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// OutcomeResult says in one word what came of a deviation; analysts see it
// instead of the outcome text, which may carry personal details.
type OutcomeResult string

// Outcome results.
const (
	OutcomeReached    OutcomeResult = "bereikt"
	OutcomePartly     OutcomeResult = "deels_bereikt"
	OutcomeNotReached OutcomeResult = "niet_bereikt"
)

// OutcomeResults lists the results in order.
var OutcomeResults = []OutcomeResult{OutcomeReached, OutcomePartly, OutcomeNotReached}

// Valid reports whether r is a known result.
func (r OutcomeResult) Valid() bool { return slices.Contains(OutcomeResults, r) }

// Label is the Dutch name of the result.
func (r OutcomeResult) Label() string {
	switch r {
	case OutcomeReached:
		return "Beoogd effect bereikt"
	case OutcomePartly:
		return "Deels bereikt"
	case OutcomeNotReached:
		return "Niet bereikt"
	}
	return string(r)
}

// MaxCostCents is the largest cost a deviation may record (ten million euro).
const MaxCostCents = 10_000_000_00

// Validate normalises m and checks it. today is the current date: the decision
// cannot lie in the future.
func (m *Maatwerk) Validate(today time.Time) error {
	var v Validator
	m.Rule = strings.TrimSpace(m.Rule)
	m.Reason = strings.TrimSpace(m.Reason)
	m.ExpectedEffect = strings.TrimSpace(m.ExpectedEffect)
	m.ApprovedByName = strings.TrimSpace(m.ApprovedByName)
	m.ApprovedByRole = strings.TrimSpace(m.ApprovedByRole)
	checkText(&v, "rule", m.Rule, MaxTextLen, true, "de regel of het protocol waarvan wordt afgeweken")
	checkText(&v, "reason", m.Reason, MaxTextLen, true, "waarom het gezin dit nodig heeft")
	v.Check(m.Domain.Valid(), "domain", "Kies het leefgebied waar de afwijking voor nodig is.")
	checkText(&v, "expectedEffect", m.ExpectedEffect, MaxTextLen, true, "het verwachte effect")
	v.Check(m.CostCents >= 0 && m.CostCents <= MaxCostCents, "cost", "Vul de kosten in euro in, van 0 tot 10 miljoen.")
	checkText(&v, "approvedByName", m.ApprovedByName, MaxNameLen, true, "de naam van wie toestemming gaf")
	checkText(&v, "approvedByRole", m.ApprovedByRole, MaxNameLen, true, "de functie van wie toestemming gaf")
	switch {
	case m.DecidedOn.IsZero():
		v.Add("decidedOn", "Vul de datum van het besluit in.")
	case m.DecidedOn.After(today):
		v.Add("decidedOn", "De datum van het besluit ligt in de toekomst. Vul een datum in van vandaag of eerder.")
	}
	return v.Err()
}

// MaatwerkOutcome records what came of a deviation.
type MaatwerkOutcome struct {
	Outcome string
	Result  OutcomeResult
	On      time.Time
}

// Validate normalises o and checks it against the decision date.
func (o *MaatwerkOutcome) Validate(decidedOn, today time.Time) error {
	var v Validator
	o.Outcome = strings.TrimSpace(o.Outcome)
	checkText(&v, "outcome", o.Outcome, MaxTextLen, true, "wat de afwijking heeft opgeleverd")
	v.Check(o.Result.Valid(), "outcomeResult", "Kies of het beoogde effect is bereikt.")
	switch {
	case o.On.IsZero():
		v.Add("outcomeOn", "Vul de datum van de uitkomst in.")
	case o.On.Before(decidedOn):
		v.Add("outcomeOn", "De uitkomst ligt voor het besluit. Vul een datum in op of na de datum van het besluit.")
	case o.On.After(today):
		v.Add("outcomeOn", "De datum ligt in de toekomst. Vul een datum in van vandaag of eerder.")
	}
	return v.Err()
}

// MaatwerkRow is one deviation in the list across cases. For an analyst it is
// pseudonymised: Pseudonymised is true, CasePseudonym is set, and only the wijk,
// rule, domain, cost, the month of the decision (DecidedOn is the first of it)
// and the outcome result are filled; the case ID, address, reason, expected
// effect, approver, outcome text and outcome date stay empty.
type MaatwerkRow struct {
	Pseudonymised  bool
	CasePseudonym  string
	CaseID         int64
	Address        string
	Wijk           string
	Rule           string
	Reason         string
	Domain         LifeDomain
	ExpectedEffect string
	CostCents      int64
	ApprovedByName string
	ApprovedByRole string
	DecidedOn      time.Time
	Outcome        string
	OutcomeResult  OutcomeResult
	OutcomeOn      *time.Time
}

// MaatwerkFilter selects deviations across cases.
type MaatwerkFilter struct {
	From *time.Time // decided on or after
	To   *time.Time // decided on or before
	Wijk string
}

// MaatwerkService records deviations. The case's coordinators record them and
// their outcome; readers of the case read them. Across cases a regisseur lists
// the deviations of the cases they may read, and an analyst every deviation,
// pseudonymised.
type MaatwerkService interface {
	CreateMaatwerk(ctx context.Context, m *Maatwerk) error
	RecordMaatwerkOutcome(ctx context.Context, id int64, o MaatwerkOutcome) (*Maatwerk, error)
	FindMaatwerk(ctx context.Context, caseID int64) ([]*Maatwerk, error)
	// FindMaatwerkList returns the list across cases, ordered by decision date.
	FindMaatwerkList(ctx context.Context, f MaatwerkFilter) ([]*MaatwerkRow, error)
	// ExportMaatwerk calls fn for every row of the list; the export is logged.
	ExportMaatwerk(ctx context.Context, f MaatwerkFilter, fn func(*MaatwerkRow) error) error
}
