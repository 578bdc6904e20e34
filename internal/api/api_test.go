package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/api"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// env is an API on a real database with a small synthetic municipality: a
// gemeente with two regisseurs, a privacy officer, an analyst and an admin; the
// police with a professional; a housing corporation with a regisseur and a
// professional.
type env struct {
	t      *testing.T
	db     *sqlstore.DB
	svc    kluwen.Services
	h      http.Handler
	orgs   map[string]int64
	users  map[string]*kluwen.User
	tokens map[string]string
	urls   []string // every URL the API emitted (Location, Link, href)
	conf   *conformance
}

func services(db *sqlstore.DB) kluwen.Services {
	return kluwen.Services{
		Organisations: db, Users: db, Auth: db, Households: db, Persons: db, Cases: db, Audit: db, Stats: db,
		Signals: db, Assessments: db, Timeline: db, Notifications: db, Plan: db, Conferences: db, Maatwerk: db, Escalations: db,
		CostCatalogue: db, Costs: db,
	}
}

// sys is the context of the operator, for setting up data.
func sys() context.Context {
	return kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: api test"))
}

func newEnv(t *testing.T, db *sqlstore.DB) *env {
	t.Helper()
	e := &env{t: t, db: db, svc: services(db), orgs: map[string]int64{}, users: map[string]*kluwen.User{}, tokens: map[string]string{}}
	// The application log must stay free of warnings (a validation field without
	// an API name) and errors (an internal error) in every scenario.
	logs := &syncBuffer{}
	t.Cleanup(func() {
		if s := logs.String(); strings.Contains(s, "level=WARN") || strings.Contains(s, "level=ERROR") {
			t.Errorf("the API logged warnings or errors:\n%s", s)
		}
	})
	e.h = api.New(e.svc, api.Options{
		TrustProxy: true,
		Version:    "1.0.0",
		Logger:     slog.New(slog.NewTextHandler(logs, nil)),
	})
	conf, err := newConformance(e.h)
	if err != nil {
		t.Fatalf("reading the OpenAPI document: %v", err)
	}
	e.conf = conf
	for _, o := range []struct {
		key    string
		name   string
		sector kluwen.Sector
	}{
		{"gemeente", "Gemeente Testdam", kluwen.SectorGemeente},
		{"politie", "Politie Testdam", kluwen.SectorVeiligheid},
		{"wonen", "Woonstichting Testdam", kluwen.SectorWonen},
	} {
		org := &kluwen.Organisation{Name: o.name, Sector: o.sector}
		if err := e.svc.Organisations.CreateOrganisation(sys(), org); err != nil {
			t.Fatalf("create organisation: %v", err)
		}
		e.orgs[o.key] = org.ID
	}
	for _, u := range []struct {
		key  string
		org  string
		role kluwen.Role
	}{
		{"regisseur", "gemeente", kluwen.RoleRegisseur},
		{"regisseur2", "gemeente", kluwen.RoleRegisseur},
		{"wonenregisseur", "wonen", kluwen.RoleRegisseur},
		{"wijkagent", "politie", kluwen.RoleProfessional},
		{"woonconsulent", "wonen", kluwen.RoleProfessional},
		{"fg", "gemeente", kluwen.RolePrivacyOfficer},
		{"analist", "gemeente", kluwen.RoleAnalyst},
		{"beheer", "gemeente", kluwen.RoleAdmin},
	} {
		user := &kluwen.User{Username: u.key, DisplayName: "Test " + u.key, OrganisationID: e.orgs[u.org], Role: u.role}
		if err := e.svc.Users.CreateUser(sys(), user, "een lang genoeg wachtwoord"); err != nil {
			t.Fatalf("create user %s: %v", u.key, err)
		}
		token, _, err := e.svc.Users.CreateAPIToken(sys(), user.ID, "api test")
		if err != nil {
			t.Fatalf("create token for %s: %v", u.key, err)
		}
		e.users[u.key] = user
		e.tokens[u.key] = token
	}
	return e
}

// syncBuffer is a buffer the handler may write to from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// resp is an answer of the API.
type resp struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into a generic value.
func (r *resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// request is a call to the API. body is sent as JSON unless it is a string or
// []byte, which are sent as they are.
type request struct {
	method, path, as string
	body             any
	header           map[string]string
}

// do sends a request and checks what every answer carries: API-Version,
// Cache-Control no-store, nosniff, and the right content type for its body.
func (e *env) do(rq request) *resp {
	e.t.Helper()
	var body io.Reader
	switch b := rq.body.(type) {
	case nil:
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		body = bytes.NewReader(j)
	}
	r := httptest.NewRequest(rq.method, rq.path, body)
	r.RemoteAddr = "192.0.2.10:4711"
	if rq.body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	if rq.as != "" {
		tok, ok := e.tokens[rq.as]
		if !ok {
			tok = rq.as // a literal token
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range rq.header {
		if v == "" {
			r.Header.Del(k)
		} else {
			r.Header.Set(k, v)
		}
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	res := &resp{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	if got := res.header.Get("API-Version"); got != "1.0.0" {
		e.t.Errorf("%s %s: API-Version %q, want 1.0.0", rq.method, rq.path, got)
	}
	if got := res.header.Get("Cache-Control"); got != "no-store" {
		e.t.Errorf("%s %s: Cache-Control %q, want no-store", rq.method, rq.path, got)
	}
	if got := res.header.Get("X-Content-Type-Options"); got != "nosniff" {
		e.t.Errorf("%s %s: X-Content-Type-Options %q", rq.method, rq.path, got)
	}
	if len(res.body) > 0 {
		// JSON, or the one other media type the document gives (a PDF, a calendar
		// file), possibly with a charset.
		want := e.conf.mediaType(rq.method, r.URL.Path, res.status)
		if res.status >= 400 {
			want = "application/problem+json"
		}
		got := res.header.Get("Content-Type")
		if mt, _, _ := mime.ParseMediaType(got); mt != want || (strings.HasSuffix(want, "json") && got != want) {
			e.t.Errorf("%s %s: Content-Type %q, want %q", rq.method, rq.path, got, want)
		}
	}
	for _, msg := range e.conf.check(rq.method, r.URL.Path, res.status, res.header.Get("Content-Type"), res.body) {
		e.t.Errorf("%s %s → %d does not match the document: %s", rq.method, rq.path, res.status, msg)
	}
	e.collectURLs(res)
	return res
}

var hrefRe = regexp.MustCompile(`"href"\s*:\s*"([^"]*)"`)
var linkRe = regexp.MustCompile(`<([^>]*)>`)

func (e *env) collectURLs(r *resp) {
	if l := r.header.Get("Location"); l != "" {
		e.urls = append(e.urls, l)
	}
	for _, m := range linkRe.FindAllStringSubmatch(r.header.Get("Link"), -1) {
		e.urls = append(e.urls, m[1])
	}
	for _, m := range hrefRe.FindAllSubmatch(r.body, -1) {
		e.urls = append(e.urls, string(m[1]))
	}
}

// must sends a request and fails unless the status is want.
func (e *env) must(want int, rq request) *resp {
	e.t.Helper()
	r := e.do(rq)
	if r.status != want {
		e.t.Fatalf("%s %s as %s: status %d, want %d\n%s", rq.method, rq.path, rq.as, r.status, want, r.body)
	}
	return r
}

// problem checks that r is a problem with the status and returns its invalid
// params by name.
func problemParams(t *testing.T, r *resp, status int) map[string]map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d\n%s", r.status, status, r.body)
	}
	p := r.json(t)
	for _, k := range []string{"type", "title", "status", "detail", "instance"} {
		if _, ok := p[k]; !ok {
			t.Errorf("problem without %s: %s", k, r.body)
		}
	}
	if p["status"] != float64(status) {
		t.Errorf("problem status %v, want %d", p["status"], status)
	}
	out := map[string]map[string]any{}
	ips, _ := p["invalidParams"].([]any)
	for _, ip := range ips {
		m := ip.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// idOf returns the id field of a resource.
func idOf(t *testing.T, r *resp) int64 {
	t.Helper()
	id, ok := r.json(t)["id"].(float64)
	if !ok {
		t.Fatalf("no id in %s", r.body)
	}
	return int64(id)
}

func path(format string, args ...any) string { return "/api/v1" + fmt.Sprintf(format, args...) }

// household is a valid body for POST /huishoudens.
func household(street string, n int) map[string]any {
	return map[string]any{"straat": street, "huisnummer": n, "postcode": "1234 AB", "woonplaats": "Testdam", "wijk": "Centrum"}
}

// bsn returns the n-th synthetic BSN that passes the elfproef.
func bsn(n int) string {
	for seed := 20000000 + n*37; ; seed++ {
		s := fmt.Sprintf("%08d", seed)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(s[i]-'0')
		}
		if d := sum % 11; d <= 9 && !(d == 0 && sum == 0) {
			b := s + fmt.Sprint(d)
			if kluwen.ValidBSN(b) {
				return b
			}
		}
	}
}

// embedded returns the items of a collection page.
func embedded(t *testing.T, r *resp, name string) []map[string]any {
	t.Helper()
	emb, ok := r.json(t)["_embedded"].(map[string]any)
	if !ok {
		t.Fatalf("no _embedded in %s", r.body)
	}
	list, ok := emb[name].([]any)
	if !ok {
		t.Fatalf("no _embedded.%s in %s", name, r.body)
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = x.(map[string]any)
	}
	return out
}

// nextLink returns the rel="next" target of the Link header, or "".
func nextLink(t *testing.T, r *resp) string {
	t.Helper()
	for _, part := range strings.Split(r.header.Get("Link"), ",") {
		if strings.Contains(part, `rel="next"`) {
			m := linkRe.FindStringSubmatch(part)
			if m == nil {
				t.Fatalf("bad Link header %q", r.header.Get("Link"))
			}
			return m[1]
		}
	}
	return ""
}

// checkURLs fails when any URL the API emitted carries one of the given
// personal data.
func (e *env) checkURLs(personal ...string) {
	e.t.Helper()
	if len(e.urls) == 0 {
		e.t.Fatal("the API emitted no URLs to check")
	}
	for _, u := range e.urls {
		dec, err := url.QueryUnescape(u)
		if err != nil {
			dec = u
		}
		for _, p := range personal {
			if p != "" && (strings.Contains(strings.ToLower(dec), strings.ToLower(p)) || strings.Contains(strings.ToLower(u), strings.ToLower(p))) {
				e.t.Errorf("URL %q carries personal data %q", u, p)
			}
		}
		if !strings.HasPrefix(u, "/api/v1/") {
			e.t.Errorf("URL %q outside /api/v1", u)
		}
	}
}
