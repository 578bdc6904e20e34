package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kluwen/kluwen"
)

// Sign-in, sessions and API tokens.
//
// Sign-in runs in three steps so that the argon2id verification (tens of
// milliseconds) holds no transaction:
//
//  1. One transaction reads the user and the throttling state. When the username
//     or the client address is locked it logs the refusal and the call ends with
//     ETOOMANY. Otherwise it counts the attempt as a failure of both keys up front
//     and lets it through only when its own count is within the limit, so that
//     guesses sent at once cannot slip past the limit while they are verified.
//  2. The password is verified — against a dummy hash when the username is
//     unknown, so that the answer takes as long either way.
//  3. One transaction logs the outcome. A success clears the username's counter
//     and takes the attempt back from the address's counter.
//
// Both transactions commit even when the sign-in fails: the failure count and the
// access-log entry of a refused attempt must stay. The error for the caller is
// returned after the commit.
//
// Session IDs, CSRF tokens and API tokens are 32 random bytes; the database keeps
// only the SHA-256 of a session ID or token, never a usable one.

// The answers to failed sign-ins. A wrong password, an unknown username and a
// disabled user get the same one.
func errBadCredentials() error {
	return kluwen.Errorf(kluwen.EUNAUTHORIZED, "Gebruikersnaam of wachtwoord is onjuist.")
}

func errThrottled() error {
	return kluwen.Errorf(kluwen.ETOOMANY, "Te veel mislukte inlogpogingen. Probeer het later opnieuw.")
}

func errNoSession() error {
	return kluwen.Errorf(kluwen.EUNAUTHORIZED, "Uw sessie is verlopen. Log opnieuw in.")
}

func errBadToken() error { return kluwen.Errorf(kluwen.EUNAUTHORIZED, "Het API-token is ongeldig.") }

// Access-log bases of sign-in events.
const (
	basisPassword      = "gebruikersnaam en wachtwoord"
	basisUnknownUser   = "onbekende gebruikersnaam"
	basisWrongPassword = "onjuist wachtwoord"
	basisDisabled      = "gebruiker uitgeschakeld"
	basisLocked        = "geblokkeerd na te veel mislukte inlogpogingen"
	basisLogout        = "afgemeld"
	basisUnknownToken  = "onbekend API-token"
)

// touchInterval is how stale a last-seen or last-used time may get before it is
// written again: a write per request would serialise every request on SQLite.
const touchInterval = time.Minute

// signInName normalises a typed username as kluwen.User.Validate does. What
// cannot be in any username — invalid UTF-8, control characters (PostgreSQL
// refuses NUL in text) — becomes U+FFFD, so such a name matches nobody yet is
// throttled like any other; names longer than any username are cut short.
func signInName(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD")))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 100 {
		s = string(r[:100])
	}
	return s
}

// Authenticate checks a username and password; see the file comment for its
// steps. Every attempt writes an auth.login entry: refused ones name the user only
// when the username exists (an unknown name may be a mistyped password).
func (db *DB) Authenticate(ctx context.Context, username, password string) (*kluwen.User, error) {
	username = signInName(username)
	userKey := db.signInKey(username)
	keys := []throttleKey{{userKey, kluwen.MaxLoginFailures}}
	addrKey := ""
	if a := kluwen.ActorFromContext(ctx); a != nil && a.ClientAddr != "" {
		addrKey = "addr:" + a.ClientAddr
		keys = append(keys, throttleKey{addrKey, kluwen.MaxLoginFailuresPerAddr})
	}

	// Step 1: throttle, and count the attempt as a failure until it succeeds.
	var (
		user    *kluwen.User
		hash    string
		blocked bool
	)
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if user, hash, err = tx.userForSignIn(ctx, username); err != nil {
			return err
		}
		if blocked, err = tx.loginBlocked(ctx, keys); err != nil {
			return err
		}
		// Concurrent attempts may all have passed that check: the count each
		// gets decides which of them are still within the limit.
		for _, k := range keys {
			if blocked {
				break
			}
			n, err := tx.countLoginFailure(ctx, k)
			if err != nil {
				return err
			}
			blocked = n > k.max
		}
		if blocked {
			tx.logSignIn(user, kluwen.OutcomeRefused, basisLocked)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if blocked {
		return nil, errThrottled()
	}

	// Step 2: verify, outside any transaction.
	stored := dummyPasswordHash
	if user != nil {
		stored = hash
	}
	ok := false
	if len(password) <= 4*kluwen.MaxPasswordLen {
		var verr error
		if ok, verr = verifyPassword(stored, password); verr != nil && user != nil {
			db.log.Error("stored password hash is malformed", "user_id", user.ID)
		}
	}
	ok = ok && user != nil
	var rehash string
	if ok && !user.Disabled && passwordNeedsRehash(stored) {
		if h, err := hashPassword(password); err == nil {
			rehash = h
		}
	}

	// Step 3: record the outcome.
	var out *kluwen.User
	var authErr error
	err = db.update(ctx, func(tx *Tx) error {
		out, authErr = nil, errBadCredentials()
		if user == nil {
			tx.logSignIn(nil, kluwen.OutcomeRefused, basisUnknownUser)
			return nil
		}
		// Read the user again: they may have been disabled or their password
		// changed while the password was verified.
		u, h, err := tx.userForSignIn(ctx, username)
		if err != nil {
			return err
		}
		switch {
		case u == nil || u.ID != user.ID || h != hash:
			tx.logSignIn(user, kluwen.OutcomeRefused, basisWrongPassword)
			return nil
		case !ok:
			tx.logSignIn(u, kluwen.OutcomeRefused, basisWrongPassword)
			return nil
		case u.Disabled:
			tx.logSignIn(u, kluwen.OutcomeRefused, basisDisabled)
			return nil
		}
		if _, err := tx.exec(ctx, `DELETE FROM login_failures WHERE key = ?`, userKey); err != nil {
			return err
		}
		if addrKey != "" {
			if _, err := tx.exec(ctx, `UPDATE login_failures SET failures = failures - 1,
				locked_until = CASE WHEN failures - 1 < ? THEN NULL ELSE locked_until END
				WHERE key = ? AND failures > 0`, kluwen.MaxLoginFailuresPerAddr, addrKey); err != nil {
				return err
			}
		}
		if rehash != "" {
			if _, err := tx.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, rehash, u.ID); err != nil {
				return err
			}
		}
		tx.logSignIn(u, kluwen.OutcomeSuccess, basisPassword)
		out, authErr = u, nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	if authErr != nil {
		return nil, authErr
	}
	return out, nil
}

// userForSignIn returns the user with this username and their password hash, or
// nil when there is none.
func (tx *Tx) userForSignIn(ctx context.Context, username string) (*kluwen.User, string, error) {
	var hash string
	u, err := scanUser(tx.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash`+userTables+` WHERE u.username = ?`, username), &hash)
	if isNoRows(err) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	return u, hash, nil
}

// signInKey is the throttling key of a typed username: a keyed hash, not the
// name, since what was typed may be a password in the wrong field.
func (db *DB) signInKey(username string) string {
	return "user:" + db.bsnHash("signin\x00" + username)[:32]
}

// throttleKey is a sign-in throttling key ("user:<name>" or "addr:<address>")
// and how many failures it may have within kluwen.LoginFailureWindow.
type throttleKey struct {
	key string
	max int
}

// loginBlocked reports whether any of the throttling keys is locked now.
func (tx *Tx) loginBlocked(ctx context.Context, keys []throttleKey) (bool, error) {
	args := make([]any, 0, len(keys)+1)
	marks := make([]string, 0, len(keys))
	for _, k := range keys {
		args = append(args, k.key)
		marks = append(marks, "?")
	}
	args = append(args, tx.now)
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM login_failures WHERE key IN (`+strings.Join(marks, ", ")+`) AND locked_until > ?`, args...).Scan(&n)
	return n > 0, err
}

// countLoginFailure adds a failure to k's count, starting a new window when the
// last one has passed, locks k for kluwen.LoginLockout once the count reaches
// its maximum, and returns the new count. The upsert is atomic on both databases
// (on PostgreSQL it locks the row until commit), so concurrent attempts each get
// their own count.
func (tx *Tx) countLoginFailure(ctx context.Context, k throttleKey) (int, error) {
	cutoff := tx.now.Add(-kluwen.LoginFailureWindow)
	var n int
	if err := tx.queryRow(ctx, `INSERT INTO login_failures (key, failures, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			failures = CASE WHEN login_failures.window_start <= ? THEN 1 ELSE login_failures.failures + 1 END,
			window_start = CASE WHEN login_failures.window_start <= ? THEN excluded.window_start ELSE login_failures.window_start END
		RETURNING failures`,
		k.key, tx.now, cutoff, cutoff).Scan(&n); err != nil {
		return 0, err
	}
	if n == k.max {
		if _, err := tx.exec(ctx, `UPDATE login_failures SET locked_until = ? WHERE key = ?`, tx.now.Add(kluwen.LoginLockout), k.key); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// logSignIn records an auth.login entry. It names the user when there is one and
// otherwise leaves user and username empty, whatever the context's actor says.
func (tx *Tx) logSignIn(u *kluwen.User, outcome kluwen.AuditOutcome, basis string) {
	tx.entries = append(tx.entries, tx.userEntry("auth.login", outcome, basis, u))
}

// userEntry is an execute entry about u (or about nobody known, when u is nil),
// from the context's address and purpose.
func (tx *Tx) userEntry(eventType string, outcome kluwen.AuditOutcome, basis string, u *kluwen.User) *kluwen.AccessLogEntry {
	e := tx.entry(eventType, kluwen.AuditExecute, outcome, basis, nil)
	e.UserID, e.Username, e.OrganisationID, e.Role = 0, "", 0, ""
	if u != nil {
		e.UserID, e.Username, e.OrganisationID, e.Role = u.ID, u.Username, u.OrganisationID, u.Role
		e.Objects = []kluwen.ObjectRef{userRef(u.ID)}
	}
	return e
}

// CreateSession starts a new session for an enabled user and returns its secret
// ID. It trusts the caller to have authenticated the user (Authenticate). It never
// touches other sessions, so a caller renewing a session at sign-in creates the
// new one and deletes the old one.
func (db *DB) CreateSession(ctx context.Context, userID int64) (string, *kluwen.Session, error) {
	id, err := randomSecret(32)
	if err != nil {
		return "", nil, translateErr(err)
	}
	csrf, err := randomSecret(32)
	if err != nil {
		return "", nil, translateErr(err)
	}
	var s *kluwen.Session
	err = db.update(ctx, func(tx *Tx) error {
		var disabled bool
		err := tx.queryRow(ctx, `SELECT disabled FROM users WHERE id = ?`, userID).Scan(&disabled)
		if isNoRows(err) || (err == nil && disabled) {
			return errBadCredentials()
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)`,
			hashSecret(id), userID, csrf, tx.now, tx.now); err != nil {
			return err
		}
		s = &kluwen.Session{UserID: userID, CSRFToken: csrf, CreatedAt: tx.now, LastSeenAt: tx.now}
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return id, s, nil
}

// FindSession returns the live session with this ID and its user. A session idle
// for longer than kluwen.SessionIdleTimeout, older than
// kluwen.SessionAbsoluteTimeout or of a disabled user is deleted. The last-seen
// time is written at most once per touchInterval; the common case reads only.
func (db *DB) FindSession(ctx context.Context, id string) (*kluwen.Session, *kluwen.User, error) {
	if id == "" || len(id) > 128 {
		return nil, nil, errNoSession()
	}
	h := hashSecret(id)
	var s kluwen.Session
	var u *kluwen.User
	err := db.view(ctx, func(tx *Tx) error {
		err := tx.queryRow(ctx, `SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = ?`, h).
			Scan(&s.UserID, &s.CSRFToken, timeScan{&s.CreatedAt}, timeScan{&s.LastSeenAt})
		if isNoRows(err) {
			return errNoSession()
		}
		if err != nil {
			return err
		}
		u, err = tx.findUser(ctx, s.UserID)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	now := db.now().UTC().Truncate(time.Microsecond)
	if now.Sub(s.LastSeenAt) > kluwen.SessionIdleTimeout || now.Sub(s.CreatedAt) > kluwen.SessionAbsoluteTimeout || u.Disabled {
		err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id_hash = ?`, h)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, errNoSession()
	}
	if now.Sub(s.LastSeenAt) >= touchInterval {
		err := db.update(ctx, func(tx *Tx) error {
			res, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`, tx.now, h)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return errNoSession() // ended meanwhile
			}
			s.LastSeenAt = tx.now
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return &s, u, nil
}

// DeleteSession ends a session and logs the sign-out as auth.logout of its user.
// Ending a session that does not exist (any more) is not an error.
func (db *DB) DeleteSession(ctx context.Context, id string) error {
	if id == "" || len(id) > 128 {
		return nil
	}
	return db.update(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(ctx, `DELETE FROM sessions WHERE id_hash = ? RETURNING user_id`, hashSecret(id)).Scan(&userID)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		u, err := tx.findUser(ctx, userID)
		if err != nil {
			return err
		}
		tx.entries = append(tx.entries, tx.userEntry("auth.logout", kluwen.OutcomeSuccess, basisLogout, u))
		return nil
	})
}

// DeleteExpiredSessions deletes every session past its idle or absolute timeout
// and returns how many. It is housekeeping, run periodically; FindSession refuses
// expired sessions whether or not they were deleted yet.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?`,
			tx.now.Add(-kluwen.SessionIdleTimeout), tx.now.Add(-kluwen.SessionAbsoluteTimeout))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// DeleteStaleLoginFailures forgets the sign-in failure counters whose window and
// lock have passed, and returns how many. It is housekeeping, run periodically:
// the counters hold typed usernames, which may be mistyped passwords.
func (db *DB) DeleteStaleLoginFailures(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM login_failures WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)`,
			tx.now.Add(-kluwen.LoginFailureWindow), tx.now)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// AuthenticateToken returns the enabled user of a personal API token. An unknown
// token, or one of a disabled user, gives EUNAUTHORIZED and a refused auth.token
// entry. The token's last-used time is written at most once per touchInterval.
func (db *DB) AuthenticateToken(ctx context.Context, token string) (*kluwen.User, error) {
	var (
		tokenID  int64
		lastUsed *time.Time
		u        *kluwen.User
	)
	found := false
	if strings.HasPrefix(token, apiTokenPrefix) && len(token) <= 128 {
		err := db.view(ctx, func(tx *Tx) error {
			var userID int64
			// An expired or revoked token is refused like an unknown one; a token
			// without an expiry predates expiry and no longer works.
			err := tx.queryRow(ctx, `SELECT id, user_id, last_used_at FROM api_tokens
				WHERE token_hash = ? AND revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at > ?`, hashSecret(token), tx.now).
				Scan(&tokenID, &userID, nullTimeScan{&lastUsed})
			if isNoRows(err) {
				return nil
			}
			if err != nil {
				return err
			}
			found = true
			u, err = tx.findUser(ctx, userID)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	if !found || u.Disabled {
		// The refusal is written by update, in a transaction of its own.
		return nil, db.update(ctx, func(tx *Tx) error {
			if !found {
				tx.refused = append(tx.refused, tx.userEntry("auth.token", kluwen.OutcomeRefused, basisUnknownToken, nil))
			} else {
				tx.refused = append(tx.refused, tx.userEntry("auth.token", kluwen.OutcomeRefused, basisDisabled, u))
			}
			return errBadToken()
		})
	}
	now := db.now().UTC()
	if lastUsed == nil || now.Sub(*lastUsed) >= touchInterval {
		if err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.now, tokenID)
			return err
		}); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// randomSecret returns n random bytes in unpadded base64url.
func randomSecret(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("sqlstore: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// hashSecret is how session IDs and API tokens are stored and looked up.
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
