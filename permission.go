package kluwen

import "fmt"

// This file holds the need-to-know rules. They are pure functions over facts the
// store gathers inside its transaction (CaseFacts, HouseholdFacts), so that the
// rule is tested as a matrix of roles × actions without a database, and enforced
// in the store in the same transaction as the read or change and its access-log
// entry. A denied read answers ENOTFOUND (existence is not revealed), a denied
// write EFORBIDDEN.

// Permission is an action that is allowed or not by role alone, before any
// object-level rule.
type Permission string

// Role-level permissions.
const (
	PermManageOrganisations Permission = "manage_organisations"
	PermManageUsers         Permission = "manage_users"
	PermReadAccessLog       Permission = "read_access_log"
	PermRegisterHousehold   Permission = "register_household" // create households and persons
	PermOpenCase            Permission = "open_case"
	PermReadPersonalData    Permission = "read_personal_data" // subject to need-to-know per object
	PermReadOrganisations   Permission = "read_organisations"
	PermRecordCosts         Permission = "record_costs"          // for the actor's own organisation
	PermManageCostCatalogue Permission = "manage_cost_catalogue" // unit costs and the price index
	PermAnalyseCosts        Permission = "analyse_costs"         // portfolio and cohorts, pseudonymised for analysts
	PermManageSettings      Permission = "manage_settings"       // configurable lists: signal types, instruments
)

// rolePermissions is the role-level matrix. Object-level rules narrow it further.
var rolePermissions = map[Role][]Permission{
	RoleRegisseur:      {PermRegisterHousehold, PermOpenCase, PermReadPersonalData, PermReadOrganisations, PermRecordCosts, PermAnalyseCosts},
	RoleProfessional:   {PermReadPersonalData, PermReadOrganisations, PermRecordCosts},
	RoleAnalyst:        {PermReadOrganisations, PermAnalyseCosts},
	RolePrivacyOfficer: {PermReadAccessLog, PermReadOrganisations},
	RoleAdmin:          {PermManageOrganisations, PermManageUsers, PermReadOrganisations, PermManageSettings, PermManageCostCatalogue},
	RoleEditor:         {PermReadOrganisations},
}

// Can reports whether the actor's role grants p. The system actor (an operator
// task on the command line) may do everything.
func (a *Actor) Can(p Permission) bool {
	if a == nil {
		return false
	}
	if a.System() {
		return true
	}
	for _, x := range rolePermissions[a.Role] {
		if x == p {
			return true
		}
	}
	return false
}

// Require returns nil when the actor's role grants p, EUNAUTHORIZED without an
// actor, and EFORBIDDEN otherwise.
func (a *Actor) Require(p Permission) error {
	if a == nil {
		return Errorf(EUNAUTHORIZED, "U bent niet ingelogd.")
	}
	if !a.Can(p) {
		return Errorf(EFORBIDDEN, "U heeft geen toestemming voor deze handeling.")
	}
	return nil
}

// CaseFacts are the facts need-to-know decisions about one case rest on, as seen
// for one actor on one date.
type CaseFacts struct {
	CaseID         int64
	OrganisationID int64 // the owning organisation (the regisseur's)
	RegisseurID    int64
	Closed         bool
	// PartnerBasis is the legal basis of the actor's organisation's involvement
	// active on the date, or "" when it is not involved then.
	PartnerBasis LegalBasis
}

// Access-log bases: why an access was allowed.
const (
	BasisSystem          = "systeemtaak"
	BasisOwnCase         = "regisseur van de casus"
	BasisOwnOrganisation = "casus van eigen organisatie"
	BasisRegistered      = "geregistreerd door eigen organisatie"
	BasisRole            = "rol"
)

// CaseReadBasis says on what ground the actor may read the case and everything in
// it, or ok false when they may not. A regisseur reads the cases they coordinate
// and those of their own organisation; a regisseur or professional reads the cases
// their organisation is an involved partner of, while the involvement lasts.
// Analysts, admins, privacy officers and editors read no case content.
func CaseReadBasis(a *Actor, f CaseFacts) (basis string, ok bool) {
	switch {
	case a == nil:
		return "", false
	case a.System():
		return BasisSystem, true
	case a.Role == RoleRegisseur && f.RegisseurID == a.UserID:
		return BasisOwnCase, true
	case a.Role == RoleRegisseur && f.OrganisationID == a.OrganisationID:
		return BasisOwnOrganisation, true
	case (a.Role == RoleRegisseur || a.Role == RoleProfessional) && f.PartnerBasis != "":
		return fmt.Sprintf("betrokken partner: %s", f.PartnerBasis), true
	}
	return "", false
}

// CaseCoordinateBasis says on what ground the actor may change the case itself:
// its status, its regisseur and its involved partners. That is the coordination:
// the case's regisseur, or a regisseur of the owning organisation; never a
// closed case.
func CaseCoordinateBasis(a *Actor, f CaseFacts) (basis string, ok bool) {
	if f.Closed && (a == nil || !a.System()) {
		return "", false
	}
	switch {
	case a == nil:
		return "", false
	case a.System():
		return BasisSystem, true
	case a.Role == RoleRegisseur && f.RegisseurID == a.UserID:
		return BasisOwnCase, true
	case a.Role == RoleRegisseur && f.OrganisationID == a.OrganisationID:
		return BasisOwnOrganisation, true
	}
	return "", false
}

// HouseholdFacts are the facts need-to-know decisions about a household rest on.
type HouseholdFacts struct {
	HouseholdID       int64
	RegisteredByOrgID int64
	Cases             []CaseFacts // every case of the household
}

// HouseholdReadBasis says on what ground the actor may read the household, its
// members and their persons: a case of the household they may read, or — for a
// regisseur — a household their organisation registered (before a case exists).
func HouseholdReadBasis(a *Actor, f HouseholdFacts) (basis string, ok bool) {
	if a == nil {
		return "", false
	}
	if a.System() {
		return BasisSystem, true
	}
	for _, c := range f.Cases {
		if b, ok := CaseReadBasis(a, c); ok {
			return fmt.Sprintf("casus %d: %s", c.CaseID, b), true
		}
	}
	if a.Role == RoleRegisseur && f.RegisteredByOrgID == a.OrganisationID {
		return BasisRegistered, true
	}
	return "", false
}

// HouseholdWriteBasis says on what ground the actor may change the household, its
// members and their persons and family ties: a regisseur who coordinates an open
// case of the household (CaseCoordinateBasis), or whose organisation registered
// it. A regisseur whose organisation is only an involved partner reads the
// household but does not change it.
func HouseholdWriteBasis(a *Actor, f HouseholdFacts) (basis string, ok bool) {
	if a == nil {
		return "", false
	}
	if a.System() {
		return BasisSystem, true
	}
	if a.Role != RoleRegisseur {
		return "", false
	}
	for _, c := range f.Cases {
		if b, ok := CaseCoordinateBasis(a, c); ok {
			return fmt.Sprintf("casus %d: %s", c.CaseID, b), true
		}
	}
	if f.RegisteredByOrgID == a.OrganisationID {
		return BasisRegistered, true
	}
	return "", false
}

// CanSeeFullBSN reports whether the actor sees whole BSNs of the persons they may
// read; everyone else sees them masked. The regisseur needs them to match a
// household with the partners' records.
func CanSeeFullBSN(a *Actor) bool {
	return a != nil && (a.System() || a.Role == RoleRegisseur)
}

// PersonFacts are the facts need-to-know decisions about a person rest on: the
// households they were ever a member of.
type PersonFacts struct {
	PersonID          int64
	RegisteredByOrgID int64
	Households        []HouseholdFacts
}

// PersonReadBasis says on what ground the actor may read the person: they are or
// were a member of a household the actor may read, or — for a regisseur — their
// organisation registered the person.
func PersonReadBasis(a *Actor, f PersonFacts) (basis string, ok bool) {
	if a == nil {
		return "", false
	}
	if a.System() {
		return BasisSystem, true
	}
	for _, h := range f.Households {
		if b, ok := HouseholdReadBasis(a, h); ok {
			return fmt.Sprintf("huishouden %d: %s", h.HouseholdID, b), true
		}
	}
	if a.Role == RoleRegisseur && f.RegisteredByOrgID == a.OrganisationID {
		return BasisRegistered, true
	}
	return "", false
}

// PersonWriteBasis says on what ground the actor may change the person and their
// family ties: a regisseur who may change a household the person is or was a
// member of, or whose organisation registered the person.
func PersonWriteBasis(a *Actor, f PersonFacts) (basis string, ok bool) {
	if a == nil {
		return "", false
	}
	if a.System() {
		return BasisSystem, true
	}
	if a.Role != RoleRegisseur {
		return "", false
	}
	for _, h := range f.Households {
		if b, ok := HouseholdWriteBasis(a, h); ok {
			return fmt.Sprintf("huishouden %d: %s", h.HouseholdID, b), true
		}
	}
	if f.RegisteredByOrgID == a.OrganisationID {
		return BasisRegistered, true
	}
	return "", false
}
