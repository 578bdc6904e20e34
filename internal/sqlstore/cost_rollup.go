package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kluwen/kluwen"
)

// The rollups hold the sums of the cost records per household and year (or
// quarter) along the dimensions the views filter and split on, so that the
// portfolio over 100,000 households reads hundreds of thousands of small rows
// instead of ten million records. They are kept in the transaction of every write:
// the records of a call are summed in Go and added with one upsert per distinct
// key (ON CONFLICT … DO UPDATE SET amount = amount + excluded.amount). Amounts are
// nominal (prices of the year they fall in); the views convert them per year.
//
//	cost_rollup_household_year    household, year, organisation, sector, kind, cost type, life domain
//	cost_rollup_household_quarter household, year, quarter, organisation, sector, kind, cost type
//	cost_rollup_portfolio         household, year, sector, kind, cost type
//	cost_rollup_household_total   household, year, cost type
//	cost_household_counts         household: organisations and life domains with records
//
// A record counts in the year and quarter its period starts in; the portfolio's
// two rollups are wide: a column per year. RebuildCostRollups
// recomputes all three from the records.

type rollupSum struct{ amount, count int64 }

type rollupYearKey struct {
	household int64
	year      int
	org       int64
	sector    string
	kind      string
	typ       string
	domain    string
}

type rollupQuarterKey struct {
	household     int64
	year, quarter int
	org           int64
	sector        string
	kind          string
	typ           string
}

type rollupTotalKey struct {
	household int64
	typ       string
}

type rollupPortfolioKey struct {
	household int64
	sector    string
	kind      string
	typ       string
}

// costYears is the number of year columns of the wide rollups (y2000 … y2039).
const costYears = kluwen.LastCostYear - kluwen.FirstCostYear + 1

// wideSum is a row of a wide rollup: the amount per year and the records.
// first is the year (index) of its first record.
type wideSum struct {
	years [costYears]int64
	count int64
	first int
}

// yearColumns lists the year columns of the wide rollups.
var yearColumns = func() []string {
	out := make([]string, costYears)
	for i := range out {
		out[i] = fmt.Sprintf("y%d", kluwen.FirstCostYear+i)
	}
	return out
}()

// rollupDelta is what a batch of records adds to the rollups.
type rollupDelta struct {
	year      map[rollupYearKey]rollupSum
	quarter   map[rollupQuarterKey]rollupSum
	portfolio map[rollupPortfolioKey]*wideSum
	total     map[rollupTotalKey]*wideSum
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{year: map[rollupYearKey]rollupSum{}, quarter: map[rollupQuarterKey]rollupSum{},
		portfolio: map[rollupPortfolioKey]*wideSum{}, total: map[rollupTotalKey]*wideSum{}}
}

func addWide[K comparable](m map[K]*wideSum, k K, year int, amount int64) {
	w := m[k]
	if w == nil {
		w = &wideSum{first: year - kluwen.FirstCostYear}
		m[k] = w
	}
	w.years[year-kluwen.FirstCostYear] += amount
	w.count++
}

// add counts one record.
func (d *rollupDelta) add(r *kluwen.CostRecord) {
	y, q := kluwen.Quarter(r.From)
	amt := int64(r.Amount)
	yk := rollupYearKey{r.HouseholdID, y, r.OrganisationID, string(r.Sector), string(r.Kind), string(r.CostType), r.LifeDomain}
	s := d.year[yk]
	d.year[yk] = rollupSum{s.amount + amt, s.count + 1}
	qk := rollupQuarterKey{r.HouseholdID, y, q, r.OrganisationID, string(r.Sector), string(r.Kind), string(r.CostType)}
	s = d.quarter[qk]
	d.quarter[qk] = rollupSum{s.amount + amt, s.count + 1}
	addWide(d.portfolio, rollupPortfolioKey{r.HouseholdID, string(r.Sector), string(r.Kind), string(r.CostType)}, y, amt)
	addWide(d.total, rollupTotalKey{r.HouseholdID, string(r.CostType)}, y, amt)
}

// maxParams is the most placeholders one statement gets: under SQLite's 32,766
// and PostgreSQL's 65,535.
const maxParams = 30000

// apply adds the delta to the rollup tables. Keys are written in sorted order, so
// that concurrent writers on PostgreSQL lock rows in one order and cannot
// deadlock.
func (d *rollupDelta) apply(ctx context.Context, tx *Tx) error {
	yks := sortedKeys(d.year, func(a, b rollupYearKey) int {
		return cmp.Or(cmp.Compare(a.household, b.household), cmp.Compare(a.year, b.year), cmp.Compare(a.org, b.org),
			cmp.Compare(a.sector, b.sector), cmp.Compare(a.kind, b.kind), cmp.Compare(a.typ, b.typ), cmp.Compare(a.domain, b.domain))
	})
	if err := upsertRollup(ctx, tx, "cost_rollup_household_year",
		[]string{"household_id", "year", "organisation_id", "sector", "kind", "cost_type", "life_domain"}, len(yks),
		func(i int, args []any) []any {
			k := yks[i]
			s := d.year[k]
			return append(args, k.household, k.year, k.org, k.sector, k.kind, k.typ, k.domain, s.amount, s.count)
		}); err != nil {
		return err
	}
	qks := sortedKeys(d.quarter, func(a, b rollupQuarterKey) int {
		return cmp.Or(cmp.Compare(a.household, b.household), cmp.Compare(a.year, b.year), cmp.Compare(a.quarter, b.quarter), cmp.Compare(a.org, b.org),
			cmp.Compare(a.sector, b.sector), cmp.Compare(a.kind, b.kind), cmp.Compare(a.typ, b.typ))
	})
	if err := upsertRollup(ctx, tx, "cost_rollup_household_quarter",
		[]string{"household_id", "year", "quarter", "organisation_id", "sector", "kind", "cost_type"}, len(qks),
		func(i int, args []any) []any {
			k := qks[i]
			s := d.quarter[k]
			return append(args, k.household, k.year, k.quarter, k.org, k.sector, k.kind, k.typ, s.amount, s.count)
		}); err != nil {
		return err
	}
	pks := sortedKeys(d.portfolio, func(a, b rollupPortfolioKey) int {
		return cmp.Or(cmp.Compare(a.household, b.household), cmp.Compare(a.sector, b.sector), cmp.Compare(a.kind, b.kind), cmp.Compare(a.typ, b.typ))
	})
	if err := upsertWide(ctx, tx, "cost_rollup_portfolio", []string{"household_id", "sector", "kind", "cost_type"}, len(pks),
		func(i int, args []any) ([]any, *wideSum) {
			k := pks[i]
			return append(args, k.household, k.sector, k.kind, k.typ), d.portfolio[k]
		}); err != nil {
		return err
	}
	tks := sortedKeys(d.total, func(a, b rollupTotalKey) int {
		return cmp.Or(cmp.Compare(a.household, b.household), cmp.Compare(a.typ, b.typ))
	})
	if err := upsertWide(ctx, tx, "cost_rollup_household_total", []string{"household_id", "cost_type"}, len(tks),
		func(i int, args []any) ([]any, *wideSum) {
			k := tks[i]
			return append(args, k.household, k.typ), d.total[k]
		}); err != nil {
		return err
	}
	years := map[int]bool{}
	households := map[int64]bool{}
	for k, w := range d.total {
		households[k.household] = true
		for i := range w.years {
			if w.years[i] != 0 {
				years[kluwen.FirstCostYear+i] = true
			}
		}
	}
	for k := range d.year {
		years[k.year] = true
	}
	for _, y := range sortedMapKeys(years) {
		if _, err := tx.exec(ctx, `INSERT INTO cost_years (year) VALUES (?) ON CONFLICT (year) DO NOTHING`, y); err != nil {
			return err
		}
	}
	ids := sortedIDs(households)
	if tx.db.dialect == Postgres {
		// One statement for all: with the rollup grown inside this transaction the
		// planner's statistics are stale, and it may scan the table per statement.
		_, err := tx.exec(ctx, countsSQL+` WHERE household_id = ANY(?::bigint[]) GROUP BY household_id`+countsUpsert, ids)
		return err
	}
	return chunks(ids, 500, func(ids []int64) error {
		in, args := idList(ids)
		_, err := tx.exec(ctx, countsSQL+` WHERE household_id IN (`+in+`) GROUP BY household_id`+countsUpsert, args...)
		return err
	})
}

// countsSQL recounts cost_household_counts from the year rollup.
const countsSQL = `INSERT INTO cost_household_counts (household_id, partners, life_domains)
	SELECT household_id, count(DISTINCT organisation_id), count(DISTINCT CASE WHEN life_domain <> '' THEN life_domain END)
	FROM cost_rollup_household_year`

const countsUpsert = ` ON CONFLICT (household_id) DO UPDATE SET partners = excluded.partners, life_domains = excluded.life_domains`

func sortedKeys[K comparable, V any](m map[K]V, cmpFn func(a, b K) int) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmpFn)
	return keys
}

// upsertRollup adds n rows (key columns, then amount and count) to a rollup
// table in statements of many rows each.
func upsertRollup(ctx context.Context, tx *Tx, table string, keyCols []string, n int, row func(i int, args []any) []any) error {
	return upsertRollupCols(ctx, tx, table, keyCols, []string{"amount_cents", "record_count"}, n, row)
}

// upsertRollupCols adds n rows (key columns, then the value columns) to a
// rollup table: each value column is added to what is there.
func upsertRollupCols(ctx context.Context, tx *Tx, table string, keyCols, valCols []string, n int, row func(i int, args []any) []any) error {
	if tx.db.dialect == Postgres {
		return upsertArrays(ctx, tx, table, keyCols, valCols, n, row)
	}
	cols := len(keyCols) + len(valCols)
	per := maxParams / cols
	tuple := "(" + strings.TrimSuffix(strings.Repeat("?, ", cols), ", ") + ")"
	head := `INSERT INTO ` + table + ` (` + strings.Join(keyCols, ", ") + `, ` + strings.Join(valCols, ", ") + `) VALUES `
	sets := make([]string, len(valCols))
	for i, c := range valCols {
		sets[i] = fmt.Sprintf("%[1]s = %[2]s.%[1]s + excluded.%[1]s", c, table)
	}
	tail := ` ON CONFLICT (` + strings.Join(keyCols, ", ") + `) DO UPDATE SET ` + strings.Join(sets, ", ")
	var full string
	args := make([]any, 0, per*cols)
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		q := full
		if end-start != per || q == "" {
			q = head + strings.TrimSuffix(strings.Repeat(tuple+", ", end-start), ", ") + tail
			if end-start == per {
				full = q
			}
		}
		if _, err := tx.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// upsertArrays is upsertRollupCols on PostgreSQL: each column is passed as one
// array and the rows come out of unnest, 50,000 at a time, in the order given.
func upsertArrays(ctx context.Context, tx *Tx, table string, keyCols, valCols []string, n int, row func(i int, args []any) []any) error {
	const per = 50000
	cols := append(slices.Clone(keyCols), valCols...)
	sets := make([]string, len(valCols))
	for i, c := range valCols {
		sets[i] = fmt.Sprintf("%[1]s = %[2]s.%[1]s + excluded.%[1]s", c, table)
	}
	var args []any
	for start := 0; start < n; start += per {
		end := min(n, start+per)
		ints := make([][]int64, len(cols))
		texts := make([][]string, len(cols))
		for i := start; i < end; i++ {
			args = row(i, args[:0])
			for c, a := range args {
				switch v := a.(type) {
				case int64:
					ints[c] = append(ints[c], v)
				case int:
					ints[c] = append(ints[c], int64(v))
				case string:
					texts[c] = append(texts[c], v)
				default:
					return fmt.Errorf("sqlstore: rollup column %s: unexpected %T", cols[c], a)
				}
			}
		}
		params := make([]string, len(cols))
		vals := make([]any, len(cols))
		for c := range cols {
			if texts[c] != nil {
				params[c], vals[c] = fmt.Sprintf("$%d::text[]", c+1), texts[c]
			} else {
				params[c], vals[c] = fmt.Sprintf("$%d::bigint[]", c+1), ints[c]
			}
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) SELECT * FROM unnest(` + strings.Join(params, ", ") + `)
			ON CONFLICT (` + strings.Join(keyCols, ", ") + `) DO UPDATE SET ` + strings.Join(sets, ", ")
		if _, err := tx.tx.ExecContext(ctx, q, vals...); err != nil {
			return err
		}
	}
	return nil
}

// upsertWide adds n rows to a wide rollup. On PostgreSQL every row is written
// whole (key columns, every year, the record count) in key order from arrays, so
// that concurrent writers lock rows in one order. On SQLite, with its single writer,
// one statement per year writes only that year's column (and the count, with
// the year of a row's first record): far fewer parameters per row.
func upsertWide(ctx context.Context, tx *Tx, table string, keyCols []string, n int, row func(i int, args []any) ([]any, *wideSum)) error {
	if tx.db.dialect == SQLite {
		return upsertWideByYear(ctx, tx, table, keyCols, n, row)
	}
	return upsertArrays(ctx, tx, table, keyCols, append(slices.Clone(yearColumns), "record_count"), n, func(i int, args []any) []any {
		args, w := row(i, args)
		for _, a := range w.years {
			args = append(args, a)
		}
		return append(args, w.count)
	})
}

func upsertWideByYear(ctx context.Context, tx *Tx, table string, keyCols []string, n int, row func(i int, args []any) ([]any, *wideSum)) error {
	byYear := make([][]int, costYears)
	sums := make([]*wideSum, n)
	for i := 0; i < n; i++ {
		_, w := row(i, nil)
		sums[i] = w
		for y, a := range w.years {
			if a != 0 || y == w.first {
				byYear[y] = append(byYear[y], i)
			}
		}
	}
	for y, rows := range byYear {
		if len(rows) == 0 {
			continue
		}
		col := yearColumns[y]
		if err := upsertRollupCols(ctx, tx, table, keyCols, []string{col, "record_count"}, len(rows), func(j int, args []any) []any {
			i := rows[j]
			args, w := row(i, args)
			var count int64
			if y == w.first {
				count = w.count
			}
			return append(args, w.years[y], count)
		}); err != nil {
			return err
		}
	}
	return nil
}

// wideSelect is the select list that pivots cost_records' amounts into the year
// columns.
func wideSelect() string {
	parts := make([]string, costYears)
	for i := range parts {
		parts[i] = fmt.Sprintf("sum(CASE WHEN year = %d THEN amount_cents ELSE 0 END)", kluwen.FirstCostYear+i)
	}
	return strings.Join(parts, ", ")
}

// rebuildRollupSQL recomputes the rollups from the records. The year and quarter
// columns of cost_records are those of the period start.
var rebuildRollupSQL = []string{
	`DELETE FROM cost_rollup_household_year`,
	`DELETE FROM cost_rollup_household_quarter`,
	`DELETE FROM cost_rollup_portfolio`,
	`DELETE FROM cost_rollup_household_total`,
	`DELETE FROM cost_household_counts`,
	`DELETE FROM cost_years`,
	`INSERT INTO cost_years (year) SELECT DISTINCT year FROM cost_records WHERE 1 = 1`,
	`INSERT INTO cost_rollup_household_year (household_id, year, organisation_id, sector, kind, cost_type, life_domain, amount_cents, record_count)
		SELECT household_id, year, organisation_id, sector, kind, cost_type, life_domain, sum(amount_cents), count(*)
		FROM cost_records GROUP BY household_id, year, organisation_id, sector, kind, cost_type, life_domain`,
	`INSERT INTO cost_rollup_household_quarter (household_id, year, quarter, organisation_id, sector, kind, cost_type, amount_cents, record_count)
		SELECT household_id, year, quarter, organisation_id, sector, kind, cost_type, sum(amount_cents), count(*)
		FROM cost_records GROUP BY household_id, year, quarter, organisation_id, sector, kind, cost_type`,
	`INSERT INTO cost_rollup_portfolio (household_id, sector, kind, cost_type, ` + strings.Join(yearColumns, ", ") + `, record_count)
		SELECT household_id, sector, kind, cost_type, ` + wideSelect() + `, count(*)
		FROM cost_records GROUP BY household_id, sector, kind, cost_type`,
	`INSERT INTO cost_rollup_household_total (household_id, cost_type, ` + strings.Join(yearColumns, ", ") + `, record_count)
		SELECT household_id, cost_type, ` + wideSelect() + `, count(*)
		FROM cost_records GROUP BY household_id, cost_type`,
	countsSQL + ` WHERE 1 = 1 GROUP BY household_id` + countsUpsert,
}

// RebuildCostRollups recomputes every rollup from the cost records, in one
// transaction: after a bulk load, or to repair. Only the system actor (an operator
// task) may.
func (db *DB) RebuildCostRollups(ctx context.Context) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	if !a.System() {
		return forbidden()
	}
	return db.update(ctx, func(tx *Tx) error {
		for _, q := range rebuildRollupSQL {
			if _, err := tx.exec(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}
