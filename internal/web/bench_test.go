package web_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// The household page benchmark: GET /huishoudens/{id} end to end — session,
// handler, services with their access-log entries, templates — for a household
// with five years of history (500 signals, 40 assessments, 20 goals with 40
// actions, 30 conferences) in a town of KLUWEN_BENCH_HOUSEHOLDS households
// (default 100,000), on SQLite and PostgreSQL. The town is loaded with the
// store's bulk loader; the plan and the conferences of the busy household go
// through the services, as a regisseur makes them. Run it with
//
//	KLUWEN_TEST_POSTGRES=… go test ./internal/web/ -run '^$' -bench BenchmarkHouseholdPage -benchtime 200x
//
// Besides ns/op it reports the 50th and 95th percentile of one page in
// milliseconds. The target is a p95 under 50 ms.

// benchHouseholds is the size of the town.
func benchHouseholds(b *testing.B) int {
	if s := os.Getenv("KLUWEN_BENCH_HOUSEHOLDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			b.Fatalf("KLUWEN_BENCH_HOUSEHOLDS=%q: want a positive number", s)
		}
		return n
	}
	return 100000
}

// benchTown is what the benchmark needs of the loaded town.
type benchTown struct {
	busy     int64
	users    map[string]*kluwen.User
	loadTime time.Duration
	rows     int
}

var (
	benchGiven   = []string{"Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hatice", "Ilse", "Jayden", "Kim", "Lars", "Mila", "Noah", "Rosa", "Yusuf"}
	benchFamily  = []string{"Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Dekker", "Kaya", "Yilmaz", "Brouwer"}
	benchStreets = []string{"Dorpsstraat", "Kerkweg", "Molenlaan", "Schoolstraat", "Beukenlaan", "Havenkade", "Julianastraat", "Stationsweg"}
	benchWijken  = []string{"Centrum", "Noord", "Oost", "Zuid", "West", "Haven"}
	benchSignals = []string{"politie-incident", "overlastmelding", "huiselijk-geweld", "huurachterstand", "aanzegging-ontruiming", "schoolverzuim",
		"incasso-beslag", "veilig-thuis", "zorgmijding", "energieachterstand", "middelengebruik"}
	benchSeverities = []kluwen.Severity{kluwen.SeverityLow, kluwen.SeverityMedium, kluwen.SeverityMedium, kluwen.SeverityHigh, kluwen.SeverityAcute}
)

// loadBenchTown builds the town: organisations and users through the services,
// n households with their members (a tenth with a case, signals and
// assessments) and the busy household through the bulk loader, and the busy
// household's plan and conferences through the services.
func loadBenchTown(b *testing.B, db *sqlstore.DB, n int) *benchTown {
	b.Helper()
	sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: bench"))
	t := &benchTown{users: map[string]*kluwen.User{}}
	org := func(name string, sector kluwen.Sector) int64 {
		o := &kluwen.Organisation{Name: name, Sector: sector}
		if err := db.CreateOrganisation(sys, o); err != nil {
			b.Fatal(err)
		}
		return o.ID
	}
	user := func(username string, org int64, role kluwen.Role) {
		u := &kluwen.User{Username: username, DisplayName: "Test " + username, OrganisationID: org, Role: role}
		if err := db.CreateUser(sys, u, password); err != nil {
			b.Fatal(err)
		}
		t.users[username] = u
	}
	gemeente := org("Gemeente Kluwendam", kluwen.SectorGemeente)
	partners := []int64{org("Politie Kluwendam", kluwen.SectorVeiligheid), org("Woonstede", kluwen.SectorWonen),
		org("Schuldhulp Kluwendam", kluwen.SectorSchulden), org("Jeugdzorg Kluwendam", kluwen.SectorJeugd), org("GGZ Kluwendam", kluwen.SectorZorg)}
	user("regisseur", gemeente, kluwen.RoleRegisseur)
	for i, p := range partners {
		user("partner"+strconv.Itoa(i), p, kluwen.RoleProfessional)
	}
	reg := t.users["regisseur"]

	start := time.Now()
	var openCase int64
	err := db.BulkLoad(sys, func(bt *sqlstore.BulkTx) error {
		r := rand.New(rand.NewPCG(3, 4))
		today := bt.Today()
		daysAgo := func(lo, hi int) time.Time { return today.AddDate(0, 0, -(lo + r.IntN(hi-lo+1))) }
		household := func(i, adults, kids int) (int64, []int64, error) {
			h := &kluwen.Household{Street: benchStreets[i%len(benchStreets)], HouseNumber: 1 + i%500, Postcode: fmt.Sprintf("%d AB", 1000+i%8999),
				City: "Kluwendam", Wijk: benchWijken[i%len(benchWijken)], RegisteredByOrgID: gemeente}
			if err := bt.Household(h); err != nil {
				return 0, nil, err
			}
			family := benchFamily[r.IntN(len(benchFamily))]
			moved := daysAgo(2000, 6000)
			var members []int64
			for k := 0; k < adults+kids; k++ {
				born := daysAgo(20*365, 60*365)
				role := kluwen.MemberHead
				if k > 0 {
					role = kluwen.MemberPartner
				}
				if k >= adults {
					born, role = daysAgo(2*365, 16*365), kluwen.MemberChild
				}
				p := &kluwen.Person{GivenName: benchGiven[r.IntN(len(benchGiven))], FamilyName: family, BirthDate: born, RegisteredByOrgID: gemeente}
				if err := bt.Person(p); err != nil {
					return 0, nil, err
				}
				from := moved
				if born.After(from) {
					from = born
				}
				if err := bt.Member(&kluwen.Membership{HouseholdID: h.ID, PersonID: p.ID, From: from, Role: role}); err != nil {
					return 0, nil, err
				}
				if k > 0 && k < adults {
					if err := bt.Relation(&kluwen.Relation{PersonID: members[0], RelatedPersonID: p.ID, Kind: kluwen.RelationPartner}); err != nil {
						return 0, nil, err
					}
				}
				if k >= adults {
					for _, a := range members[:adults] {
						if err := bt.Relation(&kluwen.Relation{PersonID: a, RelatedPersonID: p.ID, Kind: kluwen.RelationParent}); err != nil {
							return 0, nil, err
						}
					}
				}
				members = append(members, p.ID)
			}
			return h.ID, members, nil
		}
		signal := func(h, person, org int64, on time.Time, conf bool) error {
			s := &kluwen.Signal{HouseholdID: h, TypeCode: benchSignals[r.IntN(len(benchSignals))], Date: on, OrganisationID: org,
				Severity: benchSeverities[r.IntN(len(benchSeverities))], Description: "Melding van een partner over de situatie thuis.", Confidentiality: kluwen.Normal}
			if person != 0 {
				s.PersonID = &person
			}
			if conf {
				s.Confidentiality = kluwen.Confidential
			}
			return bt.Signal(s)
		}
		assessment := func(h, person int64, on time.Time, domains int) error {
			a := &kluwen.Assessment{HouseholdID: h, PersonID: person, Date: on, OrganisationID: gemeente}
			for _, d := range kluwen.LifeDomains[:domains] {
				a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code(), Score: 1 + r.IntN(5)})
			}
			return bt.Assessment(a)
		}
		caseOf := func(h int64, opened time.Time, steps int, closed bool, orgs []int64) (*kluwen.Case, error) {
			c := &kluwen.Case{HouseholdID: h, Title: "Stapeling van problemen", RegisseurID: reg.ID, OrganisationID: gemeente, OpenedAt: opened,
				CreatedAt: opened, UpdatedAt: opened}
			c.History = []*kluwen.CaseStatusChange{{To: kluwen.CaseAanmelding, Reason: "Aangemeld", UserID: reg.ID, ChangedAt: opened}}
			cur, at := kluwen.CaseAanmelding, opened
			for s := 0; s < steps; s++ {
				next := cur.NextStatuses()[0]
				if closed && s == steps-1 {
					next = kluwen.CaseAfgesloten
				}
				at = at.Add(time.Duration(20+r.IntN(40)) * 24 * time.Hour)
				c.History = append(c.History, &kluwen.CaseStatusChange{From: cur, To: next, Reason: "Volgende stap", UserID: reg.ID, ChangedAt: at})
				cur = next
			}
			c.Status = cur
			var to *time.Time
			if closed {
				c.ClosedAt = &at
				d := kluwen.DateOf(at)
				to = &d
			}
			for _, o := range orgs {
				c.Involvements = append(c.Involvements, &kluwen.Involvement{OrganisationID: o, From: kluwen.DateOf(opened), To: to, LegalBasis: kluwen.BasisCovenant})
			}
			return c, bt.Case(c)
		}

		for i := 0; i < n; i++ {
			adults, kids := 1+r.IntN(2), r.IntN(4)
			h, members, err := household(i, adults, kids)
			if err != nil {
				return err
			}
			switch {
			case i%10 == 3:
				orgs := []int64{partners[r.IntN(3)], partners[3+r.IntN(2)]}
				if _, err := caseOf(h, today.AddDate(0, 0, -(400+r.IntN(1200))), 1+r.IntN(4), r.IntN(4) == 0, orgs); err != nil {
					return err
				}
				for s := 0; s < 5+r.IntN(10); s++ {
					if err := signal(h, members[r.IntN(len(members))], orgs[r.IntN(2)], daysAgo(0, 1800), r.IntN(10) == 0); err != nil {
						return err
					}
				}
				for _, p := range members[:adults] {
					for a := 0; a < 1+r.IntN(3); a++ {
						if err := assessment(h, p, daysAgo(0, 1200), 6+r.IntN(8)); err != nil {
							return err
						}
					}
				}
			case i%33 == 5:
				if err := signal(h, 0, partners[r.IntN(3)], daysAgo(0, 1800), false); err != nil {
					return err
				}
			}
		}

		// The busy household: two adults, two children, a closed case and an
		// open one, 500 signals and 40 assessments over five years.
		h, members, err := household(n, 2, 2)
		if err != nil {
			return err
		}
		t.busy = h
		five := today.AddDate(-5, 0, 0)
		if _, err := caseOf(h, five, 5, true, partners[1:3]); err != nil {
			return err
		}
		open, err := caseOf(h, five.AddDate(1, 0, 0), 3, false, partners)
		if err != nil {
			return err
		}
		openCase = open.ID
		for s := 0; s < 500; s++ {
			var person int64
			if s%3 > 0 {
				person = members[s%len(members)]
			}
			if err := signal(h, person, partners[s%len(partners)], daysAgo(0, 5*365-1), s%10 == 0); err != nil {
				return err
			}
		}
		for _, p := range members {
			for a := 0; a < 10; a++ {
				if err := assessment(h, p, five.AddDate(0, 6*a, 1), 13); err != nil {
					return err
				}
			}
		}
		for _, c := range bt.Counts() {
			t.rows += c
		}
		return nil
	})
	if err != nil {
		b.Fatalf("bulk load: %v", err)
	}
	t.loadTime = time.Since(start)

	// The plan and the conferences, as the regisseur makes them.
	ctx := kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{UserID: reg.ID, Username: reg.Username, OrganisationID: reg.OrganisationID,
		Role: reg.Role, ClientAddr: "192.0.2.1", Purpose: "bench"})
	h, err := db.FindHouseholdByID(ctx, t.busy)
	if err != nil {
		b.Fatal(err)
	}
	today := kluwen.Today()
	for g := 0; g < 20; g++ {
		m := h.Members[g%len(h.Members)]
		goal := &kluwen.Goal{CaseID: openCase, Domain: kluwen.LifeDomains[g%len(kluwen.LifeDomains)], PersonIDs: []int64{m.PersonID},
			Description: "Een meetbaar doel voor het gezin, nummer " + strconv.Itoa(g+1), TargetDate: today.AddDate(0, 3+g%9, 0)}
		if err := db.CreateGoal(ctx, goal); err != nil {
			b.Fatal(err)
		}
		for a := 0; a < 2; a++ {
			p := (g + a) % len(partners)
			owner := t.users["partner"+strconv.Itoa(p)]
			if err := db.CreateAction(ctx, &kluwen.Action{GoalID: goal.ID, Description: "Een actie van de partner", OrganisationID: partners[p],
				OwnerUserID: owner.ID, Kind: kluwen.ActionKinds[(g+a)%3], DueDate: today.AddDate(0, 0, 7*(g+a))}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for c := 0; c < 30; c++ {
		conf := &kluwen.Conference{CaseID: openCase, StartsAt: time.Now().AddDate(0, -2*c, 0).Truncate(time.Hour), DurationMinutes: 90, Location: "Stadskantoor",
			Agenda: []string{"Stand van zaken", "Afspraken"}, Invitees: []*kluwen.ConferenceInvitee{{OrganisationID: partners[c%len(partners)]}}}
		if err := db.ScheduleConference(ctx, conf); err != nil {
			b.Fatal(err)
		}
		if err := db.AddDecision(ctx, &kluwen.Decision{ConferenceID: conf.ID, Text: "Een afspraak"}); err != nil {
			b.Fatal(err)
		}
	}
	return t
}

// BenchmarkHouseholdPage renders the busy household's page as its regisseur
// and as an involved partner.
func BenchmarkHouseholdPage(b *testing.B) {
	n := benchHouseholds(b)
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *sqlstore.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			tw := loadBenchTown(b, db, n)
			b.Logf("%s: %d households (+1 busy), %d rows bulk-loaded in %v", dialect, n, tw.rows, tw.loadTime.Round(time.Millisecond))
			if dialect == "postgres" {
				if _, err := db.RawDB().Exec(`ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			srv, err := web.New(web.Config{}, services(db), slog.New(slog.DiscardHandler))
			if err != nil {
				b.Fatal(err)
			}
			path := "/huishoudens/" + strconv.FormatInt(tw.busy, 10)
			for _, who := range []string{"regisseur", "partner0"} {
				b.Run(who, func(b *testing.B) {
					c := &client{t: b, h: srv.Handler(), cookies: map[string]*http.Cookie{}, addr: "198.51.100.7:5555"}
					c.signIn(who, password)
					if res := c.get(path); res.Code != http.StatusOK || !strings.Contains(res.Body, `id="matrix"`) {
						b.Fatalf("household page: status %d\n%s", res.Code, excerpt(res.Body))
					}
					times := make([]time.Duration, 0, b.N)
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						start := time.Now()
						res := c.get(path)
						times = append(times, time.Since(start))
						if res.Code != http.StatusOK {
							b.Fatalf("household page: status %d", res.Code)
						}
					}
					b.StopTimer()
					slices.Sort(times)
					pct := func(p float64) float64 {
						i := int(float64(len(times))*p+0.999999) - 1
						return float64(times[max(0, min(i, len(times)-1))]) / float64(time.Millisecond)
					}
					b.ReportMetric(pct(0.50), "p50-ms")
					b.ReportMetric(pct(0.95), "p95-ms")
				})
			}
		})
	}
}
