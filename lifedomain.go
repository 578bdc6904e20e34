package kluwen

// LifeDomain is one of the thirteen life domains (leefgebieden) of domain.md,
// numbered as in the Zelfredzaamheid-Matrix. Signals and plan goals name a life
// domain; an assessment instrument maps each of its own domains to one (see
// InstrumentDomain), so that another instrument can be configured without
// changing the goals and signals that refer to these.
type LifeDomain int

// The life domains, numbered 1–13.
const (
	DomainFinancien LifeDomain = 1 + iota
	DomainWerkOpleiding
	DomainTijdsbesteding
	DomainHuisvesting
	DomainHuiselijkeRelaties
	DomainGeestelijkeGezondheid
	DomainLichamelijkeGezondheid
	DomainVerslaving
	DomainADL
	DomainSociaalNetwerk
	DomainParticipatie
	DomainJustitie
	DomainOpvoeding
)

type lifeDomainInfo struct {
	code, nl, en string
}

var lifeDomainInfos = [...]lifeDomainInfo{
	DomainFinancien:              {"financien", "Financiën", "Finances"},
	DomainWerkOpleiding:          {"werk_opleiding", "Werk & opleiding", "Work and education"},
	DomainTijdsbesteding:         {"tijdsbesteding", "Tijdsbesteding", "Daytime activities"},
	DomainHuisvesting:            {"huisvesting", "Huisvesting", "Housing"},
	DomainHuiselijkeRelaties:     {"huiselijke_relaties", "Huiselijke relaties", "Domestic relations"},
	DomainGeestelijkeGezondheid:  {"geestelijke_gezondheid", "Geestelijke gezondheid", "Mental health"},
	DomainLichamelijkeGezondheid: {"lichamelijke_gezondheid", "Lichamelijke gezondheid", "Physical health"},
	DomainVerslaving:             {"verslaving", "Verslaving", "Addiction"},
	DomainADL:                    {"adl", "Activiteiten dagelijks leven (ADL)", "Activities of daily living"},
	DomainSociaalNetwerk:         {"sociaal_netwerk", "Sociaal netwerk", "Social network"},
	DomainParticipatie:           {"maatschappelijke_participatie", "Maatschappelijke participatie", "Community participation"},
	DomainJustitie:               {"justitie", "Justitie", "Justice"},
	DomainOpvoeding:              {"opvoeding", "Opvoeding / ouderschap", "Parenting"},
}

// LifeDomains lists every life domain in order.
var LifeDomains = []LifeDomain{
	DomainFinancien, DomainWerkOpleiding, DomainTijdsbesteding, DomainHuisvesting, DomainHuiselijkeRelaties,
	DomainGeestelijkeGezondheid, DomainLichamelijkeGezondheid, DomainVerslaving, DomainADL, DomainSociaalNetwerk,
	DomainParticipatie, DomainJustitie, DomainOpvoeding,
}

// Valid reports whether d is one of the thirteen life domains.
func (d LifeDomain) Valid() bool { return d >= DomainFinancien && d <= DomainOpvoeding }

// Code is the stable identifier of the domain, as used in field names
// ("scores.financien") and the API.
func (d LifeDomain) Code() string {
	if !d.Valid() {
		return ""
	}
	return lifeDomainInfos[d].code
}

// Label is the Dutch name of the domain.
func (d LifeDomain) Label() string {
	if !d.Valid() {
		return ""
	}
	return lifeDomainInfos[d].nl
}

// LabelEN is the English name of the domain.
func (d LifeDomain) LabelEN() string {
	if !d.Valid() {
		return ""
	}
	return lifeDomainInfos[d].en
}

// LifeDomainByCode returns the domain with the given code.
func LifeDomainByCode(code string) (LifeDomain, bool) {
	for _, d := range LifeDomains {
		if lifeDomainInfos[d].code == code {
			return d, true
		}
	}
	return 0, false
}
