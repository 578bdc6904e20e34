package app

import (
	"net/url"

	"github.com/kluwen/kluwen/internal/mail"
)

// MailWorker returns the worker that sends the mail outbox over the configured
// SMTP server, with links made from baseURL (the public URL, or the listening
// address when none is configured); nil when no SMTP host is configured, and
// Kluwen sends no e-mail.
func (a *App) MailWorker(baseURL string) (*mail.Worker, error) {
	c := a.Config
	if !c.SMTPConfigured() {
		return nil, nil
	}
	hello := ""
	if u, err := url.Parse(c.BaseURL); err == nil && c.BaseURL != "" {
		hello = u.Hostname()
	}
	sender, err := mail.New(mail.Config{
		Host:      c.SMTPHost,
		Port:      c.SMTPPort,
		Username:  c.SMTPUsername,
		Password:  c.SMTPPassword,
		From:      c.SMTPFrom,
		TLS:       c.SMTPTLS,
		HelloName: hello,
	})
	if err != nil {
		return nil, err
	}
	return &mail.Worker{Outbox: a.DB, Mailer: sender, BaseURL: baseURL, Log: a.Logger}, nil
}
