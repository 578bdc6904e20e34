package config_test

import (
	"bytes"
	"encoding/hex"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/config"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func newFlagSet(names ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("kluwen serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	config.Register(fs, names...)
	return fs
}

func TestLoadPrecedence(t *testing.T) {
	defaults := config.Config{DB: "data/kluwen.db", Addr: "127.0.0.1:8080", DataDir: "./data", SecretKeyFile: "data/secret.key", LogLevel: "info", LogFormat: "text", SMTPTLS: "starttls"}
	with := func(f func(c *config.Config)) config.Config {
		c := defaults
		f(&c)
		return c
	}
	for _, tc := range []struct {
		name  string
		flags []string // registered; nil for all
		args  []string
		env   map[string]string
		want  config.Config
	}{
		{name: "defaults", want: defaults},
		{name: "environment", env: map[string]string{
			"KLUWEN_DB": "postgres://kluwen@db:5432/kluwen", "KLUWEN_ADDR": ":9000", "KLUWEN_DATA_DIR": "/var/lib/kluwen",
			"KLUWEN_BASE_URL": "https://kluwen.gemeente.nl/", "KLUWEN_SECRET_KEY_FILE": "/run/secrets/kluwen", "KLUWEN_LOG_LEVEL": "DEBUG",
			"KLUWEN_LOG_FORMAT": "json", "KLUWEN_DEMO": "1", "KLUWEN_TRUST_PROXY": "true",
			"KLUWEN_SMTP_HOST": "smtp.gemeente.nl", "KLUWEN_SMTP_PORT": "465", "KLUWEN_SMTP_USERNAME": "kluwen", "KLUWEN_SMTP_PASSWORD": "geheim",
			"KLUWEN_SMTP_FROM": "Kluwen <noreply@gemeente.nl>", "KLUWEN_SMTP_TLS": "TLS",
		}, want: config.Config{DB: "postgres://kluwen@db:5432/kluwen", Addr: ":9000", DataDir: "/var/lib/kluwen", BaseURL: "https://kluwen.gemeente.nl",
			SecretKeyFile: "/run/secrets/kluwen", LogLevel: "debug", LogFormat: "json", Demo: true, TrustProxy: true,
			SMTPHost: "smtp.gemeente.nl", SMTPPort: 465, SMTPUsername: "kluwen", SMTPPassword: "geheim", SMTPFrom: "Kluwen <noreply@gemeente.nl>", SMTPTLS: "tls"}},
		{name: "flags", args: []string{"--db", "sqlite:/tmp/k.db", "-addr=:8081", "--data-dir", "/srv/k", "--base-url", "http://localhost:8081",
			"--secret-key-file", "/etc/kluwen.key", "--log-level", "warn", "--log-format", "json", "--demo", "--trust-proxy",
			"--smtp-host", "localhost", "--smtp-port", "2525", "--smtp-from", "noreply@kluwen.example", "--smtp-tls", "none", "serve-this"},
			want: config.Config{DB: "sqlite:/tmp/k.db", Addr: ":8081", DataDir: "/srv/k", BaseURL: "http://localhost:8081",
				SecretKeyFile: "/etc/kluwen.key", LogLevel: "warn", LogFormat: "json", Demo: true, TrustProxy: true,
				SMTPHost: "localhost", SMTPPort: 2525, SMTPFrom: "noreply@kluwen.example", SMTPTLS: "none"}},
		{name: "smtp flag wins over environment", args: []string{"--smtp-host", "relay.intern", "--smtp-password", "uit-vlag"},
			env: map[string]string{"KLUWEN_SMTP_HOST": "smtp.gemeente.nl", "KLUWEN_SMTP_PASSWORD": "uit-omgeving", "KLUWEN_SMTP_FROM": "noreply@gemeente.nl"},
			want: with(func(c *config.Config) {
				c.SMTPHost, c.SMTPPassword, c.SMTPFrom = "relay.intern", "uit-vlag", "noreply@gemeente.nl"
			})},
		{name: "flag wins over environment", args: []string{"--addr", ":1", "--demo=false", "--log-level", "error"},
			env:  map[string]string{"KLUWEN_ADDR": ":2", "KLUWEN_DEMO": "true", "KLUWEN_LOG_LEVEL": "debug", "KLUWEN_LOG_FORMAT": "json"},
			want: with(func(c *config.Config) { c.Addr, c.LogLevel, c.LogFormat = ":1", "error", "json" })},
		{name: "derived defaults follow the data dir from the environment", env: map[string]string{"KLUWEN_DATA_DIR": "/var/lib/kluwen"},
			want: with(func(c *config.Config) {
				c.DataDir, c.DB, c.SecretKeyFile = "/var/lib/kluwen", "/var/lib/kluwen/kluwen.db", "/var/lib/kluwen/secret.key"
			})},
		{name: "derived defaults follow the data dir flag over the environment", args: []string{"--data-dir", "d"}, env: map[string]string{"KLUWEN_DATA_DIR": "/e"},
			want: with(func(c *config.Config) { c.DataDir, c.DB, c.SecretKeyFile = "d", "d/kluwen.db", "d/secret.key" })},
		{name: "a set database is not derived", args: []string{"--data-dir", "d"}, env: map[string]string{"KLUWEN_DB": "other.db"},
			want: with(func(c *config.Config) { c.DataDir, c.DB, c.SecretKeyFile = "d", "other.db", "d/secret.key" })},
		{name: "empty environment variables count as unset", env: map[string]string{"KLUWEN_ADDR": "", "KLUWEN_DEMO": ""}, want: defaults},
		{name: "unregistered settings still come from the environment", flags: []string{"db", "data-dir"}, args: []string{"--db", "x.db"},
			env:  map[string]string{"KLUWEN_ADDR": ":7000", "KLUWEN_DB": "y.db"},
			want: with(func(c *config.Config) { c.Addr, c.DB = ":7000", "x.db" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := newFlagSet(tc.flags...)
			c, err := config.Load(fs, tc.args, env(tc.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			want := tc.want
			want.DB, want.SecretKeyFile = filepath.FromSlash(want.DB), filepath.FromSlash(want.SecretKeyFile)
			if !reflect.DeepEqual(*c, want) {
				t.Errorf("config\n got %+v\nwant %+v", *c, want)
			}
		})
	}

	fs := newFlagSet()
	if _, err := config.Load(fs, []string{"--addr", ":1", "migrate", "--force"}, nil); err != nil {
		t.Fatal(err)
	}
	if got := fs.Args(); !reflect.DeepEqual(got, []string{"migrate", "--force"}) {
		t.Errorf("remaining args %v", got)
	}
	if _, err := config.Load(nil, nil, env(map[string]string{"KLUWEN_ADDR": ":1"})); err != nil {
		t.Errorf("Load without flags: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		flags []string
		args  []string
		env   map[string]string
		want  string
	}{
		{"unregistered flag", []string{"db"}, []string{"--addr", ":1"}, nil, "flag provided but not defined: -addr"},
		{"bad boolean flag", nil, []string{"--demo=ja"}, nil, `invalid boolean value "ja" for -demo`},
		{"bad boolean environment", nil, nil, map[string]string{"KLUWEN_TRUST_PROXY": "ja"}, `KLUWEN_TRUST_PROXY: "ja" is not true or false`},
		{"invalid value from the environment", nil, nil, map[string]string{"KLUWEN_LOG_LEVEL": "verbose"}, `log level "verbose": want debug, info, warn or error`},
		{"smtp port not a number", nil, []string{"--smtp-port", "smtp"}, nil, `--smtp-port: "smtp" is not a whole number`},
		{"smtp port not a number in the environment", nil, nil, map[string]string{"KLUWEN_SMTP_PORT": "5 87"}, `KLUWEN_SMTP_PORT: "5 87" is not a whole number`},
		{"smtp host without sender", nil, nil, map[string]string{"KLUWEN_SMTP_HOST": "smtp.gemeente.nl"}, `smtp from: empty`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := config.Load(newFlagSet(tc.flags...), tc.args, env(tc.env))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	valid := config.Config{DB: "data/kluwen.db", Addr: "127.0.0.1:8080", DataDir: "data", SecretKeyFile: "data/secret.key", LogLevel: "info", LogFormat: "text", SMTPTLS: "starttls"}
	smtp := func(host, from string) func(c *config.Config) {
		return func(c *config.Config) { c.SMTPHost, c.SMTPFrom = host, from }
	}
	dir := t.TempDir()
	for _, tc := range []struct {
		name   string
		change func(c *config.Config)
		want   string // "" for valid
	}{
		{"valid", func(c *config.Config) {}, ""},
		{"postgres", func(c *config.Config) { c.DB = "postgres://kluwen:geheim@db.internal:5432/kluwen?sslmode=verify-full" }, ""},
		{"postgresql", func(c *config.Config) { c.DB = "postgresql:///kluwen?host=/var/run/postgresql" }, ""},
		{"sqlite prefix", func(c *config.Config) { c.DB = "sqlite:/var/lib/kluwen/kluwen.db" }, ""},
		{"ipv6 and any address", func(c *config.Config) { c.Addr = "[::1]:8080" }, ""},
		{"all interfaces", func(c *config.Config) { c.Addr = ":8080" }, ""},
		{"http base", func(c *config.Config) { c.BaseURL = "http://localhost:8080" }, ""},
		{"https base", func(c *config.Config) { c.BaseURL = "https://kluwen.gemeente.nl" }, ""},
		{"no port", func(c *config.Config) { c.Addr = "localhost" }, `addr "localhost": want host:port, such as 127.0.0.1:8080 or :8080`},
		{"port out of range", func(c *config.Config) { c.Addr = ":80800" }, `addr ":80800": port "80800" is not a number from 0 to 65535`},
		{"port by name", func(c *config.Config) { c.Addr = "localhost:http" }, `addr "localhost:http": port "http" is not a number from 0 to 65535`},
		{"unknown log level", func(c *config.Config) { c.LogLevel = "verbose" }, `log level "verbose": want debug, info, warn or error`},
		{"unknown log format", func(c *config.Config) { c.LogFormat = "xml" }, `log format "xml": want text or json`},
		{"base url not http", func(c *config.Config) { c.BaseURL = "ftp://kluwen.gemeente.nl" }, `base url "ftp://kluwen.gemeente.nl": want an http:// or https:// URL`},
		{"base url without scheme", func(c *config.Config) { c.BaseURL = "kluwen.gemeente.nl" }, `base url "kluwen.gemeente.nl": want an http:// or https:// URL`},
		{"base url with path", func(c *config.Config) { c.BaseURL = "https://gemeente.nl/kluwen" }, `leave out the path`},
		{"base url with query", func(c *config.Config) { c.BaseURL = "https://gemeente.nl?x=1" }, `want only scheme and host`},
		{"mysql", func(c *config.Config) { c.DB = "mysql://root@localhost/kluwen" }, `db: want a postgres:// URL or a SQLite file path, not another kind of URL`},
		{"bad postgres url hides the password", func(c *config.Config) { c.DB = "postgres://kluwen:geheim@db:port/kluwen" }, `db: not a valid postgres:// URL`},
		{"empty sqlite", func(c *config.Config) { c.DB = "sqlite:" }, `db "sqlite:": want sqlite: followed by a file path`},
		{"directory as database", func(c *config.Config) { c.DB = dir }, `is a directory; want a SQLite file path`},
		{"empty database", func(c *config.Config) { c.DB = "" }, `db: empty`},
		{"empty data dir", func(c *config.Config) { c.DataDir = "" }, `data dir: empty`},
		{"smtp", smtp("smtp.gemeente.nl", "Kluwen <noreply@gemeente.nl>"), ""},
		{"smtp on an ip address", smtp("::1", "noreply@gemeente.nl"), ""},
		{"smtp settings without a host are not used", func(c *config.Config) { c.SMTPFrom, c.SMTPUsername = "niet gebruikt", "x" }, ""},
		{"smtp without sender", smtp("smtp.gemeente.nl", ""), `smtp from: empty`},
		{"smtp with a bad sender", smtp("smtp.gemeente.nl", "noreply at gemeente"), `smtp from "noreply at gemeente": not an e-mail address`},
		{"smtp host with port", smtp("smtp.gemeente.nl:587", "noreply@gemeente.nl"), `smtp host "smtp.gemeente.nl:587": want a host name or IP address, without port`},
		{"smtp host as url", smtp("smtp://smtp.gemeente.nl", "noreply@gemeente.nl"), `smtp host "smtp://smtp.gemeente.nl"`},
		{"smtp port out of range", func(c *config.Config) { c.SMTPPort = 70000 }, `smtp port 70000: want a number from 1 to 65535`},
		{"smtp tls unknown", func(c *config.Config) { c.SMTPTLS = "ssl" }, `smtp tls "ssl": want starttls, tls or none`},
		{"smtp password never shown", func(c *config.Config) { c.SMTPHost, c.SMTPPassword, c.SMTPFrom = "smtp.gemeente.nl", "geheim", "x" }, `smtp from "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := valid
			tc.change(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Validate: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Validate = %v, want %q", err, tc.want)
			case err != nil && (strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "geheim")):
				t.Errorf("Validate = %q: want one line without the password", err)
			}
		})
	}
}

func TestConfigHelpers(t *testing.T) {
	c, err := config.Load(nil, nil, env(map[string]string{"KLUWEN_BASE_URL": "https://kluwen.gemeente.nl", "KLUWEN_LOG_FORMAT": "json", "KLUWEN_LOG_LEVEL": "warn"}))
	if err != nil {
		t.Fatal(err)
	}
	if !c.SecureCookies() || c.Level() != slog.LevelWarn {
		t.Errorf("SecureCookies %v, Level %v", c.SecureCookies(), c.Level())
	}
	var buf bytes.Buffer
	log := c.NewLogger(&buf)
	log.Info("hidden")
	log.Warn("shown", "n", 1)
	if got := buf.String(); strings.Contains(got, "hidden") || !strings.HasPrefix(got, `{"time"`) || !strings.Contains(got, `"msg":"shown"`) {
		t.Errorf("log output %q", got)
	}
	c.BaseURL = "http://localhost:8080"
	if c.SecureCookies() {
		t.Error("http base URL gives secure cookies")
	}
	if c.SMTPConfigured() {
		t.Error("mail configured without an SMTP host")
	}
	c.SMTPHost = "smtp.gemeente.nl"
	if !c.SMTPConfigured() {
		t.Error("mail not configured with an SMTP host")
	}
}

func TestTable(t *testing.T) {
	rows := config.Table()
	if n := reflect.TypeFor[config.Config]().NumField(); len(rows) != n {
		t.Errorf("%d rows for %d settings", len(rows), n)
	}
	fs := newFlagSet()
	for _, r := range rows {
		if want := "KLUWEN_" + strings.ToUpper(strings.ReplaceAll(r.Flag, "-", "_")); r.Env != want {
			t.Errorf("%s: env %s, want %s", r.Flag, r.Env, want)
		}
		if r.Description == "" {
			t.Errorf("%s: no description", r.Flag)
		}
		f := fs.Lookup(r.Flag)
		if f == nil {
			t.Errorf("%s: not registered", r.Flag)
			continue
		}
		if !strings.Contains(f.Usage, r.Env) || (r.Default != "" && r.Default != "false" && !strings.Contains(f.Usage, r.Default)) {
			t.Errorf("%s: usage %q does not name %s and its default", r.Flag, f.Usage, r.Env)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("registering an unknown flag did not panic")
		}
	}()
	config.Register(flag.NewFlagSet("x", flag.ContinueOnError), "no-such-setting")
}

func TestLoadOrCreateSecret(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes")
	}
	dir := filepath.Join(t.TempDir(), "data", "keys")
	path := filepath.Join(dir, "secret.key")
	key, err := config.LoadOrCreateSecret(path)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(key) != 32 || bytes.Equal(key, make([]byte, 32)) {
		t.Fatalf("key %x", key)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700, filepath.Dir(dir): 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %04o, want %04o", p, got, want)
		}
	}
	raw, _ := os.ReadFile(path)
	if string(raw) != hex.EncodeToString(key)+"\n" {
		t.Errorf("file holds %q", raw)
	}
	again, err := config.LoadOrCreateSecret(path)
	if err != nil || !bytes.Equal(again, key) {
		t.Fatalf("reload: %x, %v; want the same key", again, err)
	}
	if _, err := sqlstore.DeriveKeys(key); err != nil {
		t.Errorf("DeriveKeys: %v", err)
	}
	other, err := config.LoadOrCreateSecret(filepath.Join(dir, "other.key"))
	if err != nil || bytes.Equal(other, key) {
		t.Errorf("second key %x, %v: want a different one", other, err)
	}

	// An existing key written by the operator, upper case, without a newline.
	own := filepath.Join(dir, "own.key")
	hexKey := strings.Repeat("AB", 32)
	if err := os.WriteFile(own, []byte("  "+hexKey), 0o400); err != nil {
		t.Fatal(err)
	}
	if got, err := config.LoadOrCreateSecret(own); err != nil || !bytes.Equal(got, bytes.Repeat([]byte{0xab}, 32)) {
		t.Errorf("own key: %x, %v", got, err)
	}

	for _, tc := range []struct {
		name    string
		content string
		mode    os.FileMode
		want    string
	}{
		{"readable by others", hexKey, 0o644, "has mode 0644, open to group or others; make it private: chmod 600 "},
		{"readable by group", hexKey, 0o640, "has mode 0640"},
		{"writable by group", hexKey, 0o620, "has mode 0620"},
		{"too short", hexKey[:62], 0o600, "want 64 hexadecimal characters (32 bytes), found 62 characters"},
		{"too long", hexKey + "00", 0o600, "found 66 characters"},
		{"not hex", strings.Repeat("zz", 32), 0o600, "found other characters"},
		{"empty", "", 0o600, "found 0 characters"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "secret.key")
			if err := os.WriteFile(p, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(p, tc.mode); err != nil {
				t.Fatal(err)
			}
			_, err := config.LoadOrCreateSecret(p)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), p) {
				t.Fatalf("err = %v, want %q naming the file", err, tc.want)
			}
			if strings.Contains(err.Error(), "zz") || strings.Contains(err.Error(), "ABAB") {
				t.Errorf("error echoes the file's content: %v", err)
			}
			// A refused file is left alone.
			if raw, _ := os.ReadFile(p); string(raw) != tc.content {
				t.Errorf("file changed to %q", raw)
			}
		})
	}
	if _, err := config.LoadOrCreateSecret(t.TempDir()); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("directory as key file: %v", err)
	}
}
