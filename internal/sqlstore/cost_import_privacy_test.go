package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostImportHidesUnseenHouseholds: an import, and its preview, answer for a
// household the actor may not see exactly as for one that does not exist, for
// every kind of key; an address with several households decides among the
// visible ones only. Otherwise a partner could learn from the messages whether a
// BSN or an address is known in Kluwen.
func TestCostImportHidesUnseenHouseholds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent := hhAs(w.agent) // the police, involved in the case of w.household only

		// A household of gemeente A without a case: the police may not see it.
		// It lives at its own address, and its member has a BSN.
		hidden := costHousehold(t, db, w.orgA, "Noord", 9)
		member := hhPerson(t, db, w.orgA, "Verborgen")
		hhMember(t, db, hidden, member, hhDays(-400), nil)
		hiddenBSN, unknownBSN := hhBSN(41), hhBSN(42)
		_, err := db.UpdatePerson(hhSys(), member, kluwen.PersonUpdate{BSN: &hiddenBSN})
		hhMust(t, err)
		// A second household at the address of w.household (Kluwenstraat 1,
		// 1234 AB), which the police may not see either.
		hhHousehold(t, db, w.orgA, "Centrum")

		row := func(line int, key kluwen.HouseholdKey) *kluwen.CostImportRow {
			return &kluwen.CostImportRow{Line: line, Household: key,
				Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 1000, From: hhDays(-1), SourceRef: fmt.Sprintf("P%d", line)}}
		}
		rows := []*kluwen.CostImportRow{
			row(2, kluwen.HouseholdKey{BSN: hiddenBSN}),
			row(3, kluwen.HouseholdKey{BSN: unknownBSN}),
			row(4, kluwen.HouseholdKey{Postcode: "2345 BC", HouseNumber: 9}),
			row(5, kluwen.HouseholdKey{Postcode: "2345 BC", HouseNumber: 8}),
			row(6, kluwen.HouseholdKey{Postcode: "1234 AB", HouseNumber: 1}),
		}
		for _, dry := range []bool{true, false} {
			res, err := db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows, DryRun: dry, GoodRowsOnly: true})
			hhMust(t, err)
			want := map[int]string{
				2: fmt.Sprintf("Bij BSN %s is op de begindatum geen huishouden bekend.", kluwen.MaskBSN(hiddenBSN)),
				3: fmt.Sprintf("Bij BSN %s is op de begindatum geen huishouden bekend.", kluwen.MaskBSN(unknownBSN)),
				4: "Op het adres 2345 BC 9 is geen huishouden gevonden.",
				5: "Op het adres 2345 BC 8 is geen huishouden gevonden.",
			}
			for _, e := range res.Errors {
				if m, ok := want[e.Line]; !ok || e.Message != m || e.Field != "household" {
					t.Errorf("dry run %v: error %+v, want %q", dry, e, m)
				}
				delete(want, e.Line)
			}
			if len(want) > 0 {
				t.Errorf("dry run %v: missing errors %v", dry, want)
			}
			// The shared address goes to the one household the police may see.
			if len(res.Records) != 1 || res.Records[0].HouseholdID != w.household || res.Lines[0] != 6 {
				t.Errorf("dry run %v: records %+v lines %v, want line 6 on household %d", dry, res.Records, res.Lines, w.household)
			}
		}
		// As the system, who sees every household, the address is ambiguous.
		res, err := db.ImportCostRecords(hhSys(), &kluwen.CostImport{OrganisationID: w.police, Rows: rows[4:], DryRun: true})
		hhMust(t, err)
		if len(res.Errors) != 1 || res.Errors[0].Message != "Op het adres 1234 AB 1 staan meerdere huishoudens. Gebruik het huishoudnummer." {
			t.Errorf("system: %+v", res.Errors)
		}
	})
}

// TestCostImportConsumesUpload: an import of an uploaded file deletes the upload
// in its own transaction, so that the same form sent twice (a double click, two
// tabs) imports the rows once; a failed import keeps the upload.
func TestCostImportConsumesUpload(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent := hhAs(w.agent)
		u := &kluwen.CostUpload{FileName: "a.csv", Content: []byte("Huishouden;Kostenpost\n1;POL-HOUR\n")}
		hhMust(t, db.CreateCostUpload(agent, u))
		// No source reference: only the upload stops a second import.
		rows := []*kluwen.CostImportRow{{Line: 2, Household: kluwen.HouseholdKey{ID: w.household},
			Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 1000, From: hhDate("2024-02-01")}}}
		bad := []*kluwen.CostImportRow{{Line: 2, Household: kluwen.HouseholdKey{ID: w.household},
			Record: kluwen.CostRecord{ItemCode: "GEEN-POST", Quantity: 1000, From: hhDate("2024-02-01")}}}
		before := hhCount(t, db, "cost_records")

		// Another user cannot use the upload; a failed import keeps it.
		_, err := db.ImportCostRecords(hhAs(w.regisseur), &kluwen.CostImport{Rows: rows, UploadID: u.ID})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: bad, UploadID: u.ID})
		hhWantCode(t, err, kluwen.EINVALID)
		if n := hhCount(t, db, "cost_uploads"); n != 1 {
			t.Fatalf("%d uploads after failed imports, want 1", n)
		}

		res, err := db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows, UploadID: u.ID})
		hhMust(t, err)
		if res.Imported != 1 || hhCount(t, db, "cost_uploads") != 0 {
			t.Fatalf("import %+v, %d uploads left", res, hhCount(t, db, "cost_uploads"))
		}
		_, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows, UploadID: u.ID})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		if n := hhCount(t, db, "cost_records"); n != before+1 {
			t.Errorf("%d records after the same upload imported twice, want %d", n, before+1)
		}
	})
}
