package sqlstore

import (
	"cmp"
	"context"
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

func (c *courseAcc) finish(n int) []kluwen.CoursePoint {
	for i := range c.points {
		p := &c.points[i]
		if n > 0 {
			p.MeanService = kluwen.Cents(divRoundInt(int64(p.Service), int64(n)))
			p.MeanTransfer = kluwen.Cents(divRoundInt(int64(p.Transfer), int64(n)))
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
		out = &kluwen.CostCourse{PriceYear: conv.year, CaseID: caseID, HouseholdID: household, Start: &start, Cases: 1, Points: acc.finish(1), UnindexedYears: conv.unindexedYears()}
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
		acc := newCourseAcc(f.CourseOptions)
		if err := tx.quarterRows(ctx, sortedIDs(keySet(starts)), false, func(hh int64, year, quarter int, _ int64, kind kluwen.CostKind, typ kluwen.CostType, sum int64) {
			acc.add(hh, kluwen.QuarterIndex(year, quarter)-starts[hh], kind, typ, conv.convert(sum, year))
		}); err != nil {
			return err
		}
		out.Points = acc.finish(len(starts))
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
// (QuartersAfter) before the start quarter and from it on. Cohorts smaller than
// kluwen.MinCellSize are suppressed.
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
		rows := map[int64]*kluwen.PayerRow{}
		if err := tx.quarterRows(ctx, sortedIDs(keySet(starts)), true, func(hh int64, year, quarter int, org int64, kind kluwen.CostKind, _ kluwen.CostType, sum int64) {
			off := kluwen.QuarterIndex(year, quarter) - starts[hh]
			if off < -w || off >= w {
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
