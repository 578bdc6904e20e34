package demo_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"slices"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/demo"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// small is the town the tests make: small enough to be quick, with enough cases
// to have some with and some without the police.
var small = demo.Options{Households: 60, OpenCases: 12, ClosedCases: 3}

func services(db *sqlstore.DB) kluwen.Services {
	return kluwen.Services{Organisations: db, Users: db, Auth: db, Households: db, Persons: db, Cases: db, Audit: db, Stats: db, Costs: db}
}

func systemCtx() context.Context {
	return kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("test"))
}

// eachDB runs fn on a fresh SQLite database and on a fresh PostgreSQL one, each
// with the store's clock wired to a demo clock.
func eachDB(t *testing.T, fn func(t *testing.T, open func() (*sqlstore.DB, *demo.Clock))) {
	t.Helper()
	open := func(t *testing.T, dialect string) func() (*sqlstore.DB, *demo.Clock) {
		return func() (*sqlstore.DB, *demo.Clock) {
			clk := &demo.Clock{}
			if dialect == "sqlite" {
				return testdb.SQLite(t, testdb.Options{Now: clk.Now}), clk
			}
			return testdb.Postgres(t, testdb.Options{Now: clk.Now}), clk
		}
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, open(t, "sqlite")) })
	t.Run("postgres", func(t *testing.T) {
		testdb.PostgresDSN(t)
		fn(t, open(t, "postgres"))
	})
}

func mustGenerate(t testing.TB, db *sqlstore.DB, opt demo.Options) *demo.Result {
	t.Helper()
	start := time.Now()
	res, err := demo.Generate(context.Background(), services(db), opt)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	t.Logf("%s: %d households, %d persons, %d memberships, %d relations, %d+%d cases, %d involvements; %d calls in %v",
		db.Dialect(), res.Households, res.Persons, res.Memberships, res.Relations, res.OpenCases, res.ClosedCases, res.Involvements, res.Calls, time.Since(start).Round(time.Millisecond))
	return res
}

// readBack is what the services say the database holds, read as the system
// actor, with a digest of all of it.
type readBack struct {
	digest                           string
	households, persons, memberships int
	relations, open, closed          int
	cases                            []*kluwen.Case // with involvements
	withoutCase                      []int64        // households
	costs                            int            // cost records
}

func read(t *testing.T, svc kluwen.Services) *readBack {
	t.Helper()
	ctx := systemCtx()
	rb := &readBack{}
	h := sha256.New()
	w := func(h hash.Hash, format string, args ...any) { fmt.Fprintf(h, format+"\n", args...) }
	date := func(t *time.Time) string {
		if t == nil {
			return "-"
		}
		return t.Format(kluwen.DateLayout)
	}
	withCase := map[int64]bool{}

	for after := int64(0); ; {
		page, err := svc.Cases.FindCases(ctx, kluwen.CaseFilter{AfterID: after, Limit: 200})
		if err != nil {
			t.Fatalf("FindCases: %v", err)
		}
		if len(page) == 0 {
			break
		}
		for _, c := range page {
			after = c.ID
			c, err := svc.Cases.FindCaseByID(ctx, c.ID)
			if err != nil {
				t.Fatalf("FindCaseByID: %v", err)
			}
			rb.cases = append(rb.cases, c)
			withCase[c.HouseholdID] = true
			if c.Status == kluwen.CaseAfgesloten {
				rb.closed++
			} else {
				rb.open++
			}
			w(h, "C %d %d %q %s %d %d %s %s", c.ID, c.HouseholdID, c.Title, c.Status, c.RegisseurID, c.OrganisationID, c.OpenedAt.Format(time.RFC3339Nano), date(c.ClosedAt))
			for _, s := range c.History {
				w(h, " S %s %s %q %d %s", s.From, s.To, s.Reason, s.UserID, s.ChangedAt.Format(time.RFC3339Nano))
			}
			for _, iv := range c.Involvements {
				contact := int64(0)
				if iv.ContactUserID != nil {
					contact = *iv.ContactUserID
				}
				w(h, " I %d %d %s %s %s %d %q", iv.ID, iv.OrganisationID, date(&iv.From), date(iv.To), iv.LegalBasis, contact, iv.Note)
			}
		}
	}
	for after := int64(0); ; {
		page, err := svc.Households.FindHouseholds(ctx, kluwen.HouseholdFilter{AfterID: after, Limit: 200})
		if err != nil {
			t.Fatalf("FindHouseholds: %v", err)
		}
		if len(page) == 0 {
			break
		}
		for _, x := range page {
			after = x.ID
			hh, err := svc.Households.FindHouseholdByID(ctx, x.ID)
			if err != nil {
				t.Fatalf("FindHouseholdByID: %v", err)
			}
			rb.households++
			if !withCase[hh.ID] {
				rb.withoutCase = append(rb.withoutCase, hh.ID)
			}
			w(h, "H %d %s %d %q %s %s %q %d", hh.ID, hh.Street, hh.HouseNumber, hh.HouseNumberAddition, hh.Postcode, hh.City, hh.Wijk, hh.RegisteredByOrgID)
			recs, err := svc.Costs.FindCostRecords(ctx, kluwen.CostRecordFilter{HouseholdID: hh.ID, Limit: 10000})
			if err != nil {
				t.Fatalf("FindCostRecords: %v", err)
			}
			for _, r := range recs {
				rb.costs++
				w(h, " K %d %d %s %d %d %s %s %s %t %q", r.ID, r.OrganisationID, r.ItemCode, r.Quantity, r.Amount, date(&r.From), date(&r.To), r.LifeDomain, r.Estimated, r.SourceRef)
			}
			for _, m := range hh.Members {
				rb.memberships++
				w(h, " M %d %d %s %s %s", m.ID, m.PersonID, date(&m.From), date(m.To), m.Role)
			}
		}
	}
	for after := int64(0); ; {
		page, err := svc.Persons.FindPersons(ctx, kluwen.PersonFilter{AfterID: after, Limit: 200})
		if err != nil {
			t.Fatalf("FindPersons: %v", err)
		}
		if len(page) == 0 {
			break
		}
		for _, p := range page {
			after = p.ID
			rb.persons++
			w(h, "P %d %q %q %q %s %s %s %d", p.ID, p.GivenName, p.FamilyNamePrefix, p.FamilyName, date(&p.BirthDate), p.BSN, p.BSNMasked, p.RegisteredByOrgID)
			rels, err := svc.Persons.FindRelations(ctx, p.ID)
			if err != nil {
				t.Fatalf("FindRelations: %v", err)
			}
			for _, r := range rels {
				if r.PersonID == p.ID { // each tie once
					rb.relations++
					w(h, " R %d %d %d %s", r.ID, r.PersonID, r.RelatedPersonID, r.Kind)
				}
			}
		}
	}
	rb.digest = fmt.Sprintf("%x", h.Sum(nil))
	return rb
}

func TestGenerate(t *testing.T) {
	var firstDigest string
	eachDB(t, func(t *testing.T, open func() (*sqlstore.DB, *demo.Clock)) {
		db, clk := open()
		opt := small
		opt.Clock = clk
		var reports int
		opt.Progress = func(done, total int, what string) {
			reports++
			if done > total {
				t.Errorf("progress %d of %d", done, total)
			}
		}
		res := mustGenerate(t, db, opt)
		svc := services(db)
		rb := read(t, svc)

		t.Run("counts", func(t *testing.T) {
			if res.Households != small.Households || res.OpenCases != small.OpenCases || res.ClosedCases != small.ClosedCases {
				t.Errorf("made %d households, %d open and %d closed cases; want %d, %d, %d",
					res.Households, res.OpenCases, res.ClosedCases, small.Households, small.OpenCases, small.ClosedCases)
			}
			got := [6]int{rb.households, rb.persons, rb.memberships, rb.relations, rb.open, rb.closed}
			want := [6]int{res.Households, res.Persons, res.Memberships, res.Relations, res.OpenCases, res.ClosedCases}
			if got != want {
				t.Errorf("database holds households, persons, memberships, relations, open, closed cases %v; Generate reported %v", got, want)
			}
			if res.Organisations < 20 || res.Users != 40 || len(res.DemoUsers) != 40 || res.Persons <= res.Households {
				t.Errorf("result %+v", res)
			}
			if rb.costs == 0 || rb.costs != res.CostRecords {
				t.Errorf("database holds %d cost records; Generate reported %d", rb.costs, res.CostRecords)
			}
			if reports < 3 {
				t.Errorf("progress reported %d times", reports)
			}
			orgs, err := svc.Organisations.FindOrganisations(systemCtx(), kluwen.OrganisationFilter{})
			if err != nil || len(orgs) != res.Organisations {
				t.Errorf("FindOrganisations: %d, %v; want %d", len(orgs), err, res.Organisations)
			}
		})

		t.Run("deterministic", func(t *testing.T) {
			db2, clk2 := open()
			opt2 := small
			opt2.Clock = clk2
			mustGenerate(t, db2, opt2)
			if again := read(t, services(db2)); again.digest != rb.digest {
				t.Fatalf("two runs with the same options differ: digest %s and %s", rb.digest, again.digest)
			}
			// The same town on either database.
			if firstDigest == "" {
				firstDigest = rb.digest
			} else if rb.digest != firstDigest {
				t.Errorf("%s gives another town than the first database: %s vs %s", db.Dialect(), rb.digest, firstDigest)
			}
		})

		t.Run("story times", func(t *testing.T) {
			ref := demo.ReferenceDate()
			for _, c := range rb.cases {
				if !c.OpenedAt.Before(ref) || len(c.History) == 0 || !c.History[0].ChangedAt.Equal(c.OpenedAt) {
					t.Fatalf("case %d opened %s, history %v: want the story's dates before %s", c.ID, c.OpenedAt, c.History, ref)
				}
				for _, iv := range c.Involvements {
					if iv.From.Before(kluwen.DateOf(c.OpenedAt)) {
						t.Errorf("case %d opened %s, partner %d from %s", c.ID, c.OpenedAt, iv.OrganisationID, iv.From)
					}
				}
			}
			if now := clk.Now(); time.Since(now) > time.Minute {
				t.Errorf("clock still on the story's time %s after Generate", now)
			}
		})

		t.Run("users", func(t *testing.T) {
			want := []struct {
				username string
				role     kluwen.Role
				org      string
			}{
				{"regisseur", kluwen.RoleRegisseur, "Gemeente Rivierstad"},
				{"regisseur2", kluwen.RoleRegisseur, ""},
				{"wijkagent", kluwen.RoleProfessional, "Politie Eenheid Rivierland"},
				{"schuldhulp", kluwen.RoleProfessional, "Kredietbank Rivierland"},
				{"woonconsulent", kluwen.RoleProfessional, "Woonstichting De Rivierstede"},
				{"jeugdzorg", kluwen.RoleProfessional, "Jeugdhulp De Kade"},
				{"analist", kluwen.RoleAnalyst, "Gemeente Rivierstad"},
				{"privacy", kluwen.RolePrivacyOfficer, "Gemeente Rivierstad"},
				{"beheer", kluwen.RoleAdmin, "Gemeente Rivierstad"},
				{"redactie", kluwen.RoleEditor, ""},
				{"ggz", kluwen.RoleProfessional, "GGZ Rivierland"},
				{"verslavingszorg", kluwen.RoleProfessional, "Verslavingszorg Rivierland"},
				{"veiligthuis", kluwen.RoleProfessional, "Veilig Thuis Rivierland"},
				{"reclassering", kluwen.RoleProfessional, "Reclassering Rivierland"},
				{"leerplicht", kluwen.RoleProfessional, "Gemeente Rivierstad"},
			}
			all, err := svc.Users.FindUsers(systemCtx(), kluwen.UserFilter{})
			if err != nil || len(all) != 40 {
				t.Fatalf("FindUsers: %d users, %v; want 40", len(all), err)
			}
			for _, w := range want {
				i := slices.IndexFunc(all, func(u *kluwen.User) bool { return u.Username == w.username })
				if i < 0 {
					t.Errorf("no user %q", w.username)
					continue
				}
				u := all[i]
				if u.Role != w.role || (w.org != "" && (u.Organisation == nil || u.Organisation.Name != w.org)) {
					t.Errorf("user %q: role %s, organisation %v; want %s at %q", w.username, u.Role, u.Organisation, w.role, w.org)
				}
			}
			ctx := kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{ClientAddr: "192.0.2.1", Purpose: "test"})
			for _, name := range []string{"regisseur", "wijkagent", "beheer"} {
				u, err := svc.Auth.Authenticate(ctx, name, demo.DefaultPassword)
				if err != nil || u.Username != name {
					t.Errorf("sign in as %s with the demo password: %v", name, err)
				}
			}
			if _, err := svc.Auth.Authenticate(ctx, "regisseur", "not-the-demo-password"); kluwen.ErrorCode(err) != kluwen.EUNAUTHORIZED {
				t.Errorf("sign in with a wrong password: %v; want %s", err, kluwen.EUNAUTHORIZED)
			}
		})

		t.Run("wijkagent sees the cases of the police", func(t *testing.T) {
			us, err := svc.Users.FindUsers(systemCtx(), kluwen.UserFilter{Username: ptr("wijkagent")})
			if err != nil || len(us) != 1 {
				t.Fatalf("FindUsers wijkagent: %v", err)
			}
			u := us[0]
			agent := kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{
				UserID: u.ID, Username: u.Username, OrganisationID: u.OrganisationID, Role: u.Role, ClientAddr: "192.0.2.2", Purpose: "test"})
			today := kluwen.Today()
			var want, notVisible []int64
			for _, c := range rb.cases {
				if slices.ContainsFunc(c.Involvements, func(iv *kluwen.Involvement) bool { return iv.OrganisationID == u.OrganisationID && iv.Active(today) }) {
					want = append(want, c.ID)
				} else {
					notVisible = append(notVisible, c.HouseholdID)
				}
			}
			var got []int64
			for after := int64(0); ; {
				page, err := svc.Cases.FindCases(agent, kluwen.CaseFilter{AfterID: after})
				if err != nil {
					t.Fatalf("FindCases as wijkagent: %v", err)
				}
				if len(page) == 0 {
					break
				}
				for _, c := range page {
					got, after = append(got, c.ID), c.ID
				}
			}
			if len(want) == 0 || len(notVisible) == 0 || !slices.Equal(got, want) {
				t.Fatalf("wijkagent sees cases %v; want %v (the police actively involved), and some cases without them", got, want)
			}
			for _, id := range append(notVisible[:1], rb.withoutCase[0]) {
				if _, err := svc.Households.FindHouseholdByID(agent, id); kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
					t.Errorf("wijkagent reads household %d without a police case: %v; want %s", id, err, kluwen.ENOTFOUND)
				}
			}
			t.Logf("wijkagent sees %d of %d cases", len(got), len(rb.cases))
		})

		t.Run("refuses a database that is not empty", func(t *testing.T) {
			_, err := demo.Generate(context.Background(), svc, small)
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT || kluwen.ErrorMessage(err) != demo.NotEmptyMessage {
				t.Fatalf("second Generate: %v; want %s %q", err, kluwen.ECONFLICT, demo.NotEmptyMessage)
			}
		})
	})
}

func ptr[T any](v T) *T { return &v }

// BenchmarkGenerate makes the full-size town once per database and reports the
// time, in all and per phase:
//
//	go test ./internal/demo -run '^$' -bench Generate -benchtime 1x -v
func BenchmarkGenerate(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				clk := &demo.Clock{}
				var db *sqlstore.DB
				if dialect == "sqlite" {
					db = testdb.SQLite(b, testdb.Options{Now: clk.Now})
				} else {
					db = testdb.Postgres(b, testdb.Options{Now: clk.Now})
				}
				b.StartTimer()
				phase, what, from := time.Now(), "", 0
				opt := demo.Options{Clock: clk, Progress: func(done, total int, now string) {
					if now == what {
						return
					}
					if what != "" {
						el := time.Since(phase)
						b.Logf("%-24s %6d calls in %8v: %5d µs a call", what, done-from, el.Round(time.Millisecond), el.Microseconds()/int64(max(done-from, 1)))
					}
					phase, what, from = time.Now(), now, done
				}}
				res := mustGenerate(b, db, opt)
				b.ReportMetric(float64(res.Calls), "calls/op")
			}
		})
	}
}
