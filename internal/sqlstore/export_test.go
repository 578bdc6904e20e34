package sqlstore

// SignInKey exposes the throttling key of a typed username to the tests.
func (db *DB) SignInKey(username string) string { return db.signInKey(signInName(username)) }
