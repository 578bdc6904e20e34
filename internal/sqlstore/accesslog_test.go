package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

var (
	privacyOfficer = &kluwen.Actor{UserID: 7, Username: "fg", OrganisationID: 1, Role: kluwen.RolePrivacyOfficer, ClientAddr: "10.0.0.7", Purpose: "GET /toegangslog"}
	professional   = &kluwen.Actor{UserID: 12, Username: "wijkagent", OrganisationID: 2, Role: kluwen.RoleProfessional, ClientAddr: "10.0.0.12", Purpose: "GET /huishoudens/{id}"}
	regisseur      = &kluwen.Actor{UserID: 3, Username: "regie", OrganisationID: 1, Role: kluwen.RoleRegisseur, ClientAddr: "10.0.0.3", Purpose: "GET /casussen"}
	admin          = &kluwen.Actor{UserID: 4, Username: "beheer", OrganisationID: 1, Role: kluwen.RoleAdmin, ClientAddr: "10.0.0.4", Purpose: "GET /beheer"}
)

func as(a *kluwen.Actor) context.Context {
	return kluwen.NewContextWithActor(context.Background(), a)
}

func ptr[T any](v T) *T { return &v }

// clock is a settable time source for the database.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// eachWithClock runs fn on SQLite and PostgreSQL with a database whose time is c.
func eachWithClock(t *testing.T, fn func(t *testing.T, db *sqlstore.DB, c *clock)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)}
		fn(t, testdb.SQLite(t, testdb.Options{Now: c.Now}), c)
	})
	t.Run("postgres", func(t *testing.T) {
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 123456789, time.UTC)}
		fn(t, testdb.Postgres(t, testdb.Options{Now: c.Now}), c)
	})
}

func mustRecord(t testing.TB, db *sqlstore.DB, a *kluwen.Actor, e *kluwen.AccessLogEntry) *kluwen.AccessLogEntry {
	t.Helper()
	if err := db.RecordAccess(as(a), e); err != nil {
		t.Fatalf("RecordAccess(%s): %v", e.EventType, err)
	}
	return e
}

func mustFind(t testing.TB, db *sqlstore.DB, f kluwen.AccessLogFilter) []*kluwen.AccessLogEntry {
	t.Helper()
	got, err := db.FindAccessLog(as(privacyOfficer), f)
	if err != nil {
		t.Fatalf("FindAccessLog: %v", err)
	}
	return got
}

func mustVerify(t testing.TB, db *sqlstore.DB) *kluwen.AuditVerification {
	t.Helper()
	v, err := db.VerifyAccessLog(as(kluwen.SystemActor("cli: kluwen audit verify")))
	if err != nil {
		t.Fatalf("VerifyAccessLog: %v", err)
	}
	return v
}

func positions(es []*kluwen.AccessLogEntry) []int64 {
	p := make([]int64, len(es))
	for i, e := range es {
		p[i] = e.Position
	}
	return p
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := kluwen.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
}

// TestAccessLogRoundTrip writes entries through RecordAccess and reads them back
// with FindAccessLog: what comes back is exactly what was hashed.
func TestAccessLogRoundTrip(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		written := []*kluwen.AccessLogEntry{
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "household.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeRefused,
				Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectHousehold, ID: 3}, {Type: kluwen.ObjectPerson, ID: 12}}, Basis: "geen betrokkenheid"}),
			mustRecord(t, db, regisseur, &kluwen.AccessLogEntry{EventType: "case.print", Action: kluwen.AuditExport, Outcome: kluwen.OutcomeSuccess,
				Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectCase, ID: 9}}, Basis: "regisseur van de casus — “afdruk”", Purpose: "GET /casussen/{id}/afdruk"}),
			// Explicit actor fields win over the context's; no objects at all.
			mustRecord(t, db, kluwen.SystemActor("cli: kluwen demo"), &kluwen.AccessLogEntry{EventType: "auth.login", Action: kluwen.AuditExecute, Outcome: kluwen.OutcomeRefused,
				Username: "onbekend", ClientAddr: "2001:db8::1", Basis: "onbekende gebruikersnaam\x1fmet scheidingsteken"}),
		}
		c.Set(c.Now().Add(90 * time.Minute))
		written = append(written, mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
			Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: 1 << 40}}}))

		wantAt := time.Date(2026, 3, 1, 9, 0, 0, 123456000, time.UTC)
		if !written[0].OccurredAt.Equal(wantAt) || written[0].OccurredAt.Location() != time.UTC {
			t.Errorf("OccurredAt = %v, want %v (UTC, microseconds)", written[0].OccurredAt, wantAt)
		}
		if w := written[0]; w.UserID != professional.UserID || w.Username != "wijkagent" || w.OrganisationID != 2 || w.Role != kluwen.RoleProfessional ||
			w.ClientAddr != professional.ClientAddr || w.Purpose != professional.Purpose {
			t.Errorf("actor fields not filled in: %+v", w)
		}
		if w := written[2]; w.Username != "onbekend" || w.ClientAddr != "2001:db8::1" || w.Role != kluwen.RoleSystem || w.Purpose != "cli: kluwen demo" {
			t.Errorf("explicit fields overwritten or empty ones not filled: %+v", w)
		}

		got := mustFind(t, db, kluwen.AccessLogFilter{})
		if want := []int64{4, 3, 2, 1}; !reflect.DeepEqual(positions(got), want) {
			t.Fatalf("positions = %v, want %v", positions(got), want)
		}
		key := testdb.Keys().Audit
		prev := ""
		for i := len(got) - 1; i >= 0; i-- {
			g, w := got[i], written[len(got)-1-i]
			if !reflect.DeepEqual(g, w) {
				t.Errorf("entry %d read back\n got %+v\nwant %+v", w.Position, g, w)
			}
			if g.PrevHash != prev {
				t.Errorf("entry %d: prev hash %q, want %q", g.Position, g.PrevHash, prev)
			}
			if h := kluwen.HashEntry(key, g.PrevHash, g); h != g.Hash {
				t.Errorf("entry %d: recomputed hash %s, stored %s", g.Position, h, g.Hash)
			}
			prev = g.Hash
		}
		if v := mustVerify(t, db); !v.OK() || v.Entries != 5 {
			t.Errorf("verify = %+v, want OK over 5 entries (4 + the read)", v)
		}
	})
}

func TestFindAccessLogFilters(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		obj := func(refs ...string) []kluwen.ObjectRef {
			var out []kluwen.ObjectRef
			for _, r := range refs {
				o, _ := kluwen.ParseObjectRef(r)
				out = append(out, o)
			}
			return out
		}
		// One entry an hour, from start.
		for i, e := range []struct {
			a       *kluwen.Actor
			outcome kluwen.AuditOutcome
			objects []kluwen.ObjectRef
		}{
			{professional, kluwen.OutcomeSuccess, obj("household:1", "person:12")},        // 1
			{professional, kluwen.OutcomeRefused, obj("case:4", "household:2")},           // 2
			{regisseur, kluwen.OutcomeSuccess, obj("person:1")},                           // 3
			{regisseur, kluwen.OutcomeSuccess, obj("person:120", "case:4")},               // 4
			{admin, kluwen.OutcomeError, obj("user:12")},                                  // 5
			{regisseur, kluwen.OutcomeSuccess, obj("case:4", "household:1", "person:12")}, // 6
		} {
			c.Set(start.Add(time.Duration(i) * time.Hour))
			mustRecord(t, db, e.a, &kluwen.AccessLogEntry{EventType: "test.event", Action: kluwen.AuditRead, Outcome: e.outcome, Objects: e.objects})
		}
		c.Set(start.Add(24 * time.Hour))
		at := func(h int) *time.Time { return ptr(start.Add(time.Duration(h) * time.Hour)) }
		for _, tc := range []struct {
			name string
			f    kluwen.AccessLogFilter
			want []int64
		}{
			{"all, newest first", kluwen.AccessLogFilter{}, []int64{6, 5, 4, 3, 2, 1}},
			{"person matches whole id only", kluwen.AccessLogFilter{PersonID: ptr[int64](12)}, []int64{6, 1}},
			{"person first in list", kluwen.AccessLogFilter{PersonID: ptr[int64](1)}, []int64{3}},
			{"household", kluwen.AccessLogFilter{HouseholdID: ptr[int64](1)}, []int64{6, 1}},
			{"case", kluwen.AccessLogFilter{CaseID: ptr[int64](4)}, []int64{6, 4, 2}},
			{"case and person", kluwen.AccessLogFilter{CaseID: ptr[int64](4), PersonID: ptr[int64](12)}, []int64{6}},
			{"user", kluwen.AccessLogFilter{UserID: ptr(regisseur.UserID)}, []int64{6, 4, 3}},
			{"organisation", kluwen.AccessLogFilter{OrganisationID: ptr[int64](2)}, []int64{2, 1}},
			{"outcome", kluwen.AccessLogFilter{Outcome: ptr(kluwen.OutcomeRefused)}, []int64{2}},
			{"period is [from, to)", kluwen.AccessLogFilter{From: at(1), To: at(4)}, []int64{4, 3, 2}},
			{"from only", kluwen.AccessLogFilter{From: at(5)}, []int64{6}},
			{"to only", kluwen.AccessLogFilter{To: ptr(start.Add(time.Microsecond))}, []int64{1}},
			{"page", kluwen.AccessLogFilter{Limit: 2}, []int64{6, 5}},
			{"next page", kluwen.AccessLogFilter{BeforePosition: 5, Limit: 2}, []int64{4, 3}},
			{"page with filter", kluwen.AccessLogFilter{UserID: ptr(regisseur.UserID), BeforePosition: 6}, []int64{4, 3}},
			{"nothing", kluwen.AccessLogFilter{PersonID: ptr[int64](99)}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.f
				if f.BeforePosition == 0 {
					f.BeforePosition = 7 // leave out the entries of the reads themselves
				}
				if got := positions(mustFind(t, db, f)); !reflect.DeepEqual(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
					t.Errorf("positions = %v, want %v", got, tc.want)
				}
			})
		}
		_, err := db.FindAccessLog(as(privacyOfficer), kluwen.AccessLogFilter{From: at(3), To: at(3), Limit: -1})
		wantCode(t, err, kluwen.EINVALID)
		if f := kluwen.ErrorFields(err); len(f) != 2 || f[0].Field != "to" || f[1].Field != "limit" {
			t.Errorf("fields = %+v, want to and limit", f)
		}
	})
}

func TestFindAccessLogLimits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		for i := 0; i < 1005; i++ {
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
				Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: int64(i)}}})
		}
		if got := mustFind(t, db, kluwen.AccessLogFilter{}); len(got) != sqlstore.DefaultAccessLogLimit || got[0].Position != 1005 {
			t.Errorf("default page: %d entries from %d, want 100 from 1005", len(got), got[0].Position)
		}
		if got := mustFind(t, db, kluwen.AccessLogFilter{Limit: 5000}); len(got) != sqlstore.MaxAccessLogLimit {
			t.Errorf("limit 5000 gave %d entries, want at most 1000", len(got))
		}
	})
}

// TestAccessLogReadIsLogged checks that reading, exporting and verifying the log
// leave their own entries, naming the filter's objects and no personal data.
func TestAccessLogReadIsLogged(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
			Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: 12}}})
		from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		if got := mustFind(t, db, kluwen.AccessLogFilter{PersonID: ptr[int64](12), UserID: ptr[int64](12), Outcome: ptr(kluwen.OutcomeSuccess), From: &from, Limit: 10}); len(got) != 1 {
			t.Fatalf("found %d entries, want 1", len(got))
		}
		if err := db.ExportAccessLog(as(privacyOfficer), kluwen.AccessLogFilter{CaseID: ptr[int64](4)}, func(*kluwen.AccessLogEntry) error { return nil }); err != nil {
			t.Fatal(err)
		}
		mustVerify(t, db)

		got := mustFind(t, db, kluwen.AccessLogFilter{BeforePosition: 5})
		if len(got) != 4 {
			t.Fatalf("log has %d entries before 5, want 4", len(got))
		}
		read, export, verify := got[2], got[1], got[0]
		if read.EventType != "accesslog.read" || read.Action != kluwen.AuditRead || read.Outcome != kluwen.OutcomeSuccess ||
			read.ObjectsString() != "person:12 user:12" || read.UserID != privacyOfficer.UserID || read.Purpose != privacyOfficer.Purpose {
			t.Errorf("read entry = %+v", read)
		}
		for _, s := range []string{"rol privacy_officer", "uitkomst=success", "vanaf=2026-01-01T00:00:00Z", "max=10", "1 regels"} {
			if !strings.Contains(read.Basis, s) {
				t.Errorf("read basis %q lacks %q", read.Basis, s)
			}
		}
		if export.EventType != "accesslog.export" || export.Action != kluwen.AuditExport || export.ObjectsString() != "case:4" || !strings.Contains(export.Basis, "0 regels") {
			t.Errorf("export entry = %+v", export)
		}
		if verify.EventType != "accesslog.verify" || verify.Action != kluwen.AuditExecute || verify.Role != kluwen.RoleSystem ||
			verify.Basis != kluwen.BasisSystem+"; 3 regels, 0 problemen" {
			t.Errorf("verify entry = %+v", verify)
		}
	})
}

func TestAccessLogPermissions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		noop := func(*kluwen.AccessLogEntry) error { return nil }
		f := kluwen.AccessLogFilter{HouseholdID: ptr[int64](5)}
		calls := []struct {
			event string
			call  func(ctx context.Context) error
		}{
			{"accesslog.read", func(ctx context.Context) error { _, err := db.FindAccessLog(ctx, f); return err }},
			{"accesslog.export", func(ctx context.Context) error { return db.ExportAccessLog(ctx, f, noop) }},
			{"accesslog.verify", func(ctx context.Context) error { _, err := db.VerifyAccessLog(ctx); return err }},
		}
		for _, a := range []*kluwen.Actor{professional, regisseur, admin, {UserID: 9, Role: kluwen.RoleAnalyst}, {UserID: 10, Role: kluwen.RoleEditor}} {
			for _, c := range calls {
				wantCode(t, c.call(as(a)), kluwen.EFORBIDDEN)
				last := mustFind(t, db, kluwen.AccessLogFilter{UserID: &a.UserID, Limit: 1})
				if len(last) != 1 || last[0].EventType != c.event || last[0].Outcome != kluwen.OutcomeRefused || last[0].Role != a.Role {
					t.Fatalf("%s by %s: last entry of the user = %+v, want a refused %s", c.event, a.Role, last, c.event)
				}
				if c.event != "accesslog.verify" && last[0].ObjectsString() != "household:5" {
					t.Errorf("%s refusal names %q, want household:5", c.event, last[0].ObjectsString())
				}
			}
		}
		for _, c := range calls {
			wantCode(t, c.call(context.Background()), kluwen.EUNAUTHORIZED)
			if err := c.call(as(privacyOfficer)); err != nil {
				t.Errorf("%s by the privacy officer: %v", c.event, err)
			}
			if err := c.call(as(kluwen.SystemActor("cli: kluwen audit"))); err != nil {
				t.Errorf("%s by the system: %v", c.event, err)
			}
		}
		e := &kluwen.AccessLogEntry{EventType: "case.print", Action: kluwen.AuditExport, Outcome: kluwen.OutcomeSuccess}
		wantCode(t, db.RecordAccess(context.Background(), e), kluwen.EUNAUTHORIZED)
		for _, a := range []*kluwen.Actor{professional, admin, kluwen.SystemActor("cli")} {
			e := *e
			if err := db.RecordAccess(as(a), &e); err != nil {
				t.Errorf("RecordAccess by %s: %v", a.Role, err)
			}
		}
		if v := mustVerify(t, db); !v.OK() {
			t.Errorf("verify after refusals: %+v", v.Problems)
		}
	})
}

func TestRecordAccessValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		for _, tc := range []struct {
			e      kluwen.AccessLogEntry
			fields []string
		}{
			{kluwen.AccessLogEntry{}, []string{"eventType", "action", "outcome"}},
			{kluwen.AccessLogEntry{EventType: " ", Action: "look", Outcome: "fine"}, []string{"eventType", "action", "outcome"}},
			{kluwen.AccessLogEntry{EventType: "x.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess, Objects: []kluwen.ObjectRef{{Type: "person x", ID: 1}}}, []string{"objects"}},
			{kluwen.AccessLogEntry{EventType: "x.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess, Objects: []kluwen.ObjectRef{{Type: "", ID: 1}}}, []string{"objects"}},
		} {
			err := db.RecordAccess(as(professional), &tc.e)
			wantCode(t, err, kluwen.EINVALID)
			var got []string
			for _, f := range kluwen.ErrorFields(err) {
				got = append(got, f.Field)
			}
			if !reflect.DeepEqual(got, tc.fields) {
				t.Errorf("%+v: fields %v, want %v", tc.e, got, tc.fields)
			}
		}
		if n := len(mustFind(t, db, kluwen.AccessLogFilter{})); n != 0 {
			t.Errorf("invalid entries left %d entries", n)
		}
		// Text the databases cannot store is made storable before it is hashed.
		e := mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "x.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess, Basis: "a\x00b\xffc"})
		if e.Basis != "ab\uFFFDc" {
			t.Errorf("basis = %q", e.Basis)
		}
		if v := mustVerify(t, db); !v.OK() {
			t.Errorf("verify: %+v", v.Problems)
		}
	})
}

func TestExportAccessLog(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		for i := int64(1); i <= 5; i++ {
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
				Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: i % 2}}})
		}
		var got []int64
		err := db.ExportAccessLog(as(privacyOfficer), kluwen.AccessLogFilter{PersonID: ptr[int64](1)}, func(e *kluwen.AccessLogEntry) error {
			got = append(got, e.Position)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []int64{1, 3, 5}; !reflect.DeepEqual(got, want) {
			t.Errorf("exported %v, want %v (oldest first)", got, want)
		}
		got = nil
		if err := db.ExportAccessLog(as(privacyOfficer), kluwen.AccessLogFilter{Limit: 2, BeforePosition: 5}, func(e *kluwen.AccessLogEntry) error {
			got = append(got, e.Position)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if want := []int64{1, 2}; !reflect.DeepEqual(got, want) {
			t.Errorf("exported %v, want %v", got, want)
		}

		// The receiver fails after two entries: the export is logged as an error.
		stop := errors.New("client went away")
		n := 0
		err = db.ExportAccessLog(as(privacyOfficer), kluwen.AccessLogFilter{}, func(e *kluwen.AccessLogEntry) error {
			if n == 2 {
				return stop
			}
			n++
			return nil
		})
		if !errors.Is(err, stop) {
			t.Fatalf("export error = %v, want the receiver's", err)
		}
		last := mustFind(t, db, kluwen.AccessLogFilter{Limit: 1})[0]
		if last.EventType != "accesslog.export" || last.Outcome != kluwen.OutcomeError || !strings.Contains(last.Basis, "2 regels; afgebroken") {
			t.Errorf("entry of the failed export = %+v", last)
		}
		if v := mustVerify(t, db); !v.OK() || v.Entries != 9 { // 5, 3 exports, 1 read
			t.Errorf("verify = %+v", v)
		}
	})
}

// TestAccessLogAppendOnly checks that the database itself refuses changes to the
// log through an ordinary connection.
func TestAccessLogAppendOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		for range 3 {
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess})
		}
		stmts := []string{
			`UPDATE access_log SET basis = 'anders' WHERE position = 2`,
			`UPDATE access_log SET position = position + 10`,
			`DELETE FROM access_log WHERE position = 2`,
			`DELETE FROM access_log`,
		}
		if db.Dialect() == sqlstore.Postgres {
			stmts = append(stmts, `TRUNCATE access_log`)
		}
		for _, q := range stmts {
			if _, err := db.RawDB().Exec(q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want the append-only refusal", q, err)
			}
		}
		if v := mustVerify(t, db); !v.OK() || v.Entries != 3 {
			t.Errorf("verify = %+v", v)
		}
	})
}

// bypassAppendOnly lifts the database's protection, as someone with full control
// of the database could.
func bypassAppendOnly(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER access_log_no_update`, `DROP TRIGGER access_log_no_delete`, `DROP TRIGGER audit_head_forward`}
	if db.Dialect() == sqlstore.Postgres {
		stmts = []string{`ALTER TABLE access_log DISABLE TRIGGER USER`, `GRANT UPDATE, DELETE ON access_log TO CURRENT_USER`, `ALTER TABLE audit_head DISABLE TRIGGER USER`}
	}
	for _, q := range stmts {
		if _, err := db.RawDB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func rawExec(t *testing.T, db *sqlstore.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.RawDB().Exec(db.Rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// forge writes an entry at pos that follows prev, hashed with a key that is not
// Kluwen's.
func forge(t *testing.T, db *sqlstore.DB, pos int64, prev string) {
	t.Helper()
	e := &kluwen.AccessLogEntry{Position: pos, OccurredAt: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), EventType: "person.read",
		Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess, UserID: 3, Username: "regie", OrganisationID: 1, Role: kluwen.RoleRegisseur,
		Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: 12}}, Basis: "regisseur van de casus", PrevHash: prev}
	e.Hash = kluwen.HashEntry([]byte("not the key"), prev, e)
	rawExec(t, db, `INSERT INTO access_log (position, occurred_at, event_type, action, outcome, user_id, username, organisation_id, role, client_addr, objects, basis, purpose, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Position, e.OccurredAt.Format("2006-01-02T15:04:05.000000Z"), e.EventType, string(e.Action), string(e.Outcome), e.UserID, e.Username,
		e.OrganisationID, string(e.Role), e.ClientAddr, " "+e.ObjectsString()+" ", e.Basis, e.Purpose, e.PrevHash, e.Hash)
}

func TestAuditHeadOnlyMovesForward(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		for i := 0; i < 3; i++ {
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess})
		}
		for _, q := range []string{`UPDATE audit_head SET position = 1`, `UPDATE audit_head SET hash = 'x'`, `DELETE FROM audit_head`} {
			if _, err := db.RawDB().Exec(q); err == nil {
				t.Errorf("%s: accepted, want refused", q)
			}
		}
	})
}

func TestVerifyAccessLogTampering(t *testing.T) {
	const fakeHash = "0000000000000000000000000000000000000000000000000000000000000000"
	type problem struct {
		Kind     string
		Position int64
	}
	for _, tc := range []struct {
		name   string
		bypass bool
		tamper func(t *testing.T, db *sqlstore.DB, hashes map[int64]string)
		want   []problem
		// failed says the verification's own entry cannot be appended.
		failed bool
	}{
		{name: "intact", tamper: func(*testing.T, *sqlstore.DB, map[int64]string) {}},
		{name: "content altered", bypass: true, want: []problem{{"altered", 3}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE access_log SET basis = 'regisseur van de casus' WHERE position = 3`)
		}},
		{name: "altered and rehashed", bypass: true, want: []problem{{"altered", 3}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE access_log SET user_id = 99, hash = ? WHERE position = 3`, fakeHash)
		}},
		{name: "time altered", bypass: true, want: []problem{{"altered", 2}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE access_log SET occurred_at = ? WHERE position = 2`, "2025-01-01T00:00:00.000000Z")
		}},
		{name: "object respelled", bypass: true, want: []problem{{"altered", 4}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			// The same object, but a search for person:12 no longer finds it.
			rawExec(t, db, `UPDATE access_log SET objects = ' person:012 ' WHERE position = 4`)
		}},
		{name: "last altered and rehashed", bypass: true, want: []problem{{"altered", 5}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE access_log SET outcome = 'refused', hash = ? WHERE position = 5`, fakeHash)
		}},
		{name: "middle removed", bypass: true, want: []problem{{"removed", 3}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `DELETE FROM access_log WHERE position = 3`)
		}},
		{name: "several removed", bypass: true, want: []problem{{"removed", 2}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `DELETE FROM access_log WHERE position IN (2, 3, 4)`)
		}},
		{name: "first removed", bypass: true, want: []problem{{"removed", 1}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `DELETE FROM access_log WHERE position = 1`)
		}},
		{name: "last removed", bypass: true, want: []problem{{"head", 5}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `DELETE FROM access_log WHERE position = 5`)
		}},
		{name: "removed and replaced by a forgery", bypass: true, want: []problem{{"altered", 3}}, tamper: func(t *testing.T, db *sqlstore.DB, h map[int64]string) {
			rawExec(t, db, `DELETE FROM access_log WHERE position = 3`)
			forge(t, db, 3, h[2])
		}},
		// Inserting needs no bypass: the log is append-only, not closed.
		{name: "forgery after the head", want: []problem{{"inserted", 9}}, tamper: func(t *testing.T, db *sqlstore.DB, h map[int64]string) {
			forge(t, db, 9, h[5])
		}},
		{name: "forgery before the chain", want: []problem{{"inserted", 0}}, tamper: func(t *testing.T, db *sqlstore.DB, h map[int64]string) {
			forge(t, db, 0, "")
		}},
		{name: "forgery at the next position", want: []problem{{"inserted", 6}}, failed: true, tamper: func(t *testing.T, db *sqlstore.DB, h map[int64]string) {
			forge(t, db, 6, h[5])
		}},
		{name: "head hash changed", bypass: true, want: []problem{{"head", 5}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE audit_head SET hash = ?`, fakeHash)
		}},
		{name: "appended after the head hash changed", bypass: true, want: []problem{{"head", 5}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE audit_head SET hash = ?`, fakeHash)
			mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess})
		}},
		{name: "head moved back", bypass: true, want: []problem{{"head", 4}}, failed: true, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE audit_head SET position = 4`)
		}},
		{name: "head moved on", want: []problem{{"head", 8}}, tamper: func(t *testing.T, db *sqlstore.DB, _ map[int64]string) {
			rawExec(t, db, `UPDATE audit_head SET position = 8`)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
				hashes := map[int64]string{}
				for i := int64(1); i <= 5; i++ {
					e := mustRecord(t, db, professional, &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
						Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: 12}}, Basis: fmt.Sprintf("betrokken partner %d", i)})
					hashes[e.Position] = e.Hash
				}
				if tc.bypass {
					bypassAppendOnly(t, db)
				}
				tc.tamper(t, db, hashes)
				v, err := db.VerifyAccessLog(as(privacyOfficer))
				if tc.failed {
					wantCode(t, err, kluwen.ECONFLICT)
				} else if err != nil {
					t.Fatalf("verify: %v", err)
				}
				var got []problem
				for _, p := range v.Problems {
					got = append(got, problem{p.Kind, p.Position})
					if p.Detail == "" {
						t.Errorf("problem %+v without detail", p)
					}
				}
				if !reflect.DeepEqual(got, tc.want) {
					t.Errorf("problems = %+v, want %v", v.Problems, tc.want)
				}
				if v.OK() != (len(tc.want) == 0) {
					t.Errorf("OK() = %v", v.OK())
				}
				if v.HeadHash == "" {
					t.Error("no head hash")
				}
				t.Logf("%+v", v.Problems)
			})
		})
	}
}

// BenchmarkAppendAccessLog measures one RecordAccess call: a write transaction
// that locks the head, appends one chained entry and moves the head.
func BenchmarkAppendAccessLog(b *testing.B) {
	run := func(b *testing.B, db *sqlstore.DB) {
		ctx := as(professional)
		objs := []kluwen.ObjectRef{{Type: kluwen.ObjectCase, ID: 4}, {Type: kluwen.ObjectPerson, ID: 12}}
		b.ReportAllocs()
		for b.Loop() {
			e := &kluwen.AccessLogEntry{EventType: "case.print", Action: kluwen.AuditExport, Outcome: kluwen.OutcomeSuccess, Objects: objs, Basis: "betrokken partner: toestemming"}
			if err := db.RecordAccess(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, testdb.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { run(b, testdb.Postgres(b)) })
}

// BenchmarkVerifyAccessLog measures walking a chain of 10,000 entries; ns/op
// divided by 10,000 is the cost per entry.
func BenchmarkVerifyAccessLog(b *testing.B) {
	run := func(b *testing.B, db *sqlstore.DB) {
		ctx := as(professional)
		for range 10000 {
			e := &kluwen.AccessLogEntry{EventType: "person.read", Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess,
				Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: 12}}, Basis: "betrokken partner: toestemming"}
			if err := db.RecordAccess(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
		sys := as(kluwen.SystemActor("bench"))
		b.ReportAllocs()
		for b.Loop() {
			if v, err := db.VerifyAccessLog(sys); err != nil || !v.OK() {
				b.Fatal(err, v)
			}
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, testdb.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { run(b, testdb.Postgres(b)) })
}
