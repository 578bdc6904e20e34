package mail

import (
	"context"
	"errors"
	"log/slog"
	"net/textproto"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// Worker empties the mail outbox: it claims the mails that are due, sends them
// and reports back, trying a failed mail again later (RetryDelays) until it has
// had MaxAttempts attempts. A server that refuses a mail permanently (an SMTP 5xx
// answer) is not asked again. Several workers — one per Kluwen instance — may run
// against one database: a claim is a lease that no other worker takes.
type Worker struct {
	Outbox  kluwen.MailOutbox
	Mailer  kluwen.Mailer
	BaseURL string        // e.g. "https://kluwen.example.nl"; the mail's link is appended
	Batch   int           // mails per claim; default 10
	Lease   time.Duration // how long a claim holds; default 5 minutes
	// Interval is the pause between rounds when the outbox is empty; default 30 s.
	Interval    time.Duration
	MaxAttempts int // default len(RetryDelays)+1
	Log         *slog.Logger
	Now         func() time.Time
}

// RetryDelays are the waits after the first, second, … failed attempt.
var RetryDelays = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour}

func (w *Worker) defaults() {
	if w.Batch <= 0 {
		w.Batch = 10
	}
	if w.Lease <= 0 {
		w.Lease = 5 * time.Minute
	}
	if w.Interval <= 0 {
		w.Interval = 30 * time.Second
	}
	if w.MaxAttempts <= 0 {
		w.MaxAttempts = len(RetryDelays) + 1
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	if w.Now == nil {
		w.Now = time.Now
	}
}

// Run works until ctx ends: a round, then at once another while mails were due,
// or a pause of Interval. When ctx ends it stops gracefully: the mail being sent
// is finished (within the mailer's own timeout) and recorded, the rest of the
// claimed batch is left for the next round once its lease runs out.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	for {
		n, _, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("mail outbox", "err", err)
		}
		wait := w.Interval
		if n > 0 && err == nil {
			wait = 0
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// RunOnce claims one batch of due mails and sends them. It returns how many it
// claimed and how many of those were sent.
func (w *Worker) RunOnce(ctx context.Context) (claimed, sent int, err error) {
	w.defaults()
	ctx = kluwen.NewContextWithActor(ctx, kluwen.SystemActor("worker: e-mail"))
	mails, err := w.Outbox.ClaimMails(ctx, w.Batch, w.Lease)
	if err != nil {
		return 0, 0, err
	}
	// A mail once begun is sent and recorded even when ctx ends meanwhile: an
	// aborted send that the server took after all would be sent again.
	work := context.WithoutCancel(ctx)
	for _, m := range mails {
		if ctx.Err() != nil {
			return len(mails), sent, ctx.Err() // the leases run out; another round sends them
		}
		sendErr := w.Mailer.Send(work, &kluwen.Mail{To: m.To, Subject: m.Subject, Body: w.body(m)})
		if sendErr == nil {
			if err := w.Outbox.MarkMailSent(work, m.ID); err != nil {
				return len(mails), sent, err
			}
			sent++
			w.Log.Info("mail sent", "mail", m.ID, "attempt", m.Attempts)
			continue
		}
		var retryAt *time.Time
		if !permanent(sendErr) && m.Attempts < w.MaxAttempts {
			d := RetryDelays[min(m.Attempts, len(RetryDelays))-1]
			t := w.Now().Add(d)
			retryAt = &t
		}
		w.Log.Warn("mail not sent", "mail", m.ID, "attempt", m.Attempts, "retry", retryAt != nil, "err", sendErr)
		if err := w.Outbox.MarkMailFailed(work, m.ID, sendErr.Error(), retryAt); err != nil {
			return len(mails), sent, err
		}
	}
	return len(mails), sent, nil
}

// body is the mail's text with the full address of its link and a footer.
func (w *Worker) body(m *kluwen.OutboxMail) string {
	var b strings.Builder
	b.WriteString(m.Body)
	if m.Link != "" && w.BaseURL != "" {
		b.WriteString("\n\n")
		b.WriteString(strings.TrimRight(w.BaseURL, "/") + m.Link)
	}
	b.WriteString("\n\n-- \nDit bericht is automatisch verstuurd door Kluwen. U kunt er niet op antwoorden.\n")
	return b.String()
}

// permanent reports whether a send error will not go away by trying again.
func permanent(err error) bool {
	var pe *PermanentError
	if errors.As(err, &pe) {
		return true
	}
	var te *textproto.Error
	return errors.As(err, &te) && te.Code >= 500 && te.Code < 600
}
