package kluwen

import (
	"testing"
	"time"
)

// TestPlanRules is the matrix of the plan's pure rules: who sees a confidential
// item, who works on an action.
func TestPlanRules(t *testing.T) {
	const own, police, debts, other = 1, 2, 3, 4
	open := CaseFacts{CaseID: 10, OrganisationID: own, RegisseurID: 100}
	asPolice := open
	asPolice.PartnerBasis = BasisCovenant
	asDebts := asPolice
	closedPolice := asPolice
	closedPolice.Closed = true
	closedOwn := open
	closedOwn.Closed = true
	for _, tc := range []struct {
		name              string
		actor             *Actor
		facts             CaseFacts
		normal, confOwner bool // sees a normal item; a confidential item of the police
		work              bool // works on a police action
	}{
		{"case regisseur", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur}, open, true, true, true},
		{"same-org regisseur", &Actor{UserID: 101, OrganisationID: own, Role: RoleRegisseur}, open, true, true, true},
		{"police professional", &Actor{UserID: 200, OrganisationID: police, Role: RoleProfessional}, asPolice, true, true, true},
		{"police regisseur", &Actor{UserID: 201, OrganisationID: police, Role: RoleRegisseur}, asPolice, true, true, true},
		{"debt professional", &Actor{UserID: 300, OrganisationID: debts, Role: RoleProfessional}, asDebts, true, false, false},
		{"uninvolved", &Actor{UserID: 400, OrganisationID: other, Role: RoleProfessional}, open, false, false, false},
		{"analyst of own org", &Actor{UserID: 500, OrganisationID: own, Role: RoleAnalyst}, open, false, false, false},
		{"admin of police", &Actor{UserID: 501, OrganisationID: police, Role: RoleAdmin}, asPolice, false, false, false},
		{"police on a closed case", &Actor{UserID: 200, OrganisationID: police, Role: RoleProfessional}, closedPolice, true, true, false},
		{"regisseur on a closed case", &Actor{UserID: 100, OrganisationID: own, Role: RoleRegisseur}, closedOwn, true, true, false},
		{"system", SystemActor("test"), open, true, true, true},
		{"nobody", nil, open, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ItemVisible(tc.actor, tc.facts, Normal, police); got != tc.normal {
				t.Errorf("normal item visible = %v, want %v", got, tc.normal)
			}
			if got := ItemVisible(tc.actor, tc.facts, Confidential, police); got != tc.confOwner {
				t.Errorf("confidential item visible = %v, want %v", got, tc.confOwner)
			}
			if _, got := ActionWorkBasis(tc.actor, tc.facts, police); got != tc.work {
				t.Errorf("works on the action = %v, want %v", got, tc.work)
			}
		})
	}
}

func TestPlanStatuses(t *testing.T) {
	for _, tc := range []struct {
		from, to ActionStatus
		ok       bool
	}{
		{ActionOpen, ActionBusy, true}, {ActionBusy, ActionDone, true}, {ActionDone, ActionBusy, true},
		{ActionDone, ActionCancelled, false}, {ActionCancelled, ActionOpen, true}, {ActionCancelled, ActionDone, false},
		{ActionOpen, ActionOpen, false}, {ActionOpen, "klaar", false},
	} {
		if got := tc.from.CanMoveTo(tc.to); got != tc.ok {
			t.Errorf("action %s → %s = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
	if !GoalOpen.CanMoveTo(GoalAchieved) || !GoalCancelled.CanMoveTo(GoalOpen) || GoalAchieved.CanMoveTo(GoalNotAchieved) || GoalOpen.CanMoveTo(GoalOpen) {
		t.Error("goal transitions")
	}
}

func TestGoalAndActionValidation(t *testing.T) {
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	g := &Goal{Domain: DomainFinancien, Description: " Schulden stabiel ", TargetDate: today, PersonIDs: []int64{3, 1, 3}}
	if err := g.Validate(today); err != nil || g.Status != GoalOpen || g.Confidentiality != Normal || len(g.PersonIDs) != 2 || g.Description != "Schulden stabiel" {
		t.Errorf("valid goal: %v %+v", err, g)
	}
	g.Status = GoalAchieved
	if fs := ErrorFields(g.Validate(today)); len(fs) != 1 || fs[0].Field != "evaluation" {
		t.Errorf("evaluated without text: %v", fs)
	}
	a := &Action{GoalID: 1, Description: "x", OrganisationID: 2, Kind: KindCare, DueDate: today.AddDate(0, 0, -1)}
	if fs := ErrorFields(a.Validate(today)); len(fs) != 1 || fs[0].Field != "dueDate" {
		t.Errorf("due before the goal: %v", fs)
	}
	a.DueDate, a.OrganisationID = today, 0
	if fs := ErrorFields(a.Validate(today)); len(fs) != 1 || fs[0].Field != "organisationId" {
		t.Errorf("without owner: %v", fs)
	}
}
