package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// This file holds the one plan of a case: goals, actions, progress notes and the
// versions of every change. Coordinators (kluwen.CaseCoordinateBasis) make and
// change goals and actions; the owning organisation of an action works on it
// (kluwen.ActionWorkBasis); readers of the case read the plan without the
// confidential items that are not theirs (kluwen.ItemVisible). A closed case's
// plan is read-only. Access-log entries name the case, the household and the
// persons concerned.

var _ kluwen.PlanService = (*DB)(nil)

// Notification kinds sent by the case work: the values of the notification
// service's kinds for an assigned action and a conference invitation.
const (
	NotifyActionAssigned       = "action_assigned"
	NotifyConferenceInvitation = "conference_invitation"
)

// Notifier delivers in-app notifications. It is called inside the transaction of
// the change it announces, so that the notification exists exactly when the change
// does; text and link carry no personal data of the household.
type Notifier interface {
	Notify(ctx context.Context, tx *Tx, userID int64, kind, text, link string) error
}

// SetNotifier replaces the delivery of the case work's notifications (tests
// record them with it). By default they are the store's own in-app
// notifications, which also queue an e-mail when mail is on. Call it while
// wiring, before serving.
func (db *DB) SetNotifier(n Notifier) { db.notifier = n }

// sendNotification sends a notification in the transaction of the change it
// announces. The actor is never told about their own doing.
func (tx *Tx) sendNotification(ctx context.Context, userID int64, kind, text, link string) error {
	if userID == 0 || (tx.actor != nil && tx.actor.UserID == userID) {
		return nil
	}
	if tx.db.notifier != nil {
		return tx.db.notifier.Notify(ctx, tx, userID, kind, text, link)
	}
	return tx.notify(ctx, &kluwen.Notification{UserID: userID, Kind: kluwen.NotificationKind(kind), Text: text, Link: link})
}

// caseHousehold returns the household of a case.
func (tx *Tx) caseHousehold(ctx context.Context, caseID int64) (int64, error) {
	var h int64
	err := tx.queryRow(ctx, `SELECT household_id FROM cases WHERE id = ?`, caseID).Scan(&h)
	if isNoRows(err) {
		return 0, notFound("De casus")
	}
	return h, err
}

// caseObjects is the access-log objects of an event in a case: the case, its
// household and the persons concerned.
func caseObjects(caseID, householdID int64, personIDs ...int64) []kluwen.ObjectRef {
	var s objectSet
	s.add(kluwen.ObjectCase, caseID)
	s.add(kluwen.ObjectHousehold, householdID)
	for _, p := range personIDs {
		s.add(kluwen.ObjectPerson, p)
	}
	return s.refs
}

// caseWriteAccess checks that the actor may change something in an open case: a
// coordinator when ownerOrgID is 0, else a coordinator or the owning organisation
// of the action (kluwen.ActionWorkBasis). A case the actor may not read answers
// ENOTFOUND, a closed case EFORBIDDEN with its own message, anything else the
// actor may not do EFORBIDDEN. Refusals are logged.
func (tx *Tx) caseWriteAccess(ctx context.Context, caseID int64, eventType string, action kluwen.AuditAction, ownerOrgID int64) (kluwen.CaseFacts, string, error) {
	f, _, err := tx.caseAccess(ctx, caseID, eventType, action, false)
	if err != nil {
		return f, "", err
	}
	obj := kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: caseID}
	if f.Closed && !tx.actor.System() {
		tx.refuse(eventType, action, reasonClosedCase, obj)
		return f, "", errClosedCase()
	}
	var basis string
	var ok bool
	if ownerOrgID == 0 {
		basis, ok = kluwen.CaseCoordinateBasis(tx.actor, f)
	} else {
		basis, ok = kluwen.ActionWorkBasis(tx.actor, f, ownerOrgID)
	}
	if !ok {
		tx.refuse(eventType, action, reasonNoChange, obj)
		return f, "", forbidden()
	}
	return f, basis, nil
}

// madeOn is the date in the Netherlands of an instant.
func madeOn(t time.Time) time.Time { return kluwen.DateOf(t.In(amsterdam)) }

const goalColumns = `g.id, g.case_id, g.domain, g.description, g.target_date, g.status, g.evaluation, g.confidentiality, g.organisation_id, g.created_by, g.created_at, g.updated_at`

func scanGoal(sc rowScanner) (*kluwen.Goal, error) {
	g := &kluwen.Goal{}
	var status, conf string
	var by sql.NullInt64
	if err := sc.Scan(&g.ID, &g.CaseID, &g.Domain, &g.Description, timeScan{&g.TargetDate}, &status, &g.Evaluation, &conf,
		&g.OrganisationID, &by, timeScan{&g.CreatedAt}, timeScan{&g.UpdatedAt}); err != nil {
		return nil, err
	}
	g.Status, g.Confidentiality, g.CreatedBy = kluwen.GoalStatus(status), kluwen.Confidentiality(conf), by.Int64
	g.PersonIDs, g.Actions, g.Notes = []int64{}, []*kluwen.Action{}, []*kluwen.ProgressNote{}
	return g, nil
}

// queryGoals reads the goals matching where (alias g) with their persons, ordered
// by domain, target date and ID, without actions and notes.
func (tx *Tx) queryGoals(ctx context.Context, where string, args ...any) ([]*kluwen.Goal, error) {
	rows, err := tx.query(ctx, `SELECT `+goalColumns+` FROM goals g WHERE `+where+` ORDER BY g.domain, g.target_date, g.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*kluwen.Goal
	byID := map[int64]*kluwen.Goal{}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, g)
		byID[g.ID] = g
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]int64, len(out))
	for i, g := range out {
		ids[i] = g.ID
	}
	in, inArgs := idList(ids)
	prows, err := tx.query(ctx, `SELECT goal_id, person_id FROM goal_persons WHERE goal_id IN (`+in+`) ORDER BY goal_id, person_id`, inArgs...)
	if err != nil {
		return nil, err
	}
	defer prows.Close()
	for prows.Next() {
		var gid, pid int64
		if err := prows.Scan(&gid, &pid); err != nil {
			return nil, err
		}
		byID[gid].PersonIDs = append(byID[gid].PersonIDs, pid)
	}
	return out, prows.Err()
}

// loadGoal reads one goal with its persons; ENOTFOUND when there is none.
func (tx *Tx) loadGoal(ctx context.Context, id int64) (*kluwen.Goal, error) {
	gs, err := tx.queryGoals(ctx, `g.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(gs) == 0 {
		return nil, notFound("Het doel")
	}
	return gs[0], nil
}

const actionColumns = `a.id, a.goal_id, a.case_id, a.description, a.organisation_id, a.owner_user_id, a.kind, a.due_date, a.status, a.confidentiality, a.decision_id, a.created_by, a.created_at, a.updated_at`

func scanAction(sc rowScanner) (*kluwen.Action, error) {
	a := &kluwen.Action{}
	var kind, status, conf string
	var decision, by sql.NullInt64
	if err := sc.Scan(&a.ID, &a.GoalID, &a.CaseID, &a.Description, &a.OrganisationID, &a.OwnerUserID, &kind, timeScan{&a.DueDate},
		&status, &conf, &decision, &by, timeScan{&a.CreatedAt}, timeScan{&a.UpdatedAt}); err != nil {
		return nil, err
	}
	a.Kind, a.Status, a.Confidentiality, a.CreatedBy = kluwen.ActionKind(kind), kluwen.ActionStatus(status), kluwen.Confidentiality(conf), by.Int64
	if decision.Valid {
		id := decision.Int64
		a.DecisionID = &id
	}
	a.Notes = []*kluwen.ProgressNote{}
	return a, nil
}

// queryActions reads the actions matching where (alias a), by due date and ID.
func (tx *Tx) queryActions(ctx context.Context, where string, args ...any) ([]*kluwen.Action, error) {
	rows, err := tx.query(ctx, `SELECT `+actionColumns+` FROM actions a WHERE `+where+` ORDER BY a.due_date, a.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*kluwen.Action
	for rows.Next() {
		a, err := scanAction(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// loadAction reads one action; ENOTFOUND when there is none.
func (tx *Tx) loadAction(ctx context.Context, id int64) (*kluwen.Action, error) {
	as, err := tx.queryActions(ctx, `a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		return nil, notFound("De actie")
	}
	return as[0], nil
}

// planView is a case's plan loaded whole, with the visibility rules applied for
// the actor.
type planView struct {
	facts   kluwen.CaseFacts
	goals   []*kluwen.Goal           // every goal, with every action and note attached
	actions map[int64]*kluwen.Action // every action by ID
}

// loadPlanView reads every goal, action and note of a case.
func (tx *Tx) loadPlanView(ctx context.Context, f kluwen.CaseFacts) (*planView, error) {
	pv := &planView{facts: f, actions: map[int64]*kluwen.Action{}}
	var err error
	if pv.goals, err = tx.queryGoals(ctx, `g.case_id = ?`, f.CaseID); err != nil {
		return nil, err
	}
	goals := map[int64]*kluwen.Goal{}
	for _, g := range pv.goals {
		goals[g.ID] = g
	}
	actions, err := tx.queryActions(ctx, `a.case_id = ?`, f.CaseID)
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		pv.actions[a.ID] = a
		if g := goals[a.GoalID]; g != nil {
			g.Actions = append(g.Actions, a)
		}
	}
	rows, err := tx.query(ctx, `SELECT n.id, n.goal_id, n.action_id, n.text, n.user_id, n.created_at
		FROM plan_notes n JOIN goals g ON g.id = n.goal_id WHERE g.case_id = ? ORDER BY n.created_at, n.id`, f.CaseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		n, err := scanNote(rows)
		if err != nil {
			return nil, err
		}
		if n.ActionID != nil {
			if a := pv.actions[*n.ActionID]; a != nil {
				a.Notes = append(a.Notes, n)
			}
		} else if g := goals[n.GoalID]; g != nil {
			g.Notes = append(g.Notes, n)
		}
	}
	return pv, rows.Err()
}

func scanNote(sc rowScanner) (*kluwen.ProgressNote, error) {
	n := &kluwen.ProgressNote{}
	var action, user sql.NullInt64
	if err := sc.Scan(&n.ID, &n.GoalID, &action, &n.Text, &user, timeScan{&n.CreatedAt}); err != nil {
		return nil, err
	}
	if action.Valid {
		id := action.Int64
		n.ActionID = &id
	}
	n.UserID = user.Int64
	return n, nil
}

// goalOwners are the organisations a goal belongs to for confidentiality: its own
// organisation and those owning an action under it, who work on it.
func goalOwners(g *kluwen.Goal) []int64 {
	owners := []int64{g.OrganisationID}
	for _, a := range g.Actions {
		owners = append(owners, a.OrganisationID)
	}
	return owners
}

// goalVisible reports whether the actor sees the goal (with its actions loaded).
func (tx *Tx) goalVisible(f kluwen.CaseFacts, g *kluwen.Goal) bool {
	return kluwen.ItemVisible(tx.actor, f, g.Confidentiality, goalOwners(g)...)
}

// actionVisible reports whether the actor sees the action under its goal g.
func (tx *Tx) actionVisible(f kluwen.CaseFacts, g *kluwen.Goal, a *kluwen.Action) bool {
	return tx.goalVisible(f, g) && kluwen.ItemVisible(tx.actor, f, a.Confidentiality, a.OrganisationID)
}

// visible returns the goals the actor sees, each with only the actions they see.
func (pv *planView) visible(tx *Tx) []*kluwen.Goal {
	out := []*kluwen.Goal{}
	for _, g := range pv.goals {
		if !tx.goalVisible(pv.facts, g) {
			continue
		}
		c := *g
		c.Actions = []*kluwen.Action{}
		for _, a := range g.Actions {
			if tx.actionVisible(pv.facts, g, a) {
				c.Actions = append(c.Actions, a)
			}
		}
		out = append(out, &c)
	}
	return out
}

// persons returns the persons concerned of the goals.
func personsOf(goals ...*kluwen.Goal) []int64 {
	var ids []int64
	for _, g := range goals {
		ids = append(ids, g.PersonIDs...)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// checkGoalPersons adds a field error unless every person is a current member of
// the household.
func (tx *Tx) checkGoalPersons(ctx context.Context, v *kluwen.Validator, householdID int64, ids []int64) error {
	if len(ids) == 0 || v.Has("personIds") {
		return nil
	}
	in, args := idList(ids)
	today := dateArg(tx.today)
	var n int
	err := tx.queryRow(ctx, `SELECT count(DISTINCT person_id) FROM memberships
		WHERE household_id = ? AND person_id IN (`+in+`) AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)`,
		append(append([]any{householdID}, args...), today, today)...).Scan(&n)
	if err != nil {
		return err
	}
	v.Check(n == len(ids), "personIds", "Kies als betrokken personen alleen mensen die nu tot het huishouden horen.")
	return nil
}

// checkActionOwner adds field errors unless the owning organisation is the case's
// own or an involved partner today, and the owning user an active regisseur or
// professional of it. Without an owning user it takes the contact of the
// partner's involvement, if there is one.
func (tx *Tx) checkActionOwner(ctx context.Context, v *kluwen.Validator, f kluwen.CaseFacts, a *kluwen.Action) error {
	if v.Has("organisationId") {
		return nil
	}
	today := dateArg(tx.today)
	var contact sql.NullInt64
	if a.OrganisationID != f.OrganisationID {
		err := tx.queryRow(ctx, `SELECT contact_user_id FROM involvements
			WHERE case_id = ? AND organisation_id = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)
			ORDER BY from_date, id LIMIT 1`, f.CaseID, a.OrganisationID, today, today).Scan(&contact)
		if isNoRows(err) {
			v.Add("organisationId", "Kies als eigenaar een partner die nu bij de casus betrokken is.")
			return nil
		}
		if err != nil {
			return err
		}
	}
	if a.OwnerUserID == 0 && contact.Valid {
		a.OwnerUserID = contact.Int64
	}
	if a.OwnerUserID == 0 {
		v.Add("ownerUserId", "Kies de medewerker van de partner die de actie uitvoert.")
		return nil
	}
	var org int64
	var role string
	var disabled bool
	err := tx.queryRow(ctx, `SELECT organisation_id, role, disabled FROM users WHERE id = ?`, a.OwnerUserID).Scan(&org, &role, &disabled)
	if err != nil && !isNoRows(err) {
		return err
	}
	r := kluwen.Role(role)
	v.Check(err == nil && org == a.OrganisationID && !disabled && (r == kluwen.RoleRegisseur || r == kluwen.RoleProfessional),
		"ownerUserId", "Kies als uitvoerder een actieve medewerker van de partner die eigenaar is van de actie.")
	return nil
}

// Snapshots for the versions: every field as text.

func goalFields(g *kluwen.Goal) [][2]string {
	persons := make([]string, len(g.PersonIDs))
	for i, p := range g.PersonIDs {
		persons[i] = strconv.FormatInt(p, 10)
	}
	return [][2]string{
		{"domain", strconv.Itoa(int(g.Domain))},
		{"personIds", strings.Join(persons, ",")},
		{"description", g.Description},
		{"targetDate", dateArg(g.TargetDate)},
		{"status", string(g.Status)},
		{"evaluation", g.Evaluation},
		{"confidentiality", string(g.Confidentiality)},
	}
}

func actionFields(a *kluwen.Action) [][2]string {
	decision := ""
	if a.DecisionID != nil {
		decision = strconv.FormatInt(*a.DecisionID, 10)
	}
	return [][2]string{
		{"description", a.Description},
		{"organisationId", strconv.FormatInt(a.OrganisationID, 10)},
		{"ownerUserId", strconv.FormatInt(a.OwnerUserID, 10)},
		{"kind", string(a.Kind)},
		{"dueDate", dateArg(a.DueDate)},
		{"status", string(a.Status)},
		{"confidentiality", string(a.Confidentiality)},
		{"decisionId", decision},
	}
}

// fieldChanges lists the fields that differ; before nil lists every field that
// has a value (a creation).
func fieldChanges(before, after [][2]string) []kluwen.FieldChange {
	var out []kluwen.FieldChange
	for i, f := range after {
		var old string
		if before != nil {
			old = before[i][1]
		}
		if old != f[1] {
			out = append(out, kluwen.FieldChange{Field: f[0], Before: old, After: f[1]})
		}
	}
	return out
}

// recordVersion keeps one change of a goal (actionID 0) or an action.
func (tx *Tx) recordVersion(ctx context.Context, caseID, goalID, actionID int64, changes []kluwen.FieldChange) error {
	if len(changes) == 0 {
		return nil
	}
	body, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	object, where, arg := kluwen.PlanObjectGoal, `goal_id = ? AND action_id IS NULL`, goalID
	var action any
	if actionID != 0 {
		object, where, arg, action = kluwen.PlanObjectAction, `action_id = ?`, actionID, actionID
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COALESCE(max(version), 0) FROM plan_versions WHERE `+where, arg).Scan(&n); err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO plan_versions (case_id, object, goal_id, action_id, version, changes, user_id, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		caseID, object, goalID, action, n+1, string(body), tx.nullableUserID(), tx.now)
	return err
}

func (tx *Tx) writeGoalPersons(ctx context.Context, goalID int64, ids []int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM goal_persons WHERE goal_id = ?`, goalID); err != nil {
		return err
	}
	for _, p := range ids {
		if _, err := tx.exec(ctx, `INSERT INTO goal_persons (goal_id, person_id) VALUES (?, ?)`, goalID, p); err != nil {
			return err
		}
	}
	return nil
}

// CreateGoal adds a goal to the plan of a case the actor coordinates. It starts
// open; the target date may not lie in the past.
func (db *DB) CreateGoal(ctx context.Context, g *kluwen.Goal) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		f, basis, err := tx.caseWriteAccess(ctx, g.CaseID, "goal.create", kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, g.CaseID)
		if err != nil {
			return err
		}
		g.Status, g.Evaluation = kluwen.GoalOpen, ""
		var v kluwen.Validator
		if err := mergeFields(&v, g.Validate(tx.today)); err != nil {
			return err
		}
		if err := tx.checkGoalPersons(ctx, &v, household, g.PersonIDs); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		g.OrganisationID, g.CreatedBy, g.CreatedAt, g.UpdatedAt = f.OrganisationID, tx.actor.UserID, tx.now, tx.now
		if g.ID, err = tx.insert(ctx, `INSERT INTO goals (case_id, domain, description, target_date, status, evaluation, confidentiality, organisation_id, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			g.CaseID, int(g.Domain), g.Description, dateArg(g.TargetDate), string(g.Status), g.Evaluation, string(g.Confidentiality),
			g.OrganisationID, tx.nullableUserID(), tx.now, tx.now); err != nil {
			return err
		}
		if err := tx.writeGoalPersons(ctx, g.ID, g.PersonIDs); err != nil {
			return err
		}
		if err := tx.recordVersion(ctx, g.CaseID, g.ID, 0, fieldChanges(nil, goalFields(g))); err != nil {
			return err
		}
		if g.PersonIDs == nil {
			g.PersonIDs = []int64{}
		}
		g.Actions, g.Notes = []*kluwen.Action{}, []*kluwen.ProgressNote{}
		tx.log("goal.create", kluwen.AuditCreate, basis, caseObjects(g.CaseID, household, g.PersonIDs...)...)
		return nil
	})
}

// UpdateGoal changes a goal of a case the actor coordinates. An evaluation
// (achieved, not achieved, cancelled) needs an evaluation text; a status change
// must be allowed by kluwen.GoalStatus.CanMoveTo.
func (db *DB) UpdateGoal(ctx context.Context, id int64, u kluwen.GoalUpdate) (*kluwen.Goal, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var g *kluwen.Goal
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if g, err = tx.loadGoal(ctx, id); err != nil {
			return err
		}
		_, basis, err := tx.caseWriteAccess(ctx, g.CaseID, "goal.update", kluwen.AuditUpdate, 0)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
				return notFound("Het doel")
			}
			return err
		}
		household, err := tx.caseHousehold(ctx, g.CaseID)
		if err != nil {
			return err
		}
		before := goalFields(g)
		beforePersons := g.PersonIDs
		var v kluwen.Validator
		if u.Status != nil && *u.Status != g.Status {
			if u.Status.Valid() && !g.Status.CanMoveTo(*u.Status) {
				v.Add("status", fmt.Sprintf("Een doel met de status %s kan niet naar de status %s.", g.Status.Label(), u.Status.Label()))
			}
			g.Status = *u.Status
		}
		if u.Domain != nil {
			g.Domain = *u.Domain
		}
		if u.PersonIDs != nil {
			g.PersonIDs = slices.Clone(*u.PersonIDs)
		}
		if u.Description != nil {
			g.Description = *u.Description
		}
		if u.TargetDate != nil {
			g.TargetDate = *u.TargetDate
		}
		if u.Evaluation != nil {
			g.Evaluation = *u.Evaluation
		}
		if u.Confidentiality != nil {
			g.Confidentiality = *u.Confidentiality
		}
		if err := mergeFields(&v, g.Validate(madeOn(g.CreatedAt))); err != nil {
			return err
		}
		if u.PersonIDs != nil && !slices.Equal(g.PersonIDs, beforePersons) {
			if err := tx.checkGoalPersons(ctx, &v, household, g.PersonIDs); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		changes := fieldChanges(before, goalFields(g))
		if len(changes) == 0 {
			tx.log("goal.update", kluwen.AuditUpdate, basis+"; ongewijzigd", caseObjects(g.CaseID, household, g.PersonIDs...)...)
			return nil
		}
		g.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, `UPDATE goals SET domain = ?, description = ?, target_date = ?, status = ?, evaluation = ?, confidentiality = ?, updated_at = ? WHERE id = ?`,
			int(g.Domain), g.Description, dateArg(g.TargetDate), string(g.Status), g.Evaluation, string(g.Confidentiality), tx.now, id); err != nil {
			return err
		}
		if u.PersonIDs != nil {
			if err := tx.writeGoalPersons(ctx, id, g.PersonIDs); err != nil {
				return err
			}
		}
		if err := tx.recordVersion(ctx, g.CaseID, id, 0, changes); err != nil {
			return err
		}
		tx.log("goal.update", kluwen.AuditUpdate, basis, caseObjects(g.CaseID, household, append(beforePersons, g.PersonIDs...)...)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// goalForWrite loads a goal for adding to it: it must exist in a case the actor
// may read and be visible to them (else ENOTFOUND "Het doel").
func (tx *Tx) goalForWrite(ctx context.Context, goalID int64, eventType string, action kluwen.AuditAction) (*kluwen.Goal, error) {
	g, err := tx.loadGoal(ctx, goalID)
	if err != nil {
		return nil, err
	}
	f, _, err := tx.caseAccess(ctx, g.CaseID, eventType, action, false)
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			return nil, notFound("Het doel")
		}
		return nil, err
	}
	if g.Actions, err = tx.queryActions(ctx, `a.goal_id = ?`, g.ID); err != nil {
		return nil, err
	}
	if !tx.goalVisible(f, g) {
		tx.refuse(eventType, action, reasonNeedToKnow, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: g.CaseID})
		return nil, notFound("Het doel")
	}
	return g, nil
}

// createAction validates and inserts an action under goal g of a case the actor
// coordinates (facts f), records its first version and notifies its owner.
func (tx *Tx) createAction(ctx context.Context, f kluwen.CaseFacts, g *kluwen.Goal, a *kluwen.Action, v *kluwen.Validator) error {
	a.CaseID, a.Status = g.CaseID, kluwen.ActionOpen
	if err := mergeFields(v, a.Validate(madeOn(g.CreatedAt))); err != nil {
		return err
	}
	if g.Status != kluwen.GoalOpen && !v.Has("goalId") {
		v.Add("goalId", "Dit doel is al geëvalueerd. Kies een open doel of heropen het doel eerst.")
	}
	if err := tx.checkActionOwner(ctx, v, f, a); err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	a.CreatedBy, a.CreatedAt, a.UpdatedAt, a.Notes = tx.actor.UserID, tx.now, tx.now, []*kluwen.ProgressNote{}
	var decision any
	if a.DecisionID != nil {
		decision = *a.DecisionID
	}
	var err error
	if a.ID, err = tx.insert(ctx, `INSERT INTO actions (goal_id, case_id, description, organisation_id, owner_user_id, kind, due_date, status, confidentiality, decision_id, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.GoalID, a.CaseID, a.Description, a.OrganisationID, a.OwnerUserID, string(a.Kind), dateArg(a.DueDate), string(a.Status),
		string(a.Confidentiality), decision, tx.nullableUserID(), tx.now, tx.now); err != nil {
		return err
	}
	if err := tx.recordVersion(ctx, a.CaseID, a.GoalID, a.ID, fieldChanges(nil, actionFields(a))); err != nil {
		return err
	}
	return tx.sendNotification(ctx, a.OwnerUserID, NotifyActionAssigned,
		fmt.Sprintf("Er is een actie aan u toegewezen in casus %d, klaar op %s.", a.CaseID, a.DueDate.Format("02-01-2006")),
		fmt.Sprintf("/casussen/%d/plan#actie-%d", a.CaseID, a.ID))
}

// CreateAction assigns an action under an open goal of a case the actor
// coordinates to a partner involved in it (or the case's own organisation). Its
// due date may not lie before the day the goal was made. The owner is notified.
func (db *DB) CreateAction(ctx context.Context, a *kluwen.Action) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var v kluwen.Validator
		if a.GoalID <= 0 {
			if err := mergeFields(&v, a.Validate(time.Time{})); err != nil {
				return err
			}
			return v.Err()
		}
		g, err := tx.goalForWrite(ctx, a.GoalID, "action.create", kluwen.AuditCreate)
		if err != nil {
			return err
		}
		f, basis, err := tx.caseWriteAccess(ctx, g.CaseID, "action.create", kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		a.DecisionID = nil
		if err := tx.createAction(ctx, f, g, a, &v); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, g.CaseID)
		if err != nil {
			return err
		}
		tx.log("action.create", kluwen.AuditCreate, basis, caseObjects(g.CaseID, household, g.PersonIDs...)...)
		return nil
	})
}

// UpdateAction changes an action. Coordinators of the case change every field;
// users of the owning organisation only its status (any other field answers
// EFORBIDDEN). A status change must be allowed by kluwen.ActionStatus.CanMoveTo.
func (db *DB) UpdateAction(ctx context.Context, id int64, u kluwen.ActionUpdate) (*kluwen.Action, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var a *kluwen.Action
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if a, err = tx.loadAction(ctx, id); err != nil {
			return err
		}
		var v kluwen.Validator
		g, err := tx.goalForWrite(ctx, a.GoalID, "action.update", kluwen.AuditUpdate)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
				return notFound("De actie")
			}
			return err
		}
		f, err := tx.caseFacts(ctx, a.CaseID)
		if err != nil {
			return err
		}
		if !tx.actionVisible(f, g, a) {
			tx.refuse("action.update", kluwen.AuditUpdate, reasonNeedToKnow, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: a.CaseID})
			return notFound("De actie")
		}
		onlyStatus := u.Description == nil && u.OrganisationID == nil && u.OwnerUserID == nil && u.Kind == nil && u.DueDate == nil && u.Confidentiality == nil
		owner := int64(0)
		if onlyStatus {
			owner = a.OrganisationID
		}
		f, basis, err := tx.caseWriteAccess(ctx, a.CaseID, "action.update", kluwen.AuditUpdate, owner)
		if err != nil {
			return err
		}
		before := actionFields(a)
		beforeOwner := a.OwnerUserID
		if u.Status != nil && *u.Status != a.Status {
			if u.Status.Valid() && !a.Status.CanMoveTo(*u.Status) {
				v.Add("status", fmt.Sprintf("Een actie met de status %s kan niet naar de status %s.", a.Status.Label(), u.Status.Label()))
			}
			a.Status = *u.Status
		}
		if u.Description != nil {
			a.Description = *u.Description
		}
		if u.OrganisationID != nil && *u.OrganisationID != a.OrganisationID {
			a.OrganisationID = *u.OrganisationID
			if u.OwnerUserID == nil {
				a.OwnerUserID = 0 // the new partner's contact, or an error asking for one
			}
		}
		if u.OwnerUserID != nil {
			a.OwnerUserID = *u.OwnerUserID
		}
		if u.Kind != nil {
			a.Kind = *u.Kind
		}
		if u.DueDate != nil {
			a.DueDate = *u.DueDate
		}
		if u.Confidentiality != nil {
			a.Confidentiality = *u.Confidentiality
		}
		if err := mergeFields(&v, a.Validate(madeOn(g.CreatedAt))); err != nil {
			return err
		}
		if u.OrganisationID != nil || u.OwnerUserID != nil {
			if err := tx.checkActionOwner(ctx, &v, f, a); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, a.CaseID)
		if err != nil {
			return err
		}
		objs := caseObjects(a.CaseID, household, g.PersonIDs...)
		changes := fieldChanges(before, actionFields(a))
		if len(changes) == 0 {
			tx.log("action.update", kluwen.AuditUpdate, basis+"; ongewijzigd", objs...)
			return nil
		}
		a.UpdatedAt = tx.now
		if _, err := tx.exec(ctx, `UPDATE actions SET description = ?, organisation_id = ?, owner_user_id = ?, kind = ?, due_date = ?, status = ?, confidentiality = ?, updated_at = ? WHERE id = ?`,
			a.Description, a.OrganisationID, a.OwnerUserID, string(a.Kind), dateArg(a.DueDate), string(a.Status), string(a.Confidentiality), tx.now, id); err != nil {
			return err
		}
		if err := tx.recordVersion(ctx, a.CaseID, a.GoalID, id, changes); err != nil {
			return err
		}
		if a.OwnerUserID != beforeOwner {
			if err := tx.sendNotification(ctx, a.OwnerUserID, NotifyActionAssigned,
				fmt.Sprintf("Er is een actie aan u toegewezen in casus %d, klaar op %s.", a.CaseID, a.DueDate.Format("02-01-2006")),
				fmt.Sprintf("/casussen/%d/plan#actie-%d", a.CaseID, a.ID)); err != nil {
				return err
			}
		}
		tx.log("action.update", kluwen.AuditUpdate, basis, objs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// AddProgressNote notes progress on a goal (ActionID nil) or on an action. The
// coordinators note on both; the owning organisation of an action on that action,
// and on its goal.
func (db *DB) AddProgressNote(ctx context.Context, n *kluwen.ProgressNote) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var v kluwen.Validator
		var a *kluwen.Action
		if n.ActionID != nil {
			var err error
			if a, err = tx.loadAction(ctx, *n.ActionID); err != nil {
				return err
			}
			n.GoalID = a.GoalID
		}
		if err := mergeFields(&v, n.Validate()); err != nil {
			return err
		}
		if n.GoalID <= 0 {
			return v.Err()
		}
		g, err := tx.goalForWrite(ctx, n.GoalID, "plannote.create", kluwen.AuditCreate)
		if err != nil {
			return err
		}
		f, err := tx.caseFacts(ctx, g.CaseID)
		if err != nil {
			return err
		}
		var basis string
		if a != nil {
			if !tx.actionVisible(f, g, a) {
				tx.refuse("plannote.create", kluwen.AuditCreate, reasonNeedToKnow, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: g.CaseID})
				return notFound("De actie")
			}
			if _, basis, err = tx.caseWriteAccess(ctx, g.CaseID, "plannote.create", kluwen.AuditCreate, a.OrganisationID); err != nil {
				return err
			}
		} else {
			// On the goal itself: a coordinator, or an owner of an action under it.
			owner := int64(0)
			if tx.actor != nil && !kluwen.CaseCoordinator(tx.actor, f) {
				for _, x := range g.Actions {
					if x.OrganisationID == tx.actor.OrganisationID {
						owner = x.OrganisationID
					}
				}
			}
			if _, basis, err = tx.caseWriteAccess(ctx, g.CaseID, "plannote.create", kluwen.AuditCreate, owner); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var action any
		if n.ActionID != nil {
			action = *n.ActionID
		}
		n.UserID, n.CreatedAt = tx.actor.UserID, tx.now
		if n.ID, err = tx.insert(ctx, `INSERT INTO plan_notes (goal_id, action_id, text, user_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			n.GoalID, action, n.Text, tx.nullableUserID(), tx.now); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, g.CaseID)
		if err != nil {
			return err
		}
		tx.log("plannote.create", kluwen.AuditCreate, basis, caseObjects(g.CaseID, household, g.PersonIDs...)...)
		return nil
	})
}

// FindPlan returns the plan of a case the actor may read, with the goals and
// actions they may see.
func (db *DB) FindPlan(ctx context.Context, caseID int64) (*kluwen.Plan, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var p *kluwen.Plan
	err := db.update(ctx, func(tx *Tx) error {
		f, basis, err := tx.caseAccess(ctx, caseID, "plan.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		pv, err := tx.loadPlanView(ctx, f)
		if err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, caseID)
		if err != nil {
			return err
		}
		p = &kluwen.Plan{CaseID: caseID, Closed: f.Closed, Goals: pv.visible(tx)}
		tx.log("plan.read", kluwen.AuditRead, basis, caseObjects(caseID, household, personsOf(p.Goals...)...)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindPlanHistory returns the versions of the goals and actions of a case that the
// actor may see, oldest first.
func (db *DB) FindPlanHistory(ctx context.Context, caseID int64) ([]*kluwen.PlanVersion, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.PlanVersion
	err := db.update(ctx, func(tx *Tx) error {
		f, basis, err := tx.caseAccess(ctx, caseID, "plan.history", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		pv, err := tx.loadPlanView(ctx, f)
		if err != nil {
			return err
		}
		goals := map[int64]bool{}
		actions := map[int64]bool{}
		visible := pv.visible(tx)
		for _, g := range visible {
			goals[g.ID] = true
			for _, a := range g.Actions {
				actions[a.ID] = true
			}
		}
		rows, err := tx.query(ctx, `SELECT id, case_id, object, goal_id, action_id, version, changes, user_id, changed_at
			FROM plan_versions WHERE case_id = ? ORDER BY changed_at, id`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []*kluwen.PlanVersion{}
		for rows.Next() {
			pv := &kluwen.PlanVersion{}
			var action, user sql.NullInt64
			var changes string
			if err := rows.Scan(&pv.ID, &pv.CaseID, &pv.Object, &pv.GoalID, &action, &pv.Version, &changes, &user, timeScan{&pv.ChangedAt}); err != nil {
				return err
			}
			if action.Valid {
				id := action.Int64
				pv.ActionID = &id
				if !actions[id] {
					continue
				}
			} else if !goals[pv.GoalID] {
				continue
			}
			if err := json.Unmarshal([]byte(changes), &pv.Changes); err != nil {
				return err
			}
			pv.UserID = user.Int64
			out = append(out, pv)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, caseID)
		if err != nil {
			return err
		}
		tx.log("plan.history", kluwen.AuditRead, basis, caseObjects(caseID, household, personsOf(visible...)...)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// PlanBalance counts the actions of a case the actor may see per kind, open (open
// or busy) and all, with their shares.
func (db *DB) PlanBalance(ctx context.Context, caseID int64) (*kluwen.ActionBalance, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var b *kluwen.ActionBalance
	err := db.update(ctx, func(tx *Tx) error {
		f, basis, err := tx.caseAccess(ctx, caseID, "plan.balance", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		pv, err := tx.loadPlanView(ctx, f)
		if err != nil {
			return err
		}
		var actions []*kluwen.Action
		for _, g := range pv.visible(tx) {
			actions = append(actions, g.Actions...)
		}
		b = balanceOf(caseID, actions)
		household, err := tx.caseHousehold(ctx, caseID)
		if err != nil {
			return err
		}
		tx.log("plan.balance", kluwen.AuditRead, basis, caseObjects(caseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// balanceOf counts actions per kind.
func balanceOf(caseID int64, actions []*kluwen.Action) *kluwen.ActionBalance {
	b := &kluwen.ActionBalance{CaseID: caseID}
	for _, k := range kluwen.ActionKinds {
		kb := kluwen.KindBalance{Kind: k}
		for _, a := range actions {
			if a.Kind != k {
				continue
			}
			kb.All++
			if a.Status.Pending() {
				kb.Open++
			}
		}
		b.Open += kb.Open
		b.All += kb.All
		b.Kinds = append(b.Kinds, kb)
	}
	for i := range b.Kinds {
		if b.Open > 0 {
			b.Kinds[i].OpenShare = float64(b.Kinds[i].Open) / float64(b.Open)
		}
		if b.All > 0 {
			b.Kinds[i].AllShare = float64(b.Kinds[i].All) / float64(b.All)
		}
	}
	return b
}

// FindDueActions returns the actor's pending actions that are overdue or due
// within kluwen.DueSoonDays, on open cases they may still read, for their
// organisation.
func (db *DB) FindDueActions(ctx context.Context) (*kluwen.DueActions, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	d := &kluwen.DueActions{Overdue: []*kluwen.Action{}, DueSoon: []*kluwen.Action{}}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "action.search", kluwen.AuditRead); err != nil {
			return err
		}
		vis, visArgs := tx.caseVisibleSQL("c")
		args := append([]any{tx.actor.UserID, tx.actor.OrganisationID, dateArg(tx.today.AddDate(0, 0, kluwen.DueSoonDays)), string(kluwen.CaseAfgesloten)}, visArgs...)
		actions, err := tx.queryActions(ctx, `a.owner_user_id = ? AND a.organisation_id = ? AND a.status IN ('open', 'bezig') AND a.due_date <= ?
			AND EXISTS (SELECT 1 FROM cases c WHERE c.id = a.case_id AND c.status <> ? AND `+vis+`)`, args...)
		if err != nil {
			return err
		}
		var objs objectSet
		for _, a := range actions {
			if a.DueDate.Before(tx.today) {
				d.Overdue = append(d.Overdue, a)
			} else {
				d.DueSoon = append(d.DueSoon, a)
			}
			objs.add(kluwen.ObjectCase, a.CaseID)
		}
		tx.log("action.search", kluwen.AuditRead, searchBasis(tx.actor)+"; eigen acties", objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// FamilyPlan returns the plan of a case as it is printed for the family: the
// goals and actions that are not confidential (nor under a confidential goal),
// the address and the names of the current members, without BSNs. Only the
// case's coordinators print it, also after closing; the print is logged as an
// export (case.plan.print).
func (db *DB) FamilyPlan(ctx context.Context, caseID int64) (*kluwen.FamilyPlan, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var fp *kluwen.FamilyPlan
	err := db.update(ctx, func(tx *Tx) error {
		const event = "case.plan.print"
		f, basis, err := tx.caseAccess(ctx, caseID, event, kluwen.AuditExport, false)
		if err != nil {
			return err
		}
		if !kluwen.CaseCoordinator(tx.actor, f) {
			tx.refuse(event, kluwen.AuditExport, reasonNoChange, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: caseID})
			return forbidden()
		}
		c, err := tx.loadCase(ctx, caseID)
		if err != nil {
			return err
		}
		h, err := tx.loadHousehold(ctx, c.HouseholdID)
		if err != nil {
			return err
		}
		fp = &kluwen.FamilyPlan{CaseID: caseID, Address: h.Address(), PrintedOn: tx.today, Members: []string{}, Goals: []kluwen.FamilyGoal{}}
		if err := tx.queryRow(ctx, `SELECT u.display_name, o.name FROM users u JOIN organisations o ON o.id = ? WHERE u.id = ?`,
			c.OrganisationID, c.RegisseurID).Scan(&fp.RegisseurName, &fp.OrganisationName); err != nil {
			return err
		}
		names := map[int64]string{}
		today := dateArg(tx.today)
		rows, err := tx.query(ctx, `SELECT p.id, p.given_name, p.family_name_prefix, p.family_name FROM memberships m JOIN persons p ON p.id = m.person_id
			WHERE m.household_id = ? AND m.from_date <= ? AND (m.to_date IS NULL OR m.to_date >= ?) ORDER BY m.from_date, m.id`, h.ID, today, today)
		if err != nil {
			return err
		}
		var printed []int64
		for rows.Next() {
			p := &kluwen.Person{}
			if err := rows.Scan(&p.ID, &p.GivenName, &p.FamilyNamePrefix, &p.FamilyName); err != nil {
				rows.Close()
				return err
			}
			if _, dup := names[p.ID]; !dup {
				names[p.ID] = p.Name()
				fp.Members = append(fp.Members, p.Name())
				printed = append(printed, p.ID)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		orgs := map[int64]string{}
		orows, err := tx.query(ctx, `SELECT DISTINCT o.id, o.name FROM organisations o JOIN actions a ON a.organisation_id = o.id WHERE a.case_id = ?`, caseID)
		if err != nil {
			return err
		}
		for orows.Next() {
			var id int64
			var name string
			if err := orows.Scan(&id, &name); err != nil {
				orows.Close()
				return err
			}
			orgs[id] = name
		}
		orows.Close()
		if err := orows.Err(); err != nil {
			return err
		}
		pv, err := tx.loadPlanView(ctx, f)
		if err != nil {
			return err
		}
		for _, g := range pv.goals {
			if g.Confidentiality != kluwen.Normal {
				continue
			}
			fg := kluwen.FamilyGoal{Domain: g.Domain, Description: g.Description, TargetDate: g.TargetDate, Status: g.Status, Persons: []string{}, Actions: []kluwen.FamilyAction{}}
			for _, p := range g.PersonIDs {
				if n, ok := names[p]; ok {
					fg.Persons = append(fg.Persons, n)
				}
			}
			for _, a := range g.Actions {
				if a.Confidentiality != kluwen.Normal {
					continue
				}
				fg.Actions = append(fg.Actions, kluwen.FamilyAction{Description: a.Description, Organisation: orgs[a.OrganisationID], DueDate: a.DueDate, Status: a.Status})
			}
			fp.Goals = append(fp.Goals, fg)
		}
		tx.log(event, kluwen.AuditExport, basis, caseObjects(caseID, h.ID, printed...)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return fp, nil
}

// checkGoalsEvaluated adds a field error "goals" for every goal of the case that
// is still open or has no evaluation: a case closes only when every goal is
// evaluated.
func (tx *Tx) checkGoalsEvaluated(ctx context.Context, v *kluwen.Validator, caseID int64) error {
	goals, err := tx.queryGoals(ctx, `g.case_id = ? AND (g.status = ? OR g.evaluation = '')`, caseID, string(kluwen.GoalOpen))
	if err != nil {
		return err
	}
	for _, g := range goals {
		v.Add("goals", fmt.Sprintf("Doel %d (%s, %s) is nog niet geëvalueerd: zet de status op behaald, niet behaald of vervallen en vul een evaluatie in.",
			g.ID, g.Domain.Label(), shorten(g.Description, 60)))
	}
	return nil
}

// shorten cuts s to at most n characters, ending in an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
