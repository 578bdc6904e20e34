package web

import (
	"net/http"

	"github.com/kluwen/kluwen"
)

// A user changes their own password: the current one, and the new one twice.

var passwordFields = []string{"current", "password", "password2"}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.render(w, r, c, http.StatusOK, "account_password", "Wachtwoord wijzigen", newForm(passwordFields...))
	return nil
}

// changePassword checks the current password by signing in with it (which the
// access log records, and which counts towards the sign-in throttle), then sets
// the new one.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(passwordFields...).read(r)
	if f.raw("current") == "" {
		f.fail("current", "Vul uw huidige wachtwoord in.")
	}
	pw := checkNewPassword(f, "password", "password2")
	if !f.Invalid() {
		_, err := s.svc.Auth.Authenticate(r.Context(), c.user.Username, f.raw("current"))
		switch kluwen.ErrorCode(err) {
		case "":
			err := s.svc.Users.SetPassword(r.Context(), c.user.ID, pw)
			if err == nil {
				// A new password ends every session, this one too: start a fresh one.
				if err := s.renewSession(w, r, c); err != nil {
					return err
				}
				redirect(w, r, withNotice("/", "wachtwoord"))
				return nil
			}
			if !f.setError(err) {
				return err
			}
		case kluwen.EUNAUTHORIZED:
			f.fail("current", "Uw huidige wachtwoord klopt niet.")
		case kluwen.ETOOMANY:
			f.fail("current", kluwen.ErrorMessage(err))
		default:
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "account_password", "Wachtwoord wijzigen", f)
	return nil
}

// renewSession starts a new session for the signed-in user and sets its cookie.
func (s *Server) renewSession(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, _, err := s.svc.Auth.CreateSession(r.Context(), c.user.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, id)
	return nil
}

// accessibility shows the accessibility statement.
func (s *Server) accessibility(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.render(w, r, c, http.StatusOK, "accessibility", "Toegankelijkheidsverklaring", nil)
	return nil
}
