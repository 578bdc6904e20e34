package costexport_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costexport"
	"github.com/kluwen/kluwen/internal/pdf/pdftest"
)

func amounts(service, transfer kluwen.Cents, records, estimated int) kluwen.CostAmounts {
	return kluwen.CostAmounts{Service: service, Transfer: transfer, Records: records, Estimated: estimated}
}

// overview is a household's overview with names outside Latin-1, a label that a
// spreadsheet would read as a formula, an estimated record and years enough for
// a second page.
func overview(years int) *kluwen.HouseholdCostOverview {
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ov := &kluwen.HouseholdCostOverview{
		HouseholdID: 42, PriceYear: 2024, UnindexedYears: []int{2026},
		Total: amounts(340050, 125000, 4, 1),
		ByOrganisation: []kluwen.CostSplit{
			{Key: "7", ID: 7, Label: "Wijkteam Łukasz & Şahin", CostAmounts: amounts(300000, 0, 2, 1)},
			{Key: "8", ID: 8, Label: "=HYPERLINK(\"http://x\")", CostAmounts: amounts(40050, 125000, 2, 0)},
		},
		ByDepartment: []kluwen.CostSplit{{Key: "0", Label: "Geen afdeling", CostAmounts: amounts(340050, 125000, 4, 1)}},
		BySector:     []kluwen.CostSplit{{Key: "zorg", Label: "Zorg", CostAmounts: amounts(340050, 125000, 4, 1)}},
		ByLifeDomain: []kluwen.CostSplit{{Key: "financien", Label: "Financiën", CostAmounts: amounts(340050, 125000, 4, 1)}},
		ByKind:       []kluwen.CostSplit{{Key: "zorg", Label: "Zorg", CostAmounts: amounts(340050, 125000, 4, 1)}},
		ByCostType: []kluwen.CostSplit{
			{Key: "dienst", Label: "Kosten van inzet", CostAmounts: amounts(340050, 0, 3, 1)},
			{Key: "overdracht", Label: "Inkomensoverdracht", CostAmounts: amounts(0, 125000, 1, 0)},
		},
		CaseID: 3, CaseStart: &start,
		Before:     &kluwen.CostWindow{From: start.AddDate(0, -6, 0), To: start.AddDate(0, 0, -1), CostAmounts: amounts(40050, 0, 1, 0)},
		After:      &kluwen.CostWindow{From: start, To: start.AddDate(0, 6, -1), CostAmounts: amounts(300000, 125000, 3, 1)},
		Drivers:    []kluwen.CostDriver{{ItemCode: "WONEN-EVICTION", Label: "Ontruiming", OrganisationID: 7, CostAmounts: amounts(300000, 0, 1, 1)}},
		ExportedOn: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), ExportedBy: "Zoë Şahin, Gemeente Kluwendam",
	}
	for i := range years {
		y := 2024 - years + 1 + i
		ov.Years = append(ov.Years, kluwen.CostPeriodTotal{Year: y, CostAmounts: amounts(kluwen.Cents(10000*(i+1)), 0, 1, 0)})
		for q := 1; q <= 4; q++ {
			ov.Quarters = append(ov.Quarters, kluwen.CostPeriodTotal{Year: y, Quarter: q, CostAmounts: amounts(kluwen.Cents(2500*(i+1)), 0, 1, 0)})
		}
	}
	ov.Years[len(ov.Years)-1].CostAmounts = amounts(125000+40050, 125000, 2, 1)
	return ov
}

func TestCSV(t *testing.T) {
	b, err := costexport.Render(overview(2), costexport.CSV)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ";") != strings.Join(costexport.CSVHeader, ";") {
		t.Errorf("header %v", rows[0])
	}
	if got := strings.Join(rows[1], ";"); got != "totaal;;Totaal;3.400,50;1.250,00;4.650,50;4;1;2024" {
		t.Errorf("total row %q", got)
	}
	found := false
	for _, row := range rows {
		if row[0] == "partner" && row[1] == "8" {
			found = true
			if row[2] != `'=HYPERLINK("http://x")` {
				t.Errorf("formula not guarded: %q", row[2])
			}
		}
	}
	if !found {
		t.Error("no row for partner 8")
	}
}

func TestXLSX(t *testing.T) {
	ov := overview(3)
	b, err := costexport.Render(ov, costexport.XLSX)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Overzicht", "Per jaar", "Per kwartaal", "Per partner", "Per afdeling", "Per sector", "Per leefgebied",
		"Per soort inzet", "Per kostensoort", "Voor en na", "Grootste kostenposten"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %v", got)
	}
	// cell checks a cell's raw value and type.
	cell := func(sheet, ref, value string, typ excelize.CellType) {
		t.Helper()
		v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		ct, err := f.GetCellType(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		if v != value || ct != typ {
			t.Errorf("%s!%s = %q (type %v); want %q (type %v)", sheet, ref, v, ct, value, typ)
		}
	}
	num, text := excelize.CellTypeUnset, excelize.CellTypeSharedString // numbers carry no type attribute
	cell("Overzicht", "B1", "42", num)
	cell("Overzicht", "B2", "2024", num)
	cell("Per jaar", "A1", "Jaar", text)
	cell("Per jaar", "B1", "Kosten van inzet (prijzen 2024)", text)
	cell("Per jaar", "A4", "2024", num)
	cell("Per jaar", "B4", "1650.5", num)
	cell("Per jaar", "C4", "1250", num)
	cell("Per jaar", "D4", "2900.5", num)
	cell("Per jaar", "F4", "1", num)
	cell("Per kwartaal", "B13", "4", num)
	cell("Per partner", "A2", "Wijkteam Łukasz & Şahin", text)
	cell("Per partner", "A3", `'=HYPERLINK("http://x")`, text)
	cell("Per partner", "C3", "400.5", num)
	cell("Voor en na", "B3", "2024-03-01", text)
	cell("Voor en na", "E3", "1250", num)
	cell("Grootste kostenposten", "C2", "Wijkteam Łukasz & Şahin", text)
	// Amount cells show as euros; counts do not.
	for _, ref := range []string{"B4", "C4", "D4"} {
		style, err := f.GetCellStyle("Per jaar", ref)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if s.CustomNumFmt == nil || *s.CustomNumFmt != costexport.EuroFormat {
			t.Errorf("Per jaar!%s number format %v", ref, s.CustomNumFmt)
		}
	}
	if v, _ := f.GetCellValue("Per jaar", "B4"); !strings.Contains(v, "€") {
		t.Errorf("formatted amount %q", v)
	}
	// No formula anywhere.
	for _, sh := range want {
		rows, _ := f.GetRows(sh)
		for i, r := range rows {
			for j := range r {
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				if fm, _ := f.GetCellFormula(sh, ref); fm != "" {
					t.Errorf("%s!%s has formula %q", sh, ref, fm)
				}
			}
		}
	}
}

func TestPDF(t *testing.T) {
	for _, tc := range []struct {
		name  string
		years int
	}{{"short", 2}, {"long", 14}} {
		t.Run(tc.name, func(t *testing.T) {
			ov := overview(tc.years)
			b, err := costexport.Render(ov, costexport.PDF)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := costexport.Render(ov, costexport.PDF)
			if !bytes.Equal(b, again) {
				t.Error("the same overview on the same day gives different files")
			}
			text := pdftest.Text(t, b)
			pages := strings.Count(text, "pagina ")
			want := []string{"Kosten van huishouden 42", "Huishouden: 42", "Prijsjaar: 2024", "Gemaakt op: 5 maart 2026",
				"Gemaakt door: Zoë Şahin, Gemeente Kluwendam", "prijzen van 2024",
				"Kosten van inzet: € 3.400,50", "Inkomensoverdrachten: € 1.250,00", "Totaal: € 4.650,50", "4 (waarvan 1 geschat)",
				"Per jaar", "Kosten van inzet Inkomensoverdrachten", "€ 2.900,50", "2024 K4", "Voor en na de start van de casus", "1 maart 2024",
				"Wijkteam Łukasz & Şahin *", "Financiën", "Ontruiming", "(WONEN-EVICTION)",
				"* bevat geschatte bedragen", "Voor 2026 is geen indexcijfer bekend", fmt.Sprintf("pagina %d van %d", pages, pages)}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("PDF text lacks %q:\n%s", s, text)
				}
			}
			if tc.years > 10 && pages < 2 {
				t.Errorf("%d pages for %d years", pages, tc.years)
			}
		})
	}
	t.Run("no costs", func(t *testing.T) {
		b, err := costexport.Render(&kluwen.HouseholdCostOverview{HouseholdID: 9, PriceYear: 2024, OwnOrganisationOnly: true}, costexport.PDF)
		if err != nil {
			t.Fatal(err)
		}
		text := pdftest.Text(t, b)
		for _, s := range []string{"Er zijn geen kosten van dit huishouden vastgelegd die u mag zien.", "alleen de kosten die de eigen organisatie", "pagina 1 van 1"} {
			if !strings.Contains(text, s) {
				t.Errorf("PDF text lacks %q:\n%s", s, text)
			}
		}
	})
}

func TestFilename(t *testing.T) {
	if got := costexport.Filename(overview(1), "xlsx"); got != "kosten-huishouden-42-prijsjaar-2024.xlsx" {
		t.Errorf("Filename = %q", got)
	}
	if _, err := costexport.Render(overview(1), "docx"); err == nil {
		t.Error("an unknown format renders")
	}
}

// BenchmarkRender measures each format for an overview of 14 years (56
// quarters), the longest the catalogue covers.
func BenchmarkRender(b *testing.B) {
	ov := overview(14)
	for _, format := range kluwen.CostExportFormats {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				if _, err := costexport.Render(ov, format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
