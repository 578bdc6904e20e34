package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/auditcsv"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// securityHeaders are on every response, pages, errors and static files alike.
var securityHeaders = map[string]string{
	"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	"X-Content-Type-Options":  "nosniff",
	"Referrer-Policy":         "no-referrer",
	"X-Frame-Options":         "DENY",
}

func TestSecurityHeaders(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	anon := w.client()
	reg := w.signedIn("regisseur")
	login := anon.get("/inloggen")
	cssURL := regexp.MustCompile(`href="(/static/kluwen\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(login.Body)
	if cssURL == nil {
		t.Fatal("sign-in page links no versioned kluwen.css")
	}
	tests := []struct {
		name   string
		res    func() *response
		status int
		cache  string
	}{
		{"sign-in page", func() *response { return anon.get("/inloggen") }, 200, "no-store"},
		{"start page redirect", func() *response { return anon.get("/") }, 303, "no-store"},
		{"page", func() *response { return reg.get("/huishoudens") }, 200, "no-store"},
		{"404 page", func() *response { return anon.get("/bestaat-niet") }, 404, "no-store"},
		{"404 page signed in", func() *response { return reg.get("/bestaat/ook/niet") }, 404, "no-store"},
		{"denied household", func() *response { return reg.get("/huishoudens/" + id(w.otherHousehold)) }, 404, "no-store"},
		{"static file", func() *response { return anon.get(cssURL[1]) }, 200, "public, max-age=31536000, immutable"},
		{"missing static file", func() *response { return anon.get("/static/geen.css") }, 404, "no-store"},
		{"CSRF refusal", func() *response { return reg.post("/uitloggen", url.Values{"csrf": {""}}) }, 403, "no-store"},
		{"CSV export", func() *response { return w.signedIn("fg").get("/logboek/export.csv") }, 200, "no-store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.res()
			if res.Code != tt.status {
				t.Errorf("status %d, want %d", res.Code, tt.status)
			}
			for k, v := range securityHeaders {
				if got := res.Header.Get(k); got != v {
					t.Errorf("%s = %q, want %q", k, got, v)
				}
			}
			if res.Header.Get("Permissions-Policy") == "" {
				t.Error("no Permissions-Policy")
			}
			if got := res.Header.Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			if res.Code != http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
				for _, s := range []string{`<html lang="nl">`, `class="utrecht-skip-link`, `<main`, `id="inhoud"`} {
					if !strings.Contains(res.Body, s) {
						t.Errorf("page lacks %s", s)
					}
				}
				if n := strings.Count(res.Body, "<h1"); n != 1 {
					t.Errorf("page has %d h1 elements, want 1", n)
				}
				if strings.Contains(res.Body, "<script") || strings.Contains(res.Body, " style=") {
					t.Error("page has inline script or style, which the CSP forbids")
				}
			}
		})
	}
	if res := anon.get("/bestaat-niet"); !strings.Contains(strings.ToLower(res.Body), "niet gevonden") {
		t.Error("404 page does not say niet gevonden")
	}
}

func TestSignIn(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	t.Run("success", func(t *testing.T) {
		c := w.client()
		res := c.post("/inloggen", url.Values{"username": {"regisseur"}, "password": {password}})
		check{status: 303, location: "/"}.verify(t, res)
		var ck *http.Cookie
		for _, x := range (&http.Response{Header: res.Header}).Cookies() {
			if x.Name == "kluwen_sessie" {
				ck = x
			}
		}
		if ck == nil {
			t.Fatal("no kluwen_sessie cookie")
		}
		if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Secure {
			t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, Path=/, not Secure over http", ck)
		}
		home := c.get("/")
		check{status: 200, contains: []string{"Mijn casussen", "Rita Regisseur", "Gemeente Kluwendam", "Regisseur", `id="uitloggen"`}}.verify(t, home)
	})
	t.Run("renews the session", func(t *testing.T) {
		c := w.signedIn("regisseur")
		old := c.cookies["kluwen_sessie"].Value
		c.signIn("regisseur", password)
		if c.cookies["kluwen_sessie"].Value == old {
			t.Fatal("sign-in kept the old session ID")
		}
		stale := w.client()
		stale.cookies["kluwen_sessie"] = &http.Cookie{Name: "kluwen_sessie", Value: old}
		check{status: 303, location: "/inloggen"}.verify(t, stale.get("/huishoudens"))
	})
	t.Run("returns to the page asked for", func(t *testing.T) {
		c := w.client()
		res := c.get("/casussen/" + id(w.caseID))
		check{status: 303, location: "/inloggen?terug=%2Fcasussen%2F"}.verify(t, res)
		form := c.get(res.Location())
		check{status: 200, contains: []string{`name="terug" value="/casussen/` + id(w.caseID) + `"`}}.verify(t, form)
		res = c.post("/inloggen", url.Values{"username": {"regisseur"}, "password": {password}, "terug": {"/casussen/" + id(w.caseID)}})
		check{status: 303, location: "/casussen/" + id(w.caseID)}.verify(t, res)
		res = c.post("/inloggen", url.Values{"username": {"regisseur"}, "password": {password}, "terug": {"//elders.example/"}})
		if res.Location() != "/" {
			t.Errorf("Location %q for a foreign return, want /", res.Location())
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		c := w.client()
		res := c.post("/inloggen", url.Values{"username": {"regisseur"}, "password": {"niet het wachtwoord"}})
		check{status: 401, contains: []string{"Er ging iets mis", "klopt niet", `aria-invalid="true"`, "autofocus", `value="regisseur"`}}.verify(t, res)
		if _, ok := c.cookies["kluwen_sessie"]; ok {
			t.Error("a failed sign-in set a session cookie")
		}
	})
	t.Run("empty fields", func(t *testing.T) {
		res := w.client().post("/inloggen", url.Values{})
		check{status: 422, contains: []string{"Vul uw gebruikersnaam in.", "Vul uw wachtwoord in.", `href="#username"`, `href="#password"`}}.verify(t, res)
	})
	t.Run("throttled", func(t *testing.T) {
		c := w.client()
		var res *response
		for i := 0; i <= kluwen.MaxLoginFailures; i++ {
			res = c.post("/inloggen", url.Values{"username": {"analist"}, "password": {"fout wachtwoord " + id(int64(i))}})
		}
		check{status: 429, contains: []string{`id="inloggen-geblokkeerd"`}}.verify(t, res)
		// The right password does not help while the lock lasts.
		res = c.post("/inloggen", url.Values{"username": {"analist"}, "password": {password}})
		check{status: 429}.verify(t, res)
	})
	t.Run("sign out", func(t *testing.T) {
		c := w.signedIn("agent")
		res := c.post("/uitloggen", nil)
		check{status: 303, location: "/inloggen?melding=uitgelogd"}.verify(t, res)
		check{status: 200, contains: []string{"U bent uitgelogd."}}.verify(t, c.get(res.Location()))
		check{status: 303, location: "/inloggen"}.verify(t, c.get("/"))
	})
	t.Run("failed sign-in is logged with the address", func(t *testing.T) {
		c := w.client()
		c.addr = "203.0.113.99:40000"
		c.post("/inloggen", url.Values{"username": {"fg"}, "password": {"verkeerd wachtwoord"}})
		refused := kluwen.OutcomeRefused
		es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{Outcome: &refused, Limit: 50})
		must(t, err)
		found := false
		for _, e := range es {
			if e.EventType == "auth.login" && e.ClientAddr == "203.0.113.99" && e.Purpose == "POST /inloggen" {
				found = true
			}
		}
		if !found {
			t.Errorf("no refused auth.login from 203.0.113.99 with purpose POST /inloggen in %d refused entries", len(es))
		}
	})
}

func TestSecureCookie(t *testing.T) {
	w := newWorld(t, nil, web.Config{BaseURL: "https://kluwen.example.nl"})
	c := w.client()
	res := c.post("/inloggen", url.Values{"username": {"regisseur"}, "password": {password}})
	check{status: 303}.verify(t, res)
	ck := c.cookies["__Host-kluwen_sessie"]
	if ck == nil || !ck.Secure || !ck.HttpOnly || ck.Path != "/" || ck.Domain != "" {
		t.Fatalf("cookie %+v, want __Host-kluwen_sessie, Secure, HttpOnly, Path=/, no Domain", ck)
	}
	check{status: 200, contains: []string{"Mijn casussen"}}.verify(t, c.get("/"))
	for _, res := range []*response{res, c.get("/"), w.client().get("/bestaat-niet")} {
		if got := res.Header.Get("Strict-Transport-Security"); got != "max-age=31536000" {
			t.Errorf("Strict-Transport-Security %q over https", got)
		}
	}
	if got := newWorld(t, nil, web.Config{}).client().get("/inloggen").Header.Get("Strict-Transport-Security"); got != "" {
		t.Errorf("Strict-Transport-Security %q without https", got)
	}
}

func TestTrustProxy(t *testing.T) {
	w := newWorld(t, nil, web.Config{TrustProxy: true})
	req := httptest.NewRequest(http.MethodPost, "/inloggen", strings.NewReader("username=agent&password=fout+fout+fout"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", "10.9.9.9, 192.0.2.44")
	w.client().do(req)
	refused := kluwen.OutcomeRefused
	es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{Outcome: &refused, Limit: 10})
	must(t, err)
	if len(es) == 0 || es[0].ClientAddr != "192.0.2.44" {
		t.Fatalf("refused sign-in logged from %v, want the last hop 192.0.2.44", es)
	}
}

func TestCSRF(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	c := w.signedIn("regisseur")
	form := url.Values{"street": {"Beukenlaan"}, "houseNumber": {"4"}, "postcode": {"1234 AB"}, "city": {"Kluwendam"}}
	tests := []struct {
		name  string
		token string
		want  int
	}{
		{"no token", "", 403},
		{"wrong token", "niet-het-token", 403},
		{"right token", c.csrf, 303},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f["csrf"] = []string{tt.token}
			res := c.post("/huishoudens", f)
			check{status: tt.want}.verify(t, res)
			if tt.want == 403 && !strings.Contains(res.Body, "verlopen of niet geldig") {
				t.Error("403 page does not explain the expired form")
			}
		})
	}
	t.Run("cross-origin sign-in", func(t *testing.T) {
		req := httptest.NewRequest(http.MethodPost, "/inloggen", strings.NewReader("username=regisseur&password="+url.QueryEscape(password)))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res := w.client().do(req)
		check{status: 403}.verify(t, res)
	})
	t.Run("no GET changes state", func(t *testing.T) {
		check{status: 404}.verify(t, c.get("/uitloggen"))
		check{status: 200}.verify(t, c.get("/"))
	})
}

func TestSessionExpiry(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	c := w.signedIn("regisseur")
	w.clock.Add(kluwen.SessionIdleTimeout + time.Minute)
	res := c.get("/huishoudens/" + id(w.household))
	check{status: 303, location: "/inloggen?"}.verify(t, res)
	if !strings.Contains(res.Location(), "sessie=verlopen") {
		t.Errorf("Location %q does not say the session expired", res.Location())
	}
	check{status: 200, contains: []string{"Uw sessie is verlopen. Log opnieuw in."}}.verify(t, c.get(res.Location()))
	// A form posted with the expired session goes to the sign-in as well.
	res = c.post("/huishoudens/zoeken", url.Values{"q": {"Linde"}})
	check{status: 303, location: "/inloggen"}.verify(t, res)
}

// TestPages visits the pages of every role, and the refusals.
func TestPages(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	hh, other, cs := id(w.household), id(w.otherHousehold), id(w.caseID)
	clients := map[string]*client{}
	as := func(u string) *client {
		if clients[u] == nil {
			clients[u] = w.signedIn(u)
		}
		return clients[u]
	}
	tests := []struct {
		name, user, path string
		check
	}{
		{"regisseur start", "regisseur", "/", check{status: 200, contains: []string{"Mijn casussen", "Huurachterstand en schoolverzuim", "Huishouden registreren"}}},
		{"professional start", "agent", "/", check{status: 200, contains: []string{"Casussen van uw organisatie", "Huurachterstand en schoolverzuim"}, notContains: []string{"Huishouden registreren"}}},
		{"uninvolved professional start", "woonconsulent", "/", check{status: 200, contains: []string{`id="geen-casussen"`}, notContains: []string{"Huurachterstand"}}},
		{"analyst start", "analist", "/", check{status: 200, contains: []string{"Cijfers", `id="kerncijfers"`, "Casussen per status", "Aanmelding"},
			notContains: []string{"Maria", "Vries", "Lindelaan", "111222333", "Huurachterstand"}}},
		{"privacy officer start", "fg", "/", check{status: 200, contains: []string{`href="/logboek"`, "Laatste geweigerde pogingen"}}},
		{"admin start", "beheerder", "/", check{status: 200, contains: []string{"Organisaties", "Politie Basisteam Kluwendam", "Wim Wijkagent"}, notContains: []string{"Lindelaan"}}},
		{"editor start", "redacteur", "/", check{status: 200, contains: []string{"kennisplatform"}, notContains: []string{"Huurachterstand", "Lindelaan"}}},

		{"household list", "regisseur", "/huishoudens", check{status: 200, contains: []string{"Lindelaan 12"}, notContains: []string{"Eikenweg"}}},
		{"household", "regisseur", "/huishoudens/" + hh, check{status: 200, contains: []string{
			"Lindelaan 12", "Noord", "Maria de Vries", "Daan de Vries", "Hoofdbewoner", "Huurachterstand en schoolverzuim",
			"Politie Basisteam Kluwendam", "Convenant Zorg- en Veiligheidshuis", "Wim Wijkagent", "Rita Regisseur",
			"Ouders", "Familielid (geen toegang)", "Huishouden", `id="adres-wijzigen"`, `id="lid-toevoegen"`}}},
		{"household for involved professional", "agent", "/huishoudens/" + hh, check{status: 200, contains: []string{"Lindelaan 12", "Maria de Vries"}, notContains: []string{`id="adres-wijzigen"`}}},
		{"denied household", "woonconsulent", "/huishoudens/" + hh, check{status: 404, contains: []string{"Niet gevonden"}, notContains: []string{"Lindelaan"}}},
		{"regisseur denied other household", "regisseur", "/huishoudens/" + other, check{status: 404, contains: []string{"Niet gevonden"}, notContains: []string{"Eikenweg"}}},
		{"admin cannot open a household", "beheerder", "/huishoudens/" + hh, check{status: 404, contains: []string{"Niet gevonden"}, notContains: []string{"Lindelaan"}}},
		{"admin household list", "beheerder", "/huishoudens", check{status: 403, notContains: []string{"Lindelaan"}}},
		{"analyst cannot open a case", "analist", "/casussen/" + cs, check{status: 404, notContains: []string{"Huurachterstand"}}},
		{"unknown household", "regisseur", "/huishoudens/999999", check{status: 404}},
		{"not a number", "regisseur", "/huishoudens/abc", check{status: 404}},
		{"household form", "regisseur", "/huishoudens/nieuw", check{status: 200, contains: []string{`<label class="utrecht-form-label" for="postcode">`}}},
		{"household form for professional", "agent", "/huishoudens/nieuw", check{status: 403}},
		{"household edit", "regisseur", "/huishoudens/" + hh + "/bewerken", check{status: 200, contains: []string{`value="Lindelaan"`, `value="1234 AB"`}}},
		{"member form", "regisseur", "/huishoudens/" + hh + "/leden/nieuw", check{status: 200, contains: []string{"Lid toevoegen", `type="date"`, `name="keuze"`}}},

		{"person list", "regisseur", "/personen", check{status: 200, contains: []string{"Maria de Vries", "111222333"}}},
		{"person full BSN for regisseur", "regisseur", "/personen/" + id(w.mother), check{status: 200, contains: []string{"Maria de Vries", "111222333", "ouder van", "Daan de Vries", "Familielid (geen toegang)",
			`id="lidmaatschappen"`, "Lindelaan 12, 1234 AB Kluwendam", "Hoofdbewoner", "Woont hier"}}},
		{"person masked BSN for professional", "agent", "/personen/" + id(w.mother), check{status: 200, contains: []string{"*****2333", "afgeschermd"}, notContains: []string{"111222333"}}},
		{"person relation seen from the child", "regisseur", "/personen/" + id(w.child), check{status: 200, contains: []string{"kind van", "Maria de Vries"}}},
		{"person form", "regisseur", "/personen/nieuw", check{status: 200, contains: []string{"Persoon registreren"}}},
		{"person edit", "regisseur", "/personen/" + id(w.mother) + "/bewerken", check{status: 200, contains: []string{`value="Maria"`, `value="1985-04-02"`}}},
		{"relation form", "regisseur", "/personen/" + id(w.mother) + "/relaties/nieuw", check{status: 200, contains: []string{"is ouder van"}}},

		{"case list", "regisseur", "/casussen", check{status: 200, contains: []string{"Huurachterstand en schoolverzuim"}}},
		{"case list filtered", "regisseur", "/casussen?status=plan", check{status: 200, contains: []string{`id="geen-casussen"`}}},
		{"case", "regisseur", "/casussen/" + cs, check{status: 200, contains: []string{"Huurachterstand en schoolverzuim", "Aanmelding", "Aangemeld",
			`id="naar-analyse"`, `id="naar-afgesloten"`, `id="partner-formulier"`, "Politie Basisteam Kluwendam"}}},
		{"case for professional", "agent", "/casussen/" + cs, check{status: 200, contains: []string{"Huurachterstand"}, notContains: []string{`id="naar-analyse"`, `id="partner-formulier"`}}},
		{"case form", "regisseur", "/casussen/nieuw?huishouden=" + hh, check{status: 200, contains: []string{"Casus openen", "Rita Regisseur (uzelf)"}}},

		{"organisations", "beheerder", "/beheer/organisaties", check{status: 200, contains: []string{"Woonstichting Kluwendam"}}},
		{"organisation", "beheerder", "/beheer/organisaties/" + id(w.politie), check{status: 200, contains: []string{"Veiligheid en justitie", "Wim Wijkagent"}}},
		{"organisation form", "beheerder", "/beheer/organisaties/nieuw", check{status: 200, contains: []string{"Kies een sector"}}},
		{"users", "beheerder", "/beheer/gebruikers", check{status: 200, contains: []string{"Fatima Functionaris", "Privacyfunctionaris (FG)"}}},
		{"user", "beheerder", "/beheer/gebruikers/" + id(w.users["agent"].ID), check{status: 200, contains: []string{"Gebruiker blokkeren", "Nieuw wachtwoord instellen"}}},
		{"user form", "beheerder", "/beheer/gebruikers/nieuw", check{status: 200, contains: []string{"Eerste wachtwoord"}}},
		{"admin pages for regisseur", "regisseur", "/beheer/gebruikers", check{status: 403}},

		{"access log", "fg", "/logboek", check{status: 200, contains: []string{`id="logboek"`, "household.read", `id="logboek-export"`}}},
		{"access log of a user", "fg", "/logboek?gebruiker=" + id(w.users["fg"].ID), check{status: 200, contains: []string{`id="logboek"`, "auth.login"}}},
		{"access log filtered", "fg", "/logboek?huishouden=" + hh + "&uitkomst=success", check{status: 200, contains: []string{"household:" + hh}}},
		{"access log bad filter", "fg", "/logboek?persoon=abc&van=gisteren", check{status: 422, contains: []string{"Er ging iets mis", `href="#persoon"`, `href="#van"`}}},
		{"access log for regisseur", "regisseur", "/logboek", check{status: 403}},

		{"password form", "agent", "/account/wachtwoord", check{status: 200, contains: []string{"Huidig wachtwoord"}}},
		{"accessibility", "", "/toegankelijkheid", check{status: 200, contains: []string{"WCAG 2.1", "EN 301 549", "axe-core", "Bekende beperkingen"}}},
		{"accessibility signed in", "agent", "/toegankelijkheid", check{status: 200, contains: []string{"Wim Wijkagent"}}},
		{"sign-in page", "", "/inloggen", check{status: 200, contains: []string{`autocomplete="current-password"`}}},
		{"signed in to sign-in page", "agent", "/inloggen", check{status: 303, location: "/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := w.client()
			if tt.user != "" {
				c = as(tt.user)
			}
			tt.verify(t, c.get(tt.path))
		})
	}
}

// TestForms posts forms with mistakes and checks what Dutch government forms do:
// every error under its field and in a summary, the first field focused, the
// values kept.
func TestForms(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	reg := w.signedIn("regisseur")

	t.Run("household with several mistakes", func(t *testing.T) {
		res := reg.post("/huishoudens", url.Values{"street": {""}, "houseNumber": {"12a"}, "postcode": {"0123 XY"}, "city": {"Kluwendam"}, "wijk": {"Oost"}})
		check{status: 422, contains: []string{
			`id="foutmelding"`, "Er ging iets mis",
			`href="#street"`, `href="#houseNumber"`, `href="#postcode"`,
			"Vul de straat in.", "Vul het huisnummer in met alleen cijfers", "Vul een geldige postcode in, zoals 1234 AB.",
			`id="postcode-error"`, `aria-describedby="postcode-hint postcode-error"`,
			`value="Kluwendam"`, `value="Oost"`, `value="0123 XY"`, `value="12a"`,
		}, notContains: []string{`href="#city"`}}.verify(t, res)
		if n := strings.Count(res.Body, `aria-invalid="true"`); n != 3 {
			t.Errorf("%d fields marked invalid, want 3", n)
		}
		if n := strings.Count(res.Body, "autofocus"); n != 1 {
			t.Errorf("%d autofocus attributes, want 1", n)
		}
		if !regexp.MustCompile(`<input[^>]*id="street"[^>]*autofocus`).MatchString(res.Body) {
			t.Error("the first invalid field, street, has no autofocus")
		}
		if strings.Index(res.Body, `href="#street"`) > strings.Index(res.Body, `href="#postcode"`) {
			t.Error("the summary is not in the order of the form")
		}
	})

	t.Run("household registered, member added, case opened and moved on", func(t *testing.T) {
		res := reg.post("/huishoudens", url.Values{"street": {"Beukenlaan"}, "houseNumber": {"4"}, "houseNumberAddition": {"B"}, "postcode": {"1234ab"}, "city": {"Kluwendam"}, "wijk": {"Oost"}})
		check{status: 303, location: "/huishoudens/"}.verify(t, res)
		hhPath := strings.Split(res.Location(), "?")[0]
		check{status: 200, contains: []string{"Beukenlaan 4-B", "1234 AB", "Het is aangemaakt."}}.verify(t, reg.get(res.Location()))

		// A new person and their membership in one form; mistakes in both parts first.
		res = reg.post(hhPath+"/leden", url.Values{"keuze": {"nieuw"}, "givenName": {"Sem"}, "familyName": {""}, "birthDate": {"2030-01-01"}, "bsn": {"123456789"}, "role": {""}, "from": {"2024-02-01"}})
		check{status: 422, contains: []string{`href="#familyName"`, `href="#birthDate"`, `href="#bsn"`, `href="#role"`, "elfproef", `value="Sem"`}}.verify(t, res)
		if !regexp.MustCompile(`<input[^>]*id="familyName"[^>]*autofocus`).MatchString(res.Body) {
			t.Error("the first invalid field, familyName, has no autofocus")
		}
		res = reg.post(hhPath+"/leden", url.Values{"keuze": {"nieuw"}, "givenName": {"Sem"}, "familyName": {"Bakker"}, "birthDate": {"2001-03-04"}, "role": {"hoofdbewoner"}, "from": {"2024-02-01"}})
		check{status: 303, location: hhPath + "?melding=lid"}.verify(t, res)
		page := reg.get(hhPath)
		check{status: 200, contains: []string{"Sem Bakker", "Hoofdbewoner", "1 februari 2024"}}.verify(t, page)
		// An existing person by number.
		res = reg.post(hhPath+"/leden", url.Values{"keuze": {"bestaand"}, "personId": {id(w.child)}, "role": {"kind"}, "from": {"2024-03-01"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"Daan de Vries"}}.verify(t, reg.get(hhPath))

		// End the membership of Sem.
		m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(hhPath) + `/leden/\d+/beeindigen)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("no link to end a membership")
		}
		check{status: 200, contains: []string{"Woonde hier tot en met"}}.verify(t, reg.get(m[1]))
		res = reg.post(m[1], url.Values{"to": {"2023-01-01"}})
		check{status: 422, contains: []string{"De einddatum ligt voor de begindatum"}}.verify(t, res)
		res = reg.post(m[1], url.Values{"to": {"2024-06-30"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"Vroegere leden", "30 juni 2024"}}.verify(t, reg.get(hhPath))

		// Open a case.
		hhID := strings.TrimPrefix(hhPath, "/huishoudens/")
		res = reg.post("/casussen", url.Values{"householdId": {hhID}, "title": {""}, "regisseurId": {id(w.users["regisseur"].ID)}})
		check{status: 422, contains: []string{`href="#title"`, "Vul de aanleiding in."}}.verify(t, res)
		res = reg.post("/casussen", url.Values{"householdId": {hhID}, "title": {"Dreigende uithuiszetting"}, "regisseurId": {id(w.users["regisseur"].ID)}})
		check{status: 303, location: "/casussen/"}.verify(t, res)
		casePath := strings.Split(res.Location(), "?")[0]

		// A step that is not allowed shows the message; a step without reason too.
		res = reg.post(casePath+"/status", url.Values{"status": {"plan"}, "reason-plan": {"Meteen door"}})
		check{status: 422, contains: []string{"kan alleen naar de fase Analyse of Afgesloten"}}.verify(t, res)
		res = reg.post(casePath+"/status", url.Values{"status": {"analyse"}, "reason-analyse": {""}})
		check{status: 422, contains: []string{`href="#reason-analyse"`, "Vul de reden voor deze overgang in."}}.verify(t, res)
		res = reg.post(casePath+"/status", url.Values{"status": {"analyse"}, "reason-analyse": {"Huisbezoek gepland"}})
		check{status: 303, location: casePath + "?melding=status"}.verify(t, res)
		check{status: 200, contains: []string{"Huisbezoek gepland", `id="naar-plan"`, "De status van de casus is gewijzigd."}}.verify(t, reg.get(res.Location()))

		// Bring in a partner.
		res = reg.post(casePath+"/partners", url.Values{"organisationId": {""}, "from": {"2024-05-01"}, "to": {"2024-04-01"}, "legalBasis": {""}})
		check{status: 422, contains: []string{`href="#organisationId"`, `href="#to"`, `href="#legalBasis"`}}.verify(t, res)
		res = reg.post(casePath+"/partners", url.Values{"organisationId": {id(w.corporatie)}, "from": {"2024-05-01"}, "legalBasis": {"toestemming"},
			"contactUserId": {id(w.users["woonconsulent"].ID)}, "note": {"Huurachterstand bespreken"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"Woonstichting Kluwendam", "Toestemming van betrokkene", "Wendy Woonconsulent"}}.verify(t, reg.get(hhPath))
		// The corporation now sees the household.
		check{status: 200, contains: []string{"Beukenlaan 4-B"}}.verify(t, w.signedIn("woonconsulent").get(hhPath))
	})

	t.Run("person and relation", func(t *testing.T) {
		res := reg.post("/personen", url.Values{"givenName": {"Lotte"}, "familyName": {"de Boer"}, "birthDate": {"31-12-1999"}, "bsn": {"111 222 333"}})
		check{status: 422, contains: []string{`href="#bsn"`}}.verify(t, res) // the BSN is Maria's already
		res = reg.post("/personen", url.Values{"givenName": {"Lotte"}, "familyName": {"de Boer"}, "birthDate": {"31-12-1999"}})
		check{status: 303, location: "/personen/"}.verify(t, res)
		pPath := strings.Split(res.Location(), "?")[0]
		check{status: 200, contains: []string{"Lotte de Boer", "31 december 1999"}}.verify(t, reg.get(pPath))
		res = reg.post(pPath+"/relaties", url.Values{"kind": {"kind"}, "relatedPersonId": {"x"}})
		check{status: 422, contains: []string{`href="#relatedPersonId"`}}.verify(t, res)
		res = reg.post(pPath+"/relaties", url.Values{"kind": {"broer_zus"}, "relatedPersonId": {id(w.child)}})
		check{status: 303}.verify(t, res)
		page := reg.get(pPath)
		check{status: 200, contains: []string{"broer of zus van", "Daan de Vries"}}.verify(t, page)
		m := regexp.MustCompile(`action="(` + regexp.QuoteMeta(pPath) + `/relaties/\d+/verwijderen)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("no form to remove the relation")
		}
		check{status: 303}.verify(t, reg.post(m[1], nil))
		check{status: 200, contains: []string{`id="geen-relaties"`}}.verify(t, reg.get(pPath))

		res = reg.post(pPath+"/bewerken", url.Values{"givenName": {"Lotte"}, "familyNamePrefix": {"de"}, "familyName": {"Boer"}, "birthDate": {"1999-12-31"}, "bsn": {""}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"Lotte de Boer"}}.verify(t, reg.get(pPath))
	})

	t.Run("search goes by POST", func(t *testing.T) {
		res := reg.post("/huishoudens/zoeken", url.Values{"q": {"linde"}})
		check{status: 200, contains: []string{"Lindelaan 12", `id="zoekresultaten"`}, notContains: []string{"Beukenlaan"}}.verify(t, res)
		res = reg.post("/huishoudens/zoeken", url.Values{"q": {"bakker"}})
		check{status: 200, contains: []string{"Beukenlaan"}, notContains: []string{"Lindelaan"}}.verify(t, res)
		res = reg.post("/personen/zoeken", url.Values{"q": {"111.222.333"}})
		check{status: 200, contains: []string{"Maria de Vries"}, notContains: []string{"Daan"}}.verify(t, res)
		res = reg.post("/personen/zoeken", url.Values{"q": {"daan"}})
		check{status: 200, contains: []string{"Daan de Vries"}, notContains: []string{"Maria"}}.verify(t, res)
	})

	t.Run("admin", func(t *testing.T) {
		adm := w.signedIn("beheerder")
		res := adm.post("/beheer/organisaties", url.Values{"name": {""}, "sector": {"circus"}})
		check{status: 422, contains: []string{`href="#name"`, `href="#sector"`}}.verify(t, res)
		res = adm.post("/beheer/organisaties", url.Values{"name": {"GGZ Kluwendam"}, "sector": {"zorg"}})
		check{status: 303, location: "/beheer/organisaties/"}.verify(t, res)
		orgPath := strings.Split(res.Location(), "?")[0]
		check{status: 303}.verify(t, adm.post(orgPath+"/afdelingen", url.Values{"name": {"Verslavingszorg"}}))
		check{status: 200, contains: []string{"Verslavingszorg"}}.verify(t, adm.get(orgPath))

		orgID := strings.TrimPrefix(orgPath, "/beheer/organisaties/")
		res = adm.post("/beheer/gebruikers", url.Values{"displayName": {"Gerda GGZ"}, "username": {"Gerda!"}, "organisationId": {orgID}, "role": {"professional"}, "password": {"kort"}, "password2": {"kort"}})
		check{status: 422, contains: []string{`href="#username"`, `href="#password"`, "minstens 12 tekens"}, notContains: []string{`value="kort"`}}.verify(t, res)
		res = adm.post("/beheer/gebruikers", url.Values{"displayName": {"Gerda GGZ"}, "username": {"gerda"}, "organisationId": {orgID}, "role": {"professional"}, "password": {"een heel lang wachtwoord"}, "password2": {"een ander lang wachtwoord"}})
		check{status: 422, contains: []string{`href="#password2"`, "niet gelijk"}}.verify(t, res)
		res = adm.post("/beheer/gebruikers", url.Values{"displayName": {"Gerda GGZ"}, "username": {"gerda"}, "organisationId": {orgID}, "role": {"professional"}, "password": {"een heel lang wachtwoord"}, "password2": {"een heel lang wachtwoord"}})
		check{status: 303, location: "/beheer/gebruikers/"}.verify(t, res)
		userPath := strings.Split(res.Location(), "?")[0]

		gerda := w.client()
		gerda.signIn("gerda", "een heel lang wachtwoord")
		check{status: 303}.verify(t, adm.post(userPath+"/blokkeren", nil))
		check{status: 303, location: "/inloggen"}.verify(t, gerda.get("/")) // her session ended
		check{status: 401}.verify(t, w.client().post("/inloggen", url.Values{"username": {"gerda"}, "password": {"een heel lang wachtwoord"}}))
		check{status: 303}.verify(t, adm.post(userPath+"/deblokkeren", nil))
		check{status: 303}.verify(t, adm.post(userPath+"/wachtwoord", url.Values{"password": {"nog een lang wachtwoord"}, "password2": {"nog een lang wachtwoord"}}))
		gerda.signIn("gerda", "nog een lang wachtwoord")
	})

	t.Run("own password", func(t *testing.T) {
		c := w.signedIn("redacteur")
		res := c.post("/account/wachtwoord", url.Values{"current": {"fout"}, "password": {"een nieuw lang wachtwoord"}, "password2": {"een nieuw lang wachtwoord"}})
		check{status: 422, contains: []string{`href="#current"`, "klopt niet"}}.verify(t, res)
		res = c.post("/account/wachtwoord", url.Values{"current": {password}, "password": {"een nieuw lang wachtwoord"}, "password2": {"een nieuw lang wachtwoord"}})
		check{status: 303, location: "/?melding=wachtwoord"}.verify(t, res)
		// The password change ended the old session and started a new one.
		check{status: 200, contains: []string{"Uw wachtwoord is gewijzigd."}}.verify(t, c.get(res.Location()))
		w.client().signIn("redacteur", "een nieuw lang wachtwoord")
	})
}

// TestAccessLog checks that a refused attempt shows on the privacy officer's start
// page, in the log and in its CSV export, and that the chain check runs.
func TestAccessLog(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	check{status: 404}.verify(t, w.signedIn("woonconsulent").get("/huishoudens/"+id(w.household)))
	fg := w.signedIn("fg")
	check{status: 200, contains: []string{"household.read", "woonconsulent"}}.verify(t, fg.get("/"))
	check{status: 200, contains: []string{`data-outcome="refused"`, "household:" + id(w.household)}}.verify(t, fg.get("/logboek?uitkomst=refused"))

	res := fg.get("/logboek/export.csv?uitkomst=refused")
	check{status: 200}.verify(t, res)
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=\"logboek-") {
		t.Errorf("Content-Disposition %q", cd)
	}
	lines := strings.Split(strings.TrimSpace(res.Body), "\n")
	if lines[0] != strings.Join(auditcsv.Header, ",") {
		t.Errorf("header row %q", lines[0])
	}
	found := false
	for _, l := range lines[1:] {
		if strings.Contains(l, "household.read") && strings.Contains(l, ",refused,") && strings.Contains(l, "household:"+id(w.household)) {
			found = true
		}
		if strings.Contains(l, "Lindelaan") || strings.Contains(l, "Vries") {
			t.Errorf("export names a person or address: %s", l)
		}
	}
	if !found {
		t.Errorf("export lacks the refused household.read:\n%s", res.Body)
	}
	// The export itself is logged.
	check{status: 200, contains: []string{"accesslog.export"}}.verify(t, fg.get("/logboek"))

	res = fg.post("/logboek/controleren", nil)
	check{status: 200, contains: []string{`id="keten-in-orde"`}}.verify(t, res)

	// Fifty entries a page, then a link to the next (each look is an entry too).
	for i := 0; i < 25; i++ {
		fg.get("/logboek?uitkomst=refused")
	}
	page := fg.get("/logboek")
	if n := strings.Count(page.Body, "data-position="); n != 50 || !strings.Contains(page.Body, `id="volgende-pagina"`) {
		t.Errorf("%d entries and next link %v, want 50 and a link", n, strings.Contains(page.Body, `id="volgende-pagina"`))
	}
	next := regexp.MustCompile(`href="(/logboek\?voor=\d+)"`).FindStringSubmatch(page.Body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	check{status: 200, contains: []string{`data-position="1"`, "Eerste pagina"}}.verify(t, fg.get(next[1]))
}

// TestHiddenRelativeIsNoRefusal: a person's page names the relatives the user may
// see and shows the others without a name, without trying to read them: such a
// try would be a refused attempt in the privacy officer's log.
func TestHiddenRelativeIsNoRefusal(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	refused := kluwen.OutcomeRefused
	count := func() int {
		es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{Outcome: &refused, Limit: 1000})
		must(t, err)
		return len(es)
	}
	reg := w.signedIn("regisseur")
	before := count()
	check{status: 200, contains: []string{"Familielid (geen toegang)"}}.verify(t, reg.get("/personen/"+id(w.mother)))
	check{status: 200, contains: []string{"Familielid (geen toegang)"}}.verify(t, reg.get("/huishoudens/"+id(w.household)))
	if after := count(); after != before {
		t.Errorf("viewing pages with a hidden relative added %d refused entries", after-before)
	}
}

// TestNoPersonalDataInApplicationLog signs in, reads and searches, and checks that
// the application log names no person, address or BSN and no query.
func TestNoPersonalDataInApplicationLog(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	reg := w.signedIn("regisseur")
	reg.get("/huishoudens/" + id(w.household))
	reg.get("/personen/" + id(w.mother))
	reg.post("/personen/zoeken", url.Values{"q": {"Vries"}})
	reg.post("/huishoudens", url.Values{"street": {"Geheimstraat"}, "postcode": {"fout"}})
	w.client().post("/inloggen", url.Values{"username": {"regisseur"}, "password": {"geheim-wachtwoord"}})
	log := w.logs.String()
	if !strings.Contains(log, "route=\"GET /huishoudens/{id}\"") {
		t.Errorf("application log lacks the route pattern:\n%s", log)
	}
	for _, s := range []string{"Vries", "Maria", "Lindelaan", "111222333", "Geheimstraat", "geheim-wachtwoord", "/huishoudens/" + id(w.household)} {
		if strings.Contains(log, s) {
			t.Errorf("application log has %q", s)
		}
	}
}

// TestSmoke runs one walk through the UI on both databases.
func TestSmoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{Version: "test"})
		reg := w.signedIn("regisseur")
		check{status: 200, contains: []string{"Huurachterstand en schoolverzuim", "Kluwen test"}}.verify(t, reg.get("/"))
		check{status: 200, contains: []string{"Maria de Vries", "Familielid (geen toegang)"}}.verify(t, reg.get("/huishoudens/"+id(w.household)))
		res := reg.post("/casussen/"+id(w.caseID)+"/status", url.Values{"status": {"analyse"}, "reason-analyse": {"Intake gedaan"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"Intake gedaan"}}.verify(t, reg.get("/casussen/"+id(w.caseID)))
		check{status: 404, contains: []string{"Niet gevonden"}}.verify(t, w.signedIn("beheerder").get("/huishoudens/"+id(w.household)))
		fg := w.signedIn("fg")
		check{status: 200, contains: []string{"case.status"}}.verify(t, fg.get("/logboek"))
		check{status: 200, contains: []string{auditcsv.Header[0]}}.verify(t, fg.get("/logboek/export.csv"))
		check{status: 200, contains: []string{`id="keten-in-orde"`}}.verify(t, fg.post("/logboek/controleren", nil))
	})
}

// TestRouteRefusalIsLogged: a page or form refused for the user's role before it
// reaches a service is a refused attempt in the access log all the same, with
// the object its path names.
func TestRouteRefusalIsLogged(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	hh, cs := id(w.household), id(w.caseID)
	tests := []struct {
		user, method, path string
		event              string
		action             kluwen.AuditAction
		object             string
	}{
		{"agent", http.MethodGet, "/huishoudens/nieuw", "household.create", kluwen.AuditCreate, ""},
		{"agent", http.MethodPost, "/huishoudens/" + hh + "/bewerken", "household.update", kluwen.AuditUpdate, "household:" + hh},
		{"analist", http.MethodGet, "/personen/" + id(w.mother) + "/bewerken", "person.update", kluwen.AuditUpdate, "person:" + id(w.mother)},
		{"agent", http.MethodPost, "/casussen/" + cs + "/status", "case.status", kluwen.AuditUpdate, "case:" + cs},
		{"regisseur", http.MethodGet, "/logboek", "accesslog.read", kluwen.AuditRead, ""},
		{"regisseur", http.MethodGet, "/logboek/export.csv", "accesslog.export", kluwen.AuditExport, ""},
		{"fg", http.MethodGet, "/beheer/gebruikers/" + id(w.users["agent"].ID), "user.read", kluwen.AuditRead, "user:" + id(w.users["agent"].ID)},
	}
	refused := kluwen.OutcomeRefused
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.method+" "+tt.path, func(t *testing.T) {
			c := w.signedIn(tt.user)
			var res *response
			if tt.method == http.MethodPost {
				res = c.post(tt.path, url.Values{"status": {"analyse"}, "reason-analyse": {"x"}})
			} else {
				res = c.get(tt.path)
			}
			check{status: 403}.verify(t, res)
			uid := w.users[tt.user].ID
			es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{UserID: &uid, Outcome: &refused, Limit: 1})
			must(t, err)
			if len(es) == 0 {
				t.Fatal("no refused entry")
			}
			e := es[0]
			if e.EventType != tt.event || e.Action != tt.action || e.ObjectsString() != tt.object || e.Username != tt.user || e.ClientAddr == "" {
				t.Errorf("entry %s %s objects %q by %s from %q, want %s %s objects %q by %s",
					e.EventType, e.Action, e.ObjectsString(), e.Username, e.ClientAddr, tt.event, tt.action, tt.object, tt.user)
			}
		})
	}
}

// TestNewMemberNotHalfWritten: a new person entered on the member form is not
// registered when they cannot be added to the household.
func TestNewMemberNotHalfWritten(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	reg := w.signedIn("regisseur")
	res := reg.post("/huishoudens/"+id(w.otherHousehold)+"/leden", url.Values{"keuze": {"nieuw"}, "givenName": {"Spook"}, "familyName": {"Persoon"},
		"birthDate": {"2001-03-04"}, "role": {"overig"}, "from": {"2024-02-01"}})
	check{status: 404, notContains: []string{"Eikenweg"}}.verify(t, res)
	ps, err := w.svc.Persons.FindPersons(sys(), kluwen.PersonFilter{Query: "Spook"})
	must(t, err)
	if len(ps) != 0 {
		t.Errorf("%d persons registered by a refused member form", len(ps))
	}
}

// TestClientFormsNotRemembered: the forms about residents ask the browser not to
// keep what is typed (autofill, form history, which browsers may sync to an
// account). The address tokens of autocomplete are for the user's own address,
// and would file a resident's address under it.
func TestClientFormsNotRemembered(t *testing.T) {
	w := newWorld(t, nil, web.Config{})
	reg := w.signedIn("regisseur")
	hh := id(w.household)
	formRe := regexp.MustCompile(`<form method="post"[^>]*id="(huishouden|persoon|lid|casus)-formulier"[^>]*>`)
	for _, path := range []string{"/huishoudens/nieuw", "/huishoudens/" + hh + "/bewerken", "/personen/nieuw", "/personen/" + id(w.mother) + "/bewerken",
		"/huishoudens/" + hh + "/leden/nieuw", "/casussen/nieuw?huishouden=" + hh} {
		t.Run(path, func(t *testing.T) {
			res := reg.get(path)
			check{status: 200, notContains: []string{`autocomplete="address`, `autocomplete="postal-code"`, `autocomplete="name"`}}.verify(t, res)
			m := formRe.FindString(res.Body)
			if m == "" || !strings.Contains(m, `autocomplete="off"`) {
				t.Errorf("form %q does not turn autocomplete off", m)
			}
		})
	}
}
