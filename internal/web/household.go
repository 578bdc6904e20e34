package web

import (
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// Households: the list and search, registering one, its page with members,
// cases and family, editing its address, and its members coming and going.

type householdListData struct {
	Households []*kluwen.Household
	Query      string
	Searched   bool
	Pager      *pager
	NextAfter  int64 // the next page of a search, posted again with the query
	CanCreate  bool
}

func (s *Server) householdList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var after int64
	if id := queryID(r.URL.Query(), "na"); id != nil {
		after = *id
	}
	hs, err := s.svc.Households.FindHouseholds(r.Context(), kluwen.HouseholdFilter{AfterID: after, Limit: pageSize + 1})
	if err != nil {
		return err
	}
	d := &householdListData{CanCreate: c.actor.Can(kluwen.PermRegisterHousehold), Pager: &pager{}}
	if after > 0 {
		d.Pager.First = "/huishoudens"
	}
	if len(hs) > pageSize {
		hs = hs[:pageSize]
		d.Pager.Next = "/huishoudens?na=" + strconv.FormatInt(hs[len(hs)-1].ID, 10)
	}
	d.Households = hs
	s.render(w, r, c, http.StatusOK, "household_list", "Huishoudens", d)
	return nil
}

// householdSearch searches by a POST, so that what was searched for (a name, an
// address) never ends up in a URL or a server's access log.
func (s *Server) householdSearch(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.PostForm.Get("q")
	var after int64
	if id := queryID(r.PostForm, "na"); id != nil {
		after = *id
	}
	hs, err := s.svc.Households.FindHouseholds(r.Context(), kluwen.HouseholdFilter{Query: q, AfterID: after, Limit: pageSize + 1})
	if err != nil {
		return err
	}
	d := &householdListData{Query: q, Searched: true, CanCreate: c.actor.Can(kluwen.PermRegisterHousehold), Pager: &pager{}}
	if len(hs) > pageSize {
		hs = hs[:pageSize]
		d.NextAfter = hs[len(hs)-1].ID
	}
	d.Households = hs
	s.render(w, r, c, http.StatusOK, "household_list", "Huishoudens zoeken", d)
	return nil
}

// The household form.

var householdFields = []string{"street", "houseNumber", "houseNumberAddition", "postcode", "city", "wijk"}

type householdFormData struct {
	Form      *Form
	Household *kluwen.Household // nil when registering a new one
}

func householdForm(h *kluwen.Household) *Form {
	f := newForm(householdFields...)
	if h != nil {
		f.Set("street", h.Street)
		f.Set("houseNumber", strconv.Itoa(h.HouseNumber))
		f.Set("houseNumberAddition", h.HouseNumberAddition)
		f.Set("postcode", h.Postcode)
		f.Set("city", h.City)
		f.Set("wijk", h.Wijk)
	}
	return f
}

// householdFromForm reads the form into a household and records every problem,
// the web layer's and the domain's, on the form.
func householdFromForm(f *Form) *kluwen.Household {
	h := &kluwen.Household{
		Street:              f.Get("street"),
		HouseNumber:         f.int("houseNumber", "Vul het huisnummer in met alleen cijfers, zoals 12. Een toevoeging vult u apart in."),
		HouseNumberAddition: f.Get("houseNumberAddition"),
		Postcode:            f.Get("postcode"),
		City:                f.Get("city"),
		Wijk:                f.Get("wijk"),
	}
	f.mergeErr(h.Validate())
	return h
}

func (s *Server) householdNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.render(w, r, c, http.StatusOK, "household_form", "Huishouden registreren", &householdFormData{Form: householdForm(nil)})
	return nil
}

func (s *Server) householdCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := householdForm(nil).read(r)
	h := householdFromForm(f)
	if !f.Invalid() {
		err := s.svc.Households.CreateHousehold(r.Context(), h)
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", h.ID), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "household_form", "Huishouden registreren", &householdFormData{Form: f})
	return nil
}

func (s *Server) householdEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "household_form", "Adres wijzigen", &householdFormData{Form: householdForm(h), Household: h})
	return nil
}

func (s *Server) householdUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := householdForm(nil).read(r)
	h := householdFromForm(f)
	if !f.Invalid() {
		_, err := s.svc.Households.UpdateHousehold(r.Context(), id, kluwen.HouseholdUpdate{
			Street: &h.Street, HouseNumber: &h.HouseNumber, HouseNumberAddition: &h.HouseNumberAddition,
			Postcode: &h.Postcode, City: &h.City, Wijk: &h.Wijk,
		})
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", id), "opgeslagen"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	h.ID = id
	s.render(w, r, c, statusInvalidForm, "household_form", "Adres wijzigen", &householdFormData{Form: f, Household: h})
	return nil
}

// The household's page.

type householdShowData struct {
	Household *kluwen.Household
	Current   []*kluwen.Membership
	Former    []*kluwen.Membership
	Cases     []*kluwen.Case
	Family    []familyGroup
	Names     *names
	CanEdit   bool
	CanOpen   bool
	Today     time.Time

	// The case work: the latest signals and the form to add one (nil when the
	// user adds none), the start of the timeline, the assessment matrix with the
	// problem domains offered as goals.
	Signals      []*kluwen.Signal
	PersonNames  map[int64]string
	SignalForm   *Form
	SignalTypes  []option
	Members      []option
	Domains      []option
	Severities   []option
	Confidential []option
	Timeline     *timelineView
	Matrix       *matrixView
	Problems     []problemView
	CanAssess    bool
}

// familyGroup is one generation of the family view.
type familyGroup struct {
	Generation int
	Label      string
	Members    []*kluwen.FamilyMember
}

func generationLabel(g int) string {
	switch g {
	case -2:
		return "Grootouders"
	case -1:
		return "Ouders"
	case 0:
		return "Huishouden"
	case 1:
		return "Kinderen"
	case 2:
		return "Kleinkinderen"
	}
	if g < 0 {
		return "Voorouders (" + strconv.Itoa(-g) + " generaties terug)"
	}
	return "Nakomelingen (" + strconv.Itoa(g) + " generaties verder)"
}

// groupFamily groups the family by generation, oldest first; within a
// generation the household's own members first.
func groupFamily(f *kluwen.Family) []familyGroup {
	if f == nil {
		return nil
	}
	by := map[int][]*kluwen.FamilyMember{}
	for _, m := range f.Members {
		by[m.Generation] = append(by[m.Generation], m)
	}
	gens := make([]int, 0, len(by))
	for g := range by {
		gens = append(gens, g)
	}
	sort.Ints(gens)
	out := make([]familyGroup, 0, len(gens))
	for _, g := range gens {
		ms := by[g]
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].InHousehold && !ms[j].InHousehold })
		out = append(out, familyGroup{Generation: g, Label: generationLabel(g), Members: ms})
	}
	return out
}

func (s *Server) householdShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.showHousehold(w, r, c, http.StatusOK, id, nil)
}

// householdTimelineItems is how many items of the timeline the household's page
// shows; the rest are on the timeline's own page.
const householdTimelineItems = 10

// showHousehold renders a household's page; signalForm is the signal form that
// was posted and found wanting, if any.
func (s *Server) showHousehold(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, id int64, signalForm *Form) error {
	ctx := r.Context()
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	today := s.today()
	d := &householdShowData{Household: h, Names: s.names(ctx), Today: today, CanOpen: c.actor.Can(kluwen.PermOpenCase),
		PersonNames: memberNames(h), CanAssess: canContribute(c.actor)}
	for _, m := range h.Members {
		if m.Current(today) || m.From.After(today) {
			d.Current = append(d.Current, m)
		} else {
			d.Former = append(d.Former, m)
		}
	}
	// The household may be read: the rest of the page is read side by side.
	var (
		fam   *kluwen.Family
		types []*kluwen.SignalType
		page  *kluwen.TimelinePage
		m     *kluwen.AssessmentMatrix
	)
	err = parallel(
		func() error {
			cases, err := s.svc.Cases.FindCases(ctx, kluwen.CaseFilter{HouseholdID: &id})
			if err != nil {
				return err
			}
			for _, cs := range cases {
				full, err := s.svc.Cases.FindCaseByID(ctx, cs.ID)
				if err != nil {
					return err
				}
				d.Cases = append(d.Cases, full)
			}
			return nil
		},
		func() (err error) { fam, err = s.svc.Households.FindFamily(ctx, id); return err },
		func() (err error) {
			d.Signals, err = s.svc.Signals.FindSignals(ctx, kluwen.SignalFilter{HouseholdID: id, Limit: householdSignals})
			return err
		},
		func() (err error) {
			if canContribute(c.actor) {
				types, err = s.svc.Signals.FindSignalTypes(ctx, false)
			}
			return err
		},
		func() (err error) {
			page, err = s.svc.Timeline.HouseholdTimeline(ctx, id, kluwen.TimelineFilter{Limit: householdTimelineItems})
			return err
		},
		func() (err error) { m, err = s.svc.Assessments.HouseholdMatrix(ctx, id, 0); return err },
		func() error { d.Names.Org(0); return nil }, // the organisations' names, read once
	)
	if err != nil {
		return err
	}
	d.CanEdit = canChangeHousehold(c.actor, h, d.Cases)
	d.Family = groupFamily(fam)
	if canContribute(c.actor) {
		d.SignalTypes = signalTypeOptions(types)
		d.SignalForm = signalForm
		if d.SignalForm == nil {
			d.SignalForm = s.newSignalForm()
		}
		d.Members = append([]option{{Value: "", Label: "Het hele huishouden"}}, s.currentMembers(h)...)
		d.Domains = lifeDomainOptions("Het leefgebied van het soort signaal")
		d.Severities = severityOptions()
		d.Confidential = confidentialityOptions("het signaal")
	}
	d.Timeline = &timelineView{ID: "tijdlijn", Items: page.Items, Persons: d.PersonNames}
	d.Matrix = newMatrixView("matrix", m)
	d.Problems = problemViews(m, goalCase(c.actor, d.Cases))
	s.render(w, r, c, status, "household_show", "Huishouden "+strconv.FormatInt(h.ID, 10), d)
	return nil
}

// canChangeHousehold mirrors kluwen.HouseholdWriteBasis with what the page
// knows, to show the buttons of changes the service will allow: a regisseur
// whose organisation registered the household or coordinates an open case of it.
// The service decides; this only spares the user a button that leads to "no".
func canChangeHousehold(a *kluwen.Actor, h *kluwen.Household, cases []*kluwen.Case) bool {
	if a == nil || a.Role != kluwen.RoleRegisseur {
		return false
	}
	if h.RegisteredByOrgID == a.OrganisationID {
		return true
	}
	for _, cs := range cases {
		if cs.Status != kluwen.CaseAfgesloten && (cs.RegisseurID == a.UserID || cs.OrganisationID == a.OrganisationID) {
			return true
		}
	}
	return false
}

// Members.

var memberFields = []string{"keuze", "personId", "givenName", "familyNamePrefix", "familyName", "birthDate", "bsn", "role", "from"}

type memberFormData struct {
	Household *kluwen.Household
	Form      *Form
	Choices   []option
	Roles     []option
}

func memberRoleOptions() []option {
	opts := []option{{Value: "", Label: "Kies een rol"}}
	for _, mr := range kluwen.MemberRoles {
		opts = append(opts, option{Value: string(mr), Label: mr.Label()})
	}
	return opts
}

func (s *Server) memberForm(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, h *kluwen.Household, f *Form) {
	d := &memberFormData{Household: h, Form: f, Roles: memberRoleOptions(), Choices: []option{
		{Value: "bestaand", Label: "Een persoon die al in Kluwen staat"},
		{Value: "nieuw", Label: "Een nieuwe persoon"},
	}}
	s.render(w, r, c, status, "member_form", "Lid toevoegen", d)
}

func (s *Server) memberNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), id)
	if err != nil {
		return err
	}
	f := newForm(memberFields...)
	f.Set("from", s.today().Format(kluwen.DateLayout))
	if p := queryID(r.URL.Query(), "persoon"); p != nil {
		f.Set("keuze", "bestaand")
		f.Set("personId", strconv.FormatInt(*p, 10))
	}
	s.memberForm(w, r, c, http.StatusOK, h, f)
	return nil
}

// memberCreate adds a member: an existing person, or a new one registered in the
// same form and the same transaction, so that nothing is stored unless both are.
func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := newForm(memberFields...).read(r)
	m := &kluwen.Membership{HouseholdID: id, Role: kluwen.MemberRole(f.Get("role")), From: f.date("from", "de datum vanaf wanneer de persoon hier woont")}
	var p *kluwen.Person
	switch f.Get("keuze") {
	case "bestaand":
		m.PersonID = f.id("personId", "Vul het persoonsnummer in met alleen cijfers, zoals 12.")
	case "nieuw":
		p = &kluwen.Person{
			GivenName: f.Get("givenName"), FamilyNamePrefix: f.Get("familyNamePrefix"), FamilyName: f.Get("familyName"),
			BirthDate: f.date("birthDate", "de geboortedatum"), BSN: f.Get("bsn"),
		}
		f.mergeErr(p.Validate(s.today()))
		m.PersonID = -1 // stands for the person still to be registered
	default:
		f.fail("keuze", "Kies of u een persoon toevoegt die al in Kluwen staat, of een nieuwe persoon.")
	}
	if err := m.Validate(); err != nil {
		for _, fe := range kluwen.ErrorFields(err) {
			if fe.Field == "personId" && f.Get("keuze") != "bestaand" {
				continue
			}
			f.fail(fe.Field, fe.Message)
		}
	}
	if !f.Invalid() {
		var err error
		if p != nil {
			m.PersonID = 0
			err = s.svc.Households.AddNewMember(ctx, p, m)
		} else {
			err = s.svc.Households.AddMember(ctx, m)
		}
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", id), "lid"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	s.memberForm(w, r, c, statusInvalidForm, h, f)
	return nil
}

type memberEndData struct {
	Household  *kluwen.Household
	Membership *kluwen.Membership
	Form       *Form
}

// findMembership returns the household and its membership mid, or ENOTFOUND.
func (s *Server) findMembership(r *http.Request) (*kluwen.Household, *kluwen.Membership, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	mid, err := pathID(r, "mid")
	if err != nil {
		return nil, nil, err
	}
	h, err := s.svc.Households.FindHouseholdByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	for _, m := range h.Members {
		if m.ID == mid {
			return h, m, nil
		}
	}
	return nil, nil, kluwen.Errorf(kluwen.ENOTFOUND, "Het lidmaatschap bestaat niet.")
}

func (s *Server) memberEndForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	h, m, err := s.findMembership(r)
	if err != nil {
		return err
	}
	f := newForm("to")
	f.Set("to", s.today().Format(kluwen.DateLayout))
	s.render(w, r, c, http.StatusOK, "member_end", "Lidmaatschap beëindigen", &memberEndData{Household: h, Membership: m, Form: f})
	return nil
}

func (s *Server) memberEnd(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	h, m, err := s.findMembership(r)
	if err != nil {
		return err
	}
	f := newForm("to").read(r)
	to := f.date("to", "de laatste dag dat de persoon hier woonde")
	if f.Get("to") == "" {
		f.fail("to", "Vul de laatste dag in dat de persoon hier woonde.")
	}
	if !f.Invalid() {
		tp := &to
		_, err := s.svc.Households.UpdateMembership(r.Context(), m.ID, kluwen.MembershipUpdate{To: &tp})
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", h.ID), "lid-beeindigd"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "member_end", "Lidmaatschap beëindigen", &memberEndData{Household: h, Membership: m, Form: f})
	return nil
}
