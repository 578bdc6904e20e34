package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// BenchmarkCohortOutcomes follows a cohort of KLUWEN_BENCH_COHORT cases (by
// default 5,000) opened in 2021, whose households have two members assessed in
// all domains four times each: the cohort course with its outcomes per quarter.
//
//	KLUWEN_TEST_POSTGRES=postgres://… go test ./internal/sqlstore -run '^$' -bench CohortOutcomes -benchtime 10x
func BenchmarkCohortOutcomes(b *testing.B) {
	n := benchEnv("KLUWEN_BENCH_COHORT", 5000)
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var db *sqlstore.DB
			if dialect == "sqlite" {
				db = testdb.SQLite(b)
			} else {
				db = testdb.Postgres(b)
			}
			var org, user int64
			stamp := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			if err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO organisations (name, sector, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`),
				"Gemeente", "gemeente", stamp, stamp).Scan(&org); err != nil {
				b.Fatal(err)
			}
			if err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO users (username, display_name, email, organisation_id, role, password_hash, disabled, created_at, updated_at)
				VALUES (?, ?, '', ?, ?, 'placeholder', ?, ?, ?) RETURNING id`), "reg", "Regisseur", org, "regisseur", false, stamp, stamp).Scan(&user); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			err := db.BulkLoad(hhSys(), func(bt *sqlstore.BulkTx) error {
				for i := range n {
					h := &kluwen.Household{Street: "Cohortlaan", HouseNumber: i + 1, Postcode: "1234 AB", City: "Kluwendam", Wijk: "Noord", RegisteredByOrgID: org}
					if err := bt.Household(h); err != nil {
						return err
					}
					opened := time.Date(2021, time.Month(i%12+1), i%28+1, 10, 0, 0, 0, time.UTC)
					if err := bt.Case(&kluwen.Case{HouseholdID: h.ID, Title: "Cohort", RegisseurID: user, OpenedAt: opened}); err != nil {
						return err
					}
					for m := range 2 {
						p := &kluwen.Person{GivenName: fmt.Sprint("Lid", m), FamilyName: "Cohort", BirthDate: hhDate("1980-01-01"), RegisteredByOrgID: org}
						if err := bt.Person(p); err != nil {
							return err
						}
						if err := bt.Member(&kluwen.Membership{HouseholdID: h.ID, PersonID: p.ID, From: hhDate("2015-01-01"), Role: kluwen.MemberOther}); err != nil {
							return err
						}
						for k := range 4 {
							a := &kluwen.Assessment{HouseholdID: h.ID, PersonID: p.ID, OrganisationID: org, Date: opened.AddDate(0, 5*k-3, 0)}
							for j, d := range kluwen.LifeDomains {
								a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code(), Score: (i+j+k+m)%5 + 1})
							}
							if err := bt.Assessment(a); err != nil {
								return err
							}
						}
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d households with %d assessments loaded in %v", dialect, n, n*8, time.Since(start).Round(time.Millisecond))
			f := kluwen.CohortFilter{StartFrom: hhDate("2021-01-01"), StartTo: hhDate("2021-12-31")}
			b.ResetTimer()
			for b.Loop() {
				c, err := db.CohortCostCourse(benchAnalyst(), f)
				if err != nil {
					b.Fatal(err)
				}
				if c.Cases != n || c.Points[8].Outcome == nil || c.Points[8].Outcome.Cases != n {
					b.Fatalf("cohort of %d, outcome %+v", c.Cases, c.Points[8].Outcome)
				}
			}
		})
	}
}
