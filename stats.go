package kluwen

import "context"

// Overview holds aggregate figures without personal data, for the analyst's start
// page and the admin's dashboard. In the breakdowns, counts below MinCellSize are
// reported as 0 and flagged as suppressed, with complementary suppression so that
// they cannot be worked out from the total (see SuppressSmallCells).
type Overview struct {
	Households         int
	Persons            int
	OpenCases          int
	CasesByStatus      map[CaseStatus]int
	SuppressedStatuses map[CaseStatus]bool
	OpenCasesByWijk    map[string]int
	SuppressedWijken   map[string]bool
	Organisations      int
	Users              int
}

// MinCellSize is the smallest count an aggregate shows; smaller ones are
// suppressed to keep figures anonymous.
const MinCellSize = 5

// StatsService gives aggregate figures. Analysts, regisseurs, privacy officers and
// admins may read them; they contain no personal data.
type StatsService interface {
	Overview(ctx context.Context) (*Overview, error)
}

// SuppressSmallCells hides the cells of a breakdown whose published total is
// known: every count from 1 to min-1 is set to 0 and reported, and then further
// cells (smallest first) while the hidden cells could still be worked out from the
// total — when only one cell is hidden, or the hidden cells add up to less than
// min. Zero cells reveal nothing and stay as they are.
func SuppressSmallCells[K comparable](counts map[K]int, min int) map[K]bool {
	hidden := map[K]bool{}
	sum := 0
	for k, n := range counts {
		if n > 0 && n < min {
			hidden[k] = true
			sum += n
		}
	}
	for len(hidden) > 0 && (len(hidden) == 1 || sum < min) {
		var next K
		best := -1
		for k, n := range counts {
			if !hidden[k] && n > 0 && (best < 0 || n < best) {
				next, best = k, n
			}
		}
		if best < 0 {
			break
		}
		hidden[next] = true
		sum += best
	}
	for k := range hidden {
		counts[k] = 0
	}
	return hidden
}
