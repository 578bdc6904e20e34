package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/auditcsv"
)

// The access log (logboek), for the privacy officer: filter, page, export as CSV
// and verify the hash chain. The filter is a GET form, so a view can be
// bookmarked and shared; it holds only numbers and dates, never a name.

var accessLogFields = []string{"persoon", "huishouden", "casus", "gebruiker", "organisatie", "uitkomst", "van", "tot"}

// accessLogFilter reads the filter from the query. Problems are recorded on the
// form; the filter is then not used.
func (s *Server) accessLogFilter(q url.Values) (*Form, kluwen.AccessLogFilter) {
	f := newForm(accessLogFields...)
	for _, n := range accessLogFields {
		f.Set(n, q.Get(n))
	}
	var flt kluwen.AccessLogFilter
	idOf := func(name, what string) *int64 {
		if f.Get(name) == "" {
			return nil
		}
		n := f.id(name, "Vul bij "+what+" alleen cijfers in, zoals 12.")
		if n == 0 {
			return nil
		}
		return &n
	}
	flt.PersonID = idOf("persoon", "persoonsnummer")
	flt.HouseholdID = idOf("huishouden", "huishoudnummer")
	flt.CaseID = idOf("casus", "casusnummer")
	flt.UserID = idOf("gebruiker", "gebruikersnummer")
	flt.OrganisationID = idOf("organisatie", "organisatienummer")
	switch o := kluwen.AuditOutcome(f.Get("uitkomst")); o {
	case "":
	case kluwen.OutcomeSuccess, kluwen.OutcomeRefused, kluwen.OutcomeError:
		flt.Outcome = &o
	default:
		f.fail("uitkomst", "Kies een uitkomst uit de lijst.")
	}
	// Dates are Dutch calendar days: from the start of "van" up to the end of
	// "tot", in Europe/Amsterdam.
	if d := f.optDate("van", "de begindatum"); d != nil {
		t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, s.tz)
		flt.From = &t
	}
	if d := f.optDate("tot", "de einddatum"); d != nil {
		t := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, s.tz)
		flt.To = &t
		if flt.From != nil && !t.After(*flt.From) {
			f.fail("tot", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
		}
	}
	return f, flt
}

type accessLogData struct {
	Form      *Form
	Entries   []*kluwen.AccessLogEntry
	Names     *names
	Outcomes  []option
	Pager     *pager
	ExportURL string
}

func outcomeOptions() []option {
	return []option{
		{Value: "", Label: "Alle uitkomsten"},
		{Value: string(kluwen.OutcomeSuccess), Label: outcomeLabel(kluwen.OutcomeSuccess)},
		{Value: string(kluwen.OutcomeRefused), Label: outcomeLabel(kluwen.OutcomeRefused)},
		{Value: string(kluwen.OutcomeError), Label: outcomeLabel(kluwen.OutcomeError)},
	}
}

func outcomeLabel(o kluwen.AuditOutcome) string {
	switch o {
	case kluwen.OutcomeSuccess:
		return "Toegestaan"
	case kluwen.OutcomeRefused:
		return "Geweigerd"
	case kluwen.OutcomeError:
		return "Fout"
	}
	return string(o)
}

func actionLabel(a kluwen.AuditAction) string {
	switch a {
	case kluwen.AuditCreate:
		return "Aanmaken"
	case kluwen.AuditRead:
		return "Inzien"
	case kluwen.AuditUpdate:
		return "Wijzigen"
	case kluwen.AuditDelete:
		return "Verwijderen"
	case kluwen.AuditExport:
		return "Exporteren"
	case kluwen.AuditExecute:
		return "Uitvoeren"
	}
	return string(a)
}

func (s *Server) accessLog(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	f, flt := s.accessLogFilter(q)
	d := &accessLogData{Form: f, Names: s.names(r.Context()), Outcomes: outcomeOptions(), Pager: &pager{}}
	if f.Invalid() {
		s.render(w, r, c, statusInvalidForm, "accesslog", "Logboek", d)
		return nil
	}
	filterQuery := url.Values{}
	for _, n := range accessLogFields {
		if v := f.Get(n); v != "" {
			filterQuery.Set(n, v)
		}
	}
	if p := queryID(q, "voor"); p != nil {
		flt.BeforePosition = *p
		d.Pager.First = "/logboek"
		if len(filterQuery) > 0 {
			d.Pager.First += "?" + filterQuery.Encode()
		}
	}
	flt.Limit = 50 + 1
	es, err := s.svc.Audit.FindAccessLog(r.Context(), flt)
	if err != nil {
		return err
	}
	if len(es) > 50 {
		es = es[:50]
		next := url.Values{}
		for k, v := range filterQuery {
			next[k] = v
		}
		next.Set("voor", strconv.FormatInt(es[len(es)-1].Position, 10))
		d.Pager.Next = "/logboek?" + next.Encode()
	}
	d.Entries = es
	d.ExportURL = "/logboek/export.csv"
	if len(filterQuery) > 0 {
		d.ExportURL += "?" + filterQuery.Encode()
	}
	s.render(w, r, c, http.StatusOK, "accesslog", "Logboek", d)
	return nil
}

// accessLogExport sends the entries of the filter as CSV (the one format of
// package auditcsv), oldest first. The
// service logs the export itself. It is built in memory first, so that a failure
// halfway gives an error page and not half a file.
func (s *Server) accessLogExport(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f, flt := s.accessLogFilter(r.URL.Query())
	if f.Invalid() {
		return kluwen.Errorf(kluwen.EINVALID, "Het filter van de export klopt niet. Pas het filter aan op de pagina Logboek.")
	}
	var buf bytes.Buffer
	cw, err := auditcsv.NewWriter(&buf)
	if err != nil {
		return err
	}
	if err := s.svc.Audit.ExportAccessLog(r.Context(), flt, cw.Write); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	name := "logboek-" + s.now().In(s.tz).Format("20060102-1504") + ".csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
	return nil
}

type accessLogVerifyData struct {
	Result *kluwen.AuditVerification
}

// accessLogVerify walks the whole hash chain and shows what it found.
func (s *Server) accessLogVerify(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	v, err := s.svc.Audit.VerifyAccessLog(r.Context())
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "accesslog_verify", "Controle van het logboek", &accessLogVerifyData{Result: v})
	return nil
}
