package kluwen

import "context"

// Overview holds aggregate figures without personal data, for the analyst's start
// page and the admin's dashboard. Counts below MinCellSize are reported as 0 and
// flagged, so that small groups cannot be singled out.
type Overview struct {
	Households      int
	Persons         int
	OpenCases       int
	CasesByStatus   map[CaseStatus]int
	OpenCasesByWijk map[string]int
	Organisations   int
	Users           int
}

// MinCellSize is the smallest count an aggregate shows; smaller ones are
// suppressed to keep figures anonymous.
const MinCellSize = 5

// StatsService gives aggregate figures. Analysts, regisseurs, privacy officers and
// admins may read them; they contain no personal data.
type StatsService interface {
	Overview(ctx context.Context) (*Overview, error)
}
