package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/kluwen/kluwen"
)

// overdueBatch is how many reminders one transaction of RemindOverdueActions
// sends at most.
const overdueBatch = 500

// RemindOverdueActions is the daily check for overdue actions: it notifies the
// owner of every pending action on an open case whose due date has passed
// (kluwen.NotifyActionOverdue, with an e-mail when mail is on), once per action
// and due date. An owner is reminded only while they can still work on the
// action: an active user of the owning organisation, which is the case's own or
// involved in it today. It returns how many owners it reminded.
//
// Every Kluwen instance may run it, as often as it likes: a reminder is recorded
// in action_reminders in the same transaction as its notification, keyed by
// action and due date, and an instance that finds the key taken sends nothing.
// Only the system actor may call it.
func (db *DB) RemindOverdueActions(ctx context.Context) (int, error) {
	if err := db.requireSystem(ctx); err != nil {
		return 0, err
	}
	total := 0
	for {
		n, more, err := db.remindOverdueBatch(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
}

// remindOverdueBatch sends up to overdueBatch reminders in one transaction and
// reports whether more may be waiting.
func (db *DB) remindOverdueBatch(ctx context.Context) (sent int, more bool, err error) {
	err = db.update(ctx, func(tx *Tx) error {
		sent, more = 0, false
		today := dateArg(tx.today)
		rows, err := tx.query(ctx, `SELECT a.id, a.case_id, a.owner_user_id, a.due_date, c.household_id
			FROM actions a JOIN cases c ON c.id = a.case_id JOIN users u ON u.id = a.owner_user_id
			WHERE a.status IN ('open', 'bezig') AND a.due_date < ? AND c.status <> ?
				AND u.organisation_id = a.organisation_id AND u.disabled = ?
				AND (a.organisation_id = c.organisation_id OR EXISTS (SELECT 1 FROM involvements i
					WHERE i.case_id = a.case_id AND i.organisation_id = a.organisation_id AND i.from_date <= ? AND (i.to_date IS NULL OR i.to_date >= ?)))
				AND NOT EXISTS (SELECT 1 FROM action_reminders r WHERE r.action_id = a.id AND r.due_date = a.due_date)
			ORDER BY a.id LIMIT ?`, today, string(kluwen.CaseAfgesloten), false, today, today, overdueBatch)
		if err != nil {
			return err
		}
		type due struct {
			action, caseID, owner, household int64
			date                             time.Time
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.action, &d.caseID, &d.owner, timeScan{&d.date}, &d.household); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		more = len(list) == overdueBatch
		var objs objectSet
		for _, d := range list {
			// Another instance may have reminded this one since the SELECT: the
			// key then stands and nothing is sent.
			res, err := tx.exec(ctx, `INSERT INTO action_reminders (action_id, due_date, user_id, reminded_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (action_id, due_date) DO NOTHING`, d.action, dateArg(d.date), d.owner, tx.now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				continue
			}
			if err := tx.sendNotification(ctx, d.owner, string(kluwen.NotifyActionOverdue),
				fmt.Sprintf("Een actie van u in casus %d is over de termijn: hij moest klaar zijn op %s.", d.caseID, d.date.Format("02-01-2006")),
				fmt.Sprintf("/casussen/%d/plan#actie-%d", d.caseID, d.action)); err != nil {
				return err
			}
			sent++
			objs.add(kluwen.ObjectCase, d.caseID)
			objs.add(kluwen.ObjectHousehold, d.household)
		}
		if sent > 0 {
			tx.log("action.remind", kluwen.AuditExecute, kluwen.BasisSystem, objs.refs...)
		}
		return nil
	})
	return sent, more, err
}
