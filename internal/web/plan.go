package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/pdf"
)

// The one plan of a case: goals per life domain with the persons concerned, the
// actions under them owned by partners, progress notes, the balance between
// prevention, care and coercion, every version of every goal and action, and the
// plan printed for the family. The plan is shown on the case's page; goals and
// actions each have their own page with their notes and versions. The
// coordinators of the case make and change goals and actions; the owning
// partner of an action moves its status and notes progress.

// caseWork is what every page of the case work knows about its case.
type caseWork struct {
	Case          *kluwen.Case
	CanCoordinate bool // the user coordinates the open case (kluwen.CaseCoordinateBasis)
	Coordinator   bool // the user coordinates the case, closed or not (kluwen.CaseCoordinator)
}

// loadCase reads the path's case and what the user may do in it. The service
// decides; the flags only hide buttons it would refuse.
func (s *Server) loadCase(r *http.Request, c *reqCtx) (*caseWork, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	cs, err := s.svc.Cases.FindCaseByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	cw := &caseWork{Case: cs}
	a := c.actor
	cw.Coordinator = a.Role == kluwen.RoleRegisseur && (cs.RegisseurID == a.UserID || cs.OrganisationID == a.OrganisationID)
	cw.CanCoordinate = cw.Coordinator && cs.Status != kluwen.CaseAfgesloten
	return cw, nil
}

// coordinatedCase is loadCase for the forms of the case's coordinators: anyone
// else who reads the case gets EFORBIDDEN rather than a form the service will
// refuse.
func (s *Server) coordinatedCase(r *http.Request, c *reqCtx) (*caseWork, error) {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return nil, err
	}
	if !cw.CanCoordinate {
		if cw.Case.Status == kluwen.CaseAfgesloten {
			return nil, kluwen.Errorf(kluwen.EFORBIDDEN, "Deze casus is afgesloten en kan niet meer veranderen.")
		}
		return nil, kluwen.Errorf(kluwen.EFORBIDDEN, "Alleen de regisseur van de casus kan dit doen.")
	}
	return cw, nil
}

// findGoal returns the goal of the plan with the path value name, or ENOTFOUND.
func findGoal(p *kluwen.Plan, r *http.Request, name string) (*kluwen.Goal, error) {
	id, err := pathID(r, name)
	if err != nil {
		return nil, err
	}
	for _, g := range p.Goals {
		if g.ID == id {
			return g, nil
		}
	}
	return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Dit doel bestaat niet, of u mag het niet zien.")
}

// findAction returns the action of the plan with the path value name and its
// goal, or ENOTFOUND.
func findAction(p *kluwen.Plan, r *http.Request, name string) (*kluwen.Goal, *kluwen.Action, error) {
	id, err := pathID(r, name)
	if err != nil {
		return nil, nil, err
	}
	for _, g := range p.Goals {
		for _, a := range g.Actions {
			if a.ID == id {
				return g, a, nil
			}
		}
	}
	return nil, nil, kluwen.Errorf(kluwen.ENOTFOUND, "Deze actie bestaat niet, of u mag hem niet zien.")
}

// planView is the plan as the case's page shows it.
type planView struct {
	Plan         *kluwen.Plan
	Balance      *kluwen.ActionBalance
	BalanceChart *barChart
	Persons      map[int64]string
	Today        time.Time
}

// PersonList names the persons of a goal.
func (pv *planView) PersonList(ids []int64) string {
	return personList(pv.Persons, ids)
}

// Overdue reports whether a pending action is past its due date.
func (pv *planView) Overdue(a *kluwen.Action) bool {
	return a.Status.Pending() && a.DueDate.Before(pv.Today)
}

func personList(names map[int64]string, ids []int64) string {
	if len(ids) == 0 {
		return "Het hele huishouden"
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = names[id]
		if out[i] == "" {
			out[i] = personName(nil, id)
		}
	}
	return strings.Join(out, ", ")
}

// balanceChart draws the balance of kinds: one bar per kind with all its
// actions, the open ones in the text.
func balanceChart(b *kluwen.ActionBalance) *barChart {
	var vals []barValue
	for _, k := range b.Kinds {
		vals = append(vals, barValue{Label: k.Kind.Label(), Value: k.All, Text: strconv.Itoa(k.All) + " (" + strconv.Itoa(k.Open) + " open)"})
	}
	return newBarChart("balans-grafiek", "Balans van de acties",
		"Aantal acties per soort: preventie, zorg en ondersteuning, drang, dwang en straf. Tussen haakjes de acties die nog open zijn. De cijfers staan ook in de tabel.", vals)
}

// loadPlan reads the plan and its balance for the case's page.
func (s *Server) loadPlan(r *http.Request, cs *kluwen.Case, persons map[int64]string) (*planView, error) {
	p, err := s.svc.Plan.FindPlan(r.Context(), cs.ID)
	if err != nil {
		return nil, err
	}
	b, err := s.svc.Plan.PlanBalance(r.Context(), cs.ID)
	if err != nil {
		return nil, err
	}
	return &planView{Plan: p, Balance: b, BalanceChart: balanceChart(b), Persons: persons, Today: s.today()}, nil
}

// casePersons names the persons who are or were members of the case's
// household.
func (s *Server) casePersons(r *http.Request, cs *kluwen.Case) (*kluwen.Household, map[int64]string, error) {
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), cs.HouseholdID)
	if err != nil {
		return nil, nil, err
	}
	return h, memberNames(h), nil
}

// GET /casussen/{id}/plan is where notifications of actions point: the plan is
// on the case's page. The browser keeps the fragment (#actie-12) across the
// redirect.
func (s *Server) planRedirect(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	redirect(w, r, idPath("/casussen", id))
	return nil
}

// Versions.

type changeView struct {
	Label, Before, After string
}

type versionView struct {
	Version   int
	ChangedAt time.Time
	By        string
	Changes   []changeView
}

var fieldLabels = map[string]string{
	"domain": "Leefgebied", "personIds": "Personen", "description": "Omschrijving", "targetDate": "Streefdatum",
	"status": "Status", "evaluation": "Evaluatie", "confidentiality": "Wie mag het zien", "organisationId": "Partner",
	"ownerUserId": "Uitvoerder", "kind": "Soort", "dueDate": "Klaar op", "decisionId": "Besluit van casusoverleg",
}

// versionViews turns the kept versions of one goal (actionID 0) or action into
// Dutch: field names and values as the pages show them.
func versionViews(all []*kluwen.PlanVersion, goalID, actionID int64, nm *names, persons map[int64]string) []versionView {
	var out []versionView
	for _, v := range all {
		if actionID != 0 && (v.ActionID == nil || *v.ActionID != actionID) || actionID == 0 && (v.ActionID != nil || v.GoalID != goalID) {
			continue
		}
		vv := versionView{Version: v.Version, ChangedAt: v.ChangedAt, By: nm.User(v.UserID)}
		if v.UserID == 0 {
			vv.By = "Kluwen"
		}
		for _, ch := range v.Changes {
			label := fieldLabels[ch.Field]
			if label == "" {
				label = ch.Field
			}
			vv.Changes = append(vv.Changes, changeView{Label: label, Before: fieldValue(ch.Field, ch.Before, actionID != 0, nm, persons),
				After: fieldValue(ch.Field, ch.After, actionID != 0, nm, persons)})
		}
		out = append(out, vv)
	}
	return out
}

// fieldValue writes a kept value as the pages show it.
func fieldValue(field, v string, action bool, nm *names, persons map[int64]string) string {
	if v == "" {
		return "–"
	}
	switch field {
	case "domain":
		if n, err := strconv.Atoi(v); err == nil && kluwen.LifeDomain(n).Valid() {
			return kluwen.LifeDomain(n).Label()
		}
	case "personIds":
		var ids []int64
		for _, p := range strings.Split(v, ",") {
			if id, err := strconv.ParseInt(p, 10, 64); err == nil {
				ids = append(ids, id)
			}
		}
		return personList(persons, ids)
	case "targetDate", "dueDate":
		if d, err := kluwen.ParseDate(v); err == nil {
			return shortDate(d)
		}
	case "status":
		if action {
			return kluwen.ActionStatus(v).Label()
		}
		return kluwen.GoalStatus(v).Label()
	case "kind":
		return kluwen.ActionKind(v).Label()
	case "confidentiality":
		return kluwen.Confidentiality(v).Label()
	case "organisationId":
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			return nm.Org(id)
		}
	case "ownerUserId":
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			return nm.User(id)
		}
	}
	return v
}

// Goals.

var goalFields = []string{"domain", "personIds", "description", "targetDate", "confidentiality", "status", "evaluation"}

type goalFormData struct {
	Case           *kluwen.Case
	Goal           *kluwen.Goal // nil for a new goal
	Form           *Form
	Domains        []option
	Persons        []option
	Statuses       []option
	Confident      []option
	FromAssessment bool
}

func goalStatusOptions() []option {
	opts := make([]option, 0, len(kluwen.GoalStatuses))
	for _, st := range kluwen.GoalStatuses {
		opts = append(opts, option{Value: string(st), Label: st.Label()})
	}
	return opts
}

func (s *Server) goalFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, cw *caseWork, g *kluwen.Goal, f *Form, fromAssessment bool) error {
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), cw.Case.HouseholdID)
	if err != nil {
		return err
	}
	d := &goalFormData{Case: cw.Case, Goal: g, Form: f, Domains: lifeDomainOptions("Kies een leefgebied"), Persons: s.currentMembers(h),
		Statuses: goalStatusOptions(), Confident: confidentialityOptions("het doel"), FromAssessment: fromAssessment}
	title := "Doel toevoegen"
	if g != nil {
		title = "Doel wijzigen"
	}
	s.render(w, r, c, status, "goal_form", title, d)
	return nil
}

func (s *Server) goalNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(goalFields...).Many("personIds")
	f.Set("confidentiality", string(kluwen.Normal))
	q := r.URL.Query()
	if d, ok := kluwen.LifeDomainByCode(q.Get("leefgebied")); ok {
		f.Set("domain", d.Code())
	}
	if p := queryID(q, "persoon"); p != nil {
		f.SetAll("personIds", []string{strconv.FormatInt(*p, 10)})
	}
	return s.goalFormPage(w, r, c, http.StatusOK, cw, nil, f, queryID(q, "meting") != nil)
}

// goalFromForm reads the goal form; edit says whether the status and
// evaluation are on it.
func (s *Server) goalFromForm(f *Form, edit bool) *kluwen.Goal {
	g := &kluwen.Goal{
		Domain:          f.lifeDomain("domain"),
		Description:     f.Get("description"),
		TargetDate:      f.date("targetDate", "de streefdatum"),
		Confidentiality: kluwen.Confidentiality(f.Get("confidentiality")),
	}
	for _, v := range f.All("personIds") {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			f.fail("personIds", "Kies de betrokken personen uit de lijst.")
			break
		}
		g.PersonIDs = append(g.PersonIDs, id)
	}
	if edit {
		g.Status = kluwen.GoalStatus(f.Get("status"))
		g.Evaluation = f.Get("evaluation")
	}
	return g
}

func (s *Server) goalCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(goalFields...).Many("personIds").read(r)
	g := s.goalFromForm(f, false)
	g.CaseID = cw.Case.ID
	f.mergeErr(g.Validate(s.today()))
	if !f.Invalid() {
		err := s.svc.Plan.CreateGoal(r.Context(), g)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "doel")+"#doel-"+strconv.FormatInt(g.ID, 10))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.goalFormPage(w, r, c, statusInvalidForm, cw, nil, f, false)
}

// setFormError is Form.setError that also shows a conflict (a change the state
// of the case does not allow) on the form.
func setFormError(f *Form, err error) bool {
	if f.setError(err) {
		return true
	}
	if kluwen.ErrorCode(err) == kluwen.ECONFLICT {
		f.general = append(f.general, kluwen.ErrorMessage(err))
		return true
	}
	return false
}

func goalToForm(g *kluwen.Goal) *Form {
	f := newForm(goalFields...).Many("personIds")
	f.Set("domain", g.Domain.Code())
	var ps []string
	for _, p := range g.PersonIDs {
		ps = append(ps, strconv.FormatInt(p, 10))
	}
	f.SetAll("personIds", ps)
	f.Set("description", g.Description)
	f.Set("targetDate", g.TargetDate.Format(kluwen.DateLayout))
	f.Set("confidentiality", string(g.Confidentiality))
	f.Set("status", string(g.Status))
	f.Set("evaluation", g.Evaluation)
	return f
}

func (s *Server) goalEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	g, err := findGoal(p, r, "gid")
	if err != nil {
		return err
	}
	return s.goalFormPage(w, r, c, http.StatusOK, cw, g, goalToForm(g), false)
}

func (s *Server) goalUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	old, err := findGoal(p, r, "gid")
	if err != nil {
		return err
	}
	f := newForm(goalFields...).Many("personIds").read(r)
	g := s.goalFromForm(f, true)
	g.CaseID = cw.Case.ID
	f.mergeErr(g.Validate(kluwen.DateOf(old.CreatedAt.In(s.tz))))
	if !f.Invalid() {
		_, err := s.svc.Plan.UpdateGoal(r.Context(), old.ID, kluwen.GoalUpdate{Domain: &g.Domain, PersonIDs: &g.PersonIDs, Description: &g.Description,
			TargetDate: &g.TargetDate, Status: &g.Status, Evaluation: &g.Evaluation, Confidentiality: &g.Confidentiality})
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID, "/doelen/", strconv.FormatInt(old.ID, 10)), "opgeslagen"))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.goalFormPage(w, r, c, statusInvalidForm, cw, old, f, false)
}

type goalShowData struct {
	*caseWork
	Goal     *kluwen.Goal
	Plan     *planView
	Names    *names
	Versions []versionView
	Note     *Form // nil when the user notes nothing here
}

// goalPage renders a goal's page; note is the note form that was posted and
// found wanting, if any.
func (s *Server) goalPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, note *Form) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	_, persons, err := s.casePersons(r, cw.Case)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	g, err := findGoal(p, r, "gid")
	if err != nil {
		return err
	}
	history, err := s.svc.Plan.FindPlanHistory(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	nm := s.names(r.Context())
	d := &goalShowData{caseWork: cw, Goal: g, Plan: &planView{Plan: p, Persons: persons, Today: s.today()}, Names: nm,
		Versions: versionViews(history, g.ID, 0, nm, persons)}
	// As the store: a coordinator, or a partner owning an action under the goal.
	if !p.Closed && (cw.CanCoordinate || slices.ContainsFunc(g.Actions, func(a *kluwen.Action) bool { return a.OrganisationID == c.actor.OrganisationID })) {
		d.Note = note
		if d.Note == nil {
			d.Note = newForm("text")
		}
	}
	s.render(w, r, c, status, "goal_show", "Doel: "+g.Domain.Label(), d)
	return nil
}

func (s *Server) goalShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.goalPage(w, r, c, http.StatusOK, nil)
}

func (s *Server) goalNote(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		return err
	}
	f := newForm("text").read(r)
	n := &kluwen.ProgressNote{GoalID: gid, Text: f.Get("text")}
	f.mergeErr(n.Validate())
	if !f.Invalid() {
		err := s.svc.Plan.AddProgressNote(r.Context(), n)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", id, "/doelen/", strconv.FormatInt(gid, 10)), "voortgang")+"#voortgang")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.goalPage(w, r, c, statusInvalidForm, f)
}

// Actions.

var actionFields = []string{"goalId", "description", "owner", "kind", "dueDate", "confidentiality", "status"}

type actionFormData struct {
	Case      *kluwen.Case
	Action    *kluwen.Action // nil for a new action
	Decision  *kluwen.Decision
	Form      *Form
	Goals     []option
	Owners    []option
	Kinds     []option
	Statuses  []option
	Confident []option
	PostTo    string // where the form posts
}

func actionKindOptions() []option {
	hints := map[kluwen.ActionKind]string{
		kluwen.KindPrevention: "Voorkomen dat problemen ontstaan of erger worden.",
		kluwen.KindCare:       "Hulp, zorg en ondersteuning.",
		kluwen.KindCoercion:   "Drang, dwang of straf, zoals een maatregel of een aanhouding.",
	}
	var opts []option
	for _, k := range kluwen.ActionKinds {
		opts = append(opts, option{Value: string(k), Label: k.Label(), Hint: hints[k]})
	}
	return opts
}

// ownerValue is the value of an owner option: organisation and user.
func ownerValue(org, user int64) string {
	return strconv.FormatInt(org, 10) + ":" + strconv.FormatInt(user, 10)
}

// ownerOptions lists who may own an action of the case: the active regisseurs
// and professionals of the case's organisation and of the partners involved
// today.
func (s *Server) ownerOptions(r *http.Request, cs *kluwen.Case) ([]option, error) {
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
	opts := []option{{Value: "", Label: "Kies een partner en medewerker"}}
	for _, org := range orgs {
		for _, u := range users {
			if u.OrganisationID == org && !u.Disabled && (u.Role == kluwen.RoleRegisseur || u.Role == kluwen.RoleProfessional) {
				opts = append(opts, option{Value: ownerValue(org, u.ID), Label: nm.Org(org) + " – " + u.DisplayName})
			}
		}
	}
	return opts, nil
}

// owner reads the owner input into organisation and user.
func (f *Form) owner(name string) (org, user int64) {
	v := f.Get(name)
	if v == "" {
		return 0, 0
	}
	o, u, ok := strings.Cut(v, ":")
	org, err1 := strconv.ParseInt(o, 10, 64)
	user, err2 := strconv.ParseInt(u, 10, 64)
	if !ok || err1 != nil || err2 != nil || org <= 0 || user < 0 {
		f.fail(name, "Kies een partner en medewerker uit de lijst.")
		return 0, 0
	}
	return org, user
}

func actionForm() *Form {
	return newForm(actionFields...).Map("organisationId", "owner").Map("ownerUserId", "owner").Map("conferenceId", "goalId")
}

// actionFormPage renders the action form: a new action (a nil), a change of a,
// or the action a decision becomes (dec set, posted to decisionPost).
func (s *Server) actionFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, cw *caseWork, a *kluwen.Action, dec *kluwen.Decision, f *Form, decisionPost string) error {
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	owners, err := s.ownerOptions(r, cw.Case)
	if err != nil {
		return err
	}
	d := &actionFormData{Case: cw.Case, Action: a, Decision: dec, Form: f, Owners: owners, Kinds: actionKindOptions(),
		Confident: confidentialityOptions("de actie"), PostTo: idPath("/casussen", cw.Case.ID, "/acties")}
	d.Goals = []option{{Value: "", Label: "Kies het doel"}}
	for _, g := range p.Goals {
		if g.Status == kluwen.GoalOpen || (a != nil && a.GoalID == g.ID) {
			d.Goals = append(d.Goals, option{Value: strconv.FormatInt(g.ID, 10), Label: g.Domain.Label() + ": " + shorten(g.Description, 80)})
		}
	}
	title := "Actie toevoegen"
	switch {
	case a != nil:
		title = "Actie wijzigen"
		d.PostTo = idPath("/casussen", cw.Case.ID, "/acties/", strconv.FormatInt(a.ID, 10), "/bewerken")
		d.Statuses = []option{{Value: string(a.Status), Label: a.Status.Label() + " (nu)"}}
		for _, st := range a.Status.NextStatuses() {
			d.Statuses = append(d.Statuses, option{Value: string(st), Label: st.Label()})
		}
	case dec != nil:
		title = "Actie maken van een besluit"
		d.PostTo = decisionPost
	}
	s.render(w, r, c, status, "action_form", title, d)
	return nil
}

// shorten cuts s to at most n characters, with an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (s *Server) actionNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	f := actionForm()
	f.Set("confidentiality", string(kluwen.Normal))
	if g := queryID(r.URL.Query(), "doel"); g != nil {
		f.Set("goalId", strconv.FormatInt(*g, 10))
	}
	return s.actionFormPage(w, r, c, http.StatusOK, cw, nil, nil, f, "")
}

// actionFromForm reads the action form. The plan, when given, supplies the
// date the action's goal was made, so that a due date before it is reported
// with the other mistakes.
func (s *Server) actionFromForm(f *Form, p *kluwen.Plan) *kluwen.Action {
	a := &kluwen.Action{
		GoalID:          f.id("goalId", "Kies het doel uit de lijst."),
		Description:     f.Get("description"),
		Kind:            kluwen.ActionKind(f.Get("kind")),
		DueDate:         f.date("dueDate", "de datum waarop de actie klaar moet zijn"),
		Confidentiality: kluwen.Confidentiality(f.Get("confidentiality")),
		Status:          kluwen.ActionStatus(f.Get("status")),
	}
	a.OrganisationID, a.OwnerUserID = f.owner("owner")
	if a.OrganisationID == 0 && f.Get("owner") == "" {
		f.fail("owner", "Kies de partner en de medewerker die de actie uitvoert.")
	}
	var madeOn time.Time
	if p != nil {
		for _, g := range p.Goals {
			if g.ID == a.GoalID {
				madeOn = kluwen.DateOf(g.CreatedAt.In(s.tz))
			}
		}
	}
	f.mergeErr(a.Validate(madeOn))
	return a
}

func (s *Server) actionCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
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
		err := s.svc.Plan.CreateAction(r.Context(), a)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "actie")+"#actie-"+strconv.FormatInt(a.ID, 10))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.actionFormPage(w, r, c, statusInvalidForm, cw, nil, nil, f, "")
}

func actionToForm(a *kluwen.Action) *Form {
	f := actionForm()
	f.Set("goalId", strconv.FormatInt(a.GoalID, 10))
	f.Set("description", a.Description)
	f.Set("owner", ownerValue(a.OrganisationID, a.OwnerUserID))
	f.Set("kind", string(a.Kind))
	f.Set("dueDate", a.DueDate.Format(kluwen.DateLayout))
	f.Set("confidentiality", string(a.Confidentiality))
	f.Set("status", string(a.Status))
	return f
}

func (s *Server) actionEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	_, a, err := findAction(p, r, "aid")
	if err != nil {
		return err
	}
	return s.actionFormPage(w, r, c, http.StatusOK, cw, a, nil, actionToForm(a), "")
}

func (s *Server) actionUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	_, old, err := findAction(p, r, "aid")
	if err != nil {
		return err
	}
	f := actionForm().read(r)
	f.Set("goalId", strconv.FormatInt(old.GoalID, 10)) // an action stays under its goal
	a := s.actionFromForm(f, p)
	if !f.Invalid() {
		u := kluwen.ActionUpdate{Description: &a.Description, OrganisationID: &a.OrganisationID, OwnerUserID: &a.OwnerUserID,
			Kind: &a.Kind, DueDate: &a.DueDate, Confidentiality: &a.Confidentiality}
		if a.Status != old.Status {
			u.Status = &a.Status
		}
		_, err := s.svc.Plan.UpdateAction(r.Context(), old.ID, u)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID, "/acties/", strconv.FormatInt(old.ID, 10)), "opgeslagen"))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.actionFormPage(w, r, c, statusInvalidForm, cw, old, nil, f, "")
}

type actionShowData struct {
	*caseWork
	Goal     *kluwen.Goal
	Action   *kluwen.Action
	Plan     *planView
	Names    *names
	Versions []versionView
	CanWork  bool // the user may move the status and note progress
	Status   *Form
	Statuses []option
	Note     *Form
}

// actionPage renders an action's page; failed is the status or note form that
// was posted and found wanting, if any.
func (s *Server) actionPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, failedStatus, failedNote *Form) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	_, persons, err := s.casePersons(r, cw.Case)
	if err != nil {
		return err
	}
	p, err := s.svc.Plan.FindPlan(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	g, a, err := findAction(p, r, "aid")
	if err != nil {
		return err
	}
	history, err := s.svc.Plan.FindPlanHistory(r.Context(), cw.Case.ID)
	if err != nil {
		return err
	}
	nm := s.names(r.Context())
	d := &actionShowData{caseWork: cw, Goal: g, Action: a, Plan: &planView{Plan: p, Persons: persons, Today: s.today()}, Names: nm,
		Versions: versionViews(history, g.ID, a.ID, nm, persons)}
	// As kluwen.ActionWorkBasis: a coordinator, or the owning partner, on an open case.
	d.CanWork = !p.Closed && (cw.CanCoordinate || c.actor.OrganisationID == a.OrganisationID &&
		(c.actor.Role == kluwen.RoleRegisseur || c.actor.Role == kluwen.RoleProfessional))
	if d.CanWork {
		d.Status, d.Note = failedStatus, failedNote
		if d.Status == nil {
			d.Status = newForm("status")
		}
		if d.Note == nil {
			d.Note = newForm("text")
		}
		d.Statuses = []option{{Value: "", Label: "Kies de nieuwe status"}}
		for _, st := range a.Status.NextStatuses() {
			d.Statuses = append(d.Statuses, option{Value: string(st), Label: st.Label()})
		}
	}
	s.render(w, r, c, status, "action_show", "Actie", d)
	return nil
}

func (s *Server) actionShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.actionPage(w, r, c, http.StatusOK, nil, nil)
}

// actionStatus moves an action to another status: the coordinators and the
// owning partner may.
func (s *Server) actionStatus(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	f := newForm("status").read(r)
	st := kluwen.ActionStatus(f.Get("status"))
	if !st.Valid() {
		f.fail("status", "Kies de nieuwe status uit de lijst.")
	} else {
		_, err := s.svc.Plan.UpdateAction(r.Context(), aid, kluwen.ActionUpdate{Status: &st})
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", id, "/acties/", strconv.FormatInt(aid, 10)), "opgeslagen"))
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.actionPage(w, r, c, statusInvalidForm, f, nil)
}

func (s *Server) actionNote(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	f := newForm("text").read(r)
	n := &kluwen.ProgressNote{ActionID: &aid, Text: f.Get("text")}
	f.mergeErr(n.Validate())
	if !f.Invalid() {
		err := s.svc.Plan.AddProgressNote(r.Context(), n)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", id, "/acties/", strconv.FormatInt(aid, 10)), "voortgang")+"#voortgang")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	return s.actionPage(w, r, c, statusInvalidForm, nil, f)
}

// planPDF sends the plan for the family as a PDF. The service logs the print as
// an export; the file is built in memory first, so that a failure gives an
// error page and not half a file.
func (s *Server) planPDF(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	fp, err := s.svc.Plan.FamilyPlan(r.Context(), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := pdf.WritePlan(&buf, fp); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", pdf.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+pdf.Filename(fp)+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}
