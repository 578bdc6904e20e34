package web

import (
	"net/http"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Signals: the form on the household's page with which a partner records a
// signal for their own organisation, the latest signals on that page, and the
// admin's list of signal types. A confidential signal is shown only to those
// the service hands it to: the author's organisation and the regisseurs.

var signalFields = []string{"type", "date", "personId", "lifeDomain", "severity", "description", "confidentiality"}

// householdSignals is how many signals the household's page lists; the rest are
// on the timeline.
const householdSignals = 10

// newSignalForm is the empty signal form: today, normal.
func (s *Server) newSignalForm() *Form {
	f := newForm(signalFields...)
	f.Set("date", s.today().Format(kluwen.DateLayout))
	f.Set("confidentiality", string(kluwen.Normal))
	return f
}

// canContribute mirrors kluwen.ContributeBasis for a household the user reads:
// regisseurs and partner professionals add signals and assessments.
func canContribute(a *kluwen.Actor) bool {
	return a != nil && (a.Role == kluwen.RoleRegisseur || a.Role == kluwen.RoleProfessional)
}

// signalTypeOptions lists the active signal types.
func signalTypeOptions(types []*kluwen.SignalType) []option {
	opts := []option{{Value: "", Label: "Kies het soort signaal"}}
	for _, t := range types {
		if t.Active {
			opts = append(opts, option{Value: t.Code, Label: t.Label})
		}
	}
	return opts
}

// lifeDomainOptions lists the life domains by code, after first.
func lifeDomainOptions(first string) []option {
	opts := []option{{Value: "", Label: first}}
	for _, d := range kluwen.LifeDomains {
		opts = append(opts, option{Value: d.Code(), Label: d.Label()})
	}
	return opts
}

func severityOptions() []option {
	opts := make([]option, 0, len(kluwen.Severities))
	for _, sv := range kluwen.Severities {
		opts = append(opts, option{Value: string(sv), Label: sv.Label()})
	}
	return opts
}

func confidentialityOptions(what string) []option {
	return []option{
		{Value: string(kluwen.Normal), Label: "Normaal", Hint: "Alle betrokken partners zien " + what + "."},
		{Value: string(kluwen.Confidential), Label: "Vertrouwelijk", Hint: "Alleen uw eigen organisatie en de regisseur zien " + what + "."},
	}
}

// lifeDomain reads a life-domain input (a code); empty gives 0, an unknown
// code an error on the input.
func (f *Form) lifeDomain(name string) kluwen.LifeDomain {
	v := f.Get(name)
	if v == "" {
		return 0
	}
	d, ok := kluwen.LifeDomainByCode(v)
	if !ok {
		f.fail(name, "Kies een leefgebied uit de lijst.")
	}
	return d
}

// householdSignalCreate records a signal on the household; a form with
// mistakes shows the household's page again with the errors at the form.
func (s *Server) householdSignalCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(signalFields...).read(r)
	sig := &kluwen.Signal{
		HouseholdID:     id,
		TypeCode:        f.Get("type"),
		Date:            f.date("date", "de datum van het signaal"),
		LifeDomain:      f.lifeDomain("lifeDomain"),
		Severity:        kluwen.Severity(f.Get("severity")),
		Description:     f.Get("description"),
		Confidentiality: kluwen.Confidentiality(f.Get("confidentiality")),
		PersonID:        f.optID("personId", "Kies een persoon uit de lijst."),
	}
	f.mergeErr(sig.Validate(s.today()))
	if !f.Invalid() {
		err := s.svc.Signals.CreateSignal(r.Context(), sig)
		if err == nil {
			redirect(w, r, withNotice(idPath("/huishoudens", id), "signaal")+"#signalen")
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	return s.showHousehold(w, r, c, statusInvalidForm, id, f)
}

// The admin's list of signal types.

var signalTypeFields = []string{"code", "label", "defaultDomain", "sortOrder", "active"}

type signalTypeListData struct {
	Types   []*kluwen.SignalType
	Form    *Form
	Domains []option
	States  []option
}

func (s *Server) signalTypePage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) error {
	types, err := s.svc.Signals.FindSignalTypes(r.Context(), true)
	if err != nil {
		return err
	}
	if f == nil {
		f = newForm(signalTypeFields...)
		f.Set("active", "ja")
		next := 10
		for _, t := range types {
			next = max(next, t.SortOrder+10)
		}
		f.Set("sortOrder", strconv.Itoa(next))
	}
	d := &signalTypeListData{Types: types, Form: f, Domains: lifeDomainOptions("Kies een leefgebied"), States: activeOptions()}
	s.render(w, r, c, status, "signaltype_list", "Signaalsoorten", d)
	return nil
}

func (s *Server) signalTypeList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.signalTypePage(w, r, c, http.StatusOK, nil)
}

// signalTypeFromForm reads a signal type; the code comes from the path when an
// existing one is changed.
func signalTypeFromForm(f *Form, code string) *kluwen.SignalType {
	t := &kluwen.SignalType{
		Code:          code,
		Label:         f.Get("label"),
		DefaultDomain: f.lifeDomain("defaultDomain"),
		SortOrder:     f.int("sortOrder", "Vul de volgorde in met alleen cijfers, zoals 10."),
		Active:        f.Get("active") == "ja",
	}
	if code == "" {
		t.Code = f.Get("code")
	}
	f.mergeErr(t.Validate())
	return t
}

// signalTypeCreate adds a signal type. A code that exists already is refused:
// changing one goes through its own form.
func (s *Server) signalTypeCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(signalTypeFields...).read(r)
	t := signalTypeFromForm(f, "")
	if !f.Invalid() {
		types, err := s.svc.Signals.FindSignalTypes(r.Context(), true)
		if err != nil {
			return err
		}
		for _, x := range types {
			if x.Code == t.Code {
				f.fail("code", "Er is al een signaalsoort met deze code. Kies een andere code, of wijzig de bestaande soort.")
			}
		}
	}
	if !f.Invalid() {
		err := s.svc.Signals.SaveSignalType(r.Context(), t)
		if err == nil {
			redirect(w, r, withNotice("/beheer/signaalsoorten", "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	return s.signalTypePage(w, r, c, statusInvalidForm, f)
}

type signalTypeFormData struct {
	Type    *kluwen.SignalType
	Form    *Form
	Domains []option
	States  []option
}

func activeOptions() []option {
	return []option{
		{Value: "ja", Label: "In gebruik", Hint: "Partners kunnen deze soort kiezen."},
		{Value: "nee", Label: "Niet meer in gebruik", Hint: "Oude signalen houden deze soort; nieuwe kunnen hem niet meer kiezen."},
	}
}

// findSignalType returns the signal type of the path's code, or ENOTFOUND.
func (s *Server) findSignalType(r *http.Request) (*kluwen.SignalType, error) {
	code := r.PathValue("code")
	types, err := s.svc.Signals.FindSignalTypes(r.Context(), true)
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		if t.Code == code {
			return t, nil
		}
	}
	return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Deze signaalsoort bestaat niet.")
}

func (s *Server) signalTypeEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	t, err := s.findSignalType(r)
	if err != nil {
		return err
	}
	f := newForm(signalTypeFields...)
	f.Set("label", t.Label)
	f.Set("defaultDomain", t.DefaultDomain.Code())
	f.Set("sortOrder", strconv.Itoa(t.SortOrder))
	f.Set("active", map[bool]string{true: "ja", false: "nee"}[t.Active])
	s.render(w, r, c, http.StatusOK, "signaltype_form", "Signaalsoort wijzigen",
		&signalTypeFormData{Type: t, Form: f, Domains: lifeDomainOptions("Kies een leefgebied"), States: activeOptions()})
	return nil
}

func (s *Server) signalTypeUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	old, err := s.findSignalType(r)
	if err != nil {
		return err
	}
	f := newForm(signalTypeFields...).read(r)
	t := signalTypeFromForm(f, old.Code)
	if !f.Invalid() {
		err := s.svc.Signals.SaveSignalType(r.Context(), t)
		if err == nil {
			redirect(w, r, withNotice("/beheer/signaalsoorten", "opgeslagen"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "signaltype_form", "Signaalsoort wijzigen",
		&signalTypeFormData{Type: old, Form: f, Domains: lifeDomainOptions("Kies een leefgebied"), States: activeOptions()})
	return nil
}
