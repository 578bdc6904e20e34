package demo

import "github.com/kluwen/kluwen"

// Pseudo organisations in partner rules, resolved per household.
const (
	orgCorporation orgKey = -1 // the housing corporation of the household's wijk
	orgSchool      orgKey = -2 // the school of the youngest school-age child
)

// need says what a household must have for a theme to fit it.
type need int

const (
	needAdult      need = iota
	needChildren        // a minor at home
	needSchoolAge       // a child aged 5 to 17 at home
	needTeen            // a young person aged 12 to 23 at home
	needYoungAdult      // a man aged 18 to 35 at home
	needElderly         // someone aged 70 or over at home
)

// partnerRule brings an organisation into a case of a theme with chance p (1: always).
type partnerRule struct {
	org  orgKey
	dept string // the department, for the contact and the note (gemeente, politie)
	p    float64
}

// theme is a kind of multi-problem situation: why the household was referred and
// which partners typically take part.
type theme struct {
	name     string
	weight   int
	need     need
	safety   bool // a safety case: often coordinated from the Zorg- en Veiligheidshuis
	titles   []string
	partners []partnerRule
}

var themes = []theme{
	{"huur", 14, needAdult, false,
		[]string{"Huurachterstand en dreigende ontruiming", "Oplopende schulden en huurachterstand", "Dreigende huisuitzetting, gezin raakt overzicht kwijt", "Vaste lasten niet betaald, energie afgesloten"},
		[]partnerRule{{orgGemeente, deptWijkteam, 1}, {orgCorporation, "", 1}, {orgKredietbank, "", 0.8}, {orgBewind, "", 0.2}, {orgGGZ, "", 0.2}, {orgVerslaving, "", 0.15}, {orgHuisarts, "", 0.1}}},
	{"gokken", 7, needAdult, false,
		[]string{"Gokverslaving, schulden en spanningen thuis", "Verslaving en stapeling van schulden", "Gokschulden en huurachterstand"},
		[]partnerRule{{orgVerslaving, "", 1}, {orgKredietbank, "", 1}, {orgCorporation, "", 0.6}, {orgGemeente, deptInkomen, 0.6}, {orgBewind, "", 0.3}, {orgGGZ, "", 0.2}, {orgPolitie, deptBasisteam, 0.1}}},
	{"geweld", 12, needChildren, true,
		[]string{"Huiselijk geweld en zorgen om de kinderen", "Herhaald huiselijk geweld, kinderen getuige", "Partnergeweld na scheiding, onveilige thuissituatie"},
		[]partnerRule{{orgVeiligThuis, "", 1}, {orgJeugdhulp, "", 1}, {orgPolitie, deptBasisteam, 0.85}, {orgGemeente, deptWijkteam, 0.7}, {orgSchool, "", 0.5}, {orgJeugdbescherming, "", 0.35}, {orgGGZ, "", 0.3}, {orgRaad, "", 0.25}, {orgOM, "", 0.2}, {orgReclassering, "", 0.15}}},
	{"verzuim", 10, needSchoolAge, false,
		[]string{"Schoolverzuim en opvoedproblemen", "Kinderen gaan niet naar school, moeder overvraagd", "Langdurig schoolverzuim en onrust in het gezin"},
		[]partnerRule{{orgGemeente, deptLeerplicht, 1}, {orgSchool, "", 1}, {orgJeugdhulp, "", 0.8}, {orgGGZ, "", 0.3}, {orgKredietbank, "", 0.2}, {orgPolitie, deptTeamJeugd, 0.1}}},
	{"verward", 9, needAdult, true,
		[]string{"Verward gedrag en overlast voor de buren", "Psychische problemen, overlast en vervuilde woning", "Zorgwekkende zorgmijder, buren ongerust"},
		[]partnerRule{{orgPolitie, deptBasisteam, 1}, {orgGGZ, "", 1}, {orgCorporation, "", 1}, {orgGemeente, deptWijkteam, 0.7}, {orgHuisarts, "", 0.4}, {orgVerslaving, "", 0.3}, {orgOpvang, "", 0.15}, {orgOM, "", 0.1}}},
	{"detentie", 8, needYoungAdult, true,
		[]string{"Terugkeer na detentie, geen inkomen en geen woning", "Jongvolwassene in de criminaliteit, gezin onder druk", "Veelpleger, schulden en verslaving"},
		[]partnerRule{{orgReclassering, "", 1}, {orgPolitie, deptBasisteam, 1}, {orgGemeente, deptInkomen, 0.7}, {orgOM, "", 0.6}, {orgPI, "", 0.5}, {orgCorporation, "", 0.5}, {orgVerslaving, "", 0.3}, {orgKredietbank, "", 0.3}}},
	{"ots", 7, needChildren, false,
		[]string{"Ondertoezichtstelling, moeder psychisch kwetsbaar", "Zorgen over de ontwikkeling van de kinderen, ouders kunnen zorg niet aan", "Kinderen onder toezicht, ouder in behandeling"},
		[]partnerRule{{orgJeugdbescherming, "", 1}, {orgJeugdhulp, "", 1}, {orgGGZ, "", 1}, {orgRaad, "", 0.5}, {orgGemeente, deptJeugd, 0.6}, {orgSchool, "", 0.4}, {orgHuisarts, "", 0.3}}},
	{"dakloos", 7, needAdult, false,
		[]string{"Verslaving en dreigende dakloosheid", "Na ontruiming zonder vaste woon- of verblijfplaats", "Alcoholverslaving, schulden en dreigend woningverlies"},
		[]partnerRule{{orgVerslaving, "", 1}, {orgOpvang, "", 1}, {orgCorporation, "", 0.7}, {orgBewind, "", 0.5}, {orgGemeente, deptInkomen, 0.5}, {orgPolitie, deptBasisteam, 0.3}, {orgGGZ, "", 0.3}, {orgHuisarts, "", 0.2}}},
	{"scheiding", 6, needChildren, false,
		[]string{"Vechtscheiding, kinderen in de knel", "Complexe scheiding met ruzie over omgang en geld", "Scheiding, geldzorgen en gedragsproblemen van de kinderen"},
		[]partnerRule{{orgJeugdhulp, "", 1}, {orgGemeente, deptWijkteam, 1}, {orgRaad, "", 0.6}, {orgSchool, "", 0.4}, {orgVeiligThuis, "", 0.3}, {orgJeugdbescherming, "", 0.2}, {orgGGZ, "", 0.2}, {orgKredietbank, "", 0.2}}},
	{"hennep", 5, needAdult, true,
		[]string{"Hennepkwekerij in de woning, gezin met schulden", "Drugsoverlast en dreigende sluiting van de woning", "Drugshandel vanuit de woning, overlast in de straat"},
		[]partnerRule{{orgPolitie, deptBasisteam, 1}, {orgCorporation, "", 1}, {orgOM, "", 0.6}, {orgKredietbank, "", 0.5}, {orgGemeente, deptInkomen, 0.4}, {orgJeugdhulp, "", 0.3}, {orgVerslaving, "", 0.2}}},
	{"eenzaam", 6, needElderly, false,
		[]string{"Vereenzaming en verwaarlozing van een oudere", "Oudere zorgmijder, vervuilde woning en onbetaalde rekeningen", "Geheugenproblemen, schulden en misbruik door kennissen"},
		[]partnerRule{{orgGemeente, deptWmo, 1}, {orgHuisarts, "", 1}, {orgGGZ, "", 0.4}, {orgCorporation, "", 0.5}, {orgBewind, "", 0.4}, {orgKredietbank, "", 0.2}}},
	{"jongere", 8, needTeen, true,
		[]string{"Jongere in beeld bij de politie, dreigende schooluitval", "Zoon in een criminele jeugdgroep, ouders handelingsverlegen", "Jongere dealt, verzuimt school en gaat om met oudere criminelen"},
		[]partnerRule{{orgPolitie, deptTeamJeugd, 1}, {orgSchool, "", 1}, {orgGemeente, deptLeerplicht, 0.7}, {orgJeugdhulp, "", 0.7}, {orgJeugdbescherming, "", 0.3}, {orgOM, "", 0.3}, {orgRaad, "", 0.3}}},
}

// defaultBasis is the legal basis on which an organisation usually takes part.
func defaultBasis(o orgKey) kluwen.LegalBasis {
	switch o {
	case orgGemeente, orgPolitie, orgOM, orgPI, orgVeiligThuis, orgRaad:
		return kluwen.BasisLegalTask
	case orgZVH:
		return kluwen.BasisCovenant
	case orgReclassering, orgBewind, orgJeugdbescherming:
		return kluwen.BasisCourtOrder
	}
	return kluwen.BasisConsent
}

// safetyPartner reports whether o shares under the covenant of the Zorg- en
// Veiligheidshuis in a case the ZVH coordinates.
func safetyPartner(o orgKey) bool {
	switch o {
	case orgPolitie, orgOM, orgPI, orgReclassering, orgVeiligThuis, orgWoonRivierstede, orgWoonHavenzicht, orgGemeente:
		return true
	}
	return false
}

// notes are what an involved partner writes about its part, per organisation
// (and per department for the municipality and the police).
func notes(o orgKey, dept string) []string {
	switch o {
	case orgGemeente:
		switch dept {
		case deptInkomen:
			return []string{"Bijstandsuitkering; inkomsten en vaste lasten in beeld gebracht.", "Bijzondere bijstand aangevraagd voor de inrichting van de woning.", "Re-integratie op aangepaste voet; sollicitatieplicht tijdelijk opgeschort."}
		case deptWmo:
			return []string{"Wmo-indicatie voor huishoudelijke hulp en begeleiding.", "Keukentafelgesprek gevoerd; dagbesteding aangevraagd.", "Maatwerkvoorziening begeleiding individueel toegekend."}
		case deptJeugd:
			return []string{"Jeugdconsulent regelt de beschikking voor jeugdhulp.", "Toegang tot jeugdhulp; beschikking afgegeven voor een jaar."}
		case deptLeerplicht:
			return []string{"Leerplichtambtenaar betrokken wegens ongeoorloofd verzuim van de oudste.", "Verzuimmelding van school; gesprek met ouders en leerling gevoerd.", "Proces-verbaal leerplicht aangehouden zolang het plan loopt."}
		}
		return []string{"Wijkteam ondersteunt het gezin bij de dagelijkse structuur en houdt contact met de partners.", "Wijkteammedewerker komt wekelijks op huisbezoek.", "Wijkteam was al betrokken en meldde de casus aan."}
	case orgZVH:
		return []string{"Casus ingebracht in het casusoverleg van het Zorg- en Veiligheidshuis.", "Informatie gedeeld onder het convenant; het ZVH bewaakt de afspraken tussen zorg en straf."}
	case orgPolitie:
		if dept == deptTeamJeugd {
			return []string{"Jongere meerdere keren aangehouden; Team Jeugd in gesprek met ouders.", "Jongere in beeld bij een groep die overlast geeft in de wijk.", "Signalen van ronselen door oudere criminelen; Team Jeugd houdt contact."}
		}
		return []string{"Meerdere meldingen van overlast bij dit adres.", "Wijkagent kent het gezin; houdt zicht op de situatie en deelt signalen.", "Politie gaat mee op huisbezoek waar dat nodig is.", "Incident van huiselijk geweld; wijkagent volgt de afspraken op."}
	case orgOM:
		return []string{"Strafzaak loopt; OM stemt af over bijzondere voorwaarden.", "OM betrokken voor afstemming van de strafrechtelijke aanpak.", "Taakstraf opgelegd; OM volgt de uitvoering."}
	case orgReclassering:
		return []string{"Toezicht met bijzondere voorwaarden: meldplicht en behandeling.", "Reclasseringsadvies opgesteld voor de rechtbank.", "Elektronische enkelband; reclassering houdt toezicht."}
	case orgPI:
		return []string{"Gedetineerd; casemanager bereidt de terugkeer naar de wijk voor.", "Detentie eindigt binnenkort; afspraken over woning, inkomen en identiteitsbewijs."}
	case orgWoonRivierstede, orgWoonHavenzicht:
		return []string{"Huurachterstand van vier maanden; ontruimingsprocedure aangehouden zolang het plan loopt.", "Klachten van buren over overlast; gesprek met de woonconsulent.", "Tweede-kansovereenkomst: huur onder voorwaarde van begeleiding.", "Woning vervuild; schoonmaak afgesproken met begeleiding."}
	case orgKredietbank:
		return []string{"Schulden geïnventariseerd: twaalf schuldeisers, samen circa € 28.000.", "Stabilisatiefase; schuldregeling wordt voorbereid.", "Budgetcoaching twee keer per maand.", "Minnelijke schuldregeling gestart."}
	case orgBewind:
		return []string{"Beschermingsbewind uitgesproken door de kantonrechter.", "Budgetbeheer: vaste lasten worden voortaan direct betaald."}
	case orgGGZ:
		return []string{"FACT-team biedt behandeling en bemoeizorg.", "Behandeling voor depressie en angstklachten.", "Psychiatrische diagnostiek en begeleiding bij medicatie.", "Crisisdienst was betrokken; nu ambulante behandeling."}
	case orgVerslaving:
		return []string{"Behandeling voor alcoholverslaving; terugval in de afgelopen maand.", "Gokverslaving; ambulante behandeling gestart.", "Bemoeizorg: contact is wisselend, afspraken worden niet altijd nagekomen.", "Cannabisgebruik van de oudste zoon; groepstraining."}
	case orgOpvang:
		return []string{"Tijdelijk verblijf in de nachtopvang na de huisuitzetting.", "Beschermd wonen; voorbereiding op zelfstandig wonen."}
	case orgVeiligThuis:
		return []string{"Melding huiselijk geweld onderzocht; veiligheidsplan opgesteld.", "Voorwaarden gesteld aan het gezin; Veilig Thuis volgt de veiligheid.", "Melding van school over zorgen om de kinderen."}
	case orgJeugdhulp:
		return []string{"Ambulante gezinsbegeleiding, twee keer per week.", "Intensieve gezinsbehandeling gericht op opvoedvaardigheden.", "Traumabehandeling voor de kinderen gestart.", "Ouderschapsbegeleiding na de scheiding."}
	case orgJeugdbescherming:
		return []string{"Ondertoezichtstelling uitgesproken; de jeugdbeschermer bewaakt de veiligheid van de kinderen.", "Jeugdreclassering na een strafzaak van de oudste zoon.", "Verlenging van de ondertoezichtstelling aangevraagd."}
	case orgRaad:
		return []string{"Beschermingsonderzoek op verzoek van Veilig Thuis.", "Raadsonderzoek naar gezag en omgang na de scheiding.", "Strafadvies voor de jongere."}
	case orgBasisschool:
		return []string{"Intern begeleider ziet concentratieproblemen en wisselende aanwezigheid.", "Kinderen komen vaak te laat en zonder ontbijt.", "School meldt zorgen over het welzijn van de jongste."}
	case orgCollege:
		return []string{"Zorgcoördinator: veel verzuim en dreigende schooluitval.", "Leerling heeft een aangepast rooster en begeleiding op school."}
	case orgHuisarts:
		return []string{"Praktijkondersteuner GGZ ziet de bewoner regelmatig.", "Huisarts signaleert verwaarlozing en eenzaamheid.", "Huisarts verwees naar de GGZ; medicatie wordt gecontroleerd."}
	}
	return nil
}

// Reasons for the status changes.
var (
	reasonsTo = map[kluwen.CaseStatus][]string{
		kluwen.CaseAnalyse: {
			"Aanmelding besproken in het trajectoverleg: problemen op meerdere leefgebieden, meerdere partners betrokken. Analyse gestart.",
			"Melding van de woningcorporatie en signalen van de wijkagent; het gezin stemt in met een gezamenlijke aanpak.",
			"Huisbezoek afgelegd; zorgen over financiën, huisvesting en opvoeding bevestigd.",
			"Betrokkenen geven toestemming om informatie te delen; analyse gestart.",
			"Aanmelding past bij de aanpak multiprobleemhuishoudens; regisseur toegewezen.",
		},
		kluwen.CasePlan: {
			"Analyse afgerond; ZRM afgenomen, problemen op vijf leefgebieden.",
			"Kostenoverzicht en ZRM besproken met de partners; gezamenlijke doelen benoemd.",
			"Gesprek met het gezin gevoerd; zij kiezen de volgorde: eerst de schulden, dan de opvoeding.",
			"Analyse afgerond: stapeling van schulden, verslaving en schoolverzuim.",
		},
		kluwen.CaseUitvoering: {
			"Plan van aanpak vastgesteld in het casusoverleg; één gezin, één plan, één regisseur.",
			"Plan besproken met het gezin en ondertekend; partners nemen elk hun acties op zich.",
			"Plan vastgesteld; maatwerkbesluit over de huurachterstand goedgekeurd.",
			"Plan vastgesteld in het casusoverleg van het Zorg- en Veiligheidshuis.",
		},
		kluwen.CaseMonitoring: {
			"Doelen grotendeels behaald; de huur wordt weer betaald. Nazorg voor zes maanden afgesproken.",
			"Kinderen gaan weer naar school en de schuldregeling loopt; over naar monitoring.",
			"Situatie stabiel; het wijkteam houdt vinger aan de pols.",
			"Geen nieuwe meldingen in het afgelopen halfjaar; nazorg gestart.",
		},
	}
	reasonsFallback = []string{
		"Terugval: nieuwe huurachterstand en een melding van overlast.",
		"Nieuwe melding bij Veilig Thuis; plan weer in uitvoering.",
		"Terugval in middelengebruik; acties opnieuw opgepakt.",
	}
	reasonsClose = map[kluwen.CaseStatus][]string{
		kluwen.CaseAanmelding: {
			"Geen multiproblematiek: enkelvoudige hulpvraag, doorverwezen naar het wijkteam.",
			"Betrokkenen willen geen gezamenlijke aanpak; hulp loopt via de reguliere weg.",
			"Gezin verhuisd naar een andere gemeente; warme overdracht gedaan.",
		},
		kluwen.CaseAnalyse: {
			"Gezin verhuisd naar een andere gemeente; warme overdracht gedaan.",
			"Betrokkenen trekken hun toestemming in; partners gaan ieder vanuit hun eigen taak verder.",
			"Analyse wijst uit dat één partner de hulp kan dragen; procesregie niet meer nodig.",
		},
		kluwen.CasePlan: {
			"Betrokkenen trekken hun toestemming in; partners gaan ieder vanuit hun eigen taak verder.",
			"Gezin verhuisd; overdracht aan de regisseur van de nieuwe gemeente.",
		},
		kluwen.CaseUitvoering: {
			"Gezin verhuisd; overdracht aan de regisseur van de nieuwe gemeente.",
			"Casus overgedragen aan de gecertificeerde instelling na uitspraak van de kinderrechter.",
			"Doelen eerder behaald dan verwacht; nazorg niet nodig.",
		},
		kluwen.CaseMonitoring: {
			"Doelen behaald; het gezin is weer zelfredzaam op alle leefgebieden.",
			"Nazorgperiode zonder nieuwe signalen afgerond.",
			"Doelen behaald; afgesproken dat het gezin zich zelf meldt bij het wijkteam als het weer misgaat.",
		},
	}
)
