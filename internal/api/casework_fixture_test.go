package api_test

import (
	"net/http"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// caseWorld is a household of a mother and her son with a case of the
// gemeente's regisseur, in which the police take part (the wijkagent is their
// contact); the housing corporation is not involved, so its woonconsulent is a
// partner outside the case.
type caseWorld struct {
	*env
	hh, mother, son, casus int64
}

func newCaseWorld(t *testing.T, db *sqlstore.DB) *caseWorld {
	t.Helper()
	w := &caseWorld{env: newEnv(t, db)}
	w.hh = idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Lindelaan", 8)}))
	w.mother = w.person("Sanne", "Visser", "1984-02-10", bsn(11))
	w.son = w.person("Milan", "Visser", "2010-07-01", "")
	for _, m := range []struct {
		id   int64
		role string
	}{{w.mother, "hoofdbewoner"}, {w.son, "kind"}} {
		w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/leden", w.hh), as: "regisseur", body: map[string]any{
			"persoonId": m.id, "van": "2020-01-01", "rol": m.role,
		}})
	}
	w.casus = idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen"), as: "regisseur", body: map[string]any{
		"huishoudenId": w.hh, "titel": "Schulden en overlast",
	}}))
	w.involve("politie", "wijkagent")
	return w
}

// person registers a person as the regisseur.
func (w *caseWorld) person(given, family, born, b string) int64 {
	w.t.Helper()
	body := map[string]any{"voornaam": given, "geslachtsnaam": family, "geboortedatum": born}
	if b != "" {
		body["bsn"] = b
	}
	return idOf(w.t, w.must(http.StatusCreated, request{method: "POST", path: path("/personen"), as: "regisseur", body: body}))
}

// involve brings an organisation into the case with its contact.
func (w *caseWorld) involve(org, contact string) {
	w.t.Helper()
	w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/betrokken-partners", w.casus), as: "regisseur", body: map[string]any{
		"organisatieId": w.orgs[org], "van": "2024-01-01", "grondslag": "convenant_zvh", "contactpersoonId": w.users[contact].ID,
	}})
}

// day is today plus n days, as the API writes a date.
func day(n int) string { return kluwen.Today().AddDate(0, 0, n).Format(kluwen.DateLayout) }

// signal records a signal as the user and returns its id.
func (w *caseWorld) signal(as, typ, date string, person int64, conf string) int64 {
	w.t.Helper()
	body := map[string]any{"soort": typ, "datum": date, "ernst": "midden", "omschrijving": "Melding " + typ, "vertrouwelijkheid": conf}
	if person != 0 {
		body["persoonId"] = person
	}
	return idOf(w.t, w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: as, body: body}))
}

// ids are the ids of a collection page's items.
func ids(t *testing.T, r *resp, name string) []int64 {
	t.Helper()
	var out []int64
	for _, it := range embedded(t, r, name) {
		out = append(out, int64(it["id"].(float64)))
	}
	return out
}

// wantParams fails unless r is a 400 whose invalid params are exactly names.
func wantParams(t *testing.T, r *resp, names ...string) {
	t.Helper()
	params := problemParams(t, r, http.StatusBadRequest)
	got := keys(params)
	for _, n := range names {
		if _, ok := params[n]; !ok {
			t.Errorf("invalidParams %v lack %q: %s", got, n, r.body)
		}
	}
	if len(got) != len(names) {
		t.Errorf("invalidParams %v, want %v: %s", got, names, r.body)
	}
	for name, p := range params {
		if reason, _ := p["reason"].(string); reason == "" {
			t.Errorf("invalid param %q has no reason", name)
		}
	}
}

// walk follows a collection by its next links from first and returns every
// item's field key, checking that pages have at most size items.
func (w *caseWorld) walk(as, first, name, key string, size int) []any {
	w.t.Helper()
	var out []any
	next := first
	for pages := 0; next != ""; pages++ {
		if pages > 50 {
			w.t.Fatal("pagination does not end")
		}
		r := w.must(http.StatusOK, request{method: "GET", path: next, as: as})
		items := embedded(w.t, r, name)
		if len(items) > size {
			w.t.Fatalf("page of %d items, want at most %d", len(items), size)
		}
		for _, it := range items {
			out = append(out, it[key])
		}
		next = nextLink(w.t, r)
	}
	return out
}
