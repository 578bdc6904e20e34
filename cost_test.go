package kluwen

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		dec  DecimalSeparator
		want int64
		err  error
	}{
		{"1.234,56", DecimalComma, 123456, nil},
		{"1234,56", DecimalComma, 123456, nil},
		{"1234", DecimalComma, 123400, nil},
		{"1.234.567,8", DecimalComma, 123456780, nil},
		{"€ 12,5", DecimalComma, 1250, nil},
		{"-12,50", DecimalComma, -1250, nil},
		{"0,05", DecimalComma, 5, nil},
		{",5", DecimalComma, 50, nil},
		{"1.234", DecimalComma, 123400, nil}, // a thousands group, not a decimal
		{"1234.56", DecimalComma, 0, ErrNumberSeparator},
		{"1,234.56", DecimalComma, 0, ErrNumberSeparator},
		{"12.5", DecimalComma, 0, ErrNumberSeparator},
		{"1,2,3", DecimalComma, 0, ErrNumberSeparator},
		{"12,345", DecimalComma, 0, ErrNumberPrecision},
		{"12,340", DecimalComma, 1234, nil},
		{"abc", DecimalComma, 0, ErrNumberSyntax},
		{"", DecimalComma, 0, ErrNumberEmpty},
		{"1234.56", DecimalPoint, 123456, nil},
		{"1,234.56", DecimalPoint, 123456, nil},
		{"1.234,56", DecimalPoint, 0, ErrNumberSeparator},
		{"12,5", DecimalPoint, 0, ErrNumberSeparator},
		{"99999999999999999", DecimalPoint, 0, ErrNumberRange},
	} {
		got, err := ParseDecimal(c.in, c.dec, 100)
		if !errors.Is(err, c.err) || (err == nil && got != c.want) {
			t.Errorf("ParseDecimal(%q, %q) = %d, %v; want %d, %v", c.in, c.dec, got, err, c.want, c.err)
		}
	}
	q, err := ParseQuantity("1,5", DecimalComma)
	if err != nil || q != 1500 {
		t.Errorf("quantity 1,5 = %d, %v", q, err)
	}
	if _, err := ParseQuantity("1,2345", DecimalComma); !errors.Is(err, ErrNumberPrecision) {
		t.Errorf("quantity with four decimals: %v", err)
	}
}

func TestMoneyFormatAndProduct(t *testing.T) {
	for c, want := range map[Cents]string{0: "€ 0,00", 5: "€ 0,05", 123456: "€ 1.234,56", -100000000: "-€ 1.000.000,00"} {
		if got := c.String(); got != want {
			t.Errorf("%d: %q; want %q", int64(c), got, want)
		}
	}
	for q, want := range map[Quantity]string{1500: "1,5", 12000: "12", -250: "-0,25", 1234567: "1.234,567"} {
		if got := q.String(); got != want {
			t.Errorf("quantity %d: %q; want %q", int64(q), got, want)
		}
	}
	for _, c := range []struct {
		q     Quantity
		price Cents
		want  Cents
	}{
		{1500, 7000, 10500},      // 1,5 hours of € 70
		{333, 100, 33},           // 0,333 × € 1 = 33,3 cents
		{335, 100, 34},           // half away from zero
		{-335, 100, -34},         // and for corrections
		{Units(3), 14893, 44679}, // 3 days
	} {
		got, ok := c.q.Times(c.price)
		if !ok || got != c.want {
			t.Errorf("%v × %v = %v; want %v", c.q, c.price, got, c.want)
		}
	}
	if _, ok := Quantity(1 << 62).Times(1 << 20); ok {
		t.Error("overflow not reported")
	}
}

func TestPriceIndex(t *testing.T) {
	p := &PriceIndex{Years: []PriceIndexYear{{Year: 2013, Value: 9842}, {Year: 2015, Value: 10000}, {Year: 2024, Value: 13022}}}
	if f := p.Factor(2015, 2024); f != 1302200 {
		t.Errorf("factor 2015→2024 = %d", f)
	}
	if got := p.Convert(7000, 2013, 2024); got != 9262 { // 70 × 130.22 / 98.42 = 92.618…
		t.Errorf("€ 70 of 2013 in 2024 prices = %v", got)
	}
	if got := p.Convert(9262, 2024, 2013); got != 7000 {
		t.Errorf("back = %v", got)
	}
	if got := p.Convert(12345, 2015, 2015); got != 12345 {
		t.Errorf("same year = %v", got)
	}
	// Outside the series the nearest year holds; inside a gap the earlier year.
	if p.Has(2026) || p.Has(2014) || !p.Has(2013) {
		t.Error("Has")
	}
	if got := p.Convert(10000, 2026, 2024); got != 10000 {
		t.Errorf("2026 (beyond the series) = %v", got)
	}
	if got := p.Convert(10000, 2014, 2013); got != 10000 {
		t.Errorf("2014 (gap, takes 2013) = %v", got)
	}
	if got := p.Convert(-7000, 2013, 2024); got != -9262 {
		t.Errorf("negative = %v", got)
	}
	if (&PriceIndex{}).Convert(500, 2011, 2024) != 500 {
		t.Error("empty index must leave amounts as they are")
	}
}

func TestConcentrationCurve(t *testing.T) {
	// 100 households: one carries 5,000, four carry 1,000 each, 95 carry 10 each.
	var amounts []Cents
	amounts = append(amounts, 5000, 1000, 1000, 1000, 1000)
	for i := 0; i < 95; i++ {
		amounts = append(amounts, 10)
	}
	slices.Reverse(amounts)
	got := ConcentrationCurve(amounts, nil) // total 9,950
	want := []struct {
		households int
		amount     Cents
		pct        float64
	}{{1, 5000, 50.3}, {2, 6000, 60.3}, {5, 9000, 90.5}, {10, 9050, 91.0}, {20, 9150, 92.0}, {50, 9450, 95.0}, {100, 9950, 100}}
	if len(got) != len(want) {
		t.Fatalf("%d points", len(got))
	}
	for i, w := range want {
		g := got[i]
		if g.Households != w.households || g.Amount != w.amount || g.CostPercent != w.pct || g.HouseholdPercent != DefaultCurvePercents[i] {
			t.Errorf("point %d = %+v; want %+v", i, g, w)
		}
	}
	// Three households: the top 1 % is still one household; percentages may come
	// in any order.
	got = ConcentrationCurve([]Cents{1, 2, 7}, []float64{50, 1, 100})
	if got[0].Households != 2 || got[0].Amount != 9 || got[1].Households != 1 || got[1].Amount != 7 || got[2].CostPercent != 100 {
		t.Errorf("small curve %+v", got)
	}
	if got := ConcentrationCurve(nil, nil); got[0].Households != 0 || got[0].CostPercent != 0 {
		t.Errorf("empty curve %+v", got)
	}
}

func TestHouseholdPseudonym(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	a, b := HouseholdPseudonym(key, 1), HouseholdPseudonym(key, 2)
	if a == b || a != HouseholdPseudonym(key, 1) || len(a) != 13 || a[:3] != "HH-" {
		t.Errorf("pseudonyms %q %q", a, b)
	}
	if HouseholdPseudonym([]byte("another key, another pseudonym.."), 1) == a {
		t.Error("pseudonym does not depend on the key")
	}
}

func TestCostRecordValidate(t *testing.T) {
	d := func(s string) time.Time { v, _ := ParseDate(s); return v }
	base := func() CostRecord {
		return CostRecord{OrganisationID: 1, HouseholdID: 1, ItemCode: "pol-hour", Quantity: 1500, From: d("2023-03-01")}
	}
	for _, c := range []struct {
		name   string
		mod    func(r *CostRecord)
		fields []string
	}{
		{"good", func(r *CostRecord) {}, nil},
		{"negative quantity", func(r *CostRecord) { r.Quantity = -1000 }, []string{"quantity"}},
		{"negative correction", func(r *CostRecord) { r.Quantity = -1000; r.Correction = true }, nil},
		{"zero quantity", func(r *CostRecord) { r.Quantity = 0 }, []string{"quantity"}},
		{"ends before it starts", func(r *CostRecord) { r.To = d("2023-02-28") }, []string{"to"}},
		{"item and amount", func(r *CostRecord) { r.Amount = 100 }, []string{"amount"}},
		{"actual amount without description", func(r *CostRecord) {
			r.ItemCode, r.Quantity, r.Amount, r.Kind, r.CostType = "", 0, 5000, KindZorg, CostTypeService
		}, []string{"description"}},
		{"actual amount without kind", func(r *CostRecord) { r.ItemCode, r.Quantity, r.Amount, r.Description = "", 0, 5000, "Huurderving" }, []string{"costType", "kind"}},
		{"negative actual amount", func(r *CostRecord) {
			r.ItemCode, r.Quantity, r.Amount, r.Description, r.Kind, r.CostType = "", 0, -5000, "x", KindZorg, CostTypeService
		}, []string{"amount"}},
		{"unknown life domain", func(r *CostRecord) { r.LifeDomain = "geluk" }, []string{"lifeDomain"}},
		{"no start", func(r *CostRecord) { r.From = time.Time{} }, []string{"from"}},
		{"a reference as Kluwen derives them", func(r *CostRecord) { r.SourceRef = " Inhoud:0a1b:1" }, []string{"sourceRef"}},
		{"a reference with inhoud further on", func(r *CostRecord) { r.SourceRef = "regel-inhoud:1" }, nil},
	} {
		r := base()
		c.mod(&r)
		var got []string
		for _, f := range ErrorFields(r.Validate()) {
			got = append(got, f.Field)
		}
		slices.Sort(got)
		if !slices.Equal(got, c.fields) {
			t.Errorf("%s: fields %v; want %v", c.name, got, c.fields)
		}
	}
	r := base()
	if r.Validate(); r.ItemCode != "POL-HOUR" || !r.To.Equal(r.From) {
		t.Errorf("normalised %+v", r)
	}
}

// TestApplyFactorLarge: index figures at the ends of what the price index
// accepts (0,01 and 99.999,99) give factors whose product with a large total does
// not fit in 64 bits; the conversion stays exact, and beyond the range of Cents it
// holds at the limit with the right sign.
func TestApplyFactorLarge(t *testing.T) {
	p := &PriceIndex{Years: []PriceIndexYear{{Year: 2011, Value: 1}, {Year: 2024, Value: 9_999_999}}}
	total := Cents(10_000_000_000) // € 100 million of 2011
	if got, want := p.Convert(total, 2011, 2024), Cents(99_999_990_000_000_000); got != want {
		t.Errorf("€ 100 million of 2011 in 2024 prices = %d, want %d", got, want)
	}
	if got, want := p.Convert(-total, 2011, 2024), Cents(-99_999_990_000_000_000); got != want {
		t.Errorf("negative = %d, want %d", got, want)
	}
	if got := p.Convert(total*1000, 2011, 2024); got != Cents(math.MaxInt64) {
		t.Errorf("beyond the range = %d, want the limit", got)
	}
	if got := p.Convert(-total*1000, 2011, 2024); got != Cents(-math.MaxInt64) {
		t.Errorf("beyond the range, negative = %d, want the negative limit", got)
	}
	// Rounding half away from zero, as before.
	for _, c := range []struct {
		amount Cents
		factor int64
		want   Cents
	}{{1, 500_000, 1}, {1, 499_999, 0}, {-1, 500_000, -1}, {3, -500_000, -2}, {0, 7, 0}, {12345, FactorScale, 12345}} {
		if got := ApplyFactor(c.amount, c.factor); got != c.want {
			t.Errorf("ApplyFactor(%d, %d) = %d, want %d", c.amount, c.factor, got, c.want)
		}
	}
}
