package mail_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/mail"
)

// memOutbox is an outbox in memory.
type memOutbox struct {
	mu          sync.Mutex
	due         []*kluwen.OutboxMail
	sent        []int64
	markCtxDone bool // a mark came with a context that had ended
}

func (o *memOutbox) ClaimMails(ctx context.Context, limit int, lease time.Duration) ([]*kluwen.OutboxMail, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := min(limit, len(o.due))
	out := o.due[:n]
	o.due = o.due[n:]
	return out, nil
}

func (o *memOutbox) MarkMailSent(ctx context.Context, id int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.markCtxDone = o.markCtxDone || ctx.Err() != nil
	o.sent = append(o.sent, id)
	return nil
}

func (o *memOutbox) MarkMailFailed(ctx context.Context, id int64, cause string, retryAt *time.Time) error {
	return nil
}

// slowMailer holds each send until released, and fails a send whose context
// ended.
type slowMailer struct {
	started chan struct{}
	release chan struct{}
}

func (m *slowMailer) Send(ctx context.Context, _ *kluwen.Mail) error {
	m.started <- struct{}{}
	<-m.release
	return ctx.Err()
}

// TestWorkerStopsGracefully: when the worker is stopped while it sends a mail,
// that mail is finished and recorded as sent, the next one is not begun, and Run
// returns.
func TestWorkerStopsGracefully(t *testing.T) {
	out := &memOutbox{due: []*kluwen.OutboxMail{{ID: 1, To: "a@kluwen.example"}, {ID: 2, To: "b@kluwen.example"}}}
	m := &slowMailer{started: make(chan struct{}, 2), release: make(chan struct{})}
	w := &mail.Worker{Outbox: out, Mailer: m, Interval: time.Hour, Log: slog.New(slog.DiscardHandler)}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	<-m.started
	stop()
	close(m.release)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after the stop")
	}
	out.mu.Lock()
	defer out.mu.Unlock()
	if len(out.sent) != 1 || out.sent[0] != 1 || out.markCtxDone {
		t.Errorf("sent %v (recorded with an ended context: %v); want mail 1 finished and recorded", out.sent, out.markCtxDone)
	}
	if len(m.started) != 0 {
		t.Error("a second mail was begun after the stop")
	}
}
