package auditcsv

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
)

func TestWrite(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	e := &kluwen.AccessLogEntry{Position: 7, OccurredAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), EventType: "household.read",
		Action: kluwen.AuditRead, Outcome: kluwen.OutcomeRefused, UserID: 3, Username: "wijkagent", OrganisationID: 2,
		Role: kluwen.RoleProfessional, ClientAddr: "127.0.0.1", Objects: []kluwen.ObjectRef{{Type: "household", ID: 12}},
		Basis: "=cmd()", Purpose: "GET /huishoudens/{id}", PrevHash: "aa", Hash: "bb"}
	if err := w.Write(e); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || len(rows[1]) != len(Header) {
		t.Fatalf("rows = %v", rows)
	}
	want := []string{"7", "2026-03-01T09:30:00Z", "household.read", "read", "refused", "3", "wijkagent", "2", "professional", "127.0.0.1", "household:12", "'=cmd()", "GET /huishoudens/{id}", "aa", "bb"}
	for i := range want {
		if rows[1][i] != want[i] {
			t.Errorf("column %s = %q, want %q", Header[i], rows[1][i], want[i])
		}
	}
}
