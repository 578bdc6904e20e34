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
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/demo"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// small is the town the tests make: small enough to be quick, with enough cases
// to have some with and some without the police.
var small = demo.Options{Households: 60, OpenCases: 12, ClosedCases: 3}

func services(db *sqlstore.DB) kluwen.Services {
	return kluwen.Services{Organisations: db, Users: db, Auth: db, Households: db, Persons: db, Cases: db, Audit: db, Stats: db,
		Signals: db, Assessments: db, Timeline: db, Notifications: db, MailOutbox: db, Plan: db, Conferences: db, Maatwerk: db, Escalations: db, Costs: db}
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
	t.Logf("%s: %d households, %d persons, %d memberships, %d relations, %d+%d cases, %d involvements, %d signals, %d assessments, %d goals, %d actions, %d conferences, %d decisions, %d deviations, %d escalations; %d calls in %v",
		db.Dialect(), res.Households, res.Persons, res.Memberships, res.Relations, res.OpenCases, res.ClosedCases, res.Involvements,
		res.Signals, res.Assessments, res.Goals, res.Actions, res.Conferences, res.Decisions, res.Maatwerk, res.Escalations, res.Calls, time.Since(start).Round(time.Millisecond))
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
	// The case work, counted.
	signals, confidential, assessments    int
	goals, actions, versions, conferences int
	decisions, maatwerk, escalations      int
	plans                                 map[int64]*kluwen.Plan         // by case
	conferencesOf                         map[int64][]*kluwen.Conference // by case
	costs                                 int                            // cost records
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
			readCasework(t, svc, c, rb, func(format string, args ...any) { w(h, format, args...) })
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

// readCasework reads the case work of a case into the digest (the household's
// timeline and assessments with it) and counts it.
func readCasework(t *testing.T, svc kluwen.Services, c *kluwen.Case, rb *readBack, w func(format string, args ...any)) {
	t.Helper()
	ctx := systemCtx()
	if rb.plans == nil {
		rb.plans, rb.conferencesOf = map[int64]*kluwen.Plan{}, map[int64][]*kluwen.Conference{}
	}
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
	cursor := ""
	for {
		page, err := svc.Timeline.HouseholdTimeline(ctx, c.HouseholdID, kluwen.TimelineFilter{Limit: 200, Cursor: cursor})
		if err != nil {
			t.Fatalf("HouseholdTimeline: %v", err)
		}
		for _, it := range page.Items {
			w(" T %s %s %s %q %q %d %d %d %d %s %v %s", it.Kind, it.Date.Format(kluwen.DateLayout), ts(it.At), it.Title, it.Summary, it.LifeDomain,
				it.OrganisationID, it.PersonID, it.CaseID, it.Ref, it.Confidential, it.Severity)
			if it.Kind == kluwen.TimelineSignal {
				rb.signals++
				if it.Confidential {
					rb.confidential++
				}
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	as, err := svc.Assessments.FindAssessments(ctx, kluwen.AssessmentFilter{HouseholdID: c.HouseholdID, Limit: 200})
	if err != nil {
		t.Fatalf("FindAssessments: %v", err)
	}
	for _, a := range as {
		rb.assessments++
		w(" A %d %d %s %d %q", a.ID, a.PersonID, a.Date.Format(kluwen.DateLayout), a.OrganisationID, a.Note)
		for _, s := range a.Scores {
			w("  %s %d", s.DomainCode, s.Score)
		}
	}
	plan, err := svc.Plan.FindPlan(ctx, c.ID)
	if err != nil {
		t.Fatalf("FindPlan: %v", err)
	}
	rb.plans[c.ID] = plan
	for _, g := range plan.Goals {
		rb.goals++
		w(" G %d %d %v %q %s %s %q %s", g.ID, g.Domain, g.PersonIDs, g.Description, g.TargetDate.Format(kluwen.DateLayout), g.Status, g.Evaluation, g.Confidentiality)
		for _, a := range g.Actions {
			rb.actions++
			w("  A %d %q %d %d %s %s %s %s %v", a.ID, a.Description, a.OrganisationID, a.OwnerUserID, a.Kind, a.DueDate.Format(kluwen.DateLayout), a.Status, a.Confidentiality, a.DecisionID != nil)
		}
	}
	hist, err := svc.Plan.FindPlanHistory(ctx, c.ID)
	if err != nil {
		t.Fatalf("FindPlanHistory: %v", err)
	}
	for _, v := range hist {
		rb.versions++
		w(" V %d %s %d %d %v %d %s", v.ID, v.Object, v.GoalID, v.Version, v.Changes, v.UserID, ts(v.ChangedAt))
	}
	confs, err := svc.Conferences.FindConferences(ctx, c.ID)
	if err != nil {
		t.Fatalf("FindConferences: %v", err)
	}
	rb.conferencesOf[c.ID] = confs
	for _, cf := range confs {
		rb.conferences++
		w(" C %d %s %d %q %q %q %v %q", cf.ID, ts(cf.StartsAt), cf.DurationMinutes, cf.Location, cf.VideoURL, cf.Agenda, cf.Present, cf.Minutes)
		for _, iv := range cf.Invitees {
			w("  I %d %v", iv.OrganisationID, iv.UserID != nil)
		}
		for _, d := range cf.Decisions {
			rb.decisions++
			w("  D %d %q %s %v", d.ID, d.Text, d.Status, d.ActionID != nil)
		}
	}
	ms, err := svc.Maatwerk.FindMaatwerk(ctx, c.ID)
	if err != nil {
		t.Fatalf("FindMaatwerk: %v", err)
	}
	for _, m := range ms {
		rb.maatwerk++
		w(" M %d %q %d %d %s %q %s", m.ID, m.Rule, m.Domain, m.CostCents, m.DecidedOn.Format(kluwen.DateLayout), m.Outcome, m.OutcomeResult)
	}
	es, err := svc.Escalations.FindEscalations(ctx, kluwen.EscalationFilter{CaseID: &c.ID})
	if err != nil {
		t.Fatalf("FindEscalations: %v", err)
	}
	for _, e := range es {
		rb.escalations++
		w(" E %d %s %q %q %s %s", e.ID, e.Level, e.Question, e.Answer, e.Status, ts(e.EscalatedAt))
	}
}

// as returns the context of a demo user.
func as(t *testing.T, svc kluwen.Services, username string) context.Context {
	t.Helper()
	us, err := svc.Users.FindUsers(systemCtx(), kluwen.UserFilter{Username: ptr(username)})
	if err != nil || len(us) != 1 {
		t.Fatalf("FindUsers %s: %v", username, err)
	}
	u := us[0]
	return kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{
		UserID: u.ID, Username: u.Username, OrganisationID: u.OrganisationID, Role: u.Role, ClientAddr: "192.0.2.2", Purpose: "test"})
}

// TestGenerate makes the small town through the services and with the bulk
// loader, on both databases: each gives the same data on either database, and
// both ways give the same town.
func TestGenerate(t *testing.T) {
	firstDigest := map[bool]string{}
	eachDB(t, func(t *testing.T, open func() (*sqlstore.DB, *demo.Clock)) {
		counts := map[bool][]int{}
		for _, bulk := range []bool{false, true} {
			name := "services"
			if bulk {
				name = "bulk"
			}
			t.Run(name, func(t *testing.T) {
				rb := testGenerate(t, open, bulk, firstDigest)
				counts[bulk] = []int{rb.households, rb.persons, rb.memberships, rb.relations, rb.open, rb.closed, rb.signals, rb.confidential,
					rb.assessments, rb.goals, rb.actions, rb.versions, rb.conferences, rb.decisions, rb.maatwerk, rb.escalations}
			})
		}
		if !slices.Equal(counts[false], counts[true]) {
			t.Errorf("through the services and in bulk the town differs: %v and %v", counts[false], counts[true])
		}
	})
}

func testGenerate(t *testing.T, open func() (*sqlstore.DB, *demo.Clock), bulk bool, firstDigest map[bool]string) *readBack {
	{
		db, clk := open()
		opt := small
		opt.Clock, opt.Today = clk, kluwen.Today()
		if bulk {
			opt.Bulk, opt.BulkAbove = app.BulkLoader(db), 1
		}
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
			gotWork := [8]int{rb.signals, rb.assessments, rb.goals, rb.actions, rb.conferences, rb.decisions, rb.maatwerk, rb.escalations}
			wantWork := [8]int{res.Signals, res.Assessments, res.Goals, res.Actions, res.Conferences, res.Decisions, res.Maatwerk, res.Escalations}
			if gotWork != wantWork {
				t.Errorf("database holds signals, assessments, goals, actions, conferences, decisions, deviations, escalations %v; Generate reported %v", gotWork, wantWork)
			}
			if res.Signals < 500 || res.Assessments < 40 || res.Goals < 15 || res.Actions < 40 || res.Conferences < 30 || res.Decisions < 30 ||
				res.Escalations < 1 || rb.confidential == 0 || rb.versions <= res.Goals+res.Actions {
				t.Errorf("too little case work: %+v; %d confidential signals, %d versions", res, rb.confidential, rb.versions)
			}
		})

		t.Run("deterministic", func(t *testing.T) {
			db2, clk2 := open()
			opt2 := opt
			opt2.Clock, opt2.Progress = clk2, nil
			if bulk {
				opt2.Bulk = app.BulkLoader(db2)
			}
			mustGenerate(t, db2, opt2)
			if again := read(t, services(db2)); again.digest != rb.digest {
				t.Fatalf("two runs with the same options differ: digest %s and %s", rb.digest, again.digest)
			}
			// The same town on either database.
			if firstDigest[bulk] == "" {
				firstDigest[bulk] = rb.digest
			} else if rb.digest != firstDigest[bulk] {
				t.Errorf("%s gives another town than the first database: %s vs %s", db.Dialect(), rb.digest, firstDigest[bulk])
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

		t.Run("problem domains", func(t *testing.T) {
			// The assessments give the portfolio a ranking by problem domains: the
			// households with a case lead it, with differing numbers.
			p, err := svc.Costs.CostPortfolio(systemCtx(), kluwen.PortfolioFilter{RankBy: kluwen.RankProblemDomains, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			counts := map[int]int{}
			for _, r := range p.Ranked {
				counts[r.ProblemDomains]++
			}
			if len(p.Ranked) == 0 || p.Ranked[0].ProblemDomains < 3 || counts[0] == 0 || len(counts) < 3 {
				t.Errorf("households per number of problem domains %v", counts)
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

		t.Run("start pages", func(t *testing.T) {
			// The featured partners find actions to do; the regisseur an open
			// escalation.
			for _, u := range []string{"schuldhulp", "wijkagent", "jeugdzorg", "woonconsulent"} {
				d, err := svc.Plan.FindDueActions(as(t, svc, u))
				if err != nil || len(d.Overdue)+len(d.DueSoon) == 0 {
					t.Errorf("%s's start page: %v, %v", u, d, err)
				}
			}
			es, err := svc.Escalations.FindEscalations(as(t, svc, "regisseur"), kluwen.EscalationFilter{Open: true})
			if err != nil || len(es) == 0 {
				t.Errorf("regisseur's open escalations: %d, %v", len(es), err)
			}
			// Unread notifications: those of the last weeks of the story. (The
			// bulk loader sends none.)
			if !bulk {
				n, err := svc.Notifications.CountUnreadNotifications(as(t, svc, "schuldhulp"))
				all, err2 := svc.Notifications.FindNotifications(as(t, svc, "schuldhulp"), kluwen.NotificationFilter{Limit: 200})
				if err != nil || err2 != nil || n == 0 || n >= len(all) {
					t.Errorf("schuldhulp has %d unread of %d notifications (%v, %v); want some read, some not", n, len(all), err, err2)
				}
			}
		})

		t.Run("busy household", func(t *testing.T) {
			if res.BusyHouseholdID == 0 || res.BusyCaseID == 0 {
				t.Fatalf("no busy household: %+v", res)
			}
			reg := as(t, svc, "regisseur")
			var signals, assessments, confidential int
			cursor := ""
			for {
				page, err := svc.Timeline.HouseholdTimeline(reg, res.BusyHouseholdID, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal, kluwen.TimelineAssessment}, Limit: 200, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, it := range page.Items {
					if it.Kind == kluwen.TimelineSignal {
						signals++
						if it.Confidential {
							confidential++
						}
					} else {
						assessments++
					}
				}
				if cursor = page.NextCursor; cursor == "" {
					break
				}
			}
			plan := rb.plans[res.BusyCaseID]
			goals, actions := len(plan.Goals), 0
			for _, g := range plan.Goals {
				actions += len(g.Actions)
			}
			confs := rb.conferencesOf[res.BusyCaseID]
			coming := 0
			for _, cf := range confs {
				if cf.StartsAt.After(time.Now()) {
					coming++
				}
			}
			if signals != 500 || assessments != 40 || goals+actions < 55 || len(confs) != 30 || coming != 1 || confidential == 0 {
				t.Errorf("busy household: %d signals (%d confidential), %d assessments, %d goals and %d actions, %d conferences (%d to come)",
					signals, confidential, assessments, goals, actions, len(confs), coming)
			}
			// The police, involved, do not see the confidential signals of youth
			// care and Veilig Thuis.
			page, err := svc.Timeline.HouseholdTimeline(as(t, svc, "wijkagent"), res.BusyHouseholdID, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal}, Limit: 200})
			if err != nil {
				t.Fatal(err)
			}
			police := page.Items[0].OrganisationID
			for _, it := range page.Items {
				if it.Confidential && it.OrganisationID != police {
					t.Fatalf("wijkagent sees a confidential signal of organisation %d", it.OrganisationID)
				}
			}
		})

		t.Run("refuses a database that is not empty", func(t *testing.T) {
			_, err := demo.Generate(context.Background(), svc, small)
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT || kluwen.ErrorMessage(err) != demo.NotEmptyMessage {
				t.Fatalf("second Generate: %v; want %s %q", err, kluwen.ECONFLICT, demo.NotEmptyMessage)
			}
		})
		return rb
	}
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
