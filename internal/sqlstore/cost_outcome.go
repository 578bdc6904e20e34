package sqlstore

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/kluwen/kluwen"
)

// Outcomes beside the cost course: per quarter of the course, the state of a
// household's assessments in the default instrument at the end of the quarter.
// The scores and memberships of many households are read in a few set-based
// queries (in chunks of households) and walked through in memory, quarter by
// quarter.

// outcomeScore is one score of one member in one domain.
type outcomeScore struct {
	person, domain int64
	day            int // yyyymmdd
	score          int
}

// outcomeMember is one membership of a household.
type outcomeMember struct {
	person   int64
	from, to int // yyyymmdd; to 0: open
}

// outcomeData is what the outcomes of some households are computed from.
type outcomeData struct {
	in      *kluwen.Instrument
	scores  map[int64][]outcomeScore // per household, oldest first
	members map[int64][]outcomeMember
}

// dayKey is a calendar date as yyyymmdd, comparable whatever the location.
func dayKey(t time.Time) int {
	y, m, d := t.Date()
	return y*10000 + int(m)*100 + d
}

// dayScan scans a date column as yyyymmdd (0 for NULL). A date stored as text
// (SQLite) is read without time.Parse: a cohort's course reads hundreds of
// thousands of them.
type dayScan struct{ day *int }

func (d dayScan) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	}
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		n := 0
		for i, c := range s[:10] {
			if i == 4 || i == 7 {
				continue
			}
			if c < '0' || c > '9' {
				n = -1
				break
			}
			n = n*10 + int(c-'0')
		}
		if n >= 0 {
			*d.day = n
			return nil
		}
	}
	t, ok, err := parseTimeValue(src)
	if err != nil {
		return err
	}
	*d.day = 0
	if ok {
		*d.day = dayKey(t)
	}
	return nil
}

// loadOutcomeData reads the scores of the default instrument made in the
// households, and the households' memberships.
func (tx *Tx) loadOutcomeData(ctx context.Context, households []int64) (*outcomeData, error) {
	in, err := tx.loadInstrument(ctx, 0)
	if err != nil {
		return nil, err
	}
	d := &outcomeData{in: in, scores: map[int64][]outcomeScore{}, members: map[int64][]outcomeMember{}}
	err = chunks(households, 500, func(part []int64) error {
		ids, args := idList(part)
		rows, err := tx.query(ctx, `SELECT a.household_id, a.person_id, a.assessed_on, sc.domain_id, sc.score
			FROM assessments a JOIN assessment_scores sc ON sc.assessment_id = a.id
			WHERE a.household_id IN (`+ids+`) AND a.instrument_id = ? AND sc.score IS NOT NULL
			ORDER BY a.household_id, a.assessed_on, a.id`, append(args, in.ID)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var hh int64
			var s outcomeScore
			if err := rows.Scan(&hh, &s.person, dayScan{&s.day}, &s.domain, &s.score); err != nil {
				rows.Close()
				return err
			}
			d.scores[hh] = append(d.scores[hh], s)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.query(ctx, `SELECT household_id, person_id, from_date, to_date FROM memberships WHERE household_id IN (`+ids+`)`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var hh int64
			var m outcomeMember
			if err := rows.Scan(&hh, &m.person, dayScan{&m.from}, dayScan{&m.to}); err != nil {
				return err
			}
			d.members[hh] = append(d.members[hh], m)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// quarterBounds returns the first and last day of the quarter with index q
// (kluwen.QuarterIndex) as yyyymmdd.
func quarterBounds(q int) (first, last int) {
	year, quarter := q/4, q%4+1
	start := time.Date(year, time.Month(3*(quarter-1)+1), 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(0, 3, -1)
	return dayKey(start), dayKey(end)
}

// householdOutcome is the state of one household at one date: the unrounded
// average score, the number of problem domains, and whether any member had a
// score by then.
type householdOutcome struct {
	mean     float64
	problems int
	ok       bool
}

// outcomeCourse walks one household's scores through the quarters startQ+from
// to startQ+to and returns the state at the end of each (index 0 is offset
// from). A quarter that has not begun by today has no state.
func (d *outcomeData) outcomeCourse(hh int64, startQ, from, to, today int) []householdOutcome {
	out := make([]householdOutcome, to-from+1)
	scores := d.scores[hh]
	if len(scores) == 0 {
		return out
	}
	type key struct{ person, domain int64 }
	latest := map[key]int{}
	var member, problem []int64
	next := 0
	for off := from; off <= to; off++ {
		first, last := quarterBounds(startQ + off)
		if first > today {
			break
		}
		cut := min(last, today)
		for ; next < len(scores) && scores[next].day <= cut; next++ {
			s := scores[next]
			latest[key{s.person, s.domain}] = s.score
		}
		if len(latest) == 0 {
			continue
		}
		// A household has few members and a handful of problem domains: small
		// slices rather than maps.
		member = member[:0]
		for _, m := range d.members[hh] {
			if m.from <= cut && (m.to == 0 || m.to >= cut) {
				member = append(member, m.person)
			}
		}
		var sum, n int
		problem = problem[:0]
		for k, score := range latest {
			if !slices.Contains(member, k.person) {
				continue
			}
			sum += score
			n++
			if d.in.IsProblem(score) && !slices.Contains(problem, k.domain) {
				problem = append(problem, k.domain)
			}
		}
		if n > 0 {
			out[off-from] = householdOutcome{mean: float64(sum) / float64(n), problems: len(problem), ok: true}
		}
	}
	return out
}

// round2 rounds to two decimals.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// caseOutcomes puts one household's outcomes on the points of its course and
// returns what to log: the household and the persons whose scores were read.
func (tx *Tx) caseOutcomes(ctx context.Context, household int64, startQ int, o kluwen.CourseOptions, points []kluwen.CoursePoint) ([]kluwen.ObjectRef, error) {
	d, err := tx.loadOutcomeData(ctx, []int64{household})
	if err != nil {
		return nil, err
	}
	for i, h := range d.outcomeCourse(household, startQ, -o.QuartersBefore, o.QuartersAfter, dayKey(tx.today)) {
		if h.ok {
			points[i].Outcome = &kluwen.CourseOutcome{Cases: 1, MeanScore: round2(h.mean), ProblemDomains: float64(h.problems)}
		}
	}
	objs := objectSet{}
	objs.add(kluwen.ObjectHousehold, household)
	for _, sc := range d.scores[household] {
		objs.add(kluwen.ObjectPerson, sc.person)
	}
	return objs.refs, nil
}

// cohortOutcomes puts the mean outcomes of a cohort's households on the points
// of the cohort's course; quarters with fewer than kluwen.MinCellSize households
// with an assessment are suppressed unless the actor is the system.
func (tx *Tx) cohortOutcomes(ctx context.Context, starts map[int64]int, o kluwen.CourseOptions, points []kluwen.CoursePoint) error {
	households := sortedIDs(keySet(starts))
	d, err := tx.loadOutcomeData(ctx, households)
	if err != nil {
		return err
	}
	n := len(points)
	sumMean, sumProblems := make([]float64, n), make([]float64, n)
	cases := make([]int, n)
	today := dayKey(tx.today)
	for _, hh := range households {
		for i, h := range d.outcomeCourse(hh, starts[hh], -o.QuartersBefore, o.QuartersAfter, today) {
			if h.ok {
				sumMean[i] += h.mean
				sumProblems[i] += float64(h.problems)
				cases[i]++
			}
		}
	}
	for i := range points {
		if cases[i] == 0 {
			continue
		}
		oc := &kluwen.CourseOutcome{Cases: cases[i]}
		if cases[i] < kluwen.MinCellSize && !tx.actor.System() {
			oc.Suppressed = true
		} else {
			oc.MeanScore = round2(sumMean[i] / float64(cases[i]))
			oc.ProblemDomains = round2(sumProblems[i] / float64(cases[i]))
		}
		points[i].Outcome = oc
	}
	return nil
}

// mayReadAssessments says whether the actor may read the household's
// assessments, and on what basis, without logging a refusal: the outcomes are
// then left out of what is asked, not refused.
func (tx *Tx) mayReadAssessments(ctx context.Context, household int64) (string, bool, error) {
	if !tx.actor.Can(kluwen.PermReadPersonalData) {
		return "", false, nil
	}
	f, err := tx.householdFacts(ctx, household)
	if err != nil {
		return "", false, err
	}
	basis, ok := kluwen.HouseholdReadBasis(tx.actor, f)
	return basis, ok, nil
}
