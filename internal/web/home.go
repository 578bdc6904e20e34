package web

import (
	"net/http"
	"sort"

	"github.com/kluwen/kluwen"
)

// homeData is the start page; which parts are filled depends on the role.
type homeData struct {
	Role kluwen.Role
	// Regisseur and professional: may import cost records from a file.
	CanImportCosts bool
	// Regisseur: the cases they coordinate, and the other open cases of their
	// organisation. Professional: the cases their organisation is involved in.
	MyCases  []*kluwen.Case
	OrgCases []*kluwen.Case
	Cases    []*kluwen.Case
	// Regisseur and professional: their own overdue and due-soon actions.
	// Regisseur: the open escalations of the cases they coordinate.
	Due         *kluwen.DueActions
	Escalations []*kluwen.Escalation
	// Analyst: aggregate figures only.
	Figures *figures
	// Privacy officer: the latest refused attempts.
	Refused []*kluwen.AccessLogEntry
	// Admin: organisations and users.
	Organisations []*kluwen.Organisation
	Users         []*kluwen.User
	OrgNames      map[int64]string
}

// figures are the rows of the analyst's tables; small counts are shown as
// "minder dan 5".
type figures struct {
	Households, Persons, OpenCases, Organisations, Users count
	ByStatus                                             []figureRow
	ByWijk                                               []figureRow
}

type figureRow struct {
	Label string
	N     count
}

// count is an aggregate that hides small numbers.
type count int

// String shows the count, or "minder dan 5" when it is below the smallest cell
// size (the service already reports those as 0).
func (n count) String() string {
	if int(n) < kluwen.MinCellSize {
		return "minder dan 5"
	}
	return itoa(int(n))
}

// homeCaseLimit is how many cases the start page lists per table.
const homeCaseLimit = 50

func (s *Server) home(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	ctx := r.Context()
	d := &homeData{Role: c.user.Role, CanImportCosts: c.actor.Can(kluwen.PermRecordCosts)}
	switch c.user.Role {
	case kluwen.RoleRegisseur:
		me := c.user.ID
		open := true
		mine, err := s.svc.Cases.FindCases(ctx, kluwen.CaseFilter{RegisseurID: &me, Open: &open, Limit: homeCaseLimit})
		if err != nil {
			return err
		}
		d.MyCases = mine
		all, err := s.svc.Cases.FindCases(ctx, kluwen.CaseFilter{Open: &open, Limit: homeCaseLimit})
		if err != nil {
			return err
		}
		for _, cs := range all {
			if cs.OrganisationID == c.user.OrganisationID && cs.RegisseurID != me {
				d.OrgCases = append(d.OrgCases, cs)
			}
		}
		if d.Due, err = s.svc.Plan.FindDueActions(ctx); err != nil {
			return err
		}
		if d.Escalations, err = s.svc.Escalations.FindEscalations(ctx, kluwen.EscalationFilter{Open: true}); err != nil {
			return err
		}
	case kluwen.RoleProfessional:
		open := true
		cs, err := s.svc.Cases.FindCases(ctx, kluwen.CaseFilter{Open: &open, Limit: homeCaseLimit})
		if err != nil {
			return err
		}
		d.Cases = cs
		if d.Due, err = s.svc.Plan.FindDueActions(ctx); err != nil {
			return err
		}
	case kluwen.RoleAnalyst:
		o, err := s.svc.Stats.Overview(ctx)
		if err != nil {
			return err
		}
		d.Figures = figuresOf(o)
	case kluwen.RolePrivacyOfficer:
		refused := kluwen.OutcomeRefused
		es, err := s.svc.Audit.FindAccessLog(ctx, kluwen.AccessLogFilter{Outcome: &refused, Limit: 10})
		if err != nil {
			return err
		}
		d.Refused = es
	case kluwen.RoleAdmin:
		orgs, err := s.svc.Organisations.FindOrganisations(ctx, kluwen.OrganisationFilter{})
		if err != nil {
			return err
		}
		users, err := s.svc.Users.FindUsers(ctx, kluwen.UserFilter{})
		if err != nil {
			return err
		}
		d.Organisations, d.Users = orgs, users
		d.OrgNames = orgNames(orgs)
	}
	s.render(w, r, c, http.StatusOK, "home", "Start", d)
	return nil
}

func figuresOf(o *kluwen.Overview) *figures {
	f := &figures{
		Households: count(o.Households), Persons: count(o.Persons), OpenCases: count(o.OpenCases),
		Organisations: count(o.Organisations), Users: count(o.Users),
	}
	for _, st := range kluwen.CaseStatuses {
		f.ByStatus = append(f.ByStatus, figureRow{Label: st.Label(), N: count(o.CasesByStatus[st])})
	}
	wijken := make([]string, 0, len(o.OpenCasesByWijk))
	for wk := range o.OpenCasesByWijk {
		wijken = append(wijken, wk)
	}
	sort.Strings(wijken)
	for _, wk := range wijken {
		label := wk
		if label == "" {
			label = "Geen wijk opgegeven"
		}
		f.ByWijk = append(f.ByWijk, figureRow{Label: label, N: count(o.OpenCasesByWijk[wk])})
	}
	return f
}

func orgNames(orgs []*kluwen.Organisation) map[int64]string {
	m := make(map[int64]string, len(orgs))
	for _, o := range orgs {
		m[o.ID] = o.Name
	}
	return m
}
