package web_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// cohort gives the world a cohort of five cases that start on the store's
// today: the world's case and four more households, each with police costs half
// a year before the start and the municipality's preventive effort from it on.
// The mother is assessed on the day of the start.
func (w *world) cohort(today time.Time) {
	w.t.Helper()
	ctx := sys()
	households := []int64{w.household}
	for i := range 4 {
		h := &kluwen.Household{Street: "Cohortstraat", HouseNumber: 40 + i, Postcode: "1234 CD", City: "Kluwendam", Wijk: "Oost", RegisteredByOrgID: w.gemeente}
		must(w.t, w.svc.Households.CreateHousehold(ctx, h))
		p := &kluwen.Person{GivenName: "Cornelia", FamilyName: "Cohortman", BirthDate: date("1979-03-01"), RegisteredByOrgID: w.gemeente}
		must(w.t, w.svc.Persons.CreatePerson(ctx, p))
		must(w.t, w.svc.Households.AddMember(ctx, &kluwen.Membership{HouseholdID: h.ID, PersonID: p.ID, From: date("2020-01-01"), Role: kluwen.MemberHead}))
		must(w.t, w.svc.Cases.CreateCase(ctx, &kluwen.Case{HouseholdID: h.ID, Title: "Schulden", RegisseurID: w.users["regisseur"].ID}))
		must(w.t, w.svc.Assessments.CreateAssessment(ctx, &kluwen.Assessment{HouseholdID: h.ID, PersonID: p.ID, Date: today, OrganisationID: w.gemeente,
			Scores: []*kluwen.AssessmentScore{{DomainCode: "financien", Score: 1}, {DomainCode: "huisvesting", Score: 4}}}))
		households = append(households, h.ID)
	}
	for _, h := range households {
		must(w.t, w.svc.Costs.CreateCostRecord(ctx, &kluwen.CostRecord{OrganisationID: w.politie, HouseholdID: h, Amount: 80000, Description: "Inzet bij overlast",
			Kind: kluwen.KindDrang, CostType: kluwen.CostTypeService, From: today.AddDate(0, -6, 0), LifeDomain: "justitie"}))
		must(w.t, w.svc.Costs.CreateCostRecord(ctx, &kluwen.CostRecord{OrganisationID: w.gemeente, HouseholdID: h, Amount: 30000, Description: "Gezinscoach",
			Kind: kluwen.KindPreventie, CostType: kluwen.CostTypeService, From: today, LifeDomain: "opvoeding"}))
	}
	must(w.t, w.svc.Costs.CreateCostRecord(ctx, &kluwen.CostRecord{OrganisationID: w.gemeente, HouseholdID: w.household, Amount: 45000, Description: "Bijzondere bijstand",
		Kind: kluwen.KindZorg, CostType: kluwen.CostTypeTransfer, From: today, LifeDomain: "financien"}))
	must(w.t, w.svc.Assessments.CreateAssessment(ctx, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.mother, Date: today, OrganisationID: w.gemeente,
		Scores: []*kluwen.AssessmentScore{{DomainCode: "financien", Score: 2}, {DomainCode: "huisvesting", Score: 3}}}))
}

// storeBackInTime opens a database whose clock runs days behind until the
// returned function brings it to the present: to let cases start in the past.
func storeBackInTime(t *testing.T, open opener, days int) (*sqlstore.DB, func() time.Time, func()) {
	var mu sync.Mutex
	shift := -time.Duration(days) * 24 * time.Hour
	now := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return time.Now().UTC().Add(shift)
	}
	db := open(t, testdb.Options{Now: now})
	return db, now, func() { mu.Lock(); shift = 0; mu.Unlock() }
}

// TestMonitoringPages: the cohort's cases started some 200 days ago, so that
// the quarters from the start up to the last one have ended and count.
func TestMonitoringPages(t *testing.T) {
	eachOpener(t, func(t *testing.T, open opener) {
		db, storeNow, present := storeBackInTime(t, open, 200)
		w := newWorld(t, db, web.Config{})
		start := kluwen.DateOf(storeNow().In(amsterdam()))
		// A flat index over the cohort's years, so that the amounts below read
		// the same in every price year, whichever year the index ends in.
		idx, err := w.svc.CostCatalogue.FindPriceIndex(sys())
		must(t, err)
		flat := int64(idx.Convert(10000, 2015, start.Year()-1))
		for y := start.Year(); y <= kluwen.Today().Year()+1; y++ {
			must(t, w.svc.CostCatalogue.SetPriceIndexYear(sys(), kluwen.PriceIndexYear{Year: y, Value: flat, Source: "test: vlak"}))
		}
		w.cohort(start)
		present()
		// A cost of this year on a household outside the cohort: the quarters
		// of this year that have ended count, whatever day the test runs.
		must(t, w.svc.Costs.CreateCostRecord(sys(), &kluwen.CostRecord{OrganisationID: w.corporatie, HouseholdID: w.otherHousehold, Amount: 10000,
			Description: "Huurderving", Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: kluwen.Today(), LifeDomain: "huisvesting"}))
		cs, hh := id(w.caseID), id(w.household)
		// What the analyst may never see: names, addresses, household links.
		secrets := []string{"Maria", "Vries", "Cornelia", "Cohortman", "Lindelaan", "Cohortstraat", "/huishoudens/", "/casussen/"}
		tests := []struct {
			name, user, path string
			check
		}{
			{"case course for regisseur", "regisseur", "/casussen/" + cs + "/kosten", check{status: 200, contains: []string{
				"Kostenverloop van casus " + cs, `id="kosten-verloop"`, `role="img"`, `<title id="kosten-verloop-titel">`, `id="kosten-per-kwartaal"`,
				"Preventie", "Drang", "€ 800,00", "€ 300,00", "€ 450,00", "0 (start)", "−2",
				`id="uitkomst-score"`, `id="uitkomst-probleemdomeinen"`, `id="uitkomsten-per-kwartaal"`, "2,50", "geen meting",
				`href="/huishoudens/` + hh + `/kosten?prijsjaar=`, `id="prijsjaar-formulier"`},
				notContains: []string{`id="alleen-eigen"`, `id="geen-uitkomsten"`}}},
			{"case course in another price year", "regisseur", "/casussen/" + cs + "/kosten?prijsjaar=2015", check{status: 200, contains: []string{"in prijzen van 2015", `<option value="2015" selected>`}}},
			{"case course with a bad price year", "regisseur", "/casussen/" + cs + "/kosten?prijsjaar=1850", check{status: 422, contains: []string{`href="#prijsjaar"`, "Kies een prijsjaar uit de lijst."}}},
			{"case course for the involved police", "agent", "/casussen/" + cs + "/kosten", check{status: 200, contains: []string{`id="alleen-eigen"`, "€ 800,00", "2,50"},
				notContains: []string{"€ 300,00", "€ 450,00"}}},
			{"no case course for an uninvolved partner", "woonconsulent", "/casussen/" + cs + "/kosten", check{status: 404, notContains: []string{"Kostenverloop van casus"}}},
			{"no case course for the analyst", "analist", "/casussen/" + cs + "/kosten", check{status: 404, notContains: []string{"Kostenverloop van casus"}}},
			{"case page links to its cost course", "regisseur", "/casussen/" + cs, check{status: 200, contains: []string{`id="kostenverloop-link"`, `href="/casussen/` + cs + `/kosten"`}}},

			{"cohort for the analyst", "analist", "/kosten/cohorten", check{status: 200, contains: []string{
				"Kostenverloop van een cohort", `id="cohort-zin"`, "Het cohort telt 5 casussen", "Kwartalen tot en met", `id="kosten-verloop"`, `id="kosten-per-kwartaal"`,
				"€ 800,00", "€ 300,00", "€ 90,00", `id="uitkomst-score"`, `id="uitkomsten-per-kwartaal"`,
				// (2.5 + 4 × 2.5) / 5 on average; one problem domain each.
				"2,50", "1,00", `value="` + fmt.Sprint(kluwen.FirstCostYear) + `-01-01"`},
				notContains: append([]string{"Kalenderkwartaal"}, secrets...)}},
			{"cohort for the regisseur", "regisseur", "/kosten/cohorten?van=" + start.Format(kluwen.DateLayout) + "&voor=2&na=2&prijsjaar=2024", check{status: 200, contains: []string{
				"Het cohort telt 5 casussen", `<option value="2024" selected>`, `value="2"`}}},
			{"no case started today", "analist", "/kosten/cohorten?van=" + kluwen.Today().Format(kluwen.DateLayout), check{status: 200, contains: []string{
				`id="cohort-onderdrukt"`, "In deze periode begonnen 0 casussen"}}},
			{"the quarters still to come are not counted as quarters without costs", "analist", "/kosten/cohorten?na=8", check{status: 200, contains: []string{
				"nog voor geen huishouden voorbij", "Huishoudens met het kwartaal voorbij", "Alleen kwartalen die voorbij zijn tellen mee"}}},
			{"a small cohort is suppressed", "analist", "/kosten/cohorten?van=2015-01-01&tot=2015-12-31", check{status: 200, contains: []string{
				`id="cohort-onderdrukt"`, "In deze periode begonnen 0 casussen", "tonen we niet"}, notContains: []string{`id="kosten-verloop"`}}},
			{"cohort with bad input", "analist", "/kosten/cohorten?van=gisteren&tot=2019-01-01&voor=0&na=veel", check{status: 422, contains: []string{
				`id="foutmelding"`, `href="#van"`, `href="#voor"`, `href="#na"`, "Vul de eerste startdatum in als een geldige datum",
				"Vul het aantal kwartalen voor de start in als een getal van 1 tot en met 40."}, notContains: []string{`id="kosten-verloop"`}}},
			{"cohort ending before it starts", "analist", "/kosten/cohorten?van=2024-01-01&tot=2023-01-01", check{status: 422, contains: []string{
				`href="#tot"`, "De laatste startdatum ligt voor de eerste."}}},
			{"no cohort for a partner professional", "agent", "/kosten/cohorten", check{status: 403}},

			{"who pays for the analyst", "analist", "/kosten/wie-betaalt", check{status: 200, contains: []string{
				"Wie betaalt, wie wint", `id="verkeerde-zak"`, "verkeerde-zakprobleem", `id="verandering-per-partner"`, `role="img"`, `id="partners"`,
				"Politie Basisteam Kluwendam", "Gemeente Kluwendam", "−€ 4.000,00", "&#43;€ 1.500,00" /* html/template writes + as &#43; */, "€ 1.500,00", "Het cohort telt 5 casussen"},
				notContains: secrets}},
			{"who pays with bad input", "analist", "/kosten/wie-betaalt?kwartalen=99&prijsjaar=1850", check{status: 422, contains: []string{
				`href="#kwartalen"`, `href="#prijsjaar"`, "Vul het aantal kwartalen voor en na de start in als een getal van 1 tot en met 40."}, notContains: []string{`id="partners"`}}},
			{"who pays, suppressed", "regisseur", "/kosten/wie-betaalt?van=2015-01-01&tot=2015-12-31", check{status: 200, contains: []string{`id="cohort-onderdrukt"`}}},
			{"no who pays for a partner professional", "agent", "/kosten/wie-betaalt", check{status: 403}},

			{"the portfolio links the analyses", "analist", "/portefeuille", check{status: 200, contains: []string{`id="analyse-links"`, `href="/kosten/cohorten"`, `href="/kosten/wie-betaalt"`}}},
		}
		clients := map[string]*client{}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if clients[tt.user] == nil {
					clients[tt.user] = w.signedIn(tt.user)
				}
				tt.verify(t, clients[tt.user].get(tt.path))
			})
		}
		t.Run("the menu links the analyses", func(t *testing.T) {
			for _, u := range []string{"analist", "regisseur"} {
				body := clients[u].get("/").Body
				if !strings.Contains(body, `href="/kosten/cohorten"`) || !strings.Contains(body, `href="/kosten/wie-betaalt"`) {
					t.Errorf("%s's menu lacks the analyses", u)
				}
			}
			if body := clients["agent"].get("/").Body; strings.Contains(body, `href="/kosten/cohorten"`) {
				t.Error("a partner professional's menu links the cohorts")
			}
		})
	})
}
