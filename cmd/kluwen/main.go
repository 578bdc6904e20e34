// Command kluwen runs Kluwen: the web UI and API (serve), and the operator's tasks
// on the command line (migrate, demo, user, org, audit).
//
// Every flag has an environment variable (KLUWEN_DB for --db, …). Bad usage or
// configuration prints a one-line reason and exits with status 2; a task that
// fails exits with 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/config"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *environment, args []string) error
}

// environment is what a command reads and writes, so tests can run commands
// in-process.
type environment struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError is bad usage or configuration: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func commands() []command {
	return []command{
		{"serve", "run the web UI and the API", runServe},
		{"migrate", "bring the database schema up to date", runMigrate},
		{"demo", "fill an empty database with the synthetic demo municipality", runDemo},
		{"user", "manage users: add, list, disable, enable, password, token", runUser},
		{"org", "manage partner organisations: add, list", runOrg},
		{"audit", "the access log: verify the chain, export as CSV", runAudit},
		{"costs", "cost records: import a partner's CSV or XLSX file; bulk-load a synthetic town", runCosts},
		{"version", "print the version", func(_ context.Context, env *environment, _ []string) error {
			fmt.Fprintln(env.stdout, "kluwen", version)
			return nil
		}},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &environment{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, env, os.Args[1:]))
}

// run runs the command line args and returns the exit status.
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(env.stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, &ue):
			fmt.Fprintf(env.stderr, "kluwen %s: %s\n", c.name, ue.msg)
			return 2
		default:
			fmt.Fprintf(env.stderr, "kluwen %s: %s\n", c.name, describe(err))
			return 1
		}
	}
	fmt.Fprintf(env.stderr, "kluwen: unknown command %q (see kluwen --help)\n", args[0])
	return 2
}

// describe renders an error for the operator: the safe message and the fields of
// a domain error, the cause of others.
func describe(err error) string {
	var ke *kluwen.Error
	if errors.As(err, &ke) {
		s := ke.Message
		if s == "" && ke.Cause != nil {
			s = ke.Cause.Error()
		}
		for _, f := range ke.Fields {
			s += fmt.Sprintf(" [%s: %s]", f.Field, f.Message)
		}
		return s
	}
	return err.Error()
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Kluwen: one shared picture of multi-problem households for the partners who work on them.")
	fmt.Fprintln(w, "\nUsage: kluwen <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun kluwen <command> --help for its flags. Every flag also reads an environment variable:")
	for _, r := range config.Table() {
		def := r.Default
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(w, "  --%-16s %-24s default %s\n", r.Flag, r.Env, def)
	}
}

// newFlags makes the flag set of a (sub)command with the named settings and a
// --help that prints the synopsis, the description and every flag.
func newFlags(env *environment, name, synopsis, description string, settings ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	if len(settings) > 0 {
		config.Register(fs, settings...)
	}
	fs.Usage = func() {
		w := env.stdout
		fmt.Fprintf(w, "Usage: kluwen %s\n\n%s\n\nFlags:\n", synopsis, description)
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(env.stderr)
	}
	return fs
}

// dbSettings are the settings every command that opens the database takes.
var dbSettings = []string{"db", "data-dir", "secret-key-file", "log-level", "log-format"}

// load parses args and returns the configuration; a bad flag or setting is a
// usage error.
func load(env *environment, fs *flag.FlagSet, args []string) (*config.Config, error) {
	cfg, err := config.Load(fs, args, env.getenv)
	if errors.Is(err, flag.ErrHelp) {
		return nil, err
	}
	if err != nil {
		return nil, usagef("%v", err)
	}
	return cfg, nil
}

// open loads the configuration and opens the migrated database.
func open(ctx context.Context, env *environment, fs *flag.FlagSet, args []string) (*app.App, error) {
	cfg, err := load(env, fs, args)
	if err != nil {
		return nil, err
	}
	logger := cfg.NewLogger(env.stderr)
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	return a, nil
}

// systemContext is the context of an operator task on the command line.
func systemContext(ctx context.Context, purpose string) context.Context {
	return kluwen.NewContextWithActor(ctx, kluwen.SystemActor("cli: kluwen "+purpose))
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var _ = slog.Default
var _ = strings.TrimSpace
