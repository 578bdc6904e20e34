package demo

import (
	"crypto/sha256"
	"fmt"
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
		if n := len(c.involved); n < 2 || n > 7 {
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
