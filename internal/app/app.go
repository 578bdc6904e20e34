// Package app wires Kluwen together from its configuration: the database with its
// keys, the services, and the HTTP handler of the web UI and the API. The command
// line (cmd/kluwen) and the end-to-end tests build Kluwen the same way through it.
package app

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/config"
	"github.com/kluwen/kluwen/internal/demo"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// App is an opened, migrated Kluwen.
type App struct {
	Config   *config.Config
	DB       *sqlstore.DB
	Services kluwen.Services
	Logger   *slog.Logger
	// clock is the store's clock: the real time, except while FillDemo writes
	// the demo's history, when it follows the story's dates.
	clock *demo.Clock
}

// Open loads the secret key, opens the configured database and migrates it.
func Open(ctx context.Context, cfg *config.Config, logger *slog.Logger) (*App, error) {
	master, err := config.LoadOrCreateSecret(cfg.SecretKeyFile)
	if err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	keys, err := sqlstore.DeriveKeys(master)
	if err != nil {
		return nil, fmt.Errorf("secret key: %w", err)
	}
	return OpenWithKeys(ctx, cfg, keys, logger)
}

// OpenWithKeys is Open with the keys given, for tests.
func OpenWithKeys(ctx context.Context, cfg *config.Config, keys sqlstore.Keys, logger *slog.Logger) (*App, error) {
	clock := &demo.Clock{}
	// With a mail server configured, notifications queue their e-mail in the
	// outbox, which the mail worker of `kluwen serve` sends (MailWorker).
	db, err := sqlstore.Open(ctx, sqlstore.Options{DSN: cfg.DB, Keys: keys, Logger: logger, Now: clock.Now, MailOutbox: cfg.SMTPConfigured()})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &App{Config: cfg, DB: db, Services: Services(db), Logger: logger, clock: clock}, nil
}

// Services returns the services db implements.
func Services(db *sqlstore.DB) kluwen.Services {
	return kluwen.Services{
		Organisations: db,
		Users:         db,
		Auth:          db,
		Households:    db,
		Persons:       db,
		Cases:         db,
		Audit:         db,
		Stats:         db,
		Plan:          db,
		Conferences:   db,
		Maatwerk:      db,
		Escalations:   db,
		CostUploads:   db,
		Signals:       db,
		Assessments:   db,
		Timeline:      db,
		Notifications: db,
		MailOutbox:    db,
		CostCatalogue: db,
		Costs:         db,
	}
}

// FillDemo fills an empty database with the synthetic demo municipality. The
// times the store records while it writes the cases' history follow the
// story's dates. The notifications of that history stay in the app: no e-mail
// is queued for them. A town of more than demo.BulkThreshold households is
// written with the store's bulk loader.
func (a *App) FillDemo(ctx context.Context, opt demo.Options) (*demo.Result, error) {
	opt.Clock = a.clock
	if opt.Bulk == nil {
		opt.Bulk = BulkLoader(a.DB)
	}
	defer a.DB.SetMailOutbox(a.DB.SetMailOutbox(false))
	return demo.Generate(ctx, a.Services, opt)
}

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }
