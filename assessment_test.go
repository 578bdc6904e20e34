package kluwen

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func testInstrument() *Instrument {
	in := &Instrument{ID: 1, Code: "zrm", Name: "Zelfredzaamheid-Matrix"}
	for i, d := range LifeDomains {
		in.Domains = append(in.Domains, &InstrumentDomain{ID: int64(i + 1), Code: d.Code(), Number: int(d), NameNL: d.Label(), LifeDomain: d})
	}
	for l := 1; l <= 5; l++ {
		in.Levels = append(in.Levels, &InstrumentLevel{Level: l, Label: "niveau", Problem: l <= 2})
	}
	return in
}

func TestAssessmentValidate(t *testing.T) {
	in := testInstrument()
	today := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	fieldsOf := func(err error) []string {
		var out []string
		for _, f := range ErrorFields(err) {
			out = append(out, f.Field)
		}
		slices.Sort(out)
		return out
	}

	good := &Assessment{HouseholdID: 1, PersonID: 2, Date: today, Scores: []*AssessmentScore{
		{DomainCode: "financien", Score: 1, Note: " Schulden bij vijf schuldeisers "},
		{DomainCode: "huisvesting", Score: 0, Note: "Niet besproken"},
		{DomainCode: "justitie", Score: 5},
	}}
	if err := good.Validate(in, today); err != nil {
		t.Fatalf("good assessment: %v", err)
	}
	if good.Scores[0].Note != "Schulden bij vijf schuldeisers" || good.Score("financien") != 1 || good.Score("verslaving") != 0 {
		t.Errorf("normalised %+v", good.Scores[0])
	}

	// Every error at once, each naming its field.
	bad := &Assessment{Date: today.AddDate(0, 0, 1), Note: strings.Repeat("x", MaxTextLen+1), Scores: []*AssessmentScore{
		{DomainCode: "financien", Score: 6},
		{DomainCode: "verslaving", Score: -1},
		{DomainCode: "huisvesting", Score: 3, Note: "a\x00b"},
		{DomainCode: "huisvesting", Score: 3},
		{DomainCode: "astrologie", Score: 3},
	}}
	want := []string{"date", "householdId", "note", "personId", "scores.astrologie", "scores.financien", "scores.huisvesting", "scores.huisvesting.note", "scores.verslaving"}
	err := bad.Validate(in, today)
	if got := fieldsOf(err); !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	for _, f := range ErrorFields(err) {
		if f.Field == "scores.financien" && f.Message != "Kies voor Financiën een score van 1 tot en met 5, of laat het leeg." {
			t.Errorf("message %q", f.Message)
		}
	}

	// Nothing scored is an error of its own; notes alone do not count.
	empty := &Assessment{HouseholdID: 1, PersonID: 2, Date: today, Scores: []*AssessmentScore{{DomainCode: "financien", Note: "Wil er niet over praten"}}}
	if got := fieldsOf(empty.Validate(in, today)); !slices.Equal(got, []string{"scores"}) {
		t.Errorf("empty assessment: %v", got)
	}
	// Without an instrument only the general fields are checked.
	if err := (&Assessment{HouseholdID: 1, PersonID: 2, Date: today}).Validate(nil, today); err != nil {
		t.Errorf("no instrument: %v", err)
	}
}

func TestMatrixCell(t *testing.T) {
	in := testInstrument()
	d1, d2 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	c := &MatrixCell{DomainCode: "financien"}
	if _, ok := c.Change(); ok {
		t.Error("change without scores")
	}
	c.Series = []ScorePoint{{1, d1, 1}, {2, d2, 3}}
	c.Previous, c.Latest = &c.Series[0], &c.Series[1]
	if d, ok := c.Change(); !ok || d != 2 {
		t.Errorf("change = %d %v", d, ok)
	}
	m := &AssessmentMatrix{Instrument: in, Rows: []*MatrixRow{
		{PersonID: 7, Cells: []*MatrixCell{c, {DomainCode: "verslaving", Latest: &ScorePoint{3, d2, 2}}, {DomainCode: "justitie"}}},
	}}
	pds := m.ProblemDomains()
	if len(pds) != 1 || pds[0].DomainCode != "verslaving" || pds[0].LifeDomain != DomainVerslaving || pds[0].Score != 2 || pds[0].AssessmentID != 3 {
		t.Errorf("problem domains %+v", pds)
	}
	if m.Rows[0].Cell("justitie") == nil || m.Rows[0].Cell("x") != nil {
		t.Error("Cell lookup")
	}
}

func TestNotificationValidate(t *testing.T) {
	ok := &Notification{UserID: 1, Kind: NotifyActionAssigned, Text: " Nieuwe actie ", Link: "/casussen/3#acties"}
	if err := ok.Validate(); err != nil || ok.Text != "Nieuwe actie" {
		t.Fatalf("%v %+v", err, ok)
	}
	for _, link := range []string{"https://evil.example/", "//evil.example", "casussen/3", "/a b", "/\\evil"} {
		n := &Notification{UserID: 1, Kind: NotifyOther, Text: "x", Link: link}
		if fs := ErrorFields(n.Validate()); len(fs) != 1 || fs[0].Field != "link" {
			t.Errorf("link %q: %v", link, fs)
		}
	}
	if got := len(ErrorFields((&Notification{Kind: "spam"}).Validate())); got != 3 {
		t.Errorf("%d errors for an empty notification, want 3", got)
	}
	for _, k := range NotificationKinds {
		subj, body := k.MailText()
		if subj == "" || body == "" || k.Label() == string(k) {
			t.Errorf("kind %s lacks texts", k)
		}
	}
}
