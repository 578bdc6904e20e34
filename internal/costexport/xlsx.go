package costexport

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"github.com/kluwen/kluwen"
)

// EuroFormat is the number format of the amount cells: euros with two decimals,
// the separators as the reader's spreadsheet shows them.
const EuroFormat = `"€" #,##0.00;-"€" #,##0.00`

// The sheets of the workbook, in order.
const (
	SheetSummary  = "Overzicht"
	SheetYears    = "Per jaar"
	SheetQuarters = "Per kwartaal"
	SheetWindows  = "Voor en na"
	SheetDrivers  = "Grootste kostenposten"
)

// splitSheets names the sheet of each split, by the split's kind.
var splitSheets = map[string]string{
	"partner": "Per partner", "afdeling": "Per afdeling", "sector": "Per sector", "leefgebied": "Per leefgebied",
	"soort": "Per soort inzet", "kostensoort": "Per kostensoort",
}

// WriteXLSX writes the overview as a workbook: a summary sheet, then a sheet per
// view with a header row and one row per group. Amounts are numeric cells in
// euros with a euro format; the headers name the price year.
func WriteXLSX(w io.Writer, ov *kluwen.HouseholdCostOverview) error {
	f := excelize.NewFile()
	defer f.Close()
	euro, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr(EuroFormat)})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	py := strconv.Itoa(ov.PriceYear)
	amountHeads := []any{"Kosten van inzet (prijzen " + py + ")", "Inkomensoverdracht (prijzen " + py + ")", "Totaal (prijzen " + py + ")", "Regels", "Waarvan geschat"}

	// sheet writes one view: its header and rows; amounts start at column
	// first+1 (1-based).
	sheet := func(name string, head []any, rows [][]any, first int, widths []float64) error {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.SetSheetRow(name, "A1", &head); err != nil {
			return err
		}
		last, _ := excelize.ColumnNumberToName(len(head))
		if err := f.SetCellStyle(name, "A1", last+"1", bold); err != nil {
			return err
		}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := f.SetSheetRow(name, cell, &r); err != nil {
				return err
			}
		}
		if len(rows) > 0 {
			from, _ := excelize.CoordinatesToCellName(first+1, 2)
			to, _ := excelize.CoordinatesToCellName(first+3, len(rows)+1)
			if err := f.SetCellStyle(name, from, to, euro); err != nil {
				return err
			}
		}
		for i, wd := range widths {
			col, _ := excelize.ColumnNumberToName(i + 1)
			if err := f.SetColWidth(name, col, col, wd); err != nil {
				return err
			}
		}
		return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	}
	amounts := func(a kluwen.CostAmounts) []any {
		return []any{euros(a.Service), euros(a.Transfer), euros(a.Total()), a.Records, a.Estimated}
	}
	amountWidths := []float64{24, 26, 20, 10, 16}

	// The summary: what the workbook is, then the total.
	if err := f.SetSheetName("Sheet1", SheetSummary); err != nil {
		return err
	}
	summary := [][]any{
		{"Kostenoverzicht van huishouden", ov.HouseholdID},
		{"Prijsjaar", ov.PriceYear},
		{"Alle bedragen in euro, in prijzen van " + py + "; kosten van inzet en inkomensoverdrachten staan apart."},
	}
	if !ov.ExportedOn.IsZero() {
		summary = append(summary, []any{"Gemaakt op", ov.ExportedOn.Format(kluwen.DateLayout)}, []any{"Gemaakt door", Safe(ov.ExportedBy)})
	}
	if ov.OwnOrganisationOnly {
		summary = append(summary, []any{"Alleen de kosten die de eigen organisatie van de maker heeft vastgelegd."})
	}
	if len(ov.UnindexedYears) > 0 {
		summary = append(summary, []any{"Jaren zonder indexcijfer (het dichtstbijzijnde jaar is gebruikt)", yearList(ov.UnindexedYears)})
	}
	summary = append(summary, []any{},
		[]any{"Totaal", "Kosten van inzet (prijzen " + py + ")", "Inkomensoverdracht (prijzen " + py + ")", "Totaal (prijzen " + py + ")", "Regels", "Waarvan geschat"},
		append([]any{"Alle kosten"}, amounts(ov.Total)...))
	for i, r := range summary {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(SheetSummary, cell, &r); err != nil {
			return err
		}
	}
	n := len(summary)
	if err := f.SetCellStyle(SheetSummary, "A1", "A"+strconv.Itoa(n), bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(SheetSummary, "A"+strconv.Itoa(n-1), "F"+strconv.Itoa(n-1), bold); err != nil {
		return err
	}
	if err := f.SetCellStyle(SheetSummary, "B"+strconv.Itoa(n), "D"+strconv.Itoa(n), euro); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetSummary, "A", "A", 36); err != nil {
		return err
	}
	if err := f.SetColWidth(SheetSummary, "B", "F", 24); err != nil {
		return err
	}

	var rows [][]any
	for _, y := range ov.Years {
		rows = append(rows, append([]any{y.Year}, amounts(y.CostAmounts)...))
	}
	if err := sheet(SheetYears, append([]any{"Jaar"}, amountHeads...), rows, 1, append([]float64{10}, amountWidths...)); err != nil {
		return err
	}
	rows = nil
	for _, q := range ov.Quarters {
		rows = append(rows, append([]any{q.Year, q.Quarter}, amounts(q.CostAmounts)...))
	}
	if err := sheet(SheetQuarters, append([]any{"Jaar", "Kwartaal"}, amountHeads...), rows, 2, append([]float64{10, 10}, amountWidths...)); err != nil {
		return err
	}
	for _, v := range Splits(ov) {
		rows = nil
		for _, sp := range v.Rows {
			rows = append(rows, append([]any{Safe(sp.Label), Safe(sp.Key)}, amounts(sp.CostAmounts)...))
		}
		if err := sheet(splitSheets[v.Kind], append([]any{v.Key, "Sleutel"}, amountHeads...), rows, 2, append([]float64{36, 16}, amountWidths...)); err != nil {
			return err
		}
	}
	rows = nil
	if ov.CaseStart != nil && ov.Before != nil && ov.After != nil {
		rows = append(rows,
			append([]any{"Voor de start van de casus", ov.Before.From.Format(kluwen.DateLayout), ov.Before.To.Format(kluwen.DateLayout)}, amounts(ov.Before.CostAmounts)...),
			append([]any{"Na de start van de casus", ov.After.From.Format(kluwen.DateLayout), ov.After.To.Format(kluwen.DateLayout)}, amounts(ov.After.CostAmounts)...))
	}
	if err := sheet(SheetWindows, append([]any{"Periode", "Van", "Tot en met"}, amountHeads...), rows, 3, append([]float64{28, 12, 12}, amountWidths...)); err != nil {
		return err
	}
	rows = nil
	for _, d := range ov.Drivers {
		rows = append(rows, append([]any{Safe(d.Label), Safe(d.ItemCode), Safe(PartnerName(ov, d.OrganisationID))}, amounts(d.CostAmounts)...))
	}
	if err := sheet(SheetDrivers, append([]any{"Kostenpost", "Code", "Partner"}, amountHeads...), rows, 3, append([]float64{36, 18, 30}, amountWidths...)); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	f.SetDocProps(&excelize.DocProperties{Title: "Kostenoverzicht huishouden " + strconv.FormatInt(ov.HouseholdID, 10), Creator: "Kluwen", Language: "nl-NL"})
	_, err = f.WriteTo(w)
	return err
}

// euros is an amount as a number of euros, for a numeric cell.
func euros(c kluwen.Cents) float64 { return float64(c) / 100 }

func ptr[T any](v T) *T { return &v }

// yearList writes years as "2025, 2026".
func yearList(ys []int) string {
	s := ""
	for i, y := range ys {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(y)
	}
	return s
}
