package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCaseworkSmoke runs the case work through the API on both databases: the
// police record a signal, the regisseur assesses the mother, turns a problem
// domain into a goal with an action for the police, schedules a conference whose
// decision becomes an action, records a deviation and an escalation; the police
// find their actions and notifications, the timeline shows it all, and the plan
// prints.
func TestCaseworkSmoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		sig := w.signal("wijkagent", "huurachterstand", day(-7), w.mother, "normaal")
		w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen/%d", w.hh, sig), as: "regisseur"})
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(-1), "scores": map[string]any{"financien": map[string]any{"score": 1}, "huisvesting": map[string]any{"score": 4}}}})

		pds := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/personen/%d/probleemgebieden", w.mother), as: "regisseur"}), "probleemgebieden")
		if len(pds) != 1 || pds[0]["leefgebied"] != "financien" {
			t.Fatalf("problem domains %v", pds)
		}
		goal := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
			"leefgebied": pds[0]["leefgebied"], "persoonIds": []int64{w.mother}, "omschrijving": "Huurachterstand afgelost", "streefdatum": day(120)}}))
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
			"omschrijving": "Melding bij schuldhulp", "organisatieId": w.orgs["politie"], "soort": "preventie", "deadline": day(2)}})

		conf := w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/overleggen", w.casus), as: "regisseur", body: map[string]any{
			"aanvang": at(7), "duurMinuten": 60, "locatie": "Stadhuis", "genodigden": []map[string]any{{"organisatieId": w.orgs["politie"]}}}})
		confPath := conf.header.Get("Location")
		dec := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: confPath + "/besluiten", as: "regisseur", body: map[string]any{"tekst": "Budgetcoach inzetten"}}))
		w.must(http.StatusCreated, request{method: "POST", path: fmt.Sprintf("%s/besluiten/%d/actie", confPath, dec), as: "regisseur", body: map[string]any{
			"doelId": goal, "omschrijving": "Budgetcoach aanvragen", "organisatieId": w.orgs["gemeente"], "uitvoerderId": w.users["regisseur2"].ID, "soort": "zorg", "deadline": day(5)}})
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/maatwerk", w.casus), as: "regisseur", body: map[string]any{
			"regel": "Wachtlijst schuldhulp", "reden": "Beslag dreigt", "leefgebied": "financien", "verwachtEffect": "Direct starten", "kosten": 300,
			"goedgekeurdDoorNaam": "A. Smit", "goedgekeurdDoorFunctie": "Manager", "besluitdatum": day(0)}})
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/escalaties", w.casus), as: "regisseur", body: map[string]any{
			"niveau": "bestuurlijk_overleg", "vraag": "Voorrang bij schuldhulp?"}})

		due := w.must(http.StatusOK, request{method: "GET", path: path("/mijn-acties"), as: "wijkagent"}).json(t)
		if len(due["binnenkort"].([]any)) != 1 {
			t.Errorf("the police's actions: %v", due)
		}
		notes := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/meldingen"), as: "wijkagent"}), "meldingen")
		kinds := map[string]int{}
		for _, n := range notes {
			kinds[n["soort"].(string)]++
		}
		if kinds["actie_toegewezen"] != 1 || kinds["uitnodiging_overleg"] == 0 {
			t.Errorf("the police's notifications: %v", kinds)
		}
		tl := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn", w.hh), as: "wijkagent"}), "tijdlijn")
		seen := map[string]bool{}
		for _, it := range tl {
			seen[it["soort"].(string)] = true
		}
		for _, k := range []string{"signaal", "meting", "casusfase"} {
			if !seen[k] {
				t.Errorf("timeline lacks %s: %v", k, seen)
			}
		}
		if bal := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan/balans", w.casus), as: "regisseur"}).json(t); bal["totaal"] != float64(2) {
			t.Errorf("balance %v", bal)
		}
		if r := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan.pdf", w.casus), as: "regisseur"}); !bytes.HasPrefix(r.body, []byte("%PDF-")) {
			t.Error("the plan is not a PDF")
		}
		if r := w.must(http.StatusOK, request{method: "GET", path: confPath + "/uitnodiging.ics", as: "wijkagent"}); !strings.Contains(string(r.body), "BEGIN:VEVENT") {
			t.Errorf("invitation: %s", r.body)
		}
		if rows := embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/maatwerk"), as: "analist"}), "maatwerkregels"); len(rows) != 1 || rows[0]["gepseudonimiseerd"] != true {
			t.Errorf("analyst's list %v", rows)
		}
		w.checkURLs("Sanne", "Milan", "Visser", bsn(11), "Lindelaan")
	})
}

// TestCaseworkNeedToKnow (both databases): a partner outside the case finds none
// of its case work (404, as for what does not exist), and a partner in it may
// read but not coordinate (403); a confidential signal of the police is hidden
// from another partner in the case.
func TestCaseworkNeedToKnow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		sig := w.signal("wijkagent", "huiselijk-geweld", day(-1), w.mother, "vertrouwelijk")
		assessment := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(0), "scores": map[string]any{"financien": map[string]any{"score": 2}}}}))
		goal := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
			"leefgebied": "financien", "omschrijving": "Budget", "streefdatum": day(30)}}))
		action := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
			"omschrijving": "Huisbezoek", "organisatieId": w.orgs["politie"], "soort": "zorg", "deadline": day(3)}}))
		conf := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/overleggen", w.casus), as: "regisseur", body: map[string]any{
			"aanvang": at(3), "duurMinuten": 60, "locatie": "Stadhuis"}}))
		mw := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/maatwerk", w.casus), as: "regisseur", body: map[string]any{
			"regel": "r", "reden": "r", "leefgebied": "financien", "verwachtEffect": "e", "kosten": 0,
			"goedgekeurdDoorNaam": "n", "goedgekeurdDoorFunctie": "f", "besluitdatum": day(0)}}))
		esc := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/escalaties", w.casus), as: "regisseur", body: map[string]any{
			"niveau": "stuurgroep", "vraag": "v"}}))

		outside := []string{
			fmt.Sprintf("/huishoudens/%d/signalen", w.hh),
			fmt.Sprintf("/huishoudens/%d/signalen/%d", w.hh, sig),
			fmt.Sprintf("/huishoudens/%d/tijdlijn", w.hh),
			fmt.Sprintf("/huishoudens/%d/zelfredzaamheid", w.hh),
			fmt.Sprintf("/personen/%d/metingen", w.mother),
			fmt.Sprintf("/personen/%d/metingen/%d", w.mother, assessment),
			fmt.Sprintf("/personen/%d/probleemgebieden", w.mother),
			fmt.Sprintf("/casussen/%d/plan", w.casus),
			fmt.Sprintf("/casussen/%d/plan/historie", w.casus),
			fmt.Sprintf("/casussen/%d/plan/balans", w.casus),
			fmt.Sprintf("/casussen/%d/plan.pdf", w.casus),
			fmt.Sprintf("/casussen/%d/doelen/%d", w.casus, goal),
			fmt.Sprintf("/casussen/%d/acties/%d", w.casus, action),
			fmt.Sprintf("/casussen/%d/overleggen", w.casus),
			fmt.Sprintf("/casussen/%d/overleggen/%d", w.casus, conf),
			fmt.Sprintf("/casussen/%d/overleggen/%d/uitnodiging.ics", w.casus, conf),
			fmt.Sprintf("/casussen/%d/maatwerk/%d", w.casus, mw),
			fmt.Sprintf("/casussen/%d/escalaties/%d", w.casus, esc),
		}
		for _, p := range outside {
			t.Run("outside "+p, func(t *testing.T) {
				problemParams(t, w.do(request{method: "GET", path: path("%s", p), as: "woonconsulent"}), http.StatusNotFound)
			})
		}
		for _, rq := range []request{
			{method: "PATCH", path: path("/casussen/%d/doelen/%d", w.casus, goal), body: map[string]any{"omschrijving": "x"}},
			{method: "POST", path: path("/casussen/%d/overleggen/%d/besluiten", w.casus, conf), body: map[string]any{"tekst": "x"}},
			{method: "PATCH", path: path("/casussen/%d/escalaties/%d", w.casus, esc), body: map[string]any{"antwoord": "x"}},
		} {
			rq.as = "woonconsulent"
			problemParams(t, w.do(rq), http.StatusNotFound)
			rq.as = "wijkagent"
			problemParams(t, w.do(rq), http.StatusForbidden)
		}

		// In the case, the housing corporation still does not see the police's
		// confidential signal; the regisseur does.
		w.involve("wonen", "woonconsulent")
		problemParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/signalen/%d", w.hh, sig), as: "woonconsulent"}), http.StatusNotFound)
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen", w.hh), as: "woonconsulent"}), "signalen"); len(got) != 0 {
			t.Errorf("the corporation lists %v", got)
		}
		w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen/%d", w.hh, sig), as: "regisseur"})
		w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "woonconsulent"})

		// The refused reads are in the access log.
		r := w.must(http.StatusOK, request{method: "GET", path: path("/toegangslogboek?huishoudenId=%d&uitkomst=geweigerd&pageSize=100", w.hh), as: "fg"})
		found := false
		for _, e := range embedded(t, r, "toegangslogregels") {
			for _, o := range e["objecten"].([]any) {
				found = found || (e["gebeurtenis"] == "signal.read" && o.(map[string]any)["type"] == "signaal" && o.(map[string]any)["id"] == float64(sig))
			}
		}
		if !found {
			t.Errorf("the refused read of the signal is not logged: %s", r.body)
		}
	})
}
