package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// matrixWorld is one municipality: gemeente A owns case C on household H (members
// parent and child); the police are involved in C now, the housing corporation
// was until ten days ago; the debt-relief organisation and gemeente B are not
// involved. "reclassering" has no users and is what the coordinators bring in.
type matrixWorld struct {
	db                                 *sqlstore.DB
	orgA, orgB, police, housing, debts int64
	reclassering                       int64
	actors                             map[string]*kluwen.Actor
	household, parent, child, caseID   int64
}

// matrixRoles are the rows of the matrix, in order.
var matrixRoles = []string{
	"regisseur-of-case", "regisseur-same-org", "regisseur-other-org",
	"professional-involved", "professional-ended", "professional-uninvolved",
	"analyst", "privacy_officer", "admin", "editor",
}

func newMatrixWorld(t *testing.T, db *sqlstore.DB) *matrixWorld {
	t.Helper()
	w := &matrixWorld{db: db, actors: map[string]*kluwen.Actor{}}
	w.orgA = hhOrg(t, db, "Gemeente Kluwendam", kluwen.SectorGemeente)
	w.orgB = hhOrg(t, db, "Gemeente Elders", kluwen.SectorGemeente)
	w.police = hhOrg(t, db, "Politie Eenheid Kluwendam", kluwen.SectorVeiligheid)
	w.housing = hhOrg(t, db, "Woonstede", kluwen.SectorWonen)
	w.debts = hhOrg(t, db, "Schuldhulp Noord", kluwen.SectorSchulden)
	w.reclassering = hhOrg(t, db, "Reclassering", kluwen.SectorVeiligheid)
	w.actors["regisseur-of-case"] = hhUser(t, db, "reg.case", w.orgA, kluwen.RoleRegisseur)
	w.actors["regisseur-same-org"] = hhUser(t, db, "reg.same", w.orgA, kluwen.RoleRegisseur)
	w.actors["regisseur-other-org"] = hhUser(t, db, "reg.other", w.orgB, kluwen.RoleRegisseur)
	w.actors["professional-involved"] = hhUser(t, db, "wijkagent", w.police, kluwen.RoleProfessional)
	w.actors["professional-ended"] = hhUser(t, db, "woonconsulent", w.housing, kluwen.RoleProfessional)
	w.actors["professional-uninvolved"] = hhUser(t, db, "schuldhulp", w.debts, kluwen.RoleProfessional)
	w.actors["analyst"] = hhUser(t, db, "analist", w.orgA, kluwen.RoleAnalyst)
	w.actors["privacy_officer"] = hhUser(t, db, "fg", w.orgA, kluwen.RolePrivacyOfficer)
	w.actors["admin"] = hhUser(t, db, "beheer", w.orgA, kluwen.RoleAdmin)
	w.actors["editor"] = hhUser(t, db, "redactie", w.orgA, kluwen.RoleEditor)

	w.household = hhHousehold(t, db, w.orgA, "Centrum")
	w.parent = hhPerson(t, db, w.orgA, "Ouder")
	w.child = hhPerson(t, db, w.orgA, "Kind")
	hhMember(t, db, w.household, w.parent, hhDays(-400), nil)
	hhMember(t, db, w.household, w.child, hhDays(-400), nil)
	hhRelate(t, db, w.parent, w.child, kluwen.RelationParent)
	w.caseID = hhCase(t, db, w.household, w.actors["regisseur-of-case"])
	hhInvolve(t, db, w.caseID, w.police, hhDays(-30), nil)
	hhInvolve(t, db, w.caseID, w.housing, hhDays(-100), hhPtr(hhDays(-10)))
	return w
}

// formerCaseHousehold registers a household of gemeente A whose case, coordinated
// by regisseur-of-case, is closed: the police are still involved in it, the housing
// corporation was until ten days ago. Every actor can see it as they see H, but a
// new case may be opened on it.
func (w *matrixWorld) formerCaseHousehold(t *testing.T) int64 {
	t.Helper()
	h := hhHousehold(t, w.db, w.orgA, "Centrum")
	c := hhCase(t, w.db, h, w.actors["regisseur-of-case"])
	hhInvolve(t, w.db, c, w.police, hhDays(-30), nil)
	hhInvolve(t, w.db, c, w.housing, hhDays(-100), hhPtr(hhDays(-10)))
	if _, err := w.db.ChangeCaseStatus(hhSys(), c, kluwen.CaseAfgesloten, "Doelen bereikt"); err != nil {
		t.Fatalf("close case: %v", err)
	}
	return h
}

// A matrix outcome: ok (and, for searches, the fixture's object is in the
// result), okWithout (a search that succeeds without it), or an error code.
const (
	mOK        = "ok"
	mOKWithout = "ok-"
	mNotFound  = "nf"
	mForbidden = "fb"
)

// matrixAction is one column. do runs the action as the actor in ctx (setting up
// what it needs as the system actor first) and reports for searches whether the
// fixture's object was in the result.
type matrixAction struct {
	name   string
	expect string // one outcome per matrixRoles entry
	do     func(t *testing.T, w *matrixWorld, ctx context.Context) (found bool, err error)
}

var matrixActions = []matrixAction{
	{"read household", "ok ok nf ok nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindHouseholdByID(ctx, w.household)
		return true, err
	}},
	{"search households", "ok ok ok- ok ok- ok- fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		hs, err := w.db.FindHouseholds(ctx, kluwen.HouseholdFilter{})
		return slices.ContainsFunc(hs, func(h *kluwen.Household) bool { return h.ID == w.household }), err
	}},
	{"read person", "ok ok nf ok nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindPersonByID(ctx, w.parent)
		return true, err
	}},
	{"search persons", "ok ok ok- ok ok- ok- fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		ps, err := w.db.FindPersons(ctx, kluwen.PersonFilter{Query: "ouder"})
		return slices.ContainsFunc(ps, func(p *kluwen.Person) bool { return p.ID == w.parent }), err
	}},
	{"read case", "ok ok nf ok nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindCaseByID(ctx, w.caseID)
		return true, err
	}},
	{"list cases", "ok ok ok- ok ok- ok- fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		cs, err := w.db.FindCases(ctx, kluwen.CaseFilter{})
		return slices.ContainsFunc(cs, func(c *kluwen.Case) bool { return c.ID == w.caseID }), err
	}},
	{"read family", "ok ok nf ok nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.FindFamily(ctx, w.household)
		return true, err
	}},
	{"update household", "ok ok nf fb nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		_, err := w.db.UpdateHousehold(ctx, w.household, kluwen.HouseholdUpdate{Wijk: hhPtr("Centrum")})
		return true, err
	}},
	{"add member", "ok ok nf fb nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		newcomer := hhPerson(t, w.db, w.orgA, "Nieuwkomer")
		return true, w.db.AddMember(ctx, &kluwen.Membership{HouseholdID: w.household, PersonID: newcomer, From: hhDays(0), Role: kluwen.MemberOther})
	}},
	{"create person", "ok ok ok fb fb fb fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		return true, w.db.CreatePerson(ctx, &kluwen.Person{GivenName: "Nieuw", FamilyName: "Persoon", BirthDate: hhDate("1990-01-01")})
	}},
	{"create relation", "ok ok nf fb nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		grandchild := hhPerson(t, w.db, w.orgA, "Kleinkind")
		return true, w.db.CreateRelation(ctx, &kluwen.Relation{PersonID: w.parent, RelatedPersonID: grandchild, Kind: kluwen.RelationParent})
	}},
	{"change case status", "ok ok nf fb nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		var cur string
		if err := w.db.RawDB().QueryRow(w.db.Rebind(`SELECT status FROM cases WHERE id = ?`), w.caseID).Scan(&cur); err != nil {
			t.Fatal(err)
		}
		_, err := w.db.ChangeCaseStatus(ctx, w.caseID, kluwen.CaseStatus(cur).NextStatuses()[0], "Volgende fase")
		return true, err
	}},
	{"add involvement", "ok ok nf fb nf nf nf nf nf nf", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		return true, w.db.AddInvolvement(ctx, &kluwen.Involvement{CaseID: w.caseID, OrganisationID: w.reclassering, From: hhDays(0), LegalBasis: kluwen.BasisConsent})
	}},
	{"open case", "ok ok nf fb fb fb fb fb fb fb", func(t *testing.T, w *matrixWorld, ctx context.Context) (bool, error) {
		// H has an open case, and a household has only one (see
		// TestOneOpenCasePerHousehold), so each attempt gets a household that
		// stands to every actor as H does, but whose case is closed.
		h := w.formerCaseHousehold(t)
		a := kluwen.ActorFromContext(ctx)
		return true, w.db.CreateCase(ctx, &kluwen.Case{HouseholdID: h, Title: "Nieuwe aanmelding", RegisseurID: a.UserID})
	}},
}

// TestAccessMatrix runs every action as every role and checks the answer and the
// access log: a refused attempt writes a refused entry (and no success), an
// allowed one a success entry (and no refusal), always in the actor's name.
func TestAccessMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		for _, act := range matrixActions {
			expect := strings.Fields(act.expect)
			if len(expect) != len(matrixRoles) {
				t.Fatalf("%s: %d outcomes for %d roles", act.name, len(expect), len(matrixRoles))
			}
			for i, role := range matrixRoles {
				want := expect[i]
				t.Run(act.name+"/"+role, func(t *testing.T) {
					a := w.actors[role]
					head := hhLogHead(t, db)
					found, err := act.do(t, w, hhAs(a))
					got := outcomeOf(found, err)
					if got != want {
						t.Fatalf("%s as %s = %s (%v); want %s", act.name, role, got, err, want)
					}
					var success, refused int
					for _, e := range hhLogSince(t, db, head) {
						if e.UserID != a.UserID {
							continue // the fixture the action set up as the system actor
						}
						switch e.Outcome {
						case string(kluwen.OutcomeSuccess):
							success++
						case string(kluwen.OutcomeRefused):
							refused++
						default:
							t.Errorf("unexpected outcome %q in %+v", e.Outcome, e)
						}
					}
					if want == mOK || want == mOKWithout {
						if success == 0 || refused != 0 {
							t.Errorf("access log after allowed %s: %d success, %d refused; want ≥1 success, 0 refused", act.name, success, refused)
						}
					} else if refused == 0 || success != 0 {
						t.Errorf("access log after refused %s: %d success, %d refused; want ≥1 refused, 0 success", act.name, success, refused)
					}
				})
			}
		}
	})
}

func outcomeOf(found bool, err error) string {
	switch kluwen.ErrorCode(err) {
	case "":
		if found {
			return mOK
		}
		return mOKWithout
	case kluwen.ENOTFOUND:
		return mNotFound
	case kluwen.EFORBIDDEN:
		return mForbidden
	}
	return fmt.Sprintf("error %v", err)
}

// TestAccessNoActor: without an actor every call answers EUNAUTHORIZED.
func TestAccessNoActor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		_, err := db.FindHouseholdByID(ctx, 1)
		hhWantCode(t, err, kluwen.EUNAUTHORIZED)
		_, err = db.FindPersons(ctx, kluwen.PersonFilter{})
		hhWantCode(t, err, kluwen.EUNAUTHORIZED)
		hhWantCode(t, db.CreateCase(ctx, &kluwen.Case{}), kluwen.EUNAUTHORIZED)
		_, err = db.Overview(ctx)
		hhWantCode(t, err, kluwen.EUNAUTHORIZED)
	})
}

// TestSearchMatchesRules checks that the SQL filters of the searches agree with
// the need-to-know rules: for every actor, a search returns exactly the objects
// the actor can read one by one. The world has the edge cases: a household known
// only by registration, a case of another organisation on a household of this
// one, an involvement that starts tomorrow, one that ends today (still active),
// one that ended yesterday, a closed case, persons known only by registration.
func TestSearchMatchesRules(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newMatrixWorld(t, db)
		regOther := w.actors["regisseur-other-org"]
		regCase := w.actors["regisseur-of-case"]

		h2 := hhHousehold(t, db, w.orgA, "Noord") // registered by A, no case
		h3 := hhHousehold(t, db, w.orgB, "Zuid")  // B's, with a case of B
		c3 := hhCase(t, db, h3, regOther)
		hhInvolve(t, db, c3, w.debts, hhDays(-5), nil)
		hhInvolve(t, db, c3, w.police, hhDays(1), nil) // starts tomorrow
		h4 := hhHousehold(t, db, w.orgB, "Zuid")       // B's, no case
		h5 := hhHousehold(t, db, w.orgA, "Oost")       // A's, case of B
		hhCase(t, db, h5, regOther)
		h6 := hhHousehold(t, db, w.orgB, "West") // B's, closed case of A
		c6 := hhCase(t, db, h6, regCase)
		hhInvolve(t, db, c6, w.housing, hhDays(-50), hhPtr(hhDays(-1))) // ended yesterday
		hhInvolve(t, db, c6, w.debts, hhDays(-50), hhPtr(hhDays(0)))    // ends today
		for _, to := range []kluwen.CaseStatus{kluwen.CaseAfgesloten} {
			if _, err := db.ChangeCaseStatus(hhSys(), c6, to, "Doelen bereikt"); err != nil {
				t.Fatal(err)
			}
		}
		for i, h := range []int64{h2, h3, h4, h5, h6} {
			p := hhPerson(t, db, w.orgB, fmt.Sprintf("Bewoner%d", i))
			hhMember(t, db, h, p, hhDays(-100), hhPtr(hhDays(-20)))
		}
		hhPerson(t, db, w.orgB, "Losse")        // registered by B, no household
		pa := hhPerson(t, db, w.orgA, "Elders") // registered by A, member of B's h4
		hhMember(t, db, h4, pa, hhDays(-3), nil)

		actors := []*kluwen.Actor{kluwen.SystemActor("cli: test")}
		for _, r := range matrixRoles {
			if w.actors[r].Can(kluwen.PermReadPersonalData) {
				actors = append(actors, w.actors[r])
			}
		}
		allIDs := func(table string) []int64 {
			rows, err := db.RawDB().Query(`SELECT id FROM ` + table + ` ORDER BY id`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var ids []int64
			for rows.Next() {
				var id int64
				rows.Scan(&id)
				ids = append(ids, id)
			}
			return ids
		}
		for _, a := range actors {
			ctx := hhAs(a)
			name := a.Username
			if a.System() {
				name = "system"
			}
			t.Run(name, func(t *testing.T) {
				var wantH, wantP, wantC []int64
				for _, id := range allIDs("households") {
					if _, err := db.FindHouseholdByID(ctx, id); err == nil {
						wantH = append(wantH, id)
					} else {
						hhWantCode(t, err, kluwen.ENOTFOUND)
					}
				}
				for _, id := range allIDs("persons") {
					if _, err := db.FindPersonByID(ctx, id); err == nil {
						wantP = append(wantP, id)
					} else {
						hhWantCode(t, err, kluwen.ENOTFOUND)
					}
				}
				for _, id := range allIDs("cases") {
					if _, err := db.FindCaseByID(ctx, id); err == nil {
						wantC = append(wantC, id)
					} else {
						hhWantCode(t, err, kluwen.ENOTFOUND)
					}
				}
				var gotH, gotP, gotC []int64
				// Page one at a time to exercise AfterID and Limit.
				for after := int64(0); ; {
					hs, err := db.FindHouseholds(ctx, kluwen.HouseholdFilter{AfterID: after, Limit: 1})
					hhMust(t, err)
					if len(hs) == 0 {
						break
					}
					if len(hs) != 1 {
						t.Fatalf("page of %d households with Limit 1", len(hs))
					}
					gotH = append(gotH, hs[0].ID)
					after = hs[0].ID
				}
				ps, err := db.FindPersons(ctx, kluwen.PersonFilter{Limit: 200})
				hhMust(t, err)
				for _, p := range ps {
					gotP = append(gotP, p.ID)
				}
				cs, err := db.FindCases(ctx, kluwen.CaseFilter{Limit: 200})
				hhMust(t, err)
				for _, c := range cs {
					gotC = append(gotC, c.ID)
				}
				if !slices.Equal(gotH, wantH) {
					t.Errorf("households: search %v, readable %v", gotH, wantH)
				}
				if !slices.Equal(gotP, wantP) {
					t.Errorf("persons: search %v, readable %v", gotP, wantP)
				}
				if !slices.Equal(gotC, wantC) {
					t.Errorf("cases: search %v, readable %v", gotC, wantC)
				}
			})
		}
		// Spot checks that the world has the edges it claims.
		police := hhAs(w.actors["professional-involved"])
		if _, err := db.FindCaseByID(police, c3); kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
			t.Errorf("police read case with an involvement from tomorrow: %v", err)
		}
		debts := hhAs(w.actors["professional-uninvolved"])
		if _, err := db.FindCaseByID(debts, c6); err != nil {
			t.Errorf("debt relief read closed case with an involvement ending today: %v", err)
		}
		housing := hhAs(w.actors["professional-ended"])
		if _, err := db.FindCaseByID(housing, c6); kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
			t.Errorf("housing read case whose involvement ended yesterday: %v", err)
		}
		if _, err := db.FindHouseholdByID(hhAs(w.actors["regisseur-same-org"]), h5); err != nil {
			t.Errorf("regisseur of A read A's household with B's case: %v", err)
		}
		if _, err := db.FindPersonByID(hhAs(regCase), pa); err != nil {
			t.Errorf("regisseur of A read a person A registered: %v", err)
		}
		// ... but searching by B's household does not reveal that they live there.
		if ps, err := db.FindPersons(hhAs(regCase), kluwen.PersonFilter{HouseholdID: &h4}); err != nil || len(ps) != 0 {
			t.Errorf("search by an unreadable household = %d persons, %v; want none", len(ps), err)
		}
	})
}
