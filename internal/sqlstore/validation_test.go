package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestBadInput: every kind of bad input answers EINVALID naming every bad field at
// once, and leaves the database and the access log as they were.
func TestBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		prof := w.actors["professional-involved"]
		disabled := hhUser(t, db, "reg.weg", w.orgA, kluwen.RoleRegisseur)
		if _, err := db.RawDB().Exec(db.Rebind(`UPDATE users SET disabled = ? WHERE id = ?`), true, disabled.UserID); err != nil {
			t.Fatal(err)
		}
		taken := hhBSN(1)
		hhMust(t, db.CreatePerson(reg, &kluwen.Person{GivenName: "Al", FamilyName: "Bekend", BirthDate: hhDate("1970-01-01"), BSN: taken}))
		logee := hhPerson(t, db, w.orgA, "Logee")
		free := hhHousehold(t, db, w.orgA, "Noord") // no case yet; H has its open case
		parentMembership := func() int64 {
			var id int64
			if err := db.RawDB().QueryRow(db.Rebind(`SELECT id FROM memberships WHERE person_id = ?`), w.parent).Scan(&id); err != nil {
				t.Fatal(err)
			}
			return id
		}()
		// A fingerprint of every table the calls could write.
		snapshot := func() string {
			var b strings.Builder
			for _, q := range []string{
				`SELECT count(*) FROM persons`, `SELECT count(*) FROM households`, `SELECT count(*) FROM memberships`,
				`SELECT count(*) FROM relations`, `SELECT count(*) FROM cases`, `SELECT count(*) FROM case_status_changes`,
				`SELECT count(*) FROM involvements`,
				`SELECT count(*) FROM persons WHERE birth_date > '2000-01-01'`,
				`SELECT count(*) FROM households WHERE postcode <> '1234 AB'`,
				`SELECT count(*) FROM memberships WHERE to_date IS NOT NULL`,
				`SELECT count(*) FROM cases WHERE status <> 'aanmelding'`,
			} {
				var n int
				if err := db.RawDB().QueryRow(q).Scan(&n); err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&b, "%s = %d; ", q[len("SELECT count(*) FROM "):], n)
			}
			return b.String()
		}

		tests := []struct {
			name    string
			do      func() error
			fields  []string
			message string // part of the message of the first field, when set
		}{
			{"invalid BSN", func() error {
				return db.CreatePerson(reg, &kluwen.Person{GivenName: "Anna", FamilyName: "Jansen", BirthDate: hhDate("1990-02-03"), BSN: "123456789"})
			}, []string{"bsn"}, "elfproef"},
			{"empty names and a birth date in the future", func() error {
				return db.CreatePerson(reg, &kluwen.Person{GivenName: "  ", FamilyName: "", BirthDate: hhDays(1)})
			}, []string{"givenName", "familyName", "birthDate"}, ""},
			{"duplicate BSN", func() error {
				return db.CreatePerson(reg, &kluwen.Person{GivenName: "Dubbel", FamilyName: "Ganger", BirthDate: hhDate("1980-01-01"), BSN: taken[:3] + " " + taken[3:]})
			}, []string{"bsn"}, "Er is al een persoon met dit BSN."},
			{"future birth date on update", func() error {
				_, err := db.UpdatePerson(reg, w.parent, kluwen.PersonUpdate{BirthDate: hhPtr(hhDays(10)), FamilyName: hhPtr("")})
				return err
			}, []string{"birthDate", "familyName"}, ""},
			{"duplicate BSN on update", func() error {
				_, err := db.UpdatePerson(reg, w.parent, kluwen.PersonUpdate{BSN: &taken})
				return err
			}, []string{"bsn"}, "Er is al een persoon met dit BSN."},
			{"invalid postcode and empty street", func() error {
				return db.CreateHousehold(reg, &kluwen.Household{Street: "", HouseNumber: 3, Postcode: "0123 AB", City: "Kluwendam"})
			}, []string{"street", "postcode"}, ""},
			{"invalid postcode on update", func() error {
				_, err := db.UpdateHousehold(reg, w.household, kluwen.HouseholdUpdate{Postcode: hhPtr("1234 SS")})
				return err
			}, []string{"postcode"}, ""},
			{"unknown organisation for the system actor", func() error {
				return db.CreateHousehold(hhSys(), &kluwen.Household{Street: "Dorpsstraat", HouseNumber: 3, Postcode: "1234 AB", City: "Kluwendam", RegisteredByOrgID: 9999})
			}, []string{"registeredByOrgId"}, ""},
			{"membership ending before it starts", func() error {
				return db.AddMember(reg, &kluwen.Membership{HouseholdID: w.household, PersonID: logee, From: hhDays(0), To: hhPtr(hhDays(-1)), Role: kluwen.MemberOther})
			}, []string{"to"}, "einddatum"},
			{"membership overlapping an earlier one", func() error {
				return db.AddMember(reg, &kluwen.Membership{HouseholdID: w.household, PersonID: w.child, From: hhDays(-10), To: hhPtr(hhDays(10)), Role: kluwen.MemberChild})
			}, []string{"from"}, ""},
			{"membership update ending before it starts", func() error {
				_, err := db.UpdateMembership(reg, parentMembership, kluwen.MembershipUpdate{To: hhPtr(hhPtr(hhDays(-500)))})
				return err
			}, []string{"to"}, ""},
			{"relation with oneself", func() error {
				return db.CreateRelation(reg, &kluwen.Relation{PersonID: w.parent, RelatedPersonID: w.parent, Kind: kluwen.RelationPartner})
			}, []string{"relatedPersonId"}, ""},
			{"unknown organisation in an involvement", func() error {
				return db.AddInvolvement(reg, &kluwen.Involvement{CaseID: w.caseID, OrganisationID: 9999, From: hhDays(0), LegalBasis: kluwen.BasisConsent})
			}, []string{"organisationId"}, ""},
			{"contact of another organisation, end before start, no basis", func() error {
				return db.AddInvolvement(reg, &kluwen.Involvement{CaseID: w.caseID, OrganisationID: w.reclassering, From: hhDays(0), To: hhPtr(hhDays(-3)), ContactUserID: &prof.UserID})
			}, []string{"contactUserId", "to", "legalBasis"}, ""},
			{"invalid status transition", func() error {
				_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CasePlan, "Meteen door")
				return err
			}, []string{"status"}, "Een casus in de fase Aanmelding kan alleen naar de fase Analyse of Afgesloten."},
			{"status change without a reason", func() error {
				_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAnalyse, "  ")
				return err
			}, []string{"reason"}, ""},
			{"case with a professional as regisseur", func() error {
				return db.CreateCase(reg, &kluwen.Case{HouseholdID: free, Title: "Aanmelding", RegisseurID: prof.UserID})
			}, []string{"regisseurId"}, ""},
			{"case with a disabled regisseur and no title", func() error {
				return db.CreateCase(reg, &kluwen.Case{HouseholdID: free, Title: "", RegisseurID: disabled.UserID})
			}, []string{"regisseurId", "title"}, ""},
			{"second open case on a household", func() error {
				return db.CreateCase(reg, &kluwen.Case{HouseholdID: w.household, Title: "Aanmelding", RegisseurID: w.actors["regisseur-of-case"].UserID})
			}, []string{"householdId"}, "Eén gezin, één plan"},
			{"second open case with a professional as regisseur", func() error {
				return db.CreateCase(reg, &kluwen.Case{HouseholdID: w.household, Title: "Aanmelding", RegisseurID: prof.UserID})
			}, []string{"householdId", "regisseurId"}, ""},
			{"handing a case to an unknown user", func() error {
				_, err := db.SetRegisseur(reg, w.caseID, 9999)
				return err
			}, []string{"regisseurId"}, ""},
			{"street that is not UTF-8", func() error {
				return db.CreateHousehold(reg, &kluwen.Household{Street: "Dorps\xffstraat", HouseNumber: 3, Postcode: "1234 AB", City: "Kluwendam"})
			}, []string{"street"}, "ongeldige tekens"},
			{"status change with a NUL in the reason", func() error {
				_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAnalyse, "Intake\x00gedaan")
				return err
			}, []string{"reason"}, "ongeldige tekens"},
			{"search for an invalid BSN", func() error {
				_, err := db.FindPersons(reg, kluwen.PersonFilter{BSN: "12345"})
				return err
			}, []string{"bsn"}, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := snapshot()
				head := hhLogHead(t, db)
				err := tt.do()
				hhWantFields(t, err, tt.fields...)
				if tt.message != "" {
					if msg := kluwen.ErrorFields(err)[0].Message; !strings.Contains(msg, tt.message) {
						t.Errorf("message %q does not contain %q", msg, tt.message)
					}
				}
				if after := snapshot(); after != before {
					t.Errorf("database changed:\nbefore %s\nafter  %s", before, after)
				}
				for _, e := range hhLogSince(t, db, head) {
					if e.UserID != 0 && e.Outcome == string(kluwen.OutcomeSuccess) {
						t.Errorf("access log has a success entry for a rejected call: %+v", e)
					}
				}
			})
		}
	})
}

// TestSearchOddText: search terms that no stored text can hold (a NUL, bytes
// that are not UTF-8) find nothing, on both databases, instead of failing.
func TestSearchOddText(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		for _, q := range []string{"Ouder\x00", "Ou\xffder"} {
			ps, err := db.FindPersons(reg, kluwen.PersonFilter{Query: q})
			if err != nil || len(ps) != 0 {
				t.Errorf("FindPersons(%q) = %d persons, %v; want none and no error", q, len(ps), err)
			}
			hs, err := db.FindHouseholds(reg, kluwen.HouseholdFilter{Query: q, Wijk: q})
			if err != nil || len(hs) != 0 {
				t.Errorf("FindHouseholds(%q) = %d households, %v; want none and no error", q, len(hs), err)
			}
		}
	})
}
