package kluwen

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"strings"
	"time"
)

// This file holds the views of the cost analysis: the household overview, the
// portfolio with its concentration curve, the cost course of a case or a cohort of
// cases, and who pays and who gains. All amounts are shown in one price year
// (PriceYear), converted per year with the price index; service costs and
// transfer payments are kept apart.

// CostAmounts are the service costs and transfer payments of a group of records,
// and how many records there were.
type CostAmounts struct {
	Service  Cents
	Transfer Cents
	Records  int
	// Estimated is how many of the records are estimates rather than registered
	// amounts, and EstimatedAmount their part of Total(); filled by the
	// household overview.
	Estimated       int
	EstimatedAmount Cents
}

// Total is service costs plus transfer payments; show it only beside both.
func (a CostAmounts) Total() Cents { return a.Service + a.Transfer }

// Sum adds the amounts, records and estimates of b to a.
func (a *CostAmounts) Sum(b CostAmounts) {
	a.Service += b.Service
	a.Transfer += b.Transfer
	a.Records += b.Records
	a.Estimated += b.Estimated
	a.EstimatedAmount += b.EstimatedAmount
}

// Add adds an amount of the given cost type.
func (a *CostAmounts) Add(t CostType, c Cents, records int) {
	if t == CostTypeTransfer {
		a.Transfer += c
	} else {
		a.Service += c
	}
	a.Records += records
}

// CostSplit is one group of a household's costs: one organisation, department,
// sector, life domain, kind or cost type.
type CostSplit struct {
	Key   string // the code (sector, kind, cost type, life domain) or the ID as text
	ID    int64  // the organisation or department, for those splits
	Label string // Dutch
	CostAmounts
}

// CostPeriodTotal is the costs of one year (Quarter 0) or one quarter.
type CostPeriodTotal struct {
	Year    int
	Quarter int
	CostAmounts
}

// CostWindow is the costs of the records whose period starts in [From, To].
type CostWindow struct {
	From, To time.Time
	CostAmounts
}

// CostDriver is one of the largest cost items of a household: a catalogue item, or
// the actual amounts of one organisation.
type CostDriver struct {
	ItemCode       string // "" for actual amounts
	Label          string
	OrganisationID int64
	Organisation   string // its name
	CostAmounts
}

// CostOverviewOptions set up the household overview.
type CostOverviewOptions struct {
	PriceYear int // 0: the latest year of the price index
	// WindowMonths is the length of the windows before and after the case start;
	// 0 takes the whole months since the start, at least 1 and at most 24.
	WindowMonths int
	Drivers      int // how many cost drivers; 0 means 10
	// Export is the format ("csv", "xlsx" or "pdf") when the overview is read to
	// be exported: the access log records an export in that format instead of a
	// read, and the overview says who exported it and when. "" for a read.
	Export string
}

// The formats a household cost overview is exported in.
var CostExportFormats = []string{"csv", "xlsx", "pdf"}

// HouseholdCostOverview is what every partner spent on one household.
type HouseholdCostOverview struct {
	HouseholdID    int64
	PriceYear      int
	UnindexedYears []int // years of records without an index figure (the nearest was used)
	Total          CostAmounts
	Years          []CostPeriodTotal
	Quarters       []CostPeriodTotal
	ByOrganisation []CostSplit
	ByDepartment   []CostSplit // records without a department have ID 0
	BySector       []CostSplit
	ByLifeDomain   []CostSplit
	ByKind         []CostSplit
	ByCostType     []CostSplit
	// The first case of the household and the same-length windows before and
	// after its start; nil without a case.
	CaseID    int64
	CaseStart *time.Time
	Before    *CostWindow
	After     *CostWindow
	Drivers   []CostDriver
	// OwnOrganisationOnly is set when the actor sees its own organisation's
	// costs only (a partner professional).
	OwnOrganisationOnly bool
	// For an export: the day it was made and by whom (the user's name and
	// organisation); zero for a read.
	ExportedOn time.Time
	ExportedBy string
}

// PortfolioRank is what the portfolio ranks households by.
type PortfolioRank string

// The rankings: by cost; by the number of partners with costs; by the number of
// problem domains (the domains of the default instrument whose latest score of a
// current member is a problem level, as the household matrix shows them); and by
// the number of life domains with costs. Ties go by cost.
const (
	RankCost           PortfolioRank = "kosten"
	RankPartners       PortfolioRank = "partners"
	RankProblemDomains PortfolioRank = "probleemdomeinen"
	RankLifeDomains    PortfolioRank = "leefgebieden"
)

// PortfolioRanks are the rankings in the order they are offered.
var PortfolioRanks = []PortfolioRank{RankCost, RankPartners, RankProblemDomains, RankLifeDomains}

// Valid reports whether r is one of the rankings.
func (r PortfolioRank) Valid() bool { return slices.Contains(PortfolioRanks, r) }

// Label is the Dutch name of the ranking.
func (r PortfolioRank) Label() string {
	switch r {
	case RankCost:
		return "Kosten"
	case RankPartners:
		return "Aantal partners"
	case RankProblemDomains:
		return "Aantal probleemdomeinen"
	case RankLifeDomains:
		return "Aantal leefgebieden met kosten"
	}
	return string(r)
}

// DefaultCurvePercents are the points of the concentration curve: the share of
// the costs carried by the top 1 %, 2 %, … of households.
var DefaultCurvePercents = []float64{1, 2, 5, 10, 20, 50, 100}

// PortfolioFilter selects and orders the portfolio.
type PortfolioFilter struct {
	PriceYear        int // 0: the latest year of the price index
	FromYear, ToYear int // 0: open
	Sectors          []Sector
	Kinds            []CostKind
	CostType         CostType // "": service costs (transfer payments are a view of their own)
	Wijk             string
	RankBy           PortfolioRank // "": by cost
	Offset, Limit    int           // the page of ranked households; Limit 0 means 50, at most 500
	CurvePercents    []float64     // nil: DefaultCurvePercents
}

// PortfolioHousehold is one ranked household. Analysts see the pseudonym only; a
// regisseur also gets the ID of a household they may open.
type PortfolioHousehold struct {
	Rank        int
	Pseudonym   string
	HouseholdID int64 // 0 when the actor may not open the household
	Amount      Cents
	Partners    int // organisations with costs on the household (in the filter)
	LifeDomains int // life domains with costs (in the filter)
	// ProblemDomains is the number of problem domains today, whatever the
	// filter: the domains of the default instrument whose latest score of a
	// current member is a problem level (ZRM 1 or 2); 0 without an assessment.
	ProblemDomains int
}

// ConcentrationPoint says that the top HouseholdPercent of households (Households
// of them) carry CostPercent of the costs (Amount).
type ConcentrationPoint struct {
	HouseholdPercent float64
	Households       int
	Amount           Cents
	CostPercent      float64
}

// WijkTotal is the costs of the households of one wijk. Wijken with fewer than
// MinCellSize households are suppressed (zeros, Suppressed true).
type WijkTotal struct {
	Wijk       string
	Households int
	Amount     Cents
	Suppressed bool
}

// YearTotal is the costs of one year.
type YearTotal struct {
	Year   int
	Amount Cents
}

// CostPortfolio is all households with costs, ranked, with the concentration of
// the costs, per wijk and per year.
type CostPortfolio struct {
	PriceYear      int
	UnindexedYears []int
	CostType       CostType
	RankBy         PortfolioRank
	Households     int // households with costs in the filter
	Total          Cents
	Ranked         []PortfolioHousehold
	Curve          []ConcentrationPoint
	ByWijk         []WijkTotal
	ByYear         []YearTotal
}

// CourseOptions set up the cost course of one case.
type CourseOptions struct {
	PriceYear      int // 0: the latest year of the price index
	QuartersBefore int // 0 means 4
	QuartersAfter  int // 0 means 8
}

// CohortFilter selects the cases that started in [StartFrom, StartTo] (their
// opening date) for the cohort course and for who pays, who gains.
type CohortFilter struct {
	StartFrom, StartTo time.Time
	CourseOptions
}

// CoursePoint is the costs in one quarter relative to the start: Offset 0 is the
// quarter the case started in, -1 the one before.
//
// For a cohort only quarters that have ended count: a case that started last
// month has no quarter +2 yet, and counting it as a quarter without costs would
// make the costs seem to fall after the start. For the same reason a quarter of
// a year without any cost record yet does not count (partners deliver their
// costs afterwards); CostCourse.CountedThrough is the last day that counts. Observed is the number of the
// cohort's households for which the quarter has ended; the sums are over them and
// the means are per household of them (with or without costs in the quarter).
// With fewer than MinCellSize of them the amounts are left out (zeros,
// Suppressed true). For one case Observed is 1 and the current quarter counts as
// far as it has gone.
type CoursePoint struct {
	Offset       int
	Households   int // households with costs in the quarter
	Observed     int
	Suppressed   bool
	Service      Cents
	Transfer     Cents
	MeanService  Cents
	MeanTransfer Cents
	Kinds        map[CostKind]Cents // service costs per kind
	MeanKinds    map[CostKind]Cents // service costs per kind per observed household
	// Outcome is the state of the life-domain assessments at the end of the
	// quarter; nil before the first assessment, for a quarter still to come, or
	// when the course carries no outcomes (CostCourse.Outcomes).
	Outcome *CourseOutcome
}

// CourseOutcome is the state of a household's assessments in the default
// instrument at the end of a quarter (for the current quarter: today): per
// member and domain the latest score up to that date, of the members of the
// household on that date. MeanScore is the average of those scores,
// ProblemDomains the number of distinct domains in which some member's latest
// score is a problem level (in the ZRM 1 or 2). For a cohort both are the mean
// over the Cases cases (households) with an assessment by then; with fewer than
// MinCellSize of them the figures are suppressed (zeros, Suppressed true).
type CourseOutcome struct {
	Cases          int
	MeanScore      float64 // rounded to two decimals
	ProblemDomains float64 // a whole number for one case; rounded to two decimals
	Suppressed     bool
}

// CostCourse is the course of costs per quarter around the start of one case or
// of a cohort of cases. A cohort smaller than MinCellSize is suppressed.
type CostCourse struct {
	PriceYear      int
	UnindexedYears []int
	// CountedThrough is, for a cohort, the last day of the last quarter that
	// counts (see CoursePoint).
	CountedThrough time.Time
	CaseID         int64      // for one case
	HouseholdID    int64      // for one case
	Start          *time.Time // for one case
	Cases          int
	Suppressed     bool
	// Outcomes says the points carry the life-domain outcomes: always for a
	// cohort that is not suppressed, for one case when the actor may see the
	// household's assessments.
	Outcomes bool
	Points   []CoursePoint
}

// PayerRow is one organisation in who pays, who gains: what it spends on the
// cohort's households in preventive and care effort after the start, and its own
// service costs on them in the same-length windows before and after the start.
// Per household the windows are as long as the quarters that have ended since
// its start, up to CostPayers.QuartersAfter, so a recent case is not counted as
// costing nothing in quarters still to come.
type PayerRow struct {
	OrganisationID int64
	Name           string
	Sector         Sector
	Invested       Cents
	Before         Cents
	After          Cents
}

// Change is the movement of the organisation's own costs: After − Before.
func (r PayerRow) Change() Cents { return r.After - r.Before }

// CostPayers is who pays and who gains for a cohort of cases: the wrong-pocket
// problem made visible.
type CostPayers struct {
	PriceYear      int
	UnindexedYears []int
	Cases          int
	// Compared is the number of cases with at least one ended quarter since their
	// start: only they count. With fewer than MinCellSize the rows are left out.
	Compared int
	// CountedThrough is the last day of the last quarter that counts: the last
	// that has ended, or the end of the last year with cost records when none of
	// a later year are in yet.
	CountedThrough time.Time
	QuartersBefore int
	QuartersAfter  int
	Suppressed     bool
	Rows           []PayerRow
}

// ConcentrationCurve returns, for every percentage p, the share of the total that
// the top p % of the amounts carry. The number of households at a point is p % of
// all, rounded up (at least one). Amounts need not be sorted.
func ConcentrationCurve(amounts []Cents, percents []float64) []ConcentrationPoint {
	sorted := slices.Clone(amounts)
	slices.SortFunc(sorted, func(a, b Cents) int {
		switch {
		case a > b:
			return -1
		case a < b:
			return 1
		}
		return 0
	})
	return concentrationSorted(sorted, percents)
}

// ConcentrationSorted is ConcentrationCurve over amounts sorted from high to low.
func ConcentrationSorted(sorted []Cents, percents []float64) []ConcentrationPoint {
	return concentrationSorted(sorted, percents)
}

func concentrationSorted(sorted []Cents, percents []float64) []ConcentrationPoint {
	if percents == nil {
		percents = DefaultCurvePercents
	}
	var total Cents
	for _, a := range sorted {
		total += a
	}
	out := make([]ConcentrationPoint, 0, len(percents))
	var cum Cents
	n := 0
	for _, p := range percents {
		k := int(math.Ceil(p / 100 * float64(len(sorted))))
		k = max(0, min(k, len(sorted)))
		if k == 0 && p > 0 && len(sorted) > 0 {
			k = 1
		}
		// Percentages come in any order; recount when they go down.
		if k < n {
			cum, n = 0, 0
		}
		for ; n < k; n++ {
			cum += sorted[n]
		}
		pt := ConcentrationPoint{HouseholdPercent: p, Households: k, Amount: cum}
		if total > 0 {
			pt.CostPercent = math.Round(float64(cum)/float64(total)*1000) / 10
		}
		out = append(out, pt)
	}
	return out
}

// HouseholdPseudonym is the stable pseudonym under which analysts see a
// household, "HH-" and ten characters of a keyed hash of its ID: the same
// household always gets the same pseudonym, and without the key the ID cannot be
// found from it.
func HouseholdPseudonym(key []byte, householdID int64) string {
	m := hmac.New(sha256.New, key)
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(householdID))
	m.Write([]byte("household\x00"))
	m.Write(b[:])
	return "HH-" + strings.ToUpper(hex.EncodeToString(m.Sum(nil)[:5]))
}
