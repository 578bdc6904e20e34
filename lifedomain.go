package kluwen

// LifeDomain (leefgebied) is one of the thirteen domains of the
// Zelfredzaamheid-Matrix in domain.md, numbered as there. Goals of the plan and
// deviations (maatwerk) are filed under one.
type LifeDomain int

// The life domains.
const (
	DomainFinances LifeDomain = iota + 1
	DomainWorkEducation
	DomainDaytime
	DomainHousing
	DomainDomesticRelations
	DomainMentalHealth
	DomainPhysicalHealth
	DomainAddiction
	DomainADL
	DomainSocialNetwork
	DomainParticipation
	DomainJustice
	DomainParenting
)

// LifeDomains lists every life domain in order.
var LifeDomains = []LifeDomain{
	DomainFinances, DomainWorkEducation, DomainDaytime, DomainHousing, DomainDomesticRelations,
	DomainMentalHealth, DomainPhysicalHealth, DomainAddiction, DomainADL, DomainSocialNetwork,
	DomainParticipation, DomainJustice, DomainParenting,
}

// Valid reports whether d is one of the thirteen domains.
func (d LifeDomain) Valid() bool { return d >= DomainFinances && d <= DomainParenting }

// Label is the Dutch name of the domain.
func (d LifeDomain) Label() string {
	switch d {
	case DomainFinances:
		return "Financiën"
	case DomainWorkEducation:
		return "Werk & opleiding"
	case DomainDaytime:
		return "Tijdsbesteding"
	case DomainHousing:
		return "Huisvesting"
	case DomainDomesticRelations:
		return "Huiselijke relaties"
	case DomainMentalHealth:
		return "Geestelijke gezondheid"
	case DomainPhysicalHealth:
		return "Lichamelijke gezondheid"
	case DomainAddiction:
		return "Verslaving"
	case DomainADL:
		return "Activiteiten dagelijks leven (ADL)"
	case DomainSocialNetwork:
		return "Sociaal netwerk"
	case DomainParticipation:
		return "Maatschappelijke participatie"
	case DomainJustice:
		return "Justitie"
	case DomainParenting:
		return "Opvoeding / ouderschap"
	}
	return "Onbekend leefgebied"
}
