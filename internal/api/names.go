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
	Type string `json:"type" enum:"object"`
	ID   int64  `json:"id"`
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
	}
)

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
		return sortedValues(objectNames, []string{kluwen.ObjectPerson, kluwen.ObjectHousehold, kluwen.ObjectCase, kluwen.ObjectUser, kluwen.ObjectOrganisation, kluwen.ObjectAccessLog})
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
func (m fieldNames) translate(domain string) (string, bool) {
	n, ok := m[domain]
	if !ok {
		return domain, false
	}
	return n, true
}
