package api

import (
	"net/http"

	"github.com/kluwen/kluwen"
)

// routeTable lists every operation of the API. It registers the handlers (New)
// and generates the OpenAPI document (openapi.go), so the two cannot differ.
func (s *server) routeTable() []*route {
	const (
		mGet    = http.MethodGet
		mPost   = http.MethodPost
		mPut    = http.MethodPut
		mPatch  = http.MethodPatch
		mDelete = http.MethodDelete
	)
	id := func(name, doc string) param { return param{name: name, kind: paramID, doc: doc} }
	return []*route{
		{method: mGet, path: "/openapi.json", op: "openapiOpvragen", summary: "Deze API-beschrijving (OpenAPI 3.0)", tag: "API", public: true,
			h: get(func(*call) (rawJSON, error) { return s.openapi, nil })},

		{method: mGet, path: "/organisaties", op: "organisatiesOpvragen", summary: "Partnerorganisaties", tag: "Organisaties",
			query: []param{{name: "sector", kind: paramEnum, enum: stringsOf(kluwen.Sectors), doc: "Alleen organisaties in deze sector"}},
			h:     get(s.listOrganisations)},
		{method: mPost, path: "/organisaties", op: "organisatieAanmaken", summary: "Organisatie toevoegen (functioneel beheer)", tag: "Organisaties", status: http.StatusCreated,
			h: with(s.createOrganisation)},
		{method: mGet, path: "/organisaties/{id}", op: "organisatieOpvragen", summary: "Eén organisatie met haar afdelingen", tag: "Organisaties",
			h: get(s.getOrganisation)},
		{method: mPatch, path: "/organisaties/{id}", op: "organisatieWijzigen", summary: "Organisatie wijzigen (functioneel beheer)", tag: "Organisaties",
			h: with(s.updateOrganisation)},
		{method: mGet, path: "/organisaties/{id}/afdelingen", op: "afdelingenOpvragen", summary: "Afdelingen van een organisatie", tag: "Organisaties",
			h: get(s.listDepartments)},
		{method: mPost, path: "/organisaties/{id}/afdelingen", op: "afdelingAanmaken", summary: "Afdeling toevoegen (functioneel beheer)", tag: "Organisaties", status: http.StatusCreated,
			h: with(s.createDepartment)},
		{method: mGet, path: "/organisaties/{id}/afdelingen/{afdelingId}", op: "afdelingOpvragen", summary: "Eén afdeling", tag: "Organisaties",
			h: get(s.getDepartment)},

		{method: mGet, path: "/gebruikers", op: "gebruikersOpvragen", summary: "Gebruikers (functioneel beheer)", tag: "Gebruikers",
			query: []param{
				id("organisatieId", "Alleen gebruikers van deze organisatie"),
				{name: "rol", kind: paramEnum, enum: stringsOf(kluwen.Roles), doc: "Alleen gebruikers met deze rol"},
			},
			h: get(s.listUsers)},
		{method: mPost, path: "/gebruikers", op: "gebruikerAanmaken", summary: "Gebruiker toevoegen (functioneel beheer)", tag: "Gebruikers", status: http.StatusCreated,
			h: with(s.createUser)},
		{method: mGet, path: "/gebruikers/{id}", op: "gebruikerOpvragen", summary: "Eén gebruiker", tag: "Gebruikers",
			h: get(s.getUser)},
		{method: mPatch, path: "/gebruikers/{id}", op: "gebruikerWijzigen", summary: "Gebruiker wijzigen of blokkeren (functioneel beheer)", tag: "Gebruikers",
			h: with(s.updateUser)},

		{method: mGet, path: "/huishoudens", op: "huishoudensOpvragen", summary: "Huishoudens die u mag zien", tag: "Huishoudens",
			h: get(s.listHouseholds)},
		{method: mPost, path: "/huishoudens", op: "huishoudenAanmaken", summary: "Huishouden registreren", tag: "Huishoudens", status: http.StatusCreated,
			h: with(s.createHousehold)},
		{method: mPost, path: "/huishoudens/_zoek", op: "huishoudensZoeken", summary: "Huishoudens zoeken op adres, wijk of naam van een lid", tag: "Huishoudens",
			h: with(s.searchHouseholds)},
		{method: mGet, path: "/huishoudens/{id}", op: "huishoudenOpvragen", summary: "Eén huishouden met zijn leden", tag: "Huishoudens",
			h: get(s.getHousehold)},
		{method: mPatch, path: "/huishoudens/{id}", op: "huishoudenWijzigen", summary: "Adres of wijk van een huishouden wijzigen", tag: "Huishoudens",
			h: with(s.updateHousehold)},
		{method: mGet, path: "/huishoudens/{id}/leden", op: "ledenOpvragen", summary: "Leden van een huishouden, ook vroegere", tag: "Huishoudens",
			h: get(s.listMembers)},
		{method: mPost, path: "/huishoudens/{id}/leden", op: "lidToevoegen", summary: "Persoon aan een huishouden toevoegen", tag: "Huishoudens", status: http.StatusCreated,
			h: with(s.addMember)},
		{method: mGet, path: "/huishoudens/{id}/leden/{lidId}", op: "lidOpvragen", summary: "Eén lidmaatschap", tag: "Huishoudens",
			h: get(s.getMember)},
		{method: mPatch, path: "/huishoudens/{id}/leden/{lidId}", op: "lidWijzigen", summary: "Periode of rol van een lid wijzigen", tag: "Huishoudens",
			h: with(s.updateMember)},
		{method: mGet, path: "/huishoudens/{id}/familie", op: "familieOpvragen", summary: "Familie rond het huishouden, over drie generaties", tag: "Huishoudens",
			h: get(s.getFamily)},

		{method: mPost, path: "/personen", op: "persoonAanmaken", summary: "Persoon registreren", tag: "Personen", status: http.StatusCreated,
			h: with(s.createPerson)},
		{method: mPost, path: "/personen/_zoek", op: "personenZoeken", summary: "Personen zoeken op naam, BSN of geboortedatum", tag: "Personen",
			h: with(s.searchPersons)},
		{method: mGet, path: "/personen/{id}", op: "persoonOpvragen", summary: "Eén persoon", tag: "Personen",
			h: get(s.getPerson)},
		{method: mPatch, path: "/personen/{id}", op: "persoonWijzigen", summary: "Gegevens van een persoon wijzigen", tag: "Personen",
			h: with(s.updatePerson)},
		{method: mGet, path: "/personen/{id}/relaties", op: "relatiesOpvragen", summary: "Familierelaties van een persoon", tag: "Personen",
			h: get(s.listRelations)},
		{method: mPost, path: "/personen/{id}/relaties", op: "relatieAanmaken", summary: "Familierelatie vastleggen", tag: "Personen", status: http.StatusCreated,
			h: with(s.createRelation)},
		{method: mGet, path: "/personen/{id}/relaties/{relatieId}", op: "relatieOpvragen", summary: "Eén familierelatie", tag: "Personen",
			h: get(s.getRelation)},
		{method: mDelete, path: "/personen/{id}/relaties/{relatieId}", op: "relatieVerwijderen", summary: "Familierelatie verwijderen", tag: "Personen", status: http.StatusNoContent,
			h: get(s.deleteRelation)},

		{method: mGet, path: "/casussen", op: "casussenOpvragen", summary: "Casussen die u mag zien", tag: "Casussen",
			query: []param{
				{name: "status", kind: paramEnum, enum: caseStatusValues(), doc: "Alleen casussen in deze fase"},
				{name: "open", kind: paramEnum, enum: []string{"true", "false"}, doc: "true: alleen niet-afgesloten casussen"},
				id("huishoudenId", "Alleen casussen van dit huishouden"),
				id("regisseurId", "Alleen casussen met deze regisseur"),
			},
			h: get(s.listCases)},
		{method: mPost, path: "/casussen", op: "casusAanmaken", summary: "Casus openen (regisseur)", tag: "Casussen", status: http.StatusCreated,
			h: with(s.createCase)},
		{method: mGet, path: "/casussen/{id}", op: "casusOpvragen", summary: "Eén casus met statusgeschiedenis en betrokken partners", tag: "Casussen",
			h: get(s.getCase)},
		{method: mGet, path: "/casussen/{id}/statuswijzigingen", op: "statuswijzigingenOpvragen", summary: "Statusgeschiedenis van een casus", tag: "Casussen",
			h: get(s.listStatusChanges)},
		{method: mPost, path: "/casussen/{id}/statuswijzigingen", op: "statusWijzigen", summary: "Casus naar een volgende fase, met reden", tag: "Casussen", status: http.StatusCreated,
			h: with(s.changeStatus)},
		{method: mGet, path: "/casussen/{id}/statuswijzigingen/{wijzigingId}", op: "statuswijzigingOpvragen", summary: "Eén statuswijziging", tag: "Casussen",
			h: get(s.getStatusChange)},
		{method: mGet, path: "/casussen/{id}/regisseur", op: "regisseurOpvragen", summary: "Regisseur van een casus", tag: "Casussen",
			h: get(s.getRegisseur)},
		{method: mPut, path: "/casussen/{id}/regisseur", op: "regisseurWijzigen", summary: "Casus overdragen aan een andere regisseur", tag: "Casussen",
			h: with(s.setRegisseur)},
		{method: mGet, path: "/casussen/{id}/betrokken-partners", op: "betrokkenPartnersOpvragen", summary: "Partners betrokken bij een casus", tag: "Casussen",
			h: get(s.listInvolvements)},
		{method: mPost, path: "/casussen/{id}/betrokken-partners", op: "betrokkenPartnerToevoegen", summary: "Partner bij een casus betrekken, met grondslag", tag: "Casussen", status: http.StatusCreated,
			h: with(s.addInvolvement)},
		{method: mGet, path: "/casussen/{id}/betrokken-partners/{partnerId}", op: "betrokkenPartnerOpvragen", summary: "Eén betrokken partner", tag: "Casussen",
			h: get(s.getInvolvement)},
		{method: mPatch, path: "/casussen/{id}/betrokken-partners/{partnerId}", op: "betrokkenPartnerWijzigen", summary: "Betrokkenheid van een partner wijzigen of beëindigen", tag: "Casussen",
			h: with(s.updateInvolvement)},

		{method: mGet, path: "/toegangslogboek", op: "toegangslogboekOpvragen", summary: "Toegangslogboek, nieuwste eerst (privacyfunctionaris)", tag: "Toegangslogboek",
			query: []param{
				id("persoonId", "Toegang tot deze persoon"),
				id("huishoudenId", "Toegang tot dit huishouden"),
				id("casusId", "Toegang tot deze casus"),
				id("gebruikerId", "Door deze gebruiker"),
				id("organisatieId", "Door gebruikers van deze organisatie"),
				{name: "uitkomst", kind: paramEnum, enum: enumValues(nil, "outcome"), doc: "Alleen toegang met deze uitkomst"},
				{name: "van", kind: paramDate, doc: "Vanaf (inclusief): een datum (begin van de dag, Nederlandse tijd) of een tijdstip"},
				{name: "tot", kind: paramDate, doc: "Tot (exclusief): een datum (begin van de dag, Nederlandse tijd) of een tijdstip"},
			},
			h: get(s.listAccessLog)},
	}
}
