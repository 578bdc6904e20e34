package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/testdb"
)

// TestSignals: a partner records a signal and reads it back; the list filters
// and pages newest first; a confidential signal is seen only by its author's
// organisation and the regisseur; a partner outside the case sees nothing.
func TestSignals(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))

	r := w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "wijkagent", body: map[string]any{
		"soort": "politie-incident", "datum": day(-3), "persoonId": w.mother, "ernst": "hoog", "omschrijving": "Ruzie in de woning, buren belden",
	}})
	sig := idOf(t, r)
	if loc := r.header.Get("Location"); loc != path("/huishoudens/%d/signalen/%d", w.hh, sig) {
		t.Errorf("Location %q", loc)
	}
	b := r.json(t)
	if b["soortNaam"] != "Politie-incident" || b["leefgebied"] != "justitie" || b["vertrouwelijkheid"] != "normaal" ||
		b["organisatieId"] != float64(w.orgs["politie"]) || b["auteurId"] != float64(w.users["wijkagent"].ID) || b["datum"] != day(-3) {
		t.Errorf("new signal: %s", r.body)
	}
	r = w.must(http.StatusOK, request{method: "GET", path: r.header.Get("Location"), as: "regisseur"})
	if r.json(t)["omschrijving"] != "Ruzie in de woning, buren belden" {
		t.Errorf("read: %s", r.body)
	}

	// More signals: a financial one without a person, one on the son with its own
	// life domain.
	debt := w.signal("regisseur", "huurachterstand", day(-40), 0, "normaal")
	school := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "regisseur", body: map[string]any{
		"soort": "schoolverzuim", "datum": day(-10), "persoonId": w.son, "ernst": "midden", "omschrijving": "Veel afwezig", "leefgebied": "opvoeding",
	}}))

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			want  []int64
		}{
			{"", []int64{sig, school, debt}},
			{"soort=huurachterstand", []int64{debt}},
			{"leefgebied=opvoeding", []int64{school}},
			{fmt.Sprintf("persoonId=%d", w.mother), []int64{sig}},
			{"leefgebied=financien&soort=politie-incident", nil},
		} {
			r := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?%s", w.hh, tc.query), as: "regisseur"})
			if got := ids(t, r, "signalen"); !slices.Equal(got, tc.want) {
				t.Errorf("%q: %v, want %v", tc.query, got, tc.want)
			}
		}
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/signalen?leefgebied=geld&soort=Politie!&persoonId=nul", w.hh), as: "regisseur"}),
			"leefgebied", "persoonId", "soort")
	})

	t.Run("paging", func(t *testing.T) {
		var want []any
		for i := 0; i < 5; i++ {
			w.signal("wijkagent", "overlastmelding", day(-5), 0, "normaal")
		}
		for _, id := range ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?pageSize=100", w.hh), as: "regisseur"}), "signalen") {
			want = append(want, float64(id))
		}
		got := w.walk("regisseur", path("/huishoudens/%d/signalen?pageSize=2", w.hh), "signalen", "id", 2)
		if len(want) != 8 || !slices.Equal(got, want) {
			t.Errorf("paged %v, want %v", got, want)
		}
	})

	t.Run("confidential", func(t *testing.T) {
		w.involve("wonen", "woonconsulent")
		conf := w.signal("wijkagent", "huiselijk-geweld", day(-1), w.mother, "vertrouwelijk")
		for _, tc := range []struct {
			as   string
			sees bool
		}{{"wijkagent", true}, {"regisseur", true}, {"regisseur2", true}, {"woonconsulent", false}, {"wonenregisseur", false}} {
			r := w.do(request{method: "GET", path: path("/huishoudens/%d/signalen/%d", w.hh, conf), as: tc.as})
			if (r.status == http.StatusOK) != tc.sees || (!tc.sees && r.status != http.StatusNotFound) {
				t.Errorf("%s reads the confidential signal: %d", tc.as, r.status)
			}
			listed := slices.Contains(ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?pageSize=100", w.hh), as: tc.as}), "signalen"), conf)
			var onTimeline bool
			for _, it := range embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn?soort=signaal&pageSize=100", w.hh), as: tc.as}), "tijdlijn") {
				onTimeline = onTimeline || it["object"].(map[string]any)["id"] == float64(conf)
			}
			if listed != tc.sees || onTimeline != tc.sees {
				t.Errorf("%s: listed %v, on the timeline %v; want %v", tc.as, listed, onTimeline, tc.sees)
			}
		}
	})

	t.Run("need to know", func(t *testing.T) {
		other := idOf(t, w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens"), as: "regisseur", body: household("Iepenlaan", 2)}))
		for _, rq := range []request{
			{method: "GET", path: path("/huishoudens/%d/signalen", other), as: "wijkagent"},
			{method: "GET", path: path("/huishoudens/%d/signalen/%d", other, sig), as: "regisseur"},
			{method: "POST", path: path("/huishoudens/%d/signalen", other), as: "wijkagent", body: map[string]any{
				"soort": "politie-incident", "datum": day(0), "ernst": "laag", "omschrijving": "x"}},
			{method: "GET", path: path("/huishoudens/%d/signalen/%d", w.hh, sig), as: "fg"},
		} {
			problemParams(t, w.do(rq), http.StatusNotFound)
		}
		problemParams(t, w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "analist", body: map[string]any{
			"soort": "politie-incident", "datum": day(0), "ernst": "laag", "omschrijving": "x"}}), http.StatusForbidden)
	})

	t.Run("bad input", func(t *testing.T) {
		before := len(ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?pageSize=100", w.hh), as: "regisseur"}), "signalen"))
		wantParams(t, w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "regisseur", body: map[string]any{
			"soort": "bestaat-niet", "datum": day(2), "ernst": "erg", "omschrijving": " ", "leefgebied": "geluk", "vertrouwelijkheid": "geheim",
		}}), "datum", "ernst", "leefgebied", "omschrijving", "soort", "vertrouwelijkheid")
		wantParams(t, w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "regisseur", body: map[string]any{
			"soort": "huurachterstand", "datum": "2019-12-01", "ernst": "laag", "omschrijving": "Voor het lid er woonde", "persoonId": w.son,
		}}), "persoonId")
		wantParams(t, w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "regisseur", body: map[string]any{
			"soort": 12, "datum": "gisteren", "ernst": "laag", "omschrijving": "x", "kleur": "rood",
		}}), "datum", "kleur", "soort")
		problemParams(t, w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "regisseur", header: map[string]string{"Content-Type": "text/plain"},
			body: map[string]any{"soort": "huurachterstand", "datum": day(0), "ernst": "laag", "omschrijving": "Als tekst"}}), http.StatusUnsupportedMediaType)
		after := len(ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?pageSize=100", w.hh), as: "regisseur"}), "signalen"))
		if after != before {
			t.Errorf("bad requests wrote %d signals", after-before)
		}
	})

	w.checkURLs("Sanne", "Milan", "Visser", bsn(11), "Lindelaan")
}

// TestSignalTypes: every user reads the list; the admin adds and changes types;
// an inactive type is left out of the list and cannot be chosen any more.
func TestSignalTypes(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	r := w.must(http.StatusOK, request{method: "GET", path: path("/signaalsoorten?pageSize=100"), as: "wijkagent"})
	seeded := len(embedded(t, r, "signaalsoorten"))
	if seeded < 10 {
		t.Fatalf("%d seeded signal types", seeded)
	}

	body := map[string]any{"code": "woonfraude", "naam": "Vermoeden van woonfraude", "standaardLeefgebied": "huisvesting", "volgorde": 500}
	problemParams(t, w.do(request{method: "POST", path: path("/signaalsoorten"), as: "regisseur", body: body}), http.StatusForbidden)
	r = w.must(http.StatusCreated, request{method: "POST", path: path("/signaalsoorten"), as: "beheer", body: body})
	if loc := r.header.Get("Location"); loc != path("/signaalsoorten/woonfraude") || r.json(t)["actief"] != true {
		t.Errorf("created: %s (Location %q)", r.body, loc)
	}
	problemParams(t, w.do(request{method: "POST", path: path("/signaalsoorten"), as: "beheer", body: body}), http.StatusConflict)
	wantParams(t, w.do(request{method: "POST", path: path("/signaalsoorten"), as: "beheer", body: map[string]any{
		"code": "Met Spaties", "naam": "", "standaardLeefgebied": "nergens"}}), "code", "naam", "standaardLeefgebied")

	w.signal("wijkagent", "woonfraude", day(0), 0, "normaal")
	r = w.must(http.StatusOK, request{method: "PATCH", path: path("/signaalsoorten/woonfraude"), as: "beheer", body: map[string]any{"actief": false, "naam": "Woonfraude"}})
	if b := r.json(t); b["actief"] != false || b["naam"] != "Woonfraude" || b["standaardLeefgebied"] != "huisvesting" {
		t.Errorf("after PATCH: %s", r.body)
	}
	if n := len(embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/signaalsoorten?pageSize=100"), as: "wijkagent"}), "signaalsoorten")); n != seeded {
		t.Errorf("%d active types, want %d", n, seeded)
	}
	if n := len(embedded(t, w.must(http.StatusOK, request{method: "GET", path: path("/signaalsoorten?pageSize=100&metInactieve=true"), as: "wijkagent"}), "signaalsoorten")); n != seeded+1 {
		t.Errorf("%d types with inactive ones, want %d", n, seeded+1)
	}
	w.must(http.StatusOK, request{method: "GET", path: path("/signaalsoorten/woonfraude"), as: "wijkagent"})
	problemParams(t, w.do(request{method: "GET", path: path("/signaalsoorten/bestaat-niet"), as: "wijkagent"}), http.StatusNotFound)
	problemParams(t, w.do(request{method: "GET", path: path("/signaalsoorten/HOOFDLETTERS"), as: "wijkagent"}), http.StatusNotFound)
	r = w.do(request{method: "POST", path: path("/huishoudens/%d/signalen", w.hh), as: "wijkagent", body: map[string]any{
		"soort": "woonfraude", "datum": day(0), "ernst": "laag", "omschrijving": "Weer"}})
	if p := problemParams(t, r, http.StatusBadRequest)["soort"]; p == nil || !strings.Contains(p["reason"].(string), "niet meer gebruikt") {
		t.Errorf("inactive type: %s", r.body)
	}
	// The old signal keeps its type.
	r = w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/signalen?soort=woonfraude", w.hh), as: "wijkagent"})
	if items := embedded(t, r, "signalen"); len(items) != 1 || items[0]["soortNaam"] != "Woonfraude" {
		t.Errorf("old signal: %s", r.body)
	}
}

// TestTimeline: the household's timeline in date order across kinds, its
// filters, and its pages by the service's own cursor.
func TestTimeline(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	old := w.signal("wijkagent", "politie-incident", day(-30), w.mother, "normaal")
	recent := w.signal("regisseur", "schoolverzuim", day(-2), w.son, "normaal")
	w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
		"datum": day(-10), "scores": map[string]any{"financien": map[string]any{"score": 2}}}})

	r := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn", w.hh), as: "regisseur"})
	items := embedded(t, r, "tijdlijn")
	var kinds []string
	for i, it := range items {
		kinds = append(kinds, it["soort"].(string))
		if i > 0 && it["datum"].(string) > items[i-1]["datum"].(string) {
			t.Errorf("not newest first: %v", items)
		}
		if l, ok := it["_links"].(map[string]any); !ok || l["self"] == nil {
			t.Errorf("item without a link: %v", it)
		}
	}
	if !slices.Equal(kinds, []string{"casusfase", "signaal", "meting", "signaal"}) {
		t.Errorf("kinds %v", kinds)
	}
	// Every link leads to the item.
	for _, it := range items {
		w.must(http.StatusOK, request{method: "GET", path: it["_links"].(map[string]any)["self"].(map[string]any)["href"].(string), as: "regisseur"})
	}

	refs := func(query string) []int64 {
		t.Helper()
		var out []int64
		for _, it := range w.walk("regisseur", path("/huishoudens/%d/tijdlijn?%s", w.hh, query), "tijdlijn", "object", 100) {
			out = append(out, int64(it.(map[string]any)["id"].(float64)))
		}
		return out
	}
	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"soort=signaal", []int64{recent, old}},
		{fmt.Sprintf("soort=signaal&persoonId=%d", w.son), []int64{recent}},
		{"soort=signaal&leefgebied=justitie", []int64{old}},
		{fmt.Sprintf("soort=signaal&organisatieId=%d", w.orgs["politie"]), []int64{old}},
		{fmt.Sprintf("soort=signaal&van=%s&tot=%s", day(-30), day(-30)), []int64{old}},
		{fmt.Sprintf("soort=signaal&van=%s", day(-29)), []int64{recent}},
	} {
		if got := refs(tc.query); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.query, got, tc.want)
		}
	}

	t.Run("pages", func(t *testing.T) {
		for i := 0; i < 4; i++ {
			w.signal("wijkagent", "overlastmelding", day(-5), 0, "normaal")
		}
		all := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn?pageSize=100", w.hh), as: "regisseur"})
		var want []any
		for _, it := range embedded(t, all, "tijdlijn") {
			want = append(want, it["soort"].(string)+fmt.Sprint(it["object"].(map[string]any)["id"]))
		}
		var got []any
		for _, o := range w.walk("regisseur", path("/huishoudens/%d/tijdlijn?pageSize=3", w.hh), "tijdlijn", "soort", 3) {
			got = append(got, o)
		}
		if len(got) != len(want) || len(want) != 8 {
			t.Errorf("paged %d items, want %d (%v)", len(got), len(want), want)
		}
		first := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn?pageSize=3&soort=signaal", w.hh), as: "regisseur"})
		next := nextLink(t, first)
		if !strings.Contains(next, "soort=signaal") || !strings.Contains(next, "cursor=") {
			t.Errorf("next %q lost the filter", next)
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/tijdlijn?soort=brief&van=gisteren&leefgebied=x", w.hh), as: "regisseur"}),
			"leefgebied", "soort", "van")
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/tijdlijn?cursor=bm9n", w.hh), as: "regisseur"}), "cursor")
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/tijdlijn?cursor=%%21%%21", w.hh), as: "regisseur"}), "cursor")
		wantParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/tijdlijn?van=%s&tot=%s", w.hh, day(-1), day(-9)), as: "regisseur"}), "tot")
	})

	t.Run("need to know", func(t *testing.T) {
		problemParams(t, w.do(request{method: "GET", path: path("/huishoudens/%d/tijdlijn", w.hh), as: "woonconsulent"}), http.StatusNotFound)
		// The police see the case's phases too: they read the case.
		r := w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/tijdlijn?soort=casusfase", w.hh), as: "wijkagent"})
		if len(embedded(t, r, "tijdlijn")) != 1 {
			t.Errorf("police timeline: %s", r.body)
		}
	})
}
