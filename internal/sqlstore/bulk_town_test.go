package sqlstore_test

// A synthetic town for the bulk-loader tests and the household-page benchmark:
// households of one to six members with family ties, a tenth of them with a case
// (history, partners, signals, repeated assessments), signals on a few others,
// and one "busy" household with five years of history: 500 signals, 40
// assessments and 30 status changes over two cases, and in the open one a plan
// of 20 goals and 40 actions, 30 conferences, a deviation and two escalations.
// All names are made up.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

type town struct {
	gemeente   int64
	partners   []int64 // police, housing, debts, youth, ggz, veilig thuis, school
	regisseurs []*kluwen.Actor
	partnerPro []*kluwen.Actor // one professional per partner, same order

	households int
	busy       int64          // the busy household
	busyCases  []int64        // closed, open
	busyReg    *kluwen.Actor  // regisseur of the busy household's open case
	busyPolice *kluwen.Actor  // professional of the police, involved in it
	counts     map[string]int // rows loaded per table
	loadTime   time.Duration  // the BulkLoad call
}

func townOrg(tb testing.TB, db *sqlstore.DB, name string, sector kluwen.Sector) int64 {
	tb.Helper()
	var id int64
	if err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO organisations (name, sector, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`),
		name, string(sector), hhStamp, hhStamp).Scan(&id); err != nil {
		tb.Fatal(err)
	}
	return id
}

func townUser(tb testing.TB, db *sqlstore.DB, username string, org int64, role kluwen.Role) *kluwen.Actor {
	tb.Helper()
	var id int64
	if err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO users (username, display_name, email, organisation_id, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, '', ?, ?, 'placeholder', ?, ?, ?) RETURNING id`), username, "Test "+username, org, string(role), false, hhStamp, hhStamp).Scan(&id); err != nil {
		tb.Fatal(err)
	}
	return &kluwen.Actor{UserID: id, Username: username, OrganisationID: org, Role: role, ClientAddr: "192.0.2.1", Purpose: "bench"}
}

var (
	townGiven   = []string{"Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gijs", "Hatice", "Ilse", "Jayden", "Kim", "Lars", "Mila", "Noah", "Olga", "Pim", "Rosa", "Sem", "Tess", "Yusuf"}
	townFamily  = []string{"Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Kaya", "Yilmaz", "Brouwer", "Koster", "Prins"}
	townStreets = []string{"Dorpsstraat", "Kerkweg", "Molenlaan", "Schoolstraat", "Beukenlaan", "Havenkade", "Julianastraat", "Stationsweg"}
	townWijken  = []string{"Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Veld", "Oude Dorp"}
	townLetters = []string{"AB", "BC", "CD", "DE", "EF", "GH", "JK", "KL", "LM", "MN", "NP", "PR", "RT", "TV", "VW", "XZ"}
	townSignals = []string{"politie-incident", "overlastmelding", "huiselijk-geweld", "huurachterstand", "aanzegging-ontruiming", "schoolverzuim",
		"incasso-beslag", "veilig-thuis", "zorgmijding", "energieachterstand", "detentie-vrijlating", "middelengebruik"}
	townSeverities = []kluwen.Severity{kluwen.SeverityLow, kluwen.SeverityMedium, kluwen.SeverityMedium, kluwen.SeverityHigh, kluwen.SeverityAcute}
)

// nextBSN returns the next synthetic BSN: nine digits starting with 99 (a range
// plainly for tests) that pass the elfproef.
func (g *townGen) nextBSN() string {
	for {
		g.bsnSeed++
		d := fmt.Sprintf("99%06d", g.bsnSeed)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += (9 - i) * int(d[i]-'0')
		}
		if c := sum % 11; c <= 9 {
			if b := d + string(rune('0'+c)); kluwen.ValidBSN(b) {
				return b
			}
		}
	}
}

type townGen struct {
	b       *sqlstore.BulkTx
	t       *town
	r       *rand.Rand
	today   time.Time
	bsnSeed int
}

func (g *townGen) date(daysAgoMin, daysAgoMax int) time.Time {
	return g.today.AddDate(0, 0, -(daysAgoMin + g.r.IntN(daysAgoMax-daysAgoMin+1)))
}

func (g *townGen) person(given, family string, born time.Time, adult bool) (int64, error) {
	p := &kluwen.Person{GivenName: given, FamilyName: family, BirthDate: born, RegisteredByOrgID: g.t.gemeente}
	if adult && g.r.IntN(10) > 0 {
		p.BSN = g.nextBSN()
	}
	err := g.b.Person(p)
	return p.ID, err
}

// household adds one household with its members and ties; it returns the
// household and its adults and children.
func (g *townGen) household(i int) (int64, []int64, []int64, error) {
	h := &kluwen.Household{Street: townStreets[i%len(townStreets)], HouseNumber: 1 + i%400, Postcode: fmt.Sprintf("%d %s", 1000+i%8999, townLetters[i%len(townLetters)]),
		City: "Kluwendam", Wijk: townWijken[(i/7)%len(townWijken)], RegisteredByOrgID: g.t.gemeente}
	if err := g.b.Household(h); err != nil {
		return 0, nil, nil, err
	}
	family := townFamily[g.r.IntN(len(townFamily))]
	nAdults, nKids := 1, 0
	switch k := g.r.IntN(100); {
	case k < 35: // single
	case k < 60:
		nAdults = 2
	case k < 75:
		nKids = 1 + g.r.IntN(3)
	default:
		nAdults, nKids = 2, 1+g.r.IntN(4)
	}
	var adults, kids []int64
	moved := g.date(200, 7000)
	for a := 0; a < nAdults; a++ {
		id, err := g.person(townGiven[g.r.IntN(len(townGiven))], family, g.date(20*365, 70*365), true)
		if err != nil {
			return 0, nil, nil, err
		}
		role := kluwen.MemberHead
		if a > 0 {
			role = kluwen.MemberPartner
		}
		if err := g.b.Member(&kluwen.Membership{HouseholdID: h.ID, PersonID: id, From: moved, Role: role}); err != nil {
			return 0, nil, nil, err
		}
		adults = append(adults, id)
	}
	if len(adults) == 2 {
		if err := g.b.Relation(&kluwen.Relation{PersonID: adults[0], RelatedPersonID: adults[1], Kind: kluwen.RelationPartner}); err != nil {
			return 0, nil, nil, err
		}
	}
	for k := 0; k < nKids; k++ {
		born := g.date(365, 17*365)
		id, err := g.person(townGiven[g.r.IntN(len(townGiven))], family, born, false)
		if err != nil {
			return 0, nil, nil, err
		}
		from := moved
		if born.After(from) {
			from = born
		}
		if err := g.b.Member(&kluwen.Membership{HouseholdID: h.ID, PersonID: id, From: from, Role: kluwen.MemberChild}); err != nil {
			return 0, nil, nil, err
		}
		for _, a := range adults {
			if err := g.b.Relation(&kluwen.Relation{PersonID: a, RelatedPersonID: id, Kind: kluwen.RelationParent}); err != nil {
				return 0, nil, nil, err
			}
		}
		kids = append(kids, id)
	}
	return h.ID, adults, kids, nil
}

// caseLife adds a case opened on opened with steps status changes after the
// opening, one a month, and the partners; it returns the case.
func (g *townGen) caseLife(household int64, reg *kluwen.Actor, opened time.Time, steps int, closed bool, partners []int64) (*kluwen.Case, error) {
	c := &kluwen.Case{HouseholdID: household, Title: "Stapeling van problemen", RegisseurID: reg.UserID, OrganisationID: reg.OrganisationID,
		OpenedAt: opened, CreatedAt: opened, UpdatedAt: opened}
	c.History = append(c.History, &kluwen.CaseStatusChange{To: kluwen.CaseAanmelding, Reason: "Aangemeld", UserID: reg.UserID, ChangedAt: opened})
	cur := kluwen.CaseAanmelding
	at := opened
	for s := 0; s < steps; s++ {
		next := cur.NextStatuses()[0]
		if closed && s == steps-1 {
			next = kluwen.CaseAfgesloten
		}
		at = at.Add(time.Duration(20+g.r.IntN(20)) * 24 * time.Hour)
		c.History = append(c.History, &kluwen.CaseStatusChange{From: cur, To: next, Reason: "Volgende stap in de aanpak", UserID: reg.UserID, ChangedAt: at})
		cur = next
	}
	c.Status = cur
	if closed {
		c.ClosedAt = &at
	}
	from := kluwen.DateOf(opened)
	for _, org := range partners {
		iv := &kluwen.Involvement{OrganisationID: org, From: from, LegalBasis: kluwen.BasisCovenant}
		if closed {
			iv.To = hhPtr(kluwen.DateOf(at))
		}
		c.Involvements = append(c.Involvements, iv)
	}
	return c, g.b.Case(c)
}

func (g *townGen) signal(household int64, person int64, org int64, date time.Time, conf bool) error {
	s := &kluwen.Signal{HouseholdID: household, TypeCode: townSignals[g.r.IntN(len(townSignals))], Date: date, OrganisationID: org,
		Severity: townSeverities[g.r.IntN(len(townSeverities))], Description: "Melding van een partner over de situatie thuis.", Confidentiality: kluwen.Normal}
	if person != 0 {
		s.PersonID = &person
	}
	if conf {
		s.Confidentiality = kluwen.Confidential
	}
	return g.b.Signal(s)
}

func (g *townGen) assessment(household, person, org int64, date time.Time, domains int) error {
	a := &kluwen.Assessment{HouseholdID: household, PersonID: person, Date: date, OrganisationID: org}
	for _, d := range kluwen.LifeDomains[:domains] {
		a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code(), Score: 1 + g.r.IntN(5)})
	}
	return g.b.Assessment(a)
}

// busyPlan gives the busy household's open case its plan and conferences: 20
// goals with two actions each over four years (the older ones evaluated and
// done, some recent actions overdue, every seventh goal confidential), 30
// conferences with agenda, attendance, minutes and decisions (the last one
// still to come), a deviation and two escalations.
func (g *townGen) busyPlan(c *kluwen.Case, members []int64) error {
	t, b := g.t, g.b
	reg := t.busyReg.UserID
	kinds := []kluwen.ActionKind{kluwen.KindPrevention, kluwen.KindCare, kluwen.KindCoercion}
	for i := 0; i < 20; i++ {
		made := c.OpenedAt.AddDate(0, 0, 20+i*70)
		goal := &kluwen.Goal{CaseID: c.ID, Domain: kluwen.LifeDomains[i%len(kluwen.LifeDomains)], PersonIDs: []int64{members[i%len(members)]},
			Description: fmt.Sprintf("Doel %d: stabiel op dit leefgebied", i+1), TargetDate: kluwen.DateOf(made.AddDate(0, 6, 0)),
			Confidentiality: kluwen.Normal, CreatedBy: reg, CreatedAt: made}
		if i%7 == 3 {
			goal.Confidentiality = kluwen.Confidential
		}
		var steps []sqlstore.PlanStep
		if end := goal.TargetDate.Add(10 * time.Hour); end.Before(g.today.AddDate(0, 0, -30)) {
			status, eval := kluwen.GoalAchieved, "Behaald volgens afspraak."
			if i%4 == 1 {
				status, eval = kluwen.GoalNotAchieved, "Niet gelukt; opnieuw opgepakt in een nieuw doel."
			}
			steps = append(steps, sqlstore.PlanStep{At: end, UserID: reg, Status: string(status), Evaluation: eval})
		}
		if err := b.Goal(goal, steps...); err != nil {
			return err
		}
		for k := 0; k < 2; k++ {
			p := (i + k) % 5
			a := &kluwen.Action{GoalID: goal.ID, Description: fmt.Sprintf("Actie %d van doel %d", k+1, i+1), OrganisationID: t.partners[p],
				OwnerUserID: t.partnerPro[p].UserID, Kind: kinds[(i+k)%3], DueDate: kluwen.DateOf(made.AddDate(0, 2+2*k, 0)),
				Confidentiality: kluwen.Normal, CreatedBy: reg, CreatedAt: made.Add(time.Hour)}
			if k == 1 && i%5 == 2 {
				a.Confidentiality = kluwen.Confidential
			}
			var steps []sqlstore.PlanStep
			if done := a.DueDate.Add(9 * time.Hour); done.Before(g.today.AddDate(0, 0, -90)) {
				steps = append(steps, sqlstore.PlanStep{At: done, UserID: t.partnerPro[p].UserID, Status: string(kluwen.ActionDone)})
			}
			if err := b.Action(a, steps...); err != nil {
				return err
			}
		}
	}
	invitees := []*kluwen.ConferenceInvitee{{OrganisationID: t.gemeente, UserID: &reg}}
	for _, org := range t.partners[:5] {
		invitees = append(invitees, &kluwen.ConferenceInvitee{OrganisationID: org})
	}
	for i := 0; i < 30; i++ {
		starts := c.OpenedAt.AddDate(0, 0, 10+i*48).Add(9 * time.Hour)
		if i == 29 {
			starts = g.today.AddDate(0, 0, 14).Add(9 * time.Hour)
		}
		conf := &kluwen.Conference{CaseID: c.ID, StartsAt: starts, DurationMinutes: 90, Location: "Stadskantoor, kamer 2.14",
			Agenda: []string{"Stand van zaken per leefgebied", "Acties van de partners", "Besluiten"}, Invitees: invitees,
			CreatedBy: reg, CreatedAt: starts.AddDate(0, 0, -21)}
		if starts.Before(g.today) {
			conf.Minutes = fmt.Sprintf("Overleg %d: de partners lichten hun acties toe; afspraken vastgelegd.", i+1)
			conf.Present = []int64{reg, t.partnerPro[i%5].UserID, t.partnerPro[(i+1)%5].UserID}
			conf.UpdatedAt = starts.Add(3 * time.Hour)
			for k := 0; k < 2; k++ {
				d := &kluwen.Decision{Text: fmt.Sprintf("Besluit %d.%d", i+1, k+1), Status: kluwen.DecisionDone, CreatedBy: reg, CreatedAt: starts.Add(time.Hour)}
				if i >= 26 {
					d.Status = kluwen.DecisionOpen
				} else {
					resolved := starts.AddDate(0, 0, 14)
					d.ResolvedAt = &resolved
				}
				conf.Decisions = append(conf.Decisions, d)
			}
		}
		if err := b.Conference(conf); err != nil {
			return err
		}
	}
	approved := g.today.AddDate(-2, 0, 0)
	if err := b.Maatwerk(&kluwen.Maatwerk{CaseID: c.ID, Rule: "Geen schuldhulp bij nieuwe schulden", Reason: "Zonder regeling dreigt ontruiming",
		Domain: kluwen.DomainFinancien, ExpectedEffect: "Huur weer betaald", CostCents: 250000, ApprovedByName: "Wethouder", ApprovedByRole: "Wethouder sociaal domein",
		DecidedOn: approved, CreatedBy: reg, CreatedAt: approved}); err != nil {
		return err
	}
	asked := g.today.AddDate(-1, 0, 0)
	answered := asked.AddDate(0, 0, 20)
	for _, e := range []*kluwen.Escalation{
		{CaseID: c.ID, Level: kluwen.LevelSteeringGroup, Question: "Mogen de partners afwijken van de wachtlijst?", Answer: "Ja.", Decision: "Voorrang verleend.",
			Status: kluwen.EscalationAnswered, EscalatedBy: reg, EscalatedAt: asked, AnsweredAt: &answered},
		{CaseID: c.ID, Level: kluwen.LevelAdministrative, Question: "Wie betaalt de beschermde woonplek?", Status: kluwen.EscalationOpen,
			EscalatedBy: reg, EscalatedAt: g.today.AddDate(0, 0, -20)},
	} {
		if err := b.Escalation(e); err != nil {
			return err
		}
	}
	return nil
}

// loadTown builds the town with the bulk loader: n households plus the busy one.
func loadTown(tb testing.TB, db *sqlstore.DB, n int) *town {
	tb.Helper()
	t := &town{households: n}
	t.gemeente = townOrg(tb, db, "Gemeente Kluwendam", kluwen.SectorGemeente)
	for i, p := range []struct {
		name   string
		sector kluwen.Sector
	}{
		{"Politie Kluwendam", kluwen.SectorVeiligheid}, {"Woonstede", kluwen.SectorWonen}, {"Schuldhulp Kluwendam", kluwen.SectorSchulden},
		{"Jeugdzorg Kluwendam", kluwen.SectorJeugd}, {"GGZ Kluwendam", kluwen.SectorZorg}, {"Veilig Thuis Regio", kluwen.SectorZorg},
		{"Kluwencollege", kluwen.SectorOnderwijs},
	} {
		org := townOrg(tb, db, p.name, p.sector)
		t.partners = append(t.partners, org)
		t.partnerPro = append(t.partnerPro, townUser(tb, db, fmt.Sprintf("partner%d", i), org, kluwen.RoleProfessional))
	}
	for i := 0; i < 10; i++ {
		t.regisseurs = append(t.regisseurs, townUser(tb, db, fmt.Sprintf("regisseur%d", i), t.gemeente, kluwen.RoleRegisseur))
	}
	t.busyReg, t.busyPolice = t.regisseurs[0], t.partnerPro[0]

	start := time.Now()
	err := db.BulkLoad(hhAs(kluwen.SystemActor("cli: test town")), func(b *sqlstore.BulkTx) error {
		g := &townGen{b: b, t: t, r: rand.New(rand.NewPCG(1, 2)), today: b.Today()}
		for i := 0; i < n; i++ {
			hid, adults, kids, err := g.household(i)
			if err != nil {
				return err
			}
			members := append(append([]int64{}, adults...), kids...)
			switch {
			case i%10 == 3: // a case, with history, partners, signals and assessments
				partners := []int64{t.partners[g.r.IntN(3)], t.partners[3+g.r.IntN(4)]}
				closed := g.r.IntN(4) == 0
				c, err := g.caseLife(hid, t.regisseurs[i%len(t.regisseurs)], g.today.AddDate(0, 0, -(400+g.r.IntN(1400))), 1+g.r.IntN(4), closed, partners)
				if err != nil {
					return err
				}
				for s := 0; s < 5+g.r.IntN(11); s++ {
					if err := g.signal(hid, members[g.r.IntN(len(members))], partners[g.r.IntN(2)], g.date(0, 1800), g.r.IntN(10) == 0); err != nil {
						return err
					}
				}
				for _, p := range adults {
					for a := 0; a < 1+g.r.IntN(3); a++ {
						if err := g.assessment(hid, p, c.OrganisationID, g.date(0, 1200), 6+g.r.IntN(8)); err != nil {
							return err
						}
					}
				}
			case i%33 == 5: // a signal or two, no case
				for s := 0; s < 1+g.r.IntN(2); s++ {
					if err := g.signal(hid, 0, t.partners[g.r.IntN(3)], g.date(0, 1800), false); err != nil {
						return err
					}
				}
			}
		}

		// The busy household: two adults and two children, a closed case and an
		// open one (30 status changes in all), 500 signals and 40 assessments
		// over five years.
		hid, adults, _, err := g.household(0)
		for err == nil && len(adults) != 2 {
			hid, adults, _, err = g.household(0) // draw again until there is a couple
		}
		if err != nil {
			return err
		}
		t.busy = hid
		kids := []int64{}
		for k := 0; k < 2; k++ {
			id, err := g.person("Kind", "Druk", g.date(3*365, 15*365), false)
			if err != nil {
				return err
			}
			if err := b.Member(&kluwen.Membership{HouseholdID: hid, PersonID: id, From: g.today.AddDate(-16, 0, 0), Role: kluwen.MemberChild}); err != nil {
				return err
			}
			kids = append(kids, id)
		}
		members := append(append([]int64{}, adults...), kids...)
		five := g.today.AddDate(-5, 0, 0)
		closedCase, err := g.caseLife(hid, t.busyReg, five, 5, true, t.partners[1:3])
		if err != nil {
			return err
		}
		// The open case cycles between uitvoering and monitoring: 24 entries.
		open := &kluwen.Case{HouseholdID: hid, Title: "Opnieuw aangemeld", RegisseurID: t.busyReg.UserID, OrganisationID: t.gemeente,
			OpenedAt: five.AddDate(1, 0, 0)}
		at := open.OpenedAt
		open.History = []*kluwen.CaseStatusChange{{To: kluwen.CaseAanmelding, Reason: "Aangemeld", UserID: t.busyReg.UserID, ChangedAt: at}}
		cur := kluwen.CaseAanmelding
		for s := 0; s < 23; s++ {
			next := cur.NextStatuses()[0]
			at = at.Add(45 * 24 * time.Hour)
			open.History = append(open.History, &kluwen.CaseStatusChange{From: cur, To: next, Reason: "Voortgang besproken", UserID: t.busyReg.UserID, ChangedAt: at})
			cur = next
		}
		open.Status = cur
		for _, org := range t.partners[:5] {
			open.Involvements = append(open.Involvements, &kluwen.Involvement{OrganisationID: org, From: kluwen.DateOf(open.OpenedAt), LegalBasis: kluwen.BasisCovenant})
		}
		if err := b.Case(open); err != nil {
			return err
		}
		t.busyCases = []int64{closedCase.ID, open.ID}
		for s := 0; s < 500; s++ {
			var person int64
			if s%3 > 0 {
				person = members[s%len(members)]
			}
			if err := g.signal(hid, person, t.partners[s%5], g.date(0, 5*365-1), s%10 == 0); err != nil {
				return err
			}
		}
		for _, p := range members {
			for a := 0; a < 10; a++ {
				if err := g.assessment(hid, p, t.gemeente, five.AddDate(0, 6*a, 1), 13); err != nil {
					return err
				}
			}
		}
		if err := g.busyPlan(open, members); err != nil {
			return err
		}
		t.counts = b.Counts()
		return nil
	})
	if err != nil {
		tb.Fatalf("bulk load: %v", err)
	}
	t.loadTime = time.Since(start)
	return t
}

// householdPage loads what the household page shows: the household with its
// members, the first page of the timeline, the assessment matrix with its
// series, and the cases with their history, partners, plan, conferences and
// escalations.
func householdPage(ctx context.Context, db *sqlstore.DB, household int64) (items, rows, cases int, err error) {
	if _, err := db.FindHouseholdByID(ctx, household); err != nil {
		return 0, 0, 0, err
	}
	page, err := db.HouseholdTimeline(ctx, household, kluwen.TimelineFilter{Limit: 50})
	if err != nil {
		return 0, 0, 0, err
	}
	m, err := db.HouseholdMatrix(ctx, household, 0)
	if err != nil {
		return 0, 0, 0, err
	}
	cs, err := db.FindCases(ctx, kluwen.CaseFilter{HouseholdID: &household})
	if err != nil {
		return 0, 0, 0, err
	}
	for _, c := range cs {
		if _, err := db.FindCaseByID(ctx, c.ID); err != nil {
			return 0, 0, 0, err
		}
		if _, err := db.FindPlan(ctx, c.ID); err != nil {
			return 0, 0, 0, err
		}
		if _, err := db.FindConferences(ctx, c.ID); err != nil {
			return 0, 0, 0, err
		}
		if _, err := db.FindEscalations(ctx, kluwen.EscalationFilter{CaseID: &c.ID}); err != nil {
			return 0, 0, 0, err
		}
	}
	return len(page.Items), len(m.Rows), len(cs), nil
}
