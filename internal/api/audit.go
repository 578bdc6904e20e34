package api

import (
	"github.com/kluwen/kluwen"
)

func accessLogEntryOf(e *kluwen.AccessLogEntry) *accessLogEntryOut {
	out := &accessLogEntryOut{
		Position:       e.Position,
		OccurredAt:     instant(e.OccurredAt),
		EventType:      e.EventType,
		Action:         translated(actionNames, e.Action),
		Outcome:        translated(outcomeNames, e.Outcome),
		UserID:         e.UserID,
		Username:       e.Username,
		OrganisationID: e.OrganisationID,
		Role:           e.Role,
		ClientAddr:     e.ClientAddr,
		Objects:        make([]objectOut, len(e.Objects)),
		Basis:          e.Basis,
		Purpose:        e.Purpose,
		PrevHash:       e.PrevHash,
		Hash:           e.Hash,
	}
	for i, o := range e.Objects {
		out.Objects[i] = objectOut{Type: translated(objectNames, o.Type), ID: o.ID}
	}
	return out
}

// listAccessLog gives the privacy officer the access log, newest first; the
// cursor is the position of the last entry seen.
func (s *server) listAccessLog(c *call) (*page[accessLogEntryOut], error) {
	f := kluwen.AccessLogFilter{
		PersonID:       c.queryID("persoonId"),
		HouseholdID:    c.queryID("huishoudenId"),
		CaseID:         c.queryID("casusId"),
		UserID:         c.queryID("gebruikerId"),
		OrganisationID: c.queryID("organisatieId"),
		From:           c.queryTime("van"),
		To:             c.queryTime("tot"),
		BeforePosition: c.after,
		Limit:          c.size + 1,
	}
	if o := c.queryString("uitkomst"); o != "" {
		x, _ := untranslated(outcomeNames, o)
		f.Outcome = &x
	}
	es, err := s.svc.Audit.FindAccessLog(c.ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]accessLogEntryOut, len(es))
	for i, e := range es {
		items[i] = *accessLogEntryOf(e)
	}
	return newPage(c, items, func(e accessLogEntryOut) int64 { return e.Position }), nil
}
