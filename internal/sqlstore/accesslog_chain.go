package sqlstore

import (
	"context"

	"github.com/kluwen/kluwen"
)

// appendAccessLog appends entries to the hash chain. It locks the chain's head row
// (FOR UPDATE on PostgreSQL, so that several kluwen instances append in one order;
// SQLite's single writer already serialises), numbers the entries densely after
// the head, chains their hashes and moves the head. It runs at the end of the
// call's transaction so the lock is held only briefly.
func (tx *Tx) appendAccessLog(ctx context.Context, entries []*kluwen.AccessLogEntry) error {
	q := `SELECT position, hash FROM audit_head WHERE id = 1`
	if tx.db.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	var pos int64
	var prev string
	if err := tx.queryRow(ctx, q).Scan(&pos, &prev); err != nil {
		return translateErr(err)
	}
	for _, e := range entries {
		pos++
		e.Position = pos
		e.PrevHash = prev
		e.Hash = kluwen.HashEntry(tx.db.keys.Audit, prev, e)
		if _, err := tx.exec(ctx, `INSERT INTO access_log (position, occurred_at, event_type, action, outcome, user_id, username, organisation_id, role, client_addr, objects, basis, purpose, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.Position, e.OccurredAt, e.EventType, string(e.Action), string(e.Outcome), e.UserID, e.Username, e.OrganisationID, string(e.Role),
			e.ClientAddr, " "+e.ObjectsString()+" ", e.Basis, e.Purpose, e.PrevHash, e.Hash); err != nil {
			return translateErr(err)
		}
		prev = e.Hash
	}
	if _, err := tx.exec(ctx, `UPDATE audit_head SET position = ?, hash = ? WHERE id = 1`, pos, prev); err != nil {
		return translateErr(err)
	}
	return nil
}
