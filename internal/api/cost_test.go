package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// policeHours is a cost record of the police: hours of the catalogue's POL-HOUR.
func policeHours(from string) map[string]any {
	return map[string]any{"kostenpostCode": "POL-HOUR", "aantal": 2.5, "van": from, "leefgebied": "justitie", "bronverwijzing": "pol-" + from}
}

// TestCostsSmoke: a partner records a cost for its own organisation and reads
// it back; for another organisation it is refused with 403. On both databases.
func TestCostsSmoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		base := path("/huishoudens/%d/kosten", w.hh)
		r := w.must(http.StatusCreated, request{method: "POST", path: base, as: "wijkagent", body: policeHours("2025-03-10")})
		b := r.json(t)
		if b["organisatieId"] != float64(w.orgs["politie"]) || b["sector"] != "veiligheid" || b["aantal"] != 2.5 || b["bedrag"].(float64) <= 0 {
			t.Errorf("new record: %s", r.body)
		}
		loc := r.header.Get("Location")
		if !strings.HasPrefix(loc, base+"/") {
			t.Fatalf("Location %q", loc)
		}
		if got := w.must(http.StatusOK, request{method: "GET", path: loc, as: "wijkagent"}).json(t); got["id"] != b["id"] || got["bedrag"] != b["bedrag"] {
			t.Errorf("read back: %v", got)
		}
		body := policeHours("2025-04-10")
		body["organisatieId"] = w.orgs["wonen"]
		problemParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: body}), http.StatusForbidden)
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "kostenregels"); len(got) != 1 {
			t.Errorf("records %v, want the one", got)
		}
	})
}

// TestCosts covers the cost routes on SQLite: records, paging, bad input, the
// catalogue and price index, the overview and the analyses.
func TestCosts(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	base := path("/huishoudens/%d/kosten", w.hh)
	police := w.must(http.StatusCreated, request{method: "POST", path: base, as: "wijkagent", body: policeHours("2025-03-10")}).json(t)
	r := w.must(http.StatusCreated, request{method: "POST", path: base, as: "regisseur", body: map[string]any{
		"bedrag": 1250.50, "omschrijving": "Bijzondere bijstand huurachterstand", "soort": "zorg", "kostensoort": "dienst",
		"van": "2025-06-01", "tot": "2025-06-30", "leefgebied": "financien", "geschat": true,
	}})
	if !strings.Contains(string(r.body), `"bedrag":1250.50`) || r.json(t)["geschat"] != true || r.json(t)["tot"] != "2025-06-30" {
		t.Errorf("actual amount: %s", r.body)
	}
	own := idOf(t, r)

	t.Run("another organisation", func(t *testing.T) {
		for _, org := range []string{"wonen", "gemeente"} {
			body := policeHours("2025-05-01")
			body["organisatieId"] = w.orgs[org]
			problemParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: body}), http.StatusForbidden)
		}
		// A partner sees only its own organisation's records; the regisseur all.
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "wijkagent"}), "kostenregels"); len(got) != 1 || got[0] != int64(police["id"].(float64)) {
			t.Errorf("the police see %v", got)
		}
		problemParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/kosten/%d", w.hh, own), as: "wijkagent"}), http.StatusNotFound)
		// Outside the case the household does not exist.
		problemParams(t, w.do(request{method: "GET", path: base, as: "woonconsulent"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "POST", path: base, as: "woonconsulent", body: policeHours("2025-05-01")}), http.StatusNotFound)
	})

	t.Run("paging", func(t *testing.T) {
		got := w.walk("regisseur", base+"?pageSize=1", "kostenregels", "id", 1)
		if len(got) != 2 || got[0].(float64) != float64(own) {
			t.Errorf("walked %v, want newest first", got)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		wantParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: map[string]any{
			"kostenpostCode": "POL-HOUR", "aantal": -1, "van": "2025-05-01", "tot": "2025-04-01", "leefgebied": "geluk",
		}}), "aantal", "tot", "leefgebied")
		wantParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: map[string]any{
			"aantal": 1.2345, "bedrag": "duizend", "van": "gisteren",
		}}), "aantal", "bedrag", "van")
		// A cent more precise than a cent is refused, never rounded.
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{
			"bedrag": 12.345, "omschrijving": "Te precies", "soort": "zorg", "kostensoort": "dienst", "van": "2025-05-01", "correctie": true,
		}}), "bedrag")
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{
			"bedrag": 10, "van": "2025-05-01", "soort": "geluk",
		}}), "omschrijving", "soort", "kostensoort")
		wantParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: map[string]any{
			"kostenpostCode": "BESTAAT-NIET", "aantal": 1, "van": "2025-05-01",
		}}), "kostenpostCode")
		wantParams(t, w.do(request{method: "GET", path: base + "?van=gisteren", as: "regisseur"}), "van")
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "kostenregels"); len(got) != 2 {
			t.Errorf("bad requests wrote records: %v", got)
		}
	})

	t.Run("overview", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/kostenoverzicht?prijsjaar=2025", w.hh), as: "regisseur"})
		b := r.json(t)
		tot := b["totaal"].(map[string]any)
		if b["prijsjaar"] != 2025.0 || tot["regels"] != 2.0 || tot["totaal"].(float64) < 1250.5 {
			t.Errorf("overview: %s", r.body)
		}
		if len(b["perPartner"].([]any)) != 2 || len(b["perKwartaal"].([]any)) != 2 {
			t.Errorf("splits: %s", r.body)
		}
		// The regisseur's actual amount is an estimate, the police's hours are not.
		if tot["geschat"] != 1250.5 || tot["geschatteRegels"] != 1.0 || !strings.Contains(string(r.body), `"geschat":1250.50`) {
			t.Errorf("estimated part of the total: %v", tot)
		}
		for _, sp := range b["perPartner"].([]any) {
			sp := sp.(map[string]any)
			want := 0.0
			if sp["id"] == float64(w.orgs["gemeente"]) {
				want = 1250.5
			}
			if got := sp["bedragen"].(map[string]any)["geschat"]; got != want {
				t.Errorf("%v: %v estimated, want %v", sp["naam"], got, want)
			}
		}
		// The police see their own costs only.
		r = w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/kostenoverzicht", w.hh), as: "wijkagent"})
		if len(r.json(t)["perPartner"].([]any)) != 1 {
			t.Errorf("the police's overview: %s", r.body)
		}
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/kostenoverzicht?prijsjaar=1800", w.hh), as: "regisseur"}), "prijsjaar")
		// An analyst sees pseudonymised figures only, never one household.
		r = w.do(request{method: "GET", path: path("/huishoudens/%d/kostenoverzicht", w.hh), as: "analist"})
		problemParams(t, r, http.StatusNotFound)
		if strings.Contains(string(r.body), "perPartner") {
			t.Errorf("the analyst's answer: %s", r.body)
		}
	})

	t.Run("catalogue", func(t *testing.T) {
		items := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/kostencatalogus?actueel=true&pageSize=100"), as: "wijkagent"}), "kostenposten")
		if len(items) == 0 {
			t.Fatal("empty catalogue")
		}
		r := w.must(http.StatusOK, request{method: "GET", path: path("/kostencatalogus/pol-hour"), as: "wijkagent"})
		periods := len(r.json(t)["perioden"].([]any))
		price := map[string]any{"code": "POL-HOUR", "prijsPerEenheid": 95.25, "prijsjaar": 2026, "geldigVan": "2026-01-01", "onderbouwing": "tarief"}
		problemParams(t, w.do(request{method: "POST", path: path("/kostencatalogus"), as: "wijkagent", body: price}), http.StatusForbidden)
		r = w.must(http.StatusCreated, request{method: "POST", path: path("/kostencatalogus"), as: "beheer", body: price})
		if b := r.json(t); b["prijsPerEenheid"] != 95.25 || b["geldigVan"] != "2026-01-01" || b["geldigTot"] != nil {
			t.Errorf("new price: %s", r.body)
		}
		r = w.must(http.StatusOK, request{method: "GET", path: path("/kostencatalogus/pol-hour"), as: "wijkagent"})
		if got := len(r.json(t)["perioden"].([]any)); got != periods+1 {
			t.Errorf("%d periods, want %d", got, periods+1)
		}
		// The record made before keeps its price.
		rec := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/kosten/%d", w.hh, int64(police["id"].(float64))), as: "wijkagent"}).json(t)
		if rec["bedrag"] != police["bedrag"] {
			t.Errorf("the record's amount changed: %v → %v", police["bedrag"], rec["bedrag"])
		}
		wantParams(t, w.do(request{method: "POST", path: path("/kostencatalogus"), as: "beheer", body: map[string]any{
			"code": "POL-HOUR", "prijsPerEenheid": 1, "prijsjaar": 1800, "geldigVan": "2020-01-01", "onderbouwing": "gok"}}), "geldigVan", "onderbouwing", "prijsjaar")
		wantParams(t, w.do(request{method: "POST", path: path("/kostencatalogus"), as: "beheer", body: map[string]any{
			"code": "BESTAAT-NIET", "prijsPerEenheid": 1, "prijsjaar": 2026, "geldigVan": "2026-01-01", "onderbouwing": "tarief"}}), "code")
		problemParams(t, w.do(request{method: "GET", path: path("/kostencatalogus/bestaat-niet"), as: "wijkagent"}), http.StatusNotFound)
	})

	t.Run("price index", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/prijsindex"), as: "analist"})
		if len(r.json(t)["jaren"].([]any)) == 0 {
			t.Errorf("empty index: %s", r.body)
		}
		year := map[string]any{"jaar": 2031, "indexcijfer": 140.25, "bron": "Prognose"}
		problemParams(t, w.do(request{method: "PUT", path: path("/prijsindex"), as: "analist", body: year}), http.StatusForbidden)
		r = w.must(http.StatusOK, request{method: "PUT", path: path("/prijsindex"), as: "beheer", body: year})
		if !strings.Contains(string(r.body), `"indexcijfer":140.25`) || r.json(t)["laatsteJaar"] != 2031.0 {
			t.Errorf("after PUT: %s", r.body)
		}
		wantParams(t, w.do(request{method: "PUT", path: path("/prijsindex"), as: "beheer", body: map[string]any{"jaar": 1800, "indexcijfer": 0, "bron": ""}}), "bron", "indexcijfer", "jaar")
		wantParams(t, w.do(request{method: "PUT", path: path("/prijsindex"), as: "beheer", body: map[string]any{"jaar": 2031, "indexcijfer": 1.234, "bron": "x"}}), "indexcijfer")
	})

	t.Run("portfolio", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/portefeuille?prijsjaar=2025"), as: "analist"})
		b := r.json(t)
		ranked := b["rangorde"].([]any)
		if len(ranked) != 1 || len(b["concentratiecurve"].([]any)) == 0 {
			t.Fatalf("analyst's portfolio: %s", r.body)
		}
		row := ranked[0].(map[string]any)
		if _, ok := row["huishoudenId"]; ok || !strings.HasPrefix(row["pseudoniem"].(string), "HH-") {
			t.Errorf("analyst's row: %v", row)
		}
		for _, s := range []string{"huishoudenId", "Lindelaan", "Visser", "Sanne"} {
			if strings.Contains(string(r.body), s) {
				t.Errorf("the analyst's portfolio carries %q: %s", s, r.body)
			}
		}
		r = w.must(http.StatusOK, request{method: "GET", path: path("/portefeuille"), as: "regisseur"})
		if row := r.json(t)["rangorde"].([]any)[0].(map[string]any); row["huishoudenId"] != float64(w.hh) {
			t.Errorf("regisseur's row: %v", row)
		}
		for _, q := range []string{"sector=wonen", "soort=preventie", "van=2030", "wijk=Nergens"} {
			if got := w.must(http.StatusOK, request{method: "GET", path: path("/portefeuille?%s", q), as: "analist"}).json(t)["rangorde"].([]any); len(got) != 0 {
				t.Errorf("%s: %v", q, got)
			}
		}
		wantParams(t, w.do(request{method: "GET", path: path("/portefeuille?van=1&sector=x&aantal=0&vanaf=-1"), as: "analist"}), "aantal", "sector", "van", "vanaf")
		problemParams(t, w.do(request{method: "GET", path: path("/portefeuille"), as: "wijkagent"}), http.StatusForbidden)
	})

	t.Run("portfolio pages", func(t *testing.T) {
		for i, amount := range []float64{300, 200} {
			hh := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Paginalaan", 20+i)}))
			w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/kosten", hh), as: "regisseur", body: map[string]any{
				"bedrag": amount, "omschrijving": "Gezinscoach", "soort": "preventie", "kostensoort": "dienst", "van": "2025-02-01"}})
		}
		// One household a page, following the next links to the end.
		next := path("/portefeuille?prijsjaar=2025&aantal=1")
		var ranks []float64
		var pseudonyms []string
		for next != "" && len(ranks) < 10 {
			b := w.must(http.StatusOK, request{method: "GET", path: next, as: "analist"}).json(t)
			rows := b["rangorde"].([]any)
			if len(rows) != 1 || b["huishoudens"] != 3.0 {
				t.Fatalf("page %s: %v", next, b)
			}
			row := rows[0].(map[string]any)
			ranks, pseudonyms = append(ranks, row["rang"].(float64)), append(pseudonyms, row["pseudoniem"].(string))
			next = ""
			if n, ok := b["_links"].(map[string]any)["next"].(map[string]any); ok {
				next = n["href"].(string)
				if !strings.Contains(next, "aantal=1") || !strings.Contains(next, "prijsjaar=2025") {
					t.Errorf("next link %s loses the filter", next)
				}
			}
		}
		if len(ranks) != 3 || ranks[0] != 1 || ranks[1] != 2 || ranks[2] != 3 || pseudonyms[0] == pseudonyms[1] || pseudonyms[1] == pseudonyms[2] {
			t.Errorf("pages gave ranks %v, pseudonyms %v", ranks, pseudonyms)
		}
	})

	t.Run("monitoring", func(t *testing.T) {
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(0), "scores": map[string]any{"financien": map[string]any{"score": 1}, "huisvesting": map[string]any{"score": 4}},
		}})
		r := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/kostenverloop?kwartalenVoor=8&kwartalenNa=4", w.casus), as: "regisseur"})
		b := r.json(t)
		if b["casusId"] != float64(w.casus) || b["uitkomsten"] == nil || b["metUitkomsten"] != true {
			t.Errorf("case course: %s", r.body)
		}
		// Today's assessment counts in the start quarter (the case opened
		// today), not eight quarters back nor in a quarter still to come.
		points := b["kwartalen"].([]any)
		first, start, next := points[0].(map[string]any), points[8].(map[string]any), points[9].(map[string]any)
		if first["uitkomst"] != nil || next["uitkomst"] != nil {
			t.Errorf("outcome before any assessment or in the future: %v, %v", first, next)
		}
		if oc, _ := start["uitkomst"].(map[string]any); oc == nil || oc["gemiddeldeScore"] != 2.5 || oc["probleemgebieden"] != 1.0 || oc["casussen"] != 1.0 {
			t.Errorf("outcome in the start quarter: %v", start)
		}
		// A second member with a problem on the same domain: still one problem
		// domain, in the latest outcome as in the quarter.
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.son), as: "regisseur", body: map[string]any{
			"datum": day(0), "scores": map[string]any{"financien": map[string]any{"score": 2}},
		}})
		b2 := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/kostenverloop?kwartalenVoor=8&kwartalenNa=4", w.casus), as: "regisseur"}).json(t)
		if oc := b2["uitkomsten"].(map[string]any); oc["probleemgebieden"] != 1.0 {
			t.Errorf("latest outcome counts a domain twice: %v", oc)
		}
		if oc, _ := b2["kwartalen"].([]any)[8].(map[string]any)["uitkomst"].(map[string]any); oc == nil || oc["probleemgebieden"] != 1.0 {
			t.Errorf("quarter outcome counts a domain twice: %v", oc)
		}
		if !strings.Contains(string(r.body), `"gemiddeldeScore":2.50`) {
			t.Errorf("the mean score is not written with two decimals: %s", r.body)
		}
		wantParams(t, w.do(request{method: "GET", path: path("/casussen/%d/kostenverloop?kwartalenNa=99", w.casus), as: "regisseur"}), "kwartalenNa")
		for _, as := range []string{"regisseur", "analist"} {
			if b := w.must(http.StatusOK, request{method: "GET", path: path("/cohorten?van=2020-01-01"), as: as}).json(t); b["onderdrukt"] == false && b["metUitkomsten"] != true {
				t.Errorf("cohort without outcomes: %v", b)
			}
			r := w.must(http.StatusOK, request{method: "GET", path: path("/wie-betaalt"), as: as})
			if strings.Contains(string(r.body), "Lindelaan") {
				t.Errorf("who pays carries an address: %s", r.body)
			}
		}
		wantParams(t, w.do(request{method: "GET", path: path("/cohorten?van=2025-01-01&tot=2024-01-01"), as: "analist"}), "tot")
	})
}
