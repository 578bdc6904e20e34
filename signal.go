package kluwen

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Severity is how serious a partner judges a signal.
type Severity string

// Severities, from least to most serious.
const (
	SeverityLow    Severity = "laag"
	SeverityMedium Severity = "midden"
	SeverityHigh   Severity = "hoog"
	SeverityAcute  Severity = "acuut"
)

// Severities lists every severity in order.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityAcute}

// Valid reports whether s is a known severity.
func (s Severity) Valid() bool {
	for _, x := range Severities {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the severity.
func (s Severity) Label() string {
	switch s {
	case SeverityLow:
		return "Laag"
	case SeverityMedium:
		return "Midden"
	case SeverityHigh:
		return "Hoog"
	case SeverityAcute:
		return "Acuut"
	}
	return string(s)
}

// SignalType is an entry of the configurable list of signal types (a police
// incident, rent arrears, …). The admin keeps the list; a type that is no longer
// used is made inactive rather than removed, so old signals keep their type.
type SignalType struct {
	Code          string // stable identifier, e.g. "huurachterstand"
	Label         string // Dutch name shown to users
	DefaultDomain LifeDomain
	SortOrder     int
	Active        bool
}

var signalTypeCodeRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{1,39}$`)

// Validate normalises t and checks it.
func (t *SignalType) Validate() error {
	var v Validator
	t.Code = strings.TrimSpace(t.Code)
	t.Label = strings.TrimSpace(t.Label)
	v.Check(signalTypeCodeRe.MatchString(t.Code), "code", "Een code heeft 2 tot 40 tekens: kleine letters, cijfers, streepje of liggend streepje.")
	checkText(&v, "label", t.Label, MaxShortLen, true, "de naam")
	v.Check(t.DefaultDomain.Valid(), "defaultDomain", "Kies het leefgebied waar dit soort signaal meestal over gaat.")
	return v.Err()
}

// Signal is an incident or concern a partner records on a household, optionally
// about one of its members: a police incident, a nuisance report, rent arrears.
type Signal struct {
	ID          int64
	HouseholdID int64
	PersonID    *int64 // the member it concerns, if one
	TypeCode    string
	Type        *SignalType // filled by reads
	Date        time.Time   // the date of the incident or report
	// OrganisationID is the source: the author's organisation (for the system
	// actor, the organisation it records on behalf of).
	OrganisationID  int64
	LifeDomain      LifeDomain // 0 on input: the type's default
	Severity        Severity
	Description     string
	Confidentiality Confidentiality
	AuthorUserID    int64 // 0 when recorded by the system (an import)
	CreatedAt       time.Time
}

// Confidential reports whether the signal is confidential.
func (s *Signal) Confidential() bool { return s.Confidentiality == Confidential }

// EarliestDate is the earliest date Kluwen accepts on a signal or assessment.
var EarliestDate = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// Validate normalises s and checks what can be checked without the database.
// today is the current date.
func (s *Signal) Validate(today time.Time) error {
	var v Validator
	s.TypeCode = strings.TrimSpace(s.TypeCode)
	s.Description = strings.TrimSpace(s.Description)
	v.Check(s.HouseholdID > 0, "householdId", "Kies een huishouden.")
	v.Check(s.PersonID == nil || *s.PersonID > 0, "personId", "Kies een persoon uit het huishouden, of geen.")
	v.Check(s.TypeCode != "", "type", "Kies het soort signaal.")
	checkDate(&v, "date", s.Date, today, "de datum van het signaal")
	v.Check(s.LifeDomain == 0 || s.LifeDomain.Valid(), "lifeDomain", "Kies een leefgebied uit de lijst.")
	v.Check(s.Severity.Valid(), "severity", "Kies de ernst: laag, midden, hoog of acuut.")
	checkText(&v, "description", s.Description, MaxTextLen, true, "de omschrijving")
	v.Check(s.Confidentiality.Valid(), "confidentiality", "Kies of het signaal normaal of vertrouwelijk is.")
	return v.Err()
}

// checkDate checks a required calendar date that may not lie in the future.
func checkDate(v *Validator, field string, d, today time.Time, what string) {
	switch {
	case d.IsZero():
		v.Add(field, fmt.Sprintf("Vul %s in.", what))
	case d.After(today):
		v.Add(field, fmt.Sprintf("%s ligt in de toekomst. Vul een datum in van vandaag of eerder.", capitalise(what)))
	case d.Before(EarliestDate):
		v.Add(field, fmt.Sprintf("Vul voor %s een datum in na 1 januari 1990.", what))
	}
}

// SignalFilter selects the signals of one household, newest first (by date, then
// by the order they were recorded). Only signals the actor may read are returned.
type SignalFilter struct {
	HouseholdID int64 // required
	PersonID    *int64
	TypeCode    string
	LifeDomain  LifeDomain
	// AfterID continues a list: only the signals after this one in the order
	// (the last of the previous page). An ID that is not a signal of the
	// household is EINVALID on "cursor".
	AfterID int64
	Limit   int
}

// SignalService records signals and reads them with need-to-know: a normal signal
// is read by whoever may read the household, a confidential one only as
// ConfidentialReadBasis allows.
type SignalService interface {
	// CreateSignal records a signal for the actor's organisation.
	CreateSignal(ctx context.Context, s *Signal) error
	FindSignalByID(ctx context.Context, id int64) (*Signal, error)
	FindSignals(ctx context.Context, f SignalFilter) ([]*Signal, error)
	// FindSignalTypes returns the signal types in display order; inactive ones
	// only when asked.
	FindSignalTypes(ctx context.Context, withInactive bool) ([]*SignalType, error)
	// SaveSignalType adds a signal type or changes the one with its code; only
	// the admin may.
	SaveSignalType(ctx context.Context, t *SignalType) error
}

// Access-log bases for confidential items.
const (
	BasisConfidentialAuthor    = "vertrouwelijk: organisatie van de auteur"
	BasisConfidentialRegisseur = "vertrouwelijk: regisseur van de casus"
)

// ContributeBasis says on what ground the actor may add to a household's record
// (a signal, an assessment) for their own organisation: a regisseur or a partner
// professional who may read the household. Analysts, admins, privacy officers and
// editors add nothing.
func ContributeBasis(a *Actor, h HouseholdFacts) (basis string, ok bool) {
	if a == nil {
		return "", false
	}
	if !a.System() && a.Role != RoleRegisseur && a.Role != RoleProfessional {
		return "", false
	}
	return HouseholdReadBasis(a, h)
}

// ConfidentialReadBasis says on what ground the actor may read a confidential item
// of household h written by authorOrgID: they may read the household and are of
// the author's organisation, or they are a regisseur of one of the household's
// cases — the case's own regisseur or a regisseur of the organisation that owns
// it. A partner that is merely involved does not see another partner's
// confidential items.
func ConfidentialReadBasis(a *Actor, h HouseholdFacts, authorOrgID int64) (basis string, ok bool) {
	if _, ok := HouseholdReadBasis(a, h); !ok {
		return "", false
	}
	if a.System() {
		return BasisSystem, true
	}
	if a.OrganisationID == authorOrgID {
		return BasisConfidentialAuthor, true
	}
	if coordinatesHousehold(a, h) {
		return BasisConfidentialRegisseur, true
	}
	return "", false
}

// SeesAllConfidential reports whether the actor reads every confidential item of
// the household, whoever wrote it: the system, and the regisseurs of its cases.
// Everyone else sees only the confidential items of their own organisation.
func SeesAllConfidential(a *Actor, h HouseholdFacts) bool {
	if _, ok := HouseholdReadBasis(a, h); !ok {
		return false
	}
	return a.System() || coordinatesHousehold(a, h)
}

func coordinatesHousehold(a *Actor, h HouseholdFacts) bool {
	if a.Role != RoleRegisseur {
		return false
	}
	for _, c := range h.Cases {
		if c.RegisseurID == a.UserID || c.OrganisationID == a.OrganisationID {
			return true
		}
	}
	return false
}

// SignalFacts are the facts a decision about one signal rests on.
type SignalFacts struct {
	Household       HouseholdFacts
	AuthorOrgID     int64
	Confidentiality Confidentiality
}

// SignalReadBasis says on what ground the actor may read a signal: any ground to
// read the household for a normal signal, ConfidentialReadBasis for a
// confidential one.
func SignalReadBasis(a *Actor, f SignalFacts) (basis string, ok bool) {
	if f.Confidentiality == Confidential {
		return ConfidentialReadBasis(a, f.Household, f.AuthorOrgID)
	}
	return HouseholdReadBasis(a, f.Household)
}
