package kluwen

import (
	"context"
	"strings"
	"time"
)

// Person is a resident. The BSN is optional; the store keeps it so that it can be
// matched exactly, and hands it out masked (BSNMasked) unless the actor needs the
// whole number (see CanSeeFullBSN).
type Person struct {
	ID                int64
	GivenName         string
	FamilyNamePrefix  string // tussenvoegsel: "van", "de", "van der"
	FamilyName        string
	BirthDate         time.Time
	BSN               string // the whole BSN: only set on input, or on output for actors who may see it
	BSNMasked         string // "*****1234", or "" when there is no BSN
	RegisteredByOrgID int64  // the organisation that registered the person
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Name returns the full name as written in Dutch: "Anna van der Berg".
func (p *Person) Name() string {
	parts := []string{p.GivenName}
	if p.FamilyNamePrefix != "" {
		parts = append(parts, p.FamilyNamePrefix)
	}
	parts = append(parts, p.FamilyName)
	return strings.Join(parts, " ")
}

// Age returns the age in whole years on the given date.
func (p *Person) Age(on time.Time) int {
	y := on.Year() - p.BirthDate.Year()
	if on.Month() < p.BirthDate.Month() || (on.Month() == p.BirthDate.Month() && on.Day() < p.BirthDate.Day()) {
		y--
	}
	return y
}

// Validate normalises p and checks it. today is the current date.
func (p *Person) Validate(today time.Time) error {
	var v Validator
	p.GivenName = strings.TrimSpace(p.GivenName)
	p.FamilyNamePrefix = strings.TrimSpace(p.FamilyNamePrefix)
	p.FamilyName = strings.TrimSpace(p.FamilyName)
	checkText(&v, "givenName", p.GivenName, MaxShortLen, true, "de voornaam")
	checkText(&v, "familyNamePrefix", p.FamilyNamePrefix, 20, false, "het tussenvoegsel")
	checkText(&v, "familyName", p.FamilyName, MaxShortLen, true, "de achternaam")
	switch {
	case p.BirthDate.IsZero():
		v.Add("birthDate", "Vul de geboortedatum in.")
	case p.BirthDate.After(today):
		v.Add("birthDate", "De geboortedatum ligt in de toekomst. Vul een datum in van vandaag of eerder.")
	case p.BirthDate.Year() < 1890:
		v.Add("birthDate", "Vul een geboortedatum in na 1890.")
	}
	if p.BSN != "" {
		p.BSN = NormaliseBSN(p.BSN)
		v.Check(ValidBSN(p.BSN), "bsn", "Dit is geen geldig BSN. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")
	}
	return v.Err()
}

// PersonFilter selects persons. Results are only those the actor may see, ordered
// by ID; AfterID and Limit page through them.
type PersonFilter struct {
	Query       string // matches given or family name
	BSN         string // exact match on the whole BSN
	BirthDate   *time.Time
	HouseholdID *int64
	AfterID     int64
	Limit       int
}

// PersonUpdate changes a person; nil fields stay as they are. An empty BSN removes it.
type PersonUpdate struct {
	GivenName        *string
	FamilyNamePrefix *string
	FamilyName       *string
	BirthDate        *time.Time
	BSN              *string
}

// RelationKind is a family tie between two persons.
type RelationKind string

// Relation kinds. A parent relation reads "Person is parent of Related"; partner
// and sibling are symmetric.
const (
	RelationParent  RelationKind = "ouder"
	RelationPartner RelationKind = "partner"
	RelationSibling RelationKind = "broer_zus"
)

// RelationKinds lists every relation kind.
var RelationKinds = []RelationKind{RelationParent, RelationPartner, RelationSibling}

// Valid reports whether k is a known relation kind.
func (k RelationKind) Valid() bool {
	for _, x := range RelationKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the relation as seen from Person.
func (k RelationKind) Label() string {
	switch k {
	case RelationParent:
		return "Ouder van"
	case RelationPartner:
		return "Partner van"
	case RelationSibling:
		return "Broer of zus van"
	}
	return string(k)
}

// Relation is a family tie between two persons, who may live in different
// households.
type Relation struct {
	ID              int64
	PersonID        int64
	RelatedPersonID int64
	Kind            RelationKind
	CreatedAt       time.Time
}

// Validate checks r.
func (r *Relation) Validate() error {
	var v Validator
	v.Check(r.PersonID > 0, "personId", "Kies een persoon.")
	v.Check(r.RelatedPersonID > 0, "relatedPersonId", "Kies de persoon met wie de relatie bestaat.")
	if r.PersonID > 0 && r.PersonID == r.RelatedPersonID {
		v.Add("relatedPersonId", "Een persoon kan geen relatie met zichzelf hebben.")
	}
	v.Check(r.Kind.Valid(), "kind", "Kies het soort relatie.")
	return v.Err()
}

// Family is the family around a household over three generations.
type Family struct {
	HouseholdID int64
	Members     []*FamilyMember
	Relations   []*Relation
}

// FamilyMember is one person in a family view. Generation is relative to the
// household's members: -1 their parents, -2 grandparents, +1 children. A relative
// the actor may not see appears with Person nil (Hidden true) and a placeholder
// PersonID (negative, meaningful only within one answer): the tie is shown,
// not who it is.
type FamilyMember struct {
	PersonID    int64
	Person      *Person
	Hidden      bool
	Generation  int
	InHousehold bool
}

// PersonService manages persons and the family ties between them.
type PersonService interface {
	CreatePerson(ctx context.Context, p *Person) error
	FindPersonByID(ctx context.Context, id int64) (*Person, error)
	FindPersons(ctx context.Context, f PersonFilter) ([]*Person, error)
	UpdatePerson(ctx context.Context, id int64, u PersonUpdate) (*Person, error)
	CreateRelation(ctx context.Context, r *Relation) error
	DeleteRelation(ctx context.Context, id int64) error
	// FindRelations returns the ties of a person that the actor may see.
	FindRelations(ctx context.Context, personID int64) ([]*Relation, error)
}
