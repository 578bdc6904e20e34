package maatwerkcsv_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/maatwerkcsv"
)

func TestEuro(t *testing.T) {
	for cents, want := range map[int64]string{0: "0.00", 5: "0.05", 1999: "19.99", 123450: "1234.50", -250: "-2.50"} {
		if got := maatwerkcsv.Euro(cents); got != want {
			t.Errorf("Euro(%d) = %q; want %q", cents, got, want)
		}
	}
}

func TestLayouts(t *testing.T) {
	on := time.Date(2026, 3, 17, 0, 0, 0, 0, time.UTC)
	full := &kluwen.MaatwerkRow{CaseID: 7, Address: "Kluwenstraat 1, 1234 AB Kluwendam", Wijk: "Centrum", Rule: "+31 regel", Reason: "Reden",
		Domain: kluwen.DomainHuisvesting, ExpectedEffect: "Effect", CostCents: 123450, ApprovedByName: "J. de Vries", ApprovedByRole: "Hoofd",
		DecidedOn: on, Outcome: "Gelukt", OutcomeResult: kluwen.OutcomeReached, OutcomeOn: &on}
	var b bytes.Buffer
	w, err := maatwerkcsv.NewWriter(&b, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(full); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	want := "casus,adres,wijk,regel_of_protocol,reden,leefgebied,verwacht_effect,kosten_euro,goedgekeurd_door,functie,besluitdatum,uitkomst,resultaat,datum_uitkomst\n" +
		"7,\"Kluwenstraat 1, 1234 AB Kluwendam\",Centrum,'+31 regel,Reden,Huisvesting,Effect,1234.50,J. de Vries,Hoofd,2026-03-17,Gelukt,bereikt,2026-03-17\n"
	if b.String() != want {
		t.Errorf("full CSV:\n%s\nwant:\n%s", b.String(), want)
	}

	b.Reset()
	w, _ = maatwerkcsv.NewWriter(&b, true)
	if err := w.Write(full); !errors.Is(err, maatwerkcsv.ErrNotPseudonymised) {
		t.Errorf("full row in a pseudonymised export: %v", err)
	}
	pseudo := &kluwen.MaatwerkRow{Pseudonymised: true, CasePseudonym: "C-abc", Wijk: "Centrum", Rule: "Regel", Domain: kluwen.DomainFinancien, CostCents: 100,
		DecidedOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	if err := w.Write(pseudo); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	want = "casus_pseudoniem,wijk,regel_of_protocol,leefgebied,kosten_euro,besluitmaand,resultaat\nC-abc,Centrum,Regel,Financiën,1.00,2026-03,\n"
	if b.String() != want {
		t.Errorf("pseudonymised CSV:\n%s\nwant:\n%s", b.String(), want)
	}
}
