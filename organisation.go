package kluwen

import (
	"context"
	"strings"
	"time"
)

// Sector is the field a partner organisation works in; it matters for access and
// for the cost split.
type Sector string

// The sectors of domain.md.
const (
	SectorGemeente   Sector = "gemeente"
	SectorZorg       Sector = "zorg"
	SectorJeugd      Sector = "jeugd"
	SectorVeiligheid Sector = "veiligheid"
	SectorWonen      Sector = "wonen"
	SectorSchulden   Sector = "schulden"
	SectorOnderwijs  Sector = "onderwijs"
)

// Sectors lists every sector in display order.
var Sectors = []Sector{SectorGemeente, SectorZorg, SectorJeugd, SectorVeiligheid, SectorWonen, SectorSchulden, SectorOnderwijs}

// Valid reports whether s is a known sector.
func (s Sector) Valid() bool {
	for _, x := range Sectors {
		if x == s {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the sector.
func (s Sector) Label() string {
	switch s {
	case SectorGemeente:
		return "Gemeente"
	case SectorZorg:
		return "Zorg"
	case SectorJeugd:
		return "Jeugdbescherming"
	case SectorVeiligheid:
		return "Veiligheid en justitie"
	case SectorWonen:
		return "Wonen"
	case SectorSchulden:
		return "Schulden"
	case SectorOnderwijs:
		return "Onderwijs"
	}
	return string(s)
}

// Organisation is a partner organisation: a municipality, the police, a housing
// corporation, a care provider, and so on.
type Organisation struct {
	ID          int64
	Name        string
	Sector      Sector
	Departments []*Department
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Department is a part of an organisation (e.g. the wijkteam of the municipality).
type Department struct {
	ID             int64
	OrganisationID int64
	Name           string
}

// DepartmentLabel names a department with its organisation ("Politie — Wijkteam
// Centrum"), so that departments of the same name in different organisations
// stay apart wherever costs are split by department.
func DepartmentLabel(organisation, department string) string {
	return organisation + " — " + department
}

// Maximum lengths of free-text fields.
const (
	MaxNameLen  = 200
	MaxShortLen = 100
	MaxTextLen  = 4000
)

// Validate normalises o and checks it.
func (o *Organisation) Validate() error {
	var v Validator
	o.Name = strings.TrimSpace(o.Name)
	checkText(&v, "name", o.Name, MaxNameLen, true, "de naam")
	v.Check(o.Sector.Valid(), "sector", "Kies een sector uit de lijst.")
	return v.Err()
}

// Validate normalises d and checks it.
func (d *Department) Validate() error {
	var v Validator
	d.Name = strings.TrimSpace(d.Name)
	checkText(&v, "name", d.Name, MaxNameLen, true, "de naam van de afdeling")
	return v.Err()
}

// OrganisationFilter selects organisations.
type OrganisationFilter struct {
	ID     *int64
	Name   *string // exact name
	Sector *Sector
}

// OrganisationUpdate changes an organisation; nil fields stay as they are.
type OrganisationUpdate struct {
	Name   *string
	Sector *Sector
}

// OrganisationService manages partner organisations. Only admins create and change
// them; every signed-in user may list them (they are not personal data).
type OrganisationService interface {
	CreateOrganisation(ctx context.Context, o *Organisation) error
	FindOrganisationByID(ctx context.Context, id int64) (*Organisation, error)
	FindOrganisations(ctx context.Context, f OrganisationFilter) ([]*Organisation, error)
	UpdateOrganisation(ctx context.Context, id int64, u OrganisationUpdate) (*Organisation, error)
	CreateDepartment(ctx context.Context, d *Department) error
}
