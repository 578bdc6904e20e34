package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

var _ kluwen.CostService = (*DB)(nil)

// Access-log event types of the cost analysis.
const (
	eventCostCreate  = "cost.create"  // records written (one entry per household, or per group of households for an import)
	eventCostRead    = "cost.read"    // a household's records or overview, an import preview
	eventCostAnalyse = "cost.analyse" // the portfolio, a case or cohort course, who pays
	eventCostExport  = "cost.export"  // a household's overview exported as CSV, XLSX or PDF
)

// importLogGroup is how many households one access-log entry of an import names.
const importLogGroup = 100

// errOtherOrganisation is the answer to recording costs for another organisation.
func errOtherOrganisation() error {
	return &kluwen.Error{Code: kluwen.EFORBIDDEN, Message: "U kunt alleen kosten vastleggen voor uw eigen organisatie.",
		Fields: []kluwen.FieldError{{Field: "organisationId", Message: "Kies uw eigen organisatie: kosten van een andere organisatie legt die organisatie zelf vast."}}}
}

// pricing prices records: the catalogue, the organisations' sectors and the
// departments, loaded once per call.
type pricing struct {
	items   map[string][]*kluwen.CostItem // by code, periods in order
	sectors map[int64]kluwen.Sector       // organisation → sector
	depts   map[int64]map[string]int64    // organisation → lower(name) → department
	deptOrg map[int64]int64               // department → organisation
}

func (tx *Tx) loadPricing(ctx context.Context) (*pricing, error) {
	p := &pricing{items: map[string][]*kluwen.CostItem{}, sectors: map[int64]kluwen.Sector{}, depts: map[int64]map[string]int64{}, deptOrg: map[int64]int64{}}
	items, err := tx.queryCostItems(ctx, `1 = 1`)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		p.items[it.Code] = append(p.items[it.Code], it)
	}
	rows, err := tx.query(ctx, `SELECT id, sector FROM organisations`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			rows.Close()
			return nil, err
		}
		p.sectors[id] = kluwen.Sector(s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT id, organisation_id, name FROM departments`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, org int64
		var name string
		if err := rows.Scan(&id, &org, &name); err != nil {
			return nil, err
		}
		if p.depts[org] == nil {
			p.depts[org] = map[string]int64{}
		}
		p.depts[org][strings.ToLower(name)] = id
		p.deptOrg[id] = org
	}
	return p, rows.Err()
}

// price completes a validated record: the catalogue period valid at the start of
// its period with its price, kind, sector and cost type, and the amount; or, for
// an actual amount, the organisation's sector. Problems go to v.
func (p *pricing) price(r *kluwen.CostRecord, v *kluwen.Validator) {
	if r.DepartmentID != nil && p.deptOrg[*r.DepartmentID] != r.OrganisationID {
		v.Add("departmentId", "Kies een afdeling van de organisatie die de kosten maakte.")
	}
	if r.ItemCode == "" {
		r.ItemID, r.UnitPrice = 0, 0
		r.Sector = p.sectors[r.OrganisationID]
		return
	}
	periods, ok := p.items[r.ItemCode]
	if !ok {
		v.Add("itemCode", fmt.Sprintf("De kostenpost %s staat niet in de catalogus.", r.ItemCode))
		return
	}
	if v.Has("from") {
		return
	}
	var it *kluwen.CostItem
	for _, c := range periods {
		if c.ValidOn(r.From) {
			it = c
			break
		}
	}
	if it == nil {
		v.Add("itemCode", fmt.Sprintf("De kostenpost %s geldt niet op %s, de begindatum van de periode (%s).",
			r.ItemCode, r.From.Format("02-01-2006"), validityText(periods)))
		return
	}
	amount, ok := r.Quantity.Times(it.UnitPrice)
	if !ok {
		v.Add("quantity", "Het aantal is te groot.")
		return
	}
	r.ItemID, r.UnitPrice, r.Amount = it.ID, it.UnitPrice, amount
	r.Sector, r.Kind, r.CostType = it.Sector, it.Kind, it.CostType
}

// validityText describes when an item holds: "geldig van 01-01-2011 tot en met
// 31-12-2023" or "geldig vanaf 01-01-2011".
func validityText(periods []*kluwen.CostItem) string {
	first, last := periods[0], periods[len(periods)-1]
	if last.ValidTo == nil {
		return "geldig vanaf " + first.ValidFrom.Format("02-01-2006")
	}
	return "geldig van " + first.ValidFrom.Format("02-01-2006") + " tot en met " + last.ValidTo.Format("02-01-2006")
}

// recordingOrg checks that the actor may record costs for org: a partner role
// for its own organisation only, the system actor for any existing one. Refusals
// are logged.
func (tx *Tx) recordingOrg(ctx context.Context, org int64, objects ...kluwen.ObjectRef) error {
	if err := tx.refuseUnlessCan(kluwen.PermRecordCosts, eventCostCreate, kluwen.AuditCreate, objects...); err != nil {
		return err
	}
	if tx.actor.System() {
		ok, err := tx.organisationExists(ctx, org)
		if err != nil {
			return err
		}
		if !ok {
			var v kluwen.Validator
			v.Add("organisationId", "Kies een bestaande organisatie.")
			return v.Err()
		}
		return nil
	}
	if org != tx.actor.OrganisationID {
		tx.refuse(eventCostCreate, kluwen.AuditCreate, "kosten voor een andere organisatie", objects...)
		return errOtherOrganisation()
	}
	return nil
}

// checkPerson adds a field error unless the person is or was a member of the
// household.
func (tx *Tx) checkPerson(ctx context.Context, v *kluwen.Validator, household int64, person *int64) error {
	if person == nil {
		return nil
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM memberships WHERE household_id = ? AND person_id = ?`, household, *person).Scan(&n); err != nil {
		return err
	}
	v.Check(n > 0, "personId", "Kies een persoon die tot het huishouden behoort of behoorde.")
	return nil
}

// CreateCostRecord records a cost of the actor's own organisation on a household
// the actor may read, priced from the catalogue, and adds it to the rollups in the
// same transaction.
func (db *DB) CreateCostRecord(ctx context.Context, r *kluwen.CostRecord) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if r.OrganisationID == 0 && tx.actor != nil && !tx.actor.System() {
			r.OrganisationID = tx.actor.OrganisationID
		}
		hh := kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: r.HouseholdID}
		if err := tx.recordingOrg(ctx, r.OrganisationID, hh); err != nil {
			return err
		}
		var basis string
		if r.HouseholdID > 0 {
			var err error
			if _, basis, err = tx.householdAccess(ctx, r.HouseholdID, eventCostCreate, kluwen.AuditCreate, false); err != nil {
				return err
			}
		}
		var v kluwen.Validator
		if err := mergeFields(&v, r.Validate()); err != nil {
			return err
		}
		p, err := tx.loadPricing(ctx)
		if err != nil {
			return err
		}
		p.price(r, &v)
		if err := tx.checkPerson(ctx, &v, r.HouseholdID, r.PersonID); err != nil {
			return err
		}
		if r.SourceRef != "" && !v.Has("sourceRef") {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM cost_records WHERE organisation_id = ? AND source_ref = ?`, r.OrganisationID, r.SourceRef).Scan(&n); err != nil {
				return err
			}
			v.Check(n == 0, "sourceRef", "Deze bronverwijzing is al gebruikt voor een andere kostenregel van uw organisatie.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		r.CreatedBy, r.CreatedAt = tx.actor.UserID, tx.now
		if r.ID, err = tx.insert(ctx, `INSERT INTO cost_records (`+costRecordInsertCols+`) VALUES (`+placeholders(costRecordColCount)+`) RETURNING id`,
			tx.costRecordArgs(nil, r)...); err != nil {
			return err
		}
		d := newRollupDelta()
		d.add(r)
		if err := d.apply(ctx, tx); err != nil {
			return err
		}
		objs := []kluwen.ObjectRef{hh}
		if r.PersonID != nil {
			objs = append(objs, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: *r.PersonID})
		}
		tx.log(eventCostCreate, kluwen.AuditCreate, basis, objs...)
		return nil
	})
}

const costRecordInsertCols = `organisation_id, department_id, household_id, person_id, item_id, item_code, quantity_milli, unit_price_cents, amount_cents,
	description, period_from, period_to, year, quarter, life_domain, sector, kind, cost_type, estimated, correction, source_ref, created_by, created_at`

const costRecordColCount = 23

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// costRecordArgs appends the insert arguments of r.
func (tx *Tx) costRecordArgs(args []any, r *kluwen.CostRecord) []any {
	y, q := kluwen.Quarter(r.From)
	var dept, person, item, ref, by any
	if r.DepartmentID != nil {
		dept = *r.DepartmentID
	}
	if r.PersonID != nil {
		person = *r.PersonID
	}
	if r.ItemID != 0 {
		item = r.ItemID
	}
	if r.SourceRef != "" {
		ref = r.SourceRef
	}
	if r.CreatedBy != 0 {
		by = r.CreatedBy
	}
	return append(args, r.OrganisationID, dept, r.HouseholdID, person, item, r.ItemCode, int64(r.Quantity), int64(r.UnitPrice), int64(r.Amount),
		r.Description, dateArg(r.From), dateArg(r.To), y, q, r.LifeDomain, string(r.Sector), string(r.Kind), string(r.CostType),
		r.Estimated, r.Correction, ref, by, timeArg(tx.db.dialect, r.CreatedAt))
}

// insertCostRecords writes records in statements of many rows each, without
// returning their IDs: multi-row INSERTs on SQLite, an INSERT from arrays
// (unnest) on PostgreSQL.
func (tx *Tx) insertCostRecords(ctx context.Context, recs []*kluwen.CostRecord) error {
	if tx.db.dialect == Postgres {
		return tx.insertCostRecordsPG(ctx, recs)
	}
	per := maxParams / costRecordColCount
	tuple := "(" + placeholders(costRecordColCount) + ")"
	head := `INSERT INTO cost_records (` + costRecordInsertCols + `) VALUES `
	var full string
	args := make([]any, 0, per*costRecordColCount)
	for start := 0; start < len(recs); start += per {
		end := min(len(recs), start+per)
		args = args[:0]
		for _, r := range recs[start:end] {
			args = tx.costRecordArgs(args, r)
		}
		q := full
		if end-start != per || q == "" {
			q = head + strings.TrimSuffix(strings.Repeat(tuple+", ", end-start), ", ")
			if end-start == per {
				full = q
			}
		}
		if _, err := tx.tx.ExecContext(ctx, rebind(tx.db.dialect, q), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertCostRecordsPG writes records with one statement per 20,000, each column
// passed as one array.
func (tx *Tx) insertCostRecordsPG(ctx context.Context, recs []*kluwen.CostRecord) error {
	const per = 20000
	for start := 0; start < len(recs); start += per {
		part := recs[start:min(len(recs), start+per)]
		n := len(part)
		var (
			org, hh, qty, price, amount, year, quarter = make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
			dept, person, item, by                     = make([]*int64, n), make([]*int64, n), make([]*int64, n), make([]*int64, n)
			code, desc, domain, sector, kind, typ      = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
			ref                                        = make([]*string, n)
			from, to, created                          = make([]time.Time, n), make([]time.Time, n), make([]time.Time, n)
			est, corr                                  = make([]bool, n), make([]bool, n)
		)
		for i, r := range part {
			y, q := kluwen.Quarter(r.From)
			org[i], hh[i], qty[i], price[i], amount[i], year[i], quarter[i] = r.OrganisationID, r.HouseholdID, int64(r.Quantity), int64(r.UnitPrice), int64(r.Amount), int64(y), int64(q)
			dept[i], person[i] = r.DepartmentID, r.PersonID
			if r.ItemID != 0 {
				item[i] = &r.ItemID
			}
			if r.CreatedBy != 0 {
				by[i] = &r.CreatedBy
			}
			if r.SourceRef != "" {
				ref[i] = &r.SourceRef
			}
			code[i], desc[i], domain[i], sector[i], kind[i], typ[i] = r.ItemCode, r.Description, r.LifeDomain, string(r.Sector), string(r.Kind), string(r.CostType)
			from[i], to[i], created[i] = r.From, r.To, r.CreatedAt.UTC()
			est[i], corr[i] = r.Estimated, r.Correction
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO cost_records (`+costRecordInsertCols+`)
			SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[],
				$10::text[], $11::date[], $12::date[], $13::int[], $14::int[], $15::text[], $16::text[], $17::text[], $18::text[], $19::bool[], $20::bool[],
				$21::text[], $22::bigint[], $23::timestamptz[])`,
			org, dept, hh, person, item, code, qty, price, amount, desc, from, to, year, quarter, domain, sector, kind, typ, est, corr, ref, by, created); err != nil {
			return err
		}
	}
	return nil
}

const costRecordColumns = `r.id, r.organisation_id, r.department_id, r.household_id, r.person_id, r.item_id, r.item_code, r.quantity_milli,
	r.unit_price_cents, r.amount_cents, r.description, r.period_from, r.period_to, r.life_domain, r.sector, r.kind, r.cost_type,
	r.estimated, r.correction, r.source_ref, r.created_by, r.created_at`

func scanCostRecord(sc rowScanner) (*kluwen.CostRecord, error) {
	r := &kluwen.CostRecord{}
	var dept, person, item, by sql.NullInt64
	var ref sql.NullString
	var qty, price, amount int64
	var sector, kind, typ string
	if err := sc.Scan(&r.ID, &r.OrganisationID, &dept, &r.HouseholdID, &person, &item, &r.ItemCode, &qty, &price, &amount,
		&r.Description, timeScan{&r.From}, timeScan{&r.To}, &r.LifeDomain, &sector, &kind, &typ,
		&r.Estimated, &r.Correction, &ref, &by, timeScan{&r.CreatedAt}); err != nil {
		return nil, err
	}
	if dept.Valid {
		r.DepartmentID = &dept.Int64
	}
	if person.Valid {
		r.PersonID = &person.Int64
	}
	r.ItemID, r.SourceRef, r.CreatedBy = item.Int64, ref.String, by.Int64
	r.Quantity, r.UnitPrice, r.Amount = kluwen.Quantity(qty), kluwen.Cents(price), kluwen.Cents(amount)
	r.Sector, r.Kind, r.CostType = kluwen.Sector(sector), kluwen.CostKind(kind), kluwen.CostType(typ)
	return r, nil
}

// ownCostsOnly says whether the actor sees only its own organisation's costs on
// a household, and which organisation that is. A partner professional does: what
// other partners spend (care, addiction, child protection) tells more about the
// family than their role needs. The regisseur sees every partner's costs; that is
// what the overview is for.
func (tx *Tx) ownCostsOnly() (int64, bool) {
	if tx.actor != nil && tx.actor.Role == kluwen.RoleProfessional {
		return tx.actor.OrganisationID, true
	}
	return 0, false
}

// FindCostRecords returns the cost records of a household the actor may read,
// newest period first (see CostRecordFilter); a partner professional gets only
// its own organisation's. The read is logged.
func (db *DB) FindCostRecords(ctx context.Context, f kluwen.CostRecordFilter) ([]*kluwen.CostRecord, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.CostRecord
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, f.HouseholdID, eventCostRead, kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		var w whereClause
		w.add(`r.household_id = ?`, f.HouseholdID)
		if org, own := tx.ownCostsOnly(); own {
			w.add(`r.organisation_id = ?`, org)
		}
		if f.ID > 0 {
			w.add(`r.id = ?`, f.ID)
		}
		if f.OrganisationID != nil {
			w.add(`r.organisation_id = ?`, *f.OrganisationID)
		}
		if f.From != nil {
			w.add(`r.period_from >= ?`, dateArg(*f.From))
		}
		if f.To != nil {
			w.add(`r.period_from <= ?`, dateArg(*f.To))
		}
		if f.AfterID > 0 {
			// Continue after that record on the list's key (start date, id). It
			// is looked up within the list itself, so that a cursor never tells
			// anything about a record the actor may not see.
			var from time.Time
			err := tx.queryRow(ctx, `SELECT r.period_from FROM cost_records r WHERE `+w.String()+` AND r.id = ?`, append(w.args, f.AfterID)...).
				Scan(timeScan{&from})
			if isNoRows(err) {
				var v kluwen.Validator
				v.Add("cursor", "Deze vervolgpagina bestaat niet. Begin opnieuw bij de eerste pagina.")
				return v.Err()
			}
			if err != nil {
				return err
			}
			d := dateArg(from)
			w.add(`(r.period_from < ? OR (r.period_from = ? AND r.id < ?))`, d, d, f.AfterID)
		}
		rows, err := tx.query(ctx, `SELECT `+costRecordColumns+` FROM cost_records r WHERE `+w.String()+` ORDER BY r.period_from DESC, r.id DESC LIMIT ?`,
			append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanCostRecord(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log(eventCostRead, kluwen.AuditRead, basis, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: f.HouseholdID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// sortedIDs returns the keys of a set in order.
func sortedIDs(set map[int64]bool) []int64 {
	out := make([]int64, 0, len(set))
	for id := range set {
		out = append(out, id)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// chunks calls fn for consecutive pieces of ids of at most n.
func chunks(ids []int64, n int, fn func([]int64) error) error {
	for start := 0; start < len(ids); start += n {
		if err := fn(ids[start:min(len(ids), start+n)]); err != nil {
			return err
		}
	}
	return nil
}
