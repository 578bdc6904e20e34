package api

import (
	"time"

	"github.com/kluwen/kluwen"
)

// personOf writes a person as the service handed it out: the whole BSN only when
// the service gave it (the actor may see it), and the masked form always.
func personOf(p *kluwen.Person) *personOut {
	out := &personOut{
		Links:             self("personen", p.ID),
		ID:                p.ID,
		GivenName:         p.GivenName,
		FamilyNamePrefix:  p.FamilyNamePrefix,
		FamilyName:        p.FamilyName,
		BirthDate:         dateOut(p.BirthDate),
		BSN:               p.BSN,
		BSNMasked:         p.BSNMasked,
		RegisteredByOrgID: p.RegisteredByOrgID,
		CreatedAt:         instant(p.CreatedAt),
		UpdatedAt:         instant(p.UpdatedAt),
	}
	if out.BSNMasked == "" && out.BSN != "" {
		out.BSNMasked = kluwen.MaskBSN(out.BSN)
	}
	return out
}

// relationOf writes a relation as seen from the person in the path.
func relationOf(personID int64, r *kluwen.Relation) *relationOut {
	return &relationOut{
		Links:           self("personen", personID, "relaties", r.ID),
		ID:              r.ID,
		PersonID:        r.PersonID,
		RelatedPersonID: r.RelatedPersonID,
		Kind:            r.Kind,
		CreatedAt:       instant(r.CreatedAt),
	}
}

func (s *server) createPerson(c *call, b *personIn) (*personOut, error) {
	p := &kluwen.Person{
		GivenName:        b.GivenName,
		FamilyNamePrefix: b.FamilyNamePrefix,
		FamilyName:       b.FamilyName,
		BirthDate:        time.Time(b.BirthDate),
		BSN:              b.BSN,
	}
	if err := s.svc.Persons.CreatePerson(c.ctx, p); err != nil {
		return nil, err
	}
	// A BSN given on input is echoed whole only to an actor who may see it.
	if p.BSN != "" && !kluwen.CanSeeFullBSN(kluwen.ActorFromContext(c.ctx)) {
		p.BSNMasked, p.BSN = kluwen.MaskBSN(p.BSN), ""
	}
	return personOf(p), nil
}

func (s *server) searchPersons(c *call, b *personSearch) (*page[personOut], error) {
	if err := c.pagingFromBody(b.PageSize, b.Cursor); err != nil {
		return nil, err
	}
	f := kluwen.PersonFilter{Query: b.Query, BSN: b.BSN, BirthDate: b.BirthDate.time(), AfterID: c.after, Limit: c.size + 1}
	if b.BSN != "" {
		f.BSN = kluwen.NormaliseBSN(b.BSN)
	}
	if b.HouseholdID != 0 {
		f.HouseholdID = &b.HouseholdID
	}
	ps, err := s.svc.Persons.FindPersons(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]personOut, len(ps))
	for i, p := range ps {
		items[i] = *personOf(p)
	}
	return newPage(c, items, func(p personOut) int64 { return p.ID }), nil
}

func (s *server) getPerson(c *call) (*personOut, error) {
	p, err := s.svc.Persons.FindPersonByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	return personOf(p), nil
}

func (s *server) updatePerson(c *call, b *personPatch) (*personOut, error) {
	u := kluwen.PersonUpdate{
		GivenName:        b.GivenName.ptr(),
		FamilyNamePrefix: b.FamilyNamePrefix.ptr(),
		FamilyName:       b.FamilyName.ptr(),
		BSN:              b.BSN.ptr(),
	}
	if b.BirthDate.Set {
		t := time.Time(b.BirthDate.Value)
		u.BirthDate = &t
	}
	p, err := s.svc.Persons.UpdatePerson(c.ctx, c.id("id"), u)
	if err != nil {
		return nil, err
	}
	return personOf(p), nil
}

func (s *server) listRelations(c *call) (*page[relationOut], error) {
	id := c.id("id")
	rs, err := s.svc.Persons.FindRelations(c.ctx, id)
	if err != nil {
		return nil, err
	}
	items := make([]relationOut, len(rs))
	for i, r := range rs {
		items[i] = *relationOf(id, r)
	}
	return pageOf(c, items, func(r relationOut) int64 { return r.ID }), nil
}

func (s *server) createRelation(c *call, b *relationIn) (*relationOut, error) {
	r := &kluwen.Relation{PersonID: c.id("id"), RelatedPersonID: b.RelatedPersonID, Kind: b.Kind}
	if err := s.svc.Persons.CreateRelation(c.ctx, r); err != nil {
		return nil, err
	}
	return relationOf(c.id("id"), r), nil
}

// relation finds a relation of the person in the path.
func (s *server) relation(c *call) (*kluwen.Relation, error) {
	rs, err := s.svc.Persons.FindRelations(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		if r.ID == c.id("relatieId") {
			return r, nil
		}
	}
	return nil, notFound("Deze relatie bestaat niet bij deze persoon.")
}

func (s *server) getRelation(c *call) (*relationOut, error) {
	r, err := s.relation(c)
	if err != nil {
		return nil, err
	}
	return relationOf(c.id("id"), r), nil
}

func (s *server) deleteRelation(c *call) (noContent, error) {
	if _, err := s.relation(c); err != nil {
		return noContent{}, err
	}
	return noContent{}, s.svc.Persons.DeleteRelation(c.ctx, c.id("relatieId"))
}
