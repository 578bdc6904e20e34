package demo

import (
	"math/rand/v2"

	"github.com/kluwen/kluwen"
)

// The words of the case work: what partners write in signals, goals, actions,
// minutes and decisions. They name no one: a signal speaks of "een van de
// ouders" or "de bewoner", never of a person by name.

// Who a signal is about.
const (
	whoHousehold = iota
	whoAdult
	whoChild // aged 4 to 17
	whoYoung // aged 12 to 26
)

// signalRule is a kind of signal that comes in for a theme: its type (a seeded
// signal type), the organisation that reports it, who it is about, its usual
// severity, its weight among the theme's signals and the chance it is
// confidential.
type signalRule struct {
	typ      string
	org      orgKey
	who      int
	severity kluwen.Severity
	weight   int
	conf     float64
}

var (
	sLow, sMid, sHigh, sAcute = kluwen.SeverityLow, kluwen.SeverityMedium, kluwen.SeverityHigh, kluwen.SeverityAcute
)

// signalRules are the signals of each theme.
var signalRules = map[string][]signalRule{
	"huur": {
		{"huurachterstand", orgCorporation, whoAdult, sMid, 10, 0}, {"aanzegging-ontruiming", orgCorporation, whoHousehold, sHigh, 3, 0},
		{"energieachterstand", orgKredietbank, whoAdult, sMid, 4, 0}, {"incasso-beslag", orgKredietbank, whoAdult, sMid, 5, 0},
		{"zorgpremieachterstand", orgKredietbank, whoAdult, sLow, 3, 0}, {"uitkering-gestopt", orgGemeente, whoAdult, sHigh, 2, 0},
		{"overlastmelding", orgCorporation, whoHousehold, sLow, 1, 0},
	},
	"gokken": {
		{"incasso-beslag", orgKredietbank, whoAdult, sMid, 8, 0}, {"huurachterstand", orgCorporation, whoAdult, sMid, 6, 0},
		{"huiselijk-geweld", orgPolitie, whoHousehold, sHigh, 2, 0}, {"zorgmijding", orgVerslaving, whoAdult, sMid, 3, 0.3},
		{"energieachterstand", orgKredietbank, whoAdult, sMid, 2, 0}, {"uitkering-gestopt", orgGemeente, whoAdult, sHigh, 1, 0},
	},
	"geweld": {
		{"huiselijk-geweld", orgPolitie, whoHousehold, sHigh, 8, 0}, {"veilig-thuis", orgVeiligThuis, whoChild, sHigh, 6, 0.7},
		{"zorgmelding-kind", orgJeugdhulp, whoChild, sMid, 5, 0.5}, {"zorgmelding-kind", orgSchool, whoChild, sMid, 3, 0},
		{"politie-incident", orgPolitie, whoAdult, sMid, 3, 0}, {"psychische-crisis", orgGGZ, whoAdult, sHigh, 1, 0.6},
		{"schoolverzuim", orgSchool, whoChild, sLow, 2, 0},
	},
	"verzuim": {
		{"schoolverzuim", orgSchool, whoChild, sMid, 10, 0}, {"schoolverzuim", orgGemeente, whoChild, sMid, 4, 0},
		{"zorgmelding-kind", orgSchool, whoChild, sMid, 3, 0}, {"zorgmelding-kind", orgJeugdhulp, whoChild, sMid, 2, 0.5},
		{"voortijdig-schoolverlaten", orgCollege, whoYoung, sHigh, 1, 0}, {"isolement", orgGemeente, whoAdult, sLow, 1, 0},
	},
	"verward": {
		{"overlastmelding", orgPolitie, whoHousehold, sMid, 8, 0}, {"overlastmelding", orgCorporation, whoHousehold, sMid, 5, 0},
		{"psychische-crisis", orgGGZ, whoAdult, sHigh, 4, 0.6}, {"zorgmijding", orgGGZ, whoAdult, sMid, 4, 0.4},
		{"woningvervuiling", orgCorporation, whoHousehold, sMid, 3, 0}, {"politie-incident", orgPolitie, whoAdult, sMid, 2, 0},
		{"zorgmijding", orgHuisarts, whoAdult, sLow, 1, 0.3},
	},
	"detentie": {
		{"detentie-vrijlating", orgReclassering, whoYoung, sHigh, 4, 0}, {"politie-incident", orgPolitie, whoYoung, sHigh, 8, 0},
		{"middelengebruik", orgPolitie, whoYoung, sMid, 4, 0}, {"uitkering-gestopt", orgGemeente, whoAdult, sMid, 2, 0},
		{"overlastmelding", orgPolitie, whoHousehold, sLow, 2, 0}, {"detentie-vrijlating", orgPI, whoYoung, sMid, 1, 0},
	},
	"ots": {
		{"jeugdbescherming", orgJeugdbescherming, whoChild, sHigh, 4, 0.3}, {"zorgmelding-kind", orgJeugdhulp, whoChild, sMid, 6, 0.5},
		{"psychische-crisis", orgGGZ, whoAdult, sHigh, 3, 0.7}, {"veilig-thuis", orgVeiligThuis, whoChild, sHigh, 2, 0.7},
		{"zorgmelding-kind", orgSchool, whoChild, sMid, 3, 0}, {"schoolverzuim", orgSchool, whoChild, sLow, 2, 0},
	},
	"dakloos": {
		{"dakloosheid", orgOpvang, whoAdult, sHigh, 5, 0}, {"middelengebruik", orgVerslaving, whoAdult, sMid, 5, 0.4},
		{"aanzegging-ontruiming", orgCorporation, whoHousehold, sHigh, 3, 0}, {"huurachterstand", orgCorporation, whoAdult, sMid, 4, 0},
		{"overlastmelding", orgPolitie, whoHousehold, sMid, 3, 0}, {"zorgmijding", orgVerslaving, whoAdult, sMid, 2, 0.3},
	},
	"scheiding": {
		{"huiselijk-geweld", orgPolitie, whoHousehold, sHigh, 4, 0}, {"veilig-thuis", orgVeiligThuis, whoChild, sHigh, 4, 0.7},
		{"zorgmelding-kind", orgJeugdhulp, whoChild, sMid, 5, 0.4}, {"zorgmelding-kind", orgSchool, whoChild, sMid, 3, 0},
		{"incasso-beslag", orgKredietbank, whoAdult, sMid, 3, 0}, {"schoolverzuim", orgSchool, whoChild, sLow, 2, 0},
	},
	"hennep": {
		{"politie-incident", orgPolitie, whoAdult, sHigh, 6, 0}, {"overlastmelding", orgPolitie, whoHousehold, sMid, 5, 0},
		{"aanzegging-ontruiming", orgCorporation, whoHousehold, sHigh, 3, 0}, {"incasso-beslag", orgKredietbank, whoAdult, sMid, 3, 0},
		{"energieachterstand", orgKredietbank, whoAdult, sMid, 2, 0}, {"middelengebruik", orgPolitie, whoYoung, sMid, 2, 0},
	},
	"eenzaam": {
		{"isolement", orgGemeente, whoAdult, sMid, 5, 0}, {"woningvervuiling", orgCorporation, whoHousehold, sMid, 4, 0},
		{"zorgmijding", orgHuisarts, whoAdult, sMid, 4, 0.3}, {"ziekenhuisopname", orgHuisarts, whoAdult, sHigh, 2, 0.3},
		{"energieachterstand", orgKredietbank, whoAdult, sLow, 2, 0}, {"overlastmelding", orgCorporation, whoHousehold, sLow, 1, 0},
	},
	"jongere": {
		{"politie-incident", orgPolitie, whoYoung, sHigh, 8, 0}, {"schoolverzuim", orgSchool, whoChild, sMid, 6, 0},
		{"voortijdig-schoolverlaten", orgGemeente, whoYoung, sHigh, 2, 0}, {"middelengebruik", orgPolitie, whoYoung, sMid, 3, 0},
		{"zorgmelding-kind", orgJeugdhulp, whoChild, sMid, 2, 0.5}, {"overlastmelding", orgPolitie, whoHousehold, sLow, 2, 0},
	},
}

// signalTexts are the descriptions of each signal type.
var signalTexts = map[string][]string{
	"politie-incident": {"Melding na een ruzie op straat; aangehouden en na verhoor heengezonden.", "Aangehouden voor winkeldiefstal.",
		"Betrokken bij een vechtpartij in de wijk; proces-verbaal opgemaakt.", "Staande gehouden in een gestolen scooter.", "Melding van bedreiging van een buurtbewoner."},
	"overlastmelding": {"Buren melden harde muziek en geschreeuw tot diep in de nacht.", "Meerdere klachten over rommel en afval in het portiek.",
		"Bezoekers in en uit de woning tot laat in de avond; buren voelen zich onveilig.", "Klacht over stankoverlast en ongedierte uit de woning."},
	"huiselijk-geweld": {"Politie ter plaatse na een melding van geweld tussen de ouders; kinderen waren thuis.", "Melding van een buurvrouw over geschreeuw en slaan.",
		"Tijdelijk huisverbod opgelegd na een incident.", "Incident van huiselijk geweld; aangifte gedaan."},
	"veilig-thuis": {"Melding bij Veilig Thuis over zorgen om de veiligheid van de kinderen.", "Veilig Thuis start onderzoek na een melding van school.",
		"Veilig Thuis legt voorwaarden op aan de ouders; monitoring gestart.", "Nieuwe melding: kind vertelt op school over geweld thuis."},
	"zorgmelding-kind": {"Kind komt regelmatig zonder ontbijt en in vuile kleren op school.", "Zorgen over het gedrag van het kind: teruggetrokken en angstig.",
		"Kind vertelt dat het 's avonds vaak alleen thuis is.", "Ontwikkelingsachterstand; ouders houden afspraken niet aan."},
	"jeugdbescherming": {"Kinderrechter spreekt een ondertoezichtstelling uit voor een jaar.", "Verlenging van de ondertoezichtstelling.",
		"Jeugdbeschermer stelt een schriftelijke aanwijzing op."},
	"huurachterstand": {"Huurachterstand van twee maanden.", "Huurachterstand opgelopen tot vier maanden; betalingsregeling niet nagekomen.",
		"Huur deze maand niet betaald; eerste herinnering verstuurd.", "Achterstand van drie maanden; dossier naar de deurwaarder."},
	"aanzegging-ontruiming": {"Vonnis van de kantonrechter; ontruiming aangezegd.", "Deurwaarder kondigt de ontruiming aan over vier weken.",
		"Ontruiming aangehouden zolang de betalingsregeling loopt."},
	"dakloosheid": {"Bewoner slaapt wisselend bij kennissen en in de nachtopvang.", "Na de ontruiming zonder vaste woon- of verblijfplaats.",
		"Aangemeld bij de centrale toegang maatschappelijke opvang."},
	"woningvervuiling": {"Woning ernstig vervuild bij een huisbezoek van de woonconsulent.", "Verzamelwoede: gangen en kamers staan vol.",
		"Brandgevaarlijke situatie door opgestapeld afval."},
	"energieachterstand": {"Energieleverancier kondigt afsluiting aan wegens achterstand.", "Achterstand bij de energieleverancier; afsluiting dreigt in de winter.",
		"Vroegsignalering: drie maanden energie niet betaald."},
	"zorgpremieachterstand": {"Premieachterstand zorgverzekering van zes maanden; aangemeld bij het CAK.", "Vroegsignalering: zorgpremie twee maanden niet betaald."},
	"incasso-beslag": {"Beslag op de uitkering door de Belastingdienst.", "Incassobureau meldt een nieuwe vordering.",
		"Loonbeslag gelegd; beslagvrije voet onduidelijk.", "Deurwaarder legt beslag op de bankrekening."},
	"uitkering-gestopt": {"Bijstandsuitkering opgeschort: informatie niet op tijd aangeleverd.", "Uitkering stopgezet na een onderzoek naar de woonsituatie.",
		"Maatregel opgelegd: uitkering een maand verlaagd."},
	"schoolverzuim": {"Ongeoorloofd verzuim: zestien uur in vier weken.", "Kind is al twee weken niet op school geweest.",
		"Structureel te laat en vaak ziek gemeld.", "Verzuimmelding bij DUO; leerplicht ingelicht."},
	"voortijdig-schoolverlaten": {"Jongere is zonder startkwalificatie van school gegaan.", "Uitgeschreven na langdurig verzuim; geen nieuwe school."},
	"zorgmijding": {"Bewoner doet niet open voor de hulpverlening.", "Afspraken bij de huisarts en de GGZ niet nagekomen.",
		"Weigert behandeling; contact alleen via de buurvrouw."},
	"psychische-crisis":   {"Crisisdienst ingeschakeld na een psychose.", "Acute opname na een suïcidepoging.", "Verward gedrag op straat; crisisbeoordeling gedaan."},
	"middelengebruik":     {"Onder invloed aangetroffen in het park.", "Incident na drank- en drugsgebruik; ambulance ter plaatse.", "Cannabisgebruik op het schoolplein gemeld."},
	"ziekenhuisopname":    {"Opgenomen na een val in huis.", "Ziekenhuisopname wegens ondervoeding."},
	"detentie-vrijlating": {"In voorlopige hechtenis genomen.", "Vrijgelaten na het uitzitten van de straf; terugkeer naar de wijk.", "Veroordeeld tot een taakstraf en voorwaardelijke jeugddetentie."},
	"isolement":           {"Buren zien de bewoner al weken niet buiten komen.", "Geen sociaal netwerk; alleen contact met de huisarts."},
	"overig":              {"Overig signaal van een partner."},
}

// problemSet is the life domains a theme's adults and children score low on.
type problemSet struct {
	adult, child []kluwen.LifeDomain
}

var (
	dFin, dWerk, dTijd, dHuis, dRel = kluwen.DomainFinancien, kluwen.DomainWerkOpleiding, kluwen.DomainTijdsbesteding, kluwen.DomainHuisvesting, kluwen.DomainHuiselijkeRelaties
	dGGZ, dLich, dVersl, dADL, dNet = kluwen.DomainGeestelijkeGezondheid, kluwen.DomainLichamelijkeGezondheid, kluwen.DomainVerslaving, kluwen.DomainADL, kluwen.DomainSociaalNetwerk
	dPart, dJus, dOpv               = kluwen.DomainParticipatie, kluwen.DomainJustitie, kluwen.DomainOpvoeding
)

var themeDomains = map[string]problemSet{
	"huur":      {[]kluwen.LifeDomain{dFin, dHuis, dWerk}, []kluwen.LifeDomain{dTijd}},
	"gokken":    {[]kluwen.LifeDomain{dVersl, dFin, dRel}, []kluwen.LifeDomain{dNet}},
	"geweld":    {[]kluwen.LifeDomain{dRel, dOpv, dGGZ, dFin}, []kluwen.LifeDomain{dGGZ, dWerk}},
	"verzuim":   {[]kluwen.LifeDomain{dOpv, dTijd}, []kluwen.LifeDomain{dWerk, dTijd}},
	"verward":   {[]kluwen.LifeDomain{dGGZ, dHuis, dNet, dADL}, []kluwen.LifeDomain{dNet}},
	"detentie":  {[]kluwen.LifeDomain{dJus, dWerk, dFin, dHuis}, []kluwen.LifeDomain{dJus, dWerk}},
	"ots":       {[]kluwen.LifeDomain{dOpv, dGGZ, dRel}, []kluwen.LifeDomain{dGGZ, dWerk}},
	"dakloos":   {[]kluwen.LifeDomain{dHuis, dVersl, dFin}, []kluwen.LifeDomain{dTijd}},
	"scheiding": {[]kluwen.LifeDomain{dRel, dFin, dOpv}, []kluwen.LifeDomain{dGGZ}},
	"hennep":    {[]kluwen.LifeDomain{dJus, dFin, dHuis}, []kluwen.LifeDomain{dTijd, dJus}},
	"eenzaam":   {[]kluwen.LifeDomain{dNet, dADL, dLich, dFin}, nil},
	"jongere":   {[]kluwen.LifeDomain{dOpv}, []kluwen.LifeDomain{dJus, dWerk, dTijd, dVersl}},
}

// assessNote is the general note of an assessment.
func assessNote(traj, k, n int) string {
	switch {
	case k == 0:
		return "Eerste meting bij de start van de analyse, samen met het gezin ingevuld."
	case traj == trajRelapse && k > n*2/3:
		return "Terugval ten opzichte van de vorige meting; besproken in het casusoverleg."
	case traj == trajStuck:
		return "Weinig verandering sinds de vorige meting."
	}
	return "Herhaalde meting; vooruitgang op de leefgebieden waar de doelen op gericht zijn."
}

// goalTexts are measurable goals per life domain.
var goalTexts = map[kluwen.LifeDomain][]string{
	dFin: {"De vaste lasten worden elke maand op tijd betaald en er komen geen nieuwe schulden bij.", "De schulden zijn in kaart en er loopt een minnelijke schuldregeling.",
		"Het gezin komt rond van het inkomen: een sluitend maandbudget, gevolgd door de budgetcoach."},
	dWerk: {"De kinderen gaan elke schooldag naar school; verzuim onder de twee uur per maand.", "Ingeschreven bij een opleiding of aan het werk met een contract.",
		"Dagbesteding of vrijwilligerswerk van minstens twee dagdelen per week."},
	dTijd: {"Een vaste dagstructuur met dagbesteding op werkdagen.", "De jongere heeft een zinvolle vrijetijdsbesteding bij een club of vereniging."},
	dHuis: {"De huurachterstand is ingelopen en de ontruiming van de baan.", "Het gezin woont in een passende woning met een eigen huurcontract.",
		"De woning is schoon en veilig; geen klachten van buren in een half jaar."},
	dRel: {"Geen incidenten van huiselijk geweld in een half jaar; het veiligheidsplan wordt nageleefd.", "De ouders maken afspraken over omgang zonder ruzie waar de kinderen bij zijn.",
		"Conflicten thuis worden zonder geweld opgelost; beide ouders volgen een training."},
	dGGZ: {"Vaste behandelaar bij de GGZ; afspraken worden nagekomen.", "Geen crisisopnames in een jaar; signaleringsplan bekend bij het netwerk.",
		"Medicatie wordt volgens voorschrift genomen en gecontroleerd."},
	dLich: {"Regelmatig contact met de huisarts; lichamelijke klachten worden behandeld.", "Gezond gewicht en een vast eet- en slaapritme."},
	dVersl: {"Abstinent van alcohol en drugs, gecontroleerd door de verslavingszorg.", "Niet meer gokken; toegang tot online gokken geblokkeerd.",
		"Gebruik teruggebracht tot een niveau dat het dagelijks leven niet verstoort."},
	dADL:  {"Zelf boodschappen doen, koken en het huishouden bijhouden met steun van thuishulp.", "Persoonlijke verzorging is op orde met hulp van de wijkverpleging."},
	dNet:  {"Een netwerk van minstens drie mensen om op terug te vallen.", "Wekelijks contact met familie of buren; betrokken bij een buurthuis."},
	dPart: {"Actief in de buurt: vrijwilligerswerk of een vaste activiteit in het wijkcentrum.", "Gebruik van voorzieningen waar recht op is: toeslagen en kwijtschelding."},
	dJus:  {"Geen nieuwe politiecontacten in een half jaar.", "Houdt zich aan de bijzondere voorwaarden van het toezicht.", "Taakstraf afgerond en de schadevergoeding betaald."},
	dOpv: {"De ouders bieden structuur: vaste bedtijden en toezicht op huiswerk.", "De kinderen zijn veilig thuis; de ouders werken mee met de jeugdbescherming.",
		"De ouders voeren de afspraken uit het opvoedplan uit, begeleid door jeugdhulp."},
}

// evalTexts are the evaluations of a goal per outcome.
var evalTexts = map[kluwen.GoalStatus][]string{
	kluwen.GoalAchieved:    {"Behaald: het gezin houdt de afspraken nu zelf vol.", "Doel gehaald binnen de termijn; nazorg via het wijkteam.", "Behaald, met steun van de partners; evaluatie besproken met het gezin."},
	kluwen.GoalNotAchieved: {"Niet behaald: terugval na een goede start.", "Niet gelukt binnen de termijn; nieuw doel opgesteld.", "Niet behaald; het gezin wilde niet meewerken aan de behandeling."},
	kluwen.GoalCancelled:   {"Vervallen: de situatie is veranderd en het doel is niet meer nodig.", "Vervallen bij het afsluiten van de casus; overgedragen aan de reguliere hulp."},
}

// domainOrgs are the partners that take actions on a life domain, in order of
// preference.
var domainOrgs = map[kluwen.LifeDomain][]orgKey{
	dFin:   {orgKredietbank, orgBewind, orgGemeente},
	dWerk:  {orgSchool, orgGemeente, orgReclassering},
	dTijd:  {orgGemeente, orgReclassering, orgJeugdhulp},
	dHuis:  {orgCorporation, orgOpvang, orgGemeente},
	dRel:   {orgVeiligThuis, orgJeugdhulp, orgGGZ, orgPolitie},
	dGGZ:   {orgGGZ, orgHuisarts},
	dLich:  {orgHuisarts, orgGemeente},
	dVersl: {orgVerslaving, orgGGZ},
	dADL:   {orgGemeente, orgHuisarts},
	dNet:   {orgGemeente},
	dPart:  {orgGemeente},
	dJus:   {orgPolitie, orgReclassering, orgOM, orgJeugdbescherming},
	dOpv:   {orgJeugdhulp, orgJeugdbescherming, orgSchool, orgGemeente},
}

// actionKind is the kind of an action by an organisation.
func actionKind(o orgKey, r *rand.Rand) kluwen.ActionKind {
	switch o {
	case orgPolitie, orgOM, orgReclassering, orgPI, orgRaad, orgJeugdbescherming:
		return kluwen.KindCoercion
	case orgWoonRivierstede, orgWoonHavenzicht, orgVeiligThuis:
		if r.IntN(2) == 0 {
			return kluwen.KindCoercion
		}
		return kluwen.KindPrevention
	case orgBasisschool, orgCollege:
		return kluwen.KindPrevention
	case orgKredietbank, orgBewind, orgGemeente, orgZVH:
		if r.IntN(3) == 0 {
			return kluwen.KindPrevention
		}
		return kluwen.KindCare
	}
	return kluwen.KindCare
}

// confidentialOrg reports whether an organisation keeps its actions
// confidential now and then (care and youth protection).
func confidentialOrg(o orgKey) bool {
	switch o {
	case orgGGZ, orgVerslaving, orgVeiligThuis, orgJeugdhulp, orgJeugdbescherming:
		return true
	}
	return false
}

// actionTexts are the actions an organisation takes, by domain where it matters.
func actionTexts(o orgKey, d kluwen.LifeDomain) []string {
	switch o {
	case orgKredietbank:
		return []string{"Schulden inventariseren en een stabilisatieplan opstellen.", "Minnelijke schuldregeling aanvragen bij alle schuldeisers.",
			"Budgetcoaching: wekelijks de post en de rekeningen doornemen.", "Betalingsregeling met de woningcorporatie en de energieleverancier treffen."}
	case orgBewind:
		return []string{"Beschermingsbewind aanvragen bij de kantonrechter.", "Vaste lasten rechtstreeks laten betalen vanaf de beheerrekening."}
	case orgWoonRivierstede, orgWoonHavenzicht:
		return []string{"Tweede-kansovereenkomst opstellen en ondertekenen.", "Ontruimingsprocedure aanhouden zolang de afspraken worden nagekomen.",
			"Huisbezoek samen met het wijkteam; afspraken over schoonmaak.", "Betalingsregeling voor de huurachterstand vastleggen."}
	case orgOpvang:
		return []string{"Plek in beschermd wonen regelen.", "Begeleiding naar een eigen woning met een Housing First-contract."}
	case orgPolitie:
		return []string{"Wijkagent gaat twee keer per maand langs en spreekt de jongere aan.", "Toezicht houden op naleving van het huisverbod.",
			"Stopgesprek met de jongere en de ouders voeren.", "Signalen uit de wijk delen met de regisseur."}
	case orgOM:
		return []string{"Strafzaak afstemmen op het plan: voorwaardelijke straf met bijzondere voorwaarden.", "Taakstraf opleggen en de uitvoering volgen."}
	case orgReclassering:
		return []string{"Toezicht op de bijzondere voorwaarden: meldplicht en behandeling.", "Werktraject via de reclassering starten."}
	case orgJeugdbescherming:
		return []string{"Schriftelijke aanwijzing over schoolgang en opvoeding.", "Veiligheidsplan met de ouders opstellen en bewaken."}
	case orgVeiligThuis:
		return []string{"Veiligheidsplan opstellen met beide ouders.", "Voorwaarden stellen en na drie maanden de veiligheid toetsen."}
	case orgJeugdhulp:
		return []string{"Intensieve ambulante gezinsbegeleiding, twee keer per week.", "Training opvoedvaardigheden voor beide ouders.",
			"Traumabehandeling voor de kinderen starten.", "Ouderschapsbegeleiding na de scheiding."}
	case orgGGZ:
		return []string{"Intake en diagnostiek bij het FACT-team.", "Behandeling voor depressie en angst, wekelijks.", "Signaleringsplan opstellen met het netwerk."}
	case orgVerslaving:
		return []string{"Ambulante behandeling voor de verslaving starten.", "Urinecontroles twee keer per maand.", "Bemoeizorg: contact houden en motiveren voor behandeling."}
	case orgHuisarts:
		return []string{"Praktijkondersteuner GGZ plant maandelijkse gesprekken.", "Medicatie controleren en verwijzen naar de specialist."}
	case orgBasisschool, orgCollege:
		return []string{"Verzuim dagelijks bijhouden en de ouders dezelfde dag bellen.", "Aangepast rooster en een vaste mentor.", "Zorgteam bespreekt de leerling elke maand."}
	case orgGemeente:
		switch d {
		case dWerk, dTijd:
			return []string{"Leerplichtambtenaar voert een verzuimgesprek met ouders en leerling.", "Traject naar werk of dagbesteding via Werk en Inkomen."}
		case dFin, dPart:
			return []string{"Bijzondere bijstand en kwijtschelding gemeentelijke belastingen aanvragen.", "Uitkering herstellen en de inkomsten op orde brengen."}
		case dADL, dLich:
			return []string{"Wmo-indicatie voor huishoudelijke hulp en begeleiding.", "Keukentafelgesprek over ondersteuning thuis."}
		}
		return []string{"Wijkteam begeleidt het gezin wekelijks bij de dagelijkse structuur.", "Netwerkberaad organiseren met familie en buren.", "Wijkteam houdt contact en deelt de voortgang met de regisseur."}
	case orgZVH:
		return []string{"Afstemming zorg en straf in het casusoverleg bewaken.", "Nazorg na detentie regelen: identiteitsbewijs, inkomen en woning."}
	}
	return []string{"Actie volgens het plan van aanpak."}
}

// Minutes of a case conference: an opening, the progress for the phase and a
// closing.
var (
	minutesOpening = []string{"De regisseur opent het overleg en loopt de acties van de vorige keer na.", "De partners lichten de stand van zaken van hun acties toe.",
		"Het gezin was bij het eerste deel van het overleg en vertelde zelf hoe het gaat."}
	minutesProgress = map[kluwen.CaseStatus][]string{
		kluwen.CaseAanmelding: {"De aanmelding is besproken; de partners delen wat zij weten."},
		kluwen.CaseAnalyse:    {"De ZRM-meting en de signalen van de partners zijn besproken; de problemen hangen met elkaar samen.", "De analyse laat problemen op meerdere leefgebieden zien; eerst stabiliseren."},
		kluwen.CasePlan:       {"Het plan van aanpak is opgesteld: doelen per leefgebied en per doel een eigenaar.", "De partners spreken af wie welke actie oppakt; het gezin stemt in met het plan."},
		kluwen.CaseUitvoering: {"Er is voortgang: de schuldregeling loopt en de kinderen gaan weer naar school.", "Het gaat moeizaam: afspraken worden niet nagekomen en er zijn nieuwe meldingen.",
			"De acties lopen; de partners zien de eerste resultaten.", "Na de terugval worden de acties opnieuw verdeeld."},
		kluwen.CaseMonitoring: {"De situatie is stabiel; de partners bouwen hun inzet af.", "Geen nieuwe meldingen; het wijkteam houdt vinger aan de pols."},
	}
	minutesClosing = []string{"Het volgende overleg wordt over zes weken gepland.", "Afspraken zijn vastgelegd in het plan.", "De regisseur informeert het gezin over de uitkomst."}
)

// decisionTexts are decisions on a life domain, to become an action.
var decisionTexts = map[kluwen.LifeDomain][]string{
	dFin:   {"De kredietbank start met voorrang een schuldregeling.", "Budgetbeheer wordt ingezet tot de schulden stabiel zijn."},
	dWerk:  {"School en leerplicht stellen samen een terugkeerplan op.", "Er komt een traject naar werk met begeleiding."},
	dTijd:  {"Het wijkteam zoekt een passende dagbesteding."},
	dHuis:  {"De corporatie houdt de ontruiming aan onder voorwaarden.", "Er wordt een urgentieverklaring aangevraagd."},
	dRel:   {"Veilig Thuis stelt opnieuw een veiligheidsplan op.", "Beide ouders krijgen een training over omgaan met conflicten."},
	dGGZ:   {"De GGZ neemt de behandeling met voorrang op.", "Er komt een crisisplan dat alle partners kennen."},
	dLich:  {"De huisarts verwijst door voor onderzoek."},
	dVersl: {"De verslavingszorg biedt bemoeizorg aan.", "Er komt een afspraak over urinecontroles."},
	dADL:   {"Er komt huishoudelijke hulp via de Wmo."},
	dNet:   {"Er wordt een netwerkberaad georganiseerd."},
	dPart:  {"Het wijkteam helpt bij de aanvraag van toeslagen."},
	dJus:   {"De politie voert een stopgesprek.", "Reclassering en politie stemmen het toezicht af."},
	dOpv:   {"Jeugdhulp start intensieve gezinsbegeleiding.", "De jeugdbeschermer stelt een aanwijzing op over de schoolgang."},
}

// generalDecisions are decisions that are done without a plan action.
var generalDecisions = []string{"Het gezin wordt uitgenodigd voor het volgende overleg.", "De regisseur vraagt toestemming om informatie met de huisarts te delen.",
	"De partners delen nieuwe signalen binnen een week met de regisseur.", "De regisseur legt de casus voor aan de stuurgroep als er geen woning komt.",
	"De kosten van de inzet worden in kaart gebracht voor het volgende overleg."}

// deviation is a kind of deviation from a rule (maatwerk).
type deviation struct {
	rule, reason   string
	domain         kluwen.LifeDomain
	effect         string
	costLo, costHi int // euro
	approver       string
}

var deviations = []deviation{
	{"Schuldhulp wordt pas geboden als er geen nieuwe schulden meer bijkomen.", "De nieuwe schulden ontstaan door de huurachterstand zelf; zonder regeling stopt dat niet.",
		dFin, "Een schuldregeling binnen drie maanden, waarna de huur weer wordt betaald.", 0, 500, "Teamleider schuldhulpverlening"},
	{"Bijzondere bijstand voor inrichting hoogstens één keer in vijf jaar.", "Na de ontruiming en de opvang heeft het gezin geen meubels voor de nieuwe woning.",
		dHuis, "Het gezin kan de nieuwe woning betrekken en houden.", 1500, 3500, "Teamleider Werk en Inkomen"},
	{"Een woning wordt pas toegewezen als de oude huurschuld is afgelost.", "Zonder woning lukt de behandeling en de schoolgang van de kinderen niet.",
		dHuis, "Een eigen woning onder voorwaarden van begeleiding.", 2000, 8000, "Directeur wonen van de corporatie"},
	{"Wachttijd van drie maanden voor gespecialiseerde jeugdhulp.", "De veiligheid van de kinderen kan niet drie maanden wachten.",
		dOpv, "Directe start van de gezinsbehandeling.", 3000, 12000, "Manager toegang jeugd"},
	{"Terugvordering van de bijstand wordt meteen verrekend met de uitkering.", "Verrekening brengt het gezin opnieuw in de schulden.",
		dFin, "Een sluitend budget tijdens de schuldregeling.", 500, 4000, "Wethouder sociaal domein"},
	{"Beschermd wonen alleen met een indicatie van de centrumgemeente.", "De indicatie duurt maanden; de bewoner staat op straat.",
		dHuis, "Tijdelijk een plek in beschermd wonen.", 4000, 15000, "Wethouder zorg"},
}

// approvers are the made-up names of those who approve deviations.
var approvers = []string{"M. de Vries", "A. Yilmaz", "J. van der Berg", "S. Bakker", "R. Jansen", "L. Pinas"}

// outcomeTexts are what came of a deviation.
var outcomeTexts = map[kluwen.OutcomeResult][]string{
	kluwen.OutcomeReached:    {"Het beoogde effect is bereikt; het gezin staat er stabieler voor.", "Gelukt: de regeling loopt en er zijn geen nieuwe achterstanden."},
	kluwen.OutcomePartly:     {"Deels bereikt: de situatie is verbeterd, maar nog niet stabiel.", "Het effect kwam later dan verwacht."},
	kluwen.OutcomeNotReached: {"Niet bereikt: het gezin viel terug.", "De afwijking hielp niet; de casus is geëscaleerd."},
}

// escalationText is a question put to a steering level, with its answer, the
// decision and what came of it.
type escalationText struct {
	level                               kluwen.EscalationLevel
	question, answer, decision, outcome string
}

var escalations = []escalationText{
	{kluwen.LevelSteeringGroup, "De corporatie en de GGZ komen niet tot een afspraak over begeleid wonen. Mag de gemeente de huur garanderen?",
		"Ja, voor een jaar, onder voorwaarde van begeleiding.", "De gemeente staat garant voor de huur; de GGZ levert de begeleiding.", "De bewoner woont nu begeleid; geen nieuwe overlast."},
	{kluwen.LevelSteeringGroup, "De wachtlijst voor jeugdhulp houdt de aanpak op. Kan de casus voorrang krijgen?",
		"Voorrang verleend gezien de veiligheid van de kinderen.", "Jeugdhulp start binnen twee weken.", "De gezinsbehandeling loopt; de veiligheid is verbeterd."},
	{kluwen.LevelAdministrative, "Wie betaalt de beschermde woonplek als de centrumgemeente de indicatie niet afgeeft?",
		"De gemeente betaalt voor, de centrumgemeente verrekent achteraf.", "De plek wordt per direct gefinancierd.", "De bewoner heeft een plek; de kosten zijn verrekend."},
	{kluwen.LevelSteeringGroup, "Strafrechtelijke en zorgafspraken botsen: de meldplicht valt samen met de behandeling. Wat gaat voor?",
		"De behandeling gaat voor; het OM past de meldplicht aan.", "Meldplicht verplaatst naar de avond.", "Beide afspraken worden nagekomen."},
	{kluwen.LevelAdministrative, "Mag de gemeente een schuld bij een andere overheid overnemen om een ontruiming te voorkomen?",
		"Ja, eenmalig, omdat een ontruiming veel meer kost.", "De gemeente neemt de schuld over en verhaalt die in termijnen.", "De ontruiming is van de baan; het gezin betaalt af."},
}
