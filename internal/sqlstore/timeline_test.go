package sqlstore_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// key names a timeline item in the tests: "signal:3".
func key(it *kluwen.TimelineItem) string { return fmt.Sprintf("%s:%d", it.Kind, it.Ref.ID) }

func keys(items []*kluwen.TimelineItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = key(it)
	}
	return out
}

// TestTimeline: one household's signals, status changes and assessments in date
// order, newest first; the filters; paging with the cursor; and the log entry.
func TestTimeline(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		regA := w.actors["regisseur-of-case"]
		reg := hhAs(regA)
		police, youth := w.actors["professional-involved"], w.actors["professional-youth"]

		s1 := cwSignal(t, db, police, w.household, &w.parent, "politie-incident", hhDays(-90), kluwen.Normal)
		s2 := cwSignal(t, db, youth, w.household, &w.child, "schoolverzuim", hhDays(-30), kluwen.Normal)
		s3 := cwSignal(t, db, police, w.household, nil, "overlastmelding", hhDays(-30), kluwen.Normal) // same day as s2, recorded later
		a1 := cwAssess(t, db, youth, w.household, w.child, hhDays(-60), map[string]int{"opvoeding": 2, "werk_opleiding": 1})
		a2 := cwAssess(t, db, regA, w.household, w.parent, hhDays(-1), map[string]int{"financien": 2})
		_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAnalyse, "Analyse gestart")
		hhMust(t, err)
		other := cwSignal(t, db, regA, hhHousehold(t, db, w.orgA, "Elders"), nil, "overig", hhDays(-2), kluwen.Normal) // another household
		_ = other

		var changes []int64
		rows, err := db.RawDB().Query(db.Rebind(`SELECT id FROM case_status_changes WHERE case_id = ? ORDER BY id`), w.caseID)
		hhMust(t, err)
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			changes = append(changes, id)
		}
		rows.Close()
		if len(changes) != 2 {
			t.Fatalf("%d status changes", len(changes))
		}
		cs := func(i int) string { return fmt.Sprintf("case_status:%d", changes[i]) }
		sig := func(s *kluwen.Signal) string { return fmt.Sprintf("signal:%d", s.ID) }
		ass := func(a *kluwen.Assessment) string { return fmt.Sprintf("assessment:%d", a.ID) }

		head := hhLogHead(t, db)
		page, err := db.HouseholdTimeline(reg, w.household, kluwen.TimelineFilter{})
		hhMust(t, err)
		// Today: the two status changes (the later first), then by date.
		want := []string{cs(1), cs(0), ass(a2), sig(s3), sig(s2), ass(a1), sig(s1)}
		if got := keys(page.Items); !slices.Equal(got, want) {
			t.Fatalf("timeline %v; want %v", got, want)
		}
		if page.NextCursor != "" {
			t.Errorf("one page but a cursor %q", page.NextCursor)
		}
		first := page.Items[0]
		if first.Title != "Casus naar fase Analyse" || first.Summary != "Analyse gestart" || first.CaseID != w.caseID ||
			first.OrganisationID != w.orgA || first.OrganisationName != "Gemeente Kluwendam" || !first.Date.Equal(kluwen.Today()) {
			t.Errorf("status item %+v", first)
		}
		if page.Items[1].Title != "Casus aangemeld" {
			t.Errorf("opening item %+v", page.Items[1])
		}
		if it := page.Items[2]; it.Title != "Meting Zelfredzaamheid-Matrix" || it.PersonID != w.parent || it.OrganisationID != w.orgA || !it.Date.Equal(hhDays(-1)) {
			t.Errorf("assessment item %+v", it)
		}
		if it := page.Items[4]; it.Title != "Schoolverzuim" || it.Summary != "Melding over schoolverzuim" || it.LifeDomain != kluwen.DomainWerkOpleiding ||
			it.PersonID != w.child || it.OrganisationName != "Jeugdzorg Kluwendam" || it.Severity != kluwen.SeverityMedium || it.Confidential {
			t.Errorf("signal item %+v", it)
		}
		log := hhLogSince(t, db, head)
		wantObjs := fmt.Sprintf(" household:%d person:%d person:%d case:%d ", w.household, w.parent, w.child, w.caseID)
		if len(log) != 1 || log[0].EventType != "household.timeline" || log[0].Action != "read" || log[0].Objects != wantObjs {
			t.Errorf("log %+v; want objects %q", log, wantObjs)
		}

		// Filters.
		for _, tc := range []struct {
			name string
			f    kluwen.TimelineFilter
			want []string
		}{
			{"kinds", kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineAssessment, kluwen.TimelineCaseStatus}}, []string{cs(1), cs(0), ass(a2), ass(a1)}},
			{"domain of a signal and of an assessment's scores", kluwen.TimelineFilter{LifeDomain: kluwen.DomainWerkOpleiding}, []string{sig(s2), ass(a1)}},
			{"domain nobody has", kluwen.TimelineFilter{LifeDomain: kluwen.DomainVerslaving}, []string{}},
			{"person", kluwen.TimelineFilter{PersonID: w.child}, []string{sig(s2), ass(a1)}},
			{"organisation", kluwen.TimelineFilter{OrganisationID: w.police}, []string{sig(s3), sig(s1)}},
			{"period", kluwen.TimelineFilter{From: hhPtr(hhDays(-60)), To: hhPtr(hhDays(-30))}, []string{sig(s3), sig(s2), ass(a1)}},
			{"from today", kluwen.TimelineFilter{From: hhPtr(hhDays(0))}, []string{cs(1), cs(0)}},
		} {
			page, err := db.HouseholdTimeline(reg, w.household, tc.f)
			hhMust(t, err)
			if got := keys(page.Items); !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
			}
		}

		// Paging: pages of two, joined, are the whole timeline.
		var joined []string
		cursor := ""
		for n := 0; ; n++ {
			page, err := db.HouseholdTimeline(reg, w.household, kluwen.TimelineFilter{Limit: 2, Cursor: cursor})
			hhMust(t, err)
			joined = append(joined, keys(page.Items)...)
			if page.NextCursor == "" {
				break
			}
			if len(page.Items) != 2 || n > 5 {
				t.Fatalf("page %d: %v", n, keys(page.Items))
			}
			cursor = page.NextCursor
		}
		if !slices.Equal(joined, want) {
			t.Errorf("pages joined %v; want %v", joined, want)
		}
		// A cursor with filters continues the filtered timeline.
		p1, err := db.HouseholdTimeline(reg, w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal}, Limit: 1})
		hhMust(t, err)
		p2, err := db.HouseholdTimeline(reg, w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal}, Limit: 5, Cursor: p1.NextCursor})
		hhMust(t, err)
		if got := append(keys(p1.Items), keys(p2.Items)...); !slices.Equal(got, []string{sig(s3), sig(s2), sig(s1)}) || p2.NextCursor != "" {
			t.Errorf("signal pages %v, next %q", got, p2.NextCursor)
		}

		// Bad filters, all at once.
		_, err = db.HouseholdTimeline(reg, w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{"roddel"}, LifeDomain: 99,
			From: hhPtr(hhDays(0)), To: hhPtr(hhDays(-1)), Cursor: "bm90LWEtY3Vyc29y"})
		hhWantFields(t, err, "kinds", "lifeDomain", "to", "cursor")

		// Refused: not found, logged.
		head = hhLogHead(t, db)
		_, err = db.HouseholdTimeline(hhAs(w.actors["professional-uninvolved"]), w.household, kluwen.TimelineFilter{})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.HouseholdTimeline(hhAs(w.actors["analyst"]), w.household, kluwen.TimelineFilter{})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		log = hhLogSince(t, db, head)
		if len(log) != 2 || log[0].Outcome != "refused" || log[1].Outcome != "refused" || log[0].EventType != "household.timeline" {
			t.Errorf("refusals logged as %+v", log)
		}
	})
}

// TestTimelineCases: status changes come only from the cases the actor may read.
// A partner involved in one case of the household does not see the life of
// another organisation's case on the same household: here gemeente A's case is
// closed (the partners stay involved) and gemeente B opens the next one.
func TestTimelineCases(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		regB := w.actors["regisseur-other-org"]
		_, err := db.ChangeCaseStatus(hhAs(w.actors["regisseur-of-case"]), w.caseID, kluwen.CaseAfgesloten, "Overgedragen aan gemeente B")
		hhMust(t, err)
		caseB := hhCase(t, db, w.household, regB) // gemeente B opens a case on A's household
		_, err = db.ChangeCaseStatus(hhAs(regB), caseB, kluwen.CaseAnalyse, "Eigen analyse")
		hhMust(t, err)

		casesOn := func(role string) []int64 {
			t.Helper()
			page, err := db.HouseholdTimeline(hhAs(w.actors[role]), w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineCaseStatus}})
			hhMust(t, err)
			var ids []int64
			for _, it := range page.Items {
				if !slices.Contains(ids, it.CaseID) {
					ids = append(ids, it.CaseID)
				}
			}
			return sortedIDs(ids)
		}
		for role, want := range map[string][]int64{
			"regisseur-of-case":     {w.caseID},
			"regisseur-other-org":   {caseB},
			"professional-involved": {w.caseID},
		} {
			if got := casesOn(role); !slices.Equal(got, want) {
				t.Errorf("%s sees the life of cases %v; want %v", role, got, want)
			}
		}
		hhInvolve(t, db, caseB, w.police, hhDays(-1), nil)
		if got := casesOn("professional-involved"); !slices.Equal(got, sortedIDs([]int64{w.caseID, caseB})) {
			t.Errorf("police involved in both sees %v", got)
		}
	})
}

// TestTimelineConfidentialSummary: a confidential item is marked so for those who
// see it.
func TestTimelineConfidentialSummary(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		s := cwSignal(t, db, w.actors["professional-youth"], w.household, &w.child, "veilig-thuis", hhDays(-1), kluwen.Confidential)
		page, err := db.HouseholdTimeline(hhAs(w.actors["regisseur-of-case"]), w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineSignal}})
		hhMust(t, err)
		if len(page.Items) != 1 || !page.Items[0].Confidential || page.Items[0].Ref.ID != s.ID || !strings.Contains(page.Items[0].Summary, "veilig-thuis") {
			t.Errorf("items %+v", page.Items)
		}
	})
}

// TestTimelinePlan: the versions of goals and actions, the conferences and the
// escalations of the household's cases are on the timeline, with the plan's
// confidentiality: the coordinators see every version, the police not the
// versions of a confidential goal of debt relief, debt relief not those of a
// confidential police action. Filters on kind, domain and person apply.
func TestTimelinePlan(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		conf := kluwen.Confidential
		// The police action (under the justice goal) becomes confidential, and
		// is done; a confidential goal gets a debt-relief action.
		_, err := db.UpdateAction(reg, w.action, kluwen.ActionUpdate{Confidentiality: &conf})
		hhMust(t, err)
		done := kluwen.ActionDone
		_, err = db.UpdateAction(hhAs(w.owner), w.action, kluwen.ActionUpdate{Status: &done})
		hhMust(t, err)
		secret := &kluwen.Goal{CaseID: w.caseID, Domain: kluwen.DomainGeestelijkeGezondheid, Description: "Behandeling volhouden", TargetDate: hhDays(90),
			Confidentiality: conf, PersonIDs: []int64{w.parent}}
		hhMust(t, db.CreateGoal(reg, secret))
		under := &kluwen.Action{GoalID: secret.ID, Description: "Budgetcoach", OrganisationID: w.debts, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(30)}
		hhMust(t, db.CreateAction(reg, under))
		achieved := kluwen.GoalAchieved
		_, err = db.UpdateGoal(reg, w.debtGoal, kluwen.GoalUpdate{Status: &achieved, Evaluation: hhPtr("Geen nieuwe achterstanden sinds de zomer")})
		hhMust(t, err)

		past := &kluwen.Conference{CaseID: w.caseID, StartsAt: time.Now().Add(-72 * time.Hour), DurationMinutes: 60, Location: "Stadhuis"}
		hhMust(t, db.ScheduleConference(reg, past))
		_, err = db.SetMinutes(reg, past.ID, "Afspraken gemaakt over de schulden.")
		hhMust(t, err)
		coming := &kluwen.Conference{CaseID: w.caseID, StartsAt: time.Now().Add(14 * 24 * time.Hour), DurationMinutes: 60, VideoURL: "https://video.example.nl/overleg"}
		hhMust(t, db.ScheduleConference(reg, coming))
		esc := &kluwen.Escalation{CaseID: w.caseID, Level: kluwen.LevelSteeringGroup, Question: "Mag de huurschuld worden overgenomen?"}
		hhMust(t, db.CreateEscalation(reg, esc))
		_, err = db.AnswerEscalation(reg, esc.ID, "Ja, eenmalig.", "Gemeente neemt de schuld over.")
		hhMust(t, err)

		// The versions, per actor, by (object, goal/action).
		type ver struct {
			id      int64
			goal    int64
			action  int64
			version int
		}
		var all []ver
		rows, err := db.RawDB().Query(db.Rebind(`SELECT pv.id, pv.goal_id, COALESCE(pv.action_id, 0), pv.version FROM plan_versions pv WHERE pv.case_id = ? ORDER BY pv.id`), w.caseID)
		hhMust(t, err)
		for rows.Next() {
			var v ver
			hhMust(t, rows.Scan(&v.id, &v.goal, &v.action, &v.version))
			all = append(all, v)
		}
		rows.Close()
		planKeys := func(keep func(v ver) bool) []string {
			var out []string
			for _, v := range all {
				if keep(v) {
					out = append(out, fmt.Sprintf("plan_change:%d", v.id))
				}
			}
			slices.Sort(out)
			return out
		}
		everything := planKeys(func(ver) bool { return true })
		planOf := func(a *kluwen.Actor, f kluwen.TimelineFilter) []*kluwen.TimelineItem {
			t.Helper()
			f.Kinds = append(f.Kinds, kluwen.TimelinePlan)
			f.Limit = 200
			page, err := db.HouseholdTimeline(hhAs(a), w.household, f)
			hhMust(t, err)
			return page.Items
		}
		sortedKeys := func(items []*kluwen.TimelineItem) []string {
			out := keys(items)
			slices.Sort(out)
			return out
		}
		for _, tc := range []struct {
			who  *kluwen.Actor
			want []string
		}{
			{w.coordinator, everything},
			{w.sameOrg, everything},
			{w.owner, planKeys(func(v ver) bool { return v.goal != secret.ID })},
			{w.otherPartner, planKeys(func(v ver) bool { return v.action != w.action })},
		} {
			if got := sortedKeys(planOf(tc.who, kluwen.TimelineFilter{})); !slices.Equal(got, tc.want) {
				t.Errorf("%s sees plan changes %v; want %v", tc.who.Username, got, tc.want)
			}
		}
		if len(everything) != 9 { // 3 goals and 3 actions made, 2 changes of the police action, 1 of the debt goal
			t.Errorf("%d versions: %v", len(everything), everything)
		}

		// Titles and summaries.
		items := planOf(w.coordinator, kluwen.TimelineFilter{})
		byRef := map[int64]*kluwen.TimelineItem{}
		for _, it := range items {
			byRef[it.Ref.ID] = it
			if it.Ref.Type != "plan_version" || it.CaseID != w.caseID || it.Kind != kluwen.TimelinePlan {
				t.Errorf("item %+v", it)
			}
		}
		for _, v := range all {
			it := byRef[v.id]
			switch {
			case v.goal == secret.ID && v.action == 0:
				if it.Title != "Doel opgesteld" || it.Summary != "Behandeling volhouden" || !it.Confidential || it.LifeDomain != kluwen.DomainGeestelijkeGezondheid ||
					it.PersonID != w.parent || it.OrganisationID != w.orgA {
					t.Errorf("secret goal made: %+v", it)
				}
			case v.action == under.ID:
				if !strings.HasPrefix(it.Title, "Actie toegewezen") || !strings.HasPrefix(it.Summary, "Budgetcoach (klaar op ") || !it.Confidential || it.OrganisationID != w.debts {
					t.Errorf("action under the secret goal: %+v", it)
				}
			case v.action == w.action && v.version == 3:
				if it.Title != "Actie gedaan" || !strings.Contains(it.Summary, "Status: Open → Gedaan") || !it.Confidential || it.OrganisationID != w.police {
					t.Errorf("police action done: %+v", it)
				}
			case v.goal == w.debtGoal && v.action == 0 && v.version == 2:
				if it.Title != "Doel behaald" || !strings.Contains(it.Summary, "Evaluatie: Geen nieuwe achterstanden sinds de zomer") || it.Confidential || it.PersonID != 0 {
					t.Errorf("debt goal achieved: %+v (two persons: none named)", it)
				}
			}
		}

		// Conferences and escalations.
		page, err := db.HouseholdTimeline(hhAs(w.owner), w.household, kluwen.TimelineFilter{Kinds: []kluwen.TimelineKind{kluwen.TimelineConference, kluwen.TimelineEscalation}})
		hhMust(t, err)
		want := []string{fmt.Sprintf("conference:%d", coming.ID), fmt.Sprintf("escalation:%d", esc.ID), fmt.Sprintf("conference:%d", past.ID)}
		if got := keys(page.Items); !slices.Equal(got, want) {
			t.Fatalf("conferences and escalations %v; want %v", got, want)
		}
		if it := page.Items[0]; it.Title != "Casusoverleg gepland via video" || it.Summary != "" || it.OrganisationID != w.orgA || it.CaseID != w.caseID {
			t.Errorf("coming conference %+v", it)
		}
		if it := page.Items[1]; it.Title != "Escalatie naar stuurgroep (beantwoord)" ||
			it.Summary != "Mag de huurschuld worden overgenomen?\nAntwoord: Ja, eenmalig.\nBesluit: Gemeente neemt de schuld over." {
			t.Errorf("escalation %+v", it)
		}
		if it := page.Items[2]; it.Title != "Casusoverleg in Stadhuis" || it.Summary != "Afspraken gemaakt over de schulden." {
			t.Errorf("past conference %+v", it)
		}

		// Filters: a domain keeps only the plan changes of goals on it; a person
		// the plan changes of the goals that concern them.
		for _, tc := range []struct {
			name string
			f    kluwen.TimelineFilter
			want []string
		}{
			{"domain", kluwen.TimelineFilter{LifeDomain: kluwen.DomainFinancien}, planKeys(func(v ver) bool { return v.goal == w.debtGoal })},
			{"person", kluwen.TimelineFilter{PersonID: w.child}, planKeys(func(v ver) bool { return v.goal == w.debtGoal })},
		} {
			page, err := db.HouseholdTimeline(reg, w.household, tc.f)
			hhMust(t, err)
			if got := sortedKeys(page.Items); !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
			}
			for _, it := range page.Items {
				if tc.f.PersonID != 0 && it.PersonID != tc.f.PersonID {
					t.Errorf("%s: item names person %d", tc.name, it.PersonID)
				}
			}
		}

		// The plan of another organisation's case on the household stays out of
		// sight of those who cannot read that case: A's case is closed and
		// gemeente B opens the next one.
		for _, g := range []int64{w.goal, secret.ID} {
			_, err := db.UpdateGoal(reg, g, kluwen.GoalUpdate{Status: hhPtr(kluwen.GoalCancelled), Evaluation: hhPtr("Overgedragen")})
			hhMust(t, err)
		}
		_, err = db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Overgedragen aan gemeente B")
		hhMust(t, err)
		caseB := hhCase(t, db, w.household, w.otherOrg)
		gB := &kluwen.Goal{CaseID: caseB, Domain: kluwen.DomainFinancien, Description: "Eigen doel van B", TargetDate: hhDays(30)}
		hhMust(t, db.CreateGoal(hhAs(w.otherOrg), gB))
		for _, who := range []*kluwen.Actor{w.coordinator, w.owner} {
			for _, it := range planOf(who, kluwen.TimelineFilter{}) {
				if it.CaseID == caseB {
					t.Errorf("%s sees a plan change of case %d", who.Username, caseB)
				}
			}
		}
		if items := planOf(w.otherOrg, kluwen.TimelineFilter{}); len(items) != 1 || items[0].CaseID != caseB {
			t.Errorf("regisseur of B sees %v", keys(items))
		}
	})
}
