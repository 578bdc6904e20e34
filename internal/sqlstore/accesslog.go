package sqlstore

import (
	"context"
	"crypto/hmac"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// This file implements kluwen.AuditService: the privacy officer's view of the
// access log, its export, the verification of its hash chain, and entries for
// events that happen outside a store call. The chain itself is appended in
// accesslog_chain.go.

var _ kluwen.AuditService = (*DB)(nil)

// Page sizes of FindAccessLog.
const (
	DefaultAccessLogLimit = 100
	MaxAccessLogLimit     = 1000
)

// maxAuditProblems bounds the problems one verification lists, so that a log that
// was rewritten wholesale does not fill memory with a report nobody reads.
const maxAuditProblems = 10000

// accessLogColumns are the columns scanEntry reads, in its order.
const accessLogColumns = `position, occurred_at, event_type, action, outcome, user_id, username, organisation_id, role, client_addr, objects, basis, purpose, prev_hash, hash`

// FindAccessLog returns the entries matching f, newest first, at most f.Limit
// (default 100, at most 1000) with a position below f.BeforePosition when it is
// set. Only the privacy officer (and the system actor) may read the log; the read
// is itself logged as accesslog.read, naming the filter's objects.
func (db *DB) FindAccessLog(ctx context.Context, f kluwen.AccessLogFilter) ([]*kluwen.AccessLogEntry, error) {
	var out []*kluwen.AccessLogEntry
	err := db.update(ctx, func(tx *Tx) error {
		objects := filterObjects(f)
		if err := tx.requireAccessLog("accesslog.read", kluwen.AuditRead, objects); err != nil {
			return err
		}
		if err := validateAccessLogFilter(f); err != nil {
			return err
		}
		limit := f.Limit
		switch {
		case limit <= 0:
			limit = DefaultAccessLogLimit
		case limit > MaxAccessLogLimit:
			limit = MaxAccessLogLimit
		}
		where, args := accessLogWhere(f)
		rows, err := tx.query(ctx, `SELECT `+accessLogColumns+` FROM access_log`+where+` ORDER BY position DESC LIMIT ?`, append(args, limit)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, _, err := scanEntry(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		e := tx.entry("accesslog.read", kluwen.AuditRead, kluwen.OutcomeSuccess, accessLogBasis(tx.actor, f, limit, len(out)), objects)
		tx.entries = append(tx.entries, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ExportAccessLog calls fn for every entry matching f, oldest first, reading them
// one at a time from the database. f.Limit is applied only when positive. The
// export is logged as accesslog.export; when fn fails part-way the entries already
// handed over are logged as an export that ended in an error.
func (db *DB) ExportAccessLog(ctx context.Context, f kluwen.AccessLogFilter, fn func(*kluwen.AccessLogEntry) error) error {
	return db.update(ctx, func(tx *Tx) error {
		objects := filterObjects(f)
		if err := tx.requireAccessLog("accesslog.export", kluwen.AuditExport, objects); err != nil {
			return err
		}
		if err := validateAccessLogFilter(f); err != nil {
			return err
		}
		where, args := accessLogWhere(f)
		q := `SELECT ` + accessLogColumns + ` FROM access_log` + where + ` ORDER BY position`
		if f.Limit > 0 {
			q += ` LIMIT ?`
			args = append(args, f.Limit)
		}
		rows, err := tx.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			e, _, err := scanEntry(rows)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				// Written even though the call fails: n entries have left.
				basis := accessLogBasis(tx.actor, f, f.Limit, n) + "; afgebroken"
				tx.refused = append(tx.refused, tx.entry("accesslog.export", kluwen.AuditExport, kluwen.OutcomeError, basis, objects))
				return err
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.entries = append(tx.entries, tx.entry("accesslog.export", kluwen.AuditExport, kluwen.OutcomeSuccess, accessLogBasis(tx.actor, f, f.Limit, n), objects))
		return nil
	})
}

// VerifyAccessLog walks the whole chain in position order and recomputes every
// entry's hash. See verifier for how breaks are classified. The verification is
// logged as accesslog.verify after the walk, so it is not part of what it checked.
//
// When the walk succeeds but its own entry cannot be appended, the result is
// returned together with the error: an entry forged at the position after the
// head blocks every append (the log fails closed), and the result is what shows
// why.
func (db *DB) VerifyAccessLog(ctx context.Context) (*kluwen.AuditVerification, error) {
	var res *kluwen.AuditVerification
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.requireAccessLog("accesslog.verify", kluwen.AuditExecute, nil); err != nil {
			return err
		}
		// The head is read once on its own (for an empty log) and again inside
		// the walk's statement, so that on PostgreSQL the head and the rows come
		// from one snapshot while other calls go on appending.
		v := &verifier{key: tx.db.keys.Audit}
		if err := tx.queryRow(ctx, `SELECT position, hash FROM audit_head WHERE id = 1`).Scan(&v.headPos, &v.headHash); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT (SELECT position FROM audit_head WHERE id = 1) AS head_position, (SELECT hash FROM audit_head WHERE id = 1) AS head_hash, `+
			accessLogColumns+` FROM access_log ORDER BY position`)
		if err != nil {
			return err
		}
		defer rows.Close()
		first := true
		for rows.Next() {
			var headPos int64
			var headHash string
			e, bad, err := scanEntry(rows, &headPos, &headHash)
			if err != nil {
				return err
			}
			if first {
				v.headPos, v.headHash, first = headPos, headHash, false
			}
			v.add(e, bad)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		res = v.finish()
		basis := fmt.Sprintf("%s; %d regels, %d problemen", actorBasis(tx.actor), res.Entries, len(res.Problems))
		tx.entries = append(tx.entries, tx.entry("accesslog.verify", kluwen.AuditExecute, kluwen.OutcomeSuccess, basis, nil))
		return nil
	})
	return res, err
}

// RecordAccess appends e to the access log. The user, organisation, role, address
// and purpose are taken from the context's actor where e leaves them empty; the
// time is now; position and hashes are set by the chain, and e carries them after
// a successful call. Anyone signed in may record an entry, as may the system actor.
func (db *DB) RecordAccess(ctx context.Context, e *kluwen.AccessLogEntry) error {
	return db.update(ctx, func(tx *Tx) error {
		a := tx.actor
		if a == nil {
			return kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
		}
		if e == nil {
			return kluwen.Errorf(kluwen.EINVALID, "Er is geen logregel opgegeven.")
		}
		if err := validateRecordedEntry(e); err != nil {
			return err
		}
		if e.UserID == 0 {
			e.UserID = a.UserID
		}
		if e.Username == "" {
			e.Username = a.Username
		}
		if e.OrganisationID == 0 {
			e.OrganisationID = a.OrganisationID
		}
		if e.Role == "" {
			e.Role = a.Role
		}
		if e.ClientAddr == "" {
			e.ClientAddr = a.ClientAddr
		}
		if e.Purpose == "" {
			e.Purpose = a.Purpose
		}
		e.OccurredAt = tx.now
		for _, s := range []*string{&e.EventType, &e.Username, &e.ClientAddr, &e.Basis, &e.Purpose} {
			*s = cleanLogText(*s)
		}
		e.Role = kluwen.Role(cleanLogText(string(e.Role)))
		tx.entries = append(tx.entries, e)
		return nil
	})
}

// requireAccessLog checks that the actor may read the access log, and records a
// refusal (eventType, action, objects) when they may not.
func (tx *Tx) requireAccessLog(eventType string, action kluwen.AuditAction, objects []kluwen.ObjectRef) error {
	a := tx.actor
	if a == nil {
		return kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
	}
	if !a.Can(kluwen.PermReadAccessLog) {
		tx.refuse(eventType, action, fmt.Sprintf("rol %s mag het toegangslogboek niet inzien", a.Role), objects...)
		return forbidden()
	}
	return nil
}

func validateAccessLogFilter(f kluwen.AccessLogFilter) error {
	var v kluwen.Validator
	if f.Outcome != nil {
		switch *f.Outcome {
		case kluwen.OutcomeSuccess, kluwen.OutcomeRefused, kluwen.OutcomeError:
		default:
			v.Add("outcome", "Kies een bestaande uitkomst.")
		}
	}
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		v.Add("to", "Het einde van de periode moet na het begin liggen.")
	}
	if f.BeforePosition < 0 {
		v.Add("beforePosition", "Een positie is een positief getal.")
	}
	if f.Limit < 0 {
		v.Add("limit", "Het aantal regels is een positief getal.")
	}
	return v.Err()
}

func validateRecordedEntry(e *kluwen.AccessLogEntry) error {
	var v kluwen.Validator
	if strings.TrimSpace(e.EventType) == "" {
		v.Add("eventType", "Geef het soort gebeurtenis op.")
	}
	switch e.Action {
	case "":
		v.Add("action", "Geef de handeling op.")
	case kluwen.AuditCreate, kluwen.AuditRead, kluwen.AuditUpdate, kluwen.AuditDelete, kluwen.AuditExport, kluwen.AuditExecute:
	default:
		v.Add("action", "Kies een bestaande handeling.")
	}
	switch e.Outcome {
	case "":
		v.Add("outcome", "Geef de uitkomst op.")
	case kluwen.OutcomeSuccess, kluwen.OutcomeRefused, kluwen.OutcomeError:
	default:
		v.Add("outcome", "Kies een bestaande uitkomst.")
	}
	for _, o := range e.Objects {
		// The objects column is space-separated type:id, read back with
		// ParseObjectRef: a type must survive that.
		if !validObjectType(o.Type) {
			v.Add("objects", "Een object heeft een soort van kleine letters en liggende streepjes.")
			break
		}
	}
	return v.Err()
}

func validObjectType(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '_') {
			return false
		}
	}
	return true
}

// cleanLogText makes s storable as text in both databases (valid UTF-8, no NUL).
func cleanLogText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
}

// filterObjects are the objects a filter names, for the log entry of the read.
func filterObjects(f kluwen.AccessLogFilter) []kluwen.ObjectRef {
	var objs []kluwen.ObjectRef
	add := func(t string, id *int64) {
		if id != nil {
			objs = append(objs, kluwen.ObjectRef{Type: t, ID: *id})
		}
	}
	add(kluwen.ObjectPerson, f.PersonID)
	add(kluwen.ObjectHousehold, f.HouseholdID)
	add(kluwen.ObjectCase, f.CaseID)
	add(kluwen.ObjectUser, f.UserID)
	add(kluwen.ObjectOrganisation, f.OrganisationID)
	return objs
}

// accessLogWhere builds the WHERE clause of f (with a leading space) and its
// arguments. One object is found in the padded objects column with LIKE.
func accessLogWhere(f kluwen.AccessLogFilter) (string, []any) {
	var conds []string
	var args []any
	object := func(t string, id *int64) {
		if id != nil {
			conds = append(conds, `objects LIKE ?`)
			args = append(args, "% "+kluwen.ObjectRef{Type: t, ID: *id}.String()+" %")
		}
	}
	object(kluwen.ObjectPerson, f.PersonID)
	object(kluwen.ObjectHousehold, f.HouseholdID)
	object(kluwen.ObjectCase, f.CaseID)
	if f.UserID != nil {
		conds = append(conds, `user_id = ?`)
		args = append(args, *f.UserID)
	}
	if f.OrganisationID != nil {
		conds = append(conds, `organisation_id = ?`)
		args = append(args, *f.OrganisationID)
	}
	if f.Outcome != nil {
		conds = append(conds, `outcome = ?`)
		args = append(args, string(*f.Outcome))
	}
	if f.From != nil {
		conds = append(conds, `occurred_at >= ?`)
		args = append(args, *f.From)
	}
	if f.To != nil {
		conds = append(conds, `occurred_at < ?`)
		args = append(args, *f.To)
	}
	if f.BeforePosition > 0 {
		conds = append(conds, `position < ?`)
		args = append(args, f.BeforePosition)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func actorBasis(a *kluwen.Actor) string {
	if a.System() {
		return kluwen.BasisSystem
	}
	return kluwen.BasisRole + " " + string(a.Role)
}

// accessLogBasis summarises a read or export of the log for its own entry: the
// ground, the filter apart from its objects (which are the entry's objects), and
// how many entries were returned. It holds no personal data.
func accessLogBasis(a *kluwen.Actor, f kluwen.AccessLogFilter, limit, n int) string {
	parts := []string{}
	if f.Outcome != nil {
		parts = append(parts, "uitkomst="+string(*f.Outcome))
	}
	if f.From != nil {
		parts = append(parts, "vanaf="+f.From.UTC().Format(time.RFC3339))
	}
	if f.To != nil {
		parts = append(parts, "tot="+f.To.UTC().Format(time.RFC3339))
	}
	if f.BeforePosition > 0 {
		parts = append(parts, "voor="+strconv.FormatInt(f.BeforePosition, 10))
	}
	if limit > 0 {
		parts = append(parts, "max="+strconv.Itoa(limit))
	}
	s := actorBasis(a)
	if len(parts) > 0 {
		s += "; filter " + strings.Join(parts, " ")
	}
	return s + "; " + strconv.Itoa(n) + " regels"
}

// scanEntry reads one row of accessLogColumns, after any extra destinations.
// It gives back exactly what was hashed: the time in UTC at microsecond
// precision and the objects parsed from the padded column. A column that is not
// in the form Kluwen writes (which only tampering produces) does not fail the
// scan: bad says what is wrong, for VerifyAccessLog to report.
func scanEntry(rows *sql.Rows, extra ...any) (e *kluwen.AccessLogEntry, bad string, err error) {
	e = &kluwen.AccessLogEntry{}
	var at any
	var action, outcome, role, objects string
	dest := append(extra, &e.Position, &at, &e.EventType, &action, &outcome, &e.UserID, &e.Username,
		&e.OrganisationID, &role, &e.ClientAddr, &objects, &e.Basis, &e.Purpose, &e.PrevHash, &e.Hash)
	if err := rows.Scan(dest...); err != nil {
		return nil, "", err
	}
	e.Action, e.Outcome, e.Role = kluwen.AuditAction(action), kluwen.AuditOutcome(outcome), kluwen.Role(role)
	t, ok, terr := parseTimeValue(at)
	switch {
	case terr != nil || !ok:
		bad = "het tijdstip is onleesbaar"
	default:
		e.OccurredAt = t
		if s, isText := textValue(at); isText && s != t.Format(sqliteTimeLayout) {
			bad = "het tijdstip staat niet in de vorm waarin Kluwen het schrijft"
		}
	}
	for _, f := range strings.Fields(objects) {
		o, ok := kluwen.ParseObjectRef(f)
		if !ok {
			bad = "de objecten zijn onleesbaar"
			continue
		}
		e.Objects = append(e.Objects, o)
	}
	if bad == "" && objects != " "+e.ObjectsString()+" " {
		// Same objects in another spelling would hide the entry from a search.
		bad = "de objecten staan niet in de vorm waarin Kluwen ze schrijft"
	}
	return e, bad, nil
}

func textValue(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case []byte:
		return string(s), true
	}
	return "", false
}

// Kinds of break in the chain (kluwen.AuditProblem.Kind).
const (
	problemAltered  = "altered"
	problemRemoved  = "removed"
	problemInserted = "inserted"
	problemHead     = "head"
)

// verifier checks the chain one entry at a time, in position order, keeping only
// the last entry that belongs to the chain (the tip). Each entry's hash covers its
// position, its content and the hash it follows, under a key that is not in the
// database. That decides what each kind of tampering looks like:
//
//   - altered: the entry's hash does not match its own content and stored
//     prev_hash. If the hash was rewritten too, the next entry no longer links
//     to it; that break is part of the same alteration and not reported again.
//     An entry replaced by a forgery at the same position looks the same.
//
//   - removed: a gap in the positions before an entry. The entry after the gap
//     does not link to the one before it either, which the gap explains.
//
//   - inserted: an entry Kluwen cannot have written where it stands: at a
//     position at or before the tip (a duplicate, or outside the chain), or
//     after the head without a valid hash (it was not appended through the
//     chain). It is left out of the chain: the entries after it are checked
//     against the tip before it, so nothing else is reported for it.
//
//   - head: audit_head does not name the tip: entries were removed from the
//     end, or the head was moved. An entry that verifies but does not follow
//     a tip that verifies too (without a gap) was appended while the head named
//     another hash; that is reported as a head problem at the tip.
//
// audit_head itself is not protected: whoever removes the last entries and moves
// the head back, or holds the key, can leave a chain that verifies. The returned
// HeadHash, recorded outside Kluwen from time to time, is what catches that.
type verifier struct {
	key        []byte
	headPos    int64
	headHash   string
	tipPos     int64
	tipHash    string
	tipAltered bool // the tip failed its own check
	entries    int64
	problems   []kluwen.AuditProblem
	more       int
}

func (v *verifier) problem(kind string, pos int64, detail string) {
	if len(v.problems) >= maxAuditProblems {
		v.more++
		return
	}
	v.problems = append(v.problems, kluwen.AuditProblem{Position: pos, Kind: kind, Detail: detail})
}

// add checks the next entry in position order; bad is what scanEntry found wrong
// with its form.
func (v *verifier) add(e *kluwen.AccessLogEntry, bad string) {
	v.entries++
	valid := bad == "" && hmac.Equal([]byte(kluwen.HashEntry(v.key, e.PrevHash, e)), []byte(e.Hash))
	switch {
	case e.Position <= v.tipPos:
		if e.Position <= 0 {
			v.problem(problemInserted, e.Position, fmt.Sprintf("regel op positie %d staat buiten de keten", e.Position))
		} else {
			v.problem(problemInserted, e.Position, fmt.Sprintf("positie %d komt dubbel voor", e.Position))
		}
		return
	case !valid && e.Position > v.headPos:
		v.problem(problemInserted, e.Position, fmt.Sprintf("regel %d staat na de kop van de keten (%d) en klopt niet: niet door Kluwen toegevoegd", e.Position, v.headPos))
		return
	}
	gap := e.Position > v.tipPos+1
	if gap {
		lo, hi := v.tipPos+1, e.Position-1
		if lo == hi {
			v.problem(problemRemoved, lo, fmt.Sprintf("regel %d ontbreekt", lo))
		} else {
			v.problem(problemRemoved, lo, fmt.Sprintf("regels %d tot en met %d ontbreken", lo, hi))
		}
	}
	switch {
	case !valid:
		detail := bad
		if detail == "" {
			detail = "de inhoud of de hash van de regel is gewijzigd"
		}
		v.problem(problemAltered, e.Position, fmt.Sprintf("regel %d klopt niet: %s", e.Position, detail))
	case e.PrevHash != v.tipHash && !gap && !v.tipAltered:
		// Both entries verify, so neither was changed without the key: the
		// head named another hash when this entry was appended.
		v.problem(problemHead, v.tipPos, fmt.Sprintf("regel %d volgt niet op regel %d: de kop van de keten was gewijzigd toen regel %d werd toegevoegd", e.Position, v.tipPos, e.Position))
	}
	v.tipPos, v.tipHash, v.tipAltered = e.Position, e.Hash, !valid
}

// finish compares the head with the chain's tip and returns the result.
func (v *verifier) finish() *kluwen.AuditVerification {
	if v.headPos != v.tipPos || v.headHash != v.tipHash {
		switch {
		case v.headPos > v.tipPos:
			v.problem(problemHead, v.headPos, fmt.Sprintf("de kop noemt regel %d, maar de keten eindigt bij regel %d: de laatste regels ontbreken", v.headPos, v.tipPos))
		case v.headPos < v.tipPos:
			v.problem(problemHead, v.headPos, fmt.Sprintf("de kop noemt regel %d, maar de keten loopt door tot regel %d", v.headPos, v.tipPos))
		case !v.tipAltered: // an altered last entry explains a different hash
			v.problem(problemHead, v.headPos, fmt.Sprintf("de hash in de kop is niet die van regel %d", v.headPos))
		}
	}
	if v.more > 0 {
		last := &v.problems[len(v.problems)-1]
		last.Detail += fmt.Sprintf(" (en nog %d problemen, niet getoond)", v.more)
	}
	return &kluwen.AuditVerification{Entries: v.entries, HeadHash: v.headHash, Problems: v.problems}
}
