package web_test

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// rendered collects the page templates rendered by any test of the package.
var rendered sync.Map

// TestMain fails the run when a page template was never rendered, so that a
// template without a handler or without a test does not go unnoticed. It checks
// only a full run (no -run filter, no -short).
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		names, err := web.PageNames()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var missing []string
		for _, n := range names {
			if _, ok := rendered.Load(n); !ok {
				missing = append(missing, n)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: page templates never rendered by a test: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// password is every test user's password.
const password = "een lang testwachtwoord"

// clock is a settable time for the store and the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// opener opens a migrated test database with options, such as a clock.
type opener func(testing.TB, ...testdb.Options) *sqlstore.DB

// eachOpener runs fn as a subtest on SQLite and on PostgreSQL, for tests that
// open the database themselves.
func eachOpener(t *testing.T, fn func(t *testing.T, open opener)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, testdb.SQLite) })
	t.Run("postgres", func(t *testing.T) { fn(t, testdb.Postgres) })
}

// world is a municipality with two organisations, a user of every role, and a
// household with a case that the police is involved in. A second household, of
// the housing corporation, has no case: only that corporation's regisseur (none)
// would see it.
type world struct {
	t     *testing.T
	db    *sqlstore.DB
	svc   kluwen.Services
	srv   *web.Server
	h     http.Handler
	clock *clock
	logs  *strings.Builder

	gemeente, politie, corporatie     int64
	politieWijkteam, gemeenteWijkteam int64                   // departments of the same name, made by costs()
	users                             map[string]*kluwen.User // by username

	household, otherHousehold int64
	mother, child             int64
	caseID                    int64
}

func sys() context.Context {
	return kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: test"))
}

func services(db *sqlstore.DB) kluwen.Services {
	return kluwen.Services{
		Organisations: db, Users: db, Auth: db, Households: db,
		Persons: db, Cases: db, Audit: db, Stats: db,
		CostCatalogue: db, Costs: db, CostUploads: db,
		Signals: db, Assessments: db, Timeline: db, Notifications: db, MailOutbox: db,
		Plan: db, Conferences: db, Maatwerk: db, Escalations: db,
	}
}

// newWorld builds the world on a SQLite database, or on db when given.
func newWorld(t *testing.T, db *sqlstore.DB, cfg web.Config) *world {
	t.Helper()
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	if db == nil {
		db = testdb.SQLite(t, testdb.Options{Now: clk.Now})
	}
	w := &world{t: t, db: db, svc: services(db), clock: clk, users: map[string]*kluwen.User{}, logs: &strings.Builder{}}
	cfg.Now = clk.Now
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: w.logs}, nil))
	srv, err := web.New(cfg, w.svc, logger)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	web.SetTemplateHook(srv, func(name string) { rendered.Store(name, true) })
	w.srv, w.h = srv, srv.Handler()

	ctx := sys()
	w.gemeente = w.org(ctx, "Gemeente Kluwendam", kluwen.SectorGemeente)
	w.politie = w.org(ctx, "Politie Basisteam Kluwendam", kluwen.SectorVeiligheid)
	w.corporatie = w.org(ctx, "Woonstichting Kluwendam", kluwen.SectorWonen)
	w.user(ctx, "regisseur", "Rita Regisseur", w.gemeente, kluwen.RoleRegisseur)
	w.user(ctx, "agent", "Wim Wijkagent", w.politie, kluwen.RoleProfessional)
	w.user(ctx, "woonconsulent", "Wendy Woonconsulent", w.corporatie, kluwen.RoleProfessional)
	w.user(ctx, "analist", "Anton Analist", w.gemeente, kluwen.RoleAnalyst)
	w.user(ctx, "fg", "Fatima Functionaris", w.gemeente, kluwen.RolePrivacyOfficer)
	w.user(ctx, "beheerder", "Bert Beheerder", w.gemeente, kluwen.RoleAdmin)
	w.user(ctx, "redacteur", "Ruud Redacteur", w.gemeente, kluwen.RoleEditor)

	hh := &kluwen.Household{Street: "Lindelaan", HouseNumber: 12, Postcode: "1234 AB", City: "Kluwendam", Wijk: "Noord", RegisteredByOrgID: w.gemeente}
	must(t, w.svc.Households.CreateHousehold(ctx, hh))
	w.household = hh.ID
	other := &kluwen.Household{Street: "Eikenweg", HouseNumber: 3, Postcode: "1234 AC", City: "Kluwendam", Wijk: "Zuid", RegisteredByOrgID: w.corporatie}
	must(t, w.svc.Households.CreateHousehold(ctx, other))
	w.otherHousehold = other.ID

	mother := &kluwen.Person{GivenName: "Maria", FamilyNamePrefix: "de", FamilyName: "Vries", BirthDate: date("1985-04-02"), BSN: "111222333", RegisteredByOrgID: w.gemeente}
	must(t, w.svc.Persons.CreatePerson(ctx, mother))
	child := &kluwen.Person{GivenName: "Daan", FamilyNamePrefix: "de", FamilyName: "Vries", BirthDate: date("2012-09-20"), RegisteredByOrgID: w.gemeente}
	must(t, w.svc.Persons.CreatePerson(ctx, child))
	grandma := &kluwen.Person{GivenName: "Greet", FamilyName: "Jansen", BirthDate: date("1950-01-15"), RegisteredByOrgID: w.corporatie}
	must(t, w.svc.Persons.CreatePerson(ctx, grandma))
	w.mother, w.child = mother.ID, child.ID
	from := date("2020-01-01")
	must(t, w.svc.Households.AddMember(ctx, &kluwen.Membership{HouseholdID: w.household, PersonID: mother.ID, From: from, Role: kluwen.MemberHead}))
	must(t, w.svc.Households.AddMember(ctx, &kluwen.Membership{HouseholdID: w.household, PersonID: child.ID, From: from, Role: kluwen.MemberChild}))
	must(t, w.svc.Households.AddMember(ctx, &kluwen.Membership{HouseholdID: w.otherHousehold, PersonID: grandma.ID, From: from, Role: kluwen.MemberHead}))
	must(t, w.svc.Persons.CreateRelation(ctx, &kluwen.Relation{PersonID: mother.ID, RelatedPersonID: child.ID, Kind: kluwen.RelationParent}))
	must(t, w.svc.Persons.CreateRelation(ctx, &kluwen.Relation{PersonID: grandma.ID, RelatedPersonID: mother.ID, Kind: kluwen.RelationParent}))

	cs := &kluwen.Case{HouseholdID: w.household, Title: "Huurachterstand en schoolverzuim", RegisseurID: w.users["regisseur"].ID}
	must(t, w.svc.Cases.CreateCase(ctx, cs))
	w.caseID = cs.ID
	contact := w.users["agent"].ID
	must(t, w.svc.Cases.AddInvolvement(ctx, &kluwen.Involvement{CaseID: cs.ID, OrganisationID: w.politie, From: date("2024-01-01"),
		LegalBasis: kluwen.BasisCovenant, ContactUserID: &contact}))
	return w
}

func (w *world) org(ctx context.Context, name string, sector kluwen.Sector) int64 {
	o := &kluwen.Organisation{Name: name, Sector: sector}
	must(w.t, w.svc.Organisations.CreateOrganisation(ctx, o))
	return o.ID
}

func (w *world) user(ctx context.Context, username, name string, org int64, role kluwen.Role) {
	u := &kluwen.User{Username: username, DisplayName: name, OrganisationID: org, Role: role}
	must(w.t, w.svc.Users.CreateUser(ctx, u, password))
	w.users[username] = u
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func date(s string) time.Time {
	d, err := kluwen.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// client is a browser without JavaScript: it keeps cookies and the CSRF token
// of the last page, and does not follow redirects.
type client struct {
	t       testing.TB
	h       http.Handler
	cookies map[string]*http.Cookie
	csrf    string
	addr    string
}

func (w *world) client() *client {
	return &client{t: w.t, h: w.h, cookies: map[string]*http.Cookie{}, addr: "198.51.100.7:5555"}
}

// signedIn returns a client signed in as username.
func (w *world) signedIn(username string) *client {
	w.t.Helper()
	c := w.client()
	c.signIn(username, password)
	return c
}

type response struct {
	Code   int
	Header http.Header
	Body   string
}

// Location is the redirect target.
func (r *response) Location() string { return r.Header.Get("Location") }

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	req.RemoteAddr = c.addr
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	body := rec.Body.String()
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return &response{Code: rec.Code, Header: rec.Header(), Body: body}
}

// get sends a GET; like a browser, it leaves the fragment out.
func (c *client) get(path string) *response {
	c.t.Helper()
	path, _, _ = strings.Cut(path, "#")
	return c.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// post sends a form with the CSRF token of the last page, unless the form has
// its own "csrf" (an empty one sends none).
func (c *client) post(path string, form url.Values) *response {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok && c.csrf != "" {
		form.Set("csrf", c.csrf)
	} else if form.Get("csrf") == "" {
		form.Del("csrf")
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) signIn(username, pw string) {
	c.t.Helper()
	res := c.post("/inloggen", url.Values{"username": {username}, "password": {pw}})
	if res.Code != http.StatusSeeOther {
		c.t.Fatalf("sign in as %s: status %d, want 303\n%s", username, res.Code, res.Body)
	}
	if home := c.get("/"); home.Code != http.StatusOK {
		c.t.Fatalf("start page after sign-in as %s: status %d", username, home.Code)
	}
}

// check reports what is wrong with a response: the status, the redirect and
// texts that must or must not be in the body.
type check struct {
	status      int
	location    string // prefix
	contains    []string
	notContains []string
}

func (ck check) verify(t *testing.T, res *response) {
	t.Helper()
	if ck.status != 0 && res.Code != ck.status {
		t.Errorf("status %d, want %d\n%s", res.Code, ck.status, excerpt(res.Body))
	}
	if ck.location != "" && !strings.HasPrefix(res.Location(), ck.location) {
		t.Errorf("Location %q, want prefix %q", res.Location(), ck.location)
	}
	for _, s := range ck.contains {
		if !strings.Contains(res.Body, s) {
			t.Errorf("body lacks %q\n%s", s, excerpt(res.Body))
		}
	}
	for _, s := range ck.notContains {
		if strings.Contains(res.Body, s) {
			t.Errorf("body has %q, and must not", s)
		}
	}
}

// excerpt is the <main> of a page, to keep failure messages short.
func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if j := strings.Index(body, "</main>"); j >= 0 {
		body = body[:j]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

func id(n int64) string { return fmt.Sprint(n) }
