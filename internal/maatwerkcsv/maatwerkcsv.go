// Package maatwerkcsv writes the list of deviations (maatwerk) across cases as
// CSV, in one of two layouts: the full one for regisseurs, and the pseudonymised
// one for analysts, which has no case number, address, names or free text other
// than the rule deviated from.
package maatwerkcsv

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Header is the first row of the full layout.
var Header = []string{"casus", "adres", "wijk", "regel_of_protocol", "reden", "leefgebied", "verwacht_effect", "kosten_euro",
	"goedgekeurd_door", "functie", "besluitdatum", "uitkomst", "resultaat", "datum_uitkomst"}

// PseudonymisedHeader is the first row of the pseudonymised layout.
var PseudonymisedHeader = []string{"casus_pseudoniem", "wijk", "regel_of_protocol", "leefgebied", "kosten_euro", "besluitmaand", "resultaat"}

// ErrNotPseudonymised is returned when a full row is written to a pseudonymised
// export: the export stops rather than leak it.
var ErrNotPseudonymised = errors.New("maatwerkcsv: full row in a pseudonymised export")

// Writer writes deviations as CSV.
type Writer struct {
	w             *csv.Writer
	pseudonymised bool
}

// NewWriter returns a Writer that has written the header row of the layout to w.
func NewWriter(w io.Writer, pseudonymised bool) (*Writer, error) {
	cw := csv.NewWriter(w)
	h := Header
	if pseudonymised {
		h = PseudonymisedHeader
	}
	if err := cw.Write(h); err != nil {
		return nil, err
	}
	return &Writer{w: cw, pseudonymised: pseudonymised}, nil
}

// Write writes one row. Fields a spreadsheet would read as a formula are prefixed
// with a quote (CSV injection).
func (w *Writer) Write(r *kluwen.MaatwerkRow) error {
	if w.pseudonymised {
		if !r.Pseudonymised {
			return ErrNotPseudonymised
		}
		return w.w.Write([]string{r.CasePseudonym, safe(r.Wijk), safe(r.Rule), r.Domain.Label(), Euro(r.CostCents),
			r.DecidedOn.Format("2006-01"), string(r.OutcomeResult)})
	}
	outcomeOn := ""
	if r.OutcomeOn != nil {
		outcomeOn = r.OutcomeOn.Format(kluwen.DateLayout)
	}
	return w.w.Write([]string{strconv.FormatInt(r.CaseID, 10), safe(r.Address), safe(r.Wijk), safe(r.Rule), safe(r.Reason), r.Domain.Label(),
		safe(r.ExpectedEffect), Euro(r.CostCents), safe(r.ApprovedByName), safe(r.ApprovedByRole), r.DecidedOn.Format(kluwen.DateLayout),
		safe(r.Outcome), string(r.OutcomeResult), outcomeOn})
}

// Flush writes any buffered data and reports a write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

// Euro formats cents as euros with a decimal point and two decimals: "1234.50".
func Euro(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	c := strconv.FormatInt(cents%100, 10)
	if len(c) == 1 {
		c = "0" + c
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + c
}

func safe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
