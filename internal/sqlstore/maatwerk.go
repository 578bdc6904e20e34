package sqlstore

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// This file holds the deviations (maatwerk / doorbraak) of a case, and the list
// of them across cases: for a regisseur the cases they may read, for an analyst
// every case, pseudonymised.

var _ kluwen.MaatwerkService = (*DB)(nil)

const maatwerkColumns = `m.id, m.case_id, m.rule, m.reason, m.domain, m.expected_effect, m.cost_cents, m.approved_by_name, m.approved_by_role, m.approved_by_user_id,
	m.decided_on, m.outcome, m.outcome_result, m.outcome_on, m.created_by, m.created_at, m.updated_at`

func scanMaatwerk(sc rowScanner, extra ...any) (*kluwen.Maatwerk, error) {
	m := &kluwen.Maatwerk{}
	var approver, by sql.NullInt64
	var result string
	dest := append([]any{&m.ID, &m.CaseID, &m.Rule, &m.Reason, &m.Domain, &m.ExpectedEffect, &m.CostCents, &m.ApprovedByName, &m.ApprovedByRole, &approver,
		timeScan{&m.DecidedOn}, &m.Outcome, &result, nullTimeScan{&m.OutcomeOn}, &by, timeScan{&m.CreatedAt}, timeScan{&m.UpdatedAt}}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	if approver.Valid {
		id := approver.Int64
		m.ApprovedByUserID = &id
	}
	m.OutcomeResult, m.CreatedBy = kluwen.OutcomeResult(result), by.Int64
	return m, nil
}

func (tx *Tx) loadMaatwerk(ctx context.Context, id int64) (*kluwen.Maatwerk, error) {
	m, err := scanMaatwerk(tx.queryRow(ctx, `SELECT `+maatwerkColumns+` FROM maatwerk m WHERE m.id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("De afwijking")
	}
	return m, err
}

// casePseudonym is the stable pseudonym of a case in analysts' lists: a keyed
// hash, so that rows of one case can be linked without revealing which case.
func (db *DB) casePseudonym(caseID int64) string {
	m := hmac.New(sha256.New, subKey(db.keys.BSNHash, "kluwen case pseudonym v1"))
	m.Write([]byte(strconv.FormatInt(caseID, 10)))
	return "C-" + hex.EncodeToString(m.Sum(nil))[:12]
}

// CreateMaatwerk records a deviation in a case the actor coordinates.
func (db *DB) CreateMaatwerk(ctx context.Context, m *kluwen.Maatwerk) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseWriteAccess(ctx, m.CaseID, "maatwerk.create", kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, m.Validate(tx.today)); err != nil {
			return err
		}
		var approver any
		if m.ApprovedByUserID != nil {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM users WHERE id = ?`, *m.ApprovedByUserID).Scan(&n); err != nil {
				return err
			}
			v.Check(n == 1, "approvedByUserId", "Kies een bestaande gebruiker, of laat dit leeg als wie toestemming gaf geen gebruiker van Kluwen is.")
			approver = *m.ApprovedByUserID
		}
		if err := v.Err(); err != nil {
			return err
		}
		m.Outcome, m.OutcomeResult, m.OutcomeOn = "", "", nil
		m.CreatedBy, m.CreatedAt, m.UpdatedAt = tx.actor.UserID, tx.now, tx.now
		if m.ID, err = tx.insert(ctx, `INSERT INTO maatwerk (case_id, rule, reason, domain, expected_effect, cost_cents, approved_by_name, approved_by_role, approved_by_user_id,
				decided_on, outcome, outcome_result, outcome_on, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', NULL, ?, ?, ?) RETURNING id`,
			m.CaseID, m.Rule, m.Reason, int(m.Domain), m.ExpectedEffect, m.CostCents, m.ApprovedByName, m.ApprovedByRole, approver,
			dateArg(m.DecidedOn), tx.nullableUserID(), tx.now, tx.now); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, m.CaseID)
		if err != nil {
			return err
		}
		tx.log("maatwerk.create", kluwen.AuditCreate, basis, caseObjects(m.CaseID, household)...)
		return nil
	})
}

// RecordMaatwerkOutcome records what came of a deviation in a case the actor
// coordinates.
func (db *DB) RecordMaatwerkOutcome(ctx context.Context, id int64, o kluwen.MaatwerkOutcome) (*kluwen.Maatwerk, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var m *kluwen.Maatwerk
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		if m, err = tx.loadMaatwerk(ctx, id); err != nil {
			return err
		}
		_, basis, err := tx.caseWriteAccess(ctx, m.CaseID, "maatwerk.update", kluwen.AuditUpdate, 0)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
				return notFound("De afwijking")
			}
			return err
		}
		if err := o.Validate(m.DecidedOn, tx.today); err != nil {
			return err
		}
		m.Outcome, m.OutcomeResult, m.OutcomeOn, m.UpdatedAt = o.Outcome, o.Result, &o.On, tx.now
		if _, err := tx.exec(ctx, `UPDATE maatwerk SET outcome = ?, outcome_result = ?, outcome_on = ?, updated_at = ? WHERE id = ?`,
			m.Outcome, string(m.OutcomeResult), dateArg(o.On), tx.now, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, m.CaseID)
		if err != nil {
			return err
		}
		tx.log("maatwerk.update", kluwen.AuditUpdate, basis, caseObjects(m.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindMaatwerk returns the deviations of a case the actor may read, by decision
// date.
func (db *DB) FindMaatwerk(ctx context.Context, caseID int64) ([]*kluwen.Maatwerk, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Maatwerk
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, caseID, "maatwerk.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+maatwerkColumns+` FROM maatwerk m WHERE m.case_id = ? ORDER BY m.decided_on, m.id`, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		out = []*kluwen.Maatwerk{}
		for rows.Next() {
			m, err := scanMaatwerk(rows)
			if err != nil {
				return err
			}
			out = append(out, m)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, caseID)
		if err != nil {
			return err
		}
		tx.log("maatwerk.read", kluwen.AuditRead, basis, caseObjects(caseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Bases of the list across cases.
const (
	basisMaatwerkPseudonymised = "gepseudonimiseerd overzicht (analist)"
)

// maatwerkList streams the list across cases to fn and logs it under eventType.
// A regisseur gets the deviations of the cases they may read, in full; an
// analyst every deviation, pseudonymised; the system actor everything in full;
// anyone else EFORBIDDEN.
func (tx *Tx) maatwerkList(ctx context.Context, f kluwen.MaatwerkFilter, eventType string, action kluwen.AuditAction, fn func(*kluwen.MaatwerkRow) error) error {
	a := tx.actor
	pseudo := a.Role == kluwen.RoleAnalyst
	if !a.System() && !pseudo && a.Role != kluwen.RoleRegisseur {
		tx.refuse(eventType, action, reasonRole)
		return forbidden()
	}
	var w whereClause
	basis := searchBasis(a)
	switch {
	case pseudo:
		basis = basisMaatwerkPseudonymised
	case !a.System():
		vis, args := tx.caseVisibleSQL("c")
		w.add(vis, args...)
	}
	if f.From != nil {
		w.add(`m.decided_on >= ?`, dateArg(*f.From))
	}
	if f.To != nil {
		w.add(`m.decided_on <= ?`, dateArg(*f.To))
	}
	if f.Wijk != "" {
		w.add(`lower(h.wijk) = ?`, strings.ToLower(strings.TrimSpace(f.Wijk)))
	}
	rows, err := tx.query(ctx, `SELECT `+maatwerkColumns+`, `+householdColumns+`
		FROM maatwerk m JOIN cases c ON c.id = m.case_id JOIN households h ON h.id = c.household_id
		WHERE `+w.String()+` ORDER BY m.decided_on, m.id`, w.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var objs objectSet
	n := 0
	for rows.Next() {
		h := &kluwen.Household{}
		m, err := scanMaatwerk(rows, &h.ID, &h.Street, &h.HouseNumber, &h.HouseNumberAddition, &h.Postcode, &h.City, &h.Wijk,
			&h.RegisteredByOrgID, timeScan{&h.CreatedAt}, timeScan{&h.UpdatedAt})
		if err != nil {
			return err
		}
		r := &kluwen.MaatwerkRow{Wijk: h.Wijk, Rule: m.Rule, Domain: m.Domain, CostCents: m.CostCents, DecidedOn: m.DecidedOn,
			OutcomeResult: m.OutcomeResult, OutcomeOn: m.OutcomeOn}
		if pseudo {
			// Only the month of the decision, and no date of the outcome: exact
			// dates make a household easier to single out.
			r.Pseudonymised, r.CasePseudonym = true, tx.db.casePseudonym(m.CaseID)
			r.DecidedOn, r.OutcomeOn = time.Date(m.DecidedOn.Year(), m.DecidedOn.Month(), 1, 0, 0, 0, 0, time.UTC), nil
		} else {
			r.CaseID, r.Address, r.Reason, r.ExpectedEffect = m.CaseID, h.Address(), m.Reason, m.ExpectedEffect
			r.ApprovedByName, r.ApprovedByRole, r.Outcome = m.ApprovedByName, m.ApprovedByRole, m.Outcome
			objs.add(kluwen.ObjectHousehold, h.ID)
		}
		objs.add(kluwen.ObjectCase, m.CaseID)
		if err := fn(r); err != nil {
			// Written even though the call fails: n rows have left.
			tx.refused = append(tx.refused, tx.entry(eventType, action, kluwen.OutcomeError, basis+"; afgebroken na "+strconv.Itoa(n)+" regels", objs.refs))
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	tx.log(eventType, action, basis, objs.refs...)
	return nil
}

// FindMaatwerkList returns the deviations across cases the actor may list (see
// ExportMaatwerk), ordered by decision date.
func (db *DB) FindMaatwerkList(ctx context.Context, f kluwen.MaatwerkFilter) ([]*kluwen.MaatwerkRow, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	out := []*kluwen.MaatwerkRow{}
	err := db.update(ctx, func(tx *Tx) error {
		return tx.maatwerkList(ctx, f, "maatwerk.search", kluwen.AuditRead, func(r *kluwen.MaatwerkRow) error {
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ExportMaatwerk calls fn for every deviation across the cases the actor may
// list: a regisseur those of the cases they may read, an analyst every one,
// pseudonymised (no case number, address, names or free text but the rule).
// The export is logged; an export cut off by fn is logged as an error.
func (db *DB) ExportMaatwerk(ctx context.Context, f kluwen.MaatwerkFilter, fn func(*kluwen.MaatwerkRow) error) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		return tx.maatwerkList(ctx, f, "maatwerk.export", kluwen.AuditExport, fn)
	})
}
