package web

import (
	"net/http"

	"github.com/kluwen/kluwen"
)

// routes returns the handler of the whole UI. Outside in: the security headers
// and the access line of the application log (with panic recovery), then
// net/http's cross-origin protection (which refuses cross-site form posts, the
// sign-in form included), then the routes. Each route loads the session, builds
// the actor and checks the CSRF token itself (session.go), because only there is
// the route pattern known.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, acc access, g guard, fn handlerFunc) {
		s.handle(mux, pattern, acc, g, fn)
	}
	// The role-level permission of a route, with the access-log event a refusal
	// is recorded as and the kind of object its {id} names.
	var (
		register   = kluwen.PermRegisterHousehold
		openCase   = kluwen.PermOpenCase
		manageOrgs = kluwen.PermManageOrganisations
		manageUser = kluwen.PermManageUsers
		readLog    = kluwen.PermReadAccessLog
		recordCost = kluwen.PermRecordCosts
		analyse    = kluwen.PermAnalyseCosts
		readData   = kluwen.PermReadPersonalData
		settings   = kluwen.PermManageSettings
		catalogue  = kluwen.PermManageCostCatalogue
		household  = kluwen.ObjectHousehold
		person     = kluwen.ObjectPerson
		cas        = kluwen.ObjectCase
		org        = kluwen.ObjectOrganisation
		usr        = kluwen.ObjectUser
	)

	mux.HandleFunc("GET /static/{name}", func(w http.ResponseWriter, r *http.Request) {
		infoFrom(r.Context()).pattern = r.Pattern
		if !s.static.serve(w, r) {
			s.notFound(w, r, nil)
		}
	})

	// Signing in and out, and pages for everyone.
	h("GET /inloggen", anyone, guard{}, s.loginForm)
	h("POST /inloggen", signIn, guard{}, s.login)
	h("POST /uitloggen", member, guard{}, s.logout)
	h("GET /toegankelijkheid", anyone, guard{}, s.accessibility)
	h("GET /{$}", member, guard{}, s.home)
	h("GET /account/wachtwoord", member, guard{}, s.passwordForm)
	h("POST /account/wachtwoord", member, guard{}, s.changePassword)

	// Households.
	h("GET /huishoudens", member, guard{}, s.householdList)
	h("POST /huishoudens/zoeken", member, guard{}, s.householdSearch)
	h("GET /huishoudens/nieuw", member, needs(register, "household.create", kluwen.AuditCreate, ""), s.householdNew)
	h("POST /huishoudens", member, needs(register, "household.create", kluwen.AuditCreate, ""), s.householdCreate)
	h("GET /huishoudens/{id}", member, guard{}, s.householdShow)
	h("GET /huishoudens/{id}/bewerken", member, needs(register, "household.update", kluwen.AuditUpdate, household), s.householdEdit)
	h("POST /huishoudens/{id}/bewerken", member, needs(register, "household.update", kluwen.AuditUpdate, household), s.householdUpdate)
	h("GET /huishoudens/{id}/leden/nieuw", member, needs(register, "membership.create", kluwen.AuditCreate, household), s.memberNew)
	h("POST /huishoudens/{id}/leden", member, needs(register, "membership.create", kluwen.AuditCreate, household), s.memberCreate)
	h("GET /huishoudens/{id}/leden/{mid}/beeindigen", member, needs(register, "membership.update", kluwen.AuditUpdate, household), s.memberEndForm)
	h("POST /huishoudens/{id}/leden/{mid}/beeindigen", member, needs(register, "membership.update", kluwen.AuditUpdate, household), s.memberEnd)
	h("POST /huishoudens/{id}/signalen", member, needs(readData, "signal.create", kluwen.AuditCreate, household), s.householdSignalCreate)
	h("GET /huishoudens/{id}/tijdlijn", member, guard{}, s.householdTimeline)
	h("GET /huishoudens/{id}/metingen", member, guard{}, s.assessmentOverview)
	h("GET /huishoudens/{id}/metingen/nieuw", member, needs(readData, "assessment.create", kluwen.AuditCreate, household), s.assessmentNew)
	h("POST /huishoudens/{id}/metingen", member, needs(readData, "assessment.create", kluwen.AuditCreate, household), s.assessmentCreate)
	h("GET /huishoudens/{id}/metingen/{aid}", member, guard{}, s.assessmentShow)

	// Costs.
	h("GET /huishoudens/{id}/kosten", member, guard{}, s.householdCosts)
	h("GET /huishoudens/{id}/kosten.csv", member, guard{}, s.householdCostsExport("csv"))
	h("GET /huishoudens/{id}/kosten.xlsx", member, guard{}, s.householdCostsExport("xlsx"))
	h("GET /huishoudens/{id}/kosten.pdf", member, guard{}, s.householdCostsExport("pdf"))
	h("GET /huishoudens/{id}/kosten/nieuw", member, needs(recordCost, "cost.create", kluwen.AuditCreate, household), s.costNew)
	h("POST /huishoudens/{id}/kosten", member, needs(recordCost, "cost.create", kluwen.AuditCreate, household), s.costCreate)
	h("GET /portefeuille", member, needs(analyse, "cost.analyse", kluwen.AuditRead, ""), s.portfolio)
	// Monitoring: the course of one case, of a cohort, and who pays, who gains.
	h("GET /casussen/{id}/kosten", member, guard{}, s.caseCosts)
	h("GET /kosten/cohorten", member, needs(analyse, "cost.analyse", kluwen.AuditRead, ""), s.cohortCosts)
	h("GET /kosten/wie-betaalt", member, needs(analyse, "cost.analyse", kluwen.AuditRead, ""), s.costPayers)

	// Importing cost records from a file: upload, column mapping, preview, import.
	costImport := needs(recordCost, "cost.create", kluwen.AuditCreate, "")
	h("GET /kosten/importeren", member, costImport, s.costImportForm)
	s.handleUpload(mux, "POST /kosten/importeren", costImport, kluwen.MaxCostUploadSize, s.costImportUpload)
	h("GET /kosten/importeren/resultaat", member, costImport, s.costImportResult)
	h("GET /kosten/importeren/{id}", member, costImport, s.costImportMapping)
	h("GET /kosten/importeren/{id}/voorbeeld", member, costImport, s.costImportPreview)
	h("GET /kosten/importeren/{id}/fouten.csv", member, costImport, s.costImportErrorsCSV)
	h("POST /kosten/importeren/{id}", member, costImport, s.costImportConfirm)

	// Persons.
	h("GET /personen", member, guard{}, s.personList)
	h("POST /personen/zoeken", member, guard{}, s.personSearch)
	h("GET /personen/nieuw", member, needs(register, "person.create", kluwen.AuditCreate, ""), s.personNew)
	h("POST /personen", member, needs(register, "person.create", kluwen.AuditCreate, ""), s.personCreate)
	h("GET /personen/{id}", member, guard{}, s.personShow)
	h("GET /personen/{id}/bewerken", member, needs(register, "person.update", kluwen.AuditUpdate, person), s.personEdit)
	h("POST /personen/{id}/bewerken", member, needs(register, "person.update", kluwen.AuditUpdate, person), s.personUpdate)
	h("GET /personen/{id}/relaties/nieuw", member, needs(register, "relation.create", kluwen.AuditCreate, person), s.relationNew)
	h("POST /personen/{id}/relaties", member, needs(register, "relation.create", kluwen.AuditCreate, person), s.relationCreate)
	h("POST /personen/{id}/relaties/{rid}/verwijderen", member, needs(register, "relation.delete", kluwen.AuditDelete, person), s.relationDelete)

	// Cases.
	h("GET /casussen", member, guard{}, s.caseList)
	h("GET /casussen/nieuw", member, needs(openCase, "case.create", kluwen.AuditCreate, ""), s.caseNew)
	h("POST /casussen", member, needs(openCase, "case.create", kluwen.AuditCreate, ""), s.caseCreate)
	h("GET /casussen/{id}", member, guard{}, s.caseShow)
	h("POST /casussen/{id}/status", member, needs(openCase, "case.status", kluwen.AuditUpdate, cas), s.caseStatus)
	h("POST /casussen/{id}/partners", member, needs(openCase, "involvement.create", kluwen.AuditCreate, cas), s.caseInvolvementCreate)
	h("POST /casussen/{id}/partners/{iid}/beeindigen", member, needs(openCase, "involvement.update", kluwen.AuditUpdate, cas), s.caseInvolvementEnd)
	h("GET /casussen/{id}/afsluiten", member, needs(openCase, "case.status", kluwen.AuditUpdate, cas), s.caseCloseForm)
	h("POST /casussen/{id}/afsluiten", member, needs(openCase, "case.status", kluwen.AuditUpdate, cas), s.caseClose)

	// The plan of a case: goals, actions, progress, versions and the print.
	h("GET /casussen/{id}/plan", member, guard{}, s.planRedirect)
	h("GET /casussen/{id}/plan.pdf", member, guard{}, s.planPDF)
	h("GET /casussen/{id}/doelen/nieuw", member, needs(openCase, "goal.create", kluwen.AuditCreate, cas), s.goalNew)
	h("POST /casussen/{id}/doelen", member, needs(openCase, "goal.create", kluwen.AuditCreate, cas), s.goalCreate)
	h("GET /casussen/{id}/doelen/{gid}", member, guard{}, s.goalShow)
	h("GET /casussen/{id}/doelen/{gid}/bewerken", member, needs(openCase, "goal.update", kluwen.AuditUpdate, cas), s.goalEdit)
	h("POST /casussen/{id}/doelen/{gid}/bewerken", member, needs(openCase, "goal.update", kluwen.AuditUpdate, cas), s.goalUpdate)
	h("POST /casussen/{id}/doelen/{gid}/voortgang", member, needs(readData, "plannote.create", kluwen.AuditCreate, cas), s.goalNote)
	h("GET /casussen/{id}/acties/nieuw", member, needs(openCase, "action.create", kluwen.AuditCreate, cas), s.actionNew)
	h("POST /casussen/{id}/acties", member, needs(openCase, "action.create", kluwen.AuditCreate, cas), s.actionCreate)
	h("GET /casussen/{id}/acties/{aid}", member, guard{}, s.actionShow)
	h("GET /casussen/{id}/acties/{aid}/bewerken", member, needs(openCase, "action.update", kluwen.AuditUpdate, cas), s.actionEdit)
	h("POST /casussen/{id}/acties/{aid}/bewerken", member, needs(openCase, "action.update", kluwen.AuditUpdate, cas), s.actionUpdate)
	h("POST /casussen/{id}/acties/{aid}/status", member, needs(readData, "action.update", kluwen.AuditUpdate, cas), s.actionStatus)
	h("POST /casussen/{id}/acties/{aid}/voortgang", member, needs(readData, "plannote.create", kluwen.AuditCreate, cas), s.actionNote)

	// Case conferences.
	h("GET /casussen/{id}/overleggen/nieuw", member, needs(openCase, "conference.create", kluwen.AuditCreate, cas), s.conferenceNew)
	h("POST /casussen/{id}/overleggen", member, needs(openCase, "conference.create", kluwen.AuditCreate, cas), s.conferenceCreate)
	h("GET /casussen/{id}/overleggen/{cid}", member, guard{}, s.conferenceShow)
	h("GET /casussen/{id}/overleggen/{cid}/uitnodiging.ics", member, guard{}, s.conferenceICS)
	h("POST /casussen/{id}/overleggen/{cid}/uitnodigen", member, needs(openCase, "conference.update", kluwen.AuditUpdate, cas), s.conferenceInvite)
	h("POST /casussen/{id}/overleggen/{cid}/aanwezigheid", member, needs(openCase, "conference.attendance", kluwen.AuditUpdate, cas), s.conferenceAttendance)
	h("POST /casussen/{id}/overleggen/{cid}/verslag", member, needs(openCase, "conference.minutes", kluwen.AuditUpdate, cas), s.conferenceMinutes)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten", member, needs(openCase, "decision.create", kluwen.AuditCreate, cas), s.conferenceDecision)
	h("GET /casussen/{id}/overleggen/{cid}/besluiten/{did}/actie", member, needs(openCase, "decision.update", kluwen.AuditUpdate, cas), s.decisionActionNew)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten/{did}/actie", member, needs(openCase, "decision.update", kluwen.AuditUpdate, cas), s.decisionActionCreate)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten/{did}/afhandelen", member, needs(openCase, "decision.update", kluwen.AuditUpdate, cas), s.decisionComplete)

	// Maatwerk and escalations.
	h("GET /casussen/{id}/maatwerk/nieuw", member, needs(openCase, "maatwerk.create", kluwen.AuditCreate, cas), s.maatwerkNew)
	h("POST /casussen/{id}/maatwerk", member, needs(openCase, "maatwerk.create", kluwen.AuditCreate, cas), s.maatwerkCreate)
	h("GET /casussen/{id}/maatwerk/{mid}/uitkomst", member, needs(openCase, "maatwerk.update", kluwen.AuditUpdate, cas), s.maatwerkOutcomeForm)
	h("POST /casussen/{id}/maatwerk/{mid}/uitkomst", member, needs(openCase, "maatwerk.update", kluwen.AuditUpdate, cas), s.maatwerkOutcome)
	h("GET /maatwerk", member, guard{}, s.maatwerkList)
	h("GET /maatwerk/export.csv", member, guard{}, s.maatwerkExport)
	h("GET /casussen/{id}/escalaties/nieuw", member, needs(openCase, "escalation.create", kluwen.AuditCreate, cas), s.escalationNew)
	h("POST /casussen/{id}/escalaties", member, needs(openCase, "escalation.create", kluwen.AuditCreate, cas), s.escalationCreate)
	h("GET /casussen/{id}/escalaties/{eid}/antwoord", member, needs(openCase, "escalation.update", kluwen.AuditUpdate, cas), s.escalationAnswerForm)
	h("POST /casussen/{id}/escalaties/{eid}/antwoord", member, needs(openCase, "escalation.update", kluwen.AuditUpdate, cas), s.escalationAnswer)
	h("GET /casussen/{id}/escalaties/{eid}/afsluiten", member, needs(openCase, "escalation.update", kluwen.AuditUpdate, cas), s.escalationCloseForm)
	h("POST /casussen/{id}/escalaties/{eid}/afsluiten", member, needs(openCase, "escalation.update", kluwen.AuditUpdate, cas), s.escalationClose)

	// Notifications.
	h("GET /meldingen", member, guard{}, s.notificationList)
	h("POST /meldingen/gelezen", member, guard{}, s.notificationsReadAll)
	h("POST /meldingen/{id}/gelezen", member, guard{}, s.notificationRead)

	// Administration.
	h("GET /beheer/organisaties", member, needs(manageOrgs, "organisation.read", kluwen.AuditRead, ""), s.organisationList)
	h("GET /beheer/organisaties/nieuw", member, needs(manageOrgs, "organisation.create", kluwen.AuditCreate, ""), s.organisationNew)
	h("POST /beheer/organisaties", member, needs(manageOrgs, "organisation.create", kluwen.AuditCreate, ""), s.organisationCreate)
	h("GET /beheer/organisaties/{id}", member, needs(manageOrgs, "organisation.read", kluwen.AuditRead, org), s.organisationShow)
	h("POST /beheer/organisaties/{id}/afdelingen", member, needs(manageOrgs, "organisation.update", kluwen.AuditUpdate, org), s.departmentCreate)
	h("GET /beheer/gebruikers", member, needs(manageUser, "user.read", kluwen.AuditRead, ""), s.userList)
	h("GET /beheer/gebruikers/nieuw", member, needs(manageUser, "user.create", kluwen.AuditCreate, ""), s.userNew)
	h("POST /beheer/gebruikers", member, needs(manageUser, "user.create", kluwen.AuditCreate, ""), s.userCreate)
	h("GET /beheer/gebruikers/{id}", member, needs(manageUser, "user.read", kluwen.AuditRead, usr), s.userShow)
	h("POST /beheer/gebruikers/{id}/blokkeren", member, needs(manageUser, "user.disable", kluwen.AuditUpdate, usr), s.userDisable)
	h("POST /beheer/gebruikers/{id}/deblokkeren", member, needs(manageUser, "user.enable", kluwen.AuditUpdate, usr), s.userEnable)
	h("POST /beheer/gebruikers/{id}/wachtwoord", member, needs(manageUser, "user.password", kluwen.AuditUpdate, usr), s.userSetPassword)
	h("GET /beheer/signaalsoorten", member, needs(settings, "signaltype.save", kluwen.AuditUpdate, ""), s.signalTypeList)
	h("POST /beheer/signaalsoorten", member, needs(settings, "signaltype.save", kluwen.AuditUpdate, ""), s.signalTypeCreate)
	h("GET /beheer/signaalsoorten/{code}", member, needs(settings, "signaltype.save", kluwen.AuditUpdate, ""), s.signalTypeEdit)
	h("POST /beheer/signaalsoorten/{code}", member, needs(settings, "signaltype.save", kluwen.AuditUpdate, ""), s.signalTypeUpdate)
	h("GET /beheer/instrumenten", member, needs(settings, "instrument.update", kluwen.AuditUpdate, ""), s.instrumentList)
	h("GET /beheer/instrumenten/{id}", member, needs(settings, "instrument.update", kluwen.AuditUpdate, ""), s.instrumentShow)
	h("GET /beheer/instrumenten/{id}/domeinen/{code}", member, needs(settings, "instrument.update", kluwen.AuditUpdate, ""), s.criteriaEdit)
	h("POST /beheer/instrumenten/{id}/domeinen/{code}", member, needs(settings, "instrument.update", kluwen.AuditUpdate, ""), s.criteriaUpdate)

	// The cost catalogue and the price index: every signed-in user reads them,
	// the functional admin keeps them.
	h("GET /beheer/kostencatalogus", member, guard{}, s.costItemList)
	h("GET /beheer/kostencatalogus/nieuw", member, needs(catalogue, "costitem.create", kluwen.AuditCreate, ""), s.costItemNew)
	h("POST /beheer/kostencatalogus", member, needs(catalogue, "costitem.create", kluwen.AuditCreate, ""), s.costItemCreate)
	h("GET /beheer/kostencatalogus/{code}", member, guard{}, s.costItemShow)
	h("GET /beheer/kostencatalogus/{code}/bewerken", member, needs(catalogue, "costitem.update", kluwen.AuditUpdate, ""), s.costItemEdit)
	h("POST /beheer/kostencatalogus/{code}/bewerken", member, needs(catalogue, "costitem.update", kluwen.AuditUpdate, ""), s.costItemUpdate)
	h("GET /beheer/kostencatalogus/{code}/prijs", member, needs(catalogue, "costitem.price", kluwen.AuditCreate, ""), s.costItemPriceForm)
	h("POST /beheer/kostencatalogus/{code}/prijs", member, needs(catalogue, "costitem.price", kluwen.AuditCreate, ""), s.costItemPrice)
	h("GET /beheer/prijsindex", member, guard{}, s.priceIndex)
	h("POST /beheer/prijsindex", member, needs(catalogue, "priceindex.save", kluwen.AuditUpdate, ""), s.priceIndexSave)

	// The access log, for the privacy officer.
	h("GET /logboek", member, needs(readLog, "accesslog.read", kluwen.AuditRead, ""), s.accessLog)
	h("GET /logboek/export.csv", member, needs(readLog, "accesslog.export", kluwen.AuditExport, ""), s.accessLogExport)
	h("POST /logboek/controleren", member, needs(readLog, "accesslog.verify", kluwen.AuditExecute, ""), s.accessLogVerify)

	// Everything else is not found, with the Dutch page.
	h("/", anyone, guard{}, func(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
		s.notFound(w, r, c)
		return nil
	})

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("web: cross-origin request refused", "method", r.Method)
		s.errorPage(w, r, nil, http.StatusForbidden, msgCSRF)
	}))
	handler := securityHeaders(s.logRequests(cop.Handler(mux)))
	if s.secure {
		handler = strictTransport(handler)
	}
	return handler
}
