package sqlstore_test

// Benchmarks of the cost analysis on a bulk-loaded municipality: by default
// 100,000 households and 10,000,000 cost records (KLUWEN_BENCH_HOUSEHOLDS,
// KLUWEN_BENCH_RECORDS set smaller sizes). Loading takes minutes; with
// KLUWEN_BENCH_DIR set the SQLite file is kept there and the PostgreSQL schema
// kept in the test database, and a later run reuses them:
//
//	KLUWEN_BENCH_DIR=/var/tmp/kluwen-bench KLUWEN_TEST_POSTGRES=postgres://… \
//	  go test ./internal/sqlstore -run '^$' -bench 'Portfolio|HouseholdCostOverview' -benchtime 20x -timeout 2h

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func benchEnv(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchSize is the size of the benchmark municipality.
func benchSize() (households, records int) {
	return benchEnv("KLUWEN_BENCH_HOUSEHOLDS", 100_000), benchEnv("KLUWEN_BENCH_RECORDS", 10_000_000)
}

var benchDBs = struct {
	sync.Mutex
	m map[string]*sqlstore.DB
}{m: map[string]*sqlstore.DB{}}

// benchDB opens the loaded benchmark database of a dialect, loading it when it
// is not there yet. Without KLUWEN_BENCH_DIR it lives as long as the benchmark.
func benchDB(b *testing.B, dialect string) *sqlstore.DB {
	b.Helper()
	benchDBs.Lock()
	defer benchDBs.Unlock()
	h, r := benchSize()
	key := fmt.Sprintf("%s-%d-%d", dialect, h, r)
	if db, ok := benchDBs.m[key]; ok {
		return db
	}
	dir := os.Getenv("KLUWEN_BENCH_DIR")
	ctx := context.Background()
	var dsn string
	switch dialect {
	case "sqlite":
		if dir == "" {
			dsn = filepath.Join(b.TempDir(), "bench.db")
		} else {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				b.Fatal(err)
			}
			dsn = filepath.Join(dir, fmt.Sprintf("costs-%d-%d.db", h, r))
		}
	case "postgres":
		base := testdb.PostgresDSN(b)
		schema := fmt.Sprintf("bench_costs_%d_%d", h, r)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		if dir == "" {
			schema = fmt.Sprintf("bench_tmp_%d", os.Getpid())
			b.Cleanup(func() {
				a, _ := sql.Open("pgx", base)
				a.Exec(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`)
				a.Close()
			})
		}
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+schema); err != nil {
			b.Fatal(err)
		}
		u, _ := url.Parse(base)
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	db, err := sqlstore.Open(ctx, sqlstore.Options{DSN: dsn, Keys: testdb.Keys(), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		b.Fatal(err)
	}
	if dir == "" {
		b.Cleanup(func() {
			benchDBs.Lock()
			delete(benchDBs.m, key)
			benchDBs.Unlock()
			db.Close()
		})
	}
	if err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	var n int
	if err := db.RawDB().QueryRow(`SELECT count(*) FROM cost_records`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		st, err := db.BulkLoadCosts(hhSys(), sqlstore.BulkCostSpec{Households: h, Records: r, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("%s: loaded %d households (%d with a case, %d members, %d assessments) in %v, %d records in %v, of which rollups %v (rollup rows: year %d, quarter %d, portfolio %d, total %d); total %v",
			dialect, st.Households, st.Cases, st.Persons, st.Assessments, st.HouseholdTime.Round(1e6), st.Records, st.RecordTime.Round(1e6), st.RollupTime.Round(1e6),
			st.RollupRows[0], st.RollupRows[1], st.RollupRows[2], st.RollupRows[3], st.TotalTime.Round(1e6))
		fmt.Println()
	} else {
		fmt.Printf("%s: reusing %d records\n", dialect, n)
	}
	benchDBs.m[key] = db
	return db
}

func benchAnalyst() context.Context {
	return hhAs(&kluwen.Actor{UserID: 1_000_000, Username: "bench.analist", Role: kluwen.RoleAnalyst, ClientAddr: "192.0.2.9", Purpose: "benchmark"})
}

// BenchmarkPortfolio ranks every household with the concentration curve, per
// wijk and per year: unfiltered, filtered, ranked by partners and by problem
// domains, for one wijk.
func BenchmarkPortfolio(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := benchDB(b, dialect)
			ctx := benchAnalyst()
			for _, c := range []struct {
				name string
				f    kluwen.PortfolioFilter
			}{
				{"all", kluwen.PortfolioFilter{PriceYear: 2024}},
				{"filtered", kluwen.PortfolioFilter{PriceYear: 2024, Sectors: []kluwen.Sector{kluwen.SectorZorg, kluwen.SectorJeugd, kluwen.SectorGemeente},
					Kinds: []kluwen.CostKind{kluwen.KindZorg}, FromYear: 2020, ToYear: 2023}},
				{"by-partners", kluwen.PortfolioFilter{PriceYear: 2024, RankBy: kluwen.RankPartners}},
				// From the kept problem-domain counts of the households with a case.
				{"by-problem-domains", kluwen.PortfolioFilter{PriceYear: 2024, RankBy: kluwen.RankProblemDomains}},
				// Counted from the year rollup instead of the kept counts.
				{"by-partners-filtered", kluwen.PortfolioFilter{PriceYear: 2024, RankBy: kluwen.RankPartners, Kinds: []kluwen.CostKind{kluwen.KindZorg}, FromYear: 2022}},
				{"wijk", kluwen.PortfolioFilter{PriceYear: 2024, Wijk: "Noord"}},
			} {
				b.Run(c.name, func(b *testing.B) {
					var p *kluwen.CostPortfolio
					for i := 0; i < b.N; i++ {
						var err error
						if p, err = db.CostPortfolio(ctx, c.f); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					if c.name == "all" {
						b.Logf("%d households, total %v; top 5%% carry %.1f%%, top 1%% %.1f%%", p.Households, p.Total, p.Curve[2].CostPercent, p.Curve[0].CostPercent)
					}
					if c.name == "by-problem-domains" && len(p.Ranked) > 0 {
						b.Logf("first: %d problem domains, %v; 50th: %d, %v", p.Ranked[0].ProblemDomains, p.Ranked[0].Amount,
							p.Ranked[len(p.Ranked)-1].ProblemDomains, p.Ranked[len(p.Ranked)-1].Amount)
					}
				})
			}
		})
	}
}

// BenchmarkHouseholdCostOverview reads the overview of the household with the
// most records and of a typical one.
func BenchmarkHouseholdCostOverview(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := benchDB(b, dialect)
			rows, err := db.RawDB().Query(`SELECT household_id, sum(record_count) FROM cost_rollup_portfolio GROUP BY household_id ORDER BY 2 DESC, 1`)
			if err != nil {
				b.Fatal(err)
			}
			var ids, counts []int64
			for rows.Next() {
				var id, n int64
				if err := rows.Scan(&id, &n); err != nil {
					b.Fatal(err)
				}
				ids, counts = append(ids, id), append(counts, n)
			}
			rows.Close()
			for _, c := range []struct {
				name string
				i    int
			}{{"heaviest", 0}, {"median", len(ids) / 2}} {
				b.Run(c.name, func(b *testing.B) {
					b.Logf("household %d with %d records", ids[c.i], counts[c.i])
					for i := 0; i < b.N; i++ {
						if _, err := db.HouseholdCostOverview(hhSys(), ids[c.i], kluwen.CostOverviewOptions{PriceYear: 2024}); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCohort follows the cases opened in 2021: the cost course and who pays.
func BenchmarkCohort(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := benchDB(b, dialect)
			f := kluwen.CohortFilter{StartFrom: hhDate("2021-01-01"), StartTo: hhDate("2021-12-31")}
			b.Run("course", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := db.CohortCostCourse(benchAnalyst(), f); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("payers", func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := db.CostPayers(benchAnalyst(), f); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
