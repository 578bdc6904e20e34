package sqlstore

import "context"

// SignInKey exposes the throttling key of a typed username to the tests.
func (db *DB) SignInKey(username string) string { return db.signInKey(signInName(username)) }

// RunMigrationStep runs the Go step of a migration again, in a transaction of
// its own, as an upgrade of an older database would.
func (db *DB) RunMigrationStep(ctx context.Context, version string) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := migrationSteps[version](ctx, db, tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
