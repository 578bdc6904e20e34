package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kluwen/kluwen"
)

// casePlan is one planned case with its life up to the reference date.
type casePlan struct {
	hh        *household
	theme     *theme
	title     string
	regisseur string // username
	owner     orgKey
	opened    time.Time
	steps     []caseStep // after the opening, in order
	involved  []involvementPlan
	// busy marks the case of the busy household: five years of history, for
	// the speed target of the household page.
	busy bool
	work *caseWork // signals, assessments, plan, conferences (casework.go)
}

type caseStep struct {
	to     kluwen.CaseStatus
	at     time.Time
	reason string
}

type involvementPlan struct {
	org     orgKey
	dept    string
	from    time.Time
	to      time.Time // zero: still involved
	basis   kluwen.LegalBasis
	contact string // username, or ""
	note    string
	core    bool
}

func (c *casePlan) status() kluwen.CaseStatus {
	if len(c.steps) == 0 {
		return kluwen.CaseAanmelding
	}
	return c.steps[len(c.steps)-1].to
}

func (c *casePlan) closed() bool { return c.status() == kluwen.CaseAfgesloten }

// end is the last day the case was open.
func (c *casePlan) end(ref time.Time) time.Time {
	if c.closed() {
		return c.steps[len(c.steps)-1].at
	}
	return ref
}

// involvedOn reports whether o takes part in the case on the date.
func (c *casePlan) involvedOn(o orgKey, on time.Time) bool {
	for _, iv := range c.involved {
		if iv.org == o && !iv.from.After(on) && (iv.to.IsZero() || !iv.to.Before(on)) {
			return true
		}
	}
	return false
}

// features of a household on the reference date, for matching themes.
type features struct {
	adults, minors                                int
	child4to11, child5to17, child12to17, teen, ym bool
	elderly                                       bool
}

func featuresOf(h *household, ref time.Time) features {
	var f features
	for _, m := range h.members {
		if !m.current() {
			continue
		}
		a := ageOn(m.person.birth, ref)
		switch {
		case a < 18:
			f.minors++
		default:
			f.adults++
		}
		f.child4to11 = f.child4to11 || (a >= 4 && a <= 11)
		f.child5to17 = f.child5to17 || (a >= 5 && a <= 17)
		f.child12to17 = f.child12to17 || (a >= 12 && a <= 17)
		f.teen = f.teen || (a >= 12 && a <= 23 && m.role == kluwen.MemberChild)
		f.ym = f.ym || (a >= 18 && a <= 35 && m.person.male)
		f.elderly = f.elderly || a >= 70
	}
	return f
}

func (f features) fits(n need) bool {
	switch n {
	case needAdult:
		return f.adults > 0
	case needChildren:
		return f.minors > 0 && f.adults > 0
	case needSchoolAge:
		return f.child5to17 && f.adults > 0
	case needTeen:
		return f.teen
	case needYoungAdult:
		return f.ym
	case needElderly:
		return f.elderly
	}
	return false
}

// caseChance is how likely a household of a kind is taken when it is drawn for a
// case: single parents and large families are over-represented among
// multi-problem households.
var caseChance = []float64{
	kindElderSingle: 0.5, kindElderCouple: 0.25, kindOlderFamily: 0.6, kindFamily: 0.7,
	kindSingleParent: 1, kindThreeGenerations: 0.8, kindParentAdultChild: 0.7,
	kindYoungSingle: 0.6, kindSingle: 0.7, kindCouple: 0.4, kindHouseShare: 0.5,
}

type casePlanner struct {
	r      *rand.Rand
	w      *world
	ref    time.Time
	feats  []features
	byWijk [][]*household
	taken  []bool
}

func (p *casePlanner) chance(x float64) bool { return p.r.Float64() < x }

func (p *casePlanner) between(lo, hi int) int { return lo + p.r.IntN(hi-lo+1) }

func (p *casePlanner) pick(list []string) string { return list[p.r.IntN(len(list))] }

// household draws a household that fits the theme, has no case yet and lived at
// its address a month before the case opened, more often in the neighbourhoods
// that need it most; nil when none is left.
func (p *casePlanner) household(t *theme, opened time.Time) *household {
	fits := func(h *household) bool {
		return !p.taken[h.idx] && p.feats[h.idx].fits(t.need) && h.since.Before(opened.AddDate(0, -1, 0))
	}
	for try := 0; try < 200; try++ {
		wi := weighted(p.r, seq(len(wijken)), func(i int) int { return wijken[i].need })
		list := p.byWijk[wi]
		if len(list) == 0 {
			continue
		}
		h := list[p.r.IntN(len(list))]
		if fits(h) && p.chance(caseChance[h.kind]) {
			return h
		}
	}
	start := p.r.IntN(len(p.w.households))
	for i := range p.w.households {
		h := p.w.households[(start+i)%len(p.w.households)]
		if fits(h) {
			return h
		}
	}
	return nil
}

// Open statuses on the reference date, with their shares.
type statusShare struct {
	status kluwen.CaseStatus
	weight int
}

func shareWeight(s statusShare) int { return s.weight }

var openMix = []statusShare{
	{kluwen.CaseAanmelding, 12}, {kluwen.CaseAnalyse, 18}, {kluwen.CasePlan, 18}, {kluwen.CaseUitvoering, 34}, {kluwen.CaseMonitoring, 18},
}

// Statuses closed cases were closed from, with their shares.
var closeMix = []statusShare{
	{kluwen.CaseAanmelding, 15}, {kluwen.CaseAnalyse, 10}, {kluwen.CasePlan, 5}, {kluwen.CaseUitvoering, 20}, {kluwen.CaseMonitoring, 50},
}

// path is the statuses a case went through after aanmelding up to last, with a
// relapse from monitoring now and then.
func (p *casePlanner) path(last kluwen.CaseStatus) []kluwen.CaseStatus {
	order := []kluwen.CaseStatus{kluwen.CaseAnalyse, kluwen.CasePlan, kluwen.CaseUitvoering, kluwen.CaseMonitoring}
	var out []kluwen.CaseStatus
	for _, s := range order {
		if last == kluwen.CaseAanmelding {
			break
		}
		out = append(out, s)
		if s == last {
			break
		}
	}
	switch {
	case last == kluwen.CaseUitvoering && p.chance(0.12):
		out = append(out, kluwen.CaseMonitoring, kluwen.CaseUitvoering)
	case last == kluwen.CaseMonitoring && p.chance(0.10):
		out = append(out, kluwen.CaseUitvoering, kluwen.CaseMonitoring)
	}
	return out
}

// stepDays is how long it takes to reach a status, by the status reached.
func (p *casePlanner) stepDays(from, to kluwen.CaseStatus) int {
	switch to {
	case kluwen.CaseAnalyse:
		return p.between(7, 35)
	case kluwen.CasePlan:
		return p.between(20, 70)
	case kluwen.CaseUitvoering:
		if from == kluwen.CaseMonitoring {
			return p.between(40, 200)
		}
		return p.between(14, 45)
	case kluwen.CaseMonitoring:
		return p.between(120, 480)
	}
	return 30
}

// stayDays is how long a case has been in its last status.
func (p *casePlanner) stayDays(s kluwen.CaseStatus) int {
	switch s {
	case kluwen.CaseAanmelding:
		return p.between(3, 40)
	case kluwen.CaseAnalyse:
		return p.between(5, 50)
	case kluwen.CasePlan:
		return p.between(5, 40)
	case kluwen.CaseUitvoering:
		return p.between(20, 300)
	}
	return p.between(15, 200)
}

func (p *casePlanner) timeline(c *casePlan, last kluwen.CaseStatus, closeAt time.Time) {
	path := p.path(last)
	durations := make([]int, len(path))
	total := 0
	prev := kluwen.CaseAanmelding
	for i, s := range path {
		durations[i] = p.stepDays(prev, s)
		total += durations[i]
		prev = s
	}
	end := p.ref
	if !closeAt.IsZero() {
		end = closeAt
	}
	total += p.stayDays(last)
	c.opened = end.AddDate(0, 0, -total)
	at := c.opened
	prev = kluwen.CaseAanmelding
	for i, s := range path {
		at = at.AddDate(0, 0, durations[i])
		reason := ""
		if prev == kluwen.CaseMonitoring && s == kluwen.CaseUitvoering {
			reason = p.pick(reasonsFallback)
		} else {
			reason = p.pick(reasonsTo[s])
		}
		c.steps = append(c.steps, caseStep{to: s, at: at, reason: reason})
		prev = s
	}
	if !closeAt.IsZero() {
		c.steps = append(c.steps, caseStep{to: kluwen.CaseAfgesloten, at: closeAt, reason: p.pick(reasonsClose[last])})
	}
}

// contact picks the demo user who is the organisation's contact in a case, or "".
func (p *casePlanner) contact(o orgKey, dept string, h *household) string {
	if o == orgPolitie && dept == deptBasisteam {
		return wijken[h.wijk].agent
	}
	var match, all []string
	for _, u := range users {
		if u.org != o || u.role != kluwen.RoleProfessional {
			continue
		}
		all = append(all, u.username)
		if u.dept == dept {
			match = append(match, u.username)
		}
	}
	switch {
	case len(match) > 0:
		return p.pick(match)
	case len(all) > 0 && dept == "":
		return p.pick(all)
	case len(all) > 0:
		return all[0]
	}
	return ""
}

// school is the school of the household's children: the primary school when
// there is a child of 4 to 11, else the secondary school for 12 to 17.
func school(f features) (orgKey, bool) {
	switch {
	case f.child4to11:
		return orgBasisschool, true
	case f.child12to17:
		return orgCollege, true
	}
	return 0, false
}

func (p *casePlanner) involve(c *casePlan) {
	h := c.hh
	f := p.feats[h.idx]
	end := c.end(p.ref)
	span := days(c.opened, end)
	early := c.status() == kluwen.CaseAanmelding || (c.closed() && len(c.steps) == 1)
	add := func(r partnerRule) {
		o := r.org
		switch o {
		case orgCorporation:
			o = wijken[h.wijk].corp
		case orgSchool:
			s, ok := school(f)
			if !ok {
				return
			}
			o = s
		}
		if slices.ContainsFunc(c.involved, func(iv involvementPlan) bool { return iv.org == o }) {
			return
		}
		iv := involvementPlan{org: o, dept: r.dept, core: r.p >= 1, basis: defaultBasis(o)}
		if c.owner == orgZVH && safetyPartner(o) {
			iv.basis = kluwen.BasisCovenant
		}
		if iv.core {
			iv.from = c.opened.AddDate(0, 0, min(p.between(0, 10), span))
		} else {
			iv.from = c.opened.AddDate(0, 0, p.r.IntN(span*6/10+1))
		}
		switch {
		case c.closed():
			iv.to = end
		case p.chance(0.2) && !iv.core, p.chance(0.06):
			to := iv.from.AddDate(0, 0, p.between(30, 365))
			if to.Before(p.ref.AddDate(0, 0, -7)) {
				iv.to = to
			}
		}
		iv.contact = p.contact(o, r.dept, h)
		iv.note = p.pick(notes(o, r.dept))
		c.involved = append(c.involved, iv)
	}
	for _, r := range c.theme.partners {
		chance := r.p
		if early && chance < 1 {
			chance /= 2
		}
		if chance >= 1 || p.chance(chance) {
			add(r)
		}
	}
	// The Zorg- en Veiligheidshuis takes part in the safety cases it coordinates
	// or that were brought to its case conference; the municipality's wijkteam
	// in most cases of the ZVH.
	switch {
	case c.owner == orgZVH:
		add(partnerRule{orgZVH, "Casusoverleg", 0.5})
		if p.chance(0.8) {
			add(partnerRule{orgGemeente, deptWijkteam, 0.5})
		}
	case c.theme.safety && p.chance(0.15):
		add(partnerRule{orgZVH, "Casusoverleg", 0.5})
	}
	// Two to seven partners: drop the last optional ones, or add the wijkteam
	// and debt relief.
	for len(c.involved) > 7 {
		for j := len(c.involved) - 1; j >= 0; j-- {
			if !c.involved[j].core {
				c.involved = slices.Delete(c.involved, j, j+1)
				break
			}
		}
	}
	for _, r := range []partnerRule{{orgGemeente, deptWijkteam, 1}, {orgKredietbank, "", 0.5}} {
		if len(c.involved) < 2 {
			add(r)
		}
	}
	slices.SortStableFunc(c.involved, func(a, b involvementPlan) int { return a.from.Compare(b.from) })
}

// planCases plans open and closed cases on distinct households.
func planCases(w *world, seed uint64, open, closed int) {
	p := &casePlanner{
		r:      rand.New(rand.NewPCG(seed, 3)),
		w:      w,
		ref:    ReferenceDate(),
		feats:  make([]features, len(w.households)),
		byWijk: make([][]*household, len(wijken)),
		taken:  make([]bool, len(w.households)),
	}
	for _, h := range w.households {
		p.feats[h.idx] = featuresOf(h, p.ref)
		p.byWijk[h.wijk] = append(p.byWijk[h.wijk], h)
	}
	// One of the open cases is the busy household's, planned first so that a
	// family that fits it is still free.
	var busy *casePlan
	if open > 0 {
		busy = p.busyCase()
	}
	normal := max(open-1, 0)
	for k := 0; k < normal+closed; k++ {
		t := weighted(p.r, seq(len(themes)), func(i int) int { return themes[i].weight })
		th := &themes[t]
		c := &casePlan{theme: th, title: p.pick(th.titles), regisseur: "regisseur", owner: orgGemeente}
		if th.safety && p.chance(0.5) {
			c.regisseur, c.owner = "regisseur2", orgZVH
		}
		if k < normal {
			p.timeline(c, weighted(p.r, openMix, shareWeight).status, time.Time{})
		} else {
			p.timeline(c, weighted(p.r, closeMix, shareWeight).status, p.ref.AddDate(0, 0, -p.between(14, 900)))
		}
		h := p.household(th, c.opened)
		if h == nil {
			c.theme = &themes[0] // any household will do
			c.title = p.pick(c.theme.titles)
			if h = p.household(c.theme, c.opened); h == nil {
				break
			}
		}
		p.taken[h.idx] = true
		c.hh = h
		p.involve(c)
		w.cases = append(w.cases, c)
	}
	if busy != nil {
		w.cases = append(w.cases, busy)
	}
	// Cases are created in the order they were opened.
	slices.SortStableFunc(w.cases, func(a, b *casePlan) int { return cmp.Compare(a.opened.Unix(), b.opened.Unix()) })

	// Households (and their residents) of cases the Zorg- en Veiligheidshuis
	// coordinates were registered by it.
	for _, c := range w.cases {
		if c.owner != orgZVH {
			continue
		}
		c.hh.regBy = orgZVH
		for _, m := range c.hh.members {
			if m.current() {
				m.person.regBy = orgZVH
			}
		}
	}
}

// busyCase plans the case of the busy household: a family of two parents and
// two children, in the neighbourhood of the demo's wijkagent and De Rivierstede
// where one fits, with an open case of five years that went back and forth
// between uitvoering and monitoring, and the partners whose demo users should
// find work on their start page. Nil when no household is left.
func (p *casePlanner) busyCase() *casePlan {
	th := &themes[slices.IndexFunc(themes, func(t theme) bool { return t.name == "geweld" })]
	opened := years(p.ref, -5).AddDate(0, 0, p.between(0, 10))
	var best *household
	bestScore := -1
	for _, h := range p.w.households {
		if p.taken[h.idx] {
			continue
		}
		var adults, kids, teens int
		settled := true
		for _, m := range h.members {
			if !m.current() {
				continue
			}
			if m.from.After(opened.AddDate(0, -1, 0)) {
				settled = false
			}
			switch a := ageOn(m.person.birth, p.ref); {
			case a >= 18:
				adults++
			case a >= 12:
				kids, teens = kids+1, teens+1
			default:
				kids++
			}
		}
		if !settled || adults+kids == 0 {
			continue
		}
		score := 0
		if adults == 2 && kids >= 2 {
			score += 8
		}
		if teens > 0 {
			score += 2
		}
		if wijken[h.wijk].agent == "wijkagent" && wijken[h.wijk].corp == orgWoonRivierstede {
			score += 4
		}
		if score > bestScore {
			best, bestScore = h, score
		}
	}
	if best == nil {
		return nil
	}
	p.taken[best.idx] = true
	c := &casePlan{hh: best, theme: th, title: "Huiselijk geweld, schulden en zorgen om de kinderen; steeds terugval", regisseur: "regisseur",
		owner: orgGemeente, opened: opened, busy: true}
	at := opened
	add := func(to kluwen.CaseStatus, days int) {
		at = at.AddDate(0, 0, days)
		reason := p.pick(reasonsTo[to])
		if to == kluwen.CaseUitvoering && c.status() == kluwen.CaseMonitoring {
			reason = p.pick(reasonsFallback)
		}
		c.steps = append(c.steps, caseStep{to: to, at: at, reason: reason})
	}
	add(kluwen.CaseAnalyse, p.between(14, 25))
	add(kluwen.CasePlan, p.between(30, 45))
	add(kluwen.CaseUitvoering, p.between(20, 35))
	for {
		d := p.between(150, 220)
		if c.status() == kluwen.CaseMonitoring {
			d = p.between(60, 110)
		}
		if at.AddDate(0, 0, d).After(p.ref.AddDate(0, 0, -30)) {
			break
		}
		if c.status() == kluwen.CaseMonitoring {
			add(kluwen.CaseUitvoering, d)
		} else {
			add(kluwen.CaseMonitoring, d)
		}
	}
	f := p.feats[best.idx]
	for i, r := range []struct {
		org     orgKey
		dept    string
		contact string
	}{
		{orgGemeente, deptWijkteam, "wijkteam"}, {orgVeiligThuis, "", "veiligthuis"}, {orgJeugdhulp, "", "jeugdzorg"},
		{orgPolitie, deptBasisteam, "wijkagent"}, {orgKredietbank, "", "schuldhulp"}, {orgCorporation, "", ""},
		{orgGGZ, "", "ggz"}, {orgSchool, "", ""},
	} {
		o := r.org
		switch o {
		case orgCorporation:
			o = orgWoonRivierstede // (its tenants' problems reach the demo's woonconsulent)
		case orgSchool:
			s, ok := school(f)
			if !ok {
				continue
			}
			o = s
		}
		contact := r.contact
		if contact == "" {
			contact = p.contact(o, r.dept, best)
		}
		if o == orgWoonRivierstede {
			contact = "woonconsulent"
		}
		c.involved = append(c.involved, involvementPlan{org: o, dept: r.dept, from: opened.AddDate(0, 0, 2+3*i), basis: defaultBasis(o),
			contact: contact, note: p.pick(notes(o, r.dept)), core: true})
	}
	return c
}
