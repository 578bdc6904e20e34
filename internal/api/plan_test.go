package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/testdb"
)

// TestPlan goes through the one plan of a case: a goal, an action for the
// police, its owner at work on it, progress notes, the history of versions, the
// balance of kinds, the PDF for the family, and closing the case.
func TestPlan(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	r := w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
		"leefgebied": "financien", "persoonIds": []int64{w.mother}, "omschrijving": "Schulden in beeld en een stabiel budget", "streefdatum": day(90),
	}})
	goal := idOf(t, r)
	if loc := r.header.Get("Location"); loc != path("/casussen/%d/doelen/%d", w.casus, goal) {
		t.Errorf("Location %q", loc)
	}
	if b := r.json(t); b["status"] != "open" || b["vertrouwelijkheid"] != "normaal" || len(b["acties"].([]any)) != 0 {
		t.Errorf("new goal: %s", r.body)
	}
	r = w.must(http.StatusOK, request{method: "PATCH", path: path("/casussen/%d/doelen/%d", w.casus, goal), as: "regisseur", body: map[string]any{
		"omschrijving": "Alle schulden in beeld en een budgetplan", "persoonIds": []int64{w.mother, w.son}}})
	if b := r.json(t); b["omschrijving"] != "Alle schulden in beeld en een budgetplan" || len(b["persoonIds"].([]any)) != 2 {
		t.Errorf("after PATCH: %s", r.body)
	}

	r = w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
		"omschrijving": "Huisbezoek met schuldhulp", "organisatieId": w.orgs["politie"], "soort": "preventie", "deadline": day(3),
	}})
	action := idOf(t, r)
	if loc := r.header.Get("Location"); loc != path("/casussen/%d/acties/%d", w.casus, action) {
		t.Errorf("Location %q", loc)
	}
	if b := r.json(t); b["uitvoerderId"] != float64(w.users["wijkagent"].ID) || b["status"] != "open" || b["deadline"] != day(3) {
		t.Errorf("new action: %s", r.body)
	}

	t.Run("the owner works on the action", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/mijn-acties"), as: "wijkagent"})
		due := r.json(t)
		if soon := due["binnenkort"].([]any); len(soon) != 1 || soon[0].(map[string]any)["id"] != float64(action) || len(due["verlopen"].([]any)) != 0 {
			t.Errorf("my actions: %s", r.body)
		}
		if soon := w.must(http.StatusOK, request{method: "GET", path: path("/mijn-acties"), as: "regisseur"}).json(t)["binnenkort"].([]any); len(soon) != 0 {
			t.Errorf("the regisseur's actions: %v", soon)
		}
		r = w.must(http.StatusOK, request{method: "PATCH", path: path("/casussen/%d/acties/%d", w.casus, action), as: "wijkagent", body: map[string]any{"status": "bezig"}})
		if r.json(t)["status"] != "bezig" {
			t.Errorf("status: %s", r.body)
		}
		problemParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/acties/%d", w.casus, action), as: "wijkagent", body: map[string]any{"deadline": day(30)}}), http.StatusForbidden)
		wantParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/acties/%d", w.casus, action), as: "wijkagent", body: map[string]any{"status": "klaar"}}), "status")
		wantParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/acties/%d", w.casus, action), as: "regisseur", body: map[string]any{
			"deadline": day(-400), "soort": "straf", "uitvoerderId": w.users["woonconsulent"].ID}}), "deadline", "soort", "uitvoerderId")
		r = w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/acties/%d", w.casus, action), as: "regisseur"})
		if b := r.json(t); b["status"] != "bezig" || b["deadline"] != day(3) || b["soort"] != "preventie" {
			t.Errorf("a rejected change was written: %s", r.body)
		}
	})

	t.Run("progress", func(t *testing.T) {
		r := w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/voortgang", w.casus, goal), as: "regisseur", body: map[string]any{"tekst": "Schuldenoverzicht gemaakt"}})
		w.must(http.StatusOK, request{method: "GET", path: r.header.Get("Location"), as: "wijkagent"})
		r = w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen/%d/voortgang", w.casus, goal), as: "wijkagent", body: map[string]any{"tekst": "Afspraak gemaakt", "actieId": action}})
		if r.json(t)["actieId"] != float64(action) {
			t.Errorf("note: %s", r.body)
		}
		r = w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/doelen/%d/voortgang", w.casus, goal), as: "regisseur"})
		if got := embedded(t, r, "voortgang"); len(got) != 2 || got[0]["tekst"] != "Schuldenoverzicht gemaakt" {
			t.Errorf("notes: %s", r.body)
		}
		wantParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen/%d/voortgang", w.casus, goal), as: "regisseur", body: map[string]any{"tekst": "", "actieId": 999999}}), "actieId", "tekst")
		problemParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen/%d/voortgang", w.casus, goal), as: "woonconsulent", body: map[string]any{"tekst": "x"}}), http.StatusNotFound)
	})

	t.Run("plan, actions, history and balance", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "wijkagent"})
		plan := r.json(t)
		goals := plan["doelen"].([]any)
		if plan["gesloten"] != false || len(goals) != 1 || len(goals[0].(map[string]any)["acties"].([]any)) != 1 {
			t.Fatalf("plan: %s", r.body)
		}
		if a := goals[0].(map[string]any)["acties"].([]any)[0].(map[string]any); len(a["voortgang"].([]any)) != 1 {
			t.Errorf("action notes: %v", a)
		}
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/acties", w.casus), as: "regisseur"}), "acties"); !slices.Equal(got, []int64{action}) {
			t.Errorf("actions %v", got)
		}
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/acties?status=gedaan", w.casus), as: "regisseur"}), "acties"); len(got) != 0 {
			t.Errorf("done actions %v", got)
		}
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/doelen?status=open", w.casus), as: "regisseur"}), "doelen"); !slices.Equal(got, []int64{goal}) {
			t.Errorf("open goals %v", got)
		}

		r = w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan/historie", w.casus), as: "regisseur"})
		var versions []string
		fields := map[string]bool{}
		for _, v := range embedded(t, r, "versies") {
			versions = append(versions, fmt.Sprintf("%s%v", v["onderdeel"], v["versie"]))
			for _, ch := range v["wijzigingen"].([]any) {
				ch := ch.(map[string]any)
				fields[ch["veld"].(string)] = true
				if ch["veld"] == "leefgebied" && ch["na"] != "financien" {
					t.Errorf("life domain written as %v", ch["na"])
				}
			}
		}
		if !slices.Equal(versions, []string{"doel1", "doel2", "actie1", "actie2"}) {
			t.Errorf("versions %v", versions)
		}
		for _, f := range []string{"leefgebied", "omschrijving", "persoonIds", "streefdatum", "deadline", "uitvoerderId", "soort", "status"} {
			if !fields[f] {
				t.Errorf("no change of %q in %v", f, fields)
			}
		}

		r = w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan/balans", w.casus), as: "wijkagent"})
		bal := r.json(t)
		if bal["open"] != float64(1) || bal["totaal"] != float64(1) {
			t.Errorf("balance: %s", r.body)
		}
		for _, k := range bal["soorten"].([]any) {
			k := k.(map[string]any)
			if want := map[bool]float64{true: 1, false: 0}[k["soort"] == "preventie"]; k["aandeelOpen"] != want || k["aandeelTotaal"] != want {
				t.Errorf("kind %v", k)
			}
		}
	})

	t.Run("confidential goal", func(t *testing.T) {
		secret := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
			"leefgebied": "huiselijke_relaties", "omschrijving": "Veiligheidsplan", "streefdatum": day(30), "vertrouwelijkheid": "vertrouwelijk",
		}}))
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/doelen/%d", w.casus, secret), as: "wijkagent"}), http.StatusNotFound)
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/doelen", w.casus), as: "wijkagent"}), "doelen"); slices.Contains(got, secret) {
			t.Errorf("the police see the confidential goal: %v", got)
		}
		w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/doelen/%d", w.casus, secret), as: "regisseur2"})
	})

	t.Run("the plan for the family", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan.pdf", w.casus), as: "regisseur"})
		if !bytes.HasPrefix(r.body, []byte("%PDF-")) || r.header.Get("Content-Type") != "application/pdf" {
			t.Errorf("not a PDF: %q %q", r.header.Get("Content-Type"), r.body[:min(len(r.body), 20)])
		}
		if cd := r.header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment; filename=\"gezinsplan-casus-") || strings.Contains(cd, "Visser") {
			t.Errorf("Content-Disposition %q", cd)
		}
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/plan.pdf", w.casus), as: "wijkagent"}), http.StatusForbidden)
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/plan.pdf", w.casus), as: "woonconsulent"}), http.StatusNotFound)
		r = w.must(http.StatusOK, request{method: "GET", path: path("/toegangslogboek?casusId=%d&pageSize=100", w.casus), as: "fg"})
		found := false
		for _, e := range embedded(t, r, "toegangslogregels") {
			found = found || (e["gebeurtenis"] == "case.plan.print" && e["actie"] == "exporteren" && e["uitkomst"] == "gelukt")
		}
		if !found {
			t.Error("the print is not in the access log as an export")
		}
	})

	t.Run("bad input", func(t *testing.T) {
		count := func() int {
			plan := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "regisseur"}).json(t)
			n := 0
			for _, g := range plan["doelen"].([]any) {
				n += 1 + len(g.(map[string]any)["acties"].([]any))
			}
			return n
		}
		before := count()
		wantParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
			"leefgebied": "geluk", "omschrijving": " ", "streefdatum": day(-1), "persoonIds": []int64{999999},
		}}), "leefgebied", "omschrijving", "persoonIds", "streefdatum")
		// An action without an owner, due before the goal was made, of no kind.
		wantParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
			"omschrijving": "", "soort": "straf", "deadline": day(-1),
		}}), "deadline", "omschrijving", "organisatieId", "soort")
		wantParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen/%d/acties", w.casus, goal), as: "regisseur", body: map[string]any{
			"omschrijving": "Woningbezoek", "soort": "zorg", "deadline": day(5), "organisatieId": w.orgs["wonen"],
		}}), "organisatieId")
		wantParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/doelen/%d", w.casus, goal), as: "regisseur", body: map[string]any{"status": "behaald"}}), "evaluatie")
		wantParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/doelen/%d", w.casus, goal), as: "regisseur", body: map[string]any{
			"status": "gehaald", "streefdatum": "morgen"}}), "streefdatum")
		problemParams(t, w.do(request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "wijkagent", body: map[string]any{
			"leefgebied": "financien", "omschrijving": "x", "streefdatum": day(9)}}), http.StatusForbidden)
		if after := count(); after != before {
			t.Errorf("bad requests wrote %d goals or actions", after-before)
		}
	})

	t.Run("closing the case", func(t *testing.T) {
		r := w.do(request{method: "POST", path: path("/casussen/%d/statuswijzigingen", w.casus), as: "regisseur", body: map[string]any{"status": "afgesloten", "reden": "Doelen bereikt"}})
		if params := problemParams(t, r, http.StatusBadRequest); params["doelen"] == nil {
			t.Fatalf("closing with open goals: %s", r.body)
		}
		plan := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "regisseur"}).json(t)
		for _, g := range plan["doelen"].([]any) {
			w.must(http.StatusOK, request{method: "PATCH", path: path("/casussen/%d/doelen/%v", w.casus, g.(map[string]any)["id"]), as: "regisseur", body: map[string]any{
				"status": "behaald", "evaluatie": "Afgerond"}})
		}
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/statuswijzigingen", w.casus), as: "regisseur", body: map[string]any{"status": "afgesloten", "reden": "Doelen bereikt"}})
		if plan := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "regisseur"}).json(t); plan["gesloten"] != true {
			t.Errorf("plan of a closed case: %v", plan["gesloten"])
		}
		problemParams(t, w.do(request{method: "PATCH", path: path("/casussen/%d/doelen/%d", w.casus, goal), as: "regisseur", body: map[string]any{"omschrijving": "Later"}}), http.StatusForbidden)
		w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan.pdf", w.casus), as: "regisseur"})
	})

	t.Run("need to know", func(t *testing.T) {
		for _, p := range []string{"/casussen/%d/plan", "/casussen/%d/doelen", "/casussen/%d/acties", "/casussen/%d/plan/historie", "/casussen/%d/plan/balans"} {
			problemParams(t, w.do(request{method: "GET", path: path(p, w.casus), as: "woonconsulent"}), http.StatusNotFound)
		}
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/acties/%d", w.casus+1, action), as: "regisseur"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "GET", path: path("/mijn-acties"), as: "fg"}), http.StatusForbidden)
	})
	w.checkURLs("Sanne", "Milan", "Visser", bsn(11), "Lindelaan")
}
