package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/testdb"
)

// TestInstruments: everyone reads the instruments, the one with its criteria;
// the admin edits a criterion.
func TestInstruments(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	r := w.must(http.StatusOK, request{method: "GET", path: path("/instrumenten"), as: "wijkagent"})
	list := embedded(t, r, "instrumenten")
	if len(list) == 0 || list[0]["code"] != "zrm" || list[0]["standaard"] != true {
		t.Fatalf("instruments: %s", r.body)
	}
	if d := list[0]["domeinen"].([]any)[0].(map[string]any); d["criteria"] != nil {
		t.Errorf("the list carries criteria: %v", d)
	}
	r = w.must(http.StatusOK, request{method: "GET", path: path("/instrumenten/zrm"), as: "wijkagent"})
	zrm := r.json(t)
	domains := zrm["domeinen"].([]any)
	if len(domains) != 13 || len(zrm["niveaus"].([]any)) != 5 {
		t.Fatalf("zrm: %d domains, %d levels", len(domains), len(zrm["niveaus"].([]any)))
	}
	fin := domains[0].(map[string]any)
	if fin["code"] != "financien" || fin["leefgebied"] != "financien" || len(fin["criteria"].([]any)) != 5 {
		t.Errorf("financien: %v", fin)
	}
	if lvl := zrm["niveaus"].([]any)[0].(map[string]any); lvl["niveau"] != float64(1) || lvl["probleem"] != true {
		t.Errorf("level 1: %v", lvl)
	}

	patch := map[string]any{"domeinCode": "financien", "niveau": 1, "tekst": "Schulden groeien; beslag of ontruiming dreigt."}
	problemParams(t, w.do(request{method: "PATCH", path: path("/instrumenten/zrm/criteria"), as: "regisseur", body: patch}), http.StatusForbidden)
	r = w.must(http.StatusOK, request{method: "PATCH", path: path("/instrumenten/zrm/criteria"), as: "beheer", body: patch})
	crit := r.json(t)["domeinen"].([]any)[0].(map[string]any)["criteria"].([]any)[0].(map[string]any)
	if crit["niveau"] != float64(1) || crit["tekst"] != patch["tekst"] {
		t.Errorf("after PATCH: %v", crit)
	}
	wantParams(t, w.do(request{method: "PATCH", path: path("/instrumenten/zrm/criteria"), as: "beheer", body: map[string]any{
		"domeinCode": "geluk", "niveau": 9, "tekst": ""}}), "domeinCode", "niveau", "tekst")
	problemParams(t, w.do(request{method: "PATCH", path: path("/instrumenten/onbekend/criteria"), as: "beheer", body: patch}), http.StatusNotFound)
}

// TestAssessments: assessments of a person with scores per domain, read back,
// listed; the household's matrix with latest, previous, change and course; the
// problem domains; bad scores rejected all at once; need-to-know.
func TestAssessments(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	first := w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
		"datum": day(-60), "toelichting": "Intake",
		"scores": map[string]any{
			"financien":   map[string]any{"score": 1, "toelichting": "Beslag op loon"},
			"huisvesting": map[string]any{"score": 2},
			"verslaving":  map[string]any{"toelichting": "Niet besproken"},
		},
	}})
	firstID := idOf(t, first)
	if loc := first.header.Get("Location"); loc != path("/personen/%d/metingen/%d", w.mother, firstID) {
		t.Errorf("Location %q", loc)
	}
	b := first.json(t)
	scores := b["scores"].(map[string]any)
	if b["huishoudenId"] != float64(w.hh) || len(scores) != 3 || scores["financien"].(map[string]any)["score"] != float64(1) ||
		scores["verslaving"].(map[string]any)["score"] != nil {
		t.Errorf("new assessment: %s", first.body)
	}
	second := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "wijkagent", body: map[string]any{
		"huishoudenId": w.hh, "datum": day(-5),
		"scores": map[string]any{"financien": map[string]any{"score": 3}, "justitie": map[string]any{"score": 2}},
	}}))
	w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.son), as: "regisseur", body: map[string]any{
		"datum": day(-5), "scores": map[string]any{"opvoeding": map[string]any{"score": 4}}}})

	r := w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/metingen/%d", w.mother, firstID), as: "wijkagent"})
	if r.json(t)["toelichting"] != "Intake" {
		t.Errorf("read: %s", r.body)
	}
	problemParams(t, w.do(request{method: "GET", path: path("/personen/%d/metingen/%d", w.son, firstID), as: "regisseur"}), http.StatusNotFound)
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/metingen", w.mother), as: "regisseur"}), "metingen"); !slices.Equal(got, []int64{second, firstID}) {
		t.Errorf("list %v", got)
	}
	if got := w.walk("regisseur", path("/personen/%d/metingen?pageSize=1&huishoudenId=%d", w.mother, w.hh), "metingen", "id", 1); len(got) != 2 {
		t.Errorf("paged %v", got)
	}

	t.Run("matrix", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/zelfredzaamheid", w.hh), as: "regisseur"})
		m := r.json(t)
		if m["instrument"].(map[string]any)["code"] != "zrm" {
			t.Errorf("instrument: %v", m["instrument"])
		}
		rows := m["rijen"].([]any)
		if len(rows) != 2 {
			t.Fatalf("rows: %s", r.body)
		}
		var mother map[string]any
		for _, row := range rows {
			if row.(map[string]any)["persoonId"] == float64(w.mother) {
				mother = row.(map[string]any)
			}
		}
		cells := mother["cellen"].([]any)
		if len(cells) != 13 {
			t.Fatalf("%d cells", len(cells))
		}
		fin := cells[0].(map[string]any)
		if fin["domeinCode"] != "financien" || fin["laatste"].(map[string]any)["score"] != float64(3) ||
			fin["vorige"].(map[string]any)["score"] != float64(1) || fin["verandering"] != float64(2) || len(fin["reeks"].([]any)) != 2 {
			t.Errorf("financien: %v", fin)
		}
		if s := fin["reeks"].([]any)[0].(map[string]any); s["datum"] != day(-60) || s["metingId"] != float64(firstID) {
			t.Errorf("course starts with %v", s)
		}
		for _, c := range cells {
			c := c.(map[string]any)
			if c["domeinCode"] == "huisvesting" && (c["verandering"] != nil || c["vorige"] != nil || c["laatste"].(map[string]any)["score"] != float64(2)) {
				t.Errorf("huisvesting: %v", c)
			}
			if c["domeinCode"] == "werk_opleiding" && (c["laatste"] != nil || len(c["reeks"].([]any)) != 0) {
				t.Errorf("werk_opleiding: %v", c)
			}
		}
		if p := mother["persoon"].(map[string]any); p["voornaam"] != "Sanne" {
			t.Errorf("person: %v", p)
		}
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/zelfredzaamheid?instrumentId=nul", w.hh), as: "regisseur"}), "instrumentId")
	})

	t.Run("problem domains", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/probleemgebieden", w.mother), as: "regisseur"})
		var got []string
		for _, p := range embedded(t, r, "probleemgebieden") {
			got = append(got, fmt.Sprintf("%s:%v:%v", p["domeinCode"], p["score"], p["leefgebied"]))
			if p["huishoudenId"] != float64(w.hh) || p["meetdatum"] == nil {
				t.Errorf("problem domain: %v", p)
			}
		}
		// financien went to 3; huisvesting (2) and justitie (2) remain.
		if !slices.Equal(got, []string{"huisvesting:2:huisvesting", "justitie:2:justitie"}) {
			t.Errorf("problem domains %v", got)
		}
		if got := w.walk("regisseur", path("/personen/%d/probleemgebieden?pageSize=1", w.mother), "probleemgebieden", "domeinCode", 1); len(got) != 2 {
			t.Errorf("paged %v", got)
		}
		r = w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/probleemgebieden", w.son), as: "regisseur"})
		if len(embedded(t, r, "probleemgebieden")) != 0 {
			t.Errorf("son: %s", r.body)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		count := func() int {
			return len(ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/metingen", w.mother), as: "regisseur"}), "metingen"))
		}
		before := count()
		r := w.do(request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(3), "toelichting": strings.Repeat("x", 5000),
			"scores": map[string]any{
				"financien":   map[string]any{"score": 7},
				"geluk":       map[string]any{"score": 3},
				"huisvesting": map[string]any{"score": 2, "toelichting": strings.Repeat("y", 5000)},
			},
		}})
		wantParams(t, r, "datum", "scores.financien", "scores.geluk", "scores.huisvesting.toelichting", "toelichting")
		if p := problemParams(t, r, http.StatusBadRequest)["scores.financien"]; !strings.Contains(p["reason"].(string), "1 tot en met 5") {
			t.Errorf("reason %v", p["reason"])
		}
		wantParams(t, w.do(request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(0), "scores": map[string]any{}}}), "scores")
		wantParams(t, w.do(request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(0), "scores": map[string]any{"financien": map[string]any{"scor": 2}}}}), "scores")
		wantParams(t, w.do(request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(0), "instrumentId": 999, "scores": map[string]any{"financien": map[string]any{"score": 2}}}}), "instrumentId")
		if after := count(); after != before {
			t.Errorf("bad requests wrote %d assessments", after-before)
		}
	})

	t.Run("need to know", func(t *testing.T) {
		for _, rq := range []request{
			{method: "GET", path: path("/personen/%d/metingen", w.mother), as: "woonconsulent"},
			{method: "GET", path: path("/personen/%d/metingen/%d", w.mother, firstID), as: "woonconsulent"},
			{method: "GET", path: path("/huishoudens/%d/zelfredzaamheid", w.hh), as: "woonconsulent"},
			{method: "GET", path: path("/personen/%d/probleemgebieden", w.mother), as: "woonconsulent"},
			{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "woonconsulent", body: map[string]any{
				"datum": day(0), "scores": map[string]any{"financien": map[string]any{"score": 2}}}},
		} {
			problemParams(t, w.do(rq), http.StatusNotFound)
		}
	})
	w.checkURLs("Sanne", "Milan", "Visser", bsn(11))
}
