package api_test

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/testdb"
)

// TestMaatwerk: a deviation is recorded, read, its outcome added; the list
// across cases is full for the regisseur and pseudonymised for the analyst, also
// as CSV.
func TestMaatwerk(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	base := path("/casussen/%d/maatwerk", w.casus)
	r := w.must(http.StatusCreated, request{method: "POST", path: base, as: "regisseur", body: map[string]any{
		"regel": "Geen bijzondere bijstand bij schulden", "reden": "Ontruiming dreigt; het gezin met kinderen zou op straat staan",
		"leefgebied": "huisvesting", "verwachtEffect": "Ontruiming voorkomen", "kosten": 1250.5,
		"goedgekeurdDoorNaam": "J. de Wit", "goedgekeurdDoorFunctie": "Teamleider inkomen", "besluitdatum": day(-20),
	}})
	mw := idOf(t, r)
	self := r.header.Get("Location")
	if self != fmt.Sprintf("%s/%d", base, mw) {
		t.Errorf("Location %q", self)
	}
	if !strings.Contains(string(r.body), `"kosten":1250.50`) || r.json(t)["uitkomstResultaat"] != nil {
		t.Errorf("new deviation: %s", r.body)
	}
	r = w.must(http.StatusOK, request{method: "GET", path: self, as: "wijkagent"})
	if r.json(t)["regel"] != "Geen bijzondere bijstand bij schulden" {
		t.Errorf("read: %s", r.body)
	}
	r = w.must(http.StatusOK, request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{
		"uitkomst": "Huur betaald, ontruiming van de baan", "uitkomstResultaat": "bereikt", "uitkomstdatum": day(-2)}})
	if b := r.json(t); b["uitkomstResultaat"] != "bereikt" || b["uitkomstdatum"] != day(-2) {
		t.Errorf("outcome: %s", r.body)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "maatwerk"); !slices.Equal(got, []int64{mw}) {
		t.Errorf("deviations %v", got)
	}

	t.Run("list across cases", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk"), as: "regisseur"})
		rows := embedded(t, r, "maatwerkregels")
		if len(rows) != 1 || rows[0]["casusId"] != float64(w.casus) || rows[0]["gepseudonimiseerd"] != false || !strings.Contains(rows[0]["adres"].(string), "Lindelaan") {
			t.Fatalf("regisseur's list: %s", r.body)
		}
		r = w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk"), as: "analist"})
		rows = embedded(t, r, "maatwerkregels")
		if len(rows) != 1 || rows[0]["gepseudonimiseerd"] != true || rows[0]["casusPseudoniem"] == "" {
			t.Fatalf("analyst's list: %s", r.body)
		}
		for _, k := range []string{"casusId", "adres", "reden", "verwachtEffect", "goedgekeurdDoorNaam", "uitkomst", "uitkomstdatum"} {
			if _, ok := rows[0][k]; ok {
				t.Errorf("the analyst sees %s: %v", k, rows[0][k])
			}
		}
		if strings.Contains(string(r.body), "Lindelaan") || strings.Contains(string(r.body), "de Wit") || rows[0]["besluitdatum"].(string)[8:] != "01" {
			t.Errorf("pseudonymised row: %s", r.body)
		}
		for _, q := range []string{"van=" + day(-19), "tot=" + day(-21), "wijk=Noord"} {
			if rows := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk?%s", q), as: "regisseur"}), "maatwerkregels"); len(rows) != 0 {
				t.Errorf("%s: %v", q, rows)
			}
		}
		if rows := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk?wijk=centrum&van=%s", day(-20)), as: "regisseur"}), "maatwerkregels"); len(rows) != 1 {
			t.Errorf("wijk centrum: %v", rows)
		}
		wantParams(t, w.do(request{method: "GET", path: path("/maatwerk?van=vorige-week&tot=%s", strings.Repeat("9", 3)), as: "regisseur"}), "tot", "van")
		problemParams(t, w.do(request{method: "GET", path: path("/maatwerk"), as: "wijkagent"}), http.StatusForbidden)
		// The regisseur of another organisation sees no row of this case.
		if rows := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk"), as: "wonenregisseur"}), "maatwerkregels"); len(rows) != 0 {
			t.Errorf("outsider's list: %v", rows)
		}

		for _, tc := range []struct {
			as     string
			header string
		}{{"regisseur", "casus"}, {"analist", "pseudoniem"}} {
			r := w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk.csv"), as: tc.as})
			if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			recs, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("%s CSV: %v\n%s", tc.as, err, r.body)
			}
			if !strings.Contains(strings.ToLower(strings.Join(recs[0], ",")), tc.header) {
				t.Errorf("%s CSV header %v", tc.as, recs[0])
			}
			if tc.as == "analist" && strings.Contains(string(r.body), "Lindelaan") {
				t.Errorf("pseudonymised CSV carries the address: %s", r.body)
			}
		}
	})

	t.Run("bad input", func(t *testing.T) {
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{
			"regel": "", "reden": "Nodig", "leefgebied": "geluk", "verwachtEffect": "Beter", "kosten": 12.345,
			"goedgekeurdDoorNaam": "", "goedgekeurdDoorFunctie": "Manager", "besluitdatum": day(5),
		}}), "besluitdatum", "goedgekeurdDoorNaam", "kosten", "leefgebied", "regel")
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{"kosten": "duizend", "besluitdatum": "gisteren"}}), "besluitdatum", "kosten")
		wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{
			"uitkomst": "", "uitkomstResultaat": "super", "uitkomstdatum": day(-30)}}), "uitkomst", "uitkomstResultaat", "uitkomstdatum")
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "maatwerk"); len(got) != 1 {
			t.Errorf("bad requests wrote deviations: %v", got)
		}
		if b := w.must(http.StatusOK, request{method: "GET", path: self, as: "regisseur"}).json(t); b["uitkomstResultaat"] != "bereikt" {
			t.Errorf("a rejected outcome was written: %v", b)
		}
	})

	t.Run("need to know", func(t *testing.T) {
		problemParams(t, w.do(request{method: "GET", path: base, as: "woonconsulent"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "GET", path: self, as: "woonconsulent"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: map[string]any{"regel": "x"}}), http.StatusForbidden)
	})
}

// TestEscalations: a stuck case goes up with a question; the answer and
// decision, then the outcome, are recorded; open escalations are on the
// regisseur's list.
func TestEscalations(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	base := path("/casussen/%d/escalaties", w.casus)
	r := w.must(http.StatusCreated, request{method: "POST", path: base, as: "regisseur", body: map[string]any{"niveau": "stuurgroep", "vraag": "Mag de corporatie de ontruiming uitstellen?"}})
	esc := idOf(t, r)
	self := r.header.Get("Location")
	if b := r.json(t); b["status"] != "open" || b["geescaleerdDoor"] != float64(w.users["regisseur"].ID) || b["beantwoordOp"] != nil {
		t.Errorf("new escalation: %s", r.body)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/mijn-escalaties?open=true"), as: "regisseur"}), "escalaties"); !slices.Equal(got, []int64{esc}) {
		t.Errorf("my escalations %v", got)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/mijn-escalaties"), as: "regisseur2"}), "escalaties"); len(got) != 0 {
		t.Errorf("another regisseur's escalations %v", got)
	}
	w.must(http.StatusOK, request{method: "GET", path: self, as: "wijkagent"})

	wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"antwoord": "Ja", "uitkomst": "Klaar"}}), "uitkomst")
	wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{}}), "antwoord")
	wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"antwoord": " ", "besluit": strings.Repeat("b", 4001)}}), "antwoord", "besluit")
	problemParams(t, w.do(request{method: "PATCH", path: self, as: "wijkagent", body: map[string]any{"antwoord": "Ja"}}), http.StatusForbidden)
	r = w.must(http.StatusOK, request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"antwoord": "Ja, drie maanden", "besluit": "Uitstel met budgetbeheer"}})
	if b := r.json(t); b["status"] != "beantwoord" || b["besluit"] != "Uitstel met budgetbeheer" || b["beantwoordOp"] == nil {
		t.Errorf("answered: %s", r.body)
	}
	wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"antwoord": "Nogmaals"}}), "status")
	r = w.must(http.StatusOK, request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"uitkomst": "Gezin woont er nog"}})
	if b := r.json(t); b["status"] != "gesloten" || b["geslotenOp"] == nil {
		t.Errorf("closed: %s", r.body)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/mijn-escalaties?open=true"), as: "regisseur"}), "escalaties"); len(got) != 0 {
		t.Errorf("open escalations after closing %v", got)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "escalaties"); !slices.Equal(got, []int64{esc}) {
		t.Errorf("escalations %v", got)
	}

	wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{"niveau": "minister", "vraag": ""}}), "niveau", "vraag")
	problemParams(t, w.do(request{method: "POST", path: base, as: "wijkagent", body: map[string]any{"niveau": "stuurgroep", "vraag": "x"}}), http.StatusForbidden)
	problemParams(t, w.do(request{method: "GET", path: base, as: "woonconsulent"}), http.StatusNotFound)
	problemParams(t, w.do(request{method: "GET", path: self, as: "woonconsulent"}), http.StatusNotFound)
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "escalaties"); len(got) != 1 {
		t.Errorf("bad requests wrote escalations: %v", got)
	}
}

// TestNotifications: an action assigned to the wijkagent reaches them as a
// notification, which they mark read; nobody reads another's notifications.
func TestNotifications(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	goal := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
		"leefgebied": "justitie", "omschrijving": "Geen nieuwe incidenten", "streefdatum": day(60)}}))
	for i := 0; i < 3; i++ {
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
			"omschrijving": fmt.Sprintf("Gesprek %d", i+1), "organisatieId": w.orgs["politie"], "soort": "drang_dwang_straf", "deadline": day(14)}})
	}
	r := w.must(http.StatusOK, request{method: "GET", path: path("/meldingen"), as: "wijkagent"})
	list := embedded(t, r, "meldingen")
	if len(list) != 3 || list[0]["soort"] != "actie_toegewezen" || list[0]["gelezenOp"] != nil || !strings.HasPrefix(list[0]["pagina"].(string), "/casussen/") {
		t.Fatalf("notifications: %s", r.body)
	}
	if got := w.walk("wijkagent", path("/meldingen?pageSize=2"), "meldingen", "id", 2); len(got) != 3 || got[0].(float64) < got[1].(float64) {
		t.Errorf("paged %v", got)
	}
	first := int64(list[0]["id"].(float64))
	problemParams(t, w.do(request{method: "POST", path: path("/meldingen/%d/gelezen", first), as: "regisseur"}), http.StatusNotFound)
	w.must(http.StatusNoContent, request{method: "POST", path: path("/meldingen/%d/gelezen", first), as: "wijkagent"})
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/meldingen?ongelezen=true"), as: "wijkagent"}), "meldingen"); len(got) != 2 || slices.Contains(got, first) {
		t.Errorf("unread %v", got)
	}
	w.must(http.StatusNoContent, request{method: "POST", path: path("/meldingen/gelezen"), as: "wijkagent"})
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/meldingen?ongelezen=true"), as: "wijkagent"}), "meldingen"); len(got) != 0 {
		t.Errorf("unread after marking all %v", got)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/meldingen"), as: "regisseur"}), "meldingen"); len(got) != 0 {
		t.Errorf("the regisseur's notifications %v", got)
	}
}
