package api

import (
	"time"

	"github.com/kluwen/kluwen"
)

func caseOf(k *kluwen.Case) *caseOut {
	out := &caseOut{
		Links:          self("casussen", k.ID),
		ID:             k.ID,
		HouseholdID:    k.HouseholdID,
		Title:          k.Title,
		Status:         k.Status,
		RegisseurID:    k.RegisseurID,
		OrganisationID: k.OrganisationID,
		OpenedAt:       instant(k.OpenedAt),
		ClosedAt:       optInstantOut(k.ClosedAt),
		CreatedAt:      instant(k.CreatedAt),
		UpdatedAt:      instant(k.UpdatedAt),
	}
	return out
}

// caseDetailOf writes a case with its history and partners, as the single
// resource shows it.
func caseDetailOf(k *kluwen.Case) *caseOut {
	out := caseOf(k)
	out.History = make([]statusChangeOut, 0, len(k.History))
	for _, h := range k.History {
		out.History = append(out.History, *statusChangeOf(h))
	}
	out.Involvements = make([]involvementOut, 0, len(k.Involvements))
	for _, iv := range k.Involvements {
		out.Involvements = append(out.Involvements, *involvementOf(iv))
	}
	return out
}

func statusChangeOf(h *kluwen.CaseStatusChange) *statusChangeOut {
	out := &statusChangeOut{
		Links:     self("casussen", h.CaseID, "statuswijzigingen", h.ID),
		ID:        h.ID,
		To:        h.To,
		Reason:    h.Reason,
		UserID:    h.UserID,
		ChangedAt: instant(h.ChangedAt),
	}
	if h.From != "" {
		from := h.From
		out.From = &from
	}
	return out
}

func involvementOf(iv *kluwen.Involvement) *involvementOut {
	return &involvementOut{
		Links:          self("casussen", iv.CaseID, "betrokken-partners", iv.ID),
		ID:             iv.ID,
		CaseID:         iv.CaseID,
		OrganisationID: iv.OrganisationID,
		From:           dateOut(iv.From),
		To:             optDateOut(iv.To),
		LegalBasis:     iv.LegalBasis,
		ContactUserID:  iv.ContactUserID,
		Note:           iv.Note,
	}
}

func (s *server) listCases(c *call) (*page[caseOut], error) {
	f := kluwen.CaseFilter{
		HouseholdID: c.queryID("huishoudenId"),
		RegisseurID: c.queryID("regisseurId"),
		AfterID:     c.after,
		Limit:       c.size + 1,
	}
	if st := c.queryString("status"); st != "" {
		x := kluwen.CaseStatus(st)
		f.Status = &x
	}
	switch c.queryString("open") {
	case "true":
		t := true
		f.Open = &t
	case "false":
		t := false
		f.Open = &t
	}
	cs, err := s.svc.Cases.FindCases(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]caseOut, len(cs))
	for i, k := range cs {
		items[i] = *caseOf(k)
	}
	return newPage(c, items, func(k caseOut) int64 { return k.ID }), nil
}

func (s *server) createCase(c *call, b *caseIn) (*caseOut, error) {
	k := &kluwen.Case{HouseholdID: b.HouseholdID, Title: b.Title, RegisseurID: b.RegisseurID}
	if k.RegisseurID == 0 {
		k.RegisseurID = kluwen.ActorFromContext(c.ctx).UserID
	}
	if err := s.svc.Cases.CreateCase(c.ctx, k); err != nil {
		return nil, err
	}
	return caseDetailOf(k), nil
}

func (s *server) getCase(c *call) (*caseOut, error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	return caseDetailOf(k), nil
}

func (s *server) listStatusChanges(c *call) (*page[statusChangeOut], error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]statusChangeOut, len(k.History))
	for i, h := range k.History {
		items[i] = *statusChangeOf(h)
	}
	return pageOf(c, items, func(h statusChangeOut) int64 { return h.ID }), nil
}

func (s *server) getStatusChange(c *call) (*statusChangeOut, error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, h := range k.History {
		if h.ID == c.id("wijzigingId") {
			return statusChangeOf(h), nil
		}
	}
	return nil, notFound("Deze statuswijziging bestaat niet bij deze casus.")
}

func (s *server) changeStatus(c *call, b *statusChangeIn) (*statusChangeOut, error) {
	k, err := s.svc.Cases.ChangeCaseStatus(c.ctx, c.id("id"), b.Status, b.Reason)
	if err != nil {
		return nil, err
	}
	if len(k.History) == 0 {
		if k, err = s.svc.Cases.FindCaseByID(c.ctx, c.id("id")); err != nil {
			return nil, err
		}
	}
	var last *kluwen.CaseStatusChange
	for _, h := range k.History {
		if last == nil || h.ID > last.ID {
			last = h
		}
	}
	if last == nil {
		return nil, kluwen.Errorf(kluwen.EINTERNAL, "")
	}
	return statusChangeOf(last), nil
}

func (s *server) getRegisseur(c *call) (*regisseurOut, error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	return &regisseurOut{Links: self("casussen", k.ID, "regisseur"), RegisseurID: k.RegisseurID}, nil
}

func (s *server) setRegisseur(c *call, b *regisseurIn) (*regisseurOut, error) {
	if b.RegisseurID <= 0 {
		return nil, &kluwen.Error{Code: kluwen.EINVALID, Message: "Niet alle gegevens zijn goed ingevuld.",
			Fields: []kluwen.FieldError{{Field: "regisseurId", Message: "Kies een regisseur."}}}
	}
	k, err := s.svc.Cases.SetRegisseur(c.ctx, c.id("id"), b.RegisseurID)
	if err != nil {
		return nil, err
	}
	return &regisseurOut{Links: self("casussen", k.ID, "regisseur"), RegisseurID: k.RegisseurID}, nil
}

func (s *server) listInvolvements(c *call) (*page[involvementOut], error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]involvementOut, len(k.Involvements))
	for i, iv := range k.Involvements {
		items[i] = *involvementOf(iv)
	}
	return pageOf(c, items, func(iv involvementOut) int64 { return iv.ID }), nil
}

func (s *server) addInvolvement(c *call, b *involvementIn) (*involvementOut, error) {
	iv := &kluwen.Involvement{
		CaseID:         c.id("id"),
		OrganisationID: b.OrganisationID,
		From:           time.Time(b.From),
		To:             b.To.time(),
		LegalBasis:     b.LegalBasis,
		ContactUserID:  b.ContactUserID,
		Note:           b.Note,
	}
	if err := s.svc.Cases.AddInvolvement(c.ctx, iv); err != nil {
		return nil, err
	}
	return involvementOf(iv), nil
}

// involvement finds a partner of the case in the path.
func (s *server) involvement(c *call) (*kluwen.Involvement, error) {
	k, err := s.svc.Cases.FindCaseByID(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, iv := range k.Involvements {
		if iv.ID == c.id("partnerId") {
			return iv, nil
		}
	}
	return nil, notFound("Deze partner is niet betrokken bij deze casus.")
}

func (s *server) getInvolvement(c *call) (*involvementOut, error) {
	iv, err := s.involvement(c)
	if err != nil {
		return nil, err
	}
	return involvementOf(iv), nil
}

func (s *server) updateInvolvement(c *call, b *involvementPatch) (*involvementOut, error) {
	if _, err := s.involvement(c); err != nil {
		return nil, err
	}
	u := kluwen.InvolvementUpdate{LegalBasis: b.LegalBasis.ptr(), Note: b.Note.ptr()}
	if b.To.Set {
		to := b.To.Value.time()
		u.To = &to
	}
	if b.ContactUserID.Set {
		u.ContactUserID = &b.ContactUserID.Value
	}
	iv, err := s.svc.Cases.UpdateInvolvement(c.ctx, c.id("partnerId"), u)
	if err != nil {
		return nil, err
	}
	return involvementOf(iv), nil
}

// caseStatusValues are the codes of the status filter.
func caseStatusValues() []string { return stringsOf(kluwen.CaseStatuses) }
