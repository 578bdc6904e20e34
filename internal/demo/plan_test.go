package demo

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
)

// planDigest hashes everything a plan says, in order.
func planDigest(w *world) string {
	h := sha256.New()
	for _, hh := range w.households {
		fmt.Fprintf(h, "H %d %s %d %s %s %d\n", hh.idx, hh.streetName(), hh.number, hh.addition, wijken[hh.wijk].name, hh.regBy)
		for _, m := range hh.members {
			fmt.Fprintf(h, " M %d %s %s %s\n", m.person.idx, m.from, m.to, m.role)
		}
	}
	for _, p := range w.persons {
		fmt.Fprintf(h, "P %d %s %s %s %s %s %d\n", p.idx, p.given, p.name.prefix, p.name.name, p.birth, p.bsn, p.regBy)
	}
	for _, r := range w.relations {
		fmt.Fprintf(h, "R %d %d %s\n", r.a.idx, r.b.idx, r.kind)
	}
	for _, c := range w.cases {
		fmt.Fprintf(h, "C %d %s %s %s\n", c.hh.idx, c.title, c.regisseur, c.opened)
		for _, s := range c.steps {
			fmt.Fprintf(h, " S %s %s %s\n", s.to, s.at, s.reason)
		}
		for _, iv := range c.involved {
			fmt.Fprintf(h, " I %d %s %s %s %s %s\n", iv.org, iv.from, iv.to, iv.basis, iv.contact, iv.note)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestPlanIsDeterministic(t *testing.T) {
	opt := Options{Households: 300}.withDefaults()
	a, b := planDigest(plan(opt)), planDigest(plan(opt))
	if a != b {
		t.Fatalf("two plans with the same seed differ: %s vs %s", a, b)
	}
	opt.Seed++
	if c := planDigest(plan(opt)); c == a {
		t.Fatal("another seed gives the same plan")
	}
}

// TestPlanInvariants checks the full-size town without a database: everything the
// services will validate, and the shape the demo promises.
func TestPlanInvariants(t *testing.T) {
	for _, n := range []int{DefaultHouseholds, 60, 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			opt := Options{Households: n}.withDefaults()
			w := plan(opt)
			checkPlan(t, w, opt)
		})
	}
}

func checkPlan(t *testing.T, w *world, opt Options) {
	t.Helper()
	ref := ReferenceDate()
	if len(w.households) != opt.Households {
		t.Errorf("households = %d, want %d", len(w.households), opt.Households)
	}
	// Persons: valid, unique BSNs in the test range; born before the reference date.
	bsns := map[string]bool{}
	adults, adultsWithBSN := 0, 0
	for i, p := range w.persons {
		if p.idx != i {
			t.Fatalf("person %d has idx %d", i, p.idx)
		}
		kp := &kluwen.Person{GivenName: p.given, FamilyNamePrefix: p.name.prefix, FamilyName: p.name.name, BirthDate: p.birth, BSN: p.bsn}
		if err := kp.Validate(ref); err != nil {
			t.Errorf("person %d invalid: %v", i, err)
		}
		if p.bsn != "" {
			if !strings.HasPrefix(p.bsn, "99") || !kluwen.ValidBSN(p.bsn) || bsns[p.bsn] {
				t.Errorf("person %d: BSN %s not valid, not in the test range or not unique", i, p.bsn)
			}
			bsns[p.bsn] = true
		}
		if ageOn(p.birth, ref) >= 18 {
			adults++
			if p.bsn != "" {
				adultsWithBSN++
			}
		}
	}
	if share := float64(adultsWithBSN) / float64(adults); len(w.persons) > 500 && (share < 0.65 || share > 0.75) {
		t.Errorf("%.0f%% of adults have a BSN, want about 70%%", share*100)
	}
	// Households: valid addresses, unique; one current head; memberships valid
	// and never overlapping for one person.
	addrs := map[string]bool{}
	periods := make([][]*membership, len(w.persons))
	twoHouseholds := 0
	for _, h := range w.households {
		kh := &kluwen.Household{Street: h.streetName(), HouseNumber: h.number, HouseNumberAddition: h.addition, Postcode: postcode(h.wijk, h.street, h.number), City: City, Wijk: wijken[h.wijk].name}
		if err := kh.Validate(); err != nil {
			t.Errorf("household %d invalid: %v", h.idx, err)
		}
		if addrs[kh.Address()] {
			t.Errorf("address %s twice", kh.Address())
		}
		addrs[kh.Address()] = true
		heads := 0
		for _, m := range h.members {
			km := &kluwen.Membership{PersonID: 1, From: m.from, Role: m.role}
			if !m.to.IsZero() {
				km.To = &m.to
			}
			if err := km.Validate(); err != nil {
				t.Errorf("membership in household %d invalid: %v", h.idx, err)
			}
			if m.from.Before(m.person.birth) || !m.from.Before(ref) {
				t.Errorf("membership of person %d from %s (born %s)", m.person.idx, m.from, m.person.birth)
			}
			if m.current() && m.role == kluwen.MemberHead {
				heads++
			}
			periods[m.person.idx] = append(periods[m.person.idx], m)
		}
		if heads != 1 {
			t.Errorf("household %d (kind %d) has %d current heads", h.idx, h.kind, heads)
		}
	}
	for i, ms := range periods {
		hhs := map[int]bool{}
		for a, m := range ms {
			hhs[m.hh.idx] = true
			for _, o := range ms[a+1:] {
				if overlap(m, o) {
					t.Errorf("person %d lives in households %d and %d at once (%s–%s, %s–%s)", i, m.hh.idx, o.hh.idx, m.from, m.to, o.from, o.to)
				}
			}
		}
		if len(hhs) > 1 {
			twoHouseholds++
		}
	}
	// Relations: no duplicates, no self ties; parents older than children.
	rels := map[string]bool{}
	acrossHouseholds := 0
	for _, r := range w.relations {
		key := fmt.Sprint(r.a.idx, r.b.idx, r.kind)
		if r.a == r.b || rels[key] {
			t.Errorf("relation %s duplicate or with oneself", key)
		}
		rels[key] = true
		if r.kind == kluwen.RelationParent {
			if gap := ageOn(r.a.birth, r.b.birth); gap < 18 {
				t.Errorf("parent %d only %d years older than child %d", r.a.idx, gap, r.b.idx)
			}
			if currentHousehold(periods[r.a.idx]) != currentHousehold(periods[r.b.idx]) {
				acrossHouseholds++
			}
		}
	}
	// Cases.
	open, closed, withoutPolice, youthNoPolice, policeActive, byZVH, involved, ended := 0, 0, 0, 0, 0, 0, 0, 0
	hhs := map[int]bool{}
	for _, c := range w.cases {
		if hhs[c.hh.idx] {
			t.Errorf("two cases on household %d", c.hh.idx)
		}
		hhs[c.hh.idx] = true
		kc := &kluwen.Case{HouseholdID: 1, RegisseurID: 1, Title: c.title}
		if err := kc.Validate(); err != nil {
			t.Errorf("case invalid: %v", err)
		}
		prev, at := kluwen.CaseAanmelding, c.opened
		for _, s := range c.steps {
			if !prev.CanMoveTo(s.to) || s.at.Before(at) || s.reason == "" || s.at.After(ref) {
				t.Errorf("case on household %d: step %s→%s on %s (after %s) not allowed", c.hh.idx, prev, s.to, s.at, at)
			}
			prev, at = s.to, s.at
		}
		if c.closed() {
			closed++
		} else {
			open++
		}
		if c.regisseur == "regisseur2" {
			byZVH++
		}
		if c.involvedOn(orgPolitie, ref) {
			policeActive++
		}
		if n := len(c.involved); n < 2 || (n > 7 && !c.busy) || n > 8 {
			t.Errorf("case on household %d has %d partners", c.hh.idx, n)
		}
		police, youth := false, false
		for _, iv := range c.involved {
			ki := &kluwen.Involvement{OrganisationID: 1, From: iv.from, LegalBasis: iv.basis, Note: iv.note}
			if !iv.to.IsZero() {
				ki.To = &iv.to
			}
			if err := ki.Validate(); err != nil {
				t.Errorf("involvement invalid: %v", err)
			}
			if iv.from.Before(c.opened) || iv.from.After(c.end(ref)) || (c.closed() && (iv.to.IsZero() || iv.to.After(c.end(ref)))) {
				t.Errorf("involvement %s–%s outside case %s–%s", iv.from, iv.to, c.opened, c.end(ref))
			}
			involved++
			if !iv.to.IsZero() && !c.closed() {
				ended++
			}
			police = police || iv.org == orgPolitie
			youth = youth || iv.org == orgJeugdhulp
		}
		if !police {
			withoutPolice++
			if youth {
				youthNoPolice++
			}
		}
	}
	if open != opt.OpenCases || closed != opt.ClosedCases {
		t.Errorf("cases open %d closed %d, want %d and %d", open, closed, opt.OpenCases, opt.ClosedCases)
	}
	if opt.Households == DefaultHouseholds {
		if withoutPolice < 60 || youthNoPolice < 10 || withoutPolice > len(w.cases)*3/4 {
			t.Errorf("cases without police %d (youth care, no police: %d) of %d", withoutPolice, youthNoPolice, len(w.cases))
		}
		if twoHouseholds < 50 || acrossHouseholds < 200 {
			t.Errorf("persons in two households %d, parent ties across households %d: too few", twoHouseholds, acrossHouseholds)
		}
	}
	t.Logf("%d households, %d persons (%d adults, %d with BSN), %d relations (%d parent ties across households), %d persons in more than one household",
		len(w.households), len(w.persons), adults, adultsWithBSN, len(w.relations), acrossHouseholds, twoHouseholds)
	t.Logf("cases %d open, %d closed, %d coordinated by regisseur2; %d involvements (%d ended in open cases); police never involved in %d (%d of them with youth care), actively involved in %d",
		open, closed, byZVH, involved, ended, withoutPolice, youthNoPolice, policeActive)
}

func currentHousehold(ms []*membership) int {
	for _, m := range ms {
		if m.current() {
			return m.hh.idx
		}
	}
	return -1
}

func overlap(a, b *membership) bool {
	far := time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	ae, be := a.to, b.to
	if ae.IsZero() {
		ae = far
	}
	if be.IsZero() {
		be = far
	}
	return !a.from.After(be) && !b.from.After(ae)
}

// TestCaseworkPlan checks the planned case work of the full-size town and a
// small one without a database: everything the services will check (persons
// living in the household on the date, owners and invitees taking part in the
// case, status changes they allow, nothing after a case closed) and the shape
// the demo promises: scores that improve for some and fall back for others, the
// busy household, and work on the featured users' start pages.
func TestCaseworkPlan(t *testing.T) {
	for _, n := range []int{DefaultHouseholds, 60} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			w := plan(Options{Households: n}.withDefaults())
			checkCasework(t, w, n == DefaultHouseholds)
		})
	}
}

func checkCasework(t *testing.T, w *world, full bool) {
	t.Helper()
	ref := ReferenceDate()
	member := func(c *casePlan, p *person, on time.Time) bool { return slices.Contains(membersOn(c.hh, on), p) }
	pro := func(username string, o orgKey) bool {
		i := slices.IndexFunc(users, func(u userSpec) bool { return u.username == username })
		return i >= 0 && users[i].org == o && (users[i].role == kluwen.RoleProfessional || users[i].role == kluwen.RoleRegisseur)
	}
	var improved, relapsed, confidential, busy int
	pending := map[string]int{}
	openEscalation := map[string]bool{}
	for _, c := range w.cases {
		end := c.end(ref)
		cw := c.work
		for _, s := range cw.signals {
			if s.date.After(end) || (s.person != nil && !member(c, s.person, s.date)) || len(s.text) == 0 {
				t.Fatalf("signal %+v of case on household %d (end %s)", s, c.hh.idx, end)
			}
			if s.conf {
				confidential++
			}
		}
		first, last, top := map[*person]int{}, map[*person]int{}, map[*person]int{}
		for _, a := range cw.assessments {
			if a.date.After(end) || !member(c, a.person, a.date) {
				t.Fatalf("assessment on %s of a non-member", a.date)
			}
			sum := 0
			for _, s := range a.scores {
				if s < 0 || s > 5 {
					t.Fatalf("score %d", s)
				}
				sum += s
			}
			if _, ok := first[a.person]; !ok {
				first[a.person] = sum
			}
			last[a.person] = sum
			top[a.person] = max(top[a.person], sum)
		}
		for p := range first {
			switch {
			case last[p] < top[p]:
				relapsed++
			case last[p] > first[p]:
				improved++
			}
		}
		for _, g := range cw.goals {
			if g.made.Before(c.stepDate(kluwen.CasePlan)) || g.made.After(end) || !g.target.After(g.made) || len(g.persons) == 0 {
				t.Fatalf("goal %+v of case opened %s", g, c.opened)
			}
			for _, p := range g.persons {
				if !member(c, p, g.made) {
					t.Fatalf("goal for a non-member")
				}
			}
			if g.eval != nil && (!g.eval.at.After(g.made) || g.eval.at.After(end) || g.eval.text == "") {
				t.Fatalf("evaluation %+v of goal made %s", g.eval, g.made)
			}
			if c.closed() && g.eval == nil {
				t.Fatalf("open goal in a closed case")
			}
			for _, a := range g.actions {
				if !g.open(a.made) || a.due.Before(a.made) {
					t.Fatalf("action made %s due %s under goal %s–%v", a.made, a.due, g.made, g.eval)
				}
				if !(a.org == c.owner && a.owner == c.regisseur) && (c.involvement(a.org, a.made) == nil || !pro(a.owner, a.org)) {
					t.Fatalf("action owned by %s of %d, not taking part on %s", a.owner, a.org, a.made)
				}
				st := kluwen.ActionOpen
				at := a.made
				for _, s := range a.steps {
					if !st.CanMoveTo(s.status) || s.at.Before(at) || s.at.After(end) {
						t.Fatalf("action step %+v after %s %s", s, st, at)
					}
					if s.by != c.regisseur && (s.by != a.owner || c.involvement(a.org, s.at) == nil) {
						t.Fatalf("action step by %s", s.by)
					}
					st, at = s.status, s.at
				}
				if st.Pending() {
					if c.closed() {
						t.Fatalf("action pending in a closed case")
					}
					if c.involvement(a.org, ref) != nil {
						pending[a.owner]++
					}
				}
			}
		}
		for _, cf := range cw.conferences {
			if !cf.scheduled.Before(cf.starts) || cf.scheduled.After(end) {
				t.Fatalf("conference scheduled %s for %s", cf.scheduled, cf.starts)
			}
			for _, iv := range cf.invitees {
				if c.involvement(iv.org, cf.scheduled) == nil || (iv.user != "" && !pro(iv.user, iv.org)) {
					t.Fatalf("invitee %+v not taking part on %s", iv, cf.scheduled)
				}
			}
			for _, u := range cf.present {
				i := slices.IndexFunc(users, func(x userSpec) bool { return x.username == u })
				if u != c.regisseur && !slices.ContainsFunc(cf.invitees, func(iv invitee) bool { return iv.user == u || (iv.user == "" && iv.org == users[i].org) }) {
					t.Fatalf("%s present, not invited", u)
				}
			}
			if cf.held() != cf.starts.Before(end) && !cf.starts.After(ref) && cf.starts.Before(end.AddDate(0, 0, -1)) {
				t.Fatalf("conference on %s held %v, case ends %s", cf.starts, cf.held(), end)
			}
			for _, d := range cf.decisions {
				if d.outcome == decisionAction && (d.action == nil || !d.action.made.Equal(d.at)) || d.outcome != decisionOpen && d.at.After(end) {
					t.Fatalf("decision %+v", d)
				}
				if c.closed() && d.outcome == decisionOpen {
					t.Fatal("open decision in a closed case")
				}
			}
		}
		for _, e := range cw.escalations {
			if e.at.After(end) || (!e.answerAt.IsZero() && e.answerAt.Before(e.at)) || (!e.closeAt.IsZero() && e.closeAt.Before(e.answerAt)) {
				t.Fatalf("escalation %+v", e)
			}
			if e.closeAt.IsZero() && !c.closed() {
				openEscalation[c.regisseur] = true
			}
		}
		if c.busy {
			busy++
			goals, actions := len(cw.goals), 0
			for _, g := range cw.goals {
				actions += len(g.actions)
			}
			if len(cw.signals) != 500 || len(cw.assessments) != 40 || goals+actions < 55 || len(cw.conferences) != 30 {
				t.Errorf("busy case: %d signals, %d assessments, %d goals and %d actions, %d conferences", len(cw.signals), len(cw.assessments), goals, actions, len(cw.conferences))
			}
		}
	}
	if busy != 1 {
		t.Errorf("%d busy cases", busy)
	}
	for _, u := range []string{"schuldhulp", "wijkagent", "jeugdzorg", "woonconsulent"} {
		if pending[u] == 0 {
			t.Errorf("%s has no pending action", u)
		}
	}
	if !openEscalation["regisseur"] {
		t.Error("regisseur has no open escalation")
	}
	if full && (improved < 50 || relapsed < 30 || confidential < 50) {
		t.Errorf("%d persons improved, %d fell back; %d confidential signals", improved, relapsed, confidential)
	}
	t.Logf("%d persons improved, %d fell back; %d confidential signals; pending actions %v", improved, relapsed, confidential, pending)
}
