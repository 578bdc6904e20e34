package web_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// TestPortfolioByProblemDomains: the portfolio offers the ranking by problem
// domains and shows their number per household, counted from the latest
// assessment of the current members; a household without one shows 0.
func TestPortfolioByProblemDomains(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		today := kluwen.DateOf(w.clock.Now().In(amsterdam()))
		reg := w.as("regisseur")
		// Finances and housing for the mother (justice at 4 is none), parenting for
		// the child: three problem domains.
		must(t, w.svc.Assessments.CreateAssessment(reg, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.mother, Date: today.AddDate(0, 0, -7),
			Scores: []*kluwen.AssessmentScore{{DomainCode: "financien", Score: 1}, {DomainCode: "huisvesting", Score: 2}, {DomainCode: "justitie", Score: 4}}}))
		must(t, w.svc.Assessments.CreateAssessment(reg, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.child, Date: today.AddDate(0, 0, -7),
			Scores: []*kluwen.AssessmentScore{{DomainCode: "opvoeding", Score: 2}, {DomainCode: "financien", Score: 2}}}))

		analyst := w.signedIn("analist")
		res := analyst.get("/portefeuille")
		check{status: 200, contains: []string{`<option value="probleemdomeinen">Aantal probleemdomeinen</option>`, `<th scope="col" class="utrecht-table__header-cell utrecht-table__header-cell--numeric">Probleemdomeinen</th>`,
			"Leefgebieden met kosten", "gerangschikt op kosten"}}.verify(t, res)

		res = analyst.get("/portefeuille?rangorde=probleemdomeinen")
		check{status: 200, contains: []string{`<option value="probleemdomeinen" selected>`, "Huishoudens gerangschikt op aantal probleemdomeinen", `id="probleemdomeinen-uitleg"`},
			notContains: []string{"/huishoudens/" + id(w.household)}}.verify(t, res)
		var counts []string
		for _, m := range regexp.MustCompile(`data-probleemdomeinen>(\d+)<`).FindAllStringSubmatch(res.Body, -1) {
			counts = append(counts, m[1])
		}
		if !slices.Equal(counts, []string{"3", "0"}) {
			t.Errorf("problem domains in the ranking %v; want [3 0]", counts)
		}
	})
}
