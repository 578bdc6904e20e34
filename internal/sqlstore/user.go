package sqlstore

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kluwen/kluwen"
)

// Users are the colleague directory: every signed-in actor may look them up (to
// pick a contact person), so those reads run on the read pool without an
// access-log entry. The password hash never leaves this package. Managing users is
// for admins and the system; a user may set their own password and make their own
// API tokens. Every change is logged with the object user:ID.
//
// Passwords are hashed before the transaction opens: argon2id takes tens of
// milliseconds and must not hold SQLite's single write connection meanwhile.

// basisOwnAccount is the access-log basis of a user acting on their own account.
const basisOwnAccount = "eigen account"

// CreateUser adds a user with the given password. Only admins (and the system)
// may. Every invalid field is reported at once, including an unknown organisation
// and a username already in use.
func (db *DB) CreateUser(ctx context.Context, u *kluwen.User, password string) error {
	var hash string
	if kluwen.ActorFromContext(ctx).Can(kluwen.PermManageUsers) && kluwen.ValidatePassword(password) == nil {
		var err error
		if hash, err = hashPassword(password); err != nil {
			return translateErr(err)
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageUsers, "user.create", kluwen.AuditCreate)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		addFieldErrors(&v, u.Validate())
		addFieldErrors(&v, kluwen.ValidatePassword(password))
		conflicts, err := tx.checkUserReferences(ctx, &v, u, 0)
		if err != nil {
			return err
		}
		if err := inputError(v.Err(), conflicts); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO users (username, display_name, email, organisation_id, role, password_hash, disabled, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.DisplayName, u.Email, u.OrganisationID, string(u.Role), hash, u.Disabled, tx.now, tx.now)
		if isUniqueViolation(err) {
			return inputError(nil, []kluwen.FieldError{usernameTaken})
		}
		if err != nil {
			return err
		}
		u.ID, u.CreatedAt, u.UpdatedAt = id, tx.now, tx.now
		if u.Organisation, err = tx.findOrganisation(ctx, u.OrganisationID); err != nil {
			return err
		}
		tx.log("user.create", kluwen.AuditCreate, basis, userRef(id))
		return nil
	})
}

// FindUserByID returns a user with their organisation. Any signed-in actor may.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*kluwen.User, error) {
	var u *kluwen.User
	err := db.view(ctx, func(tx *Tx) error {
		if tx.actor == nil {
			return kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
		}
		var err error
		u, err = tx.findUser(ctx, id)
		return err
	})
	return u, err
}

// FindUsers returns the users matching f, disabled ones included, ordered by
// name. Any signed-in actor may. Username matches the whole name.
func (db *DB) FindUsers(ctx context.Context, f kluwen.UserFilter) ([]*kluwen.User, error) {
	var list []*kluwen.User
	err := db.view(ctx, func(tx *Tx) error {
		if tx.actor == nil {
			return kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
		}
		var err error
		list, err = tx.findUsers(ctx, f)
		return err
	})
	return list, err
}

// UpdateUser changes a user's name, e-mail address, organisation or role. Only
// admins (and the system) may.
func (db *DB) UpdateUser(ctx context.Context, id int64, upd kluwen.UserUpdate) (*kluwen.User, error) {
	var u *kluwen.User
	err := db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageUsers, "user.update", kluwen.AuditUpdate, userRef(id))
		if err != nil {
			return err
		}
		if u, err = tx.findUser(ctx, id); err != nil {
			return err
		}
		if upd.DisplayName != nil {
			u.DisplayName = *upd.DisplayName
		}
		if upd.Email != nil {
			u.Email = *upd.Email
		}
		if upd.OrganisationID != nil {
			u.OrganisationID = *upd.OrganisationID
		}
		if upd.Role != nil {
			u.Role = *upd.Role
		}
		var v kluwen.Validator
		addFieldErrors(&v, u.Validate())
		conflicts, err := tx.checkUserReferences(ctx, &v, u, id)
		if err != nil {
			return err
		}
		if err := inputError(v.Err(), conflicts); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE users SET display_name = ?, email = ?, organisation_id = ?, role = ?, updated_at = ? WHERE id = ?`,
			u.DisplayName, u.Email, u.OrganisationID, string(u.Role), tx.now, id); err != nil {
			return err
		}
		if u, err = tx.findUser(ctx, id); err != nil {
			return err
		}
		tx.log("user.update", kluwen.AuditUpdate, basis, userRef(id))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// SetPassword sets a user's password: their own, or anyone's for an admin (and
// the system). It ends every session of the user, the caller's own included, so
// that a password reset locks out whoever knew the old one; the web layer starts
// a fresh session for a user who changed their own.
func (db *DB) SetPassword(ctx context.Context, id int64, password string) error {
	a := kluwen.ActorFromContext(ctx)
	own := a != nil && a.UserID != 0 && a.UserID == id
	var hash string
	if (own || a.Can(kluwen.PermManageUsers)) && kluwen.ValidatePassword(password) == nil {
		var err error
		if hash, err = hashPassword(password); err != nil {
			return translateErr(err)
		}
	}
	return db.update(ctx, func(tx *Tx) error {
		basis := basisOwnAccount
		if !own {
			var err error
			if basis, err = tx.requirePermission(kluwen.PermManageUsers, "user.password", kluwen.AuditUpdate, userRef(id)); err != nil {
				return err
			}
		}
		if err := kluwen.ValidatePassword(password); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.now, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("De gebruiker")
		}
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return err
		}
		tx.log("user.password", kluwen.AuditUpdate, basis, userRef(id))
		return nil
	})
}

// SetDisabled disables a user, ending every session of theirs in the same
// transaction, or enables them again. Only admins (and the system) may.
func (db *DB) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	event := "user.enable"
	if disabled {
		event = "user.disable"
	}
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageUsers, event, kluwen.AuditUpdate, userRef(id))
		if err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, tx.now, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return notFound("De gebruiker")
		}
		if disabled {
			if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return err
			}
		}
		tx.log(event, kluwen.AuditUpdate, basis, userRef(id))
		return nil
	})
}

// apiTokenPrefix starts every personal API token, so that one found in a log or a
// repository is recognised for what it is.
const apiTokenPrefix = "klw_"

// CreateAPIToken makes a personal API token for a user: the user themself or an
// admin (and the system) may. The token is returned once; only its SHA-256 is
// kept.
func (db *DB) CreateAPIToken(ctx context.Context, userID int64, name string) (string, *kluwen.APIToken, error) {
	secret, err := randomSecret(32)
	if err != nil {
		return "", nil, translateErr(err)
	}
	token := apiTokenPrefix + secret
	t := &kluwen.APIToken{UserID: userID, Name: strings.TrimSpace(name)}
	err = db.update(ctx, func(tx *Tx) error {
		basis := basisOwnAccount
		if a := tx.actor; a == nil || a.UserID == 0 || a.UserID != userID {
			var err error
			if basis, err = tx.requirePermission(kluwen.PermManageUsers, "user.token", kluwen.AuditCreate, userRef(userID)); err != nil {
				return err
			}
		}
		var v kluwen.Validator
		switch {
		case t.Name == "":
			v.Add("name", "Vul een naam voor het token in.")
		case utf8.RuneCountInString(t.Name) > kluwen.MaxShortLen:
			v.Add("name", "De naam is te lang: maximaal 100 tekens.")
		case strings.IndexFunc(t.Name, unicode.IsControl) >= 0:
			v.Add("name", "De naam bevat ongeldige tekens.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.findUser(ctx, userID); err != nil {
			return err
		}
		expires := tx.now.Add(kluwen.APITokenLifetime)
		id, err := tx.insert(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			userID, t.Name, hashSecret(token), tx.now, expires)
		if err != nil {
			return err
		}
		t.ID, t.CreatedAt, t.ExpiresAt = id, tx.now, expires
		tx.log("user.token", kluwen.AuditCreate, basis, userRef(userID))
		return nil
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

var usernameTaken = kluwen.FieldError{Field: "username", Message: "Deze gebruikersnaam is al in gebruik."}

// checkUserReferences adds an error for an organisation that does not exist to v
// and returns a conflict when the username belongs to another user than self.
func (tx *Tx) checkUserReferences(ctx context.Context, v *kluwen.Validator, u *kluwen.User, self int64) ([]kluwen.FieldError, error) {
	if u.OrganisationID > 0 {
		ok, err := tx.organisationExists(ctx, u.OrganisationID)
		if err != nil {
			return nil, err
		}
		if !ok {
			v.Add("organisationId", "Deze organisatie bestaat niet.")
		}
	}
	if v.Has("username") {
		return nil, nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM users WHERE username = ? AND id <> ?`, u.Username, self).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return []kluwen.FieldError{usernameTaken}, nil
	}
	return nil, nil
}

func (tx *Tx) findUser(ctx context.Context, id int64) (*kluwen.User, error) {
	list, err := tx.findUsers(ctx, kluwen.UserFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("De gebruiker")
	}
	return list[0], nil
}

// userColumns are the columns scanUser reads (never the password hash), from
// userTables.
const (
	userColumns = `u.id, u.username, u.display_name, u.email, u.organisation_id, u.role, u.disabled, u.created_at, u.updated_at,
	o.name, o.sector, o.created_at, o.updated_at`
	userTables = ` FROM users u JOIN organisations o ON o.id = u.organisation_id`
)

func (tx *Tx) findUsers(ctx context.Context, f kluwen.UserFilter) ([]*kluwen.User, error) {
	var where []string
	var args []any
	if f.ID != nil {
		where, args = append(where, "u.id = ?"), append(args, *f.ID)
	}
	if f.Username != nil {
		where, args = append(where, "u.username = ?"), append(args, strings.ToLower(strings.TrimSpace(*f.Username)))
	}
	if f.OrganisationID != nil {
		where, args = append(where, "u.organisation_id = ?"), append(args, *f.OrganisationID)
	}
	if f.Role != nil {
		where, args = append(where, "u.role = ?"), append(args, string(*f.Role))
	}
	q := `SELECT ` + userColumns + userTables
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := tx.query(ctx, q+` ORDER BY lower(u.display_name), u.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*kluwen.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanUser(s scanner, extra ...any) (*kluwen.User, error) {
	u := &kluwen.User{Organisation: &kluwen.Organisation{Departments: []*kluwen.Department{}}}
	var role, sector string
	dest := append([]any{&u.ID, &u.Username, &u.DisplayName, &u.Email, &u.OrganisationID, &role, &u.Disabled,
		timeScan{&u.CreatedAt}, timeScan{&u.UpdatedAt},
		&u.Organisation.Name, &sector, timeScan{&u.Organisation.CreatedAt}, timeScan{&u.Organisation.UpdatedAt}}, extra...)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	u.Role, u.Organisation.ID, u.Organisation.Sector = kluwen.Role(role), u.OrganisationID, kluwen.Sector(sector)
	return u, nil
}

func userRef(id int64) kluwen.ObjectRef { return kluwen.ObjectRef{Type: kluwen.ObjectUser, ID: id} }

// tokenAccess checks that the actor may manage the tokens of userID: their own,
// or anyone's for an admin. It returns the basis for the access log.
func (tx *Tx) tokenAccess(userID int64, event string, action kluwen.AuditAction) (string, error) {
	if a := tx.actor; a != nil && a.UserID != 0 && a.UserID == userID {
		return basisOwnAccount, nil
	}
	return tx.requirePermission(kluwen.PermManageUsers, event, action, userRef(userID))
}

// FindAPITokens lists the tokens of a user, newest first.
func (db *DB) FindAPITokens(ctx context.Context, userID int64) ([]*kluwen.APIToken, error) {
	var out []*kluwen.APIToken
	err := db.update(ctx, func(tx *Tx) error {
		basis, err := tx.tokenAccess(userID, "user.token", kluwen.AuditRead)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, user_id, name, created_at, expires_at, last_used_at, revoked_at
			FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &kluwen.APIToken{}
			var expires *time.Time
			if err := rows.Scan(&t.ID, &t.UserID, &t.Name, timeScan{&t.CreatedAt}, nullTimeScan{&expires}, nullTimeScan{&t.LastUsedAt}, nullTimeScan{&t.RevokedAt}); err != nil {
				return err
			}
			if expires != nil {
				t.ExpiresAt = *expires
			}
			out = append(out, t)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("user.token", kluwen.AuditRead, basis, userRef(userID))
		return nil
	})
	return out, err
}

// RevokeAPIToken ends a token at once. Revoking one that is already revoked
// changes nothing.
func (db *DB) RevokeAPIToken(ctx context.Context, tokenID int64) error {
	return db.update(ctx, func(tx *Tx) error {
		var userID int64
		err := tx.queryRow(ctx, `SELECT user_id FROM api_tokens WHERE id = ?`, tokenID).Scan(&userID)
		if isNoRows(err) {
			return notFound("Het token")
		}
		if err != nil {
			return err
		}
		basis, err := tx.tokenAccess(userID, "user.token", kluwen.AuditDelete)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.EFORBIDDEN {
				return notFound("Het token")
			}
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`, tx.now, tokenID); err != nil {
			return err
		}
		tx.log("user.token", kluwen.AuditDelete, basis, userRef(userID))
		return nil
	})
}
