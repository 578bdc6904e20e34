package api

import (
	"bytes"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/maatwerkcsv"
)

func maatwerkOf(m *kluwen.Maatwerk) *maatwerkOut {
	out := &maatwerkOut{
		Links:            self("casussen", m.CaseID, "maatwerk", m.ID),
		ID:               m.ID,
		CaseID:           m.CaseID,
		Rule:             m.Rule,
		Reason:           m.Reason,
		Domain:           lifeDomainCode(m.Domain.Code()),
		ExpectedEffect:   m.ExpectedEffect,
		Cost:             euro(m.CostCents),
		ApprovedByName:   m.ApprovedByName,
		ApprovedByRole:   m.ApprovedByRole,
		ApprovedByUserID: m.ApprovedByUserID,
		DecidedOn:        dateOut(m.DecidedOn),
		Outcome:          m.Outcome,
		OutcomeResult:    optResult(m.OutcomeResult),
		OutcomeOn:        optDateOut(m.OutcomeOn),
		CreatedBy:        optID(m.CreatedBy),
		CreatedAt:        instant(m.CreatedAt),
		UpdatedAt:        instant(m.UpdatedAt),
	}
	return out
}

func optResult(r kluwen.OutcomeResult) *kluwen.OutcomeResult {
	if r == "" {
		return nil
	}
	return &r
}

func (s *server) listMaatwerk(c *call) (*page[maatwerkOut], error) {
	ms, err := s.svc.Maatwerk.FindMaatwerk(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	items := make([]maatwerkOut, len(ms))
	for i, m := range ms {
		items[i] = *maatwerkOf(m)
	}
	return pageInOrder(c, items, func(m maatwerkOut) int64 { return m.ID })
}

func (s *server) createMaatwerk(c *call, b *maatwerkIn) (*maatwerkOut, error) {
	m := &kluwen.Maatwerk{
		CaseID:           c.id("id"),
		Rule:             b.Rule,
		Reason:           b.Reason,
		Domain:           b.Domain.domain(),
		ExpectedEffect:   b.ExpectedEffect,
		CostCents:        int64(b.Cost),
		ApprovedByName:   b.ApprovedByName,
		ApprovedByRole:   b.ApprovedByRole,
		ApprovedByUserID: b.ApprovedByUserID,
		DecidedOn:        time.Time(b.DecidedOn),
	}
	if err := s.svc.Maatwerk.CreateMaatwerk(c.ctx, m); err != nil {
		return nil, err
	}
	return maatwerkOf(m), nil
}

// maatwerk finds a deviation of the case in the path.
func (s *server) maatwerk(c *call) (*kluwen.Maatwerk, error) {
	ms, err := s.svc.Maatwerk.FindMaatwerk(c.ctx, c.id("id"))
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.ID == c.id("maatwerkId") {
			return m, nil
		}
	}
	return nil, notFound("Deze afwijking bestaat niet bij deze casus.")
}

func (s *server) getMaatwerk(c *call) (*maatwerkOut, error) {
	m, err := s.maatwerk(c)
	if err != nil {
		return nil, err
	}
	return maatwerkOf(m), nil
}

func (s *server) recordMaatwerkOutcome(c *call, b *maatwerkOutcomeIn) (*maatwerkOut, error) {
	if _, err := s.maatwerk(c); err != nil {
		return nil, err
	}
	m, err := s.svc.Maatwerk.RecordMaatwerkOutcome(c.ctx, c.id("maatwerkId"), kluwen.MaatwerkOutcome{
		Outcome: b.Outcome, Result: b.OutcomeResult, On: time.Time(b.OutcomeOn),
	})
	if err != nil {
		return nil, err
	}
	return maatwerkOf(m), nil
}

// --- The list across cases ---

func maatwerkRowOf(r *kluwen.MaatwerkRow) maatwerkRowOut {
	out := maatwerkRowOut{
		Pseudonymised:  r.Pseudonymised,
		CasePseudonym:  r.CasePseudonym,
		CaseID:         optID(r.CaseID),
		Address:        r.Address,
		Wijk:           r.Wijk,
		Rule:           r.Rule,
		Reason:         r.Reason,
		Domain:         lifeDomainCode(r.Domain.Code()),
		ExpectedEffect: r.ExpectedEffect,
		Cost:           euro(r.CostCents),
		ApprovedByName: r.ApprovedByName,
		ApprovedByRole: r.ApprovedByRole,
		DecidedOn:      dateOut(r.DecidedOn),
		Outcome:        r.Outcome,
		OutcomeResult:  optResult(r.OutcomeResult),
		OutcomeOn:      optDateOut(r.OutcomeOn),
	}
	if r.Pseudonymised {
		out.CaseID = nil
	}
	return out
}

func (c *call) maatwerkFilter() kluwen.MaatwerkFilter {
	return kluwen.MaatwerkFilter{From: c.queryTime("van"), To: c.queryTime("tot"), Wijk: c.queryString("wijk")}
}

// listMaatwerkAcross gives the deviations across the cases the actor may list: a
// regisseur those of the cases they may read, an analyst every one,
// pseudonymised. Rows have no identifier: the cursor is a position.
func (s *server) listMaatwerkAcross(c *call) (*page[maatwerkRowOut], error) {
	rs, err := s.svc.Maatwerk.FindMaatwerkList(c.ctx, c.maatwerkFilter())
	if err != nil {
		return nil, err
	}
	items := make([]maatwerkRowOut, len(rs))
	for i, r := range rs {
		items[i] = maatwerkRowOf(r)
	}
	return pageAt(c, items), nil
}

// exportMaatwerk gives the same list as CSV, in the layout the actor may have;
// the service logs it as an export.
func (s *server) exportMaatwerk(c *call) (csvFile, error) {
	pseudo := kluwen.ActorFromContext(c.ctx).Role == kluwen.RoleAnalyst
	var buf bytes.Buffer
	w, err := maatwerkcsv.NewWriter(&buf, pseudo)
	if err != nil {
		return csvFile{}, err
	}
	if err := s.svc.Maatwerk.ExportMaatwerk(c.ctx, c.maatwerkFilter(), w.Write); err != nil {
		return csvFile{}, err
	}
	if err := w.Flush(); err != nil {
		return csvFile{}, err
	}
	return csvFile{file{contentType: "text/csv; charset=utf-8", name: "maatwerk.csv", body: buf.Bytes()}}, nil
}
