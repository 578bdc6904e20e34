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
