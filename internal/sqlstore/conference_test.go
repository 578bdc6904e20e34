package sqlstore_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// confAt returns a conference start n days from now at 10:00 in the Netherlands.
func confAt(n int) time.Time {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		ams = time.FixedZone("CET", 3600)
	}
	d := hhDays(n)
	return time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, ams)
}

func decisionIDs(ds []*kluwen.Decision) []int64 {
	var out []int64
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// TestConferenceFlow: schedule, invite and notify, hand out the invitation to
// invitees only, attendance of invitees only, minutes, decisions, a decision
// turned into a plan action in one step, and the open ones carried to the next
// conference.
func TestConferenceFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		debts2 := hhUser(t, db, "schuldhulp2", w.debts, kluwen.RoleProfessional)
		hhInvolve(t, db, w.caseID, w.reclassering, hhDays(-1), nil)
		reclass := hhUser(t, db, "reclasseerder", w.reclassering, kluwen.RoleProfessional)
		w.notes.take()

		c := &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 90, Location: " Stadskantoor, zaal 3 ",
			Agenda:   []string{"Stand van zaken schulden", " ", "Veiligheid thuis"},
			Invitees: []*kluwen.ConferenceInvitee{{OrganisationID: w.police}, {OrganisationID: w.debts, UserID: &w.otherPartner.UserID}, {OrganisationID: w.police}}}
		hhMust(t, db.ScheduleConference(reg, c))
		if c.ID == 0 || c.Location != "Stadskantoor, zaal 3" || !slices.Equal(c.Agenda, []string{"Stand van zaken schulden", "Veiligheid thuis"}) || c.Sequence != 0 {
			t.Fatalf("scheduled %+v", c)
		}
		if len(c.Invitees) != 3 || c.Invitees[0].UserID == nil || *c.Invitees[0].UserID != w.coordinator.UserID ||
			c.Invitees[1].OrganisationName != "Politie Eenheid Kluwendam" || c.Invitees[2].UserName != "Test schuldhulp" {
			t.Fatalf("invitees %+v %+v %+v", c.Invitees[0], c.Invitees[1], c.Invitees[2])
		}
		sent := w.notes.take()
		var to []int64
		for _, n := range sent {
			to = append(to, n.UserID)
			if n.Kind != sqlstore.NotifyConferenceInvitation || !strings.Contains(n.Text, "casusoverleg") || strings.Contains(n.Text, "Testfamilie") {
				t.Errorf("notification %+v", n)
			}
		}
		if !slices.Equal(to, []int64{w.owner.UserID, w.otherPartner.UserID}) {
			t.Errorf("notified %v; want the police professional and the debt worker", to)
		}

		// The invitation: invitees (in person or by organisation) and coordinators.
		for _, tc := range []struct {
			who  *kluwen.Actor
			code string
		}{
			{w.coordinator, ""}, {w.sameOrg, ""}, {w.owner, ""}, {w.otherPartner, ""},
			{debts2, kluwen.EFORBIDDEN}, {reclass, kluwen.EFORBIDDEN}, {w.ended, kluwen.ENOTFOUND}, {w.analyst, kluwen.ENOTFOUND},
		} {
			inv, err := db.ConferenceInvite(hhAs(tc.who), c.ID)
			if kluwen.ErrorCode(err) != tc.code {
				t.Errorf("invitation for %s: %v; want %q", tc.who.Username, err, tc.code)
				continue
			}
			if err == nil && (inv.InviteeName != "Test "+tc.who.Username || !inv.StartsAt.Equal(c.StartsAt) || inv.DurationMinutes != 90 || inv.Location != c.Location) {
				t.Errorf("invitation %+v", inv)
			}
		}
		// Inviting the second debt worker later; they get their notification.
		c2, err := db.InviteToConference(reg, c.ID, []*kluwen.ConferenceInvitee{{OrganisationID: w.debts, UserID: &debts2.UserID}, {OrganisationID: w.police}})
		hhMust(t, err)
		if len(c2.Invitees) != 4 {
			t.Errorf("after inviting: %d invitees", len(c2.Invitees))
		}
		if sent := w.notes.take(); len(sent) != 1 || sent[0].UserID != debts2.UserID {
			t.Errorf("notified %+v", sent)
		}

		// Attendance: only invitees.
		_, err = db.SetAttendance(reg, c.ID, []int64{w.owner.UserID, reclass.UserID, w.coordinator.UserID})
		hhWantFields(t, err, "attendees")
		if msg := kluwen.ErrorFields(err)[0].Message; !strings.Contains(msg, "Test reclasseerder") {
			t.Errorf("message %q does not name the attendee", msg)
		}
		if hhCount(t, db, "conference_attendance") != 0 {
			t.Error("attendance half-written")
		}
		got, err := db.SetAttendance(reg, c.ID, []int64{w.owner.UserID, w.coordinator.UserID, w.otherPartner.UserID, w.owner.UserID})
		hhMust(t, err)
		want := []int64{w.coordinator.UserID, w.owner.UserID, w.otherPartner.UserID}
		slices.Sort(want)
		if !slices.Equal(got.Present, want) {
			t.Errorf("present %v; want %v", got.Present, want)
		}
		_, err = db.SetAttendance(hhAs(w.owner), c.ID, nil)
		hhWantCode(t, err, kluwen.EFORBIDDEN)

		got, err = db.SetMinutes(reg, c.ID, "Besproken: de schulden en de veiligheid thuis.")
		hhMust(t, err)
		if got.Minutes == "" {
			t.Error("minutes not kept")
		}

		// Decisions; one becomes a plan action in one step.
		d1 := &kluwen.Decision{ConferenceID: c.ID, Text: "Schuldhulp start een budgettraject"}
		d2 := &kluwen.Decision{ConferenceID: c.ID, Text: "Wijkagent bezoekt het gezin"}
		hhMust(t, db.AddDecision(reg, d1))
		hhMust(t, db.AddDecision(reg, d2))
		hhWantCode(t, db.AddDecision(hhAs(w.owner), &kluwen.Decision{ConferenceID: c.ID, Text: "Zelf besloten"}), kluwen.EFORBIDDEN)
		w.notes.take()
		a := &kluwen.Action{GoalID: w.debtGoal, Description: "Budgettraject", OrganisationID: w.debts, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(21)}
		hhMust(t, db.DecisionToAction(reg, d1.ID, a))
		if a.ID == 0 || a.DecisionID == nil || *a.DecisionID != d1.ID || a.CaseID != w.caseID {
			t.Fatalf("action %+v", a)
		}
		if sent := w.notes.take(); len(sent) != 1 || sent[0].Kind != sqlstore.NotifyActionAssigned {
			t.Errorf("notified %+v", sent)
		}
		// Twice is refused, and so is a goal of another case.
		hhWantFields(t, db.DecisionToAction(reg, d1.ID, &kluwen.Action{GoalID: w.debtGoal, Description: "Nog eens", OrganisationID: w.debts, OwnerUserID: w.otherPartner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(21)}), "decisionId")
		otherCase := hhCase(t, db, hhHousehold(t, db, w.orgA, "Noord"), w.coordinator)
		otherGoal := planGoal(t, db, otherCase, kluwen.DomainHuisvesting, "Elders")
		actionsBefore := hhCount(t, db, "actions")
		hhWantFields(t, db.DecisionToAction(reg, d2.ID, &kluwen.Action{GoalID: otherGoal, Description: "Mis", OrganisationID: w.police, OwnerUserID: w.owner.UserID, Kind: kluwen.KindCare, DueDate: hhDays(21)}), "goalId")
		if hhCount(t, db, "actions") != actionsBefore {
			t.Error("a refused decision-to-action wrote an action")
		}

		got, err = db.FindConferenceByID(hhAs(w.owner), c.ID)
		hhMust(t, err)
		if len(got.Decisions) != 2 || got.Decisions[0].Status != kluwen.DecisionAction || got.Decisions[0].ActionID == nil || *got.Decisions[0].ActionID != a.ID ||
			got.Decisions[0].ResolvedAt == nil || got.Decisions[1].Status != kluwen.DecisionOpen || len(got.Carried) != 0 {
			t.Errorf("decisions %+v %+v carried %v", got.Decisions[0], got.Decisions[1], got.Carried)
		}
		p, err := db.FindPlan(reg, w.caseID)
		hhMust(t, err)
		if !slices.Contains(planActionIDs(p), a.ID) {
			t.Error("the decision's action is not in the plan")
		}

		// The next conference lists the open decision; once done, it no longer does.
		next := &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(15), DurationMinutes: 60, VideoURL: "https://video.example.nl/x"}
		hhMust(t, db.ScheduleConference(reg, next))
		if !slices.Equal(decisionIDs(next.Carried), []int64{d2.ID}) {
			t.Errorf("carried %v; want %v", decisionIDs(next.Carried), []int64{d2.ID})
		}
		done, err := db.CompleteDecision(reg, d2.ID)
		hhMust(t, err)
		if done.Status != kluwen.DecisionDone || done.ResolvedAt == nil {
			t.Errorf("completed %+v", done)
		}
		got, err = db.FindConferenceByID(reg, next.ID)
		hhMust(t, err)
		if len(got.Carried) != 0 {
			t.Errorf("carried after completion %v", decisionIDs(got.Carried))
		}
		// A decision left open at the next conference goes on to the one after.
		d3 := &kluwen.Decision{ConferenceID: c.ID, Text: "Huisarts betrekken"}
		hhMust(t, db.AddDecision(reg, d3))
		third := &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(30), DurationMinutes: 60, Location: "Zorg- en Veiligheidshuis"}
		hhMust(t, db.ScheduleConference(reg, third))
		if !slices.Equal(decisionIDs(third.Carried), []int64{d3.ID}) {
			t.Errorf("third carries %v; want %v", decisionIDs(third.Carried), []int64{d3.ID})
		}

		// Moving a conference raises its sequence; a new agenda does not.
		moved, err := db.UpdateConference(reg, c.ID, kluwen.ConferenceUpdate{StartsAt: hhPtr(confAt(2))})
		hhMust(t, err)
		if moved.Sequence != 1 {
			t.Errorf("sequence after moving %d", moved.Sequence)
		}
		moved, err = db.UpdateConference(reg, c.ID, kluwen.ConferenceUpdate{Agenda: &[]string{"Alleen dit"}})
		hhMust(t, err)
		if moved.Sequence != 1 || !slices.Equal(moved.Agenda, []string{"Alleen dit"}) {
			t.Errorf("after agenda change %+v", moved)
		}
		list, err := db.FindConferences(hhAs(w.otherPartner), w.caseID)
		hhMust(t, err)
		if len(list) != 3 || list[0].ID != c.ID || list[2].ID != third.ID {
			t.Errorf("conferences %d", len(list))
		}
		_, err = db.FindConferences(hhAs(w.ended), w.caseID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.FindConferenceByID(hhAs(w.analyst), c.ID)
		hhWantCode(t, err, kluwen.ENOTFOUND)
	})
}

// TestConferenceBadInput: bad schedules, invitees outside the case, and a
// decision on a closed case are EINVALID naming the field; nothing is written;
// a closed case's conferences are read-only.
func TestConferenceBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newPlanWorld(t, db)
		reg := hhAs(w.coordinator)
		before := hhCount(t, db, "conferences")
		hhWantFields(t, db.ScheduleConference(reg, &kluwen.Conference{CaseID: w.caseID, DurationMinutes: 5}), "startsAt", "durationMinutes", "location")
		hhWantFields(t, db.ScheduleConference(reg, &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, VideoURL: "http://video.example.nl"}), "videoUrl")
		hhWantFields(t, db.ScheduleConference(reg, &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, Location: "Hier",
			Invitees: []*kluwen.ConferenceInvitee{{OrganisationID: w.housing}}}), "invitees")
		hhWantFields(t, db.ScheduleConference(reg, &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, Location: "Hier",
			Invitees: []*kluwen.ConferenceInvitee{{OrganisationID: w.police, UserID: &w.otherPartner.UserID}}}), "invitees")
		hhWantCode(t, db.ScheduleConference(hhAs(w.owner), &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, Location: "Hier"}), kluwen.EFORBIDDEN)
		hhWantCode(t, db.ScheduleConference(hhAs(w.ended), &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, Location: "Hier"}), kluwen.ENOTFOUND)
		if hhCount(t, db, "conferences") != before || hhCount(t, db, "conference_invitees") != 0 {
			t.Fatal("a refused schedule wrote something")
		}
		hhWantFields(t, db.AddDecision(reg, &kluwen.Decision{Text: " "}), "conferenceId", "text")

		c := &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(-7), DurationMinutes: 60, Location: "Hier"}
		hhMust(t, db.ScheduleConference(reg, c))
		for _, id := range []int64{w.goal, w.debtGoal} {
			_, err := db.UpdateGoal(reg, id, kluwen.GoalUpdate{Status: hhPtr(kluwen.GoalAchieved), Evaluation: hhPtr("Gelukt")})
			hhMust(t, err)
		}
		_, err := db.ChangeCaseStatus(reg, w.caseID, kluwen.CaseAfgesloten, "Doelen bereikt")
		hhMust(t, err)
		head := hhLogHead(t, db)
		err = db.AddDecision(reg, &kluwen.Decision{ConferenceID: c.ID, Text: "Nog een besluit"})
		hhWantFields(t, err, "conferenceId")
		if !strings.Contains(kluwen.ErrorFields(err)[0].Message, "afgesloten") {
			t.Errorf("message %q", kluwen.ErrorFields(err)[0].Message)
		}
		if hhCount(t, db, "conference_decisions") != 0 {
			t.Error("decision written on a closed case")
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "decision.create" {
			t.Errorf("log %+v", log)
		}
		_, err = db.SetMinutes(reg, c.ID, "Achteraf")
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		_, err = db.SetAttendance(reg, c.ID, []int64{w.coordinator.UserID})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		hhWantCode(t, db.ScheduleConference(reg, &kluwen.Conference{CaseID: w.caseID, StartsAt: confAt(1), DurationMinutes: 60, Location: "Hier"}), kluwen.EFORBIDDEN)
		if _, err := db.FindConferenceByID(reg, c.ID); err != nil {
			t.Errorf("reading a closed case's conference: %v", err)
		}
	})
}
