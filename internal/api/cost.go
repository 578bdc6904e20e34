package api

import (
	"errors"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costexport"
)

// The cost analysis: the catalogue of unit costs, the price index, the cost
// records of a household and the analyses over them. Amounts are euros with two
// decimals (see euro); the services keep cents.

// --- The catalogue ---

func costItemOf(it *kluwen.CostItem) costItemOut {
	return costItemOut{
		Links:     self("kostencatalogus", strings.ToLower(it.Code)),
		ID:        it.ID,
		Code:      it.Code,
		Name:      it.Name,
		Sector:    it.Sector,
		Unit:      it.Unit,
		UnitPrice: euro(it.UnitPrice),
		PriceYear: it.PriceYear,
		ValidFrom: dateOut(it.ValidFrom),
		ValidTo:   optDateOut(it.ValidTo),
		Source:    it.Source,
		Basis:     it.Basis,
		BasisNote: it.BasisNote,
		Kind:      it.Kind,
		CostType:  it.CostType,
	}
}

func (s *server) listCostItems(c *call) (*page[costItemOut], error) {
	f := kluwen.CostItemFilter{Current: c.queryBool("actueel") != nil && *c.queryBool("actueel")}
	if v := c.queryString("sector"); v != "" {
		sec := kluwen.Sector(v)
		f.Sector = &sec
	}
	if v := c.queryString("soort"); v != "" {
		k := kluwen.CostKind(v)
		f.Kind = &k
	}
	f.ValidOn = c.queryTime("geldigOp")
	items, err := s.svc.CostCatalogue.FindCostItems(c.ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]costItemOut, len(items))
	for i, it := range items {
		out[i] = costItemOf(it)
	}
	return pageOf(c, out, func(o costItemOut) int64 { return o.ID }), nil
}

func (s *server) getCostItem(c *call) (*costItemOut, error) {
	items, err := s.svc.CostCatalogue.FindCostItems(c.ctx, kluwen.CostItemFilter{Code: kluwen.NormaliseCostCode(c.code("code"))})
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, notFound("Deze kostenpost staat niet in de catalogus.")
	}
	// The latest period, with all periods newest first.
	latest := items[0]
	for _, it := range items {
		if it.ValidFrom.After(latest.ValidFrom) {
			latest = it
		}
	}
	out := costItemOf(latest)
	periods := make([]costItemOut, len(items))
	for i, it := range items {
		periods[i] = costItemOf(it)
	}
	sortByValidFromDesc(periods)
	out.Periods = periods
	return &out, nil
}

func sortByValidFromDesc(ps []costItemOut) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && time.Time(ps[j].ValidFrom).After(time.Time(ps[j-1].ValidFrom)); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func (s *server) setCostItemPrice(c *call, b *costPriceIn) (*costItemOut, error) {
	code := kluwen.NormaliseCostCode(b.Code)
	if code == "" {
		return nil, badParams(invalidParam{Name: "code", Code: "invalid", Reason: "Vul de code in van een kostenpost uit de catalogus."})
	}
	it, err := s.svc.CostCatalogue.SetCostItemPrice(c.ctx, code, kluwen.CostItemPrice{
		UnitPrice: kluwen.Cents(b.UnitPrice),
		PriceYear: b.PriceYear,
		ValidFrom: time.Time(b.ValidFrom),
		Source:    b.Source,
		Basis:     b.Basis,
		BasisNote: b.BasisNote,
	})
	err = renameFields(err, map[string]string{"basis": "costBasis"})
	if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
		return nil, badParams(invalidParam{Name: "code", Code: "invalid", Reason: "Deze kostenpost staat niet in de catalogus."})
	}
	if err != nil {
		return nil, err
	}
	out := costItemOf(it)
	return &out, nil
}

// --- The price index ---

func (s *server) priceIndex(c *call) (*priceIndexOut, error) {
	p, err := s.svc.CostCatalogue.FindPriceIndex(c.ctx)
	if err != nil {
		return nil, err
	}
	out := &priceIndexOut{Links: self("prijsindex"), LatestYear: p.LatestYear(), IndexYears: []priceIndexYearOut{}}
	for _, y := range p.Years {
		out.IndexYears = append(out.IndexYears, priceIndexYearOut{Year: y.Year, Value: hundredths(y.Value), Source: y.Source})
	}
	return out, nil
}

func (s *server) setPriceIndexYear(c *call, b *priceIndexYearIn) (*priceIndexOut, error) {
	if err := s.svc.CostCatalogue.SetPriceIndexYear(c.ctx, kluwen.PriceIndexYear{Year: b.Year, Value: int64(b.Value), Source: b.Source}); err != nil {
		return nil, err
	}
	return s.priceIndex(c)
}

// --- Cost records ---

func costRecordOf(r *kluwen.CostRecord) costRecordOut {
	out := costRecordOut{
		Links:          self("huishoudens", r.HouseholdID, "kosten", r.ID),
		ID:             r.ID,
		OrganisationID: r.OrganisationID,
		DepartmentID:   r.DepartmentID,
		HouseholdID:    r.HouseholdID,
		PersonID:       r.PersonID,
		ItemCode:       r.ItemCode,
		ItemID:         optID(r.ItemID),
		Quantity:       quantity(r.Quantity),
		UnitPrice:      euro(r.UnitPrice),
		Amount:         euro(r.Amount),
		Description:    r.Description,
		From:           dateOut(r.From),
		To:             dateOut(r.To),
		LifeDomain:     r.LifeDomain,
		Sector:         r.Sector,
		Kind:           r.Kind,
		CostType:       r.CostType,
		Estimated:      r.Estimated,
		Correction:     r.Correction,
		SourceRef:      r.SourceRef,
		CreatedBy:      r.CreatedBy,
		CreatedAt:      instant(r.CreatedAt),
	}
	if r.To.IsZero() {
		out.To = out.From
	}
	return out
}

func (s *server) listCostRecords(c *call) (*page[costRecordOut], error) {
	f := kluwen.CostRecordFilter{HouseholdID: c.id("id"), OrganisationID: c.queryID("organisatieId"),
		From: c.queryTime("van"), To: c.queryTime("tot"), AfterID: c.after, Limit: c.size + 1}
	rs, err := s.svc.Costs.FindCostRecords(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]costRecordOut, len(rs))
	for i, r := range rs {
		items[i] = costRecordOf(r)
	}
	return newPage(c, items, func(r costRecordOut) int64 { return r.ID }), nil
}

func (s *server) getCostRecord(c *call) (*costRecordOut, error) {
	id := c.id("kostenId")
	rs, err := s.svc.Costs.FindCostRecords(c.ctx, kluwen.CostRecordFilter{HouseholdID: c.id("id"), ID: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 || rs[0].ID != id {
		return nil, notFound("Deze kostenregel bestaat niet bij dit huishouden of u heeft er geen toegang toe.")
	}
	out := costRecordOf(rs[0])
	return &out, nil
}

func (s *server) createCostRecord(c *call, b *costRecordIn) (*costRecordOut, error) {
	r := &kluwen.CostRecord{
		OrganisationID: b.OrganisationID,
		DepartmentID:   b.DepartmentID,
		HouseholdID:    c.id("id"),
		PersonID:       b.PersonID,
		ItemCode:       b.ItemCode,
		Quantity:       kluwen.Quantity(b.Quantity),
		Amount:         kluwen.Cents(b.Amount),
		Description:    b.Description,
		From:           time.Time(b.From),
		LifeDomain:     b.LifeDomain,
		Kind:           b.Kind,
		CostType:       b.CostType,
		Estimated:      b.Estimated,
		Correction:     b.Correction,
		SourceRef:      b.SourceRef,
	}
	if b.To != nil {
		r.To = time.Time(*b.To)
	}
	if err := s.svc.Costs.CreateCostRecord(c.ctx, r); err != nil {
		return nil, err
	}
	out := costRecordOf(r)
	return &out, nil
}

// --- The household overview ---

func amountsOf(a kluwen.CostAmounts) costAmountsOut {
	return costAmountsOut{Service: euro(a.Service), Transfer: euro(a.Transfer), Total: euro(a.Total()), Records: a.Records,
		EstimatedAmount: euro(a.EstimatedAmount), EstimatedRecords: a.Estimated}
}

func periodsOf(ps []kluwen.CostPeriodTotal) []costPeriodOut {
	out := make([]costPeriodOut, len(ps))
	for i, p := range ps {
		out[i] = costPeriodOut{Year: p.Year, Quarter: p.Quarter, Amounts: amountsOf(p.CostAmounts)}
	}
	return out
}

func splitsOf(ss []kluwen.CostSplit) []costSplitOut {
	out := make([]costSplitOut, len(ss))
	for i, sp := range ss {
		out[i] = costSplitOut{Key: sp.Key, ID: sp.ID, Label: sp.Label, Amounts: amountsOf(sp.CostAmounts)}
	}
	return out
}

func windowOf(w *kluwen.CostWindow) *costWindowOut {
	if w == nil {
		return nil
	}
	return &costWindowOut{From: dateOut(w.From), To: dateOut(w.To), Amounts: amountsOf(w.CostAmounts)}
}

// priceYear is the prijsjaar query parameter, 0 when absent (the latest year of
// the index).
func (c *call) priceYear() int {
	if v := c.queryInt("prijsjaar"); v != nil {
		return *v
	}
	return 0
}

func (s *server) costOverview(c *call) (*costOverviewOut, error) {
	o, err := s.svc.Costs.HouseholdCostOverview(c.ctx, c.id("id"), kluwen.CostOverviewOptions{PriceYear: c.priceYear()})
	if err != nil {
		return nil, err
	}
	out := &costOverviewOut{
		Links:          self("huishoudens", o.HouseholdID, "kostenoverzicht"),
		HouseholdID:    o.HouseholdID,
		PriceYear:      o.PriceYear,
		UnindexedYears: nonNil(o.UnindexedYears),
		Total:          amountsOf(o.Total),
		Years:          periodsOf(o.Years),
		Quarters:       periodsOf(o.Quarters),
		ByOrganisation: splitsOf(o.ByOrganisation),
		ByDepartment:   splitsOf(o.ByDepartment),
		BySector:       splitsOf(o.BySector),
		ByLifeDomain:   splitsOf(o.ByLifeDomain),
		ByKind:         splitsOf(o.ByKind),
		ByCostType:     splitsOf(o.ByCostType),
		CaseID:         optID(o.CaseID),
		CaseStart:      optDateOut(o.CaseStart),
		Before:         windowOf(o.Before),
		After:          windowOf(o.After),
		Drivers:        []costDriverOut{},
	}
	for _, d := range o.Drivers {
		out.Drivers = append(out.Drivers, costDriverOut{ItemCode: d.ItemCode, Label: d.Label, OrganisationID: d.OrganisationID, Amounts: amountsOf(d.CostAmounts)})
	}
	return out, nil
}

// costOverviewFile exports the overview in a format; the service logs the
// export and applies the same need-to-know as the overview.
func (s *server) costOverviewFile(c *call, format string) (file, error) {
	o, err := s.svc.Costs.HouseholdCostOverview(c.ctx, c.id("id"), kluwen.CostOverviewOptions{PriceYear: c.priceYear(), Export: format})
	if err != nil {
		return file{}, err
	}
	body, err := costexport.Render(o, format)
	if err != nil {
		return file{}, err
	}
	return file{contentType: costexport.ContentType(format), name: costexport.Filename(o, format), body: body}, nil
}

func (s *server) costOverviewCSV(c *call) (csvFile, error) {
	f, err := s.costOverviewFile(c, costexport.CSV)
	return csvFile{f}, err
}

func (s *server) costOverviewXLSX(c *call) (xlsxFile, error) {
	f, err := s.costOverviewFile(c, costexport.XLSX)
	return xlsxFile{f}, err
}

func (s *server) costOverviewPDF(c *call) (pdfFile, error) {
	f, err := s.costOverviewFile(c, costexport.PDF)
	return pdfFile{f}, err
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// --- The portfolio ---

func (s *server) portfolio(c *call) (*portfolioOut, error) {
	f := kluwen.PortfolioFilter{PriceYear: c.priceYear(), Wijk: c.queryString("wijk"),
		CostType: kluwen.CostType(c.queryString("kostensoort")), RankBy: kluwen.PortfolioRank(c.queryString("rangschikking"))}
	if v := c.queryInt("van"); v != nil {
		f.FromYear = *v
	}
	if v := c.queryInt("tot"); v != nil {
		f.ToYear = *v
	}
	if v := c.queryString("sector"); v != "" {
		f.Sectors = []kluwen.Sector{kluwen.Sector(v)}
	}
	if v := c.queryString("soort"); v != "" {
		f.Kinds = []kluwen.CostKind{kluwen.CostKind(v)}
	}
	if v := c.queryInt("aantal"); v != nil {
		f.Limit = *v
	}
	if v := c.queryInt("vanaf"); v != nil {
		f.Offset = *v
	}
	p, err := s.svc.Costs.CostPortfolio(c.ctx, f)
	if err != nil {
		return nil, err
	}
	links := pageLinks{Self: link{Href: c.pageHref("")}}
	if n := f.Offset + len(p.Ranked); len(p.Ranked) > 0 && n < p.Households {
		links.Next = &link{Href: withQuery(c.pageHref(""), "vanaf", strconv.Itoa(n))}
	}
	out := &portfolioOut{
		Links:          links,
		PriceYear:      p.PriceYear,
		UnindexedYears: nonNil(p.UnindexedYears),
		CostType:       p.CostType,
		RankBy:         string(p.RankBy),
		Households:     p.Households,
		Total:          euro(p.Total),
		Ranked:         []portfolioHouseholdOut{},
		Curve:          []concentrationPointOut{},
		ByWijk:         []wijkTotalOut{},
		ByYear:         []yearTotalOut{},
	}
	if out.CostType == "" {
		out.CostType = kluwen.CostTypeService
	}
	if out.RankBy == "" {
		out.RankBy = string(kluwen.RankCost)
	}
	for _, h := range p.Ranked {
		out.Ranked = append(out.Ranked, portfolioHouseholdOut{Rank: h.Rank, Pseudonym: h.Pseudonym, HouseholdID: h.HouseholdID,
			Amount: euro(h.Amount), Partners: h.Partners, LifeDomains: h.LifeDomains, ProblemDomains: h.ProblemDomains})
	}
	for _, pt := range p.Curve {
		out.Curve = append(out.Curve, concentrationPointOut{HouseholdPercent: pt.HouseholdPercent, Households: pt.Households,
			Amount: euro(pt.Amount), CostPercent: pt.CostPercent})
	}
	for _, w := range p.ByWijk {
		out.ByWijk = append(out.ByWijk, wijkTotalOut{Wijk: w.Wijk, Households: w.Households, Amount: euro(w.Amount), Suppressed: w.Suppressed})
	}
	for _, y := range p.ByYear {
		out.ByYear = append(out.ByYear, yearTotalOut{Year: y.Year, Amount: euro(y.Amount)})
	}
	return out, nil
}

// --- Monitoring ---

func courseOf(cc *kluwen.CostCourse, l selfLinks) *costCourseOut {
	out := &costCourseOut{
		Links:          l,
		PriceYear:      cc.PriceYear,
		UnindexedYears: nonNil(cc.UnindexedYears),
		CaseID:         cc.CaseID,
		Start:          optDateOut(cc.Start),
		Cases:          cc.Cases,
		CountedThrough: nonZeroDate(cc.CountedThrough),
		Suppressed:     cc.Suppressed,
		WithOutcomes:   cc.Outcomes,
		Points:         []coursePointOut{},
	}
	for _, p := range cc.Points {
		kinds := map[kluwen.CostKind]euro{}
		for k, v := range p.Kinds {
			kinds[k] = euro(v)
		}
		out.Points = append(out.Points, coursePointOut{Offset: p.Offset, Households: p.Households, Observed: p.Observed, Suppressed: p.Suppressed, Service: euro(p.Service),
			Transfer: euro(p.Transfer), MeanService: euro(p.MeanService), MeanTransfer: euro(p.MeanTransfer), ServiceByKind: kinds,
			Outcome: courseOutcomeOf(p.Outcome)})
	}
	return out
}

func courseOutcomeOf(o *kluwen.CourseOutcome) *courseOutcomeOut {
	if o == nil {
		return nil
	}
	out := &courseOutcomeOut{Cases: o.Cases, Suppressed: o.Suppressed}
	if !o.Suppressed {
		m, p := hundredths(math.Round(o.MeanScore*100)), hundredths(math.Round(o.ProblemDomains*100))
		out.MeanScore, out.ProblemDomains = &m, &p
	}
	return out
}

// courseOptions reads the price year and the quarters before and after.
func (c *call) courseOptions() kluwen.CourseOptions {
	o := kluwen.CourseOptions{PriceYear: c.priceYear()}
	if v := c.queryInt("kwartalenVoor"); v != nil {
		o.QuartersBefore = *v
	}
	if v := c.queryInt("kwartalenNa"); v != nil {
		o.QuartersAfter = *v
	}
	return o
}

func (s *server) caseCostCourse(c *call) (*costCourseOut, error) {
	cc, err := s.svc.Costs.CaseCostCourse(c.ctx, c.id("id"), c.courseOptions())
	if err != nil {
		return nil, err
	}
	out := courseOf(cc, self("casussen", c.id("id"), "kostenverloop"))
	if out.Outcomes, err = s.caseOutcome(c); err != nil {
		return nil, err
	}
	return out, nil
}

// caseOutcome gives the life-domain outcomes of the case's household: the
// average latest score and the number of problem domains, or nil when the actor
// may not see the assessments.
func (s *server) caseOutcome(c *call) (*outcomeOut, error) {
	cs, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	m, err := s.svc.Assessments.HouseholdMatrix(c.ctx, cs.HouseholdID, 0)
	switch kluwen.ErrorCode(err) {
	case "":
	case kluwen.ENOTFOUND, kluwen.EFORBIDDEN:
		return nil, nil
	default:
		return nil, err
	}
	// The number of problem domains counts a domain once, however many members
	// score a problem on it (as the quarters of the course do).
	domains := map[string]bool{}
	for _, p := range m.ProblemDomains() {
		domains[p.DomainCode] = true
	}
	out := &outcomeOut{ProblemAreas: len(domains)}
	var sum, n int64
	for _, row := range m.Rows {
		for _, cell := range row.Cells {
			if cell.Latest != nil {
				sum += int64(cell.Latest.Score)
				n++
			}
		}
	}
	if n > 0 {
		v := hundredths((sum*100 + n/2) / n)
		out.MeanScore = &v
	}
	return out, nil
}

// cohortFilter reads the period in which the cases started: van and tot, by
// default the whole history up to today.
func (c *call) cohortFilter() (kluwen.CohortFilter, error) {
	f := kluwen.CohortFilter{CourseOptions: c.courseOptions(), StartFrom: time.Date(kluwen.FirstCostYear, 1, 1, 0, 0, 0, 0, time.UTC), StartTo: kluwen.Today()}
	if v := c.queryTime("van"); v != nil {
		f.StartFrom = *v
	}
	if v := c.queryTime("tot"); v != nil {
		f.StartTo = *v
	}
	if f.StartTo.Before(f.StartFrom) {
		return f, badParams(invalidParam{Name: "tot", Code: "invalid", Reason: "De periode eindigt voor hij begint."})
	}
	return f, nil
}

func (s *server) cohortCourse(c *call) (*costCourseOut, error) {
	f, err := c.cohortFilter()
	if err != nil {
		return nil, err
	}
	cc, err := s.svc.Costs.CohortCostCourse(c.ctx, f)
	if err != nil {
		return nil, err
	}
	return courseOf(cc, selfLinks{Self: link{Href: c.pageHref("")}}), nil
}

func (s *server) costPayers(c *call) (*payersOut, error) {
	f, err := c.cohortFilter()
	if err != nil {
		return nil, err
	}
	p, err := s.svc.Costs.CostPayers(c.ctx, f)
	if err != nil {
		return nil, err
	}
	out := &payersOut{Links: selfLinks{Self: link{Href: c.pageHref("")}}, PriceYear: p.PriceYear, UnindexedYears: nonNil(p.UnindexedYears),
		Cases: p.Cases, Compared: p.Compared, CountedThrough: nonZeroDate(p.CountedThrough), QuartersBefore: p.QuartersBefore, QuartersAfter: p.QuartersAfter, Suppressed: p.Suppressed, Payers: []payerRowOut{}}
	for _, r := range p.Rows {
		out.Payers = append(out.Payers, payerRowOut{OrganisationID: r.OrganisationID, Name: r.Name, Sector: r.Sector,
			Invested: euro(r.Invested), Before: euro(r.Before), After: euro(r.After), Change: euro(r.Change())})
	}
	return out, nil
}

// renameFields renames the invalid fields of a domain error whose domain name
// the API gives another meaning elsewhere (the basis of a cost item is not the
// legal basis of an involvement).
func renameFields(err error, names map[string]string) error {
	var e *kluwen.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = make([]kluwen.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		if n, ok := names[f.Field]; ok {
			f.Field = n
		}
		c.Fields[i] = f
	}
	return &c
}

// withQuery is href with the query parameter name set to value.
func withQuery(href, name, value string) string {
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// nonZeroDate is t as an optional date: nil when t is zero.
func nonZeroDate(t time.Time) *date {
	if t.IsZero() {
		return nil
	}
	return optDateOut(&t)
}
