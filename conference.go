package kluwen

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Conference (casusoverleg) is a meeting of the partners on one case: when, where
// or through which video link, who is invited, the agenda, who was present, the
// minutes and the decisions.
type Conference struct {
	ID              int64
	CaseID          int64
	StartsAt        time.Time
	DurationMinutes int
	Location        string // a place; or empty when it is held by video only
	VideoURL        string // an https link; or empty
	Agenda          []string
	Invitees        []*ConferenceInvitee
	Present         []int64 // the users marked present, by ID
	Minutes         string
	Decisions       []*Decision // taken at this conference
	Carried         []*Decision // filled by FindConferenceByID: open decisions of earlier conferences
	Sequence        int         // raised at every change of time or place (iCalendar SEQUENCE)
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// EndsAt is the end of the conference.
func (c *Conference) EndsAt() time.Time {
	return c.StartsAt.Add(time.Duration(c.DurationMinutes) * time.Minute)
}

// Conference limits.
const (
	MinConferenceMinutes = 15
	MaxConferenceMinutes = 8 * 60
	MaxAgendaItems       = 30
)

// Validate normalises c and checks it; invitees are checked against the case by
// the store.
func (c *Conference) Validate() error {
	var v Validator
	c.Location = strings.TrimSpace(c.Location)
	c.VideoURL = strings.TrimSpace(c.VideoURL)
	c.Minutes = strings.TrimSpace(c.Minutes)
	v.Check(!c.StartsAt.IsZero(), "startsAt", "Vul de datum en het tijdstip van het overleg in.")
	v.Check(c.DurationMinutes >= MinConferenceMinutes && c.DurationMinutes <= MaxConferenceMinutes,
		"durationMinutes", "Vul een duur in van 15 minuten tot 8 uur.")
	checkText(&v, "location", c.Location, MaxNameLen, false, "de plaats")
	checkText(&v, "videoUrl", c.VideoURL, MaxNameLen, false, "de videolink")
	if c.VideoURL != "" && !v.Has("videoUrl") {
		u, err := url.Parse(c.VideoURL)
		v.Check(err == nil && u.Scheme == "https" && u.Host != "", "videoUrl", "Vul een videolink in die begint met https://.")
	}
	if c.Location == "" && c.VideoURL == "" && !v.Has("location") && !v.Has("videoUrl") {
		v.Add("location", "Vul een plaats of een videolink in.")
	}
	var agenda []string
	for _, item := range c.Agenda {
		if item = strings.TrimSpace(item); item != "" {
			agenda = append(agenda, item)
		}
	}
	c.Agenda = agenda
	if len(agenda) > MaxAgendaItems {
		v.Add("agenda", "Een agenda heeft hoogstens 30 punten.")
	}
	for _, item := range agenda {
		checkText(&v, "agenda", item, MaxNameLen*2, false, "een agendapunt")
		if v.Has("agenda") {
			break
		}
	}
	checkText(&v, "minutes", c.Minutes, MaxTextLen*5, false, "het verslag")
	for _, iv := range c.Invitees {
		if iv == nil || iv.OrganisationID <= 0 {
			v.Add("invitees", "Kies voor elke genodigde een organisatie.")
			break
		}
	}
	return v.Err()
}

// ConferenceInvitee is an invited organisation, or one user of it.
type ConferenceInvitee struct {
	OrganisationID   int64
	UserID           *int64 // nil: the organisation as a whole
	OrganisationName string // filled on read
	UserName         string // filled on read when UserID is set
}

// DecisionStatus is where a conference decision stands.
type DecisionStatus string

// Decision statuses: open until it is turned into a plan action or marked done.
const (
	DecisionOpen   DecisionStatus = "open"
	DecisionAction DecisionStatus = "actie"
	DecisionDone   DecisionStatus = "gedaan"
)

// Label is the Dutch name of the decision status.
func (s DecisionStatus) Label() string {
	switch s {
	case DecisionOpen:
		return "Open"
	case DecisionAction:
		return "Omgezet in een actie"
	case DecisionDone:
		return "Afgehandeld"
	}
	return string(s)
}

// Decision is a decision taken at a conference. An open one is carried to the
// following conferences of the case until it becomes a plan action or is done.
type Decision struct {
	ID           int64
	ConferenceID int64
	CaseID       int64
	Text         string
	Status       DecisionStatus
	ActionID     *int64 // the plan action it became
	ResolvedAt   *time.Time
	CreatedBy    int64
	CreatedAt    time.Time
}

// Validate normalises d and checks it.
func (d *Decision) Validate() error {
	var v Validator
	d.Text = strings.TrimSpace(d.Text)
	v.Check(d.ConferenceID > 0, "conferenceId", "Kies het overleg waarin het besluit is genomen.")
	checkText(&v, "text", d.Text, MaxTextLen, true, "het besluit")
	return v.Err()
}

// ConferenceInvite is what an invitation (iCalendar) carries: time, place and
// link, and no personal data of the household.
type ConferenceInvite struct {
	ConferenceID    int64
	CaseID          int64
	StartsAt        time.Time
	DurationMinutes int
	Location        string
	VideoURL        string
	Sequence        int
	UpdatedAt       time.Time
	InviteeName     string // the invited user it is made for
	InviteeEmail    string // "" when unknown
}

// EndsAt is the end of the conference.
func (ci *ConferenceInvite) EndsAt() time.Time {
	return ci.StartsAt.Add(time.Duration(ci.DurationMinutes) * time.Minute)
}

// ConferenceUpdate changes a conference's time, place or agenda; nil fields stay
// as they are.
type ConferenceUpdate struct {
	StartsAt        *time.Time
	DurationMinutes *int
	Location        *string
	VideoURL        *string
	Agenda          *[]string
}

// ConferenceService plans and records the case conferences. The case's
// coordinators schedule them, invite, record attendance, minutes and decisions;
// every reader of the case reads them; a closed case's conferences are read-only.
type ConferenceService interface {
	// ScheduleConference plans a conference and notifies the invitees. The case's
	// regisseur is always invited.
	ScheduleConference(ctx context.Context, c *Conference) error
	UpdateConference(ctx context.Context, id int64, u ConferenceUpdate) (*Conference, error)
	// InviteToConference adds invitees and notifies them.
	InviteToConference(ctx context.Context, id int64, invitees []*ConferenceInvitee) (*Conference, error)
	// FindConferenceByID returns the conference with the open decisions carried
	// to it from earlier conferences of the case.
	FindConferenceByID(ctx context.Context, id int64) (*Conference, error)
	// FindConferences returns the conferences of a case by start time.
	FindConferences(ctx context.Context, caseID int64) ([]*Conference, error)
	// ConferenceInvite returns the invitation for the actor, who must be invited
	// (in person or through their organisation) or coordinate the case.
	ConferenceInvite(ctx context.Context, id int64) (*ConferenceInvite, error)
	// SetAttendance records who was present; only invitees may be.
	SetAttendance(ctx context.Context, id int64, present []int64) (*Conference, error)
	SetMinutes(ctx context.Context, id int64, minutes string) (*Conference, error)
	AddDecision(ctx context.Context, d *Decision) error
	// DecisionToAction creates the plan action a for an open decision, linked to
	// it, and marks the decision as turned into an action, in one step.
	DecisionToAction(ctx context.Context, decisionID int64, a *Action) error
	// CompleteDecision marks an open decision as done without an action.
	CompleteDecision(ctx context.Context, decisionID int64) (*Decision, error)
}
