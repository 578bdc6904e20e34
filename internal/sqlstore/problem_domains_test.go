package sqlstore_test

import (
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// recountProblemDomains is the number of problem domains of each household as
// the household matrix finds them (a full recount from the assessments and
// memberships): the distinct domains among its problem domains.
func recountProblemDomains(t *testing.T, db *sqlstore.DB, households []int64) map[int64]int {
	t.Helper()
	out := map[int64]int{}
	for _, h := range households {
		pds, err := db.ProblemDomains(hhSys(), h)
		hhMust(t, err)
		codes := map[string]bool{}
		for _, pd := range pds {
			codes[pd.DomainCode] = true
		}
		out[h] = len(codes)
	}
	return out
}

// portfolioProblemDomains is the number of problem domains of each household as
// the portfolio gives them, ranked by rank; it checks the order of the ranking
// by problem domains.
func portfolioProblemDomains(t *testing.T, db *sqlstore.DB, rank kluwen.PortfolioRank) map[int64]int {
	t.Helper()
	p, err := db.CostPortfolio(hhSys(), kluwen.PortfolioFilter{RankBy: rank, Limit: 500})
	hhMust(t, err)
	out := map[int64]int{}
	for i, r := range p.Ranked {
		out[r.HouseholdID] = r.ProblemDomains
		if rank != kluwen.RankProblemDomains || i == 0 {
			continue
		}
		prev := p.Ranked[i-1]
		if prev.ProblemDomains < r.ProblemDomains || (prev.ProblemDomains == r.ProblemDomains && prev.Amount < r.Amount) {
			t.Errorf("ranked by problem domains: #%d %d/%v before #%d %d/%v", prev.Rank, prev.ProblemDomains, prev.Amount, r.Rank, r.ProblemDomains, r.Amount)
		}
	}
	return out
}

// keptProblemDomains is the rollup table as it stands.
func keptProblemDomains(t *testing.T, db *sqlstore.DB) map[int64]int {
	t.Helper()
	rows, err := db.RawDB().Query(`SELECT household_id, problem_domains FROM household_problem_domains`)
	hhMust(t, err)
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		hhMust(t, rows.Scan(&id, &n))
		if n > 0 {
			out[id] = n
		}
	}
	hhMust(t, rows.Err())
	return out
}

func nonZero(m map[int64]int) map[int64]int {
	out := map[int64]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func sameCounts(a, b map[int64]int) bool {
	a, b = nonZero(a), nonZero(b)
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestProblemDomainsProperty: after a random sequence of assessments (problem
// scores and others, notes without a score) and memberships that start, end and
// change, some in the future, while the date moves on, the portfolio's number of
// problem domains of every household equals a recount by the household matrix,
// ranked by it and by cost; after the housekeeping's refresh the kept rollup
// equals it as well, and so does the full recount of a bulk load.
func TestProblemDomainsProperty(t *testing.T) {
	eachWithClock(t, func(t *testing.T, db *sqlstore.DB, c *clock) {
		rng := rand.New(rand.NewSource(11))
		org := hhOrg(t, db, "Gemeente Kluwendam", kluwen.SectorGemeente)
		admin := hhUser(t, db, "beheer", org, kluwen.RoleAdmin)
		today := func() time.Time { return kluwen.DateOf(c.Now()) }
		in, err := db.FindInstrumentByID(hhSys(), 0)
		hhMust(t, err)

		var households, persons []int64
		for i := 0; i < 5; i++ {
			h := costHousehold(t, db, org, "Zuid", 10+i)
			households = append(households, h)
			// Costs put the household in the portfolio; a few equal amounts make
			// ties in the ranking.
			costRecord(t, db, kluwen.CostRecord{OrganisationID: org, HouseholdID: h, Amount: kluwen.Cents(1000 * (1 + i%3)),
				Description: "Inzet", Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2025-06-01")})
		}
		for i := 0; i < 9; i++ {
			persons = append(persons, hhPerson(t, db, org, "Lid"))
		}
		type member struct {
			id, household, person int64
			from                  time.Time
			to                    *time.Time
		}
		var members []*member
		// compare checks the portfolio against a recount; check refreshes the
		// stale rows as well and checks the kept rollup.
		compare := func(step int) map[int64]int {
			t.Helper()
			want := recountProblemDomains(t, db, households)
			for _, rank := range []kluwen.PortfolioRank{kluwen.RankProblemDomains, kluwen.RankCost} {
				if got := portfolioProblemDomains(t, db, rank); !sameCounts(got, want) {
					t.Fatalf("step %d, ranked by %s: portfolio %v; recount %v", step, rank, nonZero(got), nonZero(want))
				}
			}
			return want
		}
		refreshed := 0
		check := func(step int) {
			t.Helper()
			want := compare(step)
			n, err := db.RefreshProblemDomains(hhSys())
			hhMust(t, err)
			refreshed += n
			if got := keptProblemDomains(t, db); !sameCounts(got, want) {
				t.Fatalf("step %d, after refreshing %d: kept %v; recount %v", step, n, got, nonZero(want))
			}
			if n, err := db.RefreshProblemDomains(hhSys()); err != nil || n != 0 {
				t.Fatalf("second refresh: %d, %v", n, err)
			}
		}
		var assessments, problems, starts, ends, ahead int
		for step := 1; step <= 200; step++ {
			if step%20 == 0 {
				check(step)
			}
			switch r := rng.Intn(12); {
			case r < 3: // a membership starts, in the past or ahead
				m := &kluwen.Membership{HouseholdID: households[rng.Intn(len(households))], PersonID: persons[rng.Intn(len(persons))],
					From: today().AddDate(0, 0, rng.Intn(280)-240), Role: kluwen.MemberOther}
				if m.From.After(today()) {
					ahead++
				}
				if rng.Intn(3) == 0 {
					m.To = hhPtr(m.From.AddDate(0, 0, rng.Intn(300)))
				}
				if err := db.AddMember(hhSys(), m); err != nil {
					hhWantCode(t, err, kluwen.EINVALID) // overlaps another membership of the person
					continue
				}
				members = append(members, &member{m.ID, m.HouseholdID, m.PersonID, m.From, m.To})
				starts++
			case r < 5: // a membership ends (or no longer ends), or moves its start
				if len(members) == 0 {
					continue
				}
				m := members[rng.Intn(len(members))]
				var u kluwen.MembershipUpdate
				switch rng.Intn(4) {
				case 0:
					u.To = hhPtr[*time.Time](nil)
				case 1:
					u.From = hhPtr(m.from.AddDate(0, 0, rng.Intn(61)-30))
				default:
					u.To = hhPtr(hhPtr(today().AddDate(0, 0, rng.Intn(60)-30)))
				}
				got, err := db.UpdateMembership(hhSys(), m.id, u)
				if err != nil {
					hhWantCode(t, err, kluwen.EINVALID)
					continue
				}
				m.from, m.to = got.From, got.To
				ends++
			case r < 10: // an assessment of someone who was a member on its date
				if len(members) == 0 {
					continue
				}
				m := members[rng.Intn(len(members))]
				last := today()
				if m.to != nil && m.to.Before(last) {
					last = *m.to
				}
				days := int(last.Sub(m.from).Hours() / 24)
				if days < 0 {
					continue
				}
				a := &kluwen.Assessment{HouseholdID: m.household, PersonID: m.person, OrganisationID: org,
					Date: m.from.AddDate(0, 0, rng.Intn(days+1))}
				for _, d := range in.Domains {
					switch x := rng.Intn(10); {
					case x < 4:
						a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code, Score: 1 + rng.Intn(5)})
					case x == 4:
						a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code, Note: "Niet gescoord: niet besproken."})
					}
				}
				if len(a.Scores) == 0 {
					continue
				}
				hhMust(t, db.CreateAssessment(hhSys(), a))
				assessments++
				for _, s := range a.Scores {
					if s.Score == 1 || s.Score == 2 {
						problems++
					}
				}
			default: // the date moves on, past starts and ends
				c.Set(c.Now().AddDate(0, 0, 1+rng.Intn(30)))
				compare(step)
			}
		}
		check(0)
		t.Logf("%d assessments with %d problem scores, %d memberships started (%d ahead), %d changed; %d counts went stale", assessments, problems, starts, ahead, ends, refreshed)
		if assessments < 20 || problems < 20 || starts < 10 || ends < 5 || ahead == 0 || refreshed == 0 {
			t.Fatalf("the sequence did not reach every kind of change")
		}
		want := nonZero(recountProblemDomains(t, db, households))
		if len(want) < 2 {
			t.Fatalf("too few households with problem domains: %v", want)
		}
		// Some counts differ: the ranking has something to order.
		var distinct []int
		for _, n := range want {
			if !slices.Contains(distinct, n) {
				distinct = append(distinct, n)
			}
		}
		if len(distinct) < 2 {
			t.Errorf("every household has the same number of problem domains: %v", want)
		}

		// A bulk load recounts every household.
		_, err = db.RawDB().Exec(`DELETE FROM household_problem_domains`)
		hhMust(t, err)
		hhMust(t, db.BulkLoad(hhSys(), func(b *sqlstore.BulkTx) error {
			h := &kluwen.Household{Street: "Bulkweg", HouseNumber: 1, Postcode: "1234 AB", City: "Kluwendam", RegisteredByOrgID: org}
			if err := b.Household(h); err != nil {
				return err
			}
			p := &kluwen.Person{GivenName: "Bulk", FamilyName: "Lid", BirthDate: hhDate("1990-01-01"), RegisteredByOrgID: org}
			if err := b.Person(p); err != nil {
				return err
			}
			if err := b.Member(&kluwen.Membership{HouseholdID: h.ID, PersonID: p.ID, From: today().AddDate(0, 0, -10), Role: kluwen.MemberHead}); err != nil {
				return err
			}
			return b.Assessment(&kluwen.Assessment{HouseholdID: h.ID, PersonID: p.ID, OrganisationID: org, Date: today(),
				Scores: []*kluwen.AssessmentScore{{DomainCode: "financien", Score: 1}, {DomainCode: "huisvesting", Score: 2}, {DomainCode: "justitie", Score: 4}}})
		}))
		var bulkHousehold int64
		hhMust(t, db.RawDB().QueryRow(`SELECT max(id) FROM households`).Scan(&bulkHousehold))
		want[bulkHousehold] = 2
		if got := keptProblemDomains(t, db); !sameCounts(got, want) {
			t.Errorf("after a bulk load: kept %v; want %v", got, want)
		}

		_, err = db.RefreshProblemDomains(hhAs(admin))
		hhWantCode(t, err, kluwen.EFORBIDDEN)
	})
}

// TestCostPortfolioByProblemDomains: the portfolio ranked by problem domains
// counts a domain once however many members have it, only the latest score of a
// current member counts, households without an assessment count none, and ties
// go by cost; the analyst sees pseudonyms only.
func TestCostPortfolioByProblemDomains(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		var hs []int64
		for i := 1; i <= 4; i++ {
			h := costHousehold(t, db, w.orgB, "Zuid", i)
			hs = append(hs, h)
			costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: h, Amount: kluwen.Cents(i) * 100000, Description: "Maatwerk",
				Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2015-03-01")})
		}
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, Amount: 1000000, Description: "Maatwerk",
			Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2015-03-01")})
		assess := func(h, person int64, days int, scores map[string]int) {
			t.Helper()
			a := &kluwen.Assessment{HouseholdID: h, PersonID: person, OrganisationID: w.orgA, Date: hhDays(days)}
			for code, s := range scores {
				a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: code, Score: s})
			}
			hhMust(t, db.CreateAssessment(hhSys(), a))
		}
		// The case's household: finances (both), housing and parenting; justice at 3
		// is no problem; the parent's addiction was 1 but is 4 since.
		assess(w.household, w.parent, -90, map[string]int{"financien": 1, "verslaving": 1, "huisvesting": 2})
		assess(w.household, w.parent, -10, map[string]int{"verslaving": 4, "justitie": 3})
		assess(w.household, w.child, -5, map[string]int{"financien": 2, "opvoeding": 1})
		// Household 1 (least costs): three problem domains as well; household 2:
		// one; 3 and 4 none.
		p1, p2 := hhPerson(t, db, w.orgA, "Een"), hhPerson(t, db, w.orgA, "Twee")
		hhMember(t, db, hs[0], p1, hhDays(-200), nil)
		hhMember(t, db, hs[1], p2, hhDays(-200), nil)
		assess(hs[0], p1, -20, map[string]int{"financien": 2, "werk_opleiding": 1, "sociaal_netwerk": 2})
		assess(hs[1], p2, -20, map[string]int{"lichamelijke_gezondheid": 2, "adl": 5})

		analyst := hhAs(w.analyst)
		rank := func() []kluwen.PortfolioHousehold {
			t.Helper()
			p, err := db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015, RankBy: kluwen.RankProblemDomains})
			hhMust(t, err)
			if p.RankBy != kluwen.RankProblemDomains || len(p.Ranked) != 5 {
				t.Fatalf("portfolio %+v", p)
			}
			for _, r := range p.Ranked {
				if r.HouseholdID != 0 {
					t.Errorf("the analyst got household %d", r.HouseholdID)
				}
			}
			return p.Ranked
		}
		want := func(got []kluwen.PortfolioHousehold, households []int64, counts []int) {
			t.Helper()
			for i, h := range households {
				if got[i].Pseudonym != db.HouseholdPseudonym(h) || got[i].ProblemDomains != counts[i] {
					t.Errorf("#%d: %s with %d problem domains; want %s with %d", i+1, got[i].Pseudonym, got[i].ProblemDomains, db.HouseholdPseudonym(h), counts[i])
				}
			}
		}
		// Three each: the case's household first by cost.
		want(rank(), []int64{w.household, hs[0], hs[1], hs[3], hs[2]}, []int{3, 3, 1, 0, 0})

		// The child moves out: parenting goes, finances stay (the parent's).
		h, err := db.FindHouseholdByID(hhSys(), w.household)
		hhMust(t, err)
		for _, m := range h.Members {
			if m.PersonID == w.child {
				_, err := db.UpdateMembership(hhSys(), m.ID, kluwen.MembershipUpdate{To: hhPtr(hhPtr(hhDays(-1)))})
				hhMust(t, err)
			}
		}
		want(rank(), []int64{hs[0], w.household, hs[1]}, []int{3, 2, 1})

		// Ranked by cost, the counts come along.
		p, err := db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015})
		hhMust(t, err)
		want(p.Ranked, []int64{w.household, hs[3], hs[2], hs[1], hs[0]}, []int{2, 0, 0, 1, 3})
	})
}

// TestBulkLoadCostsProblemDomains: the synthetic town of the benchmarks gives
// the households with a case members and assessments, and their problem domains
// are counted as the household matrix counts them.
func TestBulkLoadCostsProblemDomains(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		st, err := db.BulkLoadCosts(hhSys(), sqlstore.BulkCostSpec{Households: 120, Records: 2000, CaseShare: 40, Seed: 3})
		hhMust(t, err)
		if st.Cases == 0 || st.Persons < st.Cases || st.Assessments < st.Cases {
			t.Fatalf("stats %+v", st)
		}
		var households []int64
		for h := st.FirstHousehold; h <= st.LastHousehold; h++ {
			households = append(households, h)
		}
		want := nonZero(recountProblemDomains(t, db, households))
		if len(want) < st.Cases/2 {
			t.Errorf("%d of %d households with a case have problem domains", len(want), st.Cases)
		}
		if got := keptProblemDomains(t, db); !sameCounts(got, want) {
			t.Errorf("kept %v; recount %v", got, want)
		}
		// The portfolio holds the households with costs.
		got := portfolioProblemDomains(t, db, kluwen.RankProblemDomains)
		n := 0
		for h, c := range got {
			if c != want[h] {
				t.Errorf("household %d: %d problem domains in the portfolio; recount %d", h, c, want[h])
			}
			if c > 0 {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no household in the portfolio has problem domains: %v", got)
		}
	})
}
