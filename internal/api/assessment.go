package api

import (
	"sort"
	"time"

	"github.com/kluwen/kluwen"
)

// instrumentOf writes an instrument with its domains and levels, and with the
// criteria of every domain × level when criteria is true.
func instrumentOf(in *kluwen.Instrument, criteria bool) *instrumentOut {
	out := &instrumentOut{
		Links:       self("instrumenten", in.Code),
		ID:          in.ID,
		Code:        in.Code,
		Name:        in.Name,
		Description: in.Description,
		Default:     in.Default,
		Active:      in.Active,
		Domains:     make([]instrumentDomainOut, 0, len(in.Domains)),
		Levels:      make([]instrumentLevelOut, 0, len(in.Levels)),
	}
	for _, d := range in.Domains {
		do := instrumentDomainOut{Code: d.Code, Number: d.Number, NameNL: d.NameNL, NameEN: d.NameEN, Order: d.Order, LifeDomain: lifeDomainOut(d.LifeDomain)}
		if criteria {
			do.Criteria = []criterionOut{}
			for _, l := range in.Levels {
				if text, ok := d.Criteria[l.Level]; ok {
					do.Criteria = append(do.Criteria, criterionOut{Level: l.Level, Text: text})
				}
			}
		}
		out.Domains = append(out.Domains, do)
	}
	for _, l := range in.Levels {
		out.Levels = append(out.Levels, instrumentLevelOut{Level: l.Level, Label: l.Label, Problem: l.Problem})
	}
	return out
}

func (s *server) listInstruments(c *call) (*page[instrumentOut], error) {
	ins, err := s.svc.Assessments.FindInstruments(c.ctx)
	if err != nil {
		return nil, err
	}
	items := make([]instrumentOut, len(ins))
	for i, in := range ins {
		items[i] = *instrumentOf(in, false)
	}
	return pageInOrder(c, items, func(in instrumentOut) int64 { return in.ID })
}

// instrument finds an instrument by its code.
func (s *server) instrument(c *call) (*kluwen.Instrument, error) {
	ins, err := s.svc.Assessments.FindInstruments(c.ctx)
	if err != nil {
		return nil, err
	}
	for _, in := range ins {
		if in.Code == c.code("code") {
			return in, nil
		}
	}
	return nil, notFound("Dit meetinstrument bestaat niet.")
}

func (s *server) getInstrument(c *call) (*instrumentOut, error) {
	in, err := s.instrument(c)
	if err != nil {
		return nil, err
	}
	return instrumentOf(in, true), nil
}

func (s *server) updateCriterion(c *call, b *criterionPatch) (*instrumentOut, error) {
	in, err := s.instrument(c)
	if err != nil {
		return nil, err
	}
	if err := s.svc.Assessments.UpdateCriterion(c.ctx, in.ID, b.DomainCode, b.Level, b.Text); err != nil {
		return nil, err
	}
	if in, err = s.svc.Assessments.FindInstrumentByID(c.ctx, in.ID); err != nil {
		return nil, err
	}
	return instrumentOf(in, true), nil
}

// --- Assessments ---

func assessmentOf(a *kluwen.Assessment) *assessmentOut {
	out := &assessmentOut{
		Links:          self("personen", a.PersonID, "metingen", a.ID),
		ID:             a.ID,
		HouseholdID:    a.HouseholdID,
		PersonID:       a.PersonID,
		InstrumentID:   a.InstrumentID,
		Date:           dateOut(a.Date),
		UserID:         optID(a.UserID),
		OrganisationID: a.OrganisationID,
		Note:           a.Note,
		Scores:         map[string]scoreOut{},
		CreatedAt:      instant(a.CreatedAt),
	}
	for _, sc := range a.Scores {
		so := scoreOut{Note: sc.Note}
		if sc.Score != 0 {
			n := sc.Score
			so.Score = &n
		}
		out.Scores[sc.DomainCode] = so
	}
	return out
}

// personHouseholds are the households of the person in the path that the actor
// sees, or only the one the query names. A person the actor may not see does not
// exist for them.
func (s *server) personHouseholds(c *call, only *int64) ([]int64, error) {
	person := c.id("id")
	if _, err := s.svc.Persons.FindPersonByID(c.ctx, person); err != nil {
		return nil, err
	}
	hs, err := s.svc.Households.FindHouseholds(c.ctx, kluwen.HouseholdFilter{PersonID: &person, Limit: maxHouseholdsOfPerson})
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, h := range hs {
		if only == nil || *only == h.ID {
			ids = append(ids, h.ID)
		}
	}
	return ids, nil
}

// maxHouseholdsOfPerson bounds the households of one person the API looks in.
const maxHouseholdsOfPerson = 100

func (s *server) listAssessments(c *call) (*page[assessmentOut], error) {
	person := c.id("id")
	hhs, err := s.personHouseholds(c, c.queryID("huishoudenId"))
	if err != nil {
		return nil, err
	}
	var instrument int64
	if id := c.queryID("instrumentId"); id != nil {
		instrument = *id
	}
	var all []*kluwen.Assessment
	for _, hh := range hhs {
		as, err := s.svc.Assessments.FindAssessments(c.ctx, kluwen.AssessmentFilter{HouseholdID: hh, PersonID: &person, InstrumentID: instrument, Limit: maxAssessments})
		if err != nil {
			return nil, err
		}
		all = append(all, as...)
	}
	// Newest first over all households, as the service orders one.
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].Date.Equal(all[j].Date) {
			return all[i].Date.After(all[j].Date)
		}
		return all[i].ID > all[j].ID
	})
	items := make([]assessmentOut, len(all))
	for i, a := range all {
		items[i] = *assessmentOf(a)
	}
	return pageInOrder(c, items, func(a assessmentOut) int64 { return a.ID })
}

// maxAssessments is the most assessments of one person in one household the
// service returns at once (its upper bound).
const maxAssessments = 200

// createAssessment records an assessment of the person in the path. Without a
// household in the body it is made in the person's household, if the actor sees
// exactly one; else the service asks for it with the other invalid fields.
func (s *server) createAssessment(c *call, b *assessmentIn) (*assessmentOut, error) {
	a := &kluwen.Assessment{
		HouseholdID:  b.HouseholdID,
		PersonID:     c.id("id"),
		InstrumentID: b.InstrumentID,
		Date:         time.Time(b.Date),
		Note:         b.Note,
	}
	codes := make([]string, 0, len(b.Scores))
	for code := range b.Scores {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		sc := b.Scores[code]
		a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: code, Score: sc.Score, Note: sc.Note})
	}
	if a.HouseholdID == 0 {
		hhs, err := s.personHouseholds(c, nil)
		if err != nil {
			return nil, err
		}
		if len(hhs) == 1 {
			a.HouseholdID = hhs[0]
		}
	}
	if err := s.svc.Assessments.CreateAssessment(c.ctx, a); err != nil {
		return nil, err
	}
	return assessmentOf(a), nil
}

func (s *server) getAssessment(c *call) (*assessmentOut, error) {
	a, err := s.svc.Assessments.FindAssessmentByID(c.ctx, c.id("metingId"))
	if err != nil {
		return nil, err
	}
	if a.PersonID != c.id("id") {
		return nil, notFound("Deze meting bestaat niet bij deze persoon.")
	}
	return assessmentOf(a), nil
}

// --- The household's matrix and problem domains ---

func scorePointOf(p *kluwen.ScorePoint) *scorePointOut {
	if p == nil {
		return nil
	}
	return &scorePointOut{AssessmentID: p.AssessmentID, Date: dateOut(p.Date), Score: p.Score}
}

func (s *server) getMatrix(c *call) (*matrixOut, error) {
	var instrument int64
	if id := c.queryID("instrumentId"); id != nil {
		instrument = *id
	}
	m, err := s.svc.Assessments.HouseholdMatrix(c.ctx, c.id("id"), instrument)
	if err != nil {
		return nil, err
	}
	out := &matrixOut{
		Links:       self("huishoudens", m.HouseholdID, "zelfredzaamheid"),
		HouseholdID: m.HouseholdID,
		Instrument:  *instrumentOf(m.Instrument, false),
		Rows:        make([]matrixRowOut, 0, len(m.Rows)),
	}
	for _, r := range m.Rows {
		row := matrixRowOut{PersonID: r.PersonID, Cells: make([]matrixCellOut, 0, len(r.Cells))}
		if r.Person != nil {
			row.Person = personOf(r.Person)
		}
		for _, cell := range r.Cells {
			co := matrixCellOut{DomainCode: cell.DomainCode, Latest: scorePointOf(cell.Latest), Previous: scorePointOf(cell.Previous), Series: []scorePointOut{}}
			if d, ok := cell.Change(); ok {
				co.Change = &d
			}
			for _, p := range cell.Series {
				co.Series = append(co.Series, *scorePointOf(&p))
			}
			row.Cells = append(row.Cells, co)
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

func (s *server) listProblemDomains(c *call) (*page[problemDomainOut], error) {
	person := c.id("id")
	hhs, err := s.personHouseholds(c, c.queryID("huishoudenId"))
	if err != nil {
		return nil, err
	}
	items := []problemDomainOut{}
	for _, hh := range hhs {
		pds, err := s.svc.Assessments.ProblemDomains(c.ctx, hh)
		if err != nil {
			return nil, err
		}
		for _, pd := range pds {
			if pd.PersonID != person {
				continue
			}
			items = append(items, problemDomainOut{
				PersonID:     pd.PersonID,
				HouseholdID:  hh,
				DomainCode:   pd.DomainCode,
				DomainName:   pd.DomainName,
				LifeDomain:   lifeDomainOut(pd.LifeDomain),
				Score:        pd.Score,
				AssessedOn:   dateOut(pd.AssessedOn),
				AssessmentID: pd.AssessmentID,
			})
		}
	}
	return pageAt(c, items), nil
}
