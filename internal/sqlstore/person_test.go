package sqlstore_test

import (
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestPersonBSN: the BSN is stored only as hash, last four digits and ciphertext;
// a regisseur sees it whole, a partner professional masked; it is found by exact
// match however it is typed.
func TestPersonBSN(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		police := hhAs(w.actors["professional-involved"])
		bsn := hhBSN(42)
		p := &kluwen.Person{GivenName: " Fatima ", FamilyNamePrefix: "el", FamilyName: "Amrani", BirthDate: hhDate("1985-03-14"), BSN: bsn[:4] + "." + bsn[4:]}
		hhMust(t, db.CreatePerson(reg, p))
		if p.RegisteredByOrgID != w.orgA || p.GivenName != "Fatima" || p.BSNMasked != "*****"+bsn[5:] {
			t.Fatalf("created person = %+v", p)
		}
		hhMember(t, db, w.household, p.ID, hhDays(-5), nil)

		var stored string
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT given_name || bsn_hash || bsn_last4 || bsn_enc FROM persons WHERE id = ?`), p.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, bsn) {
			t.Fatal("the whole BSN is stored in plain text")
		}

		got, err := db.FindPersonByID(reg, p.ID)
		hhMust(t, err)
		if got.BSN != bsn || got.BSNMasked != "*****"+bsn[5:] || got.Name() != "Fatima el Amrani" || !got.BirthDate.Equal(hhDate("1985-03-14")) {
			t.Errorf("regisseur reads %+v", got)
		}
		got, err = db.FindPersonByID(police, p.ID)
		hhMust(t, err)
		if got.BSN != "" || got.BSNMasked != "*****"+bsn[5:] {
			t.Errorf("professional reads BSN %q masked %q; want only the masked form", got.BSN, got.BSNMasked)
		}

		for _, typed := range []string{bsn, bsn[:3] + " " + bsn[3:6] + " " + bsn[6:]} {
			ps, err := db.FindPersons(police, kluwen.PersonFilter{BSN: typed})
			hhMust(t, err)
			if len(ps) != 1 || ps[0].ID != p.ID || ps[0].BSN != "" {
				t.Errorf("search by BSN %q as professional = %+v", typed, ps)
			}
		}
		ps, err := db.FindPersons(reg, kluwen.PersonFilter{BSN: hhBSN(43)})
		hhMust(t, err)
		if len(ps) != 0 {
			t.Errorf("search by another BSN found %d", len(ps))
		}
		// The regisseur of another organisation finds nothing by BSN either.
		ps, err = db.FindPersons(hhAs(w.actors["regisseur-other-org"]), kluwen.PersonFilter{BSN: bsn})
		hhMust(t, err)
		if len(ps) != 0 {
			t.Errorf("uninvolved regisseur found the person by BSN")
		}

		// Removing the BSN.
		upd, err := db.UpdatePerson(reg, p.ID, kluwen.PersonUpdate{BSN: hhPtr(""), GivenName: hhPtr("Fatma")})
		hhMust(t, err)
		if upd.BSN != "" || upd.BSNMasked != "" || upd.GivenName != "Fatma" {
			t.Errorf("after removing the BSN: %+v", upd)
		}
		if n := hhCount(t, db, "persons", "id = ? AND bsn_hash IS NULL AND bsn_last4 = '' AND bsn_enc = ''", p.ID); n != 1 {
			t.Error("BSN columns not cleared")
		}
		// Another person may now take it.
		hhMust(t, db.CreatePerson(reg, &kluwen.Person{GivenName: "Ander", FamilyName: "Persoon", BirthDate: hhDate("1999-09-09"), BSN: bsn}))
	})
}

// TestPersonSearch: name words, birth date, household, paging, and the entry in
// the access log naming every person returned.
func TestPersonSearch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		mk := func(given, prefix, family, born string) int64 {
			p := &kluwen.Person{GivenName: given, FamilyNamePrefix: prefix, FamilyName: family, BirthDate: hhDate(born)}
			hhMust(t, db.CreatePerson(reg, p))
			return p.ID
		}
		anna := mk("Anna", "van der", "Berg", "1975-06-01")
		mk("Annabel", "", "Smit", "2001-01-01")
		bert := mk("Bert", "van der", "Berg", "1975-06-01")
		mk("Piet_", "", "100%", "1960-01-01")

		ids := func(f kluwen.PersonFilter) []int64 {
			ps, err := db.FindPersons(reg, f)
			hhMust(t, err)
			var out []int64
			for _, p := range ps {
				out = append(out, p.ID)
			}
			return out
		}
		if got := ids(kluwen.PersonFilter{Query: "ANNA berg"}); len(got) != 1 || got[0] != anna {
			t.Errorf("Query ANNA berg = %v", got)
		}
		if got := ids(kluwen.PersonFilter{Query: "van der"}); len(got) != 2 {
			t.Errorf("Query van der = %v", got)
		}
		if got := ids(kluwen.PersonFilter{Query: "%"}); len(got) != 1 {
			t.Errorf("Query %% matched %v; want only the literal", got)
		}
		if got := ids(kluwen.PersonFilter{BirthDate: hhPtr(hhDate("1975-06-01"))}); len(got) != 2 || got[0] != anna || got[1] != bert {
			t.Errorf("BirthDate = %v", got)
		}
		if got := ids(kluwen.PersonFilter{HouseholdID: &w.household}); len(got) != 2 || got[0] != w.parent || got[1] != w.child {
			t.Errorf("HouseholdID = %v", got)
		}
		all := ids(kluwen.PersonFilter{})
		page := ids(kluwen.PersonFilter{AfterID: all[1], Limit: 2})
		if len(page) != 2 || page[0] != all[2] || page[1] != all[3] {
			t.Errorf("page after %d = %v; all %v", all[1], page, all)
		}

		head := hhLogHead(t, db)
		got := ids(kluwen.PersonFilter{Query: "berg"})
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "person.search" || log[0].Action != "read" || log[0].Outcome != "success" {
			t.Fatalf("log = %+v", log)
		}
		for _, id := range got {
			if !strings.Contains(log[0].Objects, " person:"+itoa64(id)+" ") {
				t.Errorf("log objects %q miss person %d", log[0].Objects, id)
			}
		}
		// A search that finds nothing is still logged.
		head = hhLogHead(t, db)
		if got := ids(kluwen.PersonFilter{Query: "Niemand"}); len(got) != 0 {
			t.Fatal(got)
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "person.search" {
			t.Errorf("empty search log = %+v", log)
		}
	})
}

// TestRelations: ties both ways, symmetric ties stored once, conflicts, deletion.
func TestRelations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		partner := hhPerson(t, db, w.orgA, "Partner")
		r := &kluwen.Relation{PersonID: partner, RelatedPersonID: w.parent, Kind: kluwen.RelationPartner}
		hhMust(t, db.CreateRelation(reg, r))
		if r.ID == 0 || r.PersonID != min(partner, w.parent) {
			t.Errorf("symmetric tie stored as %+v", r)
		}
		for _, dup := range []*kluwen.Relation{
			{PersonID: w.parent, RelatedPersonID: partner, Kind: kluwen.RelationPartner},
			{PersonID: partner, RelatedPersonID: w.parent, Kind: kluwen.RelationPartner},
			{PersonID: w.parent, RelatedPersonID: w.child, Kind: kluwen.RelationParent},
			{PersonID: w.child, RelatedPersonID: w.parent, Kind: kluwen.RelationParent},
		} {
			hhWantCode(t, db.CreateRelation(reg, dup), kluwen.ECONFLICT)
		}
		if n := hhCount(t, db, "relations"); n != 2 {
			t.Errorf("%d relations; want 2", n)
		}
		// A partner and a parent tie between the same two persons are different ties.
		rs, err := db.FindRelations(reg, w.parent)
		hhMust(t, err)
		if len(rs) != 2 {
			t.Fatalf("parent has %d ties; want 2 (partner, child)", len(rs))
		}
		rs, err = db.FindRelations(reg, w.child)
		hhMust(t, err)
		if len(rs) != 1 || rs[0].PersonID != w.parent || rs[0].Kind != kluwen.RelationParent {
			t.Errorf("child's ties = %+v", rs)
		}
		_, err = db.FindRelations(hhAs(w.actors["regisseur-other-org"]), w.child)
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// A tie to a person the actor may not read is refused without revealing it.
		stranger := hhPerson(t, db, w.orgB, "Vreemde")
		hhWantCode(t, db.CreateRelation(reg, &kluwen.Relation{PersonID: w.parent, RelatedPersonID: stranger, Kind: kluwen.RelationSibling}), kluwen.ENOTFOUND)

		// Deleting: a professional may not, the regisseur may.
		hhWantCode(t, db.DeleteRelation(hhAs(w.actors["professional-involved"]), r.ID), kluwen.EFORBIDDEN)
		hhWantCode(t, db.DeleteRelation(hhAs(w.actors["professional-ended"]), r.ID), kluwen.ENOTFOUND)
		hhMust(t, db.DeleteRelation(reg, r.ID))
		hhWantCode(t, db.DeleteRelation(reg, r.ID), kluwen.ENOTFOUND)
		if n := hhCount(t, db, "relations"); n != 1 {
			t.Errorf("%d relations after delete; want 1", n)
		}
	})
}

// TestDuplicateBSNIsLogged: refusing a BSN because another person has it tells
// the actor that Kluwen knows someone with that BSN, even someone they may not
// read. The attempt is in the access log, naming that person, so that probing
// BSNs this way does not go unseen.
func TestDuplicateBSNIsLogged(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		bsn := hhBSN(7)
		known := &kluwen.Person{GivenName: "Bekend", FamilyName: "Persoon", BirthDate: hhDate("1970-01-01"), BSN: bsn, RegisteredByOrgID: w.orgA}
		hhMust(t, db.CreatePerson(hhSys(), known))
		other := w.actors["regisseur-other-org"]
		ctx := hhAs(other)
		if _, err := db.FindPersonByID(ctx, known.ID); kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
			t.Fatalf("the other organisation's regisseur reads the person: %v", err)
		}

		head := hhLogHead(t, db)
		err := db.CreatePerson(ctx, &kluwen.Person{GivenName: "Nieuw", FamilyName: "Persoon", BirthDate: hhDate("1990-01-01"), BSN: bsn})
		if !bsnError(err) {
			t.Fatalf("create with a BSN in use = %v; want an error on bsn", err)
		}
		wantRefusal := func(event, objects string) {
			t.Helper()
			var found bool
			for _, e := range hhLogSince(t, db, head) {
				if e.UserID == other.UserID && e.EventType == event && e.Outcome == string(kluwen.OutcomeRefused) && strings.TrimSpace(e.Objects) == objects {
					found = true
				}
			}
			if !found {
				t.Errorf("no refused %s naming %s in the access log: %+v", event, objects, hhLogSince(t, db, head))
			}
		}
		wantRefusal("person.create", "person:"+itoa64(known.ID))

		own := &kluwen.Person{GivenName: "Eigen", FamilyName: "Persoon", BirthDate: hhDate("1990-01-01")}
		hhMust(t, db.CreatePerson(ctx, own))
		head = hhLogHead(t, db)
		_, err = db.UpdatePerson(ctx, own.ID, kluwen.PersonUpdate{BSN: hhPtr(bsn)})
		if !bsnError(err) {
			t.Fatalf("update to a BSN in use = %v; want an error on bsn", err)
		}
		wantRefusal("person.update", "person:"+itoa64(own.ID)+" person:"+itoa64(known.ID))
	})
}

// bsnError reports whether err is invalid input naming the field bsn.
func bsnError(err error) bool {
	for _, f := range kluwen.ErrorFields(err) {
		if f.Field == "bsn" {
			return true
		}
	}
	return false
}
