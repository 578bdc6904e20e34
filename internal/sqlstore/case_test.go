package sqlstore_test

import (
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCaseLife: a case opens in aanmelding with its first history entry, moves
// along its life with reasons, closes, and then stays as it is.
func TestCaseLife(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		regA := w.actors["regisseur-of-case"]
		reg := hhAs(regA)
		h := hhHousehold(t, db, w.orgA, "Noord") // H has its open case already
		c := &kluwen.Case{HouseholdID: h, Title: "  Huurachterstand en schooluitval ", RegisseurID: w.actors["regisseur-same-org"].UserID}
		hhMust(t, db.CreateCase(reg, c))
		if c.Status != kluwen.CaseAanmelding || c.OrganisationID != w.orgA || c.OpenedAt.IsZero() || c.ClosedAt != nil || c.Title != "Huurachterstand en schooluitval" {
			t.Fatalf("opened %+v", c)
		}
		if len(c.History) != 1 || c.History[0].From != "" || c.History[0].To != kluwen.CaseAanmelding || c.History[0].Reason != "Aangemeld" {
			t.Fatalf("history %+v", c.History)
		}

		for _, to := range []kluwen.CaseStatus{kluwen.CaseAnalyse, kluwen.CasePlan, kluwen.CaseUitvoering, kluwen.CaseMonitoring, kluwen.CaseUitvoering, kluwen.CaseMonitoring} {
			got, err := db.ChangeCaseStatus(reg, c.ID, to, "Volgende stap: "+string(to))
			hhMust(t, err)
			if got.Status != to || got.ClosedAt != nil {
				t.Fatalf("after %s: %+v", to, got)
			}
		}
		got, err := db.ChangeCaseStatus(reg, c.ID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhMust(t, err)
		if got.Status != kluwen.CaseAfgesloten || got.ClosedAt == nil {
			t.Fatalf("closed %+v", got)
		}
		if len(got.History) != 8 {
			t.Fatalf("%d history entries; want 8", len(got.History))
		}
		last := got.History[7]
		if last.From != kluwen.CaseMonitoring || last.To != kluwen.CaseAfgesloten || last.Reason != "Doelen bereikt" || last.UserID != regA.UserID {
			t.Errorf("last change %+v", last)
		}

		// Closed: read-only for everyone but the system, still readable.
		head := hhLogHead(t, db)
		_, err = db.ChangeCaseStatus(reg, c.ID, kluwen.CaseUitvoering, "Terugval")
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		if kluwen.ErrorMessage(err) != "Deze casus is afgesloten en kan niet meer worden gewijzigd." {
			t.Errorf("message %q", kluwen.ErrorMessage(err))
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "case.status" {
			t.Errorf("log %+v", log)
		}
		_, err = db.SetRegisseur(reg, c.ID, regA.UserID)
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		hhWantCode(t, db.AddInvolvement(reg, &kluwen.Involvement{CaseID: c.ID, OrganisationID: w.police, From: hhDays(0), LegalBasis: kluwen.BasisConsent}), kluwen.EFORBIDDEN)
		_, err = db.ChangeCaseStatus(hhSys(), c.ID, kluwen.CaseUitvoering, "Terugval")
		hhWantFields(t, err, "status")
		_, err = db.FindCaseByID(reg, c.ID)
		hhMust(t, err)

		// Filters.
		cs, err := db.FindCases(reg, kluwen.CaseFilter{Open: hhPtr(true)})
		hhMust(t, err)
		if len(cs) != 1 || cs[0].ID != w.caseID {
			t.Errorf("open cases %v", cs)
		}
		cs, err = db.FindCases(reg, kluwen.CaseFilter{Status: hhPtr(kluwen.CaseAfgesloten), HouseholdID: &h, RegisseurID: &c.RegisseurID})
		hhMust(t, err)
		if len(cs) != 1 || cs[0].ID != c.ID {
			t.Errorf("closed cases %v", cs)
		}
		cs, err = db.FindCases(reg, kluwen.CaseFilter{HouseholdID: &w.household})
		hhMust(t, err)
		if len(cs) != 1 || cs[0].ID != w.caseID {
			t.Errorf("cases of H %v", cs)
		}
	})
}

// TestOneOpenCasePerHousehold: one family, one plan. While a household has an open
// case, a second one is refused with EINVALID on householdId and nothing is
// written, whoever asks: another regisseur of the organisation, a partner's
// regisseur who reads the household through their involvement (and must not gain
// the coordination of it this way), or the operator. A regisseur who cannot read
// the household is not told that it has a case. Once the case is closed, a new
// one can be opened, and then that one is the open case.
func TestOneOpenCasePerHousehold(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		same := w.actors["regisseur-same-org"]
		partner := w.actors["regisseur-police"]

		// The partner's regisseur reads the household but may not change it.
		_, err := db.FindHouseholdByID(hhAs(partner), w.household)
		hhMust(t, err)
		_, err = db.UpdateHousehold(hhAs(partner), w.household, kluwen.HouseholdUpdate{Wijk: hhPtr("Centrum")})
		hhWantCode(t, err, kluwen.EFORBIDDEN)

		snapshot := func() [3]int {
			return [3]int{hhCount(t, db, "cases"), hhCount(t, db, "case_status_changes"), hhCount(t, db, "involvements")}
		}
		for _, tc := range []struct {
			name      string
			actor     *kluwen.Actor
			regisseur *kluwen.Actor
		}{
			{"regisseur of the same organisation", same, same},
			{"regisseur of an involved partner", partner, partner},
			{"operator", nil, same},
		} {
			t.Run(tc.name, func(t *testing.T) {
				ctx := hhSys()
				if tc.actor != nil {
					ctx = hhAs(tc.actor)
				}
				before, head := snapshot(), hhLogHead(t, db)
				c := &kluwen.Case{HouseholdID: w.household, Title: "Tweede aanmelding", RegisseurID: tc.regisseur.UserID}
				err := db.CreateCase(ctx, c)
				hhWantFields(t, err, "householdId")
				if c.ID != 0 {
					t.Errorf("refused case got ID %d", c.ID)
				}
				if after := snapshot(); after != before {
					t.Errorf("cases, status changes, involvements = %v; had %v", after, before)
				}
				if log := hhLogSince(t, db, head); len(log) != 0 {
					t.Errorf("access log after a refused second case: %+v", log)
				}
			})
		}

		// Without access to the household the answer stays "not found".
		head := hhLogHead(t, db)
		other := w.actors["regisseur-other-org"]
		hhWantCode(t, db.CreateCase(hhAs(other), &kluwen.Case{HouseholdID: w.household, Title: "Aanmelding", RegisseurID: other.UserID}), kluwen.ENOTFOUND)
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != string(kluwen.OutcomeRefused) || log[0].EventType != "case.create" {
			t.Errorf("access log after an unseen household %+v", log)
		}

		// A closed case is no obstacle.
		_, err = db.ChangeCaseStatus(hhAs(w.actors["regisseur-of-case"]), w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhMust(t, err)
		next := &kluwen.Case{HouseholdID: w.household, Title: "Terugval na afsluiting", RegisseurID: same.UserID}
		hhMust(t, db.CreateCase(hhAs(same), next))
		if next.ID == 0 || next.Status != kluwen.CaseAanmelding || next.OrganisationID != w.orgA {
			t.Fatalf("opened %+v", next)
		}
		open, err := db.FindCases(hhAs(same), kluwen.CaseFilter{HouseholdID: &w.household, Open: hhPtr(true)})
		hhMust(t, err)
		if len(open) != 1 || open[0].ID != next.ID {
			t.Errorf("open cases of the household %v; want only %d", open, next.ID)
		}

		// The new case is now the open one, in any phase before afgesloten.
		_, err = db.ChangeCaseStatus(hhAs(same), next.ID, kluwen.CaseAnalyse, "Intake gedaan")
		hhMust(t, err)
		before := snapshot()
		err = db.CreateCase(hhAs(w.actors["regisseur-of-case"]), &kluwen.Case{HouseholdID: w.household, Title: "Derde aanmelding", RegisseurID: w.actors["regisseur-of-case"].UserID})
		hhWantFields(t, err, "householdId")
		if after := snapshot(); after != before {
			t.Errorf("cases, status changes, involvements = %v; had %v", after, before)
		}
	})
}

// TestCaseRegisseurAndInvolvements: handing a case over moves it to the new
// regisseur's organisation; involvements carry their organisation, and ending one
// ends the partner's access.
func TestCaseRegisseurAndInvolvements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		police := w.actors["professional-involved"]
		agent2 := hhUser(t, db, "wijkagent2", w.police, kluwen.RoleProfessional)

		c, err := db.FindCaseByID(reg, w.caseID)
		hhMust(t, err)
		if len(c.Involvements) != 2 || c.Involvements[0].Organisation == nil || c.Involvements[0].Organisation.Name != "Woonstede" ||
			c.Involvements[1].Organisation.Sector != kluwen.SectorVeiligheid || c.Involvements[0].Active(kluwen.Today()) || !c.Involvements[1].Active(kluwen.Today()) {
			t.Fatalf("involvements %+v %+v", c.Involvements[0], c.Involvements[1])
		}
		policeIv := c.Involvements[1]

		iv := &kluwen.Involvement{CaseID: w.caseID, OrganisationID: w.reclassering, From: hhDays(0), LegalBasis: kluwen.BasisCourtOrder, Note: "  Toezicht  "}
		hhMust(t, db.AddInvolvement(reg, iv))
		if iv.ID == 0 || iv.Organisation == nil || iv.Organisation.Name != "Reclassering" || iv.Note != "Toezicht" {
			t.Errorf("added %+v", iv)
		}

		upd, err := db.UpdateInvolvement(reg, policeIv.ID, kluwen.InvolvementUpdate{ContactUserID: hhPtr(&agent2.UserID), Note: hhPtr("Wijkagent is contact")})
		hhMust(t, err)
		if upd.ContactUserID == nil || *upd.ContactUserID != agent2.UserID {
			t.Errorf("contact %v", upd.ContactUserID)
		}
		_, err = db.UpdateInvolvement(reg, policeIv.ID, kluwen.InvolvementUpdate{ContactUserID: hhPtr(&w.actors["regisseur-of-case"].UserID)})
		hhWantFields(t, err, "contactUserId")
		_, err = db.UpdateInvolvement(hhAs(police), policeIv.ID, kluwen.InvolvementUpdate{Note: hhPtr("Zelf")})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		_, err = db.UpdateInvolvement(hhAs(w.actors["professional-uninvolved"]), policeIv.ID, kluwen.InvolvementUpdate{Note: hhPtr("Zelf")})
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// Ending the police involvement yesterday ends their access today.
		_, err = db.UpdateInvolvement(reg, policeIv.ID, kluwen.InvolvementUpdate{To: hhPtr(hhPtr(hhDays(-1)))})
		hhMust(t, err)
		_, err = db.FindCaseByID(hhAs(police), w.caseID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.FindHouseholdByID(hhAs(police), w.household)
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// A hand-over to the regisseur of gemeente B is refused: it would move the
		// case to another organisation without a recorded basis.
		regB := w.actors["regisseur-other-org"]
		_, err = db.SetRegisseur(reg, w.caseID, regB.UserID)
		hhWantFields(t, err, "regisseurId")
		// A hand-over within the organisation keeps the case there.
		same := w.actors["regisseur-same-org"]
		got, err := db.SetRegisseur(reg, w.caseID, same.UserID)
		hhMust(t, err)
		if got.RegisseurID != same.UserID || got.OrganisationID != reg0Org(t, db, w.caseID) {
			t.Errorf("handed over %+v", got)
		}
		if _, err := db.FindCaseByID(hhAs(same), w.caseID); err != nil {
			t.Errorf("new regisseur cannot read the case: %v", err)
		}
		_, err = db.FindCaseByID(hhAs(regB), w.caseID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
		// The former regisseur still reads it: it is a case of their organisation.
		if _, err := db.FindCaseByID(reg, w.caseID); err != nil {
			t.Errorf("former regisseur of the same organisation lost the case: %v", err)
		}
	})
}

// reg0Org returns the owning organisation of a case as stored.
func reg0Org(t *testing.T, db *sqlstore.DB, caseID int64) int64 {
	t.Helper()
	var org int64
	if err := db.RawDB().QueryRow(db.Rebind(`SELECT organisation_id FROM cases WHERE id = ?`), caseID).Scan(&org); err != nil {
		t.Fatal(err)
	}
	return org
}

func TestClosingEndsInvolvements(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		police := w.actors["professional-involved"]
		if _, err := db.FindCaseByID(hhAs(police), w.caseID); err != nil {
			t.Fatalf("involved partner cannot read the open case: %v", err)
		}
		_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhMust(t, err)
		var open int
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT count(*) FROM involvements WHERE case_id = ? AND to_date IS NULL`), w.caseID).Scan(&open); err != nil {
			t.Fatal(err)
		}
		if open != 0 {
			t.Errorf("%d involvements still open after closing", open)
		}
		c, err := db.FindCaseByID(reg, w.caseID)
		hhMust(t, err)
		if last := c.History[len(c.History)-1]; last.UserID != w.actors["regisseur-of-case"].UserID {
			t.Errorf("status change by user %d, want the regisseur", last.UserID)
		}
	})
}
