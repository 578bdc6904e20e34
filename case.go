package kluwen

import (
	"context"
	"strings"
	"time"
)

// CaseStatus is the phase of a case.
type CaseStatus string

// The life of a case: aanmelding → analyse → plan → uitvoering → monitoring →
// afgesloten.
const (
	CaseAanmelding CaseStatus = "aanmelding"
	CaseAnalyse    CaseStatus = "analyse"
	CasePlan       CaseStatus = "plan"
	CaseUitvoering CaseStatus = "uitvoering"
	CaseMonitoring CaseStatus = "monitoring"
	CaseAfgesloten CaseStatus = "afgesloten"
)

// CaseStatuses lists the statuses in order.
var CaseStatuses = []CaseStatus{CaseAanmelding, CaseAnalyse, CasePlan, CaseUitvoering, CaseMonitoring, CaseAfgesloten}

// Valid reports whether s is a known status.
func (s CaseStatus) Valid() bool {
	for _, x := range CaseStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the status.
func (s CaseStatus) Label() string {
	switch s {
	case CaseAanmelding:
		return "Aanmelding"
	case CaseAnalyse:
		return "Analyse"
	case CasePlan:
		return "Plan"
	case CaseUitvoering:
		return "Uitvoering"
	case CaseMonitoring:
		return "Monitoring en nazorg"
	case CaseAfgesloten:
		return "Afgesloten"
	}
	return string(s)
}

// NextStatuses returns the statuses a case in status s may move to: the next phase,
// back from monitoring to uitvoering when the family falls back, and closing from
// any open phase (a referral may be closed without a plan, with a reason). A closed
// case stays closed; a new referral opens a new case.
func (s CaseStatus) NextStatuses() []CaseStatus {
	switch s {
	case CaseAanmelding:
		return []CaseStatus{CaseAnalyse, CaseAfgesloten}
	case CaseAnalyse:
		return []CaseStatus{CasePlan, CaseAfgesloten}
	case CasePlan:
		return []CaseStatus{CaseUitvoering, CaseAfgesloten}
	case CaseUitvoering:
		return []CaseStatus{CaseMonitoring, CaseAfgesloten}
	case CaseMonitoring:
		return []CaseStatus{CaseUitvoering, CaseAfgesloten}
	}
	return nil
}

// CanMoveTo reports whether a case may go from s to to.
func (s CaseStatus) CanMoveTo(to CaseStatus) bool {
	for _, x := range s.NextStatuses() {
		if x == to {
			return true
		}
	}
	return false
}

// Case (casus) is the joint approach for one household: one family, one plan, one
// coordinator.
type Case struct {
	ID             int64
	HouseholdID    int64
	Title          string // short description, e.g. the reason for referral
	Status         CaseStatus
	RegisseurID    int64 // the coordinating user
	OrganisationID int64 // the regisseur's organisation, which owns the case
	OpenedAt       time.Time
	ClosedAt       *time.Time
	History        []*CaseStatusChange // filled by FindCaseByID
	Involvements   []*Involvement      // filled by FindCaseByID
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Validate normalises c and checks it.
func (c *Case) Validate() error {
	var v Validator
	c.Title = strings.TrimSpace(c.Title)
	checkText(&v, "title", c.Title, MaxNameLen, true, "de aanleiding")
	v.Check(c.HouseholdID > 0, "householdId", "Kies een huishouden.")
	v.Check(c.RegisseurID > 0, "regisseurId", "Kies een regisseur.")
	return v.Err()
}

// CaseStatusChange records one transition with its reason.
type CaseStatusChange struct {
	ID        int64
	CaseID    int64
	From      CaseStatus // "" for the opening
	To        CaseStatus
	Reason    string
	UserID    int64
	ChangedAt time.Time
}

// LegalBasis is the ground (grondslag) on which a partner shares and processes the
// household's data in a case.
type LegalBasis string

// The legal bases.
const (
	BasisConsent    LegalBasis = "toestemming"
	BasisLegalTask  LegalBasis = "wettelijke_taak"
	BasisCourtOrder LegalBasis = "rechterlijke_uitspraak"
	BasisCovenant   LegalBasis = "convenant_zvh"
)

// LegalBases lists every legal basis.
var LegalBases = []LegalBasis{BasisConsent, BasisLegalTask, BasisCourtOrder, BasisCovenant}

// Valid reports whether b is a known legal basis.
func (b LegalBasis) Valid() bool {
	for _, x := range LegalBases {
		if x == b {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the legal basis.
func (b LegalBasis) Label() string {
	switch b {
	case BasisConsent:
		return "Toestemming van betrokkene"
	case BasisLegalTask:
		return "Wettelijke taak"
	case BasisCourtOrder:
		return "Rechterlijke uitspraak"
	case BasisCovenant:
		return "Convenant Zorg- en Veiligheidshuis"
	}
	return string(b)
}

// Involvement says that a partner organisation takes part in a case from a date,
// until an optional date (inclusive), on a legal basis, with a contact person.
type Involvement struct {
	ID             int64
	CaseID         int64
	OrganisationID int64
	Organisation   *Organisation // filled by Find methods
	From           time.Time
	To             *time.Time
	LegalBasis     LegalBasis
	ContactUserID  *int64
	Note           string
}

// Active reports whether the involvement covers the given date.
func (iv *Involvement) Active(on time.Time) bool {
	return !iv.From.After(on) && (iv.To == nil || !iv.To.Before(on))
}

// Validate normalises iv and checks it.
func (iv *Involvement) Validate() error {
	var v Validator
	iv.Note = strings.TrimSpace(iv.Note)
	v.Check(iv.OrganisationID > 0, "organisationId", "Kies een organisatie.")
	v.Check(!iv.From.IsZero(), "from", "Vul in vanaf wanneer de partner betrokken is.")
	if iv.To != nil && !iv.From.IsZero() && iv.To.Before(iv.From) {
		v.Add("to", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
	}
	v.Check(iv.LegalBasis.Valid(), "legalBasis", "Kies de grondslag waarop de partner betrokken is.")
	checkText(&v, "note", iv.Note, MaxTextLen, false, "de toelichting")
	return v.Err()
}

// CaseFilter selects cases. Results are only those the actor may see, ordered by ID.
type CaseFilter struct {
	HouseholdID *int64
	Status      *CaseStatus
	Open        *bool // true: not afgesloten
	RegisseurID *int64
	AfterID     int64
	Limit       int
}

// InvolvementUpdate changes an involvement; nil fields stay as they are.
type InvolvementUpdate struct {
	To            **time.Time
	LegalBasis    *LegalBasis
	ContactUserID **int64
	Note          *string
}

// CaseService manages cases and the partners involved in them.
type CaseService interface {
	// CreateCase opens a case in status aanmelding; only a regisseur may.
	CreateCase(ctx context.Context, c *Case) error
	// FindCaseByID returns the case with its history and involvements.
	FindCaseByID(ctx context.Context, id int64) (*Case, error)
	FindCases(ctx context.Context, f CaseFilter) ([]*Case, error)
	// ChangeCaseStatus moves a case along its life; the reason is required.
	ChangeCaseStatus(ctx context.Context, id int64, to CaseStatus, reason string) (*Case, error)
	// SetRegisseur hands the case to another regisseur.
	SetRegisseur(ctx context.Context, id int64, regisseurID int64) (*Case, error)
	AddInvolvement(ctx context.Context, iv *Involvement) error
	UpdateInvolvement(ctx context.Context, id int64, u InvolvementUpdate) (*Involvement, error)
}
