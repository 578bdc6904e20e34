package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// logged reports whether the access log has an entry of the event with the
// outcome by the user.
func (w *world) logged(event string, outcome kluwen.AuditOutcome, username string) bool {
	w.t.Helper()
	uid := w.users[username].ID
	es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{UserID: &uid, Outcome: &outcome, Limit: 200})
	must(w.t, err)
	for _, e := range es {
		if e.EventType == event {
			return true
		}
	}
	return false
}

// rowsOf counts the rows of the catalogue table with the code.
func rowsOf(body, code string) int {
	return strings.Count(body, `data-code="`+code+`"`)
}

func TestCostCatalogueRead(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		tests := []struct {
			name, user, path string
			check
		}{
			{"regisseur reads the catalogue", "regisseur", "/beheer/kostencatalogus", check{status: 200, contains: []string{
				`id="kostencatalogus"`, `data-code="POL-HOUR"`, `data-code="BIJSTAND-YEAR"`, "Veiligheid", "Drang, dwang en straf", "Inkomensoverdracht (uitkering)",
				"vanaf 1 jan 2025", `href="/beheer/kostencatalogus/POL-HOUR"`, `href="https://`, `href="/beheer/prijsindex"`},
				notContains: []string{`id="kostenpost-toevoegen"`, "beëindigd</span>"}}},
			{"analyst reads it", "analist", "/beheer/kostencatalogus", check{status: 200, contains: []string{`data-code="WONEN-EVICTION"`}}},
			{"professional reads it", "agent", "/beheer/kostencatalogus", check{status: 200, contains: []string{`data-code="WONEN-EVICTION"`}}},
			{"admin may add", "beheerder", "/beheer/kostencatalogus", check{status: 200, contains: []string{`id="kostenpost-toevoegen"`,
				`href="/beheer/kostencatalogus" aria-current="page"`}}},
			{"by sector", "regisseur", "/beheer/kostencatalogus?sector=wonen", check{status: 200, contains: []string{`data-code="WONEN-EVICTION"`, `<option value="wonen" selected>`},
				notContains: []string{`data-code="POL-HOUR"`, `data-code="BIJSTAND-YEAR"`}}},
			{"by kind", "regisseur", "/beheer/kostencatalogus?soort=preventie", check{status: 200, contains: []string{`data-code="REGIE-HOUR"`, `data-code="CASUSOVERLEG"`},
				notContains: []string{`data-code="POL-HOUR"`, `data-code="JZ-GGZ-HOUR"`}}},
			{"by cost type", "regisseur", "/beheer/kostencatalogus?kostensoort=overdracht", check{status: 200, contains: []string{`data-code="BIJSTAND-YEAR"`},
				notContains: []string{`data-code="POL-HOUR"`, `data-code="BIJSTAND-ADMIN-YEAR"`}}},
			{"by text", "regisseur", "/beheer/kostencatalogus?zoek=evict", check{status: 200, contains: []string{`data-code="WONEN-EVICTION"`},
				notContains: []string{`data-code="POL-HOUR"`}}},
			{"nothing found", "regisseur", "/beheer/kostencatalogus?zoek=ruimtevaart", check{status: 200, contains: []string{`id="geen-kostenposten"`}}},
			{"bad filter", "regisseur", "/beheer/kostencatalogus?sector=ruimtevaart&soort=x&kostensoort=y", check{status: 422, contains: []string{
				`id="foutmelding"`, `href="#sector"`, `href="#soort"`, `href="#kostensoort"`, "Kies een sector uit de lijst."},
				notContains: []string{`id="kostencatalogus"`}}},
			{"item page", "regisseur", "/beheer/kostencatalogus/POL-HOUR", check{status: 200, contains: []string{`id="perioden"`, "Vandaag geldt", "1 januari 2011", "31 december 2011",
				`id="kostenpost-bron"`, `href="http://sporteneconomie.blogspot.com/`},
				notContains: []string{`id="nieuwe-prijs"`, `id="kostenpost-wijzigen"`}}},
			{"item page by lower-case code", "regisseur", "/beheer/kostencatalogus/pol-hour", check{status: 200, contains: []string{`id="perioden"`}}},
			{"item page for the admin", "beheerder", "/beheer/kostencatalogus/POL-HOUR", check{status: 200, contains: []string{`id="nieuwe-prijs"`, `id="kostenpost-wijzigen"`}}},
			{"unknown item", "regisseur", "/beheer/kostencatalogus/GEEN-POST", check{status: 404}},
			{"price index", "regisseur", "/beheer/prijsindex", check{status: 200, contains: []string{`id="prijsindex"`, `id="prijsindex-grafiek"`, `role="img"`,
				"Het basisjaar is 2015", "2015 = 100", "126,06", "€ 100,00 van 2011 is", `id="prijsindex-bron"`},
				notContains: []string{`id="indexcijfer-formulier"`, "?jaar="}}},
			{"price index for the admin", "beheerder", "/beheer/prijsindex", check{status: 200, contains: []string{`id="indexcijfer-formulier"`, `value="2026"`}}},
			{"price index form filled for a year", "beheerder", "/beheer/prijsindex?jaar=2023", check{status: 200, contains: []string{`value="2023"`, `value="126,06"`}}},
			{"household costs link to the price year", "regisseur", "/huishoudens/" + id(w.household) + "/kosten", check{status: 200, contains: []string{`id="over-prijsjaar"`}}},
			{"admin's start page links", "beheerder", "/", check{status: 200, contains: []string{`id="beheer-kosten"`, `href="/beheer/prijsindex"`}}},
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

		t.Run("ended periods on request", func(t *testing.T) {
			cur := clients["regisseur"].get("/beheer/kostencatalogus")
			all := clients["regisseur"].get("/beheer/kostencatalogus?beeindigd=ja")
			if n := rowsOf(cur.Body, "POL-HOUR"); n != 1 {
				t.Errorf("%d rows of POL-HOUR by default, want 1", n)
			}
			periods, err := w.svc.CostCatalogue.FindCostItems(sys(), kluwen.CostItemFilter{Code: "POL-HOUR"})
			must(t, err)
			if n := rowsOf(all.Body, "POL-HOUR"); n != len(periods) || n < 2 {
				t.Errorf("%d rows of POL-HOUR with the ended periods, want %d", n, len(periods))
			}
			check{contains: []string{"beëindigd</span>", `value="ja" checked`}}.verify(t, all)
		})

		t.Run("signed out", func(t *testing.T) {
			res := w.client().get("/beheer/kostencatalogus")
			check{status: 303, location: "/inloggen"}.verify(t, res)
		})
	})
}

func TestCostCatalogueRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		for _, user := range []string{"regisseur", "analist", "fg"} {
			c := w.signedIn(user)
			for _, path := range []string{"/beheer/kostencatalogus/nieuw", "/beheer/kostencatalogus/POL-HOUR/bewerken", "/beheer/kostencatalogus/POL-HOUR/prijs"} {
				check{status: 403}.verify(t, c.get(path))
			}
			c.get("/beheer/kostencatalogus")
			for path, form := range map[string]url.Values{
				"/beheer/kostencatalogus":                   {"code": {"NIEUW-1"}, "name": {"x"}, "sector": {"zorg"}, "unit": {"uur"}, "unitPrice": {"10,00"}, "priceYear": {"2024"}, "validFrom": {"2024-01-01"}, "basis": {"eigen"}, "kind": {"zorg"}, "costType": {"dienst"}},
				"/beheer/kostencatalogus/POL-HOUR/bewerken": {"name": {"Anders"}, "unit": {"uur"}, "basis": {"eigen"}, "kind": {"zorg"}, "costType": {"dienst"}},
				"/beheer/kostencatalogus/POL-HOUR/prijs":    {"unitPrice": {"1,00"}, "priceYear": {"2025"}, "validFrom": {"2025-01-01"}, "basis": {"eigen"}},
				"/beheer/prijsindex":                        {"year": {"2023"}, "value": {"1,00"}, "source": {"x"}},
			} {
				check{status: 403}.verify(t, c.post(path, form))
			}
		}
		if !w.logged("costitem.price", kluwen.OutcomeRefused, "regisseur") || !w.logged("priceindex.save", kluwen.OutcomeRefused, "analist") {
			t.Error("the refused attempts are not in the access log")
		}
		items, err := w.svc.CostCatalogue.FindCostItems(sys(), kluwen.CostItemFilter{Code: "POL-HOUR", Current: true})
		must(t, err)
		if len(items) != 1 || items[0].Name == "Anders" || items[0].UnitPrice == 100 {
			t.Errorf("POL-HOUR changed by a refused post: %+v", items)
		}
		idx, err := w.svc.CostCatalogue.FindPriceIndex(sys())
		must(t, err)
		for _, y := range idx.Years {
			if y.Year == 2023 && y.Value != 126_06 {
				t.Errorf("the index of 2023 is %d after a refused post", y.Value)
			}
		}
		// The service refuses too, whatever the route lets through.
		regisseur := kluwen.NewContextWithActor(sys(), &kluwen.Actor{UserID: w.users["regisseur"].ID, Username: "regisseur", Role: kluwen.RoleRegisseur, OrganisationID: w.gemeente})
		if err := w.svc.CostCatalogue.SetPriceIndexYear(regisseur, kluwen.PriceIndexYear{Year: 2023, Value: 100, Source: "x"}); kluwen.ErrorCode(err) != kluwen.EFORBIDDEN {
			t.Errorf("the service lets a regisseur change the index: %v", err)
		}
	})
}

func TestCostCatalogueAdmin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		admin := w.signedIn("beheerder")
		ctx := sys()

		t.Run("new item: every mistake at once", func(t *testing.T) {
			admin.get("/beheer/kostencatalogus/nieuw")
			res := admin.post("/beheer/kostencatalogus", url.Values{"code": {"pol hour!"}, "name": {""}, "sector": {"ruimtevaart"}, "unit": {""},
				"unitPrice": {"52.1"}, "priceYear": {"twintig"}, "validFrom": {"32-13-2024"}, "basis": {""}, "kind": {"x"}, "costType": {""}})
			check{status: 422, contains: []string{`id="foutmelding"`, `href="#code"`, `href="#name"`, `href="#sector"`, `href="#unit"`, `href="#unitPrice"`,
				`href="#priceYear"`, `href="#validFrom"`, `href="#basis"`, `href="#kind"`, `href="#costType"`,
				"Gebruik een komma voor de centen, zoals 52,10.", "Vul het jaar in met vier cijfers", `value="52.1"`}}.verify(t, res)
			if n := strings.Count(res.Body, "autofocus"); n != 1 {
				t.Errorf("%d autofocus attributes, want 1", n)
			}
		})

		t.Run("new item: a code already there", func(t *testing.T) {
			res := admin.post("/beheer/kostencatalogus", url.Values{"code": {"pol-hour"}, "name": {"Politie-uur"}, "sector": {"veiligheid"}, "unit": {"uur"},
				"unitPrice": {"70,00"}, "priceYear": {"2024"}, "validFrom": {"2024-01-01"}, "basis": {"eigen"}, "kind": {"drang_dwang_straf"}, "costType": {"dienst"}})
			check{status: 422, contains: []string{`href="#code"`, "Deze code staat al in de catalogus."}}.verify(t, res)
		})

		t.Run("new item", func(t *testing.T) {
			res := admin.post("/beheer/kostencatalogus", url.Values{"code": {"buurt-bemiddeling"}, "name": {"Buurtbemiddeling"}, "sector": {"zorg"}, "unit": {"traject"},
				"unitPrice": {"1.250,50"}, "priceYear": {"2024"}, "validFrom": {"2024-01-01"}, "source": {"https://example.org/kengetallen"}, "basis": {"eigen"},
				"basisNote": {"tarief van de aanbieder"}, "kind": {"preventie"}, "costType": {"dienst"}})
			check{status: 303, location: "/beheer/kostencatalogus/BUURT-BEMIDDELING?melding=aangemaakt"}.verify(t, res)
			check{status: 200, contains: []string{"Buurtbemiddeling", "€ 1.250,50", "Preventie", `href="https://example.org/kengetallen"`}}.verify(t, admin.get(res.Location()))
			if !w.logged("costitem.create", kluwen.OutcomeSuccess, "beheerder") {
				t.Error("the new item is not in the access log as the admin's")
			}
		})

		t.Run("edit the description", func(t *testing.T) {
			before, err := w.svc.CostCatalogue.FindCostItems(ctx, kluwen.CostItemFilter{Code: "POL-HOUR"})
			must(t, err)
			admin.get("/beheer/kostencatalogus/POL-HOUR/bewerken")
			bad := admin.post("/beheer/kostencatalogus/POL-HOUR/bewerken", url.Values{"name": {""}, "unit": {"uur"}, "basis": {"x"}, "kind": {"zorg"}, "costType": {"dienst"}, "validTo": {"gisteren"}})
			check{status: 422, contains: []string{`href="#name"`, `href="#basis"`, `href="#validTo"`}}.verify(t, bad)
			res := admin.post("/beheer/kostencatalogus/POL-HOUR/bewerken", url.Values{"name": {"Inzet politie per uur"}, "unit": {"uur agent"}, "source": {"Politie, jaarverslag"},
				"basis": {"gepubliceerd"}, "basisNote": {""}, "kind": {"drang_dwang_straf"}, "costType": {"dienst"}})
			check{status: 303, location: "/beheer/kostencatalogus/POL-HOUR?melding=opgeslagen"}.verify(t, res)
			page := admin.get(res.Location())
			check{status: 200, contains: []string{"Inzet politie per uur", "uur agent", "Politie, jaarverslag", "De gegevens zijn opgeslagen."}}.verify(t, page)
			after, err := w.svc.CostCatalogue.FindCostItems(ctx, kluwen.CostItemFilter{Code: "POL-HOUR"})
			must(t, err)
			last := after[len(after)-1]
			if last.Name != "Inzet politie per uur" || last.UnitPrice != before[len(before)-1].UnitPrice || last.ValidFrom != before[len(before)-1].ValidFrom {
				t.Errorf("latest period after the edit: %+v", last)
			}
			if after[0].Name != before[0].Name {
				t.Errorf("an earlier period was renamed to %q", after[0].Name)
			}
			if !w.logged("costitem.update", kluwen.OutcomeSuccess, "beheerder") {
				t.Error("the edit is not in the access log as the admin's")
			}
		})

		t.Run("new price opens a period; an earlier record keeps its amount", func(t *testing.T) {
			old, err := w.svc.Costs.FindCostRecords(ctx, kluwen.CostRecordFilter{HouseholdID: w.household, Limit: 100})
			must(t, err)
			var rec *kluwen.CostRecord
			for _, r := range old {
				if r.ItemCode == "POL-HOUR" {
					rec = r
				}
			}
			if rec == nil {
				t.Fatal("no POL-HOUR record")
			}
			ovBefore, err := w.svc.Costs.HouseholdCostOverview(ctx, w.household, kluwen.CostOverviewOptions{PriceYear: 2024})
			must(t, err)
			periods, err := w.svc.CostCatalogue.FindCostItems(ctx, kluwen.CostItemFilter{Code: "POL-HOUR"})
			must(t, err)
			start := periods[len(periods)-1].ValidFrom

			page := admin.get("/beheer/kostencatalogus/POL-HOUR/prijs")
			check{status: 200, contains: []string{`id="prijs-uitleg"`, "houden hun prijs"}}.verify(t, page)

			// Every mistake at once, the start not after the current one's among them.
			bad := admin.post("/beheer/kostencatalogus/POL-HOUR/prijs", url.Values{"unitPrice": {"99.5"}, "priceYear": {"1850"}, "validFrom": {start.Format(kluwen.DateLayout)}, "basis": {""}})
			check{status: 422, contains: []string{`href="#unitPrice"`, `href="#priceYear"`, `href="#validFrom"`, `href="#basis"`,
				"Gebruik een komma voor de centen", "Een nieuwe prijs geldt na het begin van de huidige periode (" + start.Format("02-01-2006") + ")"}}.verify(t, bad)
			empty := admin.post("/beheer/kostencatalogus/POL-HOUR/prijs", url.Values{"priceYear": {"2025"}, "basis": {"eigen"}})
			check{status: 422, contains: []string{`href="#unitPrice"`, `href="#validFrom"`, "Vul in vanaf wanneer de nieuwe prijs geldt."}}.verify(t, empty)

			from := start.AddDate(1, 0, 0)
			res := admin.post("/beheer/kostencatalogus/POL-HOUR/prijs", url.Values{"unitPrice": {"99,99"}, "priceYear": {"2025"}, "validFrom": {from.Format(kluwen.DateLayout)},
				"basis": {"tarief"}, "basisNote": {"nieuw tarief"}})
			check{status: 303, location: "/beheer/kostencatalogus/POL-HOUR?melding=nieuwe-prijs"}.verify(t, res)
			check{status: 200, contains: []string{"De nieuwe prijs is vastgelegd.", "€ 99,99", "Gepubliceerd tarief: nieuw tarief"}}.verify(t, admin.get(res.Location()))
			if !w.logged("costitem.price", kluwen.OutcomeSuccess, "beheerder") {
				t.Error("the new price is not in the access log as the admin's")
			}

			now, err := w.svc.CostCatalogue.FindCostItems(ctx, kluwen.CostItemFilter{Code: "POL-HOUR"})
			must(t, err)
			if len(now) != len(periods)+1 {
				t.Fatalf("%d periods after a new price, want %d", len(now), len(periods)+1)
			}
			prev, last := now[len(now)-2], now[len(now)-1]
			if last.UnitPrice != 9999 || !last.ValidFrom.Equal(from) || last.ValidTo != nil || prev.ValidTo == nil || !prev.ValidTo.Equal(from.AddDate(0, 0, -1)) ||
				prev.UnitPrice != periods[len(periods)-1].UnitPrice {
				t.Errorf("periods after the new price: previous %+v, new %+v", prev, last)
			}
			recs, err := w.svc.Costs.FindCostRecords(ctx, kluwen.CostRecordFilter{HouseholdID: w.household, Limit: 100})
			must(t, err)
			for _, r := range recs {
				if r.ID == rec.ID && (r.Amount != rec.Amount || r.UnitPrice != rec.UnitPrice || r.ItemID != rec.ItemID) {
					t.Errorf("the record changed with the new price: %+v, was %+v", r, rec)
				}
			}
			ovAfter, err := w.svc.Costs.HouseholdCostOverview(ctx, w.household, kluwen.CostOverviewOptions{PriceYear: 2024})
			must(t, err)
			if ovAfter.Total != ovBefore.Total {
				t.Errorf("the overview changed with a new price: %+v, was %+v", ovAfter.Total, ovBefore.Total)
			}
			// A cost in the new period takes the new price.
			nr := &kluwen.CostRecord{OrganisationID: w.politie, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(2), From: from.AddDate(0, 1, 0)}
			must(t, w.svc.Costs.CreateCostRecord(ctx, nr))
			if nr.UnitPrice != 9999 || nr.Amount != 19998 {
				t.Errorf("a record in the new period: unit price %v, amount %v", nr.UnitPrice, nr.Amount)
			}
		})
	})
}

// totalIn reads the total of the service costs from a household's cost page.
var serviceTotal = regexp.MustCompile(`Kosten van inzet</dt><dd[^>]*>([^<]*)</dd>`)

func TestPriceIndexAdmin(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		admin := w.signedIn("beheerder")
		regisseur := w.signedIn("regisseur")
		costs := "/huishoudens/" + id(w.household) + "/kosten?prijsjaar=2023"
		total := func() string {
			t.Helper()
			res := regisseur.get(costs)
			check{status: 200, contains: []string{"Alle bedragen in prijzen van 2023."}}.verify(t, res)
			m := serviceTotal.FindStringSubmatch(res.Body)
			if m == nil {
				t.Fatalf("no total on the cost page\n%s", excerpt(res.Body))
			}
			return m[1]
		}
		before := total()
		admin.get("/beheer/prijsindex")

		t.Run("bad input", func(t *testing.T) {
			res := admin.post("/beheer/prijsindex", url.Values{"year": {"1850"}, "value": {"103.44"}, "source": {""}})
			check{status: 422, contains: []string{`id="foutmelding"`, `href="#year"`, `href="#value"`, `href="#source"`,
				"Gebruik een komma als decimaalteken, zoals 103,44", `value="103.44"`, `id="prijsindex"`}}.verify(t, res)
			res = admin.post("/beheer/prijsindex", url.Values{"year": {"2023"}, "value": {"103,444"}, "source": {"CBS"}})
			check{status: 422, contains: []string{"hoogstens twee cijfers achter de komma"}}.verify(t, res)
			res = admin.post("/beheer/prijsindex", url.Values{"year": {"2023"}, "value": {"0"}, "source": {"CBS"}})
			check{status: 422, contains: []string{`href="#value"`, "groter dan 0"}}.verify(t, res)
			if got := total(); got != before {
				t.Errorf("the overview changed after refused input: %s, was %s", got, before)
			}
		})

		t.Run("a changed figure changes the overview in another price year", func(t *testing.T) {
			res := admin.post("/beheer/prijsindex", url.Values{"year": {"2023"}, "value": {"252,12"}, "source": {"CBS, gecorrigeerd"}})
			check{status: 303, location: "/beheer/prijsindex?melding=indexcijfer"}.verify(t, res)
			check{status: 200, contains: []string{"Het indexcijfer is opgeslagen.", "252,12", "CBS, gecorrigeerd"}}.verify(t, admin.get(res.Location()))
			after := total()
			if after == before {
				t.Errorf("the overview in 2023 prices is %s both before and after doubling the index of 2023", after)
			}
			if !w.logged("priceindex.save", kluwen.OutcomeSuccess, "beheerder") {
				t.Error("the change is not in the access log as the admin's")
			}
		})

		t.Run("a new year", func(t *testing.T) {
			res := admin.post("/beheer/prijsindex", url.Values{"year": {"2025"}, "value": {"133,50"}, "source": {"CBS, voorlopig"}})
			check{status: 303}.verify(t, res)
			page := admin.get("/beheer/prijsindex")
			check{status: 200, contains: []string{`data-year="2025"`, "133,50", "Factor naar 2025", `value="2026"`}}.verify(t, page)
			check{status: 200, contains: []string{`<option value="2025"`}}.verify(t, regisseur.get("/huishoudens/"+id(w.household)+"/kosten"))
			if res := regisseur.get("/beheer/prijsindex"); res.Code != http.StatusOK || !strings.Contains(res.Body, "133,50") {
				t.Errorf("the regisseur does not see the new year: %d", res.Code)
			}
		})
	})
}
