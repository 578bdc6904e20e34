package web

import (
	"net/http"
	"strconv"

	"github.com/kluwen/kluwen"
)

// Persons: the list and search (name or BSN, by POST), a person's page with their
// family ties, registering and editing a person, and adding and removing ties.

type personListData struct {
	Persons   []*kluwen.Person
	Query     string
	Searched  bool
	Pager     *pager
	NextAfter int64
	CanCreate bool
}

func (s *Server) personList(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	var after int64
	if id := queryID(r.URL.Query(), "na"); id != nil {
		after = *id
	}
	ps, err := s.svc.Persons.FindPersons(r.Context(), kluwen.PersonFilter{AfterID: after, Limit: pageSize + 1})
	if err != nil {
		return err
	}
	d := &personListData{CanCreate: c.actor.Can(kluwen.PermRegisterHousehold), Pager: &pager{}}
	if after > 0 {
		d.Pager.First = "/personen"
	}
	if len(ps) > pageSize {
		ps = ps[:pageSize]
		d.Pager.Next = "/personen?na=" + strconv.FormatInt(ps[len(ps)-1].ID, 10)
	}
	d.Persons = ps
	s.render(w, r, c, http.StatusOK, "person_list", "Personen", d)
	return nil
}

// personSearch searches by name, or by the whole BSN when the query is one.
func (s *Server) personSearch(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.PostForm.Get("q")
	f := kluwen.PersonFilter{Limit: pageSize + 1}
	if id := queryID(r.PostForm, "na"); id != nil {
		f.AfterID = *id
	}
	if b := kluwen.NormaliseBSN(q); kluwen.ValidBSN(b) {
		f.BSN = b
	} else {
		f.Query = q
	}
	ps, err := s.svc.Persons.FindPersons(r.Context(), f)
	if err != nil {
		return err
	}
	d := &personListData{Query: q, Searched: true, CanCreate: c.actor.Can(kluwen.PermRegisterHousehold), Pager: &pager{}}
	if len(ps) > pageSize {
		ps = ps[:pageSize]
		d.NextAfter = ps[len(ps)-1].ID
	}
	d.Persons = ps
	s.render(w, r, c, http.StatusOK, "person_list", "Personen zoeken", d)
	return nil
}

// relationView is one family tie as seen from the person whose page it is.
type relationView struct {
	ID      int64
	Label   string // "Ouder van", "Kind van", …
	Other   *kluwen.Person
	OtherID int64
	Hidden  bool
}

// personMembership is one household the person lives or lived in.
type personMembership struct {
	Household  *kluwen.Household
	Membership *kluwen.Membership
	Current    bool
}

type personShowData struct {
	Person      *kluwen.Person
	Age         int
	Memberships []personMembership
	Relations   []relationView
	CanEdit     bool
}

// relationLabel says what the person is to the other: "Ouder van", "Kind van",
// "Partner van", "Broer of zus van".
func relationLabel(rel *kluwen.Relation, personID int64) (label string, other int64) {
	other = rel.RelatedPersonID
	if rel.RelatedPersonID == personID {
		other = rel.PersonID
		if rel.Kind == kluwen.RelationParent {
			return "Kind van", other
		}
	}
	return rel.Kind.Label(), other
}

func (s *Server) personShow(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	p, err := s.svc.Persons.FindPersonByID(ctx, id)
	if err != nil {
		return err
	}
	today := s.today()
	d := &personShowData{Person: p, Age: p.Age(today), CanEdit: c.actor.Can(kluwen.PermRegisterHousehold)}

	// The households the person is or was a member of, that the user may read.
	hs, err := s.svc.Households.FindHouseholds(ctx, kluwen.HouseholdFilter{PersonID: &id, Limit: 100})
	if err != nil {
		return err
	}
	for _, h := range hs {
		full, err := s.svc.Households.FindHouseholdByID(ctx, h.ID)
		if err != nil {
			return err
		}
		for _, m := range full.Members {
			if m.PersonID == id {
				d.Memberships = append(d.Memberships, personMembership{Household: full, Membership: m, Current: m.Current(today)})
			}
		}
	}

	rels, err := s.svc.Persons.FindRelations(ctx, id)
	if err != nil {
		return err
	}
	// The relatives, with names where the user may see them: the family view of a
	// household of the person holds every direct relative, the hidden ones marked,
	// so that no relative is looked up (and refused) one by one.
	family := map[int64]*kluwen.FamilyMember{}
	if len(rels) > 0 && len(hs) > 0 {
		fam, err := s.svc.Households.FindFamily(ctx, hs[0].ID)
		if err != nil {
			return err
		}
		for _, fm := range fam.Members {
			family[fm.PersonID] = fm
		}
	}
	for _, rel := range rels {
		label, other := relationLabel(rel, id)
		v := relationView{ID: rel.ID, Label: label, OtherID: other}
		if fm, ok := family[other]; ok && other > 0 {
			v.Other, v.Hidden = fm.Person, fm.Hidden || fm.Person == nil
		} else if other <= 0 {
			// A relative the user may not read: the store gives a placeholder.
			v.Hidden = true
		} else {
			op, err := s.svc.Persons.FindPersonByID(ctx, other)
			switch kluwen.ErrorCode(err) {
			case "":
				v.Other = op
			case kluwen.ENOTFOUND, kluwen.EFORBIDDEN:
				v.Hidden = true
			default:
				return err
			}
		}
		d.Relations = append(d.Relations, v)
	}
	s.render(w, r, c, http.StatusOK, "person_show", "Persoon "+strconv.FormatInt(id, 10), d)
	return nil
}

// The person form.

var personFields = []string{"givenName", "familyNamePrefix", "familyName", "birthDate", "bsn"}

type personFormData struct {
	Form   *Form
	Person *kluwen.Person // nil when registering
}

func personForm(p *kluwen.Person) *Form {
	f := newForm(personFields...)
	if p != nil {
		f.Set("givenName", p.GivenName)
		f.Set("familyNamePrefix", p.FamilyNamePrefix)
		f.Set("familyName", p.FamilyName)
		f.Set("birthDate", p.BirthDate.Format(kluwen.DateLayout))
		f.Set("bsn", p.BSN)
	}
	return f
}

func (s *Server) personFromForm(f *Form) *kluwen.Person {
	p := &kluwen.Person{
		GivenName: f.Get("givenName"), FamilyNamePrefix: f.Get("familyNamePrefix"), FamilyName: f.Get("familyName"),
		BirthDate: f.date("birthDate", "de geboortedatum"), BSN: f.Get("bsn"),
	}
	f.mergeErr(p.Validate(s.today()))
	return p
}

func (s *Server) personNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.render(w, r, c, http.StatusOK, "person_form", "Persoon registreren", &personFormData{Form: personForm(nil)})
	return nil
}

func (s *Server) personCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := personForm(nil).read(r)
	p := s.personFromForm(f)
	if !f.Invalid() {
		err := s.svc.Persons.CreatePerson(r.Context(), p)
		if err == nil {
			redirect(w, r, withNotice(idPath("/personen", p.ID), "aangemaakt"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.render(w, r, c, statusInvalidForm, "person_form", "Persoon registreren", &personFormData{Form: f})
	return nil
}

func (s *Server) personEdit(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.Persons.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	s.render(w, r, c, http.StatusOK, "person_form", "Persoon wijzigen", &personFormData{Form: personForm(p), Person: p})
	return nil
}

func (s *Server) personUpdate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := personForm(nil).read(r)
	p := s.personFromForm(f)
	if !f.Invalid() {
		_, err := s.svc.Persons.UpdatePerson(r.Context(), id, kluwen.PersonUpdate{
			GivenName: &p.GivenName, FamilyNamePrefix: &p.FamilyNamePrefix, FamilyName: &p.FamilyName,
			BirthDate: &p.BirthDate, BSN: &p.BSN,
		})
		if err == nil {
			redirect(w, r, withNotice(idPath("/personen", id), "opgeslagen"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	p.ID = id
	s.render(w, r, c, statusInvalidForm, "person_form", "Persoon wijzigen", &personFormData{Form: f, Person: p})
	return nil
}

// Family ties.

type relationFormData struct {
	Person *kluwen.Person
	Form   *Form
	Kinds  []option
}

func relationKindOptions() []option {
	return []option{
		{Value: "", Label: "Kies het soort relatie"},
		{Value: "ouder", Label: "is ouder van"},
		{Value: "kind", Label: "is kind van"},
		{Value: "partner", Label: "is partner van"},
		{Value: "broer_zus", Label: "is broer of zus van"},
	}
}

func (s *Server) relationFormPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, p *kluwen.Person, f *Form) {
	s.render(w, r, c, status, "relation_form", "Familierelatie toevoegen", &relationFormData{Person: p, Form: f, Kinds: relationKindOptions()})
}

func (s *Server) relationNew(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.svc.Persons.FindPersonByID(r.Context(), id)
	if err != nil {
		return err
	}
	s.relationFormPage(w, r, c, http.StatusOK, p, newForm("kind", "relatedPersonId"))
	return nil
}

func (s *Server) relationCreate(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	f := newForm("kind", "relatedPersonId").Map("personId", "relatedPersonId").read(r)
	other := f.id("relatedPersonId", "Vul het persoonsnummer in met alleen cijfers, zoals 12.")
	rel := &kluwen.Relation{PersonID: id, RelatedPersonID: other, Kind: kluwen.RelationKind(f.Get("kind"))}
	if f.Get("kind") == "kind" {
		rel.PersonID, rel.RelatedPersonID, rel.Kind = other, id, kluwen.RelationParent
	}
	f.mergeErr(rel.Validate())
	if !f.Invalid() {
		err := s.svc.Persons.CreateRelation(ctx, rel)
		if err == nil {
			redirect(w, r, withNotice(idPath("/personen", id), "relatie"))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	p, err := s.svc.Persons.FindPersonByID(ctx, id)
	if err != nil {
		return err
	}
	s.relationFormPage(w, r, c, statusInvalidForm, p, f)
	return nil
}

func (s *Server) relationDelete(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rid, err := pathID(r, "rid")
	if err != nil {
		return err
	}
	if err := s.svc.Persons.DeleteRelation(r.Context(), rid); err != nil {
		return err
	}
	redirect(w, r, withNotice(idPath("/personen", id), "relatie-verwijderd"))
	return nil
}
