package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/kluwen/kluwen"
)

// This file plans the households and persons of Rivierstad in memory, before
// anything is written: who lives where since when, who moved out, and which
// families span several households. Everything is drawn from one seeded source in
// a fixed order and only slices are iterated, so a seed always gives the same town.

// ReferenceDate is the fixed "today" of the demo: every date in the demo is
// reckoned back from it, never from the clock, so that two runs with the same seed
// give the same data.
func ReferenceDate() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }

type person struct {
	seq     int // order of creation in the plan, for stable ties
	idx     int // order of creation in the database
	given   string
	name    familyName
	birth   time.Time
	male    bool
	group   int
	bsn     string
	regBy   orgKey
	parents *family // the family they grew up in, when it is part of the demo
}

type membership struct {
	hh     *household
	person *person
	from   time.Time
	to     time.Time // zero: lives there still
	role   kluwen.MemberRole
}

func (m *membership) current() bool { return m.to.IsZero() }

type hhKind int

const (
	kindElderSingle hhKind = iota
	kindElderCouple
	kindOlderFamily
	kindFamily
	kindSingleParent
	kindThreeGenerations
	kindParentAdultChild
	kindYoungSingle
	kindSingle
	kindCouple
	kindHouseShare
)

// householdMix is the share (per 100) of each kind of household, in the order
// they are planned: families that grown-up children can come from first.
var householdMix = []struct {
	kind   hhKind
	weight int
}{
	{kindElderSingle, 10}, {kindElderCouple, 10}, {kindOlderFamily, 8},
	{kindFamily, 24}, {kindSingleParent, 12}, {kindThreeGenerations, 2}, {kindParentAdultChild, 4},
	{kindYoungSingle, 12}, {kindSingle, 8}, {kindCouple, 8}, {kindHouseShare, 2},
}

type household struct {
	idx      int
	kind     hhKind
	wijk     int
	street   int
	number   int
	addition string
	since    time.Time // when its first residents moved in
	regBy    orgKey
	members  []*membership
}

func (h *household) streetName() string { return wijken[h.wijk].streets[h.street] }

// family is a set of parents and their children: the parent ties of the demo.
// Hh is the household the children grew up in, or nil.
type family struct {
	hh       *household
	parents  []*person
	children []*person
	name     familyName
	group    int
}

type relation struct {
	a, b *person
	kind kluwen.RelationKind
}

type exPartner struct {
	p    *person
	left time.Time
}

// world is the planned town.
type world struct {
	households []*household
	persons    []*person
	families   []*family
	couples    [][2]*person
	relations  []relation
	cases      []*casePlan
	costs      []costRow
}

type planner struct {
	r     *rand.Rand
	w     *world
	ref   time.Time
	addrs map[string]bool // lookups only, never iterated
	// maxNumber is the highest house number: 180, and more in a town too large
	// for its streets (beyond some five thousand households).
	maxNumber int
	homes     []*family   // families grown-up children can come from
	exPool    []exPartner // partners who left and may live elsewhere now
}

func (p *planner) chance(x float64) bool { return p.r.Float64() < x }

// between returns an int in [lo, hi].
func (p *planner) between(lo, hi int) int { return lo + p.r.IntN(hi-lo+1) }

// day returns a date in [lo, hi], or lo when hi is before lo.
func (p *planner) day(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	return lo.AddDate(0, 0, p.r.IntN(days(lo, hi)+1))
}

func days(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }

func years(t time.Time, n int) time.Time { return t.AddDate(n, 0, 0) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// age is the age in whole years on the reference date.
func (p *planner) age(birth time.Time) int { return ageOn(birth, p.ref) }

func ageOn(birth, on time.Time) int {
	y := on.Year() - birth.Year()
	if on.YearDay() < birth.YearDay() {
		y--
	}
	return y
}

// ageWindow is the range of birth dates of people aged youngest to oldest on the
// reference date.
func (p *planner) ageWindow(youngest, oldest int) (lo, hi time.Time) {
	return p.ref.AddDate(-oldest-1, 0, 1), p.ref.AddDate(-youngest, 0, 0)
}

func weighted[T any](r *rand.Rand, items []T, weight func(T) int) T {
	total := 0
	for _, it := range items {
		total += weight(it)
	}
	n := r.IntN(total)
	for _, it := range items {
		n -= weight(it)
		if n < 0 {
			return it
		}
	}
	return items[len(items)-1]
}

func (p *planner) pickGroup() int {
	idx := make([]int, len(nameGroups))
	for i := range idx {
		idx[i] = i
	}
	return weighted(p.r, idx, func(i int) int { return nameGroups[i].weight })
}

func era(birth time.Time) int {
	switch y := birth.Year(); {
	case y < 1956:
		return 0
	case y < 1976:
		return 1
	case y < 1996:
		return 2
	}
	return 3
}

func (p *planner) newPerson(group int, name familyName, male bool, birth time.Time, avoid ...*person) *person {
	g := nameGroups[group]
	list := g.female[era(birth)]
	if male {
		list = g.male[era(birth)]
	}
	given := list[p.r.IntN(len(list))]
	for try := 0; try < 5 && slices.ContainsFunc(avoid, func(o *person) bool { return o != nil && o.given == given }); try++ {
		given = list[p.r.IntN(len(list))]
	}
	pr := &person{seq: len(p.w.persons), given: given, name: name, birth: birth, male: male, group: group, regBy: orgGemeente}
	p.w.persons = append(p.w.persons, pr)
	return pr
}

func (p *planner) familyNameOf(group int) familyName {
	f := nameGroups[group].families
	return f[p.r.IntN(len(f))]
}

// adult makes an adult born in [lo, hi]. With chance link they are the grown-up
// child of a family planned before (other than not), whose name and origin they
// take; otherwise a new person of the group (a random one when group < 0).
func (p *planner) adult(lo, hi time.Time, male bool, group int, link float64, not *family) *person {
	if link > 0 && p.chance(link) && len(p.homes) > 0 {
		start := p.r.IntN(len(p.homes))
		for i := 0; i < 40 && i < len(p.homes); i++ {
			f := p.homes[(start+i)%len(p.homes)]
			if f == not || len(f.children) >= 6 {
				continue
			}
			flo, fhi := childWindow(f.parents)
			flo, fhi = later(flo, lo), earlier(fhi, hi)
			if days(flo, fhi) < 30 {
				continue
			}
			birth, ok := p.siblingBirth(flo, fhi, f.children)
			if !ok {
				continue
			}
			c := p.newPerson(f.group, f.name, male, birth, f.children...)
			c.parents = f
			f.children = append(f.children, c)
			return c
		}
	}
	if group < 0 {
		group = p.pickGroup()
	}
	return p.newPerson(group, p.familyNameOf(group), male, p.day(lo, hi))
}

// siblingBirth draws a birth date in [lo, hi] at least ten months from the
// births of the siblings; ok false when a few draws find none.
func (p *planner) siblingBirth(lo, hi time.Time, siblings []*person) (time.Time, bool) {
	for try := 0; try < 12; try++ {
		b := p.day(lo, hi)
		if !slices.ContainsFunc(siblings, func(s *person) bool { d := days(s.birth, b); return d > -300 && d < 300 }) {
			return b, true
		}
	}
	return time.Time{}, false
}

// childWindow is when a child of these parents can have been born: each parent
// was 19 to 42 then.
func childWindow(parents []*person) (lo, hi time.Time) {
	for i, q := range parents {
		a, b := years(q.birth, 19), years(q.birth, 42)
		if i == 0 {
			lo, hi = a, b
			continue
		}
		lo, hi = later(lo, a), earlier(hi, b)
	}
	return lo, hi
}

// partnerOf makes a partner for a: of the other sex but for a share sameSex,
// usually of the same origin, a few years apart.
func (p *planner) partnerOf(a *person, link, sameSex float64) *person {
	male := !a.male
	if sameSex > 0 && p.chance(sameSex) {
		male = a.male
	}
	lo, hi := years(a.birth, -6), years(a.birth, 4)
	if a.male {
		lo, hi = years(a.birth, -3), years(a.birth, 7)
	}
	_, maxBirth := p.ageWindow(19, 19)
	hi = earlier(hi, maxBirth)
	group := a.group
	if p.chance(0.12) {
		group = -1
	}
	return p.adult(lo, hi, male, group, link, a.parents)
}

func (p *planner) newHousehold(kind hhKind) *household {
	wi := weighted(p.r, seq(len(wijken)), func(i int) int { return wijken[i].weight })
	wk := wijken[wi]
	h := &household{kind: kind, wijk: wi, regBy: orgGemeente}
	for {
		h.street = p.r.IntN(len(wk.streets))
		h.number = p.between(1, p.maxNumber)
		h.addition = ""
		if wk.flats && p.chance(0.4) {
			h.addition = []string{"A", "B", "C", "D", "1", "2", "3", "4"}[p.r.IntN(8)]
		}
		key := strconv.Itoa(wi) + "|" + strconv.Itoa(h.street) + "|" + strconv.Itoa(h.number) + "|" + h.addition
		if !p.addrs[key] {
			p.addrs[key] = true
			break
		}
	}
	p.w.households = append(p.w.households, h)
	return h
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func (p *planner) live(h *household, pr *person, from, to time.Time, role kluwen.MemberRole) {
	from = later(from, pr.birth)
	if !to.IsZero() && to.Before(from) {
		to = from
	}
	h.members = append(h.members, &membership{hh: h, person: pr, from: from, to: to, role: role})
}

func (p *planner) newFamily(h *household, parents ...*person) *family {
	f := &family{hh: h, parents: parents, name: parents[0].name, group: parents[0].group}
	for _, q := range parents {
		if q.male {
			f.name, f.group = q.name, q.group
			break
		}
	}
	p.w.families = append(p.w.families, f)
	return f
}

// children adds n children aged minAge to maxAge, born to the family's parents,
// living in h from since (or from their birth).
func (p *planner) children(f *family, h *household, n, minAge, maxAge int, since time.Time) {
	lo, hi := p.ageWindow(minAge, maxAge)
	plo, phi := childWindow(f.parents)
	lo, hi = later(lo, plo), earlier(hi, phi)
	hi = earlier(hi, p.ref.AddDate(0, 0, -14))
	if hi.Before(lo) {
		return
	}
	for i := 0; i < n; i++ {
		birth, ok := p.siblingBirth(lo, hi, f.children)
		if !ok {
			return
		}
		c := p.newPerson(f.group, f.name, p.chance(0.5), birth, f.children...)
		c.parents = f
		f.children = append(f.children, c)
		p.live(h, c, since, time.Time{}, kluwen.MemberChild)
	}
}

func (p *planner) couple(h *household, a, b *person, since time.Time) {
	p.live(h, a, since, time.Time{}, kluwen.MemberHead)
	p.live(h, b, since, time.Time{}, kluwen.MemberPartner)
	p.w.couples = append(p.w.couples, [2]*person{a, b})
}

// moveOut ends the childhood membership of grown-up children with the given
// chance: they moved out of Rivierstad.
func (p *planner) moveOut(h *household, chance float64) {
	for _, m := range h.members {
		if m.role != kluwen.MemberChild || !m.current() || p.age(m.person.birth) < 19 || !p.chance(chance) {
			continue
		}
		to := p.day(years(m.person.birth, 18), earlier(years(m.person.birth, 23), p.ref.AddDate(0, -1, 0)))
		if !to.Before(m.from) {
			m.to = to
		}
	}
}

// fromPool takes a partner who left a household before the date, born in
// [lo, hi] and of the given sex, from the pool.
func (p *planner) fromPool(lo, hi, before time.Time, male bool) (exPartner, bool) {
	if len(p.exPool) == 0 {
		return exPartner{}, false
	}
	start := p.r.IntN(len(p.exPool))
	for i := range p.exPool {
		j := (start + i) % len(p.exPool)
		e := p.exPool[j]
		if e.p.male == male && !e.p.birth.Before(lo) && !e.p.birth.After(hi) && e.left.Before(before) {
			p.exPool = slices.Delete(p.exPool, j, j+1)
			return e, true
		}
	}
	return exPartner{}, false
}

func (p *planner) numChildren(w ...int) int {
	return weighted(p.r, seq(len(w)), func(i int) int { return w[i] }) + 1
}

func (p *planner) plan(kind hhKind) {
	ref := p.ref
	oneMonth := ref.AddDate(0, -1, 0)
	switch kind {
	case kindElderSingle:
		lo, hi := p.ageWindow(66, 93)
		a := p.adult(lo, hi, p.chance(0.35), -1, 0, nil)
		h := p.newHousehold(kind)
		h.since = p.day(later(years(a.birth, 22), years(ref, -45)), years(ref, -1))
		p.live(h, a, h.since, time.Time{}, kluwen.MemberHead)
		p.homes = append(p.homes, p.newFamily(h, a))

	case kindElderCouple, kindOlderFamily:
		youngest, oldest := 62, 90
		if kind == kindOlderFamily {
			youngest, oldest = 46, 64
		}
		lo, hi := p.ageWindow(youngest, oldest)
		a := p.adult(lo, hi, true, -1, 0, nil)
		b := p.partnerOf(a, 0, 0.03)
		h := p.newHousehold(kind)
		h.since = p.day(later(years(later(a.birth, b.birth), 21), years(ref, -48)), years(ref, -1))
		p.couple(h, a, b, h.since)
		f := p.newFamily(h, a, b)
		if kind == kindOlderFamily {
			p.children(f, h, p.numChildren(35, 45, 20), 12, 27, h.since)
			p.moveOut(h, 0.35)
		}
		p.homes = append(p.homes, f)

	case kindFamily, kindThreeGenerations:
		link := 0.35
		if kind == kindThreeGenerations {
			link = 0
		}
		lo, hi := p.ageWindow(24, 52)
		a := p.adult(lo, hi, true, -1, link, nil)
		b := p.partnerOf(a, link, 0.03)
		h := p.newHousehold(kind)
		h.since = p.day(later(years(later(a.birth, b.birth), 19), years(ref, -25)), ref.AddDate(0, -6, 0))
		p.couple(h, a, b, h.since)
		f := p.newFamily(h, a, b)
		p.children(f, h, p.numChildren(30, 40, 20, 10), 0, 24, h.since)
		p.moveOut(h, 0.45)
		p.homes = append(p.homes, f)
		if kind == kindThreeGenerations {
			// A parent of the head lives in.
			glo, ghi := years(a.birth, -42), earlier(years(a.birth, -19), years(ref, -62))
			if !ghi.Before(glo) {
				male := p.chance(0.3)
				name := a.name
				if !male {
					name = p.familyNameOf(a.group)
				}
				g := p.newPerson(a.group, name, male, p.day(glo, ghi))
				gf := p.newFamily(nil, g)
				gf.name, gf.group = a.name, a.group
				gf.children = append(gf.children, a)
				a.parents = gf
				p.live(h, g, p.day(later(h.since, years(ref, -10)), ref.AddDate(0, -3, 0)), time.Time{}, kluwen.MemberOther)
			}
		}

	case kindSingleParent:
		lo, hi := p.ageWindow(22, 52)
		head := p.adult(lo, hi, p.chance(0.15), -1, 0.3, nil)
		var ex *person
		if p.chance(0.65) {
			ex = p.partnerOf(head, 0.2, 0)
		}
		h := p.newHousehold(kind)
		parents := []*person{head}
		if ex != nil {
			parents = append(parents, ex)
		}
		h.since = p.day(later(years(later(head.birth, parents[len(parents)-1].birth), 19), years(ref, -20)), years(ref, -1))
		p.live(h, head, h.since, time.Time{}, kluwen.MemberHead)
		f := p.newFamily(h, parents...)
		p.children(f, h, p.numChildren(45, 35, 20), 0, 19, h.since)
		p.homes = append(p.homes, f)
		left := time.Time{}
		if ex != nil {
			lastBirth := h.since
			for _, c := range f.children {
				lastBirth = later(lastBirth, c.birth)
			}
			lo, hi := later(lastBirth.AddDate(0, 6, 0), years(h.since, 1)), ref.AddDate(0, -6, 0)
			if !hi.Before(lo) {
				left = p.day(lo, hi)
				// Many of the separations in the demo are from around 2019.
				y19lo, y19hi := later(lo, time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)), earlier(hi, time.Date(2019, 12, 31, 0, 0, 0, 0, time.UTC))
				if !y19hi.Before(y19lo) && p.chance(0.4) {
					left = p.day(y19lo, y19hi)
				}
				p.live(h, ex, h.since, left, kluwen.MemberPartner)
				if p.chance(0.55) {
					p.exPool = append(p.exPool, exPartner{ex, left})
				}
			}
		}
		if p.chance(0.25) {
			jlo := years(h.since, 1)
			if !left.IsZero() {
				jlo = later(jlo, left.AddDate(0, 6, 0))
			}
			jhi := ref.AddDate(0, -2, 0)
			if !jhi.Before(jlo) {
				joined := p.day(jlo, jhi)
				var np *person
				plo, phi := years(head.birth, -10), years(head.birth, 10)
				if p.chance(0.4) {
					if e, ok := p.fromPool(plo, phi, joined, !head.male); ok {
						np = e.p
					}
				}
				if np == nil {
					np = p.partnerOf(head, 0.25, 0.03)
				}
				p.live(h, np, joined, time.Time{}, kluwen.MemberPartner)
				p.w.couples = append(p.w.couples, [2]*person{head, np})
				// Sometimes a baby of the new couple.
				blo, bhi := joined.AddDate(0, 9, 0), ref.AddDate(0, -1, 0)
				if !head.male && p.age(head.birth) < 44 && !bhi.Before(blo) && p.chance(0.3) {
					nf := p.newFamily(h, head, np)
					c := p.newPerson(nf.group, nf.name, p.chance(0.5), p.day(blo, bhi), f.children...)
					c.parents = nf
					nf.children = append(nf.children, c)
					p.live(h, c, c.birth, time.Time{}, kluwen.MemberChild)
				}
			}
		}

	case kindParentAdultChild:
		lo, hi := p.ageWindow(44, 70)
		a := p.adult(lo, hi, p.chance(0.3), -1, 0.2, nil)
		h := p.newHousehold(kind)
		h.since = p.day(later(years(a.birth, 22), years(ref, -35)), years(ref, -2))
		p.live(h, a, h.since, time.Time{}, kluwen.MemberHead)
		f := p.newFamily(h, a)
		p.children(f, h, 1, 18, 34, h.since)
		p.homes = append(p.homes, f)

	case kindYoungSingle, kindSingle:
		lo, hi := p.ageWindow(19, 34)
		link := 0.55
		male := p.chance(0.55)
		if kind == kindSingle {
			lo, hi = p.ageWindow(35, 64)
			link = 0.25
		}
		h := p.newHousehold(kind)
		if kind == kindSingle && p.chance(0.7) {
			if e, ok := p.fromPool(lo, hi, ref.AddDate(0, -2, 0), male); ok {
				h.since = p.day(e.left.AddDate(0, 0, 1), earlier(e.left.AddDate(0, 0, 400), oneMonth))
				p.live(h, e.p, h.since, time.Time{}, kluwen.MemberHead)
				return
			}
		}
		a := p.adult(lo, hi, male, -1, link, nil)
		h.since = p.day(later(years(a.birth, 18), years(ref, -15)), oneMonth)
		p.live(h, a, h.since, time.Time{}, kluwen.MemberHead)

	case kindCouple:
		lo, hi := p.ageWindow(22, 45)
		a := p.adult(lo, hi, true, -1, 0.4, nil)
		h := p.newHousehold(kind)
		h.since = p.day(later(years(a.birth, 19), years(ref, -15)), oneMonth)
		if p.chance(0.3) {
			if e, ok := p.fromPool(years(a.birth, -6), years(a.birth, 8), oneMonth, false); ok {
				h.since = p.day(later(h.since, e.left.AddDate(0, 0, 1)), oneMonth)
				p.couple(h, a, e.p, h.since)
				return
			}
		}
		b := p.partnerOf(a, 0.4, 0.05)
		h.since = later(h.since, years(b.birth, 18))
		p.couple(h, a, b, h.since)

	case kindHouseShare:
		lo, hi := p.ageWindow(19, 30)
		h := p.newHousehold(kind)
		h.since = p.day(years(ref, -6), ref.AddDate(0, -6, 0))
		n := p.between(2, 3)
		for i := 0; i < n; i++ {
			a := p.adult(lo, hi, p.chance(0.5), -1, 0.2, nil)
			role, from := kluwen.MemberHead, h.since
			if i > 0 {
				role, from = kluwen.MemberOther, p.day(h.since, oneMonth)
			}
			p.live(h, a, later(from, years(a.birth, 18)), time.Time{}, role)
		}
	}
}

// settle gives grown-up children who live on their own a childhood membership in
// their parents' household, ending the day before they moved into their first
// own home (when their parents already lived there then).
func (p *planner) settle() {
	first := make([]time.Time, len(p.w.persons))
	for _, h := range p.w.households {
		for _, m := range h.members {
			if f := first[m.person.seq]; f.IsZero() || m.from.Before(f) {
				first[m.person.seq] = m.from
			}
		}
	}
	for _, c := range p.w.persons {
		f := c.parents
		if f == nil || f.hh == nil || slices.ContainsFunc(f.hh.members, func(m *membership) bool { return m.person == c }) {
			continue
		}
		own := first[c.seq]
		if own.IsZero() {
			continue
		}
		hi := own.AddDate(0, 0, -1)
		if hi.Before(years(c.birth, 16)) {
			continue
		}
		left := p.day(earlier(later(years(c.birth, 18), years(own, -5)), hi), hi)
		from := later(c.birth, f.hh.since)
		if from.After(left) {
			continue
		}
		f.hh.members = append(f.hh.members, &membership{hh: f.hh, person: c, from: from, to: left, role: kluwen.MemberChild})
	}
}

// finish puts the households in a mixed order, numbers the persons in the order
// they are created (household by household), derives the family ties and hands
// out BSNs.
func (p *planner) finish(bsnRand *rand.Rand) {
	w := p.w
	p.r.Shuffle(len(w.households), func(i, j int) { w.households[i], w.households[j] = w.households[j], w.households[i] })
	ordered := make([]*person, 0, len(w.persons))
	seen := make([]bool, len(w.persons))
	for i, h := range w.households {
		h.idx = i
		slices.SortStableFunc(h.members, func(a, b *membership) int {
			if c := a.from.Compare(b.from); c != 0 {
				return c
			}
			return cmp.Compare(a.person.seq, b.person.seq)
		})
		for _, m := range h.members {
			if !seen[m.person.seq] {
				seen[m.person.seq] = true
				m.person.idx = len(ordered)
				ordered = append(ordered, m.person)
			}
		}
	}
	// Parents who never lived in a Rivierstad household of the demo (moved away
	// before) come last.
	for _, q := range w.persons {
		if !seen[q.seq] {
			q.idx = len(ordered)
			ordered = append(ordered, q)
		}
	}
	w.persons = ordered

	ordered2 := func(a, b *person) (*person, *person) {
		if b.idx < a.idx {
			return b, a
		}
		return a, b
	}
	for _, f := range w.families {
		for _, q := range f.parents {
			for _, c := range f.children {
				w.relations = append(w.relations, relation{q, c, kluwen.RelationParent})
			}
		}
	}
	for _, f := range w.families {
		for i, c := range f.children {
			for _, d := range f.children[i+1:] {
				a, b := ordered2(c, d)
				w.relations = append(w.relations, relation{a, b, kluwen.RelationSibling})
			}
		}
	}
	for _, c := range w.couples {
		a, b := ordered2(c[0], c[1])
		w.relations = append(w.relations, relation{a, b, kluwen.RelationPartner})
	}
	slices.SortStableFunc(w.relations, func(x, y relation) int {
		if c := cmp.Compare(x.a.idx, y.a.idx); c != 0 {
			return c
		}
		return cmp.Compare(x.b.idx, y.b.idx)
	})

	used := make(map[string]bool)
	for _, q := range w.persons {
		share := 0.45
		if p.age(q.birth) >= 18 {
			share = 0.70
		}
		if bsnRand.Float64() < share {
			q.bsn = newBSN(bsnRand, used)
		}
	}
}

// planWorld plans n households.
func planWorld(seed uint64, n int) *world {
	p := &planner{
		r:     rand.New(rand.NewPCG(seed, 1)),
		w:     &world{},
		ref:   ReferenceDate(),
		addrs: make(map[string]bool),
		// 180 numbers on every street fit about 5,000 households.
		maxNumber: 180 * ((n + 4999) / 5000),
	}
	total := 0
	for _, k := range householdMix {
		total += k.weight
	}
	cum, made := 0, 0
	for _, k := range householdMix {
		cum += k.weight
		upto := (cum*n + total/2) / total
		for ; made < upto; made++ {
			p.plan(k.kind)
		}
	}
	p.settle()
	p.finish(rand.New(rand.NewPCG(seed, 2)))
	return p.w
}
