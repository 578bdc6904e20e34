package web

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// Monitoring: the cost course of one case beside its life-domain outcomes, the
// course of a cohort of cases that started in a period, and who pays and who
// gains per partner for such a cohort (the wrong-pocket problem). The cohort
// pages are for the roles that analyse costs and name no household.

// quarterRow is one quarter of a course as the table shows it.
type quarterRow struct {
	Offset     string // −1, 0, +1
	Start      bool   // the quarter the case (or cases) started in
	Quarter    string // the calendar quarter, for one case
	Kinds      []kluwen.Cents
	Service    kluwen.Cents
	Transfer   kluwen.Cents
	Households int
	Observed   int  // a cohort: households for which the quarter has ended
	Pending    bool // a cohort: the quarter has not ended for any household
	Suppressed bool // a cohort: too few households for which it has ended
	Outcome    *kluwen.CourseOutcome
	Score      string // "" without a figure
	Problems   string
}

// courseView is a course laid out for a page: the rows, the costs chart and
// the outcome charts.
type courseView struct {
	Kinds []string // the headings of the kind columns
	// AmountColumns is the number of amount columns: the kinds, service and
	// transfer.
	AmountColumns int
	Rows          []quarterRow
	Costs         *stackedChart
	Score         *offsetLineChart
	Problems      *offsetLineChart
	Outcomes      bool // the course carries outcomes
	Assessed      bool // some quarter has an outcome figure
	Mean          bool // a cohort: amounts per household, outcomes a mean
	MinCell       int  // a cohort: the fewest households a figure is shown for
	PriceYear     int
}

// offsetLabel writes a quarter relative to the start with its sign: −2, 0, +3.
func offsetLabel(off int) string {
	switch {
	case off < 0:
		return "−" + strconv.Itoa(-off)
	case off > 0:
		return "+" + strconv.Itoa(off)
	}
	return "0"
}

// newCourseView lays out a course. For a cohort (mean) the amounts are per
// household of the cohort; for one case start is its start date, to name the
// calendar quarters.
func newCourseView(cc *kluwen.CostCourse, mean bool, start *time.Time, what string) *courseView {
	v := &courseView{Outcomes: cc.Outcomes, Mean: mean, PriceYear: cc.PriceYear, MinCell: kluwen.MinCellSize}
	for _, k := range kluwen.CostKinds {
		v.Kinds = append(v.Kinds, k.Label())
	}
	v.AmountColumns = len(v.Kinds) + 2
	startQ := 0
	if start != nil {
		startQ = kluwen.QuarterIndex(kluwen.Quarter(*start))
	}
	n := len(cc.Points)
	series := make([]stackSeries, len(kluwen.CostKinds))
	for i, k := range kluwen.CostKinds {
		series[i] = stackSeries{Name: k.Label(), Values: make([]kluwen.Cents, n)}
	}
	var labels, titles []string
	scores, problems := make([]*float64, n), make([]*float64, n)
	keep, maxProblems := 0, 2.0
	for i, p := range cc.Points {
		row := quarterRow{Offset: offsetLabel(p.Offset), Start: p.Offset == 0, Service: p.Service, Transfer: p.Transfer, Households: p.Households, Outcome: p.Outcome}
		kinds := p.Kinds
		if mean {
			row.Service, row.Transfer, kinds = p.MeanService, p.MeanTransfer, p.MeanKinds
			row.Observed, row.Pending, row.Suppressed = p.Observed, p.Observed == 0, p.Suppressed
		}
		if start != nil {
			q := startQ + p.Offset
			row.Quarter = quarterLabel(q/4, q%4+1)
		}
		for j, k := range kluwen.CostKinds {
			a := kinds[k]
			row.Kinds = append(row.Kinds, a)
			series[j].Values[i] = a
		}
		if o := p.Outcome; o != nil && !o.Suppressed {
			s, pd := o.MeanScore, o.ProblemDomains
			scores[i], problems[i] = &s, &pd
			row.Score = decimal(s)
			row.Problems = whole(pd)
			if mean {
				row.Problems = decimal(pd)
			}
			maxProblems = max(maxProblems, math.Ceil(pd))
			v.Assessed = true
		}
		if p.Offset == 0 {
			keep = i
		}
		labels = append(labels, row.Offset)
		t := "Kwartaal " + row.Offset
		if row.Quarter != "" {
			t += " (" + row.Quarter + ")"
		}
		titles = append(titles, t)
		v.Rows = append(v.Rows, row)
	}
	py := strconv.Itoa(cc.PriceYear)
	per, pending := "", ""
	if mean {
		per = " per huishouden"
		pending = " Een kwartaal dat nog voor geen huishouden voorbij is, of voor te weinig, staat er leeg in."
	}
	v.Costs = newStackedChart("kosten-verloop", "Kosten van inzet"+per+" per kwartaal ten opzichte van de start",
		"Gestapeld staafdiagram van de kosten van inzet"+per+" van "+what+" per kwartaal, van "+labels[0]+" tot "+labels[n-1]+
			" kwartalen ten opzichte van het kwartaal van de start (0), per soort inzet, in prijzen van "+py+
			". Inkomensoverdrachten staan er niet in."+pending+" De tabel eronder geeft dezelfde bedragen.",
		labels, titles, keep, series)
	if v.Outcomes {
		gem := ""
		if mean {
			gem = ", gemiddeld over de casussen met een meting"
		}
		v.Score = newOffsetLineChart("uitkomst-score", "Gemiddelde ZRM-score per kwartaal",
			"Lijn van de gemiddelde laatste ZRM-score (1 is acute problematiek, 5 volledig zelfredzaam) van "+what+" aan het eind van elk kwartaal"+gem+
				". Kwartalen zonder meting ontbreken. De tabel eronder geeft dezelfde cijfers.",
			"Gemiddelde score", labels, keep, scores, 1, 5, 1, decimal)
		step := 1.0
		if maxProblems > 10 {
			step = 2
		}
		format := whole
		if mean {
			format = decimal
		}
		v.Problems = newOffsetLineChart("uitkomst-probleemdomeinen", "Probleemdomeinen per kwartaal",
			"Lijn van het aantal domeinen met een laatste score van 1 of 2 van "+what+" aan het eind van elk kwartaal"+gem+
				". Kwartalen zonder meting ontbreken. De tabel eronder geeft dezelfde cijfers.",
			"Probleemdomeinen", labels, keep, problems, 0, maxProblems, step, format)
	}
	return v
}

type caseCostsData struct {
	CaseID      int64
	HouseholdID int64
	Course      *kluwen.CostCourse
	View        *courseView
	Form        *Form
	Years       []option
	OwnOnly     bool
}

func (s *Server) caseCosts(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
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
	// Four quarters before the start, and after it eight or, for a case that
	// started longer ago, every quarter up to the current one (at most forty).
	cc, err := s.svc.Costs.CaseCostCourse(r.Context(), id, kluwen.CourseOptions{PriceYear: py, QuartersBefore: 4, QuartersAfter: 40})
	if err != nil {
		return err
	}
	if cc.Start != nil {
		since := kluwen.QuarterIndex(kluwen.Quarter(kluwen.Today())) - kluwen.QuarterIndex(kluwen.Quarter(*cc.Start))
		last := max(8, since)
		for len(cc.Points) > 0 && cc.Points[len(cc.Points)-1].Offset > last {
			cc.Points = cc.Points[:len(cc.Points)-1]
		}
	}
	f.Set("prijsjaar", strconv.Itoa(cc.PriceYear))
	d := &caseCostsData{CaseID: id, HouseholdID: cc.HouseholdID, Course: cc, Form: f, Years: years, OwnOnly: c.user.Role == kluwen.RoleProfessional,
		View: newCourseView(cc, false, cc.Start, "het huishouden van de casus")}
	status := http.StatusOK
	if f.Invalid() {
		status = statusInvalidForm
	}
	s.render(w, r, c, status, "case_costs", "Kostenverloop van casus "+strconv.FormatInt(id, 10), d)
	return nil
}

// The cohort pages.

// cohortForm reads the start period of a cohort (van, tot; by default every
// case up to today), the price year and the numbers of quarters named in
// quarters, each from 1 to 40 (defaults in defaults).
func cohortForm(r *http.Request, idx *kluwen.PriceIndex, quarters []string, labels map[string]string, defaults map[string]int) (*Form, kluwen.CohortFilter) {
	names := append([]string{"van", "tot"}, quarters...)
	f := getForm(r, append(names, "prijsjaar")...)
	f.Map("startFrom", "van").Map("startTo", "tot")
	var cf kluwen.CohortFilter
	cf.PriceYear = priceYear(f, idx)
	if f.Get("van") == "" {
		f.Set("van", strconv.Itoa(kluwen.FirstCostYear)+"-01-01")
	}
	if f.Get("tot") == "" {
		f.Set("tot", kluwen.Today().Format(kluwen.DateLayout))
	}
	cf.StartFrom = f.date("van", "de eerste startdatum")
	cf.StartTo = f.date("tot", "de laatste startdatum")
	if !cf.StartFrom.IsZero() && !cf.StartTo.IsZero() && cf.StartTo.Before(cf.StartFrom) {
		f.fail("tot", "De laatste startdatum ligt voor de eerste. Vul een datum in op of na de eerste startdatum.")
	}
	for _, q := range quarters {
		if f.Get(q) == "" {
			f.Set(q, strconv.Itoa(defaults[q]))
		}
		n, err := strconv.Atoi(f.Get(q))
		if err != nil || n < 1 || n > 40 {
			f.fail(q, "Vul het aantal kwartalen "+labels[q]+" in als een getal van 1 tot en met 40.")
			continue
		}
		switch q {
		case "voor":
			cf.QuartersBefore = n
		default:
			cf.QuartersAfter = n
		}
	}
	return f, cf
}

type cohortCostsData struct {
	Form    *Form
	Years   []option
	Course  *kluwen.CostCourse
	View    *courseView
	Filter  kluwen.CohortFilter
	MinCell int
}

func (s *Server) cohortCosts(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	years, idx, err := s.priceYears(r)
	if err != nil {
		return err
	}
	f, cf := cohortForm(r, idx, []string{"voor", "na"}, map[string]string{"voor": "voor de start", "na": "na de start"}, map[string]int{"voor": 4, "na": 8})
	d := &cohortCostsData{Form: f, Years: years, Filter: cf, MinCell: kluwen.MinCellSize}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "cohort_costs", "Kostenverloop van een cohort", d)
		return nil
	}
	cc, err := s.svc.Costs.CohortCostCourse(r.Context(), cf)
	if err != nil {
		if f.setError(err) {
			s.render(w, r, c, statusInvalidForm, "cohort_costs", "Kostenverloop van een cohort", d)
			return nil
		}
		return err
	}
	f.Set("prijsjaar", strconv.Itoa(cc.PriceYear))
	d.Course = cc
	if !cc.Suppressed && len(cc.Points) > 0 {
		d.View = newCourseView(cc, true, nil, "de casussen van het cohort")
	}
	s.render(w, r, c, http.StatusOK, "cohort_costs", "Kostenverloop van een cohort", d)
	return nil
}

// payerRow is one partner of who pays, who gains, with its change written
// with a sign.
type payerRow struct {
	kluwen.PayerRow
	ChangeText string
}

type costPayersData struct {
	Form    *Form
	Years   []option
	Payers  *kluwen.CostPayers
	Rows    []payerRow
	Filter  kluwen.CohortFilter
	Chart   *divergingChart
	MinCell int
}

func (s *Server) costPayers(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	years, idx, err := s.priceYears(r)
	if err != nil {
		return err
	}
	f, cf := cohortForm(r, idx, []string{"kwartalen"}, map[string]string{"kwartalen": "voor en na de start"}, map[string]int{"kwartalen": 4})
	d := &costPayersData{Form: f, Years: years, Filter: cf, MinCell: kluwen.MinCellSize}
	const title = "Wie betaalt, wie wint"
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "cost_payers", title, d)
		return nil
	}
	p, err := s.svc.Costs.CostPayers(r.Context(), cf)
	if err != nil {
		if f.setError(err) {
			s.render(w, r, c, statusInvalidForm, "cost_payers", title, d)
			return nil
		}
		return err
	}
	f.Set("prijsjaar", strconv.Itoa(p.PriceYear))
	d.Payers = p
	if len(p.Rows) > 0 {
		var vals []divergingValue
		for _, row := range p.Rows {
			vals = append(vals, divergingValue{Label: row.Name, Value: row.Change()})
			d.Rows = append(d.Rows, payerRow{PayerRow: row, ChangeText: signedEuro(row.Change())})
		}
		q := strconv.Itoa(p.QuartersAfter)
		d.Chart = newDivergingChart("verandering-per-partner", "Verandering van de eigen kosten per partner",
			"Staafdiagram van de verandering van de eigen kosten van elke partner op de huishoudens van het cohort: de "+q+
				" kwartalen vanaf de start min de "+q+" kwartalen ervoor, in prijzen van "+strconv.Itoa(p.PriceYear)+
				". Naar rechts: de kosten stegen; naar links: ze daalden. De tabel ernaast geeft dezelfde bedragen en wat elke partner investeerde.",
			vals)
	}
	s.render(w, r, c, http.StatusOK, "cost_payers", title, d)
	return nil
}
