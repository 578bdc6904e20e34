package sqlstore_test

import (
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestHouseholdsOfPerson: the filter on a member finds the households a person is
// or was a member of, and only those the actor may read.
func TestHouseholdsOfPerson(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		gemeente := hhOrg(t, db, "Gemeente", kluwen.SectorGemeente)
		corporatie := hhOrg(t, db, "Corporatie", kluwen.SectorWonen)
		reg := hhUser(t, db, "regisseur", gemeente, kluwen.RoleRegisseur)
		now := hhHousehold(t, db, gemeente, "Noord")
		before := hhHousehold(t, db, gemeente, "Zuid")
		elsewhere := hhHousehold(t, db, corporatie, "Oost")
		other := hhHousehold(t, db, gemeente, "West")
		p := hhPerson(t, db, gemeente, "Anna")
		hhMember(t, db, before, p, hhDate("2010-01-01"), hhPtr(hhDate("2019-12-31")))
		hhMember(t, db, now, p, hhDate("2020-01-01"), nil)
		hhMember(t, db, elsewhere, p, hhDate("2005-01-01"), hhPtr(hhDate("2009-12-31")))
		hhMember(t, db, other, hhPerson(t, db, gemeente, "Bert"), hhDate("2020-01-01"), nil)

		hs, err := db.FindHouseholds(hhAs(reg), kluwen.HouseholdFilter{PersonID: &p})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range hs {
			got = append(got, h.ID)
		}
		if len(got) != 2 || got[0] != now || got[1] != before {
			t.Errorf("households of the person = %v; want %v (not %d, which the regisseur may not read)", got, []int64{now, before}, elsewhere)
		}
		all, err := db.FindHouseholds(hhSys(), kluwen.HouseholdFilter{PersonID: &p})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 {
			t.Errorf("system actor finds %d households of the person; want 3", len(all))
		}
	})
}
