package kluwen

import "testing"

func TestHouseholdRules(t *testing.T) {
	const own, partner, other = 1, 2, 3
	open := CaseFacts{CaseID: 10, OrganisationID: own, RegisseurID: 100}
	partnerView := open
	partnerView.PartnerBasis = BasisCovenant
	closed := open
	closed.Closed = true
	for _, tc := range []struct {
		name        string
		actor       *Actor
		facts       HouseholdFacts
		read, write bool
	}{
		{"regisseur of the case", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur}, HouseholdFacts{Cases: []CaseFacts{open}}, true, true},
		{"regisseur of the same organisation", &Actor{UserID: 101, OrganisationID: own, Role: RoleRegisseur}, HouseholdFacts{Cases: []CaseFacts{open}}, true, true},
		{"regisseur of an involved partner", &Actor{UserID: 200, OrganisationID: partner, Role: RoleRegisseur}, HouseholdFacts{Cases: []CaseFacts{partnerView}}, true, false},
		{"professional of an involved partner", &Actor{UserID: 201, OrganisationID: partner, Role: RoleProfessional}, HouseholdFacts{Cases: []CaseFacts{partnerView}}, true, false},
		{"regisseur of another organisation", &Actor{UserID: 300, OrganisationID: other, Role: RoleRegisseur}, HouseholdFacts{Cases: []CaseFacts{open}}, false, false},
		{"registered by own organisation, no case", &Actor{UserID: 101, OrganisationID: own, Role: RoleRegisseur}, HouseholdFacts{RegisteredByOrgID: own}, true, true},
		{"only a closed case of own organisation", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur}, HouseholdFacts{RegisteredByOrgID: other, Cases: []CaseFacts{closed}}, true, false},
		{"analyst", &Actor{UserID: 400, OrganisationID: own, Role: RoleAnalyst}, HouseholdFacts{RegisteredByOrgID: own, Cases: []CaseFacts{open}}, false, false},
		{"admin", &Actor{UserID: 401, OrganisationID: own, Role: RoleAdmin}, HouseholdFacts{RegisteredByOrgID: own, Cases: []CaseFacts{open}}, false, false},
		{"privacy officer", &Actor{UserID: 402, OrganisationID: own, Role: RolePrivacyOfficer}, HouseholdFacts{RegisteredByOrgID: own, Cases: []CaseFacts{open}}, false, false},
		{"system", SystemActor("test"), HouseholdFacts{}, true, true},
		{"nobody", nil, HouseholdFacts{RegisteredByOrgID: own}, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := HouseholdReadBasis(tc.actor, tc.facts); ok != tc.read {
				t.Errorf("read = %v, want %v", ok, tc.read)
			}
			if _, ok := HouseholdWriteBasis(tc.actor, tc.facts); ok != tc.write {
				t.Errorf("write = %v, want %v", ok, tc.write)
			}
			pf := PersonFacts{Households: []HouseholdFacts{tc.facts}}
			if _, ok := PersonReadBasis(tc.actor, pf); ok != tc.read {
				t.Errorf("person read = %v, want %v", ok, tc.read)
			}
			if _, ok := PersonWriteBasis(tc.actor, pf); ok != tc.write {
				t.Errorf("person write = %v, want %v", ok, tc.write)
			}
		})
	}
}

func TestValidBSN(t *testing.T) {
	for s, want := range map[string]bool{"111222333": true, "123456782": true, "123456789": false, "000000000": false, "12345678": false, "12345678a": false} {
		if got := ValidBSN(s); got != want {
			t.Errorf("ValidBSN(%q) = %v, want %v", s, got, want)
		}
	}
	if got := NormaliseBSN("1234.56.782"); got != "123456782" {
		t.Errorf("NormaliseBSN = %q", got)
	}
	if got := MaskBSN("123456782"); got != "*****6782" {
		t.Errorf("MaskBSN = %q", got)
	}
}

func TestPostcode(t *testing.T) {
	for in, want := range map[string]string{"1234ab": "1234 AB", "1234 AB": "1234 AB", " 9999 zz ": "9999 ZZ"} {
		if got, ok := NormalisePostcode(in); !ok || got != want {
			t.Errorf("NormalisePostcode(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"0123 AB", "1234 SS", "12345 AB", "1234", "ABCD 12"} {
		if _, ok := NormalisePostcode(in); ok {
			t.Errorf("NormalisePostcode(%q) accepted", in)
		}
	}
}

func TestCaseTransitions(t *testing.T) {
	if !CaseAanmelding.CanMoveTo(CaseAnalyse) || CaseAanmelding.CanMoveTo(CasePlan) {
		t.Error("aanmelding moves only to analyse or afgesloten")
	}
	if !CaseMonitoring.CanMoveTo(CaseUitvoering) {
		t.Error("monitoring may fall back to uitvoering")
	}
	if len(CaseAfgesloten.NextStatuses()) != 0 {
		t.Error("a closed case stays closed")
	}
}
