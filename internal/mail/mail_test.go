package mail_test

import (
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/mail"
)

func mustMailer(t *testing.T, srv *smtpServer, mod func(*mail.Config)) *mail.SMTP {
	t.Helper()
	cfg := mail.Config{Host: "127.0.0.1", Port: srv.port(), Username: srv.user, Password: srv.pw,
		From: "Kluwen <noreply@kluwendam.example>", TLSConfig: srv.clientTLS}
	if mod != nil {
		mod(&cfg)
	}
	m, err := mail.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// parse reads a received message: its headers and its decoded body.
func parse(t *testing.T, data string) (netmail.Header, string) {
	t.Helper()
	msg, err := netmail.ReadMessage(strings.NewReader(data))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, data)
	}
	if got := msg.Header.Get("Content-Transfer-Encoding"); got != "quoted-printable" {
		t.Fatalf("transfer encoding %q", got)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return msg.Header, string(body)
}

// TestSendSTARTTLS: a message goes out over STARTTLS with authentication, with
// its Dutch subject and body intact.
func TestSendSTARTTLS(t *testing.T) {
	srv := newSMTPServer(t)
	m := mustMailer(t, srv, nil)
	long := strings.Repeat("Een regel die langer is dan zesenzeventig tekens, met een ë en een é. ", 3)
	err := m.Send(context.Background(), &kluwen.Mail{To: "wijkagent@politie.example", Subject: "Kluwen: uitnodiging voor een casusoverleg — één",
		Body: "Beste collega,\n\n" + long + "\n.\nEen punt alleen op een regel blijft staan."})
	if err != nil {
		t.Fatal(err)
	}
	msgs := srv.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	r := msgs[0]
	if !r.tls || r.authUser != "kluwen" || r.from != "noreply@kluwendam.example" || len(r.to) != 1 || r.to[0] != "wijkagent@politie.example" {
		t.Errorf("envelope %+v", r)
	}
	h, body := parse(t, r.data)
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != "Kluwen: uitnodiging voor een casusoverleg — één" {
		t.Errorf("subject %q (%v)", subject, err)
	}
	if from, _ := h.AddressList("From"); len(from) != 1 || from[0].Name != "Kluwen" || from[0].Address != "noreply@kluwendam.example" {
		t.Errorf("From %v", h.Get("From"))
	}
	if h.Get("Message-ID") == "" || h.Get("Date") == "" || h.Get("Auto-Submitted") != "auto-generated" || !strings.Contains(h.Get("Content-Type"), "utf-8") {
		t.Errorf("headers %v", h)
	}
	// The test server reads lines as text (CRLF becomes LF).
	want := "Beste collega,\n\n" + long + "\n.\nEen punt alleen op een regel blijft staan.\n"
	if body != want {
		t.Errorf("body %q\nwant %q", body, want)
	}
	for _, line := range strings.Split(r.data, "\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters on the wire: %q", len(line), line)
		}
	}
}

// TestSendRefusals: no STARTTLS offered, wrong credentials, a recipient refused,
// a malformed address, a line break in the subject.
func TestSendRefusals(t *testing.T) {
	ctx := context.Background()
	msg := &kluwen.Mail{To: "a@b.example", Subject: "Onderwerp", Body: "Tekst"}

	plain := newSMTPServer(t)
	plain.noTLS = true
	err := mustMailer(t, plain, nil).Send(ctx, msg)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("without STARTTLS: %v", err)
	}
	if len(plain.messages()) != 0 {
		t.Error("sent in plain text")
	}

	srv := newSMTPServer(t)
	err = mustMailer(t, srv, func(c *mail.Config) { c.Password = "fout" }).Send(ctx, msg)
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Errorf("wrong password: %v", err)
	}
	srv.setRcpt(func(int) string { return "550 5.1.1 no such user" })
	err = mustMailer(t, srv, nil).Send(ctx, msg)
	if err == nil || !strings.Contains(err.Error(), "550") {
		t.Errorf("refused recipient: %v", err)
	}
	srv.setRcpt(nil)
	var pe *mail.PermanentError
	if err := mustMailer(t, srv, nil).Send(ctx, &kluwen.Mail{To: "geen adres", Subject: "x", Body: "y"}); !errors.As(err, &pe) {
		t.Errorf("malformed address: %v", err)
	}

	// A line break in the subject does not make a header of its own.
	hhMsg := &kluwen.Mail{To: "a@b.example", Subject: "Hallo\r\nBcc: spion@elders.example", Body: "x"}
	if err := mustMailer(t, srv, nil).Send(ctx, hhMsg); err != nil {
		t.Fatal(err)
	}
	msgs := srv.messages()
	h, _ := parse(t, msgs[len(msgs)-1].data)
	if h.Get("Bcc") != "" || !strings.Contains(h.Get("Subject"), "Bcc") {
		t.Errorf("header injection: %v", h)
	}
	if len(msgs[len(msgs)-1].to) != 1 {
		t.Errorf("recipients %v", msgs[len(msgs)-1].to)
	}
}

func TestNew(t *testing.T) {
	if _, err := mail.New(mail.Config{}); !errors.Is(err, mail.ErrNotConfigured) {
		t.Errorf("no host: %v", err)
	}
	for _, cfg := range []mail.Config{
		{Host: "smtp.example", From: "noreply@example.nl", TLS: "ssl"},
		{Host: "smtp.example", From: "geen adres"},
		{Host: "smtp.example", From: "noreply@example.nl", Port: 70000},
	} {
		if _, err := mail.New(cfg); err == nil {
			t.Errorf("accepted %+v", cfg)
		}
	}
	if _, err := mail.New(mail.Config{Host: "smtp.example", From: "Kluwen <noreply@example.nl>", TLS: mail.TLSImplicit}); err != nil {
		t.Error(err)
	}
}
