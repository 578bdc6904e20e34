package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

var (
	_ kluwen.OrganisationService = (*sqlstore.DB)(nil)
	_ kluwen.UserService         = (*sqlstore.DB)(nil)
	_ kluwen.AuthService         = (*sqlstore.DB)(nil)
)

// testPassword is the password of every fixture user.
const testPassword = "correct horse battery staple"

// testAddr is the client address of actors made by ctxAs.
const testAddr = "192.0.2.10"

func ctxSystem() context.Context {
	return kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: test"))
}

// ctxAs is the context of a request by the signed-in user u.
func ctxAs(u *kluwen.User) context.Context {
	return kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{
		UserID: u.ID, Username: u.Username, OrganisationID: u.OrganisationID, Role: u.Role,
		ClientAddr: testAddr, Purpose: "test",
	})
}

// ctxFrom is the context of a request before sign-in from addr.
func ctxFrom(addr string) context.Context {
	return kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{ClientAddr: addr, Purpose: "POST /inloggen"})
}

func mustCreateOrganisation(t *testing.T, db *sqlstore.DB, name string, sector kluwen.Sector) *kluwen.Organisation {
	t.Helper()
	o := &kluwen.Organisation{Name: name, Sector: sector}
	if err := db.CreateOrganisation(ctxSystem(), o); err != nil {
		t.Fatalf("create organisation %q: %v", name, err)
	}
	return o
}

func mustCreateUser(t *testing.T, db *sqlstore.DB, orgID int64, username string, role kluwen.Role) *kluwen.User {
	t.Helper()
	u := &kluwen.User{Username: username, DisplayName: "Gebruiker " + username, Email: username + "@example.org", OrganisationID: orgID, Role: role}
	if err := db.CreateUser(ctxSystem(), u, testPassword); err != nil {
		t.Fatalf("create user %q: %v", username, err)
	}
	return u
}

// authFixture is one organisation with a user of every role.
type authFixture struct {
	org   *kluwen.Organisation
	users map[kluwen.Role]*kluwen.User
}

func newAuthFixture(t *testing.T, db *sqlstore.DB) *authFixture {
	t.Helper()
	f := &authFixture{org: mustCreateOrganisation(t, db, "Gemeente Kluwendam", kluwen.SectorGemeente), users: map[kluwen.Role]*kluwen.User{}}
	for _, r := range kluwen.Roles {
		f.users[r] = mustCreateUser(t, db, f.org.ID, "u-"+strings.ReplaceAll(string(r), "_", "-"), r)
	}
	return f
}

// wantFields fails the test unless err lists exactly these fields, in any order.
func wantFields(t *testing.T, err error, fields ...string) {
	t.Helper()
	var got []string
	for _, f := range kluwen.ErrorFields(err) {
		got = append(got, f.Field)
	}
	slices.Sort(got)
	want := slices.Clone(fields)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("invalid fields = %v, want %v (%v)", got, want, err)
	}
}

func fieldMessage(err error, field string) string {
	for _, f := range kluwen.ErrorFields(err) {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// logRow is an access-log entry as stored.
type logRow struct {
	EventType, Action, Outcome string
	UserID                     int64
	Username                   string
	OrganisationID             int64
	Role, ClientAddr, Objects  string
	Basis                      string
}

func (r logRow) String() string {
	return fmt.Sprintf("%s/%s/%s user=%d %q org=%d role=%s addr=%s objects=%q basis=%q",
		r.EventType, r.Action, r.Outcome, r.UserID, r.Username, r.OrganisationID, r.Role, r.ClientAddr, r.Objects, r.Basis)
}

// readAccessLog returns the access log with the given event type, oldest first.
func readAccessLog(t *testing.T, db *sqlstore.DB, eventType string) []logRow {
	t.Helper()
	rows, err := db.RawDB().Query(db.Rebind(`SELECT event_type, action, outcome, user_id, username, organisation_id, role, client_addr, objects, basis
		FROM access_log WHERE event_type = ? ORDER BY position`), eventType)
	if err != nil {
		t.Fatalf("read access log: %v", err)
	}
	defer rows.Close()
	var list []logRow
	for rows.Next() {
		var r logRow
		if err := rows.Scan(&r.EventType, &r.Action, &r.Outcome, &r.UserID, &r.Username, &r.OrganisationID, &r.Role, &r.ClientAddr, &r.Objects, &r.Basis); err != nil {
			t.Fatalf("scan access log: %v", err)
		}
		r.Objects = strings.TrimSpace(r.Objects)
		list = append(list, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("read access log: %v", err)
	}
	return list
}

// lastLog returns the newest entry of eventType.
func lastLog(t *testing.T, db *sqlstore.DB, eventType string) logRow {
	t.Helper()
	list := readAccessLog(t, db, eventType)
	if len(list) == 0 {
		t.Fatalf("no %s entry in the access log", eventType)
	}
	return list[len(list)-1]
}

// advance moves the database's clock on by d.
func advance(c *clock, d time.Duration) { c.Set(c.Now().Add(d)) }

func TestCreateUserValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ctxSystem()
		org := mustCreateOrganisation(t, db, "Politie Kluwendam", kluwen.SectorVeiligheid)
		mustCreateUser(t, db, org.ID, "piet.agent", kluwen.RoleProfessional)

		tests := []struct {
			name     string
			user     kluwen.User
			password string
			code     string
			fields   []string
		}{
			{"every field invalid", kluwen.User{Username: "X!", DisplayName: " ", Email: "geen-adres", Role: "baas"}, "kort",
				kluwen.EINVALID, []string{"username", "displayName", "email", "organisationId", "role", "password"}},
			{"unknown organisation and username taken", kluwen.User{Username: "Piet.Agent", DisplayName: "Piet", OrganisationID: org.ID + 1000, Role: kluwen.RoleProfessional}, testPassword,
				kluwen.EINVALID, []string{"organisationId", "username"}},
			{"username taken only", kluwen.User{Username: " PIET.AGENT ", DisplayName: "Piet", OrganisationID: org.ID, Role: kluwen.RoleProfessional}, testPassword,
				kluwen.ECONFLICT, []string{"username"}},
			{"password too long", kluwen.User{Username: "anna", DisplayName: "Anna", OrganisationID: org.ID, Role: kluwen.RoleAnalyst}, strings.Repeat("x", 257),
				kluwen.EINVALID, []string{"password"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u := tt.user
				err := db.CreateUser(ctx, &u, tt.password)
				wantCode(t, err, tt.code)
				wantFields(t, err, tt.fields...)
				if u.ID != 0 {
					t.Errorf("refused user got ID %d", u.ID)
				}
			})
		}
		err := db.CreateUser(ctx, &kluwen.User{Username: "x", DisplayName: "X", OrganisationID: org.ID + 1000, Role: kluwen.RoleAnalyst}, testPassword)
		if got := fieldMessage(err, "organisationId"); got != "Deze organisatie bestaat niet." {
			t.Errorf("organisationId message = %q", got)
		}
		err = db.CreateUser(ctx, &kluwen.User{Username: "piet.agent", DisplayName: "X", OrganisationID: org.ID, Role: kluwen.RoleAnalyst}, testPassword)
		if got := fieldMessage(err, "username"); got != "Deze gebruikersnaam is al in gebruik." {
			t.Errorf("username message = %q", got)
		}

		users, err := db.FindUsers(ctx, kluwen.UserFilter{})
		if err != nil || len(users) != 1 {
			t.Fatalf("users after refusals = %d, err %v; want only the first", len(users), err)
		}
		if n := len(readAccessLog(t, db, "user.create")); n != 1 {
			t.Errorf("user.create entries = %d, want 1", n)
		}
	})
}

func TestCreateAndFindUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		police := mustCreateOrganisation(t, db, "Politie Kluwendam", kluwen.SectorVeiligheid)
		agent := mustCreateUser(t, db, police.ID, "piet.agent", kluwen.RoleProfessional)

		e := lastLog(t, db, "user.create")
		want := logRow{EventType: "user.create", Action: "create", Outcome: "success", Role: "system", ClientAddr: "cli",
			Objects: fmt.Sprintf("user:%d", agent.ID), Basis: kluwen.BasisSystem}
		if e != want {
			t.Errorf("log entry\n got %v\nwant %v", e, want)
		}

		// Every role may look colleagues up.
		for _, r := range kluwen.Roles {
			ctx := ctxAs(f.users[r])
			got, err := db.FindUserByID(ctx, agent.ID)
			if err != nil {
				t.Fatalf("%s: find user: %v", r, err)
			}
			if got.Username != "piet.agent" || got.DisplayName != "Gebruiker piet.agent" || got.Role != kluwen.RoleProfessional ||
				got.Organisation == nil || got.Organisation.Name != "Politie Kluwendam" || got.Organisation.Sector != kluwen.SectorVeiligheid {
				t.Fatalf("%s: found user %+v (organisation %+v)", r, got, got.Organisation)
			}
			list, err := db.FindUsers(ctx, kluwen.UserFilter{OrganisationID: &police.ID})
			if err != nil || len(list) != 1 || list[0].ID != agent.ID {
				t.Fatalf("%s: find users of the police = %v, err %v", r, list, err)
			}
		}
		role := kluwen.RoleAdmin
		list, err := db.FindUsers(ctxSystem(), kluwen.UserFilter{Role: &role})
		if err != nil || len(list) != 1 || list[0].ID != f.users[kluwen.RoleAdmin].ID {
			t.Errorf("find admins = %v, err %v", list, err)
		}
		name := " Piet.Agent"
		list, err = db.FindUsers(ctxSystem(), kluwen.UserFilter{Username: &name})
		if err != nil || len(list) != 1 || list[0].ID != agent.ID {
			t.Errorf("find by username = %v, err %v", list, err)
		}
		all, err := db.FindUsers(ctxSystem(), kluwen.UserFilter{})
		if err != nil || len(all) != len(kluwen.Roles)+1 {
			t.Errorf("all users = %d, err %v", len(all), err)
		}

		_, err = db.FindUserByID(ctxSystem(), agent.ID+1000)
		wantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.FindUserByID(context.Background(), agent.ID)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		_, err = db.FindUsers(context.Background(), kluwen.UserFilter{})
		wantCode(t, err, kluwen.EUNAUTHORIZED)

		// The stored password is an argon2id PHC string, never the password.
		var hash string
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT password_hash FROM users WHERE id = ?`), agent.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(hash, testPassword) {
			t.Errorf("stored hash %q", hash)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		police := mustCreateOrganisation(t, db, "Politie Kluwendam", kluwen.SectorVeiligheid)
		ctx := ctxAs(f.users[kluwen.RoleAdmin])
		target := f.users[kluwen.RoleProfessional]

		name, role := "  Piet de Vries ", kluwen.RoleRegisseur
		got, err := db.UpdateUser(ctx, target.ID, kluwen.UserUpdate{DisplayName: &name, OrganisationID: &police.ID, Role: &role})
		if err != nil {
			t.Fatalf("update: %v", err)
		}
		if got.DisplayName != "Piet de Vries" || got.Role != kluwen.RoleRegisseur || got.OrganisationID != police.ID || got.Organisation.Name != "Politie Kluwendam" {
			t.Errorf("updated user %+v", got)
		}
		e := lastLog(t, db, "user.update")
		if e.Outcome != "success" || e.UserID != f.users[kluwen.RoleAdmin].ID || e.Objects != fmt.Sprintf("user:%d", target.ID) || e.Basis != "rol admin" {
			t.Errorf("log entry %v", e)
		}

		empty, bad, unknown := "", kluwen.Role("baas"), police.ID+1000
		_, err = db.UpdateUser(ctx, target.ID, kluwen.UserUpdate{DisplayName: &empty, Role: &bad, OrganisationID: &unknown})
		wantCode(t, err, kluwen.EINVALID)
		wantFields(t, err, "displayName", "role", "organisationId")

		_, err = db.UpdateUser(ctx, target.ID+1000, kluwen.UserUpdate{DisplayName: &name})
		wantCode(t, err, kluwen.ENOTFOUND)

		again, err := db.FindUserByID(ctx, target.ID)
		if err != nil || again.DisplayName != "Piet de Vries" || again.Role != kluwen.RoleRegisseur {
			t.Errorf("after refused update: %+v, err %v", again, err)
		}
	})
}

// TestUserRoleMatrix: only admins (and the system) manage users; a user may set
// their own password and make their own tokens.
func TestUserRoleMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		target := mustCreateUser(t, db, f.org.ID, "doelwit", kluwen.RoleProfessional)

		actions := []struct {
			name  string
			event string
			do    func(ctx context.Context, n int) error
		}{
			{"create user", "user.create", func(ctx context.Context, n int) error {
				return db.CreateUser(ctx, &kluwen.User{Username: fmt.Sprintf("nieuw%d", n), DisplayName: "Nieuw", OrganisationID: f.org.ID, Role: kluwen.RoleAnalyst}, testPassword)
			}},
			{"update user", "user.update", func(ctx context.Context, n int) error {
				name := fmt.Sprintf("Doelwit %d", n)
				_, err := db.UpdateUser(ctx, target.ID, kluwen.UserUpdate{DisplayName: &name})
				return err
			}},
			{"disable user", "user.disable", func(ctx context.Context, n int) error { return db.SetDisabled(ctx, target.ID, true) }},
			{"enable user", "user.enable", func(ctx context.Context, n int) error { return db.SetDisabled(ctx, target.ID, false) }},
			{"set password", "user.password", func(ctx context.Context, n int) error {
				return db.SetPassword(ctx, target.ID, testPassword)
			}},
			{"create token", "user.token", func(ctx context.Context, n int) error {
				_, _, err := db.CreateAPIToken(ctx, target.ID, "script")
				return err
			}},
		}
		for n, r := range kluwen.Roles {
			allowed := r == kluwen.RoleAdmin
			for _, a := range actions {
				t.Run(string(r)+"/"+a.name, func(t *testing.T) {
					before := readAccessLog(t, db, a.event)
					err := a.do(ctxAs(f.users[r]), n)
					after := readAccessLog(t, db, a.event)
					if len(after) != len(before)+1 {
						t.Fatalf("%s entries %d → %d, want one more", a.event, len(before), len(after))
					}
					e := after[len(after)-1]
					if e.UserID != f.users[r].ID || e.Role != string(r) || e.ClientAddr != testAddr {
						t.Errorf("entry %v", e)
					}
					if allowed {
						if err != nil {
							t.Fatalf("admin: %v", err)
						}
						if e.Outcome != "success" {
							t.Errorf("entry %v", e)
						}
						return
					}
					wantCode(t, err, kluwen.EFORBIDDEN)
					if e.Outcome != "refused" {
						t.Errorf("entry %v, want refused", e)
					}
				})
			}
		}

		// Without an actor: not signed in.
		for _, a := range actions {
			wantCode(t, a.do(context.Background(), 99), kluwen.EUNAUTHORIZED)
		}

		// The user themself may set their password and make a token.
		own := ctxAs(target)
		if err := db.SetPassword(own, target.ID, "een nieuw en lang wachtwoord"); err != nil {
			t.Fatalf("own password: %v", err)
		}
		if e := lastLog(t, db, "user.password"); e.Outcome != "success" || e.UserID != target.ID || e.Basis != "eigen account" {
			t.Errorf("own password entry %v", e)
		}
		if _, _, err := db.CreateAPIToken(own, target.ID, "mijn script"); err != nil {
			t.Fatalf("own token: %v", err)
		}
	})
}

func TestSetPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleRegisseur]
		ctx := ctxAs(u)

		err := db.SetPassword(ctx, u.ID, "te kort")
		wantCode(t, err, kluwen.EINVALID)
		wantFields(t, err, "password")

		sid, _, err := db.CreateSession(ctxFrom(testAddr), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		const newPassword = "een heel ander wachtwoord"
		if err := db.SetPassword(ctx, u.ID, newPassword); err != nil {
			t.Fatalf("set password: %v", err)
		}
		_, err = db.Authenticate(ctxFrom(testAddr), u.Username, testPassword)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if _, err := db.Authenticate(ctxFrom(testAddr), u.Username, newPassword); err != nil {
			t.Fatalf("sign in with the new password: %v", err)
		}
		_, _, err = db.FindSession(ctx, sid)
		wantCode(t, err, kluwen.EUNAUTHORIZED)

		err = db.SetPassword(ctxAs(f.users[kluwen.RoleAdmin]), u.ID+1000, newPassword)
		wantCode(t, err, kluwen.ENOTFOUND)
	})
}

func TestSetDisabled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		admin := ctxAs(f.users[kluwen.RoleAdmin])
		u := f.users[kluwen.RoleProfessional]
		other := f.users[kluwen.RoleRegisseur]

		var sessions []string
		for range 2 {
			id, _, err := db.CreateSession(ctxFrom(testAddr), u.ID)
			if err != nil {
				t.Fatal(err)
			}
			sessions = append(sessions, id)
		}
		otherSession, _, err := db.CreateSession(ctxFrom(testAddr), other.ID)
		if err != nil {
			t.Fatal(err)
		}

		if err := db.SetDisabled(admin, u.ID, true); err != nil {
			t.Fatalf("disable: %v", err)
		}
		// Ended in the same transaction, not only refused when next used.
		var n int
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT count(*) FROM sessions WHERE user_id = ?`), u.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("sessions of the disabled user = %d, err %v", n, err)
		}
		for _, id := range sessions {
			_, _, err := db.FindSession(ctxFrom(testAddr), id)
			wantCode(t, err, kluwen.EUNAUTHORIZED)
		}
		if _, _, err := db.FindSession(ctxFrom(testAddr), otherSession); err != nil {
			t.Errorf("another user's session ended too: %v", err)
		}
		got, err := db.FindUserByID(admin, u.ID)
		if err != nil || !got.Disabled {
			t.Errorf("disabled user = %+v, err %v", got, err)
		}
		if e := lastLog(t, db, "user.disable"); e.Outcome != "success" || e.Objects != fmt.Sprintf("user:%d", u.ID) {
			t.Errorf("entry %v", e)
		}

		_, err = db.Authenticate(ctxFrom(testAddr), u.Username, testPassword)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if msg := kluwen.ErrorMessage(err); msg != "Gebruikersnaam of wachtwoord is onjuist." {
			t.Errorf("message for a disabled user = %q", msg)
		}
		_, _, err = db.CreateSession(ctxFrom(testAddr), u.ID)
		wantCode(t, err, kluwen.EUNAUTHORIZED)

		if err := db.SetDisabled(admin, u.ID, false); err != nil {
			t.Fatalf("enable: %v", err)
		}
		if e := lastLog(t, db, "user.enable"); e.Outcome != "success" || e.Objects != fmt.Sprintf("user:%d", u.ID) {
			t.Errorf("entry %v", e)
		}
		if _, err := db.Authenticate(ctxFrom(testAddr), u.Username, testPassword); err != nil {
			t.Errorf("sign in after enabling: %v", err)
		}
		wantCode(t, db.SetDisabled(admin, u.ID+1000, true), kluwen.ENOTFOUND)
	})
}

func TestCreateAPITokenValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleAnalyst]
		for _, name := range []string{"", "   ", strings.Repeat("n", 101), "a\x00b"} {
			_, _, err := db.CreateAPIToken(ctxAs(u), u.ID, name)
			wantCode(t, err, kluwen.EINVALID)
			wantFields(t, err, "name")
		}
		_, _, err := db.CreateAPIToken(ctxAs(f.users[kluwen.RoleAdmin]), u.ID+1000, "script")
		wantCode(t, err, kluwen.ENOTFOUND)

		token, tok, err := db.CreateAPIToken(ctxAs(u), u.ID, " rapportage ")
		if err != nil {
			t.Fatal(err)
		}
		if tok.ID == 0 || tok.UserID != u.ID || tok.Name != "rapportage" || tok.CreatedAt.IsZero() || tok.LastUsedAt != nil {
			t.Errorf("token %+v", tok)
		}
		if !strings.HasPrefix(token, "klw_") || len(token) != 4+43 {
			t.Errorf("token %q: want klw_ and 43 base64url characters", token)
		}
		// Only the hash is stored.
		var stored string
		if err := db.RawDB().QueryRow(db.Rebind(`SELECT token_hash FROM api_tokens WHERE id = ?`), tok.ID).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if stored == token || strings.Contains(stored, token[4:]) || len(stored) != 64 {
			t.Errorf("stored token %q", stored)
		}
		if e := lastLog(t, db, "user.token"); e.Outcome != "success" || e.UserID != u.ID || e.Objects != fmt.Sprintf("user:%d", u.ID) {
			t.Errorf("entry %v", e)
		}
	})
}

// scanOne reads one value with the store's placeholder style.
func scanOne(t *testing.T, db *sqlstore.DB, dest any, q string, args ...any) bool {
	t.Helper()
	err := db.RawDB().QueryRow(db.Rebind(q), args...).Scan(dest)
	if errors.Is(err, sql.ErrNoRows) {
		return false
	}
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return true
}
