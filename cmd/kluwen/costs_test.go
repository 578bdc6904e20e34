package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCostsCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KLUWEN_DATA_DIR": dir, "KLUWEN_LOG_LEVEL": "warn"}
	file := filepath.Join(dir, "politie.csv")
	csv := "Kenmerk;Huishouden;Kostenpost;Aantal;Datum\nP-1;1;POL-HOUR;1,5;01-03-2024\nP-2;2;POL-INCIDENT;1;02-03-2024\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "zonder-kenmerk.csv")
	if err := os.WriteFile(plain, []byte("Huishouden;Kostenpost;Aantal;Datum\n1;POL-HOUR;2;01-04-2024\n1;POL-HOUR;2;01-04-2024\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "fout.csv")
	if err := os.WriteFile(bad, []byte(csv+"P-3;1;POL-HOUR;1.5;03-03-2024\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"bulk", []string{"costs", "bulk", "--households", "50", "--records", "500"}, 0, "Wrote 50 households"},
		{"import without org", []string{"costs", "import", file}, 2, "--org"},
		{"preview", []string{"costs", "import", file, "--org", "Politie Eenheid Bankstad", "--preview", "5"}, 0, "regel 3: huishouden 2"},
		{"import", []string{"costs", "import", file, "--org", "Politie Eenheid Bankstad"}, 0, "2 geïmporteerd"},
		{"again", []string{"costs", "import", file, "--org", "Politie Eenheid Bankstad"}, 0, "2 al eerder geïmporteerd"},
		{"without references", []string{"costs", "import", plain, "--org", "Politie Eenheid Bankstad"}, 0, "2 geïmporteerd"},
		{"without references again", []string{"costs", "import", plain, "--org", "Politie Eenheid Bankstad"}, 0, "0 geïmporteerd, 2 al eerder geïmporteerd"},
		{"bad row", []string{"costs", "import", bad, "--org", "Politie Eenheid Bankstad"}, 1, "regel 4, Aantal"},
		{"good rows only", []string{"costs", "import", bad, "--org", "Politie Eenheid Bankstad", "--good-rows-only"}, 0, "1 met fouten"},
		{"unknown field", []string{"costs", "import", file, "--org", "1", "--map", "colour=Kleur"}, 2, "unknown field"},
	} {
		code, out, errOut := runCLI(t, env, "", s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.contains) {
			t.Errorf("%s: exit %d, want %d; output %q does not contain %q", s.name, code, s.code, out+errOut, s.contains)
		}
	}
}
