package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// quarterOffset is the quarter of d relative to the current quarter (the start
// quarter of a case opened today).
func quarterOffset(d time.Time) int {
	return kluwen.QuarterIndex(kluwen.Quarter(d)) - kluwen.QuarterIndex(kluwen.Quarter(kluwen.Today()))
}

// TestCostCourseOutcomes: per quarter of a case's course the state of the
// household's assessments at the end of the quarter (latest score per member
// and domain, of the members on that date); only for actors who may see the
// assessments; for a cohort the mean over the households assessed by then,
// suppressed in a quarter with fewer than five of them.
func TestCostCourseOutcomes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		reg := w.regisseur
		// A lodger who lived in the household until just before the last
		// assessment.
		d1, d2, d3 := hhDays(-300), hhDays(-150), hhDays(-10)
		lodger := hhPerson(t, db, w.orgA, "Kamerbewoner")
		hhMember(t, db, w.household, lodger, hhDays(-400), hhPtr(d3.AddDate(0, 0, -1)))
		cwAssess(t, db, reg, w.household, w.parent, d1, map[string]int{"financien": 2, "huisvesting": 4})
		cwAssess(t, db, reg, w.household, w.child, d2, map[string]int{"opvoeding": 1, "financien": 3})
		cwAssess(t, db, reg, w.household, lodger, d2, map[string]int{"huisvesting": 1})
		cwAssess(t, db, reg, w.household, w.parent, d3, map[string]int{"financien": 4})

		o1, o2, o3 := quarterOffset(d1), quarterOffset(d2), quarterOffset(d3)
		if !(o1 < o2 && o2 < o3 && o3 <= 0) {
			t.Fatalf("offsets %d %d %d", o1, o2, o3)
		}
		type want struct {
			mean, problems float64
		}
		expect := func(off int) *want {
			switch {
			case off < o1 || off > 0:
				return nil
			case off < o2:
				return &want{3, 1} // parent: financien 2, huisvesting 4
			case off < o3:
				// Parent 2 and 4, child 1 and 3, lodger 1: financien, opvoeding
				// and huisvesting are problem domains.
				return &want{2.2, 3}
			}
			// The lodger has left; the parent's financien is 4 now.
			return &want{3, 1}
		}
		for _, role := range []string{"regisseur-of-case", "professional-involved"} {
			head := hhLogHead(t, db)
			c, err := db.CaseCostCourse(hhAs(w.actors[role]), w.caseID, kluwen.CourseOptions{QuartersBefore: 6, QuartersAfter: 2})
			hhMust(t, err)
			if !c.Outcomes || len(c.Points) != 9 {
				t.Fatalf("%s: outcomes %v, %d points", role, c.Outcomes, len(c.Points))
			}
			for _, p := range c.Points {
				e := expect(p.Offset)
				switch {
				case e == nil && p.Outcome != nil:
					t.Errorf("%s: quarter %d has outcome %+v, want none", role, p.Offset, *p.Outcome)
				case e != nil && (p.Outcome == nil || p.Outcome.MeanScore != e.mean || p.Outcome.ProblemDomains != e.problems || p.Outcome.Cases != 1):
					t.Errorf("%s: quarter %d has outcome %+v, want %+v", role, p.Offset, p.Outcome, *e)
				}
			}
			var read bool
			for _, e := range hhLogSince(t, db, head) {
				if e.EventType == "assessment.read" && e.Outcome == string(kluwen.OutcomeSuccess) {
					read = true
					for _, p := range []int64{w.parent, w.child, lodger} {
						if !strings.Contains(e.Objects, fmt.Sprintf(" person:%d ", p)) {
							t.Errorf("%s: the log of the outcomes %q lacks person %d", role, e.Objects, p)
						}
					}
				}
			}
			if !read {
				t.Errorf("%s: reading the outcomes is not logged", role)
			}
		}
		// Who may not read the case learns nothing of the outcomes either.
		for _, role := range []string{"professional-uninvolved", "professional-ended", "regisseur-other-org", "analyst"} {
			c, err := db.CaseCostCourse(hhAs(w.actors[role]), w.caseID, kluwen.CourseOptions{})
			hhWantCode(t, err, kluwen.ENOTFOUND)
			if c != nil {
				t.Errorf("%s got a course", role)
			}
		}

		// A cohort of five households whose cases start today; the others are
		// assessed today only, one member each with financien 1.
		f := kluwen.CohortFilter{StartFrom: hhDays(-1), StartTo: hhDays(0), CourseOptions: kluwen.CourseOptions{QuartersBefore: 6, QuartersAfter: 2}}
		var others, persons []int64
		for i := range 4 {
			h := costHousehold(t, db, w.orgA, "Oost", 70+i)
			p := hhPerson(t, db, w.orgA, "Bewoner")
			hhMember(t, db, h, p, hhDays(-400), nil)
			hhCase(t, db, h, reg)
			others, persons = append(others, h), append(persons, p)
			if i < 3 {
				cwAssess(t, db, reg, h, p, hhDays(0), map[string]int{"financien": 1})
			}
		}
		co, err := db.CohortCostCourse(hhAs(w.analyst), f)
		hhMust(t, err)
		if co.Cases != 5 || co.Suppressed || !co.Outcomes {
			t.Fatalf("cohort %+v", co)
		}
		at := func(c *kluwen.CostCourse, off int) *kluwen.CourseOutcome { return c.Points[off+6].Outcome }
		// Four households assessed by now: too few to show.
		if oc := at(co, 0); oc == nil || oc.Cases != 4 || !oc.Suppressed || oc.MeanScore != 0 {
			t.Errorf("quarter 0 with four assessed households: %+v", oc)
		}
		if oc := at(co, o2); oc == nil || oc.Cases != 1 || !oc.Suppressed {
			t.Errorf("quarter %d with one assessed household: %+v", o2, oc)
		}
		if oc := at(co, o1-1); oc != nil {
			t.Errorf("quarter before any assessment: %+v", oc)
		}
		if oc := at(co, 1); oc != nil {
			t.Errorf("a quarter to come: %+v", oc)
		}
		// The system sees the small cells.
		sysCo, err := db.CohortCostCourse(hhSys(), f)
		hhMust(t, err)
		if oc := at(sysCo, o2); oc == nil || oc.Suppressed || oc.MeanScore != 2.2 || oc.ProblemDomains != 3 {
			t.Errorf("system, quarter %d: %+v", o2, oc)
		}

		// The fifth household assessed: (3 + 1 + 1 + 1 + 3) / 5 = 1.8 on
		// average, (1 + 1 + 1 + 1 + 1) / 5 problem domains.
		cwAssess(t, db, reg, others[3], persons[3], hhDays(0), map[string]int{"financien": 1, "werk_opleiding": 5})
		co, err = db.CohortCostCourse(hhAs(w.analyst), f)
		hhMust(t, err)
		if oc := at(co, 0); oc == nil || oc.Cases != 5 || oc.Suppressed || oc.MeanScore != 1.8 || oc.ProblemDomains != 1 {
			t.Errorf("quarter 0 with five assessed households: %+v", oc)
		}
	})
}
