package api_test

import (
	"net/http"
	"testing"

	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestPortfolioByProblemDomains: the portfolio ranks by problem domains and
// gives their number per household (counted once per domain, from the latest
// scores); an unknown ranking is a bad parameter. On both databases.
func TestPortfolioByProblemDomains(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/kosten", w.hh), as: "wijkagent", body: policeHours("2025-03-10")})
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(-60), "scores": map[string]any{"financien": map[string]any{"score": 1}, "justitie": map[string]any{"score": 1}},
		}})
		// Justice is better since; housing is a problem, finances for the son too.
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.mother), as: "regisseur", body: map[string]any{
			"datum": day(-5), "scores": map[string]any{"justitie": map[string]any{"score": 3}, "huisvesting": map[string]any{"score": 2}},
		}})
		w.must(http.StatusCreated, request{method: "POST", path: path("/personen/%d/metingen", w.son), as: "regisseur", body: map[string]any{
			"datum": day(-5), "scores": map[string]any{"financien": map[string]any{"score": 2}},
		}})

		for _, q := range []string{"?rangschikking=probleemdomeinen", ""} {
			b := w.must(http.StatusOK, request{method: "GET", path: path("/portefeuille%s", q), as: "analist"}).json(t)
			ranked := b["rangorde"].([]any)
			if len(ranked) != 1 {
				t.Fatalf("%q: ranked %v", q, ranked)
			}
			if row := ranked[0].(map[string]any); row["probleemgebieden"] != 2.0 || row["leefgebieden"] != 1.0 {
				t.Errorf("%q: row %v; want 2 problem domains, 1 life domain with costs", q, row)
			}
			if want := map[string]string{"": "kosten"}[q]; want != "" && b["rangschikking"] != want {
				t.Errorf("%q: ranked by %v", q, b["rangschikking"])
			}
		}
		b := w.must(http.StatusOK, request{method: "GET", path: path("/portefeuille?rangschikking=probleemdomeinen"), as: "analist"}).json(t)
		if b["rangschikking"] != "probleemdomeinen" {
			t.Errorf("ranked by %v", b["rangschikking"])
		}
		wantParams(t, w.do(request{method: "GET", path: path("/portefeuille?rangschikking=geluk"), as: "analist"}), "rangschikking")
	})
}
