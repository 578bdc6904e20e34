package web

import (
	"net/http"

	"github.com/kluwen/kluwen"
)

type loginData struct {
	Form    *Form
	Expired bool
	Return  string
	Problem string // a message above the form that belongs to no field (throttling)
}

func newLoginForm() *Form { return newForm("username", "password", "terug") }

// loginForm shows the sign-in form. A signed-in user goes to the start page.
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if c.signedIn() {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	q := r.URL.Query()
	d := &loginData{Form: newLoginForm(), Expired: q.Get("sessie") == "verlopen", Return: safeReturn(q.Get("terug"))}
	s.render(w, r, c, http.StatusOK, "login", "Inloggen", d)
	return nil
}

// login signs a user in. The old session, if any, is ended first: a new session
// ID at every sign-in, so that a session fixed before sign-in is worthless.
func (s *Server) login(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newLoginForm().read(r)
	d := &loginData{Form: f, Return: safeReturn(f.Get("terug"))}
	username, password := f.Get("username"), f.raw("password")
	if username == "" {
		f.fail("username", "Vul uw gebruikersnaam in.")
	}
	if password == "" {
		f.fail("password", "Vul uw wachtwoord in.")
	}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "login", "Inloggen", d)
		return nil
	}
	u, err := s.svc.Auth.Authenticate(r.Context(), username, password)
	switch kluwen.ErrorCode(err) {
	case "":
	case kluwen.EUNAUTHORIZED:
		f.fail("username", "De combinatie van gebruikersnaam en wachtwoord klopt niet. Controleer ze en probeer het opnieuw.")
		s.render(w, r, c, http.StatusUnauthorized, "login", "Inloggen", d)
		return nil
	case kluwen.ETOOMANY:
		d.Problem = kluwen.ErrorMessage(err)
		s.render(w, r, c, http.StatusTooManyRequests, "login", "Inloggen", d)
		return nil
	default:
		return err
	}

	if c.sessionID != "" {
		if err := s.svc.Auth.DeleteSession(r.Context(), c.sessionID); err != nil && kluwen.ErrorCode(err) != kluwen.EUNAUTHORIZED {
			return err
		}
	}
	// The session is created by the user who has just proved who they are.
	ctx := kluwen.NewContextWithActor(r.Context(), s.newActor(r, u))
	id, _, err := s.svc.Auth.CreateSession(ctx, u.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, id)
	http.Redirect(w, r, d.Return, http.StatusSeeOther)
	return nil
}

// logout ends the session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	if err := s.svc.Auth.DeleteSession(r.Context(), c.sessionID); err != nil && kluwen.ErrorCode(err) != kluwen.EUNAUTHORIZED {
		return err
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/inloggen?melding=uitgelogd", http.StatusSeeOther)
	return nil
}
