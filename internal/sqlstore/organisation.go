package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/kluwen/kluwen"
)

// Organisations are not personal data, so reading them needs no access-log entry
// and runs on the read pool. Creating and changing them is logged all the same:
// the administration of who works where is accountable.

// CreateOrganisation adds a partner organisation. Only admins (and the system)
// may; a name already in use (compared without case) is a conflict on "name".
func (db *DB) CreateOrganisation(ctx context.Context, o *kluwen.Organisation) error {
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageOrganisations, "organisation.create", kluwen.AuditCreate)
		if err != nil {
			return err
		}
		if err := tx.checkOrganisation(ctx, o, 0); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO organisations (name, sector, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`,
			o.Name, string(o.Sector), tx.now, tx.now)
		if isUniqueViolation(err) {
			return organisationNameConflict()
		}
		if err != nil {
			return err
		}
		o.ID, o.CreatedAt, o.UpdatedAt, o.Departments = id, tx.now, tx.now, []*kluwen.Department{}
		tx.log("organisation.create", kluwen.AuditCreate, basis, organisationRef(id))
		return nil
	})
}

// FindOrganisationByID returns the organisation with its departments.
func (db *DB) FindOrganisationByID(ctx context.Context, id int64) (*kluwen.Organisation, error) {
	var o *kluwen.Organisation
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.actor.Require(kluwen.PermReadOrganisations); err != nil {
			return err
		}
		var err error
		o, err = tx.findOrganisation(ctx, id)
		return err
	})
	return o, err
}

// FindOrganisations returns the organisations matching f, with their
// departments, ordered by name. Name matches the whole name, without case.
func (db *DB) FindOrganisations(ctx context.Context, f kluwen.OrganisationFilter) ([]*kluwen.Organisation, error) {
	var list []*kluwen.Organisation
	err := db.view(ctx, func(tx *Tx) error {
		if err := tx.actor.Require(kluwen.PermReadOrganisations); err != nil {
			return err
		}
		var err error
		list, err = tx.findOrganisations(ctx, f)
		return err
	})
	return list, err
}

// UpdateOrganisation changes an organisation. Only admins (and the system) may.
func (db *DB) UpdateOrganisation(ctx context.Context, id int64, u kluwen.OrganisationUpdate) (*kluwen.Organisation, error) {
	var o *kluwen.Organisation
	err := db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageOrganisations, "organisation.update", kluwen.AuditUpdate, organisationRef(id))
		if err != nil {
			return err
		}
		if o, err = tx.findOrganisation(ctx, id); err != nil {
			return err
		}
		if u.Name != nil {
			o.Name = *u.Name
		}
		if u.Sector != nil {
			o.Sector = *u.Sector
		}
		if err := tx.checkOrganisation(ctx, o, id); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE organisations SET name = ?, sector = ?, updated_at = ? WHERE id = ?`, o.Name, string(o.Sector), tx.now, id)
		if isUniqueViolation(err) {
			return organisationNameConflict()
		}
		if err != nil {
			return err
		}
		o.UpdatedAt = tx.now
		tx.log("organisation.update", kluwen.AuditUpdate, basis, organisationRef(id))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// CreateDepartment adds a department to an organisation. Only admins (and the
// system) may. It is logged as a change of the organisation.
func (db *DB) CreateDepartment(ctx context.Context, d *kluwen.Department) error {
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageOrganisations, "organisation.update", kluwen.AuditUpdate, organisationRef(d.OrganisationID))
		if err != nil {
			return err
		}
		var v kluwen.Validator
		addFieldErrors(&v, d.Validate())
		if d.OrganisationID <= 0 {
			v.Add("organisationId", "Kies een organisatie.")
		} else if ok, err := tx.organisationExists(ctx, d.OrganisationID); err != nil {
			return err
		} else if !ok {
			v.Add("organisationId", "Deze organisatie bestaat niet.")
		}
		var conflicts []kluwen.FieldError
		if !v.Has("name") && !v.Has("organisationId") {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM departments WHERE organisation_id = ? AND lower(name) = lower(?)`, d.OrganisationID, d.Name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				conflicts = append(conflicts, departmentNameConflict)
			}
		}
		if err := inputError(v.Err(), conflicts); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO departments (organisation_id, name) VALUES (?, ?) RETURNING id`, d.OrganisationID, d.Name)
		if isUniqueViolation(err) {
			return inputError(nil, []kluwen.FieldError{departmentNameConflict})
		}
		if err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE organisations SET updated_at = ? WHERE id = ?`, tx.now, d.OrganisationID); err != nil {
			return err
		}
		d.ID = id
		tx.log("organisation.update", kluwen.AuditUpdate, basis, organisationRef(d.OrganisationID))
		return nil
	})
}

var (
	organisationNameTaken  = kluwen.FieldError{Field: "name", Message: "Er is al een organisatie met deze naam."}
	departmentNameConflict = kluwen.FieldError{Field: "name", Message: "Deze organisatie heeft al een afdeling met deze naam."}
)

func organisationNameConflict() error {
	return inputError(nil, []kluwen.FieldError{organisationNameTaken})
}

// checkOrganisation validates o and checks that its name is free (other than for
// the organisation self, when updating).
func (tx *Tx) checkOrganisation(ctx context.Context, o *kluwen.Organisation, self int64) error {
	verr := o.Validate()
	var conflicts []kluwen.FieldError
	if !hasFieldError(verr, "name") {
		var n int
		if err := tx.queryRow(ctx, `SELECT count(*) FROM organisations WHERE lower(name) = lower(?) AND id <> ?`, o.Name, self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			conflicts = append(conflicts, organisationNameTaken)
		}
	}
	return inputError(verr, conflicts)
}

func (tx *Tx) findOrganisation(ctx context.Context, id int64) (*kluwen.Organisation, error) {
	list, err := tx.findOrganisations(ctx, kluwen.OrganisationFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("De organisatie")
	}
	return list[0], nil
}

func (tx *Tx) findOrganisations(ctx context.Context, f kluwen.OrganisationFilter) ([]*kluwen.Organisation, error) {
	var where []string
	var args []any
	if f.ID != nil {
		where, args = append(where, "o.id = ?"), append(args, *f.ID)
	}
	if f.Name != nil {
		where, args = append(where, "lower(o.name) = lower(?)"), append(args, strings.TrimSpace(*f.Name))
	}
	if f.Sector != nil {
		where, args = append(where, "o.sector = ?"), append(args, string(*f.Sector))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := tx.query(ctx, `SELECT o.id, o.name, o.sector, o.created_at, o.updated_at FROM organisations o`+cond+` ORDER BY lower(o.name), o.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*kluwen.Organisation
	byID := map[int64]*kluwen.Organisation{}
	for rows.Next() {
		o := &kluwen.Organisation{Departments: []*kluwen.Department{}}
		var sector string
		if err := rows.Scan(&o.ID, &o.Name, &sector, timeScan{&o.CreatedAt}, timeScan{&o.UpdatedAt}); err != nil {
			return nil, err
		}
		o.Sector = kluwen.Sector(sector)
		list = append(list, o)
		byID[o.ID] = o
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(list) == 0 {
		return list, nil
	}
	drows, err := tx.query(ctx, `SELECT d.id, d.organisation_id, d.name FROM departments d JOIN organisations o ON o.id = d.organisation_id`+cond+` ORDER BY lower(d.name), d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer drows.Close()
	for drows.Next() {
		d := &kluwen.Department{}
		if err := drows.Scan(&d.ID, &d.OrganisationID, &d.Name); err != nil {
			return nil, err
		}
		if o := byID[d.OrganisationID]; o != nil {
			o.Departments = append(o.Departments, d)
		}
	}
	return list, drows.Err()
}

func organisationRef(id int64) kluwen.ObjectRef {
	return kluwen.ObjectRef{Type: kluwen.ObjectOrganisation, ID: id}
}

// requirePermission checks a role-level permission of the call's actor and
// returns the access-log basis for it. A signed-in actor whose role lacks it gets
// EFORBIDDEN and a refusal entry for the attempted event.
func (tx *Tx) requirePermission(p kluwen.Permission, eventType string, action kluwen.AuditAction, objects ...kluwen.ObjectRef) (string, error) {
	if err := tx.actor.Require(p); err != nil {
		if tx.actor != nil {
			tx.refuse(eventType, action, fmt.Sprintf("rol %s heeft geen toestemming %s", tx.actor.Role, p), objects...)
		}
		return "", err
	}
	return actorBasis(tx.actor), nil
}

// inputError combines validation errors and clashes with existing data: EINVALID
// listing every field when any field is invalid, ECONFLICT naming the fields when
// the only problem is that a value is already in use.
func inputError(verr error, conflicts []kluwen.FieldError) error {
	fields := kluwen.ErrorFields(verr)
	if verr != nil && len(fields) == 0 {
		return verr
	}
	switch {
	case len(fields) > 0:
		return &kluwen.Error{Code: kluwen.EINVALID, Message: kluwen.ErrorMessage(verr), Fields: append(fields, conflicts...)}
	case len(conflicts) > 0:
		return &kluwen.Error{Code: kluwen.ECONFLICT, Message: conflicts[0].Message, Fields: conflicts}
	}
	return nil
}

func addFieldErrors(v *kluwen.Validator, err error) {
	for _, f := range kluwen.ErrorFields(err) {
		v.Add(f.Field, f.Message)
	}
}

func hasFieldError(err error, field string) bool {
	for _, f := range kluwen.ErrorFields(err) {
		if f.Field == field {
			return true
		}
	}
	return false
}
