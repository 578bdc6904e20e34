package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kluwen/kluwen"
)

var _ kluwen.CaseService = (*DB)(nil)

const caseColumns = `c.id, c.household_id, c.title, c.status, c.regisseur_id, c.organisation_id, c.opened_at, c.closed_at, c.created_at, c.updated_at`

func scanCase(sc rowScanner) (*kluwen.Case, error) {
	c := &kluwen.Case{}
	var status string
	if err := sc.Scan(&c.ID, &c.HouseholdID, &c.Title, &status, &c.RegisseurID, &c.OrganisationID,
		timeScan{&c.OpenedAt}, nullTimeScan{&c.ClosedAt}, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	c.Status = kluwen.CaseStatus(status)
	return c, nil
}

// loadCase reads one case with its history and involvements, without any check.
func (tx *Tx) loadCase(ctx context.Context, id int64) (*kluwen.Case, error) {
	c, err := scanCase(tx.queryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("De casus")
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT id, case_id, from_status, to_status, reason, user_id, changed_at
		FROM case_status_changes WHERE case_id = ? ORDER BY changed_at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c.History = []*kluwen.CaseStatusChange{}
	for rows.Next() {
		h := &kluwen.CaseStatusChange{}
		var from, to string
		var user sql.NullInt64
		if err := rows.Scan(&h.ID, &h.CaseID, &from, &to, &h.Reason, &user, timeScan{&h.ChangedAt}); err != nil {
			return nil, err
		}
		h.From, h.To, h.UserID = kluwen.CaseStatus(from), kluwen.CaseStatus(to), user.Int64
		c.History = append(c.History, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c.Involvements, err = tx.queryInvolvements(ctx, `i.case_id = ?`, id); err != nil {
		return nil, err
	}
	return c, nil
}

// checkRegisseur adds a field error unless id is an enabled user with the role
// regisseur, and returns their organisation.
func (tx *Tx) checkRegisseur(ctx context.Context, v *kluwen.Validator, id int64) (int64, error) {
	if v.Has("regisseurId") {
		return 0, nil
	}
	var org int64
	var role string
	var disabled bool
	err := tx.queryRow(ctx, `SELECT organisation_id, role, disabled FROM users WHERE id = ?`, id).Scan(&org, &role, &disabled)
	if err != nil && !isNoRows(err) {
		return 0, err
	}
	if err != nil || disabled || kluwen.Role(role) != kluwen.RoleRegisseur {
		v.Add("regisseurId", "Kies een regisseur: een actieve gebruiker met de rol regisseur.")
		return 0, nil
	}
	return org, nil
}

// CreateCase opens a case on a household the actor may read, in status
// aanmelding, owned by the organisation of the chosen regisseur. Only roles that
// open cases may.
func (db *DB) CreateCase(ctx context.Context, c *kluwen.Case) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermOpenCase, "case.create", kluwen.AuditCreate); err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, c.Validate()); err != nil {
			return err
		}
		var basis string
		if !v.Has("householdId") {
			var err error
			if _, basis, err = tx.householdAccess(ctx, c.HouseholdID, "case.create", kluwen.AuditCreate, false); err != nil {
				return err
			}
		}
		org, err := tx.checkRegisseur(ctx, &v, c.RegisseurID)
		if err != nil {
			return err
		}
		// A case belongs to the organisation of the regisseur who opens it: opening
		// one for another organisation would give it access without a recorded basis.
		if !v.Has("regisseurId") && !tx.actor.System() && org != tx.actor.OrganisationID {
			v.Add("regisseurId", "Kies een regisseur van uw eigen organisatie.")
		}
		// One family, one plan: a household has at most one open case. (A second
		// one would also let a partner's regisseur, who only reads the household,
		// gain the coordination of it.)
		if !v.Has("householdId") {
			var open int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM cases WHERE household_id = ? AND status <> ?`,
				c.HouseholdID, string(kluwen.CaseAfgesloten)).Scan(&open); err != nil {
				return err
			}
			if open > 0 {
				v.Add("householdId", "Voor dit huishouden loopt al een casus. Eén gezin, één plan: werk in de lopende casus.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		c.Status, c.OrganisationID, c.ClosedAt = kluwen.CaseAanmelding, org, nil
		c.OpenedAt, c.CreatedAt, c.UpdatedAt = tx.now, tx.now, tx.now
		if c.ID, err = tx.insert(ctx, `INSERT INTO cases (household_id, title, status, regisseur_id, organisation_id, opened_at, closed_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?) RETURNING id`,
			c.HouseholdID, c.Title, string(c.Status), c.RegisseurID, c.OrganisationID, tx.now, tx.now, tx.now); err != nil {
			return err
		}
		change := &kluwen.CaseStatusChange{CaseID: c.ID, To: kluwen.CaseAanmelding, Reason: "Aangemeld", UserID: tx.actor.UserID, ChangedAt: tx.now}
		if change.ID, err = tx.insertStatusChange(ctx, change); err != nil {
			return err
		}
		c.History = []*kluwen.CaseStatusChange{change}
		c.Involvements = []*kluwen.Involvement{}
		tx.log("case.create", kluwen.AuditCreate, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: c.ID}, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: c.HouseholdID})
		return nil
	})
}

func (tx *Tx) insertStatusChange(ctx context.Context, h *kluwen.CaseStatusChange) (int64, error) {
	return tx.insert(ctx, `INSERT INTO case_status_changes (case_id, from_status, to_status, reason, user_id, changed_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		h.CaseID, string(h.From), string(h.To), h.Reason, tx.nullableUserID(), h.ChangedAt)
}

// FindCaseByID returns a case the actor may read, with its history and the
// involved partners.
func (db *DB) FindCaseByID(ctx context.Context, id int64) (*kluwen.Case, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Case
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, id, "case.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		if c, err = tx.loadCase(ctx, id); err != nil {
			return err
		}
		tx.log("case.read", kluwen.AuditRead, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: id}, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: c.HouseholdID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindCases returns the cases the actor may read that match f, ordered by ID,
// without history and involvements. Roles that read no personal data get
// EFORBIDDEN.
func (db *DB) FindCases(ctx context.Context, f kluwen.CaseFilter) ([]*kluwen.Case, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Case
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "case.search", kluwen.AuditRead); err != nil {
			return err
		}
		var w whereClause
		vis, visArgs := tx.caseVisibleSQL("c")
		w.add(vis, visArgs...)
		if f.HouseholdID != nil {
			w.add(`c.household_id = ?`, *f.HouseholdID)
		}
		if f.Status != nil {
			if !f.Status.Valid() {
				var v kluwen.Validator
				v.Add("status", "Kies een fase uit de lijst.")
				return v.Err()
			}
			w.add(`c.status = ?`, string(*f.Status))
		}
		if f.Open != nil {
			if *f.Open {
				w.add(`c.status <> ?`, string(kluwen.CaseAfgesloten))
			} else {
				w.add(`c.status = ?`, string(kluwen.CaseAfgesloten))
			}
		}
		if f.RegisseurID != nil {
			w.add(`c.regisseur_id = ?`, *f.RegisseurID)
		}
		if f.AfterID > 0 {
			w.add(`c.id > ?`, f.AfterID)
		}
		rows, err := tx.query(ctx, `SELECT `+caseColumns+` FROM cases c WHERE `+w.String()+` ORDER BY c.id LIMIT ?`,
			append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		objs := []kluwen.ObjectRef{}
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
			objs = append(objs, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: c.ID})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("case.search", kluwen.AuditRead, searchBasis(tx.actor), objs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// statusList writes statuses as Dutch prose: "Plan", "Plan of Afgesloten",
// "Analyse, Plan of Afgesloten".
func statusList(ss []kluwen.CaseStatus) string {
	labels := make([]string, len(ss))
	for i, s := range ss {
		labels[i] = s.Label()
	}
	if len(labels) <= 1 {
		return strings.Join(labels, "")
	}
	return strings.Join(labels[:len(labels)-1], ", ") + " of " + labels[len(labels)-1]
}

// ChangeCaseStatus moves a case the actor coordinates to the next status, with a
// reason. Closing it sets ClosedAt; a closed case does not change any more.
func (db *DB) ChangeCaseStatus(ctx context.Context, id int64, to kluwen.CaseStatus, reason string) (*kluwen.Case, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Case
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, id, "case.status", kluwen.AuditUpdate, true)
		if err != nil {
			return err
		}
		var from string
		if err := tx.queryRow(ctx, `SELECT status FROM cases WHERE id = ?`, id).Scan(&from); err != nil {
			return err
		}
		cur := kluwen.CaseStatus(from)
		var v kluwen.Validator
		if !cur.CanMoveTo(to) {
			if next := cur.NextStatuses(); len(next) > 0 {
				v.Add("status", fmt.Sprintf("Een casus in de fase %s kan alleen naar de fase %s.", cur.Label(), statusList(next)))
			} else {
				v.Add("status", "Deze casus is afgesloten en kan niet meer van fase veranderen.")
			}
		}
		reason = strings.TrimSpace(reason)
		switch {
		case reason == "":
			v.Add("reason", "Vul de reden voor deze overgang in.")
		case len([]rune(reason)) > kluwen.MaxTextLen:
			v.Add("reason", fmt.Sprintf("De reden is te lang: maximaal %d tekens.", kluwen.MaxTextLen))
		case !plainText(reason):
			v.Add("reason", "De reden bevat ongeldige tekens.")
		}
		// Closing needs an evaluation of every goal of the plan.
		if to == kluwen.CaseAfgesloten && !v.Has("status") {
			if err := tx.checkGoalsEvaluated(ctx, &v, id); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var closedAt any
		if to == kluwen.CaseAfgesloten {
			closedAt = tx.now
		}
		if _, err := tx.exec(ctx, `UPDATE cases SET status = ?, closed_at = ?, updated_at = ? WHERE id = ?`, string(to), closedAt, tx.now, id); err != nil {
			return err
		}
		if _, err := tx.insertStatusChange(ctx, &kluwen.CaseStatusChange{CaseID: id, From: cur, To: to, Reason: reason, UserID: tx.actor.UserID, ChangedAt: tx.now}); err != nil {
			return err
		}
		// Closing a case ends the partners' involvement today: from tomorrow they no
		// longer read it. The coordinating organisation keeps it until retention.
		if to == kluwen.CaseAfgesloten {
			if _, err := tx.exec(ctx, `UPDATE involvements SET to_date = ? WHERE case_id = ? AND (to_date IS NULL OR to_date > ?)`,
				dateArg(tx.today), id, dateArg(tx.today)); err != nil {
				return err
			}
		}
		if c, err = tx.loadCase(ctx, id); err != nil {
			return err
		}
		tx.log("case.status", kluwen.AuditUpdate, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: id}, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: c.HouseholdID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// SetRegisseur hands a case the actor coordinates to another regisseur of the
// organisation that owns it; a hand-over to another organisation would move
// access without a recorded basis.
func (db *DB) SetRegisseur(ctx context.Context, id int64, regisseurID int64) (*kluwen.Case, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Case
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, id, "case.regisseur", kluwen.AuditUpdate, true)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		org, err := tx.checkRegisseur(ctx, &v, regisseurID)
		if err != nil {
			return err
		}
		var caseOrg int64
		if err := tx.queryRow(ctx, `SELECT organisation_id FROM cases WHERE id = ?`, id).Scan(&caseOrg); err != nil {
			return err
		}
		if !v.Has("regisseurId") && org != caseOrg {
			v.Add("regisseurId", "Kies een regisseur van de organisatie die de casus voert.")
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE cases SET regisseur_id = ?, updated_at = ? WHERE id = ?`, regisseurID, tx.now, id); err != nil {
			return err
		}
		if c, err = tx.loadCase(ctx, id); err != nil {
			return err
		}
		tx.log("case.regisseur", kluwen.AuditUpdate, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: id}, kluwen.ObjectRef{Type: kluwen.ObjectUser, ID: regisseurID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}
