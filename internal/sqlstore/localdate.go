package sqlstore

import (
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"

	"github.com/kluwen/kluwen"
)

// SQLite has no time zones beyond UTC and local time, so the date of an instant in
// the Netherlands — which the timeline sorts and filters on — comes from a
// function registered with the driver: kluwen_local_date(instant) returns the
// date (2006-01-02) of a stored instant in Europe/Amsterdam. PostgreSQL does the
// same with AT TIME ZONE. Use localDateSQL rather than either directly.
func init() {
	if err := sqlite.RegisterDeterministicScalarFunction("kluwen_local_date", 1, sqliteLocalDate); err != nil {
		panic(err)
	}
}

func sqliteLocalDate(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	t, ok, err := parseTimeValue(args[0])
	if err != nil {
		return nil, fmt.Errorf("kluwen_local_date: %w", err)
	}
	if !ok {
		return nil, nil
	}
	return t.In(amsterdam).Format(kluwen.DateLayout), nil
}

// localDateSQL is the expression for the date in the Netherlands of the instant
// column col, comparable with dateArg values.
func (tx *Tx) localDateSQL(col string) string {
	if tx.db.dialect == Postgres {
		return "((" + col + ") AT TIME ZONE 'Europe/Amsterdam')::date"
	}
	return "kluwen_local_date(" + col + ")"
}
