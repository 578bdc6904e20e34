package sqlstore

import (
	"fmt"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

// sqliteTimeLayout is how SQLite stores instants: fixed width, so text order is
// time order.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

func timeArg(d Dialect, t time.Time) any {
	if d == SQLite {
		return t.UTC().Format(sqliteTimeLayout)
	}
	return t.UTC()
}

// dateArg passes a calendar date; both dialects take the ISO text.
func dateArg(t time.Time) string { return t.Format(kluwen.DateLayout) }

// optDateArg passes an optional calendar date.
func optDateArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dateArg(*t)
}

// timeScan scans an instant or a date from either dialect: time.Time from
// PostgreSQL, text from SQLite.
type timeScan struct{ t *time.Time }

func (s timeScan) Scan(src any) error {
	t, ok, err := parseTimeValue(src)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("sqlstore: NULL where a time is required")
	}
	*s.t = t
	return nil
}

// nullTimeScan scans an optional instant or date.
type nullTimeScan struct{ t **time.Time }

func (s nullTimeScan) Scan(src any) error {
	t, ok, err := parseTimeValue(src)
	if err != nil {
		return err
	}
	if !ok {
		*s.t = nil
		return nil
	}
	*s.t = &t
	return nil
}

func parseTimeValue(src any) (time.Time, bool, error) {
	switch v := src.(type) {
	case nil:
		return time.Time{}, false, nil
	case time.Time:
		return v.UTC(), true, nil
	case []byte:
		return parseTimeText(string(v))
	case string:
		return parseTimeText(v)
	}
	return time.Time{}, false, fmt.Errorf("sqlstore: cannot scan %T as time", src)
}

func parseTimeText(s string) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{sqliteTimeLayout, time.RFC3339Nano, kluwen.DateLayout, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("sqlstore: cannot parse time %q", s)
}
