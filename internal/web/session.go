package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

// reqCtx is what a route handler knows about the request beyond *http.Request:
// the session and its user, and the actor the services are called with (also in
// the request's context).
type reqCtx struct {
	sessionID string
	session   *kluwen.Session
	user      *kluwen.User
	actor     *kluwen.Actor
	org       *kluwen.Organisation // the user's organisation, loaded for the page header
}

// signedIn reports whether the request has a live session.
func (c *reqCtx) signedIn() bool { return c.user != nil }

// handlerFunc is a route handler. It returns an error instead of writing one;
// the error is mapped to a page in one place (error.go).
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *reqCtx) error

// access says who may reach a route.
type access int

const (
	// anyone: the session is loaded when there is one, and the actor then is its
	// user. Used for the sign-in and the accessibility statement.
	anyone access = iota
	// member: a signed-in user; without a session the browser is sent to sign in.
	member
	// signIn: the sign-in form's post. It has no session yet, so no CSRF token;
	// CrossOriginProtection guards it, and a session that is still there is
	// ended by the sign-in.
	signIn
)

// maxFormBytes limits the body of a form post.
const maxFormBytes = 1 << 20

// guard is the role-level permission a route needs, if any, and how a refusal
// is written to the access log: the event type and action of what was tried,
// and the kind of object the route's {id} names ("" for none). A route refused
// here never reaches the service that would otherwise log the refusal.
type guard struct {
	perm   kluwen.Permission
	event  string
	action kluwen.AuditAction
	object string
}

func needs(p kluwen.Permission, event string, action kluwen.AuditAction, object string) guard {
	return guard{perm: p, event: event, action: action, object: object}
}

// reasonRole is the access-log reason of a route refused for the user's role.
const reasonRole = "rol heeft geen toestemming"

// refuse writes a route refused by its guard to the access log.
func (s *Server) refuse(r *http.Request, g guard) error {
	e := &kluwen.AccessLogEntry{EventType: g.event, Action: g.action, Outcome: kluwen.OutcomeRefused, Basis: reasonRole}
	if g.object != "" {
		if id, err := strconv.ParseInt(r.PathValue("id"), 10, 64); err == nil && id > 0 {
			e.Objects = []kluwen.ObjectRef{{Type: g.object, ID: id}}
		}
	}
	return s.svc.Audit.RecordAccess(r.Context(), e)
}

// handle registers h for pattern behind the session, actor and CSRF checks.
// g.perm, when set, is a role-level permission the route needs; object-level
// need-to-know stays with the services.
func (s *Server) handle(mux *http.ServeMux, pattern string, acc access, g guard, h handlerFunc) {
	s.handleBody(mux, pattern, acc, g, h, 0)
}

// handleUpload registers a route whose form is multipart/form-data with a file
// of at most fileLimit bytes; its CSRF token is a field of the form like any
// other. A larger body is refused with a Dutch message before the handler runs.
func (s *Server) handleUpload(mux *http.ServeMux, pattern string, g guard, fileLimit int64, h handlerFunc) {
	s.handleBody(mux, pattern, member, g, h, fileLimit)
}

// uploadFormOverhead is what a multipart form may hold beside its file: the
// boundaries, the part headers and the other fields.
const uploadFormOverhead = 1 << 20

func (s *Server) handleBody(mux *http.ServeMux, pattern string, acc access, g guard, h handlerFunc, fileLimit int64) {
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		ri := infoFrom(r.Context())
		ri.pattern = r.Pattern
		c := &reqCtx{}
		c.actor = s.newActor(r, nil)
		r = r.WithContext(kluwen.NewContextWithActor(r.Context(), c.actor))

		expired := false
		if ck, err := r.Cookie(s.cookieName); err == nil && ck.Value != "" {
			sess, u, err := s.svc.Auth.FindSession(r.Context(), ck.Value)
			switch kluwen.ErrorCode(err) {
			case "":
				c.sessionID, c.session, c.user = ck.Value, sess, u
				if u.Organisation != nil {
					c.org = u.Organisation
				}
				c.actor = s.newActor(r, u)
				r = r.WithContext(kluwen.NewContextWithActor(r.Context(), c.actor))
				ri.userID = u.ID
			case kluwen.EUNAUTHORIZED:
				s.clearSessionCookie(w)
				expired = true
			default:
				s.fail(w, r, c, err)
				return
			}
		}

		if acc == member && !c.signedIn() {
			q := url.Values{}
			if expired {
				q.Set("sessie", "verlopen")
			}
			if r.Method == http.MethodGet && r.URL.Path != "/" {
				q.Set("terug", r.URL.Path)
			}
			target := "/inloggen"
			if len(q) > 0 {
				target += "?" + q.Encode()
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}

		// An upload route refuses a user its role does not allow before it
		// reads the body: a file of megabytes is not spooled to disk for nothing.
		if fileLimit > 0 && g.perm != "" && c.signedIn() && !c.actor.Can(g.perm) {
			s.refuseRoute(w, r, c, g)
			return
		}

		if r.Method == http.MethodPost {
			limit := int64(maxFormBytes)
			mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			upload := fileLimit > 0 && mt == "multipart/form-data"
			if upload {
				limit = fileLimit + uploadFormOverhead
			}
			tooBig := func() {
				s.errorPage(w, r, c, http.StatusRequestEntityTooLarge, fmt.Sprintf("Het bestand is te groot: hoogstens %d MB. Splits het bestand in kleinere delen en upload die één voor één.", fileLimit>>20))
			}
			if upload && r.ContentLength > limit {
				tooBig()
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
			var err error
			if upload {
				// The whole body is capped at limit, so the file is kept in memory:
				// it holds personal data and is not to be spooled to a temporary
				// file in the clear.
				err = r.ParseMultipartForm(limit)
				if r.MultipartForm != nil {
					defer r.MultipartForm.RemoveAll()
				}
			} else {
				err = r.ParseForm()
			}
			if err != nil {
				var mbe *http.MaxBytesError
				if upload && errors.As(err, &mbe) {
					tooBig()
					return
				}
				s.errorPage(w, r, c, http.StatusBadRequest, "Het formulier kon niet worden gelezen. Probeer het opnieuw.")
				return
			}
			// Every form of a signed-in user carries the session's CSRF token.
			// The sign-in form has no session yet; CrossOriginProtection guards it.
			if c.signedIn() && acc != signIn && !validCSRF(c.session, r.PostForm.Get("csrf")) {
				s.log.Warn("web: CSRF token mismatch", "route", r.Pattern, "user", c.user.ID)
				s.errorPage(w, r, c, http.StatusForbidden, msgCSRF)
				return
			}
		}

		if g.perm != "" && !c.actor.Can(g.perm) {
			s.refuseRoute(w, r, c, g)
			return
		}
		if err := h(w, r, c); err != nil {
			s.fail(w, r, c, err)
		}
	})
}

// refuseRoute answers a route its guard refuses: logged, then 403.
func (s *Server) refuseRoute(w http.ResponseWriter, r *http.Request, c *reqCtx, g guard) {
	if err := s.refuse(r, g); err != nil {
		s.fail(w, r, c, err)
		return
	}
	s.fail(w, r, c, kluwen.Errorf(kluwen.EFORBIDDEN, "U heeft geen toestemming voor deze pagina."))
}

func validCSRF(sess *kluwen.Session, token string) bool {
	if sess == nil || sess.CSRFToken == "" || token == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(sess.CSRFToken), []byte(token)) == 1
}

func (s *Server) setSessionCookie(w http.ResponseWriter, id string) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName,
		Value:    id,
		Path:     "/",
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
		MaxAge:   int(kluwen.SessionAbsoluteTimeout.Seconds()),
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name:     s.cookieName,
		Value:    "",
		Path:     "/",
		HttpOnly: true,
		Secure:   s.secure,
		SameSite: http.SameSiteLaxMode,
		MaxAge:   -1,
	})
}

// safeReturn returns p when it is a path on this site to go back to after
// sign-in, or "/".
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	if u, err := url.Parse(p); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return p
}
