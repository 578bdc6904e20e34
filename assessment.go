package kluwen

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Instrument is a scale on which professionals assess a person's self-reliance per
// domain, such as the Zelfredzaamheid-Matrix (ZRM, the default). It is data: its
// domains, levels and the criterion text of each domain × level are kept in the
// database, so another instrument can be configured and the admin can edit the
// criteria.
type Instrument struct {
	ID          int64
	Code        string // e.g. "zrm"
	Name        string
	Description string
	Default     bool
	Active      bool
	Domains     []*InstrumentDomain // in display order
	Levels      []*InstrumentLevel  // from low to high
}

// InstrumentDomain is one domain of an instrument.
type InstrumentDomain struct {
	ID           int64
	InstrumentID int64
	Code         string // e.g. "financien"; names the field "scores.<code>"
	Number       int
	NameNL       string
	NameEN       string
	Order        int
	// LifeDomain is the life domain the instrument's domain maps to, 0 when none;
	// it links a problem domain of an assessment to a goal of the plan.
	LifeDomain LifeDomain
	// Criteria holds the description of each level (keyed by level) for this domain.
	Criteria map[int]string
}

// InstrumentLevel is one level of an instrument's scale.
type InstrumentLevel struct {
	Level int
	Label string
	// Problem marks the levels at which a domain counts as a problem domain (in
	// the ZRM: 1 acute problem and 2 not self-reliant); they are offered as goals.
	Problem bool
}

// Domain returns the domain with the code, or nil.
func (in *Instrument) Domain(code string) *InstrumentDomain {
	for _, d := range in.Domains {
		if d.Code == code {
			return d
		}
	}
	return nil
}

// DomainByID returns the domain with the ID, or nil.
func (in *Instrument) DomainByID(id int64) *InstrumentDomain {
	for _, d := range in.Domains {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// Level returns the level n, or nil when the scale has no such level.
func (in *Instrument) Level(n int) *InstrumentLevel {
	for _, l := range in.Levels {
		if l.Level == n {
			return l
		}
	}
	return nil
}

// IsProblem reports whether a score is a problem level on this instrument.
func (in *Instrument) IsProblem(score int) bool {
	l := in.Level(score)
	return l != nil && l.Problem
}

// levelRange returns the lowest and highest level, for messages.
func (in *Instrument) levelRange() (lo, hi int) {
	for i, l := range in.Levels {
		if i == 0 || l.Level < lo {
			lo = l.Level
		}
		if i == 0 || l.Level > hi {
			hi = l.Level
		}
	}
	return lo, hi
}

// ValidateCriterion checks the text of a criterion as the admin edits it.
func ValidateCriterion(text string) error {
	var v Validator
	checkText(&v, "text", strings.TrimSpace(text), MaxTextLen, true, "de omschrijving van het niveau")
	return v.Err()
}

// Assessment is one assessment of one person on one date, in the context of one
// household: a score and a note per domain of an instrument. A domain may be left
// unscored (Score 0), with or without a note. Who may read it follows the
// household it was made in.
type Assessment struct {
	ID             int64
	HouseholdID    int64
	PersonID       int64
	InstrumentID   int64 // 0 on input: the default instrument
	Date           time.Time
	UserID         int64 // the assessor; 0 for the system
	OrganisationID int64 // the assessor's organisation
	Note           string
	Scores         []*AssessmentScore // in the instrument's domain order on output
	CreatedAt      time.Time
}

// AssessmentScore is the score of one domain in an assessment.
type AssessmentScore struct {
	DomainCode string
	Score      int // 0: not scored
	Note       string
}

// Score returns the score of the domain, 0 when it was not scored.
func (a *Assessment) Score(code string) int {
	for _, s := range a.Scores {
		if s.DomainCode == code {
			return s.Score
		}
	}
	return 0
}

// Validate normalises a and checks it against the instrument (nil when the chosen
// instrument does not exist; the scores are then not checked). today is the
// current date. Fields are named "scores.<domain code>" for a score and
// "scores.<domain code>.note" for its note, so that every bad cell is reported at
// once.
func (a *Assessment) Validate(in *Instrument, today time.Time) error {
	var v Validator
	a.Note = strings.TrimSpace(a.Note)
	v.Check(a.HouseholdID > 0, "householdId", "Kies een huishouden.")
	v.Check(a.PersonID > 0, "personId", "Kies de persoon die u beoordeelt.")
	checkDate(&v, "date", a.Date, today, "de datum van de meting")
	checkText(&v, "note", a.Note, MaxTextLen, false, "de toelichting")
	if in == nil {
		return v.Err()
	}
	lo, hi := in.levelRange()
	seen := map[string]bool{}
	scored, before := 0, len(v.fields)
	for _, s := range a.Scores {
		s.DomainCode = strings.TrimSpace(s.DomainCode)
		s.Note = strings.TrimSpace(s.Note)
		field := "scores." + s.DomainCode
		switch {
		case in.Domain(s.DomainCode) == nil:
			v.Add(field, fmt.Sprintf("%s kent geen leefgebied %q.", in.Name, s.DomainCode))
			continue
		case seen[s.DomainCode]:
			v.Add(field, "Dit leefgebied staat twee keer in de meting.")
			continue
		}
		seen[s.DomainCode] = true
		if s.Score != 0 {
			if in.Level(s.Score) == nil {
				v.Add(field, fmt.Sprintf("Kies voor %s een score van %d tot en met %d, of laat het leeg.", in.Domain(s.DomainCode).NameNL, lo, hi))
			} else {
				scored++
			}
		}
		checkText(&v, field+".note", s.Note, MaxTextLen, false, "de toelichting bij "+in.Domain(s.DomainCode).NameNL)
	}
	if scored == 0 && len(v.fields) == before {
		v.Add("scores", "Geef minstens één leefgebied een score.")
	}
	return v.Err()
}

// AssessmentFilter selects the assessments of one household, newest first.
type AssessmentFilter struct {
	HouseholdID  int64 // required
	PersonID     *int64
	InstrumentID int64 // 0: every instrument
	Limit        int
}

// ScorePoint is one score of one domain on one date.
type ScorePoint struct {
	AssessmentID int64
	Date         time.Time
	Score        int
}

// MatrixCell is one person × domain of the household matrix: the latest score,
// the one before it and the whole course over time (oldest first). Only
// assessments that scored the domain count.
type MatrixCell struct {
	DomainCode string
	Latest     *ScorePoint
	Previous   *ScorePoint
	Series     []ScorePoint
}

// Change is the latest score minus the previous one; ok is false when the domain
// was not scored twice.
func (c *MatrixCell) Change() (delta int, ok bool) {
	if c.Latest == nil || c.Previous == nil {
		return 0, false
	}
	return c.Latest.Score - c.Previous.Score, true
}

// MatrixRow is one current member of the household with a cell per domain of the
// instrument, in the instrument's order.
type MatrixRow struct {
	PersonID int64
	Person   *Person
	Cells    []*MatrixCell
}

// Cell returns the row's cell of the domain, or nil.
func (r *MatrixRow) Cell(code string) *MatrixCell {
	for _, c := range r.Cells {
		if c.DomainCode == code {
			return c
		}
	}
	return nil
}

// AssessmentMatrix is the household view of the assessments in one instrument:
// the current members × the instrument's domains.
type AssessmentMatrix struct {
	HouseholdID int64
	Instrument  *Instrument
	Rows        []*MatrixRow
}

// ProblemDomain is a domain whose latest score is a problem level: a candidate
// goal for the plan.
type ProblemDomain struct {
	PersonID     int64
	DomainCode   string
	DomainName   string
	LifeDomain   LifeDomain
	Score        int
	AssessedOn   time.Time
	AssessmentID int64
}

// ProblemDomains returns the problem domains of the matrix, per person in row
// order and per domain in the instrument's order.
func (m *AssessmentMatrix) ProblemDomains() []*ProblemDomain {
	out := []*ProblemDomain{}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			if c.Latest == nil || !m.Instrument.IsProblem(c.Latest.Score) {
				continue
			}
			d := m.Instrument.Domain(c.DomainCode)
			out = append(out, &ProblemDomain{PersonID: r.PersonID, DomainCode: d.Code, DomainName: d.NameNL, LifeDomain: d.LifeDomain,
				Score: c.Latest.Score, AssessedOn: c.Latest.Date, AssessmentID: c.Latest.AssessmentID})
		}
	}
	return out
}

// AssessmentService keeps instruments and assessments. Instruments are not
// personal data: everyone signed in reads them, the admin edits their criteria.
// Assessments are read by whoever may read the household they were made in, and
// made by regisseurs and partner professionals who may read it (ContributeBasis).
type AssessmentService interface {
	FindInstruments(ctx context.Context) ([]*Instrument, error)
	// FindInstrumentByID returns the instrument with its domains, levels and
	// criteria; id 0 gives the default instrument.
	FindInstrumentByID(ctx context.Context, id int64) (*Instrument, error)
	// UpdateCriterion changes the criterion text of one domain × level.
	UpdateCriterion(ctx context.Context, instrumentID int64, domainCode string, level int, text string) error
	CreateAssessment(ctx context.Context, a *Assessment) error
	FindAssessmentByID(ctx context.Context, id int64) (*Assessment, error)
	FindAssessments(ctx context.Context, f AssessmentFilter) ([]*Assessment, error)
	// HouseholdMatrix returns the current members × domains of the instrument (0:
	// the default) with latest, previous and course of the scores.
	HouseholdMatrix(ctx context.Context, householdID, instrumentID int64) (*AssessmentMatrix, error)
	// ProblemDomains returns, for the current members, the domains of the default
	// instrument whose latest score is a problem level.
	ProblemDomains(ctx context.Context, householdID int64) ([]*ProblemDomain, error)
}
