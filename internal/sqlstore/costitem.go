package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costs"
)

var _ kluwen.CostCatalogueService = (*DB)(nil)

// seedCosts fills the catalogue and the price index of a new database from the
// files shipped in internal/costs. It runs once, as the Go step of migration
// 0004_costs; after that the admin keeps both.
func seedCosts(ctx context.Context, db *DB, tx *sql.Tx) error {
	idx, err := costs.PriceIndex()
	if err != nil {
		return err
	}
	items, err := costs.Catalogue(idx)
	if err != nil {
		return err
	}
	now := timeArg(db.dialect, db.now().UTC().Truncate(time.Microsecond))
	for _, y := range idx.Years {
		if _, err := tx.ExecContext(ctx, rebind(db.dialect, `INSERT INTO price_index (year, value, source, updated_at) VALUES (?, ?, ?, ?)`),
			y.Year, y.Value, y.Source, now); err != nil {
			return err
		}
	}
	for _, it := range items {
		if _, err := tx.ExecContext(ctx, rebind(db.dialect, `INSERT INTO cost_items (code, name, sector, unit, unit_price_cents, price_year, valid_from, valid_to,
			source, basis, basis_note, kind, cost_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			it.Code, it.Name, string(it.Sector), it.Unit, int64(it.UnitPrice), it.PriceYear, dateArg(it.ValidFrom), optDateArg(it.ValidTo),
			it.Source, string(it.Basis), it.BasisNote, string(it.Kind), string(it.CostType), now, now); err != nil {
			return err
		}
	}
	return nil
}

// shipIndexYears brings a database seeded with an earlier shipped price index
// up to the one shipped now. It adds the index figures of the years the
// database lacks (a figure the admin entered stays). Then, for every shipped
// item whose open period is still the one shipped for an earlier year (same
// start, same price), it closes that period at the end of its year and opens one
// per later shipped year, priced from the published figure with the database's
// index, as the shipped catalogue is. The name, unit, sector, source, kind and
// cost type carry over from the open period, so that the admin's edits stay; the
// basis says the price is derived. An item the admin has priced anew is left to
// the admin. Records keep the period and price they were made with; how many lie
// after the end of their period now is written to the application log.
func shipIndexYears(ctx context.Context, db *DB, tx *sql.Tx) error {
	shippedIdx, err := costs.PriceIndex()
	if err != nil {
		return err
	}
	items, err := costs.Catalogue(shippedIdx)
	if err != nil {
		return err
	}
	figs, err := costs.Figures()
	if err != nil {
		return err
	}
	have := map[int]kluwen.PriceIndexYear{}
	rows, err := tx.QueryContext(ctx, `SELECT year, value, source FROM price_index ORDER BY year`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var y kluwen.PriceIndexYear
		if err := rows.Scan(&y.Year, &y.Value, &y.Source); err != nil {
			rows.Close()
			return err
		}
		have[y.Year] = y
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := timeArg(db.dialect, db.now().UTC().Truncate(time.Microsecond))
	for _, y := range shippedIdx.Years {
		if _, ok := have[y.Year]; !ok {
			if _, err := tx.ExecContext(ctx, rebind(db.dialect, `INSERT INTO price_index (year, value, source, updated_at) VALUES (?, ?, ?, ?)`),
				y.Year, y.Value, y.Source, now); err != nil {
				return err
			}
			have[y.Year] = y
		}
	}
	idx := &kluwen.PriceIndex{}
	for _, y := range sortedMapKeys(have) {
		idx.Years = append(idx.Years, have[y])
	}
	published := map[string]costs.Figure{}
	for _, f := range figs {
		published[f.Code] = f
	}
	// The shipped periods by code and year.
	shipped := map[string]map[int]*kluwen.CostItem{}
	for _, it := range items {
		if shipped[it.Code] == nil {
			shipped[it.Code] = map[int]*kluwen.CostItem{}
		}
		shipped[it.Code][it.PriceYear] = it
	}
	type open struct {
		id        int64
		code      string
		price     int64
		priceYear int
		from      time.Time
	}
	var opens []open
	rows, err = tx.QueryContext(ctx, `SELECT id, code, unit_price_cents, price_year, valid_from FROM cost_items WHERE valid_to IS NULL ORDER BY code`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.code, &o.price, &o.priceYear, timeScan{&o.from}); err != nil {
			rows.Close()
			return err
		}
		opens = append(opens, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var closed []int64
	for _, o := range opens {
		prev := shipped[o.code][o.priceYear]
		if prev == nil || prev.ValidTo == nil || int64(prev.UnitPrice) != o.price || !o.from.Equal(prev.ValidFrom) {
			continue // not the shipped period, or still the last shipped one
		}
		f := published[o.code]
		for y := o.priceYear + 1; shipped[o.code][y] != nil; y++ {
			next := shipped[o.code][y]
			end := time.Date(y-1, 12, 31, 0, 0, 0, 0, time.UTC)
			if _, err := tx.ExecContext(ctx, rebind(db.dialect, `UPDATE cost_items SET valid_to = ?, updated_at = ? WHERE id = ?`), dateArg(end), now, o.id); err != nil {
				return err
			}
			closed = append(closed, o.id)
			var id int64
			if err := tx.QueryRowContext(ctx, rebind(db.dialect, `INSERT INTO cost_items (code, name, sector, unit, unit_price_cents, price_year, valid_from, valid_to,
				source, basis, basis_note, kind, cost_type, created_at, updated_at)
				SELECT code, name, sector, unit, ?, ?, ?, ?, source, ?, ?, kind, cost_type, ?, ? FROM cost_items WHERE id = ? RETURNING id`),
				int64(idx.Convert(f.Price, f.PriceYear, y)), y, dateArg(next.ValidFrom), optDateArg(next.ValidTo), string(next.Basis), next.BasisNote, now, now, o.id).Scan(&id); err != nil {
				return err
			}
			o.id = id
		}
	}
	if len(closed) > 0 {
		in, args := idList(closed)
		var n int
		if err := tx.QueryRowContext(ctx, rebind(db.dialect, `SELECT count(*) FROM cost_records r JOIN cost_items ci ON ci.id = r.item_id
			WHERE ci.id IN (`+in+`) AND r.period_from > ci.valid_to`), args...).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			db.log.Info("cost records keep the price of the period they were recorded in, which now ends before them", "records", n)
		}
	}
	return nil
}

const costItemColumns = `ci.id, ci.code, ci.name, ci.sector, ci.unit, ci.unit_price_cents, ci.price_year, ci.valid_from, ci.valid_to,
	ci.source, ci.basis, ci.basis_note, ci.kind, ci.cost_type, ci.created_at, ci.updated_at`

func scanCostItem(sc rowScanner) (*kluwen.CostItem, error) {
	it := &kluwen.CostItem{}
	var sector, basis, kind, typ string
	var price int64
	if err := sc.Scan(&it.ID, &it.Code, &it.Name, &sector, &it.Unit, &price, &it.PriceYear, timeScan{&it.ValidFrom}, nullTimeScan{&it.ValidTo},
		&it.Source, &basis, &it.BasisNote, &kind, &typ, timeScan{&it.CreatedAt}, timeScan{&it.UpdatedAt}); err != nil {
		return nil, err
	}
	it.Sector, it.Basis, it.Kind, it.CostType, it.UnitPrice = kluwen.Sector(sector), kluwen.CostBasis(basis), kluwen.CostKind(kind), kluwen.CostType(typ), kluwen.Cents(price)
	return it, nil
}

func (tx *Tx) queryCostItems(ctx context.Context, where string, args ...any) ([]*kluwen.CostItem, error) {
	rows, err := tx.query(ctx, `SELECT `+costItemColumns+` FROM cost_items ci WHERE `+where+` ORDER BY ci.code, ci.valid_from`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*kluwen.CostItem
	for rows.Next() {
		it, err := scanCostItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// FindCostItems returns the catalogue periods matching f, ordered by code and
// start. Every signed-in user may read the catalogue.
func (db *DB) FindCostItems(ctx context.Context, f kluwen.CostItemFilter) ([]*kluwen.CostItem, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.CostItem
	err := db.view(ctx, func(tx *Tx) error {
		var w whereClause
		if c := kluwen.NormaliseCostCode(f.Code); c != "" {
			w.add(`ci.code = ?`, c)
		}
		if f.Sector != nil {
			w.add(`ci.sector = ?`, string(*f.Sector))
		}
		if f.Kind != nil {
			w.add(`ci.kind = ?`, string(*f.Kind))
		}
		if f.ValidOn != nil {
			d := dateArg(*f.ValidOn)
			w.add(`ci.valid_from <= ? AND (ci.valid_to IS NULL OR ci.valid_to >= ?)`, d, d)
		}
		if f.Current {
			w.add(`ci.valid_from = (SELECT max(cl.valid_from) FROM cost_items cl WHERE cl.code = ci.code)`)
		}
		var err error
		out, err = tx.queryCostItems(ctx, w.String(), w.args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindCostItemByID returns one catalogue period.
func (db *DB) FindCostItemByID(ctx context.Context, id int64) (*kluwen.CostItem, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var it *kluwen.CostItem
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		it, err = tx.costItem(ctx, id)
		return err
	})
	return it, err
}

func (tx *Tx) costItem(ctx context.Context, id int64) (*kluwen.CostItem, error) {
	items, err := tx.queryCostItems(ctx, `ci.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, notFound("De kostenpost")
	}
	return items[0], nil
}

// latestCostItem returns the latest period of a code, or nil.
func (tx *Tx) latestCostItem(ctx context.Context, code string) (*kluwen.CostItem, error) {
	items, err := tx.queryCostItems(ctx, `ci.code = ? AND ci.valid_from = (SELECT max(cl.valid_from) FROM cost_items cl WHERE cl.code = ?)`, code, code)
	if err != nil || len(items) == 0 {
		return nil, err
	}
	return items[0], nil
}

// The access-log events of the catalogue's administration. The catalogue holds
// no personal data, but who changed a price or an index figure is accountable,
// as for the other lists the admin keeps.
const (
	eventCostItemCreate = "costitem.create"
	eventCostItemUpdate = "costitem.update"
	eventCostItemPrice  = "costitem.price"
	eventPriceIndexSave = "priceindex.save"
)

// requireCatalogueAdmin checks that the actor keeps the catalogue, writing a
// refusal to the access log, and returns the basis for the log entry of the
// change.
func (tx *Tx) requireCatalogueAdmin(event string, action kluwen.AuditAction) (string, error) {
	if tx.actor == nil {
		return "", kluwen.Errorf(kluwen.EUNAUTHORIZED, "U bent niet ingelogd.")
	}
	if !tx.actor.Can(kluwen.PermManageCostCatalogue) {
		tx.refuse(event, action, fmt.Sprintf("rol %s heeft geen toestemming %s", tx.actor.Role, kluwen.PermManageCostCatalogue))
		return "", kluwen.Errorf(kluwen.EFORBIDDEN, "Alleen de functioneel beheerder wijzigt de kostencatalogus.")
	}
	return actorBasis(tx.actor), nil
}

func (tx *Tx) insertCostItem(ctx context.Context, it *kluwen.CostItem) error {
	var err error
	it.CreatedAt, it.UpdatedAt = tx.now, tx.now
	it.ID, err = tx.insert(ctx, `INSERT INTO cost_items (code, name, sector, unit, unit_price_cents, price_year, valid_from, valid_to,
		source, basis, basis_note, kind, cost_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		it.Code, it.Name, string(it.Sector), it.Unit, int64(it.UnitPrice), it.PriceYear, dateArg(it.ValidFrom), optDateArg(it.ValidTo),
		it.Source, string(it.Basis), it.BasisNote, string(it.Kind), string(it.CostType), tx.now, tx.now)
	return err
}

// CreateCostItem adds a new code to the catalogue with its first period. Only the
// admin may.
func (db *DB) CreateCostItem(ctx context.Context, it *kluwen.CostItem) error {
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requireCatalogueAdmin(eventCostItemCreate, kluwen.AuditCreate)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, it.Validate()); err != nil {
			return err
		}
		if !v.Has("code") {
			latest, err := tx.latestCostItem(ctx, it.Code)
			if err != nil {
				return err
			}
			if latest != nil {
				v.Add("code", "Deze code staat al in de catalogus. Geef een nieuwe prijs op bij de bestaande kostenpost.")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.insertCostItem(ctx, it); err != nil {
			return err
		}
		tx.log(eventCostItemCreate, kluwen.AuditCreate, basis)
		return nil
	})
}

// UpdateCostItem changes the descriptive fields of one period. Its price and
// start stay; ValidTo may only be changed on the latest period, which ends (or
// reopens) the item. Records already made keep what they were made with.
func (db *DB) UpdateCostItem(ctx context.Context, id int64, u kluwen.CostItemUpdate) (*kluwen.CostItem, error) {
	var it *kluwen.CostItem
	err := db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requireCatalogueAdmin(eventCostItemUpdate, kluwen.AuditUpdate)
		if err != nil {
			return err
		}
		if it, err = tx.costItem(ctx, id); err != nil {
			return err
		}
		var v kluwen.Validator
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		set(&it.Name, u.Name)
		set(&it.Unit, u.Unit)
		set(&it.Source, u.Source)
		set(&it.BasisNote, u.BasisNote)
		if u.Basis != nil {
			it.Basis = *u.Basis
		}
		if u.Kind != nil {
			it.Kind = *u.Kind
		}
		if u.CostType != nil {
			it.CostType = *u.CostType
		}
		if u.ValidTo != nil {
			latest, err := tx.latestCostItem(ctx, it.Code)
			if err != nil {
				return err
			}
			if latest.ID != it.ID {
				v.Add("validTo", "Alleen de laatste periode van een kostenpost kan een andere einddatum krijgen.")
			}
			it.ValidTo = *u.ValidTo
		}
		if err := mergeFields(&v, it.Validate()); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		it.UpdatedAt = tx.now
		if _, err = tx.exec(ctx, `UPDATE cost_items SET name = ?, unit = ?, source = ?, basis = ?, basis_note = ?, kind = ?, cost_type = ?, valid_to = ?, updated_at = ? WHERE id = ?`,
			it.Name, it.Unit, it.Source, string(it.Basis), it.BasisNote, string(it.Kind), string(it.CostType), optDateArg(it.ValidTo), tx.now, id); err != nil {
			return err
		}
		tx.log(eventCostItemUpdate, kluwen.AuditUpdate, basis)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// SetCostItemPrice opens a new period of an item from p.ValidFrom, which must lie
// after the start of the latest period. The latest period is closed the day
// before when it ran on; a period that had already ended stays as it was (the
// item was not available in between). Records already made keep their price.
func (db *DB) SetCostItemPrice(ctx context.Context, code string, p kluwen.CostItemPrice) (*kluwen.CostItem, error) {
	var it *kluwen.CostItem
	err := db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requireCatalogueAdmin(eventCostItemPrice, kluwen.AuditCreate)
		if err != nil {
			return err
		}
		code = kluwen.NormaliseCostCode(code)
		latest, err := tx.latestCostItem(ctx, code)
		if err != nil {
			return err
		}
		if latest == nil {
			return notFound("De kostenpost")
		}
		var v kluwen.Validator
		if p.ValidFrom.IsZero() {
			v.Add("validFrom", "Vul in vanaf wanneer de nieuwe prijs geldt.")
		} else if !p.ValidFrom.After(latest.ValidFrom) {
			v.Add("validFrom", fmt.Sprintf("Een nieuwe prijs geldt na het begin van de huidige periode (%s). Kies een latere datum.", latest.ValidFrom.Format("02-01-2006")))
		}
		it = &kluwen.CostItem{
			Code: latest.Code, Name: latest.Name, Sector: latest.Sector, Unit: latest.Unit,
			UnitPrice: p.UnitPrice, PriceYear: p.PriceYear, ValidFrom: kluwen.DateOf(p.ValidFrom),
			Source: p.Source, Basis: p.Basis, BasisNote: p.BasisNote, Kind: latest.Kind, CostType: latest.CostType,
		}
		if strings.TrimSpace(it.Source) == "" {
			it.Source = latest.Source
		}
		if err := mergeFields(&v, it.Validate()); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if latest.ValidTo == nil || !latest.ValidTo.Before(it.ValidFrom) {
			end := it.ValidFrom.AddDate(0, 0, -1)
			if _, err := tx.exec(ctx, `UPDATE cost_items SET valid_to = ?, updated_at = ? WHERE id = ?`, dateArg(end), tx.now, latest.ID); err != nil {
				return err
			}
		}
		if err := tx.insertCostItem(ctx, it); err != nil {
			return err
		}
		tx.log(eventCostItemPrice, kluwen.AuditCreate, basis)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// loadPriceIndex reads the whole price index.
func (tx *Tx) loadPriceIndex(ctx context.Context) (*kluwen.PriceIndex, error) {
	rows, err := tx.query(ctx, `SELECT year, value, source FROM price_index ORDER BY year`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p := &kluwen.PriceIndex{}
	for rows.Next() {
		var y kluwen.PriceIndexYear
		if err := rows.Scan(&y.Year, &y.Value, &y.Source); err != nil {
			return nil, err
		}
		p.Years = append(p.Years, y)
	}
	return p, rows.Err()
}

// FindPriceIndex returns the price index. Every signed-in user may read it.
func (db *DB) FindPriceIndex(ctx context.Context) (*kluwen.PriceIndex, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var p *kluwen.PriceIndex
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.loadPriceIndex(ctx)
		return err
	})
	return p, err
}

// SetPriceIndexYear adds or changes the index figure of one year. Only the admin
// may. The rollups hold nominal amounts, so a changed figure applies to every
// overview at once.
func (db *DB) SetPriceIndexYear(ctx context.Context, y kluwen.PriceIndexYear) error {
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requireCatalogueAdmin(eventPriceIndexSave, kluwen.AuditUpdate)
		if err != nil {
			return err
		}
		if err := y.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO price_index (year, value, source, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (year) DO UPDATE SET value = excluded.value, source = excluded.source, updated_at = excluded.updated_at`,
			y.Year, y.Value, y.Source, tx.now); err != nil {
			return err
		}
		tx.log(eventPriceIndexSave, kluwen.AuditUpdate, basis)
		return nil
	})
}

// priceYearOf settles the price year of a view: the one asked, or the latest of
// the index. It also returns the years among used that the index has no figure
// for.
func priceYearOf(p *kluwen.PriceIndex, asked int, used []int) (int, []int, error) {
	year := asked
	if year == 0 {
		year = p.LatestYear()
	}
	if year < 1990 || year > 2100 {
		var v kluwen.Validator
		v.Add("priceYear", "Kies een prijsjaar, zoals 2024.")
		return 0, nil, v.Err()
	}
	var missing []int
	seen := map[int]bool{}
	for _, y := range append([]int{year}, used...) {
		if !seen[y] && !p.Has(y) {
			missing = append(missing, y)
		}
		seen[y] = true
	}
	sort.Ints(missing)
	return year, missing, nil
}
