package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestInstrumentSeed: the ZRM is the default instrument, with the 13 domains of
// domain.md in order, five levels of which 1 and 2 are problems, and a criterion
// in every cell; the admin edits a criterion, no one else may.
func TestInstrumentSeed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		in, err := db.FindInstrumentByID(reg, 0)
		hhMust(t, err)
		if in.Code != "zrm" || in.Name != "Zelfredzaamheid-Matrix" || !in.Default || !in.Active || len(in.Domains) != 13 || len(in.Levels) != 5 {
			t.Fatalf("default instrument %+v", in)
		}
		for i, d := range in.Domains {
			ld := kluwen.LifeDomains[i]
			if d.Number != i+1 || d.Code != ld.Code() || d.NameNL != ld.Label() || d.NameEN != ld.LabelEN() || d.LifeDomain != ld {
				t.Errorf("domain %d: %+v; want %s %s", i+1, d, ld.Code(), ld.Label())
			}
			for l := 1; l <= 5; l++ {
				if txt := d.Criteria[l]; len(txt) < 20 || !strings.HasSuffix(txt, ".") {
					t.Errorf("criterion %s × %d = %q", d.Code, l, txt)
				}
			}
		}
		for _, l := range in.Levels {
			if l.Problem != (l.Level <= 2) || l.Label == "" {
				t.Errorf("level %+v", l)
			}
		}
		if in.Levels[0].Label != "Acute problematiek" || in.Levels[4].Label != "Volledig zelfredzaam" {
			t.Errorf("level labels %q … %q", in.Levels[0].Label, in.Levels[4].Label)
		}
		all, err := db.FindInstruments(reg)
		hhMust(t, err)
		if len(all) != 1 || all[0].ID != in.ID {
			t.Errorf("instruments %v", all)
		}

		admin := hhAs(w.actors["admin"])
		hhMust(t, db.UpdateCriterion(admin, in.ID, "financien", 3, "  Schulden zijn geregeld; rondkomen lukt met hulp.  "))
		in2, err := db.FindInstrumentByID(reg, in.ID)
		hhMust(t, err)
		if got := in2.Domain("financien").Criteria[3]; got != "Schulden zijn geregeld; rondkomen lukt met hulp." {
			t.Errorf("edited criterion %q", got)
		}
		hhWantCode(t, db.UpdateCriterion(reg, in.ID, "financien", 3, "Anders"), kluwen.EFORBIDDEN)
		hhWantFields(t, db.UpdateCriterion(admin, in.ID, "astrologie", 6, " "), "text", "domainCode", "level")
		hhWantCode(t, db.UpdateCriterion(admin, 999, "financien", 3, "x"), kluwen.ENOTFOUND)
		_, err = db.FindInstrumentByID(reg, 999)
		hhWantCode(t, err, kluwen.ENOTFOUND)
	})
}

// TestAssessmentValidation: every invalid field at once, from the domain's and
// the store's checks, and nothing half-written.
func TestAssessmentValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		youth := hhAs(w.actors["professional-youth"])
		stranger := hhPerson(t, db, w.orgA, "Buiten")

		bad := &kluwen.Assessment{HouseholdID: w.household, PersonID: stranger, Date: hhDays(-1), Note: "a\x07b", Scores: []*kluwen.AssessmentScore{
			{DomainCode: "financien", Score: 6},
			{DomainCode: "verslaving", Score: 0, Note: strings.Repeat("x", kluwen.MaxTextLen+1)},
			{DomainCode: "astrologie", Score: 2},
			{DomainCode: "justitie", Score: 3},
		}}
		err := db.CreateAssessment(youth, bad)
		hhWantFields(t, err, "personId", "note", "scores.financien", "scores.verslaving.note", "scores.astrologie")
		for _, f := range kluwen.ErrorFields(err) {
			if f.Field == "scores.financien" && !strings.Contains(f.Message, "1 tot en met 5") {
				t.Errorf("message for scores.financien: %q", f.Message)
			}
		}
		// A future date and an unknown instrument; the person check waits for a
		// valid date.
		err = db.CreateAssessment(youth, &kluwen.Assessment{HouseholdID: w.household, PersonID: stranger, InstrumentID: 999, Date: hhDays(1)})
		hhWantFields(t, err, "instrumentId", "date")
		// Nothing scored.
		err = db.CreateAssessment(youth, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.child, Date: hhDays(0),
			Scores: []*kluwen.AssessmentScore{{DomainCode: "opvoeding", Note: "Niet besproken"}}})
		hhWantFields(t, err, "scores")
		// No household at all.
		hhWantFields(t, db.CreateAssessment(youth, &kluwen.Assessment{PersonID: w.child, Date: hhDays(0)}), "householdId", "scores")
		if n := hhCount(t, db, "assessments") + hhCount(t, db, "assessment_scores"); n != 0 {
			t.Errorf("%d rows written by refused assessments", n)
		}

		// Who may not.
		for role, code := range map[string]string{
			"professional-uninvolved": kluwen.ENOTFOUND,
			"regisseur-other-org":     kluwen.ENOTFOUND,
			"analyst":                 kluwen.EFORBIDDEN,
			"privacy_officer":         kluwen.EFORBIDDEN,
		} {
			head := hhLogHead(t, db)
			err := db.CreateAssessment(hhAs(w.actors[role]), &kluwen.Assessment{HouseholdID: w.household, PersonID: w.child, Date: hhDays(0),
				Scores: []*kluwen.AssessmentScore{{DomainCode: "opvoeding", Score: 3}}})
			hhWantCode(t, err, code)
			if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "assessment.create" {
				t.Errorf("%s: log %+v", role, log)
			}
		}
	})
}

// TestAssessmentReadWrite: an assessment is stored with its scores in the
// instrument's order (unscored domains with a note kept, empty ones dropped), for
// the assessor's organisation, logged; it is read by whoever reads the household.
func TestAssessmentReadWrite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		youthA := w.actors["professional-youth"]
		head := hhLogHead(t, db)
		a := &kluwen.Assessment{HouseholdID: w.household, PersonID: w.child, Date: hhDays(-7), OrganisationID: w.orgB, Note: " Eerste meting ",
			Scores: []*kluwen.AssessmentScore{
				{DomainCode: "opvoeding", Score: 2, Note: "Ouder overbelast"},
				{DomainCode: "financien", Score: 0, Note: "Niet van toepassing"},
				{DomainCode: "huisvesting", Score: 0},
				{DomainCode: "werk_opleiding", Score: 1},
			}}
		hhMust(t, db.CreateAssessment(hhAs(youthA), a))
		if a.ID == 0 || a.OrganisationID != w.youth || a.UserID != youthA.UserID || a.InstrumentID == 0 || a.Note != "Eerste meting" {
			t.Fatalf("created %+v", a)
		}
		var codes []string
		for _, s := range a.Scores {
			codes = append(codes, s.DomainCode)
		}
		if !slices.Equal(codes, []string{"financien", "werk_opleiding", "opvoeding"}) {
			t.Errorf("stored scores %v", codes)
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "assessment.create" ||
			log[0].Objects != fmt.Sprintf(" household:%d person:%d assessment:%d ", w.household, w.child, a.ID) {
			t.Errorf("log %+v", log)
		}

		for role, want := range map[string]string{
			"regisseur-of-case": mOK, "regisseur-same-org": mOK, "professional-involved": mOK, "professional-youth": mOK,
			"regisseur-other-org": mNotFound, "professional-ended": mNotFound, "professional-uninvolved": mNotFound, "analyst": mNotFound,
		} {
			got, err := db.FindAssessmentByID(hhAs(w.actors[role]), a.ID)
			if o := outcomeOf(true, err); o != want {
				t.Errorf("%s reads the assessment: %s (%v); want %s", role, o, err, want)
				continue
			}
			if err == nil && (got.Score("opvoeding") != 2 || got.Score("werk_opleiding") != 1 || len(got.Scores) != 3 ||
				got.Scores[0].Note != "Niet van toepassing" || !got.Date.Equal(hhDays(-7)) || got.PersonID != w.child) {
				t.Errorf("%s read %+v %+v", role, got, got.Scores)
			}
		}
		head = hhLogHead(t, db)
		_, err := db.FindAssessmentByID(hhAs(w.actors["professional-uninvolved"]), a.ID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "assessment.read" {
			t.Errorf("refusal %+v", log)
		}

		b := cwAssess(t, db, w.actors["regisseur-of-case"], w.household, w.parent, hhDays(-1), map[string]int{"financien": 3})
		list, err := db.FindAssessments(hhAs(w.actors["professional-involved"]), kluwen.AssessmentFilter{HouseholdID: w.household})
		hhMust(t, err)
		if len(list) != 2 || list[0].ID != b.ID || list[1].ID != a.ID || len(list[1].Scores) != 3 {
			t.Errorf("list %+v", list)
		}
		list, err = db.FindAssessments(hhAs(w.actors["professional-involved"]), kluwen.AssessmentFilter{HouseholdID: w.household, PersonID: &w.child})
		hhMust(t, err)
		if len(list) != 1 || list[0].ID != a.ID {
			t.Errorf("list for the child %+v", list)
		}
		_, err = db.FindAssessments(hhAs(w.actors["professional-uninvolved"]), kluwen.AssessmentFilter{HouseholdID: w.household})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.FindAssessments(hhAs(w.actors["regisseur-of-case"]), kluwen.AssessmentFilter{})
		hhWantFields(t, err, "householdId")
	})
}

// TestAssessmentMatrix: the current members × domains with the latest score, the
// one before it and the course over time; unscored domains skip an assessment;
// former members and assessments made in another household do not count; the
// problem domains are the latest scores of 1 or 2.
func TestAssessmentMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		youth, reg := w.actors["professional-youth"], w.actors["regisseur-of-case"]
		lodger := hhPerson(t, db, w.orgA, "Kamerbewoner")
		hhMember(t, db, w.household, lodger, hhDays(-300), hhPtr(hhDays(-30)))

		p1 := cwAssess(t, db, reg, w.household, w.parent, hhDays(-200), map[string]int{"financien": 1, "huisvesting": 2})
		p2 := cwAssess(t, db, reg, w.household, w.parent, hhDays(-100), map[string]int{"financien": 2, "verslaving": 4})
		p3 := cwAssess(t, db, reg, w.household, w.parent, hhDays(-10), map[string]int{"financien": 4, "justitie": 3})
		c1 := cwAssess(t, db, youth, w.household, w.child, hhDays(-50), map[string]int{"opvoeding": 1, "werk_opleiding": 3})
		c2 := cwAssess(t, db, youth, w.household, w.child, hhDays(-50), map[string]int{"opvoeding": 2}) // same day, later
		cwAssess(t, db, reg, w.household, lodger, hhDays(-40), map[string]int{"financien": 1})          // a former member
		// The parent assessed in another household of theirs.
		h2 := hhHousehold(t, db, w.orgA, "Elders")
		hhMember(t, db, h2, w.parent, hhDays(-500), nil)
		cwAssess(t, db, reg, h2, w.parent, hhDays(-5), map[string]int{"financien": 1})

		head := hhLogHead(t, db)
		m, err := db.HouseholdMatrix(hhAs(w.actors["professional-involved"]), w.household, 0)
		hhMust(t, err)
		if m.Instrument == nil || m.Instrument.Code != "zrm" || len(m.Rows) != 2 || m.Rows[0].PersonID != w.parent || m.Rows[1].PersonID != w.child {
			t.Fatalf("matrix rows %+v", m.Rows)
		}
		if m.Rows[0].Person == nil || m.Rows[0].Person.GivenName != "Ouder" || len(m.Rows[0].Cells) != 13 {
			t.Errorf("row %+v", m.Rows[0])
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "assessment.read" || log[0].Objects != fmt.Sprintf(" household:%d person:%d person:%d ", w.household, w.parent, w.child) {
			t.Errorf("log %+v", log)
		}

		type want struct {
			latest, previous int // 0: none
			latestID         int64
			series           []int
		}
		check := func(r *kluwen.MatrixRow, code string, wt want) {
			t.Helper()
			c := r.Cell(code)
			var series []int
			for _, p := range c.Series {
				series = append(series, p.Score)
			}
			if !slices.Equal(series, wt.series) {
				t.Errorf("%s series %v; want %v", code, series, wt.series)
			}
			switch {
			case wt.latest == 0 && c.Latest != nil, wt.latest != 0 && (c.Latest == nil || c.Latest.Score != wt.latest || c.Latest.AssessmentID != wt.latestID):
				t.Errorf("%s latest %+v; want %d of %d", code, c.Latest, wt.latest, wt.latestID)
			case wt.previous == 0 && c.Previous != nil, wt.previous != 0 && (c.Previous == nil || c.Previous.Score != wt.previous):
				t.Errorf("%s previous %+v; want %d", code, c.Previous, wt.previous)
			}
			d, ok := c.Change()
			if ok != (wt.previous != 0) || (ok && d != wt.latest-wt.previous) {
				t.Errorf("%s change %d %v", code, d, ok)
			}
		}
		parent, child := m.Rows[0], m.Rows[1]
		check(parent, "financien", want{4, 2, p3.ID, []int{1, 2, 4}})
		check(parent, "huisvesting", want{2, 0, p1.ID, []int{2}})
		check(parent, "verslaving", want{4, 0, p2.ID, []int{4}})
		check(parent, "justitie", want{3, 0, p3.ID, []int{3}})
		check(parent, "opvoeding", want{0, 0, 0, nil})
		check(child, "opvoeding", want{2, 1, c2.ID, []int{1, 2}})
		check(child, "werk_opleiding", want{3, 0, c1.ID, []int{3}})
		if s := parent.Cell("financien").Series; !s[0].Date.Equal(hhDays(-200)) || !s[2].Date.Equal(hhDays(-10)) {
			t.Errorf("series dates %v", s)
		}

		pds, err := db.ProblemDomains(hhAs(reg), w.household)
		hhMust(t, err)
		var got []string
		for _, pd := range pds {
			got = append(got, fmt.Sprintf("%d:%s:%d", pd.PersonID, pd.DomainCode, pd.Score))
			if pd.LifeDomain == 0 || pd.DomainName == "" || pd.AssessedOn.IsZero() {
				t.Errorf("problem domain %+v", pd)
			}
		}
		wantPD := []string{fmt.Sprintf("%d:huisvesting:2", w.parent), fmt.Sprintf("%d:opvoeding:2", w.child)}
		if !slices.Equal(got, wantPD) {
			t.Errorf("problem domains %v; want %v", got, wantPD)
		}

		_, err = db.HouseholdMatrix(hhAs(w.actors["professional-uninvolved"]), w.household, 0)
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.ProblemDomains(hhAs(w.actors["analyst"]), w.household)
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		_, err = db.HouseholdMatrix(hhAs(reg), w.household, 999)
		hhWantCode(t, err, kluwen.ENOTFOUND)
	})
}
