package api_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostImport: a CSV file is previewed without writing, imported, and
// imported again without change; a file with bad rows names every bad row by
// line and column and writes nothing, unless only the good rows are asked for; a
// form with a column mapping imports a file with its own headers.
func TestCostImport(t *testing.T) {
	w := newCaseWorld(t, testdb.SQLite(t))
	records := func() int {
		return len(ids(t, w.must(http.StatusOK, request{method: "GET", path: path("/huishoudens/%d/kosten?pageSize=100", w.hh), as: "regisseur"}), "kostenregels"))
	}
	csvBody := func(s string) request {
		return request{method: "POST", path: path("/kostenimport"), as: "wijkagent", body: s, header: map[string]string{"Content-Type": "text/csv; charset=utf-8"}}
	}
	good := fmt.Sprintf("huishouden;kostenpost;aantal;van;kenmerk\n%d;POL-HOUR;2,5;2025-03-10;imp-1\n%d;POL-HOUR;1;2025-04-10;imp-2\n", w.hh, w.hh)

	rq := csvBody(good)
	rq.path += "?voorbeeld=true"
	b := w.must(http.StatusOK, rq).json(t)
	rows := b["voorbeeldregels"].([]any)
	if b["voorbeeld"] != true || len(rows) != 2 || rows[0].(map[string]any)["kostenregel"] == nil {
		t.Fatalf("preview: %v", b)
	}
	if n := records(); n != 0 {
		t.Fatalf("the preview wrote %d records", n)
	}
	b = w.must(http.StatusOK, csvBody(good)).json(t)
	if b["geimporteerd"] != 2.0 || b["afgewezen"] != 0.0 {
		t.Errorf("import: %v", b)
	}
	b = w.must(http.StatusOK, csvBody(good)).json(t)
	if b["geimporteerd"] != 0.0 || b["ongewijzigd"] != 2.0 || records() != 2 {
		t.Errorf("second import: %v", b)
	}

	bad := fmt.Sprintf("huishouden;kostenpost;aantal;van;kenmerk\n%d;POL-HOUR;1;2025-05-10;imp-3\n%d;BESTAAT-NIET;1;2025-05-11;imp-4\n%d;POL-HOUR;1.5,0;2025-05-12;imp-5\n", w.hh, w.hh, w.hh)
	params := problemParams(t, w.do(csvBody(bad)), http.StatusBadRequest)
	for _, name := range []string{"regel[3].kostenpost", "regel[4].aantal"} {
		if _, ok := params[name]; !ok {
			t.Errorf("no invalid param %s in %v", name, keys(params))
		}
	}
	if _, ok := params["regel[2].kostenpost"]; ok {
		t.Errorf("the good row is reported: %v", params)
	}
	if n := records(); n != 2 {
		t.Errorf("a file with bad rows wrote records: %d", n)
	}
	rq = csvBody(bad)
	rq.path += "?gedeeltelijk=true"
	b = w.must(http.StatusOK, rq).json(t)
	if b["geimporteerd"] != 1.0 || b["afgewezen"] != 2.0 || len(b["fouten"].([]any)) < 2 || records() != 3 {
		t.Errorf("good rows only: %v", b)
	}

	// A form with its own headers and a mapping.
	form := func(file, mapping string) request {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, _ := mw.CreateFormFile("bestand", "kosten.csv")
		fw.Write([]byte(file))
		if mapping != "" {
			mw.WriteField("koppeling", mapping)
		}
		mw.Close()
		return request{method: "POST", path: path("/kostenimport"), as: "wijkagent", body: buf.Bytes(), header: map[string]string{"Content-Type": mw.FormDataContentType()}}
	}
	mapping := `{"huishoudenId":"HH","kostenpostCode":"Code","aantal":"Uren","van":"Datum","bronverwijzing":"Ref"}`
	b = w.must(http.StatusOK, form(fmt.Sprintf("HH,Code,Uren,Datum,Ref\n%d,POL-HOUR,3,2025-06-01,form-1\n", w.hh), mapping)).json(t)
	if b["geimporteerd"] != 1.0 || records() != 4 {
		t.Errorf("form import: %v", b)
	}

	// A file without a column of references: its rows are recognised by their
	// content, two identical lines are two records.
	plain := fmt.Sprintf("huishouden;kostenpost;aantal;van\n%d;POL-HOUR;1;2025-07-10\n%d;POL-HOUR;1;2025-07-10\n", w.hh, w.hh)
	b = w.must(http.StatusOK, csvBody(plain)).json(t)
	if b["geimporteerd"] != 2.0 || records() != 6 {
		t.Errorf("a file without references: %v", b)
	}
	b = w.must(http.StatusOK, csvBody(plain)).json(t)
	if b["geimporteerd"] != 0.0 || b["ongewijzigd"] != 2.0 || records() != 6 {
		t.Errorf("a file without references again: %v", b)
	}
	rq = csvBody(plain)
	rq.path += "?voorbeeld=true"
	b = w.must(http.StatusOK, rq).json(t)
	for _, r := range b["voorbeeldregels"].([]any) {
		if r.(map[string]any)["kostenregel"] != nil {
			t.Errorf("the preview shows a row imported before as new: %v", r)
		}
	}

	wantParams(t, w.do(form("a,b\n1,2\n", `{"kolom":"a"}`)), "koppeling")
	problemParams(t, w.do(request{method: "POST", path: path("/kostenimport"), as: "wijkagent", body: map[string]any{"bestand": "x"}}), http.StatusUnsupportedMediaType)
	problemParams(t, w.do(request{method: "POST", path: path("/kostenimport"), as: "analist", body: good, header: map[string]string{"Content-Type": "text/csv"}}), http.StatusForbidden)
}
