package sqlstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestHouseholdMembers: a household reads with every membership, past and
// present, in order of start date, each with its person, and the read is logged
// with the household and every person shown.
func TestHouseholdMembers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		h := &kluwen.Household{Street: "Lindelaan", HouseNumber: 12, HouseNumberAddition: "b", Postcode: "9711ab", City: "Kluwendam", Wijk: "Noord"}
		hhMust(t, db.CreateHousehold(reg, h))
		if h.Postcode != "9711 AB" || h.RegisteredByOrgID != w.orgA || h.ID == 0 {
			t.Fatalf("created %+v", h)
		}
		lodger := hhPerson(t, db, w.orgA, "Kamerbewoner")
		mother := hhPerson(t, db, w.orgA, "Moeder")
		m1 := &kluwen.Membership{HouseholdID: h.ID, PersonID: mother, From: hhDays(-300), Role: kluwen.MemberHead}
		hhMust(t, db.AddMember(reg, m1))
		m2 := &kluwen.Membership{HouseholdID: h.ID, PersonID: lodger, From: hhDays(-500), To: hhPtr(hhDays(-400)), Role: kluwen.MemberOther}
		hhMust(t, db.AddMember(reg, m2))
		// The lodger comes back later: a second membership that does not overlap.
		m3 := &kluwen.Membership{HouseholdID: h.ID, PersonID: lodger, From: hhDays(-399), Role: kluwen.MemberOther}
		hhMust(t, db.AddMember(reg, m3))

		head := hhLogHead(t, db)
		got, err := db.FindHouseholdByID(reg, h.ID)
		hhMust(t, err)
		if len(got.Members) != 3 || got.Members[0].ID != m2.ID || got.Members[1].ID != m3.ID || got.Members[2].ID != m1.ID {
			t.Fatalf("members in order %v", got.Members)
		}
		for _, m := range got.Members {
			if m.Person == nil || m.Person.ID != m.PersonID {
				t.Errorf("membership %d without its person", m.ID)
			}
		}
		if got.Members[0].To == nil || !got.Members[0].To.Equal(hhDays(-400)) || got.Members[0].Current(kluwen.Today()) || !got.Members[2].Current(kluwen.Today()) {
			t.Errorf("periods wrong: %+v %+v", got.Members[0], got.Members[2])
		}
		if got.Address() != "Lindelaan 12-b, 9711 AB Kluwendam" {
			t.Errorf("address %q", got.Address())
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "household.read" || log[0].Outcome != "success" {
			t.Fatalf("log = %+v", log)
		}
		want := " household:" + itoa64(h.ID) + " person:" + itoa64(lodger) + " person:" + itoa64(mother) + " "
		if log[0].Objects != want {
			t.Errorf("logged objects %q; want %q", log[0].Objects, want)
		}
		if log[0].Basis != kluwen.BasisRegistered {
			t.Errorf("basis %q", log[0].Basis)
		}

		// Ending the mother's membership, then moving its start past its end.
		mu, err := db.UpdateMembership(reg, m1.ID, kluwen.MembershipUpdate{To: hhPtr(hhPtr(hhDays(-1))), Role: hhPtr(kluwen.MemberPartner)})
		hhMust(t, err)
		if mu.To == nil || !mu.To.Equal(hhDays(-1)) || mu.Role != kluwen.MemberPartner {
			t.Errorf("updated %+v", mu)
		}
		_, err = db.UpdateMembership(reg, m1.ID, kluwen.MembershipUpdate{From: hhPtr(hhDays(0))})
		hhWantFields(t, err, "to")
		// Reopening the lodger's first stay would overlap the second.
		_, err = db.UpdateMembership(reg, m2.ID, kluwen.MembershipUpdate{To: hhPtr[*time.Time](nil)})
		hhWantFields(t, err, "from")
		_, err = db.UpdateMembership(hhAs(w.actors["regisseur-other-org"]), m2.ID, kluwen.MembershipUpdate{Role: hhPtr(kluwen.MemberChild)})
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// Adding a person the actor may not read.
		stranger := hhPerson(t, db, w.orgB, "Vreemde")
		hhWantCode(t, db.AddMember(reg, &kluwen.Membership{HouseholdID: h.ID, PersonID: stranger, From: hhDays(0), Role: kluwen.MemberOther}), kluwen.ENOTFOUND)
		if n := hhCount(t, db, "memberships", "person_id = ?", stranger); n != 0 {
			t.Errorf("refused member written")
		}

		upd, err := db.UpdateHousehold(reg, h.ID, kluwen.HouseholdUpdate{HouseNumber: hhPtr(14), HouseNumberAddition: hhPtr("")})
		hhMust(t, err)
		if upd.Address() != "Lindelaan 14, 9711 AB Kluwendam" {
			t.Errorf("updated address %q", upd.Address())
		}
	})
}

// TestHouseholdSearch: query words over address fields, house number and member
// names; postcode and wijk filters.
func TestHouseholdSearch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		mk := func(street string, nr int, pc, wijk string) int64 {
			h := &kluwen.Household{Street: street, HouseNumber: nr, Postcode: pc, City: "Kluwendam", Wijk: wijk}
			hhMust(t, db.CreateHousehold(reg, h))
			return h.ID
		}
		a := mk("Kerkstraat", 5, "1234 AB", "Centrum")
		b := mk("Kerkstraat", 7, "1234 AC", "Centrum")
		c := mk("Molenweg", 5, "4321 ZZ", "Oost")
		ids := func(f kluwen.HouseholdFilter) []int64 {
			hs, err := db.FindHouseholds(reg, f)
			hhMust(t, err)
			var out []int64
			for _, h := range hs {
				if h.Members != nil {
					t.Error("search returned members")
				}
				out = append(out, h.ID)
			}
			return out
		}
		check := func(name string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s = %v; want %v", name, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s = %v; want %v", name, got, want)
					return
				}
			}
		}
		check("kerkstraat 5", ids(kluwen.HouseholdFilter{Query: "kerkstraat 5"}), a)
		check("kerkstraat", ids(kluwen.HouseholdFilter{Query: "KERKSTRAAT"}), a, b)
		check("postcode", ids(kluwen.HouseholdFilter{Postcode: "1234ab"}), w.household, a)
		check("wijk", ids(kluwen.HouseholdFilter{Wijk: "oost"}), c)
		check("member name", ids(kluwen.HouseholdFilter{Query: "ouder"}), w.household)
		_, err := db.FindHouseholds(reg, kluwen.HouseholdFilter{Postcode: "12"})
		hhWantFields(t, err, "postcode")
	})
}

// TestFamily: three generations around a household, with relatives the actor may
// not read shown as hidden ties.
func TestFamily(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		// Household H: father (w.parent), child (w.child); a second child moved out.
		mother := hhPerson(t, db, w.orgA, "Moeder")
		hhMember(t, db, w.household, mother, hhDays(-400), nil)
		movedOut := hhPerson(t, db, w.orgA, "Uithuizig")
		hhMember(t, db, w.household, movedOut, hhDays(-4000), hhPtr(hhDays(-200)))
		hhRelate(t, db, w.parent, movedOut, kluwen.RelationParent)
		hhRelate(t, db, mother, w.parent, kluwen.RelationPartner)
		// The father's mother lives in a household of gemeente B: hidden for A.
		grandma := hhPerson(t, db, w.orgB, "Oma")
		hB := hhHousehold(t, db, w.orgB, "Zuid")
		hhMember(t, db, hB, grandma, hhDays(-9000), nil)
		hhRelate(t, db, grandma, w.parent, kluwen.RelationParent)
		greatGrandpa := hhPerson(t, db, w.orgA, "Overgrootvader")
		hhRelate(t, db, greatGrandpa, grandma, kluwen.RelationParent)
		ancestor := hhPerson(t, db, w.orgA, "Betovergrootmoeder") // three up: not shown
		hhRelate(t, db, ancestor, greatGrandpa, kluwen.RelationParent)
		uncle := hhPerson(t, db, w.orgA, "Oom") // the father's sibling
		hhRelate(t, db, uncle, w.parent, kluwen.RelationSibling)
		cousin := hhPerson(t, db, w.orgA, "Neef") // the uncle's child: not shown
		hhRelate(t, db, uncle, cousin, kluwen.RelationParent)
		grandchild := hhPerson(t, db, w.orgA, "Kleinkind") // the moved-out child's child
		hhRelate(t, db, movedOut, grandchild, kluwen.RelationParent)
		greatGrandchild := hhPerson(t, db, w.orgA, "Achterkleinkind")
		hhRelate(t, db, grandchild, greatGrandchild, kluwen.RelationParent)
		hhRelate(t, db, w.child, mother, kluwen.RelationSibling) // nonsense tie, but both are members: stays 0

		type want struct {
			gen            int
			hidden, inHome bool
		}
		// For the regisseur of A: everything registered by A is readable.
		wantReg := map[int64]want{
			w.parent: {0, false, true}, w.child: {0, false, true}, mother: {0, false, true}, movedOut: {0, false, false},
			grandma: {-1, true, false}, greatGrandpa: {-2, false, false}, uncle: {0, false, false},
			grandchild: {1, false, false}, greatGrandchild: {2, false, false},
		}
		// For the involved police: only the members of H.
		wantPolice := map[int64]want{}
		for id, x := range wantReg {
			x.hidden = x.gen != 0 || id == uncle
			wantPolice[id] = x
		}
		for _, tc := range []struct {
			name  string
			actor *kluwen.Actor
			want  map[int64]want
		}{{"regisseur", w.actors["regisseur-of-case"], wantReg}, {"police", w.actors["professional-involved"], wantPolice}} {
			t.Run(tc.name, func(t *testing.T) {
				head := hhLogHead(t, db)
				fam, err := db.FindFamily(hhAs(tc.actor), w.household)
				hhMust(t, err)
				if len(fam.Members) != len(tc.want) {
					t.Errorf("%d family members; want %d: %+v", len(fam.Members), len(tc.want), fam.Members)
				}
				visible := 0
				prevGen := -99
				// Hidden relatives carry a placeholder, never their identifier:
				// match them by generation.
				hiddenGens := map[int]int{}
				for id, x := range tc.want {
					if x.hidden {
						hiddenGens[x.gen]++
						for _, m := range fam.Members {
							if m.PersonID == id {
								t.Errorf("hidden relative %d appears with their real ID", id)
							}
						}
						for _, r := range fam.Relations {
							if r.PersonID == id || r.RelatedPersonID == id {
								t.Errorf("hidden relative %d appears in a tie with their real ID", id)
							}
						}
					}
				}
				placeholders := map[int64]bool{}
				for _, m := range fam.Members {
					if m.Hidden {
						if m.PersonID >= 0 || m.Person != nil {
							t.Errorf("hidden member %+v has no placeholder", m)
						}
						placeholders[m.PersonID] = true
						hiddenGens[m.Generation]--
						continue
					}
					x, ok := tc.want[m.PersonID]
					if !ok {
						t.Errorf("unexpected person %d in family", m.PersonID)
						continue
					}
					if m.Generation != x.gen || m.Hidden != x.hidden || m.InHousehold != x.inHome || (m.Person == nil) != x.hidden {
						t.Errorf("person %d = gen %d hidden %v in %v person %v; want %+v", m.PersonID, m.Generation, m.Hidden, m.InHousehold, m.Person != nil, x)
					}
					if m.Generation < prevGen {
						t.Errorf("members not ordered by generation")
					}
					prevGen = m.Generation
					if !m.Hidden {
						visible++
					}
				}
				// Ties within the family: parent-movedOut, parent-child, mother-parent,
				// grandma-parent, greatGrandpa-grandma, uncle-parent, movedOut-grandchild,
				// grandchild-greatGrandchild, child-mother.
				if len(fam.Relations) != 9 {
					t.Errorf("%d ties; want 9", len(fam.Relations))
				}
				for g, n := range hiddenGens {
					if n != 0 {
						t.Errorf("hidden relatives of generation %d: %d more expected than shown", g, n)
					}
				}
				for _, r := range fam.Relations {
					for _, id := range []int64{r.PersonID, r.RelatedPersonID} {
						if id < 0 && !placeholders[id] {
							t.Errorf("tie %+v names placeholder %d that is not among the members", r, id)
						}
					}
				}
				log := hhLogSince(t, db, head)
				if len(log) != 1 || log[0].EventType != "family.read" {
					t.Fatalf("log %+v", log)
				}
				if n := strings.Count(log[0].Objects, "person:"); n != visible {
					t.Errorf("logged %d persons; %d visible", n, visible)
				}
				if strings.Contains(log[0].Objects, " person:"+itoa64(grandma)+" ") {
					t.Errorf("hidden relative logged as read")
				}
				// The father's ties: the hidden grandmother by placeholder only.
				rels, err := db.FindRelations(hhAs(tc.actor), w.parent)
				hhMust(t, err)
				sawGrandma := false
				for _, r := range rels {
					if r.PersonID == grandma || r.RelatedPersonID == grandma {
						t.Errorf("tie %+v gives the hidden grandmother's ID", r)
					}
					if r.Kind == kluwen.RelationParent && r.RelatedPersonID == w.parent && r.PersonID < 0 {
						sawGrandma = true
					}
				}
				if !sawGrandma {
					t.Errorf("the tie to the hidden grandmother is missing: %+v", rels)
				}
			})
		}
	})
}

// TestNothingHalfWritten: when a call fails after it wrote, nothing it wrote is
// kept. A trigger makes the second insert of CreateCase fail, and another one the
// access-log append of AddMember.
func TestNothingHalfWritten(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		reg := hhAs(w.actors["regisseur-of-case"])
		failOn := func(table string) func() {
			var create, drop []string
			if db.Dialect() == sqlstore.Postgres {
				create = []string{
					`CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'test failure'; END $$`,
					`CREATE TRIGGER test_fail BEFORE INSERT ON ` + table + ` FOR EACH ROW EXECUTE FUNCTION test_fail()`,
				}
				drop = []string{`DROP TRIGGER test_fail ON ` + table, `DROP FUNCTION test_fail()`}
			} else {
				create = []string{`CREATE TRIGGER test_fail BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(ABORT, 'test failure'); END`}
				drop = []string{`DROP TRIGGER test_fail`}
			}
			for _, q := range create {
				if _, err := db.RawDB().Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			return func() {
				for _, q := range drop {
					if _, err := db.RawDB().Exec(q); err != nil {
						t.Fatal(err)
					}
				}
			}
		}

		fresh := hhHousehold(t, db, w.orgA, "Noord") // H has its open case already
		cases := hhCount(t, db, "cases")
		undo := failOn("case_status_changes")
		err := db.CreateCase(reg, &kluwen.Case{HouseholdID: fresh, Title: "Half", RegisseurID: w.actors["regisseur-of-case"].UserID})
		undo()
		hhWantCode(t, err, kluwen.EINTERNAL)
		if n := hhCount(t, db, "cases"); n != cases {
			t.Errorf("case kept without its first status change: %d cases, had %d", n, cases)
		}

		newcomer := hhPerson(t, db, w.orgA, "Nieuwkomer")
		head := hhLogHead(t, db)
		undo = failOn("access_log")
		err = db.AddMember(reg, &kluwen.Membership{HouseholdID: w.household, PersonID: newcomer, From: hhDays(0), Role: kluwen.MemberOther})
		undo()
		hhWantCode(t, err, kluwen.EINTERNAL)
		if n := hhCount(t, db, "memberships", "person_id = ?", newcomer); n != 0 {
			t.Errorf("membership kept without its access-log entry")
		}
		if hhLogHead(t, db) != head {
			t.Errorf("access log moved")
		}
		// And with the trigger gone the same call succeeds.
		hhMust(t, db.AddMember(reg, &kluwen.Membership{HouseholdID: w.household, PersonID: newcomer, From: hhDays(0), Role: kluwen.MemberOther}))
	})
}

// TestAddNewMember: a new person and their membership are stored together or not
// at all. A regisseur who may not change the household, or not even see it,
// leaves no person behind.
func TestAddNewMember(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		// A regisseur of an involved partner reads the household but may not change it.
		partnerReg := hhUser(t, db, "reg.politie", w.police, kluwen.RoleRegisseur)
		newcomer := func(given string) *kluwen.Person {
			return &kluwen.Person{GivenName: given, FamilyName: "Nieuw", BirthDate: hhDate("2001-02-03")}
		}
		member := func() *kluwen.Membership {
			return &kluwen.Membership{HouseholdID: w.household, From: hhDays(0), Role: kluwen.MemberOther}
		}
		for _, tc := range []struct {
			name  string
			actor *kluwen.Actor
			code  string
		}{
			{"regisseur of a partner", partnerReg, kluwen.EFORBIDDEN},
			{"regisseur of another organisation", w.actors["regisseur-other-org"], kluwen.ENOTFOUND},
			{"professional", w.actors["professional-involved"], kluwen.EFORBIDDEN},
		} {
			t.Run(tc.name, func(t *testing.T) {
				head := hhLogHead(t, db)
				err := db.AddNewMember(hhAs(tc.actor), newcomer("Geweigerd"), member())
				hhWantCode(t, err, tc.code)
				if n := hhCount(t, db, "persons", "given_name = ?", "Geweigerd"); n != 0 {
					t.Errorf("%d persons registered by a refused call", n)
				}
				refused := 0
				for _, e := range hhLogSince(t, db, head) {
					if e.UserID == tc.actor.UserID && e.Outcome == string(kluwen.OutcomeRefused) && e.EventType == "membership.create" {
						refused++
					}
				}
				if refused != 1 {
					t.Errorf("%d refused membership.create entries, want 1", refused)
				}
			})
		}

		t.Run("invalid membership", func(t *testing.T) {
			m := member()
			m.Role = ""
			err := db.AddNewMember(hhAs(w.actors["regisseur-of-case"]), &kluwen.Person{GivenName: "Half", BirthDate: hhDate("2001-02-03")}, m)
			hhWantCode(t, err, kluwen.EINVALID)
			fields := map[string]bool{}
			for _, f := range kluwen.ErrorFields(err) {
				fields[f.Field] = true
			}
			if !fields["familyName"] || !fields["role"] || fields["personId"] {
				t.Errorf("fields %v; want familyName and role, not personId", fields)
			}
			if n := hhCount(t, db, "persons", "given_name = ?", "Half"); n != 0 {
				t.Errorf("person registered for an invalid membership")
			}
		})

		t.Run("allowed", func(t *testing.T) {
			p, m := newcomer("Welkom"), member()
			head := hhLogHead(t, db)
			hhMust(t, db.AddNewMember(hhAs(w.actors["regisseur-of-case"]), p, m))
			if p.ID == 0 || m.PersonID != p.ID || m.ID == 0 {
				t.Fatalf("person %d, membership %d of person %d", p.ID, m.ID, m.PersonID)
			}
			if n := hhCount(t, db, "memberships", "household_id = ? AND person_id = ?", w.household, p.ID); n != 1 {
				t.Errorf("%d memberships", n)
			}
			var events []string
			for _, e := range hhLogSince(t, db, head) {
				events = append(events, e.EventType+" "+strings.TrimSpace(e.Objects))
			}
			want := []string{"person.create person:" + itoa64(p.ID), "membership.create household:" + itoa64(w.household) + " person:" + itoa64(p.ID)}
			if !slices.Equal(events, want) {
				t.Errorf("access log %q, want %q", events, want)
			}
		})
	})
}
