package demo

import (
	"testing"

	"github.com/kluwen/kluwen"
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
