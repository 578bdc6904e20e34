package sqlstore_test

import (
	"context"
	"testing"

	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func TestMigrateTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		var n int
		if err := db.RawDB().QueryRow(`SELECT count(*) FROM audit_head`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit_head rows = %d, err %v; want 1", n, err)
		}
	})
}

// TestSQLiteSecureDelete: on SQLite what is deleted is overwritten, so that a
// deleted upload or session does not linger in the file's free pages.
func TestSQLiteSecureDelete(t *testing.T) {
	db := testdb.SQLite(t)
	var on int
	if err := db.RawDB().QueryRow(`PRAGMA secure_delete`).Scan(&on); err != nil || on != 1 {
		t.Fatalf("secure_delete = %d, err %v; want 1", on, err)
	}
}
