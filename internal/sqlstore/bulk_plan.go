package sqlstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kluwen/kluwen"
)

// The case work of the bulk loader: goals and actions with their versions,
// conferences with their agenda, invitees, attendance and decisions,
// deviations and escalations. As for the other nouns, the rows are checked by
// the domain's Validate methods and the database's constraints, not by the
// need-to-know rules; the loader is trusted to name owners and invitees that the
// services would have accepted.

var (
	bulkGoalCols       = []string{"id", "case_id", "domain", "description", "target_date", "status", "evaluation", "confidentiality", "organisation_id", "created_by", "created_at", "updated_at"}
	bulkGoalPersonCols = []string{"goal_id", "person_id"}
	bulkActionCols     = []string{"id", "goal_id", "case_id", "description", "organisation_id", "owner_user_id", "kind", "due_date", "status", "confidentiality", "decision_id", "created_by", "created_at", "updated_at"}
	bulkVersionCols    = []string{"id", "case_id", "object", "goal_id", "action_id", "version", "changes", "user_id", "changed_at"}
	bulkConfCols       = []string{"id", "case_id", "starts_at", "duration_minutes", "location", "video_url", "minutes", "sequence", "created_by", "created_at", "updated_at"}
	bulkAgendaCols     = []string{"conference_id", "position", "text"}
	bulkInviteeCols    = []string{"id", "conference_id", "organisation_id", "user_id"}
	bulkAttendanceCols = []string{"conference_id", "user_id"}
	bulkDecisionCols   = []string{"id", "conference_id", "case_id", "text", "status", "resolved_at", "created_by", "created_at"}
	bulkEscalationCols = []string{"id", "case_id", "level", "question", "answer", "decision", "outcome", "status", "escalated_by", "escalated_at", "answered_at", "closed_at"}
	bulkMaatwerkCols   = []string{"id", "case_id", "rule", "reason", "domain", "expected_effect", "cost_cents", "approved_by_name", "approved_by_role", "approved_by_user_id",
		"decided_on", "outcome", "outcome_result", "outcome_on", "created_by", "created_at", "updated_at"}
)

// bulkGoal is what the loader keeps of a goal for the actions under it.
type bulkGoal struct {
	caseID int64
	madeOn time.Time
}

// PlanStep is a later change of the status of a goal or an action, for the bulk
// loader: when, by whom (0: the system), the new status (a kluwen.GoalStatus or
// kluwen.ActionStatus) and, for a goal evaluated, the evaluation.
type PlanStep struct {
	At         time.Time
	UserID     int64
	Status     string
	Evaluation string
}

// caseOrg returns the organisation of a case.
func (b *BulkTx) caseOrg(caseID int64) (int64, error) {
	if org, ok := b.caseOrgs[caseID]; ok {
		return org, nil
	}
	var org int64
	if err := b.tx.queryRow(b.ctx, `SELECT organisation_id FROM cases WHERE id = ?`, caseID).Scan(&org); err != nil {
		return 0, fmt.Errorf("bulk load: case %d: %w", caseID, err)
	}
	b.caseOrgs[caseID] = org
	return org, nil
}

// bulkVersion is a plan version waiting for its goal or action to be added:
// a row is added after the rows it refers to, so that a flush in between
// writes them in order.
type bulkVersion struct {
	changes []kluwen.FieldChange
	userID  int64
	at      time.Time
}

// versions adds the plan versions of a goal (actionID 0) or an action, from 1.
func (b *BulkTx) versions(caseID, goalID, actionID int64, vs []bulkVersion) error {
	object := kluwen.PlanObjectGoal
	if actionID != 0 {
		object = kluwen.PlanObjectAction
	}
	for i, v := range vs {
		body, err := json.Marshal(v.changes)
		if err != nil {
			return err
		}
		id, err := b.nextID("plan_versions")
		if err != nil {
			return err
		}
		if err := b.add("plan_versions", bulkVersionCols, id, caseID, object, goalID, orNull(actionID), i+1, string(body), orNull(v.userID), v.at); err != nil {
			return err
		}
	}
	return nil
}

// Goal adds a goal of a case as it was made (open, by g.CreatedBy at
// g.CreatedAt, for the case's organisation), with its persons and its first
// version, then the later changes of its status in steps, each with its version;
// the goal is written as it stands after the last. It sets g.ID and leaves g in
// its final state.
func (b *BulkTx) Goal(g *kluwen.Goal, steps ...PlanStep) error {
	g.CreatedAt = b.stamp(g.CreatedAt)
	g.Status, g.Evaluation = kluwen.GoalOpen, ""
	made := madeOn(g.CreatedAt)
	if err := g.Validate(made); err != nil {
		return invalid("goal", err)
	}
	org, err := b.caseOrg(g.CaseID)
	if err != nil {
		return err
	}
	id, err := b.nextID("goals")
	if err != nil {
		return err
	}
	g.ID, g.OrganisationID, g.UpdatedAt = id, org, g.CreatedAt
	vs := []bulkVersion{{fieldChanges(nil, goalFields(g)), g.CreatedBy, g.CreatedAt}}
	for i, st := range steps {
		before := goalFields(g)
		to := kluwen.GoalStatus(st.Status)
		if !g.Status.CanMoveTo(to) {
			return invalid("goal", fmt.Errorf("status %q → %q", g.Status, to))
		}
		g.Status, g.Evaluation = to, st.Evaluation
		if err := g.Validate(made); err != nil {
			return invalid("goal", err)
		}
		if st.At.Before(g.UpdatedAt) {
			return invalid("goal", fmt.Errorf("step %d at %s before the one before", i+1, st.At))
		}
		g.UpdatedAt = st.At
		vs = append(vs, bulkVersion{fieldChanges(before, goalFields(g)), st.UserID, st.At})
	}
	b.goals[id] = bulkGoal{caseID: g.CaseID, madeOn: made}
	if err := b.add("goals", bulkGoalCols, id, g.CaseID, int(g.Domain), g.Description, dateArg(g.TargetDate), string(g.Status), g.Evaluation,
		string(g.Confidentiality), org, orNull(g.CreatedBy), g.CreatedAt, g.UpdatedAt); err != nil {
		return err
	}
	for _, p := range g.PersonIDs {
		if err := b.add("goal_persons", bulkGoalPersonCols, id, p); err != nil {
			return err
		}
	}
	return b.versions(g.CaseID, id, 0, vs)
}

// Action adds an action under a goal loaded before, as it was made (open, by
// a.CreatedBy at a.CreatedAt, for a.OwnerUserID of a.OrganisationID), with its
// first version, then the later changes of its status in steps, each with its
// version. A.DecisionID, when set, names the conference decision it came from
// (loaded before). It sets a.ID and a.CaseID and leaves a in its final state.
func (b *BulkTx) Action(a *kluwen.Action, steps ...PlanStep) error {
	g, ok := b.goals[a.GoalID]
	if !ok {
		return invalid("action", fmt.Errorf("goal %d not loaded", a.GoalID))
	}
	a.CreatedAt = b.stamp(a.CreatedAt)
	a.CaseID, a.Status = g.caseID, kluwen.ActionOpen
	if err := a.Validate(g.madeOn); err != nil {
		return invalid("action", err)
	}
	if a.OwnerUserID <= 0 {
		return invalid("action", fmt.Errorf("no owner"))
	}
	id, err := b.nextID("actions")
	if err != nil {
		return err
	}
	a.ID, a.UpdatedAt = id, a.CreatedAt
	vs := []bulkVersion{{fieldChanges(nil, actionFields(a)), a.CreatedBy, a.CreatedAt}}
	for i, st := range steps {
		before := actionFields(a)
		to := kluwen.ActionStatus(st.Status)
		if !a.Status.CanMoveTo(to) {
			return invalid("action", fmt.Errorf("status %q → %q", a.Status, to))
		}
		if st.At.Before(a.UpdatedAt) {
			return invalid("action", fmt.Errorf("step %d at %s before the one before", i+1, st.At))
		}
		a.Status, a.UpdatedAt = to, st.At
		vs = append(vs, bulkVersion{fieldChanges(before, actionFields(a)), st.UserID, st.At})
	}
	var decision any
	if a.DecisionID != nil {
		decision = *a.DecisionID
	}
	if err := b.add("actions", bulkActionCols, id, a.GoalID, a.CaseID, a.Description, a.OrganisationID, a.OwnerUserID, string(a.Kind), dateArg(a.DueDate),
		string(a.Status), string(a.Confidentiality), decision, orNull(a.CreatedBy), a.CreatedAt, a.UpdatedAt); err != nil {
		return err
	}
	return b.versions(a.CaseID, a.GoalID, id, vs)
}

// Conference adds a conference of a case with its agenda, its invitees (the
// service invites the case's regisseur by name; the loader adds only those
// given), the users present, its minutes, and c.Decisions (each added with
// Decision). It sets c.ID, and the IDs of the decisions.
func (b *BulkTx) Conference(c *kluwen.Conference) error {
	if err := c.Validate(); err != nil {
		return invalid("conference", err)
	}
	if c.CaseID <= 0 {
		return invalid("conference", fmt.Errorf("no case"))
	}
	c.CreatedAt = b.stamp(c.CreatedAt)
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	id, err := b.nextID("conferences")
	if err != nil {
		return err
	}
	c.ID = id
	if err := b.add("conferences", bulkConfCols, id, c.CaseID, c.StartsAt, c.DurationMinutes, c.Location, c.VideoURL, c.Minutes, c.Sequence,
		orNull(c.CreatedBy), c.CreatedAt, c.UpdatedAt); err != nil {
		return err
	}
	for i, item := range c.Agenda {
		if err := b.add("conference_agenda_items", bulkAgendaCols, id, i+1, item); err != nil {
			return err
		}
	}
	for _, iv := range c.Invitees {
		ivID, err := b.nextID("conference_invitees")
		if err != nil {
			return err
		}
		if err := b.add("conference_invitees", bulkInviteeCols, ivID, id, iv.OrganisationID, iv.UserID); err != nil {
			return err
		}
	}
	for _, u := range c.Present {
		if err := b.add("conference_attendance", bulkAttendanceCols, id, u); err != nil {
			return err
		}
	}
	for _, d := range c.Decisions {
		d.ConferenceID, d.CaseID = id, c.CaseID
		if err := b.Decision(d); err != nil {
			return err
		}
	}
	return nil
}

// Decision adds a decision of a conference loaded before (d.CaseID is its case)
// and sets d.ID. An open decision has no ResolvedAt; a resolved one needs it.
func (b *BulkTx) Decision(d *kluwen.Decision) error {
	if err := d.Validate(); err != nil {
		return invalid("decision", err)
	}
	if d.Status == "" {
		d.Status = kluwen.DecisionOpen
	}
	if (d.Status == kluwen.DecisionOpen) != (d.ResolvedAt == nil) || d.CaseID <= 0 {
		return invalid("decision", fmt.Errorf("status %q with resolved at %v, case %d", d.Status, d.ResolvedAt, d.CaseID))
	}
	d.CreatedAt = b.stamp(d.CreatedAt)
	id, err := b.nextID("conference_decisions")
	if err != nil {
		return err
	}
	d.ID = id
	return b.add("conference_decisions", bulkDecisionCols, id, d.ConferenceID, d.CaseID, d.Text, string(d.Status), d.ResolvedAt, orNull(d.CreatedBy), d.CreatedAt)
}

// Escalation adds an escalation as it stands (its status, answer and outcome as
// given) and sets e.ID.
func (b *BulkTx) Escalation(e *kluwen.Escalation) error {
	if err := e.Validate(); err != nil {
		return invalid("escalation", err)
	}
	switch {
	case e.Status == "":
		e.Status = kluwen.EscalationOpen
	case e.Status != kluwen.EscalationOpen && e.Status != kluwen.EscalationAnswered && e.Status != kluwen.EscalationClosed:
		return invalid("escalation", fmt.Errorf("status %q", e.Status))
	}
	e.EscalatedAt = b.stamp(e.EscalatedAt)
	id, err := b.nextID("escalations")
	if err != nil {
		return err
	}
	e.ID = id
	return b.add("escalations", bulkEscalationCols, id, e.CaseID, string(e.Level), e.Question, e.Answer, e.Decision, e.Outcome, string(e.Status),
		orNull(e.EscalatedBy), e.EscalatedAt, e.AnsweredAt, e.ClosedAt)
}

// Maatwerk adds a deviation, with its outcome when m.OutcomeResult is set, and
// sets m.ID.
func (b *BulkTx) Maatwerk(m *kluwen.Maatwerk) error {
	if err := m.Validate(b.tx.today); err != nil {
		return invalid("maatwerk", err)
	}
	if m.OutcomeResult != "" {
		o := kluwen.MaatwerkOutcome{Outcome: m.Outcome, Result: m.OutcomeResult}
		if m.OutcomeOn != nil {
			o.On = *m.OutcomeOn
		}
		if err := o.Validate(m.DecidedOn, b.tx.today); err != nil {
			return invalid("maatwerk outcome", err)
		}
		m.Outcome = o.Outcome
	}
	m.CreatedAt = b.stamp(m.CreatedAt)
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = m.CreatedAt
	}
	id, err := b.nextID("maatwerk")
	if err != nil {
		return err
	}
	m.ID = id
	return b.add("maatwerk", bulkMaatwerkCols, id, m.CaseID, m.Rule, m.Reason, int(m.Domain), m.ExpectedEffect, m.CostCents, m.ApprovedByName, m.ApprovedByRole,
		m.ApprovedByUserID, dateArg(m.DecidedOn), m.Outcome, string(m.OutcomeResult), optDateArg(m.OutcomeOn), orNull(m.CreatedBy), m.CreatedAt, m.UpdatedAt)
}
