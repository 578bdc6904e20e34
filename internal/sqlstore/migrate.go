package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed migrations
var migrationsFS embed.FS

// migrationSteps are Go steps that run after the SQL of the same version, in its
// transaction: seeding data that ships as embedded files elsewhere.
var migrationSteps = map[string]func(ctx context.Context, db *DB, tx *sql.Tx) error{
	"0004_costs":                     seedCosts,
	"0008_household_problem_domains": fillProblemDomains,
	"0012_price_index_2025":          shipIndexYears,
}

// Migrate brings the schema up to date. Migrations are forward-only, one file per
// version per dialect (migrations/{sqlite,postgres}/NNNN_name.sql), each applied in
// its own transaction and recorded in schema_migrations. Migrations never drop
// data that is kept; temporary data (a cost file uploaded in the last hour, between
// the steps of an import) may be removed when its form changes, and whoever was
// using it starts that step again (0011). On PostgreSQL an advisory lock keeps two
// starting instances from migrating at once.
func (db *DB) Migrate(ctx context.Context) error {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return translateErr(err)
	}
	defer conn.Close()
	if db.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext(current_schema() || '.kluwen_migrate'))`); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext(current_schema() || '.kluwen_migrate'))`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	dir := "migrations/" + string(db.dialect)
	names, err := fs.Glob(migrationsFS, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(name[len(dir)+1:], ".sql")
		var n int
		if err := conn.QueryRowContext(ctx, rebind(db.dialect, `SELECT count(*) FROM schema_migrations WHERE version = ?`), version).Scan(&n); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		if n > 0 {
			continue
		}
		body, err := migrationsFS.ReadFile(name)
		if err != nil {
			return err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", version, err)
		}
		if step := migrationSteps[version]; step != nil {
			if err := step(ctx, db, tx); err != nil {
				tx.Rollback()
				return fmt.Errorf("migrate %s: %w", version, err)
			}
		}
		if _, err := tx.ExecContext(ctx, rebind(db.dialect, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), version, db.now().UTC().Format(sqliteTimeLayout)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migrate %s: %w", version, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("migrate %s: %w", version, err)
		}
		db.log.Info("applied migration", "version", version, "dialect", db.dialect)
	}
	return nil
}
