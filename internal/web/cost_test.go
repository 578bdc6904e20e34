package web_test

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// department adds a department to an organisation as the system actor.
func (w *world) department(org int64, name string) int64 {
	w.t.Helper()
	d := &kluwen.Department{OrganisationID: org, Name: name}
	must(w.t, w.svc.Organisations.CreateDepartment(sys(), d))
	return d.ID
}

// costs records a few costs on the world's households as the system actor: the
// police (its wijkteam) and the corporation on the household with the case, the
// municipality (its wijkteam too) an actual amount there, the corporation on
// the other household.
func (w *world) costs() {
	w.t.Helper()
	ctx := sys()
	w.politieWijkteam, w.gemeenteWijkteam = w.department(w.politie, "Wijkteam"), w.department(w.gemeente, "Wijkteam")
	for _, r := range []*kluwen.CostRecord{
		{OrganisationID: w.politie, DepartmentID: &w.politieWijkteam, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(10), From: date("2023-02-01"), To: date("2023-02-28"), LifeDomain: "justitie"},
		{OrganisationID: w.politie, HouseholdID: w.household, ItemCode: "POL-INCIDENT", Quantity: kluwen.Units(2), From: date("2024-05-03"), LifeDomain: "justitie"},
		{OrganisationID: w.corporatie, HouseholdID: w.household, ItemCode: "WONEN-EVICTION", Quantity: kluwen.Units(1), From: date("2024-09-10"), LifeDomain: "huisvesting", Estimated: true},
		{OrganisationID: w.gemeente, DepartmentID: &w.gemeenteWijkteam, HouseholdID: w.household, Amount: 125000, Description: "Bijzondere bijstand", Kind: kluwen.KindZorg, CostType: kluwen.CostTypeTransfer, From: date("2024-01-01"), To: date("2024-03-31"), LifeDomain: "financien"},
		{OrganisationID: w.corporatie, HouseholdID: w.otherHousehold, ItemCode: "WONEN-EVICTION", Quantity: kluwen.Units(1), From: date("2022-06-01"), LifeDomain: "huisvesting"},
	} {
		must(w.t, w.svc.Costs.CreateCostRecord(ctx, r))
	}
}

func TestCostPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		hh, other := id(w.household), id(w.otherHousehold)
		tests := []struct {
			name, user, path string
			check
		}{
			{"overview for regisseur", "regisseur", "/huishoudens/" + hh + "/kosten", check{status: 200, contains: []string{
				"Kosten van huishouden " + hh, "Alle bedragen in prijzen van", `id="per-kwartaal"`, `role="img"`, "<title id=\"kosten-per-kwartaal-titel\">",
				"Politie Basisteam Kluwendam", "Woonstichting Kluwendam", "Veiligheid en justitie", "Justitie", "Huisvesting",
				"Inkomensoverdracht", "€ 1.250,00", `id="voor-na"`, `data-item-code="WONEN-EVICTION"`, `id="kosten-csv"`, `id="kosten-vastleggen"`, "2023 K1",
				"Waarvan geschat", "(1 van de 4 kostenregels)", ">Politie Basisteam Kluwendam — Wijkteam<", ">Gemeente Kluwendam — Wijkteam<", ">Geen afdeling<"},
				notContains: []string{`id="alleen-eigen"`}}},
			{"overview in another price year", "regisseur", "/huishoudens/" + hh + "/kosten?prijsjaar=2015", check{status: 200, contains: []string{"Alle bedragen in prijzen van 2015", `<option value="2015" selected>`}}},
			{"overview with a bad price year", "regisseur", "/huishoudens/" + hh + "/kosten?prijsjaar=1850", check{status: 422, contains: []string{`href="#prijsjaar"`, "Kies een prijsjaar uit de lijst."}}},
			{"professional sees only its own costs", "agent", "/huishoudens/" + hh + "/kosten", check{status: 200, contains: []string{"Politie Basisteam Kluwendam", "POL-HOUR",
				`id="alleen-eigen"`, `id="kosten-geschat">€ 0,00 (0 van de 2 kostenregels)`}, notContains: []string{"Woonstichting Kluwendam", "WONEN-EVICTION", "€ 1.250,00"}}},
			{"household page links to its costs", "regisseur", "/huishoudens/" + hh, check{status: 200, contains: []string{`id="kosten-link"`, `href="/huishoudens/` + hh + `/kosten"`}}},
			{"no costs of a household not to be seen", "woonconsulent", "/huishoudens/" + hh + "/kosten", check{status: 404, notContains: []string{"Kosten van huishouden"}}},
			{"analyst cannot open a household's costs", "analist", "/huishoudens/" + hh + "/kosten", check{status: 404, notContains: []string{"Kosten van huishouden"}}},
			{"regisseur denied other household's costs", "regisseur", "/huishoudens/" + other + "/kosten", check{status: 404}},
			{"cost form", "agent", "/huishoudens/" + hh + "/kosten/nieuw", check{status: 200, contains: []string{"Kosten vastleggen",
				`<option value="` + id(w.politie) + `" selected>Politie Basisteam Kluwendam</option>`, "POL-HOUR", `<option value="` + id(w.politieWijkteam) + `">Wijkteam</option>`},
				notContains: []string{"Woonstichting Kluwendam</option>", "Gemeente Kluwendam</option>", `<option value="` + id(w.gemeenteWijkteam) + `">Wijkteam</option>`}}},
			{"cost form for analyst", "analist", "/huishoudens/" + hh + "/kosten/nieuw", check{status: 403}},
			{"cost form for a household not to be seen", "woonconsulent", "/huishoudens/" + hh + "/kosten/nieuw", check{status: 404}},
			{"portfolio for analyst", "analist", "/portefeuille", check{status: 200, contains: []string{"Concentratiecurve", `id="concentratiecurve"`, `role="img"`,
				"De duurste 5% van de huishoudens draagt", "HH-", `id="per-wijk"`, "Noord"},
				notContains: []string{"Maria", "Vries", "Lindelaan", "Eikenweg", "/huishoudens/" + hh, "/huishoudens/" + other}}},
			{"portfolio for regisseur links what it may see", "regisseur", "/portefeuille", check{status: 200, contains: []string{`href="/huishoudens/` + hh + `/kosten"`},
				notContains: []string{`href="/huishoudens/` + other + `/kosten"`}}},
			{"portfolio filtered", "analist", "/portefeuille?sector=wonen&soort=drang_dwang_straf&van=2022&tot=2025&rangorde=partners", check{status: 200, contains: []string{`<option value="wonen" selected>`}}},
			{"portfolio bad filter", "analist", "/portefeuille?sector=ruimtevaart&van=twintig&tot=2019&rangorde=x", check{status: 422, contains: []string{
				`href="#sector"`, `href="#van"`, `href="#rangorde"`, "Kies een sector uit de lijst."}}},
			{"portfolio for professional", "agent", "/portefeuille", check{status: 403}},
			{"portfolio of transfer payments", "analist", "/portefeuille?kostensoort=overdracht&prijsjaar=2024", check{status: 200, contains: []string{
				`<option value="overdracht" selected>`, "inkomensoverdracht (uitkering)", "1 huishoudens met kosten, samen € 1.250,00"}}},
			{"portfolio of an unknown cost type", "analist", "/portefeuille?kostensoort=goud", check{status: 422, contains: []string{`href="#kostensoort"`, "Kies een kostensoort uit de lijst."}}},
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

		t.Run("the estimated part of the total", func(t *testing.T) {
			// Only the corporation's eviction is estimated: the whole of its
			// amount, in the total and in its row of the split per partner.
			res := clients["regisseur"].get("/huishoudens/" + hh + "/kosten")
			m := regexp.MustCompile(`id="kosten-geschat">(€ [0-9.]+,\d\d) \(1 van de 4`).FindStringSubmatch(res.Body)
			if m == nil || m[1] == "€ 0,00" {
				t.Fatalf("estimated part %v", m)
			}
			row := regexp.MustCompile(`(?s)<th scope="row" class="utrecht-table__header-cell">Woonstichting Kluwendam</th>\s*<td[^>]*>(€ [^<]*)</td>\s*<td[^>]*>[^<]*</td>\s*<td[^>]*>(€ [^<]*)</td>`).FindStringSubmatch(res.Body)
			if row == nil || row[1] != m[1] || row[2] != m[1] {
				t.Errorf("the corporation's row %v; want %s estimated of %s", row, m[1], m[1])
			}
		})

		t.Run("the 5% sentence is computed from the data", func(t *testing.T) {
			res := clients["analist"].get("/portefeuille")
			// Two households with costs: the costliest 5% is one household, the
			// one with the case, which carries most of the costs.
			m := regexp.MustCompile(`De duurste 5% van de huishoudens draagt (\d+)% van de kosten`).FindStringSubmatch(res.Body)
			if m == nil || m[1] == "100" || m[1] == "0" {
				t.Errorf("sentence %v", m)
			}
		})

		t.Run("csv", func(t *testing.T) {
			res := clients["regisseur"].get("/huishoudens/" + hh + "/kosten.csv?prijsjaar=2024")
			check{status: 200, contains: []string{"indeling;sleutel;omschrijving", "partner;", "Politie Basisteam Kluwendam", "kostenpost;WONEN-EVICTION", ";2024",
				"afdeling;" + id(w.politieWijkteam) + ";Politie Basisteam Kluwendam — Wijkteam;", "afdeling;" + id(w.gemeenteWijkteam) + ";Gemeente Kluwendam — Wijkteam;"}}.verify(t, res)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("Content-Type %q", ct)
			}
			check{status: 404}.verify(t, clients["woonconsulent"].get("/huishoudens/"+hh+"/kosten.csv"))
		})
	})
}

func TestCostForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		hh := id(w.household)
		path := "/huishoudens/" + hh + "/kosten"
		agent.get(path + "/nieuw")

		t.Run("every mistake at once", func(t *testing.T) {
			res := agent.post(path, url.Values{"organisationId": {id(w.politie)}, "itemCode": {"POL-HOUR"}, "quantity": {"-3"}, "amount": {"12.50,0"},
				"from": {"2024-05-10"}, "to": {"2024-05-01"}, "lifeDomain": {"maan"}, "estimated": {"nee"}})
			check{status: 422, contains: []string{`id="foutmelding"`, `href="#quantity"`, `href="#amount"`, `href="#to"`, `href="#lifeDomain"`,
				"Een negatief aantal kan alleen in een correctie", "De periode eindigt voor hij begint", `value="-3"`}}.verify(t, res)
			if n := strings.Count(res.Body, "autofocus"); n != 1 {
				t.Errorf("%d autofocus attributes, want 1", n)
			}
			if !regexp.MustCompile(`<input[^>]*id="quantity"[^>]*autofocus`).MatchString(res.Body) {
				t.Error("the first invalid field, quantity, has no autofocus")
			}
		})

		t.Run("an actual amount needs a description, kind and cost type", func(t *testing.T) {
			res := agent.post(path, url.Values{"organisationId": {id(w.politie)}, "amount": {"250,00"}, "from": {"2024-05-10"}, "estimated": {"nee"}})
			check{status: 422, contains: []string{`href="#description"`, `href="#kind"`, `href="#costType"`}}.verify(t, res)
		})

		t.Run("unknown item", func(t *testing.T) {
			res := agent.post(path, url.Values{"organisationId": {id(w.politie)}, "itemCode": {"GEEN-POST"}, "quantity": {"1"}, "from": {"2024-05-10"}, "estimated": {"nee"}})
			check{status: 422, contains: []string{`href="#itemCode"`}}.verify(t, res)
		})

		t.Run("recorded", func(t *testing.T) {
			res := agent.post(path, url.Values{"organisationId": {id(w.politie)}, "itemCode": {"POL-HOUR"}, "quantity": {"2,5"}, "from": {"2024-05-10"}, "lifeDomain": {"justitie"}, "estimated": {"ja"}})
			check{status: 303, location: path + "?melding=kosten"}.verify(t, res)
			check{status: 200, contains: []string{"De kosten zijn vastgelegd.", "POL-HOUR", "Politie Basisteam Kluwendam"}}.verify(t, agent.get(res.Location()))
			recs, err := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household})
			if err != nil || len(recs) != 1 || !recs[0].Estimated || recs[0].Quantity != 2500 || recs[0].OrganisationID != w.politie {
				t.Fatalf("records %+v, %v", recs, err)
			}
		})

		t.Run("forged for another organisation", func(t *testing.T) {
			res := agent.post(path, url.Values{"organisationId": {id(w.corporatie)}, "itemCode": {"WONEN-EVICTION"}, "quantity": {"1"}, "from": {"2024-05-10"}, "estimated": {"nee"}})
			check{status: 403, notContains: []string{"De kosten zijn vastgelegd."}}.verify(t, res)
			recs, _ := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household})
			if len(recs) != 1 {
				t.Errorf("%d records after a forged post, want 1", len(recs))
			}
		})

		t.Run("not for a household not to be seen", func(t *testing.T) {
			res := w.signedIn("woonconsulent").post(path, url.Values{"organisationId": {id(w.corporatie)}, "itemCode": {"WONEN-EVICTION"}, "quantity": {"1"}, "from": {"2024-05-10"}, "estimated": {"nee"}})
			check{status: 404}.verify(t, res)
		})
	})
}

// TestCostFormDepartmentPersonCorrection: the cost form offers the departments
// of the user's own organisation, the household's current and former members,
// and a correction box; the service refuses a department of another
// organisation and a person outside the household, and a negative quantity
// only goes in with the box ticked.
func TestCostFormDepartmentPersonCorrection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		ownDept := w.department(w.politie, "Wijkteam Centrum")
		otherDept := w.department(w.gemeente, "Wijkteam Zuid")
		former := &kluwen.Person{GivenName: "Piet", FamilyName: "Oudhuis", BirthDate: date("1980-03-03"), RegisteredByOrgID: w.gemeente}
		must(t, w.svc.Persons.CreatePerson(sys(), former))
		left := date("2019-12-31")
		must(t, w.svc.Households.AddMember(sys(), &kluwen.Membership{HouseholdID: w.household, PersonID: former.ID, From: date("2018-01-01"), To: &left, Role: kluwen.MemberPartner}))
		agent := w.signedIn("agent")
		hh := id(w.household)
		path := "/huishoudens/" + hh + "/kosten"

		t.Run("the form", func(t *testing.T) {
			check{status: 200, contains: []string{
				`<select class="utrecht-select utrecht-select--html-select" name="departmentId" id="departmentId" aria-describedby="departmentId-hint">`,
				`<option value="` + id(ownDept) + `">Wijkteam Centrum</option>`, `<option value="" selected>Geen afdeling</option>`,
				`name="personId"`, `<option value="" selected>Het hele huishouden</option>`, `<option value="` + id(w.mother) + `">Maria de Vries</option>`,
				`<option value="` + id(w.child) + `">Daan de Vries</option>`, `<option value="` + id(former.ID) + `">Piet Oudhuis (tot en met 31 december 2019)</option>`,
				`<input type="checkbox" class="utrecht-checkbox utrecht-checkbox--html-input" name="correction" id="correction" value="ja" aria-describedby="correction-optie">`,
				`<label class="utrecht-form-label utrecht-form-label--checkbox" for="correction">Correctie</label>`,
				`<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Correctie op eerdere kosten <span class="kluwen-optional">(niet verplicht)</span></legend>`},
				notContains: []string{"Wijkteam Zuid", "Greet Jansen"}}.verify(t, agent.get(path+"/nieuw"))
		})

		good := func(extra url.Values) url.Values {
			v := url.Values{"organisationId": {id(w.politie)}, "itemCode": {"POL-HOUR"}, "quantity": {"2"}, "from": {"2024-05-10"}, "lifeDomain": {"justitie"}, "estimated": {"nee"}}
			for k, x := range extra {
				v[k] = x
			}
			return v
		}
		tests := []struct {
			name string
			form url.Values
			check
			want func(r *kluwen.CostRecord) bool // the record written; nil: nothing written
		}{
			{"a department of another organisation", good(url.Values{"departmentId": {id(otherDept)}}), check{status: 422, contains: []string{
				`href="#departmentId"`, "Kies een afdeling van de organisatie die de kosten maakte.", `id="departmentId-error"`, `aria-describedby="departmentId-hint departmentId-error"`}}, nil},
			{"a department that is no number", good(url.Values{"departmentId": {"wijkteam"}}), check{status: 422, contains: []string{`href="#departmentId"`, "Kies een afdeling uit de lijst."}}, nil},
			{"a person outside the household", good(url.Values{"personId": {id(w.users["agent"].ID + 1000)}}), check{status: 422, contains: []string{
				`href="#personId"`, "Kies een persoon die tot het huishouden behoort of behoorde."}}, nil},
			{"a negative quantity without the box", good(url.Values{"quantity": {"-2"}}), check{status: 422, contains: []string{
				`href="#quantity"`, "Vink &#39;Correctie&#39; aan of vul een positief aantal in."}, notContains: []string{`id="correction" value="ja" checked`}}, nil},
			{"a negative actual amount without the box", url.Values{"organisationId": {id(w.politie)}, "amount": {"-50,00"}, "description": {"Te veel geboekt"}, "kind": {"zorg"},
				"costType": {"dienst"}, "from": {"2024-05-10"}, "estimated": {"nee"}}, check{status: 422, contains: []string{
				`href="#amount"`, "Vink &#39;Correctie&#39; aan of vul een positief bedrag in."}}, nil},
			{"the box stays ticked after a mistake", good(url.Values{"quantity": {"-2"}, "correction": {"ja"}, "from": {"gisteren"}}), check{status: 422, contains: []string{
				`href="#from"`, `id="correction" value="ja" checked`}}, nil},
			{"department and a former member", good(url.Values{"departmentId": {id(ownDept)}, "personId": {id(former.ID)}}), check{status: 303, location: path + "?melding=kosten"},
				func(r *kluwen.CostRecord) bool {
					return r.DepartmentID != nil && *r.DepartmentID == ownDept && r.PersonID != nil && *r.PersonID == former.ID && !r.Correction
				}},
			{"a correction", good(url.Values{"quantity": {"-1,5"}, "correction": {"ja"}, "personId": {id(w.child)}}), check{status: 303, location: path + "?melding=kosten"},
				func(r *kluwen.CostRecord) bool {
					return r.Correction && r.Quantity == -1500 && r.Amount < 0 && r.DepartmentID == nil && r.PersonID != nil && *r.PersonID == w.child
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before, err := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household})
				must(t, err)
				agent.get(path + "/nieuw")
				tt.verify(t, agent.post(path, tt.form))
				after, err := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household})
				must(t, err)
				switch {
				case tt.want == nil && len(after) != len(before):
					t.Errorf("%d records written", len(after)-len(before))
				case tt.want != nil && (len(after) != len(before)+1 || !tt.want(after[0])):
					t.Errorf("records %d → %d, newest %+v", len(before), len(after), after[0])
				}
			})
		}
	})
}

// TestCostRecordList: the household's cost page lists the records the user may
// see, newest period first, with their organisation and department, what they
// are for, the amounts and the markers geschat and correctie in words; in pages
// of 50 with a link to the next; every page read is a cost read in the access
// log.
func TestCostRecordList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		must(t, w.svc.Costs.CreateCostRecord(sys(), &kluwen.CostRecord{OrganisationID: w.politie, HouseholdID: w.household, ItemCode: "POL-INCIDENT",
			Quantity: -kluwen.Units(1), Correction: true, From: date("2024-05-03"), LifeDomain: "justitie"}))
		hh := id(w.household)
		base := "/huishoudens/" + hh + "/kosten"
		regisseur, agent := w.signedIn("regisseur"), w.signedIn("agent")
		rowRe := regexp.MustCompile(`(?s)<tr class="utrecht-table__row" data-cost-record-id="(\d+)">(.*?)</tr>`)
		tagsRe, barsRe := regexp.MustCompile(`<[^>]+>`), regexp.MustCompile(`\s*\|[|\s]*`)
		// rows gives the records' IDs and each row's cells as "|a|b|c|".
		rows := func(body string) (ids []string, cells []string) {
			for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
				ids, cells = append(ids, m[1]), append(cells, barsRe.ReplaceAllString("|"+tagsRe.ReplaceAllString(m[2], "|")+"|", "|"))
			}
			return ids, cells
		}
		reads := func() int {
			es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{HouseholdID: &w.household, Limit: 500})
			must(t, err)
			n := 0
			for _, e := range es {
				if e.EventType == "cost.read" && e.Outcome == kluwen.OutcomeSuccess {
					n++
				}
			}
			return n
		}

		// A record of the housing corporation on the household, which the
		// police may not see.
		var housingRecord int64
		all, err := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household, Limit: 100})
		must(t, err)
		for _, r := range all {
			if r.OrganisationID == w.corporatie {
				housingRecord = r.ID
			}
		}
		if housingRecord == 0 {
			t.Fatal("no record of the housing corporation")
		}
		tests := []struct {
			name   string
			client *client
			path   string
			check
			rows []string // what each row holds, in order
		}{
			{"the regisseur sees every partner's records", regisseur, base + "?prijsjaar=2024", check{status: 200, contains: []string{
				`id="kostenregels"`, "Kostenregels, nieuwste periode eerst", "In prijzen van 2024"}, notContains: []string{`id="volgende-pagina"`}}, []string{
				"|10 september 2024|Woonstichting Kluwendam|Kosten van een huisuitzetting voor de verhuurder (WONEN-EVICTION)|1 uitzetting|€ 9.825,45|€ 9.825,45|Huisvesting|geschat|",
				"|3 mei 2024|Politie Basisteam Kluwendam|Politie-inzet bij een incident (2 agenten × 1,5 uur) (POL-INCIDENT)|-1 incident|-€ 277,85|-€ 277,85|Justitie|correctie|",
				"|3 mei 2024|Politie Basisteam Kluwendam|Politie-inzet bij een incident (2 agenten × 1,5 uur) (POL-INCIDENT)|2 incident|€ 555,70|€ 555,70|Justitie|",
				"|1 januari 2024 tot en met 31 maart 2024|Gemeente Kluwendam — Wijkteam|Bijzondere bijstand|–|€ 1.250,00|€ 1.250,00|Financiën|",
				"|1 februari 2023 tot en met 28 februari 2023|Politie Basisteam Kluwendam — Wijkteam|Inzet van de politie (POL-HOUR)|10 agentuur|€ 896,60|€ 926,19|Justitie|",
			}},
			{"a partner professional sees its own records only", agent, base + "?prijsjaar=2024", check{status: 200, contains: []string{`id="kostenregels"`, "De kostenregels van uw organisatie"},
				notContains: []string{"Bijzondere bijstand", "Woonstichting Kluwendam", "WONEN-EVICTION"}}, []string{
				"|3 mei 2024|Politie Basisteam Kluwendam|Politie-inzet bij een incident (2 agenten × 1,5 uur) (POL-INCIDENT)|-1 incident|-€ 277,85|-€ 277,85|Justitie|correctie|",
				"|3 mei 2024|Politie Basisteam Kluwendam|Politie-inzet bij een incident (2 agenten × 1,5 uur) (POL-INCIDENT)|2 incident|€ 555,70|€ 555,70|Justitie|",
				"|1 februari 2023 tot en met 28 februari 2023|Politie Basisteam Kluwendam — Wijkteam|Inzet van de politie (POL-HOUR)|10 agentuur|€ 896,60|€ 926,19|Justitie|",
			}},
			{"a cursor on another partner's record", agent, base + "?na=" + id(housingRecord), check{status: 422, contains: []string{`id="foutmelding"`,
				"Deze vervolgpagina bestaat niet. Begin opnieuw bij de eerste pagina."}, notContains: []string{`id="kostenregels"`}}, nil},
			{"a cursor on no record at all: the same answer", agent, base + "?na=999999", check{status: 422, contains: []string{`id="foutmelding"`,
				"Deze vervolgpagina bestaat niet. Begin opnieuw bij de eerste pagina."}, notContains: []string{`id="kostenregels"`}}, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := reads()
				res := tt.client.get(tt.path)
				tt.verify(t, res)
				if got := reads() - before; res.Code == 200 && got != 2 {
					t.Errorf("%d cost reads logged; want the overview's and the records'", got)
				}
				_, cells := rows(res.Body)
				if !slices.Equal(cells, tt.rows) {
					t.Errorf("rows\n%s\nwant\n%s", strings.Join(cells, "\n"), strings.Join(tt.rows, "\n"))
				}
			})
		}

		t.Run("pages of 50", func(t *testing.T) {
			// 50 more records of the police, a day apart before the others.
			for i := range 50 {
				must(t, w.svc.Costs.CreateCostRecord(sys(), &kluwen.CostRecord{OrganisationID: w.politie, HouseholdID: w.household, ItemCode: "POL-HOUR",
					Quantity: kluwen.Units(1), From: date("2022-12-31").AddDate(0, 0, -i), LifeDomain: "justitie"}))
			}
			first := regisseur.get(base + "?prijsjaar=2024")
			check{status: 200, contains: []string{`id="volgende-pagina"`}, notContains: []string{"Eerste pagina"}}.verify(t, first)
			ids1, cells1 := rows(first.Body)
			next := regexp.MustCompile(`href="([^"]*)" rel="next" id="volgende-pagina"`).FindStringSubmatch(first.Body)
			if len(ids1) != 50 || next == nil {
				t.Fatalf("%d rows on the first page, next %v", len(ids1), next)
			}
			link := strings.ReplaceAll(next[1], "&amp;", "&")
			if !strings.HasPrefix(link, base+"?prijsjaar=2024&na="+ids1[49]) {
				t.Errorf("next page %q", link)
			}
			second := regisseur.get(link)
			check{status: 200, contains: []string{"Eerste pagina"}, notContains: []string{`id="volgende-pagina"`}}.verify(t, second)
			ids2, cells2 := rows(second.Body)
			// The first page holds the 5 records of 2023 and 2024 and 45 of the
			// days back from 31 December 2022; the second the 5 days before.
			if len(ids2) != 5 || !strings.HasPrefix(cells1[49], "|17 november 2022|") || !strings.HasPrefix(cells2[0], "|16 november 2022|") ||
				!strings.HasPrefix(cells2[4], "|12 november 2022|") {
				t.Errorf("pages end with %q, go on with %q", cells1[49], cells2)
			}
			seen := map[string]bool{}
			for _, x := range append(ids1, ids2...) {
				if seen[x] {
					t.Errorf("record %s on both pages", x)
				}
				seen[x] = true
			}
		})
	})
}
