// Package testdb opens real databases for tests: a fresh SQLite file per test, and a
// fresh PostgreSQL schema per test when KLUWEN_TEST_POSTGRES holds a connection
// string. Tests that run on both use Each. Without KLUWEN_TEST_POSTGRES the
// PostgreSQL run is skipped with a message, except under CI=true, where it fails:
// CI must test both.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kluwen/kluwen/internal/sqlstore"
)

// Keys returns fixed keys for tests.
func Keys() sqlstore.Keys {
	k, err := sqlstore.DeriveKeys([]byte("kluwen test master key, not secret, 32+ bytes"))
	if err != nil {
		panic(err)
	}
	return k
}

// Options are optional settings for a test database.
type Options struct {
	Now        func() time.Time
	MailOutbox bool
}

// Each runs fn as a subtest on SQLite and on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated SQLite database in a temporary directory.
func SQLite(t testing.TB, opts ...Options) *sqlstore.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "kluwen.db"), opts)
}

// PostgresDSN returns the test server's connection string, skipping (or, under
// CI=true, failing) the test when there is none.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("KLUWEN_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("KLUWEN_TEST_POSTGRES is not set: CI must run every store test on PostgreSQL too")
		}
		t.Skip("PostgreSQL run skipped: set KLUWEN_TEST_POSTGRES=postgres://user@host:5432/db?sslmode=disable to run it")
	}
	return dsn
}

// Postgres opens a migrated PostgreSQL database in a fresh schema of the test server,
// dropped when the test ends, so that tests can run in parallel.
func Postgres(t testing.TB, opts ...Options) *sqlstore.DB {
	t.Helper()
	dsn := PostgresDSN(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema (is PostgreSQL at %s running?): %v", redact(dsn), err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("KLUWEN_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return open(t, u.String(), opts)
}

func open(t testing.TB, dsn string, opts []Options) *sqlstore.DB {
	t.Helper()
	o := sqlstore.Options{DSN: dsn, Keys: Keys(), Logger: slog.New(slog.DiscardHandler)}
	if len(opts) > 0 {
		o.Now, o.MailOutbox = opts[0].Now, opts[0].MailOutbox
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, o)
	if err != nil {
		t.Fatalf("open %s: %v", redact(dsn), err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		u.User = url.User(u.User.Username())
		return u.String()
	}
	return fmt.Sprint(dsn)
}
