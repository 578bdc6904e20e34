package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// contentSecurityPolicy allows nothing inline: no <script> in the page and no
// style attributes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response carries, pages, errors and
// static files alike. Pages are never cached; static files set their own
// Cache-Control.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// strictTransport tells the browser to reach Kluwen over https only, for a year,
// so that a later visit typed as http:// is not sent in the clear first. It is
// set only when BaseURL is https; subdomains are left to their own policy.
func strictTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// reqInfo is what the access line of the application log says about a request.
// The route handler fills it in; the logging middleware, outside the mux, reads
// it when the request is done.
type reqInfo struct {
	pattern string
	userID  int64
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	ri, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	if ri == nil {
		return &reqInfo{} // outside logRequests (a test calling a handler directly)
	}
	return ri
}

// statusWriter remembers the status written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests writes one line per request to the application log: method, route
// pattern, status, duration and user ID. Never the path's query, the form, nor
// anything else that may name a person.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, ri))
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("web: panic", "method", r.Method, "route", ri.pattern, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.errorPage(sw, r, nil, http.StatusInternalServerError, "")
				}
			}
			level := slog.LevelInfo
			if sw.status >= 500 {
				level = slog.LevelError
			}
			pattern := ri.pattern
			if pattern == "" {
				pattern = "(geen route)"
			}
			s.log.Log(r.Context(), level, "request",
				"method", r.Method, "route", pattern, "status", sw.status,
				"duration", time.Since(start).Round(time.Microsecond), "user", ri.userID)
		}()
		next.ServeHTTP(sw, r)
	})
}

// clientAddr is the address the request came from: the connection's peer, or with
// TrustProxy the last hop of X-Forwarded-For, which the proxy in front appended.
func (s *Server) clientAddr(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if a := strings.TrimSpace(last); a != "" {
				return a
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// purpose is the actor's purpose for the access log: the method and the route
// pattern, such as "GET /huishoudens/{id}".
func purpose(r *http.Request) string {
	p := r.Pattern
	if i := strings.IndexByte(p, ' '); i >= 0 {
		p = p[i+1:]
	}
	return r.Method + " " + p
}

// newActor returns the actor of a request, for the user of the session or, before
// sign-in, with only the address and purpose.
func (s *Server) newActor(r *http.Request, u *kluwen.User) *kluwen.Actor {
	a := &kluwen.Actor{ClientAddr: s.clientAddr(r), Purpose: purpose(r)}
	if u != nil {
		a.UserID = u.ID
		a.Username = u.Username
		a.OrganisationID = u.OrganisationID
		a.Role = u.Role
	}
	return a
}
