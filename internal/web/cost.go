package web

import (
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costexport"
)

// Costs: a household's cost overview with its CSV, XLSX and PDF exports, recording a cost for
// the user's own organisation, and the portfolio of every household for analysts
// and regisseurs.

// costSection is one split of a household's costs, shown as a table.
type costSection struct {
	ID    string
	Title string
	Key   string // the heading of the first column
	Rows  []kluwen.CostSplit
}

// costRecordPageSize is how many cost records the household's cost page lists
// at a time.
const costRecordPageSize = 50

// costRecordRow is one cost record as the household's cost page lists it.
type costRecordRow struct {
	*kluwen.CostRecord
	Organisation string       // with the department, as the split per department names it
	What         string       // the catalogue item with its code, or the description of an actual amount
	Quantity     string       // with the unit; "" for an actual amount
	Domain       string       // the life domain's name
	InPriceYear  kluwen.Cents // the amount in the prices of the page's price year
}

type householdCostsData struct {
	HouseholdID int64
	Overview    *kluwen.HouseholdCostOverview
	Records     []costRecordRow // newest period first, one page
	Pager       *pager
	Form        *Form // the price-year choice
	Sections    []costSection
	Chart       *columnChart
	CanRecord   bool
	OwnOnly     bool   // a partner professional sees its own organisation's costs only
	CSV         string // the exports, in the price year shown
	XLSX        string
	PDF         string
	Years       []option
	PageSize    int // of the records
}

// priceYears returns the years of the price index, newest first, as options.
func (s *Server) priceYears(r *http.Request) ([]option, *kluwen.PriceIndex, error) {
	idx, err := s.svc.CostCatalogue.FindPriceIndex(r.Context())
	if err != nil {
		return nil, nil, err
	}
	var opts []option
	for i := len(idx.Years) - 1; i >= 0; i-- {
		y := strconv.Itoa(idx.Years[i].Year)
		opts = append(opts, option{Value: y, Label: y})
	}
	return opts, idx, nil
}

// priceYear reads the price year of a GET form: 0 (the latest) when absent, and
// an error on the form when it is not a year of the index.
func priceYear(f *Form, idx *kluwen.PriceIndex) int {
	v := f.Get("prijsjaar")
	if v == "" {
		return 0
	}
	y, err := strconv.Atoi(v)
	if err != nil || !idx.Has(y) {
		f.fail("prijsjaar", "Kies een prijsjaar uit de lijst.")
		return 0
	}
	return y
}

// getForm reads a GET form's inputs from the query.
func getForm(r *http.Request, names ...string) *Form {
	f := newForm(names...)
	q := r.URL.Query()
	for _, n := range names {
		f.values[n] = q.Get(n)
	}
	return f
}

func (s *Server) householdCosts(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	years, idx, err := s.priceYears(r)
	if err != nil {
		return err
	}
	f := getForm(r, "prijsjaar")
	py := priceYear(f, idx)
	ov, err := s.svc.Costs.HouseholdCostOverview(r.Context(), id, kluwen.CostOverviewOptions{PriceYear: py})
	if err != nil {
		return err
	}
	f.Set("prijsjaar", strconv.Itoa(ov.PriceYear))
	d := &householdCostsData{HouseholdID: id, Overview: ov, Form: f, Years: years, CanRecord: c.actor.Can(kluwen.PermRecordCosts), Pager: &pager{}, PageSize: costRecordPageSize,
		OwnOnly: c.user.Role == kluwen.RoleProfessional,
		CSV:     idPath("/huishoudens", id, "/kosten.csv?prijsjaar="+strconv.Itoa(ov.PriceYear)),
		XLSX:    idPath("/huishoudens", id, "/kosten.xlsx?prijsjaar="+strconv.Itoa(ov.PriceYear)),
		PDF:     idPath("/huishoudens", id, "/kosten.pdf?prijsjaar="+strconv.Itoa(ov.PriceYear))}
	d.Sections = []costSection{
		{"per-partner", "Per partner", "Partner", ov.ByOrganisation},
		{"per-afdeling", "Per afdeling", "Afdeling", ov.ByDepartment},
		{"per-sector", "Per sector", "Sector", ov.BySector},
		{"per-leefgebied", "Per leefgebied", "Leefgebied", ov.ByLifeDomain},
		{"per-soort", "Per soort inzet", "Soort inzet", ov.ByKind},
		{"per-kostensoort", "Per kostensoort", "Kostensoort", ov.ByCostType},
	}
	var labels, titles []string
	var values []kluwen.Cents
	for _, q := range ov.Quarters {
		l := ""
		if q.Quarter == 1 || len(ov.Quarters) <= 8 {
			l = strconv.Itoa(q.Year)
			if len(ov.Quarters) <= 8 {
				l += " K" + strconv.Itoa(q.Quarter)
			}
		}
		labels = append(labels, l)
		titles = append(titles, quarterLabel(q.Year, q.Quarter)+": "+q.Service.String())
		values = append(values, q.Service)
	}
	// Transfer payments (a benefit) are kept apart from the costs of effort:
	// the chart shows the latter, the table both.
	d.Chart = newColumnChart("kosten-per-kwartaal", "Kosten van inzet per kwartaal",
		"Staafdiagram van de kosten van inzet voor het huishouden per kwartaal, in prijzen van "+strconv.Itoa(ov.PriceYear)+
			". Inkomensoverdrachten, zoals een uitkering, staan er niet in. De tabel eronder geeft dezelfde bedragen en de inkomensoverdrachten apart.",
		labels, titles, values)
	if err := s.costRecordPage(r, d, idx); err != nil {
		return err
	}
	status := http.StatusOK
	if f.Invalid() {
		status = statusInvalidForm
	}
	s.render(w, r, c, status, "household_costs", "Kosten van huishouden "+strconv.FormatInt(id, 10), d)
	return nil
}

// costRecordPage fills one page of the household's cost records, read through
// the service (which applies need-to-know and logs the read), after the record
// named by "na" when given. A cursor the service refuses is an error on the
// page's form.
func (s *Server) costRecordPage(r *http.Request, d *householdCostsData, idx *kluwen.PriceIndex) error {
	ctx := r.Context()
	rf := kluwen.CostRecordFilter{HouseholdID: d.HouseholdID, Limit: costRecordPageSize + 1}
	if n := queryID(r.URL.Query(), "na"); n != nil {
		rf.AfterID = *n
	}
	recs, err := s.svc.Costs.FindCostRecords(ctx, rf)
	if err != nil {
		if d.Form.setError(err) {
			return nil
		}
		return err
	}
	base := idPath("/huishoudens", d.HouseholdID, "/kosten?prijsjaar="+strconv.Itoa(d.Overview.PriceYear))
	if rf.AfterID > 0 {
		d.Pager.First = base + "#kostenregels-titel"
	}
	if len(recs) > costRecordPageSize {
		recs = recs[:costRecordPageSize]
		d.Pager.Next = base + "&na=" + strconv.FormatInt(recs[len(recs)-1].ID, 10) + "#kostenregels-titel"
	}
	if len(recs) == 0 {
		return nil
	}
	// Every period of the catalogue: a record is named as the period that
	// priced it named the item, also after the item was renamed or ended.
	items, err := s.svc.CostCatalogue.FindCostItems(ctx, kluwen.CostItemFilter{})
	if err != nil {
		return err
	}
	// The overview's splits were read from the same records under the same
	// need-to-know: they name every organisation and department on the page.
	orgName, deptLabel := map[int64]string{}, map[int64]string{}
	for _, sp := range d.Overview.ByOrganisation {
		orgName[sp.ID] = sp.Label
	}
	for _, sp := range d.Overview.ByDepartment {
		deptLabel[sp.ID] = sp.Label
	}
	byID := map[int64]*kluwen.CostItem{}
	for _, it := range items {
		byID[it.ID] = it
	}
	for _, rec := range recs {
		row := costRecordRow{CostRecord: rec, Organisation: orgName[rec.OrganisationID], What: rec.Description, Domain: kluwen.CostLifeDomainLabel(rec.LifeDomain),
			InPriceYear: idx.Convert(rec.Amount, rec.From.Year(), d.Overview.PriceYear)}
		if rec.DepartmentID != nil {
			row.Organisation = deptLabel[*rec.DepartmentID]
		}
		if rec.ItemCode != "" {
			row.What, row.Quantity = rec.ItemCode, rec.Quantity.String()
			if it := byID[rec.ItemID]; it != nil {
				row.What = it.Name + " (" + rec.ItemCode + ")"
				row.Quantity += " " + it.Unit
			}
			if rec.Description != "" {
				row.What += ": " + rec.Description
			}
		}
		d.Records = append(d.Records, row)
	}
	return nil
}

// quarterLabel writes a quarter the Dutch way: 2024 K3.
func quarterLabel(year, quarter int) string {
	return strconv.Itoa(year) + " K" + strconv.Itoa(quarter)
}

// householdCostsExport exports the overview in a format (csv, xlsx, pdf), in the
// price year asked for. The service logs the export with its format and applies
// the same need-to-know as the page; the file is built in memory first, so that
// a failure gives an error page and not half a file.
func (s *Server) householdCostsExport(format string) func(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return func(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		_, idx, err := s.priceYears(r)
		if err != nil {
			return err
		}
		f := getForm(r, "prijsjaar")
		py := priceYear(f, idx)
		if f.Invalid() {
			return kluwen.Errorf(kluwen.EINVALID, "Kies een prijsjaar uit de lijst.")
		}
		ov, err := s.svc.Costs.HouseholdCostOverview(r.Context(), id, kluwen.CostOverviewOptions{PriceYear: py, Export: format})
		if err != nil {
			return err
		}
		body, err := costexport.Render(ov, format)
		if err != nil {
			return err
		}
		h := w.Header()
		h.Set("Content-Type", costexport.ContentType(format))
		h.Set("Content-Disposition", `attachment; filename="`+costexport.Filename(ov, format)+`"`)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		w.Write(body)
		return nil
	}
}

// Recording a cost.

var costFields = []string{"organisationId", "departmentId", "personId", "itemCode", "quantity", "amount", "description", "from", "to",
	"lifeDomain", "kind", "costType", "estimated", "correction"}

// newCostForm is the form for recording a cost; correction is a checkbox.
func newCostForm() *Form { return newForm(costFields...).Many("correction") }

type costFormData struct {
	HouseholdID int64
	Form        *Form
	Orgs        []option
	Departments []option // of the user's own organisation
	Persons     []option // the household's current and former members
	Correction  []option
	Items       []option
	Domains     []option
	Kinds       []option
	Types       []option
	Estimated   []option
}

func (s *Server) costFormData(r *http.Request, c *reqCtx, hh int64, f *Form) (*costFormData, error) {
	d := &costFormData{HouseholdID: hh, Form: f}
	org, err := s.svc.Organisations.FindOrganisationByID(r.Context(), c.user.OrganisationID)
	if err != nil {
		return nil, err
	}
	// Only the user's own organisation: a partner records its own costs.
	d.Orgs = []option{{Value: strconv.FormatInt(org.ID, 10), Label: org.Name}}
	d.Departments = []option{{Value: "", Label: "Geen afdeling"}}
	for _, dep := range org.Departments {
		d.Departments = append(d.Departments, option{Value: strconv.FormatInt(dep.ID, 10), Label: dep.Name})
	}
	// Reading the household checks that the user may see it, and names the
	// persons who are or were its members.
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), hh)
	if err != nil {
		return nil, err
	}
	d.Persons = append([]option{{Value: "", Label: "Het hele huishouden"}}, s.memberOptions(h, true)...)
	d.Correction = []option{{Value: "ja", Label: "Correctie", Hint: "Deze regel corrigeert eerder vastgelegde kosten, bijvoorbeeld met een negatief aantal of bedrag."}}
	items, err := s.svc.CostCatalogue.FindCostItems(r.Context(), kluwen.CostItemFilter{Current: true})
	if err != nil {
		return nil, err
	}
	// The items of the organisation's own sector first.
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].Sector == org.Sector, items[j].Sector == org.Sector
		if a != b {
			return a
		}
		return items[i].Code < items[j].Code
	})
	d.Items = []option{{Value: "", Label: "Geen kostenpost: een werkelijk bedrag"}}
	for _, it := range items {
		d.Items = append(d.Items, option{Value: it.Code, Label: it.Code + " — " + it.Name + " (" + it.UnitPrice.String() + " per " + it.Unit + ", " + it.Sector.Label() + ")"})
	}
	d.Domains = []option{{Value: "", Label: kluwen.CostLifeDomainLabel("")}}
	for _, ld := range kluwen.CostLifeDomains {
		d.Domains = append(d.Domains, option{Value: ld, Label: kluwen.CostLifeDomainLabel(ld)})
	}
	d.Kinds = []option{{Value: "", Label: "Kies bij een werkelijk bedrag"}}
	for _, k := range kluwen.CostKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
	}
	d.Types = []option{{Value: "", Label: "Kies bij een werkelijk bedrag"}}
	for _, t := range kluwen.CostTypes {
		d.Types = append(d.Types, option{Value: string(t), Label: t.Label()})
	}
	d.Estimated = []option{{Value: "nee", Label: "Geregistreerd: het is echt zo besteed"}, {Value: "ja", Label: "Geschat"}}
	return d, nil
}

func (s *Server) costNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	hh, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newCostForm()
	f.Set("organisationId", strconv.FormatInt(c.user.OrganisationID, 10))
	f.Set("estimated", "nee")
	d, err := s.costFormData(r, c, hh, f)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "cost_form", "Kosten vastleggen", d)
	return nil
}

func (s *Server) costCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	hh, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newCostForm().read(r)
	rec := &kluwen.CostRecord{
		HouseholdID:    hh,
		OrganisationID: f.id("organisationId", "Kies de organisatie uit de lijst."),
		DepartmentID:   f.optID("departmentId", "Kies een afdeling uit de lijst."),
		PersonID:       f.optID("personId", "Kies een persoon uit de lijst."),
		ItemCode:       f.Get("itemCode"),
		Description:    f.Get("description"),
		From:           f.date("from", "de begindatum"),
		To:             f.date("to", "de einddatum"),
		LifeDomain:     f.Get("lifeDomain"),
		Kind:           kluwen.CostKind(f.Get("kind")),
		CostType:       kluwen.CostType(f.Get("costType")),
		Estimated:      f.Get("estimated") == "ja",
		Correction:     slices.Contains(f.All("correction"), "ja"),
	}
	if v := f.Get("quantity"); v != "" {
		q, err := kluwen.ParseQuantity(v, kluwen.DecimalComma)
		if err != nil {
			f.fail("quantity", "Vul het aantal in als een getal, zoals 3 of 1,5.")
		}
		rec.Quantity = q
	}
	if v := strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(f.Get("amount"), "€")), " "); v != "" {
		a, err := kluwen.ParseCents(v, kluwen.DecimalComma)
		if err != nil {
			f.fail("amount", "Vul het bedrag in euro in met een komma voor de centen, zoals 1.250,00.")
		}
		rec.Amount = a
	}
	if rec.ItemCode != "" {
		// The kind and cost type come from the item.
		rec.Kind, rec.CostType = "", ""
	}
	if e := f.Get("estimated"); e != "ja" && e != "nee" {
		f.fail("estimated", "Kies of het bedrag geregistreerd of geschat is.")
	}
	f.mergeErr(rec.Validate())
	if !f.Invalid() {
		err := s.svc.Costs.CreateCostRecord(r.Context(), rec)
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", hh, "/kosten"), "kosten"))
			return nil
		}
		// A post for another organisation is refused outright (403): the form
		// never offers one, so only a forged post sends it.
		if kluwen.ErrorCode(err) == kluwen.EFORBIDDEN || !f.setError(err) {
			return err
		}
	}
	d, err := s.costFormData(r, c, hh, f)
	if err != nil {
		return err
	}
	s.render(w, r, c, statusInvalidForm, "cost_form", "Kosten vastleggen", d)
	return nil
}

// The portfolio.

var portfolioFields = []string{"sector", "soort", "kostensoort", "van", "tot", "prijsjaar", "wijk", "rangorde"}

type portfolioData struct {
	Form      *Form
	Portfolio *kluwen.CostPortfolio
	Sentence  string
	Curve     *curveChart
	Sectors   []option
	Kinds     []option
	Types     []option
	Ranks     []option
	Years     []option
	Analyst   bool // pseudonyms only, no links
	Pager     *pager
}

func (s *Server) portfolio(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	years, idx, err := s.priceYears(r)
	if err != nil {
		return err
	}
	f := getForm(r, portfolioFields...)
	pf := kluwen.PortfolioFilter{PriceYear: priceYear(f, idx), Wijk: f.Get("wijk"), Limit: pageSize}
	if v := f.Get("sector"); v != "" {
		if sec := kluwen.Sector(v); sec.Valid() {
			pf.Sectors = []kluwen.Sector{sec}
		} else {
			f.fail("sector", "Kies een sector uit de lijst.")
		}
	}
	if v := f.Get("soort"); v != "" {
		if k := kluwen.CostKind(v); k.Valid() {
			pf.Kinds = []kluwen.CostKind{k}
		} else {
			f.fail("soort", "Kies een soort inzet uit de lijst.")
		}
	}
	// Transfer payments (a benefit) are a view of their own, never added to
	// the costs of effort.
	if v := f.Get("kostensoort"); v != "" {
		if t := kluwen.CostType(v); t.Valid() {
			pf.CostType = t
		} else {
			f.fail("kostensoort", "Kies een kostensoort uit de lijst.")
		}
	}
	yearOf := func(name, what string) int {
		v := f.Get(name)
		if v == "" {
			return 0
		}
		y, err := strconv.Atoi(v)
		if err != nil || y < kluwen.FirstCostYear || y > kluwen.LastCostYear {
			f.fail(name, "Vul "+what+" in als een jaartal tussen "+strconv.Itoa(kluwen.FirstCostYear)+" en "+strconv.Itoa(kluwen.LastCostYear)+", zoals 2023.")
			return 0
		}
		return y
	}
	pf.FromYear = yearOf("van", "het eerste jaar")
	pf.ToYear = yearOf("tot", "het laatste jaar")
	if pf.FromYear > 0 && pf.ToYear > 0 && pf.ToYear < pf.FromYear {
		f.fail("tot", "Het laatste jaar ligt voor het eerste jaar. Vul een laatste jaar in op of na het eerste.")
	}
	if rk := kluwen.PortfolioRank(f.Get("rangorde")); rk == "" || rk.Valid() {
		pf.RankBy = rk
	} else {
		f.fail("rangorde", "Kies waarop de huishoudens gerangschikt worden.")
	}
	if n := queryID(r.URL.Query(), "vanaf"); n != nil {
		pf.Offset = int(*n)
	}
	d := &portfolioData{Form: f, Analyst: c.user.Role == kluwen.RoleAnalyst, Years: years, Pager: &pager{}}
	d.Sectors = []option{{Value: "", Label: "Alle sectoren"}}
	for _, sec := range kluwen.Sectors {
		d.Sectors = append(d.Sectors, option{Value: string(sec), Label: sec.Label()})
	}
	d.Kinds = []option{{Value: "", Label: "Alle soorten inzet"}}
	for _, k := range kluwen.CostKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: k.Label()})
	}
	for _, t := range kluwen.CostTypes {
		d.Types = append(d.Types, option{Value: string(t), Label: t.Label()})
	}
	for _, rk := range kluwen.PortfolioRanks {
		d.Ranks = append(d.Ranks, option{Value: string(rk), Label: rk.Label()})
	}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "portfolio", "Portefeuille", d)
		return nil
	}
	pf.CurvePercents = []float64{1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}
	p, err := s.svc.Costs.CostPortfolio(r.Context(), pf)
	if err != nil {
		if f.setError(err) {
			s.render(w, r, c, statusInvalidForm, "portfolio", "Portefeuille", d)
			return nil
		}
		return err
	}
	d.Portfolio = p
	f.Set("prijsjaar", strconv.Itoa(p.PriceYear))
	for _, pt := range p.Curve {
		if pt.HouseholdPercent == 5 {
			d.Sentence = "De duurste 5% van de huishoudens draagt " + strconv.Itoa(int(math.Round(pt.CostPercent))) + "% van de kosten."
		}
	}
	d.Curve = newCurveChart("concentratiecurve", "Concentratiecurve van de kosten",
		"Lijn van het aandeel in de kosten (verticaal) dat de duurste huishoudens (horizontaal, van duur naar goedkoop) dragen. "+d.Sentence+" De tabel ernaast geeft dezelfde cijfers.",
		p.Curve)
	if pf.Offset > 0 {
		d.Pager.First = "/portefeuille?" + withoutOffset(r.URL.Query())
	}
	if pf.Offset+len(p.Ranked) < p.Households && len(p.Ranked) == pageSize {
		q := r.URL.Query()
		q.Set("vanaf", strconv.Itoa(pf.Offset+pageSize))
		d.Pager.Next = "/portefeuille?" + q.Encode()
	}
	s.render(w, r, c, http.StatusOK, "portfolio", "Portefeuille", d)
	return nil
}

func withoutOffset(q url.Values) string {
	q.Del("vanaf")
	return q.Encode()
}
