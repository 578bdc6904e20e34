package sqlstore_test

import (
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// TestCohortCountsEndedQuarters: a cohort's course and who pays count only the
// quarters that have ended. A case that started this quarter has no quarter after
// its start yet; counting it as one without costs would make the costs seem to
// fall after the start.
func TestCohortCountsEndedQuarters(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		c.Set(time.Now())
		w := newCostWorld(t, db) // its case opens today: one of the new group
		flatIndexFrom(t, db, 2024)
		ams, err := time.LoadLocation("Europe/Amsterdam")
		hhMust(t, err)
		current := kluwen.QuarterIndex(kluwen.Quarter(kluwen.Today()))
		// quarter is the first day of the quarter off quarters from the current one.
		quarter := func(off int) time.Time {
			q := current + off
			return time.Date(q/4, time.Month(q%4*3+1), 1, 12, 0, 0, 0, ams)
		}
		cost := func(hh, org int64, kind kluwen.CostKind, amount kluwen.Cents, from time.Time) {
			costRecord(t, db, kluwen.CostRecord{OrganisationID: org, HouseholdID: hh, Amount: amount, Description: "Inzet", Kind: kind, CostType: kluwen.CostTypeService, From: kluwen.DateOf(from)})
		}
		// Three cases started three quarters ago, five one quarter ago, five
		// this quarter.
		var nr int
		group := func(n, start int, withCase bool) []int64 {
			var out []int64
			c.Set(quarter(start))
			for range n {
				nr++
				h := costHousehold(t, db, w.orgA, "Oost", 100+nr)
				if withCase {
					hhCase(t, db, h, w.regisseur)
				}
				out = append(out, h)
			}
			c.Set(time.Now())
			return out
		}
		old, mid := group(3, -3, true), group(5, -1, true)
		recent := append(group(4, 0, true), w.household)
		for _, h := range old {
			cost(h, w.police, kluwen.KindDrang, 7000, quarter(-3-4))
			cost(h, w.police, kluwen.KindDrang, 10000, quarter(-3-1))
			for off := range 3 {
				cost(h, w.orgA, kluwen.KindZorg, 4000, quarter(-3+off))
			}
		}
		for _, h := range mid {
			cost(h, w.police, kluwen.KindDrang, 6000, quarter(-1-2))
			cost(h, w.police, kluwen.KindDrang, 10000, quarter(-1-1))
			cost(h, w.orgA, kluwen.KindZorg, 4000, quarter(-1))
		}
		for _, h := range recent {
			cost(h, w.police, kluwen.KindDrang, 10000, quarter(-1))
			cost(h, w.orgA, kluwen.KindZorg, 4000, quarter(0)) // this quarter: not over
		}

		f := kluwen.CohortFilter{StartFrom: kluwen.DateOf(quarter(-3)), StartTo: kluwen.Today(), CourseOptions: kluwen.CourseOptions{PriceYear: 2024}}
		co, err := db.CohortCostCourse(hhAs(w.analyst), f)
		hhMust(t, err)
		if co.Cases != 13 || co.Suppressed || len(co.Points) != 13 {
			t.Fatalf("cohort: %d cases, suppressed %v, %d points", co.Cases, co.Suppressed, len(co.Points))
		}
		type want struct {
			observed         int
			suppressed       bool
			service, mean    kluwen.Cents
			meanZorg, drang  kluwen.Cents
			householdsWithIt int
		}
		for _, tc := range []struct {
			off  int
			want want
		}{
			{-4, want{observed: 13, service: 21000, mean: 1615, drang: 21000, householdsWithIt: 3}},
			{-2, want{observed: 13, service: 30000, mean: 2308, drang: 30000, householdsWithIt: 5}},
			{-1, want{observed: 13, service: 130000, mean: 10000, drang: 130000, householdsWithIt: 13}},
			// The recent cases' costs of this quarter do not count; the mean is
			// over the eight households whose quarter 0 is over.
			{0, want{observed: 8, service: 32000, mean: 4000, meanZorg: 4000, householdsWithIt: 8}},
			// Only the three oldest cases have had quarters +1 and +2.
			{1, want{observed: 3, suppressed: true}},
			{2, want{observed: 3, suppressed: true}},
			{3, want{observed: 0}},
			{8, want{observed: 0}},
		} {
			p := co.Points[tc.off+4]
			got := want{observed: p.Observed, suppressed: p.Suppressed, service: p.Service, mean: p.MeanService,
				meanZorg: p.MeanKinds[kluwen.KindZorg], drang: p.Kinds[kluwen.KindDrang], householdsWithIt: p.Households}
			if p.Offset != tc.off || got != tc.want {
				t.Errorf("quarter %d: got %+v, want %+v", p.Offset, got, tc.want)
			}
		}
		// The system sees the small quarters.
		co, err = db.CohortCostCourse(hhSys(), f)
		hhMust(t, err)
		if p := co.Points[1+4]; p.Suppressed || p.Observed != 3 || p.Service != 12000 || p.MeanService != 4000 {
			t.Errorf("quarter +1 for the system: %+v", p)
		}

		// Who pays: the oldest cases compare three quarters before and after the
		// start, the middle ones one; the recent ones none yet.
		pay, err := db.CostPayers(hhAs(w.analyst), f)
		hhMust(t, err)
		if pay.Cases != 13 || pay.Compared != 8 || pay.Suppressed || len(pay.Rows) != 2 {
			t.Fatalf("payers: %+v", pay)
		}
		gem, pol := pay.Rows[0], pay.Rows[1]
		if gem.OrganisationID != w.orgA || gem.Invested != 3*3*4000+5*4000 || gem.Before != 0 || gem.After != gem.Invested {
			t.Errorf("the municipality: %+v", gem)
		}
		if pol.OrganisationID != w.police || pol.Before != 8*10000 || pol.After != 0 || pol.Invested != 0 {
			t.Errorf("the police: %+v", pol)
		}

		// A cohort of only the recent cases has nothing to compare yet.
		recentOnly := f
		recentOnly.StartFrom = kluwen.DateOf(quarter(0))
		pay, err = db.CostPayers(hhAs(w.analyst), recentOnly)
		hhMust(t, err)
		if pay.Cases != 5 || pay.Compared != 0 || !pay.Suppressed || pay.Rows != nil {
			t.Errorf("recent cases: %+v", pay)
		}
		co, err = db.CohortCostCourse(hhAs(w.analyst), recentOnly)
		hhMust(t, err)
		if p := co.Points[4]; p.Observed != 0 || p.Service != 0 || p.MeanService != 0 {
			t.Errorf("quarter 0 of the recent cases: %+v", p)
		}
	})
}

// TestCostWindowsNameOnlyAReadableCase: the windows before and after the start
// are around the first case of the household that the reader may read; an
// earlier case that a partner was not part of is not named, not even by its
// start date.
func TestCostWindowsNameOnlyAReadableCase(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		ams, err := time.LoadLocation("Europe/Amsterdam")
		hhMust(t, err)
		now := time.Now()
		c.Set(now)
		w := newCostWorld(t, db)
		c.Set(now.AddDate(-1, 0, 0))
		h := costHousehold(t, db, w.orgA, "Oost", 7)
		first := hhCase(t, db, h, w.regisseur)
		if _, err := db.ChangeCaseStatus(hhSys(), first, kluwen.CaseAfgesloten, "Doelen bereikt"); err != nil {
			t.Fatal(err)
		}
		c.Set(now.AddDate(0, -3, 0))
		second := hhCase(t, db, h, w.regisseur)
		hhInvolve(t, db, second, w.police, kluwen.Today().AddDate(0, -3, 0), nil)
		c.Set(now)
		for _, tc := range []struct {
			who   *kluwen.Actor
			want  int64
			start time.Time
		}{
			{w.regisseur, first, kluwen.DateOf(now.AddDate(-1, 0, 0).In(ams))},
			{w.agent, second, kluwen.DateOf(now.AddDate(0, -3, 0).In(ams))},
		} {
			ov, err := db.HouseholdCostOverview(hhAs(tc.who), h, kluwen.CostOverviewOptions{})
			hhMust(t, err)
			if ov.CaseID != tc.want || ov.CaseStart == nil || !ov.CaseStart.Equal(tc.start) {
				t.Errorf("%s: case %d from %v; want case %d from %v", tc.who.Username, ov.CaseID, ov.CaseStart, tc.want, tc.start)
			}
		}
	})
}

// flatIndexFrom makes the price index flat from year to the current year, so that
// amounts of those years read as recorded in the prices of any of them: for
// tests whose records lie around today.
func flatIndexFrom(t *testing.T, db *sqlstore.DB, year int) {
	t.Helper()
	idx, err := db.FindPriceIndex(hhSys())
	hhMust(t, err)
	v := idx.Convert(10000, 2015, year)
	for y := year + 1; y <= kluwen.Today().Year(); y++ {
		hhMust(t, db.SetPriceIndexYear(hhSys(), kluwen.PriceIndexYear{Year: y, Value: int64(v), Source: "test: vlak"}))
	}
}

// TestCohortCostHorizon: while no cost record of the current year is in, its
// quarters do not count either, though they have ended: partners deliver their
// costs afterwards, and a quarter without any record is not known yet.
func TestCohortCostHorizon(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		c.Set(time.Now())
		w := newCostWorld(t, db)
		flatIndexFrom(t, db, 2024)
		ams, err := time.LoadLocation("Europe/Amsterdam")
		hhMust(t, err)
		lastYear := kluwen.Today().Year() - 1
		// Five cases that started on 15 April of last year, with costs in its
		// second and third quarter only; the world's own case opens today.
		c.Set(time.Date(lastYear, 4, 15, 12, 0, 0, 0, ams))
		for i := range 5 {
			h := costHousehold(t, db, w.orgA, "Oost", 200+i)
			hhCase(t, db, h, w.regisseur)
			for _, m := range []time.Month{4, 7} {
				costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: h, Amount: 1000, Description: "Gezinscoach",
					Kind: kluwen.KindPreventie, CostType: kluwen.CostTypeService, From: time.Date(lastYear, m, 1, 0, 0, 0, 0, time.UTC)})
			}
		}
		c.Set(time.Now())
		f := kluwen.CohortFilter{StartFrom: time.Date(lastYear, 4, 1, 0, 0, 0, 0, time.UTC), StartTo: time.Date(lastYear, 4, 30, 0, 0, 0, 0, time.UTC),
			CourseOptions: kluwen.CourseOptions{PriceYear: 2024, QuartersBefore: 1, QuartersAfter: 8}}
		course := func() *kluwen.CostCourse {
			co, err := db.CohortCostCourse(hhAs(w.analyst), f)
			hhMust(t, err)
			if co.Cases != 5 || co.Suppressed {
				t.Fatalf("cohort %+v", co)
			}
			return co
		}
		co := course()
		if want := time.Date(lastYear, 12, 31, 0, 0, 0, 0, time.UTC); !co.CountedThrough.Equal(want) {
			t.Errorf("counted through %v; want the end of last year", co.CountedThrough)
		}
		// Quarters 0 to 2 (April to December of last year) count, 3 on not yet.
		for _, p := range co.Points {
			want := 0
			if p.Offset >= -1 && p.Offset <= 2 {
				want = 5
			}
			if p.Observed != want {
				t.Errorf("quarter %d observed by %d households; want %d", p.Offset, p.Observed, want)
			}
		}
		if co.Points[1].MeanService != 1000 || co.Points[2].MeanService != 1000 || co.Points[3].MeanService != 0 {
			t.Errorf("means %v %v %v", co.Points[1].MeanService, co.Points[2].MeanService, co.Points[3].MeanService)
		}
		pay, err := db.CostPayers(hhAs(w.analyst), f)
		hhMust(t, err)
		if pay.Compared != 5 || !pay.CountedThrough.Equal(co.CountedThrough) || len(pay.Rows) != 1 || pay.Rows[0].After != 5*2000 {
			t.Errorf("payers %+v", pay)
		}

		// Once a cost of this year is in, its ended quarters count.
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, Amount: 1000, Description: "Gezinscoach",
			Kind: kluwen.KindPreventie, CostType: kluwen.CostTypeService, From: kluwen.Today()})
		co = course()
		current := kluwen.QuarterIndex(kluwen.Quarter(kluwen.Today()))
		if got := kluwen.QuarterIndex(kluwen.Quarter(co.CountedThrough)); got != current-1 {
			t.Errorf("counted through %v; want the end of the last quarter", co.CountedThrough)
		}
		// Quarter 3 is the first of this year: it counts once it has ended.
		want := 0
		if current > kluwen.QuarterIndex(kluwen.Today().Year(), 1) {
			want = 5
		}
		if p := co.Points[1+3]; p.Observed != want || p.MeanService != 0 {
			t.Errorf("quarter 3 now %+v; want it observed by %d", p, want)
		}
	})
}
