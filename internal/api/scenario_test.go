package api_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestSmoke runs one working day on both databases: a regisseur registers a
// household and a person, makes the person a member, opens a case and brings the
// police in; the police officer then sees the household, and the privacy officer
// sees both in the access log.
func TestSmoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)

		r := e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Dorpsstraat", 12)})
		hh := idOf(t, r)
		if loc := r.header.Get("Location"); loc != path("/huishoudens/%d", hh) {
			t.Errorf("Location %q", loc)
		}

		r = e.must(http.StatusCreated, request{method: "POST", path: path("/personen"), as: "regisseur", body: map[string]any{
			"voornaam": "Anna", "voorvoegsel": "van der", "geslachtsnaam": "Berg", "geboortedatum": "1985-03-14", "bsn": bsn(1),
		}})
		anna := idOf(t, r)
		if got := r.json(t)["bsn"]; got != bsn(1) {
			t.Errorf("regisseur sees bsn %v, want the whole number", got)
		}

		r = e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/leden", hh), as: "regisseur", body: map[string]any{
			"persoonId": anna, "van": "2020-01-01", "rol": "hoofdbewoner",
		}})
		lid := idOf(t, r)
		if loc := r.header.Get("Location"); loc != path("/huishoudens/%d/leden/%d", hh, lid) {
			t.Errorf("Location %q", loc)
		}

		r = e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d", hh), as: "regisseur"})
		body := r.json(t)
		leden := body["leden"].([]any)
		if len(leden) != 1 || leden[0].(map[string]any)["persoon"].(map[string]any)["voornaam"] != "Anna" {
			t.Errorf("leden = %v", leden)
		}

		// The police is not involved yet: the household does not exist for them.
		e.must(http.StatusNotFound, request{method: "GET", path: path("/huishoudens/%d", hh), as: "wijkagent"})

		r = e.must(http.StatusCreated, request{method: "POST", path: path("/casussen"), as: "regisseur", body: map[string]any{
			"huishoudenId": hh, "titel": "Huurachterstand en overlast",
		}})
		casus := idOf(t, r)
		e.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/betrokken-partners", casus), as: "regisseur", body: map[string]any{
			"organisatieId": e.orgs["politie"], "van": kluwen.Today().Format(kluwen.DateLayout), "grondslag": "convenant_zvh",
		}})

		r = e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d", hh), as: "wijkagent"})
		p := r.json(t)["leden"].([]any)[0].(map[string]any)["persoon"].(map[string]any)
		if _, whole := p["bsn"]; whole || p["bsnGemaskeerd"] != kluwen.MaskBSN(bsn(1)) {
			t.Errorf("professional sees bsn %v / %v, want only the masked one", p["bsn"], p["bsnGemaskeerd"])
		}

		r = e.must(http.StatusOK, request{method: "GET", path: path("/toegangslogboek?huishoudenId=%d&pageSize=100", hh), as: "fg"})
		var purposes []string
		for _, entry := range embedded(t, r, "toegangslogregels") {
			purposes = append(purposes, entry["doel"].(string)+" "+entry["uitkomst"].(string)+" "+entry["gebruikersnaam"].(string))
		}
		for _, want := range []string{
			"API GET /api/v1/huishoudens/{id} gelukt wijkagent",
			"API GET /api/v1/huishoudens/{id} geweigerd wijkagent",
			"API POST /api/v1/huishoudens gelukt regisseur",
		} {
			if !slices.Contains(purposes, want) {
				t.Errorf("access log lacks %q; has %q", want, purposes)
			}
		}

		e.must(http.StatusOK, request{method: "GET", path: path("/openapi.json")})
		e.must(http.StatusUnauthorized, request{method: "GET", path: path("/huishoudens/%d", hh)})
		e.checkURLs("Anna", "Berg", "van der", bsn(1), "Dorpsstraat", "1234")
	})
}

// TestAuthentication: every route but the document needs a valid bearer token.
func TestAuthentication(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	cases := []struct {
		name   string
		header map[string]string
		status int
		wwwErr bool // WWW-Authenticate carries error="invalid_token"
	}{
		{"no header", nil, http.StatusUnauthorized, false},
		{"basic auth", map[string]string{"Authorization": "Basic cmVnaXNzZXVyOnc="}, http.StatusUnauthorized, true},
		{"empty bearer", map[string]string{"Authorization": "Bearer "}, http.StatusUnauthorized, true},
		{"unknown token", map[string]string{"Authorization": "Bearer kluwen_nietbestaand"}, http.StatusUnauthorized, true},
		{"valid token", map[string]string{"Authorization": "Bearer " + e.tokens["regisseur"]}, http.StatusOK, false},
		{"scheme in lower case", map[string]string{"Authorization": "bearer " + e.tokens["regisseur"]}, http.StatusOK, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(request{method: "GET", path: path("/organisaties"), header: tc.header})
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.status == http.StatusUnauthorized {
				problemParams(t, r, http.StatusUnauthorized)
				h := r.header.Get("WWW-Authenticate")
				if !strings.HasPrefix(h, "Bearer") {
					t.Errorf("WWW-Authenticate %q", h)
				}
				if got := strings.Contains(h, `error="invalid_token"`); got != tc.wwwErr {
					t.Errorf("WWW-Authenticate %q: invalid_token %v, want %v", h, got, tc.wwwErr)
				}
			}
		})
	}
	t.Run("blocked user", func(t *testing.T) {
		e.must(http.StatusOK, request{method: "PATCH", path: path("/gebruikers/%d", e.users["regisseur2"].ID), as: "beheer", body: map[string]any{"geblokkeerd": true}})
		e.must(http.StatusUnauthorized, request{method: "GET", path: path("/organisaties"), as: "regisseur2"})
	})
	t.Run("document is public", func(t *testing.T) {
		e.must(http.StatusOK, request{method: "GET", path: path("/openapi.json")})
	})
}

// TestRequestBodies: the content type, the JSON itself, its size, unknown
// fields and wrong types are checked before any service is called, and nothing
// is written.
func TestRequestBodies(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	big := `{"straat":"` + strings.Repeat("a", 1<<20) + `"}`
	cases := []struct {
		name        string
		body        any
		contentType string
		status      int
		params      []string // the invalidParams expected, by name
		detail      string   // part of the detail
	}{
		{"no content type", household("Kerkstraat", 1), "-", http.StatusUnsupportedMediaType, nil, "Content-Type"},
		{"text/plain", household("Kerkstraat", 1), "text/plain", http.StatusUnsupportedMediaType, nil, "application/json"},
		{"form", "straat=Kerkstraat", "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType, nil, ""},
		{"merge patch on POST", household("Kerkstraat", 1), "application/merge-patch+json", http.StatusUnsupportedMediaType, nil, ""},
		{"malformed", `{"straat": "Kerkstraat",` + "\n" + ` "huisnummer": }`, "", http.StatusBadRequest, nil, "regel 2, kolom 16"},
		{"truncated", `{"straat": "Kerkstraat"`, "", http.StatusBadRequest, nil, "geen geldige JSON"},
		{"empty", "", "", http.StatusBadRequest, nil, "ontbreken"},
		{"array", `[1, 2]`, "", http.StatusBadRequest, nil, "JSON-object"},
		{"null", `null`, "", http.StatusBadRequest, nil, "JSON-object"},
		{"two objects", `{} {}`, "", http.StatusBadRequest, nil, "geen geldige JSON"},
		{"unknown field", `{"straat":"Kerkstraat","huisnummer":1,"postcode":"1234 AB","woonplaats":"Testdam","kleur":"rood"}`, "", http.StatusBadRequest, []string{"kleur"}, ""},
		{"English field name", `{"street":"Kerkstraat","huisnummer":1,"postcode":"1234 AB","woonplaats":"Testdam"}`, "", http.StatusBadRequest, []string{"street"}, ""},
		{"huisnummer as string", `{"straat":"Kerkstraat","huisnummer":"12","postcode":"1234 AB","woonplaats":"Testdam"}`, "", http.StatusBadRequest, []string{"huisnummer"}, ""},
		{"several wrong types", `{"straat":12,"huisnummer":1.5,"postcode":true,"woonplaats":"Testdam","x":1}`, "", http.StatusBadRequest, []string{"huisnummer", "postcode", "straat", "x"}, ""},
		{"too large", big, "", http.StatusRequestEntityTooLarge, nil, "te groot"},
		{"charset parameter", household("Kerkstraat", 1), "application/json; charset=utf-8", http.StatusCreated, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			switch tc.contentType {
			case "":
			case "-":
				h["Content-Type"] = ""
			default:
				h["Content-Type"] = tc.contentType
			}
			r := e.do(request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: tc.body, header: h})
			if tc.status == http.StatusCreated {
				if r.status != tc.status {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			params := problemParams(t, r, tc.status)
			got := keys(params)
			slices.Sort(got)
			if !slices.Equal(got, tc.params) {
				t.Errorf("invalidParams %v, want %v: %s", got, tc.params, r.body)
			}
			if detail, _ := r.json(t)["detail"].(string); !strings.Contains(detail, tc.detail) {
				t.Errorf("detail %q does not contain %q", detail, tc.detail)
			}
		})
	}
	// Only the one valid request wrote a household.
	hs, err := e.svc.Households.FindHouseholds(sys(), kluwen.HouseholdFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 {
		t.Errorf("%d households written, want 1", len(hs))
	}
}

// TestValidation: the domain's validation reaches the client with every invalid
// field at once, named as the API names it, and nothing is written.
func TestValidation(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	doc := e.must(http.StatusOK, request{method: "GET", path: path("/openapi.json")}).json(t)
	cases := []struct {
		name   string
		path   string
		schema string // the request body's schema, whose properties the names must be
		body   any
		params []string
	}{
		{"person: invalid BSN, empty names, future birth date", "/personen", "PersoonNieuw",
			map[string]any{"voornaam": " ", "geslachtsnaam": "", "geboortedatum": "2999-01-01", "bsn": "123456789"},
			[]string{"bsn", "geboortedatum", "geslachtsnaam", "voornaam"}},
		{"person: birth date not a date", "/personen", "PersoonNieuw",
			map[string]any{"voornaam": "Piet", "geslachtsnaam": "Jansen", "geboortedatum": "14-03-1985"},
			[]string{"geboortedatum"}},
		{"household: invalid postcode, no street, no number, no city", "/huishoudens", "HuishoudenNieuw",
			map[string]any{"straat": "", "huisnummer": 0, "postcode": "0123 XY", "woonplaats": ""},
			[]string{"huisnummer", "postcode", "straat", "woonplaats"}},
		{"case: no household, no title", "/casussen", "CasusNieuw",
			map[string]any{"titel": ""},
			[]string{"huishoudenId", "titel"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(request{method: "POST", path: "/api/v1" + tc.path, as: "regisseur", body: tc.body})
			params := problemParams(t, r, http.StatusBadRequest)
			got := keys(params)
			slices.Sort(got)
			if !slices.Equal(got, tc.params) {
				t.Errorf("invalidParams %v, want %v: %s", got, tc.params, r.body)
			}
			props := doc["components"].(map[string]any)["schemas"].(map[string]any)[tc.schema].(map[string]any)["properties"].(map[string]any)
			for name, p := range params {
				if _, ok := props[name]; !ok {
					t.Errorf("invalid param %q is not a field of %s", name, tc.schema)
				}
				if reason, _ := p["reason"].(string); reason == "" {
					t.Errorf("invalid param %q has no reason", name)
				}
			}
		})
	}
	ps, err := e.svc.Persons.FindPersons(sys(), kluwen.PersonFilter{})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := e.svc.Households.FindHouseholds(sys(), kluwen.HouseholdFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 0 || len(hs) != 0 {
		t.Errorf("invalid requests wrote %d persons and %d households", len(ps), len(hs))
	}
}

// TestNeedToKnow (both databases): a household outside the actor's need-to-know does not exist for
// them (404, the same answer as for one that does not exist), and a write they
// may not do on something they may see is forbidden (403).
func TestNeedToKnow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		hh := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Molenweg", 3)}))
		casus := idOf(t, e.must(http.StatusCreated, request{method: "POST", path: path("/casussen"), as: "regisseur", body: map[string]any{"huishoudenId": hh, "titel": "Schulden"}}))
		// The housing corporation takes part; the police does not.
		e.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/betrokken-partners", casus), as: "regisseur", body: map[string]any{
			"organisatieId": e.orgs["wonen"], "van": "2024-01-01", "grondslag": "toestemming",
		}})
		missing := hh + 1000

		cases := []struct {
			name   string
			as     string
			method string
			path   string
			body   any
			status int
		}{
			{"own regisseur reads", "regisseur", "GET", path("/huishoudens/%d", hh), nil, http.StatusOK},
			{"colleague regisseur reads", "regisseur2", "GET", path("/huishoudens/%d", hh), nil, http.StatusOK},
			{"police not involved: hidden", "wijkagent", "GET", path("/huishoudens/%d", hh), nil, http.StatusNotFound},
			{"police: same as missing", "wijkagent", "GET", path("/huishoudens/%d", missing), nil, http.StatusNotFound},
			{"police not involved: members hidden", "wijkagent", "GET", path("/huishoudens/%d/leden", hh), nil, http.StatusNotFound},
			{"police not involved: case hidden", "wijkagent", "GET", path("/casussen/%d", casus), nil, http.StatusNotFound},
			{"police not involved: cannot write either", "wijkagent", "PATCH", path("/huishoudens/%d", hh), map[string]any{"wijk": "Noord"}, http.StatusNotFound},
			{"involved partner's regisseur reads", "wonenregisseur", "GET", path("/huishoudens/%d", hh), nil, http.StatusOK},
			{"involved professional reads", "woonconsulent", "GET", path("/huishoudens/%d", hh), nil, http.StatusOK},
			{"involved professional may not change the address", "woonconsulent", "PATCH", path("/huishoudens/%d", hh), map[string]any{"wijk": "Noord"}, http.StatusForbidden},
			{"involved partner may not change the status", "wonenregisseur", "POST", path("/casussen/%d/statuswijzigingen", casus), map[string]any{"status": "analyse", "reden": "start"}, http.StatusForbidden},
			{"professional may not open a case", "wijkagent", "POST", path("/casussen"), map[string]any{"huishoudenId": hh, "titel": "x"}, http.StatusForbidden},
			{"privacy officer reads no households", "fg", "GET", path("/huishoudens/%d", hh), nil, http.StatusNotFound},
			{"professional may not read the access log", "wijkagent", "GET", path("/toegangslogboek"), nil, http.StatusForbidden},
			{"regisseur may not add users", "regisseur", "POST", path("/gebruikers"), map[string]any{
				"gebruikersnaam": "nieuw", "naam": "Nieuw", "organisatieId": e.orgs["gemeente"], "rol": "regisseur", "wachtwoord": "een lang genoeg wachtwoord"}, http.StatusForbidden},
			{"own regisseur changes the address", "regisseur", "PATCH", path("/huishoudens/%d", hh), map[string]any{"wijk": "Noord"}, http.StatusOK},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := e.do(request{method: tc.method, path: tc.path, as: tc.as, body: tc.body})
				if r.status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
				}
				if tc.status >= 400 {
					problemParams(t, r, tc.status)
				}
			})
		}
		r := e.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d", hh), as: "regisseur"})
		if got := r.json(t)["wijk"]; got != "Noord" {
			t.Errorf("wijk = %v after one permitted change", got)
		}
	})
}

// TestPagination (both databases) walks three pages by the Link headers, for a plain list and for
// a search, whose next page is a POST with the cursor.
func TestPagination(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		var want []float64
		for i := 1; i <= 7; i++ {
			r := e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Laan", i)})
			want = append(want, float64(idOf(t, r)))
		}
		// Someone else's household is not in the pages.
		e.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "wonenregisseur", body: household("Laan", 99)})

		t.Run("list", func(t *testing.T) {
			var got []float64
			next := path("/huishoudens?pageSize=3")
			pages := 0
			for next != "" {
				pages++
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
				r := e.must(http.StatusOK, request{method: "GET", path: next, as: "regisseur"})
				if self := r.json(t)["_links"].(map[string]any)["self"].(map[string]any)["href"]; self != next {
					t.Errorf("self %v, want %s", self, next)
				}
				if !strings.Contains(r.header.Get("Link"), `<`+next+`>; rel="self"`) {
					t.Errorf("Link %q lacks self", r.header.Get("Link"))
				}
				items := embedded(t, r, "huishoudens")
				if pages < 3 && len(items) != 3 {
					t.Errorf("page %d has %d items", pages, len(items))
				}
				for _, it := range items {
					got = append(got, it["id"].(float64))
				}
				next = nextLink(t, r)
				bodyNext, _ := r.json(t)["_links"].(map[string]any)["next"].(map[string]any)
				if (bodyNext == nil) != (next == "") || (bodyNext != nil && bodyNext["href"] != next) {
					t.Errorf("_links.next %v and Link next %q differ", bodyNext, next)
				}
			}
			if pages != 3 || !slices.Equal(got, want) {
				t.Errorf("%d pages with %v, want 3 pages with %v", pages, got, want)
			}
		})

		t.Run("search", func(t *testing.T) {
			var got []float64
			target := path("/huishoudens/_zoek")
			search := map[string]any{"zoekterm": "laan", "pageSize": 3}
			pages := 0
			for target != "" {
				pages++
				if pages > 5 {
					t.Fatal("pagination does not end")
				}
				r := e.must(http.StatusOK, request{method: "POST", path: target, as: "regisseur", body: search})
				for _, it := range embedded(t, r, "huishoudens") {
					got = append(got, it["id"].(float64))
				}
				target = nextLink(t, r)
				volgende, _ := r.json(t)["volgende"].(string)
				if (volgende == "") != (target == "") || (target != "" && !strings.Contains(target, "cursor="+volgende)) {
					t.Errorf("volgende %q and next %q differ", volgende, target)
				}
			}
			if pages != 3 || !slices.Equal(got, want) {
				t.Errorf("%d pages with %v, want 3 pages with %v", pages, got, want)
			}
			// The cursor also works in the body.
			r := e.must(http.StatusOK, request{method: "POST", path: path("/huishoudens/_zoek"), as: "regisseur", body: search})
			search["cursor"] = r.json(t)["volgende"]
			r = e.must(http.StatusOK, request{method: "POST", path: path("/huishoudens/_zoek"), as: "regisseur", body: search})
			if items := embedded(t, r, "huishoudens"); len(items) != 3 || items[0]["id"] != want[3] {
				t.Errorf("second page by body cursor: %v", items)
			}
			e.checkURLs("laan")
		})

		t.Run("bad parameters", func(t *testing.T) {
			for _, q := range []string{"pageSize=0", "pageSize=101", "pageSize=drie", "cursor=!!", "cursor=MA", "naam=Jansen"} {
				r := e.do(request{method: "GET", path: path("/huishoudens?%s", q), as: "regisseur"})
				params := problemParams(t, r, http.StatusBadRequest)
				name, _, _ := strings.Cut(q, "=")
				if _, ok := params[name]; !ok || len(params) != 1 {
					t.Errorf("%s: invalidParams %v", q, keys(params))
				}
			}
		})
	})
}

// TestRouting: unknown paths and methods are problems too.
func TestRouting(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	cases := []struct {
		method, path string
		status       int
		allow        string
	}{
		{"GET", "/api/v1/bestaatniet", http.StatusNotFound, ""},
		{"GET", "/api/v1/huishoudens/", http.StatusNotFound, ""},
		{"GET", "/api/v1/huishoudens/abc", http.StatusNotFound, ""},
		{"GET", "/api/v1/huishoudens/0", http.StatusNotFound, ""},
		{"GET", "/api/v1//huishoudens", http.StatusNotFound, ""},
		{"DELETE", "/api/v1/huishoudens", http.StatusMethodNotAllowed, "GET, HEAD, POST"},
		{"GET", "/api/v1/huishoudens/_zoek", http.StatusMethodNotAllowed, "POST"},
		{"PUT", "/api/v1/huishoudens/1", http.StatusMethodNotAllowed, "GET, HEAD, PATCH"},
		{"GET", "/api/v1/personen", http.StatusMethodNotAllowed, "POST"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			r := e.do(request{method: tc.method, path: tc.path, as: "regisseur"})
			problemParams(t, r, tc.status)
			if got := r.header.Get("Allow"); got != tc.allow {
				t.Errorf("Allow %q, want %q", got, tc.allow)
			}
		})
	}
}
