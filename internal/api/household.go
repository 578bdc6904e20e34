package api

import (
	"time"

	"github.com/kluwen/kluwen"
)

func householdOf(h *kluwen.Household) *householdOut {
	out := &householdOut{
		Links:               self("huishoudens", h.ID),
		ID:                  h.ID,
		Street:              h.Street,
		HouseNumber:         h.HouseNumber,
		HouseNumberAddition: h.HouseNumberAddition,
		Postcode:            h.Postcode,
		City:                h.City,
		Wijk:                h.Wijk,
		RegisteredByOrgID:   h.RegisteredByOrgID,
		CreatedAt:           instant(h.CreatedAt),
		UpdatedAt:           instant(h.UpdatedAt),
	}
	if h.Members != nil {
		out.Members = make([]membershipOut, 0, len(h.Members))
		for _, m := range h.Members {
			out.Members = append(out.Members, *membershipOf(m))
		}
	}
	return out
}

func membershipOf(m *kluwen.Membership) *membershipOut {
	out := &membershipOut{
		Links:       self("huishoudens", m.HouseholdID, "leden", m.ID),
		ID:          m.ID,
		HouseholdID: m.HouseholdID,
		PersonID:    m.PersonID,
		From:        dateOut(m.From),
		To:          optDateOut(m.To),
		Role:        m.Role,
	}
	if m.Person != nil {
		out.Person = personOf(m.Person)
	}
	return out
}

func (s *server) listHouseholds(c *call) (*page[householdOut], error) {
	return s.findHouseholds(c, kluwen.HouseholdFilter{})
}

func (s *server) searchHouseholds(c *call, b *householdSearch) (*page[householdOut], error) {
	if err := c.pagingFromBody(b.PageSize, b.Cursor); err != nil {
		return nil, err
	}
	return s.findHouseholds(c, kluwen.HouseholdFilter{Query: b.Query, Postcode: b.Postcode, Wijk: b.Wijk})
}

func (s *server) findHouseholds(c *call, f kluwen.HouseholdFilter) (*page[householdOut], error) {
	f.AfterID, f.Limit = c.after, c.size+1
	hs, err := s.svc.Households.FindHouseholds(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]householdOut, len(hs))
	for i, h := range hs {
		items[i] = *householdOf(h)
		items[i].Members = nil
	}
	return newPage(c, items, func(h householdOut) int64 { return h.ID }), nil
}

func (s *server) createHousehold(c *call, b *householdIn) (*householdOut, error) {
	h := &kluwen.Household{
		Street:              b.Street,
		HouseNumber:         b.HouseNumber,
		HouseNumberAddition: b.HouseNumberAddition,
		Postcode:            b.Postcode,
		City:                b.City,
		Wijk:                b.Wijk,
	}
	if err := s.svc.Households.CreateHousehold(c.ctx, h); err != nil {
		return nil, err
	}
	return householdOf(h), nil
}

func (s *server) getHousehold(c *call) (*householdOut, error) {
	h, err := s.svc.Households.FindHouseholdByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	out := householdOf(h)
	if out.Members == nil {
		out.Members = []membershipOut{}
	}
	return out, nil
}

func (s *server) updateHousehold(c *call, b *householdPatch) (*householdOut, error) {
	h, err := s.svc.Households.UpdateHousehold(c.ctx, c.id("id"), kluwen.HouseholdUpdate{
		Street:              b.Street.ptr(),
		HouseNumber:         b.HouseNumber.ptr(),
		HouseNumberAddition: b.HouseNumberAddition.ptr(),
		Postcode:            b.Postcode.ptr(),
		City:                b.City.ptr(),
		Wijk:                b.Wijk.ptr(),
	})
	if err != nil {
		return nil, err
	}
	return householdOf(h), nil
}

func (s *server) listMembers(c *call) (*page[membershipOut], error) {
	h, err := s.svc.Households.FindHouseholdByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]membershipOut, len(h.Members))
	for i, m := range h.Members {
		items[i] = *membershipOf(m)
	}
	return pageOf(c, items, func(m membershipOut) int64 { return m.ID }), nil
}

func (s *server) addMember(c *call, b *membershipIn) (*membershipOut, error) {
	m := &kluwen.Membership{
		HouseholdID: c.id("id"),
		PersonID:    b.PersonID,
		From:        time.Time(b.From),
		To:          b.To.time(),
		Role:        b.Role,
	}
	if err := s.svc.Households.AddMember(c.ctx, m); err != nil {
		return nil, err
	}
	return membershipOf(m), nil
}

// member finds a membership of the household in the path: a membership of another
// household is not found here.
func (s *server) member(c *call) (*kluwen.Membership, error) {
	h, err := s.svc.Households.FindHouseholdByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, m := range h.Members {
		if m.ID == c.id("lidId") {
			return m, nil
		}
	}
	return nil, notFound("Dit lid bestaat niet in dit huishouden.")
}

func (s *server) getMember(c *call) (*membershipOut, error) {
	m, err := s.member(c)
	if err != nil {
		return nil, err
	}
	return membershipOf(m), nil
}

func (s *server) updateMember(c *call, b *membershipPatch) (*membershipOut, error) {
	if _, err := s.member(c); err != nil {
		return nil, err
	}
	u := kluwen.MembershipUpdate{Role: b.Role.ptr()}
	if b.From.Set {
		t := time.Time(b.From.Value)
		u.From = &t
	}
	if b.To.Set {
		to := b.To.Value.time()
		u.To = &to
	}
	m, err := s.svc.Households.UpdateMembership(c.ctx, c.id("lidId"), u)
	if err != nil {
		return nil, err
	}
	return membershipOf(m), nil
}

func (s *server) getFamily(c *call) (*familyOut, error) {
	f, err := s.svc.Households.FindFamily(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	out := &familyOut{
		Links:       self("huishoudens", f.HouseholdID, "familie"),
		HouseholdID: f.HouseholdID,
		Members:     make([]familyMemberOut, 0, len(f.Members)),
		Relations:   make([]relationOut, 0, len(f.Relations)),
	}
	for _, m := range f.Members {
		fm := familyMemberOut{PersonID: m.PersonID, Hidden: m.Hidden || m.Person == nil, Generation: m.Generation, InHousehold: m.InHousehold}
		if m.Person != nil && !m.Hidden {
			fm.Person = personOf(m.Person)
		}
		out.Members = append(out.Members, fm)
	}
	for _, r := range f.Relations {
		out.Relations = append(out.Relations, *relationOf(r.PersonID, r))
	}
	return out, nil
}
