package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestSignalConfidentialityMatrix: who reads a normal signal of the police, a
// confidential one of youth care and a confidential one of the police — by
// single read, in the household's list of signals and on its timeline, which must
// all agree. A refused single read is logged as refused.
func TestSignalConfidentialityMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		police, youth := w.actors["professional-involved"], w.actors["professional-youth"]
		normal := cwSignal(t, db, police, w.household, &w.parent, "politie-incident", hhDays(-20), kluwen.Normal)
		confYouth := cwSignal(t, db, youth, w.household, &w.child, "zorgmelding-kind", hhDays(-10), kluwen.Confidential)
		confPolice := cwSignal(t, db, police, w.household, nil, "huiselijk-geweld", hhDays(-5), kluwen.Confidential)

		// Outcomes per actor (cwActors order) for normal, confYouth, confPolice.
		expect := map[string]string{
			"regisseur-of-case":       "ok ok ok",
			"regisseur-same-org":      "ok ok ok",
			"regisseur-other-org":     "nf nf nf",
			"regisseur-police":        "ok nf ok",
			"professional-involved":   "ok nf ok",
			"professional-youth":      "ok ok nf",
			"professional-ended":      "nf nf nf",
			"professional-uninvolved": "nf nf nf",
			"analyst":                 "nf nf nf",
		}
		signals := []*kluwen.Signal{normal, confYouth, confPolice}
		for _, role := range cwActors {
			t.Run(role, func(t *testing.T) {
				a := w.actors[role]
				ctx := hhAs(a)
				want := strings.Fields(expect[role])
				var readable []int64
				for i, s := range signals {
					head := hhLogHead(t, db)
					got, err := db.FindSignalByID(ctx, s.ID)
					if outcome := outcomeOf(true, err); outcome != want[i] {
						t.Fatalf("read signal %d (%s, %s) = %s (%v); want %s", i, s.TypeCode, s.Confidentiality, outcome, err, want[i])
					}
					log := hhLogSince(t, db, head)
					if len(log) != 1 || log[0].EventType != "signal.read" || log[0].UserID != a.UserID {
						t.Fatalf("log after reading signal %d: %+v", i, log)
					}
					if err == nil {
						readable = append(readable, s.ID)
						if log[0].Outcome != "success" || got.Type == nil || got.Type.Label == "" || got.OrganisationID != s.OrganisationID {
							t.Errorf("read %+v, log %+v", got, log[0])
						}
						if !strings.Contains(log[0].Objects, "signal:"+itoa64(s.ID)) || !strings.Contains(log[0].Objects, "household:"+itoa64(w.household)) {
							t.Errorf("logged objects %q", log[0].Objects)
						}
					} else if log[0].Outcome != "refused" {
						t.Errorf("refused read logged as %+v", log[0])
					}
				}

				// The list and the timeline show exactly the readable signals.
				list, err := db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household})
				page, terr := db.HouseholdTimeline(ctx, w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal}})
				if len(readable) == 0 {
					if kluwen.ErrorCode(err) == "" || kluwen.ErrorCode(terr) == "" {
						t.Fatalf("list %v / timeline %v for an actor who reads no signal", err, terr)
					}
					return
				}
				hhMust(t, err)
				hhMust(t, terr)
				var listed, onTimeline []int64
				for _, s := range list {
					listed = append(listed, s.ID)
				}
				for _, it := range page.Items {
					onTimeline = append(onTimeline, it.Ref.ID)
					if it.Kind != kluwen.TimelineSignal || it.Ref.Type != "signal" {
						t.Errorf("timeline item %+v", it)
					}
				}
				if !slices.Equal(sortedIDs(listed), sortedIDs(readable)) {
					t.Errorf("listed %v; readable %v", listed, readable)
				}
				if !slices.Equal(sortedIDs(onTimeline), sortedIDs(readable)) {
					t.Errorf("timeline %v; readable %v", onTimeline, readable)
				}
			})
		}
	})
}

// TestSignalCreate: a partner records a signal for its own organisation only;
// the life domain defaults to the type's; bad input is reported field by field,
// store checks included; who may not record gets the right answer and a refusal
// in the log.
func TestSignalCreate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		police := w.actors["professional-involved"]
		head := hhLogHead(t, db)
		s := &kluwen.Signal{HouseholdID: w.household, PersonID: &w.parent, TypeCode: "huurachterstand", Date: hhDays(-3),
			OrganisationID: w.youth, Severity: kluwen.SeverityHigh, Description: "  Twee maanden huur niet betaald. ", Confidentiality: kluwen.Normal}
		hhMust(t, db.CreateSignal(hhAs(police), s))
		if s.ID == 0 || s.OrganisationID != w.police || s.AuthorUserID != police.UserID || s.LifeDomain != kluwen.DomainFinancien ||
			s.Description != "Twee maanden huur niet betaald." {
			t.Fatalf("created %+v", s)
		}
		log := hhLogSince(t, db, head)
		want := " household:" + itoa64(w.household) + " person:" + itoa64(w.parent) + " signal:" + itoa64(s.ID) + " "
		if len(log) != 1 || log[0].EventType != "signal.create" || log[0].Action != "create" || log[0].Objects != want {
			t.Fatalf("log %+v; want objects %q", log, want)
		}
		got, err := db.FindSignalByID(hhAs(w.actors["regisseur-of-case"]), s.ID)
		hhMust(t, err)
		if got.PersonID == nil || *got.PersonID != w.parent || !got.Date.Equal(hhDays(-3)) || got.Severity != kluwen.SeverityHigh ||
			got.Type.Code != "huurachterstand" || got.Type.DefaultDomain != kluwen.DomainFinancien || got.CreatedAt.IsZero() {
			t.Errorf("read back %+v", got)
		}

		// An explicit life domain is kept; the system actor records for a named
		// organisation.
		sys := &kluwen.Signal{HouseholdID: w.household, TypeCode: "overig", Date: hhDays(0), OrganisationID: w.debts, LifeDomain: kluwen.DomainVerslaving,
			Severity: kluwen.SeverityLow, Description: "Geïmporteerd", Confidentiality: kluwen.Confidential}
		hhMust(t, db.CreateSignal(hhSys(), sys))
		if sys.OrganisationID != w.debts || sys.AuthorUserID != 0 || sys.LifeDomain != kluwen.DomainVerslaving {
			t.Errorf("system signal %+v", sys)
		}

		// Every invalid field at once, the store's checks with the domain's.
		stranger := hhPerson(t, db, w.orgA, "Buiten")
		bad := &kluwen.Signal{HouseholdID: w.household, PersonID: &stranger, TypeCode: "onbekend", Date: hhDays(1), Severity: "ernstig", Confidentiality: ""}
		hhWantFields(t, db.CreateSignal(hhAs(police), bad), "type", "date", "severity", "description", "confidentiality")
		bad = &kluwen.Signal{HouseholdID: w.household, PersonID: &stranger, TypeCode: "onbekend", Date: hhDays(-1), Severity: kluwen.SeverityLow,
			Description: "x", Confidentiality: kluwen.Normal}
		hhWantFields(t, db.CreateSignal(hhAs(police), bad), "type", "personId")
		// A former member on a date after they left.
		leaver := hhPerson(t, db, w.orgA, "Vertrokken")
		hhMember(t, db, w.household, leaver, hhDays(-300), hhPtr(hhDays(-100)))
		hhMust(t, db.CreateSignal(hhAs(police), &kluwen.Signal{HouseholdID: w.household, PersonID: &leaver, TypeCode: "schoolverzuim", Date: hhDays(-150),
			Severity: kluwen.SeverityLow, Description: "Toen nog thuis", Confidentiality: kluwen.Normal}))
		hhWantFields(t, db.CreateSignal(hhAs(police), &kluwen.Signal{HouseholdID: w.household, PersonID: &leaver, TypeCode: "schoolverzuim", Date: hhDays(-50),
			Severity: kluwen.SeverityLow, Description: "Al vertrokken", Confidentiality: kluwen.Normal}), "personId")
		// An inactive type.
		hhMust(t, db.SaveSignalType(hhAs(w.actors["admin"]), &kluwen.SignalType{Code: "oud-type", Label: "Oud type", DefaultDomain: kluwen.DomainJustitie, Active: false}))
		hhWantFields(t, db.CreateSignal(hhAs(police), &kluwen.Signal{HouseholdID: w.household, TypeCode: "oud-type", Date: hhDays(0),
			Severity: kluwen.SeverityLow, Description: "x", Confidentiality: kluwen.Normal}), "type")
		if n := hhCount(t, db, "signals"); n != 3 {
			t.Errorf("%d signals stored; want 3 (nothing of the refused ones)", n)
		}

		// Who may not.
		for role, code := range map[string]string{
			"professional-uninvolved": kluwen.ENOTFOUND,
			"professional-ended":      kluwen.ENOTFOUND,
			"regisseur-other-org":     kluwen.ENOTFOUND,
			"analyst":                 kluwen.EFORBIDDEN,
			"admin":                   kluwen.EFORBIDDEN,
		} {
			head := hhLogHead(t, db)
			err := db.CreateSignal(hhAs(w.actors[role]), &kluwen.Signal{HouseholdID: w.household, TypeCode: "overig", Date: hhDays(0),
				Severity: kluwen.SeverityLow, Description: "Poging", Confidentiality: kluwen.Normal})
			if kluwen.ErrorCode(err) != code {
				t.Errorf("%s: %v; want %s", role, err, code)
			}
			if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "signal.create" {
				t.Errorf("%s: log %+v", role, log)
			}
		}
	})
}

// TestSignalTypes: the seeded list, the admin's changes, and no one else's.
func TestSignalTypes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		types, err := db.FindSignalTypes(reg, false)
		hhMust(t, err)
		codes := map[string]*kluwen.SignalType{}
		for _, st := range types {
			codes[st.Code] = st
			if !st.Active || !st.DefaultDomain.Valid() || st.Label == "" {
				t.Errorf("seeded type %+v", st)
			}
		}
		for _, c := range []string{"politie-incident", "overlastmelding", "huiselijk-geweld", "huurachterstand", "aanzegging-ontruiming", "schoolverzuim",
			"incasso-beslag", "veilig-thuis", "zorgmijding", "energieachterstand", "detentie-vrijlating"} {
			if codes[c] == nil {
				t.Errorf("type %s not seeded", c)
			}
		}
		if codes["veilig-thuis"] == nil || codes["veilig-thuis"].Label != "Veilig Thuis-melding" || types[0].Code != "politie-incident" {
			t.Errorf("labels or order: first %+v", types[0])
		}

		admin := hhAs(w.actors["admin"])
		hhMust(t, db.SaveSignalType(admin, &kluwen.SignalType{Code: "veilig-thuis", Label: "Melding Veilig Thuis", DefaultDomain: kluwen.DomainOpvoeding, SortOrder: 1, Active: true}))
		hhMust(t, db.SaveSignalType(admin, &kluwen.SignalType{Code: "schoolverzuim", Label: "Schoolverzuim", DefaultDomain: kluwen.DomainWerkOpleiding, SortOrder: 150, Active: false}))
		types, err = db.FindSignalTypes(reg, false)
		hhMust(t, err)
		if types[0].Code != "veilig-thuis" || types[0].Label != "Melding Veilig Thuis" || types[0].DefaultDomain != kluwen.DomainOpvoeding {
			t.Errorf("after change: %+v", types[0])
		}
		all, err := db.FindSignalTypes(reg, true)
		hhMust(t, err)
		if len(all) != len(types)+1 {
			t.Errorf("%d with inactive, %d without", len(all), len(types))
		}
		hhWantCode(t, db.SaveSignalType(reg, &kluwen.SignalType{Code: "nieuw", Label: "Nieuw", DefaultDomain: 1, Active: true}), kluwen.EFORBIDDEN)
		hhWantFields(t, db.SaveSignalType(admin, &kluwen.SignalType{Code: "X Y", Label: "", DefaultDomain: 0}), "code", "label", "defaultDomain")
	})
}

// TestSignalPaging: pages with AfterID follow the list's order (date, then the
// order recorded) without gaps or repeats, also across signals of one day; an
// AfterID of another household, or of a confidential signal the actor may not
// see, is EINVALID on "cursor".
func TestSignalPaging(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		police := w.actors["professional-involved"]
		for _, d := range []int{-9, -3, -3, -3, -1, -7, -3} {
			cwSignal(t, db, police, w.household, nil, "politie-incident", hhDays(d), kluwen.Normal)
		}
		ctx := hhAs(police)
		all, err := db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household})
		hhMust(t, err)
		var want, got []int64
		for _, s := range all {
			want = append(want, s.ID)
		}
		after := int64(0)
		for pages := 0; ; pages++ {
			if pages > 10 {
				t.Fatal("paging does not end")
			}
			page, err := db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household, AfterID: after, Limit: 2})
			hhMust(t, err)
			if len(page) == 0 {
				break
			}
			for _, s := range page {
				got = append(got, s.ID)
			}
			after = page[len(page)-1].ID
		}
		if len(want) != 7 || !slices.Equal(got, want) {
			t.Errorf("paged %v, want %v", got, want)
		}
		_, err = db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household, AfterID: want[0] + 1000})
		if kluwen.ErrorCode(err) != kluwen.EINVALID || kluwen.ErrorFields(err)[0].Field != "cursor" {
			t.Errorf("unknown AfterID: %v", err)
		}
		// A confidential signal of youth care is no cursor for the police: the
		// same answer as for one that does not exist, not a page after it.
		hidden := cwSignal(t, db, w.actors["professional-youth"], w.household, nil, "zorgmelding-kind", hhDays(-3), kluwen.Confidential)
		_, err = db.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: w.household, AfterID: hidden.ID})
		if kluwen.ErrorCode(err) != kluwen.EINVALID || kluwen.ErrorFields(err)[0].Field != "cursor" {
			t.Errorf("a hidden signal as cursor: %v", err)
		}
		if _, err := db.FindSignals(hhAs(w.actors["professional-youth"]), kluwen.SignalFilter{HouseholdID: w.household, AfterID: hidden.ID}); err != nil {
			t.Errorf("its own signal as cursor for youth care: %v", err)
		}
	})
}
