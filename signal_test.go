package kluwen

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestSignalRules is the need-to-know matrix for signals: who reads a normal and
// a confidential signal, and who may record one.
func TestSignalRules(t *testing.T) {
	const own, police, youth, other = 1, 2, 3, 4
	open := CaseFacts{CaseID: 10, OrganisationID: own, RegisseurID: 100}
	// The household as seen by an actor of the police or of youth care: both are
	// involved partners of the open case.
	involved := open
	involved.PartnerBasis = BasisCovenant
	hhFor := func(a *Actor) HouseholdFacts {
		c := open
		if a != nil && (a.OrganisationID == police || a.OrganisationID == youth) {
			c = involved
		}
		return HouseholdFacts{RegisteredByOrgID: own, Cases: []CaseFacts{c}}
	}
	closedOwn := open
	closedOwn.Closed = true

	for _, tc := range []struct {
		name                      string
		actor                     *Actor
		facts                     func(*Actor) HouseholdFacts
		readNormal, readConfYouth bool // a confidential signal written by youth care
		create                    bool
	}{
		{"regisseur of the case", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur}, hhFor, true, true, true},
		{"regisseur of the owning organisation", &Actor{UserID: 101, OrganisationID: own, Role: RoleRegisseur}, hhFor, true, true, true},
		{"professional of the owning organisation", &Actor{UserID: 102, OrganisationID: own, Role: RoleProfessional}, hhFor, false, false, false},
		{"professional of the author organisation", &Actor{UserID: 300, OrganisationID: youth, Role: RoleProfessional}, hhFor, true, true, true},
		{"regisseur of the author organisation", &Actor{UserID: 301, OrganisationID: youth, Role: RoleRegisseur}, hhFor, true, true, true},
		{"professional of another involved partner", &Actor{UserID: 200, OrganisationID: police, Role: RoleProfessional}, hhFor, true, false, true},
		{"regisseur of another involved partner", &Actor{UserID: 201, OrganisationID: police, Role: RoleRegisseur}, hhFor, true, false, true},
		{"regisseur of an uninvolved organisation", &Actor{UserID: 400, OrganisationID: other, Role: RoleRegisseur}, hhFor, false, false, false},
		{"professional of an uninvolved organisation", &Actor{UserID: 401, OrganisationID: other, Role: RoleProfessional}, hhFor, false, false, false},
		{"regisseur of a closed case of the own organisation", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur},
			func(*Actor) HouseholdFacts {
				return HouseholdFacts{RegisteredByOrgID: other, Cases: []CaseFacts{closedOwn}}
			}, true, true, true},
		{"analyst", &Actor{UserID: 500, OrganisationID: youth, Role: RoleAnalyst}, hhFor, false, false, false},
		{"admin of the author organisation", &Actor{UserID: 501, OrganisationID: youth, Role: RoleAdmin}, hhFor, false, false, false},
		{"privacy officer", &Actor{UserID: 502, OrganisationID: own, Role: RolePrivacyOfficer}, hhFor, false, false, false},
		{"system", SystemActor("test"), hhFor, true, true, true},
		{"nobody", nil, hhFor, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.facts(tc.actor)
			if _, ok := SignalReadBasis(tc.actor, SignalFacts{Household: h, AuthorOrgID: police, Confidentiality: Normal}); ok != tc.readNormal {
				t.Errorf("read normal = %v, want %v", ok, tc.readNormal)
			}
			basis, ok := SignalReadBasis(tc.actor, SignalFacts{Household: h, AuthorOrgID: youth, Confidentiality: Confidential})
			if ok != tc.readConfYouth {
				t.Errorf("read confidential = %v, want %v", ok, tc.readConfYouth)
			}
			if ok && basis == "" {
				t.Error("allowed without a basis")
			}
			if got := SeesAllConfidential(tc.actor, h); tc.actor != nil && got != (tc.readConfYouth && (tc.actor.System() || tc.actor.OrganisationID != youth)) {
				t.Errorf("SeesAllConfidential = %v", got)
			}
			if _, ok := ContributeBasis(tc.actor, h); ok != tc.create {
				t.Errorf("create = %v, want %v", ok, tc.create)
			}
		})
	}
}

// TestConfidentialNeedsHousehold: the author's organisation no longer reads its
// own confidential signal once its involvement has ended: need-to-know ends with
// the involvement.
func TestConfidentialNeedsHousehold(t *testing.T) {
	a := &Actor{UserID: 300, OrganisationID: 3, Role: RoleProfessional}
	h := HouseholdFacts{RegisteredByOrgID: 1, Cases: []CaseFacts{{CaseID: 10, OrganisationID: 1, RegisseurID: 100}}}
	if _, ok := ConfidentialReadBasis(a, h, 3); ok {
		t.Error("author organisation without involvement reads the confidential signal")
	}
	h.Cases[0].PartnerBasis = BasisConsent
	if b, ok := ConfidentialReadBasis(a, h, 3); !ok || b != BasisConfidentialAuthor {
		t.Errorf("involved author organisation: %q %v", b, ok)
	}
}

func TestSignalValidate(t *testing.T) {
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	fields := func(err error) []string {
		var out []string
		for _, f := range ErrorFields(err) {
			out = append(out, f.Field)
		}
		slices.Sort(out)
		return out
	}
	good := func() *Signal {
		return &Signal{HouseholdID: 1, TypeCode: " huurachterstand ", Date: today, Severity: SeverityHigh,
			Description: "  Drie maanden huur achter. ", Confidentiality: Normal}
	}
	s := good()
	if err := s.Validate(today); err != nil {
		t.Fatalf("good signal: %v", err)
	}
	if s.TypeCode != "huurachterstand" || s.Description != "Drie maanden huur achter." {
		t.Errorf("not normalised: %+v", s)
	}
	zero := int64(0)
	bad := &Signal{PersonID: &zero, Date: today.AddDate(0, 0, 1), LifeDomain: 14, Severity: "ernstig",
		Description: strings.Repeat("x", MaxTextLen+1), Confidentiality: "geheim"}
	want := []string{"confidentiality", "date", "description", "householdId", "lifeDomain", "personId", "severity", "type"}
	if got := fields(bad.Validate(today)); !slices.Equal(got, want) {
		t.Errorf("fields = %v, want %v", got, want)
	}
	for _, d := range []time.Time{{}, time.Date(1989, 12, 31, 0, 0, 0, 0, time.UTC)} {
		s := good()
		s.Date = d
		if got := fields(s.Validate(today)); !slices.Equal(got, []string{"date"}) {
			t.Errorf("date %v: fields %v", d, got)
		}
	}
}

func TestSignalTypeValidate(t *testing.T) {
	st := &SignalType{Code: "  overlast ", Label: " Overlastmelding", DefaultDomain: DomainHuisvesting}
	if err := st.Validate(); err != nil || st.Code != "overlast" || st.Label != "Overlastmelding" {
		t.Fatalf("%v %+v", err, st)
	}
	bad := &SignalType{Code: "Over Last", DefaultDomain: 0}
	if got := len(ErrorFields(bad.Validate())); got != 3 {
		t.Errorf("%d field errors, want 3: %v", got, bad.Validate())
	}
}

func TestLifeDomains(t *testing.T) {
	if len(LifeDomains) != 13 {
		t.Fatalf("%d domains", len(LifeDomains))
	}
	seen := map[string]bool{}
	for i, d := range LifeDomains {
		if int(d) != i+1 || !d.Valid() || d.Label() == "" || d.LabelEN() == "" || seen[d.Code()] {
			t.Errorf("domain %d: %q %q %q", d, d.Code(), d.Label(), d.LabelEN())
		}
		seen[d.Code()] = true
		if back, ok := LifeDomainByCode(d.Code()); !ok || back != d {
			t.Errorf("LifeDomainByCode(%q) = %v %v", d.Code(), back, ok)
		}
	}
	for _, d := range []LifeDomain{0, 14, -1} {
		if d.Valid() || d.Code() != "" || d.Label() != "" {
			t.Errorf("domain %d counts as valid", d)
		}
	}
	if DomainFinancien.Label() != "Financiën" || DomainOpvoeding.Code() != "opvoeding" {
		t.Error("labels differ from domain.md")
	}
}
