package web

import (
	"bytes"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/ical"
)

// Case conferences (casusoverleg): scheduling with invitees and agenda, the
// conference's page with attendance (only invitees can be marked present),
// minutes and decisions, a decision made into a plan action in one step, the
// open decisions of earlier conferences carried to the next, and the
// invitation as an iCalendar file for each invitee.

var conferenceFields = []string{"startsAt", "durationMinutes", "location", "videoUrl", "invitees", "agenda"}

// inviteeOptions lists who may be invited: the case's organisation and the
// partners involved today, as a whole or one of their active regisseurs and
// professionals. Those in have are left out, and the users of an organisation
// invited as a whole.
func (s *Server) inviteeOptions(r *http.Request, cs *kluwen.Case, have []*kluwen.ConferenceInvitee) ([]option, error) {
	today := s.today()
	orgs := []int64{cs.OrganisationID}
	for _, iv := range cs.Involvements {
		if iv.Active(today) && !slices.Contains(orgs, iv.OrganisationID) {
			orgs = append(orgs, iv.OrganisationID)
		}
	}
	users, err := s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{})
	if err != nil {
		return nil, err
	}
	nm := s.names(r.Context())
	isInvited := func(org int64, user *int64) bool {
		return slices.ContainsFunc(have, func(iv *kluwen.ConferenceInvitee) bool {
			if (iv.UserID == nil) != (user == nil) {
				return false
			}
			if user != nil {
				return *iv.UserID == *user
			}
			return iv.OrganisationID == org
		})
	}
	var opts []option
	for _, org := range orgs {
		if isInvited(org, nil) {
			continue // the whole organisation is invited: its users are too
		}
		opts = append(opts, option{Value: "org:" + strconv.FormatInt(org, 10), Label: nm.Org(org) + " (de hele organisatie)"})
		for _, u := range users {
			if u.OrganisationID == org && !u.Disabled && (u.Role == kluwen.RoleRegisseur || u.Role == kluwen.RoleProfessional) && !isInvited(org, &u.ID) {
				opts = append(opts, option{Value: "user:" + strconv.FormatInt(u.ID, 10), Label: u.DisplayName + " (" + nm.Org(org) + ")"})
			}
		}
	}
	return opts, nil
}

// invitees reads the invitee checkboxes: org:<id> or user:<id>.
func (s *Server) invitees(r *http.Request, f *Form, name string) []*kluwen.ConferenceInvitee {
	var out []*kluwen.ConferenceInvitee
	var users []*kluwen.User
	for _, v := range f.All(name) {
		kind, num, _ := strings.Cut(v, ":")
		id, err := strconv.ParseInt(num, 10, 64)
		if err != nil || id <= 0 || (kind != "org" && kind != "user") {
			f.fail(name, "Kies de genodigden uit de lijst.")
			return nil
		}
		if kind == "org" {
			out = append(out, &kluwen.ConferenceInvitee{OrganisationID: id})
			continue
		}
		if users == nil {
			if users, err = s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{}); err != nil {
				f.fail(name, "De genodigden konden niet worden gelezen. Probeer het opnieuw.")
				return nil
			}
		}
		i := slices.IndexFunc(users, func(u *kluwen.User) bool { return u.ID == id })
		if i < 0 {
			f.fail(name, "Kies de genodigden uit de lijst.")
			return nil
		}
		uid := id
		out = append(out, &kluwen.ConferenceInvitee{OrganisationID: users[i].OrganisationID, UserID: &uid})
	}
	return out
}

// dateTime reads a date-and-time input in Dutch time; empty gives the zero time.
func (s *Server) dateTime(f *Form, name, what string) time.Time {
	v := f.Get(name)
	if v == "" {
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2-1-2006 15:04", "2-1-2006 15.04"} {
		if t, err := time.ParseInLocation(layout, v, s.tz); err == nil {
			return t
		}
	}
	f.fail(name, "Vul "+what+" in als datum en tijd, zoals 15-03-2026 14:00.")
	return time.Time{}
}

type conferenceFormData struct {
	Case     *kluwen.Case
	Form     *Form
	Invitees []option
}

func (s *Server) conferenceFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, cw *caseWork, f *Form) error {
	opts, err := s.inviteeOptions(r, cw.Case, nil)
	if err != nil {
		return err
	}
	s.render(w, r, c, status, "conference_form", "Casusoverleg plannen", &conferenceFormData{Case: cw.Case, Form: f, Invitees: opts})
	return nil
}

func (s *Server) conferenceNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(conferenceFields...).Many("invitees")
	f.Set("durationMinutes", "60")
	return s.conferenceFormPage(w, r, c, http.StatusOK, cw, f)
}

func (s *Server) conferenceCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(conferenceFields...).Many("invitees").read(r)
	conf := &kluwen.Conference{
		CaseID:          cw.Case.ID,
		StartsAt:        s.dateTime(f, "startsAt", "het begin van het overleg"),
		DurationMinutes: f.int("durationMinutes", "Vul de duur in minuten in, met alleen cijfers, zoals 60."),
		Location:        f.Get("location"),
		VideoURL:        f.Get("videoUrl"),
		Agenda:          strings.Split(f.Get("agenda"), "\n"),
		Invitees:        s.invitees(r, f, "invitees"),
	}
	f.mergeErr(conf.Validate())
	if !f.Invalid() {
		err := s.svc.Conferences.ScheduleConference(r.Context(), conf)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID, "/overleggen/", strconv.FormatInt(conf.ID, 10)), "overleg"))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.conferenceFormPage(w, r, c, statusInvalidForm, cw, f)
}

// The conference's page.

type decisionView struct {
	*kluwen.Decision
	Action     *kluwen.Action // the plan action it became, when the user may see it
	ActionURL  string         // "Maak actie", when the user may
	FromDate   time.Time      // the conference it was taken at, for carried decisions
	CompleteOK bool
}

type conferenceShowData struct {
	*caseWork
	Conference *kluwen.Conference
	Names      *names
	Decisions  []decisionView
	Carried    []decisionView
	Present    []string
	CanInvite  bool // the user may download the invitation
	Attendance *Form
	Attendees  []option
	Minutes    *Form
	Decision   *Form
	Invite     *Form
	Invitable  []option
}

// conferenceForms are the forms of the conference's page; a form that was posted
// and found wanting replaces its empty one.
type conferenceForms struct {
	attendance, minutes, decision, invite *Form
}

// loadConference reads the path's conference of the path's case.
func (s *Server) loadConference(r *http.Request, cs *kluwen.Case) (*kluwen.Conference, error) {
	cid, err := pathID(r, "cid")
	if err != nil {
		return nil, err
	}
	conf, err := s.svc.Conferences.FindConferenceByID(r.Context(), cid)
	if err != nil {
		return nil, err
	}
	if conf.CaseID != cs.ID {
		return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Dit overleg hoort niet bij deze casus.")
	}
	return conf, nil
}

// attendeeOptions lists who can be marked present: the invited users, and the
// active regisseurs and professionals of an invited organisation.
func (s *Server) attendeeOptions(r *http.Request, conf *kluwen.Conference) ([]option, error) {
	users, err := s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{})
	if err != nil {
		return nil, err
	}
	nm := s.names(r.Context())
	var opts []option
	for _, u := range users {
		if conferenceInvited(conf, u.ID, u.OrganisationID) && (slices.ContainsFunc(conf.Invitees, func(iv *kluwen.ConferenceInvitee) bool { return iv.UserID != nil && *iv.UserID == u.ID }) ||
			!u.Disabled && (u.Role == kluwen.RoleRegisseur || u.Role == kluwen.RoleProfessional)) {
			opts = append(opts, option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + " (" + nm.Org(u.OrganisationID) + ")"})
		}
	}
	return opts, nil
}

// conferenceInvited mirrors the store: a user is invited in person or through
// their organisation.
func conferenceInvited(conf *kluwen.Conference, userID, org int64) bool {
	return slices.ContainsFunc(conf.Invitees, func(iv *kluwen.ConferenceInvitee) bool {
		if iv.UserID != nil {
			return *iv.UserID == userID
		}
		return iv.OrganisationID == org
	})
}

func (s *Server) conferencePage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, failed conferenceForms) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	conf, err := s.loadConference(r, cw.Case)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	actions := map[int64]*kluwen.Action{}
	hasOpenGoal := false
	for _, g := range p.Goals {
		hasOpenGoal = hasOpenGoal || g.Status == kluwen.GoalOpen
		for _, a := range g.Actions {
			actions[a.ID] = a
		}
	}
	nm := s.names(r.Context())
	d := &conferenceShowData{caseWork: cw, Conference: conf, Names: nm,
		CanInvite: cw.Coordinator || conferenceInvited(conf, c.actor.UserID, c.actor.OrganisationID)}
	base := idPath("/casussen", cw.Case.ID, "/overleggen/", strconv.FormatInt(conf.ID, 10))
	view := func(dec *kluwen.Decision) decisionView {
		dv := decisionView{Decision: dec}
		if dec.ActionID != nil {
			dv.Action = actions[*dec.ActionID]
		}
		if dec.Status == kluwen.DecisionOpen && cw.CanCoordinate {
			dv.CompleteOK = true
			if hasOpenGoal {
				dv.ActionURL = base + "/besluiten/" + strconv.FormatInt(dec.ID, 10) + "/actie"
			}
		}
		return dv
	}
	for _, dec := range conf.Decisions {
		d.Decisions = append(d.Decisions, view(dec))
	}
	if len(conf.Carried) > 0 {
		earlier, err := s.svc.Conferences.FindConferences(r.Context(), cw.Case.ID)
		if err != nil {
			return err
		}
		for _, dec := range conf.Carried {
			dv := view(dec)
			for _, e := range earlier {
				if e.ID == dec.ConferenceID {
					dv.FromDate = e.StartsAt
				}
			}
			d.Carried = append(d.Carried, dv)
		}
	}
	for _, u := range conf.Present {
		d.Present = append(d.Present, nm.User(u))
	}
	if cw.CanCoordinate {
		if d.Attendees, err = s.attendeeOptions(r, conf); err != nil {
			return err
		}
		if d.Invitable, err = s.inviteeOptions(r, cw.Case, conf.Invitees); err != nil {
			return err
		}
		d.Attendance, d.Minutes, d.Decision, d.Invite = failed.attendance, failed.minutes, failed.decision, failed.invite
		if d.Attendance == nil {
			d.Attendance = newForm("present").Many("present")
			var ps []string
			for _, u := range conf.Present {
				ps = append(ps, strconv.FormatInt(u, 10))
			}
			d.Attendance.SetAll("present", ps)
		}
		if d.Minutes == nil {
			d.Minutes = newForm("minutes")
			d.Minutes.Set("minutes", conf.Minutes)
		}
		if d.Decision == nil {
			d.Decision = newForm("text")
		}
		if d.Invite == nil {
			d.Invite = newForm("invitees").Many("invitees")
		}
	}
	s.render(w, r, c, status, "conference_show", "Casusoverleg van "+shortDate(conf.StartsAt.In(s.tz)), d)
	return nil
}

func (s *Server) conferenceShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.conferencePage(w, r, c, http.StatusOK, conferenceForms{})
}

// conferencePath is the path of the path's conference, with a notice.
func conferencePath(r *http.Request, notice string) string {
	return withNotice("/casussen/"+r.PathValue("id")+"/overleggen/"+r.PathValue("cid"), notice)
}

func (s *Server) conferenceAttendance(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	f := newForm("present").Many("present").read(r)
	var present []int64
	for _, v := range f.All("present") {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			f.fail("present", "Kies de aanwezigen uit de lijst.")
			break
		}
		present = append(present, id)
	}
	if !f.Invalid() {
		_, err := s.svc.Conferences.SetAttendance(r.Context(), cid, present)
		if err == nil {
			redirect(w, r, conferencePath(r, "opgeslagen")+"#aanwezig")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.conferencePage(w, r, c, statusInvalidForm, conferenceForms{attendance: f})
}

func (s *Server) conferenceMinutes(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	f := newForm("minutes").read(r)
	if _, err := s.svc.Conferences.SetMinutes(r.Context(), cid, f.Get("minutes")); err != nil {
		if !setFormError(f, err) {
			return err
		}
		return s.conferencePage(w, r, c, statusInvalidForm, conferenceForms{minutes: f})
	}
	redirect(w, r, conferencePath(r, "opgeslagen")+"#verslag")
	return nil
}

func (s *Server) conferenceDecision(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	f := newForm("text").Map("conferenceId", "text").read(r)
	dec := &kluwen.Decision{ConferenceID: cid, Text: f.Get("text")}
	f.mergeErr(dec.Validate())
	if !f.Invalid() {
		err := s.svc.Conferences.AddDecision(r.Context(), dec)
		if err == nil {
			redirect(w, r, conferencePath(r, "besluit")+"#besluiten")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.conferencePage(w, r, c, statusInvalidForm, conferenceForms{decision: f})
}

func (s *Server) conferenceInvite(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	f := newForm("invitees").Many("invitees").read(r)
	invs := s.invitees(r, f, "invitees")
	if len(invs) == 0 && !f.Invalid() {
		f.fail("invitees", "Kies wie u wilt uitnodigen.")
	}
	if !f.Invalid() {
		_, err := s.svc.Conferences.InviteToConference(r.Context(), cid, invs)
		if err == nil {
			redirect(w, r, conferencePath(r, "uitgenodigd")+"#genodigden")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.conferencePage(w, r, c, statusInvalidForm, conferenceForms{invite: f})
}

// findDecision returns the path's decision: taken at the path's conference or
// carried to it.
func (s *Server) findDecision(r *http.Request, cs *kluwen.Case) (*kluwen.Conference, *kluwen.Decision, error) {
	conf, err := s.loadConference(r, cs)
	if err != nil {
		return nil, nil, err
	}
	did, err := pathID(r, "did")
	if err != nil {
		return nil, nil, err
	}
	for _, dec := range append(slices.Clone(conf.Decisions), conf.Carried...) {
		if dec.ID == did {
			return conf, dec, nil
		}
	}
	return nil, nil, kluwen.Errorf(kluwen.ENOTFOUND, "Dit besluit hoort niet bij dit overleg.")
}

// decisionActionNew is "Maak actie": the action form, with the decision's text
// as the description.
func (s *Server) decisionActionNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	conf, dec, err := s.findDecision(r, cw.Case)
	if err != nil {
		return err
	}
	f := actionForm()
	f.Set("description", dec.Text)
	f.Set("confidentiality", string(kluwen.Normal))
	return s.decisionActionPage(w, r, c, http.StatusOK, cw, conf, dec, f)
}

func (s *Server) decisionActionPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, cw *caseWork, conf *kluwen.Conference, dec *kluwen.Decision, f *Form) error {
	return s.actionFormPage(w, r, c, status, cw, nil, dec, f,
		idPath("/casussen", cw.Case.ID, "/overleggen/", strconv.FormatInt(conf.ID, 10), "/besluiten/", strconv.FormatInt(dec.ID, 10), "/actie"))
}

// decisionActionCreate turns the decision into a plan action in one step.
func (s *Server) decisionActionCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	conf, dec, err := s.findDecision(r, cw.Case)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	f := actionForm().read(r)
	a := s.actionFromForm(f, p)
	if !f.Invalid() {
		err := s.svc.Conferences.DecisionToAction(r.Context(), dec.ID, a)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID, "/overleggen/", strconv.FormatInt(conf.ID, 10)), "actie")+"#besluit-"+strconv.FormatInt(dec.ID, 10))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.decisionActionPage(w, r, c, statusInvalidForm, cw, conf, dec, f)
}

// decisionComplete marks an open decision as done without an action.
func (s *Server) decisionComplete(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	_, dec, err := s.findDecision(r, cw.Case)
	if err != nil {
		return err
	}
	if _, err := s.svc.Conferences.CompleteDecision(r.Context(), dec.ID); err != nil {
		f := newForm("text")
		if !setFormError(f, err) {
			return err
		}
		return s.conferencePage(w, r, c, statusInvalidForm, conferenceForms{decision: f})
	}
	redirect(w, r, conferencePath(r, "opgeslagen")+"#besluiten")
	return nil
}

// conferenceICS sends the invitation of the conference for the signed-in user
// as an iCalendar file. The service refuses those who are not invited, and logs
// the download as an export.
func (s *Server) conferenceICS(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "cid")
	if err != nil {
		return err
	}
	inv, err := s.svc.Conferences.ConferenceInvite(r.Context(), cid)
	if err != nil {
		return err
	}
	if inv.CaseID != cw.Case.ID {
		return kluwen.Errorf(kluwen.ENOTFOUND, "Dit overleg hoort niet bij deze casus.")
	}
	host, page := r.Host, ""
	if s.cfg.BaseURL != "" {
		if u, err := url.Parse(s.cfg.BaseURL); err == nil {
			host = u.Hostname()
			page = strings.TrimSuffix(s.cfg.BaseURL, "/") + idPath("/casussen", inv.CaseID, "/overleggen/", strconv.FormatInt(inv.ConferenceID, 10))
		}
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if host == "" {
		host = "kluwen.invalid"
	}
	var buf bytes.Buffer
	if err := ical.Write(&buf, inv, ical.Options{Host: host, URL: page}); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ical.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+ical.Filename(inv)+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}
