package web

import (
	"net/http"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Administration of users: the list, a new user with an initial password,
// blocking and unblocking, and setting a new password.

type userListData struct {
	Users    []*kluwen.User
	OrgNames map[int64]string
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	us, err := s.svc.Users.FindUsers(r.Context(), kluwen.UserFilter{})
	if err != nil {
		return err
	}
	orgs, err := s.svc.Organisations.FindOrganisations(r.Context(), kluwen.OrganisationFilter{})
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "user_list", "Gebruikers", &userListData{Users: us, OrgNames: orgNames(orgs)})
	return nil
}

var userFields = []string{"displayName", "username", "email", "organisationId", "role", "password", "password2"}

type userFormData struct {
	Form          *Form
	Organisations []option
	Roles         []option
}

func (s *Server) userFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) error {
	orgs, err := s.svc.Organisations.FindOrganisations(r.Context(), kluwen.OrganisationFilter{})
	if err != nil {
		return err
	}
	d := &userFormData{Form: f}
	d.Organisations = []option{{Value: "", Label: "Kies een organisatie"}}
	for _, o := range orgs {
		d.Organisations = append(d.Organisations, option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	d.Roles = []option{{Value: "", Label: "Kies een rol"}}
	for _, ro := range kluwen.Roles {
		d.Roles = append(d.Roles, option{Value: string(ro), Label: ro.Label()})
	}
	s.render(w, r, c, status, "user_form", "Gebruiker toevoegen", d)
	return nil
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.userFormPage(w, r, c, http.StatusOK, newForm(userFields...))
}

// checkNewPassword records the problems of a new password typed twice.
func checkNewPassword(f *Form, name, repeat string) string {
	pw := f.raw(name)
	if err := kluwen.ValidatePassword(pw); err != nil {
		for _, fe := range kluwen.ErrorFields(err) {
			f.fail(name, fe.Message)
		}
	} else if f.raw(repeat) != pw {
		f.fail(repeat, "De twee wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord twee keer hetzelfde.")
	}
	return pw
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm(userFields...).read(r)
	u := &kluwen.User{
		DisplayName: f.Get("displayName"), Username: f.Get("username"), Email: f.Get("email"),
		OrganisationID: f.id("organisationId", "Kies een organisatie uit de lijst."),
		Role:           kluwen.Role(f.Get("role")),
	}
	f.mergeErr(u.Validate())
	pw := checkNewPassword(f, "password", "password2")
	if !f.Invalid() {
		err := s.svc.Users.CreateUser(r.Context(), u, pw)
		if err == nil {
			redirect(w, r, withNotice(idPath("/beheer/gebruikers", u.ID), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			if kluwen.ErrorCode(err) != kluwen.ECONFLICT {
				return err
			}
			f.fail("username", kluwen.ErrorMessage(err))
		}
	}
	return s.userFormPage(w, r, c, statusInvalidForm, f)
}

type userShowData struct {
	User     *kluwen.User
	OrgName  string
	Password *Form
	Self     bool
}

func (s *Server) userPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.svc.Users.FindUserByID(r.Context(), id)
	if err != nil {
		return err
	}
	d := &userShowData{User: u, Password: f, Self: u.ID == c.user.ID}
	if u.Organisation != nil {
		d.OrgName = u.Organisation.Name
	} else {
		d.OrgName = s.names(r.Context()).Org(u.OrganisationID)
	}
	s.render(w, r, c, status, "user_show", u.DisplayName, d)
	return nil
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.userPage(w, r, c, http.StatusOK, newForm("password", "password2"))
}

func (s *Server) setUserDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.svc.Users.SetDisabled(r.Context(), id, disabled); err != nil {
		return err
	}
	key := "gedeblokkeerd"
	if disabled {
		key = "geblokkeerd"
	}
	redirect(w, r, withNotice(idPath("/beheer/gebruikers", id), key))
	return nil
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.setUserDisabled(w, r, true)
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	return s.setUserDisabled(w, r, false)
}

func (s *Server) userSetPassword(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm("password", "password2").read(r)
	pw := checkNewPassword(f, "password", "password2")
	if !f.Invalid() {
		err := s.svc.Users.SetPassword(r.Context(), id, pw)
		if err == nil && id == c.user.ID {
			err = s.renewSession(w, r, c)
		}
		if err == nil {
			redirect(w, r, withNotice(idPath("/beheer/gebruikers", id), "wachtwoord-ingesteld"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	return s.userPage(w, r, c, statusInvalidForm, f)
}
