package web

import (
	"net/http"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Escalation: a stuck case put to a steering level with a question; later the
// answer and decision of that level, and the outcome. Open escalations are on
// the regisseur's start page.

type escalationFormData struct {
	Case   *kluwen.Case
	Form   *Form
	Levels []option
}

func escalationLevelOptions() []option {
	hints := map[kluwen.EscalationLevel]string{
		kluwen.LevelSteeringGroup:  "De stuurgroep van de partners, voor een besluit dat de organisaties samen nemen.",
		kluwen.LevelAdministrative: "Het bestuurlijk overleg, als ook de stuurgroep er niet uitkomt.",
	}
	var opts []option
	for _, l := range kluwen.EscalationLevels {
		opts = append(opts, option{Value: string(l), Label: l.Label(), Hint: hints[l]})
	}
	return opts
}

func (s *Server) escalationNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "escalation_form", "Escaleren", &escalationFormData{Case: cw.Case, Form: newForm("level", "question"), Levels: escalationLevelOptions()})
	return nil
}

func (s *Server) escalationCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	cw, err := s.loadCase(r, c)
	if err != nil {
		return err
	}
	f := newForm("level", "question").read(r)
	e := &kluwen.Escalation{CaseID: cw.Case.ID, Level: kluwen.EscalationLevel(f.Get("level")), Question: f.Get("question")}
	f.mergeErr(e.Validate())
	if !f.Invalid() {
		err := s.svc.Escalations.CreateEscalation(r.Context(), e)
		if err == nil {
			redirect(w, r, withNotice(idPath("/casussen", cw.Case.ID), "escalatie")+"#escalaties")
			return nil
		}
		if !setFormError(f, err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "escalation_form", "Escaleren", &escalationFormData{Case: cw.Case, Form: f, Levels: escalationLevelOptions()})
	return nil
}

// findEscalation returns the path's escalation of the case.
func (s *Server) findEscalation(r *http.Request, cs *kluwen.Case) (*kluwen.Escalation, error) {
	eid, err := pathID(r, "eid")
	if err != nil {
		return nil, err
	}
	es, err := s.svc.Escalations.FindEscalations(r.Context(), kluwen.EscalationFilter{CaseID: &cs.ID})
	if err != nil {
		return nil, err
	}
	for _, e := range es {
		if e.ID == eid {
			return e, nil
		}
	}
	return nil, kluwen.Errorf(kluwen.ENOTFOUND, "Deze escalatie hoort niet bij deze casus.")
}

// escalationRecordData is the form for the answer (Close false) or the outcome
// (Close true) of an escalation.
type escalationRecordData struct {
	Case       *kluwen.Case
	Escalation *kluwen.Escalation
	Close      bool
	Form       *Form
}

func (s *Server) escalationRecordPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, close bool, f *Form) error {
	cw, err := s.coordinatedCase(r, c)
	if err != nil {
		return err
	}
	e, err := s.findEscalation(r, cw.Case)
	if err != nil {
		return err
	}
	if f == nil {
		if close {
			f = newForm("outcome")
		} else {
			f = newForm("answer", "decision")
		}
	}
	title := "Antwoord op de escalatie"
	if close {
		title = "Escalatie afsluiten"
	}
	s.render(w, r, c, status, "escalation_record", title, &escalationRecordData{Case: cw.Case, Escalation: e, Close: close, Form: f})
	return nil
}

func (s *Server) escalationAnswerForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.escalationRecordPage(w, r, c, http.StatusOK, false, nil)
}

func (s *Server) escalationCloseForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.escalationRecordPage(w, r, c, http.StatusOK, true, nil)
}

func (s *Server) escalationAnswer(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	f := newForm("answer", "decision").read(r)
	if _, err := s.svc.Escalations.AnswerEscalation(r.Context(), eid, f.Get("answer"), f.Get("decision")); err != nil {
		if !setFormError(f, err) {
			return err
		}
		return s.escalationRecordPage(w, r, c, statusInvalidForm, false, f)
	}
	redirect(w, r, withNotice(idPath("/casussen", id), "opgeslagen")+"#escalatie-"+strconv.FormatInt(eid, 10))
	return nil
}

func (s *Server) escalationClose(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	f := newForm("outcome").read(r)
	if _, err := s.svc.Escalations.CloseEscalation(r.Context(), eid, f.Get("outcome")); err != nil {
		if !setFormError(f, err) {
			return err
		}
		return s.escalationRecordPage(w, r, c, statusInvalidForm, true, f)
	}
	redirect(w, r, withNotice(idPath("/casussen", id), "opgeslagen")+"#escalatie-"+strconv.FormatInt(eid, 10))
	return nil
}
