package kluwen

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// AuditAction is what was done with personal data (NEN 7513).
type AuditAction string

// Audit actions. Execute is for events that are not about one object's data, such
// as signing in and out.
const (
	AuditCreate  AuditAction = "create"
	AuditRead    AuditAction = "read"
	AuditUpdate  AuditAction = "update"
	AuditDelete  AuditAction = "delete"
	AuditExport  AuditAction = "export"
	AuditExecute AuditAction = "execute"
)

// AuditOutcome is how the attempt ended.
type AuditOutcome string

// Audit outcomes.
const (
	OutcomeSuccess AuditOutcome = "success"
	OutcomeRefused AuditOutcome = "refused"
	OutcomeError   AuditOutcome = "error"
)

// Object types named in access-log entries.
const (
	ObjectPerson       = "person"
	ObjectHousehold    = "household"
	ObjectCase         = "case"
	ObjectUser         = "user"
	ObjectOrganisation = "organisation"
	ObjectAccessLog    = "access_log"
	ObjectCostUpload   = "cost_upload" // a partner's file kept between the steps of an import
)

// ObjectRef names an object by type and identifier; entries never carry names,
// BSNs or addresses.
type ObjectRef struct {
	Type string
	ID   int64
}

func (o ObjectRef) String() string { return o.Type + ":" + strconv.FormatInt(o.ID, 10) }

// ParseObjectRef parses "type:id".
func ParseObjectRef(s string) (ObjectRef, bool) {
	t, id, ok := strings.Cut(s, ":")
	if !ok {
		return ObjectRef{}, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return ObjectRef{}, false
	}
	return ObjectRef{t, n}, true
}

// AccessLogEntry is one entry in the access log: who did what with which personal
// data, when, from where, on what ground and why. Position is dense from 1 and
// Hash chains every entry to the one before, so that a changed, removed or
// inserted entry is detected (see HashEntry).
type AccessLogEntry struct {
	Position       int64
	OccurredAt     time.Time // UTC, microsecond precision
	EventType      string    // e.g. "household.read", "auth.login"
	Action         AuditAction
	Outcome        AuditOutcome
	UserID         int64 // 0 when unknown (a failed sign-in with an unknown name)
	Username       string
	OrganisationID int64
	Role           Role
	ClientAddr     string
	Objects        []ObjectRef
	Basis          string // the legal basis or check that allowed it, or why it was refused
	Purpose        string // the route or purpose
	PrevHash       string
	Hash           string
}

// ObjectsString is the canonical form of the objects: "case:3 person:12".
func (e *AccessLogEntry) ObjectsString() string {
	parts := make([]string, len(e.Objects))
	for i, o := range e.Objects {
		parts[i] = o.String()
	}
	return strings.Join(parts, " ")
}

// canonical is the byte form the hash covers: every field but the hashes, in a
// fixed order, separated by a unit separator that the fields cannot contain.
func (e *AccessLogEntry) canonical() []byte {
	f := []string{
		strconv.FormatInt(e.Position, 10),
		e.OccurredAt.UTC().Format("2006-01-02T15:04:05.000000Z"),
		e.EventType, string(e.Action), string(e.Outcome),
		strconv.FormatInt(e.UserID, 10), e.Username,
		strconv.FormatInt(e.OrganisationID, 10), string(e.Role), e.ClientAddr,
		e.ObjectsString(), e.Basis, e.Purpose,
	}
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], "\x1f", " ")
	}
	return []byte(strings.Join(f, "\x1f"))
}

// HashEntry returns the chained hash of e: HMAC-SHA256 under key of the previous
// entry's hash and e's canonical form, hex-encoded. The key lives outside the
// database (see internal/config), so someone who can write to the database cannot
// recompute a valid chain after changing it.
func HashEntry(key []byte, prevHash string, e *AccessLogEntry) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(prevHash))
	m.Write([]byte{'\n'})
	m.Write(e.canonical())
	return hex.EncodeToString(m.Sum(nil))
}

// AccessLogFilter selects entries of the access log, newest first.
type AccessLogFilter struct {
	PersonID       *int64
	HouseholdID    *int64
	CaseID         *int64
	UserID         *int64
	OrganisationID *int64
	Outcome        *AuditOutcome
	From           *time.Time // inclusive
	To             *time.Time // exclusive
	BeforePosition int64      // page: entries with a lower position
	Limit          int
}

// AuditProblem is one break in the chain found by verification.
type AuditProblem struct {
	Position int64
	Kind     string // "altered", "removed", "inserted", "head"
	Detail   string
}

// AuditVerification is the result of checking the whole chain.
type AuditVerification struct {
	Entries  int64
	HeadHash string
	Problems []AuditProblem
}

// OK reports whether the chain is intact.
func (v *AuditVerification) OK() bool { return len(v.Problems) == 0 }

// AuditService gives the privacy officer the access log. Reading and exporting it
// is itself logged.
type AuditService interface {
	FindAccessLog(ctx context.Context, f AccessLogFilter) ([]*AccessLogEntry, error)
	// ExportAccessLog calls fn for every entry matching f, oldest first.
	ExportAccessLog(ctx context.Context, f AccessLogFilter, fn func(*AccessLogEntry) error) error
	// VerifyAccessLog walks the whole chain and reports every break.
	VerifyAccessLog(ctx context.Context) (*AuditVerification, error)
	// RecordAccess writes an entry for an event outside a store call, such as a
	// request refused before it reached a service. User, organisation, role,
	// address and purpose are taken from the context's actor when empty.
	RecordAccess(ctx context.Context, e *AccessLogEntry) error
}
