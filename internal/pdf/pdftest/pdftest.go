// Package pdftest reads the text of a PDF in tests with poppler's pdftotext, so
// that tests of the web and the API can check what a printed document says. A
// test without poppler-utils is skipped, and fails under CI=true (CI installs
// poppler-utils).
package pdftest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Text returns the text of the PDF, read in its layout (a table row stays on one line), with runs of white space folded to one
// space. It fails the test when the body is not a PDF or pdftotext cannot read
// it.
func Text(t testing.TB, body []byte) string {
	t.Helper()
	if !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.40q", body)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pdftotext not found: CI must install poppler-utils")
		}
		t.Skipf("pdftotext not found: install poppler-utils to check the PDF's text")
	}
	file := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
