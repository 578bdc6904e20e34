package kluwen

import (
	"context"
	"time"
)

// TimelineKind is the kind of an item on a household's timeline.
type TimelineKind string

// Timeline kinds: the household's own record (signals, assessments) and the life
// of its cases (status changes, changes of the plan, conferences, escalations).
const (
	TimelineSignal     TimelineKind = "signal"
	TimelineCaseStatus TimelineKind = "case_status"
	TimelineAssessment TimelineKind = "assessment"
	TimelinePlan       TimelineKind = "plan_change" // a version of a goal or an action
	TimelineConference TimelineKind = "conference"
	TimelineEscalation TimelineKind = "escalation"
)

// TimelineKinds lists every kind in display order.
var TimelineKinds = []TimelineKind{TimelineSignal, TimelineCaseStatus, TimelineAssessment, TimelinePlan, TimelineConference, TimelineEscalation}

// Valid reports whether k is a known kind.
func (k TimelineKind) Valid() bool {
	for _, x := range TimelineKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the kind.
func (k TimelineKind) Label() string {
	switch k {
	case TimelineSignal:
		return "Signaal"
	case TimelineCaseStatus:
		return "Fase van de casus"
	case TimelineAssessment:
		return "Meting zelfredzaamheid"
	case TimelinePlan:
		return "Wijziging in het plan"
	case TimelineConference:
		return "Casusoverleg"
	case TimelineEscalation:
		return "Escalatie"
	}
	return string(k)
}

// TimelineItem is one event in the life of a household, whatever its source. It
// carries what the timeline shows and a reference to the item itself (Ref), which
// is read through its own service.
type TimelineItem struct {
	Kind TimelineKind
	// Date is the calendar date of the event (for instants, the date in the
	// Netherlands); At is the instant it was recorded, which orders items within a
	// day.
	Date             time.Time
	At               time.Time
	Title            string // Dutch, short
	Summary          string // Dutch, may be long
	LifeDomain       LifeDomain
	OrganisationID   int64 // the organisation the item comes from, 0 when none
	OrganisationName string
	PersonID         int64 // the member it concerns, 0 when none
	CaseID           int64 // the case it belongs to, 0 when none
	Ref              ObjectRef
	Confidential     bool
	Severity         Severity // signals only
}

// TimelineFilter selects items of a household's timeline. Zero fields do not
// filter. The timeline runs newest first; a page ends with a cursor that
// continues it.
type TimelineFilter struct {
	Kinds          []TimelineKind
	LifeDomain     LifeDomain
	OrganisationID int64
	PersonID       int64
	From, To       *time.Time // calendar dates, inclusive
	Cursor         string     // from TimelinePage.NextCursor
	Limit          int        // default 50, at most 200
}

// TimelinePage is one page of a timeline. NextCursor is "" on the last page.
type TimelinePage struct {
	Items      []*TimelineItem
	NextCursor string
}

// TimelineService gives the one timeline of a household: signals, case status
// changes, assessments and the plan's events, in date order, leaving out what the
// actor may not see.
type TimelineService interface {
	HouseholdTimeline(ctx context.Context, householdID int64, f TimelineFilter) (*TimelinePage, error)
}
