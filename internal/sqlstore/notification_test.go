package sqlstore_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// eachWith runs fn on SQLite and PostgreSQL opened with opts.
func eachWith(t *testing.T, opts testdb.Options, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, testdb.SQLite(t, opts)) })
	t.Run("postgres", func(t *testing.T) { fn(t, testdb.Postgres(t, opts)) })
}

// mailClock is a settable time for the store.
type mailClock struct{ ns atomic.Int64 }

func newMailClock() *mailClock {
	c := &mailClock{}
	c.ns.Store(time.Now().UnixNano())
	return c
}
func (c *mailClock) now() time.Time          { return time.Unix(0, c.ns.Load()) }
func (c *mailClock) advance(d time.Duration) { c.ns.Add(int64(d)) }
func (c *mailClock) opts(mail bool) testdb.Options {
	return testdb.Options{Now: c.now, MailOutbox: mail}
}

// setEmail gives a user an e-mail address.
func setEmail(t *testing.T, db *sqlstore.DB, userID int64, email string) {
	t.Helper()
	if _, err := db.RawDB().Exec(db.Rebind(`UPDATE users SET email = ? WHERE id = ?`), email, userID); err != nil {
		t.Fatal(err)
	}
}

// TestNotifications: each user reads and marks only their own; only the system
// creates them directly; bad input is reported by field.
func TestNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		agent, youth := w.actors["professional-involved"], w.actors["professional-youth"]
		n1 := &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyActionAssigned, Text: "U heeft een nieuwe actie in casus 1.", Link: "/casussen/1#acties"}
		hhMust(t, db.CreateNotification(hhSys(), n1))
		n2 := &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyConferenceInvitation, Text: "Uitnodiging casusoverleg"}
		hhMust(t, db.CreateNotification(hhSys(), n2))
		n3 := &kluwen.Notification{UserID: youth.UserID, Kind: kluwen.NotifyOther, Text: "Voor jeugdzorg"}
		hhMust(t, db.CreateNotification(hhSys(), n3))
		if n1.ID == 0 || n1.CreatedAt.IsZero() || n1.ReadAt != nil {
			t.Fatalf("created %+v", n1)
		}
		if n := hhCount(t, db, "mail_outbox"); n != 0 {
			t.Errorf("%d mails queued without an outbox", n)
		}

		ctx := hhAs(agent)
		list, err := db.FindNotifications(ctx, kluwen.NotificationFilter{})
		hhMust(t, err)
		if len(list) != 2 || list[0].ID != n2.ID || list[1].ID != n1.ID || list[1].Link != "/casussen/1#acties" || list[1].Kind != kluwen.NotifyActionAssigned {
			t.Fatalf("agent's notifications %+v", list)
		}
		count := func(ctx context.Context) int {
			n, err := db.CountUnreadNotifications(ctx)
			hhMust(t, err)
			return n
		}
		if count(ctx) != 2 || count(hhAs(youth)) != 1 {
			t.Errorf("unread counts %d %d", count(ctx), count(hhAs(youth)))
		}
		hhWantCode(t, db.MarkNotificationRead(hhAs(youth), n1.ID), kluwen.ENOTFOUND)
		hhMust(t, db.MarkNotificationRead(ctx, n1.ID))
		hhMust(t, db.MarkNotificationRead(ctx, n1.ID)) // again: no change, no error
		unread, err := db.FindNotifications(ctx, kluwen.NotificationFilter{UnreadOnly: true})
		hhMust(t, err)
		if len(unread) != 1 || unread[0].ID != n2.ID {
			t.Errorf("unread %+v", unread)
		}
		all, err := db.FindNotifications(ctx, kluwen.NotificationFilter{})
		hhMust(t, err)
		if all[1].ReadAt == nil {
			t.Errorf("read notification without ReadAt: %+v", all[1])
		}
		older, err := db.FindNotifications(ctx, kluwen.NotificationFilter{BeforeID: n2.ID})
		hhMust(t, err)
		if len(older) != 1 || older[0].ID != n1.ID {
			t.Errorf("page before %d: %+v", n2.ID, older)
		}
		hhMust(t, db.MarkAllNotificationsRead(ctx))
		if count(ctx) != 0 || count(hhAs(youth)) != 1 {
			t.Errorf("after marking all: %d, youth %d", count(ctx), count(hhAs(youth)))
		}

		hhWantCode(t, db.CreateNotification(hhAs(w.actors["regisseur-of-case"]), &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyOther, Text: "x"}), kluwen.EFORBIDDEN)
		hhWantFields(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: agent.UserID, Kind: "spam", Text: " ", Link: "https://elders.example"}), "kind", "text", "link")
		hhWantFields(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: 99999, Kind: kluwen.NotifyOther, Text: "x"}), "userId")
		_, err = db.FindNotifications(context.Background(), kluwen.NotificationFilter{})
		hhWantCode(t, err, kluwen.EUNAUTHORIZED)
	})
}

// outboxRow is a mail_outbox row as the tests inspect it.
type outboxRow struct {
	to, subject, body, link, lastError string
	attempts                           int
	sent, failed                       bool
	next                               time.Time
}

func outboxRows(t *testing.T, db *sqlstore.DB) []outboxRow {
	t.Helper()
	rows, err := db.RawDB().Query(`SELECT to_addr, subject, body, link, last_error, attempts, sent_at IS NOT NULL, failed_at IS NOT NULL, next_attempt_at FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxRow
	for rows.Next() {
		var r outboxRow
		var next any
		if err := rows.Scan(&r.to, &r.subject, &r.body, &r.link, &r.lastError, &r.attempts, &r.sent, &r.failed, &next); err != nil {
			t.Fatal(err)
		}
		switch v := next.(type) {
		case time.Time:
			r.next = v
		case string:
			r.next, _ = time.Parse("2006-01-02T15:04:05.000000Z", v)
		}
		out = append(out, r)
	}
	return out
}

// TestMailOutbox: with the outbox on, a notification to a user with an address
// queues a mail without case content, in the same transaction; claims lease
// mails so a second claim does not get them until the lease ends; a failure is
// retried at the given time or given up; a sent mail is never claimed again.
func TestMailOutbox(t *testing.T) {
	c := newMailClock()
	eachWith(t, c.opts(true), func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		agent, youth, reg := w.actors["professional-involved"], w.actors["professional-youth"], w.actors["regisseur-of-case"]
		setEmail(t, db, agent.UserID, "wijkagent@politie.example")
		setEmail(t, db, reg.UserID, "regisseur@gemeente.example")
		if _, err := db.RawDB().Exec(db.Rebind(`UPDATE users SET disabled = ? WHERE id = ?`), true, reg.UserID); err != nil {
			t.Fatal(err)
		}
		hhMust(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyActionAssigned,
			Text: "Actie: huisbezoek bij familie Testfamilie", Link: "/casussen/1#acties"}))
		hhMust(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: youth.UserID, Kind: kluwen.NotifyOther, Text: "Zonder adres"}))
		hhMust(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: reg.UserID, Kind: kluwen.NotifyOther, Text: "Uitgeschakeld"}))
		rows := outboxRows(t, db)
		if len(rows) != 1 {
			t.Fatalf("%d mails queued; want 1 (no address, disabled user)", len(rows))
		}
		subject, body := kluwen.NotifyActionAssigned.MailText()
		if r := rows[0]; r.to != "wijkagent@politie.example" || r.subject != subject || r.body != body || r.link != "/casussen/1#acties" || r.attempts != 0 {
			t.Errorf("queued %+v", r)
		}

		sys := hhSys()
		hhWantCode(t, func() error { _, err := db.ClaimMails(hhAs(agent), 10, time.Minute); return err }(), kluwen.EFORBIDDEN)
		claimed, err := db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(claimed) != 1 || claimed[0].Attempts != 1 || claimed[0].To != "wijkagent@politie.example" || claimed[0].Link != "/casussen/1#acties" {
			t.Fatalf("claimed %+v", claimed)
		}
		id := claimed[0].ID
		again, err := db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed a leased mail again: %+v", again)
		}
		// The worker died: after the lease another claim gets it, as attempt 2.
		c.advance(2 * time.Minute)
		again, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 1 || again[0].ID != id || again[0].Attempts != 2 {
			t.Fatalf("after the lease: %+v", again)
		}
		retry := c.now().Add(10 * time.Minute)
		hhMust(t, db.MarkMailFailed(sys, id, "451 4.3.0 probeer later", &retry))
		again, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed before its retry time: %+v", again)
		}
		if r := outboxRows(t, db)[0]; r.lastError != "451 4.3.0 probeer later" || r.attempts != 2 || r.sent || r.failed || !r.next.Equal(retry.UTC().Truncate(time.Microsecond)) {
			t.Errorf("after a failure %+v (retry %v)", r, retry)
		}
		c.advance(11 * time.Minute)
		again, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 1 || again[0].Attempts != 3 {
			t.Fatalf("at the retry time: %+v", again)
		}
		hhMust(t, db.MarkMailSent(sys, id))
		c.advance(time.Hour)
		again, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 0 {
			t.Fatalf("claimed a sent mail: %+v", again)
		}
		if r := outboxRows(t, db)[0]; !r.sent || r.failed || r.lastError != "" {
			t.Errorf("sent row %+v", r)
		}

		// Given up.
		hhMust(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyActionOverdue, Text: "Over tijd"}))
		claimed, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(claimed) != 1 {
			t.Fatalf("claimed %d", len(claimed))
		}
		hhMust(t, db.MarkMailFailed(sys, claimed[0].ID, "550 5.1.1 onbekende ontvanger", nil))
		c.advance(48 * time.Hour)
		again, err = db.ClaimMails(sys, 10, time.Minute)
		hhMust(t, err)
		if len(again) != 0 || !outboxRows(t, db)[1].failed {
			t.Errorf("a mail given up was claimed again: %+v", again)
		}

		// A notification that fails its transaction queues nothing.
		before := len(outboxRows(t, db))
		hhWantFields(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyOther, Text: "x", Link: "geen-pad"}), "link")
		if len(outboxRows(t, db)) != before {
			t.Error("mail queued for a refused notification")
		}
	})
}

// TestMailOutboxConcurrentClaims: workers claiming at the same time never get the
// same mail (FOR UPDATE SKIP LOCKED on PostgreSQL, the single writer on SQLite).
func TestMailOutboxConcurrentClaims(t *testing.T) {
	eachWith(t, testdb.Options{MailOutbox: true}, func(t *testing.T, db *sqlstore.DB) {
		w := newCaseworkWorld(t, db)
		agent := w.actors["professional-involved"]
		setEmail(t, db, agent.UserID, "wijkagent@politie.example")
		const total = 60
		for i := 0; i < total; i++ {
			hhMust(t, db.CreateNotification(hhSys(), &kluwen.Notification{UserID: agent.UserID, Kind: kluwen.NotifyOther, Text: "Bericht"}))
		}
		var mu sync.Mutex
		var got []int64
		var wg sync.WaitGroup
		for worker := 0; worker < 4; worker++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					ms, err := db.ClaimMails(hhSys(), 7, time.Hour)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ms) == 0 {
						return
					}
					mu.Lock()
					for _, m := range ms {
						got = append(got, m.ID)
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		slices.Sort(got)
		if len(got) != total || len(slices.Compact(slices.Clone(got))) != total {
			t.Errorf("claimed %d mails, %d distinct; want %d each", len(got), len(slices.Compact(slices.Clone(got))), total)
		}
	})
}
