package costs

import (
	"testing"

	"github.com/kluwen/kluwen"
)

func TestShippedData(t *testing.T) {
	idx, err := PriceIndex()
	if err != nil {
		t.Fatal(err)
	}
	if idx.Years[0].Year != 2005 || idx.LatestYear() != 2025 || len(idx.Years) != 21 {
		t.Fatalf("index %d–%d, %d years", idx.Years[0].Year, idx.LatestYear(), len(idx.Years))
	}
	for i, y := range idx.Years {
		if y.Year == 2015 && y.Value != 10000 {
			t.Errorf("2015 = %d", y.Value)
		}
		if i > 0 && y.Value <= idx.Years[i-1].Value {
			t.Errorf("prices fell in %d", y.Year)
		}
	}
	figs, err := Figures()
	if err != nil {
		t.Fatal(err)
	}
	if len(figs) != 29 {
		t.Fatalf("%d figures", len(figs))
	}
	byCode := map[string]Figure{}
	for _, f := range figs {
		byCode[f.Code] = f
	}
	for code, want := range map[string]struct {
		kind  kluwen.CostKind
		typ   kluwen.CostType
		basis kluwen.CostBasis
		price kluwen.Cents
	}{
		"BIJSTAND-YEAR":     {kluwen.KindZorg, kluwen.CostTypeTransfer, kluwen.BasisPublished, 1400000},
		"POL-HOUR":          {kluwen.KindDrang, kluwen.CostTypeService, kluwen.BasisPublished, 7000},
		"JZ-SUPPORT-HOUR":   {kluwen.KindZorg, kluwen.CostTypeService, kluwen.BasisTariff, 5211},
		"SHV-STABILISE":     {kluwen.KindPreventie, kluwen.CostTypeService, kluwen.BasisDerived, 240000},
		"REGIE-HOUR":        {kluwen.KindPreventie, kluwen.CostTypeService, kluwen.BasisProxy, 8520},
		"JZ-OUTOFHOME-YEAR": {kluwen.KindDrang, kluwen.CostTypeService, kluwen.BasisPublished, 4000000},
	} {
		f := byCode[code]
		if f.Kind != want.kind || f.CostType != want.typ || f.Basis != want.basis || f.Price != want.price {
			t.Errorf("%s: %+v", code, f)
		}
	}
	items, err := Catalogue(idx)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 29*15 {
		t.Fatalf("%d periods", len(items))
	}
	// Periods of one code follow each other without gaps or overlaps; the last is open.
	for i := 0; i < len(items); i += 15 {
		for j := i; j < i+15; j++ {
			it := items[j]
			if it.Code != items[i].Code {
				t.Fatalf("codes mixed at %d", j)
			}
			if j < i+14 && (it.ValidTo == nil || !it.ValidTo.AddDate(0, 0, 1).Equal(items[j+1].ValidFrom)) {
				t.Errorf("%s %d: ends %v, next starts %v", it.Code, it.PriceYear, it.ValidTo, items[j+1].ValidFrom)
			}
		}
		if items[i+14].ValidTo != nil {
			t.Errorf("%s: last period closed", items[i].Code)
		}
	}
	// SHV-CASE was published for 2005: its 2011 price is indexed up.
	for _, it := range items {
		if it.Code == "SHV-CASE" && it.PriceYear == 2011 {
			if want := idx.Convert(150000, 2005, 2011); it.UnitPrice != want || it.Basis != kluwen.BasisDerived {
				t.Errorf("SHV-CASE 2011: %v (%s); want %v", it.UnitPrice, it.Basis, want)
			}
		}
	}
}
