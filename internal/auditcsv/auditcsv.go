// Package auditcsv writes access-log entries as CSV, the one format both the privacy
// officer's export in the web UI and `kluwen audit export` produce. The columns
// carry every field of an entry including its position and hashes, so an export
// can be checked against the chain later.
package auditcsv

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// Header is the first row of an export.
var Header = []string{"positie", "tijdstip_utc", "gebeurtenis", "actie", "uitkomst", "gebruiker_id", "gebruikersnaam",
	"organisatie_id", "rol", "adres", "objecten", "grondslag_of_reden", "route_of_doel", "vorige_hash", "hash"}

// Writer writes entries as CSV.
type Writer struct {
	w *csv.Writer
}

// NewWriter returns a Writer that has written the header row to w.
func NewWriter(w io.Writer) (*Writer, error) {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return nil, err
	}
	return &Writer{w: cw}, nil
}

// Write writes one entry. Fields that a spreadsheet would read as a formula are
// prefixed with a quote (CSV injection).
func (w *Writer) Write(e *kluwen.AccessLogEntry) error {
	return w.w.Write([]string{
		strconv.FormatInt(e.Position, 10),
		e.OccurredAt.UTC().Format(time.RFC3339Nano),
		safe(e.EventType), string(e.Action), string(e.Outcome),
		strconv.FormatInt(e.UserID, 10), safe(e.Username),
		strconv.FormatInt(e.OrganisationID, 10), string(e.Role), safe(e.ClientAddr),
		safe(e.ObjectsString()), safe(e.Basis), safe(e.Purpose), e.PrevHash, e.Hash,
	})
}

// Flush writes any buffered data and reports a write error.
func (w *Writer) Flush() error {
	w.w.Flush()
	return w.w.Error()
}

func safe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
