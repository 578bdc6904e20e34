package sqlstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// ImportCostRecords checks, prices and writes a partner's rows in one
// transaction. Every row is checked before anything is written: the household key
// must name one household the actor may read, the item must hold at the start of
// the period, and a source reference already imported must carry the same input
// (sameInput: it is then counted as unchanged and skipped, so importing a file
// twice changes nothing, also after the catalogue changed). A row without a source
// reference gets one derived from its content (contentRefs). When any row has an
// error nothing is written, unless GoodRowsOnly asks to import the others; the
// result then lists every error with its line and field and the call returns
// EINVALID as well. A dry run checks and prices without writing (the preview).
func (db *DB) ImportCostRecords(ctx context.Context, imp *kluwen.CostImport) (*kluwen.CostImportResult, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	res := &kluwen.CostImportResult{Rows: len(imp.Rows)}
	err := db.update(ctx, func(tx *Tx) error {
		*res = kluwen.CostImportResult{Rows: len(imp.Rows)}
		org := imp.OrganisationID
		if !tx.actor.System() && org == 0 {
			org = tx.actor.OrganisationID
		}
		if err := tx.recordingOrg(ctx, org); err != nil {
			return err
		}
		p, err := tx.loadPricing(ctx)
		if err != nil {
			return err
		}
		errs := make([][]kluwen.CostRowError, len(imp.Rows))
		addErr := func(i int, field, msg string) {
			errs[i] = append(errs[i], kluwen.CostRowError{Line: imp.Rows[i].Line, Field: field, Message: msg})
		}
		recs := make([]*kluwen.CostRecord, len(imp.Rows))
		for i, row := range imp.Rows {
			errs[i] = append(errs[i], row.Errors...)
			r := row.Record
			r.ID, r.OrganisationID, r.HouseholdID = 0, org, 0
			recs[i] = &r
		}
		households, shared, err := tx.resolveHouseholds(ctx, imp.Rows, recs, addErr)
		if err != nil {
			return err
		}
		visible, err := tx.visibleHouseholds(ctx, households)
		if err != nil {
			return err
		}
		refusedSet := map[int64]bool{}
		seenRef := map[string]int{}
		// report adds a row's field errors: the household key was checked above,
		// and a field the file already had an error on (a bad number) is not
		// reported twice.
		report := func(i int, v *kluwen.Validator) {
			for _, f := range kluwen.ErrorFields(v.Err()) {
				if f.Field != "householdId" && !slices.ContainsFunc(imp.Rows[i].Errors, func(e kluwen.CostRowError) bool { return e.Field == f.Field }) {
					addErr(i, f.Field, f.Message)
				}
			}
		}
		// A row without an error so far is priced only once it is known not to
		// have been imported before: a row imported before is left as it was
		// recorded, whatever the catalogue says now.
		pending := make([]bool, len(imp.Rows))
		var content *contentRefs
		for i, row := range imp.Rows {
			r := recs[i]
			// An address with several households decides only among those the
			// actor may see: the others are not revealed.
			if ids, ok := shared[i]; ok {
				var seen []int64
				for _, id := range ids {
					if visible[id] != "" {
						seen = append(seen, id)
					}
				}
				switch len(seen) {
				case 0:
					r.HouseholdID = ids[0] // refused below
				case 1:
					r.HouseholdID = seen[0]
				default:
					addErr(i, "household", fmt.Sprintf("Op het adres %s staan meerdere huishoudens. Gebruik het huishoudnummer.", row.Household))
				}
			}
			if r.HouseholdID != 0 && visible[r.HouseholdID] == "" {
				refusedSet[r.HouseholdID] = true
				r.HouseholdID = 0
				addErr(i, "household", householdNotFound(row.Household))
			}
			if name := strings.TrimSpace(row.Department); name != "" {
				if id, ok := p.depts[org][strings.ToLower(name)]; ok {
					r.DepartmentID = &id
				} else {
					addErr(i, "department", fmt.Sprintf("De afdeling %q bestaat niet bij uw organisatie.", name))
				}
			}
			var v kluwen.Validator
			if err := mergeFields(&v, r.Validate()); err != nil {
				return err
			}
			if r.SourceRef == "" {
				if content == nil {
					content = tx.db.newContentRefs()
				}
				r.SourceRef = content.ref(row, r)
			} else if first, dup := seenRef[r.SourceRef]; dup {
				addErr(i, "sourceRef", fmt.Sprintf("Deze bronverwijzing staat ook op regel %d.", imp.Rows[first].Line))
			} else {
				seenRef[r.SourceRef] = i
			}
			if len(errs[i]) == 0 && v.Err() == nil {
				pending[i] = true
				continue
			}
			p.price(r, &v)
			report(i, &v)
		}
		unchanged, err := tx.importedBefore(ctx, org, recs, pending, addErr)
		if err != nil {
			return err
		}
		// A row imported before with other input has its error; the others are
		// new and are priced.
		for i, r := range recs {
			if pending[i] && !unchanged[i] && len(errs[i]) == 0 {
				var v kluwen.Validator
				p.price(r, &v)
				report(i, &v)
			}
		}
		var good []*kluwen.CostRecord
		var goodLines []int
		touched := map[int64]bool{}
		for i := range imp.Rows {
			switch {
			case len(errs[i]) > 0:
				res.Rejected++
				res.Errors = append(res.Errors, errs[i]...)
			case unchanged[i]:
				res.Unchanged++
			default:
				recs[i].CreatedBy, recs[i].CreatedAt = tx.actor.UserID, tx.now
				good = append(good, recs[i])
				goodLines = append(goodLines, imp.Rows[i].Line)
				touched[recs[i].HouseholdID] = true
			}
		}
		refused := sortedIDs(refusedSet)
		basis := kluwen.BasisSystem
		if !tx.actor.System() {
			basis = "need-to-know: alleen huishoudens die de organisatie mag zien"
		}
		// The households of the other rows were looked up, their records
		// compared (a row imported before) and the answer speaks of them (the
		// row unchanged, or its error): that is a read.
		read := map[int64]bool{}
		for _, r := range recs {
			if h := r.HouseholdID; h != 0 && !touched[h] && !refusedSet[h] {
				read[h] = true
			}
		}
		if res.Rejected > 0 && !imp.GoodRowsOnly && !imp.DryRun {
			tx.logGroups(true, eventCostCreate, kluwen.AuditCreate, reasonNeedToKnow, refused)
			// Nothing is written, but the answer names every row: the households
			// of the rows are read, and that stays in the log.
			for h := range touched {
				read[h] = true
			}
			tx.keepGroups(eventCostRead, kluwen.AuditRead, basis, sortedIDs(read))
			return &kluwen.Error{Code: kluwen.EINVALID,
				Message: fmt.Sprintf("Er is niets geïmporteerd: %d van de %d regels bevatten fouten. Verbeter ze, of kies ervoor alleen de goede regels te importeren.", res.Rejected, res.Rows)}
		}
		if imp.DryRun {
			res.Records, res.Lines = good, goodLines
			for h := range touched {
				read[h] = true
			}
			tx.logGroups(false, eventCostRead, kluwen.AuditRead, basis, sortedIDs(read))
			tx.logGroups(false, eventCostRead, kluwen.AuditRead, reasonNeedToKnow, refused)
			return nil
		}
		if imp.UploadID != 0 {
			if err := tx.consumeUpload(ctx, imp.UploadID); err != nil {
				return err
			}
		}
		if err := tx.insertCostRecords(ctx, good); err != nil {
			return err
		}
		d := newRollupDelta()
		for _, r := range good {
			d.add(r)
		}
		if err := d.apply(ctx, tx); err != nil {
			return err
		}
		res.Imported = len(good)
		res.Records, res.Lines = good, goodLines
		tx.logGroups(false, eventCostCreate, kluwen.AuditCreate, basis, sortedIDs(touched))
		tx.logGroups(false, eventCostRead, kluwen.AuditRead, basis, sortedIDs(read))
		tx.logGroups(false, eventCostCreate, kluwen.AuditCreate, reasonNeedToKnow, refused)
		return nil
	})
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.EINVALID && res.Rejected > 0 {
			return res, err
		}
		return nil, err
	}
	return res, nil
}

// keepGroups writes successful access-log entries naming the households in
// groups of importLogGroup that are kept although the call fails: what a refused
// import told of the households it read.
func (tx *Tx) keepGroups(event string, action kluwen.AuditAction, basis string, ids []int64) {
	for _, objs := range householdGroups(ids) {
		tx.refused = append(tx.refused, tx.entry(event, action, kluwen.OutcomeSuccess, basis, objs))
	}
}

// householdGroups splits households into groups of importLogGroup, each the
// objects of one access-log entry.
func householdGroups(ids []int64) [][]kluwen.ObjectRef {
	var out [][]kluwen.ObjectRef
	for start := 0; start < len(ids); start += importLogGroup {
		part := ids[start:min(len(ids), start+importLogGroup)]
		objs := make([]kluwen.ObjectRef, len(part))
		for i, id := range part {
			objs[i] = kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: id}
		}
		out = append(out, objs)
	}
	return out
}

// logGroups writes access-log entries naming the households in groups of
// importLogGroup: refused entries (refused true, written even when the call
// fails) or, for a committing call, entries with outcome success — or refused
// when basis is the need-to-know refusal.
func (tx *Tx) logGroups(refused bool, event string, action kluwen.AuditAction, basis string, ids []int64) {
	for _, objs := range householdGroups(ids) {
		switch {
		case refused:
			tx.refuse(event, action, basis, objs...)
		case basis == reasonNeedToKnow:
			tx.entries = append(tx.entries, tx.entry(event, action, kluwen.OutcomeRefused, basis, objs))
		default:
			tx.log(event, action, basis, objs...)
		}
	}
}

// householdNotFound is the message for a row whose key names no household, or
// one the actor may not see: the same words for both, so that an import (or its
// preview) does not tell whether a BSN or an address is known in Kluwen.
func householdNotFound(k kluwen.HouseholdKey) string {
	switch {
	case k.ID > 0:
		return fmt.Sprintf("Het huishouden (%s) is niet gevonden.", k)
	case k.BSN != "":
		return fmt.Sprintf("Bij %s is op de begindatum geen huishouden bekend.", k)
	}
	return fmt.Sprintf("Op het adres %s is geen huishouden gevonden.", k)
}

// resolveHouseholds sets the household (and, for a BSN, the person) of every
// row from its key, and returns the households found. An address with several
// households is not decided here: its rows are returned in shared with their
// candidates, which are among the households found. Rows whose key names no
// household, or more than one, get an error.
func (tx *Tx) resolveHouseholds(ctx context.Context, rows []*kluwen.CostImportRow, recs []*kluwen.CostRecord, addErr func(int, string, string)) (found map[int64]bool, shared map[int][]int64, err error) {
	found, shared = map[int64]bool{}, map[int][]int64{}
	byID := map[int64]bool{}
	type addr struct {
		pc  string
		nr  int
		add string
	}
	byAddr := map[addr][]int64{}
	postcodes := map[string]bool{}
	bsnHashes := map[string]bool{}
	for i, row := range rows {
		k := row.Household
		switch {
		case k.ID > 0:
			byID[k.ID] = true
		case k.BSN != "":
			b := kluwen.NormaliseBSN(k.BSN)
			if !kluwen.ValidBSN(b) {
				addErr(i, "household", "Dit is geen geldig BSN. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")
				continue
			}
			bsnHashes[tx.db.bsnHash(b)] = true
		case k.Postcode != "":
			pc, ok := kluwen.NormalisePostcode(k.Postcode)
			if !ok || k.HouseNumber < 1 {
				addErr(i, "household", "Vul een geldige postcode en een huisnummer in, zoals 1234 AB 12.")
				continue
			}
			postcodes[pc] = true
		default:
			addErr(i, "household", "Vul het huishouden in: een huishoudnummer, een adres (postcode en huisnummer) of een BSN.")
		}
	}
	exists := map[int64]bool{}
	if err := chunks(sortedIDs(byID), 500, func(ids []int64) error {
		in, args := idList(ids)
		rs, err := tx.query(ctx, `SELECT id FROM households WHERE id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		defer rs.Close()
		for rs.Next() {
			var id int64
			if err := rs.Scan(&id); err != nil {
				return err
			}
			exists[id] = true
		}
		return rs.Err()
	}); err != nil {
		return nil, nil, err
	}
	pcs := make([]string, 0, len(postcodes))
	for pc := range postcodes {
		pcs = append(pcs, pc)
	}
	for start := 0; start < len(pcs); start += 500 {
		part := pcs[start:min(len(pcs), start+500)]
		args := make([]any, len(part))
		for i, pc := range part {
			args[i] = pc
		}
		rs, err := tx.query(ctx, `SELECT id, postcode, house_number, house_number_addition FROM households WHERE postcode IN (`+placeholders(len(part))+`) ORDER BY id`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rs.Next() {
			var id int64
			var a addr
			if err := rs.Scan(&id, &a.pc, &a.nr, &a.add); err != nil {
				rs.Close()
				return nil, nil, err
			}
			a.add = strings.ToLower(strings.TrimSpace(a.add))
			byAddr[a] = append(byAddr[a], id)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, nil, err
		}
	}
	type stay struct {
		person, household int64
		from              time.Time
		to                *time.Time
	}
	stays := map[string][]stay{}
	hashes := make([]string, 0, len(bsnHashes))
	for h := range bsnHashes {
		hashes = append(hashes, h)
	}
	for start := 0; start < len(hashes); start += 500 {
		part := hashes[start:min(len(hashes), start+500)]
		args := make([]any, len(part))
		for i, h := range part {
			args[i] = h
		}
		rs, err := tx.query(ctx, `SELECT p.bsn_hash, p.id, m.household_id, m.from_date, m.to_date FROM persons p JOIN memberships m ON m.person_id = p.id
			WHERE p.bsn_hash IN (`+placeholders(len(part))+`) ORDER BY m.from_date, m.id`, args...)
		if err != nil {
			return nil, nil, err
		}
		for rs.Next() {
			var h string
			var s stay
			if err := rs.Scan(&h, &s.person, &s.household, timeScan{&s.from}, nullTimeScan{&s.to}); err != nil {
				rs.Close()
				return nil, nil, err
			}
			stays[h] = append(stays[h], s)
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, nil, err
		}
	}
	for i, row := range rows {
		k := row.Household
		r := recs[i]
		switch {
		case k.ID > 0:
			if exists[k.ID] {
				r.HouseholdID = k.ID
			} else {
				addErr(i, "household", householdNotFound(k))
			}
		case k.BSN != "":
			b := kluwen.NormaliseBSN(k.BSN)
			if !kluwen.ValidBSN(b) {
				continue
			}
			var hit *stay
			for _, s := range stays[tx.db.bsnHash(b)] {
				if !r.From.IsZero() && !s.from.After(r.From) && (s.to == nil || !s.to.Before(r.From)) {
					s := s
					hit = &s
				}
			}
			if hit == nil {
				addErr(i, "household", householdNotFound(k))
				continue
			}
			r.HouseholdID, r.PersonID = hit.household, &hit.person
		case k.Postcode != "":
			pc, ok := kluwen.NormalisePostcode(k.Postcode)
			if !ok || k.HouseNumber < 1 {
				continue
			}
			ids := byAddr[addr{pc, k.HouseNumber, strings.ToLower(strings.TrimSpace(k.Addition))}]
			switch len(ids) {
			case 0:
				addErr(i, "household", householdNotFound(k))
			case 1:
				r.HouseholdID = ids[0]
			default:
				shared[i] = ids
				for _, id := range ids {
					found[id] = true
				}
			}
		}
		if r.HouseholdID != 0 {
			found[r.HouseholdID] = true
		}
	}
	return found, shared, nil
}

// visibleHouseholds returns the basis on which the actor may read each of the
// households ("" for those it may not).
func (tx *Tx) visibleHouseholds(ctx context.Context, households map[int64]bool) (map[int64]string, error) {
	out := make(map[int64]string, len(households))
	ids := sortedIDs(households)
	if tx.actor.System() {
		for _, id := range ids {
			out[id] = kluwen.BasisSystem
		}
		return out, nil
	}
	err := chunks(ids, 500, func(part []int64) error {
		facts, err := tx.householdFactsFor(ctx, part)
		if err != nil {
			return err
		}
		for _, id := range part {
			if b, ok := kluwen.HouseholdReadBasis(tx.actor, facts[id]); ok {
				out[id] = b
			} else {
				out[id] = ""
			}
		}
		return nil
	})
	return out, err
}

// importedBefore looks up the source references of the pending rows among the
// organisation's records. A reference imported before with the same input
// (sameInput) marks the row unchanged; with other input the row gets an error (a
// record is never changed: a correction is a new record with its own reference).
func (tx *Tx) importedBefore(ctx context.Context, org int64, recs []*kluwen.CostRecord, pending []bool, addErr func(int, string, string)) ([]bool, error) {
	byRef := map[string]int{}
	var refs []string
	for i, r := range recs {
		if pending[i] {
			byRef[r.SourceRef] = i
			refs = append(refs, r.SourceRef)
		}
	}
	unchanged := make([]bool, len(recs))
	// PostgreSQL looks up 50,000 references per statement from an array; SQLite
	// 500 in an IN list.
	per := 500
	if tx.db.dialect == Postgres {
		per = 50000
	}
	for start := 0; start < len(refs); start += per {
		part := refs[start:min(len(refs), start+per)]
		q := `SELECT ` + importInputColumns + ` FROM cost_records r WHERE r.organisation_id = ? AND r.source_ref IN (` + placeholders(len(part)) + `)`
		args := []any{org}
		if tx.db.dialect == Postgres {
			q = `SELECT ` + importInputColumns + ` FROM unnest(?::text[]) AS u(ref) JOIN cost_records r ON r.organisation_id = ? AND r.source_ref = u.ref`
			args = []any{part, org}
		} else {
			for _, ref := range part {
				args = append(args, ref)
			}
		}
		rs, err := tx.query(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		var stored kluwen.CostRecord
		var dept, person sql.NullInt64
		var qty, amount int64
		var kind, typ string
		for rs.Next() {
			// What sameInput compares, and no more: a partner's monthly export
			// brings back a million rows imported before.
			if err := rs.Scan(&stored.SourceRef, &stored.HouseholdID, &person, &dept, &stored.ItemCode, &qty, &amount, &stored.Description,
				timeScan{&stored.From}, timeScan{&stored.To}, &stored.LifeDomain, &kind, &typ, &stored.Estimated, &stored.Correction); err != nil {
				rs.Close()
				return nil, err
			}
			stored.PersonID, stored.DepartmentID = nil, nil
			if person.Valid {
				stored.PersonID = &person.Int64
			}
			if dept.Valid {
				stored.DepartmentID = &dept.Int64
			}
			stored.Quantity, stored.Amount = kluwen.Quantity(qty), kluwen.Cents(amount)
			stored.Kind, stored.CostType = kluwen.CostKind(kind), kluwen.CostType(typ)
			i := byRef[stored.SourceRef]
			switch {
			case sameInput(&stored, recs[i]):
				unchanged[i] = true
			case strings.HasPrefix(recs[i].SourceRef, kluwen.ContentRefPrefix):
				// The reference was derived from the row's content, which is the
				// same: the household, person or department it names is another now.
				addErr(i, "household", "Deze regel is al eerder geïmporteerd, maar toen bij een ander huishouden, een andere persoon of een andere afdeling. Een kostenregel wordt niet gewijzigd: lever zo nodig een correctieregel.")
			default:
				addErr(i, "sourceRef", "Deze bronverwijzing is al geïmporteerd met andere gegevens. Een kostenregel wordt niet gewijzigd: lever een correctieregel met een eigen bronverwijzing.")
			}
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return nil, err
		}
	}
	return unchanged, nil
}

// importInputColumns are the columns of a stored record that sameInput compares,
// with its source reference first.
const importInputColumns = `r.source_ref, r.household_id, r.person_id, r.department_id, r.item_code, r.quantity_milli, r.amount_cents,
	r.description, r.period_from, r.period_to, r.life_domain, r.kind, r.cost_type, r.estimated, r.correction`

// sameInput reports whether a stored record holds what an import row gives: the
// household, person and department the row was resolved to and the fields as the
// file has them (the item and quantity, or the actual amount with its kind and
// cost type; the description, period, life domain, estimate and correction).
// What the catalogue adds (the period that priced it, the unit price, an item's
// amount, sector, kind and cost type) is left out: a row imported before stays
// the same row when the catalogue changes later (a new price period, an item
// ended), and its record keeps the price it was recorded at.
func sameInput(stored, r *kluwen.CostRecord) bool {
	if stored.HouseholdID != r.HouseholdID || !sameID(stored.PersonID, r.PersonID) || !sameID(stored.DepartmentID, r.DepartmentID) ||
		stored.ItemCode != r.ItemCode || stored.Quantity != r.Quantity || stored.Description != r.Description ||
		!stored.From.Equal(r.From) || !stored.To.Equal(r.To) || stored.LifeDomain != r.LifeDomain ||
		stored.Estimated != r.Estimated || stored.Correction != r.Correction {
		return false
	}
	return r.ItemCode != "" || stored.Amount == r.Amount && stored.Kind == r.Kind && stored.CostType == r.CostType
}

func sameID(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// contentRefs derives the source reference of import rows that have none (a
// file without a column of references, or an empty cell in it) from what the
// row says, so that importing the same file twice changes nothing there too:
// "inhoud:", a keyed hash of the row's content, ":" and the row's number among
// the rows of the file with that content, 1 for the first (two identical lines
// in one file are two records; a later file with more of them adds the new ones). The content is the
// household key and the department as the file names them and the fields
// sameInput compares; a changed row is a new row. The hash is keyed, like the
// BSN hash, because the content may hold a BSN and the reference is stored.
type contentRefs struct {
	mac  hash.Hash
	buf  []byte
	sum  []byte
	seen map[[contentRefBytes]byte]int
}

// contentRefBytes is how much of the hash a reference keeps: 96 bits.
const contentRefBytes = 12

func (db *DB) newContentRefs() *contentRefs {
	key := subKey(db.keys.BSNHash, "kluwen/v1/import-content-ref")
	return &contentRefs{mac: hmac.New(sha256.New, key), seen: map[[contentRefBytes]byte]int{}}
}

// ref returns the reference of a row whose record r was validated (normalised).
func (c *contentRefs) ref(row *kluwen.CostImportRow, r *kluwen.CostRecord) string {
	k := row.Household
	b := c.buf[:0]
	field := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	num := func(n int64) { b = binary.AppendVarint(b, n) }
	flag := func(f bool) {
		if f {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	num(k.ID)
	field(kluwen.NormaliseBSN(k.BSN))
	if pc, ok := kluwen.NormalisePostcode(k.Postcode); ok {
		field(pc)
	} else {
		field(strings.TrimSpace(k.Postcode))
	}
	num(int64(k.HouseNumber))
	field(strings.ToLower(strings.TrimSpace(k.Addition)))
	field(strings.ToLower(strings.TrimSpace(row.Department)))
	field(r.ItemCode)
	num(int64(r.Quantity))
	num(int64(r.Amount))
	field(r.Description)
	b = r.From.AppendFormat(b, time.DateOnly)
	b = r.To.AppendFormat(b, time.DateOnly)
	field(r.LifeDomain)
	if r.ItemCode == "" {
		field(string(r.Kind))
		field(string(r.CostType))
	}
	flag(r.Estimated)
	flag(r.Correction)
	c.buf = b
	c.mac.Reset()
	c.mac.Write(b)
	c.sum = c.mac.Sum(c.sum[:0])
	key := [contentRefBytes]byte(c.sum)
	c.seen[key]++
	return kluwen.ContentRefPrefix + hex.EncodeToString(key[:]) + ":" + strconv.Itoa(c.seen[key])
}
