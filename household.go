package kluwen

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Household is a household at an address. Its members change over time; each
// membership has its own period.
type Household struct {
	ID                  int64
	Street              string
	HouseNumber         int
	HouseNumberAddition string
	Postcode            string // "1234 AB"
	City                string
	Wijk                string // neighbourhood
	RegisteredByOrgID   int64  // the organisation that registered it
	Members             []*Membership
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Address returns the address on one line.
func (h *Household) Address() string {
	s := h.Street + " " + strconv.Itoa(h.HouseNumber)
	if h.HouseNumberAddition != "" {
		s += "-" + h.HouseNumberAddition
	}
	return s + ", " + h.Postcode + " " + h.City
}

// Validate normalises h and checks it.
func (h *Household) Validate() error {
	var v Validator
	h.Street = strings.TrimSpace(h.Street)
	h.HouseNumberAddition = strings.TrimSpace(h.HouseNumberAddition)
	h.City = strings.TrimSpace(h.City)
	h.Wijk = strings.TrimSpace(h.Wijk)
	checkText(&v, "street", h.Street, MaxNameLen, true, "de straat")
	v.Check(h.HouseNumber >= 1 && h.HouseNumber <= 99999, "houseNumber", "Vul een huisnummer in van 1 tot en met 99999.")
	checkText(&v, "houseNumberAddition", h.HouseNumberAddition, 10, false, "de toevoeging")
	if pc, ok := NormalisePostcode(h.Postcode); ok {
		h.Postcode = pc
	} else if strings.TrimSpace(h.Postcode) == "" {
		v.Add("postcode", "Vul een postcode in.")
	} else {
		v.Add("postcode", "Vul een geldige postcode in, zoals 1234 AB.")
	}
	checkText(&v, "city", h.City, MaxShortLen, true, "de woonplaats")
	checkText(&v, "wijk", h.Wijk, MaxShortLen, false, "de wijk")
	return v.Err()
}

// MemberRole is the place of a person in a household.
type MemberRole string

// Member roles.
const (
	MemberHead    MemberRole = "hoofdbewoner"
	MemberPartner MemberRole = "partner"
	MemberChild   MemberRole = "kind"
	MemberOther   MemberRole = "overig"
)

// MemberRoles lists every member role in display order.
var MemberRoles = []MemberRole{MemberHead, MemberPartner, MemberChild, MemberOther}

// Valid reports whether r is a known member role.
func (r MemberRole) Valid() bool {
	for _, x := range MemberRoles {
		if x == r {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the member role.
func (r MemberRole) Label() string {
	switch r {
	case MemberHead:
		return "Hoofdbewoner"
	case MemberPartner:
		return "Partner"
	case MemberChild:
		return "Kind"
	case MemberOther:
		return "Overig"
	}
	return string(r)
}

// Membership says that a person lived in a household from a date, until an
// optional date (inclusive), in a role.
type Membership struct {
	ID          int64
	HouseholdID int64
	PersonID    int64
	Person      *Person // filled by FindHouseholdByID
	From        time.Time
	To          *time.Time
	Role        MemberRole
}

// Current reports whether the membership covers the given date.
func (m *Membership) Current(on time.Time) bool {
	return !m.From.After(on) && (m.To == nil || !m.To.Before(on))
}

// Validate checks m.
func (m *Membership) Validate() error {
	var v Validator
	v.Check(m.PersonID > 0, "personId", "Kies een persoon.")
	v.Check(!m.From.IsZero(), "from", "Vul de datum in vanaf wanneer de persoon hier woont.")
	if m.To != nil && !m.From.IsZero() && m.To.Before(m.From) {
		v.Add("to", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
	}
	v.Check(m.Role.Valid(), "role", "Kies een rol in het huishouden.")
	return v.Err()
}

// HouseholdFilter selects households. Results are only those the actor may see,
// ordered by ID; AfterID and Limit page through them.
type HouseholdFilter struct {
	Query    string // matches street, postcode, city, wijk or a member's name
	Postcode string
	Wijk     string
	PersonID *int64 // households the person is or was a member of
	AfterID  int64
	Limit    int
}

// HouseholdUpdate changes a household; nil fields stay as they are.
type HouseholdUpdate struct {
	Street              *string
	HouseNumber         *int
	HouseNumberAddition *string
	Postcode            *string
	City                *string
	Wijk                *string
}

// MembershipUpdate changes a membership; nil fields stay as they are.
type MembershipUpdate struct {
	From *time.Time
	To   **time.Time // set to a nil *time.Time to clear the end date
	Role *MemberRole
}

// HouseholdService manages households and their members. Reads return ENOTFOUND
// for a household the actor may not see.
type HouseholdService interface {
	CreateHousehold(ctx context.Context, h *Household) error
	// FindHouseholdByID returns the household with its members (and their persons).
	FindHouseholdByID(ctx context.Context, id int64) (*Household, error)
	FindHouseholds(ctx context.Context, f HouseholdFilter) ([]*Household, error)
	UpdateHousehold(ctx context.Context, id int64, u HouseholdUpdate) (*Household, error)
	AddMember(ctx context.Context, m *Membership) error
	// AddNewMember registers p and adds them to the household as m says, in one
	// transaction: either both are stored or neither. m.PersonID is set to p.ID.
	AddNewMember(ctx context.Context, p *Person, m *Membership) error
	UpdateMembership(ctx context.Context, id int64, u MembershipUpdate) (*Membership, error)
	// FindFamily returns the family around the household's members over three
	// generations (grandparents to grandchildren).
	FindFamily(ctx context.Context, householdID int64) (*Family, error)
}
