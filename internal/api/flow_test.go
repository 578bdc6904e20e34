package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/api"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestHouseholdsAndPersons goes through the household, its members, the persons
// and their family ties as a regisseur does.
func TestHouseholdsAndPersons(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	hh := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Beukenlaan", 7)}))
	person := func(given, family, born, b string) int64 {
		t.Helper()
		body := map[string]any{"voornaam": given, "geslachtsnaam": family, "geboortedatum": born}
		if b != "" {
			body["bsn"] = b
		}
		r := e.must(http.StatusCreated, request{method: "POST", path: path("/personen"), as: "regisseur", body: body})
		id := idOf(t, r)
		if loc := r.header.Get("Location"); loc != path("/personen/%d", id) {
			t.Errorf("Location %q", loc)
		}
		return id
	}
	mother := person("Fatima", "Yilmaz", "1980-06-01", bsn(2))
	son := person("Deniz", "Yilmaz", "2008-09-15", "")
	grandma := person("Ayse", "Yilmaz", "1955-02-02", "")

	for _, m := range []struct {
		id   int64
		role string
	}{{mother, "hoofdbewoner"}, {son, "kind"}} {
		e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/leden", hh), as: "regisseur", body: map[string]any{
			"persoonId": m.id, "van": "2019-05-01", "rol": m.role,
		}})
	}

	t.Run("members", func(t *testing.T) {
		r := e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/leden?pageSize=1", hh), as: "regisseur"})
		items := embedded(t, r, "leden")
		if len(items) != 1 || nextLink(t, r) == "" {
			t.Fatalf("first page of members: %s", r.body)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: nextLink(t, r), as: "regisseur"})
		items = append(items, embedded(t, r, "leden")...)
		if len(items) != 2 || nextLink(t, r) != "" {
			t.Fatalf("members: %v", items)
		}
		lid := int64(items[1]["id"].(float64))
		r = e.must(http.StatusOK, request{method: "PATCH", path: path("/huishoudens/%d/leden/%d", hh, lid), as: "regisseur", body: map[string]any{"tot": "2026-01-31"}})
		if got := r.json(t)["tot"]; got != "2026-01-31" {
			t.Errorf("tot = %v", got)
		}
		r = e.must(http.StatusOK, request{method: "PATCH", path: path("/huishoudens/%d/leden/%d", hh, lid), as: "regisseur",
			body: `{"tot": null}`, header: map[string]string{"Content-Type": "application/merge-patch+json"}})
		if got, ok := r.json(t)["tot"]; !ok || got != nil {
			t.Errorf("tot = %v after clearing", got)
		}
		params := problemParams(t, e.do(request{method: "PATCH", path: path("/huishoudens/%d/leden/%d", hh, lid), as: "regisseur",
			body: map[string]any{"van": "2030-01-01", "tot": "2029-01-01", "rol": "baas"}}), http.StatusBadRequest)
		if _, ok := params["rol"]; !ok {
			t.Errorf("invalidParams %v lack rol", keys(params))
		}
		problemParams(t, e.do(request{method: "PATCH", path: path("/huishoudens/%d/leden/%d", hh, lid), as: "regisseur", body: `{"van": null}`}), http.StatusBadRequest)
		// A membership of another household is not found under this one.
		other := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Eikenlaan", 1)}))
		e.must(http.StatusNotFound, request{method: "GET", path: path("/huishoudens/%d/leden/%d", other, lid), as: "regisseur"})
		e.must(http.StatusNotFound, request{method: "PATCH", path: path("/huishoudens/%d/leden/%d", other, lid), as: "regisseur", body: map[string]any{"rol": "overig"}})
	})

	t.Run("relations and family", func(t *testing.T) {
		r := e.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/relaties", grandma), as: "regisseur", body: map[string]any{
			"gerelateerdePersoonId": mother, "soort": "ouder",
		}})
		rel := idOf(t, r)
		if loc := r.header.Get("Location"); loc != path("/personen/%d/relaties/%d", grandma, rel) {
			t.Errorf("Location %q", loc)
		}
		e.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/relaties", mother), as: "regisseur", body: map[string]any{
			"gerelateerdePersoonId": son, "soort": "ouder",
		}})
		params := problemParams(t, e.do(request{method: "POST", path: path("/personen/%d/relaties", mother), as: "regisseur", body: map[string]any{
			"gerelateerdePersoonId": mother, "soort": "oom",
		}}), http.StatusBadRequest)
		if got := keys(params); !slices.Contains(got, "gerelateerdePersoonId") || !slices.Contains(got, "soort") {
			t.Errorf("invalidParams %v", got)
		}

		r = e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/familie", hh), as: "regisseur"})
		fam := r.json(t)
		var gens []float64
		for _, m := range fam["leden"].([]any) {
			gens = append(gens, m.(map[string]any)["generatie"].(float64))
		}
		if !slices.Contains(gens, -1) || len(fam["relaties"].([]any)) != 2 {
			t.Errorf("family: %s", r.body)
		}

		e.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/relaties/%d", grandma, rel), as: "regisseur"})
		e.must(http.StatusNotFound, request{method: "DELETE", path: path("/personen/%d/relaties/%d", son, rel), as: "regisseur"})
		r = e.must(http.StatusNoContent, request{method: "DELETE", path: path("/personen/%d/relaties/%d", grandma, rel), as: "regisseur"})
		if len(r.body) != 0 {
			t.Errorf("204 with a body: %s", r.body)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/relaties", grandma), as: "regisseur"})
		if items := embedded(t, r, "relaties"); len(items) != 0 {
			t.Errorf("relations after delete: %v", items)
		}
	})

	t.Run("persons", func(t *testing.T) {
		r := e.must(http.StatusOK, request{method: "POST", path: path("/personen/_zoek"), as: "regisseur", body: map[string]any{"bsn": bsn(2)}})
		if items := embedded(t, r, "personen"); len(items) != 1 || items[0]["id"] != float64(mother) {
			t.Errorf("search by BSN: %v", items)
		}
		r = e.must(http.StatusOK, request{method: "POST", path: path("/personen/_zoek"), as: "regisseur", body: map[string]any{"naam": "yilmaz", "geboortedatum": "2008-09-15"}})
		if items := embedded(t, r, "personen"); len(items) != 1 || items[0]["id"] != float64(son) {
			t.Errorf("search by name and birth date: %v", items)
		}
		r = e.must(http.StatusOK, request{method: "PATCH", path: path("/personen/%d", son), as: "regisseur", body: map[string]any{"voorvoegsel": "de", "bsn": bsn(3)}})
		if body := r.json(t); body["voorvoegsel"] != "de" || body["bsn"] != bsn(3) || body["geslachtsnaam"] != "Yilmaz" {
			t.Errorf("after PATCH: %s", r.body)
		}
		params := problemParams(t, e.do(request{method: "PATCH", path: path("/personen/%d", son), as: "regisseur", body: map[string]any{"voornaam": "", "bsn": "111111111"}}), http.StatusBadRequest)
		if got := keys(params); len(got) != 2 {
			t.Errorf("invalidParams %v", got)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: path("/personen/%d", mother), as: "regisseur"})
		if body := r.json(t); body["geboortedatum"] != "1980-06-01" || !strings.HasSuffix(body["aangemaaktOp"].(string), "Z") {
			t.Errorf("dates: %s", r.body)
		}
	})

	e.checkURLs("Fatima", "Deniz", "Ayse", "Yilmaz", bsn(2), bsn(3), "Beukenlaan", "Eikenlaan")
}

// TestCases goes through the life of a case.
func TestCases(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	hh := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Plein", 1)}))
	r := e.must(http.StatusCreated, request{method: "POST", path: path("/casussen"), as: "regisseur", body: map[string]any{"huishoudenId": hh, "titel": "Overlast"}})
	casus := idOf(t, r)
	body := r.json(t)
	if body["status"] != "aanmelding" || body["regisseurId"] != float64(e.users["regisseur"].ID) || body["geslotenOp"] != nil {
		t.Errorf("new case: %s", r.body)
	}

	r = e.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/statuswijzigingen", casus), as: "regisseur", body: map[string]any{"status": "analyse", "reden": "Aanmelding compleet"}})
	change := r.json(t)
	if change["vorigeStatus"] != "aanmelding" || change["status"] != "analyse" || r.header.Get("Location") != path("/casussen/%d/statuswijzigingen/%d", casus, int64(change["id"].(float64))) {
		t.Errorf("status change: %s (Location %q)", r.body, r.header.Get("Location"))
	}
	e.must(http.StatusOK, request{method: "GET", path: r.header.Get("Location"), as: "regisseur"})
	params := problemParams(t, e.do(request{method: "POST", path: path("/casussen/%d/statuswijzigingen", casus), as: "regisseur", body: map[string]any{"status": "monitoring", "reden": ""}}), http.StatusBadRequest)
	if got := keys(params); !slices.Contains(got, "status") || !slices.Contains(got, "reden") {
		t.Errorf("invalidParams %v", got)
	}
	r = e.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/statuswijzigingen", casus), as: "regisseur"})
	if items := embedded(t, r, "statuswijzigingen"); len(items) != 2 {
		t.Errorf("history: %v", items)
	}

	t.Run("list with filters", func(t *testing.T) {
		r := e.must(http.StatusOK, request{method: "GET", path: path("/casussen?status=analyse&huishoudenId=%d", hh), as: "regisseur"})
		if items := embedded(t, r, "casussen"); len(items) != 1 {
			t.Errorf("analyse: %v", items)
		}
		if self := r.json(t)["_links"].(map[string]any)["self"].(map[string]any)["href"].(string); !strings.Contains(self, "status=analyse") {
			t.Errorf("self %q lost the filter", self)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: path("/casussen?status=plan"), as: "regisseur"})
		if items := embedded(t, r, "casussen"); len(items) != 0 {
			t.Errorf("plan: %v", items)
		}
		params := problemParams(t, e.do(request{method: "GET", path: path("/casussen?status=klaar&huishoudenId=x"), as: "regisseur"}), http.StatusBadRequest)
		if got := keys(params); len(got) != 2 {
			t.Errorf("invalidParams %v", got)
		}
	})

	t.Run("partners", func(t *testing.T) {
		r := e.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/betrokken-partners", casus), as: "regisseur", body: map[string]any{
			"organisatieId": e.orgs["politie"], "van": "2024-02-01", "grondslag": "wettelijke_taak", "contactpersoonId": e.users["wijkagent"].ID, "toelichting": "Wijkagent",
		}})
		partner := idOf(t, r)
		r = e.must(http.StatusOK, request{method: "PATCH", path: path("/casussen/%d/betrokken-partners/%d", casus, partner), as: "regisseur", body: `{"contactpersoonId": null, "tot": "2030-12-31"}`})
		if b := r.json(t); b["contactpersoonId"] != nil || b["tot"] != "2030-12-31" || b["grondslag"] != "wettelijke_taak" {
			t.Errorf("after PATCH: %s", r.body)
		}
		params := problemParams(t, e.do(request{method: "POST", path: path("/casussen/%d/betrokken-partners", casus), as: "regisseur", body: map[string]any{
			"van": "2024-02-01", "tot": "2023-01-01", "grondslag": "gevoel",
		}}), http.StatusBadRequest)
		got := keys(params)
		slices.Sort(got)
		if !slices.Equal(got, []string{"grondslag", "organisatieId", "tot"}) {
			t.Errorf("invalidParams %v", got)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d", casus), as: "regisseur"})
		if b := r.json(t); len(b["betrokkenPartners"].([]any)) != 1 || len(b["statusgeschiedenis"].([]any)) != 2 {
			t.Errorf("case: %s", r.body)
		}
	})

	t.Run("regisseur", func(t *testing.T) {
		r := e.must(http.StatusOK, request{method: "PUT", path: path("/casussen/%d/regisseur", casus), as: "regisseur", body: map[string]any{"regisseurId": e.users["regisseur2"].ID}})
		if r.json(t)["regisseurId"] != float64(e.users["regisseur2"].ID) {
			t.Errorf("PUT regisseur: %s", r.body)
		}
		r = e.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/regisseur", casus), as: "regisseur2"})
		if r.json(t)["regisseurId"] != float64(e.users["regisseur2"].ID) {
			t.Errorf("GET regisseur: %s", r.body)
		}
		params := problemParams(t, e.do(request{method: "PUT", path: path("/casussen/%d/regisseur", casus), as: "regisseur2", body: map[string]any{"regisseurId": e.users["wijkagent"].ID}}), http.StatusBadRequest)
		if _, ok := params["regisseurId"]; !ok {
			t.Errorf("invalidParams %v", keys(params))
		}
	})
}

// TestAdministration: organisations and users, for the admin.
func TestAdministration(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	r := e.must(http.StatusCreated, request{method: "POST", path: path("/organisaties"), as: "beheer", body: map[string]any{"naam": "GGZ Testdam", "sector": "zorg"}})
	org := idOf(t, r)
	e.must(http.StatusConflict, request{method: "POST", path: path("/organisaties"), as: "beheer", body: map[string]any{"naam": "GGZ Testdam", "sector": "zorg"}})
	params := problemParams(t, e.do(request{method: "POST", path: path("/organisaties"), as: "beheer", body: map[string]any{"naam": "", "sector": "kunst"}}), http.StatusBadRequest)
	if got := keys(params); len(got) != 2 {
		t.Errorf("invalidParams %v", got)
	}
	e.must(http.StatusOK, request{method: "PATCH", path: path("/organisaties/%d", org), as: "beheer", body: map[string]any{"naam": "GGZ Testdam-Noord"}})
	r = e.must(http.StatusCreated, request{method: "POST", path: path("/organisaties/%d/afdelingen", org), as: "beheer", body: map[string]any{"naam": "Verslavingszorg"}})
	e.must(http.StatusOK, request{method: "GET", path: r.header.Get("Location"), as: "regisseur"})
	r = e.must(http.StatusOK, request{method: "GET", path: path("/organisaties/%d", org), as: "wijkagent"})
	if b := r.json(t); b["naam"] != "GGZ Testdam-Noord" || len(b["afdelingen"].([]any)) != 1 {
		t.Errorf("organisation: %s", r.body)
	}
	r = e.must(http.StatusOK, request{method: "GET", path: path("/organisaties?sector=zorg"), as: "regisseur"})
	if items := embedded(t, r, "organisaties"); len(items) != 1 {
		t.Errorf("sector zorg: %v", items)
	}
	e.must(http.StatusForbidden, request{method: "POST", path: path("/organisaties"), as: "regisseur", body: map[string]any{"naam": "X", "sector": "zorg"}})

	r = e.must(http.StatusCreated, request{method: "POST", path: path("/gebruikers"), as: "beheer", body: map[string]any{
		"gebruikersnaam": "ggz.jan", "naam": "Jan de Vries", "organisatieId": org, "rol": "professional", "wachtwoord": "een lang genoeg wachtwoord",
	}})
	user := idOf(t, r)
	if strings.Contains(string(r.body), "wachtwoord") {
		t.Errorf("password echoed: %s", r.body)
	}
	params = problemParams(t, e.do(request{method: "POST", path: path("/gebruikers"), as: "beheer", body: map[string]any{
		"gebruikersnaam": "X Y", "naam": "", "organisatieId": org, "rol": "baas", "wachtwoord": "kort",
	}}), http.StatusBadRequest)
	got := keys(params)
	slices.Sort(got)
	if !slices.Equal(got, []string{"gebruikersnaam", "naam", "rol", "wachtwoord"}) {
		t.Errorf("invalidParams %v", got)
	}
	r = e.must(http.StatusOK, request{method: "PATCH", path: path("/gebruikers/%d", user), as: "beheer", body: map[string]any{"rol": "regisseur", "geblokkeerd": true}})
	if b := r.json(t); b["rol"] != "regisseur" || b["geblokkeerd"] != true {
		t.Errorf("after PATCH: %s", r.body)
	}
	r = e.must(http.StatusOK, request{method: "GET", path: path("/gebruikers?organisatieId=%d&rol=regisseur", org), as: "beheer"})
	if items := embedded(t, r, "gebruikers"); len(items) != 1 || items[0]["id"] != float64(user) {
		t.Errorf("users: %v", items)
	}
	e.must(http.StatusOK, request{method: "GET", path: path("/gebruikers/%d", user), as: "beheer"})
}

// TestAccessLog: the privacy officer reads who did what, filtered by IDs and
// dates, with the client address from the trusted proxy.
func TestAccessLog(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	hh := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Kade", 2)}))
	e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d", hh), as: "regisseur",
		header: map[string]string{"X-Forwarded-For": "203.0.113.50, 198.51.100.7"}})
	e.must(http.StatusNotFound, request{method: "GET", path: path("/huishoudens/%d", hh), as: "wijkagent"})

	today := kluwen.Today()
	cases := []struct {
		name  string
		query string
		check func(t *testing.T, entries []map[string]any)
	}{
		{"by household", fmt.Sprintf("huishoudenId=%d", hh), func(t *testing.T, es []map[string]any) {
			if len(es) != 3 {
				t.Fatalf("%d entries: %v", len(es), es)
			}
			// Newest first.
			if es[0]["positie"].(float64) <= es[1]["positie"].(float64) {
				t.Errorf("not newest first: %v", es)
			}
			read := es[1]
			if read["clientAdres"] != "198.51.100.7" || read["actie"] != "lezen" || read["gebeurtenis"] != "household.read" {
				t.Errorf("read entry: %v", read)
			}
			objs := read["objecten"].([]any)
			if len(objs) == 0 || objs[0].(map[string]any)["type"] != "huishouden" {
				t.Errorf("objects: %v", objs)
			}
		}},
		{"refused only", fmt.Sprintf("huishoudenId=%d&uitkomst=geweigerd", hh), func(t *testing.T, es []map[string]any) {
			if len(es) != 1 || es[0]["gebruikerId"] != float64(e.users["wijkagent"].ID) {
				t.Errorf("refused: %v", es)
			}
		}},
		{"by user and today", fmt.Sprintf("gebruikerId=%d&van=%s&tot=%s", e.users["wijkagent"].ID, today.Format(kluwen.DateLayout), today.AddDate(0, 0, 1).Format(kluwen.DateLayout)), func(t *testing.T, es []map[string]any) {
			if len(es) != 1 {
				t.Errorf("today: %v", es)
			}
		}},
		{"yesterday", fmt.Sprintf("gebruikerId=%d&tot=%s", e.users["wijkagent"].ID, today.Format(kluwen.DateLayout)), func(t *testing.T, es []map[string]any) {
			if len(es) != 0 {
				t.Errorf("before today: %v", es)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.must(http.StatusOK, request{method: "GET", path: path("/toegangslogboek?%s", tc.query), as: "fg"})
			tc.check(t, embedded(t, r, "toegangslogregels"))
		})
	}
	params := problemParams(t, e.do(request{method: "GET", path: path("/toegangslogboek?van=gisteren&uitkomst=prima&persoonId=-1"), as: "fg"}), http.StatusBadRequest)
	got := keys(params)
	slices.Sort(got)
	if !slices.Equal(got, []string{"persoonId", "uitkomst", "van"}) {
		t.Errorf("invalidParams %v", got)
	}
	params = problemParams(t, e.do(request{method: "GET", path: path("/toegangslogboek?van=2025-02-01&tot=2025-01-01"), as: "fg"}), http.StatusBadRequest)
	if _, ok := params["tot"]; !ok {
		t.Errorf("invalidParams %v", keys(params))
	}
}

// TestClientAddress: X-Forwarded-For counts only behind a trusted proxy, and then
// only its last hop (the one the proxy added).
func TestClientAddress(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	hh := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Steeg", 4)}))
	direct := api.New(e.svc, api.Options{})
	for _, tc := range []struct {
		name string
		h    http.Handler
		xff  []string
		want string
	}{
		{"trusted proxy, last hop", e.h, []string{"203.0.113.50, 198.51.100.7"}, "198.51.100.7"},
		{"trusted proxy, several headers", e.h, []string{"203.0.113.50", "198.51.100.8"}, "198.51.100.8"},
		{"trusted proxy, garbage", e.h, []string{"niet-een-adres"}, "192.0.2.10"},
		{"no proxy", direct, []string{"198.51.100.9"}, "192.0.2.10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", path("/huishoudens/%d", hh), nil)
			r.RemoteAddr = "192.0.2.10:4711"
			r.Header.Set("Authorization", "Bearer "+e.tokens["regisseur"])
			for _, x := range tc.xff {
				r.Header.Add("X-Forwarded-For", x)
			}
			w := httptest.NewRecorder()
			tc.h.ServeHTTP(w, r)
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			es, err := e.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, entry := range es {
				if entry.EventType == "household.read" {
					if entry.ClientAddr != tc.want {
						t.Errorf("client address %q, want %q", entry.ClientAddr, tc.want)
					}
					return
				}
			}
			t.Fatal("no household.read entry")
		})
	}
}
