package sqlstore

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kluwen/kluwen"
)

// translateErr turns driver errors into the application's errors, so that no layer
// above the store needs to know which database it runs on. Errors that are already
// *kluwen.Error pass through.
func translateErr(err error) error {
	if err == nil {
		return nil
	}
	var ke *kluwen.Error
	if errors.As(err, &ke) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &kluwen.Error{Code: kluwen.EINTERNAL, Message: "De bewerking duurde te lang of is afgebroken.", Cause: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return &kluwen.Error{Code: kluwen.ECONFLICT, Message: "Dit bestaat al.", Cause: err}
		case "23503":
			return &kluwen.Error{Code: kluwen.EINVALID, Message: "Een gekozen verwijzing bestaat niet (meer).", Cause: err}
		case "40001", "40P01":
			return &kluwen.Error{Code: kluwen.ECONFLICT, Message: "Iemand anders wijzigde dit tegelijk. Probeer het opnieuw.", Cause: err}
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return &kluwen.Error{Code: kluwen.ECONFLICT, Message: "Dit bestaat al.", Cause: err}
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return &kluwen.Error{Code: kluwen.EINVALID, Message: "Een gekozen verwijzing bestaat niet (meer).", Cause: err}
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return &kluwen.Error{Code: kluwen.ECONFLICT, Message: "De database is even bezet. Probeer het opnieuw.", Cause: err}
		}
	}
	return &kluwen.Error{Code: kluwen.EINTERNAL, Message: "", Cause: err}
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}
