package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// The demo's cost records: what the partners spent on the households from 2020
// to 2025, heavy-tailed as in reality. Every household gets a weight from a
// Pareto distribution (the households with a case a heavier one), and its weight
// decides how many streams of costs it has, how expensive they are and how long
// they run, so that a few percent of the households carry about half the costs.
// A stream is one organisation recording one catalogue item of its own sector
// for one life domain, once a quarter for a run of quarters; on a household with
// a case, half the streams come from the partners involved in it. On a household
// with a case the streams also tell the story of the approach: the coercion
// (police, detention, eviction, placement, the compulsory-education procedure)
// runs up to the start of the case and ends soon after it, and the involved
// partners' care and prevention start with it.

// First and last year of the demo's costs.
const (
	costFromYear = 2020
	costToYear   = 2025
)

// costItem is a catalogue item a demo organisation records, with the life
// domain it serves, the quantity per quarter (in thousandths, a range) and
// whether it is one of the heavy items only the households with the highest
// weights get.
type costItem struct {
	org        orgKey
	code       string
	lifeDomain string
	lo, hi     int64 // quantity per quarter, in thousandths of a unit
	heavy      bool
	once       bool // recorded once, not per quarter
}

// costItems are the streams the demo draws from; each organisation records
// items of its own sector only.
var costItems = []costItem{
	{orgGemeente, "WMO-SUPPORT-HOUR", "adl", 6000, 30000, false, false},
	{orgGemeente, "WMO-HOUSEHOLD-HOUR", "adl", 10000, 40000, false, false},
	{orgGemeente, "BIJSTAND-YEAR", "financien", 250, 250, false, false},
	{orgGemeente, "REGIE-HOUR", "maatschappelijke_participatie", 4000, 20000, false, false},
	{orgGemeente, "WMO-INTAKE", "adl", 1000, 1000, false, true},
	{orgGemeente, "CASUSOVERLEG", "maatschappelijke_participatie", 1000, 2000, false, false},
	{orgPolitie, "POL-INCIDENT", "justitie", 1000, 3000, false, false},
	{orgPolitie, "POL-HOUR", "justitie", 4000, 40000, true, false},
	{orgPI, "DJI-ADULT-DAY", "justitie", 20000, 90000, true, false},
	{orgWoonRivierstede, "WONEN-EVICTION", "huisvesting", 1000, 1000, true, true},
	{orgWoonHavenzicht, "WONEN-EVICTION", "huisvesting", 1000, 1000, true, true},
	{orgKredietbank, "SHV-STABILISE", "financien", 1000, 1000, false, true},
	{orgKredietbank, "SHV-CASE", "financien", 1000, 1000, false, true},
	{orgGGZ, "GGZ-EPA-YEAR", "geestelijke_gezondheid", 250, 250, true, false},
	{orgOpvang, "MO-RESID-YEAR", "huisvesting", 250, 250, true, false},
	{orgVeiligThuis, "VT-REPORT", "huiselijke_relaties", 1000, 1000, false, true},
	{orgJeugdhulp, "JZ-SUPPORT-HOUR", "opvoeding", 10000, 40000, false, false},
	{orgJeugdhulp, "JZ-GGZ-HOUR", "geestelijke_gezondheid", 6000, 20000, false, false},
	{orgJeugdbescherming, "JZ-RESID-DAY", "opvoeding", 30000, 90000, true, false},
	{orgJeugdbescherming, "JZ-OUTOFHOME-YEAR", "opvoeding", 250, 250, true, false},
	{orgCollege, "LEERPLICHT-PROC", "werk_opleiding", 1000, 1000, false, true},
	{orgBasisschool, "LEERPLICHT-PROC", "opvoeding", 1000, 1000, false, true},
}

// coercive are the demo's items of the kind drang/dwang/straf, as the shipped
// catalogue classes them.
var coercive = map[string]bool{
	"POL-INCIDENT": true, "POL-HOUR": true, "DJI-ADULT-DAY": true, "WONEN-EVICTION": true,
	"JZ-OUTOFHOME-YEAR": true, "LEERPLICHT-PROC": true,
}

// costRow is one planned record, before the IDs are known.
type costRow struct {
	org       orgKey
	hh        int // household idx
	item      *costItem
	quantity  int64
	from, to  time.Time
	estimated bool
}

// planCosts plans the cost records of the town from the seed, in a fixed order.
func planCosts(w *world, seed uint64) []costRow {
	r := rand.New(rand.NewPCG(seed, seed^0xc057))
	withCase := make([]bool, len(w.households))
	// The quarter (from the first of costFromYear) the household's first case
	// started in.
	startQ := make([]int, len(w.households))
	// The items of the organisations involved in a household's case: the
	// partners at the table are the ones that spend on the household.
	involved := make([][]*costItem, len(w.households))
	for _, c := range w.cases {
		q := (c.opened.Year()-costFromYear)*4 + int(c.opened.Month()-1)/3
		if !withCase[c.hh.idx] || q < startQ[c.hh.idx] {
			startQ[c.hh.idx] = q
		}
		withCase[c.hh.idx] = true
		for _, iv := range c.involved {
			for i := range costItems {
				if costItems[i].org == iv.org {
					involved[c.hh.idx] = append(involved[c.hh.idx], &costItems[i])
				}
			}
		}
	}
	var light, heavy []*costItem
	for i := range costItems {
		if costItems[i].heavy {
			heavy = append(heavy, &costItems[i])
		} else {
			light = append(light, &costItems[i])
		}
	}
	quarters := (costToYear - costFromYear + 1) * 4
	var rows []costRow
	for _, h := range w.households {
		// Two households in five had no costs at all.
		if !withCase[h.idx] && r.Float64() < 0.4 {
			continue
		}
		// A Pareto weight (α 1.5), capped; a case makes a household heavier.
		wt := math.Min(1/math.Pow(1-r.Float64(), 1/1.5), 40)
		if withCase[h.idx] {
			wt = math.Min(wt*2, 40)
		}
		streams := 1 + int(math.Log2(wt))
		for s := 0; s < streams; s++ {
			it := light[r.IntN(len(light))]
			partner := false // a partner of the case: its effort starts with the case
			switch {
			case len(involved[h.idx]) > 0 && r.Float64() < 0.5:
				it = involved[h.idx][r.IntN(len(involved[h.idx]))]
				partner = true
			case wt >= 6 && r.Float64() < 0.6:
				it = heavy[r.IntN(len(heavy))]
			}
			run := 1
			if !it.once {
				run = min(quarters, 2+int(wt/4)+r.IntN(6))
			}
			start := r.IntN(quarters - run + 1)
			if withCase[h.idx] {
				sq, shift := startQ[h.idx], r.IntN(3)
				switch {
				case coercive[it.code]:
					// Up to the start, ending in it or up to two quarters after.
					start = sq + shift - run + 1
					if it.once {
						start = sq - 1 - shift
					}
				case partner:
					// From the start, or up to two quarters after it.
					start = sq + shift
				}
				start = max(0, min(start, quarters-run))
			}
			estimated := r.Float64() < 0.1
			for q := start; q < start+run; q++ {
				from := time.Date(costFromYear+q/4, time.Month(q%4*3+1), 1, 0, 0, 0, 0, time.UTC)
				to := from.AddDate(0, 3, -1)
				if it.once {
					from = from.AddDate(0, 0, r.IntN(60))
					to = from
				}
				qty := it.lo
				if it.hi > it.lo {
					qty += r.Int64N(it.hi - it.lo + 1)
				}
				rows = append(rows, costRow{org: it.org, hh: h.idx, item: it, quantity: qty, from: from, to: to, estimated: estimated})
			}
		}
	}
	return rows
}

// costs writes the planned cost records, one import per organisation, as the
// system actor; each row carries a source reference, so the import is the same
// path a partner's file takes.
func (wr *writer) costs(ctx context.Context) error {
	if wr.svc.Costs == nil {
		return nil
	}
	byOrg := make([][]*kluwen.CostImportRow, len(organisations))
	for i, c := range wr.w.costs {
		row := &kluwen.CostImportRow{
			Line:      len(byOrg[c.org]) + 1,
			Household: kluwen.HouseholdKey{ID: wr.hhIDs[c.hh]},
			Record: kluwen.CostRecord{
				ItemCode:   c.item.code,
				Quantity:   kluwen.Quantity(c.quantity),
				From:       c.from,
				To:         c.to,
				LifeDomain: c.item.lifeDomain,
				Estimated:  c.estimated,
				SourceRef:  "demo-" + strconv.Itoa(i+1),
			},
		}
		byOrg[c.org] = append(byOrg[c.org], row)
	}
	for o, rows := range byOrg {
		if len(rows) == 0 {
			continue
		}
		res, err := wr.svc.Costs.ImportCostRecords(ctx, &kluwen.CostImport{OrganisationID: wr.orgIDs[o], Rows: rows})
		if err != nil {
			if res != nil && len(res.Errors) > 0 {
				return fmt.Errorf("demo: costs of %q: %s: %w", organisations[o].name, res.Errors[0], err)
			}
			return fmt.Errorf("demo: costs of %q: %w", organisations[o].name, err)
		}
		wr.res.CostRecords += res.Imported
		wr.step("kosten")
	}
	return nil
}
