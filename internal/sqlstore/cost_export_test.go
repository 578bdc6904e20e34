package sqlstore_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestHouseholdCostOverviewExport: an overview read for an export is logged as an
// export with its format, in the same call, and follows the same need-to-know as
// the overview: a partner professional gets its own organisation's costs only,
// an analyst nothing. Estimated records are counted per group.
func TestHouseholdCostOverviewExport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newCostWorld(t, db)
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.police, HouseholdID: w.household, ItemCode: "POL-HOUR", Quantity: kluwen.Units(10), From: hhDate("2023-06-01"), LifeDomain: "justitie", Estimated: true})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.orgA, HouseholdID: w.household, ItemCode: "REGIE-HOUR", Quantity: kluwen.Units(4), From: hhDays(-60), LifeDomain: "financien"})
		costRecord(t, db, kluwen.CostRecord{OrganisationID: w.housing, HouseholdID: w.household, Amount: 250000, Description: "Huurachterstand afgeboekt", Kind: kluwen.KindZorg, CostType: kluwen.CostTypeService, From: hhDays(-30), LifeDomain: "huisvesting", Estimated: true})
		household := fmt.Sprintf(" household:%d ", w.household)

		read, err := db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{PriceYear: 2024})
		hhMust(t, err)
		if !read.ExportedOn.IsZero() || read.ExportedBy != "" || read.OwnOrganisationOnly {
			t.Errorf("a read says it is an export: %+v", read)
		}
		if read.Total.Records != 3 || read.Total.Estimated != 2 || read.Before.Estimated != 1 {
			t.Errorf("estimated records: total %+v before %+v", read.Total, read.Before)
		}
		// The estimated part of the amounts: all of the police's and the
		// corporation's, none of the municipality's.
		var estimated kluwen.Cents
		for _, sp := range read.ByOrganisation {
			if want := map[int64]int{w.police: 1, w.orgA: 0, w.housing: 1}[sp.ID]; sp.Estimated != want {
				t.Errorf("%s: %d estimated; want %d", sp.Label, sp.Estimated, want)
			}
			want := sp.Total()
			if sp.ID == w.orgA {
				want = 0
			}
			if sp.EstimatedAmount != want || sp.Total() == 0 {
				t.Errorf("%s: %v estimated of %v; want %v", sp.Label, sp.EstimatedAmount, sp.Total(), want)
			}
			estimated += want
		}
		if read.Total.EstimatedAmount != estimated || read.Before.EstimatedAmount <= 0 || read.Before.EstimatedAmount != read.Before.Total() {
			t.Errorf("estimated amounts: total %+v before %+v; want %v in all", read.Total, read.Before, estimated)
		}
		var byYear kluwen.Cents
		for _, y := range read.Years {
			byYear += y.EstimatedAmount
		}
		if byYear != estimated {
			t.Errorf("the years' estimated amounts add up to %v; want %v", byYear, estimated)
		}

		for _, format := range kluwen.CostExportFormats {
			head := hhLogHead(t, db)
			ov, err := db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{PriceYear: 2024, Export: format})
			hhMust(t, err)
			if ov.Total != read.Total || len(ov.Drivers) != len(read.Drivers) {
				t.Errorf("%s: the export differs from the overview: %+v", format, ov.Total)
			}
			if !ov.ExportedOn.Equal(kluwen.Today()) || ov.ExportedBy != "Test reg.case, Gemeente Kluwendam" {
				t.Errorf("%s: exported on %v by %q", format, ov.ExportedOn, ov.ExportedBy)
			}
			log := hhLogSince(t, db, head)
			if len(log) != 1 || log[0].EventType != "cost.export" || log[0].Action != string(kluwen.AuditExport) || log[0].Outcome != "success" ||
				log[0].Objects != household || !strings.HasSuffix(log[0].Basis, "; formaat "+format) {
				t.Errorf("%s: access log %+v", format, log)
			}
		}

		// A partner professional exports its own organisation's costs only.
		head := hhLogHead(t, db)
		ov, err := db.HouseholdCostOverview(hhAs(w.agent), w.household, kluwen.CostOverviewOptions{Export: "pdf"})
		hhMust(t, err)
		if !ov.OwnOrganisationOnly || ov.Total.Records != 1 || len(ov.ByOrganisation) != 1 || ov.ByOrganisation[0].ID != w.police ||
			ov.Before.Records != 0 || len(ov.Drivers) != 1 || ov.Drivers[0].OrganisationID != w.police {
			t.Errorf("partner's export %+v", ov)
		}
		if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "cost.export" || !strings.HasSuffix(log[0].Basis, "; formaat pdf") {
			t.Errorf("partner's export log %+v", log)
		}

		// Analysts and professionals without need-to-know cannot export: refused
		// as an export, answered as not found.
		for _, who := range []string{"analyst", "professional-uninvolved", "regisseur-other-org"} {
			head := hhLogHead(t, db)
			_, err := db.HouseholdCostOverview(hhAs(w.actors[who]), w.household, kluwen.CostOverviewOptions{Export: "xlsx"})
			hhWantCode(t, err, kluwen.ENOTFOUND)
			if log := hhLogSince(t, db, head); len(log) != 1 || log[0].EventType != "cost.export" || log[0].Action != string(kluwen.AuditExport) || log[0].Outcome != "refused" {
				t.Errorf("%s: refusal %+v", who, log)
			}
		}

		// An unknown format is refused before anything is read or logged.
		head = hhLogHead(t, db)
		_, err = db.HouseholdCostOverview(hhAs(w.regisseur), w.household, kluwen.CostOverviewOptions{Export: "docx"})
		hhWantFields(t, err, "export")
		if log := hhLogSince(t, db, head); len(log) != 0 {
			t.Errorf("a bad format was logged: %+v", log)
		}
	})
}
