package api

import (
	"bytes"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/ical"
)

func conferenceOf(k *kluwen.Conference) *conferenceOut {
	out := &conferenceOut{
		Links:           self("casussen", k.CaseID, "overleggen", k.ID),
		ID:              k.ID,
		CaseID:          k.CaseID,
		StartsAt:        instant(k.StartsAt),
		DurationMinutes: k.DurationMinutes,
		EndsAt:          instant(k.EndsAt()),
		Location:        k.Location,
		VideoURL:        k.VideoURL,
		Agenda:          append([]string{}, k.Agenda...),
		Invitees:        make([]inviteeOut, 0, len(k.Invitees)),
		Attendees:       append([]int64{}, k.Present...),
		Minutes:         k.Minutes,
		Decisions:       decisionsOf(k.Decisions),
		Carried:         decisionsOf(k.Carried),
		Sequence:        k.Sequence,
		CreatedBy:       optID(k.CreatedBy),
		CreatedAt:       instant(k.CreatedAt),
		UpdatedAt:       instant(k.UpdatedAt),
	}
	for _, iv := range k.Invitees {
		out.Invitees = append(out.Invitees, inviteeOut{OrganisationID: iv.OrganisationID, UserID: iv.UserID, OrganisationName: iv.OrganisationName, UserName: iv.UserName})
	}
	return out
}

func decisionOf(d *kluwen.Decision) *decisionOut {
	return &decisionOut{
		Links:        self("casussen", d.CaseID, "overleggen", d.ConferenceID, "besluiten", d.ID),
		ID:           d.ID,
		ConferenceID: d.ConferenceID,
		CaseID:       d.CaseID,
		Text:         d.Text,
		Status:       d.Status,
		ActionID:     d.ActionID,
		ResolvedAt:   optInstantOut(d.ResolvedAt),
		CreatedBy:    optID(d.CreatedBy),
		CreatedAt:    instant(d.CreatedAt),
	}
}

func decisionsOf(ds []*kluwen.Decision) []decisionOut {
	out := make([]decisionOut, 0, len(ds))
	for _, d := range ds {
		out = append(out, *decisionOf(d))
	}
	return out
}

func inviteesOf(in []inviteeIn) []*kluwen.ConferenceInvitee {
	out := make([]*kluwen.ConferenceInvitee, len(in))
	for i, iv := range in {
		out[i] = &kluwen.ConferenceInvitee{OrganisationID: iv.OrganisationID, UserID: iv.UserID}
	}
	return out
}

func (s *server) listConferences(c *call) (*page[conferenceOut], error) {
	ks, err := s.svc.Conferences.FindConferences(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]conferenceOut, len(ks))
	for i, k := range ks {
		items[i] = *conferenceOf(k)
	}
	return pageInOrder(c, items, func(k conferenceOut) int64 { return k.ID })
}

func (s *server) scheduleConference(c *call, b *conferenceIn) (*conferenceOut, error) {
	k := &kluwen.Conference{
		CaseID:          c.id("id"),
		StartsAt:        time.Time(b.StartsAt),
		DurationMinutes: b.DurationMinutes,
		Location:        b.Location,
		VideoURL:        b.VideoURL,
		Agenda:          b.Agenda,
		Invitees:        inviteesOf(b.Invitees),
	}
	if err := s.svc.Conferences.ScheduleConference(c.ctx, k); err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

// conference finds the conference in the path, of the case in the path.
func (s *server) conference(c *call) (*kluwen.Conference, error) {
	k, err := s.svc.Conferences.FindConferenceByID(c.ctx, c.id("overlegId"))
	if err != nil {
		return nil, err
	}
	if k.CaseID != c.id("id") {
		return nil, notFound("Dit overleg bestaat niet bij deze casus.")
	}
	return k, nil
}

func (s *server) getConference(c *call) (*conferenceOut, error) {
	k, err := s.conference(c)
	if err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

func (s *server) updateConference(c *call, b *conferencePatch) (*conferenceOut, error) {
	if _, err := s.conference(c); err != nil {
		return nil, err
	}
	u := kluwen.ConferenceUpdate{
		DurationMinutes: b.DurationMinutes.ptr(),
		Location:        b.Location.ptr(),
		VideoURL:        b.VideoURL.ptr(),
		Agenda:          b.Agenda.ptr(),
	}
	if b.StartsAt.Set {
		t := time.Time(b.StartsAt.Value)
		u.StartsAt = &t
	}
	k, err := s.svc.Conferences.UpdateConference(c.ctx, c.id("overlegId"), u)
	if err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

func (s *server) inviteToConference(c *call, b *inviteesIn) (*conferenceOut, error) {
	if _, err := s.conference(c); err != nil {
		return nil, err
	}
	k, err := s.svc.Conferences.InviteToConference(c.ctx, c.id("overlegId"), inviteesOf(b.Invitees))
	if err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

func (s *server) setAttendance(c *call, b *attendanceIn) (*conferenceOut, error) {
	if _, err := s.conference(c); err != nil {
		return nil, err
	}
	k, err := s.svc.Conferences.SetAttendance(c.ctx, c.id("overlegId"), append([]int64{}, b.Attendees...))
	if err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

func (s *server) setMinutes(c *call, b *minutesIn) (*conferenceOut, error) {
	if _, err := s.conference(c); err != nil {
		return nil, err
	}
	k, err := s.svc.Conferences.SetMinutes(c.ctx, c.id("overlegId"), b.Minutes)
	if err != nil {
		return nil, err
	}
	return conferenceOf(k), nil
}

func (s *server) listDecisions(c *call) (*page[decisionOut], error) {
	k, err := s.conference(c)
	if err != nil {
		return nil, err
	}
	return pageInOrder(c, decisionsOf(k.Decisions), func(d decisionOut) int64 { return d.ID })
}

// decision finds a decision taken at the conference in the path.
func (s *server) decision(c *call) (*kluwen.Decision, error) {
	k, err := s.conference(c)
	if err != nil {
		return nil, err
	}
	for _, d := range k.Decisions {
		if d.ID == c.id("besluitId") {
			return d, nil
		}
	}
	return nil, notFound("Dit besluit is niet genomen in dit overleg.")
}

func (s *server) getDecision(c *call) (*decisionOut, error) {
	d, err := s.decision(c)
	if err != nil {
		return nil, err
	}
	return decisionOf(d), nil
}

func (s *server) addDecision(c *call, b *decisionIn) (*decisionOut, error) {
	if _, err := s.conference(c); err != nil {
		return nil, err
	}
	d := &kluwen.Decision{ConferenceID: c.id("overlegId"), Text: b.Text}
	if err := s.svc.Conferences.AddDecision(c.ctx, d); err != nil {
		return nil, err
	}
	return decisionOf(d), nil
}

// completeDecision marks an open decision as done without an action; that is the
// one change a decision takes.
func (s *server) completeDecision(c *call, b *decisionPatch) (*decisionOut, error) {
	if _, err := s.decision(c); err != nil {
		return nil, err
	}
	if b.Status != kluwen.DecisionDone {
		var v kluwen.Validator
		v.Add("status", "Een besluit wordt hier alleen afgehandeld: status gedaan. Maak er een actie van met …/actie.")
		return nil, v.Err()
	}
	d, err := s.svc.Conferences.CompleteDecision(c.ctx, c.id("besluitId"))
	if err != nil {
		return nil, err
	}
	return decisionOf(d), nil
}

// decisionToAction turns an open decision into an action of the plan in one step.
func (s *server) decisionToAction(c *call, b *decisionActionIn) (*actionOut, error) {
	if _, err := s.decision(c); err != nil {
		return nil, err
	}
	a := &kluwen.Action{
		GoalID:          b.GoalID,
		Description:     b.Description,
		OrganisationID:  b.OrganisationID,
		OwnerUserID:     b.OwnerUserID,
		Kind:            b.Kind,
		DueDate:         time.Time(b.DueDate),
		Confidentiality: b.Confidentiality,
	}
	if err := s.svc.Conferences.DecisionToAction(c.ctx, c.id("besluitId"), a); err != nil {
		return nil, err
	}
	return actionOf(a), nil
}

// invitation gives the actor's invitation to the conference as an iCalendar file.
func (s *server) invitation(c *call) (icsFile, error) {
	if _, err := s.conference(c); err != nil {
		return icsFile{}, err
	}
	inv, err := s.svc.Conferences.ConferenceInvite(c.ctx, c.id("overlegId"))
	if err != nil {
		return icsFile{}, err
	}
	opt := ical.Options{Host: c.r.Host}
	if h, _, err := net.SplitHostPort(c.r.Host); err == nil {
		opt.Host = h
	}
	if base, err := url.Parse(s.opt.BaseURL); err == nil && base.Host != "" {
		opt.Host = base.Hostname()
		opt.URL = strings.TrimSuffix(s.opt.BaseURL, "/") + "/casussen/" + strconv.FormatInt(inv.CaseID, 10)
	}
	if opt.Host == "" {
		opt.Host = "kluwen"
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, inv, opt); err != nil {
		return icsFile{}, err
	}
	return icsFile{file{contentType: ical.ContentType, name: ical.Filename(inv), body: buf.Bytes()}}, nil
}
