package sqlstore_test

// Fixtures for the household, person, case and stats tests. Organisations and
// users are inserted with plain SQL so that these tests do not depend on the
// organisation and user services. Helper names carry the prefix hh so they do not
// clash with other test files of the package.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

const hhStamp = "2026-01-01T00:00:00.000000Z"

// hhOrg inserts an organisation.
func hhOrg(t *testing.T, db *sqlstore.DB, name string, sector kluwen.Sector) int64 {
	t.Helper()
	var id int64
	err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO organisations (name, sector, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`),
		name, string(sector), hhStamp, hhStamp).Scan(&id)
	if err != nil {
		t.Fatalf("insert organisation %s: %v", name, err)
	}
	return id
}

// hhUser inserts a user and returns the actor for them.
func hhUser(t *testing.T, db *sqlstore.DB, username string, org int64, role kluwen.Role) *kluwen.Actor {
	t.Helper()
	var id int64
	err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO users (username, display_name, email, organisation_id, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, '', ?, ?, 'placeholder', ?, ?, ?) RETURNING id`),
		username, "Test "+username, org, string(role), false, hhStamp, hhStamp).Scan(&id)
	if err != nil {
		t.Fatalf("insert user %s: %v", username, err)
	}
	return &kluwen.Actor{UserID: id, Username: username, OrganisationID: org, Role: role, ClientAddr: "192.0.2.1", Purpose: "test"}
}

// hhAs returns a context carrying a.
func hhAs(a *kluwen.Actor) context.Context {
	return kluwen.NewContextWithActor(context.Background(), a)
}

// hhSys is the context of the operator's command-line task.
func hhSys() context.Context {
	return hhAs(kluwen.SystemActor("cli: test"))
}

func hhDays(n int) time.Time { return kluwen.Today().AddDate(0, 0, n) }

func hhDate(s string) time.Time {
	d, err := kluwen.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func hhPtr[T any](v T) *T { return &v }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// hhBSN returns the n-th synthetic BSN that passes the elfproef.
func hhBSN(n int) string {
	for seed := 10000000 + n*37; ; seed++ {
		s := fmt.Sprintf("%08d", seed)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(s[i]-'0')
		}
		if d := sum % 11; d <= 9 {
			bsn := s + string(rune('0'+d))
			if kluwen.ValidBSN(bsn) {
				return bsn
			}
		}
	}
}

// hhHousehold registers a household for org (as the system actor).
func hhHousehold(t *testing.T, db *sqlstore.DB, org int64, wijk string) int64 {
	t.Helper()
	h := &kluwen.Household{Street: "Kluwenstraat", HouseNumber: 1, Postcode: "1234 AB", City: "Kluwendam", Wijk: wijk, RegisteredByOrgID: org}
	if err := db.CreateHousehold(hhSys(), h); err != nil {
		t.Fatalf("create household: %v", err)
	}
	return h.ID
}

// hhPerson registers a person without a BSN for org (as the system actor).
func hhPerson(t *testing.T, db *sqlstore.DB, org int64, given string) int64 {
	t.Helper()
	p := &kluwen.Person{GivenName: given, FamilyName: "Testfamilie", BirthDate: hhDate("1980-05-17"), RegisteredByOrgID: org}
	if err := db.CreatePerson(hhSys(), p); err != nil {
		t.Fatalf("create person: %v", err)
	}
	return p.ID
}

// hhMember adds a person to a household (as the system actor).
func hhMember(t *testing.T, db *sqlstore.DB, household, person int64, from time.Time, to *time.Time) int64 {
	t.Helper()
	m := &kluwen.Membership{HouseholdID: household, PersonID: person, From: from, To: to, Role: kluwen.MemberOther}
	if err := db.AddMember(hhSys(), m); err != nil {
		t.Fatalf("add member: %v", err)
	}
	return m.ID
}

// hhCase opens a case (as the system actor).
func hhCase(t *testing.T, db *sqlstore.DB, household int64, regisseur *kluwen.Actor) int64 {
	t.Helper()
	c := &kluwen.Case{HouseholdID: household, Title: "Stapeling van problemen", RegisseurID: regisseur.UserID}
	if err := db.CreateCase(hhSys(), c); err != nil {
		t.Fatalf("create case: %v", err)
	}
	return c.ID
}

// hhInvolve brings an organisation into a case (as the system actor).
func hhInvolve(t *testing.T, db *sqlstore.DB, caseID, org int64, from time.Time, to *time.Time) int64 {
	t.Helper()
	iv := &kluwen.Involvement{CaseID: caseID, OrganisationID: org, From: from, To: to, LegalBasis: kluwen.BasisLegalTask}
	if err := db.AddInvolvement(hhSys(), iv); err != nil {
		t.Fatalf("add involvement: %v", err)
	}
	return iv.ID
}

// hhRelate records a family tie (as the system actor).
func hhRelate(t *testing.T, db *sqlstore.DB, person, related int64, kind kluwen.RelationKind) {
	t.Helper()
	if err := db.CreateRelation(hhSys(), &kluwen.Relation{PersonID: person, RelatedPersonID: related, Kind: kind}); err != nil {
		t.Fatalf("create relation %d %s %d: %v", person, kind, related, err)
	}
}

// hhCount counts the rows of a table (optionally with a WHERE clause).
func hhCount(t *testing.T, db *sqlstore.DB, table string, where ...any) int {
	t.Helper()
	q := `SELECT count(*) FROM ` + table
	var args []any
	if len(where) > 0 {
		q += ` WHERE ` + where[0].(string)
		args = where[1:]
	}
	var n int
	if err := db.RawDB().QueryRow(db.Rebind(q), args...).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// hhLogHead returns the position of the last access-log entry.
func hhLogHead(t *testing.T, db *sqlstore.DB) int64 {
	t.Helper()
	var pos int64
	if err := db.RawDB().QueryRow(`SELECT COALESCE(max(position), 0) FROM access_log`).Scan(&pos); err != nil {
		t.Fatalf("access log head: %v", err)
	}
	return pos
}

// hhLogRow is an access-log entry as the tests inspect it.
type hhLogRow struct {
	EventType, Action, Outcome string
	UserID                     int64
	Objects, Basis             string
}

// hhLogSince returns the access-log entries after position pos.
func hhLogSince(t *testing.T, db *sqlstore.DB, pos int64) []hhLogRow {
	t.Helper()
	rows, err := db.RawDB().Query(db.Rebind(`SELECT event_type, action, outcome, user_id, objects, basis FROM access_log WHERE position > ? ORDER BY position`), pos)
	if err != nil {
		t.Fatalf("read access log: %v", err)
	}
	defer rows.Close()
	var out []hhLogRow
	for rows.Next() {
		var r hhLogRow
		if err := rows.Scan(&r.EventType, &r.Action, &r.Outcome, &r.UserID, &r.Objects, &r.Basis); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// hhWantCode fails unless err has the code.
func hhWantCode(t *testing.T, err error, code string) {
	t.Helper()
	if kluwen.ErrorCode(err) != code {
		t.Fatalf("error = %v; want code %q", err, code)
	}
}

// hhWantFields fails unless err is EINVALID naming exactly the fields.
func hhWantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var ke *kluwen.Error
	if !errors.As(err, &ke) || ke.Code != kluwen.EINVALID {
		t.Fatalf("error = %v; want EINVALID on %v", err, fields)
	}
	var got []string
	for _, f := range ke.Fields {
		got = append(got, f.Field)
	}
	slices.Sort(got)
	want := slices.Clone(fields)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("invalid fields = %v; want %v (%v)", got, want, err)
	}
}

func hhMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
