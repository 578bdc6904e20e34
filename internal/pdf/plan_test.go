package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/pdf"
)

func plan(goals int) *kluwen.FamilyPlan {
	p := &kluwen.FamilyPlan{CaseID: 12, Address: "Kluwenstraat 1-b, 1234 AB Kluwendam", Members: []string{"Zoë de Vries", "Łukasz Wiśniewski", "Şahin Yılmaz"},
		RegisseurName: "Eline Jansen", OrganisationName: "Gemeente Kluwendam", PrintedOn: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)}
	for i := 0; i < goals; i++ {
		d := kluwen.LifeDomains[i%len(kluwen.LifeDomains)]
		p.Goals = append(p.Goals, kluwen.FamilyGoal{
			Domain: d, Description: fmt.Sprintf("Doel %d: de financiën zijn op orde en er komen geen nieuwe schulden bij, zodat het gezin rust krijgt", i+1),
			Persons: []string{"Zoë de Vries"}, TargetDate: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), Status: kluwen.GoalOpen,
			Actions: []kluwen.FamilyAction{
				{Description: "Budgetcoach komt elke week langs", Organisation: "Schuldhulp Noord", DueDate: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), Status: kluwen.ActionBusy},
				{Description: "Aanvraag bijzondere bijstand", Organisation: "Gemeente Kluwendam", DueDate: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), Status: kluwen.ActionOpen},
			},
		})
	}
	return p
}

// poppler returns the path of a poppler tool, skipping the test without it
// (failing under CI=true: CI installs poppler-utils).
func poppler(t *testing.T, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not found: CI must install poppler-utils", tool)
		}
		t.Skipf("%s not found: install poppler-utils to check the PDF's text", tool)
	}
	return path
}

func TestPlanPDF(t *testing.T) {
	for _, tc := range []struct {
		name     string
		goals    int
		minPages int
	}{{"empty", 0, 1}, {"one goal", 1, 1}, {"long", 26, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			p := plan(tc.goals)
			var b bytes.Buffer
			pages, err := pdf.WritePlan(&b, p)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.Contains(b.Bytes()[b.Len()-1024:], []byte("%%EOF")) {
				t.Fatal("not a PDF")
			}
			if pages < tc.minPages || (tc.goals <= 1 && pages != 1) {
				t.Errorf("%d pages; want at least %d", pages, tc.minPages)
			}
			// The same plan on the same day is the same file.
			var again bytes.Buffer
			pdf.WritePlan(&again, p)
			if !bytes.Equal(b.Bytes(), again.Bytes()) {
				x, y := b.Bytes(), again.Bytes()
				for j := range min(len(x), len(y)) {
					if x[j] != y[j] {
						t.Fatalf("two prints of the same plan differ at %d:\n%q\n%q", j, x[max(0, j-100):j+40], y[max(0, j-100):j+40])
					}
				}
				t.Error("two prints of the same plan differ in length")
			}

			file := filepath.Join(t.TempDir(), "plan.pdf")
			if err := os.WriteFile(file, b.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			info, err := exec.Command(poppler(t, "pdfinfo"), file).Output()
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindSubmatch(info)
			if m == nil || string(m[1]) != strconv.Itoa(pages) {
				t.Errorf("pdfinfo says %q; want %d pages", m, pages)
			}
			if !strings.Contains(string(info), "Plan voor het gezin") {
				t.Errorf("title missing: %s", info)
			}
			out, err := exec.Command(poppler(t, "pdftotext"), "-enc", "UTF-8", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			text := strings.Join(strings.Fields(string(out)), " ")
			want := []string{"Plan voor het gezin", "Kluwenstraat 1-b, 1234 AB Kluwendam", "Zoë de Vries, Łukasz Wiśniewski en Şahin Yılmaz",
				"Eline Jansen, Gemeente Kluwendam", "5 maart 2026", fmt.Sprintf("pagina %d van %d", pages, pages)}
			if tc.goals > 0 {
				want = append(want, "Financiën", "Doel 1: de financiën zijn op orde", "vóór 1 september 2026", "we werken eraan",
					"Budgetcoach komt elke week langs", "Schuldhulp Noord", "1 april 2026 (bezig)")
			} else {
				want = append(want, "Er staan nog geen doelen in het plan.")
			}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("PDF text lacks %q:\n%s", s, text)
				}
			}
		})
	}
}

func TestDate(t *testing.T) {
	if got := pdf.Date(time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)); got != "31 december 2026" {
		t.Errorf("Date = %q", got)
	}
}
