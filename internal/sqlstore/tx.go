package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/kluwen/kluwen"
)

// Tx is one service call's transaction. It rebinds placeholders, converts time
// arguments for the dialect, and collects the access-log entries of the call.
type Tx struct {
	tx      *sql.Tx
	db      *DB
	actor   *kluwen.Actor // may be nil for calls before sign-in
	now     time.Time     // the time of the whole call
	today   time.Time     // its date in the Netherlands
	entries []*kluwen.AccessLogEntry
	refused []*kluwen.AccessLogEntry // kept when the call fails (refusals, and reads a failed call reports on)
}

// update runs fn in a write transaction. On success the collected access-log
// entries are appended and the transaction commits. On failure it rolls back; the
// refusal entries fn recorded are then written in a transaction of their own, so a
// denied attempt is logged even though nothing else is kept.
func (db *DB) update(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.begin(ctx, db.write)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.tx.Rollback()
		if len(tx.refused) > 0 {
			if lerr := db.appendRefusals(ctx, tx.actor, tx.refused); lerr != nil {
				db.log.Error("writing refusal to the access log", "err", lerr)
				return lerr
			}
		}
		return translateErr(err)
	}
	if len(tx.entries) > 0 {
		if err := tx.appendAccessLog(ctx, tx.entries); err != nil {
			tx.tx.Rollback()
			return err
		}
	}
	if err := tx.tx.Commit(); err != nil {
		return translateErr(err)
	}
	return nil
}

// view runs fn in a read transaction (the read pool for SQLite). It may not log:
// calls that read personal data use update, so that the read and its entry are
// one transaction.
func (db *DB) view(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.begin(ctx, db.read)
	if err != nil {
		return err
	}
	defer tx.tx.Rollback()
	if err := fn(tx); err != nil {
		return translateErr(err)
	}
	if len(tx.entries) > 0 || len(tx.refused) > 0 {
		panic("sqlstore: access-log entry in a read-only transaction")
	}
	return nil
}

func (db *DB) begin(ctx context.Context, h *sql.DB) (*Tx, error) {
	t, err := h.BeginTx(ctx, nil)
	if err != nil {
		return nil, translateErr(err)
	}
	now := db.now().UTC().Truncate(time.Microsecond)
	return &Tx{tx: t, db: db, actor: kluwen.ActorFromContext(ctx), now: now, today: kluwen.DateOf(now.In(amsterdam))}, nil
}

func (db *DB) appendRefusals(ctx context.Context, a *kluwen.Actor, entries []*kluwen.AccessLogEntry) error {
	tx, err := db.begin(ctx, db.write)
	if err != nil {
		return err
	}
	if err := tx.appendAccessLog(ctx, entries); err != nil {
		tx.tx.Rollback()
		return err
	}
	return tx.tx.Commit()
}

func (tx *Tx) args(args []any) []any {
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			args[i] = timeArg(tx.db.dialect, v)
		case *time.Time:
			if v == nil {
				args[i] = nil
			} else {
				args[i] = timeArg(tx.db.dialect, *v)
			}
		}
	}
	return args
}

// exec runs a statement.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, rebind(tx.db.dialect, q), tx.args(args)...)
}

// query runs a query.
func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, rebind(tx.db.dialect, q), tx.args(args)...)
}

// queryRow runs a query that returns at most one row.
func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.db.dialect, q), tx.args(args)...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insert(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q, args...).Scan(&id)
	return id, err
}

// log records a successful access for the access log; it is appended at commit.
// Actor fields, time and purpose are filled in from the call.
func (tx *Tx) log(eventType string, action kluwen.AuditAction, basis string, objects ...kluwen.ObjectRef) {
	tx.entries = append(tx.entries, tx.entry(eventType, action, kluwen.OutcomeSuccess, basis, objects))
}

// refuse records a refused attempt; it is written even though the call fails.
func (tx *Tx) refuse(eventType string, action kluwen.AuditAction, reason string, objects ...kluwen.ObjectRef) {
	tx.refused = append(tx.refused, tx.entry(eventType, action, kluwen.OutcomeRefused, reason, objects))
}

func (tx *Tx) entry(eventType string, action kluwen.AuditAction, outcome kluwen.AuditOutcome, basis string, objects []kluwen.ObjectRef) *kluwen.AccessLogEntry {
	e := &kluwen.AccessLogEntry{
		OccurredAt: tx.now,
		EventType:  eventType,
		Action:     action,
		Outcome:    outcome,
		Objects:    objects,
		Basis:      basis,
	}
	if a := tx.actor; a != nil {
		e.UserID, e.Username, e.OrganisationID, e.Role = a.UserID, a.Username, a.OrganisationID, a.Role
		e.ClientAddr, e.Purpose = a.ClientAddr, a.Purpose
	}
	return e
}

// notFound is the answer to a read the actor may not make: the same as for an
// object that does not exist.
func notFound(what string) error {
	return kluwen.Errorf(kluwen.ENOTFOUND, "%s is niet gevonden.", what)
}

// forbidden is the answer to a change the actor may not make on an object they may
// see.
func forbidden() error {
	return kluwen.Errorf(kluwen.EFORBIDDEN, "U heeft geen toestemming voor deze handeling.")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
