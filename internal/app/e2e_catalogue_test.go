package app_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/browsertest"
)

// TestBrowserCatalogue: the admin of the demo finds the cost catalogue in the
// navigation, filters it, gives an item a new price (first with a point for a
// comma, then right) and changes a figure of the price index; a regisseur goes
// from a household's costs to the explanation of the price year and sees no
// forms. Every page is checked with axe-core.
func TestBrowserCatalogue(t *testing.T) {
	b := browsertest.New(t)
	a, base := demoApp(t)
	sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("test"))

	t.Run("admin", func(t *testing.T) {
		current, err := a.Services.CostCatalogue.FindCostItems(sys, kluwen.CostItemFilter{Code: "WMO-SUPPORT-HOUR", Current: true})
		if err != nil || len(current) != 1 {
			t.Fatalf("the current period of WMO-SUPPORT-HOUR: %v, %v", current, err)
		}
		from := current[0].ValidFrom.AddDate(1, 0, 0)

		ad := b.NewTab(t)
		signIn(t, ad, base, "beheer")
		ad.ClickAndWait(`nav a[href="/beheer/kostencatalogus"]`)
		ad.CheckA11y(t)
		shot(ad, "beheer-kostencatalogus")
		if !ad.Exists(`table#kostencatalogus tr[data-code="WMO-SUPPORT-HOUR"]`) {
			t.Fatal("the catalogue does not list WMO-SUPPORT-HOUR")
		}
		ad.SetValue("#sector", "gemeente")
		ad.SetValue("#zoek", "WMO")
		ad.ClickAndWait(`#catalogus-filter button[type="submit"]`)
		if ad.Exists(`tr[data-code="POL-HOUR"]`) || !ad.Exists(`tr[data-code="WMO-SUPPORT-HOUR"]`) {
			t.Errorf("the filter on sector and text: %s", ad.URL())
		}
		ad.CheckA11y(t)

		ad.ClickAndWait(`a[href="/beheer/kostencatalogus/WMO-SUPPORT-HOUR"]`)
		ad.CheckA11y(t)
		ad.ClickAndWait("#nieuwe-prijs")
		ad.CheckA11y(t)
		ad.SetValue("#unitPrice", "61.50")
		ad.SetValue("#priceYear", "2025")
		ad.SetValue("#validFrom", current[0].ValidFrom.Format(kluwen.DateLayout))
		ad.ClickAndWait(`#prijs-formulier button[type="submit"]`)
		if !ad.Exists("#foutmelding") || !ad.Exists("#unitPrice[autofocus]") {
			t.Fatalf("no error summary with the focus on the price: %s", ad.Text("main"))
		}
		if s := ad.Text("#foutmelding"); !strings.Contains(s, "Gebruik een komma voor de centen") || !strings.Contains(s, "Een nieuwe prijs geldt na het begin van de huidige periode") {
			t.Errorf("the error summary says %q", s)
		}
		ad.CheckA11y(t)
		shot(ad, "beheer-nieuwe-prijs-fout")
		ad.SetValue("#unitPrice", "61,50")
		ad.SetValue("#validFrom", from.Format(kluwen.DateLayout))
		ad.ClickAndWait(`#prijs-formulier button[type="submit"]`)
		if main := ad.Text("main"); !strings.Contains(main, "De nieuwe prijs is vastgelegd.") || !strings.Contains(ad.Text("#perioden"), "€ 61,50") {
			t.Fatalf("after the new price: %s", main)
		}
		ad.CheckA11y(t)
		periods, err := a.Services.CostCatalogue.FindCostItems(sys, kluwen.CostItemFilter{Code: "WMO-SUPPORT-HOUR"})
		if err != nil {
			t.Fatal(err)
		}
		if last := periods[len(periods)-1]; last.UnitPrice != 6150 || !last.ValidFrom.Equal(from) {
			t.Errorf("the latest period: %+v", last)
		}

		ad.ClickAndWait(`nav a[href="/beheer/prijsindex"]`)
		ad.CheckA11y(t)
		shot(ad, "beheer-prijsindex")
		if !ad.Exists(`svg#prijsindex-grafiek[role="img"] title`) || !ad.Exists(`table#prijsindex tr[data-year="2015"]`) {
			t.Fatal("no index chart with its table")
		}
		ad.SetValue("#year", "2025")
		ad.SetValue("#value", "133.10")
		ad.SetValue("#source", "CBS StatLine, voorlopig")
		ad.ClickAndWait(`#indexcijfer-formulier button[type="submit"]`)
		if !ad.Exists("#foutmelding") || !ad.Exists("#value[autofocus]") {
			t.Fatalf("no error summary for 133.10: %s", ad.Text("main"))
		}
		ad.CheckA11y(t)
		ad.SetValue("#value", "133,10")
		ad.ClickAndWait(`#indexcijfer-formulier button[type="submit"]`)
		if !strings.Contains(ad.Text("main"), "Het indexcijfer is opgeslagen.") || !ad.Exists(`tr[data-year="2025"]`) {
			t.Fatalf("after saving 2025: %s", ad.Text("main"))
		}
		ad.CheckA11y(t)
	})

	t.Run("regisseur", func(t *testing.T) {
		rg := b.NewTab(t)
		signIn(t, rg, base, "regisseur")
		rg.Navigate(base + "/portefeuille")
		rg.ClickAndWait(`#ranglijst a[href$="/kosten"]`)
		rg.ClickAndWait("#over-prijsjaar")
		if !strings.HasSuffix(rg.URL(), "/beheer/prijsindex") {
			t.Fatalf("the price-year link goes to %s", rg.URL())
		}
		rg.CheckA11y(t)
		if rg.Exists("#indexcijfer-formulier") {
			t.Error("a regisseur gets the form to change the index")
		}
		if !strings.Contains(rg.Text("#prijsindex-uitleg"), "Het basisjaar is 2015") {
			t.Errorf("the explanation says %q", rg.Text("#prijsindex-uitleg"))
		}
		rg.Navigate(base + "/beheer/kostencatalogus/WMO-SUPPORT-HOUR")
		rg.CheckA11y(t)
		if rg.Exists("#nieuwe-prijs") || !rg.Exists("table#perioden") {
			t.Error("the regisseur's item page: a form link, or no periods")
		}
	})
}
