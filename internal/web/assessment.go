package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// Assessments of self-reliance (the Zelfredzaamheid-Matrix by default): the
// household's matrix of members × domains with the latest scores and their
// change, the course per domain as a chart with its numbers in a table, the
// form to assess one member, and the admin's screens for the criteria texts.
// Problem domains are offered as goals of the plan: "Maak doel" opens the goal
// form filled in with the domain and the person.

// matrixCell is one member × domain of the matrix as shown.
type matrixCell struct {
	Score      int
	Label      string
	Class      int // 1 (worst) to 5 (best): the colour of the cell, next to the text
	Date       time.Time
	HasChange  bool
	Direction  string // op, neer, gelijk
	Arrow      string
	ChangeText string
}

type matrixRow struct {
	PersonID int64
	Name     string
	Cells    []matrixCell // in the order of the instrument's domains
}

// matrixView is the "matrix" partial's argument.
type matrixView struct {
	ID, Caption string
	Instrument  *kluwen.Instrument
	Domains     []*kluwen.InstrumentDomain
	Rows        []matrixRow
}

// problemView is a problem domain offered as a goal.
type problemView struct {
	PersonID   int64
	Name       string
	DomainName string
	Score      int
	Label      string
	AssessedOn time.Time
	GoalURL    string // "" when the user makes no goals for this household
}

// levelClass places a level on the five colours, lowest level 1, highest 5,
// also for an instrument with another number of levels.
func levelClass(in *kluwen.Instrument, level int) int {
	lo, hi := 0, 0
	for i, l := range in.Levels {
		if i == 0 || l.Level < lo {
			lo = l.Level
		}
		if i == 0 || l.Level > hi {
			hi = l.Level
		}
	}
	if hi <= lo {
		return 3
	}
	return 1 + (level-lo)*4/(hi-lo)
}

func levelLabel(in *kluwen.Instrument, level int) string {
	if l := in.Level(level); l != nil {
		return l.Label
	}
	return ""
}

// newMatrixView turns the service's matrix into what the page shows.
func newMatrixView(id string, m *kluwen.AssessmentMatrix) *matrixView {
	v := &matrixView{ID: id, Caption: "Zelfredzaamheid per lid: de laatste score per leefgebied (" + m.Instrument.Name + ")",
		Instrument: m.Instrument, Domains: m.Instrument.Domains}
	for _, r := range m.Rows {
		row := matrixRow{PersonID: r.PersonID, Name: personName(r.Person, r.PersonID)}
		for _, d := range m.Instrument.Domains {
			cell := matrixCell{}
			if mc := r.Cell(d.Code); mc != nil && mc.Latest != nil {
				cell.Score, cell.Date = mc.Latest.Score, mc.Latest.Date
				cell.Label, cell.Class = levelLabel(m.Instrument, cell.Score), levelClass(m.Instrument, cell.Score)
				if delta, ok := mc.Change(); ok {
					cell.HasChange = true
					was := " (was " + strconv.Itoa(mc.Previous.Score) + ")"
					switch {
					case delta > 0:
						cell.Direction, cell.Arrow, cell.ChangeText = "op", "↑", strconv.Itoa(delta)+" hoger"+was
					case delta < 0:
						cell.Direction, cell.Arrow, cell.ChangeText = "neer", "↓", strconv.Itoa(-delta)+" lager"+was
					default:
						cell.Direction, cell.Arrow, cell.ChangeText = "gelijk", "=", "gelijk"+was
					}
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// goalCase returns the open case of the household that the user coordinates
// (mirroring kluwen.CaseCoordinateBasis), to make goals in; 0 when there is none.
func goalCase(a *kluwen.Actor, cases []*kluwen.Case) int64 {
	if a == nil || a.Role != kluwen.RoleRegisseur {
		return 0
	}
	for _, cs := range cases {
		if cs.Status != kluwen.CaseAfgesloten && cs.RegisseurID == a.UserID {
			return cs.ID
		}
	}
	for _, cs := range cases {
		if cs.Status != kluwen.CaseAfgesloten && cs.OrganisationID == a.OrganisationID {
			return cs.ID
		}
	}
	return 0
}

// problemViews lists the problem domains of the matrix, each with the link
// that opens the goal form of case caseID filled in (none when caseID is 0).
func problemViews(m *kluwen.AssessmentMatrix, caseID int64) []problemView {
	names := map[int64]string{}
	for _, r := range m.Rows {
		names[r.PersonID] = personName(r.Person, r.PersonID)
	}
	var out []problemView
	for _, p := range m.ProblemDomains() {
		pv := problemView{PersonID: p.PersonID, Name: names[p.PersonID], DomainName: p.DomainName, Score: p.Score,
			Label: levelLabel(m.Instrument, p.Score), AssessedOn: p.AssessedOn}
		if caseID > 0 {
			q := url.Values{"persoon": {strconv.FormatInt(p.PersonID, 10)}, "meting": {strconv.FormatInt(p.AssessmentID, 10)}}
			if p.LifeDomain.Valid() {
				q.Set("leefgebied", p.LifeDomain.Code())
			}
			pv.GoalURL = idPath("/casussen", caseID, "/doelen/nieuw?"+q.Encode())
		}
		out = append(out, pv)
	}
	return out
}

// The overview of a household's assessments.

// domainCourse is the course of one domain: a chart and its numbers.
type domainCourse struct {
	Domain *kluwen.InstrumentDomain
	Chart  *lineChart
	Rows   []courseRow
}

type courseRow struct {
	Date  time.Time
	Name  string
	Score int
	Label string
}

type assessmentOverviewData struct {
	Household   *kluwen.Household
	Matrix      *matrixView
	Problems    []problemView
	Courses     []domainCourse
	Assessments []*kluwen.Assessment
	Names       map[int64]string
	Assessors   *names
	Members     []option // current members, for "Meting toevoegen"
	CanAssess   bool
}

// courses builds one chart per domain with a score, each series a member.
func courses(m *kluwen.AssessmentMatrix) []domainCourse {
	lo, hi := 0, 0
	for i, l := range m.Instrument.Levels {
		if i == 0 || l.Level < lo {
			lo = l.Level
		}
		if i == 0 || l.Level > hi {
			hi = l.Level
		}
	}
	var out []domainCourse
	for _, d := range m.Instrument.Domains {
		dc := domainCourse{Domain: d}
		var series []chartSeries
		for _, r := range m.Rows {
			mc := r.Cell(d.Code)
			if mc == nil || len(mc.Series) == 0 {
				continue
			}
			name := personName(r.Person, r.PersonID)
			s := chartSeries{Name: name}
			for _, p := range mc.Series {
				s.Values = append(s.Values, datedValue{Date: p.Date, Value: p.Score})
				dc.Rows = append(dc.Rows, courseRow{Date: p.Date, Name: name, Score: p.Score, Label: levelLabel(m.Instrument, p.Score)})
			}
			series = append(series, s)
		}
		if len(series) == 0 {
			out = append(out, dc)
			continue
		}
		sortCourseRows(dc.Rows)
		desc := "Scores van " + strconv.Itoa(lo) + " (laagste) tot " + strconv.Itoa(hi) + " (hoogste) door de tijd, per lid. De cijfers staan in de tabel ernaast."
		dc.Chart = newLineChart("verloop-"+d.Code, "Verloop van "+d.NameNL, desc, lo, hi, series)
		out = append(out, dc)
	}
	return out
}

func sortCourseRows(rows []courseRow) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && rows[j].Date.Before(rows[j-1].Date); j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// currentMembers lists the current members of h as options.
func (s *Server) currentMembers(h *kluwen.Household) []option { return s.memberOptions(h, false) }

// memberOptions lists the members of h as options, each person once: the
// current members and, with former, after them those who left, with the last
// day they belonged to it. Members still to come are left out.
func (s *Server) memberOptions(h *kluwen.Household, former bool) []option {
	today := s.today()
	var opts, left []option
	seen := map[int64]bool{}
	for _, m := range h.Members {
		if m.Current(today) && !seen[m.PersonID] {
			seen[m.PersonID] = true
			opts = append(opts, option{Value: strconv.FormatInt(m.PersonID, 10), Label: personName(m.Person, m.PersonID)})
		}
	}
	if !former {
		return opts
	}
	// The memberships come in order of their start: the last one a former
	// member had is the one to name.
	for i := len(h.Members) - 1; i >= 0; i-- {
		m := h.Members[i]
		if !seen[m.PersonID] && m.To != nil && m.To.Before(today) {
			seen[m.PersonID] = true
			left = append(left, option{Value: strconv.FormatInt(m.PersonID, 10), Label: personName(m.Person, m.PersonID) + " (tot en met " + dutchDate(*m.To) + ")"})
		}
	}
	return append(opts, left...)
}

func (s *Server) assessmentOverview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	m, err := s.svc.Assessments.HouseholdMatrix(ctx, id, 0)
	if err != nil {
		return err
	}
	as, err := s.svc.Assessments.FindAssessments(ctx, kluwen.AssessmentFilter{HouseholdID: id, Limit: 200})
	if err != nil {
		return err
	}
	cases, err := s.svc.Cases.FindCases(ctx, kluwen.CaseFilter{HouseholdID: &id})
	if err != nil {
		return err
	}
	d := &assessmentOverviewData{Household: h, Matrix: newMatrixView("matrix", m), Problems: problemViews(m, goalCase(c.actor, cases)),
		Courses: courses(m), Assessments: as, Names: memberNames(h), Assessors: s.names(ctx), Members: s.currentMembers(h),
		CanAssess: canContribute(c.actor)}
	s.render(w, r, c, http.StatusOK, "assessment_overview", "Metingen zelfredzaamheid", d)
	return nil
}

// One assessment.

type assessmentShowData struct {
	Household  *kluwen.Household
	Assessment *kluwen.Assessment
	Instrument *kluwen.Instrument
	Person     string
	Names      *names
	Scores     []scoreView
}

type scoreView struct {
	Domain string
	Score  int
	Label  string
	Class  int
	Note   string
}

func (s *Server) assessmentShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	ctx := r.Context()
	a, err := s.svc.Assessments.FindAssessmentByID(ctx, aid)
	if err != nil {
		return err
	}
	if a.HouseholdID != id {
		return kluwen.Errorf(kluwen.ENOTFOUND, "Deze meting hoort niet bij dit huishouden.")
	}
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	in, err := s.svc.Assessments.FindInstrumentByID(ctx, a.InstrumentID)
	if err != nil {
		return err
	}
	d := &assessmentShowData{Household: h, Assessment: a, Instrument: in, Person: memberNames(h)[a.PersonID], Names: s.names(ctx)}
	if d.Person == "" {
		d.Person = personName(nil, a.PersonID)
	}
	for _, dm := range in.Domains {
		sv := scoreView{Domain: dm.NameNL}
		for _, sc := range a.Scores {
			if sc.DomainCode == dm.Code {
				sv.Score, sv.Note = sc.Score, sc.Note
			}
		}
		if sv.Score > 0 {
			sv.Label, sv.Class = levelLabel(in, sv.Score), levelClass(in, sv.Score)
		}
		d.Scores = append(d.Scores, sv)
	}
	s.render(w, r, c, http.StatusOK, "assessment_show", "Meting van "+shortDate(a.Date), d)
	return nil
}

// The assessment form: per domain a radio group of the levels, each with the
// instrument's criterion as its description, and a note.

type scoreInput struct {
	Domain *kluwen.InstrumentDomain
	Score  string // the input's name: scores.<code>
	Note   string // scores.<code>.note
	Levels []option
}

type assessmentFormData struct {
	Household  *kluwen.Household
	Instrument *kluwen.Instrument
	Form       *Form
	Members    []option
	Inputs     []scoreInput
}

func assessmentForm(in *kluwen.Instrument) *Form {
	names := []string{"personId", "date"}
	for _, d := range in.Domains {
		names = append(names, "scores."+d.Code, "scores."+d.Code+".note")
	}
	names = append(names, "note")
	f := newForm(names...)
	if len(in.Domains) > 0 {
		f.Map("scores", "scores."+in.Domains[0].Code)
	}
	return f
}

func scoreInputs(in *kluwen.Instrument) []scoreInput {
	var out []scoreInput
	for _, d := range in.Domains {
		si := scoreInput{Domain: d, Score: "scores." + d.Code, Note: "scores." + d.Code + ".note"}
		for _, l := range in.Levels {
			si.Levels = append(si.Levels, option{Value: strconv.Itoa(l.Level), Label: strconv.Itoa(l.Level) + " – " + l.Label, Hint: d.Criteria[l.Level]})
		}
		si.Levels = append(si.Levels, option{Value: "", Label: "Geen score", Hint: "Dit leefgebied is niet beoordeeld."})
		out = append(out, si)
	}
	return out
}

func (s *Server) assessmentFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, h *kluwen.Household, in *kluwen.Instrument, f *Form) {
	d := &assessmentFormData{Household: h, Instrument: in, Form: f, Inputs: scoreInputs(in),
		Members: append([]option{{Value: "", Label: "Kies een lid van het huishouden"}}, s.currentMembers(h)...)}
	s.render(w, r, c, status, "assessment_form", "Meting toevoegen", d)
}

func (s *Server) assessmentNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	in, err := s.svc.Assessments.FindInstrumentByID(ctx, 0)
	if err != nil {
		return err
	}
	f := assessmentForm(in)
	f.Set("date", s.today().Format(kluwen.DateLayout))
	if p := queryID(r.URL.Query(), "persoon"); p != nil {
		f.Set("personId", strconv.FormatInt(*p, 10))
	}
	s.assessmentFormPage(w, r, c, http.StatusOK, h, in, f)
	return nil
}

func (s *Server) assessmentCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	in, err := s.svc.Assessments.FindInstrumentByID(ctx, 0)
	if err != nil {
		return err
	}
	f := assessmentForm(in).read(r)
	a := &kluwen.Assessment{HouseholdID: id, InstrumentID: in.ID, PersonID: f.id("personId", "Kies een lid van het huishouden."),
		Date: f.date("date", "de datum van de meting"), Note: f.Get("note")}
	for _, d := range in.Domains {
		sc := &kluwen.AssessmentScore{DomainCode: d.Code, Note: f.Get("scores." + d.Code + ".note")}
		sc.Score = f.int("scores."+d.Code, "Kies een niveau uit de lijst, of Geen score.")
		if sc.Score != 0 || sc.Note != "" {
			a.Scores = append(a.Scores, sc)
		}
	}
	f.mergeErr(a.Validate(in, s.today()))
	if !f.Invalid() {
		err := s.svc.Assessments.CreateAssessment(ctx, a)
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", id, "/metingen"), "meting"))
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
	s.assessmentFormPage(w, r, c, statusInvalidForm, h, in, f)
	return nil
}

// The admin's screens for instruments and their criteria.

type instrumentListData struct {
	Instruments []*kluwen.Instrument
}

func (s *Server) instrumentList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ins, err := s.svc.Assessments.FindInstruments(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "instrument_list", "Meetinstrumenten", &instrumentListData{Instruments: ins})
	return nil
}

type instrumentShowData struct {
	Instrument *kluwen.Instrument
}

func (s *Server) instrumentShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, err := s.svc.Assessments.FindInstrumentByID(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "instrument_show", in.Name, &instrumentShowData{Instrument: in})
	return nil
}

type criteriaFormData struct {
	Instrument *kluwen.Instrument
	Domain     *kluwen.InstrumentDomain
	Form       *Form
}

func criterionField(level int) string { return "criteria." + strconv.Itoa(level) }

// findInstrumentDomain returns the path's instrument and domain, or ENOTFOUND.
func (s *Server) findInstrumentDomain(r *http.Request) (*kluwen.Instrument, *kluwen.InstrumentDomain, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	in, err := s.svc.Assessments.FindInstrumentByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	d := in.Domain(r.PathValue("code"))
	if d == nil {
		return nil, nil, kluwen.Errorf(kluwen.ENOTFOUND, "Dit leefgebied bestaat niet in het meetinstrument.")
	}
	return in, d, nil
}

func criteriaForm(in *kluwen.Instrument) *Form {
	var names []string
	for _, l := range in.Levels {
		names = append(names, criterionField(l.Level))
	}
	return newForm(names...)
}

func (s *Server) criteriaEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, d, err := s.findInstrumentDomain(r)
	if err != nil {
		return err
	}
	f := criteriaForm(in)
	for _, l := range in.Levels {
		f.Set(criterionField(l.Level), d.Criteria[l.Level])
	}
	s.render(w, r, c, http.StatusOK, "criteria_form", "Criteria van "+d.NameNL, &criteriaFormData{Instrument: in, Domain: d, Form: f})
	return nil
}

// criteriaUpdate saves the changed criteria of one domain. Every text is
// checked before any is saved.
func (s *Server) criteriaUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	in, d, err := s.findInstrumentDomain(r)
	if err != nil {
		return err
	}
	f := criteriaForm(in).read(r)
	for _, l := range in.Levels {
		name := criterionField(l.Level)
		if err := kluwen.ValidateCriterion(f.Get(name)); err != nil {
			for _, fe := range kluwen.ErrorFields(err) {
				f.fail(name, "Niveau "+strconv.Itoa(l.Level)+": "+fe.Message)
			}
		}
	}
	if !f.Invalid() {
		for _, l := range in.Levels {
			name := criterionField(l.Level)
			if f.Get(name) == d.Criteria[l.Level] {
				continue
			}
			if err := s.svc.Assessments.UpdateCriterion(r.Context(), in.ID, d.Code, l.Level, f.Get(name)); err != nil {
				if !f.setError(err) {
					return err
				}
				break
			}
		}
	}
	if !f.Invalid() {
		redirect(w, r, withNotice(idPath("/beheer/instrumenten", in.ID), "opgeslagen")+"#domein-"+d.Code)
		return nil
	}
	s.render(w, r, c, statusInvalidForm, "criteria_form", "Criteria van "+d.NameNL, &criteriaFormData{Instrument: in, Domain: d, Form: f})
	return nil
}
