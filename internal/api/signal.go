package api

import (
	"time"

	"github.com/kluwen/kluwen"
)

func signalOf(s *kluwen.Signal) *signalOut {
	out := &signalOut{
		Links:           self("huishoudens", s.HouseholdID, "signalen", s.ID),
		ID:              s.ID,
		HouseholdID:     s.HouseholdID,
		PersonID:        s.PersonID,
		Type:            s.TypeCode,
		Date:            dateOut(s.Date),
		OrganisationID:  s.OrganisationID,
		LifeDomain:      lifeDomainCode(s.LifeDomain.Code()),
		Severity:        s.Severity,
		Description:     s.Description,
		Confidentiality: s.Confidentiality,
		AuthorUserID:    optID(s.AuthorUserID),
		CreatedAt:       instant(s.CreatedAt),
	}
	if s.Type != nil {
		out.TypeLabel = s.Type.Label
	}
	return out
}

// optID is nil for 0 (no one, as for what the system did), else the id.
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (s *server) listSignals(c *call) (*page[signalOut], error) {
	f := kluwen.SignalFilter{
		HouseholdID: c.id("id"),
		PersonID:    c.queryID("persoonId"),
		TypeCode:    c.queryString("soort"),
		LifeDomain:  lifeDomainCode(c.queryString("leefgebied")).domain(),
		AfterID:     c.after,
		Limit:       c.size + 1,
	}
	ss, err := s.svc.Signals.FindSignals(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]signalOut, len(ss))
	for i, x := range ss {
		items[i] = *signalOf(x)
	}
	return newPage(c, items, func(x signalOut) int64 { return x.ID }), nil
}

func (s *server) createSignal(c *call, b *signalIn) (*signalOut, error) {
	x := &kluwen.Signal{
		HouseholdID:     c.id("id"),
		PersonID:        b.PersonID,
		TypeCode:        b.Type,
		Date:            time.Time(b.Date),
		LifeDomain:      optDomain(b.LifeDomain),
		Severity:        b.Severity,
		Description:     b.Description,
		Confidentiality: b.Confidentiality,
	}
	if x.Confidentiality == "" {
		x.Confidentiality = kluwen.Normal
	}
	if err := s.svc.Signals.CreateSignal(c.ctx, x); err != nil {
		return nil, err
	}
	// The type's name, as the signal is shown everywhere else; the list of types
	// holds no personal data, so this is no second read of the signal.
	if t, err := s.signalType(c, x.TypeCode); err == nil {
		x.Type = t
	}
	return signalOf(x), nil
}

func (s *server) getSignal(c *call) (*signalOut, error) {
	x, err := s.svc.Signals.FindSignalByID(c.ctx, c.id("signaalId"))
	if err != nil {
		return nil, err
	}
	if x.HouseholdID != c.id("id") {
		return nil, notFound("Dit signaal bestaat niet bij dit huishouden.")
	}
	return signalOf(x), nil
}

// --- Signal types ---

func signalTypeOf(t *kluwen.SignalType) *signalTypeOut {
	return &signalTypeOut{
		Links:         self("signaalsoorten", t.Code),
		Code:          t.Code,
		Label:         t.Label,
		DefaultDomain: lifeDomainCode(t.DefaultDomain.Code()),
		SortOrder:     t.SortOrder,
		Active:        t.Active,
	}
}

func (s *server) listSignalTypes(c *call) (*page[signalTypeOut], error) {
	all := c.queryBool("metInactieve")
	ts, err := s.svc.Signals.FindSignalTypes(c.ctx, all != nil && *all)
	if err != nil {
		return nil, err
	}
	items := make([]signalTypeOut, len(ts))
	for i, t := range ts {
		items[i] = *signalTypeOf(t)
	}
	return pageAt(c, items), nil
}

// signalType finds a signal type by its code, active or not.
func (s *server) signalType(c *call, code string) (*kluwen.SignalType, error) {
	ts, err := s.svc.Signals.FindSignalTypes(c.ctx, true)
	if err != nil {
		return nil, err
	}
	for _, t := range ts {
		if t.Code == code {
			return t, nil
		}
	}
	return nil, notFound("Deze signaalsoort bestaat niet.")
}

func (s *server) getSignalType(c *call) (*signalTypeOut, error) {
	t, err := s.signalType(c, c.code("code"))
	if err != nil {
		return nil, err
	}
	return signalTypeOf(t), nil
}

// createSignalType adds a signal type; a code that exists is a conflict, since
// the store's save would change it.
func (s *server) createSignalType(c *call, b *signalTypeIn) (*signalTypeOut, error) {
	if err := kluwen.ActorFromContext(c.ctx).Require(kluwen.PermManageSettings); err != nil {
		return nil, err
	}
	t := &kluwen.SignalType{Code: b.Code, Label: b.Label, DefaultDomain: b.DefaultDomain.domain(), SortOrder: b.SortOrder, Active: true}
	if b.Active != nil {
		t.Active = *b.Active
	}
	if _, err := s.signalType(c, t.Code); err == nil {
		return nil, kluwen.Errorf(kluwen.ECONFLICT, "Er bestaat al een signaalsoort met deze code.")
	}
	if err := s.svc.Signals.SaveSignalType(c.ctx, t); err != nil {
		return nil, err
	}
	return signalTypeOf(t), nil
}

func (s *server) updateSignalType(c *call, b *signalTypePatch) (*signalTypeOut, error) {
	t, err := s.signalType(c, c.code("code"))
	if err != nil {
		return nil, err
	}
	if b.Label.Set {
		t.Label = b.Label.Value
	}
	if b.DefaultDomain.Set {
		t.DefaultDomain = b.DefaultDomain.Value.domain()
	}
	if b.SortOrder.Set {
		t.SortOrder = b.SortOrder.Value
	}
	if b.Active.Set {
		t.Active = b.Active.Value
	}
	if err := s.svc.Signals.SaveSignalType(c.ctx, t); err != nil {
		return nil, err
	}
	return signalTypeOf(t), nil
}
