package kluwen

import (
	"context"
	"slices"
	"strings"
	"time"
)

// The one plan of a case: goals per life domain, and actions under the goals,
// each owned by one partner. Every change of a goal or an action is kept as a
// PlanVersion.

// GoalStatus is where a goal stands.
type GoalStatus string

// Goal statuses. A goal starts open and is evaluated as achieved, not achieved or
// cancelled; an evaluated goal may be reopened.
const (
	GoalOpen        GoalStatus = "open"
	GoalAchieved    GoalStatus = "behaald"
	GoalNotAchieved GoalStatus = "niet_behaald"
	GoalCancelled   GoalStatus = "vervallen"
)

// GoalStatuses lists the goal statuses in order.
var GoalStatuses = []GoalStatus{GoalOpen, GoalAchieved, GoalNotAchieved, GoalCancelled}

// Valid reports whether s is a known goal status.
func (s GoalStatus) Valid() bool { return slices.Contains(GoalStatuses, s) }

// Final reports whether the goal has been evaluated (achieved, not achieved or
// cancelled).
func (s GoalStatus) Final() bool { return s.Valid() && s != GoalOpen }

// CanMoveTo reports whether a goal may go from s to to: an open goal to any
// evaluation, an evaluated one back to open.
func (s GoalStatus) CanMoveTo(to GoalStatus) bool {
	if !s.Valid() || !to.Valid() || s == to {
		return false
	}
	return s == GoalOpen || to == GoalOpen
}

// Label is the Dutch name of the goal status.
func (s GoalStatus) Label() string {
	switch s {
	case GoalOpen:
		return "Open"
	case GoalAchieved:
		return "Behaald"
	case GoalNotAchieved:
		return "Niet behaald"
	case GoalCancelled:
		return "Vervallen"
	}
	return string(s)
}

// ActionKind is what sort of intervention an action is; the balance between the
// three kinds is watched per case.
type ActionKind string

// Action kinds.
const (
	KindPrevention ActionKind = "preventie"
	KindCare       ActionKind = "zorg"
	KindCoercion   ActionKind = "drang_dwang_straf"
)

// ActionKinds lists the kinds in order.
var ActionKinds = []ActionKind{KindPrevention, KindCare, KindCoercion}

// Valid reports whether k is a known kind.
func (k ActionKind) Valid() bool { return slices.Contains(ActionKinds, k) }

// Label is the Dutch name of the kind.
func (k ActionKind) Label() string {
	switch k {
	case KindPrevention:
		return "Preventie"
	case KindCare:
		return "Zorg en ondersteuning"
	case KindCoercion:
		return "Drang, dwang en straf"
	}
	return string(k)
}

// ActionStatus is where an action stands.
type ActionStatus string

// Action statuses.
const (
	ActionOpen      ActionStatus = "open"
	ActionBusy      ActionStatus = "bezig"
	ActionDone      ActionStatus = "gedaan"
	ActionCancelled ActionStatus = "vervallen"
)

// ActionStatuses lists the action statuses in order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionBusy, ActionDone, ActionCancelled}

// Valid reports whether s is a known action status.
func (s ActionStatus) Valid() bool { return slices.Contains(ActionStatuses, s) }

// Pending reports whether the action still has to be done (open or busy).
func (s ActionStatus) Pending() bool { return s == ActionOpen || s == ActionBusy }

// NextStatuses returns the statuses an action in status s may move to: open and
// busy move on to each other, done or cancelled; a done action may be taken up
// again (busy), a cancelled one reopened.
func (s ActionStatus) NextStatuses() []ActionStatus {
	switch s {
	case ActionOpen:
		return []ActionStatus{ActionBusy, ActionDone, ActionCancelled}
	case ActionBusy:
		return []ActionStatus{ActionOpen, ActionDone, ActionCancelled}
	case ActionDone:
		return []ActionStatus{ActionBusy}
	case ActionCancelled:
		return []ActionStatus{ActionOpen}
	}
	return nil
}

// CanMoveTo reports whether an action may go from s to to.
func (s ActionStatus) CanMoveTo(to ActionStatus) bool { return slices.Contains(s.NextStatuses(), to) }

// Label is the Dutch name of the action status.
func (s ActionStatus) Label() string {
	switch s {
	case ActionOpen:
		return "Open"
	case ActionBusy:
		return "Bezig"
	case ActionDone:
		return "Gedaan"
	case ActionCancelled:
		return "Vervallen"
	}
	return string(s)
}

// Goal is a shared goal of the plan on one life domain, for some of the
// household's members, with a measurable description and a target date.
type Goal struct {
	ID              int64
	CaseID          int64
	Domain          LifeDomain
	PersonIDs       []int64 // the persons concerned: current members of the household
	Description     string  // measurable: what is reached when the goal is achieved
	TargetDate      time.Time
	Status          GoalStatus
	Evaluation      string // required when the goal is evaluated (a final status)
	Confidentiality Confidentiality
	OrganisationID  int64           // the organisation the goal belongs to: the case's
	Actions         []*Action       // filled by FindPlan: the actions the actor may see
	Notes           []*ProgressNote // filled by FindPlan: the notes on the goal itself
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Validate normalises g and checks it. madeOn is the date the goal was made
// (today for a new goal); the target date may not lie before it.
func (g *Goal) Validate(madeOn time.Time) error {
	var v Validator
	g.Description = strings.TrimSpace(g.Description)
	g.Evaluation = strings.TrimSpace(g.Evaluation)
	if g.Confidentiality == "" {
		g.Confidentiality = Normal
	}
	if g.Status == "" {
		g.Status = GoalOpen
	}
	v.Check(g.Domain.Valid(), "domain", "Kies een leefgebied uit de lijst.")
	checkText(&v, "description", g.Description, MaxTextLen, true, "een meetbare omschrijving van het doel")
	switch {
	case g.TargetDate.IsZero():
		v.Add("targetDate", "Vul de streefdatum in.")
	case g.TargetDate.Before(madeOn):
		v.Add("targetDate", "De streefdatum ligt voor de datum waarop het doel is gemaakt. Kies een latere datum.")
	}
	v.Check(g.Status.Valid(), "status", "Kies een status uit de lijst.")
	checkText(&v, "evaluation", g.Evaluation, MaxTextLen, false, "de evaluatie")
	if g.Status.Final() && g.Evaluation == "" && !v.Has("evaluation") {
		v.Add("evaluation", "Vul een evaluatie in: wat is er van dit doel terechtgekomen?")
	}
	v.Check(g.Confidentiality.Valid(), "confidentiality", "Kies of het doel normaal of vertrouwelijk is.")
	slices.Sort(g.PersonIDs)
	g.PersonIDs = slices.Compact(g.PersonIDs)
	for _, id := range g.PersonIDs {
		if id <= 0 {
			v.Add("personIds", "Kies de betrokken personen uit het huishouden.")
			break
		}
	}
	return v.Err()
}

// Action is a step that carries out a goal, owned by one partner organisation and
// one of its users.
type Action struct {
	ID              int64
	GoalID          int64
	CaseID          int64 // set from the goal
	Description     string
	OrganisationID  int64 // the owning partner: involved in the case, or the case's own organisation
	OwnerUserID     int64 // a user of OrganisationID; 0 on create means the involvement's contact
	Kind            ActionKind
	DueDate         time.Time
	Status          ActionStatus
	Confidentiality Confidentiality
	DecisionID      *int64          // the conference decision it came from, if any
	Notes           []*ProgressNote // filled by FindPlan
	CreatedBy       int64
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// Validate normalises a and checks it. goalMadeOn is the date its goal was made:
// the due date may not lie before it.
func (a *Action) Validate(goalMadeOn time.Time) error {
	var v Validator
	a.Description = strings.TrimSpace(a.Description)
	if a.Confidentiality == "" {
		a.Confidentiality = Normal
	}
	if a.Status == "" {
		a.Status = ActionOpen
	}
	v.Check(a.GoalID > 0, "goalId", "Kies het doel waar de actie onder valt.")
	checkText(&v, "description", a.Description, MaxTextLen, true, "wat er gedaan wordt")
	v.Check(a.OrganisationID > 0, "organisationId", "Kies de partner die eigenaar is van de actie.")
	v.Check(a.Kind.Valid(), "kind", "Kies het soort actie: preventie, zorg of drang/dwang/straf.")
	switch {
	case a.DueDate.IsZero():
		v.Add("dueDate", "Vul de datum in waarop de actie klaar moet zijn.")
	case !goalMadeOn.IsZero() && a.DueDate.Before(goalMadeOn):
		v.Add("dueDate", "De datum ligt voor de datum waarop het doel is gemaakt ("+goalMadeOn.Format("02-01-2006")+"). Kies een latere datum.")
	}
	v.Check(a.Status.Valid(), "status", "Kies een status uit de lijst.")
	v.Check(a.Confidentiality.Valid(), "confidentiality", "Kies of de actie normaal of vertrouwelijk is.")
	return v.Err()
}

// ProgressNote is a dated note on the progress of a goal or of one action under
// it, by a user.
type ProgressNote struct {
	ID        int64
	GoalID    int64
	ActionID  *int64 // nil for a note on the goal itself
	Text      string
	UserID    int64
	CreatedAt time.Time
}

// Validate normalises n and checks it.
func (n *ProgressNote) Validate() error {
	var v Validator
	n.Text = strings.TrimSpace(n.Text)
	v.Check(n.GoalID > 0 || n.ActionID != nil, "goalId", "Kies het doel of de actie waar de notitie bij hoort.")
	checkText(&v, "text", n.Text, MaxTextLen, true, "de voortgang")
	return v.Err()
}

// FieldChange is one changed field in a PlanVersion: its name as the domain knows
// it and its value before and after, as text ("" when there was none).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Plan object kinds of a PlanVersion.
const (
	PlanObjectGoal   = "goal"
	PlanObjectAction = "action"
)

// PlanVersion is one kept change of a goal or action: who, what and when.
// Version counts from 1 per goal or action; version 1 is the creation and lists
// every field.
type PlanVersion struct {
	ID        int64
	CaseID    int64
	Object    string // PlanObjectGoal or PlanObjectAction
	GoalID    int64
	ActionID  *int64
	Version   int
	Changes   []FieldChange
	UserID    int64 // 0 for the system
	ChangedAt time.Time
}

// Plan is the one plan of a case as the actor may see it: goals in order of
// domain and target date, each with its actions and notes.
type Plan struct {
	CaseID int64
	Closed bool // the case is closed: the plan is read-only
	Goals  []*Goal
}

// KindBalance is the count and share of one action kind in a case.
type KindBalance struct {
	Kind      ActionKind
	Open      int     // open or busy
	All       int     // every status
	OpenShare float64 // Open / total open, 0..1 (0 when there are none)
	AllShare  float64 // All / total, 0..1
}

// ActionBalance is the balance between prevention, care and coercion in a case.
type ActionBalance struct {
	CaseID int64
	Kinds  []KindBalance // one per kind, in the order of ActionKinds
	Open   int
	All    int
}

// DueSoonDays is how far ahead "due soon" looks: today up to and including
// today + DueSoonDays.
const DueSoonDays = 7

// DueActions are a user's pending actions for their start page: overdue (due
// before today) and due soon, each ordered by due date.
type DueActions struct {
	Overdue []*Action
	DueSoon []*Action
}

// FamilyPlan is the plan as printed for the family: plain text without
// confidential items, BSNs or other identifiers than the address.
type FamilyPlan struct {
	CaseID           int64
	Address          string // street, number, postcode and city
	Members          []string
	RegisseurName    string
	OrganisationName string
	PrintedOn        time.Time
	Goals            []FamilyGoal // ordered by domain and target date
}

// FamilyGoal is a goal in the family plan.
type FamilyGoal struct {
	Domain      LifeDomain
	Description string
	Persons     []string
	TargetDate  time.Time
	Status      GoalStatus
	Actions     []FamilyAction
}

// FamilyAction is an action in the family plan.
type FamilyAction struct {
	Description  string
	Organisation string
	DueDate      time.Time
	Status       ActionStatus
}

// GoalUpdate changes a goal; nil fields stay as they are.
type GoalUpdate struct {
	Domain          *LifeDomain
	PersonIDs       *[]int64
	Description     *string
	TargetDate      *time.Time
	Status          *GoalStatus
	Evaluation      *string
	Confidentiality *Confidentiality
}

// ActionUpdate changes an action; nil fields stay as they are. The owning
// organisation may change only Status.
type ActionUpdate struct {
	Description     *string
	OrganisationID  *int64
	OwnerUserID     *int64
	Kind            *ActionKind
	DueDate         *time.Time
	Status          *ActionStatus
	Confidentiality *Confidentiality
}

// PlanService keeps the one plan of each case. The case's coordinators make and
// change goals and actions; the owning organisation of an action moves its status
// and notes its progress; every reader of the case reads the plan, without the
// confidential items that are not theirs. A closed case's plan is read-only.
type PlanService interface {
	CreateGoal(ctx context.Context, g *Goal) error
	UpdateGoal(ctx context.Context, id int64, u GoalUpdate) (*Goal, error)
	CreateAction(ctx context.Context, a *Action) error
	UpdateAction(ctx context.Context, id int64, u ActionUpdate) (*Action, error)
	AddProgressNote(ctx context.Context, n *ProgressNote) error
	// FindPlan returns the plan of a case as the actor may see it.
	FindPlan(ctx context.Context, caseID int64) (*Plan, error)
	// FindPlanHistory returns the versions of the goals and actions the actor may
	// see, oldest first.
	FindPlanHistory(ctx context.Context, caseID int64) ([]*PlanVersion, error)
	// PlanBalance counts the actions the actor may see per kind.
	PlanBalance(ctx context.Context, caseID int64) (*ActionBalance, error)
	// FindDueActions returns the actor's own overdue and due-soon actions on open
	// cases they may read.
	FindDueActions(ctx context.Context) (*DueActions, error)
	// FamilyPlan returns the plan for printing for the family; the print is logged
	// as an export.
	FamilyPlan(ctx context.Context, caseID int64) (*FamilyPlan, error)
}

// The need-to-know rules of the plan. Reading follows CaseReadBasis; changing
// goals and assigning actions follows CaseCoordinateBasis.

// CaseCoordinator reports whether the actor coordinates the case, closed or not:
// its regisseur or a regisseur of its organisation. They see every confidential
// item of the case.
func CaseCoordinator(a *Actor, f CaseFacts) bool {
	switch {
	case a == nil:
		return false
	case a.System():
		return true
	}
	return a.Role == RoleRegisseur && (f.RegisseurID == a.UserID || f.OrganisationID == a.OrganisationID)
}

// ItemVisible reports whether the actor, who may read the case, sees an item of
// it with confidentiality c that belongs to the organisations owners: every
// reader sees a normal item; a confidential one is seen by the coordinators and
// by users of an owning organisation.
func ItemVisible(a *Actor, f CaseFacts, c Confidentiality, owners ...int64) bool {
	if _, ok := CaseReadBasis(a, f); !ok {
		return false
	}
	if c != Confidential || CaseCoordinator(a, f) {
		return true
	}
	return slices.Contains(owners, a.OrganisationID)
}

// ActionWorkBasis says on what ground the actor may work on an action of an open
// case: move its status and note its progress. That is a coordinator of the case,
// or a regisseur or professional of the action's owning organisation who reads
// the case.
func ActionWorkBasis(a *Actor, f CaseFacts, ownerOrgID int64) (basis string, ok bool) {
	if b, ok := CaseCoordinateBasis(a, f); ok {
		return b, true
	}
	if a == nil || f.Closed {
		return "", false
	}
	if b, ok := CaseReadBasis(a, f); ok && (a.Role == RoleRegisseur || a.Role == RoleProfessional) && a.OrganisationID == ownerOrgID {
		return b + "; eigenaar van de actie", true
	}
	return "", false
}
