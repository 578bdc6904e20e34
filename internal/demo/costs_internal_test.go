package demo

import (
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costs"
)

// TestPlanCostsHeavyTailed checks that the default town's costs are heavy-tailed:
// the costliest 5% of the households with costs carry roughly half of them, and
// every organisation records items of its own sector only.
func TestPlanCostsHeavyTailed(t *testing.T) {
	w := plan(Options{}.withDefaults())
	// The shipped unit prices of the items the demo uses, in euros, near enough.
	price := map[string]float64{
		"WMO-SUPPORT-HOUR": 55.8, "WMO-HOUSEHOLD-HOUR": 32.4, "BIJSTAND-YEAR": 14000, "REGIE-HOUR": 85.2,
		"WMO-INTAKE": 1394, "CASUSOVERLEG": 639, "POL-INCIDENT": 210, "POL-HOUR": 70, "DJI-ADULT-DAY": 262,
		"WONEN-EVICTION": 7500, "SHV-STABILISE": 2400, "SHV-CASE": 1500, "GGZ-EPA-YEAR": 21000,
		"MO-RESID-YEAR": 10384, "VT-REPORT": 682, "JZ-SUPPORT-HOUR": 52, "JZ-GGZ-HOUR": 101,
		"JZ-RESID-DAY": 122, "JZ-OUTOFHOME-YEAR": 40000, "LEERPLICHT-PROC": 511,
	}
	per := make([]kluwen.Cents, len(w.households))
	for _, c := range w.costs {
		p, ok := price[c.item.code]
		if !ok {
			t.Fatalf("no price for %s", c.item.code)
		}
		per[c.hh] += kluwen.Cents(p * float64(c.quantity) / 10)
		if c.from.Year() < costFromYear || c.to.Year() > costToYear || c.to.Before(c.from) {
			t.Errorf("record %s from %v to %v", c.item.code, c.from, c.to)
		}
	}
	var amounts []kluwen.Cents
	for _, a := range per {
		if a > 0 {
			amounts = append(amounts, a)
		}
	}
	if len(amounts) < len(w.households)/2 {
		t.Errorf("%d of %d households have costs", len(amounts), len(w.households))
	}
	curve := kluwen.ConcentrationCurve(amounts, []float64{5})
	if p := curve[0].CostPercent; p < 40 || p > 65 {
		t.Errorf("the costliest 5%% carry %.1f%% of the costs; want about half", p)
	}
	if again := planCosts(w, Options{}.withDefaults().Seed); len(again) != len(w.costs) {
		t.Errorf("planning twice gives %d and %d records", len(w.costs), len(again))
	}
}

// TestCostItemsOwnSector checks that every demo organisation records only items
// of its own sector, as a partner may.
func TestCostItemsOwnSector(t *testing.T) {
	sectors := map[string]kluwen.Sector{
		"WMO-SUPPORT-HOUR": kluwen.SectorGemeente, "WMO-HOUSEHOLD-HOUR": kluwen.SectorGemeente, "BIJSTAND-YEAR": kluwen.SectorGemeente,
		"REGIE-HOUR": kluwen.SectorGemeente, "WMO-INTAKE": kluwen.SectorGemeente, "CASUSOVERLEG": kluwen.SectorGemeente,
		"POL-INCIDENT": kluwen.SectorVeiligheid, "POL-HOUR": kluwen.SectorVeiligheid, "DJI-ADULT-DAY": kluwen.SectorVeiligheid,
		"WONEN-EVICTION": kluwen.SectorWonen, "SHV-STABILISE": kluwen.SectorSchulden, "SHV-CASE": kluwen.SectorSchulden,
		"GGZ-EPA-YEAR": kluwen.SectorZorg, "MO-RESID-YEAR": kluwen.SectorZorg, "VT-REPORT": kluwen.SectorZorg,
		"JZ-SUPPORT-HOUR": kluwen.SectorJeugd, "JZ-GGZ-HOUR": kluwen.SectorJeugd, "JZ-RESID-DAY": kluwen.SectorJeugd,
		"JZ-OUTOFHOME-YEAR": kluwen.SectorJeugd, "LEERPLICHT-PROC": kluwen.SectorOnderwijs,
	}
	for _, it := range costItems {
		if s := organisations[it.org].sector; sectors[it.code] != s {
			t.Errorf("%s records %s (sector %s)", organisations[it.org].name, it.code, sectors[it.code])
		}
		if !kluwen.ValidCostLifeDomain(it.lifeDomain) {
			t.Errorf("%s: life domain %q", it.code, it.lifeDomain)
		}
	}
}

// TestPlanCostsAroundTheStart checks the story the costs of the households with
// a case tell: coercion mostly before the start, the involved partners' other
// effort mostly after it; and that the demo's coercive items are the ones the
// shipped catalogue classes as drang/dwang/straf.
func TestPlanCostsAroundTheStart(t *testing.T) {
	figs, err := costs.Figures()
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]kluwen.CostKind{}
	for _, f := range figs {
		kinds[f.Code] = f.Kind
	}
	for _, it := range costItems {
		if coercive[it.code] != (kinds[it.code] == kluwen.KindDrang) {
			t.Errorf("%s: coercive %v, catalogue kind %s", it.code, coercive[it.code], kinds[it.code])
		}
	}

	w := plan(Options{}.withDefaults())
	start := map[int]time.Time{}
	for _, c := range w.cases {
		if s, ok := start[c.hh.idx]; !ok || c.opened.Before(s) {
			start[c.hh.idx] = c.opened
		}
	}
	quarter := func(d time.Time) int { return d.Year()*4 + int(d.Month()-1)/3 }
	// Records per relative quarter, within four quarters either side, of cases
	// that started in 2021–2024 (so that both sides lie within the costs).
	var coerciveBefore, coerciveAfter, otherBefore, otherAfter int
	for _, c := range w.costs {
		s, ok := start[c.hh]
		if !ok || s.Year() < 2021 || s.Year() > 2024 {
			continue
		}
		off := quarter(c.from) - quarter(s)
		switch {
		case off < -4 || off > 7:
		case coercive[c.item.code] && off < 0:
			coerciveBefore++
		case coercive[c.item.code] && off >= 3:
			coerciveAfter++
		case !coercive[c.item.code] && off < 0:
			otherBefore++
		case !coercive[c.item.code] && off >= 3:
			otherAfter++
		}
	}
	if coerciveBefore < 2*coerciveAfter || otherAfter < otherBefore {
		t.Errorf("coercion %d before, %d after the start; other effort %d before, %d after", coerciveBefore, coerciveAfter, otherBefore, otherAfter)
	}
}
