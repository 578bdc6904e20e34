package web

import (
	"net/http"

	"github.com/kluwen/kluwen"
)

// Administration of partner organisations and their departments.

type organisationListData struct {
	Organisations []*kluwen.Organisation
}

func (s *Server) organisationList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	orgs, err := s.svc.Organisations.FindOrganisations(r.Context(), kluwen.OrganisationFilter{})
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "organisation_list", "Organisaties", &organisationListData{Organisations: orgs})
	return nil
}

type organisationFormData struct {
	Form    *Form
	Sectors []option
}

func sectorOptions() []option {
	opts := []option{{Value: "", Label: "Kies een sector"}}
	for _, sc := range kluwen.Sectors {
		opts = append(opts, option{Value: string(sc), Label: sc.Label()})
	}
	return opts
}

func (s *Server) organisationNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.render(w, r, c, http.StatusOK, "organisation_form", "Organisatie toevoegen", &organisationFormData{Form: newForm("name", "sector"), Sectors: sectorOptions()})
	return nil
}

func (s *Server) organisationCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm("name", "sector").read(r)
	o := &kluwen.Organisation{Name: f.Get("name"), Sector: kluwen.Sector(f.Get("sector"))}
	f.mergeErr(o.Validate())
	if !f.Invalid() {
		err := s.svc.Organisations.CreateOrganisation(r.Context(), o)
		if err == nil {
			redirect(w, r, withNotice(idPath("/beheer/organisaties", o.ID), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT {
				return err
			}
			f.fail("name", kluwen.ErrorMessage(err))
		}
	}
	s.render(w, r, c, statusInvalidForm, "organisation_form", "Organisatie toevoegen", &organisationFormData{Form: f, Sectors: sectorOptions()})
	return nil
}

type organisationShowData struct {
	Organisation *kluwen.Organisation
	Users        []*kluwen.User
	OrgNames     map[int64]string
	Form         *Form // a new department
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.svc.Organisations.FindOrganisationByID(r.Context(), id)
	if err != nil {
		return err
	}
	us, err := s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{OrganisationID: &id})
	if err != nil {
		return err
	}
	d := &organisationShowData{Organisation: o, Users: us, OrgNames: map[int64]string{o.ID: o.Name}, Form: f}
	s.render(w, r, c, status, "organisation_show", o.Name, d)
	return nil
}

func (s *Server) organisationShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.organisationPage(w, r, c, http.StatusOK, newForm("name"))
}

func (s *Server) departmentCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm("name").read(r)
	dp := &kluwen.Department{OrganisationID: id, Name: f.Get("name")}
	f.mergeErr(dp.Validate())
	if !f.Invalid() {
		err := s.svc.Organisations.CreateDepartment(r.Context(), dp)
		if err == nil {
			redirect(w, r, withNotice(idPath("/beheer/organisaties", id), "afdeling"))
			return nil
		}
		if !f.setError(err) {
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT {
				return err
			}
			f.fail("name", kluwen.ErrorMessage(err))
		}
	}
	return s.organisationPage(w, r, c, statusInvalidForm, f)
}
