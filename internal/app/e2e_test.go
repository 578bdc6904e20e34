package app_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/browsertest"
	"github.com/kluwen/kluwen/internal/config"
	"github.com/kluwen/kluwen/internal/demo"
	"github.com/kluwen/kluwen/internal/testdb"
)

// demoApp runs Kluwen as `kluwen serve --demo` does, on a fresh SQLite database
// with a smaller demo town, and returns it with the address it serves on.
func demoApp(t *testing.T) (*app.App, string) {
	t.Helper()
	dir := t.TempDir()
	cfg, err := config.Load(nil, nil, func(k string) string {
		if k == "KLUWEN_DATA_DIR" {
			return dir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, err := app.OpenWithKeys(ctx, cfg, testdb.Keys(), testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.FillDemo(ctx, demo.Options{Households: 240, OpenCases: 40, ClosedCases: 8}); err != nil {
		t.Fatalf("demo: %v", err)
	}
	h, err := a.Handler("test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return a, srv.URL
}

func signIn(t *testing.T, tab *browsertest.Tab, base, username string) {
	t.Helper()
	tab.Navigate(base + "/inloggen")
	tab.CheckA11y(t)
	tab.SetValue("#username", username)
	tab.SetValue("#password", demo.DefaultPassword)
	tab.ClickAndWait(`#inlogformulier button[type="submit"]`)
	if strings.Contains(tab.URL(), "/inloggen") {
		t.Fatalf("%s could not sign in: %s", username, tab.Text("main"))
	}
}

var caseLink = regexp.MustCompile(`href="/casussen/(\d+)"`)
var householdLink = regexp.MustCompile(`href="/huishoudens/(\d+)"`)

// shot saves a screenshot when KLUWEN_SCREENSHOTS names a directory.
func shot(tab *browsertest.Tab, name string) {
	if dir := os.Getenv("KLUWEN_SCREENSHOTS"); dir != "" {
		tab.Screenshot(filepath.Join(dir, name+".png"))
	}
}

// TestBrowserNeedToKnow: the wijkagent sees only cases the police take part in,
// opens a household, gets "niet gevonden" for a household outside their cases;
// the privacy officer finds that attempt in the access log. Every page is checked
// with axe-core for WCAG 2.1 A and AA.
func TestBrowserNeedToKnow(t *testing.T) {
	b := browsertest.New(t)
	a, base := demoApp(t)
	sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("test"))

	// What the police may see, according to the data.
	var police *kluwen.Organisation
	orgs, err := a.Services.Organisations.FindOrganisations(sys, kluwen.OrganisationFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Sector == kluwen.SectorVeiligheid && strings.HasPrefix(o.Name, "Politie") {
			police = o
		}
	}
	if police == nil {
		t.Fatal("no police organisation in the demo")
	}
	today := kluwen.Today()
	policeCase := map[int64]bool{}
	visibleHousehold := map[int64]bool{}
	var hidden int64
	open := true
	cases, err := a.Services.Cases.FindCases(sys, kluwen.CaseFilter{Open: &open, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		full, err := a.Services.Cases.FindCaseByID(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, iv := range full.Involvements {
			if iv.OrganisationID == police.ID && iv.Active(today) {
				policeCase[c.ID] = true
				visibleHousehold[c.HouseholdID] = true
			}
		}
	}
	for _, c := range cases {
		if !visibleHousehold[c.HouseholdID] {
			hidden = c.HouseholdID
			break
		}
	}
	if len(policeCase) == 0 || hidden == 0 {
		t.Fatalf("demo has %d police cases and hidden household %d; want both", len(policeCase), hidden)
	}

	agent := b.NewTab(t)
	signIn(t, agent, base, "wijkagent")
	agent.CheckA11y(t)
	shot(agent, "wijkagent-start")

	// The case list holds police cases only, and all of them.
	agent.Navigate(base + "/casussen")
	agent.CheckA11y(t)
	shot(agent, "wijkagent-casussen")
	var listed []int64
	for _, m := range caseLink.FindAllStringSubmatch(agent.HTML(), -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !slices.Contains(listed, id) {
			listed = append(listed, id)
		}
	}
	if len(listed) == 0 {
		t.Fatal("the wijkagent's case list is empty")
	}
	for _, id := range listed {
		if !policeCase[id] {
			t.Errorf("case %d is listed for the wijkagent but the police are not involved", id)
		}
	}
	if len(listed) < len(policeCase) && len(listed) < 20 {
		t.Errorf("the wijkagent sees %d cases, the police are in %d", len(listed), len(policeCase))
	}

	// Open a household from the list.
	agent.Navigate(base + "/huishoudens")
	agent.CheckA11y(t)
	m := householdLink.FindStringSubmatch(agent.HTML())
	if m == nil {
		t.Fatal("no household in the wijkagent's list")
	}
	hid, _ := strconv.ParseInt(m[1], 10, 64)
	if !visibleHousehold[hid] {
		t.Errorf("household %d is listed for the wijkagent but has no police case", hid)
	}
	agent.ClickAndWait(fmt.Sprintf(`a[href="/huishoudens/%d"]`, hid))
	if !strings.HasSuffix(agent.URL(), fmt.Sprintf("/huishoudens/%d", hid)) {
		t.Fatalf("clicked the household, landed on %s", agent.URL())
	}
	if strings.Contains(strings.ToLower(agent.Text("main")), "niet gevonden") {
		t.Fatalf("household %d of a police case is not found", hid)
	}
	agent.CheckA11y(t)
	shot(agent, "wijkagent-huishouden")

	// A household of a case the police are not in: niet gevonden.
	agent.Navigate(fmt.Sprintf("%s/huishoudens/%d", base, hidden))
	if !strings.Contains(strings.ToLower(agent.Text("main")), "niet gevonden") {
		t.Fatalf("household %d outside the police's cases shows: %q", hidden, agent.Text("main"))
	}
	agent.CheckA11y(t)
	shot(agent, "wijkagent-niet-gevonden")

	// The privacy officer finds the refused attempt in the access log.
	fg := b.NewTab(t)
	signIn(t, fg, base, "privacy")
	fg.CheckA11y(t)
	fg.Navigate(fmt.Sprintf("%s/logboek?huishouden=%d&uitkomst=refused", base, hidden))
	fg.CheckA11y(t)
	shot(fg, "privacy-logboek")
	log := fg.Text("#logboek")
	if !strings.Contains(log, "household.read") || !strings.Contains(log, "wijkagent") || !strings.Contains(log, fmt.Sprintf("household:%d", hidden)) {
		t.Errorf("the refused attempt is not in the access log view:\n%s", log)
	}
}
