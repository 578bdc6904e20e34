package kluwen

import "context"

// Role is what a user does in Kluwen; it decides what they may see and change.
type Role string

// The roles of domain.md.
const (
	RoleRegisseur      Role = "regisseur"
	RoleProfessional   Role = "professional"
	RoleAnalyst        Role = "analyst"
	RolePrivacyOfficer Role = "privacy_officer"
	RoleAdmin          Role = "admin"
	RoleEditor         Role = "editor"
)

// Roles lists every role in display order.
var Roles = []Role{RoleRegisseur, RoleProfessional, RoleAnalyst, RolePrivacyOfficer, RoleAdmin, RoleEditor}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Label is the Dutch name of the role.
func (r Role) Label() string {
	switch r {
	case RoleRegisseur:
		return "Regisseur"
	case RoleProfessional:
		return "Professional van een partner"
	case RoleAnalyst:
		return "Analist / beleidsmaker"
	case RolePrivacyOfficer:
		return "Privacyfunctionaris (FG)"
	case RoleAdmin:
		return "Functioneel beheerder"
	case RoleEditor:
		return "Redacteur"
	}
	return string(r)
}

// Actor is who performs a service call: the signed-in user with their organisation
// and role, where the request came from and for what route or purpose. Every
// access-log entry is written from it.
type Actor struct {
	UserID         int64
	Username       string
	OrganisationID int64
	Role           Role
	ClientAddr     string
	Purpose        string // the route or purpose, e.g. "GET /huishoudens/{id}" or "cli: kluwen demo"
}

// System reports whether the actor is Kluwen itself (a command-line task run by the
// operator, such as migrate or demo), which bypasses need-to-know but is still logged.
func (a *Actor) System() bool { return a != nil && a.UserID == 0 && a.Role == RoleSystem }

// RoleSystem is the role of the operator's command-line tasks. It is never stored
// on a user.
const RoleSystem Role = "system"

// SystemActor returns the actor for an operator task on the command line.
func SystemActor(purpose string) *Actor {
	return &Actor{Role: RoleSystem, Purpose: purpose, ClientAddr: "cli"}
}

type actorKey struct{}

// NewContextWithActor returns a context that carries a.
func NewContextWithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor of ctx, or nil.
func ActorFromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(actorKey{}).(*Actor)
	return a
}
