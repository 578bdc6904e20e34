// Package kluwen holds the domain of Kluwen: the types professionals work with
// (organisations, users, households, persons, cases and the partners involved in
// them), their validation, the need-to-know rules that say who may see and change
// what, the access-log entry, and the service interfaces the adapters implement.
//
// It imports only the standard library. The adapters (internal/sqlstore for the
// databases, internal/web for HTTP) depend on this package and talk to each other
// only in its types. Authorization is domain logic: the rules are pure functions in
// permission.go; the store gathers the facts they need inside its transaction and
// calls them, so that the check, the change and the access-log entry are one unit.
package kluwen
