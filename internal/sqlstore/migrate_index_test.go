package sqlstore_test

import (
	"context"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestShipIndexYears: a database seeded with the index up to 2024 gets, for
// every shipped item still on its shipped 2024 period, a 2025 period priced with
// the database's index (here a figure the admin entered, which stays); the
// admin's name stays, an item the admin priced anew is left alone, and running
// it again changes nothing. Without a figure of the admin, the shipped one.
func TestShipIndexYears(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		raw := db.RawDB()
		// Back to the state of a database seeded before 2025 was shipped.
		for _, q := range []string{
			`DELETE FROM price_index WHERE year = 2025`,
			`DELETE FROM cost_items WHERE valid_from = '2025-01-01'`,
			`UPDATE cost_items SET valid_to = NULL WHERE valid_from = '2024-01-01'`,
			`UPDATE cost_items SET name = 'Politie-inzet (eigen naam)' WHERE code = 'POL-HOUR' AND valid_from = '2024-01-01'`,
			`UPDATE cost_items SET unit_price_cents = 100, basis = 'eigen' WHERE code = 'WONEN-EVICTION' AND valid_from = '2024-01-01'`,
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		count := func() (n int) {
			hhMust(t, raw.QueryRow(`SELECT count(*) FROM cost_items`).Scan(&n))
			return n
		}
		// The admin entered a figure of 2025 already: the new periods follow it.
		hhMust(t, db.SetPriceIndexYear(hhSys(), kluwen.PriceIndexYear{Year: 2025, Value: 13400, Source: "CBS, voorlopig"}))
		before := count()
		hhMust(t, db.RunMigrationStep(context.Background(), "0012_price_index_2025"))
		after := count()
		if after != before+28 {
			t.Errorf("%d periods added; want one for each of the 28 items the admin left as shipped", after-before)
		}
		idx, err := db.FindPriceIndex(hhSys())
		hhMust(t, err)
		if idx.LatestYear() != 2025 || idx.Convert(13022, 2024, 2025) != 13400 {
			t.Errorf("the admin's figure was replaced: %+v", idx.Years[len(idx.Years)-1])
		}
		current := func(code string) *kluwen.CostItem {
			items, err := db.FindCostItems(hhSys(), kluwen.CostItemFilter{Code: code, Current: true})
			hhMust(t, err)
			if len(items) != 1 {
				t.Fatalf("%s: %d current periods", code, len(items))
			}
			return items[0]
		}
		// € 70,00 of 2013 (the published figure) in the prices of 2025 by the
		// database's index: 7000 × 134,00 / 98,42.
		if it := current("POL-HOUR"); it.PriceYear != 2025 || it.Name != "Politie-inzet (eigen naam)" || it.UnitPrice != 9531 || it.ValidTo != nil || it.Basis != kluwen.BasisDerived {
			t.Errorf("POL-HOUR now %+v", it)
		}
		if it := current("WONEN-EVICTION"); it.PriceYear != 2024 || it.UnitPrice != 100 {
			t.Errorf("the admin's price of WONEN-EVICTION was replaced: %+v", it)
		}
		hhMust(t, db.RunMigrationStep(context.Background(), "0012_price_index_2025"))
		if again := count(); again != after {
			t.Errorf("a second run added %d periods", again-after)
		}

		// Without the admin's figure the shipped one is added.
		for _, q := range []string{
			`DELETE FROM price_index WHERE year = 2025`,
			`DELETE FROM cost_items WHERE valid_from = '2025-01-01'`,
			`UPDATE cost_items SET valid_to = NULL WHERE valid_from = '2024-01-01'`,
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		hhMust(t, db.RunMigrationStep(context.Background(), "0012_price_index_2025"))
		idx, err = db.FindPriceIndex(hhSys())
		hhMust(t, err)
		if idx.Convert(13022, 2024, 2025) != 13452 {
			t.Errorf("index %+v", idx.Years[len(idx.Years)-1])
		}
		if it := current("POL-HOUR"); it.PriceYear != 2025 || it.UnitPrice != 9568 {
			t.Errorf("POL-HOUR with the shipped index %+v", it)
		}
	})
}
