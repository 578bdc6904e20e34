package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kluwen/kluwen"
)

// BulkCostSpec describes a synthetic load of households and cost records, for
// benchmarks and demonstrations: no real persons, only addresses in a made-up
// town and costs from the catalogue.
type BulkCostSpec struct {
	Households int   // new households
	Records    int   // cost records over them, roughly (heavy-tailed per household)
	CaseShare  int   // percent of the households with a case (by default 10)
	Seed       int64 // the same seed gives the same data
	FromYear   int   // first year of the records (by default 2018)
	ToYear     int   // last year (by default 2025)
}

// BulkCostStats says what a bulk load wrote and how long it took.
type BulkCostStats struct {
	Households     int
	Cases          int
	Persons        int // members of the households with a case
	Assessments    int // their ZRM assessments
	Records        int
	RollupRows     [4]int // year, quarter, portfolio, total
	RollupTime     time.Duration
	HouseholdTime  time.Duration
	RecordTime     time.Duration
	TotalTime      time.Duration
	FirstHousehold int64
	LastHousehold  int64
}

// Bulk-load batch sizes: records are generated for a group of households at a
// time, written in large batches, and their rollups added once per group.
const (
	bulkHouseholdGroup = 2000
	bulkRecordBatch    = 1000
)

// BulkLoadCosts writes a synthetic municipality's households, cases and cost
// records fast: in large batches (PostgreSQL: COPY), without the per-row checks
// and access-log entries of the services, with the rollups summed in Go per group
// of households and written beside the records. The load as a whole is one
// access-log entry. Only the system actor may; it is meant for benchmarks and
// demonstrations on a database of their own.
//
// The costs are heavy-tailed as in reality: the households' weights follow a
// Pareto distribution (α 1.1, capped at 200 times the smallest), so that about
// 5 % of the households carry about half of the records. Each household has a few
// streams — one organisation giving one catalogue item for one life domain —
// with a record every month for a run of months. The households with a case get
// members and ZRM assessments (bulkAssessed), so that the portfolio has problem
// domains to rank by.
func (db *DB) BulkLoadCosts(ctx context.Context, spec BulkCostSpec) (*BulkCostStats, error) {
	a, err := db.actor(ctx)
	if err != nil {
		return nil, err
	}
	if !a.System() {
		return nil, forbidden()
	}
	if spec.CaseShare == 0 {
		spec.CaseShare = 10
	}
	if spec.FromYear == 0 {
		spec.FromYear = 2018
	}
	if spec.ToYear == 0 {
		spec.ToYear = 2025
	}
	start := time.Now()
	st := &BulkCostStats{}
	rng := rand.New(rand.NewSource(spec.Seed))
	orgs, err := db.bulkOrganisations(ctx)
	if err != nil {
		return nil, err
	}
	var p *pricing
	if err := db.view(ctx, func(tx *Tx) error {
		var err error
		p, err = tx.loadPricing(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	ids, err := db.bulkHouseholds(ctx, spec.Households, orgs.municipality, rng)
	if err != nil {
		return nil, err
	}
	st.Households = len(ids)
	st.HouseholdTime = time.Since(start)
	if len(ids) > 0 {
		st.FirstHousehold, st.LastHousehold = ids[0], ids[len(ids)-1]
	}

	// Weights and record counts per household.
	weights := make([]float64, len(ids))
	var sum float64
	for i := range weights {
		weights[i] = math.Min(math.Pow(1-rng.Float64(), -1/1.1), 200)
		sum += weights[i]
	}
	counts := make([]int, len(ids))
	for i, w := range weights {
		counts[i] = int(math.Round(float64(spec.Records) * w / sum))
	}
	caseHouseholds, err := db.bulkCases(ctx, ids, weights, spec, orgs, rng)
	if err != nil {
		return nil, err
	}
	st.Cases = len(caseHouseholds)
	// Members and assessments draw from a random source of their own, so that
	// the costs stay what they were for a seed.
	if st.Persons, st.Assessments, err = db.bulkAssessed(ctx, caseHouseholds, orgs, rand.New(rand.NewSource(spec.Seed+1))); err != nil {
		return nil, err
	}

	recStart := time.Now()
	w, err := db.newBulkWriter(ctx)
	if err != nil {
		return nil, err
	}
	defer w.close()
	now := db.now().UTC().Truncate(time.Microsecond)
	var batch []*kluwen.CostRecord
	for g := 0; g < len(ids); g += bulkHouseholdGroup {
		delta := newRollupDelta()
		for i := g; i < min(len(ids), g+bulkHouseholdGroup); i++ {
			for _, r := range bulkRecords(ids[i], counts[i], spec, orgs, p, rng) {
				r.CreatedAt = now
				delta.add(r)
				batch = append(batch, r)
				if len(batch) == w.batch {
					if err := w.records(ctx, batch); err != nil {
						return nil, err
					}
					st.Records += len(batch)
					batch = batch[:0]
				}
			}
		}
		if err := w.records(ctx, batch); err != nil {
			return nil, err
		}
		st.Records += len(batch)
		batch = batch[:0]
		rt := time.Now()
		if err := w.rollups(ctx, delta); err != nil {
			return nil, err
		}
		st.RollupTime += time.Since(rt)
		st.RollupRows[0] += len(delta.year)
		st.RollupRows[1] += len(delta.quarter)
		st.RollupRows[2] += len(delta.portfolio)
		st.RollupRows[3] += len(delta.total)
	}
	if err := w.commit(); err != nil {
		return nil, err
	}
	w.close() // gives the connection back: SQLite has only one for writing
	st.RecordTime = time.Since(recStart)
	if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
		return nil, err
	}
	if err := db.update(ctx, func(tx *Tx) error {
		tx.log(eventCostCreate, kluwen.AuditCreate, fmt.Sprintf("%s: bulkladen van %d huishoudens en %d kostenregels", kluwen.BasisSystem, st.Households, st.Records))
		return nil
	}); err != nil {
		return nil, err
	}
	st.TotalTime = time.Since(start)
	return st, nil
}

// bulkOrgs are the partner organisations of a bulk load, per sector, with the
// catalogue codes each may record.
type bulkOrgs struct {
	municipality int64
	regisseur    int64
	list         []bulkOrg
}

type bulkOrg struct {
	id    int64
	codes []string
}

// bulkOrganisations makes (or finds) one or two organisations per sector and a
// regisseur for the cases.
func (db *DB) bulkOrganisations(ctx context.Context) (*bulkOrgs, error) {
	out := &bulkOrgs{}
	err := db.update(ctx, func(tx *Tx) error {
		codes := map[kluwen.Sector][]string{}
		rows, err := tx.query(ctx, `SELECT DISTINCT code, sector FROM cost_items ORDER BY code`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var code, sector string
			if err := rows.Scan(&code, &sector); err != nil {
				rows.Close()
				return err
			}
			codes[kluwen.Sector(sector)] = append(codes[kluwen.Sector(sector)], code)
		}
		rows.Close()
		names := map[kluwen.Sector][]string{
			kluwen.SectorGemeente: {"Gemeente Bankstad", "Sociaal Wijkteam Bankstad"}, kluwen.SectorZorg: {"GGZ Bankstad", "Verslavingszorg Oost"},
			kluwen.SectorJeugd: {"Jeugdbescherming Regio", "Jeugdhulp Bankstad"}, kluwen.SectorVeiligheid: {"Politie Eenheid Bankstad", "Reclassering Bankstad"},
			kluwen.SectorWonen: {"Woonstichting Bankstad"}, kluwen.SectorSchulden: {"Schuldhulp Bankstad"}, kluwen.SectorOnderwijs: {"Leerplicht Bankstad"},
		}
		for _, s := range kluwen.Sectors {
			for _, name := range names[s] {
				var id int64
				err := tx.queryRow(ctx, `SELECT id FROM organisations WHERE name = ?`, name).Scan(&id)
				if isNoRows(err) {
					id, err = tx.insert(ctx, `INSERT INTO organisations (name, sector, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id`, name, string(s), tx.now, tx.now)
				}
				if err != nil {
					return err
				}
				cs := codes[s]
				if s == kluwen.SectorGemeente && name != "Gemeente Bankstad" {
					cs = slices.DeleteFunc(slices.Clone(cs), func(c string) bool { return strings.HasPrefix(c, "BIJSTAND") })
				}
				if len(cs) > 0 {
					out.list = append(out.list, bulkOrg{id: id, codes: cs})
				}
				if name == "Gemeente Bankstad" {
					out.municipality = id
				}
			}
		}
		err = tx.queryRow(ctx, `SELECT id FROM users WHERE username = 'bulk.regisseur'`).Scan(&out.regisseur)
		if isNoRows(err) {
			out.regisseur, err = tx.insert(ctx, `INSERT INTO users (username, display_name, email, organisation_id, role, password_hash, disabled, created_at, updated_at)
				VALUES ('bulk.regisseur', 'Regisseur (bulk)', '', ?, 'regisseur', '!', ?, ?, ?) RETURNING id`, out.municipality, false, tx.now, tx.now)
		}
		return err
	})
	return out, err
}

var bulkWijken = []string{"Centrum", "Noord", "Oost", "Zuid", "West", "Havenkwartier", "Bloemenbuurt", "De Akkers", "Molenwijk", "Stationsbuurt",
	"Rivierzijde", "Oude Dorp", "Nieuw-West", "Parkwijk", "Industrieterrein", "De Hoven", "Kerkebuurt", "Vogelwijk", "Schildersbuurt", "Buitengebied"}

var bulkStreets = []string{"Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianalaan", "Beatrixstraat", "Eikenlaan", "Lindelaan", "Havenkade"}

// bulkHouseholds inserts n households and returns their IDs in order.
func (db *DB) bulkHouseholds(ctx context.Context, n int, org int64, rng *rand.Rand) ([]int64, error) {
	var ids []int64
	err := db.update(ctx, func(tx *Tx) error {
		var before int64
		if err := tx.queryRow(ctx, `SELECT COALESCE(max(id), 0) FROM households`).Scan(&before); err != nil {
			return err
		}
		const cols = 9
		per := maxParams / cols
		now := timeArg(db.dialect, tx.now)
		for start := 0; start < n; start += per {
			k := min(n, start+per) - start
			args := make([]any, 0, k*cols)
			for i := 0; i < k; i++ {
				seq := start + i
				pc := fmt.Sprintf("%04d %c%c", 1000+seq/400%8999, 'A'+rune(seq/20%20), 'B'+rune(seq%20))
				add := ""
				if seq%7 == 0 {
					add = "A"
				}
				args = append(args, bulkStreets[seq%len(bulkStreets)], 1+seq%399, add, pc, "Bankstad", bulkWijken[rng.Intn(len(bulkWijken))], org, now, now)
			}
			q := `INSERT INTO households (street, house_number, house_number_addition, postcode, city, wijk, registered_by_org_id, created_at, updated_at) VALUES ` +
				strings.TrimSuffix(strings.Repeat("("+placeholders(cols)+"), ", k), ", ")
			if _, err := tx.tx.ExecContext(ctx, rebind(db.dialect, q), args...); err != nil {
				return err
			}
		}
		rows, err := tx.query(ctx, `SELECT id FROM households WHERE id > ? ORDER BY id`, before)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

// bulkCases opens a case on CaseShare percent of the households, the heavier
// ones more often, at a random moment in the middle of the period, and returns
// those households with the case's opening date.
func (db *DB) bulkCases(ctx context.Context, ids []int64, weights []float64, spec BulkCostSpec, orgs *bulkOrgs, rng *rand.Rand) ([]bulkCaseHousehold, error) {
	var out []bulkCaseHousehold
	err := db.update(ctx, func(tx *Tx) error {
		first := time.Date(spec.FromYear+1, 1, 1, 9, 0, 0, 0, time.UTC)
		span := time.Date(spec.ToYear, 1, 1, 0, 0, 0, 0, time.UTC).Sub(first)
		var args []any
		flush := func() error {
			if len(args) == 0 {
				return nil
			}
			k := len(args) / 8
			q := `INSERT INTO cases (household_id, title, status, regisseur_id, organisation_id, opened_at, created_at, updated_at) VALUES ` +
				strings.TrimSuffix(strings.Repeat("("+placeholders(8)+"), ", k), ", ")
			_, err := tx.tx.ExecContext(ctx, rebind(db.dialect, q), args...)
			args = args[:0]
			return err
		}
		for i, id := range ids {
			p := float64(spec.CaseShare) / 100 * math.Min(3, math.Sqrt(weights[i]))
			if rng.Float64() >= p {
				continue
			}
			at := first.Add(time.Duration(rng.Int63n(int64(span)))).Truncate(time.Second)
			opened := timeArg(db.dialect, at)
			args = append(args, id, "Stapeling van problemen", string(kluwen.CaseUitvoering), orgs.regisseur, orgs.municipality, opened, opened, opened)
			out = append(out, bulkCaseHousehold{id, at})
			if len(args) >= maxParams-8 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	})
	return out, err
}

// bulkCaseHousehold is a household with a case in a bulk load.
type bulkCaseHousehold struct {
	id     int64
	opened time.Time
}

// bulkAssessed gives every household with a case one or two adults and perhaps
// a child, members since before the case, and ZRM assessments of the adults from
// the start of the case on, about every half year, with scores that tend to
// improve; through the bulk loader, which counts the households' problem
// domains. It returns how many persons and assessments it added.
func (db *DB) bulkAssessed(ctx context.Context, hs []bulkCaseHousehold, orgs *bulkOrgs, rng *rand.Rand) (persons, assessments int, err error) {
	if len(hs) == 0 {
		return 0, 0, nil
	}
	err = db.BulkLoad(ctx, func(b *BulkTx) error {
		in, err := b.Instrument(0)
		if err != nil {
			return err
		}
		today := b.Today()
		for _, h := range hs {
			opened := kluwen.DateOf(h.opened)
			since := opened.AddDate(-1-rng.Intn(10), -rng.Intn(12), 0)
			adults := 1 + rng.Intn(2)
			var assessed []int64
			for i := 0; i < adults+rng.Intn(2); i++ {
				born := since.AddDate(-20-rng.Intn(30), -rng.Intn(12), -rng.Intn(28))
				role := kluwen.MemberHead
				switch {
				case i == 1 && i < adults:
					role = kluwen.MemberPartner
				case i >= adults:
					role, born = kluwen.MemberChild, since.AddDate(0, -rng.Intn(12), 0)
				}
				p := &kluwen.Person{GivenName: "Bewoner", FamilyName: fmt.Sprintf("Huishouden %d", h.id), BirthDate: born, RegisteredByOrgID: orgs.municipality}
				if err := b.Person(p); err != nil {
					return err
				}
				if err := b.Member(&kluwen.Membership{HouseholdID: h.id, PersonID: p.ID, From: since, Role: role}); err != nil {
					return err
				}
				persons++
				if i < adults {
					assessed = append(assessed, p.ID)
				}
			}
			for _, person := range assessed {
				// Each person's starting level per domain; later assessments move up.
				level := make([]int, len(in.Domains))
				for i := range level {
					level[i] = 1 + rng.Intn(5)
				}
				for on := opened; !on.After(today); on = on.AddDate(0, 6+rng.Intn(6), rng.Intn(28)) {
					a := &kluwen.Assessment{HouseholdID: h.id, PersonID: person, Date: on, OrganisationID: orgs.municipality, UserID: orgs.regisseur}
					for i, d := range in.Domains {
						if rng.Intn(10) < 7 {
							a.Scores = append(a.Scores, &kluwen.AssessmentScore{DomainCode: d.Code, Score: level[i]})
						}
						if level[i] < 5 && rng.Intn(3) == 0 {
							level[i]++
						}
					}
					if len(a.Scores) == 0 {
						continue
					}
					if err := b.Assessment(a); err != nil {
						return err
					}
					assessments++
				}
			}
		}
		return nil
	})
	return persons, assessments, err
}

// bulkRecords makes about n records for one household.
func bulkRecords(household int64, n int, spec BulkCostSpec, orgs *bulkOrgs, p *pricing, rng *rand.Rand) []*kluwen.CostRecord {
	if n <= 0 {
		return nil
	}
	streams := max(1, min(40, (n+17)/18))
	months := (spec.ToYear - spec.FromYear + 1) * 12
	out := make([]*kluwen.CostRecord, 0, n)
	for s := 0; s < streams; s++ {
		k := n / streams
		if s < n%streams {
			k++
		}
		if k == 0 {
			continue
		}
		k = min(k, months)
		org := orgs.list[rng.Intn(len(orgs.list))]
		code := org.codes[rng.Intn(len(org.codes))]
		domain := kluwen.CostLifeDomains[rng.Intn(len(kluwen.CostLifeDomains))]
		first := rng.Intn(months - k + 1)
		qty := bulkQuantity(p.items[code][0].Unit, rng)
		for m := first; m < first+k; m++ {
			from := time.Date(spec.FromYear+m/12, time.Month(m%12+1), 1+rng.Intn(28), 0, 0, 0, 0, time.UTC)
			r := &kluwen.CostRecord{OrganisationID: org.id, HouseholdID: household, ItemCode: code, Quantity: qty, From: from, To: from, LifeDomain: domain}
			var v kluwen.Validator
			p.price(r, &v)
			if v.Err() != nil {
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// bulkQuantity is a plausible monthly quantity of a unit.
func bulkQuantity(unit string, rng *rand.Rand) kluwen.Quantity {
	// The shipped units are Dutch; English ones are recognised too.
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(unit, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("uur", "hour"):
		return kluwen.Units(int64(1 + rng.Intn(12)))
	case has("dagdeel", "half day"):
		return kluwen.Units(int64(1 + rng.Intn(8)))
	case has("dag", "day"):
		return kluwen.Units(int64(1 + rng.Intn(30)))
	case has("jaar", "year"):
		return 83 // one month of a year
	}
	return kluwen.Units(1)
}

// bulkWriter writes records and rollups in one long transaction: multi-row
// INSERTs on SQLite, COPY on PostgreSQL (whose rollups are then upserted in the
// same transaction).
type bulkWriter struct {
	db    *DB
	conn  *sql.Conn
	tx    *Tx
	batch int // records per write
}

func (db *DB) newBulkWriter(ctx context.Context) (*bulkWriter, error) {
	w := &bulkWriter{db: db, batch: bulkRecordBatch}
	if db.dialect == Postgres {
		w.batch = 20 * bulkRecordBatch
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w.conn = conn
	stx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	w.tx = &Tx{tx: stx, db: db, actor: kluwen.ActorFromContext(ctx), now: db.now().UTC()}
	return w, nil
}

var bulkRecordCols = []string{"organisation_id", "household_id", "item_id", "item_code", "quantity_milli", "unit_price_cents", "amount_cents",
	"description", "period_from", "period_to", "year", "quarter", "life_domain", "sector", "kind", "cost_type", "estimated", "correction", "created_at"}

func (w *bulkWriter) records(ctx context.Context, recs []*kluwen.CostRecord) error {
	if len(recs) == 0 {
		return nil
	}
	if w.db.dialect == Postgres {
		// COPY on the connection of the open transaction, so it is part of it.
		return w.conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"cost_records"}, bulkRecordCols, pgx.CopyFromSlice(len(recs), func(i int) ([]any, error) {
				r := recs[i]
				y, q := kluwen.Quarter(r.From)
				return []any{r.OrganisationID, r.HouseholdID, r.ItemID, r.ItemCode, int64(r.Quantity), int64(r.UnitPrice), int64(r.Amount),
					r.Description, r.From, r.To, int32(y), int32(q), r.LifeDomain, string(r.Sector), string(r.Kind), string(r.CostType), r.Estimated, r.Correction, r.CreatedAt}, nil
			}))
			return err
		})
	}
	cols := len(bulkRecordCols)
	args := make([]any, 0, len(recs)*cols)
	for _, r := range recs {
		y, q := kluwen.Quarter(r.From)
		args = append(args, r.OrganisationID, r.HouseholdID, r.ItemID, r.ItemCode, int64(r.Quantity), int64(r.UnitPrice), int64(r.Amount),
			r.Description, dateArg(r.From), dateArg(r.To), y, q, r.LifeDomain, string(r.Sector), string(r.Kind), string(r.CostType), r.Estimated, r.Correction,
			timeArg(w.db.dialect, r.CreatedAt))
	}
	q := `INSERT INTO cost_records (` + strings.Join(bulkRecordCols, ", ") + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat("("+placeholders(cols)+"), ", len(recs)), ", ")
	_, err := w.tx.tx.ExecContext(ctx, q, args...)
	return err
}

func (w *bulkWriter) rollups(ctx context.Context, d *rollupDelta) error { return d.apply(ctx, w.tx) }

func (w *bulkWriter) commit() error { return w.tx.tx.Commit() }

func (w *bulkWriter) close() {
	if w.conn != nil {
		w.tx.tx.Rollback()
		w.conn.Close()
		w.conn = nil
	}
}
