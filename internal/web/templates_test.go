package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestTemplatesReferenced checks, without running anything, that every page
// template is named by a handler, and that every name a handler renders has a
// template.
func TestTemplatesReferenced(t *testing.T) {
	names, err := pageNames()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	renderRe := regexp.MustCompile(`\.render\([^)]*?,\s*"([a-z_]+)"`)
	used := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range renderRe.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
		if !used[n] {
			t.Errorf("template %s.html is never rendered by a handler", n)
		}
	}
	for n := range used {
		if !have[n] {
			t.Errorf("a handler renders %q, which has no template", n)
		}
	}
	if len(used) < 10 {
		t.Errorf("found only %d rendered names; is the pattern still right?", len(used))
	}
}
