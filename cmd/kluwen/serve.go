package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/config"
)

func runServe(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "serve", "serve [flags]",
		"Runs the web UI and the JSON API (/api/v1). It migrates the database first and stops\n"+
			"gracefully on SIGINT or SIGTERM. With --demo an empty database is filled with the\n"+
			"synthetic demo municipality first.", config.FlagNames()...)
	cfg, err := load(env, fs, args)
	if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	logger := cfg.NewLogger(env.stderr)
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Demo {
		if err := fillDemo(ctx, env, a, 0); err != nil {
			return err
		}
	}
	handler, err := a.Handler(version)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
	if cfg.BaseURL != "" {
		url = cfg.BaseURL
	}
	// The mail worker stops after the web server, on a context of its own, so
	// that it finishes the mail it is sending.
	worker, err := a.MailWorker(url)
	if err != nil {
		ln.Close()
		return err
	}
	mailCtx, stopMail := context.WithCancel(context.WithoutCancel(ctx))
	defer stopMail()
	mailDone := make(chan struct{})
	if worker != nil {
		go func() {
			defer close(mailDone)
			worker.Run(mailCtx)
		}()
		logger.Info("sending e-mail", "smtp", cfg.SMTPHost, "port", cfg.SMTPPort, "tls", cfg.SMTPTLS)
	} else {
		close(mailDone)
	}
	go housekeeping(ctx, a, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("kluwen is listening", "addr", ln.Addr().String(), "db", string(a.DB.Dialect()), "version", version)
	fmt.Fprintf(env.stdout, "Kluwen is running at %s (stop with Ctrl-C)\n", url)
	select {
	case err := <-errc:
		stopMail()
		<-mailDone
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	stopMail()
	select {
	case <-mailDone:
	case <-sctx.Done():
		logger.Warn("the mail worker did not stop in time")
	}
	logger.Info("stopped")
	return nil
}

// housekeeping removes expired sessions, stale sign-in failures and expired
// uploaded cost files now and then,
// and reminds the owners of actions that have become overdue (the daily check:
// each owner once per action and due date). Several instances may do it at once:
// the deletes are idempotent and a reminder is recorded with its notification.
func housekeeping(ctx context.Context, a *app.App, logger *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	sys := kluwen.NewContextWithActor(ctx, kluwen.SystemActor("housekeeping: overdue actions"))
	for {
		n, err := a.DB.DeleteExpiredSessions(ctx)
		if err != nil && ctx.Err() == nil {
			logger.Warn("removing expired sessions", "err", err)
		} else if n > 0 {
			logger.Debug("removed expired sessions", "count", n)
		}
		if _, err := a.DB.DeleteStaleLoginFailures(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("removing stale sign-in failures", "err", err)
		}
		if n, err := a.DB.DeleteExpiredCostUploads(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("removing expired cost uploads", "err", err)
		} else if n > 0 {
			logger.Debug("removed expired cost uploads", "count", n)
		}
		if n, err := a.DB.RemindOverdueActions(sys); err != nil && ctx.Err() == nil {
			logger.Warn("reminding owners of overdue actions", "err", err)
		} else if n > 0 {
			logger.Info("reminded owners of overdue actions", "count", n)
		}
		// The problem domains of households whose members changed with the date.
		if n, err := a.DB.RefreshProblemDomains(sys); err != nil && ctx.Err() == nil {
			logger.Warn("counting problem domains again", "err", err)
		} else if n > 0 {
			logger.Debug("counted problem domains again", "households", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
