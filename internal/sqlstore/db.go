// Package sqlstore implements Kluwen's services on database/sql, for SQLite
// (modernc.org/sqlite, pure Go, the embedded default) and PostgreSQL (pgx, for
// production). The SQL is hand-written in the subset both dialects share and
// written with ? placeholders, which Tx rebinds for PostgreSQL.
//
// Every service call is one transaction (DB.update or DB.view). Need-to-know is
// checked inside it with the rules of the domain package, and the access-log
// entries the call produces are appended to the hash chain just before commit, so
// the action and its log entry stand or fall together. A refused attempt rolls the
// transaction back and then writes its refusal entry in a transaction of its own.
//
// SQLite runs with WAL, foreign keys, a busy timeout and synchronous=NORMAL, and
// uses one connection for writes (BEGIN IMMEDIATE) beside a pool for reads, as
// PocketBase does. Because every read of personal data writes an access-log entry,
// those reads run on the write connection too.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"github.com/kluwen/kluwen"
)

// Dialect is the SQL dialect of a database.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Keys are the secrets the store needs. They come from outside the database so that
// a copy of the database alone does not reveal BSNs nor allow a rewritten access log.
type Keys struct {
	Audit   []byte // HMAC key of the access-log chain
	BSNHash []byte // HMAC key for exact BSN matching
	BSNEnc  []byte // AES-256 key (32 bytes) for the stored BSN
}

// Options configure Open.
type Options struct {
	// DSN is a PostgreSQL URL (postgres://…) or a SQLite file path (optionally
	// prefixed sqlite:).
	DSN    string
	Keys   Keys
	Logger *slog.Logger
	// Now returns the current time; tests set it. Defaults to time.Now.
	Now func() time.Time
	// MailOutbox queues an e-mail with every notification to a user with an
	// address; set it when SMTP is configured and the mail worker runs.
	MailOutbox bool
}

// DB is an open Kluwen database. It implements the service interfaces of package
// kluwen.
type DB struct {
	dialect Dialect
	write   *sql.DB // SQLite: one connection; PostgreSQL: the pool
	read    *sql.DB // SQLite: a read pool; PostgreSQL: the same pool as write
	keys    Keys
	log     *slog.Logger
	now     func() time.Time
	// mailOutbox: notifications queue e-mail (Options.MailOutbox, SetMailOutbox).
	mailOutbox atomic.Bool
	// notifier replaces the delivery of the case work's notifications (SetNotifier);
	// nil means the store's own notifications.
	notifier Notifier
	// wijken caches the portfolio's households per wijk (cost_analysis.go).
	wijken wijkCache
}

// ParseDSN tells the dialect of a DSN.
func ParseDSN(dsn string) (Dialect, string) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return Postgres, dsn
	case strings.HasPrefix(dsn, "sqlite:"):
		return SQLite, strings.TrimPrefix(dsn, "sqlite:")
	}
	return SQLite, dsn
}

// Open opens the database and checks that it answers. It does not migrate; call
// Migrate before use.
func Open(ctx context.Context, opt Options) (*DB, error) {
	if len(opt.Keys.Audit) == 0 || len(opt.Keys.BSNHash) == 0 || len(opt.Keys.BSNEnc) != 32 {
		return nil, errors.New("sqlstore: keys missing or BSN encryption key not 32 bytes")
	}
	db := &DB{keys: opt.Keys, log: opt.Logger, now: opt.Now}
	db.mailOutbox.Store(opt.MailOutbox)
	if db.log == nil {
		db.log = slog.Default()
	}
	if db.now == nil {
		db.now = time.Now
	}
	dialect, dsn := ParseDSN(opt.DSN)
	db.dialect = dialect
	var err error
	switch dialect {
	case Postgres:
		db.write, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(20)
		db.write.SetMaxIdleConns(10)
		db.write.SetConnMaxIdleTime(5 * time.Minute)
		db.read = db.write
	case SQLite:
		if dsn == "" {
			return nil, errors.New("sqlstore: no SQLite file given")
		}
		if dir := filepath.Dir(dsn); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("sqlstore: %w", err)
			}
		}
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		u := "file:" + (&url.URL{Path: dsn}).EscapedPath()
		// secure_delete: what is deleted (an upload, a session, later a closed
		// case past its retention) is overwritten, not left in free pages.
		db.write, err = sql.Open("sqlite", u+"?"+pragmas+"&_pragma=cache_size(-131072)&_pragma=secure_delete(1)&_txlock=immediate")
		if err != nil {
			return nil, err
		}
		db.write.SetMaxOpenConns(1)
		db.write.SetConnMaxLifetime(0)
		db.read, err = sql.Open("sqlite", u+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			db.write.Close()
			return nil, err
		}
		db.read.SetMaxOpenConns(max(4, runtime.NumCPU()))
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.write.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: cannot reach the %s database: %w", dialect, err)
	}
	return db, nil
}

// SetMailOutbox turns the queueing of e-mail with notifications on or off, and
// returns what it was. The demo turns it off while it writes its made-up
// history, so that no e-mail goes out for it.
func (db *DB) SetMailOutbox(on bool) (was bool) { return db.mailOutbox.Swap(on) }

// Dialect returns the database's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if e := db.read.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Ping checks that the database answers (for health checks).
func (db *DB) Ping(ctx context.Context) error { return db.write.PingContext(ctx) }

// RawDB returns the underlying write handle, for tests and maintenance commands
// that must reach past the services (such as tampering tests of the access log).
func (db *DB) RawDB() *sql.DB { return db.write }

// Rebind turns ? placeholders into the dialect's own ($1, $2, … for PostgreSQL).
// Queries must not contain a literal question mark.
func (db *DB) Rebind(q string) string { return rebind(db.dialect, q) }

func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

func (db *DB) actor(ctx context.Context) (*kluwen.Actor, error) {
	a := kluwen.ActorFromContext(ctx)
	if a == nil {
		return nil, kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
	}
	return a, nil
}
