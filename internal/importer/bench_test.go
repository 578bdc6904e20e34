package importer_test

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/importer"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func benchEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// eachDB runs fn on a fresh SQLite and PostgreSQL database.
func eachDB(b *testing.B, fn func(b *testing.B, db *sqlstore.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, testdb.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, testdb.Postgres(b)) })
}

// benchCSV is a partner's yearly export of n rows in the Dutch way (semicolons,
// decimal commas, dd-mm-yyyy) over the households first…last, references
// prefixed: as such exports are, every household has a provision or two (an
// item for a life domain) with a row per month of 2024 and a varying quantity.
func benchCSV(n int, first, last int64, prefix string) []byte {
	rng := rand.New(rand.NewSource(int64(n)))
	codes := []string{"POL-HOUR", "POL-INCIDENT", "WMO-SUPPORT-HOUR", "JZ-SUPPORT-HOUR", "REGIE-HOUR", "SHV-CASE", "WONEN-EVICTION"}
	var b bytes.Buffer
	b.Grow(n * 60)
	b.WriteString("Kenmerk;Huishouden;Kostenpost;Aantal;Datum;Leefgebied\n")
	for i := 0; i < n; {
		hh := first + rng.Int63n(last-first+1)
		code, domain := codes[rng.Intn(len(codes))], kluwen.CostLifeDomains[rng.Intn(len(kluwen.CostLifeDomains))]
		for m := 1 + rng.Intn(6); m <= 12 && i < n; m++ {
			fmt.Fprintf(&b, "%s-%d;%d;%s;%d,%d;%02d-%02d-2024;%s\n", prefix, i, hh, code, 1+rng.Intn(8), rng.Intn(10), 1+rng.Intn(28), m, domain)
			i++
		}
	}
	return b.Bytes()
}

// BenchmarkImportCSV imports a file of KLUWEN_BENCH_IMPORT_ROWS rows (by default
// 1,000,000) over KLUWEN_BENCH_HOUSEHOLDS households (100,000): read, checked,
// priced and written with the rollups in one transaction; then the same file
// again, which changes nothing.
func BenchmarkImportCSV(b *testing.B) {
	rows := benchEnv("KLUWEN_BENCH_IMPORT_ROWS", 1_000_000)
	households := benchEnv("KLUWEN_BENCH_HOUSEHOLDS", 100_000)
	eachDB(b, func(b *testing.B, db *sqlstore.DB) {
		st, err := db.BulkLoadCosts(sys(), sqlstore.BulkCostSpec{Households: households, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		var org int64
		if err := db.RawDB().QueryRow(`SELECT id FROM organisations WHERE name = 'Politie Eenheid Bankstad'`).Scan(&org); err != nil {
			b.Fatal(err)
		}
		var last []byte
		b.Run("new", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				data := benchCSV(rows, st.FirstHousehold, st.LastHousehold, fmt.Sprintf("R%d", i))
				last = data
				b.StartTimer()
				tab, err := importer.Read(data, "")
				if err != nil {
					b.Fatal(err)
				}
				res, err := importer.Import(sys(), db, tab, importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: org})
				if err != nil {
					b.Fatal(err)
				}
				if res.Imported != rows {
					b.Fatalf("imported %d of %d", res.Imported, rows)
				}
			}
			b.ReportMetric(float64(rows), "rows/op")
		})
		b.Run("again", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				tab, err := importer.Read(last, "")
				if err != nil {
					b.Fatal(err)
				}
				res, err := importer.Import(sys(), db, tab, importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: org})
				if err != nil {
					b.Fatal(err)
				}
				if res.Unchanged != rows || res.Imported != 0 {
					b.Fatalf("re-import %s", importer.Summary(res))
				}
			}
			b.ReportMetric(float64(rows), "rows/op")
		})
	})
}
