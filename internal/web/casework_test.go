package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
	"github.com/kluwen/kluwen/internal/web"
)

// caseWorld is the world with case work: a youth-care partner and a debt-relief
// partner involved in the case besides the police, two assessments of the mother
// (finances fell to 1, a problem domain), a goal with an action for the
// debt-relief partner, a conference with an open decision, a confidential
// signal of youth care and a normal one of the police.
type caseWorld struct {
	*world
	jeugd, schulden              int64
	goal, action, conf, decision int64
	secretSignal                 string // the description of youth care's confidential signal
}

// as is the context of a service call by the user.
func (w *world) as(username string) context.Context {
	u := w.users[username]
	return kluwen.NewContextWithActor(context.Background(), &kluwen.Actor{UserID: u.ID, Username: u.Username,
		OrganisationID: u.OrganisationID, Role: u.Role, ClientAddr: "192.0.2.9", Purpose: "test"})
}

func newCaseWorld(t *testing.T, db *sqlstore.DB) *caseWorld {
	t.Helper()
	w := &caseWorld{world: newWorld(t, db, web.Config{}), secretSignal: "Zorgen over de veiligheid van het kind thuis"}
	ctx := sys()
	w.jeugd = w.org(ctx, "Jeugdzorg Kluwendam", kluwen.SectorJeugd)
	w.schulden = w.org(ctx, "Kredietbank Kluwendam", kluwen.SectorSchulden)
	w.user(ctx, "jeugdzorg", "Joke Jeugdzorg", w.jeugd, kluwen.RoleProfessional)
	w.user(ctx, "schuldhulp", "Sander Schuldhulp", w.schulden, kluwen.RoleProfessional)
	w.user(ctx, "jeugdregisseur", "Jan Jeugdregisseur", w.jeugd, kluwen.RoleRegisseur)
	for _, iv := range []struct {
		org     int64
		contact string
	}{{w.jeugd, "jeugdzorg"}, {w.schulden, "schuldhulp"}} {
		contact := w.users[iv.contact].ID
		must(t, w.svc.Cases.AddInvolvement(ctx, &kluwen.Involvement{CaseID: w.caseID, OrganisationID: iv.org, From: date("2024-01-01"),
			LegalBasis: kluwen.BasisCovenant, ContactUserID: &contact}))
	}
	today := kluwen.DateOf(w.clock.Now().In(amsterdam()))
	reg := w.as("regisseur")
	for i, scores := range [][2]int{{2, 4}, {1, 4}} {
		must(t, w.svc.Assessments.CreateAssessment(reg, &kluwen.Assessment{HouseholdID: w.household, PersonID: w.mother,
			Date: today.AddDate(0, 0, -30+20*i), Scores: []*kluwen.AssessmentScore{
				{DomainCode: "financien", Score: scores[0], Note: "Schulden lopen op"}, {DomainCode: "huisvesting", Score: scores[1]}}}))
	}
	g := &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainFinancien, PersonIDs: []int64{w.mother},
		Description: "De huurachterstand is afgelost", TargetDate: today.AddDate(0, 6, 0)}
	must(t, w.svc.Plan.CreateGoal(reg, g))
	w.goal = g.ID
	a := &kluwen.Action{GoalID: g.ID, Description: "Schuldhulptraject starten", OrganisationID: w.schulden, OwnerUserID: w.users["schuldhulp"].ID,
		Kind: kluwen.KindCare, DueDate: today.AddDate(0, 0, 3)}
	must(t, w.svc.Plan.CreateAction(reg, a))
	w.action = a.ID
	conf := &kluwen.Conference{CaseID: w.caseID, StartsAt: w.clock.Now().AddDate(0, 0, 7), DurationMinutes: 60, Location: "Stadskantoor",
		Agenda: []string{"Stand van zaken", "Afspraken"}, Invitees: []*kluwen.ConferenceInvitee{{OrganisationID: w.schulden}, {OrganisationID: w.politie}}}
	must(t, w.svc.Conferences.ScheduleConference(reg, conf))
	w.conf = conf.ID
	dec := &kluwen.Decision{ConferenceID: conf.ID, Text: "Budgetbeheer aanvragen"}
	must(t, w.svc.Conferences.AddDecision(reg, dec))
	w.decision = dec.ID
	must(t, w.svc.Signals.CreateSignal(w.as("jeugdzorg"), &kluwen.Signal{HouseholdID: w.household, PersonID: &w.child, TypeCode: "zorgmelding-kind",
		Date: today.AddDate(0, 0, -2), Severity: kluwen.SeverityHigh, Description: w.secretSignal, Confidentiality: kluwen.Confidential}))
	must(t, w.svc.Signals.CreateSignal(w.as("agent"), &kluwen.Signal{HouseholdID: w.household, TypeCode: "politie-incident",
		Date: today.AddDate(0, 0, -5), Severity: kluwen.SeverityMedium, Description: "Ruzie op straat voor de woning", Confidentiality: kluwen.Normal}))
	return w
}

// casePath is a path under the world's case.
func (w *caseWorld) casePath(rest ...string) string {
	return "/casussen/" + id(w.caseID) + strings.Join(rest, "")
}

// TestCaseWorkPages visits the pages of the case work as the roles that use
// them, and the refusals: need-to-know answers 404 without saying what exists.
func TestCaseWorkPages(t *testing.T) {
	w := newCaseWorld(t, nil)
	hh, cs := id(w.household), id(w.caseID)
	goal, action, conf, dec := id(w.goal), id(w.action), id(w.conf), id(w.decision)
	clients := map[string]*client{}
	as := func(u string) *client {
		if clients[u] == nil {
			clients[u] = w.signedIn(u)
		}
		return clients[u]
	}
	instrument := regexp.MustCompile(`href="/beheer/instrumenten/(\d+)"`).FindStringSubmatch(as("beheerder").get("/beheer/instrumenten").Body)
	if instrument == nil {
		t.Fatal("no instrument in the admin's list")
	}
	tests := []struct {
		name, user, path string
		check
	}{
		// The household's page: signals, matrix, problem domains, timeline.
		{"household with case work", "regisseur", "/huishoudens/" + hh, check{status: 200, contains: []string{
			`id="signalen-tabel"`, "Ruzie op straat voor de woning", w.secretSignal, "Vertrouwelijk", `id="signaal-formulier"`,
			`id="matrix"`, "kluwen-score--1", "1 lager (was 2)", "Acute problematiek", `id="probleemgebieden"`,
			`href="/casussen/` + cs + `/doelen/nieuw?leefgebied=financien&amp;meting=`, `id="tijdlijn"`, `data-kind="signal"`, `data-kind="assessment"`}}},
		{"household for the police", "agent", "/huishoudens/" + hh, check{status: 200, contains: []string{"Ruzie op straat", `id="signaal-formulier"`, `id="matrix"`},
			notContains: []string{w.secretSignal, "Maak doel"}}},
		{"household for youth care", "jeugdzorg", "/huishoudens/" + hh, check{status: 200, contains: []string{w.secretSignal}}},
		{"timeline", "regisseur", "/huishoudens/" + hh + "/tijdlijn", check{status: 200, contains: []string{`id="tijdlijn-filter"`, w.secretSignal, "Casus aangemeld", "Meting"}}},
		{"timeline for the police", "agent", "/huishoudens/" + hh + "/tijdlijn", check{status: 200, contains: []string{"Ruzie op straat"}, notContains: []string{w.secretSignal}}},
		{"timeline filtered on signals", "regisseur", "/huishoudens/" + hh + "/tijdlijn?soort=signal&leefgebied=justitie&organisatie=" + id(w.politie),
			check{status: 200, contains: []string{"Ruzie op straat", `value="signal" checked`}, notContains: []string{w.secretSignal, "Casus aangemeld"}}},
		{"timeline filtered on a person", "regisseur", "/huishoudens/" + hh + "/tijdlijn?persoon=" + id(w.child), check{status: 200, contains: []string{w.secretSignal}, notContains: []string{"Ruzie op straat"}}},
		{"timeline bad filter", "regisseur", "/huishoudens/" + hh + "/tijdlijn?soort=roddel&leefgebied=mars&persoon=x&van=2024-05-01&tot=2024-01-01",
			check{status: 422, contains: []string{`href="#soort"`, `href="#leefgebied"`, `href="#persoon"`, `href="#tot"`}}},
		{"timeline bad cursor", "regisseur", "/huishoudens/" + hh + "/tijdlijn?na=zzz", check{status: 422, contains: []string{"Begin opnieuw bij de eerste pagina"}}},
		{"assessments", "regisseur", "/huishoudens/" + hh + "/metingen", check{status: 200, contains: []string{
			`id="verloop-financien"`, `role="img"`, `<title id="verloop-financien-titel">Verloop van Financiën</title>`, `id="verloop-financien-tabel"`,
			`id="metingen"`, "Maak doel"}}},
		{"assessment form", "agent", "/huishoudens/" + hh + "/metingen/nieuw?persoon=" + id(w.mother), check{status: 200, contains: []string{
			`name="scores.financien"`, `id="scores-financien"`, "Geen score", `name="scores.financien.note"`, `value="` + id(w.mother) + `" selected`}}},

		// The case's page with its plan, and the plan's pages.
		{"case with plan", "regisseur", "/casussen/" + cs, check{status: 200, contains: []string{
			`id="plan"`, `id="doel-` + goal + `"`, "De huurachterstand is afgelost", `id="actie-` + action + `"`, "Kredietbank Kluwendam, Sander Schuldhulp",
			`id="balans-grafiek"`, `id="balans"`, "Zorg en ondersteuning", `id="plan-pdf"`, `id="overleggen-tabel"`, `id="maatwerk-vastleggen"`,
			`id="escaleren"`, `href="/casussen/` + cs + `/afsluiten"`, `id="doel-toevoegen"`}}},
		{"case for a partner", "schuldhulp", "/casussen/" + cs, check{status: 200, contains: []string{"Schuldhulptraject starten"},
			notContains: []string{`id="plan-pdf"`, `id="doel-toevoegen"`, `id="overleg-plannen"`}}},
		{"goal form from a problem domain", "regisseur", "/casussen/" + cs + "/doelen/nieuw?leefgebied=financien&persoon=" + id(w.mother) + "&meting=1",
			check{status: 200, contains: []string{`<option value="financien" selected>`, `value="` + id(w.mother) + `" checked`, "overgenomen uit de meting"}}},
		{"goal", "regisseur", "/casussen/" + cs + "/doelen/" + goal, check{status: 200, contains: []string{"De huurachterstand is afgelost", `id="versies-tabel"`, `id="voortgang-formulier"`, "Schuldhulptraject starten"}}},
		{"goal edit", "regisseur", "/casussen/" + cs + "/doelen/" + goal + "/bewerken", check{status: 200, contains: []string{`name="status"`, `name="evaluation"`}}},
		{"action form", "regisseur", "/casussen/" + cs + "/acties/nieuw?doel=" + goal, check{status: 200, contains: []string{
			"Kredietbank Kluwendam – Sander Schuldhulp", "Jeugdzorg Kluwendam – Joke Jeugdzorg", "Gemeente Kluwendam – Rita Regisseur", `value="` + goal + `" selected`}}},
		{"action for its owner", "schuldhulp", "/casussen/" + cs + "/acties/" + action, check{status: 200, contains: []string{`id="status-formulier"`, `id="voortgang-formulier"`, `id="versies-tabel"`},
			notContains: []string{`id="actie-wijzigen"`}}},
		{"action for another partner", "agent", "/casussen/" + cs + "/acties/" + action, check{status: 200, notContains: []string{`id="status-formulier"`}}},
		{"action edit", "regisseur", "/casussen/" + cs + "/acties/" + action + "/bewerken", check{status: 200, contains: []string{"Open (nu)", "Bezig"}}},
		{"plan link of a notification", "schuldhulp", "/casussen/" + cs + "/plan", check{status: 303, location: "/casussen/" + cs}},

		// Conferences.
		{"conference form", "regisseur", "/casussen/" + cs + "/overleggen/nieuw", check{status: 200, contains: []string{`type="datetime-local"`, "Kredietbank Kluwendam (de hele organisatie)", "Sander Schuldhulp (Kredietbank Kluwendam)"}}},
		{"conference", "regisseur", "/casussen/" + cs + "/overleggen/" + conf, check{status: 200, contains: []string{
			"Stadskantoor", "Stand van zaken", `id="uitnodiging-ics"`, `id="aanwezigheid-formulier"`, "Sander Schuldhulp (Kredietbank Kluwendam)",
			"Budgetbeheer aanvragen", "Maak actie", `id="besluit-formulier"`}}},
		{"conference for an invitee", "schuldhulp", "/casussen/" + cs + "/overleggen/" + conf, check{status: 200, contains: []string{`id="uitnodiging-ics"`}, notContains: []string{"Maak actie", `id="besluit-formulier"`}}},
		{"conference for a partner not invited", "jeugdzorg", "/casussen/" + cs + "/overleggen/" + conf, check{status: 200, notContains: []string{`id="uitnodiging-ics"`}}},
		{"decision to action form", "regisseur", "/casussen/" + cs + "/overleggen/" + conf + "/besluiten/" + dec + "/actie", check{status: 200, contains: []string{"Besluit: Budgetbeheer aanvragen", ">Budgetbeheer aanvragen</textarea>"}}},

		// Maatwerk and escalation.
		{"maatwerk form", "regisseur", "/casussen/" + cs + "/maatwerk/nieuw", check{status: 200, contains: []string{`name="cost"`, `name="approvedByName"`}}},
		{"maatwerk list", "regisseur", "/maatwerk", check{status: 200, contains: []string{`id="maatwerk-filter"`, `id="maatwerk-export"`}}},
		{"maatwerk list for a professional", "agent", "/maatwerk", check{status: 403}},
		{"escalation form", "regisseur", "/casussen/" + cs + "/escalaties/nieuw", check{status: 200, contains: []string{"Stuurgroep", "Bestuurlijk overleg"}}},
		{"close form", "regisseur", "/casussen/" + cs + "/afsluiten", check{status: 200, contains: []string{`name="goal-` + goal + `-status"`, `name="goal-` + goal + `-evaluation"`, `name="reason"`}}},
		{"close form for a partner", "agent", "/casussen/" + cs + "/afsluiten", check{status: 403}},
		{"a partner's regisseur reads the plan", "jeugdregisseur", "/casussen/" + cs, check{status: 200, contains: []string{"De huurachterstand is afgelost"},
			notContains: []string{`id="doel-toevoegen"`, `id="overleg-plannen"`, `id="naar-afgesloten"`}}},
		{"a partner's regisseur makes no goals", "jeugdregisseur", "/casussen/" + cs + "/doelen/nieuw", check{status: 403, contains: []string{"Alleen de regisseur van de casus"}}},
		{"a partner's regisseur plans no conference", "jeugdregisseur", "/casussen/" + cs + "/overleggen/nieuw", check{status: 403}},
		{"a partner's regisseur changes no action", "jeugdregisseur", "/casussen/" + cs + "/acties/" + action + "/bewerken", check{status: 403}},

		// Start pages, notifications.
		{"owner's start page", "schuldhulp", "/", check{status: 200, contains: []string{`id="acties-binnenkort"`, "Schuldhulptraject starten"}}},
		{"police start page", "agent", "/", check{status: 200, contains: []string{`id="geen-acties"`}}},
		{"notifications", "schuldhulp", "/meldingen", check{status: 200, contains: []string{"Er is een actie aan u toegewezen", "Uitnodiging casusoverleg",
			`href="/casussen/` + cs + `/plan#actie-` + action + `"`, "Meldingen (2)", "Alles als gelezen markeren"}}},

		// Administration.
		{"signal types", "beheerder", "/beheer/signaalsoorten", check{status: 200, contains: []string{"Huurachterstand", `id="signaalsoort-formulier"`}}},
		{"signal type", "beheerder", "/beheer/signaalsoorten/huurachterstand", check{status: 200, contains: []string{`value="Huurachterstand"`}}},
		{"unknown signal type", "beheerder", "/beheer/signaalsoorten/bestaat-niet", check{status: 404}},
		{"signal types for a regisseur", "regisseur", "/beheer/signaalsoorten", check{status: 403}},
		{"instrument", "beheerder", "/beheer/instrumenten/" + instrument[1], check{status: 200, contains: []string{"Financiën", "Criteria van Financiën wijzigen"}}},
		{"criteria form", "beheerder", "/beheer/instrumenten/" + instrument[1] + "/domeinen/financien", check{status: 200, contains: []string{`name="criteria.1"`, `name="criteria.5"`}}},
		{"instruments for a regisseur", "regisseur", "/beheer/instrumenten", check{status: 403}},

		// Need-to-know: the housing corporation is not involved.
		{"outsider household", "woonconsulent", "/huishoudens/" + hh, check{status: 404, notContains: []string{"Lindelaan", w.secretSignal}}},
		{"outsider timeline", "woonconsulent", "/huishoudens/" + hh + "/tijdlijn", check{status: 404, notContains: []string{"Ruzie"}}},
		{"outsider assessments", "woonconsulent", "/huishoudens/" + hh + "/metingen", check{status: 404}},
		{"outsider case", "woonconsulent", "/casussen/" + cs, check{status: 404, notContains: []string{"Huurachterstand"}}},
		{"outsider goal", "woonconsulent", "/casussen/" + cs + "/doelen/" + goal, check{status: 404, notContains: []string{"huurachterstand is afgelost"}}},
		{"outsider action", "woonconsulent", "/casussen/" + cs + "/acties/" + action, check{status: 404}},
		{"outsider conference", "woonconsulent", "/casussen/" + cs + "/overleggen/" + conf, check{status: 404, notContains: []string{"Stadskantoor"}}},
		{"outsider invitation", "woonconsulent", "/casussen/" + cs + "/overleggen/" + conf + "/uitnodiging.ics", check{status: 404}},
		{"outsider plan print", "woonconsulent", "/casussen/" + cs + "/plan.pdf", check{status: 404}},
		{"analyst case work", "analist", "/casussen/" + cs + "/doelen/" + goal, check{status: 404}},
		{"partner prints no plan", "agent", "/casussen/" + cs + "/plan.pdf", check{status: 403}},
		{"conference of another case", "regisseur", "/casussen/999/overleggen/" + conf, check{status: 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := as(tt.user).get(tt.path)
			tt.verify(t, res)
			checkPage(t, res)
		})
	}
	t.Run("one assessment", func(t *testing.T) {
		m := regexp.MustCompile(`href="(/huishoudens/` + hh + `/metingen/\d+)"`).FindStringSubmatch(as("agent").get("/huishoudens/" + hh + "/metingen").Body)
		if m == nil {
			t.Fatal("no link to an assessment")
		}
		check{status: 200, contains: []string{"Schulden lopen op", `id="scores"`, "kluwen-score--"}}.verify(t, as("agent").get(m[1]))
		check{status: 404}.verify(t, as("regisseur").get("/huishoudens/"+id(w.otherHousehold)+strings.TrimPrefix(m[1], "/huishoudens/"+hh)))
	})
}

// checkPage checks what every HTML page must be: one h1, nothing inline that
// the Content-Security-Policy forbids, every form post with its CSRF token,
// every table with a caption, and every chart an image with a title.
func checkPage(t *testing.T, res *response) {
	t.Helper()
	if res.Code != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		return
	}
	if n := strings.Count(res.Body, "<h1"); n != 1 {
		t.Errorf("page has %d h1 elements, want 1", n)
	}
	if strings.Contains(res.Body, "<script") || strings.Contains(res.Body, " style=") {
		t.Error("page has inline script or style, which the CSP forbids")
	}
	if posts, tokens := strings.Count(res.Body, `method="post"`), strings.Count(res.Body, `name="csrf"`); posts != tokens {
		t.Errorf("%d forms post, %d carry the CSRF token", posts, tokens)
	}
	if tables, captions := strings.Count(res.Body, "<table"), strings.Count(res.Body, "<caption"); tables != captions {
		t.Errorf("%d tables, %d captions", tables, captions)
	}
	if charts := strings.Count(res.Body, `class="kluwen-chart `); charts != strings.Count(res.Body, `role="img" aria-labelledby=`) {
		t.Errorf("%d charts, not each an image with a title", charts)
	}
}

// amsterdam is the time zone the store counts dates in.
func amsterdam() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return loc
}

// TestCaseWorkForms posts the case work's forms with mistakes, then right: every
// mistake is shown at once under its field and in the summary, and nothing is
// half-written.
func TestCaseWorkForms(t *testing.T) {
	w := newCaseWorld(t, nil)
	reg := w.signedIn("regisseur")
	hh := "/huishoudens/" + id(w.household)
	today := kluwen.DateOf(w.clock.Now().In(amsterdam()))
	day := func(days int) string { return today.AddDate(0, 0, days).Format(kluwen.DateLayout) }
	countSignals := func() int {
		ss, err := w.svc.Signals.FindSignals(sys(), kluwen.SignalFilter{HouseholdID: w.household, Limit: 200})
		must(t, err)
		return len(ss)
	}

	t.Run("signal", func(t *testing.T) {
		before := countSignals()
		res := reg.post(hh+"/signalen", url.Values{"type": {""}, "date": {"morgen"}, "personId": {"x"}, "severity": {""}, "description": {""}, "confidentiality": {""}})
		check{status: 422, contains: []string{`id="foutmelding"`, `href="#type"`, `href="#date"`, `href="#personId"`, `href="#severity"`, `href="#description"`,
			`href="#confidentiality"`, `id="huishouden"`, `value="morgen"`}}.verify(t, res)
		res = reg.post(hh+"/signalen", url.Values{"type": {"huurachterstand"}, "date": {day(1)}, "personId": {id(w.users["agent"].ID + 1000)},
			"severity": {"hoog"}, "description": {"Drie maanden huur niet betaald"}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{"ligt in de toekomst"}}.verify(t, res)
		if n := countSignals(); n != before {
			t.Errorf("%d signals after bad input, want %d", n, before)
		}
		// Youth care records a confidential signal through the form.
		jz := w.signedIn("jeugdzorg")
		res = jz.post(hh+"/signalen", url.Values{"type": {"veilig-thuis"}, "date": {day(0)}, "personId": {id(w.child)},
			"severity": {"acuut"}, "description": {"Melding bij Veilig Thuis gedaan"}, "confidentiality": {"vertrouwelijk"}})
		check{status: 303, location: hh + "?melding=signaal"}.verify(t, res)
		check{status: 200, contains: []string{"Het signaal is vastgelegd.", "Melding bij Veilig Thuis gedaan", "Veilig Thuis-melding"}}.verify(t, jz.get(res.Location()))
		check{status: 200, contains: []string{"Melding bij Veilig Thuis gedaan"}}.verify(t, reg.get(hh))
		police := w.signedIn("agent")
		check{status: 200, notContains: []string{"Melding bij Veilig Thuis gedaan", w.secretSignal}}.verify(t, police.get(hh))
		check{status: 200, notContains: []string{"Melding bij Veilig Thuis gedaan", w.secretSignal}}.verify(t, police.get(hh+"/tijdlijn?soort=signal"))
		// The partner that may not read the household records nothing on it.
		check{status: 404}.verify(t, w.signedIn("woonconsulent").post(hh+"/signalen", url.Values{"type": {"overlastmelding"}, "date": {day(0)},
			"severity": {"laag"}, "description": {"Geluidsoverlast"}, "confidentiality": {"normaal"}}))
	})

	t.Run("assessment", func(t *testing.T) {
		count := func() int {
			as, err := w.svc.Assessments.FindAssessments(sys(), kluwen.AssessmentFilter{HouseholdID: w.household, Limit: 200})
			must(t, err)
			return len(as)
		}
		before := count()
		res := reg.post(hh+"/metingen", url.Values{"personId": {""}, "date": {day(2)}, "scores.financien": {"7"}, "scores.huisvesting": {"x"}})
		check{status: 422, contains: []string{`href="#personId"`, `href="#date"`, `href="#scores-financien"`, `href="#scores-huisvesting"`,
			"Kies voor Financiën een score van 1 tot en met 5"}}.verify(t, res)
		if n := strings.Count(res.Body, `<span class="kluwen-visually-hidden">Fout: </span>`); n != 4 {
			t.Errorf("%d error messages at fields, want 4", n)
		}
		res = reg.post(hh+"/metingen", url.Values{"personId": {id(w.child)}, "date": {day(0)}})
		check{status: 422, contains: []string{"Geef minstens één leefgebied een score.", `href="#scores-financien"`}}.verify(t, res)
		if n := count(); n != before {
			t.Errorf("%d assessments after bad input, want %d", n, before)
		}
		res = reg.post(hh+"/metingen", url.Values{"personId": {id(w.child)}, "date": {day(0)}, "scores.werk_opleiding": {"2"}, "scores.werk_opleiding.note": {"Veel verzuim"}})
		check{status: 303, location: hh + "/metingen?melding=meting"}.verify(t, res)
		check{status: 200, contains: []string{"De meting is opgeslagen.", "Daan de Vries: Werk &amp; opleiding, score 2"}}.verify(t, reg.get(res.Location()))
	})

	var goal2 string
	t.Run("goal", func(t *testing.T) {
		res := reg.post(w.casePath("/doelen"), url.Values{"domain": {""}, "personIds": {"abc"}, "description": {""}, "targetDate": {day(-1)}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{`href="#domain"`, `href="#personIds"`, `href="#description"`, `href="#targetDate"`}}.verify(t, res)
		res = reg.post(w.casePath("/doelen"), url.Values{"domain": {"werk_opleiding"}, "personIds": {id(w.child), id(w.users["agent"].ID + 500)},
			"description": {"Daan gaat elke dag naar school"}, "targetDate": {day(90)}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{`href="#personIds"`, "alleen mensen die nu tot het huishouden horen"}}.verify(t, res)
		res = reg.post(w.casePath("/doelen"), url.Values{"domain": {"werk_opleiding"}, "personIds": {id(w.child)},
			"description": {"Daan gaat elke dag naar school"}, "targetDate": {day(90)}, "confidentiality": {"normaal"}})
		check{status: 303, location: w.casePath("?melding=doel#doel-")}.verify(t, res)
		goal2 = strings.TrimPrefix(res.Location(), w.casePath("?melding=doel#doel-"))
		check{status: 200, contains: []string{"Werk &amp; opleiding: Daan gaat elke dag naar school", "Daan de Vries"}}.verify(t, reg.get(w.casePath()))
		// An evaluation needs a text; a change is kept as a version.
		res = reg.post(w.casePath("/doelen/", goal2, "/bewerken"), url.Values{"domain": {"werk_opleiding"}, "personIds": {id(w.child)},
			"description": {"Daan gaat elke dag naar school"}, "targetDate": {day(90)}, "confidentiality": {"normaal"}, "status": {"behaald"}, "evaluation": {""}})
		check{status: 422, contains: []string{`href="#evaluation"`, "Vul een evaluatie in"}}.verify(t, res)
		res = reg.post(w.casePath("/doelen/", goal2, "/bewerken"), url.Values{"domain": {"werk_opleiding"}, "personIds": {id(w.child)},
			"description": {"Daan gaat elke dag naar school en haalt zijn diploma"}, "targetDate": {day(120)}, "confidentiality": {"normaal"}, "status": {"open"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{`data-version="2"`, "Omschrijving: Daan gaat elke dag naar school en haalt zijn diploma (was: Daan gaat elke dag naar school)"}}.verify(t, reg.get(w.casePath("/doelen/", goal2)))
		res = reg.post(w.casePath("/doelen/", goal2, "/voortgang"), url.Values{"text": {""}})
		check{status: 422, contains: []string{`href="#text"`}}.verify(t, res)
		check{status: 303}.verify(t, reg.post(w.casePath("/doelen/", goal2, "/voortgang"), url.Values{"text": {"Eerste week volledig aanwezig"}}))
		check{status: 200, contains: []string{"Eerste week volledig aanwezig"}}.verify(t, reg.get(w.casePath("/doelen/", goal2)))
	})

	t.Run("action", func(t *testing.T) {
		res := reg.post(w.casePath("/acties"), url.Values{"goalId": {id(w.goal)}, "description": {""}, "owner": {""}, "kind": {""}, "dueDate": {day(-400)}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{`href="#description"`, `href="#owner"`, `href="#kind"`, `href="#dueDate"`, "voor de datum waarop het doel is gemaakt"}}.verify(t, res)
		res = reg.post(w.casePath("/acties"), url.Values{"goalId": {id(w.goal)}, "description": {"Huisbezoek"}, "owner": {id(w.corporatie) + ":" + id(w.users["woonconsulent"].ID)},
			"kind": {"zorg"}, "dueDate": {day(5)}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{`href="#owner"`, "nu bij de casus betrokken"}}.verify(t, res)
		res = reg.post(w.casePath("/acties"), url.Values{"goalId": {goal2}, "description": {"Leerplicht gesprek"}, "owner": {id(w.jeugd) + ":" + id(w.users["jeugdzorg"].ID)},
			"kind": {"drang_dwang_straf"}, "dueDate": {day(10)}, "confidentiality": {"vertrouwelijk"}})
		check{status: 303, location: w.casePath("?melding=actie#actie-")}.verify(t, res)
		check{status: 200, contains: []string{"Leerplicht gesprek", "Drang, dwang en straf"}}.verify(t, reg.get(w.casePath()))
		// Confidential: the police do not see youth care's action.
		check{status: 200, notContains: []string{"Leerplicht gesprek"}}.verify(t, w.signedIn("agent").get(w.casePath()))

		// The owner moves the status and notes progress; a status that is not
		// next is refused.
		sh := w.signedIn("schuldhulp")
		path := w.casePath("/acties/", id(w.action))
		check{status: 422, contains: []string{`href="#status"`}}.verify(t, sh.post(path+"/status", url.Values{"status": {""}}))
		check{status: 303}.verify(t, sh.post(path+"/status", url.Values{"status": {"gedaan"}}))
		check{status: 422, contains: []string{"kan niet naar de status Open"}}.verify(t, sh.post(path+"/status", url.Values{"status": {"open"}}))
		check{status: 303}.verify(t, sh.post(path+"/voortgang", url.Values{"text": {"Intake gedaan"}}))
		check{status: 200, contains: []string{"Intake gedaan", "Gedaan", "Status: Gedaan (was: Open)"}}.verify(t, sh.get(path))
		// Another partner may not.
		check{status: 403}.verify(t, w.signedIn("agent").post(path+"/status", url.Values{"status": {"bezig"}}))
		// Only the coordinators change the rest.
		check{status: 403}.verify(t, sh.post(path+"/bewerken", url.Values{"description": {"Anders"}}))
		res = reg.post(path+"/bewerken", url.Values{"description": {"Schuldhulptraject starten en budgetplan maken"}, "owner": {id(w.schulden) + ":" + id(w.users["schuldhulp"].ID)},
			"kind": {"zorg"}, "dueDate": {day(20)}, "confidentiality": {"normaal"}, "status": {"bezig"}})
		check{status: 303}.verify(t, res)
		check{status: 200, contains: []string{"budgetplan maken", "Bezig"}}.verify(t, reg.get(path))
	})

	t.Run("conference", func(t *testing.T) {
		res := reg.post(w.casePath("/overleggen"), url.Values{"startsAt": {""}, "durationMinutes": {"5"}, "location": {""}, "videoUrl": {"http://video.example"},
			"invitees": {"org:x"}, "agenda": {"Punt"}})
		check{status: 422, contains: []string{`href="#startsAt"`, `href="#durationMinutes"`, `href="#videoUrl"`, `href="#invitees"`}}.verify(t, res)
		start := w.clock.Now().In(amsterdam()).AddDate(0, 0, 14).Format("2006-01-02") + "T10:00"
		res = reg.post(w.casePath("/overleggen"), url.Values{"startsAt": {start}, "durationMinutes": {"90"}, "location": {""},
			"videoUrl": {"https://video.example/kamer"}, "invitees": {"org:" + id(w.schulden), "user:" + id(w.users["jeugdzorg"].ID)}, "agenda": {"Opening\nVoortgang\n\nRondvraag"}})
		check{status: 303, location: w.casePath("/overleggen/")}.verify(t, res)
		confPath := strings.Split(res.Location(), "?")[0]
		page := reg.get(confPath)
		check{status: 200, contains: []string{"https://video.example/kamer", "Voortgang", "Joke Jeugdzorg", "Kredietbank Kluwendam (de hele organisatie)",
			// The open decision of the earlier conference is carried to this one.
			`id="meegenomen-lijst"`, "Budgetbeheer aanvragen"}}.verify(t, page)

		// Only invitees can be present.
		res = reg.post(confPath+"/aanwezigheid", url.Values{"present": {id(w.users["woonconsulent"].ID), id(w.users["agent"].ID)}})
		check{status: 422, contains: []string{"Wendy Woonconsulent is niet uitgenodigd", "Wim Wijkagent is niet uitgenodigd"}}.verify(t, res)
		check{status: 303}.verify(t, reg.post(confPath+"/aanwezigheid", url.Values{"present": {id(w.users["jeugdzorg"].ID), id(w.users["schuldhulp"].ID)}}))
		check{status: 303}.verify(t, reg.post(confPath+"/verslag", url.Values{"minutes": {"Voortgang besproken.\nBudgetbeheer loopt."}}))
		check{status: 422, contains: []string{`href="#text"`}}.verify(t, reg.post(confPath+"/besluiten", url.Values{"text": {""}}))
		check{status: 303}.verify(t, reg.post(confPath+"/besluiten", url.Values{"text": {"Jeugdzorg plant een gezinsgesprek"}}))
		page = reg.get(confPath)
		check{status: 200, contains: []string{"Budgetbeheer loopt.", "Jeugdzorg plant een gezinsgesprek", `id="aanwezigen"`}}.verify(t, page)

		// A decision becomes an action in one step: the one carried from the
		// earlier conference.
		m := regexp.MustCompile(`href="(`+regexp.QuoteMeta(confPath)+`/besluiten/(\d+)/actie)"`).FindAllStringSubmatch(page.Body, -1)
		if len(m) != 2 || m[1][2] != id(w.decision) {
			t.Fatalf("Maak actie links %v, want the new decision's and then the carried one (%d)", m, w.decision)
		}
		carried, fresh := m[1][1], m[0][1]
		res = reg.post(carried, url.Values{"goalId": {""}, "description": {"Budgetbeheer aanvragen"}, "owner": {""}, "kind": {""}, "dueDate": {""}, "confidentiality": {"normaal"}})
		check{status: 422, contains: []string{`href="#goalId"`, `href="#owner"`, `href="#kind"`, `href="#dueDate"`, "Besluit: Budgetbeheer aanvragen"}}.verify(t, res)
		res = reg.post(carried, url.Values{"goalId": {id(w.goal)}, "description": {"Budgetbeheer aanvragen"}, "owner": {id(w.schulden) + ":" + id(w.users["schuldhulp"].ID)},
			"kind": {"preventie"}, "dueDate": {day(14)}, "confidentiality": {"normaal"}})
		check{status: 303, location: confPath + "?melding=actie#besluit-"}.verify(t, res)
		check{status: 200, contains: []string{"Omgezet in een actie"}}.verify(t, reg.get(w.casePath("/overleggen/", id(w.conf))))
		check{status: 200, notContains: []string{`id="meegenomen-lijst"`}}.verify(t, reg.get(confPath))
		check{status: 200, contains: []string{"Budgetbeheer aanvragen", "(besluit casusoverleg)"}}.verify(t, reg.get(w.casePath()))
		// Done without an action.
		check{status: 303}.verify(t, reg.post(strings.TrimSuffix(fresh, "/actie")+"/afhandelen", nil))
		check{status: 422, contains: []string{"al afgehandeld"}}.verify(t, reg.post(strings.TrimSuffix(fresh, "/actie")+"/afhandelen", nil))
		check{status: 200, contains: []string{"Afgehandeld"}}.verify(t, reg.get(confPath))
	})

	t.Run("maatwerk", func(t *testing.T) {
		res := reg.post(w.casePath("/maatwerk"), url.Values{"rule": {""}, "reason": {""}, "domain": {""}, "expectedEffect": {""}, "cost": {"veel"},
			"approvedByName": {""}, "approvedByRole": {""}, "decidedOn": {day(3)}})
		check{status: 422, contains: []string{`href="#rule"`, `href="#reason"`, `href="#domain"`, `href="#expectedEffect"`, `href="#cost"`,
			`href="#approvedByName"`, `href="#approvedByRole"`, `href="#decidedOn"`}}.verify(t, res)
		res = reg.post(w.casePath("/maatwerk"), url.Values{"rule": {"Geen bijzondere bijstand bij schulden"}, "reason": {"Zonder koelkast geen gezond eten"},
			"domain": {"financien"}, "expectedEffect": {"Gezin kan weer koken"}, "cost": {"1.250,50"}, "approvedByName": {"J. de Boer"},
			"approvedByRole": {"Teamleider Inkomen"}, "decidedOn": {day(-3)}})
		check{status: 303, location: w.casePath("?melding=maatwerk#maatwerk")}.verify(t, res)
		page := reg.get(w.casePath())
		check{status: 200, contains: []string{"Geen bijzondere bijstand bij schulden", "€ 1.250,50", "Nog niet vastgelegd"}}.verify(t, page)
		m := regexp.MustCompile(`href="(/casussen/\d+/maatwerk/\d+/uitkomst)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("no link to record the outcome")
		}
		check{status: 200, contains: []string{"Is het beoogde effect bereikt?"}}.verify(t, reg.get(m[1]))
		res = reg.post(m[1], url.Values{"outcome": {""}, "outcomeResult": {""}, "outcomeOn": {day(-10)}})
		check{status: 422, contains: []string{`href="#outcome"`, `href="#outcomeResult"`, `href="#outcomeOn"`, "voor het besluit"}}.verify(t, res)
		check{status: 303}.verify(t, reg.post(m[1], url.Values{"outcome": {"Er wordt weer gekookt"}, "outcomeResult": {"bereikt"}, "outcomeOn": {day(0)}}))

		list := reg.get("/maatwerk?wijk=Noord")
		check{status: 200, contains: []string{"Geen bijzondere bijstand bij schulden", "Lindelaan 12", "Beoogd effect bereikt", "J. de Boer"}}.verify(t, list)
		check{status: 200, contains: []string{`id="geen-maatwerk"`}}.verify(t, reg.get("/maatwerk?wijk=Zuid"))
		check{status: 422, contains: []string{`href="#tot"`}}.verify(t, reg.get("/maatwerk?van=2025-02-01&tot=2025-01-01"))
		an := w.signedIn("analist")
		check{status: 200, contains: []string{"Geen bijzondere bijstand bij schulden", "gepseudonimiseerd"},
			notContains: []string{"Lindelaan", "J. de Boer", "koelkast", "/casussen/"}}.verify(t, an.get("/maatwerk"))

		csv := reg.get("/maatwerk/export.csv")
		check{status: 200, contains: []string{"casus,adres,wijk,regel_of_protocol", "Lindelaan 12"}}.verify(t, csv)
		if ct, cd := csv.Header.Get("Content-Type"), csv.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(cd, `attachment; filename="maatwerk-`) {
			t.Errorf("Content-Type %q, Content-Disposition %q", ct, cd)
		}
		check{status: 200, contains: []string{"casus_pseudoniem,wijk"}, notContains: []string{"Lindelaan", "J. de Boer"}}.verify(t, an.get("/maatwerk/export.csv"))
		check{status: 403}.verify(t, w.signedIn("agent").get("/maatwerk/export.csv"))
	})

	t.Run("escalation", func(t *testing.T) {
		res := reg.post(w.casePath("/escalaties"), url.Values{"level": {"koning"}, "question": {""}})
		check{status: 422, contains: []string{`href="#level"`, `href="#question"`}}.verify(t, res)
		check{status: 303, location: w.casePath("?melding=escalatie")}.verify(t, reg.post(w.casePath("/escalaties"),
			url.Values{"level": {"stuurgroep"}, "question": {"Mag de corporatie de ontruiming uitstellen?"}}))
		home := reg.get("/")
		check{status: 200, contains: []string{`id="escalaties"`, "Stuurgroep", "Open"}}.verify(t, home)
		page := reg.get(w.casePath())
		m := regexp.MustCompile(`href="(/casussen/\d+/escalaties/\d+)/antwoord"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("no link to record the answer")
		}
		check{status: 200, contains: []string{"Mag de corporatie de ontruiming uitstellen?"}}.verify(t, reg.get(m[1]+"/antwoord"))
		check{status: 422, contains: []string{`href="#answer"`}}.verify(t, reg.post(m[1]+"/antwoord", url.Values{"answer": {""}}))
		check{status: 303}.verify(t, reg.post(m[1]+"/antwoord", url.Values{"answer": {"Ja, drie maanden"}, "decision": {"Ontruiming uitgesteld"}}))
		check{status: 422, contains: []string{"al beantwoord"}}.verify(t, reg.post(m[1]+"/antwoord", url.Values{"answer": {"Nogmaals"}}))
		check{status: 200, contains: []string{"Escalatie afsluiten"}}.verify(t, reg.get(m[1]+"/afsluiten"))
		check{status: 422, contains: []string{`href="#outcome"`}}.verify(t, reg.post(m[1]+"/afsluiten", url.Values{"outcome": {""}}))
		check{status: 303}.verify(t, reg.post(m[1]+"/afsluiten", url.Values{"outcome": {"Huur weer op tijd betaald"}}))
		check{status: 200, contains: []string{`id="geen-escalaties"`}}.verify(t, reg.get("/"))
		check{status: 200, contains: []string{"Ja, drie maanden", "Huur weer op tijd betaald", "Gesloten"}}.verify(t, reg.get(w.casePath()))
	})

	t.Run("notifications", func(t *testing.T) {
		sh := w.signedIn("schuldhulp")
		page := sh.get("/meldingen")
		n := strings.Count(page.Body, "kluwen-notifications__item--unread")
		if n < 2 {
			t.Fatalf("%d unread notifications, want at least 2", n)
		}
		m := regexp.MustCompile(`action="(/meldingen/\d+/gelezen)"`).FindStringSubmatch(page.Body)
		if m == nil {
			t.Fatal("no form to mark a notification read")
		}
		check{status: 303, location: "/meldingen?melding=gelezen"}.verify(t, sh.post(m[1], nil))
		page = sh.get("/meldingen")
		if got := strings.Count(page.Body, "kluwen-notifications__item--unread"); got != n-1 {
			t.Errorf("%d unread after marking one, want %d", got, n-1)
		}
		check{status: 303}.verify(t, sh.post("/meldingen/gelezen", nil))
		check{status: 200, contains: []string{"U heeft geen ongelezen meldingen."}, notContains: []string{"kluwen-notifications__item--unread", "Meldingen ("}}.verify(t, sh.get("/meldingen"))
		// Someone else's notification is not found.
		check{status: 404}.verify(t, reg.post(m[1], nil))
	})

	t.Run("closing needs every goal evaluated", func(t *testing.T) {
		page := reg.get(w.casePath("/afsluiten"))
		goals := regexp.MustCompile(`name="(goal-\d+)-evaluation"`).FindAllStringSubmatch(page.Body, -1)
		if len(goals) != 2 {
			t.Fatalf("%d goals to evaluate, want 2", len(goals))
		}
		res := reg.post(w.casePath("/afsluiten"), url.Values{"reason": {""}})
		want := []string{`href="#reason"`}
		for _, g := range goals {
			want = append(want, `href="#`+g[1]+`-status"`, `href="#`+g[1]+`-evaluation"`)
		}
		check{status: 422, contains: append(want, "De huurachterstand is afgelost", "Daan gaat elke dag naar school")}.verify(t, res)
		if n := strings.Count(res.Body, `aria-invalid="true"`); n < 5 {
			t.Errorf("%d inputs marked invalid, want at least 5", n)
		}
		// One goal evaluated, the other not: nothing is saved.
		res = reg.post(w.casePath("/afsluiten"), url.Values{"reason": {"Doelen bereikt"}, goals[0][1] + "-status": {"behaald"}, goals[0][1] + "-evaluation": {"Gelukt"}})
		check{status: 422, contains: []string{`href="#` + goals[1][1] + `-status"`}, notContains: []string{`href="#` + goals[0][1] + `-status"`}}.verify(t, res)
		p, err := w.svc.Plan.FindPlan(sys(), w.caseID)
		must(t, err)
		for _, g := range p.Goals {
			if g.Status != kluwen.GoalOpen {
				t.Errorf("goal %d is %s after a refused close", g.ID, g.Status)
			}
		}
		form := url.Values{"reason": {"De doelen zijn bereikt"}}
		for _, g := range goals {
			form.Set(g[1]+"-status", "behaald")
			form.Set(g[1]+"-evaluation", "Het is gelukt")
		}
		res = reg.post(w.casePath("/afsluiten"), form)
		check{status: 303, location: w.casePath("?melding=afgesloten")}.verify(t, res)
		page = reg.get(res.Location())
		check{status: 200, contains: []string{"De casus is afgesloten.", "Afgesloten", "het plan kan niet meer veranderen", `id="plan-pdf"`},
			notContains: []string{`id="doel-toevoegen"`, `id="overleg-plannen"`, "Maak actie"}}.verify(t, page)
		// A closed case takes no decisions.
		res = reg.post(w.casePath("/overleggen/", id(w.conf), "/besluiten"), url.Values{"text": {"Nog een besluit"}})
		if res.Code != 403 && res.Code != 422 {
			t.Errorf("decision on a closed case: status %d, want 403 or 422", res.Code)
		}
	})

	t.Run("admin", func(t *testing.T) {
		adm := w.signedIn("beheerder")
		res := adm.post("/beheer/signaalsoorten", url.Values{"label": {""}, "code": {"Geen Code!"}, "defaultDomain": {""}, "sortOrder": {"tien"}, "active": {"ja"}})
		check{status: 422, contains: []string{`href="#label"`, `href="#code"`, `href="#defaultDomain"`, `href="#sortOrder"`}}.verify(t, res)
		res = adm.post("/beheer/signaalsoorten", url.Values{"label": {"Huurachterstand"}, "code": {"huurachterstand"}, "defaultDomain": {"financien"}, "sortOrder": {"5"}, "active": {"ja"}})
		check{status: 422, contains: []string{"Er is al een signaalsoort met deze code"}}.verify(t, res)
		res = adm.post("/beheer/signaalsoorten", url.Values{"label": {"Melding buurtbemiddeling"}, "code": {"buurtbemiddeling"}, "defaultDomain": {"sociaal_netwerk"}, "sortOrder": {"500"}, "active": {"ja"}})
		check{status: 303, location: "/beheer/signaalsoorten?melding=aangemaakt"}.verify(t, res)
		check{status: 200, contains: []string{"Melding buurtbemiddeling"}}.verify(t, reg.get(hh))
		res = adm.post("/beheer/signaalsoorten/buurtbemiddeling", url.Values{"label": {"Melding buurtbemiddeling"}, "defaultDomain": {"sociaal_netwerk"}, "sortOrder": {"500"}, "active": {"nee"}})
		check{status: 303}.verify(t, res)
		check{status: 200, notContains: []string{"Melding buurtbemiddeling"}}.verify(t, reg.get(hh))
		check{status: 200, contains: []string{"Niet in gebruik"}}.verify(t, adm.get("/beheer/signaalsoorten"))

		m := regexp.MustCompile(`href="(/beheer/instrumenten/\d+)"`).FindStringSubmatch(adm.get("/beheer/instrumenten").Body)
		if m == nil {
			t.Fatal("no instrument")
		}
		form := adm.get(m[1] + "/domeinen/financien")
		values := url.Values{}
		for _, v := range regexp.MustCompile(`name="(criteria\.\d)"[^>]*>([^<]*)</textarea>`).FindAllStringSubmatch(form.Body, -1) {
			values.Set(v[1], v[2])
		}
		if len(values) != 5 {
			t.Fatalf("%d criteria on the form, want 5", len(values))
		}
		values.Set("criteria.1", "")
		check{status: 422, contains: []string{`href="#criteria-1"`}}.verify(t, adm.post(m[1]+"/domeinen/financien", values))
		values.Set("criteria.1", "Groeiende schulden, geen inkomen, beslag.")
		check{status: 303}.verify(t, adm.post(m[1]+"/domeinen/financien", values))
		check{status: 200, contains: []string{"Groeiende schulden, geen inkomen, beslag."}}.verify(t, adm.get(m[1]))
		// The criterion is the hint at the level in the assessment form.
		check{status: 200, contains: []string{"Groeiende schulden, geen inkomen, beslag."}}.verify(t, reg.get(hh+"/metingen/nieuw"))
	})
}

// TestCaseWorkCSRF: every new form post of the case work needs the session's
// token.
func TestCaseWorkCSRF(t *testing.T) {
	w := newCaseWorld(t, nil)
	reg := w.signedIn("regisseur")
	conf := w.casePath("/overleggen/", id(w.conf))
	paths := []string{
		"/huishoudens/" + id(w.household) + "/signalen",
		"/huishoudens/" + id(w.household) + "/metingen",
		w.casePath("/doelen"), w.casePath("/doelen/", id(w.goal), "/bewerken"), w.casePath("/doelen/", id(w.goal), "/voortgang"),
		w.casePath("/acties"), w.casePath("/acties/", id(w.action), "/bewerken"), w.casePath("/acties/", id(w.action), "/status"),
		w.casePath("/acties/", id(w.action), "/voortgang"),
		w.casePath("/overleggen"), conf + "/uitnodigen", conf + "/aanwezigheid", conf + "/verslag", conf + "/besluiten",
		conf + "/besluiten/" + id(w.decision) + "/actie", conf + "/besluiten/" + id(w.decision) + "/afhandelen",
		w.casePath("/maatwerk"), w.casePath("/escalaties"), w.casePath("/afsluiten"),
		"/meldingen/gelezen", "/meldingen/1/gelezen",
		"/beheer/signaalsoorten", "/beheer/signaalsoorten/huurachterstand", "/beheer/instrumenten/1/domeinen/financien",
	}
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			res := reg.post(p, url.Values{"csrf": {""}, "text": {"x"}})
			check{status: 403, contains: []string{"verlopen of niet geldig"}}.verify(t, res)
			res = reg.post(p, url.Values{"csrf": {"een-ander-token"}, "text": {"x"}})
			check{status: 403}.verify(t, res)
		})
	}
	// Nothing was written by the refused posts.
	d, err := w.svc.Conferences.FindConferenceByID(sys(), w.conf)
	must(t, err)
	if len(d.Decisions) != 1 || d.Decisions[0].Status != kluwen.DecisionOpen {
		t.Errorf("decisions after refused posts: %+v", d.Decisions)
	}
}

// TestCaseWorkDownloads: the plan for the family as a PDF and the conference
// invitation as iCalendar: the right type, an attachment, never cached; the
// print is logged as an export.
func TestCaseWorkDownloads(t *testing.T) {
	w := newCaseWorld(t, nil)
	reg := w.signedIn("regisseur")
	tests := []struct {
		name, user, path, ctype, file, start string
	}{
		{"plan", "regisseur", w.casePath("/plan.pdf"), "application/pdf", "gezinsplan-casus-" + id(w.caseID) + "-", "%PDF-"},
		{"invitation for the regisseur", "regisseur", w.casePath("/overleggen/", id(w.conf), "/uitnodiging.ics"), "text/calendar; charset=utf-8", "casusoverleg-" + id(w.conf) + ".ics", "BEGIN:VCALENDAR"},
		{"invitation for an invitee", "schuldhulp", w.casePath("/overleggen/", id(w.conf), "/uitnodiging.ics"), "text/calendar; charset=utf-8", "casusoverleg-" + id(w.conf) + ".ics", "BEGIN:VCALENDAR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := reg
			if tt.user != "regisseur" {
				c = w.signedIn(tt.user)
			}
			res := c.get(tt.path)
			check{status: 200}.verify(t, res)
			if got := res.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := res.Header.Get("Content-Disposition"); !strings.HasPrefix(got, `attachment; filename="`+tt.file) {
				t.Errorf("Content-Disposition %q, want an attachment %s…", got, tt.file)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if !strings.HasPrefix(res.Body, tt.start) {
				t.Errorf("body starts %q, want %q", excerpt(res.Body)[:min(20, len(res.Body))], tt.start)
			}
			if strings.Contains(res.Body, "Maria") && tt.ctype != "application/pdf" {
				t.Error("the invitation names a member of the household")
			}
		})
	}
	t.Run("not invited", func(t *testing.T) {
		check{status: 403}.verify(t, w.signedIn("jeugdzorg").get(w.casePath("/overleggen/", id(w.conf), "/uitnodiging.ics")))
	})
	t.Run("the print is an export in the access log", func(t *testing.T) {
		es, err := w.svc.Audit.FindAccessLog(sys(), kluwen.AccessLogFilter{CaseID: &w.caseID, Limit: 200})
		must(t, err)
		found := false
		for _, e := range es {
			if e.EventType == "case.plan.print" && e.Action == kluwen.AuditExport && e.UserID == w.users["regisseur"].ID {
				found = true
			}
		}
		if !found {
			t.Errorf("no case.plan.print export by the regisseur in %d export entries", len(es))
		}
	})
}

// TestCaseWorkSmoke walks the case work once on both databases.
func TestCaseWorkSmoke(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseWorld(t, db)
		reg := w.signedIn("regisseur")
		check{status: 200, contains: []string{`id="matrix"`, w.secretSignal, "Maak doel"}}.verify(t, reg.get("/huishoudens/"+id(w.household)))
		check{status: 200, contains: []string{"Ruzie op straat"}, notContains: []string{w.secretSignal}}.verify(t, w.signedIn("agent").get("/huishoudens/"+id(w.household)+"/tijdlijn"))
		check{status: 200, contains: []string{`id="verloop-financien"`}}.verify(t, reg.get("/huishoudens/"+id(w.household)+"/metingen"))
		check{status: 200, contains: []string{"Schuldhulptraject starten", `id="balans-grafiek"`}}.verify(t, reg.get(w.casePath()))
		check{status: 200, contains: []string{"Budgetbeheer aanvragen"}}.verify(t, reg.get(w.casePath("/overleggen/", id(w.conf))))
		check{status: 200, contains: []string{"Schuldhulptraject starten"}}.verify(t, w.signedIn("schuldhulp").get("/"))
		res := reg.get(w.casePath("/plan.pdf"))
		check{status: 200}.verify(t, res)
		if res.Header.Get("Content-Type") != "application/pdf" {
			t.Errorf("plan: Content-Type %q", res.Header.Get("Content-Type"))
		}
		check{status: 200, contains: []string{"BEGIN:VEVENT"}}.verify(t, reg.get(w.casePath("/overleggen/", id(w.conf), "/uitnodiging.ics")))
		check{status: 200}.verify(t, reg.get("/maatwerk"))
		check{status: 404}.verify(t, w.signedIn("woonconsulent").get(w.casePath("/doelen/", id(w.goal))))
	})
}
