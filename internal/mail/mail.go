// Package mail sends Kluwen's e-mail: an SMTP implementation of kluwen.Mailer
// (net/smtp, STARTTLS by default) and the worker that empties the mail outbox
// (kluwen.MailOutbox) with retries. Mail is plain text and names no case, person
// or household: it only tells a user that something waits for them in Kluwen.
//
// Without a configured host there is no mailer (New answers ErrNotConfigured) and
// the store is opened without its outbox, so no e-mail is queued at all.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/kluwen/kluwen"
)

// TLS modes.
const (
	// TLSStartTLS connects in plain text and upgrades with STARTTLS, which the
	// server must offer (port 587). The default.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (port 465).
	TLSImplicit = "tls"
	// TLSNone sends without encryption: only for a relay on the same host or in a
	// closed network. Credentials are then refused by net/smtp unless the host is
	// localhost.
	TLSNone = "none"
)

// ErrNotConfigured is returned by New when no SMTP host is set: Kluwen then sends
// no e-mail.
var ErrNotConfigured = errors.New("mail: no SMTP host configured")

// Config is the SMTP configuration.
type Config struct {
	Host     string
	Port     int // default 587 (465 for TLSImplicit)
	Username string
	Password string
	From     string // "Kluwen <noreply@example.nl>"
	TLS      string // TLSStartTLS (default), TLSImplicit or TLSNone
	// TLSConfig, when set, is used for the TLS connection (ServerName is filled
	// in); tests use it to trust their own certificate.
	TLSConfig *tls.Config
	Timeout   time.Duration // per message; default 30 s
	HelloName string        // the name given in EHLO; default "localhost"
}

// SMTP sends mail through one SMTP server. It opens a connection per message,
// which suits the trickle of notifications Kluwen sends.
type SMTP struct {
	cfg  Config
	from *mail.Address
}

var _ kluwen.Mailer = (*SMTP)(nil)

// New checks the configuration and returns the mailer, or ErrNotConfigured when
// no host is set.
func New(cfg Config) (*SMTP, error) {
	if strings.TrimSpace(cfg.Host) == "" {
		return nil, ErrNotConfigured
	}
	switch cfg.TLS {
	case "":
		cfg.TLS = TLSStartTLS
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, fmt.Errorf("mail: unknown TLS mode %q (want starttls, tls or none)", cfg.TLS)
	}
	if cfg.Port == 0 {
		cfg.Port = 587
		if cfg.TLS == TLSImplicit {
			cfg.Port = 465
		}
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("mail: port %d out of range", cfg.Port)
	}
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", cfg.From, err)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.HelloName == "" {
		cfg.HelloName = "localhost"
	}
	return &SMTP{cfg: cfg, from: from}, nil
}

func (s *SMTP) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.cfg.TLSConfig != nil {
		c = s.cfg.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = s.cfg.Host
	}
	return c
}

// Send delivers one message. Errors from the server keep their SMTP code
// (*textproto.Error), so that the worker can tell a permanent refusal (5xx) from
// a temporary one.
func (s *SMTP) Send(ctx context.Context, m *kluwen.Mail) error {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return &PermanentError{fmt.Errorf("mail: recipient address: %w", err)}
	}
	msg, err := s.compose(to, m)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect: %w", err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if s.cfg.TLS == TLSImplicit {
		conn = tls.Client(conn, s.tlsConfig())
	}
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fmt.Errorf("mail: greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.HelloName); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if s.cfg.TLS == TLSStartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("mail: the server does not offer STARTTLS; set the TLS mode to none only for a local relay")
		}
		if err := c.StartTLS(s.tlsConfig()); err != nil {
			return fmt.Errorf("mail: STARTTLS: %w", err)
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("mail: authentication: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: end of message: %w", err)
	}
	return c.Quit()
}

// compose writes the message: headers (the subject Q-encoded, no line breaks
// from the data) and the body as quoted-printable UTF-8 text.
func (s *SMTP) compose(to *mail.Address, m *kluwen.Mail) ([]byte, error) {
	var b bytes.Buffer
	id := make([]byte, 12)
	rand.Read(id)
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	header("To", to.String())
	b.WriteString(fold("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject))))
	header("Date", time.Now().Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body := strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// fold writes a header with its value folded at spaces (between words or encoded
// words) so that no line is longer than 78 characters where it can be helped.
func fold(name, value string) string {
	var b strings.Builder
	b.WriteString(name + ":")
	n := len(name) + 1
	for _, w := range strings.Fields(value) {
		if n > 0 && n+1+len(w) > 78 {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteString(" " + w)
		n += 1 + len(w)
	}
	b.WriteString("\r\n")
	return b.String()
}

// oneLine removes control characters (line breaks above all) from a header value.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// PermanentError is a failure that will not go away by trying again (a malformed
// address); the worker gives up on the mail at once.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }
