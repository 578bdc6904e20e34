package api

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/kluwen/kluwen"
)

// This file is the one place where the API's Dutch names meet the Go names of the
// domain. Each wire type below is a resource or request body as the API speaks it:
// the json tag is the Dutch field name, the Go field name is the domain's name for
// the same thing (the name kluwen.FieldError uses), overridden by a domain tag
// where the two differ. From these types come the JSON, the OpenAPI schemas (named
// in the registry below) and the translation of validation errors, so a name is
// translated once.

// link is a HAL link.
type link struct {
	Href string `json:"href" doc:"URL, zonder persoonsgegevens"`
}

// selfLinks are the links of a single resource.
type selfLinks struct {
	Self link `json:"self"`
}

// pageLinks are the links of one page of a collection.
type pageLinks struct {
	Self link  `json:"self"`
	Next *link `json:"next,omitempty" doc:"De volgende pagina; ontbreekt op de laatste"`
}

// --- Organisations ---

type organisationOut struct {
	Links       selfLinks       `json:"_links"`
	ID          int64           `json:"id"`
	Name        string          `json:"naam"`
	Sector      kluwen.Sector   `json:"sector"`
	Departments []departmentOut `json:"afdelingen,omitzero" doc:"Alleen bij het opvragen van één organisatie"`
	CreatedAt   instant         `json:"aangemaaktOp"`
	UpdatedAt   instant         `json:"gewijzigdOp"`
}

type organisationIn struct {
	Name   string        `json:"naam"`
	Sector kluwen.Sector `json:"sector"`
}

type organisationPatch struct {
	Name   optional[string]        `json:"naam,omitzero"`
	Sector optional[kluwen.Sector] `json:"sector,omitzero"`
}

type departmentOut struct {
	Links          selfLinks `json:"_links"`
	ID             int64     `json:"id"`
	OrganisationID int64     `json:"organisatieId"`
	Name           string    `json:"naam"`
}

type departmentIn struct {
	Name string `json:"naam"`
}

// --- Users ---

type userOut struct {
	Links          selfLinks   `json:"_links"`
	ID             int64       `json:"id"`
	Username       string      `json:"gebruikersnaam"`
	DisplayName    string      `json:"naam"`
	Email          string      `json:"email"`
	OrganisationID int64       `json:"organisatieId"`
	Role           kluwen.Role `json:"rol"`
	Disabled       bool        `json:"geblokkeerd"`
	CreatedAt      instant     `json:"aangemaaktOp"`
	UpdatedAt      instant     `json:"gewijzigdOp"`
}

type userIn struct {
	Username       string      `json:"gebruikersnaam"`
	DisplayName    string      `json:"naam"`
	Email          string      `json:"email,omitempty"`
	OrganisationID int64       `json:"organisatieId"`
	Role           kluwen.Role `json:"rol"`
	Password       string      `json:"wachtwoord" doc:"Minstens 12 tekens; wordt nooit teruggegeven"`
}

type userPatch struct {
	DisplayName    optional[string]      `json:"naam,omitzero"`
	Email          optional[string]      `json:"email,omitzero"`
	OrganisationID optional[int64]       `json:"organisatieId,omitzero"`
	Role           optional[kluwen.Role] `json:"rol,omitzero"`
	Disabled       optional[bool]        `json:"geblokkeerd,omitzero" doc:"true blokkeert de gebruiker en beëindigt zijn sessies"`
}

// --- Households ---

type householdOut struct {
	Links               selfLinks       `json:"_links"`
	ID                  int64           `json:"id"`
	Street              string          `json:"straat"`
	HouseNumber         int             `json:"huisnummer"`
	HouseNumberAddition string          `json:"huisnummertoevoeging"`
	Postcode            string          `json:"postcode"`
	City                string          `json:"woonplaats"`
	Wijk                string          `json:"wijk"`
	RegisteredByOrgID   int64           `json:"geregistreerdDoorOrganisatieId"`
	Members             []membershipOut `json:"leden,omitzero" doc:"Alleen bij het opvragen van één huishouden"`
	CreatedAt           instant         `json:"aangemaaktOp"`
	UpdatedAt           instant         `json:"gewijzigdOp"`
}

type householdIn struct {
	Street              string `json:"straat"`
	HouseNumber         int    `json:"huisnummer"`
	HouseNumberAddition string `json:"huisnummertoevoeging,omitempty"`
	Postcode            string `json:"postcode" doc:"Zoals 1234 AB"`
	City                string `json:"woonplaats"`
	Wijk                string `json:"wijk,omitempty"`
}

type householdPatch struct {
	Street              optional[string] `json:"straat,omitzero"`
	HouseNumber         optional[int]    `json:"huisnummer,omitzero"`
	HouseNumberAddition optional[string] `json:"huisnummertoevoeging,omitzero"`
	Postcode            optional[string] `json:"postcode,omitzero"`
	City                optional[string] `json:"woonplaats,omitzero"`
	Wijk                optional[string] `json:"wijk,omitzero"`
}

type householdSearch struct {
	Query    string `json:"zoekterm,omitempty" doc:"Zoekt in straat, postcode, woonplaats, wijk en namen van leden"`
	Postcode string `json:"postcode,omitempty"`
	Wijk     string `json:"wijk,omitempty"`
	PageSize int    `json:"pageSize,omitempty" doc:"Aantal per pagina, 1 tot en met 100 (standaard 20)"`
	Cursor   string `json:"cursor,omitempty" doc:"De waarde van volgende uit het vorige antwoord"`
}

type membershipOut struct {
	Links       selfLinks         `json:"_links"`
	ID          int64             `json:"id"`
	HouseholdID int64             `json:"huishoudenId"`
	PersonID    int64             `json:"persoonId"`
	Person      *personOut        `json:"persoon,omitempty"`
	From        date              `json:"van"`
	To          *date             `json:"tot" doc:"Tot en met; null zolang het lidmaatschap loopt"`
	Role        kluwen.MemberRole `json:"rol"`
}

type membershipIn struct {
	PersonID int64             `json:"persoonId"`
	From     date              `json:"van"`
	To       *date             `json:"tot,omitempty"`
	Role     kluwen.MemberRole `json:"rol"`
}

type membershipPatch struct {
	From optional[date]              `json:"van,omitzero"`
	To   optional[*date]             `json:"tot,omitzero" doc:"null wist de einddatum"`
	Role optional[kluwen.MemberRole] `json:"rol,omitzero"`
}

type familyOut struct {
	Links       selfLinks         `json:"_links"`
	HouseholdID int64             `json:"huishoudenId"`
	Members     []familyMemberOut `json:"leden"`
	Relations   []relationOut     `json:"relaties"`
}

type familyMemberOut struct {
	PersonID    int64      `json:"persoonId"`
	Person      *personOut `json:"persoon,omitempty" doc:"Ontbreekt als u deze persoon niet mag zien"`
	Hidden      bool       `json:"verborgen"`
	Generation  int        `json:"generatie" doc:"Ten opzichte van de leden: -1 hun ouders, -2 grootouders, +1 kinderen"`
	InHousehold bool       `json:"inHuishouden"`
}

// --- Persons ---

type personOut struct {
	Links             selfLinks `json:"_links"`
	ID                int64     `json:"id"`
	GivenName         string    `json:"voornaam"`
	FamilyNamePrefix  string    `json:"voorvoegsel"`
	FamilyName        string    `json:"geslachtsnaam"`
	BirthDate         date      `json:"geboortedatum"`
	BSN               string    `json:"bsn,omitempty" doc:"Het hele BSN; alleen voor wie het mag zien"`
	BSNMasked         string    `json:"bsnGemaskeerd,omitempty" doc:"Alleen de laatste vier cijfers"`
	RegisteredByOrgID int64     `json:"geregistreerdDoorOrganisatieId"`
	CreatedAt         instant   `json:"aangemaaktOp"`
	UpdatedAt         instant   `json:"gewijzigdOp"`
}

type personIn struct {
	GivenName        string `json:"voornaam"`
	FamilyNamePrefix string `json:"voorvoegsel,omitempty"`
	FamilyName       string `json:"geslachtsnaam"`
	BirthDate        date   `json:"geboortedatum"`
	BSN              string `json:"bsn,omitempty"`
}

type personPatch struct {
	GivenName        optional[string] `json:"voornaam,omitzero"`
	FamilyNamePrefix optional[string] `json:"voorvoegsel,omitzero"`
	FamilyName       optional[string] `json:"geslachtsnaam,omitzero"`
	BirthDate        optional[date]   `json:"geboortedatum,omitzero"`
	BSN              optional[string] `json:"bsn,omitzero" doc:"Een lege tekst verwijdert het BSN"`
}

type personSearch struct {
	Query       string `json:"naam,omitempty" domain:"name" doc:"Zoekt in voornaam en achternaam"`
	BSN         string `json:"bsn,omitempty" doc:"Exacte match op het hele BSN"`
	BirthDate   *date  `json:"geboortedatum,omitempty"`
	HouseholdID int64  `json:"huishoudenId,omitempty"`
	PageSize    int    `json:"pageSize,omitempty" doc:"Aantal per pagina, 1 tot en met 100 (standaard 20)"`
	Cursor      string `json:"cursor,omitempty" doc:"De waarde van volgende uit het vorige antwoord"`
}

type relationOut struct {
	Links           selfLinks           `json:"_links"`
	ID              int64               `json:"id"`
	PersonID        int64               `json:"persoonId"`
	RelatedPersonID int64               `json:"gerelateerdePersoonId"`
	Kind            kluwen.RelationKind `json:"soort" doc:"ouder: persoon is ouder van de gerelateerde persoon"`
	CreatedAt       instant             `json:"aangemaaktOp"`
}

type relationIn struct {
	RelatedPersonID int64               `json:"gerelateerdePersoonId"`
	Kind            kluwen.RelationKind `json:"soort"`
}

// --- Cases ---

type caseOut struct {
	Links          selfLinks         `json:"_links"`
	ID             int64             `json:"id"`
	HouseholdID    int64             `json:"huishoudenId"`
	Title          string            `json:"titel"`
	Status         kluwen.CaseStatus `json:"status"`
	RegisseurID    int64             `json:"regisseurId"`
	OrganisationID int64             `json:"organisatieId"`
	OpenedAt       instant           `json:"geopendOp"`
	ClosedAt       *instant          `json:"geslotenOp"`
	History        []statusChangeOut `json:"statusgeschiedenis,omitzero" doc:"Alleen bij het opvragen van één casus"`
	Involvements   []involvementOut  `json:"betrokkenPartners,omitzero" doc:"Alleen bij het opvragen van één casus"`
	CreatedAt      instant           `json:"aangemaaktOp"`
	UpdatedAt      instant           `json:"gewijzigdOp"`
}

type caseIn struct {
	HouseholdID int64  `json:"huishoudenId"`
	Title       string `json:"titel"`
	RegisseurID int64  `json:"regisseurId,omitempty" doc:"Standaard de gebruiker zelf"`
}

type statusChangeOut struct {
	Links     selfLinks          `json:"_links"`
	ID        int64              `json:"id"`
	From      *kluwen.CaseStatus `json:"vorigeStatus" domain:"previousStatus" doc:"null bij het openen van de casus"`
	To        kluwen.CaseStatus  `json:"status" domain:"status"`
	Reason    string             `json:"reden"`
	UserID    int64              `json:"gebruikerId"`
	ChangedAt instant            `json:"tijdstip"`
}

type statusChangeIn struct {
	Status kluwen.CaseStatus `json:"status"`
	Reason string            `json:"reden"`
}

type regisseurOut struct {
	Links       selfLinks `json:"_links"`
	RegisseurID int64     `json:"regisseurId"`
}

type regisseurIn struct {
	RegisseurID int64 `json:"regisseurId"`
}

type involvementOut struct {
	Links          selfLinks         `json:"_links"`
	ID             int64             `json:"id"`
	CaseID         int64             `json:"casusId"`
	OrganisationID int64             `json:"organisatieId"`
	From           date              `json:"van"`
	To             *date             `json:"tot" doc:"Tot en met; null zolang de betrokkenheid loopt"`
	LegalBasis     kluwen.LegalBasis `json:"grondslag"`
	ContactUserID  *int64            `json:"contactpersoonId"`
	Note           string            `json:"toelichting"`
}

type involvementIn struct {
	OrganisationID int64             `json:"organisatieId"`
	From           date              `json:"van"`
	To             *date             `json:"tot,omitempty"`
	LegalBasis     kluwen.LegalBasis `json:"grondslag"`
	ContactUserID  *int64            `json:"contactpersoonId,omitempty"`
	Note           string            `json:"toelichting,omitempty"`
}

type involvementPatch struct {
	To            optional[*date]             `json:"tot,omitzero" doc:"null wist de einddatum"`
	LegalBasis    optional[kluwen.LegalBasis] `json:"grondslag,omitzero"`
	ContactUserID optional[*int64]            `json:"contactpersoonId,omitzero" doc:"null wist de contactpersoon"`
	Note          optional[string]            `json:"toelichting,omitzero"`
}

// --- Access log ---

type accessLogEntryOut struct {
	Position       int64       `json:"positie"`
	OccurredAt     instant     `json:"tijdstip"`
	EventType      string      `json:"gebeurtenis" doc:"Zoals household.read"`
	Action         string      `json:"actie" enum:"action"`
	Outcome        string      `json:"uitkomst" enum:"outcome"`
	UserID         int64       `json:"gebruikerId" doc:"0 als de gebruiker onbekend is"`
	Username       string      `json:"gebruikersnaam"`
	OrganisationID int64       `json:"organisatieId"`
	Role           kluwen.Role `json:"rol"`
	ClientAddr     string      `json:"clientAdres"`
	Objects        []objectOut `json:"objecten"`
	Basis          string      `json:"grondslag" doc:"Waarom de toegang is toegestaan of geweigerd"`
	Purpose        string      `json:"doel"`
	PrevHash       string      `json:"vorigeHash"`
	Hash           string      `json:"hash"`
}

type objectOut struct {
	Type string `json:"type" domain:"objectType" enum:"object"`
	ID   int64  `json:"id"`
}

// --- Signals ---

type signalOut struct {
	Links           selfLinks              `json:"_links"`
	ID              int64                  `json:"id"`
	HouseholdID     int64                  `json:"huishoudenId"`
	PersonID        *int64                 `json:"persoonId" doc:"Het lid om wie het gaat; null als het om het hele huishouden gaat"`
	Type            string                 `json:"soort" doc:"De code van de signaalsoort"`
	TypeLabel       string                 `json:"soortNaam"`
	Date            date                   `json:"datum" doc:"De datum van het voorval of de melding"`
	OrganisationID  int64                  `json:"organisatieId" doc:"De bron: de organisatie die het signaal vastlegde"`
	LifeDomain      lifeDomainCode         `json:"leefgebied"`
	Severity        kluwen.Severity        `json:"ernst"`
	Description     string                 `json:"omschrijving"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid" doc:"vertrouwelijk: alleen te zien voor de organisatie van de auteur en de regisseur"`
	AuthorUserID    *int64                 `json:"auteurId" doc:"null als het systeem het signaal vastlegde (een import)"`
	CreatedAt       instant                `json:"aangemaaktOp"`
}

type signalIn struct {
	PersonID        *int64                 `json:"persoonId,omitempty" doc:"Een lid van het huishouden op de datum van het signaal"`
	Type            string                 `json:"soort" doc:"Een code uit /signaalsoorten"`
	Date            date                   `json:"datum"`
	LifeDomain      *lifeDomainCode        `json:"leefgebied,omitempty" doc:"Standaard het leefgebied van de soort"`
	Severity        kluwen.Severity        `json:"ernst"`
	Description     string                 `json:"omschrijving"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid,omitempty" doc:"Standaard normaal"`
}

type signalTypeOut struct {
	Links         selfLinks      `json:"_links"`
	Code          string         `json:"code"`
	Label         string         `json:"naam"`
	DefaultDomain lifeDomainCode `json:"standaardLeefgebied"`
	SortOrder     int            `json:"volgorde"`
	Active        bool           `json:"actief" doc:"false: niet meer te kiezen voor nieuwe signalen"`
}

type signalTypeIn struct {
	Code          string         `json:"code" doc:"2 tot 40 tekens: kleine letters, cijfers, - of _; later niet te wijzigen"`
	Label         string         `json:"naam"`
	DefaultDomain lifeDomainCode `json:"standaardLeefgebied"`
	SortOrder     int            `json:"volgorde,omitempty"`
	Active        *bool          `json:"actief,omitempty" doc:"Standaard true"`
}

type signalTypePatch struct {
	Label         optional[string]         `json:"naam,omitzero"`
	DefaultDomain optional[lifeDomainCode] `json:"standaardLeefgebied,omitzero"`
	SortOrder     optional[int]            `json:"volgorde,omitzero"`
	Active        optional[bool]           `json:"actief,omitzero"`
}

// --- The timeline ---

type timelineItemOut struct {
	Links            *selfLinks       `json:"_links,omitempty" doc:"Het onderdeel zelf"`
	Kind             string           `json:"soort" enum:"timelineKind"`
	Date             date             `json:"datum"`
	At               instant          `json:"tijdstip" doc:"Wanneer het is vastgelegd; bepaalt de volgorde binnen een dag"`
	Title            string           `json:"titel"`
	Summary          string           `json:"samenvatting"`
	LifeDomain       *lifeDomainCode  `json:"leefgebied"`
	OrganisationID   *int64           `json:"organisatieId" doc:"De organisatie van wie het komt"`
	OrganisationName string           `json:"organisatieNaam"`
	PersonID         *int64           `json:"persoonId"`
	CaseID           *int64           `json:"casusId"`
	Ref              objectOut        `json:"object"`
	Confidential     bool             `json:"vertrouwelijk"`
	Severity         *kluwen.Severity `json:"ernst" doc:"Alleen bij signalen"`
}

// --- Assessments ---

type instrumentOut struct {
	Links       selfLinks             `json:"_links"`
	ID          int64                 `json:"id"`
	Code        string                `json:"code"`
	Name        string                `json:"naam"`
	Description string                `json:"omschrijving"`
	Default     bool                  `json:"standaard"`
	Active      bool                  `json:"actief"`
	Domains     []instrumentDomainOut `json:"domeinen"`
	Levels      []instrumentLevelOut  `json:"niveaus" doc:"Van laag naar hoog"`
}

type instrumentDomainOut struct {
	Code       string          `json:"code" doc:"De sleutel van het domein in de scores van een meting"`
	Number     int             `json:"nummer"`
	NameNL     string          `json:"naam"`
	NameEN     string          `json:"naamEngels"`
	Order      int             `json:"volgorde"`
	LifeDomain *lifeDomainCode `json:"leefgebied" doc:"Het leefgebied waar het domein bij hoort; null als geen"`
	Criteria   []criterionOut  `json:"criteria,omitzero" doc:"Per niveau; alleen bij het opvragen van één meetinstrument"`
}

type instrumentLevelOut struct {
	Level   int    `json:"niveau"`
	Label   string `json:"naam"`
	Problem bool   `json:"probleem" doc:"Een score op dit niveau maakt het domein een probleemgebied"`
}

type criterionOut struct {
	Level int    `json:"niveau"`
	Text  string `json:"tekst"`
}

type criterionPatch struct {
	DomainCode string `json:"domeinCode"`
	Level      int    `json:"niveau"`
	Text       string `json:"tekst"`
}

type assessmentOut struct {
	Links          selfLinks           `json:"_links"`
	ID             int64               `json:"id"`
	HouseholdID    int64               `json:"huishoudenId"`
	PersonID       int64               `json:"persoonId"`
	InstrumentID   int64               `json:"instrumentId"`
	Date           date                `json:"datum"`
	UserID         *int64              `json:"gebruikerId" doc:"Wie de meting deed; null voor het systeem"`
	OrganisationID int64               `json:"organisatieId"`
	Note           string              `json:"toelichting"`
	Scores         map[string]scoreOut `json:"scores" doc:"Per domeincode van het meetinstrument; een domein zonder score en toelichting ontbreekt"`
	CreatedAt      instant             `json:"aangemaaktOp"`
}

type scoreOut struct {
	Score *int   `json:"score" doc:"null: niet gescoord"`
	Note  string `json:"toelichting"`
}

type assessmentIn struct {
	HouseholdID  int64              `json:"huishoudenId,omitempty" doc:"Het huishouden waarin de persoon is beoordeeld; mag ontbreken als u de persoon in één huishouden ziet"`
	InstrumentID int64              `json:"instrumentId,omitempty" doc:"Standaard het standaardinstrument (de ZRM)"`
	Date         date               `json:"datum"`
	Note         string             `json:"toelichting,omitempty"`
	Scores       map[string]scoreIn `json:"scores" doc:"Per domeincode van het meetinstrument, zoals {\"financien\": {\"score\": 2}}; een domein mag zonder score"`
}

type scoreIn struct {
	Score int    `json:"score,omitempty" doc:"Een niveau van het meetinstrument; 0 of weglaten: niet gescoord"`
	Note  string `json:"toelichting,omitempty"`
}

type matrixOut struct {
	Links       selfLinks      `json:"_links"`
	HouseholdID int64          `json:"huishoudenId"`
	Instrument  instrumentOut  `json:"instrument"`
	Rows        []matrixRowOut `json:"rijen" doc:"Een rij per huidig lid van het huishouden"`
}

type matrixRowOut struct {
	PersonID int64           `json:"persoonId"`
	Person   *personOut      `json:"persoon,omitempty"`
	Cells    []matrixCellOut `json:"cellen" doc:"Een cel per domein, in de volgorde van het meetinstrument"`
}

type matrixCellOut struct {
	DomainCode string          `json:"domeinCode"`
	Latest     *scorePointOut  `json:"laatste" doc:"null als het domein nooit een score kreeg"`
	Previous   *scorePointOut  `json:"vorige"`
	Change     *int            `json:"verandering" doc:"laatste min vorige; null zonder twee scores"`
	Series     []scorePointOut `json:"reeks" doc:"Elke score, oudste eerst"`
}

type scorePointOut struct {
	AssessmentID int64 `json:"metingId"`
	Date         date  `json:"datum"`
	Score        int   `json:"score"`
}

type problemDomainOut struct {
	PersonID     int64           `json:"persoonId"`
	HouseholdID  int64           `json:"huishoudenId"`
	DomainCode   string          `json:"domeinCode"`
	DomainName   string          `json:"domeinNaam"`
	LifeDomain   *lifeDomainCode `json:"leefgebied" doc:"Het leefgebied voor een doel in het plan"`
	Score        int             `json:"score"`
	AssessedOn   date            `json:"meetdatum"`
	AssessmentID int64           `json:"metingId"`
}

// --- The plan ---

type planOut struct {
	Links  selfLinks `json:"_links"`
	CaseID int64     `json:"casusId"`
	Closed bool      `json:"gesloten" doc:"De casus is afgesloten: het plan is niet meer te wijzigen"`
	Goals  []goalOut `json:"doelen" doc:"Per leefgebied en streefdatum; zonder wat u niet mag zien"`
}

type goalOut struct {
	Links           selfLinks              `json:"_links"`
	ID              int64                  `json:"id"`
	CaseID          int64                  `json:"casusId"`
	Domain          lifeDomainCode         `json:"leefgebied"`
	PersonIDs       []int64                `json:"persoonIds" domain:"personIds" doc:"De betrokken leden van het huishouden"`
	Description     string                 `json:"omschrijving" doc:"Meetbaar: wat er bereikt is als het doel behaald is"`
	TargetDate      date                   `json:"streefdatum"`
	Status          kluwen.GoalStatus      `json:"status"`
	Evaluation      string                 `json:"evaluatie"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid"`
	OrganisationID  int64                  `json:"organisatieId"`
	Actions         []actionOut            `json:"acties"`
	Notes           []noteOut              `json:"voortgang" doc:"Voortgangsnotities bij het doel zelf, oudste eerst"`
	CreatedBy       *int64                 `json:"aangemaaktDoor"`
	CreatedAt       instant                `json:"aangemaaktOp"`
	UpdatedAt       instant                `json:"gewijzigdOp"`
}

type goalIn struct {
	Domain          lifeDomainCode         `json:"leefgebied"`
	PersonIDs       []int64                `json:"persoonIds,omitempty" domain:"personIds"`
	Description     string                 `json:"omschrijving"`
	TargetDate      date                   `json:"streefdatum"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid,omitempty" doc:"Standaard normaal"`
}

type goalPatch struct {
	Domain          optional[lifeDomainCode]         `json:"leefgebied,omitzero"`
	PersonIDs       optional[[]int64]                `json:"persoonIds,omitzero" domain:"personIds"`
	Description     optional[string]                 `json:"omschrijving,omitzero"`
	TargetDate      optional[date]                   `json:"streefdatum,omitzero"`
	Status          optional[kluwen.GoalStatus]      `json:"status,omitzero" doc:"behaald, niet_behaald of vervallen vraagt een evaluatie"`
	Evaluation      optional[string]                 `json:"evaluatie,omitzero"`
	Confidentiality optional[kluwen.Confidentiality] `json:"vertrouwelijkheid,omitzero"`
}

type actionOut struct {
	Links           selfLinks              `json:"_links"`
	ID              int64                  `json:"id"`
	GoalID          int64                  `json:"doelId"`
	CaseID          int64                  `json:"casusId"`
	Description     string                 `json:"omschrijving"`
	OrganisationID  int64                  `json:"organisatieId" doc:"De partner die eigenaar is"`
	OwnerUserID     int64                  `json:"uitvoerderId" doc:"De medewerker van de partner die de actie uitvoert"`
	Kind            kluwen.ActionKind      `json:"soort"`
	DueDate         date                   `json:"deadline"`
	Status          kluwen.ActionStatus    `json:"status"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid"`
	DecisionID      *int64                 `json:"besluitId" doc:"Het besluit van een casusoverleg waar de actie uit voortkwam"`
	Notes           []noteOut              `json:"voortgang"`
	CreatedBy       *int64                 `json:"aangemaaktDoor"`
	CreatedAt       instant                `json:"aangemaaktOp"`
	UpdatedAt       instant                `json:"gewijzigdOp"`
}

type actionIn struct {
	Description     string                 `json:"omschrijving"`
	OrganisationID  int64                  `json:"organisatieId" doc:"De organisatie van de casus of een partner die nu betrokken is"`
	OwnerUserID     int64                  `json:"uitvoerderId,omitempty" doc:"Standaard de contactpersoon van de partner"`
	Kind            kluwen.ActionKind      `json:"soort"`
	DueDate         date                   `json:"deadline" doc:"Niet voor de dag waarop het doel is gemaakt"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid,omitempty" doc:"Standaard normaal"`
}

type actionPatch struct {
	Description     optional[string]                 `json:"omschrijving,omitzero"`
	OrganisationID  optional[int64]                  `json:"organisatieId,omitzero"`
	OwnerUserID     optional[int64]                  `json:"uitvoerderId,omitzero"`
	Kind            optional[kluwen.ActionKind]      `json:"soort,omitzero"`
	DueDate         optional[date]                   `json:"deadline,omitzero"`
	Status          optional[kluwen.ActionStatus]    `json:"status,omitzero" doc:"De eigenaar mag alleen de status wijzigen"`
	Confidentiality optional[kluwen.Confidentiality] `json:"vertrouwelijkheid,omitzero"`
}

type noteOut struct {
	Links     selfLinks `json:"_links"`
	ID        int64     `json:"id"`
	GoalID    int64     `json:"doelId"`
	ActionID  *int64    `json:"actieId" doc:"null voor een notitie bij het doel zelf"`
	Text      string    `json:"tekst"`
	UserID    *int64    `json:"gebruikerId"`
	CreatedAt instant   `json:"aangemaaktOp"`
}

type noteIn struct {
	Text     string `json:"tekst"`
	ActionID *int64 `json:"actieId,omitempty" doc:"Een actie onder het doel; weglaten voor het doel zelf"`
}

type planVersionOut struct {
	ID        int64            `json:"id"`
	CaseID    int64            `json:"casusId"`
	Object    string           `json:"onderdeel" enum:"planObject"`
	GoalID    int64            `json:"doelId"`
	ActionID  *int64           `json:"actieId"`
	Version   int              `json:"versie" doc:"Telt per doel of actie vanaf 1, het aanmaken"`
	Changes   []fieldChangeOut `json:"wijzigingen"`
	UserID    *int64           `json:"gebruikerId"`
	ChangedAt instant          `json:"tijdstip"`
}

type fieldChangeOut struct {
	Field  string `json:"veld" doc:"De naam van het veld zoals de API hem noemt"`
	Before string `json:"voor"`
	After  string `json:"na"`
}

type balanceOut struct {
	Links  selfLinks        `json:"_links"`
	CaseID int64            `json:"casusId"`
	Kinds  []kindBalanceOut `json:"soorten"`
	Open   int              `json:"open" doc:"Acties die open of bezig zijn"`
	All    int              `json:"totaal"`
}

type kindBalanceOut struct {
	Kind      kluwen.ActionKind `json:"soort"`
	Open      int               `json:"open"`
	All       int               `json:"totaal"`
	OpenShare float64           `json:"aandeelOpen" doc:"Van 0 tot 1"`
	AllShare  float64           `json:"aandeelTotaal" doc:"Van 0 tot 1"`
}

type dueActionsOut struct {
	Links   selfLinks   `json:"_links"`
	Overdue []actionOut `json:"verlopen" doc:"Deadline voor vandaag"`
	DueSoon []actionOut `json:"binnenkort" doc:"Deadline vandaag of in de komende 7 dagen"`
}

// --- Conferences ---

type conferenceOut struct {
	Links           selfLinks     `json:"_links"`
	ID              int64         `json:"id"`
	CaseID          int64         `json:"casusId"`
	StartsAt        instant       `json:"aanvang"`
	DurationMinutes int           `json:"duurMinuten"`
	EndsAt          instant       `json:"einde"`
	Location        string        `json:"locatie"`
	VideoURL        string        `json:"videolink" domain:"videoUrl"`
	Agenda          []string      `json:"agenda"`
	Invitees        []inviteeOut  `json:"genodigden"`
	Attendees       []int64       `json:"aanwezigen" doc:"De gebruikers die aanwezig waren"`
	Minutes         string        `json:"notulen"`
	Decisions       []decisionOut `json:"besluiten"`
	Carried         []decisionOut `json:"openstaandeBesluiten" doc:"Besluiten van eerdere overleggen die nog open waren bij de aanvang"`
	Sequence        int           `json:"volgnummer" doc:"Gaat omhoog bij elke wijziging van tijd of plaats"`
	CreatedBy       *int64        `json:"aangemaaktDoor"`
	CreatedAt       instant       `json:"aangemaaktOp"`
	UpdatedAt       instant       `json:"gewijzigdOp"`
}

type inviteeOut struct {
	OrganisationID   int64  `json:"organisatieId"`
	UserID           *int64 `json:"gebruikerId" doc:"null: de organisatie als geheel"`
	OrganisationName string `json:"organisatieNaam"`
	UserName         string `json:"gebruikerNaam"`
}

type inviteeIn struct {
	OrganisationID int64  `json:"organisatieId"`
	UserID         *int64 `json:"gebruikerId,omitempty" doc:"Weglaten om de organisatie als geheel uit te nodigen"`
}

type conferenceIn struct {
	StartsAt        instant     `json:"aanvang"`
	DurationMinutes int         `json:"duurMinuten"`
	Location        string      `json:"locatie,omitempty"`
	VideoURL        string      `json:"videolink,omitempty" domain:"videoUrl" doc:"Begint met https://"`
	Agenda          []string    `json:"agenda,omitempty"`
	Invitees        []inviteeIn `json:"genodigden,omitempty" doc:"Organisaties die nu bij de casus betrokken zijn; de regisseur is altijd uitgenodigd"`
}

type conferencePatch struct {
	StartsAt        optional[instant]  `json:"aanvang,omitzero"`
	DurationMinutes optional[int]      `json:"duurMinuten,omitzero"`
	Location        optional[string]   `json:"locatie,omitzero"`
	VideoURL        optional[string]   `json:"videolink,omitzero" domain:"videoUrl"`
	Agenda          optional[[]string] `json:"agenda,omitzero"`
}

type inviteesIn struct {
	Invitees []inviteeIn `json:"genodigden"`
}

type attendanceIn struct {
	Attendees []int64 `json:"aanwezigen" doc:"Alleen genodigden, persoonlijk of via hun organisatie"`
}

type minutesIn struct {
	Minutes string `json:"notulen"`
}

type decisionOut struct {
	Links        selfLinks             `json:"_links"`
	ID           int64                 `json:"id"`
	ConferenceID int64                 `json:"overlegId"`
	CaseID       int64                 `json:"casusId"`
	Text         string                `json:"tekst"`
	Status       kluwen.DecisionStatus `json:"status"`
	ActionID     *int64                `json:"actieId" doc:"De actie in het plan die het besluit werd"`
	ResolvedAt   *instant              `json:"afgehandeldOp"`
	CreatedBy    *int64                `json:"aangemaaktDoor"`
	CreatedAt    instant               `json:"aangemaaktOp"`
}

type decisionIn struct {
	Text string `json:"tekst"`
}

type decisionPatch struct {
	Status kluwen.DecisionStatus `json:"status" doc:"gedaan: afgehandeld zonder actie"`
}

type decisionActionIn struct {
	GoalID          int64                  `json:"doelId" doc:"Een open doel in het plan van deze casus"`
	Description     string                 `json:"omschrijving"`
	OrganisationID  int64                  `json:"organisatieId"`
	OwnerUserID     int64                  `json:"uitvoerderId,omitempty" doc:"Standaard de contactpersoon van de partner"`
	Kind            kluwen.ActionKind      `json:"soort"`
	DueDate         date                   `json:"deadline"`
	Confidentiality kluwen.Confidentiality `json:"vertrouwelijkheid,omitempty" doc:"Standaard normaal"`
}

// --- Maatwerk ---

type maatwerkOut struct {
	Links            selfLinks             `json:"_links"`
	ID               int64                 `json:"id"`
	CaseID           int64                 `json:"casusId"`
	Rule             string                `json:"regel" doc:"De regel of het protocol waarvan is afgeweken"`
	Reason           string                `json:"reden" doc:"Waarom het gezin dit nodig heeft"`
	Domain           lifeDomainCode        `json:"leefgebied"`
	ExpectedEffect   string                `json:"verwachtEffect"`
	Cost             euro                  `json:"kosten" doc:"Extra kosten in euro"`
	ApprovedByName   string                `json:"goedgekeurdDoorNaam"`
	ApprovedByRole   string                `json:"goedgekeurdDoorFunctie"`
	ApprovedByUserID *int64                `json:"goedgekeurdDoorId" doc:"Als wie toestemming gaf een gebruiker van Kluwen is"`
	DecidedOn        date                  `json:"besluitdatum"`
	Outcome          string                `json:"uitkomst"`
	OutcomeResult    *kluwen.OutcomeResult `json:"uitkomstResultaat" doc:"null zolang de uitkomst niet is vastgelegd"`
	OutcomeOn        *date                 `json:"uitkomstdatum"`
	CreatedBy        *int64                `json:"aangemaaktDoor"`
	CreatedAt        instant               `json:"aangemaaktOp"`
	UpdatedAt        instant               `json:"gewijzigdOp"`
}

type maatwerkIn struct {
	Rule             string         `json:"regel"`
	Reason           string         `json:"reden"`
	Domain           lifeDomainCode `json:"leefgebied"`
	ExpectedEffect   string         `json:"verwachtEffect"`
	Cost             euro           `json:"kosten" doc:"In euro, hoogstens twee decimalen"`
	ApprovedByName   string         `json:"goedgekeurdDoorNaam"`
	ApprovedByRole   string         `json:"goedgekeurdDoorFunctie"`
	ApprovedByUserID *int64         `json:"goedgekeurdDoorId,omitempty"`
	DecidedOn        date           `json:"besluitdatum"`
}

type maatwerkOutcomeIn struct {
	Outcome       string               `json:"uitkomst"`
	OutcomeResult kluwen.OutcomeResult `json:"uitkomstResultaat"`
	OutcomeOn     date                 `json:"uitkomstdatum"`
}

type maatwerkRowOut struct {
	Pseudonymised  bool                  `json:"gepseudonimiseerd" doc:"true voor een analist: zonder casus, adres, namen en vrije tekst behalve de regel"`
	CasePseudonym  string                `json:"casusPseudoniem,omitempty" doc:"Vast per casus, zonder de casus prijs te geven"`
	CaseID         *int64                `json:"casusId,omitempty"`
	Address        string                `json:"adres,omitempty"`
	Wijk           string                `json:"wijk"`
	Rule           string                `json:"regel"`
	Reason         string                `json:"reden,omitempty"`
	Domain         lifeDomainCode        `json:"leefgebied"`
	ExpectedEffect string                `json:"verwachtEffect,omitempty"`
	Cost           euro                  `json:"kosten"`
	ApprovedByName string                `json:"goedgekeurdDoorNaam,omitempty"`
	ApprovedByRole string                `json:"goedgekeurdDoorFunctie,omitempty"`
	DecidedOn      date                  `json:"besluitdatum" doc:"Gepseudonimiseerd: de eerste van de maand"`
	Outcome        string                `json:"uitkomst,omitempty"`
	OutcomeResult  *kluwen.OutcomeResult `json:"uitkomstResultaat"`
	OutcomeOn      *date                 `json:"uitkomstdatum,omitempty"`
}

// --- Escalations ---

type escalationOut struct {
	Links       selfLinks               `json:"_links"`
	ID          int64                   `json:"id"`
	CaseID      int64                   `json:"casusId"`
	Level       kluwen.EscalationLevel  `json:"niveau"`
	Question    string                  `json:"vraag"`
	Answer      string                  `json:"antwoord"`
	Decision    string                  `json:"besluit"`
	Outcome     string                  `json:"uitkomst"`
	Status      kluwen.EscalationStatus `json:"status"`
	EscalatedBy *int64                  `json:"geescaleerdDoor"`
	EscalatedAt instant                 `json:"geescaleerdOp"`
	AnsweredAt  *instant                `json:"beantwoordOp"`
	ClosedAt    *instant                `json:"geslotenOp"`
}

type escalationIn struct {
	Level    kluwen.EscalationLevel `json:"niveau"`
	Question string                 `json:"vraag"`
}

type escalationPatch struct {
	Answer   optional[string] `json:"antwoord,omitzero" doc:"Het antwoord van het overleg; alleen bij een open escalatie"`
	Decision optional[string] `json:"besluit,omitzero" doc:"Met het antwoord"`
	Outcome  optional[string] `json:"uitkomst,omitzero" doc:"Sluit de escalatie; apart van het antwoord vast te leggen"`
}

// --- Notifications ---

type notificationOut struct {
	ID        int64    `json:"id"`
	Kind      string   `json:"soort" enum:"notificationKind"`
	Text      string   `json:"tekst"`
	Link      string   `json:"pagina" doc:"De pagina in de webtoepassing waar het bericht over gaat, zoals /casussen/12"`
	CreatedAt instant  `json:"aangemaaktOp"`
	ReadAt    *instant `json:"gelezenOp"`
}

// --- Costs ---
//
// Money is a JSON number of euros with exactly two decimals (1250.50), read and
// written from its digits, never through a float; the database keeps cents.

type costItemOut struct {
	Links     selfLinks        `json:"_links"`
	ID        int64            `json:"id" doc:"De id van deze periode van de kostenpost"`
	Code      string           `json:"code" doc:"Zoals POL-HOUR; in de URL in kleine letters"`
	Name      string           `json:"naam"`
	Sector    kluwen.Sector    `json:"sector" doc:"De sector die de kosten draagt"`
	Unit      string           `json:"eenheid" doc:"Zoals uur, dag, traject"`
	UnitPrice euro             `json:"prijsPerEenheid" doc:"In euro, twee decimalen"`
	PriceYear int              `json:"prijsjaar" doc:"Het jaar waarin de prijs is uitgedrukt"`
	ValidFrom date             `json:"geldigVan"`
	ValidTo   *date            `json:"geldigTot" doc:"Tot en met; null zolang de prijs geldt"`
	Source    string           `json:"bron"`
	Basis     kluwen.CostBasis `json:"onderbouwing" domain:"costBasis"`
	BasisNote string           `json:"toelichtingOnderbouwing"`
	Kind      kluwen.CostKind  `json:"soort"`
	CostType  kluwen.CostType  `json:"kostensoort" doc:"Kosten van inzet (dienst) of een inkomensoverdracht (overdracht); de overzichten houden ze apart"`
	Periods   []costItemOut    `json:"perioden,omitzero" doc:"Alleen bij het opvragen van één kostenpost: alle geldigheidsperioden, nieuwste eerst"`
}

type costPriceIn struct {
	Code      string           `json:"code" domain:"code"`
	UnitPrice hundredths       `json:"prijsPerEenheid" doc:"In euro, hoogstens twee decimalen"`
	PriceYear int              `json:"prijsjaar"`
	ValidFrom date             `json:"geldigVan" doc:"Opent de nieuwe periode; de vorige loopt tot de dag ervoor. Bestaande kostenregels houden hun prijs."`
	Source    string           `json:"bron,omitempty" doc:"Leeg: de bron van de vorige periode"`
	Basis     kluwen.CostBasis `json:"onderbouwing" domain:"costBasis"`
	BasisNote string           `json:"toelichtingOnderbouwing,omitempty"`
}

type priceIndexOut struct {
	Links      selfLinks           `json:"_links"`
	LatestYear int                 `json:"laatsteJaar" doc:"Het standaard prijsjaar van de overzichten"`
	IndexYears []priceIndexYearOut `json:"jaren" doc:"Oudste eerst"`
}

type priceIndexYearOut struct {
	Year   int        `json:"jaar"`
	Value  hundredths `json:"indexcijfer" doc:"Consumentenprijsindex, zoals 103.44 (2015 = 100)"`
	Source string     `json:"bron"`
}

type priceIndexYearIn struct {
	Year   int        `json:"jaar"`
	Value  hundredths `json:"indexcijfer" doc:"Hoogstens twee decimalen, zoals 103.44 (2015 = 100)"`
	Source string     `json:"bron"`
}

type costRecordOut struct {
	Links          selfLinks       `json:"_links"`
	ID             int64           `json:"id"`
	OrganisationID int64           `json:"organisatieId"`
	DepartmentID   *int64          `json:"afdelingId"`
	HouseholdID    int64           `json:"huishoudenId"`
	PersonID       *int64          `json:"persoonId"`
	ItemCode       string          `json:"kostenpostCode" doc:"Leeg bij een werkelijk bedrag"`
	ItemID         *int64          `json:"kostenpostId" doc:"De periode van de kostenpost die de prijs gaf"`
	Quantity       quantity        `json:"aantal"`
	UnitPrice      euro            `json:"prijsPerEenheid"`
	Amount         euro            `json:"bedrag" doc:"In euro, twee decimalen"`
	Description    string          `json:"omschrijving"`
	From           date            `json:"van"`
	To             date            `json:"tot" doc:"Tot en met"`
	LifeDomain     string          `json:"leefgebied" enum:"costLifeDomain" doc:"Leeg: geen leefgebied"`
	Sector         kluwen.Sector   `json:"sector"`
	Kind           kluwen.CostKind `json:"soort"`
	CostType       kluwen.CostType `json:"kostensoort"`
	Estimated      bool            `json:"geschat" doc:"true: een schatting, geen geregistreerd feit"`
	Correction     bool            `json:"correctie" doc:"true: corrigeert eerdere regels en mag negatief zijn"`
	SourceRef      string          `json:"bronverwijzing" doc:"Uw eigen kenmerk, uniek per organisatie"`
	CreatedBy      int64           `json:"aangemaaktDoor"`
	CreatedAt      instant         `json:"aangemaaktOp"`
}

type costRecordIn struct {
	OrganisationID int64           `json:"organisatieId,omitempty" doc:"Standaard uw eigen organisatie; voor een andere organisatie mag het niet (403)"`
	DepartmentID   *int64          `json:"afdelingId,omitempty"`
	PersonID       *int64          `json:"persoonId,omitempty"`
	ItemCode       string          `json:"kostenpostCode,omitempty" doc:"Een kostenpost uit de catalogus, met een aantal; of laat leeg en geef een bedrag"`
	Quantity       quantity        `json:"aantal,omitzero" doc:"Hoogstens drie decimalen; negatief alleen in een correctie"`
	Amount         hundredths      `json:"bedrag,omitzero" doc:"Een werkelijk bedrag in euro, hoogstens twee decimalen, met omschrijving, soort en kostensoort"`
	Description    string          `json:"omschrijving,omitempty"`
	From           date            `json:"van"`
	To             *date           `json:"tot,omitempty" doc:"Tot en met; standaard de dag van van"`
	LifeDomain     string          `json:"leefgebied,omitempty" enum:"costLifeDomain"`
	Kind           kluwen.CostKind `json:"soort,omitempty" doc:"Alleen bij een werkelijk bedrag"`
	CostType       kluwen.CostType `json:"kostensoort,omitempty" doc:"Alleen bij een werkelijk bedrag"`
	Estimated      bool            `json:"geschat,omitempty"`
	Correction     bool            `json:"correctie,omitempty"`
	SourceRef      string          `json:"bronverwijzing,omitempty"`
}

type costAmountsOut struct {
	Service          euro `json:"inzet" doc:"Kosten van inzet"`
	Transfer         euro `json:"overdracht" doc:"Inkomensoverdrachten (uitkeringen)"`
	Total            euro `json:"totaal"`
	Records          int  `json:"regels" doc:"Aantal kostenregels"`
	EstimatedAmount  euro `json:"geschat" doc:"Het geschatte deel van het totaal: de bedragen van de regels die een schatting zijn"`
	EstimatedRecords int  `json:"geschatteRegels" doc:"Aantal kostenregels dat een schatting is"`
}

type costPeriodOut struct {
	Year    int            `json:"jaar"`
	Quarter int            `json:"kwartaal,omitempty" doc:"1 tot en met 4; ontbreekt bij een jaartotaal"`
	Amounts costAmountsOut `json:"bedragen"`
}

type costSplitOut struct {
	Key     string         `json:"sleutel" doc:"De code, of de id als tekst"`
	ID      int64          `json:"id,omitempty" doc:"De organisatie of afdeling; 0 of afwezig: geen afdeling"`
	Label   string         `json:"naam"`
	Amounts costAmountsOut `json:"bedragen"`
}

type costWindowOut struct {
	From    date           `json:"van"`
	To      date           `json:"tot"`
	Amounts costAmountsOut `json:"bedragen"`
}

type costDriverOut struct {
	ItemCode       string         `json:"kostenpostCode" doc:"Leeg bij werkelijke bedragen"`
	Label          string         `json:"naam"`
	OrganisationID int64          `json:"organisatieId"`
	Amounts        costAmountsOut `json:"bedragen"`
}

type costOverviewOut struct {
	Links          selfLinks       `json:"_links"`
	HouseholdID    int64           `json:"huishoudenId"`
	PriceYear      int             `json:"prijsjaar" doc:"Alle bedragen zijn uitgedrukt in prijzen van dit jaar"`
	UnindexedYears []int           `json:"jarenZonderIndex" doc:"Jaren zonder indexcijfer; het dichtstbijzijnde is gebruikt"`
	Total          costAmountsOut  `json:"totaal"`
	Years          []costPeriodOut `json:"perJaar"`
	Quarters       []costPeriodOut `json:"perKwartaal"`
	ByOrganisation []costSplitOut  `json:"perPartner"`
	ByDepartment   []costSplitOut  `json:"perAfdeling"`
	BySector       []costSplitOut  `json:"perSector"`
	ByLifeDomain   []costSplitOut  `json:"perLeefgebied"`
	ByKind         []costSplitOut  `json:"perSoort"`
	ByCostType     []costSplitOut  `json:"perKostensoort"`
	CaseID         *int64          `json:"casusId" doc:"De casus waarvan de start de vensters voor en na bepaalt; null zonder casus"`
	CaseStart      *date           `json:"casusStart"`
	Before         *costWindowOut  `json:"voor" doc:"Het venster voor de start, even lang als erna"`
	After          *costWindowOut  `json:"na"`
	Drivers        []costDriverOut `json:"grootsteKostenposten"`
}

type portfolioHouseholdOut struct {
	Rank           int    `json:"rang"`
	Pseudonym      string `json:"pseudoniem" doc:"Vast per huishouden, zonder het huishouden prijs te geven"`
	HouseholdID    int64  `json:"huishoudenId,omitempty" doc:"Alleen als u het huishouden mag openen; nooit voor een analist"`
	Amount         euro   `json:"bedrag"`
	Partners       int    `json:"partners" doc:"Organisaties met kosten op het huishouden"`
	LifeDomains    int    `json:"leefgebieden" doc:"Leefgebieden met kosten"`
	ProblemDomains int    `json:"probleemgebieden" doc:"Aantal leefgebieden van het standaard meetinstrument (ZRM) waarop een huidig lid bij de laatste meting op probleemniveau (1 of 2) scoorde; vandaag, los van het filter; 0 zonder meting. De rangschikking erop heet probleemdomeinen"`
}

type concentrationPointOut struct {
	HouseholdPercent float64 `json:"huishoudenPercentage" doc:"De duurste zoveel procent van de huishoudens"`
	Households       int     `json:"huishoudens"`
	Amount           euro    `json:"bedrag"`
	CostPercent      float64 `json:"kostenPercentage" doc:"Het deel van alle kosten dat zij dragen, in procenten"`
}

type wijkTotalOut struct {
	Wijk       string `json:"wijk"`
	Households int    `json:"huishoudens"`
	Amount     euro   `json:"bedrag"`
	Suppressed bool   `json:"onderdrukt" doc:"true: te weinig huishoudens om te tonen"`
}

type yearTotalOut struct {
	Year   int  `json:"jaar"`
	Amount euro `json:"bedrag"`
}

type portfolioOut struct {
	Links          pageLinks               `json:"_links"`
	PriceYear      int                     `json:"prijsjaar"`
	UnindexedYears []int                   `json:"jarenZonderIndex"`
	CostType       kluwen.CostType         `json:"kostensoort"`
	RankBy         string                  `json:"rangschikking" enum:"portfolioRank"`
	Households     int                     `json:"huishoudens" doc:"Huishoudens met kosten binnen het filter"`
	Total          euro                    `json:"totaal"`
	Ranked         []portfolioHouseholdOut `json:"rangorde" doc:"Huishoudens op volgorde; pseudoniemen"`
	Curve          []concentrationPointOut `json:"concentratiecurve"`
	ByWijk         []wijkTotalOut          `json:"perWijk"`
	ByYear         []yearTotalOut          `json:"perJaarTotaal"`
}

type coursePointOut struct {
	Offset        int                      `json:"kwartaal" doc:"Kwartalen ten opzichte van de start; 0 is het kwartaal van de start"`
	Households    int                      `json:"huishoudens" doc:"Huishoudens met kosten in het kwartaal"`
	Observed      int                      `json:"huishoudensVoorbij" doc:"Bij een cohort: de huishoudens waarvoor het kwartaal voorbij is; alleen hun kosten tellen en de gemiddelden zijn per huishouden van hen. Bij één casus 1"`
	Suppressed    bool                     `json:"onderdrukt" doc:"Bij een cohort: true als het kwartaal voor te weinig huishoudens voorbij is om bedragen te tonen"`
	Service       euro                     `json:"inzet"`
	Transfer      euro                     `json:"overdracht"`
	MeanService   euro                     `json:"gemiddeldeInzet" doc:"Per huishouden"`
	MeanTransfer  euro                     `json:"gemiddeldeOverdracht" doc:"Per huishouden"`
	ServiceByKind map[kluwen.CostKind]euro `json:"inzetPerSoort" doc:"Kosten van inzet per soort"`
	Outcome       *courseOutcomeOut        `json:"uitkomst,omitempty" doc:"De metingen aan het eind van het kwartaal; ontbreekt voor de eerste meting, voor een kwartaal dat nog moet komen en zonder recht op de metingen"`
}

type courseOutcomeOut struct {
	Cases          int         `json:"casussen" doc:"Casussen (huishoudens) met een meting tot het eind van het kwartaal; 1 bij één casus"`
	MeanScore      *hundredths `json:"gemiddeldeScore" doc:"Gemiddelde laatste score per lid en domein (zelfredzaamheid); bij een cohort het gemiddelde over de casussen; null als onderdrukt"`
	ProblemDomains *hundredths `json:"probleemgebieden" doc:"Aantal domeinen waarin een lid als laatste score 1 of 2 had; bij een cohort het gemiddelde over de casussen; null als onderdrukt"`
	Suppressed     bool        `json:"onderdrukt" doc:"true: te weinig casussen met een meting om te tonen"`
}

type outcomeOut struct {
	MeanScore    *hundredths `json:"gemiddeldeScore" doc:"Gemiddelde laatste score van de leden (zelfredzaamheid); null zonder metingen"`
	ProblemAreas int         `json:"probleemgebieden" doc:"Aantal domeinen met een laatste score op probleemniveau"`
}

type costCourseOut struct {
	Links          selfLinks        `json:"_links"`
	PriceYear      int              `json:"prijsjaar"`
	UnindexedYears []int            `json:"jarenZonderIndex"`
	CaseID         int64            `json:"casusId,omitempty" doc:"Bij het verloop van één casus"`
	Start          *date            `json:"start" doc:"De start van de casus; null bij een cohort"`
	Cases          int              `json:"casussen"`
	CountedThrough *date            `json:"teltTotEnMet,omitempty" doc:"Bij een cohort: de laatste dag van het laatste kwartaal dat meetelt (voorbij, en in een jaar waarin al kosten zijn vastgelegd)"`
	Suppressed     bool             `json:"onderdrukt" doc:"true: te weinig casussen om te tonen"`
	WithOutcomes   bool             `json:"metUitkomsten" doc:"true: de kwartalen dragen de uitkomsten op de leefgebieden (bij één casus alleen met recht op de metingen)"`
	Points         []coursePointOut `json:"kwartalen"`
	Outcomes       *outcomeOut      `json:"uitkomsten,omitempty" doc:"Bij één casus: de uitkomsten op de leefgebieden nu, ernaast"`
}

type payerRowOut struct {
	OrganisationID int64         `json:"organisatieId"`
	Name           string        `json:"naam"`
	Sector         kluwen.Sector `json:"sector"`
	Invested       euro          `json:"geinvesteerd" doc:"Preventie en zorg op de casussen"`
	Before         euro          `json:"voor" doc:"Eigen kosten in de kwartalen voor de start"`
	After          euro          `json:"na" doc:"Eigen kosten in de kwartalen na de start"`
	Change         euro          `json:"verandering" doc:"na min voor"`
}

type payersOut struct {
	Links          selfLinks     `json:"_links"`
	PriceYear      int           `json:"prijsjaar"`
	UnindexedYears []int         `json:"jarenZonderIndex"`
	Cases          int           `json:"casussen"`
	CountedThrough *date         `json:"teltTotEnMet,omitempty" doc:"De laatste dag van het laatste kwartaal dat meetelt (voorbij, en in een jaar waarin al kosten zijn vastgelegd)"`
	Compared       int           `json:"vergeleken" doc:"De casussen waarvan ten minste één kwartaal sinds de start voorbij is; alleen die tellen, met vensters zo lang als de voorbije kwartalen (ten hoogste kwartalenNa)"`
	QuartersBefore int           `json:"kwartalenVoor"`
	QuartersAfter  int           `json:"kwartalenNa"`
	Suppressed     bool          `json:"onderdrukt"`
	Payers         []payerRowOut `json:"partners"`
}

type importMappingIn struct {
	HouseholdID string `json:"huishoudenId,omitempty" doc:"Kolom met de id van het huishouden; of postcode met huisnummer, of bsn"`
	Postcode    string `json:"postcode,omitempty"`
	HouseNumber string `json:"huisnummer,omitempty"`
	Addition    string `json:"huisnummertoevoeging,omitempty"`
	BSN         string `json:"bsn,omitempty"`
	ItemCode    string `json:"kostenpostCode,omitempty"`
	Quantity    string `json:"aantal,omitempty"`
	Amount      string `json:"bedrag,omitempty"`
	Description string `json:"omschrijving,omitempty"`
	From        string `json:"van,omitempty"`
	To          string `json:"tot,omitempty"`
	LifeDomain  string `json:"leefgebied,omitempty"`
	Kind        string `json:"soort,omitempty"`
	CostType    string `json:"kostensoort,omitempty"`
	Department  string `json:"afdeling,omitempty" doc:"Kolom met de naam van de afdeling"`
	SourceRef   string `json:"bronverwijzing,omitempty" doc:"Kolom met uw kenmerk per regel: een tweede import slaat bekende regels over. Zonder deze kolom herkent Kluwen een regel aan zijn inhoud; een gewijzigde regel telt dan als een nieuwe"`
	Estimated   string `json:"geschat,omitempty"`
	Correction  string `json:"correctie,omitempty"`
}

type importErrorOut struct {
	Line    int    `json:"regel" doc:"Het regelnummer in het bestand (de kopregel is 1)"`
	Column  string `json:"kolom" doc:"De kolomkop in het bestand"`
	Message string `json:"melding"`
}

type importPreviewRowOut struct {
	Line      int              `json:"regel"`
	Record    *costRecordOut   `json:"kostenregel" doc:"Zoals de regel zou worden vastgelegd; null bij fouten"`
	RowErrors []importErrorOut `json:"fouten"`
}

type costImportOut struct {
	Preview     bool                  `json:"voorbeeld" doc:"true: niets is vastgelegd"`
	Detected    string                `json:"beschrijving" doc:"Wat er is herkend: formaat, codering, scheidingsteken, regels"`
	RowCount    int                   `json:"regels"`
	Imported    int                   `json:"geimporteerd"`
	Unchanged   int                   `json:"ongewijzigd" doc:"Regels die al eerder met dezelfde inhoud zijn geïmporteerd"`
	Rejected    int                   `json:"afgewezen"`
	RowErrors   []importErrorOut      `json:"fouten"`
	PreviewRows []importPreviewRowOut `json:"voorbeeldregels,omitempty" doc:"Alleen bij voorbeeld=true"`
}

// --- The registry ---

// wireType names a wire type in the OpenAPI document and, for resources, its
// collection in _embedded.
type wireType struct {
	t          reflect.Type
	schema     string // component name
	collection string // key under _embedded; "" for request bodies
}

var wireTypes = []wireType{
	{reflect.TypeFor[organisationOut](), "Organisatie", "organisaties"},
	{reflect.TypeFor[organisationIn](), "OrganisatieNieuw", ""},
	{reflect.TypeFor[organisationPatch](), "OrganisatieWijziging", ""},
	{reflect.TypeFor[departmentOut](), "Afdeling", "afdelingen"},
	{reflect.TypeFor[departmentIn](), "AfdelingNieuw", ""},
	{reflect.TypeFor[userOut](), "Gebruiker", "gebruikers"},
	{reflect.TypeFor[userIn](), "GebruikerNieuw", ""},
	{reflect.TypeFor[userPatch](), "GebruikerWijziging", ""},
	{reflect.TypeFor[householdOut](), "Huishouden", "huishoudens"},
	{reflect.TypeFor[householdIn](), "HuishoudenNieuw", ""},
	{reflect.TypeFor[householdPatch](), "HuishoudenWijziging", ""},
	{reflect.TypeFor[householdSearch](), "HuishoudenZoekvraag", ""},
	{reflect.TypeFor[membershipOut](), "Lid", "leden"},
	{reflect.TypeFor[membershipIn](), "LidNieuw", ""},
	{reflect.TypeFor[membershipPatch](), "LidWijziging", ""},
	{reflect.TypeFor[familyOut](), "Familie", ""},
	{reflect.TypeFor[familyMemberOut](), "Familielid", ""},
	{reflect.TypeFor[personOut](), "Persoon", "personen"},
	{reflect.TypeFor[personIn](), "PersoonNieuw", ""},
	{reflect.TypeFor[personPatch](), "PersoonWijziging", ""},
	{reflect.TypeFor[personSearch](), "PersoonZoekvraag", ""},
	{reflect.TypeFor[relationOut](), "Relatie", "relaties"},
	{reflect.TypeFor[relationIn](), "RelatieNieuw", ""},
	{reflect.TypeFor[caseOut](), "Casus", "casussen"},
	{reflect.TypeFor[caseIn](), "CasusNieuw", ""},
	{reflect.TypeFor[statusChangeOut](), "Statuswijziging", "statuswijzigingen"},
	{reflect.TypeFor[statusChangeIn](), "StatuswijzigingNieuw", ""},
	{reflect.TypeFor[regisseurOut](), "Regisseur", ""},
	{reflect.TypeFor[regisseurIn](), "RegisseurKeuze", ""},
	{reflect.TypeFor[involvementOut](), "BetrokkenPartner", "betrokkenPartners"},
	{reflect.TypeFor[involvementIn](), "BetrokkenPartnerNieuw", ""},
	{reflect.TypeFor[involvementPatch](), "BetrokkenPartnerWijziging", ""},
	{reflect.TypeFor[accessLogEntryOut](), "Toegangslogregel", "toegangslogregels"},
	{reflect.TypeFor[objectOut](), "Object", ""},
	{reflect.TypeFor[signalOut](), "Signaal", "signalen"},
	{reflect.TypeFor[signalIn](), "SignaalNieuw", ""},
	{reflect.TypeFor[signalTypeOut](), "Signaalsoort", "signaalsoorten"},
	{reflect.TypeFor[signalTypeIn](), "SignaalsoortNieuw", ""},
	{reflect.TypeFor[signalTypePatch](), "SignaalsoortWijziging", ""},
	{reflect.TypeFor[timelineItemOut](), "Tijdlijnitem", "tijdlijn"},
	{reflect.TypeFor[instrumentOut](), "Meetinstrument", "instrumenten"},
	{reflect.TypeFor[instrumentDomainOut](), "MeetinstrumentDomein", ""},
	{reflect.TypeFor[instrumentLevelOut](), "MeetinstrumentNiveau", ""},
	{reflect.TypeFor[criterionOut](), "Criterium", ""},
	{reflect.TypeFor[criterionPatch](), "CriteriumWijziging", ""},
	{reflect.TypeFor[assessmentOut](), "Meting", "metingen"},
	{reflect.TypeFor[scoreOut](), "Score", ""},
	{reflect.TypeFor[assessmentIn](), "MetingNieuw", ""},
	{reflect.TypeFor[scoreIn](), "ScoreNieuw", ""},
	{reflect.TypeFor[matrixOut](), "Zelfredzaamheid", ""},
	{reflect.TypeFor[matrixRowOut](), "ZelfredzaamheidRij", ""},
	{reflect.TypeFor[matrixCellOut](), "ZelfredzaamheidCel", ""},
	{reflect.TypeFor[scorePointOut](), "Scorepunt", ""},
	{reflect.TypeFor[problemDomainOut](), "Probleemgebied", "probleemgebieden"},
	{reflect.TypeFor[planOut](), "Plan", ""},
	{reflect.TypeFor[goalOut](), "Doel", "doelen"},
	{reflect.TypeFor[goalIn](), "DoelNieuw", ""},
	{reflect.TypeFor[goalPatch](), "DoelWijziging", ""},
	{reflect.TypeFor[actionOut](), "Actie", "acties"},
	{reflect.TypeFor[actionIn](), "ActieNieuw", ""},
	{reflect.TypeFor[actionPatch](), "ActieWijziging", ""},
	{reflect.TypeFor[noteOut](), "Voortgangsnotitie", "voortgang"},
	{reflect.TypeFor[noteIn](), "VoortgangsnotitieNieuw", ""},
	{reflect.TypeFor[planVersionOut](), "Planversie", "versies"},
	{reflect.TypeFor[fieldChangeOut](), "Veldwijziging", ""},
	{reflect.TypeFor[balanceOut](), "Balans", ""},
	{reflect.TypeFor[kindBalanceOut](), "BalansPerSoort", ""},
	{reflect.TypeFor[dueActionsOut](), "MijnActies", ""},
	{reflect.TypeFor[conferenceOut](), "Overleg", "overleggen"},
	{reflect.TypeFor[inviteeOut](), "Genodigde", ""},
	{reflect.TypeFor[inviteeIn](), "GenodigdeNieuw", ""},
	{reflect.TypeFor[conferenceIn](), "OverlegNieuw", ""},
	{reflect.TypeFor[conferencePatch](), "OverlegWijziging", ""},
	{reflect.TypeFor[inviteesIn](), "Uitnodiging", ""},
	{reflect.TypeFor[attendanceIn](), "Aanwezigheid", ""},
	{reflect.TypeFor[minutesIn](), "Notulen", ""},
	{reflect.TypeFor[decisionOut](), "Besluit", "besluiten"},
	{reflect.TypeFor[decisionIn](), "BesluitNieuw", ""},
	{reflect.TypeFor[decisionPatch](), "BesluitWijziging", ""},
	{reflect.TypeFor[decisionActionIn](), "BesluitNaarActie", ""},
	{reflect.TypeFor[maatwerkOut](), "Maatwerk", "maatwerk"},
	{reflect.TypeFor[maatwerkIn](), "MaatwerkNieuw", ""},
	{reflect.TypeFor[maatwerkOutcomeIn](), "MaatwerkUitkomst", ""},
	{reflect.TypeFor[maatwerkRowOut](), "MaatwerkRegel", "maatwerkregels"},
	{reflect.TypeFor[escalationOut](), "Escalatie", "escalaties"},
	{reflect.TypeFor[escalationIn](), "EscalatieNieuw", ""},
	{reflect.TypeFor[escalationPatch](), "EscalatieWijziging", ""},
	{reflect.TypeFor[notificationOut](), "Melding", "meldingen"},
	{reflect.TypeFor[costItemOut](), "Kostenpost", "kostenposten"},
	{reflect.TypeFor[costPriceIn](), "KostenpostPrijsNieuw", ""},
	{reflect.TypeFor[priceIndexOut](), "Prijsindex", ""},
	{reflect.TypeFor[priceIndexYearOut](), "PrijsindexJaar", ""},
	{reflect.TypeFor[priceIndexYearIn](), "PrijsindexJaarNieuw", ""},
	{reflect.TypeFor[costRecordOut](), "Kostenregel", "kostenregels"},
	{reflect.TypeFor[costRecordIn](), "KostenregelNieuw", ""},
	{reflect.TypeFor[costAmountsOut](), "Kostenbedragen", ""},
	{reflect.TypeFor[costPeriodOut](), "Kostenperiode", ""},
	{reflect.TypeFor[costSplitOut](), "Kostenverdeling", ""},
	{reflect.TypeFor[costWindowOut](), "Kostenvenster", ""},
	{reflect.TypeFor[costDriverOut](), "Kostendrijver", ""},
	{reflect.TypeFor[costOverviewOut](), "Kostenoverzicht", ""},
	{reflect.TypeFor[portfolioHouseholdOut](), "PortefeuilleHuishouden", ""},
	{reflect.TypeFor[concentrationPointOut](), "Concentratiepunt", ""},
	{reflect.TypeFor[wijkTotalOut](), "WijkTotaal", ""},
	{reflect.TypeFor[yearTotalOut](), "Jaartotaal", ""},
	{reflect.TypeFor[portfolioOut](), "Portefeuille", ""},
	{reflect.TypeFor[coursePointOut](), "Kwartaalpunt", ""},
	{reflect.TypeFor[courseOutcomeOut](), "KwartaalUitkomst", ""},
	{reflect.TypeFor[outcomeOut](), "Uitkomsten", ""},
	{reflect.TypeFor[costCourseOut](), "Kostenverloop", ""},
	{reflect.TypeFor[payerRowOut](), "Betaler", ""},
	{reflect.TypeFor[payersOut](), "WieBetaalt", ""},
	{reflect.TypeFor[importMappingIn](), "Kolomkoppeling", ""},
	{reflect.TypeFor[importErrorOut](), "Importfout", ""},
	{reflect.TypeFor[importPreviewRowOut](), "Voorbeeldregel", ""},
	{reflect.TypeFor[costImportOut](), "Kostenimport", ""},
	{reflect.TypeFor[link](), "Link", ""},
	{reflect.TypeFor[selfLinks](), "Links", ""},
	{reflect.TypeFor[pageLinks](), "PaginaLinks", ""},
	{reflect.TypeFor[problem](), "Probleem", ""},
	{reflect.TypeFor[invalidParam](), "OngeldigeParameter", ""},
}

func lookupWireType(t reflect.Type) (wireType, bool) {
	for _, w := range wireTypes {
		if w.t == t {
			return w, true
		}
	}
	return wireType{}, false
}

// collectionName is the _embedded key of a collection of t.
func collectionName(t reflect.Type) string {
	w, ok := lookupWireType(t)
	if !ok || w.collection == "" {
		panic("api: no collection name for " + t.String())
	}
	return w.collection
}

// Enumerations. Codes of the domain that are Dutch already (statuses, roles in the
// household, relation kinds, legal bases, sectors) and user roles keep their
// codes; the access-log codes, which the domain keeps in English, are translated
// here. The OpenAPI document lists the allowed values.
var (
	outcomeNames = map[kluwen.AuditOutcome]string{
		kluwen.OutcomeSuccess: "gelukt",
		kluwen.OutcomeRefused: "geweigerd",
		kluwen.OutcomeError:   "fout",
	}
	actionNames = map[kluwen.AuditAction]string{
		kluwen.AuditCreate:  "aanmaken",
		kluwen.AuditRead:    "lezen",
		kluwen.AuditUpdate:  "wijzigen",
		kluwen.AuditDelete:  "verwijderen",
		kluwen.AuditExport:  "exporteren",
		kluwen.AuditExecute: "uitvoeren",
	}
	objectNames = map[string]string{
		kluwen.ObjectPerson:       "persoon",
		kluwen.ObjectHousehold:    "huishouden",
		kluwen.ObjectCase:         "casus",
		kluwen.ObjectUser:         "gebruiker",
		kluwen.ObjectOrganisation: "organisatie",
		kluwen.ObjectAccessLog:    "toegangslogboek",
		kluwen.ObjectCostUpload:   "kostenbestand",
		objectSignal:              "signaal",
		objectAssessment:          "meting",
		objectStatusChange:        "statuswijziging",
		objectPlanVersion:         "planwijziging",
		objectConference:          "overleg",
		objectEscalation:          "escalatie",
	}
	objectOrder = []string{kluwen.ObjectPerson, kluwen.ObjectHousehold, kluwen.ObjectCase, kluwen.ObjectUser, kluwen.ObjectOrganisation,
		kluwen.ObjectAccessLog, kluwen.ObjectCostUpload, objectSignal, objectAssessment, objectStatusChange, objectPlanVersion, objectConference, objectEscalation}
	timelineKindNames = map[kluwen.TimelineKind]string{
		kluwen.TimelineSignal:     "signaal",
		kluwen.TimelineCaseStatus: "casusfase",
		kluwen.TimelineAssessment: "meting",
		kluwen.TimelinePlan:       "planwijziging",
		kluwen.TimelineConference: "overleg",
		kluwen.TimelineEscalation: "escalatie",
	}
	notificationKindNames = map[kluwen.NotificationKind]string{
		kluwen.NotifyActionAssigned:       "actie_toegewezen",
		kluwen.NotifyConferenceInvitation: "uitnodiging_overleg",
		kluwen.NotifyActionOverdue:        "actie_verlopen",
		kluwen.NotifyOther:                "overig",
	}
	planObjectNames = map[string]string{
		kluwen.PlanObjectGoal:   "doel",
		kluwen.PlanObjectAction: "actie",
	}
	// The decision and escalation statuses, which the domain does not list.
	decisionStatuses   = []kluwen.DecisionStatus{kluwen.DecisionOpen, kluwen.DecisionAction, kluwen.DecisionDone}
	escalationStatuses = []kluwen.EscalationStatus{kluwen.EscalationOpen, kluwen.EscalationAnswered, kluwen.EscalationClosed}
)

// Object types of the case work that the access log and the timeline name; the
// store writes them as these codes.
const (
	objectSignal       = "signal"
	objectAssessment   = "assessment"
	objectStatusChange = "case_status_change"
	objectPlanVersion  = "plan_version"
	objectConference   = "conference"
	objectEscalation   = "escalation"
)

// translatedAll gives the Dutch names of codes in order; a code without a Dutch
// name keeps its code, so that a kind added to the domain still appears.
func translatedAll[K ~string](m map[K]string, order []K) []string {
	out := make([]string, len(order))
	for i, k := range order {
		out[i] = translated(m, k)
	}
	return out
}

// translated returns the Dutch name of a code, or the code itself when it has none.
func translated[K ~string](m map[K]string, k K) string {
	if s, ok := m[k]; ok {
		return s
	}
	return string(k)
}

// untranslated returns the code of a Dutch name.
func untranslated[K ~string](m map[K]string, s string) (K, bool) {
	for k, v := range m {
		if v == s {
			return k, true
		}
	}
	return "", false
}

func sortedValues[K ~string](m map[K]string, order []K) []string {
	out := make([]string, 0, len(order))
	for _, k := range order {
		out = append(out, m[k])
	}
	return out
}

func stringsOf[K ~string](xs []K) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// enumValues gives the allowed values of an enumerated type, or of a string field
// tagged enum:"…".
func enumValues(t reflect.Type, tag string) []string {
	switch tag {
	case "outcome":
		return sortedValues(outcomeNames, []kluwen.AuditOutcome{kluwen.OutcomeSuccess, kluwen.OutcomeRefused, kluwen.OutcomeError})
	case "action":
		return sortedValues(actionNames, []kluwen.AuditAction{kluwen.AuditCreate, kluwen.AuditRead, kluwen.AuditUpdate, kluwen.AuditDelete, kluwen.AuditExport, kluwen.AuditExecute})
	case "object":
		return sortedValues(objectNames, objectOrder)
	case "timelineKind":
		return translatedAll(timelineKindNames, kluwen.TimelineKinds)
	case "notificationKind":
		return translatedAll(notificationKindNames, kluwen.NotificationKinds)
	case "costLifeDomain":
		return append([]string{""}, kluwen.CostLifeDomains...)
	case "portfolioRank":
		return stringsOf(kluwen.PortfolioRanks)
	case "planObject":
		return translatedAll(planObjectNames, []string{kluwen.PlanObjectGoal, kluwen.PlanObjectAction})
	}
	switch t {
	case reflect.TypeFor[kluwen.Sector]():
		return stringsOf(kluwen.Sectors)
	case reflect.TypeFor[kluwen.Role]():
		return stringsOf(kluwen.Roles)
	case reflect.TypeFor[kluwen.MemberRole]():
		return stringsOf(kluwen.MemberRoles)
	case reflect.TypeFor[kluwen.RelationKind]():
		return stringsOf(kluwen.RelationKinds)
	case reflect.TypeFor[kluwen.CaseStatus]():
		return stringsOf(kluwen.CaseStatuses)
	case reflect.TypeFor[kluwen.LegalBasis]():
		return stringsOf(kluwen.LegalBases)
	case reflect.TypeFor[lifeDomainCode]():
		return lifeDomainCodes()
	case reflect.TypeFor[kluwen.Severity]():
		return stringsOf(kluwen.Severities)
	case reflect.TypeFor[kluwen.Confidentiality]():
		return []string{string(kluwen.Normal), string(kluwen.Confidential)}
	case reflect.TypeFor[kluwen.GoalStatus]():
		return stringsOf(kluwen.GoalStatuses)
	case reflect.TypeFor[kluwen.ActionKind]():
		return stringsOf(kluwen.ActionKinds)
	case reflect.TypeFor[kluwen.ActionStatus]():
		return stringsOf(kluwen.ActionStatuses)
	case reflect.TypeFor[kluwen.DecisionStatus]():
		return stringsOf(decisionStatuses)
	case reflect.TypeFor[kluwen.EscalationLevel]():
		return stringsOf(kluwen.EscalationLevels)
	case reflect.TypeFor[kluwen.EscalationStatus]():
		return stringsOf(escalationStatuses)
	case reflect.TypeFor[kluwen.CostKind]():
		return stringsOf(kluwen.CostKinds)
	case reflect.TypeFor[kluwen.CostType]():
		return stringsOf(kluwen.CostTypes)
	case reflect.TypeFor[kluwen.CostBasis]():
		return stringsOf(kluwen.CostBases)
	case reflect.TypeFor[kluwen.OutcomeResult]():
		return stringsOf(kluwen.OutcomeResults)
	}
	return nil
}

// --- Field names ---

// wireField is one JSON field of a wire type.
type wireField struct {
	index     int
	name      string // Dutch, as in JSON
	domain    string // the domain's name of the field
	omitempty bool
	doc       string
	enum      string
}

// fieldsOf lists the JSON fields of a wire struct type, in declaration order.
func fieldsOf(t reflect.Type) []wireField {
	var out []wireField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" || tag == "" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		d := f.Tag.Get("domain")
		if d == "" {
			d = domainName(f.Name)
		}
		out = append(out, wireField{
			index:     i,
			name:      name,
			domain:    d,
			omitempty: strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero"),
			doc:       f.Tag.Get("doc"),
			enum:      f.Tag.Get("enum"),
		})
	}
	return out
}

// domainName derives the domain's field name from a Go field name the way the
// domain writes them: HouseNumber → houseNumber, PersonID → personId, BSN → bsn.
func domainName(goName string) string {
	r := []rune(goName)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	switch {
	case n == len(r):
		return strings.ToLower(goName)
	case n > 1:
		n-- // the last capital starts the next word: BSNMasked → bsnMasked
	}
	s := strings.ToLower(string(r[:n])) + string(r[n:])
	if strings.HasSuffix(s, "ID") {
		s = strings.TrimSuffix(s, "ID") + "Id"
	}
	return s
}

// fieldNames maps the domain's field names to the API's, over every wire type. A
// domain name has one Dutch name throughout the API; newFieldNames panics when
// two wire types disagree, so that the mistake shows at start-up.
type fieldNames map[string]string

func newFieldNames() fieldNames {
	m := fieldNames{}
	for _, w := range wireTypes {
		if w.t == reflect.TypeFor[problem]() || w.t == reflect.TypeFor[invalidParam]() {
			continue // the problem's own fields are English by RFC 9457
		}
		for _, f := range fieldsOf(w.t) {
			if f.name == "_links" {
				continue
			}
			if prev, ok := m[f.domain]; ok && prev != f.name {
				panic(fmt.Sprintf("api: domain field %q is called both %q and %q", f.domain, prev, f.name))
			}
			m[f.domain] = f.name
		}
	}
	return m
}

// translate returns the API's name for a domain field name, and whether it knows it.
// A dotted name is a path into a field keyed by codes, such as
// "scores.financien.note" for the note of one score: the field names in it (every
// other part, from the first) are translated, the keys kept.
func (m fieldNames) translate(domain string) (string, bool) {
	parts := strings.Split(domain, ".")
	for i := 0; i < len(parts); i += 2 {
		n, ok := m[parts[i]]
		if !ok {
			return domain, false
		}
		parts[i] = n
	}
	return strings.Join(parts, "."), true
}

// lifeDomainCodes are the codes of the life domains, in order.
func lifeDomainCodes() []string {
	out := make([]string, len(kluwen.LifeDomains))
	for i, d := range kluwen.LifeDomains {
		out[i] = d.Code()
	}
	return out
}
