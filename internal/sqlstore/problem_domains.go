package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kluwen/kluwen"
)

// The number of problem domains of a household is what the household matrix
// shows as its problem domains (ProblemDomains), counted per domain: the domains
// of the default instrument whose latest score of any current member, in the
// assessments made in the household, is a problem level. The portfolio ranks
// 100,000 households by it, so it is kept in household_problem_domains, in the
// transaction of every change that can move it: an assessment, and a membership
// that starts, ends or changes its dates (the member's scores come or go). A
// household without an assessment in the default instrument has no row and
// counts none.
//
// Who is a current member depends on the date as well: a membership may start or
// end on a later day, without a write on that day. Each row therefore says
// until when it holds (joins_on, leaves_after); a read recounts the rows that went
// stale, and the housekeeping (RefreshProblemDomains) writes them again.

// problemCountSelect is the count of the households with an assessment in the
// default instrument (inst) on the transaction's date: household ID, number of
// problem domains, the date counted, the first later start and the first end on
// or after the date of a membership. With ids, for those households only.
func (tx *Tx) problemCountSelect(inst int64, ids []int64) (string, []any) {
	today := dateArg(tx.today)
	restrict := func(col string) (string, []any) {
		if ids == nil {
			return "", nil
		}
		in, args := idList(ids)
		return ` AND ` + col + ` IN (` + in + `)`, args
	}
	dateParam := "?"
	if tx.db.dialect == Postgres {
		dateParam = "CAST(? AS DATE)"
	}
	var args []any
	r1, a1 := restrict("a.household_id")
	r2, a2 := restrict("a.household_id")
	r3, a3 := restrict("m.household_id")
	args = append(args, today, inst)
	args = append(args, a1...)
	args = append(args, inst)
	args = append(args, a2...)
	args = append(args, inst, true, today, today, today, today)
	args = append(args, a3...)
	q := `SELECT h.household_id, COALESCE(p.n, 0), ` + dateParam + `, ms.joins_on, ms.leaves_after
		FROM (SELECT DISTINCT a.household_id FROM assessments a WHERE a.instrument_id = ?` + r1 + `) h
		LEFT JOIN (SELECT l.household_id, count(DISTINCT l.domain_id) AS n
			FROM (SELECT a.household_id, a.person_id, sc.domain_id, sc.score,
					row_number() OVER (PARTITION BY a.household_id, a.person_id, sc.domain_id ORDER BY a.assessed_on DESC, a.id DESC) AS rn
				FROM assessments a JOIN assessment_scores sc ON sc.assessment_id = a.id
				WHERE a.instrument_id = ? AND sc.score IS NOT NULL` + r2 + `) l
			JOIN instrument_levels lv ON lv.instrument_id = ? AND lv.level = l.score
			WHERE l.rn = 1 AND lv.problem = ? AND EXISTS (SELECT 1 FROM memberships cm
				WHERE cm.household_id = l.household_id AND cm.person_id = l.person_id AND cm.from_date <= ? AND (cm.to_date IS NULL OR cm.to_date >= ?))
			GROUP BY l.household_id) p ON p.household_id = h.household_id
		LEFT JOIN (SELECT m.household_id, min(CASE WHEN m.from_date > ? THEN m.from_date END) AS joins_on,
				min(CASE WHEN m.to_date >= ? THEN m.to_date END) AS leaves_after
			FROM memberships m WHERE 1 = 1` + r3 + ` GROUP BY m.household_id) ms ON ms.household_id = h.household_id`
	return q, args
}

// defaultInstrument returns the ID of the default instrument, 0 when there is
// none.
func (tx *Tx) defaultInstrument(ctx context.Context) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM instruments WHERE is_default = ?`, true).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	return id, err
}

// refreshProblemDomains counts the problem domains of the households again and
// writes them; ids nil recounts every household.
func (tx *Tx) refreshProblemDomains(ctx context.Context, ids []int64) error {
	inst, err := tx.defaultInstrument(ctx)
	if err != nil {
		return err
	}
	const cols = `household_problem_domains (household_id, problem_domains, counted_on, joins_on, leaves_after) `
	if ids == nil {
		if _, err := tx.exec(ctx, `DELETE FROM household_problem_domains`); err != nil {
			return err
		}
		if inst == 0 {
			return nil
		}
		q, args := tx.problemCountSelect(inst, nil)
		_, err := tx.exec(ctx, `INSERT INTO `+cols+q, args...)
		return err
	}
	return chunks(ids, 500, func(part []int64) error {
		in, args := idList(part)
		if _, err := tx.exec(ctx, `DELETE FROM household_problem_domains WHERE household_id IN (`+in+`)`, args...); err != nil {
			return err
		}
		if inst == 0 {
			return nil
		}
		q, args := tx.problemCountSelect(inst, part)
		_, err := tx.exec(ctx, `INSERT INTO `+cols+q, args...)
		return err
	})
}

// staleProblemDomains is the condition (with its arguments) under which a row of
// household_problem_domains no longer holds on the transaction's date.
func (tx *Tx) staleProblemDomains() (string, []any) {
	today := dateArg(tx.today)
	return `(joins_on <= ? OR leaves_after < ? OR counted_on > ?)`, []any{today, today, today}
}

// problemDomainCounts returns the number of problem domains of the households on
// the transaction's date, for the given households or, with ids nil, for every
// household that has any; households not in the map have none. It reads the
// rollup and recounts the rows that went stale, without writing.
func (tx *Tx) problemDomainCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	var stale []int64
	read := func(extra string, extraArgs []any) error {
		cond, args := tx.staleProblemDomains()
		q := `SELECT household_id, problem_domains, CASE WHEN ` + cond + ` THEN 1 ELSE 0 END FROM household_problem_domains WHERE `
		if extra == "" {
			// All households: those with problem domains, and the stale ones.
			c2, a2 := tx.staleProblemDomains()
			q += `(problem_domains > 0 OR ` + c2 + `)`
			args = append(args, a2...)
		} else {
			q += extra
			args = append(args, extraArgs...)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n, isStale int
			if err := rows.Scan(&id, &n, &isStale); err != nil {
				return err
			}
			if isStale != 0 {
				stale = append(stale, id)
				continue
			}
			if n > 0 {
				out[id] = n
			}
		}
		return rows.Err()
	}
	var err error
	if ids == nil {
		err = read("", nil)
	} else {
		err = chunks(ids, 500, func(part []int64) error {
			in, args := idList(part)
			return read(`household_id IN (`+in+`)`, args)
		})
	}
	if err != nil || len(stale) == 0 {
		return out, err
	}
	inst, err := tx.defaultInstrument(ctx)
	if err != nil || inst == 0 {
		return out, err
	}
	return out, chunks(stale, 500, func(part []int64) error {
		q, args := tx.problemCountSelect(inst, part)
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var n int
			var counted, joins, leaves any
			if err := rows.Scan(&id, &n, &counted, &joins, &leaves); err != nil {
				return err
			}
			if n > 0 {
				out[id] = n
			}
		}
		return rows.Err()
	})
}

// RefreshProblemDomains counts again the problem domains of the households whose
// count went stale because a membership started or ended since it was counted,
// and returns how many it recounted. It is part of the housekeeping; reads are
// correct without it. Only the system actor may call it.
func (db *DB) RefreshProblemDomains(ctx context.Context) (int, error) {
	if err := db.requireSystem(ctx); err != nil {
		return 0, err
	}
	n := 0
	err := db.update(ctx, func(tx *Tx) error {
		cond, args := tx.staleProblemDomains()
		rows, err := tx.query(ctx, `SELECT household_id FROM household_problem_domains WHERE `+cond, args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		n = len(ids)
		if n == 0 {
			return nil
		}
		return tx.refreshProblemDomains(ctx, ids)
	})
	return n, err
}

// fillProblemDomains is the migration step of 0008_household_problem_domains:
// it counts every household's problem domains on the date of the migration.
func fillProblemDomains(ctx context.Context, db *DB, t *sql.Tx) error {
	now := db.now().UTC()
	tx := &Tx{tx: t, db: db, now: now, today: kluwen.DateOf(now.In(amsterdam))}
	if err := tx.refreshProblemDomains(ctx, nil); err != nil {
		return fmt.Errorf("counting problem domains: %w", err)
	}
	return nil
}
