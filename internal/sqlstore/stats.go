package sqlstore

import (
	"context"

	"github.com/kluwen/kluwen"
)

var _ kluwen.StatsService = (*DB)(nil)

// statsRoles may read the aggregate overview.
var statsRoles = map[kluwen.Role]bool{
	kluwen.RoleAnalyst:        true,
	kluwen.RoleRegisseur:      true,
	kluwen.RolePrivacyOfficer: true,
	kluwen.RoleAdmin:          true,
}

// Overview counts households, persons, cases, organisations and users. It holds
// no personal data and so writes no access-log entry. Small cells of the
// breakdowns per status and per wijk are suppressed (kluwen.SuppressSmallCells);
// households without a wijk count under "".
func (db *DB) Overview(ctx context.Context) (*kluwen.Overview, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System() && !statsRoles[a.Role] {
		return nil, forbidden()
	}
	o := &kluwen.Overview{CasesByStatus: map[kluwen.CaseStatus]int{}, OpenCasesByWijk: map[string]int{}}
	err = db.view(ctx, func(tx *Tx) error {
		for _, c := range []struct {
			dst *int
			q   string
		}{
			{&o.Households, `SELECT count(*) FROM households`},
			{&o.Persons, `SELECT count(*) FROM persons`},
			{&o.Organisations, `SELECT count(*) FROM organisations`},
			{&o.Users, `SELECT count(*) FROM users`},
		} {
			if err := tx.queryRow(ctx, c.q).Scan(c.dst); err != nil {
				return err
			}
		}
		for _, s := range kluwen.CaseStatuses {
			o.CasesByStatus[s] = 0
		}
		rows, err := tx.query(ctx, `SELECT status, count(*) FROM cases GROUP BY status`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var s string
			var n int
			if err := rows.Scan(&s, &n); err != nil {
				rows.Close()
				return err
			}
			o.CasesByStatus[kluwen.CaseStatus(s)] = n
			if kluwen.CaseStatus(s) != kluwen.CaseAfgesloten {
				o.OpenCases += n
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.query(ctx, `SELECT h.wijk, count(*) FROM cases c JOIN households h ON h.id = c.household_id
			WHERE c.status <> ? GROUP BY h.wijk`, string(kluwen.CaseAfgesloten))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var wijk string
			var n int
			if err := rows.Scan(&wijk, &n); err != nil {
				return err
			}
			o.OpenCasesByWijk[wijk] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	o.SuppressedStatuses = kluwen.SuppressSmallCells(o.CasesByStatus, kluwen.MinCellSize)
	o.SuppressedWijken = kluwen.SuppressSmallCells(o.OpenCasesByWijk, kluwen.MinCellSize)
	return o, nil
}
