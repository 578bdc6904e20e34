// Package costs holds what the cost analysis ships with: the catalogue of Dutch
// unit costs (data/unit-costs-nl.csv, the published figures with their sources,
// year and basis) and a consumer-price index (data/cpi-nl.csv, CBS annual
// inflation chained to 2015 = 100), both embedded. The store seeds a new database
// from them; after that the admin keeps both in the database.
//
// The package imports only the domain package and the standard library, so the
// store may use it without depending on another adapter.
package costs

import (
	"bytes"
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

//go:embed data/unit-costs-nl.csv data/cpi-nl.csv
var data embed.FS

// FirstCatalogueYear is the first year the shipped catalogue prices records in.
const FirstCatalogueYear = 2011

// PriceIndex returns the shipped consumer-price series.
func PriceIndex() (*kluwen.PriceIndex, error) {
	rows, err := readCSV("data/cpi-nl.csv", []string{"year", "index", "annual_change_pct", "source"})
	if err != nil {
		return nil, err
	}
	p := &kluwen.PriceIndex{}
	for i, r := range rows {
		year, err := strconv.Atoi(r[0])
		if err != nil {
			return nil, fmt.Errorf("costs: cpi-nl.csv line %d: year: %w", i+2, err)
		}
		v, err := kluwen.ParseDecimal(r[1], kluwen.DecimalPoint, 100)
		if err != nil {
			return nil, fmt.Errorf("costs: cpi-nl.csv line %d: index: %w", i+2, err)
		}
		y := kluwen.PriceIndexYear{Year: year, Value: v, Source: r[3]}
		if err := y.Validate(); err != nil {
			return nil, fmt.Errorf("costs: cpi-nl.csv line %d: %w", i+2, err)
		}
		if n := len(p.Years); n > 0 && p.Years[n-1].Year >= year {
			return nil, fmt.Errorf("costs: cpi-nl.csv line %d: years out of order", i+2)
		}
		p.Years = append(p.Years, y)
	}
	return p, nil
}

// Figure is one published unit cost as the shipped file has it.
type Figure struct {
	Code, Name string // Name and Unit in Dutch (names.go)
	SourceName string // the file's own words for the item and the unit
	SourceUnit string
	Sector     kluwen.Sector
	Unit       string
	Price      kluwen.Cents
	PriceYear  int
	Basis      kluwen.CostBasis
	BasisNote  string // the file's own words
	Source     string
	Kind       kluwen.CostKind
	CostType   kluwen.CostType
}

// Figures returns the published unit costs of the shipped file, each with the
// kind and cost type Kluwen assigns to it (kindOf, typeOf).
func Figures() ([]Figure, error) {
	rows, err := readCSV("data/unit-costs-nl.csv", []string{"code", "item", "sector", "unit", "eur", "price_year", "basis", "source"})
	if err != nil {
		return nil, err
	}
	out := make([]Figure, 0, len(rows))
	for i, r := range rows {
		line := i + 2
		price, err := kluwen.ParseCents(r[4], kluwen.DecimalPoint)
		if err != nil {
			return nil, fmt.Errorf("costs: unit-costs-nl.csv line %d: eur: %w", line, err)
		}
		year, err := strconv.Atoi(r[5])
		if err != nil {
			return nil, fmt.Errorf("costs: unit-costs-nl.csv line %d: price_year: %w", line, err)
		}
		nl, ok := dutchNames[r[0]]
		if !ok {
			return nil, fmt.Errorf("costs: unit-costs-nl.csv line %d: no Dutch name for %s", line, r[0])
		}
		f := Figure{
			Code: r[0], Name: nl.Name, SourceName: r[1], SourceUnit: r[3], Sector: kluwen.Sector(r[2]), Unit: nl.Unit, Price: price, PriceYear: year,
			Basis: basisOf(r[6]), BasisNote: r[6], Source: r[7], Kind: kindOf(r[0]), CostType: typeOf(r[0], r[6]),
		}
		if !f.Sector.Valid() {
			return nil, fmt.Errorf("costs: unit-costs-nl.csv line %d: unknown sector %q", line, r[2])
		}
		out = append(out, f)
	}
	return out, nil
}

// Catalogue returns the shipped catalogue: for every published figure one period
// per year from FirstCatalogueYear to the last year of the index, each priced in
// its own year's prices. The period of the figure's own year carries the
// published price; the others are the published price indexed with the CPI
// (basis "afgeleid", saying so in the note), so that a record is always priced in
// the money of the year it falls in and amounts of different years can be added
// after conversion to one price year. The last period stays open.
func Catalogue(index *kluwen.PriceIndex) ([]*kluwen.CostItem, error) {
	figs, err := Figures()
	if err != nil {
		return nil, err
	}
	last := index.LatestYear()
	if last < FirstCatalogueYear {
		return nil, fmt.Errorf("costs: the price index ends before %d", FirstCatalogueYear)
	}
	var out []*kluwen.CostItem
	for _, f := range figs {
		for y := FirstCatalogueYear; y <= last; y++ {
			it := &kluwen.CostItem{
				Code: f.Code, Name: f.Name, Sector: f.Sector, Unit: f.Unit,
				UnitPrice: index.Convert(f.Price, f.PriceYear, y), PriceYear: y,
				ValidFrom: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC),
				Source:    f.Source, Basis: f.Basis, BasisNote: f.BasisNote, Kind: f.Kind, CostType: f.CostType,
			}
			if y != f.PriceYear {
				it.Basis = kluwen.BasisDerived
				it.BasisNote = truncate(fmt.Sprintf("CPI-geïndexeerd uit %s van %d (%s)", f.Price.Euros(), f.PriceYear, f.BasisNote), kluwen.MaxNameLen)
			}
			if y < last {
				end := time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
				it.ValidTo = &end
			}
			if err := it.Validate(); err != nil {
				return nil, fmt.Errorf("costs: catalogue %s %d: %w", f.Code, y, err)
			}
			out = append(out, it)
		}
	}
	return out, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// basisOf reads the basis category from the file's wording.
func basisOf(s string) kluwen.CostBasis {
	s = strings.ToLower(s)
	switch {
	case strings.HasPrefix(s, "published tariff"):
		return kluwen.BasisTariff
	case strings.HasPrefix(s, "derived"):
		return kluwen.BasisDerived
	case strings.HasPrefix(s, "proxy"):
		return kluwen.BasisProxy
	case strings.HasPrefix(s, "published"):
		return kluwen.BasisPublished
	}
	return kluwen.BasisOwn
}

// kinds assigns the shipped items a kind: coercion and punishment for police,
// detention, eviction, child-protection placement and the compulsory-education
// procedure; prevention for coordination, needs assessment and early debt
// stabilisation; care and support for the rest. The admin can change it.
var kinds = map[string]kluwen.CostKind{
	"POL-HOUR": kluwen.KindDrang, "POL-INCIDENT": kluwen.KindDrang,
	"DJI-ADULT-DAY": kluwen.KindDrang, "DJI-YOUTH-DAY": kluwen.KindDrang,
	"JZ-OUTOFHOME-YEAR": kluwen.KindDrang, "WONEN-EVICTION": kluwen.KindDrang,
	"LEERPLICHT-PROC": kluwen.KindDrang,
	"REGIE-HOUR":      kluwen.KindPreventie, "CASUSOVERLEG": kluwen.KindPreventie,
	"WMO-INTAKE": kluwen.KindPreventie, "SHV-STABILISE": kluwen.KindPreventie,
}

func kindOf(code string) kluwen.CostKind {
	if k, ok := kinds[code]; ok {
		return k
	}
	return kluwen.KindZorg
}

// typeOf tells transfer payments (a benefit paid to the household) from service
// costs.
func typeOf(code, basis string) kluwen.CostType {
	if code == "BIJSTAND-YEAR" || strings.Contains(strings.ToLower(basis), "transfer payment") {
		return kluwen.CostTypeTransfer
	}
	return kluwen.CostTypeService
}

func readCSV(name string, header []string) ([][]string, error) {
	b, err := data.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = len(header)
	all, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("costs: %s: %w", name, err)
	}
	if len(all) == 0 || strings.Join(all[0], ",") != strings.Join(header, ",") {
		return nil, fmt.Errorf("costs: %s: unexpected header", name)
	}
	return all[1:], nil
}
