package demo

import (
	"context"
	"fmt"

	"github.com/kluwen/kluwen"
)

// writer writes a planned town through the services, one call at a time.
type writer struct {
	svc kluwen.Services
	opt Options
	w   *world
	res *Result

	orgIDs    []int64          // by orgKey
	userIDs   map[string]int64 // by username; lookups only
	personIDs []int64          // by person idx; 0 until created
	hhIDs     []int64          // by household idx
	caseIDs   []int64          // by case index

	evs     []storyEvent               // the story, in order (story.go)
	userCtx map[string]context.Context // the context of each demo user; lookups only
	ids     map[any]int64              // the ID of each planned goal, action, conference, …; lookups only

	done, total int
	what        string
	lastReport  int
}

func (wr *writer) countCalls() int {
	n := len(organisations) + len(users)
	for _, o := range organisations {
		n += len(o.departments)
	}
	n += len(wr.w.households) + len(wr.w.persons) + len(wr.w.relations)
	for _, h := range wr.w.households {
		n += len(h.members)
	}
	for _, e := range wr.events() {
		n += e.calls()
	}
	return n + wr.costImports()
}

// costImports is the number of cost imports: one per organisation with costs.
func (wr *writer) costImports() int {
	if wr.svc.Costs == nil {
		return 0
	}
	orgs := map[orgKey]bool{}
	for _, c := range wr.w.costs {
		orgs[c.org] = true
	}
	return len(orgs)
}

// step counts one service call and reports progress every so often.
func (wr *writer) step(what string) {
	wr.done++
	wr.res.Calls = wr.done
	wr.progress(what, false)
}

func (wr *writer) progress(what string, force bool) {
	if wr.opt.Progress == nil {
		return
	}
	if force || what != wr.what || wr.done-wr.lastReport >= 250 {
		wr.what, wr.lastReport = what, wr.done
		wr.opt.Progress(wr.done, wr.total, what)
	}
}

func (wr *writer) organisations(ctx context.Context) error {
	wr.orgIDs = make([]int64, len(organisations))
	for _, spec := range organisations {
		o := &kluwen.Organisation{Name: spec.name, Sector: spec.sector}
		if err := wr.svc.Organisations.CreateOrganisation(ctx, o); err != nil {
			return fmt.Errorf("demo: organisation %q: %w", spec.name, err)
		}
		wr.step("organisaties")
		wr.orgIDs[spec.key] = o.ID
		wr.res.Organisations++
		for _, name := range spec.departments {
			d := &kluwen.Department{OrganisationID: o.ID, Name: name}
			if err := wr.svc.Organisations.CreateDepartment(ctx, d); err != nil {
				return fmt.Errorf("demo: department %q of %q: %w", name, spec.name, err)
			}
			wr.step("organisaties")
			wr.res.Departments++
		}
	}
	return nil
}

func (wr *writer) users(ctx context.Context) error {
	wr.userIDs = make(map[string]int64, len(users))
	for _, spec := range users {
		u := &kluwen.User{
			Username:       spec.username,
			DisplayName:    spec.displayName,
			Email:          spec.username + "@" + organisations[spec.org].domain,
			OrganisationID: wr.orgIDs[spec.org],
			Role:           spec.role,
		}
		if err := wr.svc.Users.CreateUser(ctx, u, wr.opt.Password); err != nil {
			return fmt.Errorf("demo: user %q: %w", spec.username, err)
		}
		wr.step("gebruikers")
		wr.userIDs[spec.username] = u.ID
		wr.res.Users++
		wr.res.DemoUsers = append(wr.res.DemoUsers, User{spec.username, spec.displayName, spec.role, organisations[spec.org].name})
	}
	return nil
}

func (wr *writer) person(ctx context.Context, q *person) (int64, error) {
	if id := wr.personIDs[q.idx]; id != 0 {
		return id, nil
	}
	p := &kluwen.Person{
		GivenName:         q.given,
		FamilyNamePrefix:  q.name.prefix,
		FamilyName:        q.name.name,
		BirthDate:         q.birth,
		BSN:               q.bsn,
		RegisteredByOrgID: wr.orgIDs[q.regBy],
	}
	if err := wr.svc.Persons.CreatePerson(ctx, p); err != nil {
		return 0, fmt.Errorf("demo: person %d: %w", q.idx, err)
	}
	wr.step("huishoudens en personen")
	wr.personIDs[q.idx] = p.ID
	wr.res.Persons++
	return p.ID, nil
}

func (wr *writer) households(ctx context.Context) error {
	wr.personIDs = make([]int64, len(wr.w.persons))
	wr.hhIDs = make([]int64, len(wr.w.households))
	for _, h := range wr.w.households {
		hh := &kluwen.Household{
			Street:              h.streetName(),
			HouseNumber:         h.number,
			HouseNumberAddition: h.addition,
			Postcode:            postcode(h.wijk, h.street, h.number),
			City:                City,
			Wijk:                wijken[h.wijk].name,
			RegisteredByOrgID:   wr.orgIDs[h.regBy],
		}
		if err := wr.svc.Households.CreateHousehold(ctx, hh); err != nil {
			return fmt.Errorf("demo: household %d: %w", h.idx, err)
		}
		wr.step("huishoudens en personen")
		wr.hhIDs[h.idx] = hh.ID
		wr.res.Households++
		for _, m := range h.members {
			pid, err := wr.person(ctx, m.person)
			if err != nil {
				return err
			}
			ms := &kluwen.Membership{HouseholdID: hh.ID, PersonID: pid, From: m.from, Role: m.role}
			if !m.to.IsZero() {
				to := m.to
				ms.To = &to
			}
			if err := wr.svc.Households.AddMember(ctx, ms); err != nil {
				return fmt.Errorf("demo: membership of person %d in household %d: %w", m.person.idx, h.idx, err)
			}
			wr.step("huishoudens en personen")
			wr.res.Memberships++
		}
	}
	// Parents who never lived in Rivierstad in the demo.
	for _, q := range wr.w.persons {
		if _, err := wr.person(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func (wr *writer) relations(ctx context.Context) error {
	for _, r := range wr.w.relations {
		rel := &kluwen.Relation{PersonID: wr.personIDs[r.a.idx], RelatedPersonID: wr.personIDs[r.b.idx], Kind: r.kind}
		if err := wr.svc.Persons.CreateRelation(ctx, rel); err != nil {
			return fmt.Errorf("demo: relation %s between persons %d and %d: %w", r.kind, r.a.idx, r.b.idx, err)
		}
		wr.step("familierelaties")
		wr.res.Relations++
	}
	return nil
}
