package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/kluwen/kluwen"
)

// This file holds the escalations of stuck cases to a steering level.

var _ kluwen.EscalationService = (*DB)(nil)

const escalationColumns = `e.id, e.case_id, e.level, e.question, e.answer, e.decision, e.outcome, e.status, e.escalated_by, e.escalated_at, e.answered_at, e.closed_at`

func scanEscalation(sc rowScanner) (*kluwen.Escalation, error) {
	e := &kluwen.Escalation{}
	var level, status string
	var by sql.NullInt64
	if err := sc.Scan(&e.ID, &e.CaseID, &level, &e.Question, &e.Answer, &e.Decision, &e.Outcome, &status, &by,
		timeScan{&e.EscalatedAt}, nullTimeScan{&e.AnsweredAt}, nullTimeScan{&e.ClosedAt}); err != nil {
		return nil, err
	}
	e.Level, e.Status, e.EscalatedBy = kluwen.EscalationLevel(level), kluwen.EscalationStatus(status), by.Int64
	return e, nil
}

func (tx *Tx) queryEscalations(ctx context.Context, where string, args ...any) ([]*kluwen.Escalation, error) {
	rows, err := tx.query(ctx, `SELECT `+escalationColumns+` FROM escalations e JOIN cases c ON c.id = e.case_id WHERE `+where+` ORDER BY e.escalated_at, e.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*kluwen.Escalation{}
	for rows.Next() {
		e, err := scanEscalation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CreateEscalation puts a case the actor coordinates to a steering level.
func (db *DB) CreateEscalation(ctx context.Context, e *kluwen.Escalation) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := e.Validate(); err != nil && e.CaseID <= 0 {
			return err
		}
		_, basis, err := tx.caseWriteAccess(ctx, e.CaseID, "escalation.create", kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		if err := e.Validate(); err != nil {
			return err
		}
		e.Answer, e.Decision, e.Outcome, e.Status = "", "", "", kluwen.EscalationOpen
		e.EscalatedBy, e.EscalatedAt, e.AnsweredAt, e.ClosedAt = tx.actor.UserID, tx.now, nil, nil
		if e.ID, err = tx.insert(ctx, `INSERT INTO escalations (case_id, level, question, status, escalated_by, escalated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			e.CaseID, string(e.Level), e.Question, string(e.Status), tx.nullableUserID(), tx.now); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, e.CaseID)
		if err != nil {
			return err
		}
		tx.log("escalation.create", kluwen.AuditCreate, basis, caseObjects(e.CaseID, household)...)
		return nil
	})
}

// escalationForWrite loads an escalation of a case the actor coordinates.
func (tx *Tx) escalationForWrite(ctx context.Context, id int64) (*kluwen.Escalation, string, error) {
	es, err := tx.queryEscalations(ctx, `e.id = ?`, id)
	if err != nil {
		return nil, "", err
	}
	if len(es) == 0 {
		return nil, "", notFound("De escalatie")
	}
	_, basis, err := tx.caseWriteAccess(ctx, es[0].CaseID, "escalation.update", kluwen.AuditUpdate, 0)
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			err = notFound("De escalatie")
		}
		return nil, "", err
	}
	return es[0], basis, nil
}

// AnswerEscalation records the steering level's answer and decision on an open
// escalation.
func (db *DB) AnswerEscalation(ctx context.Context, id int64, answer, decision string) (*kluwen.Escalation, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var e *kluwen.Escalation
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if e, basis, err = tx.escalationForWrite(ctx, id); err != nil {
			return err
		}
		var v kluwen.Validator
		if e.Status != kluwen.EscalationOpen {
			v.Add("status", "Deze escalatie is al "+strings.ToLower(e.Status.Label())+".")
		}
		e.Answer, e.Decision = strings.TrimSpace(answer), strings.TrimSpace(decision)
		checkLen(&v, "answer", e.Answer, true, "Vul het antwoord van het overleg in.")
		checkLen(&v, "decision", e.Decision, false, "")
		if err := v.Err(); err != nil {
			return err
		}
		e.Status, e.AnsweredAt = kluwen.EscalationAnswered, &tx.now
		if _, err := tx.exec(ctx, `UPDATE escalations SET answer = ?, decision = ?, status = ?, answered_at = ? WHERE id = ?`,
			e.Answer, e.Decision, string(e.Status), tx.now, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, e.CaseID)
		if err != nil {
			return err
		}
		tx.log("escalation.update", kluwen.AuditUpdate, basis, caseObjects(e.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// CloseEscalation records the outcome of an escalation that is answered, or
// withdrawn while open, and closes it.
func (db *DB) CloseEscalation(ctx context.Context, id int64, outcome string) (*kluwen.Escalation, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var e *kluwen.Escalation
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if e, basis, err = tx.escalationForWrite(ctx, id); err != nil {
			return err
		}
		var v kluwen.Validator
		if e.Status == kluwen.EscalationClosed {
			v.Add("status", "Deze escalatie is al gesloten.")
		}
		e.Outcome = strings.TrimSpace(outcome)
		checkLen(&v, "outcome", e.Outcome, true, "Vul de uitkomst van de escalatie in.")
		if err := v.Err(); err != nil {
			return err
		}
		e.Status, e.ClosedAt = kluwen.EscalationClosed, &tx.now
		if _, err := tx.exec(ctx, `UPDATE escalations SET outcome = ?, status = ?, closed_at = ? WHERE id = ?`, e.Outcome, string(e.Status), tx.now, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, e.CaseID)
		if err != nil {
			return err
		}
		tx.log("escalation.update", kluwen.AuditUpdate, basis, caseObjects(e.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// checkLen checks a free-text answer: required when req (with the message
// missing), at most kluwen.MaxTextLen characters.
func checkLen(v *kluwen.Validator, field, s string, req bool, missing string) {
	switch {
	case req && s == "":
		v.Add(field, missing)
	case len([]rune(s)) > kluwen.MaxTextLen:
		v.Add(field, "De tekst is te lang: maximaal 4000 tekens.")
	}
}

// FindEscalations returns escalations. With a case, those of that case (which the
// actor must be able to read); without, those of the open cases the actor is
// the regisseur of, for their start page. Open limits them to escalations that
// are not closed.
func (db *DB) FindEscalations(ctx context.Context, f kluwen.EscalationFilter) ([]*kluwen.Escalation, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Escalation
	err := db.update(ctx, func(tx *Tx) error {
		var w whereClause
		if f.Open {
			w.add(`e.status <> ?`, string(kluwen.EscalationClosed))
		}
		if f.CaseID != nil {
			_, basis, err := tx.caseAccess(ctx, *f.CaseID, "escalation.read", kluwen.AuditRead, false)
			if err != nil {
				return err
			}
			w.add(`e.case_id = ?`, *f.CaseID)
			if out, err = tx.queryEscalations(ctx, w.String(), w.args...); err != nil {
				return err
			}
			household, err := tx.caseHousehold(ctx, *f.CaseID)
			if err != nil {
				return err
			}
			tx.log("escalation.read", kluwen.AuditRead, basis, caseObjects(*f.CaseID, household)...)
			return nil
		}
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "escalation.search", kluwen.AuditRead); err != nil {
			return err
		}
		w.add(`c.regisseur_id = ? AND c.status <> ?`, tx.actor.UserID, string(kluwen.CaseAfgesloten))
		var err error
		if out, err = tx.queryEscalations(ctx, w.String(), w.args...); err != nil {
			return err
		}
		var objs objectSet
		for _, e := range out {
			objs.add(kluwen.ObjectCase, e.CaseID)
		}
		tx.log("escalation.search", kluwen.AuditRead, searchBasis(tx.actor)+"; eigen casussen", objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
