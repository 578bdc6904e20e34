package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// costWorld is the matrix world (gemeente A's case on household H, the police
// involved, the housing corporation no longer) with an admin, an analyst and a
// police department.
type costWorld struct {
	*matrixWorld
	admin, analyst, agent, regisseur *kluwen.Actor
	policeDept                       int64
}

func newCostWorld(t *testing.T, db *sqlstore.DB) *costWorld {
	t.Helper()
	w := &costWorld{matrixWorld: newMatrixWorld(t, db)}
	w.admin, w.analyst = w.actors["admin"], w.actors["analyst"]
	w.agent, w.regisseur = w.actors["professional-involved"], w.actors["regisseur-of-case"]
	d := &kluwen.Department{OrganisationID: w.police, Name: "Wijkteam Centrum"}
	hhMust(t, db.CreateDepartment(hhSys(), d))
	w.policeDept = d.ID
	return w
}

// costHousehold registers a household at its own address.
func costHousehold(t *testing.T, db *sqlstore.DB, org int64, wijk string, nr int) int64 {
	t.Helper()
	h := &kluwen.Household{Street: "Kostenlaan", HouseNumber: nr, Postcode: "2345 BC", City: "Kluwendam", Wijk: wijk, RegisteredByOrgID: org}
	hhMust(t, db.CreateHousehold(hhSys(), h))
	return h.ID
}

// costRecord records a cost as the system actor.
func costRecord(t *testing.T, db *sqlstore.DB, r kluwen.CostRecord) *kluwen.CostRecord {
	t.Helper()
	hhMust(t, db.CreateCostRecord(hhSys(), &r))
	return &r
}

func TestCostCatalogueSeeded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := hhSys()
		items, err := db.FindCostItems(ctx, kluwen.CostItemFilter{Code: "pol-hour"})
		hhMust(t, err)
		if len(items) != 15 {
			t.Fatalf("%d periods of POL-HOUR; want one per year 2011–2025", len(items))
		}
		var y2013 *kluwen.CostItem
		for i, it := range items {
			if it.ValidFrom.Year() != 2011+i || it.PriceYear != 2011+i || it.Kind != kluwen.KindDrang || it.Sector != kluwen.SectorVeiligheid {
				t.Errorf("period %d: %+v", i, it)
			}
			if it.PriceYear == 2013 {
				y2013 = it
			}
		}
		if y2013.UnitPrice != 7000 || y2013.Basis != kluwen.BasisPublished || !strings.Contains(y2013.Source, "sporteneconomie") {
			t.Errorf("published figure %+v", y2013)
		}
		if last := items[14]; last.ValidTo != nil || last.Basis != kluwen.BasisDerived || last.UnitPrice != 9568 || !strings.Contains(last.BasisNote, "70,00 van 2013") {
			t.Errorf("latest period %+v", last)
		}
		cur, err := db.FindCostItems(ctx, kluwen.CostItemFilter{Current: true})
		hhMust(t, err)
		if len(cur) != 29 {
			t.Errorf("%d current items; want the 29 of the shipped file", len(cur))
		}
		for _, it := range cur {
			want := kluwen.CostTypeService
			if it.Code == "BIJSTAND-YEAR" {
				want = kluwen.CostTypeTransfer
			}
			if it.CostType != want {
				t.Errorf("%s is %s", it.Code, it.CostType)
			}
		}
		on := hhDate("2023-06-01")
		valid, err := db.FindCostItems(ctx, kluwen.CostItemFilter{ValidOn: &on, Sector: hhPtr(kluwen.SectorJeugd)})
		hhMust(t, err)
		if len(valid) != 6 || valid[0].PriceYear != 2023 {
			t.Errorf("jeugd items valid on 2023-06-01: %d", len(valid))
		}
		idx, err := db.FindPriceIndex(ctx)
		hhMust(t, err)
		if idx.Years[0].Year != 2005 || idx.LatestYear() != 2025 || !idx.Has(2015) || idx.Factor(2015, 2015) != kluwen.FactorScale {
			t.Errorf("index %+v", idx.Years)
		}
		for _, y := range idx.Years {
			if y.Year == 2015 && y.Value != 10000 {
				t.Errorf("2015 = %d; want 100,00", y.Value)
			}
		}
	})
}

// TestCostItemPeriods: a new price opens a period and closes the previous one the
// day before; records keep the price they were made with; only the admin changes
// the catalogue.
func TestCostItemPeriods(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		admin := hhAs(w.admin)
		before := costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(2), From: hhDate("2025-03-10")})
		if before.UnitPrice != 9568 || before.Amount != 19136 {
			t.Fatalf("priced %+v", before)
		}

		_, err := db.SetCostItemPrice(hhAs(w.agent), "POL-HOUR", kluwen.CostItemPrice{UnitPrice: 9900, PriceYear: 2025, ValidFrom: hhDate("2025-07-01"), Basis: kluwen.BasisOwn})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		_, err = db.SetCostItemPrice(admin, "POL-HOUR", kluwen.CostItemPrice{UnitPrice: 9900, PriceYear: 2025, ValidFrom: hhDate("2024-01-01"), Basis: kluwen.BasisOwn})
		hhWantFields(t, err, "validFrom")
		_, err = db.SetCostItemPrice(admin, "NOPE", kluwen.CostItemPrice{UnitPrice: 1, PriceYear: 2025, ValidFrom: hhDate("2025-07-01"), Basis: kluwen.BasisOwn})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.SetCostItemPrice(admin, "POL-HOUR", kluwen.CostItemPrice{UnitPrice: -1, PriceYear: 2025, ValidFrom: hhDate("2025-07-01")})
		hhWantFields(t, err, "unitPrice", "basis")

		it, err := db.SetCostItemPrice(admin, "pol-hour", kluwen.CostItemPrice{UnitPrice: 9900, PriceYear: 2025, ValidFrom: hhDate("2025-07-01"), Basis: kluwen.BasisOwn, BasisNote: "Tarief 2025"})
		hhMust(t, err)
		if it.ValidTo != nil || it.Kind != kluwen.KindDrang || it.Name != "Inzet van de politie" || it.Unit != "agentuur" || !strings.Contains(it.Source, "sporteneconomie") {
			t.Errorf("new period %+v", it)
		}
		periods, err := db.FindCostItems(admin, kluwen.CostItemFilter{Code: "POL-HOUR"})
		hhMust(t, err)
		prev := periods[len(periods)-2]
		if prev.ValidTo == nil || !prev.ValidTo.Equal(hhDate("2025-06-30")) || prev.UnitPrice != 9568 {
			t.Errorf("previous period %+v", prev)
		}
		after := costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(2), From: hhDate("2025-07-01")})
		if after.UnitPrice != 9900 || after.Amount != 19800 || after.ItemID != it.ID {
			t.Errorf("after the new price %+v", after)
		}
		recs, err := db.FindCostRecords(hhSys(), kluwen.CostRecordFilter{HouseholdID: w.household})
		hhMust(t, err)
		for _, r := range recs {
			if r.ID == before.ID && (r.Amount != 19136 || r.UnitPrice != 9568) {
				t.Errorf("the earlier record changed: %+v", r)
			}
		}

		// Descriptive changes stay out of records already made.
		upd, err := db.UpdateCostItem(admin, it.ID, kluwen.CostItemUpdate{Kind: hhPtr(kluwen.KindPreventie), Name: hhPtr("Politie-inzet")})
		hhMust(t, err)
		if upd.Kind != kluwen.KindPreventie || upd.UnitPrice != 9900 {
			t.Errorf("updated %+v", upd)
		}
		recs, _ = db.FindCostRecords(hhSys(), kluwen.CostRecordFilter{HouseholdID: w.household})
		for _, r := range recs {
			if r.Kind != kluwen.KindDrang {
				t.Errorf("record %d kind became %s", r.ID, r.Kind)
			}
		}
		_, err = db.UpdateCostItem(admin, prev.ID, kluwen.CostItemUpdate{ValidTo: hhPtr(hhPtr(hhDate("2025-05-01")))})
		hhWantFields(t, err, "validTo")
		// Ending the item: records after its end are refused on the item.
		_, err = db.UpdateCostItem(admin, it.ID, kluwen.CostItemUpdate{ValidTo: hhPtr(hhPtr(hhDate("2025-12-31")))})
		hhMust(t, err)
		err = db.CreateCostRecord(hhSys(), &kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: 1000, From: hhDate("2026-01-05")})
		hhWantFields(t, err, "itemCode")
		if !strings.Contains(kluwen.ErrorFields(err)[0].Message, "31-12-2025") {
			t.Errorf("message %q", kluwen.ErrorFields(err)[0].Message)
		}

		// A new code.
		nc := &kluwen.CostItem{Code: "buurt-bemiddeling", Name: "Buurtbemiddeling", Sector: kluwen.SectorGemeente, Unit: "traject", UnitPrice: 125000,
			PriceYear: 2024, ValidFrom: hhDate("2024-01-01"), Basis: kluwen.BasisOwn, Kind: kluwen.KindPreventie, CostType: kluwen.CostTypeService}
		hhWantCode(t, db.CreateCostItem(hhAs(w.analyst), nc), kluwen.EFORBIDDEN)
		hhMust(t, db.CreateCostItem(admin, nc))
		if nc.Code != "BUURT-BEMIDDELING" || nc.ID == 0 {
			t.Errorf("created %+v", nc)
		}
		dup := *nc
		hhWantFields(t, db.CreateCostItem(admin, &dup), "code")

		hhWantCode(t, db.SetPriceIndexYear(hhAs(w.regisseur), kluwen.PriceIndexYear{Year: 2026, Value: 13720, Source: "CBS"}), kluwen.EFORBIDDEN)
		hhWantFields(t, db.SetPriceIndexYear(admin, kluwen.PriceIndexYear{Year: 2026, Value: 0}), "value", "source")
		hhMust(t, db.SetPriceIndexYear(admin, kluwen.PriceIndexYear{Year: 2026, Value: 13720, Source: "CBS, voorlopig"}))
		idx, err := db.FindPriceIndex(hhAs(w.analyst))
		hhMust(t, err)
		if idx.LatestYear() != 2026 || idx.Convert(13452, 2025, 2026) != 13720 {
			t.Errorf("index after adding 2026: %+v", idx.Years[len(idx.Years)-1])
		}
	})
}

// TestCostRecordBadInput: every kind of bad record is refused with the field
// named, and nothing is written.
func TestCostRecordBadInput(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent := hhAs(w.agent)
		good := func() *kluwen.CostRecord {
			return &kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, ItemCode: "POL-INCIDENT", Quantity: kluwen.Units(1), From: hhDate("2024-05-02"), LifeDomain: "justitie"}
		}
		for _, c := range []struct {
			name   string
			mod    func(r *kluwen.CostRecord)
			code   string
			fields []string
		}{
			{"unknown item code", func(r *kluwen.CostRecord) { r.ItemCode = "POL-DRONE" }, kluwen.EINVALID, []string{"itemCode"}},
			{"item not valid in the period", func(r *kluwen.CostRecord) { r.From = hhDate("2009-05-02") }, kluwen.EINVALID, []string{"itemCode"}},
			{"negative quantity without correction", func(r *kluwen.CostRecord) { r.Quantity = -kluwen.Units(1) }, kluwen.EINVALID, []string{"quantity"}},
			{"period ends before it starts", func(r *kluwen.CostRecord) { r.To = hhDate("2024-05-01") }, kluwen.EINVALID, []string{"to"}},
			{"department of another organisation", func(r *kluwen.CostRecord) {
				d := &kluwen.Department{OrganisationID: w.orgA, Name: "Wijkteam"}
				hhMust(t, db.CreateDepartment(hhSys(), d))
				r.DepartmentID = &d.ID
			}, kluwen.EINVALID, []string{"departmentId"}},
			{"person outside the household", func(r *kluwen.CostRecord) { r.PersonID = hhPtr(hhPerson(t, db, w.orgA, "Buur")) }, kluwen.EINVALID, []string{"personId"}},
			{"several at once", func(r *kluwen.CostRecord) { r.ItemCode, r.To, r.LifeDomain = "X", hhDate("2020-01-01"), "?" }, kluwen.EINVALID, []string{"itemCode", "lifeDomain", "to"}},
			{"recording for another organisation", func(r *kluwen.CostRecord) { r.OrganisationID = w.housing }, kluwen.EFORBIDDEN, []string{"organisationId"}},
			{"household the partner may not read", func(r *kluwen.CostRecord) { r.HouseholdID = costHousehold(t, db, w.orgA, "Noord", 7) }, kluwen.ENOTFOUND, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				n := hhCount(t, db, "cost_records")
				r := good()
				c.mod(r)
				err := db.CreateCostRecord(agent, r)
				hhWantCode(t, err, c.code)
				if c.code == kluwen.EINVALID {
					hhWantFields(t, err, c.fields...)
				}
				if c.code == kluwen.EFORBIDDEN {
					if kluwen.ErrorMessage(err) != "U kunt alleen kosten vastleggen voor uw eigen organisatie." || kluwen.ErrorFields(err)[0].Field != "organisationId" {
						t.Errorf("forbidden: %v", err)
					}
				}
				if hhCount(t, db, "cost_records") != n || hhCount(t, db, "cost_rollup_household_year") != n {
					t.Error("something was written")
				}
			})
		}
		head := hhLogHead(t, db)
		r := good()
		r.OrganisationID = w.housing
		hhWantCode(t, db.CreateCostRecord(agent, r), kluwen.EFORBIDDEN)
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].Outcome != "refused" || log[0].EventType != "cost.create" {
			t.Errorf("refusal log %+v", log)
		}
		hhWantCode(t, db.CreateCostRecord(hhAs(w.analyst), good()), kluwen.EFORBIDDEN)
		hhWantCode(t, db.CreateCostRecord(hhAs(w.admin), good()), kluwen.EFORBIDDEN)
		// The woonconsulent's involvement has ended: it no longer sees the household.
		r = good()
		r.OrganisationID, r.ItemCode = w.housing, "WONEN-EVICTION"
		hhWantCode(t, db.CreateCostRecord(hhAs(w.actors["professional-ended"]), r), kluwen.ENOTFOUND)
	})
}

// TestCostRecordCreate: the amount is quantity × price at the period start; the
// record and the rollups are written together with an access-log entry.
func TestCostRecordCreate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent := hhAs(w.agent)
		head := hhLogHead(t, db)
		r := &kluwen.CostRecord{HouseholdID: w.household, DepartmentID: &w.policeDept, PersonID: &w.parent, ItemCode: "pol-hour",
			Quantity: 1500, From: hhDate("2022-04-10"), To: hhDate("2022-04-11"), LifeDomain: "justitie", Estimated: true, SourceRef: "BVH-1"}
		hhMust(t, db.CreateCostRecord(agent, r))
		if r.ID == 0 || r.OrganisationID != w.police || r.UnitPrice != 8638 || r.Amount != 12957 || r.Sector != kluwen.SectorVeiligheid ||
			r.Kind != kluwen.KindDrang || r.CostType != kluwen.CostTypeService || r.CreatedBy != w.agent.UserID {
			t.Fatalf("created %+v", r)
		}
		log := hhLogSince(t, db, head)
		if len(log) != 1 || log[0].EventType != "cost.create" || log[0].Outcome != "success" ||
			log[0].Objects != fmt.Sprintf(" household:%d person:%d ", w.household, w.parent) || !strings.Contains(log[0].Basis, "betrokken partner") {
			t.Errorf("log %+v", log)
		}
		dup := *r
		dup.Amount = 0 // the store computed it
		hhWantFields(t, db.CreateCostRecord(agent, &dup), "sourceRef")

		corr := &kluwen.CostRecord{HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: -500, Correction: true, From: hhDate("2022-04-10"), LifeDomain: "justitie"}
		hhMust(t, db.CreateCostRecord(agent, corr))
		actual := &kluwen.CostRecord{HouseholdID: w.household, Amount: 45000, Description: "Schade na inval", Kind: kluwen.KindDrang, CostType: kluwen.CostTypeService, From: hhDate("2022-05-01")}
		hhMust(t, db.CreateCostRecord(agent, actual))
		if actual.Sector != kluwen.SectorVeiligheid || actual.ItemID != 0 {
			t.Errorf("actual amount %+v", actual)
		}

		recs, err := db.FindCostRecords(agent, kluwen.CostRecordFilter{HouseholdID: w.household})
		hhMust(t, err)
		if len(recs) != 3 || recs[0].ID != actual.ID || recs[2].SourceRef != "BVH-1" || !recs[2].Estimated || *recs[2].DepartmentID != w.policeDept ||
			recs[1].Quantity != -500 || recs[1].Amount != -4319 || !recs[1].Correction {
			t.Errorf("records %+v %+v %+v", recs[0], recs[1], recs[2])
		}
		_, err = db.FindCostRecords(hhAs(w.analyst), kluwen.CostRecordFilter{HouseholdID: w.household})
		hhWantCode(t, err, kluwen.ENOTFOUND)

		// The police see their own costs only; the regisseur every partner's.
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, ItemCode: "GGZ-EPA-YEAR", Quantity: 250, From: hhDate("2022-01-01"), LifeDomain: "geestelijke_gezondheid"})
		recs, err = db.FindCostRecords(agent, kluwen.CostRecordFilter{HouseholdID: w.household})
		hhMust(t, err)
		if len(recs) != 3 {
			t.Errorf("the agent sees %d records; want the police's 3", len(recs))
		}
		recs, err = db.FindCostRecords(hhAs(w.regisseur), kluwen.CostRecordFilter{HouseholdID: w.household})
		hhMust(t, err)
		if len(recs) != 4 || recs[3].ItemCode != "GGZ-EPA-YEAR" {
			t.Errorf("the regisseur sees %d records", len(recs))
		}
		ov, err := db.HouseholdCostOverview(agent, w.household, kluwen.CostOverviewOptions{})
		hhMust(t, err)
		if len(ov.ByOrganisation) != 1 || ov.ByOrganisation[0].ID != w.police || len(ov.BySector) != 1 {
			t.Errorf("the agent's overview shows %+v", ov.ByOrganisation)
		}

		var amount, count int64
		hhMust(t, db.RawDB().QueryRow(db.Rebind(`SELECT amount_cents, record_count FROM cost_rollup_household_year WHERE household_id = ? AND year = 2022 AND life_domain = 'justitie'`),
			w.household).Scan(&amount, &count))
		if amount != 12957-4319 || count != 2 {
			t.Errorf("year rollup %d / %d", amount, count)
		}
		assertRollupsMatch(t, db)
	})
}

// TestCostRecordPages: the records come newest period first, whatever order
// they were recorded in, and records of the same start date newest recorded
// first; a page continues after the last record seen, which must be one the
// reader may see. Every page is a read in the access log.
func TestCostRecordPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		rec := func(org int64, from string) int64 {
			return costRecord(t, db, kluwen.CostRecord{OrganisationID: org, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(1), From: hhDate(from)}).ID
		}
		mid1 := rec(w.police, "2023-03-01")
		newest := rec(w.police, "2024-11-15")
		oldest := rec(w.police, "2019-07-01")
		mid2 := rec(w.police, "2023-03-01")
		other := rec(w.orgA, "2022-01-10")
		want := []int64{newest, mid2, mid1, other, oldest}

		walk := func(ctx context.Context, limit int) []int64 {
			t.Helper()
			var got []int64
			after := int64(0)
			for range 10 {
				recs, err := db.FindCostRecords(ctx, kluwen.CostRecordFilter{HouseholdID: w.household, AfterID: after, Limit: limit})
				hhMust(t, err)
				for _, r := range recs {
					got = append(got, r.ID)
				}
				if len(recs) < limit {
					return got
				}
				after = recs[len(recs)-1].ID
			}
			t.Fatal("the pages do not end")
			return nil
		}
		regisseur := hhAs(w.regisseur)
		head := hhLogHead(t, db)
		if got := walk(regisseur, 2); !slices.Equal(got, want) {
			t.Errorf("the regisseur's pages give %v; want %v", got, want)
		}
		if log := hhLogSince(t, db, head); len(log) != 3 || log[0].EventType != "cost.read" || log[0].Objects != fmt.Sprintf(" household:%d ", w.household) {
			t.Errorf("log of three pages %+v", log)
		}
		agent := hhAs(w.agent)
		if got := walk(agent, 1); !slices.Equal(got, []int64{newest, mid2, mid1, oldest}) {
			t.Errorf("the agent's pages give %v; want the police's records only", got)
		}
		// A cursor on a record of another partner says nothing about it.
		_, err := db.FindCostRecords(agent, kluwen.CostRecordFilter{HouseholdID: w.household, AfterID: other})
		hhWantFields(t, err, "cursor")
		_, err = db.FindCostRecords(regisseur, kluwen.CostRecordFilter{HouseholdID: w.household, AfterID: other + 100})
		hhWantFields(t, err, "cursor")

		one, err := db.FindCostRecords(regisseur, kluwen.CostRecordFilter{HouseholdID: w.household, ID: mid1})
		hhMust(t, err)
		if len(one) != 1 || one[0].ID != mid1 {
			t.Errorf("one record: %+v", one)
		}
		if one, err = db.FindCostRecords(agent, kluwen.CostRecordFilter{HouseholdID: w.household, ID: other}); err != nil || len(one) != 0 {
			t.Errorf("the agent reads another partner's record: %+v, %v", one, err)
		}
	})
}

// assertRollupsMatch compares every rollup with a recomputation from the records.
func assertRollupsMatch(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	for _, c := range []struct{ table, keys string }{
		{"cost_rollup_household_year", "household_id, year, organisation_id, sector, kind, cost_type, life_domain"},
		{"cost_rollup_household_quarter", "household_id, year, quarter, organisation_id, sector, kind, cost_type"},
	} {
		read := func(q string) []string {
			rows, err := db.RawDB().Query(q)
			if err != nil {
				t.Fatalf("%s: %v", c.table, err)
			}
			defer rows.Close()
			cols, _ := rows.Columns()
			var out []string
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprint(vals...))
			}
			return out
		}
		got := read(`SELECT ` + c.keys + `, amount_cents, record_count FROM ` + c.table + ` ORDER BY ` + c.keys)
		want := read(`SELECT ` + c.keys + `, CAST(sum(amount_cents) AS BIGINT), count(*) FROM cost_records GROUP BY ` + c.keys + ` ORDER BY ` + c.keys)
		if !slices.Equal(got, want) {
			t.Errorf("%s differs from the records:\n got %d rows %v\nwant %d rows %v", c.table, len(got), head(got), len(want), head(want))
		}
	}
	assertWideMatch(t, db)
	for _, c := range []struct{ table, keys, where string }{
		{"cost_rollup_household_partner", "household_id, organisation_id, sector, kind, cost_type", ""},
		{"cost_rollup_household_domain", "household_id, life_domain, sector, kind, cost_type", " WHERE life_domain <> ''"},
	} {
		read := func(q string) []string {
			rows, err := db.RawDB().Query(q)
			hhMust(t, err)
			defer rows.Close()
			var out []string
			for rows.Next() {
				vals := make([]any, 6)
				ptrs := make([]any, 6)
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				hhMust(t, rows.Scan(ptrs...))
				out = append(out, fmt.Sprint(vals...))
			}
			return out
		}
		got := read(`SELECT ` + c.keys + `, years FROM ` + c.table + ` ORDER BY ` + c.keys)
		want := read(`SELECT ` + c.keys + `, CAST(sum(DISTINCT CAST(1 AS BIGINT) << (year - 2000)) AS BIGINT) FROM cost_records` + c.where + ` GROUP BY ` + c.keys + ` ORDER BY ` + c.keys)
		if !slices.Equal(got, want) {
			t.Errorf("%s differs from the records:\n got %d rows %v\nwant %d rows %v", c.table, len(got), head(got), len(want), head(want))
		}
	}
}

// assertCountsMatch compares the partner and life-domain counts with a count
// over the records.
func assertCountsMatch(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	rows, err := db.RawDB().Query(`SELECT r.household_id, count(DISTINCT r.organisation_id), count(DISTINCT CASE WHEN r.life_domain <> '' THEN r.life_domain END),
			COALESCE(max(c.partners), -1), COALESCE(max(c.life_domains), -1)
		FROM cost_records r LEFT JOIN cost_household_counts c ON c.household_id = r.household_id GROUP BY r.household_id`)
	hhMust(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, p, d, cp, cd int64
		hhMust(t, rows.Scan(&id, &p, &d, &cp, &cd))
		if p != cp || d != cd {
			t.Errorf("household %d: %d partners, %d domains; counted %d, %d", id, p, d, cp, cd)
		}
		n++
	}
	if m := hhCount(t, db, "cost_household_counts"); m != n {
		t.Errorf("%d households counted; %d have records", m, n)
	}
}

// assertWideMatch compares the wide rollups (a column per year) with the records.
func assertWideMatch(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	var years []string
	for y := kluwen.FirstCostYear; y <= kluwen.LastCostYear; y++ {
		years = append(years, fmt.Sprintf("y%d", y))
	}
	for _, c := range []struct{ table, keys string }{
		{"cost_rollup_portfolio", "household_id, sector, kind, cost_type"},
		{"cost_rollup_household_total", "household_id, cost_type"},
	} {
		nkeys := len(strings.Split(c.keys, ","))
		var got []string
		rows, err := db.RawDB().Query(`SELECT ` + c.keys + `, ` + strings.Join(years, ", ") + `, record_count FROM ` + c.table)
		hhMust(t, err)
		for rows.Next() {
			vals := make([]any, nkeys+len(years)+1)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			hhMust(t, rows.Scan(ptrs...))
			key := fmt.Sprint(vals[:nkeys]...)
			for i := range years {
				if fmt.Sprint(vals[nkeys+i]) != "0" {
					got = append(got, fmt.Sprint(key, " ", kluwen.FirstCostYear+i, " ", vals[nkeys+i]))
				}
			}
			got = append(got, fmt.Sprint(key, " n ", vals[len(vals)-1]))
		}
		rows.Close()
		var want []string
		rows, err = db.RawDB().Query(`SELECT ` + c.keys + `, year, CAST(sum(amount_cents) AS BIGINT) FROM cost_records GROUP BY ` + c.keys + `, year`)
		hhMust(t, err)
		for rows.Next() {
			vals := make([]any, nkeys+2)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			hhMust(t, rows.Scan(ptrs...))
			if fmt.Sprint(vals[nkeys+1]) != "0" {
				want = append(want, fmt.Sprint(fmt.Sprint(vals[:nkeys]...), " ", vals[nkeys], " ", vals[nkeys+1]))
			}
		}
		rows.Close()
		rows, err = db.RawDB().Query(`SELECT ` + c.keys + `, count(*) FROM cost_records GROUP BY ` + c.keys)
		hhMust(t, err)
		for rows.Next() {
			vals := make([]any, nkeys+1)
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			hhMust(t, rows.Scan(ptrs...))
			want = append(want, fmt.Sprint(fmt.Sprint(vals[:nkeys]...), " n ", vals[nkeys]))
		}
		rows.Close()
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s differs from the records:\n got %d %v\nwant %d %v", c.table, len(got), head(got), len(want), head(want))
		}
	}
	var years1, years2 []string
	rows, err := db.RawDB().Query(`SELECT year FROM cost_years ORDER BY year`)
	hhMust(t, err)
	for rows.Next() {
		var y string
		hhMust(t, rows.Scan(&y))
		years1 = append(years1, y)
	}
	rows.Close()
	rows, err = db.RawDB().Query(`SELECT DISTINCT year FROM cost_records ORDER BY year`)
	hhMust(t, err)
	for rows.Next() {
		var y string
		hhMust(t, rows.Scan(&y))
		years2 = append(years2, y)
	}
	rows.Close()
	if !slices.Equal(years1, years2) {
		t.Errorf("cost_years %v; records in %v", years1, years2)
	}
}

func head(s []string) []string { return s[:min(len(s), 5)] }

// TestCostRollupsProperty: after random records, entered one by one and imported
// in batches, in random order, every rollup equals a recomputation from the
// records.
func TestCostRollupsProperty(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		rng := rand.New(rand.NewSource(7))
		households := []int64{w.household}
		for i := 0; i < 5; i++ {
			households = append(households, costHousehold(t, db, w.orgA, "Zuid", 100+i))
		}
		orgs := []int64{w.orgA, w.police, w.housing, w.debts}
		codes := []string{"POL-HOUR", "WMO-SUPPORT-HOUR", "BIJSTAND-YEAR", "JZ-RESID-DAY", "WONEN-EVICTION", "REGIE-HOUR"}
		domains := append([]string{""}, kluwen.CostLifeDomains[:4]...)
		random := func() kluwen.CostRecord {
			r := kluwen.CostRecord{
				OrganisationID: orgs[rng.Intn(len(orgs))], HouseholdID: households[rng.Intn(len(households))],
				From: hhDate("2016-01-01").AddDate(0, 0, rng.Intn(3000)), LifeDomain: domains[rng.Intn(len(domains))],
			}
			if rng.Intn(5) == 0 {
				r.Amount, r.Description, r.Kind, r.CostType = kluwen.Cents(rng.Intn(100000)+1), "Werkelijk", kluwen.CostKinds[rng.Intn(3)], kluwen.CostTypes[rng.Intn(2)]
			} else {
				r.ItemCode, r.Quantity = codes[rng.Intn(len(codes))], kluwen.Quantity(rng.Intn(20000)+1)
			}
			if rng.Intn(8) == 0 {
				r.Correction = true
				r.Quantity, r.Amount = -r.Quantity, -r.Amount
			}
			return r
		}
		for round := 0; round < 4; round++ {
			for i := 0; i < 10; i++ {
				costRecord(t, db, random())
			}
			imp := &kluwen.CostImport{OrganisationID: w.police}
			for i := 0; i < 60; i++ {
				r := random()
				r.SourceRef = fmt.Sprintf("R%d-%d", round, i)
				imp.Rows = append(imp.Rows, &kluwen.CostImportRow{Line: i + 2, Household: kluwen.HouseholdKey{ID: r.HouseholdID}, Record: r})
			}
			res, err := db.ImportCostRecords(hhSys(), imp)
			hhMust(t, err)
			if res.Imported != 60 {
				t.Fatalf("imported %d", res.Imported)
			}
			// The same batch again changes nothing.
			res, err = db.ImportCostRecords(hhSys(), imp)
			hhMust(t, err)
			if res.Imported != 0 || res.Unchanged != 60 {
				t.Fatalf("re-import %+v", res)
			}
		}
		assertRollupsMatch(t, db)
		assertCountsMatch(t, db)
		if n := hhCount(t, db, "cost_records"); n != 280 {
			t.Errorf("%d records", n)
		}
		// A rebuild gives the same.
		hhMust(t, db.RebuildCostRollups(hhSys()))
		assertRollupsMatch(t, db)
		assertCountsMatch(t, db)
		hhWantCode(t, db.RebuildCostRollups(hhAs(w.admin)), kluwen.EFORBIDDEN)
	})
}

// TestCostImportStore: the store's side of an import: keys by ID, address and
// BSN, all-or-nothing, good rows only, idempotent re-import, the preview.
func TestCostImportStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent := hhAs(w.agent)
		// The household of the case lives at Kluwenstraat 1, 1234 AB; give the parent a BSN.
		bsn := hhBSN(3)
		_, err := db.UpdatePerson(hhSys(), w.parent, kluwen.PersonUpdate{BSN: &bsn})
		hhMust(t, err)
		other := costHousehold(t, db, w.orgA, "Noord", 9) // not readable by the police
		row := func(line int, key kluwen.HouseholdKey, code string, qty kluwen.Quantity, ref string) *kluwen.CostImportRow {
			return &kluwen.CostImportRow{Line: line, Household: key, Record: kluwen.CostRecord{ItemCode: code, Quantity: qty, From: hhDate("2024-02-01"), SourceRef: ref}}
		}
		rows := []*kluwen.CostImportRow{
			row(2, kluwen.HouseholdKey{ID: w.household}, "POL-HOUR", 2000, "A1"),
			row(3, kluwen.HouseholdKey{Postcode: "1234ab", HouseNumber: 1}, "POL-INCIDENT", 1000, "A2"),
			{Line: 4, Household: kluwen.HouseholdKey{BSN: bsn}, Record: kluwen.CostRecord{ItemCode: "POL-HOUR", Quantity: 500, From: hhDays(-1), SourceRef: "A3"}},
			row(5, kluwen.HouseholdKey{ID: other}, "POL-HOUR", 1000, "A4"),
			row(6, kluwen.HouseholdKey{ID: w.household}, "POL-NOPE", 1000, "A5"),
			row(7, kluwen.HouseholdKey{ID: w.household}, "POL-HOUR", -1000, "A6"),
			row(8, kluwen.HouseholdKey{ID: w.household}, "POL-HOUR", 1000, "A1"),
			row(9, kluwen.HouseholdKey{Postcode: "9999 ZZ", HouseNumber: 1}, "POL-HOUR", 1000, "A7"),
			{Line: 10, Household: kluwen.HouseholdKey{ID: w.household}, Record: kluwen.CostRecord{ItemCode: "POL-HOUR", From: hhDate("2024-02-01")},
				Errors: []kluwen.CostRowError{{Line: 10, Field: "quantity", Message: "Het decimaalteken klopt niet"}}},
		}
		before := hhCount(t, db, "cost_records")
		head := hhLogHead(t, db)
		res, err := db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows})
		hhWantCode(t, err, kluwen.EINVALID)
		if res == nil || res.Rejected != 6 || res.Imported != 0 || hhCount(t, db, "cost_records") != before {
			t.Fatalf("all-or-nothing: %+v", res)
		}
		want := map[int]string{5: "household", 6: "itemCode", 7: "quantity", 8: "sourceRef", 9: "household", 10: "quantity"}
		for _, e := range res.Errors {
			if want[e.Line] != e.Field {
				t.Errorf("unexpected error %v", e)
			}
			delete(want, e.Line)
		}
		if len(want) > 0 {
			t.Errorf("missing errors for %v", want)
		}
		// The unreadable household was refused in the access log, and named like
		// one that does not exist; the household the answer speaks of was read.
		if log := hhLogSince(t, db, head); len(log) != 2 || log[0].Outcome != "refused" || log[0].Objects != fmt.Sprintf(" household:%d ", other) ||
			log[1].EventType != "cost.read" || log[1].Outcome != "success" || log[1].Objects != fmt.Sprintf(" household:%d ", w.household) {
			t.Errorf("refusal %+v", log)
		}
		for _, e := range res.Errors {
			if e.Line == 5 && e.Message != fmt.Sprintf("Het huishouden (huishouden %d) is niet gevonden.", other) {
				t.Errorf("message %q", e.Message)
			}
		}

		// The preview prices the good rows and writes nothing but its log entry.
		res, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows, DryRun: true})
		hhMust(t, err)
		if len(res.Records) != 3 || res.Records[2].PersonID == nil || *res.Records[2].PersonID != w.parent || res.Records[0].Amount != 2*9262 ||
			hhCount(t, db, "cost_records") != before {
			t.Fatalf("preview %+v", res)
		}

		res, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows, GoodRowsOnly: true})
		hhMust(t, err)
		if res.Imported != 3 || res.Rejected != 6 || hhCount(t, db, "cost_records") != before+3 {
			t.Fatalf("good rows only %+v", res)
		}
		res, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: rows[:3]})
		hhMust(t, err)
		if res.Imported != 0 || res.Unchanged != 3 || hhCount(t, db, "cost_records") != before+3 {
			t.Fatalf("re-import %+v", res)
		}
		changed := *rows[0]
		changed.Record.Quantity = 3000
		res, err = db.ImportCostRecords(agent, &kluwen.CostImport{Rows: []*kluwen.CostImportRow{&changed}})
		hhWantCode(t, err, kluwen.EINVALID)
		if len(res.Errors) != 1 || res.Errors[0].Field != "sourceRef" {
			t.Errorf("changed content under the same reference: %+v", res.Errors)
		}
		_, err = db.ImportCostRecords(agent, &kluwen.CostImport{OrganisationID: w.housing, Rows: rows[:1]})
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		assertRollupsMatch(t, db)

		// Two households at one address: the address does not decide.
		costHousehold(t, db, w.orgA, "Noord", 20)
		costHousehold(t, db, w.orgA, "Noord", 20)
		res, err = db.ImportCostRecords(hhSys(), &kluwen.CostImport{OrganisationID: w.orgA, Rows: []*kluwen.CostImportRow{row(2, kluwen.HouseholdKey{Postcode: "2345 BC", HouseNumber: 20}, "REGIE-HOUR", 1000, "")}})
		hhWantCode(t, err, kluwen.EINVALID)
		if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "meerdere huishoudens") {
			t.Errorf("ambiguous address %+v", res.Errors)
		}
	})
}

// importBoth imports rows as a dry run and then for real, and checks that the
// dry run counted what the import did: the rows to import, those unchanged and
// those with errors (the preview's counts).
func importBoth(t *testing.T, ctx context.Context, db *sqlstore.DB, org int64, rows []*kluwen.CostImportRow) (*kluwen.CostImportResult, error) {
	t.Helper()
	dry, dryErr := db.ImportCostRecords(ctx, &kluwen.CostImport{OrganisationID: org, Rows: rows, DryRun: true})
	hhMust(t, dryErr)
	res, err := db.ImportCostRecords(ctx, &kluwen.CostImport{OrganisationID: org, Rows: rows})
	if res == nil {
		t.Fatalf("no result: %v", err)
	}
	toImport := res.Rows - res.Rejected - res.Unchanged
	if len(dry.Records) != toImport || err == nil && res.Imported != toImport || dry.Unchanged != res.Unchanged || dry.Rejected != res.Rejected || dry.Rows != res.Rows {
		t.Errorf("the dry run counted %d new, %d unchanged, %d bad; the import %d new, %d unchanged, %d bad",
			len(dry.Records), dry.Unchanged, dry.Rejected, res.Imported, res.Unchanged, res.Rejected)
	}
	if fmt.Sprint(dry.Errors) != fmt.Sprint(res.Errors) {
		t.Errorf("the dry run found %v; the import %v", dry.Errors, res.Errors)
	}
	return res, err
}

// TestCostReimportAfterCatalogueChange: a partner's cumulative export imported
// again after the admin changed the catalogue (a new price period that covers
// rows already imported, an item ended before their period) skips the rows
// imported before, which keep the price they were recorded at; new rows are
// priced and checked against today's catalogue; a row whose reference was
// imported with other input is still an error on its line.
func TestCostReimportAfterCatalogueChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		agent, admin := hhAs(w.agent), hhAs(w.admin)
		row := func(line int, code string, qty kluwen.Quantity, from, ref string) *kluwen.CostImportRow {
			return &kluwen.CostImportRow{Line: line, Household: kluwen.HouseholdKey{ID: w.household}, Department: "Wijkteam Centrum",
				Record: kluwen.CostRecord{ItemCode: code, Quantity: qty, From: hhDate(from), LifeDomain: "justitie", SourceRef: ref}}
		}
		file := []*kluwen.CostImportRow{
			row(2, "POL-HOUR", 2000, "2025-03-10", "C-1"),
			row(3, "REGIE-HOUR", 1500, "2025-03-10", "C-2"),
			{Line: 4, Household: kluwen.HouseholdKey{ID: w.household}, Record: kluwen.CostRecord{Amount: 12550, Description: "Vervoer", Kind: kluwen.KindZorg,
				CostType: kluwen.CostTypeService, From: hhDate("2025-03-12"), SourceRef: "C-3"}},
		}
		res, err := importBoth(t, agent, db, 0, file)
		hhMust(t, err)
		if res.Imported != 3 {
			t.Fatalf("first import %+v", res)
		}
		amounts := map[string]kluwen.Cents{}
		for _, r := range res.Records {
			amounts[r.SourceRef] = r.Amount
		}
		if amounts["C-1"] != 2*9568 {
			t.Fatalf("C-1 priced at %s", amounts["C-1"])
		}
		stored := func() map[string]*kluwen.CostRecord {
			recs, err := db.FindCostRecords(hhSys(), kluwen.CostRecordFilter{HouseholdID: w.household, Limit: 100})
			hhMust(t, err)
			out := map[string]*kluwen.CostRecord{}
			for _, r := range recs {
				out[r.SourceRef] = r
			}
			return out
		}
		records := hhCount(t, db, "cost_records")

		t.Run("a new price period over the rows", func(t *testing.T) {
			_, err := db.SetCostItemPrice(admin, "POL-HOUR", kluwen.CostItemPrice{UnitPrice: 9900, PriceYear: 2025, ValidFrom: hhDate("2025-02-01"), Basis: kluwen.BasisOwn})
			hhMust(t, err)
			res, err := importBoth(t, agent, db, 0, file)
			hhMust(t, err)
			if res.Imported != 0 || res.Unchanged != 3 || res.Rejected != 0 || hhCount(t, db, "cost_records") != records {
				t.Fatalf("re-import after a new price %+v", res)
			}
			if r := stored()["C-1"]; r.Amount != 2*9568 || r.UnitPrice != 9568 {
				t.Errorf("C-1 was repriced: %+v", r)
			}
			// A row added to the export is priced from today's catalogue.
			more := append(slices.Clone(file), row(5, "POL-HOUR", 1000, "2025-03-11", "C-4"))
			res, err = importBoth(t, agent, db, 0, more)
			hhMust(t, err)
			if res.Imported != 1 || res.Unchanged != 3 || res.Records[0].Amount != 9900 {
				t.Fatalf("the export with a new row %+v", res)
			}
			file = more
			records++
		})

		t.Run("an item ended before the rows", func(t *testing.T) {
			current, err := db.FindCostItems(admin, kluwen.CostItemFilter{Code: "REGIE-HOUR", Current: true})
			hhMust(t, err)
			_, err = db.UpdateCostItem(admin, current[0].ID, kluwen.CostItemUpdate{ValidTo: hhPtr(hhPtr(hhDate("2025-01-31")))})
			hhMust(t, err)
			res, err := importBoth(t, agent, db, 0, file)
			hhMust(t, err)
			if res.Imported != 0 || res.Unchanged != len(file) || res.Rejected != 0 || hhCount(t, db, "cost_records") != records {
				t.Fatalf("re-import after the item ended %+v", res)
			}
			if r := stored()["C-2"]; r.Amount != amounts["C-2"] || r.ItemCode != "REGIE-HOUR" {
				t.Errorf("C-2 changed: %+v", r)
			}
			// A new row of the ended item is still refused, on its line.
			more := append(slices.Clone(file), row(6, "REGIE-HOUR", 1000, "2025-03-11", "C-5"))
			res, err = importBoth(t, agent, db, 0, more)
			hhWantCode(t, err, kluwen.EINVALID)
			if res.Imported != 0 || res.Unchanged != len(file) || res.Rejected != 1 || len(res.Errors) != 1 ||
				res.Errors[0].Line != 6 || res.Errors[0].Field != "itemCode" || hhCount(t, db, "cost_records") != records {
				t.Errorf("a new row of the ended item %+v", res)
			}
		})

		t.Run("a changed row is still an error", func(t *testing.T) {
			changed := slices.Clone(file)
			c1 := *file[0]
			c1.Record.Quantity = 3000
			c3 := *file[2]
			c3.Record.Description = "Vervoer naar de rechtbank"
			c2 := *file[1]
			c2.Department = ""
			changed[0], changed[1], changed[2] = &c1, &c2, &c3
			res, err := importBoth(t, agent, db, 0, changed)
			hhWantCode(t, err, kluwen.EINVALID)
			var got []string
			for _, e := range res.Errors {
				got = append(got, fmt.Sprintf("%d %s", e.Line, e.Field))
			}
			if strings.Join(got, ", ") != "2 sourceRef, 3 sourceRef, 4 sourceRef" || res.Rejected != 3 || res.Unchanged != len(file)-3 ||
				hhCount(t, db, "cost_records") != records {
				t.Errorf("changed rows: %v, %+v", got, res)
			}
		})
	})
}

// TestCostImportContentRefs: rows without a source reference are recognised by
// their content: the same rows again change nothing, two identical rows are two
// records, a file with a row more adds that row; a row whose household key now
// names another household is an error.
func TestCostImportContentRefs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		hh := costHousehold(t, db, w.orgA, "Noord", 30)
		at30 := kluwen.HouseholdKey{Postcode: "2345bc", HouseNumber: 30}
		row := func(line int, qty kluwen.Quantity) *kluwen.CostImportRow {
			return &kluwen.CostImportRow{Line: line, Household: at30, Record: kluwen.CostRecord{ItemCode: "REGIE-HOUR", Quantity: qty, From: hhDate("2024-02-01")}}
		}
		file := []*kluwen.CostImportRow{
			row(2, 1000),
			row(3, 1000),
			row(4, 2000),
			{Line: 5, Household: kluwen.HouseholdKey{ID: hh}, Record: kluwen.CostRecord{Amount: 5000, Description: "Reiskosten", Kind: kluwen.KindZorg,
				CostType: kluwen.CostTypeService, From: hhDate("2024-02-03")}},
		}
		res, err := importBoth(t, hhSys(), db, w.orgA, file)
		hhMust(t, err)
		if res.Imported != 4 {
			t.Fatalf("first import %+v", res)
		}
		refs := map[string]bool{}
		for _, r := range res.Records {
			if !strings.HasPrefix(r.SourceRef, "inhoud:") || len(r.SourceRef) > 40 {
				t.Errorf("derived reference %q", r.SourceRef)
			}
			refs[r.SourceRef] = true
		}
		a, b := res.Records[0].SourceRef, res.Records[1].SourceRef
		if len(refs) != 4 || !strings.HasSuffix(a, ":1") || !strings.HasSuffix(b, ":2") || a[:len(a)-1] != b[:len(b)-1] {
			t.Errorf("references %v", res.Records)
		}
		if file[0].Record.SourceRef != "" {
			t.Error("the import changed the caller's row")
		}

		res, err = importBoth(t, hhSys(), db, w.orgA, file)
		hhMust(t, err)
		if res.Imported != 0 || res.Unchanged != 4 || hhCount(t, db, "cost_records", "household_id = ?", hh) != 4 {
			t.Fatalf("the same rows again %+v", res)
		}
		more := append(slices.Clone(file), row(6, 1000))
		res, err = importBoth(t, hhSys(), db, w.orgA, more)
		hhMust(t, err)
		if res.Imported != 1 || res.Unchanged != 4 || !strings.HasSuffix(res.Records[0].SourceRef, ":3") {
			t.Fatalf("a row more %+v", res)
		}
		// Another organisation's rows are its own.
		res, err = importBoth(t, hhSys(), db, w.housing, file)
		hhMust(t, err)
		if res.Imported != 4 {
			t.Fatalf("another organisation %+v", res)
		}

		// The household moves out and another moves in: the address names it now.
		_, err = db.UpdateHousehold(hhSys(), hh, kluwen.HouseholdUpdate{HouseNumber: hhPtr(31)})
		hhMust(t, err)
		costHousehold(t, db, w.orgA, "Noord", 30)
		res, err = importBoth(t, hhSys(), db, w.orgA, more)
		hhWantCode(t, err, kluwen.EINVALID)
		var got []string
		for _, e := range res.Errors {
			got = append(got, fmt.Sprintf("%d %s", e.Line, e.Field))
		}
		if strings.Join(got, ", ") != "2 household, 3 household, 4 household, 6 household" || res.Unchanged != 1 ||
			!strings.Contains(res.Errors[0].Message, "al eerder geïmporteerd") {
			t.Errorf("rows whose address names another household: %v %+v", got, res)
		}
	})
}

// TestHouseholdCostOverview: totals per year in one price year, the splits, the
// windows around the case start and the cost drivers.
func TestHouseholdCostOverview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		// The municipality has a department of the same name as the police's.
		sameName := &kluwen.Department{OrganisationID: w.orgA, Name: "Wijkteam Centrum"}
		hhMust(t, db.CreateDepartment(hhSys(), sameName))
		// The case opened today; put costs in the half year before and after.
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, DepartmentID: &w.policeDept, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(10), From: hhDate("2015-06-01"), LifeDomain: "justitie"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, ItemCode: "BIJSTAND-YEAR", Quantity: kluwen.Units(1), From: hhDate("2024-01-01"), To: hhDate("2024-12-31"), LifeDomain: "financien"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, DepartmentID: &sameName.ID, HouseholdID: w.household, ItemCode: "REGIE-HOUR", Quantity: kluwen.Units(4), From: hhDays(-60), LifeDomain: "financien"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, ItemCode: "REGIE-HOUR", Quantity: kluwen.Units(6), From: hhDays(0), LifeDomain: "financien"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.housing, HouseholdID: w.household, Amount: 250000, Description: "Huurachterstand afgeboekt", Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDays(-30), LifeDomain: "huisvesting"})

		ov, err := db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{PriceYear: 2024, WindowMonths: 6})
		hhMust(t, err)
		if ov.PriceYear != 2024 {
			t.Errorf("price year %d", ov.PriceYear)
		}
		// 10 police hours of 2015 (€ 71,12) in 2024 prices: 711,20 × 130,22 / 100.
		police2015 := kluwen.Cents(92612)
		if len(ov.Years) < 3 || ov.Years[0].Year != 2015 || ov.Years[0].Service != police2015 {
			t.Fatalf("years %+v", ov.Years)
		}
		if ov.Years[1].Year != 2024 || ov.Years[1].Transfer != 1400000*13022/10343 || ov.Years[1].Service != 0 {
			t.Errorf("2024 %+v", ov.Years[1])
		}
		if ov.Total.Transfer != ov.Years[1].Transfer || ov.Total.Records != 5 {
			t.Errorf("total %+v", ov.Total)
		}
		if len(ov.ByCostType) != 2 || len(ov.ByOrganisation) != 3 || len(ov.ByKind) != 3 {
			t.Errorf("splits %d %d %d", len(ov.ByCostType), len(ov.ByOrganisation), len(ov.ByKind))
		}
		if ov.ByOrganisation[0].ID != w.orgA || ov.ByOrganisation[0].Label != "Gemeente Kluwendam" {
			t.Errorf("largest organisation %+v", ov.ByOrganisation[0])
		}
		// Departments are named with their organisation, so that the two
		// wijkteams stay apart.
		var dept, other *kluwen.CostSplit
		for i := range ov.ByDepartment {
			switch ov.ByDepartment[i].ID {
			case w.policeDept:
				dept = &ov.ByDepartment[i]
			case sameName.ID:
				other = &ov.ByDepartment[i]
			}
		}
		if dept == nil || dept.Label != "Politie Eenheid Kluwendam — Wijkteam Centrum" || dept.Service != police2015 ||
			other == nil || other.Label != "Gemeente Kluwendam — Wijkteam Centrum" {
			t.Errorf("departments %+v", ov.ByDepartment)
		}
		if ov.CaseID != w.caseID || ov.CaseStart == nil || !ov.CaseStart.Equal(kluwen.Today()) {
			t.Fatalf("case start %v", ov.CaseStart)
		}
		if ov.Before.Records != 2 || ov.After.Records != 1 || ov.After.Service != conv(t, db, 6*conv(t, db, 8520, 2023, 2025), 2025, 2024) || !ov.Before.To.Equal(hhDays(-1)) {
			t.Errorf("windows before %+v after %+v", ov.Before, ov.After)
		}
		// The drivers go by the costs of effort; the benefit, a transfer
		// payment, comes after them however large it is.
		if len(ov.Drivers) != 4 || ov.Drivers[0].ItemCode != "" || ov.Drivers[0].Label != "Werkelijke bedragen" || ov.Drivers[0].OrganisationID != w.housing ||
			ov.Drivers[0].Organisation == "" || ov.Drivers[1].ItemCode != "POL-HOUR" || ov.Drivers[2].ItemCode != "REGIE-HOUR" || ov.Drivers[3].ItemCode != "BIJSTAND-YEAR" {
			t.Errorf("drivers %+v", ov.Drivers)
		}
		if !slices.Contains(ov.UnindexedYears, kluwen.Today().Year()) {
			t.Errorf("unindexed years %v", ov.UnindexedYears)
		}
		// The same in 2015 prices is smaller.
		ov15, err := db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{PriceYear: 2015})
		hhMust(t, err)
		if ov15.Years[0].Service != 71120 || ov15.Total.Total() >= ov.Total.Total() {
			t.Errorf("2015 prices %+v", ov15.Years[0])
		}
		_, err = db.HouseholdCostOverview(hhAs(w.analyst), w.household, kluwen.CostOverviewOptions{})
		hhWantCode(t, err, kluwen.ENOTFOUND)
		_, err = db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{PriceYear: 1800})
		hhWantFields(t, err, "priceYear")
	})
}

// conv converts with the database's index.
func conv(t *testing.T, db *sqlstore.DB, amount kluwen.Cents, from, to int) kluwen.Cents {
	t.Helper()
	idx, err := db.FindPriceIndex(hhSys())
	hhMust(t, err)
	return idx.Convert(amount, from, to)
}

// TestCostPortfolio: ranking, the concentration curve on known data, wijken,
// years and filters; the analyst sees pseudonyms only, the regisseur the IDs of
// the households they may open.
func TestCostPortfolio(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		// Ten households in Zuid and the case's household in Centrum. Household i
		// gets i × € 1.000 of Wmo hours in 2015 prices (hour price 2015 × n).
		var hs []int64
		for i := 1; i <= 10; i++ {
			h := costHousehold(t, db, w.orgB, "Zuid", i)
			hs = append(hs, h)
			costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: h, Amount: kluwen.Cents(i) * 100000, Description: "Maatwerk",
				Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2015-03-01"), LifeDomain: "financien"})
		}
		// The case's household carries the most: € 50.000 in 2015 over two partners and domains, and a benefit.
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, Amount: 3000000, Description: "Maatwerk",
			Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDate("2015-03-01"), LifeDomain: "opvoeding"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, Amount: 2000000, Description: "Inzet",
			Kind: kluwen.KindDrang, CostType: kluwen.CostTypeService, From: hhDate("2015-09-01"), LifeDomain: "justitie"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, ItemCode: "BIJSTAND-YEAR", Quantity: kluwen.Units(1), From: hhDate("2016-01-01")})

		analyst := hhAs(w.analyst)
		head := hhLogHead(t, db)
		p, err := db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015})
		hhMust(t, err)
		if p.Households != 11 || p.Total != 10500000 || p.PriceYear != 2015 || p.CostType != kluwen.CostTypeService {
			t.Fatalf("portfolio %d households, total %v", p.Households, p.Total)
		}
		top := p.Ranked[0]
		if top.Amount != 5000000 || top.Partners != 2 || top.LifeDomains != 2 || top.HouseholdID != 0 || top.Pseudonym != db.HouseholdPseudonym(w.household) {
			t.Errorf("top %+v", top)
		}
		for i, r := range p.Ranked {
			if r.HouseholdID != 0 || r.Rank != i+1 || !strings.HasPrefix(r.Pseudonym, "HH-") {
				t.Errorf("analyst row %+v", r)
			}
		}
		if p.Ranked[1].Amount != 1000000 || p.Ranked[10].Amount != 100000 {
			t.Errorf("order %v %v", p.Ranked[1].Amount, p.Ranked[10].Amount)
		}
		// Top 1 % (one household) carries 50,000 of 105,000: 47,6 %.
		if c := p.Curve[0]; c.Households != 1 || c.CostPercent != 47.6 || p.Curve[len(p.Curve)-1].CostPercent != 100 {
			t.Errorf("curve %+v", p.Curve)
		}
		if len(p.ByWijk) != 2 || p.ByWijk[0].Wijk != "Centrum" || !p.ByWijk[0].Suppressed || p.ByWijk[0].Amount != 0 ||
			p.ByWijk[1].Wijk != "Zuid" || p.ByWijk[1].Households != 10 || p.ByWijk[1].Amount != 5500000 {
			t.Errorf("wijken %+v", p.ByWijk)
		}
		if len(p.ByYear) != 1 || p.ByYear[0].Year != 2015 || p.ByYear[0].Amount != 10500000 {
			t.Errorf("years %+v", p.ByYear)
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "cost.analyse" || log[0].Objects != "  " {
			t.Errorf("analyst log %+v", log)
		}
		// Nothing that names a household reaches the analyst.
		if s := fmt.Sprintf("%+v", p); strings.Contains(s, "Kluwenstraat") || strings.Contains(s, "Kostenlaan") || strings.Contains(s, "Ouder") {
			t.Error("address or name in the analyst's portfolio")
		}

		// The regisseur of the case gets the ID of the household they may open, not of the others.
		reg, err := db.CostPortfolio(hhAs(w.regisseur), kluwen.PortfolioFilter{PriceYear: 2015, Limit: 3})
		hhMust(t, err)
		if len(reg.Ranked) != 3 || reg.Ranked[0].HouseholdID != w.household || reg.Ranked[1].HouseholdID != 0 {
			t.Errorf("regisseur rows %+v", reg.Ranked)
		}
		_, err = db.CostPortfolio(hhAs(w.agent), kluwen.PortfolioFilter{})
		hhWantCode(t, err, kluwen.EFORBIDDEN)

		// Filters: drang only; transfers are a view of their own; a year with no costs; a wijk.
		p, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015, Kinds: []kluwen.CostKind{kluwen.KindDrang}})
		hhMust(t, err)
		if p.Households != 1 || p.Total != 2000000 || p.Ranked[0].Partners != 1 {
			t.Errorf("drang %+v", p)
		}
		p, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2016, CostType: kluwen.CostTypeTransfer})
		hhMust(t, err)
		if p.Households != 1 || p.Total != conv(t, db, 1400000, 2018, 2016) {
			t.Errorf("transfers %+v", p)
		}
		p, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{FromYear: 2016, ToYear: 2020})
		hhMust(t, err)
		if p.Households != 0 || len(p.Ranked) != 0 {
			t.Errorf("2016–2020 %+v", p)
		}
		p, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015, Wijk: "zuid", Sectors: []kluwen.Sector{kluwen.SectorGemeente}})
		hhMust(t, err)
		if p.Households != 10 || p.Total != 5500000 {
			t.Errorf("Zuid %+v", p)
		}
		p, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{PriceYear: 2015, RankBy: kluwen.RankPartners, Limit: 2})
		hhMust(t, err)
		if p.Ranked[0].Partners != 2 || p.Ranked[0].Pseudonym != db.HouseholdPseudonym(w.household) || p.Ranked[1].Amount != 1000000 {
			t.Errorf("by partners %+v", p.Ranked)
		}
		_, err = db.CostPortfolio(analyst, kluwen.PortfolioFilter{Sectors: []kluwen.Sector{"ruimtevaart"}, FromYear: 2020, ToYear: 2019, RankBy: "geluk"})
		hhWantFields(t, err, "sectors", "toYear", "rankBy")
	})
}

// TestCostCourse: the course of one case, of a cohort, and who pays.
func TestCostCourse(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		flatIndexFrom(t, db, 2024)
		today := kluwen.Today()
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, Amount: 40000, Description: "Inzet", Kind: kluwen.KindDrang, CostType: kluwen.CostTypeService, From: today.AddDate(0, -3, 0)})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, Amount: 10000, Description: "Regie", Kind: kluwen.KindPreventie, CostType: kluwen.CostTypeService, From: today})
		c, err := db.CaseCostCourse(hhAs(w.agent), w.caseID, kluwen.CourseOptions{PriceYear: 2024})
		hhMust(t, err)
		if c.Points[3].Service != 40000 || c.Points[4].Service != 0 {
			t.Errorf("the police see another partner's costs: %+v", c.Points[3:5])
		}
		c, err = db.CaseCostCourse(hhAs(w.regisseur), w.caseID, kluwen.CourseOptions{PriceYear: 2024})
		hhMust(t, err)
		if len(c.Points) != 13 || c.Points[3].Offset != -1 || c.Points[3].Service != 40000 || c.Points[4].Service != 10000 ||
			c.Points[4].Kinds[kluwen.KindPreventie] != 10000 || c.Points[4].Households != 1 {
			t.Errorf("case course %+v", c.Points)
		}
		_, err = db.CaseCostCourse(hhAs(w.analyst), w.caseID, kluwen.CourseOptions{})
		hhWantCode(t, err, kluwen.ENOTFOUND)

		f := kluwen.CohortFilter{StartFrom: today.AddDate(0, 0, -1), StartTo: today}
		co, err := db.CohortCostCourse(hhAs(w.analyst), f)
		hhMust(t, err)
		if co.Cases != 1 || !co.Suppressed || co.Points != nil {
			t.Errorf("small cohort %+v", co)
		}
		// Four more cases make a cohort of five.
		for i := 0; i < 4; i++ {
			h := costHousehold(t, db, w.orgA, "Oost", 50+i)
			hhCase(t, db, h, w.regisseur)
			costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: h, Amount: 20000, Description: "Inzet", Kind: kluwen.KindDrang, CostType: kluwen.CostTypeService, From: today.AddDate(0, -3, 0)})
		}
		co, err = db.CohortCostCourse(hhAs(w.analyst), f)
		hhMust(t, err)
		// The quarter they started in is not over: it does not count yet
		// (TestCohortCountsEndedQuarters).
		if co.Cases != 5 || co.Suppressed || co.Points[3].Service != 120000 || co.Points[3].MeanService != 24000 || co.Points[3].Households != 5 ||
			co.Points[3].Observed != 5 || co.Points[4].Observed != 0 || co.Points[4].Service != 0 || co.Points[4].MeanService != 0 {
			t.Errorf("cohort %+v", co.Points[3:5])
		}
		pay, err := db.CostPayers(hhAs(w.analyst), f)
		hhMust(t, err)
		if pay.Cases != 5 || pay.Compared != 0 || !pay.Suppressed || len(pay.Rows) != 0 {
			t.Errorf("payers %+v", pay)
		}
		_, err = db.CostPayers(hhAs(w.agent), f)
		hhWantCode(t, err, kluwen.EFORBIDDEN)
		_, err = db.CohortCostCourse(hhAs(w.analyst), kluwen.CohortFilter{StartFrom: today, StartTo: today.AddDate(0, 0, -2)})
		hhWantFields(t, err, "startTo")
	})
}

var _ = time.Now
