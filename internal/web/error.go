package web

import (
	"net/http"
	"net/url"

	"github.com/kluwen/kluwen"
)

// This file is the one place where errors become responses: each kluwen error
// code has one HTTP status and one page. Forms that re-render themselves with the
// invalid fields use statusInvalidForm instead (see form.go).

// statusInvalidForm is the status of a form shown again with its errors.
const statusInvalidForm = http.StatusUnprocessableEntity

// Messages of the web layer itself.
const (
	msgCSRF     = "Het formulier is verlopen of niet geldig. Ga terug, laad de pagina opnieuw en probeer het nog eens."
	msgNotFound = "De pagina die u zoekt bestaat niet, of u heeft er geen toegang toe. Controleer het adres, of ga terug naar de startpagina."
	msgInternal = "Er ging iets mis aan onze kant. Probeer het later opnieuw. Blijft het misgaan? Neem dan contact op met de functioneel beheerder."
	msgExpired  = "Uw sessie is verlopen. Log opnieuw in."
)

// statusOf maps an error code to its HTTP status.
func statusOf(code string) int {
	switch code {
	case kluwen.EINVALID:
		return http.StatusBadRequest
	case kluwen.ENOTFOUND:
		return http.StatusNotFound
	case kluwen.EFORBIDDEN:
		return http.StatusForbidden
	case kluwen.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case kluwen.ECONFLICT:
		return http.StatusConflict
	case kluwen.ETOOMANY:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// headingOf is the h1 of the error page of a status.
func headingOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "Verzoek niet geldig"
	case http.StatusUnauthorized:
		return "Niet ingelogd"
	case http.StatusForbidden:
		return "Geen toegang"
	case http.StatusNotFound:
		return "Niet gevonden"
	case http.StatusConflict:
		return "Gegevens zijn gewijzigd"
	case http.StatusTooManyRequests:
		return "Te veel pogingen"
	case http.StatusUnprocessableEntity:
		return "Niet alle gegevens zijn goed ingevuld"
	}
	return "Er ging iets mis"
}

// fail answers a request whose handler returned err. EUNAUTHORIZED sends the
// browser to the sign-in; internal errors are logged with their cause (never with
// the request's form or query) and shown with a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, c *reqCtx, err error) {
	code := kluwen.ErrorCode(err)
	if code == kluwen.EUNAUTHORIZED {
		s.clearSessionCookie(w)
		target := "/inloggen"
		if c != nil && c.signedIn() {
			target += "?" + url.Values{"sessie": {"verlopen"}}.Encode()
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	status := statusOf(code)
	msg := kluwen.ErrorMessage(err)
	switch {
	case status == http.StatusInternalServerError:
		var uid int64
		if c != nil && c.user != nil {
			uid = c.user.ID
		}
		s.log.Error("web: internal error", "method", r.Method, "route", r.Pattern, "user", uid, "err", err.Error())
		msg = msgInternal
	case status == http.StatusNotFound:
		msg = msgNotFound
	}
	s.errorPage(w, r, c, status, msg)
}

// notFound answers 404 with the Dutch page.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, c *reqCtx) {
	s.errorPage(w, r, c, http.StatusNotFound, msgNotFound)
}

type errorData struct {
	Status  int
	Heading string
	Message string
}

// errorPage renders the error page with the site's layout. c may be nil.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, msg string) {
	if c == nil {
		c = &reqCtx{}
	}
	if msg == "" {
		msg = msgInternal
	}
	d := &errorData{Status: status, Heading: headingOf(status), Message: msg}
	s.render(w, r, c, status, "error", d.Heading, d)
}
