package app_test

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/browsertest"
)

// caseWorkSetup picks an open case of the demo's regisseur and makes sure that
// the debt-relief partner, the youth-care partner and the police take part in
// it, and that a current member of its household has finances as a problem
// domain in today's assessment.
type caseWorkSetup struct {
	caseID, household, person int64
	kredietbank, jeugd        int64
	schuldhulp                *kluwen.User
}

func setUpCaseWork(t *testing.T, a *app.App) *caseWorkSetup {
	t.Helper()
	sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("test"))
	orgs, err := a.Services.Organisations.FindOrganisations(sys, kluwen.OrganisationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	org := func(name string) int64 {
		for _, o := range orgs {
			if o.Name == name {
				return o.ID
			}
		}
		t.Fatalf("no organisation %q in the demo", name)
		return 0
	}
	user := func(username string) *kluwen.User {
		us, err := a.Services.Users.FindUsers(sys, kluwen.UserFilter{Username: &username})
		if err != nil || len(us) != 1 {
			t.Fatalf("user %s: %v, %d found", username, err, len(us))
		}
		return us[0]
	}
	s := &caseWorkSetup{kredietbank: org("Kredietbank Rivierland"), jeugd: org("Jeugdhulp De Kade"), schuldhulp: user("schuldhulp")}
	police := org("Politie Eenheid Rivierland")
	reg := user("regisseur")

	open := true
	cases, err := a.Services.Cases.FindCases(sys, kluwen.CaseFilter{RegisseurID: &reg.ID, Open: &open, Limit: 50})
	if err != nil || len(cases) == 0 {
		t.Fatalf("no open case of the regisseur: %v", err)
	}
	today := kluwen.Today()
	for _, c := range cases {
		h, err := a.Services.Households.FindHouseholdByID(sys, c.HouseholdID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range h.Members {
			if m.Current(today) && m.Person != nil && m.Person.Age(today) >= 18 {
				s.caseID, s.household, s.person = c.ID, c.HouseholdID, m.PersonID
				break
			}
		}
		if s.caseID != 0 {
			break
		}
	}
	if s.caseID == 0 {
		t.Fatal("no open case of the regisseur with an adult member")
	}
	full, err := a.Services.Cases.FindCaseByID(sys, s.caseID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		org     int64
		contact *kluwen.User
	}{{s.kredietbank, s.schuldhulp}, {s.jeugd, user("jeugdzorg")}, {police, user("wijkagent")}} {
		involved := false
		for _, iv := range full.Involvements {
			involved = involved || iv.OrganisationID == p.org && iv.Active(today)
		}
		if !involved {
			contact := p.contact.ID
			if err := a.Services.Cases.AddInvolvement(sys, &kluwen.Involvement{CaseID: s.caseID, OrganisationID: p.org, From: today,
				LegalBasis: kluwen.BasisCovenant, ContactUserID: &contact}); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A course over the past year, then today's assessment with finances as a
	// problem domain.
	for i, score := range []int{1, 3} {
		if err := a.Services.Assessments.CreateAssessment(sys, &kluwen.Assessment{HouseholdID: s.household, PersonID: s.person,
			Date: today.AddDate(0, -12+5*i, 0), OrganisationID: reg.OrganisationID, Scores: []*kluwen.AssessmentScore{
				{DomainCode: "financien", Score: score}, {DomainCode: "huisvesting", Score: 2 + i}}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Services.Assessments.CreateAssessment(sys, &kluwen.Assessment{HouseholdID: s.household, PersonID: s.person, Date: today,
		OrganisationID: reg.OrganisationID, Note: "Meting voor de test", Scores: []*kluwen.AssessmentScore{
			{DomainCode: "financien", Score: 2, Note: "Betalingsachterstanden"}, {DomainCode: "huisvesting", Score: 3}}}); err != nil {
		t.Fatal(err)
	}
	return s
}

var idAfter = regexp.MustCompile(`#(?:doel|actie)-(\d+)$`)

// TestBrowserCaseWork: the regisseur turns a problem domain from an assessment
// into a goal, assigns an action to the debt-relief partner, schedules a
// conference and turns a decision into an action; the debt-relief worker signs
// in and finds the action on the start page; youth care records a confidential
// signal that the wijkagent does not see. Every page is checked with axe-core
// for WCAG 2.1 A and AA.
func TestBrowserCaseWork(t *testing.T) {
	b := browsertest.New(t)
	a, base := demoApp(t)
	s := setUpCaseWork(t, a)
	today := kluwen.Today()
	hh := fmt.Sprintf("%s/huishoudens/%d", base, s.household)
	casePath := fmt.Sprintf("/casussen/%d", s.caseID)
	owner := "Kredietbank Rivierland – " + s.schuldhulp.DisplayName
	due := today.AddDate(0, 0, 3).Format(kluwen.DateLayout)

	reg := b.NewTab(t)
	signIn(t, reg, base, "regisseur")
	reg.CheckA11y(t)

	// The household: the matrix shows the problem domain; make it a goal.
	reg.Navigate(hh)
	reg.CheckA11y(t)
	shot(reg, "regisseur-huishouden")
	makeGoal := fmt.Sprintf(`#probleemgebieden li[data-person-id="%d"] a[href*="leefgebied=financien"]`, s.person)
	if !reg.Exists(makeGoal) {
		t.Fatalf("no Maak doel for finances of person %d:\n%s", s.person, reg.Text("main"))
	}
	reg.ClickAndWait(makeGoal)
	if !strings.Contains(reg.URL(), casePath+"/doelen/nieuw") {
		t.Fatalf("Maak doel led to %s", reg.URL())
	}
	reg.CheckA11y(t)
	if !reg.Exists(`#domain option[value="financien"][selected]`) || !reg.Exists(fmt.Sprintf(`input[name="personIds"][value="%d"][checked]`, s.person)) {
		t.Fatal("the goal form is not filled in with the problem domain and the person")
	}
	reg.SetValue("#description", "De betalingsachterstanden zijn in een regeling opgenomen")
	reg.SetValue("#targetDate", today.AddDate(0, 4, 0).Format(kluwen.DateLayout))
	reg.ClickAndWait(`#doel-formulier button[type="submit"]`)
	m := idAfter.FindStringSubmatch(reg.URL())
	if m == nil {
		t.Fatalf("after the goal form: %s\n%s", reg.URL(), reg.Text("main"))
	}
	goal, _ := strconv.ParseInt(m[1], 10, 64)
	reg.CheckA11y(t)
	if got := reg.Text(fmt.Sprintf("#doel-%d-titel", goal)); !strings.Contains(got, "Financiën") {
		t.Errorf("goal heading %q", got)
	}

	// An action for the debt-relief partner.
	reg.ClickAndWait(fmt.Sprintf(`#doel-%d a.kluwen-add-action`, goal))
	reg.CheckA11y(t)
	reg.SetValue("#description", "Aanmelden voor schuldhulpverlening en intake plannen")
	reg.SetValue("#owner", owner)
	reg.Click("#kind-zorg")
	reg.SetValue("#dueDate", due)
	reg.ClickAndWait(`#actie-formulier button[type="submit"]`)
	m = idAfter.FindStringSubmatch(reg.URL())
	if m == nil {
		t.Fatalf("after the action form: %s\n%s", reg.URL(), reg.Text("main"))
	}
	action := m[1]
	reg.CheckA11y(t)
	shot(reg, "regisseur-plan")
	if got := reg.Text("#actie-" + action); !strings.Contains(got, "Kredietbank Rivierland") || !strings.Contains(got, s.schuldhulp.DisplayName) {
		t.Errorf("action row %q does not name the debt-relief partner", got)
	}

	// A conference with the debt-relief partner, a decision, and the decision
	// made into an action in one step.
	reg.ClickAndWait("#overleg-plannen")
	reg.CheckA11y(t)
	reg.SetValue("#startsAt", time.Now().In(amsterdam(t)).AddDate(0, 0, 7).Format("2006-01-02")+"T14:00")
	reg.SetValue("#location", "Zorg- en Veiligheidshuis, zaal 2")
	reg.Click(fmt.Sprintf(`input[name="invitees"][value="org:%d"]`, s.kredietbank))
	reg.SetValue("#agenda", "Stand van zaken schulden\nAfspraken")
	reg.ClickAndWait(`#overleg-formulier button[type="submit"]`)
	if !strings.Contains(reg.URL(), casePath+"/overleggen/") {
		t.Fatalf("after the conference form: %s\n%s", reg.URL(), reg.Text("main"))
	}
	reg.CheckA11y(t)
	conference := strings.Split(reg.URL(), "?")[0]
	reg.SetValue("#text", "Kredietbank vraagt budgetbeheer aan")
	reg.ClickAndWait(`#besluit-formulier button[type="submit"]`)
	reg.CheckA11y(t)
	reg.ClickAndWait("a.kluwen-make-action")
	reg.CheckA11y(t)
	reg.SetValue("#goalId", strconv.FormatInt(goal, 10))
	reg.SetValue("#owner", owner)
	reg.Click("#kind")
	reg.SetValue("#dueDate", due)
	reg.ClickAndWait(`#actie-formulier button[type="submit"]`)
	if !strings.HasPrefix(reg.URL(), conference) {
		t.Fatalf("after making the action: %s\n%s", reg.URL(), reg.Text("main"))
	}
	reg.CheckA11y(t)
	shot(reg, "regisseur-overleg")
	if got := reg.Text("#besluiten-lijst"); !strings.Contains(got, "Omgezet in een actie") {
		t.Errorf("the decision is not turned into an action: %q", got)
	}
	// The rest of the case work, for accessibility.
	for _, p := range []string{casePath, casePath + "/doelen/" + strconv.FormatInt(goal, 10), casePath + "/acties/" + action,
		fmt.Sprintf("/huishoudens/%d/metingen", s.household), fmt.Sprintf("/huishoudens/%d/tijdlijn", s.household),
		fmt.Sprintf("/huishoudens/%d/metingen/nieuw?persoon=%d", s.household, s.person), casePath + "/maatwerk/nieuw",
		casePath + "/escalaties/nieuw", casePath + "/afsluiten", "/maatwerk", "/meldingen"} {
		reg.Navigate(base + p)
		reg.CheckA11y(t)
		shot(reg, "regisseur"+strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p))
	}

	// The debt-relief worker finds both actions on the start page.
	sh := b.NewTab(t)
	signIn(t, sh, base, "schuldhulp")
	sh.CheckA11y(t)
	shot(sh, "schuldhulp-start")
	soon := sh.Text("#acties-binnenkort")
	for _, want := range []string{"Aanmelden voor schuldhulpverlening en intake plannen", "Kredietbank vraagt budgetbeheer aan"} {
		if !strings.Contains(soon, want) {
			t.Errorf("the start page of schuldhulp lacks %q:\n%s", want, soon)
		}
	}
	if got := sh.Text("#meldingen-link"); !strings.HasPrefix(got, "Meldingen (") {
		t.Errorf("header link %q, want the unread count", got)
	}
	sh.ClickAndWait(fmt.Sprintf(`#acties-binnenkort a[href="%s/acties/%s"]`, casePath, action))
	sh.CheckA11y(t)
	sh.SetValue("#status", "bezig")
	sh.ClickAndWait(`#status-formulier button[type="submit"]`)
	sh.CheckA11y(t)
	if got := sh.Text("#actie-status"); got != "Bezig" {
		t.Errorf("status after the owner's change: %q", got)
	}
	sh.Navigate(base + "/meldingen")
	sh.CheckA11y(t)

	// Youth care records a confidential signal; the wijkagent does not see it.
	const secret = "Zorgmelding: het jongste kind is vaak alleen thuis"
	jz := b.NewTab(t)
	signIn(t, jz, base, "jeugdzorg")
	jz.CheckA11y(t)
	jz.Navigate(hh)
	jz.CheckA11y(t)
	jz.SetValue("#type", "zorgmelding-kind")
	jz.SetValue("#date", today.Format(kluwen.DateLayout))
	jz.Click("#severity-hoog")
	jz.SetValue("#description", secret)
	jz.Click("#confidentiality-vertrouwelijk")
	jz.ClickAndWait(`#signaal-formulier button[type="submit"]`)
	jz.CheckA11y(t)
	if got := jz.Text("#signalen-tabel"); !strings.Contains(got, secret) || !strings.Contains(got, "Vertrouwelijk") {
		t.Fatalf("youth care does not see its confidential signal:\n%s", got)
	}

	agent := b.NewTab(t)
	signIn(t, agent, base, "wijkagent")
	agent.CheckA11y(t)
	agent.Navigate(hh)
	agent.CheckA11y(t)
	shot(agent, "wijkagent-huishouden-signalen")
	if strings.Contains(agent.Text("main"), secret) {
		t.Error("the wijkagent sees youth care's confidential signal on the household's page")
	}
	agent.Navigate(hh + "/tijdlijn?soort=signal")
	agent.CheckA11y(t)
	if strings.Contains(agent.Text("main"), secret) {
		t.Error("the wijkagent sees youth care's confidential signal on the timeline")
	}
	// The regisseur does.
	reg.Navigate(hh)
	reg.CheckA11y(t)
	if !strings.Contains(reg.Text("#signalen-tabel"), secret) {
		t.Error("the regisseur does not see the confidential signal")
	}
}

func amsterdam(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
