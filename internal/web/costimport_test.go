package web_test

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// upload posts a file as the import form does: multipart, with the CSRF token
// of the last page.
func (c *client) upload(path, name string, content []byte) *response {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if c.csrf != "" {
		must2(c.t, mw.WriteField("csrf", c.csrf))
	}
	fw, err := mw.CreateFormFile("bestand", name)
	must2(c.t, err)
	fw.Write(content)
	must2(c.t, mw.Close())
	req := httptest.NewRequest(http.MethodPost, path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func must2(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var (
	formRe   = regexp.MustCompile(`(?s)<form[^>]*id="([^"]+)"[^>]*>(.*?)</form>`)
	hiddenRe = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
	selectRe = regexp.MustCompile(`(?s)<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>`)
	chosenRe = regexp.MustCompile(`<option value="([^"]*)" selected>`)
)

// formValues is what a browser sends for the form with the given id: its
// hidden inputs and the chosen option of each select.
func formValues(t *testing.T, body, id string) url.Values {
	t.Helper()
	for _, m := range formRe.FindAllStringSubmatch(body, -1) {
		if m[1] != id {
			continue
		}
		v := url.Values{}
		for _, h := range hiddenRe.FindAllStringSubmatch(m[2], -1) {
			if h[1] != "csrf" { // the client sends its own
				v.Add(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
			}
		}
		for _, s := range selectRe.FindAllStringSubmatch(m[2], -1) {
			val := ""
			if c := chosenRe.FindStringSubmatch(s[2]); c != nil {
				val = html.UnescapeString(c[1])
			}
			v.Set(html.UnescapeString(s[1]), val)
		}
		return v
	}
	t.Fatalf("no form %q on the page\n%s", id, excerpt(body))
	return nil
}

// uploadID uploads a file and returns the path of its mapping page.
func uploadFile(t *testing.T, c *client, name string, content []byte) string {
	t.Helper()
	c.get("/kosten/importeren")
	res := c.upload("/kosten/importeren", name, content)
	if res.Code != http.StatusSeeOther || !regexp.MustCompile(`^/kosten/importeren/\d+$`).MatchString(res.Location()) {
		t.Fatalf("upload: status %d, Location %q\n%s", res.Code, res.Location(), excerpt(res.Body))
	}
	return res.Location()
}

// preview takes the mapping page's pre-filled mapping to the preview, as the
// browser does when the user accepts it.
func preview(t *testing.T, c *client, mappingPath string) *response {
	t.Helper()
	m := c.get(mappingPath)
	if m.Code != http.StatusOK {
		t.Fatalf("mapping page: %d\n%s", m.Code, excerpt(m.Body))
	}
	return c.get(mappingPath + "/voorbeeld?" + formValues(t, m.Body, "koppeling-formulier").Encode())
}

// confirm posts the preview's import form.
func confirm(t *testing.T, c *client, mappingPath string, pv *response) *response {
	t.Helper()
	return c.post(mappingPath, formValues(t, pv.Body, "importeren-formulier"))
}

func (w *world) costCount(t *testing.T) int {
	t.Helper()
	var n int
	must(t, w.db.RawDB().QueryRow(`SELECT count(*) FROM cost_records`).Scan(&n))
	return n
}

func (w *world) uploadCount(t *testing.T) int {
	t.Helper()
	var n int
	must(t, w.db.RawDB().QueryRow(`SELECT count(*) FROM cost_uploads`).Scan(&n))
	return n
}

// importCSV is a partner's file with two good rows and a bad row of every kind
// the issue names.
func importCSV(w *world) string {
	hh, other := w.household, w.otherHousehold
	return "Kenmerk;Huishouden;Kostenpost;Aantal;Bedrag;Omschrijving;Datum;Tot;Soort;Kostensoort;Correctie;Afdeling\n" +
		fmt.Sprintf("K-1;%d;POL-HOUR;2,5;;;01-03-2024;;;;;\n", hh) +
		fmt.Sprintf("K-2;%d;;;125,50;Vervoer naar de rechtbank;15-03-2024;;zorg;dienst;;\n", hh) +
		fmt.Sprintf("K-3;%d;GEEN-POST;1;;;01-03-2024;;;;;\n", hh) +
		fmt.Sprintf("K-4;%d;POL-HOUR;1;;;01-03-2001;;;;;\n", hh) +
		fmt.Sprintf("K-5;%d;POL-HOUR;-1;;;01-03-2024;;;;nee;\n", hh) +
		fmt.Sprintf("K-6;%d;POL-HOUR;1;;;10-03-2024;01-03-2024;;;;\n", hh) +
		fmt.Sprintf("K-7;%d;;;1234.56;Verkeerd decimaalteken;01-03-2024;;zorg;dienst;;\n", hh) +
		fmt.Sprintf("K-8;%d;POL-HOUR;1;;;01-03-2024;;;;;\n", other) +
		fmt.Sprintf("K-9;%d;POL-HOUR;1;;;01-03-2024;;;;;Incasso\n", hh)
}

// TestCostImportFlow: upload, mapping, a preview listing every bad row by line
// and column, an import refused while rows are bad, the good rows imported on
// request, and the same file again changing nothing.
func TestCostImportFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		must(t, w.svc.Organisations.CreateDepartment(sys(), &kluwen.Department{OrganisationID: w.corporatie, Name: "Incasso"}))
		agent := w.signedIn("agent")
		check{status: 200, contains: []string{`id="kosten-importeren"`, `href="/kosten/importeren"`}}.verify(t, agent.get("/"))

		form := agent.get("/kosten/importeren")
		check{status: 200, contains: []string{"Kosten importeren", `enctype="multipart/form-data"`, `type="file" name="bestand" id="bestand"`,
			`<label class="utrecht-form-label" for="bestand">`, `aria-describedby="bestand-hint"`, `name="csrf"`}}.verify(t, form)

		path := uploadFile(t, agent, "kosten maart.csv", []byte(importCSV(w)))
		m := agent.get(path)
		check{status: 200, contains: []string{"Kolommen koppelen", "kosten maart.csv", "CSV, UTF-8, gescheiden door puntkomma, 9 regels",
			`<caption class="utrecht-table__caption">Kolommen in het bestand`, "K-1 · K-2 · K-3",
			`<option value="Kenmerk" selected>`, `<option value="Huishouden" selected>`, `<option value="Kostenpost" selected>`,
			`<option value="Datum" selected>`, `<option value="Afdeling" selected>`, `<label class="utrecht-form-label" for="bronverwijzing">`,
			`<legend class="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">Het huishouden</legend>`}}.verify(t, m)
		mapping := formValues(t, m.Body, "koppeling-formulier")
		if mapping.Get("bronverwijzing") != "Kenmerk" || mapping.Get("van") != "Datum" || mapping.Get("tot") != "Tot" || mapping.Get("correctie") != "Correctie" {
			t.Errorf("guessed mapping %v", mapping)
		}

		pv := preview(t, agent, path)
		check{status: 200, contains: []string{"Controleer de import", `id="telling-regels">9<`, `id="telling-nieuw">2<`, `id="telling-ongewijzigd">0<`,
			`id="telling-fouten">7<`, "7 van de 9 regels hebben fouten", `<caption class="utrecht-table__caption">Fouten per regel`,
			`data-line="2"`, "POL-HOUR", "€ 125,50", `href="/huishoudens/` + id(w.household) + `/kosten"`,
			"Een negatief aantal kan alleen in een correctie", "De periode eindigt voor hij begint", "decimaalteken",
			"De afdeling &#34;Incasso&#34; bestaat niet bij uw organisatie", "is niet gevonden",
			`id="goede-regels-importeren"`, "Alleen de goede regels importeren (2)", `id="fouten-csv"`},
			notContains: []string{`id="importeren"`, `id="meer-fouten"`, `id="zonder-kenmerk"`}}.verify(t, pv)
		errs := regexp.MustCompile(`<tr class="utrecht-table__row" data-line="(\d+)"><th scope="row" class="utrecht-table__header-cell">\d+</th><td class="utrecht-table__cell">([^<]*)</td>`).FindAllStringSubmatch(pv.Body, -1)
		var got []string
		for _, e := range errs {
			got = append(got, e[1]+" "+e[2])
		}
		want := "4 Kostenpost, 5 Kostenpost, 6 Aantal, 7 Tot, 8 Bedrag, 9 Huishouden, 10 Afdeling"
		if strings.Join(got, ", ") != want {
			t.Errorf("errors by line and column: %v, want %s", got, want)
		}
		if n := w.costCount(t); n != 0 {
			t.Fatalf("the preview wrote %d records", n)
		}

		t.Run("back to the mapping", func(t *testing.T) {
			back := regexp.MustCompile(`href="([^"]+)" id="koppeling-aanpassen"`).FindStringSubmatch(pv.Body)
			if back == nil {
				t.Fatal("no link back to the mapping")
			}
			res := agent.get(html.UnescapeString(back[1]))
			check{status: 200, contains: []string{"Kolommen koppelen"}}.verify(t, res)
			if !strings.Contains(back[1], "koppeling=1") {
				t.Errorf("the link %q does not carry the mapping", back[1])
			}
			if got := formValues(t, res.Body, "koppeling-formulier"); got.Encode() != mapping.Encode() {
				t.Errorf("the mapping came back as %v, want %v", got, mapping)
			}
		})

		t.Run("errors as CSV", func(t *testing.T) {
			link := regexp.MustCompile(`href="([^"]+)" id="fouten-csv"`).FindStringSubmatch(pv.Body)
			if link == nil {
				t.Fatal("no link to the errors as CSV")
			}
			res := agent.get(html.UnescapeString(link[1]))
			check{status: 200, contains: []string{"\uFEFFregel;kolom;melding", "4;Kostenpost;", "10;Afdeling;"}}.verify(t, res)
			if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
				t.Errorf("Content-Type %q", ct)
			}
		})

		t.Run("all or nothing", func(t *testing.T) {
			v := formValues(t, pv.Body, "importeren-formulier")
			v.Set("modus", "alles")
			res := agent.post(path, v)
			check{status: 422, contains: []string{`id="foutmelding"`, "Er is niets geïmporteerd: 7 van de 9 regels bevatten fouten", `data-line="10"`}}.verify(t, res)
			if n := w.costCount(t); n != 0 {
				t.Fatalf("half imported: %d records", n)
			}
		})

		t.Run("without the CSRF token", func(t *testing.T) {
			v := formValues(t, pv.Body, "importeren-formulier")
			v.Set("csrf", "")
			check{status: 403}.verify(t, agent.post(path, v))
		})

		res := confirm(t, agent, path, pv)
		check{status: 303, location: "/kosten/importeren/resultaat?"}.verify(t, res)
		check{status: 200, contains: []string{"Import voltooid", `id="telling-nieuw">2<`, `id="telling-fouten">7<`,
			`href="/huishoudens/` + id(w.household) + `/kosten"`}}.verify(t, agent.get(res.Location()))
		recs, err := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.household})
		must(t, err)
		if len(recs) != 2 || w.costCount(t) != 2 {
			t.Fatalf("imported %+v", recs)
		}
		for _, r := range recs {
			if r.OrganisationID != w.politie || r.CreatedBy != w.users["agent"].ID {
				t.Errorf("record %+v", r)
			}
			if r.SourceRef == "K-1" && (r.Quantity != 2500 || r.UnitPrice == 0 || r.Amount != kluwen.Cents(int64(r.UnitPrice)*5/2)) {
				t.Errorf("K-1 priced %+v", r)
			}
		}
		check{status: 404}.verify(t, agent.get(path))
		if n := w.uploadCount(t); n != 0 {
			t.Errorf("%d uploads left after the import", n)
		}

		t.Run("the same file again changes nothing", func(t *testing.T) {
			path := uploadFile(t, agent, "kosten maart.csv", []byte(importCSV(w)))
			pv := preview(t, agent, path)
			check{status: 200, contains: []string{`id="telling-nieuw">0<`, `id="telling-ongewijzigd">2<`, `id="telling-fouten">7<`, `id="niets-te-importeren"`},
				notContains: []string{`id="goede-regels-importeren"`}}.verify(t, pv)
			// Only the good rows, corrected file: the two imported rows are
			// skipped.
			lines := strings.SplitAfter(importCSV(w), "\n")
			path = uploadFile(t, agent, "alleen goed.csv", []byte(strings.Join(lines[:3], "")))
			pv = preview(t, agent, path)
			check{status: 200, contains: []string{`id="telling-nieuw">0<`, `id="telling-ongewijzigd">2<`, `id="niets-nieuw"`, `id="importeren"`}}.verify(t, pv)
			res := confirm(t, agent, path, pv)
			check{status: 303}.verify(t, res)
			check{status: 200, contains: []string{`id="telling-nieuw">0<`, `id="telling-ongewijzigd">2<`}}.verify(t, agent.get(res.Location()))
			if n := w.costCount(t); n != 2 {
				t.Errorf("%d records after a second import, want 2", n)
			}
		})
	})
}

// TestCostImportWithoutSourceRef: a file without a column of references is
// recognised by its content, and the pages say so: the same file imported a
// second time changes nothing, while two identical lines are two records.
func TestCostImportWithoutSourceRef(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		text := "Huishouden;Kostenpost;Aantal;Datum\n" +
			fmt.Sprintf("%d;POL-HOUR;1,5;01-03-2024\n", w.household) +
			fmt.Sprintf("%d;POL-HOUR;1,5;01-03-2024\n", w.household) +
			fmt.Sprintf("%d;POL-INCIDENT;1;02-03-2024\n", w.household)
		path := uploadFile(t, agent, "zonder kenmerk.csv", []byte(text))
		m := agent.get(path)
		check{status: 200, contains: []string{"Zonder kolom met een kenmerk herkent Kluwen een regel aan zijn inhoud"}}.verify(t, m)
		if v := formValues(t, m.Body, "koppeling-formulier"); v.Get("bronverwijzing") != "" {
			t.Fatalf("a reference column was guessed: %v", v)
		}
		pv := preview(t, agent, path)
		check{status: 200, contains: []string{`id="telling-nieuw">3<`, `id="telling-ongewijzigd">0<`, `id="zonder-kenmerk"`,
			"Kluwen herkent een regel daarom aan zijn inhoud"}}.verify(t, pv)
		res := confirm(t, agent, path, pv)
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{`id="telling-nieuw">3<`}}.verify(t, agent.get(res.Location()))
		if n := w.costCount(t); n != 3 {
			t.Fatalf("%d records after the first import, want 3", n)
		}

		path = uploadFile(t, agent, "zonder kenmerk.csv", []byte(text))
		pv = preview(t, agent, path)
		check{status: 200, contains: []string{`id="telling-nieuw">0<`, `id="telling-ongewijzigd">3<`, `id="telling-fouten">0<`, `id="niets-nieuw"`, `id="zonder-kenmerk"`}}.verify(t, pv)
		res = confirm(t, agent, path, pv)
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{`id="telling-nieuw">0<`, `id="telling-ongewijzigd">3<`}}.verify(t, agent.get(res.Location()))
		if n := w.costCount(t); n != 3 {
			t.Errorf("%d records after the same file again, want 3", n)
		}
	})
}

// TestCostImportFiles: a semicolon CSV in Windows-1252, an XLSX made here,
// files that cannot be read, and mappings that do not fit.
func TestCostImportFiles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		hh := w.household

		t.Run("Windows-1252", func(t *testing.T) {
			text := "Kenmerk;Huishouden;Bedrag;Omschrijving;Datum;Soort;Kostensoort\n" +
				fmt.Sprintf("W-1;%d;1.250,00;Café-schade vergoed;02-04-2024;zorg;dienst\n", hh)
			latin, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
			must(t, err)
			path := uploadFile(t, agent, "export.csv", latin)
			check{status: 200, contains: []string{"CSV, Windows-1252, gescheiden door puntkomma, 1 regels", "Café-schade vergoed"}}.verify(t, agent.get(path))
			pv := preview(t, agent, path)
			check{status: 200, contains: []string{`id="telling-nieuw">1<`, "Café-schade vergoed", "€ 1.250,00", "decimaalteken komma"}}.verify(t, pv)
			check{status: 303}.verify(t, confirm(t, agent, path, pv))
			recs, _ := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: hh})
			if len(recs) != 1 || recs[0].Description != "Café-schade vergoed" || recs[0].Amount != 125000 {
				t.Errorf("records %+v", recs)
			}
		})

		t.Run("XLSX", func(t *testing.T) {
			f := excelize.NewFile()
			must(t, f.SetSheetName("Sheet1", "Kosten"))
			must(t, f.SetSheetRow("Kosten", "A1", &[]any{"Huishouden", "Kostenpost", "Aantal", "Datum", "Kenmerk", "Leefgebied"}))
			must(t, f.SetSheetRow("Kosten", "A2", &[]any{hh, "POL-HOUR", 1.5, date("2024-05-06"), "X-1", "Justitie"}))
			must(t, f.SetSheetRow("Kosten", "A3", &[]any{hh, "POL-HOUR", -2, date("2024-05-07"), "X-2", "Justitie"}))
			var buf bytes.Buffer
			must(t, f.Write(&buf))
			path := uploadFile(t, agent, "kosten.xlsx", buf.Bytes())
			check{status: 200, contains: []string{`XLSX, blad &#34;Kosten&#34;, 2 regels`}}.verify(t, agent.get(path))
			pv := preview(t, agent, path)
			check{status: 200, contains: []string{`id="telling-nieuw">1<`, `id="telling-fouten">1<`, `data-line="3"`, "Een negatief aantal kan alleen in een correctie", "Justitie"}}.verify(t, pv)
			check{status: 303}.verify(t, confirm(t, agent, path, pv))
			recs, _ := w.svc.Costs.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: hh})
			if len(recs) != 2 {
				t.Errorf("records %+v", recs)
			}
		})

		t.Run("merged cells", func(t *testing.T) {
			f := excelize.NewFile()
			must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Huishouden", "Bedrag", "Omschrijving", "Datum"}))
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{hh, 10, "Gedeeld", "2024-05-06"}))
			must(t, f.SetSheetRow("Sheet1", "A3", &[]any{hh, 10, nil, "2024-05-06"}))
			must(t, f.MergeCell("Sheet1", "C2", "C3"))
			var buf bytes.Buffer
			must(t, f.Write(&buf))
			agent.get("/kosten/importeren")
			res := agent.upload("/kosten/importeren", "samengevoegd.xlsx", buf.Bytes())
			check{status: 422, contains: []string{`id="foutmelding"`, `href="#bestand"`, "samengevoegde cellen (C2:C3)", `id="bestand-error"`, `aria-describedby="bestand-hint bestand-error"`}}.verify(t, res)
		})

		t.Run("unreadable and empty files", func(t *testing.T) {
			agent.get("/kosten/importeren")
			check{status: 422, contains: []string{"Het bestand is leeg."}}.verify(t, agent.upload("/kosten/importeren", "leeg.csv", nil))
			check{status: 422, contains: []string{"geen regels onder de kopregel"}}.verify(t, agent.upload("/kosten/importeren", "kop.csv", []byte("Huishouden;Datum\n")))
			check{status: 422, contains: []string{"UTF-16"}}.verify(t, agent.upload("/kosten/importeren", "utf16.csv", []byte{0xFF, 0xFE, 'a', 0}))
			res := agent.post("/kosten/importeren", url.Values{})
			check{status: 422, contains: []string{"Kies een CSV- of XLSX-bestand."}}.verify(t, res)
		})

		t.Run("too large", func(t *testing.T) {
			agent.get("/kosten/importeren")
			big := bytes.Repeat([]byte("a;b\n"), (kluwen.MaxCostUploadSize+(2<<20))/4)
			res := agent.upload("/kosten/importeren", "groot.csv", big)
			check{status: 413, contains: []string{"Het bestand is te groot: hoogstens 20 MB."}}.verify(t, res)
		})

		t.Run("mapping that does not fit", func(t *testing.T) {
			path := uploadFile(t, agent, "k.csv", []byte(fmt.Sprintf("Huishouden;Kostenpost;Aantal;Datum\n%d;POL-HOUR;1;01-01-2024\n", hh)))
			res := agent.get(path + "/voorbeeld?koppeling=1&kostenpostCode=Kostenpost&aantal=Aantal&van=Datum")
			check{status: 422, contains: []string{`id="foutmelding"`, "Koppel een kolom met het huishoudnummer", "Kolommen koppelen"}}.verify(t, res)
			res = agent.get(path + "/voorbeeld?koppeling=1&huishoudenId=Huishouden&kostenpostCode=Code&aantal=Aantal&van=Datum&decimaalteken=spatie")
			check{status: 422, contains: []string{`href="#kostenpostCode"`, "Kies een kolom uit de lijst.", `href="#decimaalteken"`,
				`<option value="Huishouden" selected>`}}.verify(t, res)
			// The mapping page keeps what the user chose when it comes back.
			res = agent.get(path + "?koppeling=1&huishoudenId=Huishouden")
			check{status: 200, contains: []string{`<option value="Huishouden" selected>`}, notContains: []string{`<option value="Kostenpost" selected>`}}.verify(t, res)
		})
	})
}

// TestCostImportAccess: the upload is its uploader's alone, is encrypted in the
// database, expires after an hour and is removed by housekeeping; only users
// who record costs import.
func TestCostImportAccess(t *testing.T) {
	eachOpener(t, testCostImportAccess)
}

func testCostImportAccess(t *testing.T, open opener) {
	// The store runs on the world's clock, so that the upload expires.
	var w *world
	db := open(t, testdb.Options{Now: func() time.Time {
		if w == nil {
			return time.Now().UTC().Truncate(time.Second)
		}
		return w.clock.Now()
	}})
	w = newWorld(t, db, web.Config{})
	agent := w.signedIn("agent")
	text := fmt.Sprintf("Kenmerk;Huishouden;Kostenpost;Aantal;Datum\nA-1;%d;POL-HOUR;1;01-03-2024\n", w.household)
	path := uploadFile(t, agent, "kosten-familie-de-vries.csv", []byte(text))
	pv := preview(t, agent, path)
	check{status: 200, contains: []string{`id="telling-nieuw">1<`}}.verify(t, pv)

	var sealed []byte
	must(t, db.RawDB().QueryRow(`SELECT content FROM cost_uploads`).Scan(&sealed))
	if bytes.Contains(sealed, []byte("POL-HOUR")) || len(sealed) <= len(text) {
		t.Error("the upload is stored in the clear")
	}
	// The file name may name the family: no column of the table holds it.
	rows, err := db.RawDB().Query(`SELECT * FROM cost_uploads`)
	must(t, err)
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		must(t, rows.Scan(ptrs...))
		for i, v := range vals {
			cell := fmt.Sprint(v)
			if b, ok := v.([]byte); ok {
				cell = string(b)
			}
			if strings.Contains(strings.ToLower(cell), "vries") {
				t.Errorf("column %s holds the file name", cols[i])
			}
		}
	}
	rows.Close()
	check{status: 200, contains: []string{"kosten-familie-de-vries.csv"}}.verify(t, agent.get(path))

	// The file holds personal data: storing and reading it are logged.
	for _, ev := range []string{"costupload.create", "costupload.read"} {
		if !w.logged(ev, kluwen.OutcomeSuccess, "agent") {
			t.Errorf("no %s entry for the uploader", ev)
		}
	}

	regisseur := w.signedIn("regisseur")
	for _, p := range []string{path, path + "/voorbeeld?koppeling=1&huishoudenId=Huishouden&kostenpostCode=Kostenpost&aantal=Aantal&van=Datum", path + "/fouten.csv?koppeling=1"} {
		check{status: 404, notContains: []string{"kosten-familie-de-vries.csv", "POL-HOUR"}}.verify(t, regisseur.get(p))
	}
	regisseur.get("/kosten/importeren")
	check{status: 404}.verify(t, regisseur.post(path, formValues(t, pv.Body, "importeren-formulier")))
	if w.costCount(t) != 0 {
		t.Fatal("another user imported the upload")
	}
	if !w.logged("costupload.read", kluwen.OutcomeRefused, "regisseur") {
		t.Error("another user's attempt on the upload is not logged as refused")
	}

	for _, u := range []string{"analist", "beheerder", "fg"} {
		c := w.signedIn(u)
		check{status: 403}.verify(t, c.get("/kosten/importeren"))
		check{status: 403}.verify(t, c.get(path))
		check{notContains: []string{`id="kosten-importeren"`}}.verify(t, c.get("/"))
	}

	// Past the hour, with the session kept alive.
	for _, d := range []time.Duration{25 * time.Minute, 25 * time.Minute, 11 * time.Minute} {
		w.clock.Add(d)
		check{status: 200}.verify(t, agent.get("/"))
	}
	check{status: 404, contains: []string{"niet (meer) beschikbaar", "upload het bestand opnieuw"}}.verify(t, agent.get(path))
	check{status: 404}.verify(t, agent.post(path, formValues(t, pv.Body, "importeren-formulier")))
	if w.costCount(t) != 0 {
		t.Fatal("an expired upload was imported")
	}
	n, err := db.DeleteExpiredCostUploads(sys())
	if err != nil || n != 1 || w.uploadCount(t) != 0 {
		t.Errorf("housekeeping removed %d, %v; %d left", n, err, w.uploadCount(t))
	}
}

// TestCostImportManyErrors: a file of 10,000 bad rows shows the first 500
// errors and offers all of them as CSV.
func TestCostImportManyErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		var b strings.Builder
		b.WriteString("Kenmerk;Huishouden;Kostenpost;Aantal;Datum\n")
		for i := range 10000 {
			fmt.Fprintf(&b, "M-%d;%d;GEEN-POST;1;01-03-2024\n", i, w.household)
		}
		path := uploadFile(t, agent, "veel.csv", []byte(b.String()))
		m := agent.get(path)
		start := time.Now()
		pv := agent.get(path + "/voorbeeld?" + formValues(t, m.Body, "koppeling-formulier").Encode())
		took := time.Since(start)
		check{status: 200, contains: []string{`id="telling-fouten">10000<`, `id="meer-fouten"`, "de eerste 500 van de 10000 meldingen", `data-line="501"`},
			notContains: []string{`data-line="502"`}}.verify(t, pv)
		t.Logf("preview of 10,000 bad rows: %s, %d KB", took.Round(time.Millisecond), len(pv.Body)>>10)
		csv := agent.get(path + "/fouten.csv?" + formValues(t, m.Body, "koppeling-formulier").Encode())
		if n := strings.Count(csv.Body, "\n"); n != 10001 {
			t.Errorf("the CSV has %d lines, want 10001", n)
		}
		if !strings.Contains(csv.Body, "\n10001;Kostenpost;") {
			t.Error("the CSV lacks the last line")
		}
	})
}
