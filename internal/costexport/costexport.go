// Package costexport writes a household's cost overview as a file to download:
// CSV (Dutch spreadsheet dialect), XLSX (a sheet per view, amounts as numbers in
// euros) or a printable PDF report (internal/pdf). Each file holds exactly what
// the overview holds, so it follows the same need-to-know: the store has already
// left out what the actor may not see. Text a spreadsheet would read as a formula
// is prefixed with a quote (CSV injection) in CSV and XLSX alike.
package costexport

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/pdf"
)

// The formats, as kluwen.CostExportFormats names them.
const (
	CSV  = "csv"
	XLSX = "xlsx"
	PDF  = "pdf"
)

// ContentType is the media type of a format.
func ContentType(format string) string {
	switch format {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case PDF:
		return pdf.ContentType
	}
	return "application/octet-stream"
}

// Filename is the name to offer the download under: the household ID and the
// price year, no personal data.
func Filename(ov *kluwen.HouseholdCostOverview, format string) string {
	return fmt.Sprintf("kosten-huishouden-%d-prijsjaar-%d.%s", ov.HouseholdID, ov.PriceYear, format)
}

// Render writes the overview in the format into memory, so that a failure gives
// an error and not half a file.
func Render(ov *kluwen.HouseholdCostOverview, format string) ([]byte, error) {
	var b bytes.Buffer
	var err error
	switch format {
	case CSV:
		err = WriteCSV(&b, ov)
	case XLSX:
		err = WriteXLSX(&b, ov)
	case PDF:
		_, err = pdf.WriteCostOverview(&b, ov)
	default:
		err = fmt.Errorf("costexport: unknown format %q", format)
	}
	if err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Safe prefixes text that a spreadsheet would read as a formula with a quote.
func Safe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// CSVHeader is the first row of the CSV export.
var CSVHeader = []string{"indeling", "sleutel", "omschrijving", "kosten_inzet", "inkomensoverdracht", "totaal", "regels", "geschatte_regels", "prijsjaar"}

// WriteCSV writes the overview as CSV: one row per split and period, service
// costs and transfers apart, amounts in euros with a decimal comma and semicolons
// between the columns (as Dutch spreadsheets expect).
func WriteCSV(w io.Writer, ov *kluwen.HouseholdCostOverview) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write(CSVHeader)
	py := strconv.Itoa(ov.PriceYear)
	row := func(kind, key, label string, a kluwen.CostAmounts) {
		cw.Write([]string{kind, Safe(key), Safe(label), a.Service.Euros(), a.Transfer.Euros(), a.Total().Euros(),
			strconv.Itoa(a.Records), strconv.Itoa(a.Estimated), py})
	}
	row("totaal", "", "Totaal", ov.Total)
	for _, y := range ov.Years {
		row("jaar", strconv.Itoa(y.Year), strconv.Itoa(y.Year), y.CostAmounts)
	}
	for _, q := range ov.Quarters {
		row("kwartaal", QuarterLabel(q.Year, q.Quarter), QuarterLabel(q.Year, q.Quarter), q.CostAmounts)
	}
	for _, v := range Splits(ov) {
		for _, sp := range v.Rows {
			row(v.Kind, sp.Key, sp.Label, sp.CostAmounts)
		}
	}
	if ov.Before != nil {
		row("voor_start", ov.Before.From.Format(kluwen.DateLayout), "Voor de start van de casus", ov.Before.CostAmounts)
	}
	if ov.After != nil {
		row("na_start", ov.After.From.Format(kluwen.DateLayout), "Na de start van de casus", ov.After.CostAmounts)
	}
	for _, dr := range ov.Drivers {
		row("kostenpost", dr.ItemCode, dr.Label, dr.CostAmounts)
	}
	cw.Flush()
	return cw.Error()
}

// QuarterLabel writes a quarter the Dutch way: 2024 K3.
func QuarterLabel(year, quarter int) string {
	return strconv.Itoa(year) + " K" + strconv.Itoa(quarter)
}

// Split is one split of the overview as the exports show it.
type Split struct {
	Kind  string // the CSV's indeling
	Title string // Dutch, e.g. "Per partner"
	Key   string // the heading of the first column
	Rows  []kluwen.CostSplit
}

// Splits returns the overview's splits in the order the page shows them.
func Splits(ov *kluwen.HouseholdCostOverview) []Split {
	return []Split{
		{"partner", "Per partner", "Partner", ov.ByOrganisation},
		{"afdeling", "Per afdeling", "Afdeling", ov.ByDepartment},
		{"sector", "Per sector", "Sector", ov.BySector},
		{"leefgebied", "Per leefgebied", "Leefgebied", ov.ByLifeDomain},
		{"soort", "Per soort inzet", "Soort inzet", ov.ByKind},
		{"kostensoort", "Per kostensoort", "Kostensoort", ov.ByCostType},
	}
}

// PartnerName is the name of the organisation of a cost driver, from the
// overview's split per partner.
func PartnerName(ov *kluwen.HouseholdCostOverview, id int64) string {
	for _, sp := range ov.ByOrganisation {
		if sp.ID == id {
			return sp.Label
		}
	}
	return ""
}
