package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// runCLI runs kluwen in-process with the given standard input and environment.
func runCLI(t *testing.T, env map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &environment{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut, getenv: func(k string) string { return env[k] }}
	code := run(context.Background(), e, args)
	return code, out.String(), errOut.String()
}

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KLUWEN_DATA_DIR": dir, "KLUWEN_LOG_LEVEL": "warn"}
	steps := []struct {
		name     string
		stdin    string
		args     []string
		code     int
		contains string
	}{
		{"no command", "", nil, 2, ""},
		{"unknown command", "", []string{"frobnicate"}, 2, "unknown command"},
		{"bad configuration", "", []string{"migrate", "--log-level", "verbose"}, 2, "log level"},
		{"help", "", []string{"serve", "--help"}, 0, "KLUWEN_DB"},
		{"migrate", "", []string{"migrate"}, 0, "up to date"},
		{"org add", "", []string{"org", "add", "--name", "Gemeente Teststad", "--sector", "gemeente", "--department", "Procesregie"}, 0, "Added organisation 1"},
		{"org add invalid sector", "", []string{"org", "add", "--name", "X", "--sector", "kerk"}, 1, "sector"},
		{"org list", "", []string{"org", "list"}, 0, "Procesregie"},
		{"user add", "een lang wachtwoord\n", []string{"user", "add", "--username", "beheer", "--name", "Functioneel Beheer", "--org", "Gemeente Teststad", "--role", "admin"}, 0, "Added user beheer"},
		{"user add short password", "kort\n", []string{"user", "add", "--username", "b2", "--name", "B", "--org", "1", "--role", "admin"}, 1, "12 tekens"},
		{"user add unknown org", "een lang wachtwoord\n", []string{"user", "add", "--username", "b3", "--name", "B", "--org", "Nergens", "--role", "admin"}, 2, "no organisation"},
		{"user list", "", []string{"user", "list"}, 0, "beheer"},
		{"user token", "", []string{"user", "token", "beheer", "--label", "test"}, 0, "klw_"},
		{"user tokens", "", []string{"user", "tokens", "beheer"}, 0, "active"},
		{"user revoke-token", "", []string{"user", "revoke-token", "1"}, 0, "revoked"},
		{"user tokens after revoking", "", []string{"user", "tokens", "beheer"}, 0, "revoked"},
		{"user revoke-token bad id", "", []string{"user", "revoke-token", "x"}, 2, "not a token ID"},
		{"user disable", "", []string{"user", "disable", "beheer"}, 0, "disabled"},
		{"user password", "nog een lang wachtwoord\n", []string{"user", "password", "beheer"}, 0, "changed"},
		{"audit export", "", []string{"audit", "export", "--outcome", "success"}, 0, "positie,tijdstip_utc"},
		{"audit verify", "", []string{"audit", "verify"}, 0, "intact"},
	}
	for _, s := range steps {
		code, out, errOut := runCLI(t, env, s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.contains) {
			t.Errorf("%s: exit %d, want %d; output %q does not contain %q", s.name, code, s.code, out+errOut, s.contains)
		}
	}

	// An entry altered in the database is reported with its position.
	db, err := sql.Open("sqlite", filepath.Join(dir, "kluwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{`DROP TRIGGER access_log_no_update`, `UPDATE access_log SET basis = 'vervalst' WHERE position = 2`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	code, out, _ := runCLI(t, env, "", "audit", "verify")
	if code != 1 || !strings.Contains(out, "position 2: altered") {
		t.Errorf("verify after tampering: exit %d, output %q", code, out)
	}
}
