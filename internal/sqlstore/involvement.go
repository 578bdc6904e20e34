package sqlstore

import (
	"context"
	"database/sql"

	"github.com/kluwen/kluwen"
)

// queryInvolvements reads the involvements matching where (alias i), each with
// its organisation, ordered by start date.
func (tx *Tx) queryInvolvements(ctx context.Context, where string, args ...any) ([]*kluwen.Involvement, error) {
	rows, err := tx.query(ctx, `SELECT i.id, i.case_id, i.organisation_id, i.from_date, i.to_date, i.legal_basis, i.contact_user_id, i.note,
			o.name, o.sector, o.created_at, o.updated_at
		FROM involvements i JOIN organisations o ON o.id = i.organisation_id
		WHERE `+where+` ORDER BY i.from_date, i.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*kluwen.Involvement{}
	for rows.Next() {
		iv := &kluwen.Involvement{Organisation: &kluwen.Organisation{}}
		var basis, sector string
		var contact sql.NullInt64
		o := iv.Organisation
		if err := rows.Scan(&iv.ID, &iv.CaseID, &iv.OrganisationID, timeScan{&iv.From}, nullTimeScan{&iv.To}, &basis, &contact, &iv.Note,
			&o.Name, &sector, timeScan{&o.CreatedAt}, timeScan{&o.UpdatedAt}); err != nil {
			return nil, err
		}
		o.ID, o.Sector = iv.OrganisationID, kluwen.Sector(sector)
		iv.LegalBasis = kluwen.LegalBasis(basis)
		if contact.Valid {
			id := contact.Int64
			iv.ContactUserID = &id
		}
		out = append(out, iv)
	}
	return out, rows.Err()
}

// checkInvolvementRefs adds field errors unless the organisation exists and the
// contact user, if any, belongs to it.
func (tx *Tx) checkInvolvementRefs(ctx context.Context, v *kluwen.Validator, iv *kluwen.Involvement) error {
	if !v.Has("organisationId") {
		ok, err := tx.organisationExists(ctx, iv.OrganisationID)
		if err != nil {
			return err
		}
		v.Check(ok, "organisationId", "Kies een bestaande organisatie.")
	}
	if iv.ContactUserID != nil {
		var org int64
		err := tx.queryRow(ctx, `SELECT organisation_id FROM users WHERE id = ?`, *iv.ContactUserID).Scan(&org)
		if err != nil && !isNoRows(err) {
			return err
		}
		v.Check(err == nil && org == iv.OrganisationID, "contactUserId", "Kies als contactpersoon een gebruiker van de betrokken organisatie.")
	}
	return nil
}

func involvementObjects(iv *kluwen.Involvement) []kluwen.ObjectRef {
	return []kluwen.ObjectRef{{Type: kluwen.ObjectCase, ID: iv.CaseID}, {Type: kluwen.ObjectOrganisation, ID: iv.OrganisationID}}
}

// AddInvolvement brings a partner organisation into a case the actor coordinates,
// from a date, on a legal basis.
func (db *DB) AddInvolvement(ctx context.Context, iv *kluwen.Involvement) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, iv.CaseID, "involvement.create", kluwen.AuditCreate, true)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, iv.Validate()); err != nil {
			return err
		}
		if err := tx.checkInvolvementRefs(ctx, &v, iv); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		var contact any
		if iv.ContactUserID != nil {
			contact = *iv.ContactUserID
		}
		if iv.ID, err = tx.insert(ctx, `INSERT INTO involvements (case_id, organisation_id, from_date, to_date, legal_basis, contact_user_id, note)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			iv.CaseID, iv.OrganisationID, dateArg(iv.From), optDateArg(iv.To), string(iv.LegalBasis), contact, iv.Note); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, tx.now, iv.CaseID); err != nil {
			return err
		}
		saved, err := tx.queryInvolvements(ctx, `i.id = ?`, iv.ID)
		if err != nil {
			return err
		}
		iv.Organisation = saved[0].Organisation
		tx.log("involvement.create", kluwen.AuditCreate, basis, involvementObjects(iv)...)
		return nil
	})
}

// UpdateInvolvement changes the end date, legal basis, contact or note of an
// involvement in a case the actor coordinates.
func (db *DB) UpdateInvolvement(ctx context.Context, id int64, u kluwen.InvolvementUpdate) (*kluwen.Involvement, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var iv *kluwen.Involvement
	err := db.update(ctx, func(tx *Tx) error {
		found, err := tx.queryInvolvements(ctx, `i.id = ?`, id)
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return notFound("De betrokkenheid")
		}
		iv = found[0]
		_, basis, err := tx.caseAccess(ctx, iv.CaseID, "involvement.update", kluwen.AuditUpdate, true)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
				return notFound("De betrokkenheid")
			}
			return err
		}
		if u.To != nil {
			iv.To = *u.To
		}
		if u.LegalBasis != nil {
			iv.LegalBasis = *u.LegalBasis
		}
		if u.ContactUserID != nil {
			iv.ContactUserID = *u.ContactUserID
		}
		if u.Note != nil {
			iv.Note = *u.Note
		}
		var v kluwen.Validator
		if err := mergeFields(&v, iv.Validate()); err != nil {
			return err
		}
		if err := tx.checkInvolvementRefs(ctx, &v, iv); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		var contact any
		if iv.ContactUserID != nil {
			contact = *iv.ContactUserID
		}
		if _, err := tx.exec(ctx, `UPDATE involvements SET to_date = ?, legal_basis = ?, contact_user_id = ?, note = ? WHERE id = ?`,
			optDateArg(iv.To), string(iv.LegalBasis), contact, iv.Note, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE cases SET updated_at = ? WHERE id = ?`, tx.now, iv.CaseID); err != nil {
			return err
		}
		tx.log("involvement.update", kluwen.AuditUpdate, basis, involvementObjects(iv)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return iv, nil
}
