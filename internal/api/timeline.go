package api

import (
	"github.com/kluwen/kluwen"
)

// timelineItemOf writes an item of a household's timeline, with a link to the
// item itself where the API has one.
func timelineItemOf(householdID int64, it *kluwen.TimelineItem) timelineItemOut {
	out := timelineItemOut{
		Kind:             translated(timelineKindNames, it.Kind),
		Date:             dateOut(it.Date),
		At:               instant(it.At),
		Title:            it.Title,
		Summary:          it.Summary,
		LifeDomain:       lifeDomainOut(it.LifeDomain),
		OrganisationID:   optID(it.OrganisationID),
		OrganisationName: it.OrganisationName,
		PersonID:         optID(it.PersonID),
		CaseID:           optID(it.CaseID),
		Ref:              objectOut{Type: translated(objectNames, it.Ref.Type), ID: it.Ref.ID},
		Confidential:     it.Confidential,
	}
	if it.Severity != "" {
		sev := it.Severity
		out.Severity = &sev
	}
	var l selfLinks
	switch {
	case it.Ref.Type == objectSignal:
		l = self("huishoudens", householdID, "signalen", it.Ref.ID)
	case it.Ref.Type == objectAssessment && it.PersonID != 0:
		l = self("personen", it.PersonID, "metingen", it.Ref.ID)
	case it.Ref.Type == objectStatusChange && it.CaseID != 0:
		l = self("casussen", it.CaseID, "statuswijzigingen", it.Ref.ID)
	case it.Ref.Type == objectConference && it.CaseID != 0:
		l = self("casussen", it.CaseID, "overleggen", it.Ref.ID)
	case it.Ref.Type == objectEscalation && it.CaseID != 0:
		l = self("casussen", it.CaseID, "escalaties", it.Ref.ID)
	case it.Ref.Type == objectPlanVersion && it.CaseID != 0:
		l = self("casussen", it.CaseID, "plan", "historie")
	}
	if l.Self.Href != "" {
		out.Links = &l
	}
	return out
}

// getTimeline gives a page of the household's timeline, newest first; the
// service pages it with a cursor of its own.
func (s *server) getTimeline(c *call) (*page[timelineItemOut], error) {
	hh := c.id("id")
	f := kluwen.TimelineFilter{
		LifeDomain: lifeDomainCode(c.queryString("leefgebied")).domain(),
		From:       c.queryTime("van"),
		To:         c.queryTime("tot"),
		Cursor:     c.cursor,
		Limit:      c.size,
	}
	if k := c.queryString("soort"); k != "" {
		kind, ok := untranslated(timelineKindNames, k)
		if !ok {
			kind = kluwen.TimelineKind(k) // a kind without a Dutch name goes by its code
		}
		f.Kinds = []kluwen.TimelineKind{kind}
	}
	if id := c.queryID("organisatieId"); id != nil {
		f.OrganisationID = *id
	}
	if id := c.queryID("persoonId"); id != nil {
		f.PersonID = *id
	}
	p, err := s.svc.Timeline.HouseholdTimeline(c.ctx, hh, f)
	if err != nil {
		return nil, err
	}
	items := make([]timelineItemOut, len(p.Items))
	for i, it := range p.Items {
		items[i] = timelineItemOf(hh, it)
	}
	return cursorPage(c, items, p.NextCursor), nil
}
