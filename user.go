package kluwen

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// User is a person who signs in to Kluwen. Every user belongs to one organisation
// and has one role.
type User struct {
	ID             int64
	Username       string
	DisplayName    string
	Email          string
	OrganisationID int64
	Organisation   *Organisation // filled by Find methods
	Role           Role
	Disabled       bool
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// Minimum and maximum password length. Length, not composition, is what makes a
// password strong (NIST SP 800-63B).
const (
	MinPasswordLen = 12
	MaxPasswordLen = 256
)

// Validate normalises u and checks it.
func (u *User) Validate() error {
	var v Validator
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	u.DisplayName = strings.TrimSpace(u.DisplayName)
	u.Email = strings.TrimSpace(u.Email)
	switch {
	case u.Username == "":
		v.Add("username", "Vul een gebruikersnaam in.")
	case !usernameRe.MatchString(u.Username):
		v.Add("username", "Een gebruikersnaam heeft 2 tot 63 tekens: kleine letters, cijfers, punt, streepje of liggend streepje.")
	}
	checkText(&v, "displayName", u.DisplayName, MaxNameLen, true, "de naam")
	checkText(&v, "email", u.Email, MaxNameLen, false, "het e-mailadres")
	if u.Email != "" && !v.Has("email") && (!strings.Contains(u.Email, "@") || strings.ContainsAny(u.Email, " <>")) {
		v.Add("email", "Vul een geldig e-mailadres in, zoals naam@organisatie.nl.")
	}
	v.Check(u.OrganisationID > 0, "organisationId", "Kies een organisatie.")
	v.Check(u.Role.Valid(), "role", "Kies een rol uit de lijst.")
	return v.Err()
}

// ValidatePassword checks a new password.
func ValidatePassword(p string) error {
	var v Validator
	n := utf8.RuneCountInString(p)
	switch {
	case n < MinPasswordLen:
		v.Add("password", "Het wachtwoord moet minstens 12 tekens hebben.")
	case n > MaxPasswordLen:
		v.Add("password", "Het wachtwoord mag hoogstens 256 tekens hebben.")
	}
	return v.Err()
}

// UserFilter selects users.
type UserFilter struct {
	ID             *int64
	Username       *string
	OrganisationID *int64
	Role           *Role
}

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	DisplayName    *string
	Email          *string
	OrganisationID *int64
	Role           *Role
}

// APIToken is a personal API token. The token itself is shown once, when created,
// and stored only as a hash.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// APITokenLifetime is how long a personal API token works; a client then needs a
// new one. Tokens can be revoked before that.
const APITokenLifetime = 90 * 24 * time.Hour

// Active reports whether the token works at the given time.
func (t *APIToken) Active(now time.Time) bool { return t.RevokedAt == nil && now.Before(t.ExpiresAt) }

// UserService manages users. Admins manage every user; a user may change their own
// password. Disabling a user ends their sessions at once.
type UserService interface {
	CreateUser(ctx context.Context, u *User, password string) error
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUsers(ctx context.Context, f UserFilter) ([]*User, error)
	UpdateUser(ctx context.Context, id int64, upd UserUpdate) (*User, error)
	SetPassword(ctx context.Context, id int64, password string) error
	// SetDisabled disables (and ends every session of) or re-enables a user.
	SetDisabled(ctx context.Context, id int64, disabled bool) error
	// CreateAPIToken returns the new token in plain text; only its hash is kept.
	// It works for APITokenLifetime.
	CreateAPIToken(ctx context.Context, userID int64, name string) (string, *APIToken, error)
	// FindAPITokens lists a user's tokens (never the tokens themselves), newest
	// first: the user themself or an admin.
	FindAPITokens(ctx context.Context, userID int64) ([]*APIToken, error)
	// RevokeAPIToken ends a token at once: its owner or an admin.
	RevokeAPIToken(ctx context.Context, tokenID int64) error
}

// Session is a signed-in browser session. Its ID is only ever known in plain text
// to the browser; the database keeps a hash.
type Session struct {
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Session lifetimes.
const (
	SessionIdleTimeout     = 30 * time.Minute
	SessionAbsoluteTimeout = 12 * time.Hour
)

// Login throttling: after MaxLoginFailures failed sign-ins for one username within
// LoginFailureWindow the username is locked for LoginLockout; one client address
// gets MaxLoginFailuresPerAddr failures in that window.
const (
	MaxLoginFailures        = 5
	MaxLoginFailuresPerAddr = 20
	LoginFailureWindow      = 15 * time.Minute
	LoginLockout            = 15 * time.Minute
)

// AuthService signs users in and keeps their sessions. Every sign-in, successful or
// not, is written to the access log.
type AuthService interface {
	// Authenticate checks a username and password. A wrong password or unknown user
	// returns EUNAUTHORIZED, a throttled one ETOOMANY; a disabled user EUNAUTHORIZED.
	Authenticate(ctx context.Context, username, password string) (*User, error)
	// CreateSession starts a new session for the user and returns its secret ID.
	CreateSession(ctx context.Context, userID int64) (id string, s *Session, err error)
	// FindSession returns the live session with this ID and its user, touching its
	// last-seen time; an expired or unknown one, or one of a disabled user, gives
	// EUNAUTHORIZED.
	FindSession(ctx context.Context, id string) (*Session, *User, error)
	// DeleteSession ends a session (logout); it logs the sign-out.
	DeleteSession(ctx context.Context, id string) error
	// AuthenticateToken returns the user of a personal API token.
	AuthenticateToken(ctx context.Context, token string) (*User, error)
}
