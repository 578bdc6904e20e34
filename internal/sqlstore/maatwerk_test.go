package sqlstore_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/maatwerkcsv"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func maatwerkFor(caseID int64, rule string, cents int64) *kluwen.Maatwerk {
	return &kluwen.Maatwerk{CaseID: caseID, Rule: rule, Reason: "Moeder kan de huur niet betalen door de schulden van vader",
		Domain: kluwen.DomainHuisvesting, ExpectedEffect: "Gezin blijft in de woning", CostCents: cents,
		ApprovedByName: "J. de Vries", ApprovedByRole: "Afdelingshoofd Werk en Inkomen", DecidedOn: hhDays(-20)}
}

// TestMaatwerk: coordinators record deviations and their outcome, readers of the
// case read them; bad input names its fields.
func TestMaatwerk(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		m := maatwerkFor(w.caseID, "  Geen bijzondere bijstand bij schulden  ", 123450)
		m.ApprovedByUserID = &w.sameOrg.UserID
		hhMust(t, db.CreateMaatwerk(reg, m))
		if m.ID == 0 || m.Rule != "Geen bijzondere bijstand bij schulden" || m.OutcomeResult != "" {
			t.Fatalf("created %+v", m)
		}
		hhWantCode(t, db.CreateMaatwerk(hhAs(w.owner), maatwerkFor(w.caseID, "Regel", 1)), kluwen.EFORBIDDEN)
		hhWantCode(t, db.CreateMaatwerk(hhAs(w.ended), maatwerkFor(w.caseID, "Regel", 1)), kluwen.ENOTFOUND)
		before := hhCount(t, db, "maatwerk")
		hhWantFields(t, db.CreateMaatwerk(reg, &kluwen.Maatwerk{CaseID: w.caseID, CostCents: -1}),
			"rule", "reason", "domain", "expectedEffect", "cost", "approvedByName", "approvedByRole", "decidedOn")
		future := maatwerkFor(w.caseID, "Regel", 1)
		future.DecidedOn, future.ApprovedByUserID = hhDays(1), hhPtr(int64(99999))
		hhWantFields(t, db.CreateMaatwerk(reg, future), "decidedOn", "approvedByUserId")
		if hhCount(t, db, "maatwerk") != before {
			t.Error("refused deviation written")
		}

		_, err := db.RecordMaatwerkOutcome(reg, m.ID, kluwen.MaatwerkOutcome{Outcome: "Huurschuld betaald", Result: kluwen.OutcomeReached, On: hhDays(-21)})
		hhWantFields(t, err, "outcomeOn")
		_, err = db.RecordMaatwerkOutcome(reg, m.ID, kluwen.MaatwerkOutcome{})
		hhWantFields(t, err, "outcome", "outcomeResult", "outcomeOn")
		_, err = db.RecordMaatwerkOutcome(hhAs(w.owner), m.ID, kluwen.MaatwerkOutcome{Outcome: "x", Result: kluwen.OutcomeReached, On: hhDays(0)})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		got, err := db.RecordMaatwerkOutcome(reg, m.ID, kluwen.MaatwerkOutcome{Outcome: " Huurschuld betaald, gezin blijft ", Result: kluwen.OutcomeReached, On: hhDays(-1)})
		hhMust(t, err)
		if got.Outcome != "Huurschuld betaald, gezin blijft" || got.OutcomeOn == nil || !got.OutcomeOn.Equal(hhDays(-1)) {
			t.Errorf("outcome %+v", got)
		}

		list, err := db.FindMaatwerk(hhAs(w.owner), w.caseID)
		hhMust(t, err)
		if len(list) != 1 || list[0].CostCents != 123450 || list[0].ApprovedByUserID == nil || *list[0].ApprovedByUserID != w.sameOrg.UserID ||
			list[0].OutcomeResult != kluwen.OutcomeReached || !list[0].DecidedOn.Equal(hhDays(-20)) {
			t.Errorf("read %+v", list)
		}
		_, err = db.FindMaatwerk(hhAs(w.otherOrg), w.caseID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
	})
}

// TestMaatwerkList: across cases a regisseur lists the cases they may read in
// full; an analyst every case, pseudonymised; others nothing. The CSV export has
// the matching layout and is logged as an export.
func TestMaatwerkList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		hhMust(t, db.CreateMaatwerk(hhAs(w.coordinator), maatwerkFor(w.caseID, "Wachttijd schuldhulp", 50000)))
		hhMust(t, db.CreateMaatwerk(hhAs(w.coordinator), maatwerkFor(w.caseID, "=HYPERLINK(\"x\")", 1999)))
		hB := hhHousehold(t, db, w.orgB, "Zuid")
		cB := hhCase(t, db, hB, w.otherOrg)
		hhMust(t, db.CreateMaatwerk(hhAs(w.otherOrg), maatwerkFor(cB, "Urgentieregeling woningcorporatie", 250000)))

		cases := func(rows []*kluwen.MaatwerkRow) []int64 {
			var out []int64
			for _, r := range rows {
				out = append(out, r.CaseID)
			}
			return out
		}
		rows, err := db.FindMaatwerkList(hhAs(w.coordinator), kluwen.MaatwerkFilter{})
		hhMust(t, err)
		if !slices.Equal(cases(rows), []int64{w.caseID, w.caseID}) || rows[0].Address != "Kluwenstraat 1, 1234 AB Kluwendam" || rows[0].Reason == "" || rows[0].Pseudonymised {
			t.Errorf("coordinator's list %+v", rows)
		}
		rows, err = db.FindMaatwerkList(hhAs(w.otherOrg), kluwen.MaatwerkFilter{Wijk: "zuid"})
		hhMust(t, err)
		if !slices.Equal(cases(rows), []int64{cB}) {
			t.Errorf("other regisseur's list %v", cases(rows))
		}
		rows, err = db.FindMaatwerkList(hhAs(w.analyst), kluwen.MaatwerkFilter{})
		hhMust(t, err)
		if len(rows) != 3 {
			t.Fatalf("analyst sees %d rows", len(rows))
		}
		for _, r := range rows {
			if !r.Pseudonymised || r.CaseID != 0 || r.Address != "" || r.Reason != "" || r.ExpectedEffect != "" || r.ApprovedByName != "" || r.Outcome != "" ||
				r.OutcomeOn != nil || r.DecidedOn.Day() != 1 || !strings.HasPrefix(r.CasePseudonym, "C-") || r.Wijk == "" || r.Rule == "" || r.CostCents == 0 {
				t.Errorf("analyst row %+v", r)
			}
		}
		if rows[0].CasePseudonym != rows[1].CasePseudonym || rows[0].CasePseudonym == rows[2].CasePseudonym {
			t.Errorf("pseudonyms %q %q %q: one per case", rows[0].CasePseudonym, rows[1].CasePseudonym, rows[2].CasePseudonym)
		}
		for _, who := range []*kluwen.Actor{w.owner, w.admin, w.actors["privacy_officer"]} {
			_, err := db.FindMaatwerkList(hhAs(who), kluwen.MaatwerkFilter{})
			hhWantCode(t, err, kluwen.EFORBIDDEN)
		}

		export := func(a *kluwen.Actor) [][]string {
			t.Helper()
			var b bytes.Buffer
			cw, err := maatwerkcsv.NewWriter(&b, a.Role == kluwen.RoleAnalyst)
			hhMust(t, err)
			hhMust(t, db.ExportMaatwerk(hhAs(a), kluwen.MaatwerkFilter{}, cw.Write))
			hhMust(t, cw.Flush())
			recs, err := csv.NewReader(&b).ReadAll()
			hhMust(t, err)
			return recs
		}
		head := hhLogHead(t, db)
		recs := export(w.analyst)
		if !slices.Equal(recs[0], maatwerkcsv.PseudonymisedHeader) || len(recs) != 4 {
			t.Fatalf("analyst CSV %q", recs)
		}
		all := strings.Join(slices.Concat(recs...), "|")
		if slices.Contains(slices.Concat(recs...), itoa64(w.caseID)) {
			t.Errorf("pseudonymised CSV has the case number: %s", all)
		}
		for _, leak := range []string{"Kluwenstraat", "Moeder", "J. de Vries"} {
			if strings.Contains(all, leak) {
				t.Errorf("pseudonymised CSV contains %q: %s", leak, all)
			}
		}
		if recs[1][4] != "500.00" || recs[2][4] != "19.99" || recs[2][2] != `'=HYPERLINK("x")` || recs[1][3] != "Huisvesting" {
			t.Errorf("analyst rows %q", recs[1:])
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "maatwerk.export" || log[0].Action != "export" || log[0].Outcome != "success" ||
			!strings.Contains(log[0].Objects, "case:"+itoa64(cB)) || strings.Contains(log[0].Objects, "household:") {
			t.Errorf("log %+v", log)
		}
		recs = export(w.coordinator)
		if !slices.Equal(recs[0], maatwerkcsv.Header) || len(recs) != 3 || recs[1][0] != itoa64(w.caseID) || recs[1][1] != "Kluwenstraat 1, 1234 AB Kluwendam" {
			t.Errorf("regisseur CSV %q", recs)
		}

		// A full row never goes into a pseudonymised export; the cut-off export is
		// logged as an error.
		var b bytes.Buffer
		cw, _ := maatwerkcsv.NewWriter(&b, true)
		head = hhLogHead(t, db)
		err = db.ExportMaatwerk(hhAs(w.coordinator), kluwen.MaatwerkFilter{}, cw.Write)
		if !errors.Is(err, maatwerkcsv.ErrNotPseudonymised) {
			t.Errorf("export of full rows as pseudonymised: %v", err)
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "error" {
			t.Errorf("log %+v", log)
		}
	})
}
