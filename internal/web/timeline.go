package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kluwen/kluwen"
)

// The timeline of a household: signals, case phases, assessments and the plan's
// events, newest first, filtered by a GET form that holds codes, numbers and
// dates only (never a name), and paged with the service's cursor.

// timelineView is a list of timeline items as the "timelineitems" partial shows
// it.
type timelineView struct {
	ID       string
	Items    []*kluwen.TimelineItem
	Persons  map[int64]string
	Filtered bool
}

// Person returns the name of a member, or the person's number.
func (t *timelineView) Person(id int64) string {
	if n, ok := t.Persons[id]; ok {
		return n
	}
	return "persoon " + strconv.FormatInt(id, 10)
}

// timelinePageSize is the number of items of a page of the timeline.
const timelinePageSize = 50

var timelineFields = []string{"soort", "leefgebied", "organisatie", "persoon", "van", "tot"}

type timelineData struct {
	Household     *kluwen.Household
	Form          *Form
	Timeline      *timelineView
	Kinds         []option
	Domains       []option
	Organisations []option
	Persons       []option
	Pager         *pager
}

// memberNames maps the persons who are or were members of h to their names.
func memberNames(h *kluwen.Household) map[int64]string {
	m := map[int64]string{}
	for _, ms := range h.Members {
		m[ms.PersonID] = personName(ms.Person, ms.PersonID)
	}
	return m
}

// timelineFilter reads the filter from the query; problems are recorded on the
// form, and the filter is then not used.
func (s *Server) timelineFilter(q url.Values) (*Form, kluwen.TimelineFilter) {
	f := newForm(timelineFields...).Many("soort")
	for _, n := range timelineFields {
		f.Set(n, q.Get(n))
	}
	f.SetAll("soort", q["soort"])
	var flt kluwen.TimelineFilter
	for _, k := range f.All("soort") {
		kind := kluwen.TimelineKind(k)
		if !kind.Valid() {
			f.fail("soort", "Kies soorten uit de lijst.")
			break
		}
		flt.Kinds = append(flt.Kinds, kind)
	}
	flt.LifeDomain = f.lifeDomain("leefgebied")
	flt.OrganisationID = f.id("organisatie", "Kies een organisatie uit de lijst.")
	flt.PersonID = f.id("persoon", "Kies een persoon uit de lijst.")
	flt.From = f.optDate("van", "de begindatum")
	flt.To = f.optDate("tot", "de einddatum")
	if flt.From != nil && flt.To != nil && flt.To.Before(*flt.From) {
		f.fail("tot", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
	}
	return f, flt
}

func timelineKindOptions() []option {
	opts := make([]option, 0, len(kluwen.TimelineKinds))
	for _, k := range kluwen.TimelineKinds {
		opts = append(opts, option{Value: string(k), Label: k.Label()})
	}
	return opts
}

func (s *Server) householdTimeline(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	h, err := s.svc.Households.FindHouseholdByID(ctx, id)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f, flt := s.timelineFilter(q)
	d := &timelineData{Household: h, Form: f, Kinds: timelineKindOptions(), Domains: lifeDomainOptions("Alle leefgebieden"), Pager: &pager{}}
	names := memberNames(h)
	d.Persons = []option{{Value: "", Label: "Alle personen"}}
	seen := map[int64]bool{}
	for _, m := range h.Members {
		if !seen[m.PersonID] {
			seen[m.PersonID] = true
			d.Persons = append(d.Persons, option{Value: strconv.FormatInt(m.PersonID, 10), Label: names[m.PersonID]})
		}
	}
	orgs, err := s.svc.Organisations.FindOrganisations(ctx, kluwen.OrganisationFilter{})
	if err != nil {
		return err
	}
	d.Organisations = []option{{Value: "", Label: "Alle organisaties"}}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	base := idPath("/huishoudens", id, "/tijdlijn")
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "timeline", "Tijdlijn", d)
		return nil
	}
	filterQuery := url.Values{}
	for _, n := range timelineFields {
		if v := f.Get(n); v != "" {
			filterQuery.Set(n, v)
		}
	}
	if kinds := f.All("soort"); len(kinds) > 0 {
		filterQuery["soort"] = kinds
	}
	flt.Cursor = q.Get("na")
	flt.Limit = timelinePageSize
	page, err := s.svc.Timeline.HouseholdTimeline(ctx, id, flt)
	if err != nil {
		if f.setError(err) {
			// A cursor that is not (or no longer) valid: start again.
			s.render(w, r, c, statusInvalidForm, "timeline", "Tijdlijn", d)
			return nil
		}
		return err
	}
	if flt.Cursor != "" {
		d.Pager.First = base
		if len(filterQuery) > 0 {
			d.Pager.First += "?" + filterQuery.Encode()
		}
	}
	if page.NextCursor != "" {
		next := url.Values{}
		for k, v := range filterQuery {
			next[k] = v
		}
		next.Set("na", page.NextCursor)
		d.Pager.Next = base + "?" + next.Encode()
	}
	d.Timeline = &timelineView{ID: "tijdlijn", Items: page.Items, Persons: names, Filtered: len(filterQuery) > 0}
	s.render(w, r, c, http.StatusOK, "timeline", "Tijdlijn", d)
	return nil
}
