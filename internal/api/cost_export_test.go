package api_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kluwen/kluwen/internal/pdf/pdftest"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostOverviewExports: the overview as CSV, XLSX and PDF, each an export in
// the access log with its format; the police's files hold the police's costs
// only; analysts and partners outside the case get 404. On both databases.
func TestCostOverviewExports(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/kosten", w.hh), as: "wijkagent", body: policeHours("2024-03-10")})
		w.must(http.StatusCreated, request{method: "POST", path: path("/huishoudens/%d/kosten", w.hh), as: "regisseur", body: map[string]any{
			"bedrag": 1250.50, "omschrijving": "Bijzondere bijstand", "soort": "zorg", "kostensoort": "dienst",
			"van": "2024-06-01", "leefgebied": "financien", "geschat": true,
		}})
		base := path("/huishoudens/%d/kostenoverzicht", w.hh)
		media := map[string]string{"csv": "text/csv; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "pdf": "application/pdf"}

		exports := func() map[string]int {
			r := w.must(http.StatusOK, request{method: "GET", path: path("/toegangslogboek?huishoudenId=%d&pageSize=100", w.hh), as: "fg"})
			n := map[string]int{}
			for _, e := range embedded(t, r, "toegangslogregels") {
				if e["gebeurtenis"] == "cost.export" && e["actie"] == "exporteren" && e["uitkomst"] == "gelukt" {
					_, format, _ := strings.Cut(e["grondslag"].(string), "; formaat ")
					n[fmt.Sprint(e["gebruikerId"])+" "+format]++
				}
			}
			return n
		}

		for _, format := range []string{"csv", "xlsx", "pdf"} {
			t.Run(format, func(t *testing.T) {
				me := fmt.Sprint(w.users["regisseur"].ID) + " " + format
				before := exports()[me]
				r := w.must(http.StatusOK, request{method: "GET", path: base + "." + format + "?prijsjaar=2024", as: "regisseur"})
				if ct := r.header.Get("Content-Type"); ct != media[format] {
					t.Errorf("Content-Type %q", ct)
				}
				if cd := r.header.Get("Content-Disposition"); cd != fmt.Sprintf(`attachment; filename="kosten-huishouden-%d-prijsjaar-2024.%s"`, w.hh, format) {
					t.Errorf("Content-Disposition %q", cd)
				}
				if after := exports()[me]; after != before+1 {
					t.Errorf("%d exports logged before, %d after", before, after)
				}
				switch format {
				case "csv":
					for _, s := range []string{"indeling;sleutel;omschrijving", "Politie Testdam", "Gemeente Testdam", "1.250,50"} {
						if !strings.Contains(string(r.body), s) {
							t.Errorf("CSV lacks %q:\n%s", s, r.body)
						}
					}
				case "xlsx":
					f, err := excelize.OpenReader(bytes.NewReader(r.body))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					v, _ := f.GetCellValue("Overzicht", "B2", excelize.Options{RawCellValue: true})
					rows, _ := f.GetRows("Per partner", excelize.Options{RawCellValue: true})
					if v != "2024" || len(rows) != 3 || rows[0][0] != "Partner" {
						t.Errorf("price year %q, per partner %v", v, rows)
					}
					found := false
					for _, row := range rows[1:] {
						found = found || (row[0] == "Gemeente Testdam" && row[2] == "1250.5" && row[6] == "1")
					}
					if !found {
						t.Errorf("no numeric row of the gemeente with its estimate: %v", rows)
					}
				case "pdf":
					text := pdftest.Text(t, r.body)
					for _, s := range []string{fmt.Sprintf("Kosten van huishouden %d", w.hh), "Prijsjaar: 2024", "Gemaakt door: Test regisseur, Gemeente Testdam",
						"Politie Testdam", "Gemeente Testdam *", "€ 1.250,50", "* bevat geschatte bedragen"} {
						if !strings.Contains(text, s) {
							t.Errorf("PDF lacks %q:\n%s", s, text)
						}
					}
				}
			})
		}

		t.Run("the police export their own costs only", func(t *testing.T) {
			for _, format := range []string{"csv", "xlsx", "pdf"} {
				r := w.must(http.StatusOK, request{method: "GET", path: base + "." + format, as: "wijkagent"})
				var text string
				switch format {
				case "pdf":
					text = pdftest.Text(t, r.body)
				case "xlsx":
					f, err := excelize.OpenReader(bytes.NewReader(r.body))
					if err != nil {
						t.Fatal(err)
					}
					for _, sheet := range f.GetSheetList() {
						rows, _ := f.GetRows(sheet)
						for _, row := range rows {
							text += strings.Join(row, "|") + "\n"
						}
					}
					f.Close()
				default:
					text = string(r.body)
				}
				if !strings.Contains(text, "Politie Testdam") {
					t.Errorf("%s lacks the police's costs:\n%s", format, text)
				}
				for _, s := range []string{"Gemeente Testdam", "1.250,50", "1250.5", "Financiën"} {
					if strings.Contains(text, s) {
						t.Errorf("%s holds another organisation's %q:\n%s", format, s, text)
					}
				}
			}
		})

		t.Run("no export without need-to-know", func(t *testing.T) {
			for _, who := range []string{"analist", "woonconsulent"} {
				for _, format := range []string{"csv", "xlsx", "pdf"} {
					problemParams(t, w.do(request{method: "GET", path: base + "." + format, as: who}), http.StatusNotFound)
				}
			}
			wantParams(t, w.do(request{method: "GET", path: base + ".pdf?prijsjaar=1800", as: "regisseur"}), "prijsjaar")
		})
	})
}
