package sqlstore

import (
	"context"

	"github.com/kluwen/kluwen"
)

// Family ties. A parent tie reads "person is parent of related person". The
// symmetric kinds (partner, sibling) are stored once, with the lower person ID
// first, so that the unique index refuses the same tie entered the other way round
// even when two calls race.

const relationColumns = `r.id, r.person_id, r.related_person_id, r.kind, r.created_at`

func scanRelation(sc rowScanner) (*kluwen.Relation, error) {
	r := &kluwen.Relation{}
	var kind string
	if err := sc.Scan(&r.ID, &r.PersonID, &r.RelatedPersonID, &kind, timeScan{&r.CreatedAt}); err != nil {
		return nil, err
	}
	r.Kind = kluwen.RelationKind(kind)
	return r, nil
}

// symmetric reports whether the tie reads the same both ways.
func symmetric(k kluwen.RelationKind) bool {
	return k == kluwen.RelationPartner || k == kluwen.RelationSibling
}

// queryRelations reads the ties matching where (alias r), ordered by ID.
func (tx *Tx) queryRelations(ctx context.Context, where string, args ...any) ([]*kluwen.Relation, error) {
	rows, err := tx.query(ctx, `SELECT `+relationColumns+` FROM relations r WHERE `+where+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*kluwen.Relation
	for rows.Next() {
		r, err := scanRelation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// relationsTouching reads every tie with at least one side in ids.
func (tx *Tx) relationsTouching(ctx context.Context, ids []int64) ([]*kluwen.Relation, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	return tx.queryRelations(ctx, `r.person_id IN (`+in+`) OR r.related_person_id IN (`+in+`)`, append(args, args...)...)
}

// relationsWithin reads every tie with both sides in ids.
func (tx *Tx) relationsWithin(ctx context.Context, ids []int64) ([]*kluwen.Relation, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	return tx.queryRelations(ctx, `r.person_id IN (`+in+`) AND r.related_person_id IN (`+in+`)`, append(args, args...)...)
}

// CreateRelation records a family tie. The actor must be able to change the first
// person and read the related one. A tie that exists already (either way round for
// partner and sibling), or a parent tie the other way round, is ECONFLICT.
func (db *DB) CreateRelation(ctx context.Context, r *kluwen.Relation) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := r.Validate(); err != nil {
			return err
		}
		_, basis, err := tx.personAccess(ctx, r.PersonID, "relation.create", kluwen.AuditCreate, true)
		if err != nil {
			return err
		}
		if _, _, err := tx.personAccess(ctx, r.RelatedPersonID, "relation.create", kluwen.AuditCreate, false); err != nil {
			return err
		}
		if symmetric(r.Kind) && r.RelatedPersonID < r.PersonID {
			r.PersonID, r.RelatedPersonID = r.RelatedPersonID, r.PersonID
		}
		existing, err := tx.queryRelations(ctx, `(r.person_id = ? AND r.related_person_id = ?) OR (r.person_id = ? AND r.related_person_id = ?)`,
			r.PersonID, r.RelatedPersonID, r.RelatedPersonID, r.PersonID)
		if err != nil {
			return err
		}
		for _, x := range existing {
			switch {
			case x.Kind == r.Kind && (symmetric(r.Kind) || x.PersonID == r.PersonID):
				return kluwen.Errorf(kluwen.ECONFLICT, "Deze relatie bestaat al.")
			case x.Kind == kluwen.RelationParent && r.Kind == kluwen.RelationParent:
				return kluwen.Errorf(kluwen.ECONFLICT, "De andere persoon staat al geregistreerd als ouder van deze persoon.")
			}
		}
		r.ID, err = tx.insert(ctx, `INSERT INTO relations (person_id, related_person_id, kind, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			r.PersonID, r.RelatedPersonID, string(r.Kind), tx.now)
		if isUniqueViolation(err) {
			return &kluwen.Error{Code: kluwen.ECONFLICT, Message: "Deze relatie bestaat al.", Cause: err}
		}
		if err != nil {
			return err
		}
		r.CreatedAt = tx.now
		tx.log("relation.create", kluwen.AuditCreate, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: r.PersonID}, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: r.RelatedPersonID})
		return nil
	})
}

// DeleteRelation removes a family tie. The actor must be able to change one of the
// two persons and read the other.
func (db *DB) DeleteRelation(ctx context.Context, id int64) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		rs, err := tx.queryRelations(ctx, `r.id = ?`, id)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			return notFound("De relatie")
		}
		r := rs[0]
		facts, err := tx.personFactsFor(ctx, []int64{r.PersonID, r.RelatedPersonID})
		if err != nil {
			return err
		}
		a, b := facts[r.PersonID], facts[r.RelatedPersonID]
		objs := []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: r.PersonID}, {Type: kluwen.ObjectPerson, ID: r.RelatedPersonID}}
		_, readA := kluwen.PersonReadBasis(tx.actor, a)
		_, readB := kluwen.PersonReadBasis(tx.actor, b)
		if !readA && !readB {
			tx.refuse("relation.delete", kluwen.AuditDelete, reasonNeedToKnow, objs...)
			return notFound("De relatie")
		}
		basisA, writeA := kluwen.PersonWriteBasis(tx.actor, a)
		basisB, writeB := kluwen.PersonWriteBasis(tx.actor, b)
		basis := basisA
		switch {
		case writeA && readB:
		case writeB && readA:
			basis = basisB
		default:
			tx.refuse("relation.delete", kluwen.AuditDelete, reasonNoChange, objs...)
			return forbidden()
		}
		if _, err := tx.exec(ctx, `DELETE FROM relations WHERE id = ?`, id); err != nil {
			return err
		}
		tx.log("relation.delete", kluwen.AuditDelete, basis, objs...)
		return nil
	})
}

// FindRelations returns every tie of a person the actor may read, either way
// round. The ties name the other persons by ID only; reading them is a read of
// their own. A relative the actor may not read is named by a placeholder (see
// hiddenIDs), so the tie shows without confirming who it is.
func (db *DB) FindRelations(ctx context.Context, personID int64) ([]*kluwen.Relation, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Relation
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.personAccess(ctx, personID, "person.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		if out, err = tx.relationsTouching(ctx, []int64{personID}); err != nil {
			return err
		}
		var others []int64
		for _, r := range out {
			others = append(others, r.PersonID, r.RelatedPersonID)
		}
		facts, err := tx.personFactsFor(ctx, others)
		if err != nil {
			return err
		}
		objs := objectSet{}
		objs.add(kluwen.ObjectPerson, personID)
		hide := hiddenIDs{}
		for _, id := range others {
			if id == personID {
				continue
			}
			if _, ok := kluwen.PersonReadBasis(tx.actor, facts[id]); ok {
				objs.add(kluwen.ObjectPerson, id)
			} else {
				hide.placeholder(id)
			}
		}
		hide.mask(out)
		tx.log("person.read", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hiddenIDs hands out placeholders for persons the actor may not read: negative
// numbers (-1, -2, …) that mean something only within one answer. A family view
// or list of ties thus shows that a relative exists without giving away their
// identifier, which would confirm the person and link households through them.
type hiddenIDs map[int64]int64

// placeholder returns the placeholder of a hidden person, making one the first time.
func (h hiddenIDs) placeholder(id int64) int64 {
	if p, ok := h[id]; ok {
		return p
	}
	p := -int64(len(h) + 1)
	h[id] = p
	return p
}

// mask replaces the hidden persons in the ties by their placeholders.
func (h hiddenIDs) mask(rels []*kluwen.Relation) {
	for _, r := range rels {
		if p, ok := h[r.PersonID]; ok {
			r.PersonID = p
		}
		if p, ok := h[r.RelatedPersonID]; ok {
			r.RelatedPersonID = p
		}
	}
}
