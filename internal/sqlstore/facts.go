package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kluwen/kluwen"
)

// This file gathers the facts the need-to-know rules of the domain package decide
// on (CaseFacts, HouseholdFacts, PersonFacts), for the call's actor on the call's
// date, inside the call's transaction; applies the rules to one object with the
// refusal written to the access log; and writes the same rules as SQL predicates,
// so that searches filter in the database instead of loading everything. The SQL
// predicates and the Go rules must agree: the tests compare every search with the
// single-object reads for every role.

// Reasons written to the access log when an attempt is refused.
const (
	reasonNeedToKnow = "geen grond: niet betrokken (need-to-know)"
	reasonNoChange   = "geen grond om te wijzigen"
	reasonRole       = "rol heeft geen toestemming"
	reasonClosedCase = "casus is afgesloten"
)

// basisSearch is the basis logged for a search: it returns only what need-to-know
// allows, each object on its own ground.
const basisSearch = "need-to-know: alleen toegestane resultaten"

// errClosedCase is the answer to a change of a closed case.
func errClosedCase() error {
	return kluwen.Errorf(kluwen.EFORBIDDEN, "Deze casus is afgesloten en kan niet meer worden gewijzigd.")
}

// refuseUnlessCan checks a role-level permission; when the role lacks it, the
// attempt is written to the access log as refused and EFORBIDDEN returned.
func (tx *Tx) refuseUnlessCan(p kluwen.Permission, eventType string, action kluwen.AuditAction, objects ...kluwen.ObjectRef) error {
	if err := tx.actor.Require(p); err != nil {
		tx.refuse(eventType, action, reasonRole, objects...)
		return err
	}
	return nil
}

// actorOrgID is the organisation whose involvements count for the actor: none for
// the system actor (it needs none).
func (tx *Tx) actorOrgID() int64 {
	if tx.actor == nil || tx.actor.System() {
		return 0
	}
	return tx.actor.OrganisationID
}

// householdCaseFact is the facts of one case with the household it concerns.
type householdCaseFact struct {
	householdID int64
	kluwen.CaseFacts
}

// caseFactsWhere loads the facts of the cases (alias c) matching where.
func (tx *Tx) caseFactsWhere(ctx context.Context, where string, args ...any) ([]householdCaseFact, error) {
	today := dateArg(tx.today)
	q := `SELECT c.household_id, c.id, c.organisation_id, c.regisseur_id, c.status,
			COALESCE((SELECT fi.legal_basis FROM involvements fi
				WHERE fi.case_id = c.id AND fi.organisation_id = ? AND fi.from_date <= ? AND (fi.to_date IS NULL OR fi.to_date >= ?)
				ORDER BY fi.from_date, fi.id LIMIT 1), '')
		FROM cases c WHERE ` + where + ` ORDER BY c.id`
	rows, err := tx.query(ctx, q, append([]any{tx.actorOrgID(), today, today}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []householdCaseFact
	for rows.Next() {
		var f householdCaseFact
		var status, basis string
		if err := rows.Scan(&f.householdID, &f.CaseID, &f.OrganisationID, &f.RegisseurID, &status, &basis); err != nil {
			return nil, err
		}
		f.Closed = kluwen.CaseStatus(status) == kluwen.CaseAfgesloten
		f.PartnerBasis = kluwen.LegalBasis(basis)
		out = append(out, f)
	}
	return out, rows.Err()
}

// caseFacts loads the facts of one case; ENOTFOUND when there is none.
func (tx *Tx) caseFacts(ctx context.Context, id int64) (kluwen.CaseFacts, error) {
	fs, err := tx.caseFactsWhere(ctx, `c.id = ?`, id)
	if err != nil {
		return kluwen.CaseFacts{}, err
	}
	if len(fs) == 0 {
		return kluwen.CaseFacts{}, notFound("De casus")
	}
	return fs[0].CaseFacts, nil
}

// householdFacts loads the facts of one household; ENOTFOUND when there is none.
func (tx *Tx) householdFacts(ctx context.Context, id int64) (kluwen.HouseholdFacts, error) {
	m, err := tx.householdFactsFor(ctx, []int64{id})
	if err != nil {
		return kluwen.HouseholdFacts{}, err
	}
	f, ok := m[id]
	if !ok {
		return kluwen.HouseholdFacts{}, notFound("Het huishouden")
	}
	return f, nil
}

// householdFactsFor loads the facts of several households at once; households
// that do not exist are missing from the map.
func (tx *Tx) householdFactsFor(ctx context.Context, ids []int64) (map[int64]kluwen.HouseholdFacts, error) {
	out := make(map[int64]kluwen.HouseholdFacts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(ids)
	rows, err := tx.query(ctx, `SELECT id, registered_by_org_id FROM households WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f kluwen.HouseholdFacts
		if err := rows.Scan(&f.HouseholdID, &f.RegisteredByOrgID); err != nil {
			rows.Close()
			return nil, err
		}
		out[f.HouseholdID] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cases, err := tx.caseFactsWhere(ctx, `c.household_id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		f := out[c.householdID]
		f.Cases = append(f.Cases, c.CaseFacts)
		out[c.householdID] = f
	}
	return out, nil
}

// personFacts loads the facts of one person; ENOTFOUND when there is none.
func (tx *Tx) personFacts(ctx context.Context, id int64) (kluwen.PersonFacts, error) {
	m, err := tx.personFactsFor(ctx, []int64{id})
	if err != nil {
		return kluwen.PersonFacts{}, err
	}
	f, ok := m[id]
	if !ok {
		return kluwen.PersonFacts{}, notFound("De persoon")
	}
	return f, nil
}

// personFactsFor loads the facts of several persons at once; persons that do not
// exist are missing from the map.
func (tx *Tx) personFactsFor(ctx context.Context, ids []int64) (map[int64]kluwen.PersonFacts, error) {
	out := make(map[int64]kluwen.PersonFacts, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(ids)
	rows, err := tx.query(ctx, `SELECT id, registered_by_org_id FROM persons WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var f kluwen.PersonFacts
		if err := rows.Scan(&f.PersonID, &f.RegisteredByOrgID); err != nil {
			rows.Close()
			return nil, err
		}
		out[f.PersonID] = f
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := tx.query(ctx, `SELECT DISTINCT person_id, household_id FROM memberships WHERE person_id IN (`+in+`) ORDER BY person_id, household_id`, args...)
	if err != nil {
		return nil, err
	}
	type pair struct{ person, household int64 }
	var pairs []pair
	var hids []int64
	seen := map[int64]bool{}
	for mrows.Next() {
		var p pair
		if err := mrows.Scan(&p.person, &p.household); err != nil {
			mrows.Close()
			return nil, err
		}
		pairs = append(pairs, p)
		if !seen[p.household] {
			seen[p.household] = true
			hids = append(hids, p.household)
		}
	}
	mrows.Close()
	if err := mrows.Err(); err != nil {
		return nil, err
	}
	hfacts, err := tx.householdFactsFor(ctx, hids)
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		f := out[p.person]
		f.Households = append(f.Households, hfacts[p.household])
		out[p.person] = f
	}
	return out, nil
}

// idList returns "?, ?, ?" and the arguments for an IN list.
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

// caseAccess loads a case's facts and checks the actor's access for eventType: a
// read (coordinate false) or a change of the case itself (coordinate true). It
// returns the basis to log. A case that does not exist or that the actor may not
// read answers ENOTFOUND; a change of a readable case that the actor may not
// coordinate, or of a closed one, EFORBIDDEN. Refusals are logged.
func (tx *Tx) caseAccess(ctx context.Context, id int64, eventType string, action kluwen.AuditAction, coordinate bool) (kluwen.CaseFacts, string, error) {
	f, err := tx.caseFacts(ctx, id)
	if err != nil {
		return f, "", err
	}
	obj := kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: id}
	basis, ok := kluwen.CaseReadBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNeedToKnow, obj)
		return f, "", notFound("De casus")
	}
	if !coordinate {
		return f, basis, nil
	}
	if f.Closed && !tx.actor.System() {
		tx.refuse(eventType, action, reasonClosedCase, obj)
		return f, "", errClosedCase()
	}
	basis, ok = kluwen.CaseCoordinateBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNoChange, obj)
		return f, "", forbidden()
	}
	return f, basis, nil
}

// householdAccess loads a household's facts and checks the actor's access for
// eventType: a read, or (write true) a change of the household, its members or
// their persons. Answers and logging as caseAccess.
func (tx *Tx) householdAccess(ctx context.Context, id int64, eventType string, action kluwen.AuditAction, write bool) (kluwen.HouseholdFacts, string, error) {
	f, err := tx.householdFacts(ctx, id)
	if err != nil {
		return f, "", err
	}
	obj := kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: id}
	basis, ok := kluwen.HouseholdReadBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNeedToKnow, obj)
		return f, "", notFound("Het huishouden")
	}
	if !write {
		return f, basis, nil
	}
	basis, ok = kluwen.HouseholdWriteBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNoChange, obj)
		return f, "", forbidden()
	}
	return f, basis, nil
}

// personAccess loads a person's facts and checks the actor's access for
// eventType: a read, or (write true) a change of the person or their family ties.
// Answers and logging as caseAccess.
func (tx *Tx) personAccess(ctx context.Context, id int64, eventType string, action kluwen.AuditAction, write bool) (kluwen.PersonFacts, string, error) {
	f, err := tx.personFacts(ctx, id)
	if err != nil {
		return f, "", err
	}
	obj := kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: id}
	basis, ok := kluwen.PersonReadBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNeedToKnow, obj)
		return f, "", notFound("De persoon")
	}
	if !write {
		return f, basis, nil
	}
	basis, ok = kluwen.PersonWriteBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, action, reasonNoChange, obj)
		return f, "", forbidden()
	}
	return f, basis, nil
}

// The SQL forms of the read rules. Each returns a boolean expression over the
// given table alias and its arguments, in order. They mirror CaseReadBasis,
// HouseholdReadBasis and PersonReadBasis exactly; the subqueries use their own
// aliases (v…) so they nest.

// caseVisibleSQL is true for the cases (alias c) the actor may read today.
func (tx *Tx) caseVisibleSQL(c string) (string, []any) {
	a := tx.actor
	today := dateArg(tx.today)
	involved := fmt.Sprintf(`EXISTS (SELECT 1 FROM involvements vi WHERE vi.case_id = %s.id AND vi.organisation_id = ? AND vi.from_date <= ? AND (vi.to_date IS NULL OR vi.to_date >= ?))`, c)
	switch {
	case a == nil:
		return "1 = 0", nil
	case a.System():
		return "1 = 1", nil
	case a.Role == kluwen.RoleRegisseur:
		return fmt.Sprintf(`(%[1]s.regisseur_id = ? OR %[1]s.organisation_id = ? OR %[2]s)`, c, involved),
			[]any{a.UserID, a.OrganisationID, a.OrganisationID, today, today}
	case a.Role == kluwen.RoleProfessional:
		return involved, []any{a.OrganisationID, today, today}
	}
	return "1 = 0", nil
}

// householdVisibleSQL is true for the households (alias h) the actor may read.
func (tx *Tx) householdVisibleSQL(h string) (string, []any) {
	a := tx.actor
	switch {
	case a == nil:
		return "1 = 0", nil
	case a.System():
		return "1 = 1", nil
	}
	cv, args := tx.caseVisibleSQL("vc")
	q := fmt.Sprintf(`EXISTS (SELECT 1 FROM cases vc WHERE vc.household_id = %s.id AND %s)`, h, cv)
	if a.Role == kluwen.RoleRegisseur {
		q = fmt.Sprintf(`(%s OR %s.registered_by_org_id = ?)`, q, h)
		args = append(args, a.OrganisationID)
	}
	return q, args
}

// personVisibleSQL is true for the persons (alias p) the actor may read.
func (tx *Tx) personVisibleSQL(p string) (string, []any) {
	a := tx.actor
	switch {
	case a == nil:
		return "1 = 0", nil
	case a.System():
		return "1 = 1", nil
	}
	hv, args := tx.householdVisibleSQL("vh")
	q := fmt.Sprintf(`EXISTS (SELECT 1 FROM memberships vm JOIN households vh ON vh.id = vm.household_id WHERE vm.person_id = %s.id AND %s)`, p, hv)
	if a.Role == kluwen.RoleRegisseur {
		q = fmt.Sprintf(`(%s OR %s.registered_by_org_id = ?)`, q, p)
		args = append(args, a.OrganisationID)
	}
	return q, args
}

// searchPageSize is the page size of a search: 50 unless asked, at most 200.
func searchPageSize(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 200:
		return 200
	}
	return limit
}

// likeContains is a LIKE pattern (with ESCAPE '\') matching s anywhere,
// case-insensitively (compare with lower(col)).
func likeContains(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(searchText(s))) + "%"
}

// searchText makes a search term a text both databases take: what no
// stored text contains (invalid UTF-8, NUL, which PostgreSQL refuses) becomes
// U+FFFD, so the term matches nothing instead of failing the search.
func searchText(s string) string {
	return strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", "\uFFFD"), "\uFFFD")
}

// plainText reports whether s is valid UTF-8 without control characters other
// than line breaks and tabs, as the domain requires of free text.
func plainText(s string) bool {
	return utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t'
	}) < 0
}

// whereClause collects the conditions and arguments of a search.
type whereClause struct {
	conds []string
	args  []any
}

func (w *whereClause) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *whereClause) String() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// mergeFields adds the field errors of err (from a Validate method) to v.
func mergeFields(v *kluwen.Validator, err error) error {
	if err == nil {
		return nil
	}
	fs := kluwen.ErrorFields(err)
	if len(fs) == 0 {
		return err
	}
	for _, f := range fs {
		v.Add(f.Field, f.Message)
	}
	return nil
}

// registeringOrg settles the organisation that registers a new household or
// person: the actor's own, or for the system actor the one the caller named, which
// must exist.
func (tx *Tx) registeringOrg(ctx context.Context, v *kluwen.Validator, orgID *int64) error {
	if !tx.actor.System() {
		*orgID = tx.actor.OrganisationID
		return nil
	}
	ok, err := tx.organisationExists(ctx, *orgID)
	if err != nil {
		return err
	}
	v.Check(ok, "registeredByOrgId", "Kies een bestaande organisatie.")
	return nil
}

// organisationExists reports whether the organisation exists.
func (tx *Tx) organisationExists(ctx context.Context, id int64) (bool, error) {
	if id <= 0 {
		return false, nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM organisations WHERE id = ?`, id).Scan(&n); err != nil {
		return false, err
	}
	return n > 0, nil
}

// nullableUserID is the user to record as having done something: NULL for the
// system actor.
func (tx *Tx) nullableUserID() any {
	if tx.actor == nil || tx.actor.UserID == 0 {
		return nil
	}
	return tx.actor.UserID
}
