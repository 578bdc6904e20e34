// Package config is the configuration of the kluwen binary: its settings, their
// defaults, loading them from flags and the environment, validating them, and the
// secret key file.
//
// Every setting has a flag (--data-dir) and an environment variable
// (KLUWEN_DATA_DIR). A flag given on the command line wins over the environment,
// the environment over the default. Each subcommand registers only the flags it
// uses (Register), but Load fills in every setting, so that what a subcommand
// does not take as a flag still comes from the environment or the default.
//
// The package imports only the standard library; cmd/kluwen wires the result
// into the other packages (sqlstore.DeriveKeys for the secret, for example).
package config

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// Config is the configuration of one run of kluwen.
type Config struct {
	// DB is the database: a PostgreSQL URL (postgres://…) or a SQLite file path,
	// optionally prefixed sqlite:. Default: <DataDir>/kluwen.db.
	DB string
	// Addr is the address the web server listens on.
	Addr string
	// DataDir holds the SQLite database, the secret key and other files.
	DataDir string
	// BaseURL is the public URL of Kluwen, if it is behind a proxy or has a name
	// of its own. An https URL makes cookies Secure with the __Host- prefix.
	BaseURL string
	// SecretKeyFile holds the master key (see LoadOrCreateSecret). Default:
	// <DataDir>/secret.key.
	SecretKeyFile string
	// LogLevel is debug, info, warn or error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
	// Demo runs Kluwen with the synthetic demo municipality.
	Demo bool
	// TrustProxy takes the client address from X-Forwarded-For; only behind a
	// reverse proxy that sets it.
	TrustProxy bool
	// ThemeCSS is a CSS file with a municipality's NL Design System tokens, served
	// instead of the default theme; ThemeClass is the class they are scoped to.
	ThemeCSS   string
	ThemeClass string
	// SMTPHost is the mail server for e-mail notifications; without it Kluwen
	// sends no e-mail (notifications stay in the app).
	SMTPHost string
	// SMTPPort is its port; 0 means 587, or 465 with SMTPTLS "tls".
	SMTPPort int
	// SMTPUsername and SMTPPassword sign in to the mail server, when it asks.
	SMTPUsername string
	SMTPPassword string
	// SMTPFrom is the sender, such as "Kluwen <noreply@gemeente.nl>"; required
	// with SMTPHost.
	SMTPFrom string
	// SMTPTLS is starttls (the default), tls (from the first byte) or none (only
	// for a relay on the same host or in a closed network).
	SMTPTLS string
}

// Row is one setting as shown in the configuration table of the README and of
// --help.
type Row struct {
	Flag        string // without dashes: "data-dir"
	Env         string // "KLUWEN_DATA_DIR"
	Default     string // as shown; "" when there is none
	Description string
}

// setting is a Row with how it is stored in a Config.
type setting struct {
	Row
	isBool bool
	set    func(c *Config, v string) error
}

func str(field func(c *Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = v; return nil }
}

func integer(field func(c *Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", v)
		}
		*field(c) = n
		return nil
	}
}

func boolean(field func(c *Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*field(c) = b
		return nil
	}
}

// Defaults that are not derived from another setting.
const (
	DefaultAddr      = "127.0.0.1:8080"
	DefaultDataDir   = "./data"
	DefaultLogLevel  = "info"
	DefaultLogFormat = "text"
	DefaultSMTPTLS   = "starttls"
)

// settings lists every setting in the order of the table. A default derived from
// the data directory is resolved in Load and shown as a placeholder.
func settings() []setting {
	return []setting{
		{Row: Row{"db", "KLUWEN_DB", "<data-dir>/kluwen.db", "database: a PostgreSQL URL (postgres://…) or a SQLite file path"},
			set: str(func(c *Config) *string { return &c.DB })},
		{Row: Row{"addr", "KLUWEN_ADDR", DefaultAddr, "address the web server listens on (host:port)"},
			set: str(func(c *Config) *string { return &c.Addr })},
		{Row: Row{"data-dir", "KLUWEN_DATA_DIR", DefaultDataDir, "directory for the SQLite database, the secret key and other files"},
			set: str(func(c *Config) *string { return &c.DataDir })},
		{Row: Row{"base-url", "KLUWEN_BASE_URL", "", "public URL, such as https://kluwen.gemeente.nl; https makes cookies Secure (__Host-)"},
			set: str(func(c *Config) *string { return &c.BaseURL })},
		{Row: Row{"secret-key-file", "KLUWEN_SECRET_KEY_FILE", "<data-dir>/secret.key", "file with the master key (64 hex characters, mode 0600); created when missing"},
			set: str(func(c *Config) *string { return &c.SecretKeyFile })},
		{Row: Row{"log-level", "KLUWEN_LOG_LEVEL", DefaultLogLevel, "debug, info, warn or error"},
			set: str(func(c *Config) *string { return &c.LogLevel })},
		{Row: Row{"log-format", "KLUWEN_LOG_FORMAT", DefaultLogFormat, "text or json"},
			set: str(func(c *Config) *string { return &c.LogFormat })},
		{Row: Row{"demo", "KLUWEN_DEMO", "false", "run with the synthetic demo municipality (never real people)"},
			isBool: true, set: boolean(func(c *Config) *bool { return &c.Demo })},
		{Row: Row{"trust-proxy", "KLUWEN_TRUST_PROXY", "false", "take the client address from X-Forwarded-For (only behind a reverse proxy that sets it)"},
			isBool: true, set: boolean(func(c *Config) *bool { return &c.TrustProxy })},
		{Row: Row{"theme-css", "KLUWEN_THEME_CSS", "", "CSS file with a municipality's NL Design System tokens, instead of the default theme"},
			set: str(func(c *Config) *string { return &c.ThemeCSS })},
		{Row: Row{"theme-class", "KLUWEN_THEME_CLASS", "", "the CSS class the tokens of --theme-css are scoped to, such as utrecht-theme"},
			set: str(func(c *Config) *string { return &c.ThemeClass })},
		{Row: Row{"smtp-host", "KLUWEN_SMTP_HOST", "", "mail server for e-mail notifications; without it Kluwen sends no e-mail"},
			set: str(func(c *Config) *string { return &c.SMTPHost })},
		{Row: Row{"smtp-port", "KLUWEN_SMTP_PORT", "587", "port of the mail server (465 with --smtp-tls tls)"},
			set: integer(func(c *Config) *int { return &c.SMTPPort })},
		{Row: Row{"smtp-username", "KLUWEN_SMTP_USERNAME", "", "user name at the mail server, when it asks for one"},
			set: str(func(c *Config) *string { return &c.SMTPUsername })},
		{Row: Row{"smtp-password", "KLUWEN_SMTP_PASSWORD", "", "password at the mail server; give it in the environment rather than as a flag"},
			set: str(func(c *Config) *string { return &c.SMTPPassword })},
		{Row: Row{"smtp-from", "KLUWEN_SMTP_FROM", "", "sender of the e-mail, such as \"Kluwen <noreply@gemeente.nl>\"; required with --smtp-host"},
			set: str(func(c *Config) *string { return &c.SMTPFrom })},
		{Row: Row{"smtp-tls", "KLUWEN_SMTP_TLS", DefaultSMTPTLS, "starttls, tls (from the first byte, port 465) or none (only for a relay on the same host)"},
			set: str(func(c *Config) *string { return &c.SMTPTLS })},
	}
}

// Table returns every setting with its flag, environment variable, default and
// description, for the README and --help.
func Table() []Row {
	ss := settings()
	rows := make([]Row, len(ss))
	for i, s := range ss {
		rows[i] = s.Row
	}
	return rows
}

// FlagNames returns the names of every flag, for a subcommand that takes them all.
func FlagNames() []string {
	ss := settings()
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Flag
	}
	return names
}

// flagValue holds what was given on the command line, as text; Load parses it
// the same way as the environment.
type flagValue struct {
	s      string
	isBool bool
}

func (v *flagValue) String() string { return v.s }

func (v *flagValue) Set(s string) error {
	if v.isBool {
		if _, err := strconv.ParseBool(s); err != nil {
			return errors.New("want true or false")
		}
	}
	v.s = s
	return nil
}

func (v *flagValue) IsBoolFlag() bool { return v.isBool }

// Register defines on fs the flags of the named settings ("db", "addr", …; see
// Table), so that a subcommand offers only the flags it uses. Without names it
// defines them all. An unknown name is a programming error and panics.
func Register(fs *flag.FlagSet, names ...string) {
	ss := settings()
	if len(names) == 0 {
		names = FlagNames()
	}
	for _, name := range names {
		i := index(ss, name)
		if i < 0 {
			panic("config: unknown setting " + name)
		}
		s := ss[i]
		usage := s.Description + " (env " + s.Env
		if s.Default != "" && !s.isBool {
			usage += ", default " + s.Default
		}
		fs.Var(&flagValue{isBool: s.isBool}, s.Flag, usage+")")
	}
}

func index(ss []setting, name string) int {
	for i, s := range ss {
		if s.Flag == name {
			return i
		}
	}
	return -1
}

// Load parses args with fs (on which Register defined the subcommand's flags)
// and returns the configuration: for each setting the flag when it was given,
// else the environment variable when it is not empty, else the default. getenv
// is os.Getenv in main; nil means an empty environment. The result is validated.
// fs may be nil for a command without flags; fs.Args() holds what follows the
// flags.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (*Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	given := map[string]string{}
	if fs != nil {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		fs.Visit(func(f *flag.Flag) {
			if v, ok := f.Value.(*flagValue); ok {
				given[f.Name] = v.s
			}
		})
	}
	c := &Config{Addr: DefaultAddr, DataDir: DefaultDataDir, LogLevel: DefaultLogLevel, LogFormat: DefaultLogFormat, SMTPTLS: DefaultSMTPTLS}
	for _, s := range settings() {
		if v, ok := given[s.Flag]; ok {
			if err := s.set(c, v); err != nil {
				return nil, fmt.Errorf("--%s: %w", s.Flag, err)
			}
		} else if v := getenv(s.Env); v != "" {
			if err := s.set(c, v); err != nil {
				return nil, fmt.Errorf("%s: %w", s.Env, err)
			}
		}
	}
	if c.DB == "" && c.DataDir != "" {
		c.DB = filepath.Join(c.DataDir, "kluwen.db")
	}
	if c.SecretKeyFile == "" && c.DataDir != "" {
		c.SecretKeyFile = filepath.Join(c.DataDir, "secret.key")
	}
	c.LogLevel = strings.ToLower(c.LogLevel)
	c.LogFormat = strings.ToLower(c.LogFormat)
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	c.SMTPHost = strings.TrimSpace(c.SMTPHost)
	c.SMTPTLS = strings.ToLower(c.SMTPTLS)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

var urlScheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*://`)

// Validate checks c and returns the first problem as one line that names the
// setting, such as `log level "verbose": want debug, info, warn or error`.
func (c *Config) Validate() error {
	switch {
	case c.DataDir == "":
		return errors.New("data dir: empty")
	case c.SecretKeyFile == "":
		return errors.New("secret key file: empty")
	}
	if err := validateDB(c.DB); err != nil {
		return err
	}
	if err := validateAddr(c.Addr); err != nil {
		return err
	}
	if err := validateBaseURL(c.BaseURL); err != nil {
		return err
	}
	if _, ok := levels[c.LogLevel]; !ok {
		return fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("log format %q: want text or json", c.LogFormat)
	}
	return c.validateSMTP()
}

// validateSMTP checks the mail settings. Without a host they are not used, but
// a port or TLS mode that can never work is still refused.
func (c *Config) validateSMTP() error {
	switch c.SMTPTLS {
	case "starttls", "tls", "none":
	default:
		return fmt.Errorf("smtp tls %q: want starttls, tls or none", c.SMTPTLS)
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		return fmt.Errorf("smtp port %d: want a number from 1 to 65535", c.SMTPPort)
	}
	if c.SMTPHost == "" {
		return nil
	}
	if strings.ContainsAny(c.SMTPHost, " /@") || (strings.Contains(c.SMTPHost, ":") && net.ParseIP(c.SMTPHost) == nil) {
		return fmt.Errorf("smtp host %q: want a host name or IP address, without port (see smtp port)", c.SMTPHost)
	}
	if strings.TrimSpace(c.SMTPFrom) == "" {
		return errors.New("smtp from: empty; with an smtp host, give the sender, such as \"Kluwen <noreply@gemeente.nl>\"")
	}
	if _, err := mail.ParseAddress(c.SMTPFrom); err != nil {
		return fmt.Errorf("smtp from %q: not an e-mail address, such as \"Kluwen <noreply@gemeente.nl>\"", c.SMTPFrom)
	}
	return nil
}

// SMTPConfigured reports whether Kluwen sends e-mail: a mail server is set.
func (c *Config) SMTPConfigured() bool { return c.SMTPHost != "" }

func validateDB(dsn string) error {
	switch {
	case dsn == "":
		return errors.New("db: empty; give a postgres:// URL or a SQLite file path")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := url.Parse(dsn); err != nil {
			// The URL may hold a password: name only the kind of problem.
			return errors.New("db: not a valid postgres:// URL")
		}
	case strings.HasPrefix(dsn, "sqlite:"):
		if p := strings.TrimPrefix(dsn, "sqlite:"); p == "" || urlScheme.MatchString(p) {
			return fmt.Errorf("db %q: want sqlite: followed by a file path", dsn)
		}
	case urlScheme.MatchString(dsn):
		return errors.New("db: want a postgres:// URL or a SQLite file path, not another kind of URL")
	default:
		if fi, err := os.Stat(dsn); err == nil && fi.IsDir() {
			return fmt.Errorf("db %q: is a directory; want a SQLite file path", dsn)
		}
	}
	return nil
}

func validateAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("addr %q: want host:port, such as %s or :8080", addr, DefaultAddr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("addr %q: port %q is not a number from 0 to 65535", addr, port)
	}
	if strings.ContainsAny(host, " /") {
		return fmt.Errorf("addr %q: %q is not a host name or IP address", addr, host)
	}
	return nil
}

func validateBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("base url %q: not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("base url %q: want an http:// or https:// URL", s)
	case u.Host == "":
		return fmt.Errorf("base url %q: no host", s)
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("base url %q: want only scheme and host, such as https://kluwen.gemeente.nl", s)
	case u.Path != "" && u.Path != "/":
		return fmt.Errorf("base url %q: Kluwen is served from the root of its host; leave out the path", s)
	}
	return nil
}

var levels = map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}

// SecureCookies reports whether Kluwen is reached over https (BaseURL), so that
// cookies are Secure and take the __Host- prefix.
func (c *Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }

// Level is LogLevel as a slog level.
func (c *Config) Level() slog.Level { return levels[c.LogLevel] }

// NewLogger returns the application logger writing to w in LogFormat at LogLevel.
func (c *Config) NewLogger(w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.Level()}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// SecretKeyLen is the length of the master key in bytes.
const SecretKeyLen = 32

// LoadOrCreateSecret returns the master key in the file at path: 64 hexadecimal
// characters (32 bytes), surrounding white space allowed. When the file does not
// exist it is created with a new random key, mode 0600, in a directory created
// with mode 0700. A file that group or others may read or write is refused: the
// key protects the BSNs and the access log. Derive the store's keys from the
// result with sqlstore.DeriveKeys.
//
// Keep a copy of the key with the backups: without it, stored BSNs cannot be
// read and the access log cannot be verified.
func LoadOrCreateSecret(path string) ([]byte, error) {
	if path == "" {
		return nil, errors.New("secret key file: no path")
	}
	key, err := readSecret(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = createSecret(path)
		if errors.Is(err, fs.ErrExist) { // another instance made it just now
			key, err = readSecret(path)
		}
	}
	return key, err
}

func readSecret(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("secret key file %s: not a regular file", path)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return nil, fmt.Errorf("secret key file %s has mode %04o, open to group or others; make it private: chmod 600 %s", path, perm, path)
	}
	raw, err := io.ReadAll(io.LimitReader(f, 1024))
	if err != nil {
		return nil, fmt.Errorf("secret key file %s: %w", path, err)
	}
	raw = bytes.TrimSpace(raw)
	key := make([]byte, SecretKeyLen)
	if len(raw) != 2*SecretKeyLen {
		return nil, fmt.Errorf("secret key file %s: want %d hexadecimal characters (%d bytes), found %d characters", path, 2*SecretKeyLen, SecretKeyLen, len(raw))
	}
	if _, err := hex.Decode(key, raw); err != nil {
		// Never echo the content: it may be a key after all.
		return nil, fmt.Errorf("secret key file %s: want %d hexadecimal characters (%d bytes), found other characters", path, 2*SecretKeyLen, SecretKeyLen)
	}
	return key, nil
}

func createSecret(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("secret key file: %w", err)
	}
	key := make([]byte, SecretKeyLen)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	// O_EXCL: never overwrite a key another instance has just written.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.WriteString(hex.EncodeToString(key) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("secret key file %s: %w", path, err)
	}
	return key, nil
}
