package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/maatwerkcsv"
)

// Maatwerk (doorbraak): a documented deviation from a rule or protocol because
// the family needs it, recorded on the case with its outcome later; and the
// list across cases, for regisseurs (the cases they may read) and analysts
// (pseudonymised), exportable as CSV, so that rules that keep standing in the
// way become visible.

var maatwerkFields = []string{"rule", "reason", "domain", "expectedEffect", "cost", "approvedByName", "approvedByRole", "decidedOn"}

// euro writes cents as Dutch euros: € 1.234,50.
func euro(cents int64) string {
	return kluwen.Cents(cents).String()
}

// cents reads an amount in euros, written the Dutch way (1.234,50) or with a
// decimal point (1234.50); empty gives 0.
func (f *Form) cents(name string) int64 {
	v := f.Get(name)
	if v == "" {
		return 0
	}
	n, ok := parseEuro(v)
	if !ok {
		f.fail(name, "Vul de kosten in euro in, zoals 1250 of 1.250,50.")
	}
	return n
}

// parseEuro reads an amount in euros as cents: "1.250,50", "1250,5", "1250.50",
// "1.250", "€ 80".
func parseEuro(v string) (int64, bool) {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "€"))
	v = strings.ReplaceAll(v, " ", "")
	if strings.Contains(v, ",") {
		v = strings.ReplaceAll(v, ".", "")
		v = strings.Replace(v, ",", ".", 1)
	} else if i := strings.LastIndex(v, "."); i >= 0 && (strings.Count(v, ".") > 1 || len(v)-i-1 == 3) {
		v = strings.ReplaceAll(v, ".", "") // thousands: 1.250 or 1.250.000
	}
	whole, frac, _ := strings.Cut(v, ".")
	digits := func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
	}
	if whole == "" || len(whole) > 15 || len(frac) > 2 || !digits(whole) || !digits(frac) {
		return 0, false
	}
	for len(frac) < 2 {
		frac += "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil
}

type maatwerkFormData struct {
	Case    *kluwen.Case
	Form    *Form
	Domains []option
}

func (s *Server) maatwerkNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(maatwerkFields...)
	f.Set("decidedOn", s.today().Format(kluwen.DateLayout))
	s.render(w, r, c, http.StatusOK, "maatwerk_form", "Maatwerk vastleggen", &maatwerkFormData{Case: cw.Case, Form: f, Domains: lifeDomainOptions("Kies een leefgebied")})
	return nil
}

func (s *Server) maatwerkCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	f := newForm(maatwerkFields...).read(r)
	m := &kluwen.Maatwerk{
		CaseID:         cw.Case.ID,
		Rule:           f.Get("rule"),
		Reason:         f.Get("reason"),
		Domain:         f.lifeDomain("domain"),
		ExpectedEffect: f.Get("expectedEffect"),
		CostCents:      f.cents("cost"),
		ApprovedByName: f.Get("approvedByName"),
		ApprovedByRole: f.Get("approvedByRole"),
		DecidedOn:      f.date("decidedOn", "de datum van het besluit"),
	}
	f.mergeErr(m.Validate(s.today()))
	if !f.Invalid() {
		err := s.svc.Maatwerk.CreateMaatwerk(r.Context(), m)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "maatwerk")+"#maatwerk")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "maatwerk_form", "Maatwerk vastleggen", &maatwerkFormData{Case: cw.Case, Form: f, Domains: lifeDomainOptions("Kies een leefgebied")})
	return nil
}

var maatwerkOutcomeFields = []string{"outcome", "outcomeResult", "outcomeOn"}

type maatwerkOutcomeData struct {
	Case     *kluwen.Case
	Maatwerk *kluwen.Maatwerk
	Form     *Form
	Results  []option
}

func outcomeResultOptions() []option {
	var opts []option
	for _, o := range kluwen.OutcomeResults {
		opts = append(opts, option{Value: string(o), Label: o.Label()})
	}
	return opts
}

// findMaatwerk returns the path's deviation of the case.
func (s *Server) findMaatwerk(r *http.Request, cs *kluwen.Case) (*kluwen.Maatwerk, error) {
	mid, err := pathID(r, "mid")
	if err != nil {
		return nil, err
	}
	ms, err := s.svc.Maatwerk.FindMaatwerk(r.Context(), cs.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.ID == mid {
			return m, nil
		}
	}
	return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Dit maatwerk hoort niet bij deze casus.")
}

func (s *Server) maatwerkOutcomeForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	m, err := s.findMaatwerk(r, cw.Case)
	if err != nil {
		return err
	}
	f := newForm(maatwerkOutcomeFields...)
	f.Set("outcome", m.Outcome)
	f.Set("outcomeResult", string(m.OutcomeResult))
	if m.OutcomeOn != nil {
		f.Set("outcomeOn", m.OutcomeOn.Format(kluwen.DateLayout))
	} else {
		f.Set("outcomeOn", s.today().Format(kluwen.DateLayout))
	}
	s.render(w, r, c, http.StatusOK, "maatwerk_outcome", "Uitkomst van maatwerk", &maatwerkOutcomeData{Case: cw.Case, Maatwerk: m, Form: f, Results: outcomeResultOptions()})
	return nil
}

func (s *Server) maatwerkOutcome(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	m, err := s.findMaatwerk(r, cw.Case)
	if err != nil {
		return err
	}
	f := newForm(maatwerkOutcomeFields...).read(r)
	o := kluwen.MaatwerkOutcome{Outcome: f.Get("outcome"), Result: kluwen.OutcomeResult(f.Get("outcomeResult")), On: f.date("outcomeOn", "de datum van de uitkomst")}
	f.mergeErr(o.Validate(m.DecidedOn, s.today()))
	if !f.Invalid() {
		_, err := s.svc.Maatwerk.RecordMaatwerkOutcome(r.Context(), m.ID, o)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "opgeslagen")+"#maatwerk")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "maatwerk_outcome", "Uitkomst van maatwerk", &maatwerkOutcomeData{Case: cw.Case, Maatwerk: m, Form: f, Results: outcomeResultOptions()})
	return nil
}

// The list across cases.

var maatwerkListFields = []string{"van", "tot", "wijk"}

type maatwerkListData struct {
	Form          *Form
	Rows          []*kluwen.MaatwerkRow
	Pseudonymised bool
	ExportURL     string
	Total         int64
}

func (s *Server) maatwerkFilter(q url.Values) (*Form, kluwen.MaatwerkFilter) {
	f := newForm(maatwerkListFields...)
	for _, n := range maatwerkListFields {
		f.Set(n, q.Get(n))
	}
	flt := kluwen.MaatwerkFilter{From: f.optDate("van", "de begindatum"), To: f.optDate("tot", "de einddatum"), Wijk: f.Get("wijk")}
	if flt.From != nil && flt.To != nil && flt.To.Before(*flt.From) {
		f.fail("tot", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
	}
	if len([]rune(flt.Wijk)) > kluwen.MaxShortLen {
		f.fail("wijk", "De wijk is te lang: maximaal 100 tekens.")
	}
	return f, flt
}

// maatwerkList shows the deviations across the cases the user may list; the
// service decides who may (regisseurs and analysts) and what they see.
func (s *Server) maatwerkList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, flt := s.maatwerkFilter(r.URL.Query())
	d := &maatwerkListData{Form: f, Pseudonymised: c.actor.Role == kluwen.RoleAnalyst}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "maatwerk_list", "Maatwerk", d)
		return nil
	}
	rows, err := s.svc.Maatwerk.FindMaatwerkList(r.Context(), flt)
	if err != nil {
		return err
	}
	d.Rows = rows
	for _, row := range rows {
		d.Total += row.CostCents
	}
	q := url.Values{}
	for _, n := range maatwerkListFields {
		if v := f.Get(n); v != "" {
			q.Set(n, v)
		}
	}
	d.ExportURL = "/maatwerk/export.csv"
	if len(q) > 0 {
		d.ExportURL += "?" + q.Encode()
	}
	s.render(w, r, c, http.StatusOK, "maatwerk_list", "Maatwerk", d)
	return nil
}

// maatwerkExport sends the list as CSV, in the layout the user's rows come in
// (pseudonymised for an analyst). The service logs the export.
func (s *Server) maatwerkExport(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, flt := s.maatwerkFilter(r.URL.Query())
	if f.Invalid() {
		return kluwen.Errorf(kluwen.EINVALID, "Het filter van de export klopt niet. Pas het filter aan op de pagina Maatwerk.")
	}
	pseudo := c.actor.Role == kluwen.RoleAnalyst
	var buf bytes.Buffer
	cw, err := maatwerkcsv.NewWriter(&buf, pseudo)
	if err != nil {
		return err
	}
	if err := s.svc.Maatwerk.ExportMaatwerk(r.Context(), flt, cw.Write); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	name := "maatwerk-" + s.today().Format(kluwen.DateLayout) + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}
