package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/browsertest"
)

// TestBrowserCosts: the analyst sees the concentration curve of the demo's costs
// and no household's name or address anywhere; the woonconsulent records an
// eviction cost for its own corporation, and a post forged for the police is
// refused. Every page is checked with axe-core.
func TestBrowserCosts(t *testing.T) {
	b := browsertest.New(t)
	a, base := demoApp(t)
	sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("test"))

	// The names and street addresses of every demo person and household.
	var secrets []string
	for after := int64(0); ; {
		page, err := a.Services.Persons.FindPersons(sys, kluwen.PersonFilter{AfterID: after, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, p := range page {
			after = p.ID
			secrets = append(secrets, p.Name())
		}
	}
	for after := int64(0); ; {
		page, err := a.Services.Households.FindHouseholds(sys, kluwen.HouseholdFilter{AfterID: after, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, h := range page {
			after = h.ID
			secrets = append(secrets, fmt.Sprintf("%s %d", h.Street, h.HouseNumber))
		}
	}
	if len(secrets) < 300 {
		t.Fatalf("only %d names and addresses in the demo", len(secrets))
	}
	noSecrets := func(tab *browsertest.Tab, where string) {
		t.Helper()
		html := tab.HTML()
		for _, s := range secrets {
			if strings.Contains(html, s) {
				t.Errorf("%s shows %q", where, s)
			}
		}
		if strings.Contains(html, `href="/huishoudens/`) {
			t.Errorf("%s links to a household", where)
		}
	}

	t.Run("analyst", func(t *testing.T) {
		an := b.NewTab(t)
		signIn(t, an, base, "analist")
		an.CheckA11y(t)
		noSecrets(an, "the analyst's start page")
		an.ClickAndWait(`a[href="/portefeuille"]`)
		an.CheckA11y(t)
		shot(an, "analist-portefeuille")
		if !an.Exists(`svg#concentratiecurve[role="img"] title`) || !an.Exists("table#concentratie") {
			t.Fatal("no concentration curve with its table")
		}
		if s := an.Text("#concentratie-zin"); !strings.HasPrefix(s, "De duurste 5% van de huishoudens draagt ") || !strings.HasSuffix(s, "% van de kosten.") {
			t.Errorf("sentence %q", s)
		}
		if !strings.Contains(an.Text("#ranglijst"), "HH-") {
			t.Error("the ranking shows no pseudonyms")
		}
		noSecrets(an, "the portfolio")

		// Ranked by problem domains: the demo's assessments give the first
		// household several.
		an.SetValue("#rangorde", "probleemdomeinen")
		an.ClickAndWait(`#portefeuille-filter button[type="submit"]`)
		if !strings.Contains(an.URL(), "rangorde=probleemdomeinen") {
			t.Errorf("ranked at %s", an.URL())
		}
		var n int
		if _, err := fmt.Sscan(an.Text(`#ranglijst tbody tr:first-child td[data-probleemdomeinen]`), &n); err != nil || n < 2 {
			t.Errorf("the first household by problem domains has %d (%v)", n, err)
		}
		an.CheckA11y(t)
		shot(an, "analist-portefeuille-probleemdomeinen")
		noSecrets(an, "the portfolio by problem domains")

		// The filter is a GET form.
		an.SetValue("#sector", "wonen")
		an.SetValue("#van", "2022")
		an.ClickAndWait(`#portefeuille-filter button[type="submit"]`)
		if !strings.Contains(an.URL(), "sector=wonen") {
			t.Errorf("filtered to %s", an.URL())
		}
		an.CheckA11y(t)
		noSecrets(an, "the filtered portfolio")

		// A mistake in the filter: the error summary, accessible too.
		an.SetValue("#van", "twintig")
		an.ClickAndWait(`#portefeuille-filter button[type="submit"]`)
		if !an.Exists("#foutmelding") {
			t.Error("no error summary for a bad year")
		}
		an.CheckA11y(t)

		// The cohort course of every case so far, from the menu.
		an.ClickAndWait(`nav a[href="/kosten/cohorten"]`)
		an.CheckA11y(t)
		shot(an, "analist-cohort")
		if !strings.HasPrefix(an.Text("#cohort-zin"), "Het cohort telt ") {
			t.Errorf("cohort sentence %q", an.Text("#cohort-zin"))
		}
		for _, sel := range []string{`svg#kosten-verloop[role="img"] title`, "table#kosten-per-kwartaal", `svg#uitkomst-score[role="img"]`, "table#uitkomsten-per-kwartaal"} {
			if !an.Exists(sel) {
				t.Errorf("the cohort page lacks %s", sel)
			}
		}
		noSecrets(an, "the cohort course")
		an.SetValue("#voor", "0")
		an.ClickAndWait(`#cohort-filter button[type="submit"]`)
		if !an.Exists("#foutmelding") || !an.Exists("#voor[autofocus]") {
			t.Error("no error summary for zero quarters")
		}
		an.CheckA11y(t)

		// Who pays, who gains, from the portfolio.
		an.Navigate(base + "/portefeuille")
		an.ClickAndWait(`#analyse-links a[href="/kosten/wie-betaalt"]`)
		an.CheckA11y(t)
		shot(an, "analist-wie-betaalt")
		if !an.Exists(`svg#verandering-per-partner[role="img"] title`) || !an.Exists("table#partners") {
			t.Error("who pays has no chart of the changes with its table")
		}
		if !strings.Contains(an.Text("#verkeerde-zak"), "verkeerde-zakprobleem") {
			t.Errorf("explanation %q", an.Text("#verkeerde-zak"))
		}
		noSecrets(an, "who pays, who gains")
	})

	t.Run("woonconsulent", func(t *testing.T) {
		orgs, err := a.Services.Organisations.FindOrganisations(sys, kluwen.OrganisationFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var corp, police *kluwen.Organisation
		for _, o := range orgs {
			switch {
			case o.Name == "Woonstichting De Rivierstede":
				corp = o
			case o.Sector == kluwen.SectorVeiligheid && strings.HasPrefix(o.Name, "Politie"):
				police = o
			}
		}
		if corp == nil || police == nil {
			t.Fatal("no corporation or police in the demo")
		}
		// A household of an open case the corporation takes part in.
		today := kluwen.Today()
		open := true
		cases, err := a.Services.Cases.FindCases(sys, kluwen.CaseFilter{Open: &open, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		var hh, caseID int64
		for _, c := range cases {
			full, err := a.Services.Cases.FindCaseByID(sys, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, iv := range full.Involvements {
				if iv.OrganisationID == corp.ID && iv.Active(today) && hh == 0 {
					hh, caseID = c.HouseholdID, c.ID
				}
			}
		}
		if hh == 0 {
			t.Fatal("the corporation takes part in no open case of the demo")
		}
		count := func(org int64) int {
			recs, err := a.Services.Costs.FindCostRecords(sys, kluwen.CostRecordFilter{HouseholdID: hh, OrganisationID: &org, Limit: 10000})
			if err != nil {
				t.Fatal(err)
			}
			return len(recs)
		}
		corpBefore, policeBefore := count(corp.ID), count(police.ID)

		wc := b.NewTab(t)
		signIn(t, wc, base, "woonconsulent")
		wc.Navigate(fmt.Sprintf("%s/huishoudens/%d/kosten", base, hh))
		wc.CheckA11y(t)
		wc.ClickAndWait("#kosten-vastleggen")
		wc.CheckA11y(t)
		shot(wc, "woonconsulent-kosten-formulier")
		orgOptions := wc.Text("#organisationId")
		if strings.TrimSpace(orgOptions) != corp.Name {
			t.Errorf("the form offers the organisations %q; want only %q", orgOptions, corp.Name)
		}

		// First a mistake, then the eviction.
		wc.SetValue("#itemCode", "WONEN-EVICTION")
		wc.SetValue("#quantity", "-1")
		wc.SetValue("#from", "2025-11-03")
		wc.ClickAndWait(`#kosten-formulier button[type="submit"]`)
		if !wc.Exists("#foutmelding") || !wc.Exists("#quantity[autofocus]") {
			t.Fatalf("no error summary with focus on the quantity: %s", wc.Text("main"))
		}
		wc.CheckA11y(t)
		if !wc.Exists("#departmentId") || !wc.Exists("#personId") || !wc.Exists(`#correction[type="checkbox"]`) {
			t.Error("the form lacks the department, the person or the correction box")
		}
		wc.SetValue("#quantity", "1")
		wc.SetValue("#lifeDomain", "huisvesting")
		wc.ClickAndWait(`#kosten-formulier button[type="submit"]`)
		if !strings.Contains(wc.Text("main"), "De kosten zijn vastgelegd.") {
			t.Fatalf("after recording: %s", wc.Text("main"))
		}
		wc.CheckA11y(t)
		shot(wc, "woonconsulent-kosten")
		if !wc.Exists(`[data-item-code="WONEN-EVICTION"]`) {
			t.Error("the eviction is not among the cost drivers")
		}
		// The list of records holds the corporation's own only.
		if row := wc.Text("#kostenregels tbody tr:first-child"); !strings.Contains(row, corp.Name) {
			t.Errorf("the newest record in the list: %q", row)
		}
		if got := count(corp.ID); got != corpBefore+1 {
			t.Errorf("the corporation has %d records on the household, want %d", got, corpBefore+1)
		}

		// A post forged for the police: the form is changed in the page and sent.
		wc.Navigate(fmt.Sprintf("%s/huishoudens/%d/kosten/nieuw", base, hh))
		if _, err := chromedp.Run(wc.Ctx(), chromedp.Evaluate[string](fmt.Sprintf(
			`document.querySelector('#organisationId option').value = '%d'`, police.ID))); err != nil {
			t.Fatal(err)
		}
		wc.SetValue("#organisationId", fmt.Sprint(police.ID))
		wc.SetValue("#itemCode", "POL-INCIDENT")
		wc.SetValue("#quantity", "1")
		wc.SetValue("#from", "2025-11-03")
		wc.ClickAndWait(`#kosten-formulier button[type="submit"]`)
		if main := wc.Text("main"); !strings.Contains(main, "Geen toegang") {
			t.Errorf("a post for the police answers: %s", main)
		}
		wc.CheckA11y(t)
		if got := count(police.ID); got != policeBefore {
			t.Errorf("the police have %d records on the household after the forged post, had %d", got, policeBefore)
		}

		// Importing a file from the household's cost page: upload, mapping,
		// preview with the bad row by line, only the good rows.
		t.Run("import", func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "kosten.csv")
			csv := fmt.Sprintf("Kenmerk;Huishouden;Kostenpost;Aantal;Datum;Leefgebied\nE2E-1;%d;WONEN-EVICTION;1;03-11-2025;Huisvesting\nE2E-2;%d;GEEN-POST;1;03-11-2025;\n", hh, hh)
			if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
				t.Fatal(err)
			}
			before := count(corp.ID)
			wc.Navigate(fmt.Sprintf("%s/huishoudens/%d/kosten", base, hh))
			wc.ClickAndWait("#kosten-importeren")
			wc.CheckA11y(t)
			wc.Run(chromedp.SetUploadFiles(chromedp.CSS("#bestand"), []string{file}))
			wc.ClickAndWait(`#import-formulier button[type="submit"]`)
			if !wc.Exists("#kolommen") || !wc.Exists("#koppeling-formulier") {
				t.Fatalf("no mapping after the upload: %s", wc.Text("main"))
			}
			wc.CheckA11y(t)
			shot(wc, "woonconsulent-import-koppeling")
			wc.ClickAndWait(`#koppeling-formulier button[type="submit"]`)
			if got := wc.Text("#telling-fouten"); got != "1" {
				t.Fatalf("%q rows with errors in the preview: %s", got, wc.Text("main"))
			}
			if !strings.Contains(wc.Text(`#fouten tr[data-line="3"]`), "Kostenpost") {
				t.Errorf("line 3 not reported: %s", wc.Text("#fouten"))
			}
			wc.CheckA11y(t)
			shot(wc, "woonconsulent-import-controle")
			wc.ClickAndWait("#goede-regels-importeren")
			if got := wc.Text("#telling-nieuw"); got != "1" {
				t.Fatalf("%q imported: %s", got, wc.Text("main"))
			}
			wc.CheckA11y(t)
			if got := count(corp.ID); got != before+1 {
				t.Errorf("the corporation has %d records on the household after the import, want %d", got, before+1)
			}
		})
		// The case's cost course beside its outcomes, from the case page.
		wc.Navigate(fmt.Sprintf("%s/casussen/%d", base, caseID))
		wc.ClickAndWait("#kostenverloop-link")
		wc.CheckA11y(t)
		shot(wc, "woonconsulent-kostenverloop")
		if !wc.Exists(`svg#kosten-verloop[role="img"] title`) || !wc.Exists("table#kosten-per-kwartaal") || !wc.Exists("table#uitkomsten-per-kwartaal") {
			t.Error("the case's cost course lacks its chart or tables")
		}
	})
}
