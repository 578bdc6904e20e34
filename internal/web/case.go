package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// Cases: the list with a status filter, opening a case for a household, and a
// case's page with its status history, the next steps (each with a reason) and
// the involved partners.

type caseListData struct {
	Cases    []*kluwen.Case
	Statuses []option
	Status   string
	Pager    *pager
}

func (s *Server) caseList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	f := kluwen.CaseFilter{Limit: pageSize + 1}
	st := kluwen.CaseStatus(q.Get("status"))
	if st.Valid() {
		f.Status = &st
	} else {
		st = ""
	}
	if id := queryID(q, "na"); id != nil {
		f.AfterID = *id
	}
	cs, err := s.svc.Cases.FindCases(r.Context(), f)
	if err != nil {
		return err
	}
	d := &caseListData{Status: string(st), Pager: &pager{}}
	d.Statuses = append(d.Statuses, option{Value: "", Label: "Alle statussen", Selected: st == ""})
	for _, x := range kluwen.CaseStatuses {
		d.Statuses = append(d.Statuses, option{Value: string(x), Label: x.Label(), Selected: x == st})
	}
	base := url.Values{}
	if st != "" {
		base.Set("status", string(st))
	}
	if f.AfterID > 0 {
		d.Pager.First = "/casussen"
		if len(base) > 0 {
			d.Pager.First += "?" + base.Encode()
		}
	}
	if len(cs) > pageSize {
		cs = cs[:pageSize]
		next := url.Values{}
		for k, v := range base {
			next[k] = v
		}
		next.Set("na", strconv.FormatInt(cs[len(cs)-1].ID, 10))
		d.Pager.Next = "/casussen?" + next.Encode()
	}
	d.Cases = cs
	s.render(w, r, c, http.StatusOK, "case_list", "Casussen", d)
	return nil
}

// Opening a case.

type caseFormData struct {
	Household  *kluwen.Household
	Form       *Form
	Regisseurs []option
}

// regisseurOptions lists the regisseurs of the user's organisation, the user
// first; when the user may not list users, just the user.
func (s *Server) regisseurOptions(r *http.Request, c *reqCtx) []option {
	opts := []option{{Value: strconv.FormatInt(c.user.ID, 10), Label: c.user.DisplayName + " (uzelf)"}}
	org, role := c.user.OrganisationID, kluwen.RoleRegisseur
	us, err := s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{OrganisationID: &org, Role: &role})
	if err != nil {
		return opts
	}
	for _, u := range us {
		if u.ID != c.user.ID && !u.Disabled {
			opts = append(opts, option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName})
		}
	}
	return opts
}

func (s *Server) caseFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, hhID int64, f *Form) error {
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), hhID)
	if err != nil {
		return err
	}
	s.render(w, r, c, status, "case_form", "Casus openen", &caseFormData{Household: h, Form: f, Regisseurs: s.regisseurOptions(r, c)})
	return nil
}

func (s *Server) caseNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	hh := queryID(r.URL.Query(), "huishouden")
	if hh == nil {
		return kluwen.Errorf(kluwen.ENOTFOUND, "Kies eerst een huishouden.")
	}
	f := newForm("title", "regisseurId")
	f.Set("regisseurId", strconv.FormatInt(c.user.ID, 10))
	return s.caseFormPage(w, r, c, http.StatusOK, *hh, f)
}

func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	hh, err := strconv.ParseInt(r.PostForm.Get("householdId"), 10, 64)
	if err != nil || hh <= 0 {
		return kluwen.Errorf(kluwen.ENOTFOUND, "Kies eerst een huishouden.")
	}
	f := newForm("title", "regisseurId").read(r)
	cs := &kluwen.Case{HouseholdID: hh, Title: f.Get("title"), RegisseurID: f.id("regisseurId", "Kies een regisseur uit de lijst.")}
	f.mergeErr(cs.Validate())
	if !f.Invalid() {
		err := s.svc.Cases.CreateCase(r.Context(), cs)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cs.ID), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	return s.caseFormPage(w, r, c, statusInvalidForm, hh, f)
}

// A case's page.

// transition is a form for one next status.
type transition struct {
	To    kluwen.CaseStatus
	Field string // the reason input's name
	Form  *Form
}

type caseShowData struct {
	Case          *kluwen.Case
	Names         *names
	CanCoordinate bool
	Coordinator   bool // coordinates the case, closed or not: prints the plan
	Transitions   []transition
	Partner       *Form
	StatusError   *Form // the errors of a step that is not on the page
	Organisations []option
	Bases         []option
	Contacts      []option // nil when the user may not list users: a number input then

	// The case work.
	Plan        *planView
	Conferences []*kluwen.Conference
	Maatwerk    []*kluwen.Maatwerk
	Escalations []*kluwen.Escalation
	Today       time.Time
}

func reasonField(to kluwen.CaseStatus) string { return "reason-" + string(to) }

var involvementFields = []string{"organisationId", "from", "to", "legalBasis", "contactUserId", "note"}

// showCase renders a case's page; failed is the form that was posted and found
// wanting, if any (a transition's or the partner form).
func (s *Server) showCase(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, id int64, failedTo kluwen.CaseStatus, failed *Form) error {
	ctx := r.Context()
	cs, err := s.svc.Cases.FindCaseByID(ctx, id)
	if err != nil {
		return err
	}
	d := &caseShowData{Case: cs, Names: s.names(ctx), Today: s.today()}
	// As kluwen.CaseCoordinateBasis: the case's regisseur or a regisseur of its
	// organisation, while it is open. The service checks again.
	d.Coordinator = c.actor.Role == kluwen.RoleRegisseur && (cs.RegisseurID == c.actor.UserID || cs.OrganisationID == c.actor.OrganisationID)
	d.CanCoordinate = d.Coordinator && cs.Status != kluwen.CaseAfgesloten
	_, persons, err := s.casePersons(r, cs)
	if err != nil {
		return err
	}
	if d.Plan, err = s.loadPlan(r, cs, persons); err != nil {
		return err
	}
	if d.Conferences, err = s.svc.Conferences.FindConferences(ctx, id); err != nil {
		return err
	}
	if d.Maatwerk, err = s.svc.Maatwerk.FindMaatwerk(ctx, id); err != nil {
		return err
	}
	if d.Escalations, err = s.svc.Escalations.FindEscalations(ctx, kluwen.EscalationFilter{CaseID: &id}); err != nil {
		return err
	}
	if failed != nil && failedTo != "" {
		// A step that is not one of this case's next steps: its messages go above
		// the steps, without links to a form that is not on the page.
		d.StatusError = newForm()
		for _, it := range failed.Summary() {
			d.StatusError.general = append(d.StatusError.general, it.Message)
		}
	}
	if d.CanCoordinate {
		for _, to := range cs.Status.NextStatuses() {
			tr := transition{To: to, Field: reasonField(to), Form: newForm(reasonField(to))}
			if failed != nil && failedTo == to {
				tr.Form, d.StatusError = failed, nil
			}
			d.Transitions = append(d.Transitions, tr)
		}
		d.Partner = newForm(involvementFields...)
		d.Partner.Set("from", s.today().Format(kluwen.DateLayout))
		if failed != nil && failedTo == "" {
			d.Partner = failed
		}
		orgs, err := s.svc.Organisations.FindOrganisations(ctx, kluwen.OrganisationFilter{})
		if err != nil {
			return err
		}
		d.Organisations = []option{{Value: "", Label: "Kies een organisatie"}}
		for _, o := range orgs {
			d.Organisations = append(d.Organisations, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
		}
		d.Bases = []option{{Value: "", Label: "Kies een grondslag"}}
		for _, b := range kluwen.LegalBases {
			d.Bases = append(d.Bases, option{Value: string(b), Label: b.Label()})
		}
		if us, err := s.svc.Users.FindUsers(ctx, kluwen.UserFilter{}); err == nil {
			names := orgNames(orgs)
			d.Contacts = []option{{Value: "", Label: "Geen contactpersoon"}}
			for _, u := range us {
				if !u.Disabled && (u.Role == kluwen.RoleRegisseur || u.Role == kluwen.RoleProfessional) {
					d.Contacts = append(d.Contacts, option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + " (" + names[u.OrganisationID] + ")"})
				}
			}
		}
	}
	s.render(w, r, c, status, "case_show", "Casus "+strconv.FormatInt(cs.ID, 10), d)
	return nil
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showCase(w, r, c, http.StatusOK, id, "", nil)
}

// caseStatus moves the case to the posted status with its reason. A step that is
// not allowed, or a missing reason, shows the case again with the message at
// that step's form.
func (s *Server) caseStatus(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	to := kluwen.CaseStatus(r.PostForm.Get("status"))
	field := reasonField(to)
	f := newForm(field).Map("reason", field).read(r)
	_, err = s.svc.Cases.ChangeCaseStatus(r.Context(), id, to, f.Get(field))
	if err == nil {
		redirect(w, r, withNotice(idPath("/casussen", id), "status"))
		return nil
	}
	if !f.setError(err) {
		if kluwen.ErrorCode(err) != kluwen.ECONFLICT {
			return err
		}
		f.general = append(f.general, kluwen.ErrorMessage(err))
	}
	return s.showCase(w, r, c, statusInvalidForm, id, to, f)
}

func (s *Server) caseInvolvementCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(involvementFields...).read(r)
	iv := &kluwen.Involvement{
		CaseID:         id,
		OrganisationID: f.id("organisationId", "Kies een organisatie uit de lijst."),
		From:           f.date("from", "de begindatum"),
		To:             f.optDate("to", "de einddatum"),
		LegalBasis:     kluwen.LegalBasis(f.Get("legalBasis")),
		Note:           f.Get("note"),
	}
	if cu := f.id("contactUserId", "Vul het gebruikersnummer van de contactpersoon in met alleen cijfers."); cu > 0 {
		iv.ContactUserID = &cu
	}
	f.mergeErr(iv.Validate())
	if !f.Invalid() {
		err := s.svc.Cases.AddInvolvement(r.Context(), iv)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", id), "partner"))
			return nil
		}
		if !f.setError(err) {
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT {
				return err
			}
			f.general = append(f.general, kluwen.ErrorMessage(err))
		}
	}
	return s.showCase(w, r, c, statusInvalidForm, id, "", f)
}

// caseInvolvementEnd ends a partner's involvement today.
func (s *Server) caseInvolvementEnd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	iid, err := pathID(r, "iid")
	if err != nil {
		return err
	}
	today := s.today()
	tp := &today
	if _, err := s.svc.Cases.UpdateInvolvement(r.Context(), iid, kluwen.InvolvementUpdate{To: &tp}); err != nil {
		if kluwen.ErrorCode(err) == kluwen.EINVALID || kluwen.ErrorCode(err) == kluwen.ECONFLICT {
			f := newForm(involvementFields...)
			f.general = append(f.general, kluwen.ErrorMessage(err))
			for _, fe := range kluwen.ErrorFields(err) {
				f.general = append(f.general, fe.Message)
			}
			return s.showCase(w, r, c, statusInvalidForm, id, "", f)
		}
		return err
	}
	redirect(w, r, withNotice(idPath("/casussen", id), "opgeslagen"))
	return nil
}

// Closing a case: a reason, and an evaluation of every goal that still needs
// one (the service refuses to close otherwise). Every goal's evaluation is
// checked before anything is saved; then the goals are evaluated and the case
// closed.

type closeGoal struct {
	Goal       *kluwen.Goal
	Status     string // the input names
	Evaluation string
}

type caseCloseData struct {
	Case      *kluwen.Case
	Form      *Form
	Goals     []closeGoal    // goals that need an evaluation
	Evaluated []*kluwen.Goal // goals evaluated already
	Persons   map[int64]string
	Outcomes  []option
}

// PersonList names the persons of a goal.
func (d *caseCloseData) PersonList(ids []int64) string { return personList(d.Persons, ids) }

func goalOutcomeOptions() []option {
	return []option{
		{Value: string(kluwen.GoalAchieved), Label: kluwen.GoalAchieved.Label()},
		{Value: string(kluwen.GoalNotAchieved), Label: kluwen.GoalNotAchieved.Label()},
		{Value: string(kluwen.GoalCancelled), Label: kluwen.GoalCancelled.Label(), Hint: "Het doel is niet meer nodig of niet meer haalbaar."},
	}
}

// closeForm returns the close form of the plan: the reason, and a status and
// evaluation for each goal that needs one.
func closeForm(p *kluwen.Plan) (*Form, []closeGoal, []*kluwen.Goal) {
	names := []string{}
	var todo []closeGoal
	var done []*kluwen.Goal
	for _, g := range p.Goals {
		if g.Status.Final() && g.Evaluation != "" {
			done = append(done, g)
			continue
		}
		id := strconv.FormatInt(g.ID, 10)
		cg := closeGoal{Goal: g, Status: "goal-" + id + "-status", Evaluation: "goal-" + id + "-evaluation"}
		names = append(names, cg.Status, cg.Evaluation)
		todo = append(todo, cg)
	}
	names = append(names, "reason")
	f := newForm(names...)
	for _, cg := range todo {
		if cg.Goal.Status.Final() {
			f.Set(cg.Status, string(cg.Goal.Status))
		}
	}
	return f, todo, done
}

func (s *Server) caseClosePage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, cw *caseWork, p *kluwen.Plan, f *Form, todo []closeGoal, done []*kluwen.Goal) error {
	_, persons, err := s.casePersons(r, cw.Case)
	if err != nil {
		return err
	}
	s.render(w, r, c, status, "case_close", "Casus afsluiten",
		&caseCloseData{Case: cw.Case, Form: f, Goals: todo, Evaluated: done, Persons: persons, Outcomes: goalOutcomeOptions()})
	return nil
}

func (s *Server) caseCloseForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	f, todo, done := closeForm(p)
	return s.caseClosePage(w, r, c, http.StatusOK, cw, p, f, todo, done)
}

func (s *Server) caseClose(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.svc.Plan.FindPlan(ctx, cw.Case.ID)
	if err != nil {
		return err
	}
	f, todo, done := closeForm(p)
	f.read(r)
	if f.Get("reason") == "" {
		f.fail("reason", "Vul de reden in waarom de casus wordt afgesloten.")
	}
	updates := make([]kluwen.GoalUpdate, len(todo))
	for i, cg := range todo {
		st := kluwen.GoalStatus(f.Get(cg.Status))
		if !st.Final() {
			f.fail(cg.Status, fmt.Sprintf("Kies hoe het doel %s is afgelopen: behaald, niet behaald of vervallen.", goalName(cg.Goal)))
		}
		ev := f.Get(cg.Evaluation)
		if ev == "" {
			f.fail(cg.Evaluation, fmt.Sprintf("Vul de evaluatie van het doel %s in: wat is ervan terechtgekomen?", goalName(cg.Goal)))
		}
		g := *cg.Goal
		g.Status, g.Evaluation = st, ev
		if err := g.Validate(kluwen.DateOf(cg.Goal.CreatedAt.In(s.tz))); err != nil {
			for _, fe := range kluwen.ErrorFields(err) {
				switch fe.Field {
				case "status", "evaluation":
					// Said above, in words that name the goal.
				default:
					f.fail("goal", goalName(cg.Goal)+": "+fe.Message)
				}
			}
		}
		updates[i] = kluwen.GoalUpdate{Status: &st, Evaluation: &ev}
	}
	if !f.Invalid() {
		for i, cg := range todo {
			if _, err := s.svc.Plan.UpdateGoal(ctx, cg.Goal.ID, updates[i]); err != nil {
				f.Map("status", cg.Status).Map("evaluation", cg.Evaluation)
				if !setFormError(f, err) {
					return err
				}
				break
			}
		}
	}
	if !f.Invalid() {
		_, err := s.svc.Cases.ChangeCaseStatus(ctx, cw.Case.ID, kluwen.CaseAfgesloten, f.Get("reason"))
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "afgesloten"))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
		// Goals evaluated meanwhile are saved: show the plan as it is now.
		if p2, err := s.svc.Plan.FindPlan(ctx, cw.Case.ID); err == nil {
			f2, todo2, done2 := closeForm(p2)
			f2.read(r)
			f2.general = f.general
			for k, v := range f.errs {
				if f2.known[k] {
					f2.errs[k] = v
				}
			}
			f, todo, done = f2, todo2, done2
		}
	}
	return s.caseClosePage(w, r, c, statusInvalidForm, cw, p, f, todo, done)
}

// goalName names a goal in a message: its domain and the start of its
// description.
func goalName(g *kluwen.Goal) string {
	return "‘" + g.Domain.Label() + ": " + shorten(g.Description, 60) + "’"
}
