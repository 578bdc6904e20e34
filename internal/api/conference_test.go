package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/testdb"
)

// at is today plus n days at 09:00 UTC, as an RFC 3339 instant.
func at(n int) string {
	d := kluwen.Today().AddDate(0, 0, n)
	return time.Date(d.Year(), d.Month(), d.Day(), 9, 0, 0, 0, time.UTC).Format(time.RFC3339)
}

// TestConferences goes through a case conference: scheduled with the police
// invited, moved, attendance, minutes, decisions of which one becomes an action
// of the plan in one step and one is carried to the next conference, and the
// invitation as an iCalendar file.
func TestConferences(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	base := path("/casussen/%d/overleggen", w.casus)
	r := w.must(http.StatusCreated, request{method: "POST", path: base, as: "regisseur", body: map[string]any{
		"aanvang": at(1), "duurMinuten": 90, "locatie": "Zorg- en Veiligheidshuis", "agenda": []string{"Opening", "Schulden", " "},
		"genodigden": []map[string]any{{"organisatieId": w.orgs["politie"]}},
	}})
	conf := idOf(t, r)
	self := r.header.Get("Location")
	if self != path("/casussen/%d/overleggen/%d", w.casus, conf) {
		t.Errorf("Location %q", self)
	}
	b := r.json(t)
	if b["aanvang"] != at(1) || len(b["agenda"].([]any)) != 2 || len(b["genodigden"].([]any)) != 2 || b["volgnummer"] != float64(0) {
		t.Errorf("new conference: %s", r.body)
	}

	r = w.must(http.StatusOK, request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"locatie": "Stadhuis", "aanvang": at(2)}})
	if b := r.json(t); b["locatie"] != "Stadhuis" || b["volgnummer"] != float64(1) || b["aanvang"] != at(2) {
		t.Errorf("after PATCH: %s", r.body)
	}
	if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "wijkagent"}), "overleggen"); !slices.Equal(got, []int64{conf}) {
		t.Errorf("conferences %v", got)
	}

	t.Run("attendance and minutes", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "PUT", path: self + "/aanwezigheid", as: "regisseur", body: map[string]any{
			"aanwezigen": []int64{w.users["regisseur"].ID, w.users["wijkagent"].ID}}})
		if got := r.json(t)["aanwezigen"].([]any); len(got) != 2 {
			t.Errorf("attendance: %s", r.body)
		}
		// Someone who was not invited cannot have been present: nothing changes.
		r = w.do(request{method: "PUT", path: self + "/aanwezigheid", as: "regisseur", body: map[string]any{"aanwezigen": []int64{w.users["woonconsulent"].ID}}})
		if p := problemParams(t, r, http.StatusBadRequest)["aanwezigen"]; p == nil || !strings.Contains(p["reason"].(string), "niet uitgenodigd") {
			t.Errorf("uninvited attendee: %s", r.body)
		}
		r = w.must(http.StatusOK, request{method: "PUT", path: self + "/notulen", as: "regisseur", body: map[string]any{"notulen": "Afspraken over het budget."}})
		if b := r.json(t); b["notulen"] != "Afspraken over het budget." || len(b["aanwezigen"].([]any)) != 2 {
			t.Errorf("minutes: %s", r.body)
		}
		problemParams(t, w.do(request{method: "PUT", path: self + "/notulen", as: "wijkagent", body: map[string]any{"notulen": "x"}}), http.StatusForbidden)
		wantParams(t, w.do(request{method: "POST", path: self + "/genodigden", as: "regisseur", body: map[string]any{
			"genodigden": []map[string]any{{"organisatieId": w.orgs["wonen"]}}}}), "genodigden")
		wantParams(t, w.do(request{method: "POST", path: self + "/genodigden", as: "regisseur", body: map[string]any{
			"genodigden": []map[string]any{{"organisatie": w.orgs["wonen"]}}}}), "genodigden")
	})

	t.Run("decisions", func(t *testing.T) {
		goal := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/doelen", w.casus), as: "regisseur", body: map[string]any{
			"leefgebied": "financien", "omschrijving": "Budgetplan", "streefdatum": day(60)}}))
		r := w.must(http.StatusCreated, request{method: "POST", path: self + "/besluiten", as: "regisseur", body: map[string]any{"tekst": "Politie bezoekt het gezin samen met schuldhulp"}})
		decision := idOf(t, r)
		if loc := r.header.Get("Location"); loc != fmt.Sprintf("%s/besluiten/%d", self, decision) || r.json(t)["status"] != "open" {
			t.Errorf("decision: %s (Location %q)", r.body, loc)
		}
		r = w.must(http.StatusCreated, request{method: "POST", path: fmt.Sprintf("%s/besluiten/%d/actie", self, decision), as: "regisseur", body: map[string]any{
			"doelId": goal, "omschrijving": "Gezamenlijk huisbezoek", "organisatieId": w.orgs["politie"], "soort": "zorg", "deadline": day(10),
		}})
		action := idOf(t, r)
		if loc := r.header.Get("Location"); loc != path("/casussen/%d/acties/%d", w.casus, action) || r.json(t)["besluitId"] != float64(decision) {
			t.Errorf("action from decision: %s (Location %q)", r.body, loc)
		}
		r = w.must(http.StatusOK, request{method: "GET", path: fmt.Sprintf("%s/besluiten/%d", self, decision), as: "wijkagent"})
		if b := r.json(t); b["status"] != "actie" || b["actieId"] != float64(action) || b["afgehandeldOp"] == nil {
			t.Errorf("decision after: %s", r.body)
		}
		wantParams(t, w.do(request{method: "POST", path: fmt.Sprintf("%s/besluiten/%d/actie", self, decision), as: "regisseur", body: map[string]any{
			"doelId": goal, "omschrijving": "Nog eens", "organisatieId": w.orgs["politie"], "soort": "zorg", "deadline": day(10)}}), "besluitId")

		done := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: self + "/besluiten", as: "regisseur", body: map[string]any{"tekst": "Geen verdere actie"}}))
		wantParams(t, w.do(request{method: "PATCH", path: fmt.Sprintf("%s/besluiten/%d", self, done), as: "regisseur", body: map[string]any{"status": "open"}}), "status")
		if r := w.must(http.StatusOK, request{method: "PATCH", path: fmt.Sprintf("%s/besluiten/%d", self, done), as: "regisseur", body: map[string]any{"status": "gedaan"}}); r.json(t)["status"] != "gedaan" {
			t.Errorf("completed: %s", r.body)
		}
		// A bad action leaves the decision open and writes nothing.
		carried := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: self + "/besluiten", as: "regisseur", body: map[string]any{"tekst": "Woningcorporatie betrekken"}}))
		wantParams(t, w.do(request{method: "POST", path: fmt.Sprintf("%s/besluiten/%d/actie", self, carried), as: "regisseur", body: map[string]any{
			"doelId": goal, "omschrijving": "", "soort": "zorg", "deadline": day(-3)}}), "deadline", "omschrijving", "organisatieId")
		if got := ids(t, w.must(http.StatusOK, request{method: "GET", path: self + "/besluiten", as: "regisseur"}), "besluiten"); !slices.Equal(got, []int64{decision, done, carried}) {
			t.Errorf("decisions %v", got)
		}

		next := w.must(http.StatusCreated, request{method: "POST", path: base, as: "regisseur", body: map[string]any{
			"aanvang": at(20), "duurMinuten": 60, "videolink": "https://video.example/overleg"}})
		var open []int64
		for _, d := range next.json(t)["openstaandeBesluiten"].([]any) {
			open = append(open, int64(d.(map[string]any)["id"].(float64)))
		}
		if !slices.Equal(open, []int64{carried}) {
			t.Errorf("carried %v, want %v", open, []int64{carried})
		}
		wantParams(t, w.do(request{method: "POST", path: self + "/besluiten", as: "regisseur", body: map[string]any{"tekst": ""}}), "tekst")
	})

	t.Run("invitation", func(t *testing.T) {
		r := w.must(http.StatusOK, request{method: "GET", path: self + "/uitnodiging.ics", as: "wijkagent"})
		if ct := r.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		body := string(r.body)
		for _, want := range []string{"BEGIN:VCALENDAR", fmt.Sprintf("UID:casusoverleg-%d@", conf), "SEQUENCE:1", "LOCATION:Stadhuis", "END:VCALENDAR"} {
			if !strings.Contains(body, want) {
				t.Errorf("invitation lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "Visser") || strings.Contains(body, "Lindelaan") {
			t.Errorf("invitation carries personal data:\n%s", body)
		}
		if cd := r.header.Get("Content-Disposition"); cd != fmt.Sprintf(`attachment; filename="casusoverleg-%d.ics"`, conf) {
			t.Errorf("Content-Disposition %q", cd)
		}
		problemParams(t, w.do(request{method: "GET", path: self + "/uitnodiging.ics", as: "woonconsulent"}), http.StatusNotFound)
		w.involve("wonen", "woonconsulent")
		problemParams(t, w.do(request{method: "GET", path: self + "/uitnodiging.ics", as: "woonconsulent"}), http.StatusForbidden)
	})

	t.Run("bad input", func(t *testing.T) {
		count := func() int {
			return len(ids(t, w.must(http.StatusOK, request{method: "GET", path: base, as: "regisseur"}), "overleggen"))
		}
		before := count()
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{
			"duurMinuten": 5, "videolink": "http://video.example", "genodigden": []map[string]any{{"organisatieId": 0}},
		}}), "aanvang", "duurMinuten", "genodigden", "videolink")
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{"aanvang": "morgen om tien", "duurMinuten": "lang"}}), "aanvang", "duurMinuten")
		wantParams(t, w.do(request{method: "POST", path: base, as: "regisseur", body: map[string]any{"aanvang": at(3), "duurMinuten": 60}}), "locatie")
		wantParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"duurMinuten": 1000, "locatie": ""}}), "duurMinuten", "locatie")
		if after := count(); after != before {
			t.Errorf("bad requests wrote %d conferences", after-before)
		}
		r := w.must(http.StatusOK, request{method: "GET", path: self, as: "regisseur"})
		if b := r.json(t); b["duurMinuten"] != float64(90) || b["locatie"] != "Stadhuis" {
			t.Errorf("a rejected change was written: %s", r.body)
		}
	})

	t.Run("a closed case takes no decisions", func(t *testing.T) {
		plan := w.must(http.StatusOK, request{method: "GET", path: path("/casussen/%d/plan", w.casus), as: "regisseur"}).json(t)
		for _, g := range plan["doelen"].([]any) {
			w.must(http.StatusOK, request{method: "PATCH", path: path("/casussen/%d/doelen/%v", w.casus, g.(map[string]any)["id"]), as: "regisseur", body: map[string]any{
				"status": "vervallen", "evaluatie": "Casus gestopt"}})
		}
		w.must(http.StatusCreated, request{method: "POST", path: path("/casussen/%d/statuswijzigingen", w.casus), as: "regisseur", body: map[string]any{"status": "afgesloten", "reden": "Verhuisd"}})
		r := w.do(request{method: "POST", path: self + "/besluiten", as: "regisseur", body: map[string]any{"tekst": "Nog een besluit"}})
		if p := problemParams(t, r, http.StatusBadRequest)["overlegId"]; p == nil || !strings.Contains(p["reason"].(string), "afgesloten") {
			t.Errorf("decision on a closed case: %s", r.body)
		}
		problemParams(t, w.do(request{method: "PATCH", path: self, as: "regisseur", body: map[string]any{"locatie": "Elders"}}), http.StatusForbidden)
		w.must(http.StatusOK, request{method: "GET", path: self + "/uitnodiging.ics", as: "regisseur"})
	})

	t.Run("need to know", func(t *testing.T) {
		other := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/casussen"), as: "regisseur2", body: map[string]any{"huishoudenId": w.hh, "titel": "Tweede"}}))
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/overleggen/%d", other, conf), as: "regisseur"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "GET", path: path("/casussen/%d/overleggen", other), as: "wijkagent"}), http.StatusNotFound)
		problemParams(t, w.do(request{method: "POST", path: path("/casussen/%d/overleggen", other), as: "wijkagent", body: map[string]any{
			"aanvang": at(1), "duurMinuten": 60, "locatie": "x"}}), http.StatusNotFound)
	})
}
