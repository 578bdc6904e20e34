package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

// The cost catalogue and the price index. Every signed-in user reads them (the
// service allows it: they hold no personal data, and whoever records or reads
// costs needs to know where a price comes from); only the functional admin adds
// an item, changes its description, gives it a new price or changes a figure of
// the index. A new price opens a new validity period of the code: the periods
// before it, and every cost record priced in them, keep their price.

const cataloguePath = "/beheer/kostencatalogus"

// catalogueItem is one period of the catalogue as the pages show it.
type catalogueItem struct {
	*kluwen.CostItem
	Ended bool // the period ended before today
}

// SourceLink is the source when it is a web address, to be shown as a link; ""
// when the source is a reference in words.
func (it catalogueItem) SourceLink() string { return sourceLink(it.Source) }

// Period writes the validity in few characters: "vanaf 1 jan 2024", or "1 jan
// 2011 t/m 31 dec 2011".
func (it catalogueItem) Period() string {
	if it.ValidTo == nil {
		return "vanaf " + shortDate(it.ValidFrom)
	}
	return shortDate(it.ValidFrom) + " t/m " + shortDate(*it.ValidTo)
}

// Path is the item's page.
func (it catalogueItem) Path() string { return cataloguePath + "/" + url.PathEscape(it.Code) }

// SourceHost is the host of the source's web address, as the link's text in a
// table.
func (it catalogueItem) SourceHost() string {
	if u, err := url.Parse(it.SourceLink()); err == nil && u.Host != "" {
		return strings.TrimPrefix(u.Host, "www.")
	}
	return it.Source
}

func sourceLink(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\n") {
		return ""
	}
	return u.String()
}

func (s *Server) catalogueItems(items []*kluwen.CostItem) []catalogueItem {
	today := s.today()
	out := make([]catalogueItem, len(items))
	for i, it := range items {
		out[i] = catalogueItem{CostItem: it, Ended: it.ValidTo != nil && it.ValidTo.Before(today)}
	}
	return out
}

// sectorFilterOptions lists the sectors after a first choice for all.
func sectorFilterOptions() []option {
	opts := sectorOptions()
	opts[0].Label = "Alle sectoren"
	return opts
}

func costKindOptions(first string) []option {
	opts := []option{{Value: "", Label: first}}
	for _, k := range kluwen.CostKinds {
		opts = append(opts, option{Value: string(k), Label: k.Label()})
	}
	return opts
}

func costTypeOptions(first string) []option {
	opts := []option{{Value: "", Label: first}}
	for _, t := range kluwen.CostTypes {
		opts = append(opts, option{Value: string(t), Label: t.Label()})
	}
	return opts
}

func costBasisOptions(first string) []option {
	opts := []option{{Value: "", Label: first}}
	for _, b := range kluwen.CostBases {
		opts = append(opts, option{Value: string(b), Label: b.Label()})
	}
	return opts
}

// The list.

var catalogueFilterFields = []string{"zoek", "sector", "soort", "kostensoort", "beeindigd"}

type catalogueListData struct {
	Form      *Form
	Items     []catalogueItem
	AllItems  bool // every period, ended ones too
	Sectors   []option
	Kinds     []option
	Types     []option
	Ended     []option
	CanManage bool
}

// costItemList shows the catalogue: by default the latest period of every code
// that has not ended, filtered by sector, kind, cost type and a text; with
// "beeindigd" every period, so that the history of the prices shows.
func (s *Server) costItemList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := getForm(r, catalogueFilterFields...).Many("beeindigd")
	f.SetAll("beeindigd", r.URL.Query()["beeindigd"])
	var flt kluwen.CostItemFilter
	if v := f.Get("sector"); v != "" {
		if sec := kluwen.Sector(v); sec.Valid() {
			flt.Sector = &sec
		} else {
			f.fail("sector", "Kies een sector uit de lijst.")
		}
	}
	if v := f.Get("soort"); v != "" {
		if k := kluwen.CostKind(v); k.Valid() {
			flt.Kind = &k
		} else {
			f.fail("soort", "Kies een soort inzet uit de lijst.")
		}
	}
	var typ kluwen.CostType
	if v := f.Get("kostensoort"); v != "" {
		if typ = kluwen.CostType(v); !typ.Valid() {
			f.fail("kostensoort", "Kies een kostensoort uit de lijst.")
		}
	}
	all := slices.Contains(f.All("beeindigd"), "ja")
	d := &catalogueListData{Form: f, AllItems: all, Sectors: sectorFilterOptions(), Kinds: costKindOptions("Alle soorten inzet"),
		Types: costTypeOptions("Alle kostensoorten"), Ended: []option{{Value: "ja", Label: "Toon ook beëindigde perioden"}},
		CanManage: c.actor.Can(kluwen.PermManageCostCatalogue)}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "costitem_list", "Kostencatalogus", d)
		return nil
	}
	flt.Current = !all
	items, err := s.svc.CostCatalogue.FindCostItems(r.Context(), flt)
	if err != nil {
		return err
	}
	q := strings.ToLower(f.Get("zoek"))
	for _, it := range s.catalogueItems(items) {
		switch {
		case it.Ended && !all:
			continue
		case typ != "" && it.CostType != typ:
			continue
		case q != "" && !strings.Contains(strings.ToLower(it.Code+" "+it.Name+" "+it.Unit+" "+it.Source), q):
			continue
		}
		d.Items = append(d.Items, it)
	}
	s.render(w, r, c, http.StatusOK, "costitem_list", "Kostencatalogus", d)
	return nil
}

// The page of one code.

type costItemShowData struct {
	Latest    catalogueItem
	Current   *catalogueItem // the period that holds today, if any
	Periods   []catalogueItem
	CanManage bool
}

// findCostPeriods returns every period of the path's code, oldest first, or
// ENOTFOUND.
func (s *Server) findCostPeriods(r *http.Request) ([]catalogueItem, error) {
	code := kluwen.NormaliseCostCode(r.PathValue("code"))
	if code == "" {
		return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Deze kostenpost bestaat niet.")
	}
	items, err := s.svc.CostCatalogue.FindCostItems(r.Context(), kluwen.CostItemFilter{Code: code})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Deze kostenpost bestaat niet.")
	}
	return s.catalogueItems(items), nil
}

func (s *Server) costItemShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	periods, err := s.findCostPeriods(r)
	if err != nil {
		return err
	}
	d := &costItemShowData{Latest: periods[len(periods)-1], CanManage: c.actor.Can(kluwen.PermManageCostCatalogue)}
	today := s.today()
	for i := len(periods) - 1; i >= 0; i-- {
		d.Periods = append(d.Periods, periods[i])
		if d.Current == nil && periods[i].ValidOn(today) {
			p := periods[i]
			d.Current = &p
		}
	}
	s.render(w, r, c, http.StatusOK, "costitem_show", "Kostenpost "+d.Latest.Code, d)
	return nil
}

// Adding an item and changing its description.

var (
	costItemNewFields   = []string{"code", "name", "sector", "unit", "unitPrice", "priceYear", "validFrom", "source", "basis", "basisNote", "kind", "costType"}
	costItemEditFields  = []string{"name", "unit", "source", "basis", "basisNote", "kind", "costType", "validTo"}
	costItemPriceFields = []string{"unitPrice", "priceYear", "validFrom", "source", "basis", "basisNote"}
)

type costItemFormData struct {
	New     bool
	Item    *catalogueItem // the latest period, when one is changed
	Form    *Form
	Sectors []option
	Kinds   []option
	Types   []option
	Bases   []option
}

func newCostItemFormData(f *Form, item *catalogueItem) *costItemFormData {
	return &costItemFormData{New: item == nil, Item: item, Form: f, Sectors: sectorOptions(),
		Kinds: costKindOptions("Kies de soort inzet"), Types: costTypeOptions("Kies de kostensoort"), Bases: costBasisOptions("Kies de onderbouwing")}
}

// euros reads an amount in euros written the Dutch way; empty is an error,
// since a price of nothing is never meant by leaving the field out.
func (f *Form) euros(name, what string) kluwen.Cents {
	v := f.Get(name)
	if v == "" {
		f.fail(name, "Vul "+what+" in euro in, zoals 52,10.")
		return 0
	}
	c, err := kluwen.ParseCents(v, kluwen.DecimalComma)
	switch {
	case errors.Is(err, kluwen.ErrNumberSeparator):
		f.fail(name, "Gebruik een komma voor de centen, zoals 52,10. Een punt mag alleen duizendtallen scheiden, zoals 1.250,00.")
	case errors.Is(err, kluwen.ErrNumberPrecision):
		f.fail(name, "Vul "+what+" in met hoogstens twee cijfers achter de komma, zoals 52,10.")
	case err != nil:
		f.fail(name, "Vul "+what+" in euro in als een bedrag, zoals 52,10.")
	}
	return c
}

// year reads a year; empty gives 0, which the domain then refuses.
func (f *Form) year(name string) int {
	return f.int(name, "Vul het jaar in met vier cijfers, zoals 2024.")
}

func (s *Server) costItemNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(costItemNewFields...)
	f.Set("priceYear", strconv.Itoa(s.today().Year()))
	f.Set("validFrom", s.today().Format(kluwen.DateLayout))
	f.Set("costType", string(kluwen.CostTypeService))
	s.render(w, r, c, http.StatusOK, "costitem_form", "Kostenpost toevoegen", newCostItemFormData(f, nil))
	return nil
}

func (s *Server) costItemCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(costItemNewFields...).read(r)
	it := &kluwen.CostItem{
		Code: f.Get("code"), Name: f.Get("name"), Sector: kluwen.Sector(f.Get("sector")), Unit: f.Get("unit"),
		UnitPrice: f.euros("unitPrice", "de prijs per eenheid"), PriceYear: f.year("priceYear"),
		ValidFrom: f.date("validFrom", "de datum vanaf wanneer de prijs geldt"),
		Source:    f.Get("source"), Basis: kluwen.CostBasis(f.Get("basis")), BasisNote: f.Get("basisNote"),
		Kind: kluwen.CostKind(f.Get("kind")), CostType: kluwen.CostType(f.Get("costType")),
	}
	f.mergeErr(it.Validate())
	if !f.Invalid() {
		err := s.svc.CostCatalogue.CreateCostItem(r.Context(), it)
		if err == nil {
			redirect(w, r, withNotice(catalogueItem{CostItem: it}.Path(), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "costitem_form", "Kostenpost toevoegen", newCostItemFormData(f, nil))
	return nil
}

func (s *Server) costItemEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	periods, err := s.findCostPeriods(r)
	if err != nil {
		return err
	}
	it := periods[len(periods)-1]
	f := newForm(costItemEditFields...)
	f.Set("name", it.Name)
	f.Set("unit", it.Unit)
	f.Set("source", it.Source)
	f.Set("basis", string(it.Basis))
	f.Set("basisNote", it.BasisNote)
	f.Set("kind", string(it.Kind))
	f.Set("costType", string(it.CostType))
	if it.ValidTo != nil {
		f.Set("validTo", it.ValidTo.Format(kluwen.DateLayout))
	}
	s.render(w, r, c, http.StatusOK, "costitem_form", "Kostenpost "+it.Code+" wijzigen", newCostItemFormData(f, &it))
	return nil
}

// costItemUpdate changes the description of the latest period. The price and
// the start stay; earlier periods and the records priced in them keep theirs.
func (s *Server) costItemUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	periods, err := s.findCostPeriods(r)
	if err != nil {
		return err
	}
	it := periods[len(periods)-1]
	f := newForm(costItemEditFields...).read(r)
	str := func(name string) *string { v := f.Get(name); return &v }
	basis, kind, typ := kluwen.CostBasis(f.Get("basis")), kluwen.CostKind(f.Get("kind")), kluwen.CostType(f.Get("costType"))
	validTo := f.optDate("validTo", "de einddatum")
	u := kluwen.CostItemUpdate{Name: str("name"), Unit: str("unit"), Source: str("source"), Basis: &basis, BasisNote: str("basisNote"),
		Kind: &kind, CostType: &typ, ValidTo: &validTo}
	if !f.Invalid() {
		_, err := s.svc.CostCatalogue.UpdateCostItem(r.Context(), it.ID, u)
		if err == nil {
			redirect(w, r, withNotice(it.Path(), "opgeslagen"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	} else {
		// Show the domain's messages beside the unreadable date's.
		check := *it.CostItem
		check.Name, check.Unit, check.Source, check.Basis, check.BasisNote, check.Kind, check.CostType = *u.Name, *u.Unit, *u.Source, basis, *u.BasisNote, kind, typ
		f.mergeErr(check.Validate())
	}
	s.render(w, r, c, statusInvalidForm, "costitem_form", "Kostenpost "+it.Code+" wijzigen", newCostItemFormData(f, &it))
	return nil
}

// A new price.

type costItemPriceData struct {
	Item  catalogueItem
	Form  *Form
	Bases []option
}

func (s *Server) costItemPriceForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	periods, err := s.findCostPeriods(r)
	if err != nil {
		return err
	}
	it := periods[len(periods)-1]
	f := newForm(costItemPriceFields...)
	f.Set("priceYear", strconv.Itoa(s.today().Year()))
	f.Set("basis", string(it.Basis))
	s.render(w, r, c, http.StatusOK, "costitem_price", "Nieuwe prijs voor "+it.Code, &costItemPriceData{Item: it, Form: f, Bases: costBasisOptions("Kies de onderbouwing")})
	return nil
}

// costItemPrice opens a new period of the code from the date given. The store
// refuses a date on or before the start of the latest period, on the field.
func (s *Server) costItemPrice(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	periods, err := s.findCostPeriods(r)
	if err != nil {
		return err
	}
	it := periods[len(periods)-1]
	f := newForm(costItemPriceFields...).read(r)
	p := kluwen.CostItemPrice{
		UnitPrice: f.euros("unitPrice", "de nieuwe prijs per eenheid"), PriceYear: f.year("priceYear"),
		ValidFrom: f.date("validFrom", "de datum vanaf wanneer de nieuwe prijs geldt"),
		Source:    f.Get("source"), Basis: kluwen.CostBasis(f.Get("basis")), BasisNote: f.Get("basisNote"),
	}
	if !p.ValidFrom.IsZero() && !p.ValidFrom.After(it.ValidFrom) {
		f.fail("validFrom", "Een nieuwe prijs geldt na het begin van de huidige periode ("+it.ValidFrom.Format("02-01-2006")+"). Kies een latere datum.")
	}
	if p.ValidFrom.IsZero() && f.Get("validFrom") == "" {
		f.fail("validFrom", "Vul in vanaf wanneer de nieuwe prijs geldt.")
	}
	// The domain's checks of the new period, so that every mistake shows at once.
	check := *it.CostItem
	check.ID, check.ValidTo = 0, nil
	check.UnitPrice, check.PriceYear, check.Basis, check.BasisNote = p.UnitPrice, p.PriceYear, p.Basis, p.BasisNote
	if !p.ValidFrom.IsZero() {
		check.ValidFrom = p.ValidFrom
	}
	if p.Source != "" {
		check.Source = p.Source
	}
	f.mergeErr(check.Validate())
	if !f.Invalid() {
		_, err := s.svc.CostCatalogue.SetCostItemPrice(r.Context(), it.Code, p)
		if err == nil {
			redirect(w, r, withNotice(it.Path(), "nieuwe-prijs"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "costitem_price", "Nieuwe prijs voor "+it.Code, &costItemPriceData{Item: it, Form: f, Bases: costBasisOptions("Kies de onderbouwing")})
	return nil
}

// The price index.

var priceIndexFields = []string{"year", "value", "source"}

type priceIndexRow struct {
	kluwen.PriceIndexYear
	Text   string // the figure the Dutch way: 103,44
	Factor string // what one euro of the year is in the prices of the latest year
}

type priceIndexData struct {
	Rows      []priceIndexRow
	Source    string // the source of every year, when they share one; else each row shows its own
	BaseYear  int    // the year with figure 100, or 0
	Latest    int
	Example   string // "€ 100,00 van 2011 is € 126,54 in prijzen van 2024."
	Chart     *lineChart
	Form      *Form
	CanManage bool
}

// indexText writes an index figure in hundredths the Dutch way: 103,44.
func indexText(v int64) string {
	return kluwen.Cents(v).Euros()
}

// factorText writes a factor scaled by FactorScale with four decimals: 1,2345.
func factorText(f int64) string {
	whole, frac := f/kluwen.FactorScale, (f%kluwen.FactorScale+50)/100
	if frac == 10000 {
		whole, frac = whole+1, 0
	}
	return strconv.FormatInt(whole, 10) + "," + strconv.FormatInt(frac+10000, 10)[1:]
}

func (s *Server) priceIndexPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) error {
	idx, err := s.svc.CostCatalogue.FindPriceIndex(r.Context())
	if err != nil {
		return err
	}
	d := &priceIndexData{Form: f, Latest: idx.LatestYear(), CanManage: c.actor.Can(kluwen.PermManageCostCatalogue)}
	for _, y := range idx.Years {
		d.Rows = append(d.Rows, priceIndexRow{PriceIndexYear: y, Text: indexText(y.Value), Factor: factorText(idx.Factor(y.Year, d.Latest))})
		if y.Value == 100_00 && d.BaseYear == 0 {
			d.BaseYear = y.Year
		}
	}
	for i, y := range idx.Years {
		if i == 0 {
			d.Source = y.Source
		} else if y.Source != d.Source {
			d.Source = ""
			break
		}
	}
	if len(idx.Years) > 1 {
		first := idx.Years[0].Year
		if idx.Has(2011) {
			first = 2011
		}
		d.Example = kluwen.Cents(100_00).String() + " van " + strconv.Itoa(first) + " is " + idx.Convert(100_00, first, d.Latest).String() +
			" in prijzen van " + strconv.Itoa(d.Latest) + "."
	}
	d.Chart = newIndexChart("prijsindex-grafiek", "Consumentenprijsindex per jaar",
		"Lijn van het indexcijfer per jaar"+baseYearText(d.BaseYear)+". De tabel ernaast geeft dezelfde cijfers.", idx.Years)
	if f == nil && d.CanManage {
		f = newForm(priceIndexFields...)
		// ?jaar= fills the form with that year's figure, to change it.
		if y, err := strconv.Atoi(r.URL.Query().Get("jaar")); err == nil && idx.Has(y) {
			for _, iy := range idx.Years {
				if iy.Year == y {
					f.Set("year", strconv.Itoa(y))
					f.Set("value", indexText(iy.Value))
					f.Set("source", iy.Source)
				}
			}
		} else if d.Latest > 0 {
			f.Set("year", strconv.Itoa(d.Latest+1))
			f.Set("source", idx.Years[len(idx.Years)-1].Source)
		}
		d.Form = f
	}
	s.render(w, r, c, status, "priceindex", "Prijsindex", d)
	return nil
}

func baseYearText(y int) string {
	if y == 0 {
		return ""
	}
	return " (" + strconv.Itoa(y) + " = 100)"
}

func (s *Server) priceIndex(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.priceIndexPage(w, r, c, http.StatusOK, nil)
}

// priceIndexSave adds or changes the figure of one year. Every overview in
// another price year changes with it: the rollups hold nominal amounts.
func (s *Server) priceIndexSave(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(priceIndexFields...).read(r)
	y := kluwen.PriceIndexYear{Year: f.year("year"), Source: f.Get("source")}
	switch v := f.Get("value"); {
	case v == "":
		f.fail("value", "Vul het indexcijfer in, zoals 103,44.")
	default:
		n, err := kluwen.ParseDecimal(v, kluwen.DecimalComma, 100)
		switch {
		case errors.Is(err, kluwen.ErrNumberSeparator):
			f.fail("value", "Gebruik een komma als decimaalteken, zoals 103,44 (geen punt).")
		case errors.Is(err, kluwen.ErrNumberPrecision):
			f.fail("value", "Vul het indexcijfer in met hoogstens twee cijfers achter de komma, zoals 103,44.")
		case err != nil:
			f.fail("value", "Vul het indexcijfer in als een getal, zoals 103,44.")
		}
		y.Value = n
	}
	check := y
	if f.Get("value") == "" || f.errs["value"] != "" {
		check.Value = 1 // the value's own message is there already
	}
	f.mergeErr(check.Validate())
	if !f.Invalid() {
		err := s.svc.CostCatalogue.SetPriceIndexYear(r.Context(), y)
		if err == nil {
			redirect(w, r, withNotice("/beheer/prijsindex", "indexcijfer")+"#prijsindex")
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	return s.priceIndexPage(w, r, c, statusInvalidForm, f)
}

// newIndexChart draws the index as a line over the years, with the figures on
// the vertical axis in steps of 10 (or 20 on a long range).
func newIndexChart(id, title, desc string, years []kluwen.PriceIndexYear) *lineChart {
	c := &lineChart{ID: id, Title: title, Desc: desc, Width: 480, Height: 220, Left: 44, Right: 464, Top: 12, Bottom: 188}
	if len(years) == 0 {
		return c
	}
	lo, hi := years[0].Value, years[0].Value
	for _, y := range years {
		lo, hi = min(lo, y.Value), max(hi, y.Value)
	}
	step := int64(10_00)
	lo, hi = lo/step*step, (hi+step-1)/step*step
	if hi == lo {
		hi = lo + step
	}
	if (hi-lo)/step > 6 {
		step *= 2
		lo, hi = lo/step*step, (hi+step-1)/step*step
	}
	yPos := func(v int64) float64 {
		return c.Bottom - 8 - (c.Bottom-c.Top-16)*float64(v-lo)/float64(hi-lo)
	}
	for v := lo; v <= hi; v += step {
		c.YTicks = append(c.YTicks, chartTick{Pos: yPos(v), Label: strconv.FormatInt(v/100, 10)})
	}
	first, last := years[0].Year, years[len(years)-1].Year
	xPos := func(year int) float64 {
		if last == first {
			return (c.Left + c.Right) / 2
		}
		return c.Left + 8 + (c.Right-c.Left-16)*float64(year-first)/float64(last-first)
	}
	every := 1
	for (last-first)/every > 6 {
		every++
	}
	for y := first; y <= last; y += every {
		c.XTicks = append(c.XTicks, chartTick{Pos: xPos(y), Label: strconv.Itoa(y)})
	}
	ls := &lineSeries{Name: "Indexcijfer", Index: 1}
	ls.Sample = markerPath(1, 12, 6)
	var pts []string
	for _, y := range years {
		px, py := xPos(y.Year), yPos(y.Value)
		pts = append(pts, coord(px)+","+coord(py))
		ls.Marks = append(ls.Marks, chartMark{X: px, Y: py, D: markerPath(1, px, py), Text: strconv.Itoa(y.Year) + ": " + indexText(y.Value)})
	}
	ls.Points = strings.Join(pts, " ")
	c.Series = []*lineSeries{ls}
	return c
}
