package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// Bulk loading is for the demo and benchmark loader only: it fills an (almost)
// empty database with a synthetic municipality of 100,000 households in one
// transaction, far faster than the services can, because it skips what makes the
// services safe for real use — need-to-know checks per row and an access-log
// entry per row. In their place the whole load requires the system actor and
// writes one access-log entry, "demo.load". The rows are still validated by the
// domain's Validate methods, and the database's constraints still hold.
//
// IDs are handed out by the loader (one above the highest in the table, which is
// locked on PostgreSQL for the rest of the load), so that a caller can refer to a
// household before it is written; rows are buffered and written with multi-row
// INSERTs, parents before children. On PostgreSQL the identity sequences are moved
// past the loaded IDs at the end.
//
// Each noun has a typed method (Household, Person, Signal, …) that validates the
// row and buffers it. Other parts of the store add their own the same way: a
// method on BulkTx that validates, takes an ID with nextID and buffers the row
// with add. Tables are written parents first: in the order of bulkTableOrder,
// and a table not named there after the others, in the order of first use.

// BulkTx is the transaction of a bulk load. Its methods buffer rows; they are
// written when enough are buffered and when the load ends.
type BulkTx struct {
	ctx    context.Context
	tx     *Tx
	tables []*bulkTable // in order of first use: parents before children
	byName map[string]*bulkTable
	lastID map[string]int64
	counts map[string]int
	buffer int // rows buffered over all tables

	instruments map[int64]*kluwen.Instrument // 0: the default
	typeDomains map[string]kluwen.LifeDomain
	userOrgs    map[int64]int64
	caseOrgs    map[int64]int64    // the organisation of each case loaded
	goals       map[int64]bulkGoal // each goal loaded
}

// bulkTableOrder is the order tables are written in: every table after the ones
// it refers to.
var bulkTableOrder = []string{
	"households", "persons", "memberships", "relations", "cases", "case_status_changes", "involvements",
	"signals", "assessments", "assessment_scores",
	"goals", "goal_persons", "conferences", "conference_agenda_items", "conference_invitees", "conference_attendance",
	"conference_decisions", "actions", "plan_versions", "maatwerk", "escalations",
}

// bulkRank is the place of a table in bulkTableOrder, or after all of them.
func bulkRank(table string) int {
	for i, t := range bulkTableOrder {
		if t == table {
			return i
		}
	}
	return len(bulkTableOrder)
}

// bulkTable buffers the rows of one table.
type bulkTable struct {
	name    string
	cols    []string
	perStmt int   // rows per INSERT
	args    []any // buffered rows, flattened
	n       int
	full    *sql.Stmt // the prepared INSERT of perStmt rows
}

// bulkFlushRows is how many rows are buffered over all tables before they are
// written.
const bulkFlushRows = 20000

// bulkMaxParams keeps an INSERT under both databases' limits on parameters
// (SQLite 32766, PostgreSQL 65535).
const bulkMaxParams = 30000

// BulkLoad runs fn in one transaction with a BulkTx and writes what it buffered.
// Only the system actor may; nothing is kept when fn or a write fails. The load
// writes a single access-log entry, demo.load. When it adds memberships or
// assessments, the problem domains of every household are counted again in the
// same transaction. Afterwards the statistics of the loaded tables are brought up
// to date (ANALYZE), so that the planner knows the volume at once instead of when
// autovacuum gets to it.
func (db *DB) BulkLoad(ctx context.Context, fn func(*BulkTx) error) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	if !a.System() {
		return forbidden()
	}
	var loaded []string
	err = db.update(ctx, func(tx *Tx) error {
		if db.dialect == SQLite {
			// A larger page cache for the index builds of the load (the connection
			// is the long-lived write connection: set it back afterwards).
			if _, err := tx.exec(ctx, `PRAGMA cache_size = -262144`); err != nil {
				return err
			}
			defer tx.exec(context.WithoutCancel(ctx), `PRAGMA cache_size = -2000`)
		}
		b := &BulkTx{ctx: ctx, tx: tx, byName: map[string]*bulkTable{}, lastID: map[string]int64{}, counts: map[string]int{},
			instruments: map[int64]*kluwen.Instrument{}, userOrgs: map[int64]int64{}, caseOrgs: map[int64]int64{}, goals: map[int64]bulkGoal{}}
		defer b.close()
		if err := fn(b); err != nil {
			return err
		}
		if err := b.Flush(); err != nil {
			return err
		}
		// The problem domains of the households, counted again over the whole
		// table: the loader fills an (almost) empty database.
		recount := b.counts["memberships"] > 0 || b.counts["assessments"] > 0
		if recount {
			if err := tx.refreshProblemDomains(ctx, nil); err != nil {
				return fmt.Errorf("bulk load: problem domains: %w", err)
			}
		}
		if db.dialect == Postgres {
			for table, id := range b.lastID {
				if id > 0 {
					if _, err := tx.exec(ctx, `SELECT setval(pg_get_serial_sequence(?, 'id'), ?)`, table, id); err != nil {
						return fmt.Errorf("bulk load: sequence of %s: %w", table, err)
					}
				}
			}
		}
		tx.log("demo.load", kluwen.AuditCreate, kluwen.BasisSystem)
		for _, t := range b.tables {
			loaded = append(loaded, t.name)
		}
		if recount {
			loaded = append(loaded, "household_problem_domains")
		}
		return nil
	})
	if err != nil || len(loaded) == 0 {
		return err
	}
	// The load stands; stale statistics only make reads slower, so a failure
	// here is logged, not returned.
	stmts := []string{`ANALYZE ` + strings.Join(loaded, ", ")}
	if db.dialect == SQLite {
		stmts = stmts[:0]
		for _, t := range loaded {
			stmts = append(stmts, `ANALYZE `+t)
		}
	}
	for _, q := range stmts {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			db.log.Warn("updating statistics after a bulk load", "err", err)
			break
		}
	}
	return nil
}

func (b *BulkTx) close() {
	for _, t := range b.tables {
		if t.full != nil {
			t.full.Close()
		}
	}
}

// Counts returns how many rows were added per table so far.
func (b *BulkTx) Counts() map[string]int {
	out := make(map[string]int, len(b.counts))
	for k, v := range b.counts {
		out[k] = v
	}
	return out
}

// Today is the date the load runs on.
func (b *BulkTx) Today() time.Time { return b.tx.today }

// nextID hands out the next ID of a table. On first use it locks the table on
// PostgreSQL (no one else inserts while IDs are handed out) and starts above the
// highest ID in it.
func (b *BulkTx) nextID(table string) (int64, error) {
	last, ok := b.lastID[table]
	if !ok {
		if b.tx.db.dialect == Postgres {
			if _, err := b.tx.exec(b.ctx, `LOCK TABLE `+table+` IN EXCLUSIVE MODE`); err != nil {
				return 0, err
			}
		}
		if err := b.tx.queryRow(b.ctx, `SELECT COALESCE(max(id), 0) FROM `+table).Scan(&last); err != nil {
			return 0, err
		}
	}
	last++
	b.lastID[table] = last
	return last, nil
}

// add buffers one row of a table. cols must be the same on every call for a
// table; vals are converted as Tx arguments are (instants per dialect).
func (b *BulkTx) add(table string, cols []string, vals ...any) error {
	if len(cols) != len(vals) {
		return fmt.Errorf("bulk load: %s: %d columns, %d values", table, len(cols), len(vals))
	}
	t := b.byName[table]
	if t == nil {
		t = &bulkTable{name: table, cols: cols, perStmt: min(1000, bulkMaxParams/len(cols))}
		b.byName[table] = t
		at := len(b.tables)
		for at > 0 && bulkRank(b.tables[at-1].name) > bulkRank(table) {
			at--
		}
		b.tables = slices.Insert(b.tables, at, t)
	} else if len(t.cols) != len(cols) {
		return fmt.Errorf("bulk load: %s: columns changed", table)
	}
	t.args = append(t.args, b.tx.args(vals)...)
	t.n++
	b.counts[table]++
	b.buffer++
	if b.buffer >= bulkFlushRows {
		return b.Flush()
	}
	return nil
}

// Flush writes every buffered row, table by table in order of first use.
func (b *BulkTx) Flush() error {
	for _, t := range b.tables {
		if err := b.flushTable(t); err != nil {
			return fmt.Errorf("bulk load: %s: %w", t.name, err)
		}
	}
	b.buffer = 0
	return nil
}

func (b *BulkTx) flushTable(t *bulkTable) error {
	w := len(t.cols)
	for t.n > 0 {
		k := min(t.n, t.perStmt)
		args := t.args[:k*w]
		var err error
		if k == t.perStmt {
			if t.full == nil {
				if t.full, err = b.tx.tx.PrepareContext(b.ctx, rebind(b.tx.db.dialect, insertRows(t.name, t.cols, k))); err != nil {
					return err
				}
			}
			_, err = t.full.ExecContext(b.ctx, args...)
		} else {
			_, err = b.tx.tx.ExecContext(b.ctx, rebind(b.tx.db.dialect, insertRows(t.name, t.cols, k)), args...)
		}
		if err != nil {
			return err
		}
		t.args, t.n = t.args[k*w:], t.n-k
	}
	t.args = t.args[:0]
	return nil
}

// insertRows is a multi-row INSERT of n rows.
func insertRows(table string, cols []string, n int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(row)
	}
	return s.String()
}

// invalid wraps a validation error of one bulk row.
func invalid(what string, err error) error {
	return fmt.Errorf("bulk load: invalid %s: %w", what, err)
}

// orNull is nil for a zero ID (an optional reference), else the ID.
func orNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

var (
	bulkHouseholdCols = []string{"id", "street", "house_number", "house_number_addition", "postcode", "city", "wijk", "registered_by_org_id", "created_at", "updated_at"}
	bulkPersonCols    = []string{"id", "given_name", "family_name_prefix", "family_name", "birth_date", "bsn_hash", "bsn_last4", "bsn_enc", "registered_by_org_id", "created_at", "updated_at"}
	bulkMemberCols    = []string{"id", "household_id", "person_id", "from_date", "to_date", "role"}
	bulkRelationCols  = []string{"id", "person_id", "related_person_id", "kind", "created_at"}
	bulkCaseCols      = []string{"id", "household_id", "title", "status", "regisseur_id", "organisation_id", "opened_at", "closed_at", "created_at", "updated_at"}
	bulkStatusCols    = []string{"id", "case_id", "from_status", "to_status", "reason", "user_id", "changed_at"}
	bulkInvolveCols   = []string{"id", "case_id", "organisation_id", "from_date", "to_date", "legal_basis", "contact_user_id", "note"}
	bulkSignalCols    = []string{"id", "household_id", "person_id", "type_code", "signal_date", "organisation_id", "life_domain", "severity", "description", "confidentiality", "author_user_id", "created_at"}
	bulkAssessCols    = []string{"id", "household_id", "person_id", "instrument_id", "assessed_on", "user_id", "organisation_id", "note", "created_at"}
	bulkScoreCols     = []string{"assessment_id", "domain_id", "score", "note"}
)

// stamp is t, or the load's time when t is zero.
func (b *BulkTx) stamp(t time.Time) time.Time {
	if t.IsZero() {
		return b.tx.now
	}
	return t
}

// Household adds a household registered by h.RegisteredByOrgID and sets h.ID.
// Members are added with Member.
func (b *BulkTx) Household(h *kluwen.Household) error {
	if err := h.Validate(); err != nil {
		return invalid("household", err)
	}
	id, err := b.nextID("households")
	if err != nil {
		return err
	}
	h.ID, h.CreatedAt, h.UpdatedAt = id, b.stamp(h.CreatedAt), b.stamp(h.UpdatedAt)
	return b.add("households", bulkHouseholdCols, id, h.Street, h.HouseNumber, h.HouseNumberAddition, h.Postcode, h.City, h.Wijk,
		h.RegisteredByOrgID, h.CreatedAt, h.UpdatedAt)
}

// Person adds a person registered by p.RegisteredByOrgID, with the BSN (if any)
// stored as the services store it, and sets p.ID.
func (b *BulkTx) Person(p *kluwen.Person) error {
	if err := p.Validate(b.tx.today); err != nil {
		return invalid("person", err)
	}
	hash, last4, enc, err := b.tx.db.bsnColumns(p.BSN)
	if err != nil {
		return err
	}
	id, err := b.nextID("persons")
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.UpdatedAt = id, b.stamp(p.CreatedAt), b.stamp(p.UpdatedAt)
	return b.add("persons", bulkPersonCols, id, p.GivenName, p.FamilyNamePrefix, p.FamilyName, dateArg(p.BirthDate), hash, last4, enc,
		p.RegisteredByOrgID, p.CreatedAt, p.UpdatedAt)
}

// Member adds a membership and sets m.ID. Overlapping memberships are not
// checked: the loader is trusted to plan them apart.
func (b *BulkTx) Member(m *kluwen.Membership) error {
	if err := m.Validate(); err != nil {
		return invalid("membership", err)
	}
	id, err := b.nextID("memberships")
	if err != nil {
		return err
	}
	m.ID = id
	return b.add("memberships", bulkMemberCols, id, m.HouseholdID, m.PersonID, dateArg(m.From), optDateArg(m.To), string(m.Role))
}

// Relation adds a family tie and sets r.ID.
func (b *BulkTx) Relation(r *kluwen.Relation) error {
	if err := r.Validate(); err != nil {
		return invalid("relation", err)
	}
	id, err := b.nextID("relations")
	if err != nil {
		return err
	}
	r.ID, r.CreatedAt = id, b.stamp(r.CreatedAt)
	return b.add("relations", bulkRelationCols, id, r.PersonID, r.RelatedPersonID, string(r.Kind), r.CreatedAt)
}

// Case adds a case and sets c.ID. Status defaults to aanmelding, OpenedAt to the
// load's time, OrganisationID to the regisseur's organisation. c.History and
// c.Involvements, when set, are added too (their CaseID set).
func (b *BulkTx) Case(c *kluwen.Case) error {
	if err := c.Validate(); err != nil {
		return invalid("case", err)
	}
	if c.Status == "" {
		c.Status = kluwen.CaseAanmelding
	}
	if !c.Status.Valid() {
		return invalid("case", fmt.Errorf("status %q", c.Status))
	}
	if c.OrganisationID == 0 {
		org, ok := b.userOrgs[c.RegisseurID]
		if !ok {
			if err := b.tx.queryRow(b.ctx, `SELECT organisation_id FROM users WHERE id = ?`, c.RegisseurID).Scan(&org); err != nil {
				return fmt.Errorf("bulk load: regisseur %d: %w", c.RegisseurID, err)
			}
			b.userOrgs[c.RegisseurID] = org
		}
		c.OrganisationID = org
	}
	id, err := b.nextID("cases")
	if err != nil {
		return err
	}
	c.ID, c.OpenedAt = id, b.stamp(c.OpenedAt)
	b.caseOrgs[id] = c.OrganisationID
	c.CreatedAt, c.UpdatedAt = b.stamp(c.CreatedAt), b.stamp(c.UpdatedAt)
	if err := b.add("cases", bulkCaseCols, id, c.HouseholdID, c.Title, string(c.Status), c.RegisseurID, c.OrganisationID, c.OpenedAt, c.ClosedAt,
		c.CreatedAt, c.UpdatedAt); err != nil {
		return err
	}
	for _, h := range c.History {
		h.CaseID = id
		if err := b.StatusChange(h); err != nil {
			return err
		}
	}
	for _, iv := range c.Involvements {
		iv.CaseID = id
		if err := b.Involvement(iv); err != nil {
			return err
		}
	}
	return nil
}

// StatusChange adds one step in a case's history and sets h.ID.
func (b *BulkTx) StatusChange(h *kluwen.CaseStatusChange) error {
	if !h.To.Valid() || (h.From != "" && !h.From.Valid()) || h.CaseID <= 0 {
		return invalid("status change", fmt.Errorf("%q → %q of case %d", h.From, h.To, h.CaseID))
	}
	id, err := b.nextID("case_status_changes")
	if err != nil {
		return err
	}
	h.ID, h.ChangedAt = id, b.stamp(h.ChangedAt)
	return b.add("case_status_changes", bulkStatusCols, id, h.CaseID, string(h.From), string(h.To), h.Reason, orNull(h.UserID), h.ChangedAt)
}

// Involvement adds a partner's involvement in a case and sets iv.ID.
func (b *BulkTx) Involvement(iv *kluwen.Involvement) error {
	if err := iv.Validate(); err != nil {
		return invalid("involvement", err)
	}
	id, err := b.nextID("involvements")
	if err != nil {
		return err
	}
	iv.ID = id
	return b.add("involvements", bulkInvolveCols, id, iv.CaseID, iv.OrganisationID, dateArg(iv.From), optDateArg(iv.To), string(iv.LegalBasis),
		iv.ContactUserID, iv.Note)
}

// Signal adds a signal of s.OrganisationID (required) and sets s.ID. The life
// domain defaults to the type's; CreatedAt to noon of the signal's date.
func (b *BulkTx) Signal(s *kluwen.Signal) error {
	if err := s.Validate(b.tx.today); err != nil {
		return invalid("signal", err)
	}
	if s.OrganisationID <= 0 {
		return invalid("signal", fmt.Errorf("no organisation"))
	}
	if s.LifeDomain == 0 {
		if b.typeDomains == nil {
			if err := b.loadSignalTypes(); err != nil {
				return err
			}
		}
		d, ok := b.typeDomains[s.TypeCode]
		if !ok {
			return invalid("signal", fmt.Errorf("unknown type %q", s.TypeCode))
		}
		s.LifeDomain = d
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = s.Date.Add(12 * time.Hour)
	}
	id, err := b.nextID("signals")
	if err != nil {
		return err
	}
	s.ID = id
	return b.add("signals", bulkSignalCols, id, s.HouseholdID, s.PersonID, s.TypeCode, dateArg(s.Date), s.OrganisationID, int(s.LifeDomain),
		string(s.Severity), s.Description, string(s.Confidentiality), orNull(s.AuthorUserID), s.CreatedAt)
}

func (b *BulkTx) loadSignalTypes() error {
	rows, err := b.tx.query(b.ctx, `SELECT code, default_domain FROM signal_types`)
	if err != nil {
		return err
	}
	defer rows.Close()
	b.typeDomains = map[string]kluwen.LifeDomain{}
	for rows.Next() {
		var code string
		var d int
		if err := rows.Scan(&code, &d); err != nil {
			return err
		}
		b.typeDomains[code] = kluwen.LifeDomain(d)
	}
	return rows.Err()
}

// Instrument returns an instrument (0: the default) as the loader knows it.
func (b *BulkTx) Instrument(id int64) (*kluwen.Instrument, error) {
	if in, ok := b.instruments[id]; ok {
		return in, nil
	}
	in, err := b.tx.loadInstrument(b.ctx, id)
	if err != nil {
		return nil, err
	}
	b.instruments[id], b.instruments[in.ID] = in, in
	return in, nil
}

// Assessment adds an assessment with its scores in a.InstrumentID (0: the
// default) for a.OrganisationID (required), and sets a.ID. CreatedAt defaults to
// noon of its date.
func (b *BulkTx) Assessment(a *kluwen.Assessment) error {
	in, err := b.Instrument(a.InstrumentID)
	if err != nil {
		return err
	}
	if err := a.Validate(in, b.tx.today); err != nil {
		return invalid("assessment", err)
	}
	if a.OrganisationID <= 0 {
		return invalid("assessment", fmt.Errorf("no organisation"))
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.Date.Add(12 * time.Hour)
	}
	id, err := b.nextID("assessments")
	if err != nil {
		return err
	}
	a.ID, a.InstrumentID = id, in.ID
	if err := b.add("assessments", bulkAssessCols, id, a.HouseholdID, a.PersonID, in.ID, dateArg(a.Date), orNull(a.UserID), a.OrganisationID,
		a.Note, a.CreatedAt); err != nil {
		return err
	}
	for _, s := range a.Scores {
		if s.Score == 0 && s.Note == "" {
			continue
		}
		var score any
		if s.Score != 0 {
			score = s.Score
		}
		if err := b.add("assessment_scores", bulkScoreCols, id, in.Domain(s.DomainCode).ID, score, s.Note); err != nil {
			return err
		}
	}
	return nil
}
