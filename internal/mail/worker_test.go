package mail_test

import (
	"context"
	"mime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/mail"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type outboxState struct {
	attempts        int
	sent, failed    bool
	lastError       string
	nextAttemptText string
}

func outboxStates(t *testing.T, db *sqlstore.DB) []outboxState {
	t.Helper()
	rows, err := db.RawDB().Query(`SELECT attempts, sent_at IS NOT NULL, failed_at IS NOT NULL, last_error FROM mail_outbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []outboxState
	for rows.Next() {
		var s outboxState
		if err := rows.Scan(&s.attempts, &s.sent, &s.failed, &s.lastError); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// TestWorker: notifications queue mails in the store; the worker sends them to a
// real SMTP listener over STARTTLS, with the link made absolute and without the
// notification's text; a temporary refusal is retried after the first delay, a
// permanent one given up at once, and a mail that keeps failing is given up
// after MaxAttempts.
func TestWorker(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			clk := &testClock{t: time.Now()}
			opts := testdb.Options{Now: clk.Now, MailOutbox: true}
			var db *sqlstore.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(t, opts)
			} else {
				db = testdb.Postgres(t, opts)
			}
			sys := kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: test"))
			org := &kluwen.Organisation{Name: "Politie Kluwendam", Sector: kluwen.SectorVeiligheid}
			if err := db.CreateOrganisation(sys, org); err != nil {
				t.Fatal(err)
			}
			u := &kluwen.User{Username: "wijkagent", DisplayName: "Wijkagent", Email: "wijkagent@politie.example", OrganisationID: org.ID, Role: kluwen.RoleProfessional}
			if err := db.CreateUser(sys, u, "een lang genoeg wachtwoord"); err != nil {
				t.Fatal(err)
			}
			notify := func(kind kluwen.NotificationKind, link string) {
				t.Helper()
				if err := db.CreateNotification(sys, &kluwen.Notification{UserID: u.ID, Kind: kind, Text: "Huisbezoek bij familie Jansen, Dorpsstraat 1", Link: link}); err != nil {
					t.Fatal(err)
				}
			}
			srv := newSMTPServer(t)
			w := &mail.Worker{Outbox: db, Mailer: mustMailer(t, srv, nil), BaseURL: "https://kluwen.kluwendam.example/", Now: clk.Now, MaxAttempts: 3}

			notify(kluwen.NotifyActionAssigned, "/casussen/7#acties")
			notify(kluwen.NotifyConferenceInvitation, "")
			claimed, sent, err := w.RunOnce(context.Background())
			if err != nil || claimed != 2 || sent != 2 {
				t.Fatalf("RunOnce = %d, %d, %v", claimed, sent, err)
			}
			msgs := srv.messages()
			if len(msgs) != 2 || msgs[0].to[0] != "wijkagent@politie.example" || !msgs[0].tls {
				t.Fatalf("received %+v", msgs)
			}
			h, body := parse(t, msgs[0].data)
			subject, _ := kluwen.NotifyActionAssigned.MailText()
			if got, _ := new(mime.WordDecoder).DecodeHeader(h.Get("Subject")); got != subject {
				t.Errorf("subject %q", got)
			}
			if !strings.Contains(body, "https://kluwen.kluwendam.example/casussen/7#acties") || !strings.Contains(body, "automatisch verstuurd door Kluwen") {
				t.Errorf("body %q", body)
			}
			for _, m := range msgs {
				if strings.Contains(m.data, "Jansen") || strings.Contains(m.data, "Dorpsstraat") {
					t.Errorf("the mail carries the notification's text: %q", m.data)
				}
			}
			if _, body2 := parse(t, msgs[1].data); strings.Contains(body2, "https://") {
				t.Errorf("a mail without a link got one: %q", body2)
			}
			for _, s := range outboxStates(t, db) {
				if !s.sent || s.attempts != 1 {
					t.Errorf("after sending: %+v", s)
				}
			}
			if claimed, _, _ := w.RunOnce(context.Background()); claimed != 0 {
				t.Errorf("claimed %d sent mails again", claimed)
			}

			// A temporary refusal: tried again after the first delay, not before.
			srv.setRcpt(func(int) string { return "451 4.3.0 tijdelijk niet beschikbaar" })
			notify(kluwen.NotifyActionOverdue, "/start")
			if claimed, sent, err := w.RunOnce(context.Background()); err != nil || claimed != 1 || sent != 0 {
				t.Fatalf("RunOnce with a temporary refusal = %d, %d, %v", claimed, sent, err)
			}
			if s := outboxStates(t, db)[2]; s.sent || s.failed || s.attempts != 1 || !strings.Contains(s.lastError, "451") {
				t.Errorf("after a temporary refusal: %+v", s)
			}
			clk.Advance(mail.RetryDelays[0] - time.Second)
			if claimed, _, _ := w.RunOnce(context.Background()); claimed != 0 {
				t.Error("retried before the delay")
			}
			clk.Advance(2 * time.Second)
			if claimed, sent, _ := w.RunOnce(context.Background()); claimed != 1 || sent != 0 {
				t.Errorf("second attempt: %d claimed, %d sent", claimed, sent)
			}
			// The third attempt is the last (MaxAttempts 3): given up.
			clk.Advance(mail.RetryDelays[1] + time.Second)
			if claimed, sent, _ := w.RunOnce(context.Background()); claimed != 1 || sent != 0 {
				t.Errorf("third attempt: %d claimed, %d sent", claimed, sent)
			}
			if s := outboxStates(t, db)[2]; !s.failed || s.attempts != 3 {
				t.Errorf("after the last attempt: %+v", s)
			}
			clk.Advance(24 * time.Hour)
			if claimed, _, _ := w.RunOnce(context.Background()); claimed != 0 {
				t.Error("a mail given up was tried again")
			}

			// A permanent refusal is given up at once.
			srv.setRcpt(func(int) string { return "550 5.1.1 onbekende ontvanger" })
			notify(kluwen.NotifyOther, "")
			w.RunOnce(context.Background())
			if s := outboxStates(t, db)[3]; !s.failed || s.attempts != 1 || !strings.Contains(s.lastError, "550") {
				t.Errorf("after a permanent refusal: %+v", s)
			}

			// The server down: retried later; once it answers again, sent.
			srv.setRcpt(nil)
			down := &mail.Worker{Outbox: db, Mailer: mustMailerAt(t, srv, 1), Now: clk.Now}
			notify(kluwen.NotifyOther, "")
			if claimed, sent, _ := down.RunOnce(context.Background()); claimed != 1 || sent != 0 {
				t.Errorf("with the server down: %d claimed, %d sent", claimed, sent)
			}
			clk.Advance(mail.RetryDelays[0] + time.Second)
			if claimed, sent, _ := w.RunOnce(context.Background()); claimed != 1 || sent != 1 {
				t.Errorf("with the server back: %d claimed, %d sent", claimed, sent)
			}
			if s := outboxStates(t, db)[4]; !s.sent || s.attempts != 2 || s.lastError != "" {
				t.Errorf("sent at the second attempt: %+v", s)
			}
		})
	}
}

// mustMailerAt is a mailer for a port where nothing listens.
func mustMailerAt(t *testing.T, srv *smtpServer, port int) *mail.SMTP {
	return mustMailer(t, srv, func(c *mail.Config) { c.Port = port; c.Timeout = 2 * time.Second })
}
