package sqlstore_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrationSeedsInStep: where a migration seeds data, the seed section (between
// "-- seed:begin" and "-- seed:end") is the same text in both dialects, so the two
// databases start with the same lists.
func TestMigrationSeedsInStep(t *testing.T) {
	files, err := filepath.Glob("migrations/sqlite/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	seeds := 0
	for _, f := range files {
		lite, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pg, err := os.ReadFile(filepath.Join("migrations/postgres", filepath.Base(f)))
		if err != nil {
			t.Errorf("%s has no PostgreSQL counterpart: %v", filepath.Base(f), err)
			continue
		}
		a, okA := seedSection(string(lite))
		b, okB := seedSection(string(pg))
		if okA != okB {
			t.Errorf("%s: a seed section in one dialect only", filepath.Base(f))
			continue
		}
		if okA {
			seeds++
			if a != b {
				t.Errorf("%s: the seed sections differ between the dialects", filepath.Base(f))
			}
		}
	}
	if seeds == 0 {
		t.Error("no seed section found; the markers changed?")
	}
}

func seedSection(s string) (string, bool) {
	_, rest, ok := strings.Cut(s, "-- seed:begin")
	if !ok {
		return "", false
	}
	body, _, ok := strings.Cut(rest, "-- seed:end")
	return body, ok
}
