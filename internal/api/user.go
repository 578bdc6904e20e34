package api

import (
	"github.com/kluwen/kluwen"
)

func userOf(u *kluwen.User) *userOut {
	return &userOut{
		Links:          self("gebruikers", u.ID),
		ID:             u.ID,
		Username:       u.Username,
		DisplayName:    u.DisplayName,
		Email:          u.Email,
		OrganisationID: u.OrganisationID,
		Role:           u.Role,
		Disabled:       u.Disabled,
		CreatedAt:      instant(u.CreatedAt),
		UpdatedAt:      instant(u.UpdatedAt),
	}
}

func (s *server) listUsers(c *call) (*page[userOut], error) {
	f := kluwen.UserFilter{OrganisationID: c.queryID("organisatieId")}
	if r := c.queryString("rol"); r != "" {
		x := kluwen.Role(r)
		f.Role = &x
	}
	us, err := s.svc.Users.FindUsers(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]userOut, len(us))
	for i, u := range us {
		items[i] = *userOf(u)
	}
	return pageOf(c, items, func(u userOut) int64 { return u.ID }), nil
}

func (s *server) createUser(c *call, b *userIn) (*userOut, error) {
	u := &kluwen.User{
		Username:       b.Username,
		DisplayName:    b.DisplayName,
		Email:          b.Email,
		OrganisationID: b.OrganisationID,
		Role:           b.Role,
	}
	if err := s.svc.Users.CreateUser(c.ctx, u, b.Password); err != nil {
		return nil, err
	}
	return userOf(u), nil
}

func (s *server) getUser(c *call) (*userOut, error) {
	u, err := s.svc.Users.FindUserByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	return userOf(u), nil
}

// updateUser changes the user's details and then, when asked, blocks or unblocks
// them: two service calls, the details first, so that invalid details change
// nothing.
func (s *server) updateUser(c *call, b *userPatch) (*userOut, error) {
	id := c.id("id")
	upd := kluwen.UserUpdate{
		DisplayName:    b.DisplayName.ptr(),
		Email:          b.Email.ptr(),
		OrganisationID: b.OrganisationID.ptr(),
		Role:           b.Role.ptr(),
	}
	if upd != (kluwen.UserUpdate{}) || !b.Disabled.Set {
		if _, err := s.svc.Users.UpdateUser(c.ctx, id, upd); err != nil {
			return nil, err
		}
	}
	if b.Disabled.Set {
		if err := s.svc.Users.SetDisabled(c.ctx, id, b.Disabled.Value); err != nil {
			return nil, err
		}
	}
	u, err := s.svc.Users.FindUserByID(c.ctx, id)
	if err != nil {
		return nil, err
	}
	return userOf(u), nil
}
