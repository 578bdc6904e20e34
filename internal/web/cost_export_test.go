package web_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/pdf/pdftest"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// TestCostExports: the overview page links to its three exports in the price
// year shown; each export is an export in the access log, with its format; a
// partner professional's exports hold its own organisation's costs only, as the
// page does; analysts and outsiders get 404.
func TestCostExports(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		w.costs()
		hh := id(w.household)
		base := "/huishoudens/" + hh + "/kosten"
		regisseur, agent := w.signedIn("regisseur"), w.signedIn("agent")

		t.Run("the page links to the exports", func(t *testing.T) {
			check{status: 200, contains: []string{
				`href="` + base + `.csv?prijsjaar=2015"`, `href="` + base + `.xlsx?prijsjaar=2015"`, `href="` + base + `.pdf?prijsjaar=2015"`,
				`id="kosten-xlsx"`, `id="kosten-pdf"`}}.verify(t, regisseur.get(base+"?prijsjaar=2015"))
		})

		// exports counts the regisseur's and the agent's cost.export entries per
		// format, and fails on an export logged as anything else.
		username := map[int64]string{}
		for name, u := range w.users {
			username[u.ID] = name
		}
		exports := func(t *testing.T) map[string]int {
			t.Helper()
			es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{HouseholdID: &w.household, Limit: 500})
			must(t, err)
			n := map[string]int{}
			for _, e := range es {
				if e.EventType != "cost.export" || e.Outcome != kluwen.OutcomeSuccess {
					continue
				}
				if e.Action != kluwen.AuditExport {
					t.Errorf("export logged as %s", e.Action)
				}
				_, format, _ := strings.Cut(e.Basis, "; formaat ")
				n[username[e.UserID]+" "+format]++
			}
			return n
		}

		var regisseurTotal string
		for _, format := range []string{"csv", "xlsx", "pdf"} {
			t.Run(format, func(t *testing.T) {
				before := exports(t)
				res := regisseur.get(base + "." + format + "?prijsjaar=2024")
				check{status: 200}.verify(t, res)
				if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, map[string]string{"csv": "text/csv", "xlsx": "application/vnd.openxmlformats", "pdf": "application/pdf"}[format]) {
					t.Errorf("Content-Type %q", ct)
				}
				if cd := res.Header.Get("Content-Disposition"); cd != `attachment; filename="kosten-huishouden-`+hh+`-prijsjaar-2024.`+format+`"` {
					t.Errorf("Content-Disposition %q", cd)
				}
				after := exports(t)
				if after["regisseur "+format] != before["regisseur "+format]+1 {
					t.Errorf("access log: %v before, %v after", before, after)
				}
				switch format {
				case "csv":
					check{contains: []string{"indeling;sleutel;omschrijving", "partner;", "Politie Basisteam Kluwendam", "kostenpost;WONEN-EVICTION", ";2024"}}.verify(t, res)
				case "xlsx":
					f, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
					must(t, err)
					defer f.Close()
					if sheets := f.GetSheetList(); len(sheets) != 11 || sheets[3] != "Per partner" {
						t.Errorf("sheets %v", sheets)
					}
					rows, err := f.GetRows("Per partner", excelize.Options{RawCellValue: true})
					must(t, err)
					var partners []string
					for _, r := range rows[1:] {
						partners = append(partners, r[0])
						if ct, _ := f.GetCellType("Per partner", "C2"); ct != excelize.CellTypeUnset {
							t.Errorf("amount cell of type %v", ct)
						}
					}
					if len(partners) != 3 || !strings.Contains(strings.Join(partners, "|"), "Woonstichting Kluwendam") {
						t.Errorf("partners %v", partners)
					}
					// Departments are named with their organisation.
					rows, err = f.GetRows("Per afdeling")
					must(t, err)
					var depts []string
					for _, r := range rows[1:] {
						depts = append(depts, r[0])
					}
					if got := strings.Join(depts, "|"); !strings.Contains(got, "Politie Basisteam Kluwendam — Wijkteam") || !strings.Contains(got, "Gemeente Kluwendam — Wijkteam") {
						t.Errorf("departments %v", depts)
					}
					// The transfer of € 1.250,00 in 2024 is a number.
					if v, _ := f.GetCellValue("Per kostensoort", "D2", excelize.Options{RawCellValue: true}); v == "" {
						t.Error("no transfer amount")
					}
				case "pdf":
					text := pdftest.Text(t, []byte(res.Body))
					for _, s := range []string{"Kosten van huishouden " + hh, "Prijsjaar: 2024", "Gemaakt door: " + w.users["regisseur"].DisplayName,
						"Politie Basisteam Kluwendam", "Woonstichting Kluwendam", "Inkomensoverdrachten: € 1.250,00", "pagina 1 van",
						// Departments with their organisation; the table's first column
						// wraps the label.
						"Gemeente Kluwendam —", "— Wijkteam"} {
						if !strings.Contains(text, s) {
							t.Errorf("PDF lacks %q:\n%s", s, text)
						}
					}
					regisseurTotal = text
				}
			})
		}

		t.Run("a partner professional exports its own costs only", func(t *testing.T) {
			before := exports(t)
			page := agent.get(base + "?prijsjaar=2024")
			check{status: 200, contains: []string{`id="kosten-pdf"`}}.verify(t, page)
			csv := agent.get(base + ".csv?prijsjaar=2024")
			check{status: 200, contains: []string{"Politie Basisteam Kluwendam", "POL-HOUR"},
				notContains: []string{"Woonstichting", "WONEN-EVICTION", "Gemeente Kluwendam", "1.250,00"}}.verify(t, csv)
			x := agent.get(base + ".xlsx?prijsjaar=2024")
			check{status: 200}.verify(t, x)
			f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
			must(t, err)
			defer f.Close()
			for _, sheet := range f.GetSheetList() {
				rows, _ := f.GetRows(sheet)
				for _, r := range rows {
					for _, c := range r {
						if strings.Contains(c, "Woonstichting") || strings.Contains(c, "WONEN-EVICTION") || strings.Contains(c, "Gemeente Kluwendam") {
							t.Errorf("%s holds another organisation's costs: %q", sheet, c)
						}
					}
				}
			}
			p := agent.get(base + ".pdf?prijsjaar=2024")
			check{status: 200}.verify(t, p)
			text := pdftest.Text(t, []byte(p.Body))
			for _, s := range []string{"Politie Basisteam Kluwendam", "alleen de kosten die de eigen organisatie"} {
				if !strings.Contains(text, s) {
					t.Errorf("partner's PDF lacks %q:\n%s", s, text)
				}
			}
			for _, s := range []string{"Woonstichting", "WONEN-EVICTION", "Gemeente Kluwendam", "€ 1.250,00", "Huisvesting"} {
				if strings.Contains(text, s) {
					t.Errorf("partner's PDF holds %q:\n%s", s, text)
				}
			}
			if text == regisseurTotal {
				t.Error("the partner's PDF is the regisseur's")
			}
			after := exports(t)
			for _, format := range []string{"csv", "xlsx", "pdf"} {
				if after["agent "+format] != before["agent "+format]+1 {
					t.Errorf("%s: access log %v before, %v after", format, before, after)
				}
			}
		})

		t.Run("no exports without need-to-know", func(t *testing.T) {
			for _, user := range []string{"analist", "woonconsulent"} {
				c := w.signedIn(user)
				for _, format := range []string{"csv", "xlsx", "pdf"} {
					res := c.get(base + "." + format)
					check{status: 404, notContains: []string{"Politie", "%PDF"}}.verify(t, res)
					if strings.HasPrefix(res.Header.Get("Content-Type"), "application/") {
						t.Errorf("%s %s: Content-Type %q", user, format, res.Header.Get("Content-Type"))
					}
				}
			}
			check{status: 404}.verify(t, regisseur.get("/huishoudens/"+id(w.otherHousehold)+"/kosten.pdf"))
		})

		t.Run("a bad price year", func(t *testing.T) {
			check{status: 400, contains: []string{"Kies een prijsjaar uit de lijst."}}.verify(t, regisseur.get(base+".xlsx?prijsjaar=1850"))
		})
	})
}
