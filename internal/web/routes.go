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
	h := func(pattern string, acc access, perm kluwen.Permission, fn handlerFunc) {
		s.handle(mux, pattern, acc, perm, fn)
	}

	mux.HandleFunc("GET /static/{name}", func(w http.ResponseWriter, r *http.Request) {
		infoFrom(r.Context()).pattern = r.Pattern
		if !s.static.serve(w, r) {
			s.notFound(w, r, nil)
		}
	})

	// Signing in and out, and pages for everyone.
	h("GET /inloggen", anyone, "", s.loginForm)
	h("POST /inloggen", signIn, "", s.login)
	h("POST /uitloggen", member, "", s.logout)
	h("GET /toegankelijkheid", anyone, "", s.accessibility)
	h("GET /{$}", member, "", s.home)
	h("GET /account/wachtwoord", member, "", s.passwordForm)
	h("POST /account/wachtwoord", member, "", s.changePassword)

	// Households.
	h("GET /huishoudens", member, "", s.householdList)
	h("POST /huishoudens/zoeken", member, "", s.householdSearch)
	h("GET /huishoudens/nieuw", member, kluwen.PermRegisterHousehold, s.householdNew)
	h("POST /huishoudens", member, kluwen.PermRegisterHousehold, s.householdCreate)
	h("GET /huishoudens/{id}", member, "", s.householdShow)
	h("GET /huishoudens/{id}/bewerken", member, kluwen.PermRegisterHousehold, s.householdEdit)
	h("POST /huishoudens/{id}/bewerken", member, kluwen.PermRegisterHousehold, s.householdUpdate)
	h("GET /huishoudens/{id}/leden/nieuw", member, kluwen.PermRegisterHousehold, s.memberNew)
	h("POST /huishoudens/{id}/leden", member, kluwen.PermRegisterHousehold, s.memberCreate)
	h("GET /huishoudens/{id}/leden/{mid}/beeindigen", member, kluwen.PermRegisterHousehold, s.memberEndForm)
	h("POST /huishoudens/{id}/leden/{mid}/beeindigen", member, kluwen.PermRegisterHousehold, s.memberEnd)
	h("POST /huishoudens/{id}/signalen", member, kluwen.PermReadPersonalData, s.householdSignalCreate)
	h("GET /huishoudens/{id}/tijdlijn", member, "", s.householdTimeline)
	h("GET /huishoudens/{id}/metingen", member, "", s.assessmentOverview)
	h("GET /huishoudens/{id}/metingen/nieuw", member, kluwen.PermReadPersonalData, s.assessmentNew)
	h("POST /huishoudens/{id}/metingen", member, kluwen.PermReadPersonalData, s.assessmentCreate)
	h("GET /huishoudens/{id}/metingen/{aid}", member, "", s.assessmentShow)

	// Persons.
	h("GET /personen", member, "", s.personList)
	h("POST /personen/zoeken", member, "", s.personSearch)
	h("GET /personen/nieuw", member, kluwen.PermRegisterHousehold, s.personNew)
	h("POST /personen", member, kluwen.PermRegisterHousehold, s.personCreate)
	h("GET /personen/{id}", member, "", s.personShow)
	h("GET /personen/{id}/bewerken", member, kluwen.PermRegisterHousehold, s.personEdit)
	h("POST /personen/{id}/bewerken", member, kluwen.PermRegisterHousehold, s.personUpdate)
	h("GET /personen/{id}/relaties/nieuw", member, kluwen.PermRegisterHousehold, s.relationNew)
	h("POST /personen/{id}/relaties", member, kluwen.PermRegisterHousehold, s.relationCreate)
	h("POST /personen/{id}/relaties/{rid}/verwijderen", member, kluwen.PermRegisterHousehold, s.relationDelete)

	// Cases.
	h("GET /casussen", member, "", s.caseList)
	h("GET /casussen/nieuw", member, kluwen.PermOpenCase, s.caseNew)
	h("POST /casussen", member, kluwen.PermOpenCase, s.caseCreate)
	h("GET /casussen/{id}", member, "", s.caseShow)
	h("POST /casussen/{id}/status", member, kluwen.PermOpenCase, s.caseStatus)
	h("POST /casussen/{id}/partners", member, kluwen.PermOpenCase, s.caseInvolvementCreate)
	h("POST /casussen/{id}/partners/{iid}/beeindigen", member, kluwen.PermOpenCase, s.caseInvolvementEnd)
	h("GET /casussen/{id}/afsluiten", member, kluwen.PermOpenCase, s.caseCloseForm)
	h("POST /casussen/{id}/afsluiten", member, kluwen.PermOpenCase, s.caseClose)

	// The plan of a case: goals, actions, progress, versions and the print.
	h("GET /casussen/{id}/plan", member, "", s.planRedirect)
	h("GET /casussen/{id}/plan.pdf", member, "", s.planPDF)
	h("GET /casussen/{id}/doelen/nieuw", member, kluwen.PermOpenCase, s.goalNew)
	h("POST /casussen/{id}/doelen", member, kluwen.PermOpenCase, s.goalCreate)
	h("GET /casussen/{id}/doelen/{gid}", member, "", s.goalShow)
	h("GET /casussen/{id}/doelen/{gid}/bewerken", member, kluwen.PermOpenCase, s.goalEdit)
	h("POST /casussen/{id}/doelen/{gid}/bewerken", member, kluwen.PermOpenCase, s.goalUpdate)
	h("POST /casussen/{id}/doelen/{gid}/voortgang", member, kluwen.PermReadPersonalData, s.goalNote)
	h("GET /casussen/{id}/acties/nieuw", member, kluwen.PermOpenCase, s.actionNew)
	h("POST /casussen/{id}/acties", member, kluwen.PermOpenCase, s.actionCreate)
	h("GET /casussen/{id}/acties/{aid}", member, "", s.actionShow)
	h("GET /casussen/{id}/acties/{aid}/bewerken", member, kluwen.PermOpenCase, s.actionEdit)
	h("POST /casussen/{id}/acties/{aid}/bewerken", member, kluwen.PermOpenCase, s.actionUpdate)
	h("POST /casussen/{id}/acties/{aid}/status", member, kluwen.PermReadPersonalData, s.actionStatus)
	h("POST /casussen/{id}/acties/{aid}/voortgang", member, kluwen.PermReadPersonalData, s.actionNote)

	// Case conferences.
	h("GET /casussen/{id}/overleggen/nieuw", member, kluwen.PermOpenCase, s.conferenceNew)
	h("POST /casussen/{id}/overleggen", member, kluwen.PermOpenCase, s.conferenceCreate)
	h("GET /casussen/{id}/overleggen/{cid}", member, "", s.conferenceShow)
	h("GET /casussen/{id}/overleggen/{cid}/uitnodiging.ics", member, "", s.conferenceICS)
	h("POST /casussen/{id}/overleggen/{cid}/uitnodigen", member, kluwen.PermOpenCase, s.conferenceInvite)
	h("POST /casussen/{id}/overleggen/{cid}/aanwezigheid", member, kluwen.PermOpenCase, s.conferenceAttendance)
	h("POST /casussen/{id}/overleggen/{cid}/verslag", member, kluwen.PermOpenCase, s.conferenceMinutes)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten", member, kluwen.PermOpenCase, s.conferenceDecision)
	h("GET /casussen/{id}/overleggen/{cid}/besluiten/{did}/actie", member, kluwen.PermOpenCase, s.decisionActionNew)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten/{did}/actie", member, kluwen.PermOpenCase, s.decisionActionCreate)
	h("POST /casussen/{id}/overleggen/{cid}/besluiten/{did}/afhandelen", member, kluwen.PermOpenCase, s.decisionComplete)

	// Maatwerk and escalations.
	h("GET /casussen/{id}/maatwerk/nieuw", member, kluwen.PermOpenCase, s.maatwerkNew)
	h("POST /casussen/{id}/maatwerk", member, kluwen.PermOpenCase, s.maatwerkCreate)
	h("GET /casussen/{id}/maatwerk/{mid}/uitkomst", member, kluwen.PermOpenCase, s.maatwerkOutcomeForm)
	h("POST /casussen/{id}/maatwerk/{mid}/uitkomst", member, kluwen.PermOpenCase, s.maatwerkOutcome)
	h("GET /maatwerk", member, "", s.maatwerkList)
	h("GET /maatwerk/export.csv", member, "", s.maatwerkExport)
	h("GET /casussen/{id}/escalaties/nieuw", member, kluwen.PermOpenCase, s.escalationNew)
	h("POST /casussen/{id}/escalaties", member, kluwen.PermOpenCase, s.escalationCreate)
	h("GET /casussen/{id}/escalaties/{eid}/antwoord", member, kluwen.PermOpenCase, s.escalationAnswerForm)
	h("POST /casussen/{id}/escalaties/{eid}/antwoord", member, kluwen.PermOpenCase, s.escalationAnswer)
	h("GET /casussen/{id}/escalaties/{eid}/afsluiten", member, kluwen.PermOpenCase, s.escalationCloseForm)
	h("POST /casussen/{id}/escalaties/{eid}/afsluiten", member, kluwen.PermOpenCase, s.escalationClose)

	// Notifications.
	h("GET /meldingen", member, "", s.notificationList)
	h("POST /meldingen/gelezen", member, "", s.notificationsReadAll)
	h("POST /meldingen/{id}/gelezen", member, "", s.notificationRead)

	// Administration.
	h("GET /beheer/organisaties", member, kluwen.PermManageOrganisations, s.organisationList)
	h("GET /beheer/organisaties/nieuw", member, kluwen.PermManageOrganisations, s.organisationNew)
	h("POST /beheer/organisaties", member, kluwen.PermManageOrganisations, s.organisationCreate)
	h("GET /beheer/organisaties/{id}", member, kluwen.PermManageOrganisations, s.organisationShow)
	h("POST /beheer/organisaties/{id}/afdelingen", member, kluwen.PermManageOrganisations, s.departmentCreate)
	h("GET /beheer/gebruikers", member, kluwen.PermManageUsers, s.userList)
	h("GET /beheer/gebruikers/nieuw", member, kluwen.PermManageUsers, s.userNew)
	h("POST /beheer/gebruikers", member, kluwen.PermManageUsers, s.userCreate)
	h("GET /beheer/gebruikers/{id}", member, kluwen.PermManageUsers, s.userShow)
	h("POST /beheer/gebruikers/{id}/blokkeren", member, kluwen.PermManageUsers, s.userDisable)
	h("POST /beheer/gebruikers/{id}/deblokkeren", member, kluwen.PermManageUsers, s.userEnable)
	h("POST /beheer/gebruikers/{id}/wachtwoord", member, kluwen.PermManageUsers, s.userSetPassword)
	h("GET /beheer/signaalsoorten", member, kluwen.PermManageSettings, s.signalTypeList)
	h("POST /beheer/signaalsoorten", member, kluwen.PermManageSettings, s.signalTypeCreate)
	h("GET /beheer/signaalsoorten/{code}", member, kluwen.PermManageSettings, s.signalTypeEdit)
	h("POST /beheer/signaalsoorten/{code}", member, kluwen.PermManageSettings, s.signalTypeUpdate)
	h("GET /beheer/instrumenten", member, kluwen.PermManageSettings, s.instrumentList)
	h("GET /beheer/instrumenten/{id}", member, kluwen.PermManageSettings, s.instrumentShow)
	h("GET /beheer/instrumenten/{id}/domeinen/{code}", member, kluwen.PermManageSettings, s.criteriaEdit)
	h("POST /beheer/instrumenten/{id}/domeinen/{code}", member, kluwen.PermManageSettings, s.criteriaUpdate)

	// The access log, for the privacy officer.
	h("GET /logboek", member, kluwen.PermReadAccessLog, s.accessLog)
	h("GET /logboek/export.csv", member, kluwen.PermReadAccessLog, s.accessLogExport)
	h("POST /logboek/controleren", member, kluwen.PermReadAccessLog, s.accessLogVerify)

	// Everything else is not found, with the Dutch page.
	h("/", anyone, "", func(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
		s.notFound(w, r, c)
		return nil
	})

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("web: cross-origin request refused", "method", r.Method)
		s.errorPage(w, r, nil, http.StatusForbidden, msgCSRF)
	}))
	return securityHeaders(s.logRequests(cop.Handler(mux)))
}
