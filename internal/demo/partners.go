package demo

import "github.com/kluwen/kluwen"

// orgKey names a demo organisation; it is its index in organisations.
type orgKey int

// The demo's partner organisations, one or more of every sector.
const (
	orgGemeente orgKey = iota
	orgZVH
	orgPolitie
	orgOM
	orgReclassering
	orgPI
	orgWoonRivierstede
	orgWoonHavenzicht
	orgKredietbank
	orgBewind
	orgGGZ
	orgVerslaving
	orgOpvang
	orgVeiligThuis
	orgJeugdhulp
	orgJeugdbescherming
	orgRaad
	orgBasisschool
	orgCollege
	orgHuisarts
)

// orgSpec is a demo organisation with its departments.
type orgSpec struct {
	key         orgKey
	name        string
	sector      kluwen.Sector
	domain      string // e-mail domain of its users (.example: never delivered)
	departments []string
}

// Department names used by the case generator to pick a contact.
const (
	deptWijkteam    = "Wijkteam"
	deptInkomen     = "Werk en Inkomen"
	deptWmo         = "Wmo"
	deptJeugd       = "Jeugd"
	deptLeerplicht  = "Leerplicht"
	deptProcesregie = "Procesregie"
	deptBasisteam   = "Basisteam Rivierstad"
	deptTeamJeugd   = "Team Jeugd en Zeden"
)

var organisations = []orgSpec{
	{orgGemeente, "Gemeente Rivierstad", kluwen.SectorGemeente, "gemeente-rivierstad.example",
		[]string{deptWijkteam, deptInkomen, deptWmo, deptJeugd, deptLeerplicht, deptProcesregie}},
	{orgZVH, "Zorg- en Veiligheidshuis Rivierland", kluwen.SectorGemeente, "zvh-rivierland.example",
		[]string{deptProcesregie, "Casusoverleg", "Nazorg ex-gedetineerden"}},
	{orgPolitie, "Politie Eenheid Rivierland", kluwen.SectorVeiligheid, "politie-rivierland.example",
		[]string{deptBasisteam, deptTeamJeugd}},
	{orgOM, "Openbaar Ministerie, parket Rivierland", kluwen.SectorVeiligheid, "om-rivierland.example",
		[]string{"Jeugd en Veelplegers", "ZSM"}},
	{orgReclassering, "Reclassering Rivierland", kluwen.SectorVeiligheid, "reclassering-rivierland.example",
		[]string{"Toezicht", "Advies"}},
	{orgPI, "Penitentiaire Inrichting De Dijk", kluwen.SectorVeiligheid, "pi-dedijk.example",
		[]string{"Casemanagement"}},
	{orgWoonRivierstede, "Woonstichting De Rivierstede", kluwen.SectorWonen, "rivierstede.example",
		[]string{"Wijkbeheer", "Huurincasso"}},
	{orgWoonHavenzicht, "Woningcorporatie Havenzicht", kluwen.SectorWonen, "havenzicht.example",
		[]string{"Wijkbeheer", "Huurincasso"}},
	{orgKredietbank, "Kredietbank Rivierland", kluwen.SectorSchulden, "kredietbank-rivierland.example",
		[]string{"Schuldhulpverlening", "Budgetcoaching"}},
	{orgBewind, "Bewindvoering en Budgetbeheer Rivierland", kluwen.SectorSchulden, "bewind-rivierland.example",
		[]string{"Beschermingsbewind", "Budgetbeheer"}},
	{orgGGZ, "GGZ Rivierland", kluwen.SectorZorg, "ggz-rivierland.example",
		[]string{"FACT-team Rivierstad", "Basis-GGZ"}},
	{orgVerslaving, "Verslavingszorg Rivierland", kluwen.SectorZorg, "vz-rivierland.example",
		[]string{"Ambulante behandeling", "Bemoeizorg"}},
	{orgOpvang, "Stichting Onderdak Rivierstad", kluwen.SectorZorg, "onderdak-rivierstad.example",
		[]string{"Nachtopvang", "Beschermd wonen"}},
	{orgVeiligThuis, "Veilig Thuis Rivierland", kluwen.SectorZorg, "veiligthuis-rivierland.example",
		[]string{"Onderzoek", "Voorwaarden en vervolg"}},
	{orgJeugdhulp, "Jeugdhulp De Kade", kluwen.SectorJeugd, "jeugdhulpdekade.example",
		[]string{"Ambulante gezinsbegeleiding", "Intensieve ambulante gezinsbehandeling"}},
	{orgJeugdbescherming, "Jeugdbescherming Rivierland", kluwen.SectorJeugd, "jeugdbescherming-rivierland.example",
		[]string{"Jeugdbescherming", "Jeugdreclassering"}},
	{orgRaad, "Raad voor de Kinderbescherming, regio Rivierland", kluwen.SectorJeugd, "rvdk-rivierland.example",
		[]string{"Beschermingsonderzoek"}},
	{orgBasisschool, "Basisschool De Wilgenhoek", kluwen.SectorOnderwijs, "dewilgenhoek.example",
		[]string{"Zorgteam"}},
	{orgCollege, "Rivierstad College", kluwen.SectorOnderwijs, "rivierstadcollege.example",
		[]string{"Zorg- en adviesteam"}},
	{orgHuisarts, "Huisartsenpraktijk Kerkbuurt", kluwen.SectorZorg, "hapkerkbuurt.example",
		[]string{"Praktijkondersteuning GGZ"}},
}

// userSpec is a demo user. Dept is the department they work in, for choosing the
// contact of an involvement; users have no department in the domain.
type userSpec struct {
	username    string
	displayName string
	role        kluwen.Role
	org         orgKey
	dept        string
}

// users are the 40 demo users. The display names are made-up combinations.
var users = []userSpec{
	{"regisseur", "Marieke Dijkstra", kluwen.RoleRegisseur, orgGemeente, deptProcesregie},
	{"regisseur2", "Youssef Benali", kluwen.RoleRegisseur, orgZVH, deptProcesregie},
	{"analist", "Joost van der Meer", kluwen.RoleAnalyst, orgGemeente, ""},
	{"beleid", "Ingrid Hoekstra", kluwen.RoleAnalyst, orgGemeente, ""},
	{"privacy", "Esther de Graaf", kluwen.RolePrivacyOfficer, orgGemeente, ""},
	{"beheer", "Bas Vermeulen", kluwen.RoleAdmin, orgGemeente, ""},
	{"redactie", "Femke Brouwer", kluwen.RoleEditor, orgGemeente, ""},
	{"wijkteam", "Sanne Mulder", kluwen.RoleProfessional, orgGemeente, deptWijkteam},
	{"wijkteam2", "Murat Kaya", kluwen.RoleProfessional, orgGemeente, deptWijkteam},
	{"inkomen", "Petra Scholten", kluwen.RoleProfessional, orgGemeente, deptInkomen},
	{"wmo", "Rob Timmermans", kluwen.RoleProfessional, orgGemeente, deptWmo},
	{"jeugdconsulent", "Naomi Pinas", kluwen.RoleProfessional, orgGemeente, deptJeugd},
	{"leerplicht", "Erik van Dam", kluwen.RoleProfessional, orgGemeente, deptLeerplicht},
	{"zvh", "Karin de Lange", kluwen.RoleProfessional, orgZVH, "Casusoverleg"},
	{"wijkagent", "Jeroen Bakker", kluwen.RoleProfessional, orgPolitie, deptBasisteam},
	{"wijkagent2", "Nadia El Amrani", kluwen.RoleProfessional, orgPolitie, deptBasisteam},
	{"wijkagent3", "Martijn Kuipers", kluwen.RoleProfessional, orgPolitie, deptBasisteam},
	{"politie-jeugd", "Linda Groen", kluwen.RoleProfessional, orgPolitie, deptTeamJeugd},
	{"reclassering", "Dennis Prins", kluwen.RoleProfessional, orgReclassering, "Toezicht"},
	{"reclassering2", "Saskia Willems", kluwen.RoleProfessional, orgReclassering, "Advies"},
	{"woonconsulent", "Anouk Verhoeven", kluwen.RoleProfessional, orgWoonRivierstede, "Wijkbeheer"},
	{"huurincasso", "Frank Dekker", kluwen.RoleProfessional, orgWoonRivierstede, "Huurincasso"},
	{"woonconsulent2", "Elif Demir", kluwen.RoleProfessional, orgWoonHavenzicht, "Wijkbeheer"},
	{"schuldhulp", "Wouter Smits", kluwen.RoleProfessional, orgKredietbank, "Schuldhulpverlening"},
	{"schuldhulp2", "Chantal Koster", kluwen.RoleProfessional, orgKredietbank, "Budgetcoaching"},
	{"bewindvoerder", "Marcel de Bruijn", kluwen.RoleProfessional, orgBewind, "Beschermingsbewind"},
	{"budgetbeheer", "Yvonne Post", kluwen.RoleProfessional, orgBewind, "Budgetbeheer"},
	{"ggz", "Laura van Wijk", kluwen.RoleProfessional, orgGGZ, "FACT-team Rivierstad"},
	{"ggz2", "Anil Ramdin", kluwen.RoleProfessional, orgGGZ, "Basis-GGZ"},
	{"verslavingszorg", "Niels Huisman", kluwen.RoleProfessional, orgVerslaving, "Bemoeizorg"},
	{"opvang", "Monique Blom", kluwen.RoleProfessional, orgOpvang, "Nachtopvang"},
	{"veiligthuis", "Marloes van Leeuwen", kluwen.RoleProfessional, orgVeiligThuis, "Onderzoek"},
	{"veiligthuis2", "Hakan Öztürk", kluwen.RoleProfessional, orgVeiligThuis, "Voorwaarden en vervolg"},
	{"jeugdzorg", "Iris Jacobs", kluwen.RoleProfessional, orgJeugdhulp, "Ambulante gezinsbegeleiding"},
	{"jeugdzorg2", "Thomas de Haan", kluwen.RoleProfessional, orgJeugdhulp, "Intensieve ambulante gezinsbehandeling"},
	{"jeugdbescherming", "Samira Bouzid", kluwen.RoleProfessional, orgJeugdbescherming, "Jeugdbescherming"},
	{"raadkb", "Paul Gerritsen", kluwen.RoleProfessional, orgRaad, "Beschermingsonderzoek"},
	{"school", "Wendy van den Brink", kluwen.RoleProfessional, orgBasisschool, "Zorgteam"},
	{"zorgcoordinator", "Kevin Maas", kluwen.RoleProfessional, orgCollege, "Zorg- en adviesteam"},
	{"huisarts", "Agnieszka Nowak", kluwen.RoleProfessional, orgHuisarts, "Praktijkondersteuning GGZ"},
}
