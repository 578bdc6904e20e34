// Package api is Kluwen's JSON API under /api/v1, built on the services of the
// domain package and following the Dutch government's API design rules (the NL
// API Design Rules): Dutch resource and field names, application/problem+json
// errors that name every invalid field at once, an API-Version header, cursor
// pagination with Link headers, ISO 8601 dates, searches on personal data as a
// POST to …/_zoek so that names and BSNs never appear in a URL, and an OpenAPI
// 3.0 document at /api/v1/openapi.json.
//
// One route table (routes.go) registers the handlers and generates the OpenAPI
// document: a handler's request and response types come from its Go signature,
// and the schemas are reflected from those types, so the document cannot drift
// from the code. The Dutch names live in one place, names.go: the wire types, whose
// json tags are the API's names and whose Go field names are the domain's, so the
// same types translate the domain's validation errors.
//
// Collections are paged with an opaque cursor. Where the service pages itself it
// is the service's cursor (the timeline) or the last identifier seen; for the
// lists a service returns whole (the plan's actions, a case's conferences) it is
// the last identifier seen in the service's own order, and for rows without an
// identifier (the list of deviations across cases) their position. A few
// operations answer with a file instead of JSON — the plan for the family as a
// PDF, a conference invitation as iCalendar, the deviations as CSV —, each a
// result type of its own that names its media type for the document. One takes a
// file instead of JSON: the import of cost records (POST /kostenimport) reads a
// CSV or XLSX file, as multipart/form-data with its column mapping or as the
// body itself (withFile).
//
// Money is a JSON number of euros with two decimals (1250.50), read from the
// number's digits and kept in cents, never passed through a float.
//
// A client signs in with a personal API token (Authorization: Bearer …); every
// call runs as that user, with need-to-know and the access log applied by the
// services as for the web interface.
package api

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path"
	"sort"
	"strings"

	"github.com/kluwen/kluwen"
)

// Base is the path the API is mounted at.
const Base = "/api/v1"

// DefaultVersion is the API version when Options.Version is empty.
const DefaultVersion = "1.0.0"

// Options configure the API.
type Options struct {
	// TrustProxy takes the client address from the last hop of X-Forwarded-For,
	// as added by the reverse proxy in front of Kluwen.
	TrustProxy bool
	// Version is the API version, sent in the API-Version header and in the
	// OpenAPI document ("1.0.0").
	Version string
	// Logger gets internal errors with their causes; never personal data.
	Logger *slog.Logger
	// BaseURL is the public URL of Kluwen ("https://kluwen.gemeente.nl"): the
	// domain of calendar UIDs and the link to the web pages in an invitation.
	// Without it the request's host is used and the link left out.
	BaseURL string
}

// server is the API handler.
type server struct {
	svc     kluwen.Services
	opt     Options
	log     *slog.Logger
	names   fieldNames
	routes  []*route
	mux     *http.ServeMux // "METHOD /api/v1/path" → route
	paths   *http.ServeMux // "/api/v1/path" → for 405 and Allow
	allow   map[string]string
	openapi []byte
}

// New returns the API handler. Mount it at /api/v1/; it expects the full paths
// (starting with /api/v1).
func New(svc kluwen.Services, opt Options) http.Handler {
	if opt.Version == "" {
		opt.Version = DefaultVersion
	}
	s := &server{
		svc:   svc,
		opt:   opt,
		log:   logger(opt.Logger),
		names: newFieldNames(),
		mux:   http.NewServeMux(),
		paths: http.NewServeMux(),
		allow: map[string]string{},
	}
	s.routes = s.routeTable()
	methods := map[string][]string{}
	for _, rt := range s.routes {
		full := Base + rt.path
		s.mux.Handle(rt.method+" "+full, s.serveRoute(rt))
		if methods[full] == nil {
			s.paths.Handle(full, http.NotFoundHandler())
		}
		methods[full] = append(methods[full], rt.method)
		if rt.method == http.MethodGet {
			methods[full] = append(methods[full], http.MethodHead)
		}
	}
	for p, ms := range methods {
		sort.Strings(ms)
		s.allow[p] = strings.Join(ms, ", ")
	}
	doc, err := json.Marshal(s.document())
	if err != nil {
		panic(fmt.Sprintf("api: OpenAPI document: %v", err))
	}
	s.openapi = doc
	return s
}

// ServeHTTP sets the headers every response carries, answers unknown paths and
// wrong methods as problems, and hands the request to its route.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("API-Version", s.opt.Version)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.writeError(w, r, "", fmt.Errorf("panic: %v", v))
		}
	}()
	p := r.URL.Path
	if p != path.Clean(p) || !strings.HasPrefix(p, Base+"/") {
		s.writeError(w, r, "", notFound("Deze URL bestaat niet in de API."))
		return
	}
	_, pattern := s.mux.Handler(r)
	_, pathPattern := s.paths.Handler(r)
	if pattern == "" {
		if pathPattern == "" {
			s.writeError(w, r, "", notFound("Deze URL bestaat niet in de API."))
			return
		}
		s.writeError(w, r, pathPattern, s.methodNotAllowed(r, pathPattern))
		return
	}
	// A wildcard route of this method may match a path that a literal route of
	// other methods names exactly (GET …/_zoek): that path wins.
	if _, routePath, _ := strings.Cut(pattern, " "); routePath != pathPattern {
		s.writeError(w, r, pathPattern, s.methodNotAllowed(r, pathPattern))
		return
	}
	s.mux.ServeHTTP(w, r)
}

func (s *server) methodNotAllowed(r *http.Request, pathPattern string) error {
	allow := s.allow[pathPattern]
	return &statusError{
		status: http.StatusMethodNotAllowed,
		detail: fmt.Sprintf("De methode %s kan hier niet; wel: %s.", r.Method, allow),
		allow:  allow,
	}
}

// authenticate signs the request in with its bearer token and returns the actor
// the services will see.
func (s *server) authenticate(r *http.Request, rt *route) (*kluwen.Actor, error) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return nil, kluwen.Errorf(kluwen.EUNAUTHORIZED, "Log in met een API-token in de header Authorization: Bearer <token>.")
	}
	// An anonymous actor carries the address and purpose, so that a refused token
	// is logged with where it came from.
	anon := &kluwen.Actor{ClientAddr: s.clientAddr(r), Purpose: "API " + r.Method + " " + Base + rt.path}
	u, err := s.svc.Auth.AuthenticateToken(kluwen.NewContextWithActor(r.Context(), anon), token)
	if err != nil {
		switch kluwen.ErrorCode(err) {
		case kluwen.EUNAUTHORIZED, kluwen.ENOTFOUND, kluwen.EINVALID:
			return nil, kluwen.Errorf(kluwen.EUNAUTHORIZED, "Het API-token is ongeldig, verlopen of ingetrokken.")
		}
		return nil, err
	}
	return &kluwen.Actor{
		UserID:         u.ID,
		Username:       u.Username,
		OrganisationID: u.OrganisationID,
		Role:           u.Role,
		ClientAddr:     anon.ClientAddr,
		Purpose:        anon.Purpose,
	}, nil
}

// clientAddr is the address the request came from: the last hop of
// X-Forwarded-For when the proxy is trusted (the one our proxy added; earlier
// hops are the client's word), else the peer address.
func (s *server) clientAddr(r *http.Request) string {
	if s.opt.TrustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			last := strings.TrimSpace(hops[len(hops)-1])
			if a, err := netip.ParseAddr(last); err == nil {
				return a.Unmap().String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// writeJSON writes v as JSON with the status.
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"type":"about:blank","title":"Interne fout","status":500,"detail":"` + genericDetail + `"}`)
		contentType = "application/problem+json"
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	w.Write(b)
	w.Write([]byte("\n"))
}
