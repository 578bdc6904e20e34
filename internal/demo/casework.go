package demo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/kluwen/kluwen"
)

// This file plans the case work of every demo case, after the cases
// themselves: signals from the partners over the years (starting before the
// referral), repeated ZRM assessments of the adults and older children, the
// plan with its goals and actions across the partners, the case conferences
// with their minutes and decisions, and now and then a deviation (maatwerk) or
// an escalation. It draws from its own seeded source, so the households and
// cases stay as they were planned, and it plans only what the services will
// accept: persons who live in the household on the date, owners whose
// organisation is involved on the day, invitees who take part in the case.
//
// Dates after the reference date (actions due ahead, conferences to come) are
// planned from it as well; the writer moves them along to Options.Today.

// caseWork is the case work of one case.
type caseWork struct {
	signals     []*signalPlan
	assessments []*assessPlan
	goals       []*goalPlan
	conferences []*confPlan
	maatwerk    []*maatwerkPlan
	escalations []*escalationPlan
}

type signalPlan struct {
	date     time.Time
	person   *person // nil: the household as a whole
	typ      string
	org      orgKey
	severity kluwen.Severity
	text     string
	conf     bool
}

type assessPlan struct {
	date   time.Time
	person *person
	org    orgKey
	scores [13]int // by life domain (1–13); 0: not scored
	note   string
}

type goalPlan struct {
	made    time.Time
	domain  kluwen.LifeDomain
	persons []*person
	text    string
	target  time.Time
	conf    bool
	eval    *goalEval // nil: still open
	actions []*actionPlan
}

type goalEval struct {
	at     time.Time
	status kluwen.GoalStatus
	text   string
}

// open reports whether the goal is open on the date.
func (g *goalPlan) open(on time.Time) bool {
	return !g.made.After(on) && (g.eval == nil || g.eval.at.After(on))
}

type actionPlan struct {
	goal     *goalPlan
	made     time.Time
	org      orgKey
	owner    string // username
	kind     kluwen.ActionKind
	due      time.Time
	text     string
	conf     bool
	steps    []actionStep
	decision *decisionPlan // set when a conference decision became this action
}

type actionStep struct {
	at     time.Time
	status kluwen.ActionStatus
	by     string // username
}

// status is where the action stands at the end of the story.
func (a *actionPlan) status() kluwen.ActionStatus {
	if len(a.steps) == 0 {
		return kluwen.ActionOpen
	}
	return a.steps[len(a.steps)-1].status
}

type confPlan struct {
	scheduled time.Time // the day it was planned
	starts    time.Time // an instant
	minutes   int       // duration
	location  string
	video     string
	agenda    []string
	invitees  []invitee
	present   []string // usernames, when it was held
	report    string   // the minutes; "" for one still to come
	decisions []*decisionPlan
}

// held reports whether the conference took place within the story.
func (c *confPlan) held() bool { return c.report != "" }

type invitee struct {
	org  orgKey
	user string // "": the organisation as a whole
}

// Outcomes of a decision.
const (
	decisionOpen = iota
	decisionAction
	decisionDone
)

type decisionPlan struct {
	conf    *confPlan
	text    string
	outcome int
	at      time.Time   // when it was turned into an action or marked done
	action  *actionPlan // for decisionAction
}

type maatwerkPlan struct {
	decided       time.Time
	rule, reason  string
	domain        kluwen.LifeDomain
	effect        string
	costCents     int64
	approverName  string
	approverRole  string
	outcomeAt     time.Time // zero: no outcome yet
	outcome       string
	outcomeResult kluwen.OutcomeResult
}

type escalationPlan struct {
	at       time.Time
	level    kluwen.EscalationLevel
	question string
	answerAt time.Time // zero: not answered
	answer   string
	decision string
	closeAt  time.Time // zero: not closed
	outcome  string
}

// Trajectories of the scores over the assessments of a case.
const (
	trajImprove = iota
	trajRelapse
	trajStuck
)

type workPlanner struct {
	r   *rand.Rand
	w   *world
	ref time.Time
}

func (p *workPlanner) chance(x float64) bool { return p.r.Float64() < x }

func (p *workPlanner) between(lo, hi int) int { return lo + p.r.IntN(hi-lo+1) }

func (p *workPlanner) pick(list []string) string { return list[p.r.IntN(len(list))] }

// day returns a date in [lo, hi], or lo when hi is before lo.
func (p *workPlanner) day(lo, hi time.Time) time.Time {
	if !hi.After(lo) {
		return lo
	}
	return lo.AddDate(0, 0, p.r.IntN(days(lo, hi)+1))
}

// planCasework plans the case work of every case of the world.
func planCasework(w *world, seed uint64) {
	p := &workPlanner{r: rand.New(rand.NewPCG(seed, 4)), w: w, ref: ReferenceDate()}
	for _, c := range w.cases {
		c.work = &caseWork{}
		p.plan(c)
	}
	p.ensureStartPages()
}

// membersOn returns the members of h on the date, in the household's order.
func membersOn(h *household, on time.Time) []*person {
	var out []*person
	for _, m := range h.members {
		if !m.from.After(on) && (m.to.IsZero() || !m.to.Before(on)) {
			out = append(out, m.person)
		}
	}
	return out
}

// stepDate returns the first date the case reached the status, or zero.
func (c *casePlan) stepDate(s kluwen.CaseStatus) time.Time {
	for _, st := range c.steps {
		if st.to == s {
			return st.at
		}
	}
	return time.Time{}
}

// involvement returns the involvement of o active on the date, or nil.
func (c *casePlan) involvement(o orgKey, on time.Time) *involvementPlan {
	for i := range c.involved {
		iv := &c.involved[i]
		if iv.org == o && !iv.from.After(on) && (iv.to.IsZero() || !iv.to.Before(on)) {
			return iv
		}
	}
	return nil
}

func (p *workPlanner) plan(c *casePlan) {
	end := c.end(p.ref)
	fellBack := false
	for i := 1; i < len(c.steps); i++ {
		fellBack = fellBack || (c.steps[i].to == kluwen.CaseUitvoering && c.steps[i-1].to == kluwen.CaseMonitoring)
	}
	traj := trajStuck
	switch {
	case fellBack:
		traj = trajRelapse
	case !c.stepDate(kluwen.CaseMonitoring).IsZero():
		traj = trajImprove
	case p.chance(0.5):
		traj = trajImprove
	case p.chance(0.4):
		traj = trajRelapse
	}
	if c.busy {
		traj = trajRelapse
	}
	p.signals(c, end)
	p.assessments(c, end, traj)
	p.goals(c, end, traj)
	p.conferences(c, end)
	p.deviation(c, end)
	p.escalation(c, end)
}

// signals plans the signals of a case's household: from a few years before the
// referral to the end of the case, denser around the referral.
func (p *workPlanner) signals(c *casePlan, end time.Time) {
	rules := signalRules[c.theme.name]
	from := later(c.opened.AddDate(0, 0, -p.between(200, 1100)), c.hh.since.AddDate(0, 1, 0))
	n := 3 + days(from, end)/p.between(45, 90)
	if c.busy {
		from, n = years(p.ref, -5).AddDate(0, 0, 1), 500
	}
	n = min(n, 500)
	var dates []time.Time
	for i := 0; i < n; i++ {
		d := p.day(from, end)
		if !c.busy && i < 3 { // what led to the referral
			d = p.day(later(from, c.opened.AddDate(0, -4, 0)), c.opened)
		}
		dates = append(dates, d)
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range dates {
		// A rule that fits the household on the date (the busy household's
		// signals all come in).
		var r signalRule
		org := orgKey(-1)
		for try := 0; try < 50 && org < 0; try++ {
			r = weighted(p.r, rules, func(r signalRule) int { return r.weight })
			if org = p.resolve(c, r.org); org >= 0 && r.who != whoHousehold && !slices.ContainsFunc(membersOn(c.hh, d), r.fits(d)) {
				org = -1
			}
			if !c.busy {
				break
			}
		}
		if org < 0 {
			continue
		}
		var who *person
		members := membersOn(c.hh, d)
		var fit []*person
		for _, m := range members {
			if r.fits(d)(m) {
				fit = append(fit, m)
			}
		}
		switch {
		case r.who == whoHousehold:
		case len(fit) > 0:
			who = fit[p.r.IntN(len(fit))]
		case c.busy: // about the household as a whole
		default:
			continue // no one it could be about on the date
		}
		sev := r.severity
		if p.chance(0.25) {
			sev = kluwen.Severities[min(slices.Index(kluwen.Severities, sev)+1, len(kluwen.Severities)-1)]
		} else if p.chance(0.2) {
			sev = kluwen.Severities[max(slices.Index(kluwen.Severities, sev)-1, 0)]
		}
		c.work.signals = append(c.work.signals, &signalPlan{date: d, person: who, typ: r.typ, org: org, severity: sev,
			text: p.pick(signalTexts[r.typ]), conf: p.chance(r.conf)})
	}
}

// fits returns whether a person may be what a signal of the rule is about on
// the date.
func (r signalRule) fits(on time.Time) func(*person) bool {
	return func(m *person) bool {
		a := ageOn(m.birth, on)
		switch r.who {
		case whoChild:
			return a >= 4 && a < 18
		case whoAdult:
			return a >= 18
		case whoYoung:
			return a >= 12 && a < 27
		}
		return true
	}
}

// resolve turns a pseudo organisation into the household's own, or -1 when it
// has none (no school-age child).
func (p *workPlanner) resolve(c *casePlan, o orgKey) orgKey {
	switch o {
	case orgCorporation:
		return wijken[c.hh.wijk].corp
	case orgSchool:
		s, ok := school(featuresOf(c.hh, p.ref))
		if !ok {
			return -1
		}
		return s
	}
	return o
}

// assessments plans the ZRM assessments: from the analysis on, about every half
// year, of the adults and the children of twelve and older (at most three per
// household, the busy one all of its members).
func (p *workPlanner) assessments(c *casePlan, end time.Time, traj int) {
	start := c.stepDate(kluwen.CaseAnalyse)
	if start.IsZero() {
		return
	}
	org := c.owner
	probs := themeDomains[c.theme.name]
	type series struct {
		p    *person
		base [13]int
	}
	var people []*series
	at := start.AddDate(0, 0, p.between(5, 20))
	var dates []time.Time
	for !at.After(end) {
		dates = append(dates, at)
		gap := p.between(150, 210)
		if c.busy {
			gap = p.between(170, 190)
		}
		at = at.AddDate(0, 0, gap)
	}
	if c.busy && len(dates) > 10 {
		dates = dates[:10]
	}
	for k, d := range dates {
		var members []*person
		for _, m := range membersOn(c.hh, d) {
			if a := ageOn(m.birth, d); a >= 12 || c.busy {
				members = append(members, m)
			}
		}
		if !c.busy && len(members) > 3 {
			members = members[:3]
		}
		minors := slices.ContainsFunc(membersOn(c.hh, d), func(m *person) bool { return ageOn(m.birth, d) < 18 })
		for _, m := range members {
			i := slices.IndexFunc(people, func(s *series) bool { return s.p == m })
			if i < 0 {
				s := &series{p: m}
				child := ageOn(m.birth, d) < 18
				for di := range s.base {
					dom := kluwen.LifeDomain(di + 1)
					switch {
					case slices.Contains(probs.adult, dom) && !child, slices.Contains(probs.child, dom) && child:
						s.base[di] = 1 + p.r.IntN(2)
					case p.chance(0.25):
						s.base[di] = 3
					default:
						s.base[di] = 4 + p.r.IntN(2)
					}
				}
				people = append(people, s)
				i = len(people) - 1
			}
			s := people[i]
			child := ageOn(m.birth, d) < 18
			ap := &assessPlan{date: d, person: m, org: org}
			if child && c.involvement(orgJeugdhulp, d) != nil {
				ap.org = orgJeugdhulp
			}
			for di := range ap.scores {
				dom := kluwen.LifeDomain(di + 1)
				if dom == kluwen.DomainOpvoeding && (child || !minors) {
					continue
				}
				if child && (dom == kluwen.DomainADL || dom == kluwen.DomainParticipatie) {
					continue
				}
				ap.scores[di] = scoreAt(s.base[di], k, len(dates), traj, p.r)
			}
			ap.note = assessNote(traj, k, len(dates))
			c.work.assessments = append(c.work.assessments, ap)
		}
	}
}

// scoreAt is the score of a domain with a base score at the k-th of n
// assessments, on the trajectory.
func scoreAt(base, k, n, traj int, r *rand.Rand) int {
	s := base
	switch traj {
	case trajImprove:
		s = base + (k*3+n-1)/max(n, 1)
	case trajRelapse: // better until the one before the last, then a fall back
		top := max(n-2, 0)
		if k <= top {
			s = base + (k*3+n-1)/max(n, 1)
		} else {
			s = base + (top*3+n-1)/max(n, 1) - 1 - (k-top)%2
		}
	}
	if base <= 3 && r.Float64() < 0.2 {
		s += r.IntN(3) - 1
	}
	return max(1, min(5, s))
}

// goals plans the plan: goals on the problem domains of the assessment before
// the plan was made, more after a fall back (and, in the busy case, every few
// months), each with actions of the partners that suit the domain.
func (p *workPlanner) goals(c *casePlan, end time.Time, traj int) {
	planned := c.stepDate(kluwen.CasePlan)
	if planned.IsZero() || len(c.work.assessments) == 0 {
		return
	}
	var rounds []time.Time
	rounds = append(rounds, planned.AddDate(0, 0, p.between(2, 12)))
	for i, s := range c.steps {
		if i > 0 && s.to == kluwen.CaseUitvoering && c.steps[i-1].to == kluwen.CaseMonitoring {
			rounds = append(rounds, s.at.AddDate(0, 0, p.between(3, 15)))
		}
	}
	if c.busy {
		rounds = rounds[:1]
		for d := rounds[0].AddDate(0, 0, 90); d.Before(end.AddDate(0, 0, -20)); d = d.AddDate(0, 0, p.between(80, 100)) {
			rounds = append(rounds, d)
		}
	}
	for ri, made := range rounds {
		if made.After(end) || (c.closed() && !made.Before(end)) {
			break
		}
		cands := p.problemDomains(c, made)
		n := min(len(cands), p.between(2, 4))
		if c.busy {
			n = min(len(cands), 1)
			if len(cands) == 0 {
				cands = []domainCand{{domain: themeDomains[c.theme.name].adult[ri%len(themeDomains[c.theme.name].adult)]}}
				n = 1
			}
		}
		for _, cand := range cands[:n] {
			persons := cand.persons
			if len(persons) == 0 {
				persons = adultsOn(c.hh, made)
			}
			g := &goalPlan{made: made, domain: cand.domain, persons: persons, text: p.pick(goalTexts[cand.domain]),
				target: made.AddDate(0, 0, p.between(120, 300)), conf: confidentialDomain(cand.domain) && p.chance(0.35)}
			c.work.goals = append(c.work.goals, g)
			p.evaluate(c, g, end, traj, ri == len(rounds)-1)
			k := p.between(1, 3)
			if c.busy {
				k = 1
			}
			for j := 0; j < k; j++ {
				at := made.AddDate(0, 0, j*p.between(10, 40))
				if j == 0 {
					at = made
				}
				p.action(c, g, at, end, nil)
			}
		}
	}
	// A goal still open towards the end of an open case gets a new action,
	// due ahead.
	if !c.closed() {
		for _, g := range c.work.goals {
			if g.eval == nil && p.chance(0.6) {
				p.action(c, g, later(g.made, p.ref.AddDate(0, 0, -p.between(3, 35))), end, nil)
			}
		}
	}
}

type domainCand struct {
	domain  kluwen.LifeDomain
	persons []*person
	score   int
}

// problemDomains returns the domains that scored 1 or 2 in the latest
// assessments before the date, lowest first, with the persons concerned who
// live in the household on the date.
func (p *workPlanner) problemDomains(c *casePlan, on time.Time) []domainCand {
	latest := map[*person]*assessPlan{} // lookups only
	var order []*person
	for _, a := range c.work.assessments {
		if a.date.After(on) {
			continue
		}
		if _, ok := latest[a.person]; !ok {
			order = append(order, a.person)
		}
		latest[a.person] = a
	}
	members := membersOn(c.hh, on)
	var out []domainCand
	for di := 0; di < 13; di++ {
		cand := domainCand{domain: kluwen.LifeDomain(di + 1), score: 6}
		for _, pr := range order {
			s := latest[pr].scores[di]
			if s == 0 || s > 2 || !slices.Contains(members, pr) {
				continue
			}
			cand.persons = append(cand.persons, pr)
			cand.score = min(cand.score, s)
		}
		if len(cand.persons) > 0 {
			out = append(out, cand)
		}
	}
	slices.SortStableFunc(out, func(a, b domainCand) int { return cmp.Compare(a.score, b.score) })
	return out
}

func adultsOn(h *household, on time.Time) []*person {
	var out []*person
	for _, m := range membersOn(h, on) {
		if ageOn(m.birth, on) >= 18 {
			out = append(out, m)
		}
	}
	return out
}

func confidentialDomain(d kluwen.LifeDomain) bool {
	return d == kluwen.DomainGeestelijkeGezondheid || d == kluwen.DomainVerslaving || d == kluwen.DomainHuiselijkeRelaties
}

// evaluate decides whether and how the goal is evaluated within the story. A
// closed case's goals are all evaluated by its closing.
func (p *workPlanner) evaluate(c *casePlan, g *goalPlan, end time.Time, traj int, lastRound bool) {
	at := g.target.AddDate(0, 0, p.between(0, 21))
	if c.closed() && at.After(end) {
		at = end
	}
	if at.After(end) || !at.After(g.made) {
		return
	}
	status := kluwen.GoalAchieved
	switch x := p.r.Float64(); {
	case traj == trajStuck && x < 0.5, traj == trajRelapse && x < 0.35, x < 0.12:
		status = kluwen.GoalNotAchieved
	case x < 0.2:
		status = kluwen.GoalCancelled
	}
	if c.closed() && !at.Before(end) && status == kluwen.GoalAchieved && !lastRound {
		status = kluwen.GoalCancelled
	}
	g.eval = &goalEval{at: at, status: status, text: p.pick(evalTexts[status])}
}

// action plans an action under g made on the date, owned by a partner involved
// then that suits the goal's domain (the regisseur when none does), with what
// came of it by the end of the story. d is the decision it comes from, if any.
// It returns nil when the goal is not open on the date.
func (p *workPlanner) action(c *casePlan, g *goalPlan, made, end time.Time, d *decisionPlan) *actionPlan {
	if !g.open(made) || made.After(end) {
		return nil
	}
	var orgs []orgKey
	for _, o := range domainOrgs[g.domain] {
		o = p.resolve(c, o)
		if o >= 0 && c.involvement(o, made) != nil && !slices.Contains(orgs, o) && hasProfessionals(o) {
			orgs = append(orgs, o)
		}
	}
	a := &actionPlan{goal: g, made: made, decision: d}
	if len(orgs) == 0 {
		a.org, a.owner = c.owner, c.regisseur
	} else {
		a.org = orgs[p.r.IntN(len(orgs))]
		a.owner = p.owner(c, a.org, made)
	}
	a.kind = actionKind(a.org, p.r)
	a.text = p.pick(actionTexts(a.org, g.domain))
	a.due = made.AddDate(0, 0, 7*p.between(3, 14))
	a.conf = g.conf || (confidentialOrg(a.org) && p.chance(0.3))
	p.finish(c, a, end)
	g.actions = append(g.actions, a)
	return a
}

// owner is the user of o who carries out an action in the case: the contact of
// its involvement, or one of its professionals (the featured demo users first).
func (p *workPlanner) owner(c *casePlan, o orgKey, on time.Time) string {
	if iv := c.involvement(o, on); iv != nil && iv.contact != "" {
		return iv.contact
	}
	prefer := map[orgKey]string{orgKredietbank: "schuldhulp", orgWoonRivierstede: "woonconsulent", orgJeugdhulp: "jeugdzorg", orgGemeente: "wijkteam"}
	if u, ok := prefer[o]; ok && p.chance(0.7) {
		return u
	}
	var all []string
	for _, u := range users {
		if u.org == o && u.role == kluwen.RoleProfessional {
			all = append(all, u.username)
		}
	}
	if len(all) == 0 {
		return c.regisseur
	}
	return all[p.r.IntN(len(all))]
}

// hasProfessionals reports whether o has demo users who can own an action.
func hasProfessionals(o orgKey) bool {
	return slices.ContainsFunc(users, func(u userSpec) bool { return u.org == o && u.role == kluwen.RoleProfessional })
}

// worker is who moves the action's status on the date: its owner while their
// organisation takes part in the case (or is the case's own), else the
// regisseur.
func (c *casePlan) worker(a *actionPlan, on time.Time) string {
	if a.owner == c.regisseur || c.involvement(a.org, on) != nil {
		return a.owner
	}
	return c.regisseur
}

// finish plans what came of an action by the end of the story: done around its
// due date, now and then after a spell of work or cancelled; on an open case an
// action due lately may still be pending (overdue), one due ahead is. A closed
// case's actions are all finished by its closing.
func (p *workPlanner) finish(c *casePlan, a *actionPlan, end time.Time) {
	done := a.due.AddDate(0, 0, p.between(-12, 10))
	if !done.After(a.made) {
		done = a.made.AddDate(0, 0, 1)
	}
	if a.goal.eval != nil && done.After(a.goal.eval.at) {
		done = a.goal.eval.at
	}
	pending := done.After(end) || (!c.closed() && a.due.After(p.ref.AddDate(0, 0, -70)) && p.chance(0.45))
	if c.closed() && done.After(end) {
		done, pending = end, false
	}
	busy := a.made.AddDate(0, 0, max(1, days(a.made, done)/3))
	if p.chance(0.35) && busy.Before(done) && !busy.After(end) {
		a.steps = append(a.steps, actionStep{at: busy, status: kluwen.ActionBusy, by: c.worker(a, busy)})
	}
	if pending || done.Before(a.made) {
		return
	}
	status := kluwen.ActionDone
	if p.chance(0.08) || (a.goal.eval != nil && a.goal.eval.status == kluwen.GoalCancelled && !done.Before(a.goal.eval.at)) {
		status = kluwen.ActionCancelled
	}
	a.steps = append(a.steps, actionStep{at: done, status: status, by: c.worker(a, done)})
}

// conferences plans the case conferences: from the analysis on, every six to
// ten weeks, every three to four months in monitoring (at most six in a
// normal case, thirty in the busy one), and one still to come for an open case.
func (p *workPlanner) conferences(c *casePlan, end time.Time) {
	start := c.stepDate(kluwen.CaseAnalyse)
	if start.IsZero() {
		return
	}
	maxN := 6
	if c.busy {
		maxN = 29
	}
	at := start.AddDate(0, 0, p.between(14, 30))
	for len(c.work.conferences) < maxN && at.Before(end) {
		p.conference(c, at, end)
		gap := p.between(42, 70)
		if c.statusOn(at) == kluwen.CaseMonitoring {
			gap = p.between(90, 120)
		}
		if c.busy {
			gap = p.between(55, 65)
		}
		at = at.AddDate(0, 0, gap)
	}
	if !c.closed() {
		p.conference(c, p.ref.AddDate(0, 0, p.between(5, 40)), end)
	}
}

// statusOn is the status of the case on the date.
func (c *casePlan) statusOn(on time.Time) kluwen.CaseStatus {
	s := kluwen.CaseAanmelding
	for _, st := range c.steps {
		if st.at.After(on) {
			break
		}
		s = st.to
	}
	return s
}

var conferenceRooms = []string{"Stadskantoor Rivierstad, vergaderzaal De Waal", "Stadskantoor Rivierstad, kamer 2.14",
	"Zorg- en Veiligheidshuis Rivierland, Havenweg 12", "Wijkcentrum De Kade"}

// conference plans one conference on the date; held within the story when it
// ends before the end of the case.
func (p *workPlanner) conference(c *casePlan, on, end time.Time) {
	cf := &confPlan{starts: on.Add(time.Duration(p.pick2(8, 12)) * time.Hour), minutes: []int{60, 90, 90, 120}[p.r.IntN(4)]}
	cf.scheduled = later(on.AddDate(0, 0, -p.between(14, 28)), c.opened.AddDate(0, 0, 1))
	if on.After(p.ref) { // still to come: planned in the last days of the story
		cf.scheduled = p.ref.AddDate(0, 0, -p.between(0, 10))
	}
	if cf.scheduled.After(end) || !cf.scheduled.Before(on) {
		return
	}
	if c.owner == orgZVH {
		cf.location = conferenceRooms[2]
	} else {
		cf.location = conferenceRooms[p.r.IntN(len(conferenceRooms))]
	}
	if p.chance(0.2) {
		cf.location, cf.video = "", "https://overleg.rivierstad.example/casus-"+p.code()
	}
	cf.agenda = []string{"Opening en verslag van het vorige overleg", "Stand van zaken per leefgebied", "Openstaande besluiten en acties", "Nieuwe afspraken", "Rondvraag"}
	for _, iv := range c.involved {
		if iv.org == c.owner || !(iv.from.Before(cf.scheduled) || iv.from.Equal(cf.scheduled)) || (!iv.to.IsZero() && iv.to.Before(cf.scheduled)) {
			continue
		}
		if slices.ContainsFunc(cf.invitees, func(x invitee) bool { return x.org == iv.org }) {
			continue
		}
		cf.invitees = append(cf.invitees, invitee{org: iv.org, user: iv.contact})
	}
	c.work.conferences = append(c.work.conferences, cf)
	held := on.AddDate(0, 0, 1)
	if held.After(end) || on.After(p.ref) {
		return
	}
	cf.present = []string{c.regisseur}
	for _, iv := range cf.invitees {
		if !p.chance(0.8) {
			continue
		}
		u := iv.user
		if u == "" {
			u = p.owner(c, iv.org, on)
		}
		if u != c.regisseur && !slices.Contains(cf.present, u) {
			cf.present = append(cf.present, u)
		}
	}
	cf.report = p.pick(minutesOpening) + " " + p.pick(minutesProgress[c.statusOn(on)]) + " " + p.pick(minutesClosing)
	nd := p.between(1, 3)
	for k := 0; k < nd; k++ {
		p.decision(c, cf, on, end)
	}
}

func (p *workPlanner) pick2(a, b int) int {
	if p.chance(0.5) {
		return a
	}
	return b
}

// code is a random meeting code for a video link.
func (p *workPlanner) code() string {
	const letters = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 8)
	for i := range b {
		b[i] = letters[p.r.IntN(len(letters))]
	}
	return string(b)
}

// decision plans a decision of the conference held on the date: turned into an
// action under an open goal within days, marked done later, or still open when
// the story ends before that.
func (p *workPlanner) decision(c *casePlan, cf *confPlan, on, end time.Time) {
	d := &decisionPlan{conf: cf}
	var open []*goalPlan
	at := on.AddDate(0, 0, p.between(1, 7))
	for _, g := range c.work.goals {
		if g.open(at) && g.made.Before(on) {
			open = append(open, g)
		}
	}
	toAction := 0.55
	if c.busy {
		toAction = 0.3
	}
	if len(open) > 0 && p.chance(toAction) {
		g := open[p.r.IntN(len(open))]
		d.text = p.pick(decisionTexts[g.domain])
		if !at.After(end) {
			if a := p.action(c, g, at, end, d); a != nil {
				d.outcome, d.at, d.action = decisionAction, at, a
			}
		}
	} else {
		d.text = p.pick(generalDecisions)
		done := on.AddDate(0, 0, p.between(3, 45))
		if c.closed() && done.After(end) {
			done = end
		}
		if !done.After(end) {
			d.outcome, d.at = decisionDone, done
		}
	}
	if d.outcome == decisionOpen && c.closed() {
		d.outcome, d.at = decisionDone, end
	}
	cf.decisions = append(cf.decisions, d)
}

// deviation plans a deviation (maatwerk) in about one case in ten that reached
// uitvoering, with its outcome when the story is long enough.
func (p *workPlanner) deviation(c *casePlan, end time.Time) {
	start := c.stepDate(kluwen.CaseUitvoering)
	if start.IsZero() || !(c.busy || p.chance(0.12)) {
		return
	}
	decided := p.day(start.AddDate(0, 0, 5), start.AddDate(0, 0, 150))
	if decided.After(end) {
		return
	}
	r := deviations[p.r.IntN(len(deviations))]
	m := &maatwerkPlan{decided: decided, rule: r.rule, reason: r.reason, domain: r.domain, effect: r.effect,
		costCents: int64(p.between(r.costLo, r.costHi)) * 100, approverName: p.pick(approvers), approverRole: r.approver}
	if out := decided.AddDate(0, 0, p.between(90, 270)); !out.After(end) {
		m.outcomeAt = out
		m.outcomeResult = []kluwen.OutcomeResult{kluwen.OutcomeReached, kluwen.OutcomeReached, kluwen.OutcomePartly, kluwen.OutcomeNotReached}[p.r.IntN(4)]
		m.outcome = p.pick(outcomeTexts[m.outcomeResult])
	}
	c.work.maatwerk = append(c.work.maatwerk, m)
}

// escalation plans an escalation in about one case in fifteen that reached
// uitvoering: answered and closed when the story is long enough.
func (p *workPlanner) escalation(c *casePlan, end time.Time) {
	start := c.stepDate(kluwen.CaseUitvoering)
	if start.IsZero() || !(c.busy || p.chance(0.07)) {
		return
	}
	at := p.day(start.AddDate(0, 0, 20), end.AddDate(0, 0, -10))
	if c.busy {
		// An older one answered and closed, and a recent one still open.
		p.addEscalation(c, p.day(start.AddDate(0, 0, 200), start.AddDate(0, 0, 500)), end)
		at = end.AddDate(0, 0, -p.between(10, 25))
	}
	if at.After(end) || at.Before(start) {
		return
	}
	p.addEscalation(c, at, end)
}

func (p *workPlanner) addEscalation(c *casePlan, at, end time.Time) {
	q := escalations[p.r.IntN(len(escalations))]
	e := &escalationPlan{at: at, level: q.level, question: q.question}
	if ans := at.AddDate(0, 0, p.between(14, 45)); !ans.After(end) {
		e.answerAt, e.answer, e.decision = ans, q.answer, q.decision
		if cl := ans.AddDate(0, 0, p.between(30, 90)); !cl.After(end) {
			e.closeAt, e.outcome = cl, q.outcome
		}
	}
	c.work.escalations = append(c.work.escalations, e)
}

// ensureStartPages makes sure the featured demo users find work: the regisseur
// an open escalation on an open case of theirs, and the featured partners'
// users a recent action of the busy case still to do.
func (p *workPlanner) ensureStartPages() {
	for _, c := range p.w.cases {
		if !c.busy {
			continue
		}
		for _, u := range []string{"schuldhulp", "wijkagent", "jeugdzorg", "woonconsulent"} {
			made := p.ref.AddDate(0, 0, -p.between(10, 30))
			i := slices.IndexFunc(c.involved, func(iv involvementPlan) bool { return iv.contact == u })
			if i < 0 || c.involvement(c.involved[i].org, made) == nil {
				continue
			}
			o := c.involved[i].org
			var goal *goalPlan
			for _, g := range c.work.goals {
				if g.open(made) && slices.Contains(domainOrgs[g.domain], o) {
					goal = g
				}
			}
			for _, g := range c.work.goals {
				if goal == nil && g.open(made) {
					goal = g
				}
			}
			if goal == nil {
				continue
			}
			// One overdue, and now and then one due in the first days after the
			// story (which Options.Today moves along).
			a := &actionPlan{goal: goal, made: made, org: o, owner: u, kind: actionKind(o, p.r), text: p.pick(actionTexts(o, goal.domain)),
				due: made.AddDate(0, 0, p.between(3, 9))}
			goal.actions = append(goal.actions, a)
			if p.chance(0.5) {
				goal.actions = append(goal.actions, &actionPlan{goal: goal, made: made, org: o, owner: u, kind: actionKind(o, p.r),
					text: p.pick(actionTexts(o, goal.domain)), due: p.ref.AddDate(0, 0, p.between(2, 6))})
			}
		}
	}
	var last *casePlan
	for _, c := range p.w.cases {
		if c.regisseur != "regisseur" || c.closed() || c.stepDate(kluwen.CaseUitvoering).IsZero() {
			continue
		}
		for _, e := range c.work.escalations {
			if e.closeAt.IsZero() {
				return
			}
		}
		last = c
	}
	if last != nil {
		p.addEscalation(last, p.ref.AddDate(0, 0, -p.between(5, 20)), p.ref)
	}
}
