package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

var (
	_ kluwen.NotificationService = (*DB)(nil)
	_ kluwen.MailOutbox          = (*DB)(nil)
)

// Notifications hold no personal data of the people Kluwen is about (their text
// names only what the recipient may see, and e-mail names nothing at all), so
// reading them writes no access-log entry. Each user reads only their own.

// notify records a notification in the call's transaction and, when e-mail is
// on and the recipient has an address, queues its e-mail in the same
// transaction: the notification and its mail stand or fall with the change they
// announce. The services that assign actions and invite to conferences call it.
func (tx *Tx) notify(ctx context.Context, n *kluwen.Notification) error {
	if err := n.Validate(); err != nil {
		return err
	}
	var email string
	var disabled bool
	err := tx.queryRow(ctx, `SELECT email, disabled FROM users WHERE id = ?`, n.UserID).Scan(&email, &disabled)
	if isNoRows(err) {
		var v kluwen.Validator
		v.Add("userId", "Kies een bestaande gebruiker als ontvanger.")
		return v.Err()
	}
	if err != nil {
		return err
	}
	n.CreatedAt, n.ReadAt = tx.now, nil
	if n.ID, err = tx.insert(ctx, `INSERT INTO notifications (user_id, kind, text, link, created_at, read_at) VALUES (?, ?, ?, ?, ?, NULL) RETURNING id`,
		n.UserID, string(n.Kind), n.Text, n.Link, tx.now); err != nil {
		return err
	}
	if !tx.db.mailOutbox.Load() || email == "" || disabled {
		return nil
	}
	subject, body := n.Kind.MailText()
	_, err = tx.exec(ctx, `INSERT INTO mail_outbox (notification_id, to_addr, subject, body, link, created_at, next_attempt_at, attempts, last_error)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, '')`, n.ID, email, subject, body, n.Link, tx.now, tx.now)
	return err
}

// CreateNotification records a notification for a user. Only the system actor
// may call it directly (a task such as the daily check for overdue actions); the
// services that assign work notify inside their own transaction.
func (db *DB) CreateNotification(ctx context.Context, n *kluwen.Notification) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	if !a.System() {
		return forbidden()
	}
	return db.update(ctx, func(tx *Tx) error { return tx.notify(ctx, n) })
}

// FindNotifications returns the signed-in user's notifications, newest first.
func (db *DB) FindNotifications(ctx context.Context, f kluwen.NotificationFilter) ([]*kluwen.Notification, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	out := []*kluwen.Notification{}
	err = db.view(ctx, func(tx *Tx) error {
		var w whereClause
		w.add(`user_id = ?`, a.UserID)
		if f.UnreadOnly {
			w.add(`read_at IS NULL`)
		}
		if f.BeforeID > 0 {
			w.add(`id < ?`, f.BeforeID)
		}
		rows, err := tx.query(ctx, `SELECT id, user_id, kind, text, link, created_at, read_at FROM notifications WHERE `+w.String()+`
			ORDER BY id DESC LIMIT ?`, append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			n := &kluwen.Notification{}
			var kind string
			if err := rows.Scan(&n.ID, &n.UserID, &kind, &n.Text, &n.Link, timeScan{&n.CreatedAt}, nullTimeScan{&n.ReadAt}); err != nil {
				return err
			}
			n.Kind = kluwen.NotificationKind(kind)
			out = append(out, n)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CountUnreadNotifications counts the signed-in user's unread notifications.
func (db *DB) CountUnreadNotifications(ctx context.Context) (int, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.view(ctx, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, a.UserID).Scan(&n)
	})
	return n, err
}

// MarkNotificationRead marks one of the signed-in user's notifications read; the
// notification of someone else answers ENOTFOUND.
func (db *DB) MarkNotificationRead(ctx context.Context, id int64) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var readAt *time.Time
		err := tx.queryRow(ctx, `SELECT read_at FROM notifications WHERE id = ? AND user_id = ?`, id, a.UserID).Scan(nullTimeScan{&readAt})
		if isNoRows(err) {
			return notFound("Het bericht")
		}
		if err != nil || readAt != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE id = ?`, tx.now, id)
		return err
	})
}

// MarkAllNotificationsRead marks every unread notification of the signed-in user
// read.
func (db *DB) MarkAllNotificationsRead(ctx context.Context) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, tx.now, a.UserID)
		return err
	})
}

// requireSystem answers EFORBIDDEN unless the call is the system's.
func (db *DB) requireSystem(ctx context.Context) error {
	a, err := db.actor(ctx)
	if err != nil {
		return err
	}
	if !a.System() {
		return forbidden()
	}
	return nil
}

// ClaimMails takes up to limit mails that are due and not leased, leases them
// until now+lease and counts the attempt. On PostgreSQL the rows are locked with
// FOR UPDATE SKIP LOCKED, so that workers of several Kluwen instances each get
// other mails; on SQLite the single write connection serialises the claims.
func (db *DB) ClaimMails(ctx context.Context, limit int, lease time.Duration) ([]*kluwen.OutboxMail, error) {
	if err := db.requireSystem(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 10
	}
	out := []*kluwen.OutboxMail{}
	err := db.update(ctx, func(tx *Tx) error {
		q := `SELECT id, to_addr, subject, body, link, attempts, created_at, next_attempt_at FROM mail_outbox
			WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)
			ORDER BY next_attempt_at, id LIMIT ?`
		if tx.db.dialect == Postgres {
			q += ` FOR UPDATE SKIP LOCKED`
		}
		rows, err := tx.query(ctx, q, tx.now, tx.now, limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			m := &kluwen.OutboxMail{}
			if err := rows.Scan(&m.ID, &m.To, &m.Subject, &m.Body, &m.Link, &m.Attempts, timeScan{&m.CreatedAt}, timeScan{&m.NextAttemptAt}); err != nil {
				rows.Close()
				return err
			}
			m.Attempts++
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		until := tx.now.Add(lease)
		for _, m := range out {
			if _, err := tx.exec(ctx, `UPDATE mail_outbox SET locked_until = ?, attempts = ? WHERE id = ?`, until, m.Attempts, m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkMailSent records that a claimed mail was sent.
func (db *DB) MarkMailSent(ctx context.Context, id int64) error {
	if err := db.requireSystem(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE mail_outbox SET sent_at = ?, locked_until = NULL, last_error = '' WHERE id = ?`, tx.now, id)
		return err
	})
}

// MarkMailFailed records a failed attempt: the mail is tried again at retryAt, or
// given up when retryAt is nil. The cause is kept for the operator; it comes from
// the mail server and names no one Kluwen is about.
func (db *DB) MarkMailFailed(ctx context.Context, id int64, cause string, retryAt *time.Time) error {
	if err := db.requireSystem(ctx); err != nil {
		return err
	}
	if len(cause) > 1000 {
		cause = strings.ToValidUTF8(cause[:1000], "")
	}
	return db.update(ctx, func(tx *Tx) error {
		var err error
		if retryAt == nil {
			_, err = tx.exec(ctx, `UPDATE mail_outbox SET failed_at = ?, locked_until = NULL, last_error = ? WHERE id = ?`, tx.now, cause, id)
		} else {
			_, err = tx.exec(ctx, `UPDATE mail_outbox SET next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?`, *retryAt, cause, id)
		}
		return err
	})
}
