// Package demo fills an empty Kluwen database with a synthetic municipality,
// Rivierstad, for demonstrations, training and tests: some twenty partner
// organisations, forty demo users, a few thousand households whose members
// changed over time and whose families span several households, and a caseload
// of multi-problem cases with their status histories and involved partners,
// and their case work: signals over the years, repeated assessments, the plan
// with goals and actions of the partners, case conferences, deviations and
// escalations. One "busy" household has five years of all of it.
//
// Everything is made up: names are random combinations of common given and
// family names, streets and postcodes are fictional, and BSNs lie in a test range
// (starting with 99) and only pass the elfproef. The town is planned in memory
// from a seed first (math/rand/v2 with a PCG source, every date reckoned back
// from ReferenceDate, only slices iterated), so a seed always gives the same
// data. It is then written through the services with the system actor in the
// context, so validation and the access log apply as they do to anything else;
// the demo has no way into the database around them.
package demo

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/kluwen/kluwen"
)

// Defaults of Options.
const (
	DefaultHouseholds        = 2000
	DefaultSeed       uint64 = 20260101
	// DefaultPassword is the password of every demo user. It is published: a demo
	// database must never hold real data.
	DefaultPassword = "kluwen-demo-2026"
)

// Purpose is the purpose the demo's service calls carry in the access log.
const Purpose = "kluwen demo"

// Options configure Generate. The zero value gives the default town.
type Options struct {
	// Households is the number of households (default 2000).
	Households int
	// Seed selects the town (default DefaultSeed).
	Seed uint64
	// Password is the password of every demo user (default DefaultPassword).
	Password string
	// OpenCases and ClosedCases are the numbers of cases open and closed on the
	// reference date, each on its own household. They default to 7.5% and 2% of
	// the households: 150 and 40 for 2000.
	OpenCases, ClosedCases int
	// Progress, when set, is called now and then with the number of service
	// calls done, the total, and what is being made (in Dutch).
	Progress func(done, total int, what string)
	// Today is the day the demo is made for (default ReferenceDate). The story
	// ends on the reference date; what lies after it — actions due ahead,
	// conferences still to come — is moved along to Today, so that a demo made
	// later still has work ahead. The same options with the same Today give the
	// same data.
	Today time.Time
	// Bulk, when set, writes a town of more than BulkThreshold households
	// (households, persons and everything after them) in one transaction
	// instead of through the services; see BulkLoader.
	Bulk BulkLoader
	// BulkAbove is the number of households above which Bulk is used (default
	// BulkThreshold).
	BulkAbove int
	// Clock, when set, is moved along the story while the cases are written, so
	// that the times the store records by itself (when a case opened, when its
	// status changed) lie on the dates of the story instead of all on the
	// moment of generation. Wire the same clock into the store (its Now option);
	// it tells the real time before and after. The access-log entries of those
	// calls carry the story's times too.
	Clock *Clock
}

func (o Options) withDefaults() Options {
	if o.Households <= 0 {
		o.Households = DefaultHouseholds
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.OpenCases <= 0 {
		o.OpenCases = (o.Households*3 + 20) / 40
	}
	if o.ClosedCases <= 0 {
		o.ClosedCases = (o.Households + 25) / 50
	}
	if o.BulkAbove <= 0 {
		o.BulkAbove = BulkThreshold
	}
	if o.Today.Before(ReferenceDate()) {
		o.Today = ReferenceDate()
	}
	o.Today = kluwen.DateOf(o.Today)
	return o
}

// User is a demo user as shown to the operator.
type User struct {
	Username     string
	DisplayName  string
	Role         kluwen.Role
	Organisation string
}

// Result says what Generate made.
type Result struct {
	Organisations int
	Departments   int
	Users         int
	Households    int
	Persons       int
	Memberships   int
	Relations     int
	OpenCases     int
	ClosedCases   int
	StatusChanges int // after the opening of each case
	Involvements  int
	Signals       int
	Assessments   int
	Goals         int
	Actions       int // made directly or from a conference decision
	Conferences   int
	Decisions     int
	Maatwerk      int
	Escalations   int
	// BusyHouseholdID is the household with five years of history (hundreds of
	// signals, tens of assessments, goals, actions and conferences) for the
	// speed target of the household page; BusyCaseID is its open case, whose
	// regisseur is the demo user "regisseur". Zero when there are no open cases.
	BusyHouseholdID int64
	BusyCaseID      int64
	CostRecords     int // imported once per organisation
	// DemoUsers lists every demo user, in a fixed order.
	DemoUsers []User
	// Calls is the number of service calls made.
	Calls int
}

// Clock is a clock Generate can move along the story (see Options.Clock). Until
// it is set, and after Generate, Now is the real time.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the story's time while Generate writes the cases, and the real time
// otherwise.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.t.IsZero() {
		return time.Now()
	}
	return c.t
}

func (c *Clock) set(t time.Time) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// NotEmptyMessage is the message of the error (ECONFLICT) Generate returns on a
// database that already has organisations.
const NotEmptyMessage = "De database is niet leeg; demogegevens worden alleen in een lege database gezet."

// Generate fills an empty database with the demo town through svc, as the system
// actor. It refuses (ECONFLICT) when the database already has an organisation.
// Two runs with the same options on empty databases give the same data.
func Generate(ctx context.Context, svc kluwen.Services, opt Options) (*Result, error) {
	opt = opt.withDefaults()
	ctx = kluwen.NewContextWithActor(ctx, kluwen.SystemActor(Purpose))
	existing, err := svc.Organisations.FindOrganisations(ctx, kluwen.OrganisationFilter{})
	if err != nil {
		return nil, fmt.Errorf("demo: checking that the database is empty: %w", err)
	}
	if len(existing) > 0 {
		return nil, kluwen.Errorf(kluwen.ECONFLICT, NotEmptyMessage)
	}
	w := plan(opt)
	wr := &writer{svc: svc, opt: opt, w: w, res: &Result{}}
	steps := []func(context.Context) error{wr.organisations, wr.users, wr.households, wr.relations, wr.story, wr.costs}
	if opt.Bulk != nil && opt.Households > opt.BulkAbove {
		steps = []func(context.Context) error{wr.organisations, wr.users, wr.bulk, wr.costs}
		// The load counts as much as the organisations and users before it.
		wr.total = len(organisations) + len(users)
		for _, o := range organisations {
			wr.total += len(o.departments)
		}
		wr.total *= 2
		wr.total += wr.costImports()
	} else {
		wr.total = wr.countCalls()
	}
	if opt.Clock != nil {
		defer opt.Clock.set(time.Time{})
	}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return wr.res, err
		}
	}
	wr.progress("klaar", true)
	return wr.res, nil
}

// plan plans the whole town for the options.
func plan(opt Options) *world {
	w := planWorld(opt.Seed, opt.Households)
	planCases(w, opt.Seed, opt.OpenCases, opt.ClosedCases)
	planCasework(w, opt.Seed)
	w.costs = planCosts(w, opt.Seed)
	return w
}

// DemoUsers lists the demo users Generate makes, in a fixed order.
func DemoUsers() []User {
	out := make([]User, len(users))
	for i, u := range users {
		out[i] = User{u.username, u.displayName, u.role, organisations[u.org].name}
	}
	return out
}
