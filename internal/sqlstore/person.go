package sqlstore

import (
	"context"
	"strings"

	"github.com/kluwen/kluwen"
)

// Persons keep their BSN three ways: bsn_hash (keyed hash, unique, for exact
// matching), bsn_last4 (for the masked form everyone who may read the person
// sees) and bsn_enc (AES-GCM, opened only for actors who may see the whole number,
// see kluwen.CanSeeFullBSN).

var _ kluwen.PersonService = (*DB)(nil)

const personColumns = `p.id, p.given_name, p.family_name_prefix, p.family_name, p.birth_date, p.bsn_last4, p.bsn_enc, p.registered_by_org_id, p.created_at, p.updated_at`

const msgDuplicateBSN = "Er is al een persoon met dit BSN."

type rowScanner interface{ Scan(dest ...any) error }

// scanPerson scans personColumns. The whole BSN is decrypted only for an actor who
// may see it.
func (tx *Tx) scanPerson(sc rowScanner) (*kluwen.Person, error) {
	return tx.scanPersonAfter(sc)
}

// scanPersonAfter scans lead columns into lead, then personColumns.
func (tx *Tx) scanPersonAfter(sc rowScanner, lead ...any) (*kluwen.Person, error) {
	p := &kluwen.Person{}
	var last4, enc string
	if err := sc.Scan(append(lead, &p.ID, &p.GivenName, &p.FamilyNamePrefix, &p.FamilyName, timeScan{&p.BirthDate}, &last4, &enc,
		&p.RegisteredByOrgID, timeScan{&p.CreatedAt}, timeScan{&p.UpdatedAt})...); err != nil {
		return nil, err
	}
	if last4 != "" {
		p.BSNMasked = "*****" + last4
	}
	if enc != "" && kluwen.CanSeeFullBSN(tx.actor) {
		bsn, err := tx.db.openBSN(enc)
		if err != nil {
			return nil, err
		}
		p.BSN = bsn
	}
	return p, nil
}

// loadPerson reads one person without any check; callers check first.
func (tx *Tx) loadPerson(ctx context.Context, id int64) (*kluwen.Person, error) {
	p, err := tx.scanPerson(tx.queryRow(ctx, `SELECT `+personColumns+` FROM persons p WHERE p.id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("De persoon")
	}
	return p, err
}

// loadPersons reads several persons by ID without any check, keyed by ID.
func (tx *Tx) loadPersons(ctx context.Context, ids []int64) (map[int64]*kluwen.Person, error) {
	out := make(map[int64]*kluwen.Person, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	in, args := idList(ids)
	rows, err := tx.query(ctx, `SELECT `+personColumns+` FROM persons p WHERE p.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p, err := tx.scanPerson(rows)
		if err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// reasonBSNTaken is the access-log reason of a create or change refused because
// the BSN belongs to another person.
const reasonBSNTaken = "BSN hoort al bij een andere persoon (het laatste object)"

// checkBSNFree adds a field error when another person than exceptID has bsn.
// The answer tells the actor that a person with this BSN is known to Kluwen,
// whether or not they may read that person, so it is logged as a refused
// attempt (eventType, action) naming that person.
func (tx *Tx) checkBSNFree(ctx context.Context, v *kluwen.Validator, bsn string, exceptID int64, eventType string, action kluwen.AuditAction) error {
	var other int64
	err := tx.queryRow(ctx, `SELECT id FROM persons WHERE bsn_hash = ? AND id <> ?`, tx.db.bsnHash(bsn), exceptID).Scan(&other)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return err
	}
	objects := []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: other}}
	if exceptID > 0 {
		objects = append([]kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: exceptID}}, objects...)
	}
	tx.refuse(eventType, action, reasonBSNTaken, objects...)
	v.Add("bsn", msgDuplicateBSN)
	return nil
}

// bsnColumns returns the three stored forms of a BSN ("" gives no BSN).
func (db *DB) bsnColumns(bsn string) (hash any, last4, enc string, err error) {
	if bsn == "" {
		return nil, "", "", nil
	}
	enc, err = db.sealBSN(bsn)
	return db.bsnHash(bsn), bsn[len(bsn)-4:], enc, err
}

// duplicateBSN is the answer when the unique index catches a BSN that a
// concurrent call stored after the check.
func duplicateBSN(err error) error {
	return &kluwen.Error{Code: kluwen.EINVALID, Message: "Niet alle gegevens zijn goed ingevuld.",
		Fields: []kluwen.FieldError{{Field: "bsn", Message: msgDuplicateBSN}}, Cause: err}
}

// CreatePerson registers a person for the actor's organisation (the system actor
// names the organisation in p.RegisteredByOrgID). Only roles that register
// households may.
func (db *DB) CreatePerson(ctx context.Context, p *kluwen.Person) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error { return tx.createPerson(ctx, p) })
}

// createPerson is CreatePerson inside the call's transaction.
func (tx *Tx) createPerson(ctx context.Context, p *kluwen.Person) error {
	if err := tx.refuseUnlessCan(kluwen.PermRegisterHousehold, "person.create", kluwen.AuditCreate); err != nil {
		return err
	}
	var v kluwen.Validator
	if err := mergeFields(&v, p.Validate(tx.today)); err != nil {
		return err
	}
	if err := tx.registeringOrg(ctx, &v, &p.RegisteredByOrgID); err != nil {
		return err
	}
	if p.BSN != "" && !v.Has("bsn") {
		if err := tx.checkBSNFree(ctx, &v, p.BSN, 0, "person.create", kluwen.AuditCreate); err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	hash, last4, enc, err := tx.db.bsnColumns(p.BSN)
	if err != nil {
		return err
	}
	id, err := tx.insert(ctx, `INSERT INTO persons (given_name, family_name_prefix, family_name, birth_date, bsn_hash, bsn_last4, bsn_enc, registered_by_org_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.GivenName, p.FamilyNamePrefix, p.FamilyName, dateArg(p.BirthDate), hash, last4, enc, p.RegisteredByOrgID, tx.now, tx.now)
	if isUniqueViolation(err) {
		return duplicateBSN(err)
	}
	if err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.UpdatedAt = id, tx.now, tx.now
	p.BSNMasked = ""
	if p.BSN != "" {
		p.BSNMasked = kluwen.MaskBSN(p.BSN)
	}
	basis := kluwen.BasisRole
	if tx.actor.System() {
		basis = kluwen.BasisSystem
	}
	tx.log("person.create", kluwen.AuditCreate, basis, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: id})
	return nil
}

// FindPersonByID returns a person the actor may read; ENOTFOUND otherwise.
func (db *DB) FindPersonByID(ctx context.Context, id int64) (*kluwen.Person, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var p *kluwen.Person
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.personAccess(ctx, id, "person.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		if p, err = tx.loadPerson(ctx, id); err != nil {
			return err
		}
		tx.log("person.read", kluwen.AuditRead, basis, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// FindPersons returns the persons the actor may read that match f, ordered by ID.
// Roles that read no personal data get EFORBIDDEN.
func (db *DB) FindPersons(ctx context.Context, f kluwen.PersonFilter) ([]*kluwen.Person, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Person
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "person.search", kluwen.AuditRead); err != nil {
			return err
		}
		var w whereClause
		vis, visArgs := tx.personVisibleSQL("p")
		w.add(vis, visArgs...)
		for _, word := range strings.Fields(f.Query) {
			pat := likeContains(word)
			w.add(`(lower(p.given_name) LIKE ? ESCAPE '\' OR lower(p.family_name_prefix) LIKE ? ESCAPE '\' OR lower(p.family_name) LIKE ? ESCAPE '\')`, pat, pat, pat)
		}
		if strings.TrimSpace(f.BSN) != "" {
			bsn := kluwen.NormaliseBSN(strings.TrimSpace(f.BSN))
			if !kluwen.ValidBSN(bsn) {
				var v kluwen.Validator
				v.Add("bsn", "Dit is geen geldig BSN. Een BSN heeft 9 cijfers en voldoet aan de elfproef.")
				return v.Err()
			}
			w.add(`p.bsn_hash = ?`, tx.db.bsnHash(bsn))
		}
		if f.BirthDate != nil {
			w.add(`p.birth_date = ?`, dateArg(*f.BirthDate))
		}
		if f.HouseholdID != nil {
			// The household must be readable too: a person read on another ground
			// must not reveal where they live.
			hv, hvArgs := tx.householdVisibleSQL("fh")
			w.add(`EXISTS (SELECT 1 FROM memberships fm JOIN households fh ON fh.id = fm.household_id
				WHERE fm.person_id = p.id AND fm.household_id = ? AND `+hv+`)`, append([]any{*f.HouseholdID}, hvArgs...)...)
		}
		if f.AfterID > 0 {
			w.add(`p.id > ?`, f.AfterID)
		}
		rows, err := tx.query(ctx, `SELECT `+personColumns+` FROM persons p WHERE `+w.String()+` ORDER BY p.id LIMIT ?`,
			append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		objs := []kluwen.ObjectRef{}
		for rows.Next() {
			p, err := tx.scanPerson(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
			objs = append(objs, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: p.ID})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("person.search", kluwen.AuditRead, searchBasis(tx.actor), objs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// searchBasis is the basis logged for a search by a.
func searchBasis(a *kluwen.Actor) string {
	if a.System() {
		return kluwen.BasisSystem
	}
	return basisSearch
}

// UpdatePerson changes a person the actor may change. An empty BSN removes it.
func (db *DB) UpdatePerson(ctx context.Context, id int64, u kluwen.PersonUpdate) (*kluwen.Person, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var p *kluwen.Person
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.personAccess(ctx, id, "person.update", kluwen.AuditUpdate, true)
		if err != nil {
			return err
		}
		if p, err = tx.loadPerson(ctx, id); err != nil {
			return err
		}
		// Validate checks the BSN only when it is being changed.
		p.BSN = ""
		if u.GivenName != nil {
			p.GivenName = *u.GivenName
		}
		if u.FamilyNamePrefix != nil {
			p.FamilyNamePrefix = *u.FamilyNamePrefix
		}
		if u.FamilyName != nil {
			p.FamilyName = *u.FamilyName
		}
		if u.BirthDate != nil {
			p.BirthDate = *u.BirthDate
		}
		if u.BSN != nil {
			p.BSN = strings.TrimSpace(*u.BSN)
		}
		var v kluwen.Validator
		if err := mergeFields(&v, p.Validate(tx.today)); err != nil {
			return err
		}
		if p.BSN != "" && !v.Has("bsn") {
			if err := tx.checkBSNFree(ctx, &v, p.BSN, id, "person.update", kluwen.AuditUpdate); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if u.BSN != nil {
			hash, last4, enc, err := tx.db.bsnColumns(p.BSN)
			if err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE persons SET bsn_hash = ?, bsn_last4 = ?, bsn_enc = ? WHERE id = ?`, hash, last4, enc, id)
			if isUniqueViolation(err) {
				return duplicateBSN(err)
			}
			if err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE persons SET given_name = ?, family_name_prefix = ?, family_name = ?, birth_date = ?, updated_at = ? WHERE id = ?`,
			p.GivenName, p.FamilyNamePrefix, p.FamilyName, dateArg(p.BirthDate), tx.now, id); err != nil {
			return err
		}
		if p, err = tx.loadPerson(ctx, id); err != nil {
			return err
		}
		tx.log("person.update", kluwen.AuditUpdate, basis, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}
