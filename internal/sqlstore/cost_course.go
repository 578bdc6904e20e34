package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"maps"
	"slices"
	"time"

	"github.com/kluwen/kluwen"
)

// Monitoring: the course of the costs per quarter around the start of a case, for
// one case or for a cohort of cases, and who pays and who gains. They read the
// quarter rollup; a quarter is numbered relative to the quarter the case opened in.

func courseWindow(o *kluwen.CourseOptions) {
	if o.QuartersBefore <= 0 {
		o.QuartersBefore = 4
	}
	if o.QuartersAfter <= 0 {
		o.QuartersAfter = 8
	}
	o.QuartersBefore = min(o.QuartersBefore, 40)
	o.QuartersAfter = min(o.QuartersAfter, 40)
}

// startQuarter is the quarter index of the day a case opened (in the Netherlands).
func startQuarter(opened time.Time) int {
	return kluwen.QuarterIndex(kluwen.Quarter(kluwen.DateOf(opened.In(amsterdam))))
}

// courseAcc accumulates a course.
type courseAcc struct {
	before, after int
	points        []kluwen.CoursePoint
	seen          []map[int64]bool
}

func newCourseAcc(o kluwen.CourseOptions) *courseAcc {
	c := &courseAcc{before: o.QuartersBefore, after: o.QuartersAfter}
	for off := -o.QuartersBefore; off <= o.QuartersAfter; off++ {
		c.points = append(c.points, kluwen.CoursePoint{Offset: off, Kinds: map[kluwen.CostKind]kluwen.Cents{}})
		c.seen = append(c.seen, map[int64]bool{})
	}
	return c
}

func (c *courseAcc) add(household int64, offset int, kind kluwen.CostKind, typ kluwen.CostType, amount kluwen.Cents) {
	if offset < -c.before || offset > c.after {
		return
	}
	i := offset + c.before
	p := &c.points[i]
	if typ == kluwen.CostTypeTransfer {
		p.Transfer += amount
	} else {
		p.Service += amount
		p.Kinds[kind] += amount
	}
	if !c.seen[i][household] {
		c.seen[i][household] = true
		p.Households++
	}
}

// finish gives the course of one case: every quarter observed, the means the
// sums.
func (c *courseAcc) finish() []kluwen.CoursePoint {
	for i := range c.points {
		p := &c.points[i]
		p.Observed = 1
		p.MeanService, p.MeanTransfer = p.Service, p.Transfer
		p.MeanKinds = maps.Clone(p.Kinds)
	}
	return c.points
}

// finishCohort gives the course of a cohort: observed[i] is the number of its
// households for which the quarter of point i has ended (only their costs were
// added); the means are over them, and a quarter with fewer than
// kluwen.MinCellSize of them is suppressed unless the actor is the system.
func (c *courseAcc) finishCohort(observed []int, system bool) []kluwen.CoursePoint {
	for i := range c.points {
		p := &c.points[i]
		p.Observed = observed[i]
		p.MeanKinds = map[kluwen.CostKind]kluwen.Cents{}
		switch {
		case p.Observed == 0:
		case p.Observed < kluwen.MinCellSize && !system:
			p.Suppressed = true
			p.Households, p.Service, p.Transfer = 0, 0, 0
			p.Kinds = map[kluwen.CostKind]kluwen.Cents{}
		default:
			n := int64(p.Observed)
			p.MeanService = kluwen.Cents(divRoundInt(int64(p.Service), n))
			p.MeanTransfer = kluwen.Cents(divRoundInt(int64(p.Transfer), n))
			for k, v := range p.Kinds {
				p.MeanKinds[k] = kluwen.Cents(divRoundInt(int64(v), n))
			}
		}
	}
	return c.points
}

func divRoundInt(a, b int64) int64 {
	if a >= 0 {
		return (a + b/2) / b
	}
	return -((-a + b/2) / b)
}

// quarterRows reads the quarter rollup of some households and calls fn per row;
// a partner professional's own organisation's only.
func (tx *Tx) quarterRows(ctx context.Context, households []int64, serviceOnly bool, fn func(household int64, year, quarter int, org int64, kind kluwen.CostKind, typ kluwen.CostType, sum int64)) error {
	return chunks(households, 500, func(part []int64) error {
		in, args := idList(part)
		q := `SELECT household_id, year, quarter, organisation_id, kind, cost_type, sum(amount_cents) FROM cost_rollup_household_quarter
			WHERE household_id IN (` + in + `)`
		if serviceOnly {
			q += ` AND cost_type = ?`
			args = append(args, string(kluwen.CostTypeService))
		}
		own, ownArgs := tx.ownCostsWhere()
		q += own
		args = append(args, ownArgs...)
		rows, err := tx.query(ctx, q+` GROUP BY household_id, year, quarter, organisation_id, kind, cost_type`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var hh, org, sum int64
			var year, quarter int
			var kind, typ string
			if err := rows.Scan(&hh, &year, &quarter, &org, &kind, &typ, &sum); err != nil {
				return err
			}
			fn(hh, year, quarter, org, kluwen.CostKind(kind), kluwen.CostType(typ), sum)
		}
		return rows.Err()
	})
}

// CaseCostCourse returns the costs of a case's household per quarter around the
// case's start, for an actor who may read the case (a partner professional: its
// own organisation's costs).
func (db *DB) CaseCostCourse(ctx context.Context, caseID int64, o kluwen.CourseOptions) (*kluwen.CostCourse, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	courseWindow(&o)
	var out *kluwen.CostCourse
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, caseID, eventCostRead, kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		var household int64
		var opened time.Time
		if err := tx.queryRow(ctx, `SELECT household_id, opened_at FROM cases WHERE id = ?`, caseID).Scan(&household, timeScan{&opened}); err != nil {
			return err
		}
		idx, err := tx.loadPriceIndex(ctx)
		if err != nil {
			return err
		}
		conv, err := newConverter(idx, o.PriceYear)
		if err != nil {
			return err
		}
		start := kluwen.DateOf(opened.In(amsterdam))
		sq := startQuarter(opened)
		acc := newCourseAcc(o)
		if err := tx.quarterRows(ctx, []int64{household}, false, func(hh int64, year, quarter int, _ int64, kind kluwen.CostKind, typ kluwen.CostType, sum int64) {
			acc.add(hh, kluwen.QuarterIndex(year, quarter)-sq, kind, typ, conv.convert(sum, year))
		}); err != nil {
			return err
		}
		out = &kluwen.CostCourse{PriceYear: conv.year, CaseID: caseID, HouseholdID: household, Start: &start, Cases: 1, Points: acc.finish(), UnindexedYears: conv.unindexedYears()}
		tx.log(eventCostRead, kluwen.AuditRead, basis, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: caseID}, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: household})
		// The outcomes beside it, under the need-to-know of the assessments.
		aBasis, ok, err := tx.mayReadAssessments(ctx, household)
		if err != nil || !ok {
			return err
		}
		refs, err := tx.caseOutcomes(ctx, household, sq, o, out.Points)
		if err != nil {
			return err
		}
		out.Outcomes = true
		tx.log("assessment.read", kluwen.AuditRead, aBasis, refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// cohort returns the households whose first case in [from, to] opened then, with
// the quarter index of that opening.
func (tx *Tx) cohort(ctx context.Context, f kluwen.CohortFilter) (map[int64]int, error) {
	var v kluwen.Validator
	v.Check(!f.StartFrom.IsZero(), "startFrom", "Vul de begindatum van het cohort in.")
	v.Check(!f.StartTo.IsZero(), "startTo", "Vul de einddatum van het cohort in.")
	if !f.StartFrom.IsZero() && !f.StartTo.IsZero() && f.StartTo.Before(f.StartFrom) {
		v.Add("startTo", "De einddatum ligt voor de begindatum.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	from := time.Date(f.StartFrom.Year(), f.StartFrom.Month(), f.StartFrom.Day(), 0, 0, 0, 0, amsterdam)
	to := time.Date(f.StartTo.Year(), f.StartTo.Month(), f.StartTo.Day(), 0, 0, 0, 0, amsterdam).AddDate(0, 0, 1)
	rows, err := tx.query(ctx, `SELECT household_id, opened_at FROM cases WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at, id`, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var hh int64
		var opened time.Time
		if err := rows.Scan(&hh, timeScan{&opened}); err != nil {
			return nil, err
		}
		if _, ok := out[hh]; !ok {
			out[hh] = startQuarter(opened)
		}
	}
	return out, rows.Err()
}

// CohortCostCourse returns, for the cases that opened in a period, the mean costs
// per household per quarter relative to the start. Cohorts smaller than
// kluwen.MinCellSize are suppressed. Analysts and regisseurs may ask it; it names
// no household.
func (db *DB) CohortCostCourse(ctx context.Context, f kluwen.CohortFilter) (*kluwen.CostCourse, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	courseWindow(&f.CourseOptions)
	var out *kluwen.CostCourse
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.requireAnalyse(); err != nil {
			return err
		}
		idx, err := tx.loadPriceIndex(ctx)
		if err != nil {
			return err
		}
		conv, err := newConverter(idx, f.PriceYear)
		if err != nil {
			return err
		}
		starts, err := tx.cohort(ctx, f)
		if err != nil {
			return err
		}
		out = &kluwen.CostCourse{PriceYear: conv.year, Cases: len(starts)}
		tx.log(eventCostAnalyse, kluwen.AuditRead, "gepseudonimiseerd overzicht: cohort")
		if !a.System() && len(starts) < kluwen.MinCellSize {
			out.Suppressed = true
			return nil
		}
		// Only quarters that have ended count (see kluwen.CoursePoint).
		current, err := tx.costHorizon(ctx)
		if err != nil {
			return err
		}
		out.CountedThrough = quarterEnd(current - 1)
		acc := newCourseAcc(f.CourseOptions)
		if err := tx.quarterRows(ctx, sortedIDs(keySet(starts)), false, func(hh int64, year, quarter int, _ int64, kind kluwen.CostKind, typ kluwen.CostType, sum int64) {
			if q := kluwen.QuarterIndex(year, quarter); q < current {
				acc.add(hh, q-starts[hh], kind, typ, conv.convert(sum, year))
			}
		}); err != nil {
			return err
		}
		observed := make([]int, len(acc.points))
		for _, sq := range starts {
			for i, p := range acc.points {
				if sq+p.Offset < current {
					observed[i]++
				}
			}
		}
		out.Points = acc.finishCohort(observed, a.System())
		out.UnindexedYears = conv.unindexedYears()
		if err := tx.cohortOutcomes(ctx, starts, f.CourseOptions, out.Points); err != nil {
			return err
		}
		out.Outcomes = true
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// costHorizon returns the index of the first quarter whose costs do not count
// yet in a cohort: the current one, which has not ended; or, when no cost record
// of a later year is in yet, the first quarter after the last year with records.
// Partners deliver their costs afterwards, and a quarter without any record of
// any partner is not known yet rather than free.
func (tx *Tx) costHorizon(ctx context.Context) (int, error) {
	current := kluwen.QuarterIndex(kluwen.Quarter(tx.today))
	var last sql.NullInt64
	if err := tx.queryRow(ctx, `SELECT max(year) FROM cost_years`).Scan(&last); err != nil {
		return 0, err
	}
	if last.Valid {
		return min(current, kluwen.QuarterIndex(int(last.Int64), 4)+1), nil
	}
	return current, nil
}

// quarterEnd is the last day of the quarter with index q.
func quarterEnd(q int) time.Time {
	return time.Date(q/4, time.Month(q%4*3+1), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3, -1)
}

func keySet[V any](m map[int64]V) map[int64]bool {
	out := make(map[int64]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// CostPayers shows, for the cases that opened in a period, per organisation what
// it spent on their households in preventive and care effort from the start on,
// and how its own service costs on them moved: the same number of quarters
// before the start quarter and from it on, per household as many as have ended
// since its start, up to QuartersAfter. Cohorts with fewer than
// kluwen.MinCellSize cases, or fewer such cases compared, are suppressed.
func (db *DB) CostPayers(ctx context.Context, f kluwen.CohortFilter) (*kluwen.CostPayers, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	if f.QuartersAfter <= 0 {
		f.QuartersAfter = 4
	}
	f.QuartersAfter = min(f.QuartersAfter, 40)
	w := f.QuartersAfter
	var out *kluwen.CostPayers
	err = db.update(ctx, func(tx *Tx) error {
		if err := tx.requireAnalyse(); err != nil {
			return err
		}
		idx, err := tx.loadPriceIndex(ctx)
		if err != nil {
			return err
		}
		conv, err := newConverter(idx, f.PriceYear)
		if err != nil {
			return err
		}
		starts, err := tx.cohort(ctx, f)
		if err != nil {
			return err
		}
		out = &kluwen.CostPayers{PriceYear: conv.year, Cases: len(starts), QuartersBefore: w, QuartersAfter: w}
		tx.log(eventCostAnalyse, kluwen.AuditRead, "gepseudonimiseerd overzicht: wie betaalt, wie wint")
		if !a.System() && len(starts) < kluwen.MinCellSize {
			out.Suppressed = true
			return nil
		}
		nm, err := tx.loadNames(ctx)
		if err != nil {
			return err
		}
		// Per household the windows are as long as the quarters that have ended
		// since its start, up to w; a case without one yet does not count.
		current, err := tx.costHorizon(ctx)
		if err != nil {
			return err
		}
		out.CountedThrough = quarterEnd(current - 1)
		window := map[int64]int{}
		for hh, sq := range starts {
			if n := min(w, current-sq); n > 0 {
				window[hh] = n
			}
		}
		out.Compared = len(window)
		if !a.System() && out.Compared < kluwen.MinCellSize {
			out.Suppressed = true
			return nil
		}
		rows := map[int64]*kluwen.PayerRow{}
		if err := tx.quarterRows(ctx, sortedIDs(keySet(window)), true, func(hh int64, year, quarter int, org int64, kind kluwen.CostKind, _ kluwen.CostType, sum int64) {
			off, n := kluwen.QuarterIndex(year, quarter)-starts[hh], window[hh]
			if off < -n || off >= n {
				return
			}
			r := rows[org]
			if r == nil {
				r = &kluwen.PayerRow{OrganisationID: org, Name: nm.orgs[org], Sector: nm.sectors[org]}
				rows[org] = r
			}
			amt := conv.convert(sum, year)
			if off < 0 {
				r.Before += amt
				return
			}
			r.After += amt
			if kind == kluwen.KindPreventie || kind == kluwen.KindZorg {
				r.Invested += amt
			}
		}); err != nil {
			return err
		}
		for _, r := range rows {
			out.Rows = append(out.Rows, *r)
		}
		slices.SortFunc(out.Rows, func(a, b kluwen.PayerRow) int {
			return cmp.Or(cmp.Compare(b.Invested, a.Invested), cmp.Compare(a.Change(), b.Change()), cmp.Compare(a.OrganisationID, b.OrganisationID))
		})
		out.UnindexedYears = conv.unindexedYears()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
