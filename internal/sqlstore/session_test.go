package sqlstore_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

const badCredentials = "Gebruikersnaam of wachtwoord is onjuist."

// failures returns the failure count of a throttling key, or -1 without a row.
func failures(t *testing.T, db *sqlstore.DB, key string) int {
	t.Helper()
	n := -1
	if name, ok := strings.CutPrefix(key, "user:"); ok {
		key = db.SignInKey(name)
	}
	scanOne(t, db, &n, `SELECT failures FROM login_failures WHERE key = ?`, key)
	return n
}

func TestAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		want := f.users[kluwen.RoleRegisseur]
		ctx := ctxFrom(testAddr)

		u, err := db.Authenticate(ctx, "  U-Regisseur ", testPassword)
		if err != nil {
			t.Fatalf("sign in: %v", err)
		}
		if u.ID != want.ID || u.Role != kluwen.RoleRegisseur || u.Organisation == nil || u.Organisation.ID != f.org.ID {
			t.Errorf("signed in as %+v", u)
		}
		e := lastLog(t, db, "auth.login")
		wantEntry := logRow{EventType: "auth.login", Action: "execute", Outcome: "success", UserID: want.ID, Username: "u-regisseur",
			OrganisationID: f.org.ID, Role: "regisseur", ClientAddr: testAddr, Objects: fmt.Sprintf("user:%d", want.ID), Basis: "gebruikersnaam en wachtwoord"}
		if e != wantEntry {
			t.Errorf("success entry\n got %v\nwant %v", e, wantEntry)
		}
		if n := failures(t, db, "addr:"+testAddr); n > 0 {
			t.Errorf("a success counts as a failure of the address: %d", n)
		}

		// A wrong password: refused, counted and logged, though the call fails.
		_, err = db.Authenticate(ctx, "u-regisseur", "wrong password!")
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if msg := kluwen.ErrorMessage(err); msg != badCredentials {
			t.Errorf("message = %q", msg)
		}
		e = lastLog(t, db, "auth.login")
		wantEntry.Outcome, wantEntry.Basis = "refused", "onjuist wachtwoord"
		if e != wantEntry {
			t.Errorf("refused entry\n got %v\nwant %v", e, wantEntry)
		}
		if n := failures(t, db, "user:u-regisseur"); n != 1 {
			t.Errorf("failures of the user = %d, want 1", n)
		}
		if n := failures(t, db, "addr:"+testAddr); n != 1 {
			t.Errorf("failures of the address = %d, want 1", n)
		}

		// An unknown username: the same answer; the entry names nobody, not even
		// the typed name.
		_, err = db.Authenticate(ctx, "Mijn Geheime Wachtwoord", testPassword)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if msg := kluwen.ErrorMessage(err); msg != badCredentials {
			t.Errorf("message = %q", msg)
		}
		e = lastLog(t, db, "auth.login")
		wantUnknown := logRow{EventType: "auth.login", Action: "execute", Outcome: "refused", ClientAddr: testAddr, Basis: "onbekende gebruikersnaam"}
		if e != wantUnknown {
			t.Errorf("unknown-user entry\n got %v\nwant %v", e, wantUnknown)
		}
		if n := failures(t, db, "user:mijn geheime wachtwoord"); n != 1 {
			t.Errorf("failures of the unknown name = %d, want 1", n)
		}
		var plain int
		scanOne(t, db, &plain, `SELECT count(*) FROM login_failures WHERE key LIKE ?`, "%geheime%")
		if plain != 0 {
			t.Error("the typed name is stored in plain text in login_failures")
		}

		// Names that cannot exist are refused like any unknown name, on both
		// databases (PostgreSQL refuses NUL and invalid UTF-8 in text).
		for _, name := range []string{"u-regisseur\x00", "\xff\xfeu-regisseur", strings.Repeat("é", 500)} {
			_, err := db.Authenticate(ctx, name, testPassword)
			wantCode(t, err, kluwen.EUNAUTHORIZED)
			if e := lastLog(t, db, "auth.login"); e != wantUnknown {
				t.Errorf("entry for %q: %v", name, e)
			}
		}

		// Without an actor (no address known) sign-in still works and is logged.
		if _, err := db.Authenticate(context.Background(), "u-admin", testPassword); err != nil {
			t.Fatalf("sign in without actor: %v", err)
		}
		if e := lastLog(t, db, "auth.login"); e.Outcome != "success" || e.UserID != f.users[kluwen.RoleAdmin].ID || e.ClientAddr != "" {
			t.Errorf("entry %v", e)
		}
		if n := len(readAccessLog(t, db, "auth.login")); n != 7 {
			t.Errorf("auth.login entries = %d, want 7", n)
		}
		if v := mustVerify(t, db); !v.OK() {
			t.Errorf("access log chain broken: %+v", v.Problems)
		}
	})
}

func TestLoginLockout(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleProfessional]
		ctx := ctxFrom(testAddr)

		for _, name := range []string{u.Username, "niemand"} {
			for i := 1; i <= kluwen.MaxLoginFailures; i++ {
				_, err := db.Authenticate(ctx, name, fmt.Sprintf("wrong password %d", i))
				wantCode(t, err, kluwen.EUNAUTHORIZED)
				advance(clk, time.Second)
			}
			// Locked now, even with the right password, and for an unknown name
			// alike: the lock does not reveal whether the account exists.
			_, err := db.Authenticate(ctx, name, testPassword)
			wantCode(t, err, kluwen.ETOOMANY)
			if msg := kluwen.ErrorMessage(err); !strings.Contains(msg, "Probeer het later opnieuw") {
				t.Errorf("message = %q", msg)
			}
		}
		e := readAccessLog(t, db, "auth.login")
		if len(e) != 2*(kluwen.MaxLoginFailures+1) {
			t.Fatalf("auth.login entries = %d, want every attempt", len(e))
		}
		locked := e[kluwen.MaxLoginFailures]
		if locked.Outcome != "refused" || locked.UserID != u.ID || locked.Basis != "geblokkeerd na te veel mislukte inlogpogingen" {
			t.Errorf("lockout entry %v", locked)
		}
		if n := failures(t, db, "user:"+u.Username); n != kluwen.MaxLoginFailures {
			t.Errorf("failures = %d; attempts while locked must not count", n)
		}

		advance(clk, kluwen.LoginLockout-time.Minute)
		_, err := db.Authenticate(ctx, u.Username, testPassword)
		wantCode(t, err, kluwen.ETOOMANY)

		advance(clk, time.Minute)
		if _, err := db.Authenticate(ctx, u.Username, testPassword); err != nil {
			t.Fatalf("sign in after the lockout: %v", err)
		}
		if n := failures(t, db, "user:"+u.Username); n != -1 {
			t.Errorf("failures after success = %d, want the counter cleared", n)
		}
		if n, err := db.DeleteStaleLoginFailures(context.Background()); err != nil || n != 1 {
			t.Errorf("stale counters deleted = %d, err %v; want the unknown name's", n, err)
		}
	})
}

// TestLoginLockoutConcurrent: guesses sent at once cannot slip past the limit
// while their passwords are being verified.
func TestLoginLockoutConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleRegisseur]
		const attempts = 3 * kluwen.MaxLoginFailures
		codes := make(chan string, attempts)
		var wg sync.WaitGroup
		for i := range attempts {
			wg.Go(func() {
				_, err := db.Authenticate(ctxFrom(fmt.Sprintf("203.0.113.%d", i)), u.Username, fmt.Sprintf("guess %d", i))
				codes <- kluwen.ErrorCode(err)
			})
		}
		wg.Wait()
		close(codes)
		count := map[string]int{}
		for c := range codes {
			count[c]++
		}
		if count[kluwen.EUNAUTHORIZED] != kluwen.MaxLoginFailures || count[kluwen.ETOOMANY] != attempts-kluwen.MaxLoginFailures {
			t.Errorf("outcomes %v: want %d passwords verified and the rest throttled", count, kluwen.MaxLoginFailures)
		}
		if n := len(readAccessLog(t, db, "auth.login")); n != attempts {
			t.Errorf("auth.login entries = %d, want %d", n, attempts)
		}
		if v := mustVerify(t, db); !v.OK() {
			t.Errorf("access log chain broken: %+v", v.Problems)
		}
	})
}

func TestLoginFailuresWindowAndReset(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleAnalyst]
		ctx := ctxFrom(testAddr)
		fail := func(n int) {
			t.Helper()
			for range n {
				_, err := db.Authenticate(ctx, u.Username, "wrong password")
				wantCode(t, err, kluwen.EUNAUTHORIZED)
				advance(clk, time.Second)
			}
		}

		// A success clears the count.
		fail(kluwen.MaxLoginFailures - 1)
		if _, err := db.Authenticate(ctx, u.Username, testPassword); err != nil {
			t.Fatalf("sign in: %v", err)
		}
		fail(kluwen.MaxLoginFailures - 1)
		if _, err := db.Authenticate(ctx, u.Username, testPassword); err != nil {
			t.Fatalf("sign in after the count was cleared: %v", err)
		}

		// Failures in an earlier window do not add up.
		fail(kluwen.MaxLoginFailures - 1)
		advance(clk, kluwen.LoginFailureWindow)
		fail(kluwen.MaxLoginFailures)
		_, err := db.Authenticate(ctx, u.Username, testPassword)
		wantCode(t, err, kluwen.ETOOMANY)
	})
}

func TestLoginThrottlePerAddress(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleEditor]
		const attacker, colleague = "198.51.100.7", "192.0.2.99"

		for i := range kluwen.MaxLoginFailuresPerAddr {
			_, err := db.Authenticate(ctxFrom(attacker), fmt.Sprintf("gok%d", i), "wrong password")
			wantCode(t, err, kluwen.EUNAUTHORIZED)
		}
		_, err := db.Authenticate(ctxFrom(attacker), u.Username, testPassword)
		wantCode(t, err, kluwen.ETOOMANY)
		e := lastLog(t, db, "auth.login")
		if e.Outcome != "refused" || e.ClientAddr != attacker || e.UserID != u.ID {
			t.Errorf("entry %v", e)
		}
		if _, err := db.Authenticate(ctxFrom(colleague), u.Username, testPassword); err != nil {
			t.Errorf("sign in from another address: %v", err)
		}

		advance(clk, kluwen.LoginLockout)
		if _, err := db.Authenticate(ctxFrom(attacker), u.Username, testPassword); err != nil {
			t.Errorf("sign in after the lockout: %v", err)
		}
	})
}

// TestPasswordRehashOnSignIn: a hash made with weaker parameters still verifies
// and is replaced by one with the current parameters.
func TestPasswordRehashOnSignIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RolePrivacyOfficer]
		salt := make([]byte, 16)
		rand.Read(salt)
		key := argon2.IDKey([]byte(testPassword), salt, 1, 8192, 1, 32)
		old := fmt.Sprintf("$argon2id$v=19$m=8192,t=1,p=1$%s$%s", base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
		if _, err := db.RawDB().Exec(db.Rebind(`UPDATE users SET password_hash = ? WHERE id = ?`), old, u.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.Authenticate(ctxFrom(testAddr), u.Username, "not the password")
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if _, err := db.Authenticate(ctxFrom(testAddr), u.Username, testPassword); err != nil {
			t.Fatalf("sign in with the old hash: %v", err)
		}
		var hash string
		scanOne(t, db, &hash, `SELECT password_hash FROM users WHERE id = ?`, u.ID)
		if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
			t.Errorf("hash after sign-in = %q, want the current parameters", hash)
		}
		if _, err := db.Authenticate(ctxFrom(testAddr), u.Username, testPassword); err != nil {
			t.Fatalf("sign in with the new hash: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		created := clk.Now().Truncate(time.Microsecond)
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleRegisseur]
		ctx := ctxFrom(testAddr)

		id, s, err := db.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(id) != 43 || s.UserID != u.ID || len(s.CSRFToken) != 43 || s.CSRFToken == id || !s.CreatedAt.Equal(created) || !s.LastSeenAt.Equal(created) {
			t.Errorf("session %q %+v", id, s)
		}
		var n int
		scanOne(t, db, &n, `SELECT count(*) FROM sessions WHERE id_hash = ? OR csrf_token = ?`, id, id)
		if n != 0 {
			t.Error("the session ID is stored in plain text")
		}

		advance(clk, 30*time.Second)
		got, gu, err := db.FindSession(ctx, id)
		if err != nil || gu.ID != u.ID || got.CSRFToken != s.CSRFToken || !got.LastSeenAt.Equal(created) {
			t.Fatalf("find within a minute: %+v %+v, err %v; want last seen untouched", got, gu, err)
		}
		advance(clk, 2*time.Minute)
		got, _, err = db.FindSession(ctx, id)
		if err != nil || !got.LastSeenAt.Equal(clk.Now().Truncate(time.Microsecond)) {
			t.Fatalf("find after two minutes: %+v, err %v; want last seen now", got, err)
		}
		got, _, err = db.FindSession(ctx, id)
		if err != nil || !got.LastSeenAt.Equal(clk.Now().Truncate(time.Microsecond)) {
			t.Fatalf("find again: %+v, err %v", got, err)
		}

		// Idle timeout.
		advance(clk, kluwen.SessionIdleTimeout+time.Second)
		_, _, err = db.FindSession(ctx, id)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		scanOne(t, db, &n, `SELECT count(*) FROM sessions`)
		if n != 0 {
			t.Errorf("idle session kept: %d rows", n)
		}

		// Absolute timeout, however active the session.
		start := clk.Now()
		id, _, err = db.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for clk.Now().Sub(start) < kluwen.SessionAbsoluteTimeout-20*time.Minute {
			advance(clk, 20*time.Minute)
			if _, _, err := db.FindSession(ctx, id); err != nil {
				t.Fatalf("active session after %v: %v", clk.Now().Sub(start), err)
			}
		}
		clk.Set(start.Add(kluwen.SessionAbsoluteTimeout + time.Second))
		_, _, err = db.FindSession(ctx, id)
		wantCode(t, err, kluwen.EUNAUTHORIZED)

		// Unknown IDs.
		for _, bad := range []string{"", "nonsense", strings.Repeat("a", 43), strings.Repeat("a", 1000)} {
			_, _, err := db.FindSession(ctx, bad)
			wantCode(t, err, kluwen.EUNAUTHORIZED)
		}

		// A session of a user disabled behind the store's back is refused too.
		id, _, err = db.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.RawDB().Exec(db.Rebind(`UPDATE users SET disabled = ? WHERE id = ?`), true, u.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.FindSession(ctx, id)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
	})
}

func TestSessionRenewalAndLogout(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleProfessional]
		ctx := ctxFrom(testAddr)
		old, _, err := db.CreateSession(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		renewed, _, err := db.CreateSession(ctx, u.ID)
		if err != nil || renewed == old {
			t.Fatalf("renewed %q, err %v", renewed, err)
		}
		if err := db.DeleteSession(ctxAs(u), old); err != nil {
			t.Fatalf("delete: %v", err)
		}
		_, _, err = db.FindSession(ctx, old)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		if _, _, err := db.FindSession(ctx, renewed); err != nil {
			t.Fatalf("the new session ended with the old: %v", err)
		}
		entries := readAccessLog(t, db, "auth.logout")
		want := logRow{EventType: "auth.logout", Action: "execute", Outcome: "success", UserID: u.ID, Username: u.Username,
			OrganisationID: u.OrganisationID, Role: string(u.Role), ClientAddr: testAddr, Objects: fmt.Sprintf("user:%d", u.ID), Basis: "afgemeld"}
		if len(entries) != 1 || entries[0] != want {
			t.Fatalf("logout entries %v, want %v", entries, want)
		}
		if err := db.DeleteSession(ctxAs(u), old); err != nil {
			t.Errorf("deleting an ended session: %v", err)
		}
		if err := db.DeleteSession(ctxAs(u), ""); err != nil {
			t.Errorf("deleting no session: %v", err)
		}
		if n := len(readAccessLog(t, db, "auth.logout")); n != 1 {
			t.Errorf("logout entries = %d; ending nothing logs nothing", n)
		}
	})
}

func TestDeleteExpiredSessions(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		f := newAuthFixture(t, db)
		ctx := ctxFrom(testAddr)
		var ids []string
		for _, r := range []kluwen.Role{kluwen.RoleRegisseur, kluwen.RoleAnalyst, kluwen.RoleEditor} {
			id, _, err := db.CreateSession(ctx, f.users[r].ID)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		advance(clk, 20*time.Minute)
		if _, _, err := db.FindSession(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		advance(clk, 15*time.Minute)
		n, err := db.DeleteExpiredSessions(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("deleted %d, err %v; want the two idle sessions", n, err)
		}
		if _, _, err := db.FindSession(ctx, ids[0]); err != nil {
			t.Errorf("the active session was deleted: %v", err)
		}
		n, err = db.DeleteExpiredSessions(context.Background())
		if err != nil || n != 0 {
			t.Errorf("deleted again %d, err %v", n, err)
		}
	})
}

func TestAuthenticateToken(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, clk *clock) {
		created := clk.Now().Truncate(time.Microsecond)
		f := newAuthFixture(t, db)
		u := f.users[kluwen.RoleAnalyst]
		token, tok, err := db.CreateAPIToken(ctxAs(u), u.ID, "dashboard")
		if err != nil {
			t.Fatal(err)
		}
		ctx := ctxFrom(testAddr)
		lastUsed := func() time.Time {
			t.Helper()
			var s any
			scanOne(t, db, &s, `SELECT last_used_at FROM api_tokens WHERE id = ?`, tok.ID)
			switch v := s.(type) {
			case time.Time:
				return v.UTC()
			case string:
				p, err := time.Parse(time.RFC3339Nano, v)
				if err != nil {
					t.Fatal(err)
				}
				return p
			}
			t.Fatalf("last_used_at = %#v", s)
			return time.Time{}
		}

		got, err := db.AuthenticateToken(ctx, token)
		if err != nil || got.ID != u.ID || got.Organisation == nil {
			t.Fatalf("token sign-in: %+v, err %v", got, err)
		}
		if lu := lastUsed(); !lu.Equal(created) {
			t.Errorf("last used %v, want %v", lu, created)
		}
		advance(clk, 30*time.Second)
		if _, err := db.AuthenticateToken(ctx, token); err != nil {
			t.Fatal(err)
		}
		if lu := lastUsed(); !lu.Equal(created) {
			t.Errorf("last used %v written again within a minute", lu)
		}
		advance(clk, time.Minute)
		if _, err := db.AuthenticateToken(ctx, token); err != nil {
			t.Fatal(err)
		}
		if now := clk.Now().Truncate(time.Microsecond); !lastUsed().Equal(now) {
			t.Errorf("last used %v, want %v", lastUsed(), now)
		}

		for _, bad := range []string{"", "klw_" + strings.Repeat("A", 43), token[4:], token + "x"} {
			_, err := db.AuthenticateToken(ctx, bad)
			wantCode(t, err, kluwen.EUNAUTHORIZED)
			e := lastLog(t, db, "auth.token")
			want := logRow{EventType: "auth.token", Action: "execute", Outcome: "refused", ClientAddr: testAddr, Basis: "onbekend API-token"}
			if e != want {
				t.Errorf("entry for %q\n got %v\nwant %v", bad, e, want)
			}
		}

		if err := db.SetDisabled(ctxSystem(), u.ID, true); err != nil {
			t.Fatal(err)
		}
		_, err = db.AuthenticateToken(ctx, token)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		e := lastLog(t, db, "auth.token")
		if e.Outcome != "refused" || e.UserID != u.ID || e.Objects != fmt.Sprintf("user:%d", u.ID) || e.Basis != "gebruiker uitgeschakeld" {
			t.Errorf("disabled-user entry %v", e)
		}
		if n := len(readAccessLog(t, db, "auth.token")); n != 5 {
			t.Errorf("auth.token entries = %d, want only the 5 refusals", n)
		}
	})
}
