package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestCostRecordReferencesPostgres: the statement-level reference checks of
// migration 0009 hold for COPY (the bulk loader's path) and under concurrency, as
// a foreign key does: a record written while its household is being deleted, and
// a household deleted while a record for it is being written, never leave a
// record without its household.
func TestCostRecordReferencesPostgres(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		if db.Dialect() != sqlstore.Postgres {
			t.Skip("PostgreSQL only: SQLite keeps row-level foreign keys")
		}
		w := newCostWorld(t, db)
		ctx := context.Background()
		raw := db.RawDB()
		cols := []string{"organisation_id", "household_id", "item_code", "amount_cents", "period_from", "period_to", "year", "quarter", "sector", "kind", "cost_type", "created_at"}
		day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
		row := func(hh int64) []any {
			return []any{w.police, hh, "", int64(100), day, day, int32(2024), int32(1), "veiligheid", "zorg", "dienst", day}
		}
		isFK := func(err error) bool {
			var pe *pgconn.PgError
			return errors.As(err, &pe) && pe.Code == "23503"
		}
		orphans := func() int {
			var n int
			if err := raw.QueryRow(`SELECT count(*) FROM cost_records r WHERE NOT EXISTS (SELECT 1 FROM households h WHERE h.id = r.household_id)`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// COPY: a missing household refuses the whole copy.
		conn, err := raw.Conn(ctx)
		hhMust(t, err)
		err = conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"cost_records"}, cols, pgx.CopyFromRows([][]any{row(w.household), row(987654)}))
			return err
		})
		conn.Close()
		if !isFK(err) {
			t.Fatalf("COPY with a missing household: %v, want a foreign-key violation", err)
		}

		begin := func() *sql.Tx {
			tx, err := raw.BeginTx(ctx, nil)
			hhMust(t, err)
			_, err = tx.Exec(`SET LOCAL lock_timeout = '5s'`)
			hhMust(t, err)
			return tx
		}
		insert := func(tx *sql.Tx, hh int64) error {
			_, err := tx.Exec(`INSERT INTO cost_records (organisation_id, household_id, item_code, amount_cents, period_from, period_to, year, quarter, sector, kind, cost_type, created_at)
				VALUES ($1, $2, '', 100, '2024-03-01', '2024-03-01', 2024, 1, 'veiligheid', 'zorg', 'dienst', '2024-03-02 10:00:00+00')`, w.police, hh)
			return err
		}
		del := func(tx *sql.Tx, hh int64) error {
			_, err := tx.Exec(`DELETE FROM households WHERE id = $1`, hh)
			return err
		}

		// A record first: the delete waits for it and then sees it.
		hh := costHousehold(t, db, w.orgA, "Noord", 71)
		t1, t2 := begin(), begin()
		hhMust(t, insert(t1, hh))
		done := make(chan error, 1)
		go func() { done <- del(t2, hh) }()
		select {
		case err := <-done:
			t.Fatalf("the delete did not wait for the writing transaction: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		hhMust(t, t1.Commit())
		if err := <-done; !isFK(err) {
			t.Errorf("delete after a concurrent record: %v, want a foreign-key violation", err)
		}
		t2.Rollback()

		// The delete first: the record waits for it and then finds no household.
		hh = costHousehold(t, db, w.orgA, "Noord", 72)
		t1, t2 = begin(), begin()
		hhMust(t, del(t2, hh))
		go func() { done <- insert(t1, hh) }()
		select {
		case err := <-done:
			t.Fatalf("the record did not wait for the deleting transaction: %v", err)
		case <-time.After(300 * time.Millisecond):
		}
		hhMust(t, t2.Commit())
		if err := <-done; !isFK(err) {
			t.Errorf("record after a concurrent delete: %v, want a foreign-key violation", err)
		}
		t1.Rollback()
		if n := orphans(); n != 0 {
			t.Errorf("%d records without their household", n)
		}

		// Through the store the violation is a clear, safe message.
		err = db.CreateCostRecord(hhSys(), &kluwen.CostRecord{OrganisationID: w.police, HouseholdID: 987654, ItemCode: "POL-HOUR", Quantity: kluwen.Units(1), From: hhDate("2024-03-01"), LifeDomain: "justitie"})
		if code := kluwen.ErrorCode(err); code != kluwen.EINVALID && code != kluwen.ENOTFOUND {
			t.Errorf("a record for a missing household through the store: %v", err)
		}
	})
}
