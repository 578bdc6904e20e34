package api

import (
	"github.com/kluwen/kluwen"
)

func organisationOf(o *kluwen.Organisation) *organisationOut {
	out := &organisationOut{
		Links:     self("organisaties", o.ID),
		ID:        o.ID,
		Name:      o.Name,
		Sector:    o.Sector,
		CreatedAt: instant(o.CreatedAt),
		UpdatedAt: instant(o.UpdatedAt),
	}
	if o.Departments != nil {
		out.Departments = make([]departmentOut, 0, len(o.Departments))
		for _, d := range o.Departments {
			out.Departments = append(out.Departments, *departmentOf(d))
		}
	}
	return out
}

func departmentOf(d *kluwen.Department) *departmentOut {
	return &departmentOut{
		Links:          self("organisaties", d.OrganisationID, "afdelingen", d.ID),
		ID:             d.ID,
		OrganisationID: d.OrganisationID,
		Name:           d.Name,
	}
}

func (s *server) listOrganisations(c *call) (*page[organisationOut], error) {
	var f kluwen.OrganisationFilter
	if sec := c.queryString("sector"); sec != "" {
		x := kluwen.Sector(sec)
		f.Sector = &x
	}
	os, err := s.svc.Organisations.FindOrganisations(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]organisationOut, len(os))
	for i, o := range os {
		items[i] = *organisationOf(o)
		items[i].Departments = nil
	}
	return pageOf(c, items, func(o organisationOut) int64 { return o.ID }), nil
}

func (s *server) createOrganisation(c *call, b *organisationIn) (*organisationOut, error) {
	o := &kluwen.Organisation{Name: b.Name, Sector: b.Sector}
	if err := s.svc.Organisations.CreateOrganisation(c.ctx, o); err != nil {
		return nil, err
	}
	return organisationOf(o), nil
}

func (s *server) getOrganisation(c *call) (*organisationOut, error) {
	o, err := s.svc.Organisations.FindOrganisationByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	out := organisationOf(o)
	if out.Departments == nil {
		out.Departments = []departmentOut{}
	}
	return out, nil
}

func (s *server) updateOrganisation(c *call, b *organisationPatch) (*organisationOut, error) {
	o, err := s.svc.Organisations.UpdateOrganisation(c.ctx, c.id("id"), kluwen.OrganisationUpdate{
		Name:   b.Name.ptr(),
		Sector: b.Sector.ptr(),
	})
	if err != nil {
		return nil, err
	}
	return organisationOf(o), nil
}

func (s *server) listDepartments(c *call) (*page[departmentOut], error) {
	o, err := s.svc.Organisations.FindOrganisationByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]departmentOut, len(o.Departments))
	for i, d := range o.Departments {
		items[i] = *departmentOf(d)
	}
	return pageOf(c, items, func(d departmentOut) int64 { return d.ID }), nil
}

func (s *server) getDepartment(c *call) (*departmentOut, error) {
	o, err := s.svc.Organisations.FindOrganisationByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, d := range o.Departments {
		if d.ID == c.id("afdelingId") {
			return departmentOf(d), nil
		}
	}
	return nil, notFound("Deze afdeling bestaat niet bij deze organisatie.")
}

func (s *server) createDepartment(c *call, b *departmentIn) (*departmentOut, error) {
	d := &kluwen.Department{OrganisationID: c.id("id"), Name: b.Name}
	if err := s.svc.Organisations.CreateDepartment(c.ctx, d); err != nil {
		return nil, err
	}
	return departmentOf(d), nil
}
