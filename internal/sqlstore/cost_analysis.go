package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kluwen/kluwen"
)

// The views of the cost analysis. Amounts come out of the database nominal, per
// year, and are converted to the view's price year with the price index: in Go for
// one household or one cohort, inside the SQL sum (a CASE over the year with the
// factor of each year) for the portfolio, so that ranking 100,000 households
// needs one pass over the portfolio rollup.

// pseudonymKey is the key of the households' pseudonyms, derived from the
// store's BSN-hash key so that an installation keeps one secret.
func (db *DB) pseudonymKey() []byte { return subKey(db.keys.BSNHash, "kluwen/v1/pseudonym") }

// HouseholdPseudonym returns the pseudonym under which analysts see a household.
func (db *DB) HouseholdPseudonym(id int64) string {
	return kluwen.HouseholdPseudonym(db.pseudonymKey(), id)
}

// descale turns a sum of amounts times factors back into cents, rounding half
// away from zero.
func descale(scaled int64) kluwen.Cents {
	const d = kluwen.FactorScale
	if scaled >= 0 {
		return kluwen.Cents((scaled + d/2) / d)
	}
	return -kluwen.Cents((-scaled + d/2) / d)
}

// converter converts nominal amounts to one price year and remembers which
// years had no index figure.
type converter struct {
	index     *kluwen.PriceIndex
	year      int
	factors   map[int]int64
	unindexed map[int]bool
}

func newConverter(p *kluwen.PriceIndex, asked int) (*converter, error) {
	year, missing, err := priceYearOf(p, asked, nil)
	if err != nil {
		return nil, err
	}
	c := &converter{index: p, year: year, factors: map[int]int64{}, unindexed: map[int]bool{}}
	for _, y := range missing {
		c.unindexed[y] = true
	}
	return c, nil
}

func (c *converter) convert(amount int64, year int) kluwen.Cents {
	f, ok := c.factors[year]
	if !ok {
		f = c.index.Factor(year, c.year)
		c.factors[year] = f
		if !c.index.Has(year) {
			c.unindexed[year] = true
		}
	}
	return kluwen.ApplyFactor(kluwen.Cents(amount), f)
}

func (c *converter) unindexedYears() []int {
	out := make([]int, 0, len(c.unindexed))
	for y := range c.unindexed {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// splitSet accumulates one split of an overview.
type splitSet struct {
	order []string
	m     map[string]*kluwen.CostSplit
}

func (s *splitSet) add(key string, id int64, label string, a kluwen.CostAmounts) {
	if s.m == nil {
		s.m = map[string]*kluwen.CostSplit{}
	}
	sp, ok := s.m[key]
	if !ok {
		sp = &kluwen.CostSplit{Key: key, ID: id, Label: label}
		s.m[key] = sp
		s.order = append(s.order, key)
	}
	sp.Sum(a)
}

// sorted returns the splits, largest total first.
func (s *splitSet) sorted() []kluwen.CostSplit {
	out := make([]kluwen.CostSplit, 0, len(s.order))
	for _, k := range s.order {
		out = append(out, *s.m[k])
	}
	slices.SortStableFunc(out, func(a, b kluwen.CostSplit) int { return cmp.Compare(b.Total(), a.Total()) })
	return out
}

// names loads the names of organisations and departments and the latest name of
// every catalogue code, for labels.
type names struct {
	orgs    map[int64]string
	sectors map[int64]kluwen.Sector
	depts   map[int64]string // the department with its organisation (DepartmentLabel)
	items   map[string]string
}

func (tx *Tx) loadNames(ctx context.Context) (*names, error) {
	n := &names{orgs: map[int64]string{}, sectors: map[int64]kluwen.Sector{}, depts: map[int64]string{}, items: map[string]string{}}
	rows, err := tx.query(ctx, `SELECT id, name, sector FROM organisations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name, sector string
		if err := rows.Scan(&id, &name, &sector); err != nil {
			rows.Close()
			return nil, err
		}
		n.orgs[id], n.sectors[id] = name, kluwen.Sector(sector)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT id, organisation_id, name FROM departments`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, org int64
		var name string
		if err := rows.Scan(&id, &org, &name); err != nil {
			rows.Close()
			return nil, err
		}
		n.depts[id] = kluwen.DepartmentLabel(n.orgs[org], name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT code, name FROM cost_items ORDER BY valid_from`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, err
		}
		n.items[code] = name
	}
	return n, rows.Err()
}

// ownCostsWhere is the condition (and its argument) that limits a partner
// professional to its own organisation's costs (see ownCostsOnly); "" for others.
func (tx *Tx) ownCostsWhere() (string, []any) {
	if org, own := tx.ownCostsOnly(); own {
		return ` AND organisation_id = ?`, []any{org}
	}
	return "", nil
}

// HouseholdCostOverview answers what every partner spent on a household the actor
// may read: totals per year and quarter, splits, the windows before and after the
// first case started, and the largest cost drivers, in one price year. A partner
// professional sees its own organisation's costs only. With o.Export set the
// overview is read for an export in that format: the access log records an
// export (cost.export, the format in the basis) instead of a read, and the
// overview names who made it and when. The same need-to-know applies.
func (db *DB) HouseholdCostOverview(ctx context.Context, householdID int64, o kluwen.CostOverviewOptions) (*kluwen.HouseholdCostOverview, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	event, action := eventCostRead, kluwen.AuditRead
	if o.Export != "" {
		if !slices.Contains(kluwen.CostExportFormats, o.Export) {
			var v kluwen.Validator
			v.Add("export", "Kies een formaat: csv, xlsx of pdf.")
			return nil, v.Err()
		}
		event, action = eventCostExport, kluwen.AuditExport
	}
	var ov *kluwen.HouseholdCostOverview
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, householdID, event, action, false)
		if err != nil {
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
		nm, err := tx.loadNames(ctx)
		if err != nil {
			return err
		}
		ov = &kluwen.HouseholdCostOverview{HouseholdID: householdID, PriceYear: conv.year}
		if o.Export != "" {
			if ov.ExportedBy, err = tx.exporterName(ctx); err != nil {
				return err
			}
			ov.ExportedOn = tx.today
		}
		_, ov.OwnOrganisationOnly = tx.ownCostsOnly()
		own, args := tx.ownCostsWhere()
		rows, err := tx.query(ctx, `SELECT year, quarter, organisation_id, COALESCE(department_id, 0), sector, kind, cost_type, life_domain, item_code,
				sum(amount_cents), count(*), sum(CASE WHEN estimated THEN 1 ELSE 0 END), sum(CASE WHEN estimated THEN amount_cents ELSE 0 END)
			FROM cost_records WHERE household_id = ?`+own+`
			GROUP BY year, quarter, organisation_id, department_id, sector, kind, cost_type, life_domain, item_code`, append([]any{householdID}, args...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		var byOrg, byDept, bySector, byDomain, byKind, byType, drivers splitSet
		years := map[int]*kluwen.CostPeriodTotal{}
		quarters := map[[2]int]*kluwen.CostPeriodTotal{}
		for rows.Next() {
			var year, quarter, n, est int
			var org, dept, sum, estSum int64
			var sector, kind, typ, domain, code string
			if err := rows.Scan(&year, &quarter, &org, &dept, &sector, &kind, &typ, &domain, &code, &sum, &n, &est, &estSum); err != nil {
				return err
			}
			t := kluwen.CostType(typ)
			var a kluwen.CostAmounts
			a.Add(t, conv.convert(sum, year), n)
			a.Estimated, a.EstimatedAmount = est, conv.convert(estSum, year)
			ov.Total.Sum(a)
			yt := years[year]
			if yt == nil {
				yt = &kluwen.CostPeriodTotal{Year: year}
				years[year] = yt
			}
			yt.Sum(a)
			qt := quarters[[2]int{year, quarter}]
			if qt == nil {
				qt = &kluwen.CostPeriodTotal{Year: year, Quarter: quarter}
				quarters[[2]int{year, quarter}] = qt
			}
			qt.Sum(a)
			byOrg.add(strconv.FormatInt(org, 10), org, nm.orgs[org], a)
			deptLabel := "Geen afdeling"
			if dept != 0 {
				deptLabel = nm.depts[dept]
			}
			byDept.add(strconv.FormatInt(dept, 10), dept, deptLabel, a)
			bySector.add(sector, 0, kluwen.Sector(sector).Label(), a)
			byDomain.add(domain, 0, kluwen.CostLifeDomainLabel(domain), a)
			byKind.add(kind, 0, kluwen.CostKind(kind).Label(), a)
			byType.add(typ, 0, t.Label(), a)
			label := nm.items[code]
			if code == "" {
				label = "Werkelijke bedragen"
			}
			drivers.add(code+"\x00"+strconv.FormatInt(org, 10), org, label, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, y := range sortedMapKeys(years) {
			ov.Years = append(ov.Years, *years[y])
		}
		for _, q := range sortedMapKeys(quarters) {
			ov.Quarters = append(ov.Quarters, *quarters[q])
		}
		ov.ByOrganisation, ov.ByDepartment, ov.BySector = byOrg.sorted(), byDept.sorted(), bySector.sorted()
		ov.ByLifeDomain, ov.ByKind, ov.ByCostType = byDomain.sorted(), byKind.sorted(), byType.sorted()
		nd := o.Drivers
		if nd <= 0 {
			nd = 10
		}
		// The drivers are the largest service costs; transfer payments (a
		// benefit) are kept apart and come after them.
		ranked := drivers.sorted()
		slices.SortStableFunc(ranked, func(a, b kluwen.CostSplit) int {
			return cmp.Or(cmp.Compare(b.Service, a.Service), cmp.Compare(b.Transfer, a.Transfer))
		})
		for _, d := range ranked {
			if len(ov.Drivers) == nd {
				break
			}
			code, _, _ := strings.Cut(d.Key, "\x00")
			ov.Drivers = append(ov.Drivers, kluwen.CostDriver{ItemCode: code, Label: d.Label, OrganisationID: d.ID, Organisation: nm.orgs[d.ID], CostAmounts: d.CostAmounts})
		}
		if err := tx.caseWindows(ctx, ov, conv, o.WindowMonths); err != nil {
			return err
		}
		ov.UnindexedYears = conv.unindexedYears()
		if o.Export != "" {
			basis += "; formaat " + o.Export
		}
		tx.log(event, action, basis, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: householdID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ov, nil
}

// exporterName is how an export names who made it: the user's name and
// organisation.
func (tx *Tx) exporterName(ctx context.Context) (string, error) {
	a := tx.actor
	if a.System() || a.UserID == 0 {
		return "Kluwen (beheertaak)", nil
	}
	var name, org string
	err := tx.queryRow(ctx, `SELECT u.display_name, o.name FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = ?`, a.UserID).Scan(&name, &org)
	if err != nil {
		return "", err
	}
	return name + ", " + org, nil
}

func sortedMapKeys[K cmp.Ordered | [2]int, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b K) int {
		switch x := any(a).(type) {
		case [2]int:
			y := any(b).([2]int)
			return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1]))
		case int:
			return cmp.Compare(x, any(b).(int))
		}
		return 0
	})
	return keys
}

// caseWindows fills the first case of the household that the actor may read and
// the costs in the same-length windows before and after its start. A case the
// actor may not read is not named, not even by its start date.
func (tx *Tx) caseWindows(ctx context.Context, ov *kluwen.HouseholdCostOverview, conv *converter, months int) error {
	facts, err := tx.caseFactsWhere(ctx, `c.household_id = ?`, ov.HouseholdID)
	if err != nil {
		return err
	}
	visible := map[int64]bool{}
	for _, f := range facts {
		if _, ok := kluwen.CaseReadBasis(tx.actor, f.CaseFacts); ok {
			visible[f.CaseID] = true
		}
	}
	if len(visible) == 0 {
		return nil
	}
	var caseID int64
	var opened time.Time
	rows, err := tx.query(ctx, `SELECT id, opened_at FROM cases WHERE household_id = ? ORDER BY opened_at, id`, ov.HouseholdID)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var at time.Time
		if err := rows.Scan(&id, timeScan{&at}); err != nil {
			rows.Close()
			return err
		}
		if visible[id] {
			caseID, opened = id, at
			break
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if caseID == 0 {
		return nil
	}
	start := kluwen.DateOf(opened.In(amsterdam))
	if months <= 0 {
		months = monthsBetween(start, tx.today)
	}
	months = max(1, min(24, months))
	ov.CaseID, ov.CaseStart = caseID, &start
	ov.Before = &kluwen.CostWindow{From: start.AddDate(0, -months, 0), To: start.AddDate(0, 0, -1)}
	ov.After = &kluwen.CostWindow{From: start, To: start.AddDate(0, months, -1)}
	own, args := tx.ownCostsWhere()
	for _, w := range []*kluwen.CostWindow{ov.Before, ov.After} {
		rows, err := tx.query(ctx, `SELECT year, cost_type, sum(amount_cents), count(*), sum(CASE WHEN estimated THEN 1 ELSE 0 END),
				sum(CASE WHEN estimated THEN amount_cents ELSE 0 END) FROM cost_records
			WHERE household_id = ? AND period_from >= ? AND period_from <= ?`+own+` GROUP BY year, cost_type`,
			append([]any{ov.HouseholdID, dateArg(w.From), dateArg(w.To)}, args...)...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var year, n, est int
			var typ string
			var sum, estSum int64
			if err := rows.Scan(&year, &typ, &sum, &n, &est, &estSum); err != nil {
				rows.Close()
				return err
			}
			w.Add(kluwen.CostType(typ), conv.convert(sum, year), n)
			w.Estimated += est
			w.EstimatedAmount += conv.convert(estSum, year)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// monthsBetween counts the whole months from a to b.
func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}

// requireAnalyse checks the role-level permission of the cross-household views.
func (tx *Tx) requireAnalyse() error {
	return tx.refuseUnlessCan(kluwen.PermAnalyseCosts, eventCostAnalyse, kluwen.AuditRead)
}

// validatePortfolio checks and completes a filter.
func validatePortfolio(f *kluwen.PortfolioFilter) error {
	var v kluwen.Validator
	for _, s := range f.Sectors {
		if !s.Valid() {
			v.Add("sectors", "Kies sectoren uit de lijst.")
			break
		}
	}
	for _, k := range f.Kinds {
		if !k.Valid() {
			v.Add("kinds", "Kies soorten inzet uit de lijst.")
			break
		}
	}
	if f.CostType == "" {
		f.CostType = kluwen.CostTypeService
	}
	v.Check(f.CostType.Valid(), "costType", "Kies kosten van inzet of inkomensoverdrachten.")
	if f.RankBy == "" {
		f.RankBy = kluwen.RankCost
	}
	v.Check(f.RankBy.Valid(), "rankBy", "Kies een rangorde: kosten, partners, probleemdomeinen of leefgebieden met kosten.")
	v.Check(f.FromYear == 0 || (f.FromYear >= 1990 && f.FromYear <= 2100), "fromYear", "Vul een jaar in, zoals 2020.")
	v.Check(f.ToYear == 0 || (f.ToYear >= 1990 && f.ToYear <= 2100), "toYear", "Vul een jaar in, zoals 2024.")
	if f.FromYear != 0 && f.ToYear != 0 && f.ToYear < f.FromYear {
		v.Add("toYear", "Het eindjaar ligt voor het beginjaar.")
	}
	v.Check(f.Offset >= 0, "offset", "De positie kan niet negatief zijn.")
	switch {
	case f.Limit <= 0:
		f.Limit = 50
	case f.Limit > 500:
		f.Limit = 500
	}
	for _, p := range f.CurvePercents {
		if p <= 0 || p > 100 {
			v.Add("curvePercents", "Kies percentages groter dan 0 en hoogstens 100.")
			break
		}
	}
	return v.Err()
}

// portfolioWhere is the filter of a portfolio over a rollup table (alias r) on
// cost type, sector, kind and wijk; years are chosen by column (portfolioYearsIn).
func portfolioWhere(f *kluwen.PortfolioFilter) *whereClause {
	w := &whereClause{}
	w.add(`r.cost_type = ?`, string(f.CostType))
	if len(f.Sectors) > 0 {
		args := make([]any, len(f.Sectors))
		for i, s := range f.Sectors {
			args[i] = string(s)
		}
		w.add(`r.sector IN (`+placeholders(len(args))+`)`, args...)
	}
	if len(f.Kinds) > 0 {
		args := make([]any, len(f.Kinds))
		for i, k := range f.Kinds {
			args[i] = string(k)
		}
		w.add(`r.kind IN (`+placeholders(len(args))+`)`, args...)
	}
	if wijk := strings.TrimSpace(f.Wijk); wijk != "" {
		w.add(`r.household_id IN (SELECT wh.id FROM households wh WHERE lower(wh.wijk) = ?)`, strings.ToLower(wijk))
	}
	return w
}

// portfolioTable is the rollup a portfolio reads: the per-household totals unless
// it filters on sector or kind.
func portfolioTable(f *kluwen.PortfolioFilter) string {
	if len(f.Sectors) == 0 && len(f.Kinds) == 0 {
		return "cost_rollup_household_total"
	}
	return "cost_rollup_portfolio"
}

// portfolioRow is one household's figures in the portfolio.
type portfolioRow struct {
	household         int64
	amount            kluwen.Cents
	partners, domains int
	problems          int // problem domains today
}

// CostPortfolio ranks every household with costs in the filter, with the
// concentration curve, the totals per wijk and per year. Analysts see pseudonyms
// only; a regisseur also gets the IDs of the households they may open. Wijken with
// fewer than kluwen.MinCellSize households are suppressed. Problem domains are
// those of the day of the call (problemDomainCounts), whatever the filter on
// sector, kind and years. The aggregate is read
// first; it is handed out only once its access-log entry (naming the households
// whose IDs it reveals) is written.
func (db *DB) CostPortfolio(ctx context.Context, f kluwen.PortfolioFilter) (*kluwen.CostPortfolio, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Can(kluwen.PermAnalyseCosts) {
		err := db.update(ctx, func(tx *Tx) error { return tx.requireAnalyse() })
		return nil, err
	}
	if err := validatePortfolio(&f); err != nil {
		return nil, err
	}
	out := &kluwen.CostPortfolio{CostType: f.CostType, RankBy: f.RankBy}
	var ranked []portfolioRow
	err = db.view(ctx, func(tx *Tx) error {
		idx, err := tx.loadPriceIndex(ctx)
		if err != nil {
			return err
		}
		conv, err := newConverter(idx, f.PriceYear)
		if err != nil {
			return err
		}
		out.PriceYear = conv.year
		if db.dialect == Postgres {
			// One aggregate over some hundred thousand rows: keep its hash table in
			// memory, and skip compiling it.
			if _, err := tx.exec(ctx, `SET LOCAL work_mem = '64MB'`); err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `SET LOCAL jit = off`); err != nil {
				return err
			}
		}
		years, err := tx.portfolioYearsIn(ctx, &f)
		if err != nil {
			return err
		}
		if err := tx.portfolioYears(ctx, out, &f, years, conv); err != nil {
			return err
		}
		w := portfolioWhere(&f)
		if f.FromYear != 0 || f.ToYear != 0 {
			// Only households with costs in the years asked.
			conds := []string{"1 = 0"}
			for _, y := range years {
				conds = append(conds, fmt.Sprintf("r.y%d <> 0", y))
			}
			w.add(`(` + strings.Join(conds, " OR ") + `)`)
		}
		amount := "0"
		if len(years) > 0 {
			terms := make([]string, len(years))
			for i, y := range years {
				terms[i] = fmt.Sprintf("r.y%d * %d", y, idx.Factor(y, conv.year))
			}
			amount = strings.Join(terms, " + ")
		}
		// The totals rollup has one row per household and cost type; the portfolio
		// rollup one per sector and kind as well, summed per household in its
		// primary-key order.
		q := `SELECT r.household_id, ` + amount + ` FROM cost_rollup_household_total r WHERE ` + w.String()
		if portfolioTable(&f) == "cost_rollup_portfolio" {
			q = `SELECT r.household_id, CAST(sum(` + amount + `) AS BIGINT) FROM cost_rollup_portfolio r WHERE ` + w.String() + ` GROUP BY r.household_id`
		}
		rows, err := tx.query(ctx, q, w.args...)
		if err != nil {
			return err
		}
		var all []portfolioRow
		for rows.Next() {
			var r portfolioRow
			var scaled int64
			if err := rows.Scan(&r.household, &scaled); err != nil {
				rows.Close()
				return err
			}
			r.amount = descale(scaled)
			all = append(all, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		amounts := make([]kluwen.Cents, len(all))
		for i, r := range all {
			amounts[i] = r.amount
			out.Total += r.amount
		}
		slices.Sort(amounts)
		slices.Reverse(amounts)
		out.Households = len(all)
		out.Curve = kluwen.ConcentrationSorted(amounts, f.CurvePercents)
		if err := tx.portfolioWijken(ctx, out, all, a.System()); err != nil {
			return err
		}
		// The counts the ranking goes by are read for every household; the
		// others for the page only.
		byCounts := f.RankBy == kluwen.RankPartners || f.RankBy == kluwen.RankLifeDomains
		byProblems := f.RankBy == kluwen.RankProblemDomains
		// The count ranked by, for every household; the other for the page.
		rankCount, pageCount := countPartners, countDomains
		if f.RankBy == kluwen.RankLifeDomains {
			rankCount, pageCount = countDomains, countPartners
		}
		if byCounts {
			counts, err := tx.portfolioCounts(ctx, &f, nil, rankCount)
			if err != nil {
				return err
			}
			for i := range all {
				c := counts[all[i].household]
				all[i].partners, all[i].domains = c[0], c[1]
			}
		}
		if byProblems {
			problems, err := tx.problemDomainCounts(ctx, nil)
			if err != nil {
				return err
			}
			for i := range all {
				all[i].problems = problems[all[i].household]
			}
		}
		ranked = topRows(all, f.Offset+f.Limit, rankOrder(f.RankBy))
		ranked = ranked[min(f.Offset, len(ranked)):]
		if len(ranked) > 0 {
			ids := make([]int64, len(ranked))
			for i, r := range ranked {
				ids[i] = r.household
			}
			which := countBoth
			if byCounts {
				which = pageCount
			}
			counts, err := tx.portfolioCounts(ctx, &f, ids, which)
			if err != nil {
				return err
			}
			for i := range ranked {
				c := counts[ranked[i].household]
				if which&countPartners != 0 {
					ranked[i].partners = c[0]
				}
				if which&countDomains != 0 {
					ranked[i].domains = c[1]
				}
			}
			if !byProblems {
				problems, err := tx.problemDomainCounts(ctx, ids)
				if err != nil {
					return err
				}
				for i := range ranked {
					ranked[i].problems = problems[ranked[i].household]
				}
			}
		}
		out.UnindexedYears = conv.unindexedYears()
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The page: pseudonyms for all; IDs for the households the actor may open.
	key := db.pseudonymKey()
	err = db.update(ctx, func(tx *Tx) error {
		open := map[int64]bool{}
		if a.Role == kluwen.RoleRegisseur || a.System() {
			set := map[int64]bool{}
			for _, r := range ranked {
				set[r.household] = true
			}
			vis, err := tx.visibleHouseholds(ctx, set)
			if err != nil {
				return err
			}
			for id, b := range vis {
				open[id] = b != ""
			}
		}
		var objs []kluwen.ObjectRef
		out.Ranked = make([]kluwen.PortfolioHousehold, len(ranked))
		for i, r := range ranked {
			ph := kluwen.PortfolioHousehold{Rank: f.Offset + i + 1, Pseudonym: kluwen.HouseholdPseudonym(key, r.household),
				Amount: r.amount, Partners: r.partners, LifeDomains: r.domains, ProblemDomains: r.problems}
			if open[r.household] {
				ph.HouseholdID = r.household
				objs = append(objs, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: r.household})
			}
			out.Ranked[i] = ph
		}
		basis := "gepseudonimiseerd overzicht"
		if len(objs) > 0 {
			basis = "overzicht; huishoudnummers alleen waar need-to-know het toestaat"
		}
		if a.System() {
			basis = kluwen.BasisSystem
		}
		tx.log(eventCostAnalyse, kluwen.AuditRead, basis, objs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rankOrder is the order of a ranking: by cost; by partners or life domains with
// costs, then the other of the two, then cost; by problem domains, then cost;
// ties by household ID.
func rankOrder(by kluwen.PortfolioRank) func(a, b *portfolioRow) int {
	byCost := func(a, b *portfolioRow) int {
		return cmp.Or(cmp.Compare(b.amount, a.amount), cmp.Compare(a.household, b.household))
	}
	switch by {
	case kluwen.RankPartners:
		return func(a, b *portfolioRow) int {
			return cmp.Or(cmp.Compare(b.partners, a.partners), cmp.Compare(b.domains, a.domains), byCost(a, b))
		}
	case kluwen.RankLifeDomains:
		return func(a, b *portfolioRow) int {
			return cmp.Or(cmp.Compare(b.domains, a.domains), cmp.Compare(b.partners, a.partners), byCost(a, b))
		}
	case kluwen.RankProblemDomains:
		return func(a, b *portfolioRow) int {
			return cmp.Or(cmp.Compare(b.problems, a.problems), byCost(a, b))
		}
	}
	return byCost
}

// topRows returns the first k rows in the order, sorted, without sorting all
// of them: a bounded heap whose root is the last of the k kept so far.
func topRows(rows []portfolioRow, k int, order func(a, b *portfolioRow) int) []portfolioRow {
	k = min(k, len(rows))
	if k <= 0 {
		return nil
	}
	h := make([]portfolioRow, 0, k)
	// later reports whether i comes after j in the order: the heap keeps the
	// latest row on top.
	later := func(i, j int) bool { return order(&h[i], &h[j]) > 0 }
	down := func(i int) {
		for {
			l, m := 2*i+1, i
			if l < len(h) && later(l, m) {
				m = l
			}
			if r := l + 1; r < len(h) && later(r, m) {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for i := range rows {
		r := &rows[i]
		if len(h) < k {
			h = append(h, *r)
			for j := len(h) - 1; j > 0; {
				p := (j - 1) / 2
				if !later(j, p) {
					break
				}
				h[j], h[p] = h[p], h[j]
				j = p
			}
			continue
		}
		if order(r, &h[0]) < 0 {
			h[0] = *r
			down(0)
		}
	}
	slices.SortFunc(h, func(a, b portfolioRow) int { return order(&a, &b) })
	return h
}

// The counts of portfolioCounts, as bits of which to read.
const (
	countPartners = 1 << iota
	countDomains
	countBoth = countPartners | countDomains
)

// portfolioCounts returns per household the number of organisations (slot 0) and
// of life domains (slot 1) with costs in the filter, the ones which asks for; for
// the given households only, or for all when ids is nil.
//
// Without a filter on sector, kind or years they are the counts kept per
// household over all years (cost_household_counts, both in one read); with one
// they are counted from the partner and life-domain rollups, whose years are
// bits, each a query of its own: a ranking of all households reads only the
// count it ranks by.
func (tx *Tx) portfolioCounts(ctx context.Context, f *kluwen.PortfolioFilter, ids []int64, which int) (map[int64][2]int, error) {
	out := map[int64][2]int{}
	kept := len(f.Sectors) == 0 && len(f.Kinds) == 0 && f.FromYear == 0 && f.ToYear == 0
	// Each query gives per household one or both counts, into slot(s) of out.
	type countQuery struct {
		q     string
		slots []int
	}
	var queries []countQuery
	if kept {
		queries = []countQuery{{`SELECT r.household_id, r.partners, r.life_domains FROM cost_household_counts r`, []int{0, 1}}}
	} else {
		if which&countPartners != 0 {
			queries = append(queries, countQuery{`SELECT r.household_id, count(DISTINCT r.organisation_id) FROM cost_rollup_household_partner r`, []int{0}})
		}
		if which&countDomains != 0 {
			queries = append(queries, countQuery{`SELECT r.household_id, count(DISTINCT r.life_domain) FROM cost_rollup_household_domain r`, []int{1}})
		}
	}
	run := func(extra string, extraArgs []any) error {
		for _, cq := range queries {
			w := &whereClause{}
			q := cq.q
			if !kept {
				w = portfolioWhere(f)
				if f.FromYear != 0 || f.ToYear != 0 {
					w.add(`(r.years & ?) <> 0`, yearMask(cmp.Or(f.FromYear, kluwen.FirstCostYear), cmp.Or(f.ToYear, kluwen.LastCostYear)))
				}
			}
			if extra != "" {
				w.add(extra, extraArgs...)
			}
			q += ` WHERE ` + w.String()
			if !kept {
				q += ` GROUP BY r.household_id`
			}
			rows, err := tx.query(ctx, q, w.args...)
			if err != nil {
				return err
			}
			vals := make([]int, len(cq.slots))
			dest := []any{new(int64)}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					rows.Close()
					return err
				}
				id := *dest[0].(*int64)
				c := out[id]
				for i, slot := range cq.slots {
					c[slot] = vals[i]
				}
				out[id] = c
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	}
	if ids == nil {
		return out, run("", nil)
	}
	return out, chunks(ids, 500, func(part []int64) error {
		in, args := idList(part)
		return run(`r.household_id IN (`+in+`)`, args)
	})
}

// portfolioYearsIn returns the years that have cost records, within the
// filter's years.
func (tx *Tx) portfolioYearsIn(ctx context.Context, f *kluwen.PortfolioFilter) ([]int, error) {
	rows, err := tx.query(ctx, `SELECT year FROM cost_years WHERE year >= ? AND year <= ? ORDER BY year`,
		max(f.FromYear, kluwen.FirstCostYear), min(cmp.Or(f.ToYear, kluwen.LastCostYear), kluwen.LastCostYear))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// portfolioYears fills the totals per year: one pass summing the year columns.
func (tx *Tx) portfolioYears(ctx context.Context, out *kluwen.CostPortfolio, f *kluwen.PortfolioFilter, years []int, conv *converter) error {
	if len(years) == 0 {
		return nil
	}
	sums := make([]string, len(years))
	for i, y := range years {
		sums[i] = fmt.Sprintf("CAST(COALESCE(sum(r.y%d), 0) AS BIGINT)", y)
	}
	w := portfolioWhere(f)
	vals := make([]int64, len(years))
	dest := make([]any, len(years))
	for i := range vals {
		dest[i] = &vals[i]
	}
	if err := tx.queryRow(ctx, `SELECT `+strings.Join(sums, ", ")+` FROM `+portfolioTable(f)+` r WHERE `+w.String(), w.args...).Scan(dest...); err != nil {
		return err
	}
	for i, y := range years {
		out.ByYear = append(out.ByYear, kluwen.YearTotal{Year: y, Amount: conv.convert(vals[i], y)})
	}
	// Years without costs of this kind at either end are left out.
	for len(out.ByYear) > 0 && out.ByYear[0].Amount == 0 {
		out.ByYear = out.ByYear[1:]
	}
	for len(out.ByYear) > 0 && out.ByYear[len(out.ByYear)-1].Amount == 0 {
		out.ByYear = out.ByYear[:len(out.ByYear)-1]
	}
	return nil
}

// wijkCache maps households to their wijk for the portfolio, so that grouping
// 100,000 households per wijk does not read every household on every request. It
// is checked against the highest household ID and the latest change of any
// household (both read from indexes) and reloaded when either moved.
type wijkCache struct {
	mu      sync.Mutex
	maxID   int64
	changed string
	names   []string
	of      []int32 // by household ID; -1 for none
}

// wijkOf returns the households' wijk indexes and the wijk names.
func (tx *Tx) wijkOf(ctx context.Context) ([]int32, []string, error) {
	var maxID int64
	var changed any
	if err := tx.queryRow(ctx, `SELECT COALESCE(max(id), 0), max(updated_at) FROM households`).Scan(&maxID, &changed); err != nil {
		return nil, nil, err
	}
	version := fmt.Sprint(changed)
	c := &tx.db.wijken
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.of != nil && c.maxID == maxID && c.changed == version {
		return c.of, c.names, nil
	}
	if maxID > 1<<26 {
		return nil, nil, fmt.Errorf("sqlstore: household IDs up to %d are too sparse for the wijk cache", maxID)
	}
	of := make([]int32, maxID+1)
	for i := range of {
		of[i] = -1
	}
	var names []string
	index := map[string]int32{}
	rows, err := tx.query(ctx, `SELECT id, wijk FROM households`)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var wijk []byte
		if err := rows.Scan(&id, &wijk); err != nil {
			return nil, nil, err
		}
		i, ok := index[string(wijk)]
		if !ok {
			i = int32(len(names))
			names = append(names, string(wijk))
			index[string(wijk)] = i
		}
		if id >= 0 && id <= maxID {
			of[id] = i
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	c.maxID, c.changed, c.of, c.names = maxID, version, of, names
	return of, names, nil
}

// portfolioWijken fills the totals per wijk from the households' totals.
func (tx *Tx) portfolioWijken(ctx context.Context, out *kluwen.CostPortfolio, ranked []portfolioRow, system bool) error {
	of, names, err := tx.wijkOf(ctx)
	if err != nil {
		return err
	}
	totals := make([]kluwen.WijkTotal, len(names)+1)
	for i, w := range names {
		totals[i].Wijk = w
	}
	for _, r := range ranked {
		i := int32(len(names)) // a household registered after the cache was filled
		if r.household >= 0 && r.household < int64(len(of)) && of[r.household] >= 0 {
			i = of[r.household]
		}
		t := &totals[i]
		t.Households++
		t.Amount += r.amount
	}
	for _, t := range totals {
		if t.Households == 0 {
			continue
		}
		if !system && t.Households < kluwen.MinCellSize {
			t.Households, t.Amount, t.Suppressed = 0, 0, true
		}
		out.ByWijk = append(out.ByWijk, t)
	}
	slices.SortFunc(out.ByWijk, func(a, b kluwen.WijkTotal) int { return cmp.Compare(a.Wijk, b.Wijk) })
	return nil
}
