package kluwen

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"regexp"
	"sort"
	"strings"
	"time"
)

// This file holds the cost analysis (kostenanalyse) of domain.md: the catalogue of
// unit costs (kengetallen), the price index that brings amounts of different years
// to one price year, and the cost records partners make on households.

// CostKind is the kind of effort a cost is for, as the plan's actions are: the
// balance between prevention, care and coercion is watched.
type CostKind string

// The cost kinds.
const (
	KindPreventie CostKind = "preventie"
	KindZorg      CostKind = "zorg"
	KindDrang     CostKind = "drang_dwang_straf"
)

// CostKinds lists every kind in display order.
var CostKinds = []CostKind{KindPreventie, KindZorg, KindDrang}

// Valid reports whether k is a known kind.
func (k CostKind) Valid() bool { return validIn(k, CostKinds) }

// Label is the Dutch name of the kind.
func (k CostKind) Label() string {
	switch k {
	case KindPreventie:
		return "Preventie"
	case KindZorg:
		return "Zorg en ondersteuning"
	case KindDrang:
		return "Drang, dwang en straf"
	}
	return string(k)
}

// CostType tells a service cost (what an organisation spends on effort: hours,
// days, placements) from a transfer payment (money that goes to the household, such
// as a benefit). The overviews keep them apart: a benefit is not the cost of help.
type CostType string

// The cost types.
const (
	CostTypeService  CostType = "dienst"
	CostTypeTransfer CostType = "overdracht"
)

// CostTypes lists every cost type in display order.
var CostTypes = []CostType{CostTypeService, CostTypeTransfer}

// Valid reports whether t is a known cost type.
func (t CostType) Valid() bool { return validIn(t, CostTypes) }

// Label is the Dutch name of the cost type.
func (t CostType) Label() string {
	switch t {
	case CostTypeService:
		return "Kosten van inzet"
	case CostTypeTransfer:
		return "Inkomensoverdracht (uitkering)"
	}
	return string(t)
}

// CostBasis says how firm a unit cost is.
type CostBasis string

// The bases of a unit cost.
const (
	BasisPublished CostBasis = "gepubliceerd" // a published figure
	BasisTariff    CostBasis = "tarief"       // a published tariff
	BasisDerived   CostBasis = "afgeleid"     // derived from published figures
	BasisProxy     CostBasis = "proxy"        // an approximation from another figure
	BasisOwn       CostBasis = "eigen"        // set by the organisation itself
)

// CostBases lists every basis in display order.
var CostBases = []CostBasis{BasisPublished, BasisTariff, BasisDerived, BasisProxy, BasisOwn}

// Valid reports whether b is a known basis.
func (b CostBasis) Valid() bool { return validIn(b, CostBases) }

// Label is the Dutch name of the basis.
func (b CostBasis) Label() string {
	switch b {
	case BasisPublished:
		return "Gepubliceerd kengetal"
	case BasisTariff:
		return "Gepubliceerd tarief"
	case BasisDerived:
		return "Afgeleid van gepubliceerde cijfers"
	case BasisProxy:
		return "Benadering (proxy)"
	case BasisOwn:
		return "Eigen vaststelling"
	}
	return string(b)
}

func validIn[T comparable](x T, xs []T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// CostLifeDomains are the codes of the life domains of the Zelfredzaamheid-Matrix
// (domain.md) a cost can be booked on, in the matrix's order. A cost record may
// leave the domain empty when it serves the household as a whole.
var CostLifeDomains = []string{
	"financien", "werk_opleiding", "tijdsbesteding", "huisvesting", "huiselijke_relaties",
	"geestelijke_gezondheid", "lichamelijke_gezondheid", "verslaving", "adl",
	"sociaal_netwerk", "maatschappelijke_participatie", "justitie", "opvoeding",
}

var costLifeDomainLabels = map[string]string{
	"financien": "Financiën", "werk_opleiding": "Werk & opleiding", "tijdsbesteding": "Tijdsbesteding",
	"huisvesting": "Huisvesting", "huiselijke_relaties": "Huiselijke relaties",
	"geestelijke_gezondheid": "Geestelijke gezondheid", "lichamelijke_gezondheid": "Lichamelijke gezondheid",
	"verslaving": "Verslaving", "adl": "Activiteiten dagelijks leven", "sociaal_netwerk": "Sociaal netwerk",
	"maatschappelijke_participatie": "Maatschappelijke participatie", "justitie": "Justitie",
	"opvoeding": "Opvoeding / ouderschap", "": "Geen leefgebied",
}

// ValidCostLifeDomain reports whether code is a life domain a cost can be booked
// on ("" for none).
func ValidCostLifeDomain(code string) bool {
	_, ok := costLifeDomainLabels[code]
	return ok
}

// CostLifeDomainLabel is the Dutch name of a life-domain code.
func CostLifeDomainLabel(code string) string {
	if l, ok := costLifeDomainLabels[code]; ok {
		return l
	}
	return code
}

// CostItem is one unit cost of the catalogue during one validity period. The code
// stays the same across periods; a new price opens a new period (a new CostItem)
// and closes the previous one the day before, so that records priced earlier keep
// the price they were made with.
type CostItem struct {
	ID        int64
	Code      string // e.g. "POL-HOUR"
	Name      string
	Sector    Sector // the partner sector that bears the cost
	Unit      string // hour, day, trajectory, year, event …
	UnitPrice Cents
	PriceYear int // the year the price is expressed in
	ValidFrom time.Time
	ValidTo   *time.Time // inclusive; nil while it holds
	Source    string     // where the figure comes from (a URL or a reference)
	Basis     CostBasis
	BasisNote string // how the figure was made, e.g. "midpoint of 45.77-58.44"
	Kind      CostKind
	CostType  CostType
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ValidOn reports whether the period covers the date.
func (i *CostItem) ValidOn(d time.Time) bool {
	return !i.ValidFrom.After(d) && (i.ValidTo == nil || !i.ValidTo.Before(d))
}

var costCodeRe = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_-]{0,39}$`)

// NormaliseCostCode returns a catalogue code in its stored form: trimmed, upper case.
func NormaliseCostCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Validate normalises i and checks it.
func (i *CostItem) Validate() error {
	var v Validator
	i.Code = NormaliseCostCode(i.Code)
	i.Name = strings.TrimSpace(i.Name)
	i.Unit = strings.TrimSpace(i.Unit)
	i.Source = strings.TrimSpace(i.Source)
	i.BasisNote = strings.TrimSpace(i.BasisNote)
	v.Check(costCodeRe.MatchString(i.Code), "code", "Vul een code in van hoofdletters, cijfers en streepjes (hoogstens 40 tekens), zoals POL-HOUR.")
	checkText(&v, "name", i.Name, MaxNameLen, true, "de naam")
	v.Check(i.Sector.Valid(), "sector", "Kies een sector uit de lijst.")
	checkText(&v, "unit", i.Unit, MaxShortLen, true, "de eenheid")
	v.Check(i.UnitPrice >= 0, "unitPrice", "De prijs per eenheid kan niet negatief zijn.")
	v.Check(i.PriceYear >= 1990 && i.PriceYear <= 2100, "priceYear", "Vul het prijsjaar in, zoals 2023.")
	v.Check(!i.ValidFrom.IsZero(), "validFrom", "Vul in vanaf wanneer de prijs geldt.")
	if i.ValidTo != nil && !i.ValidFrom.IsZero() && i.ValidTo.Before(i.ValidFrom) {
		v.Add("validTo", "De einddatum ligt voor de begindatum. Vul een einddatum in op of na de begindatum.")
	}
	checkText(&v, "source", i.Source, MaxTextLen, false, "de bron")
	v.Check(i.Basis.Valid(), "basis", "Kies de onderbouwing uit de lijst.")
	checkText(&v, "basisNote", i.BasisNote, MaxNameLen, false, "de toelichting op de onderbouwing")
	v.Check(i.Kind.Valid(), "kind", "Kies de soort inzet: preventie, zorg of drang/dwang/straf.")
	v.Check(i.CostType.Valid(), "costType", "Kies of het kosten van inzet zijn of een inkomensoverdracht.")
	return v.Err()
}

// CostItemFilter selects catalogue items, ordered by code and start of validity.
type CostItemFilter struct {
	Code    string     // one code, every period
	Sector  *Sector    //
	Kind    *CostKind  //
	ValidOn *time.Time // only the periods covering this date
	Current bool       // only the latest period of each code
}

// CostItemUpdate changes the descriptive fields of one period of an item; nil
// fields stay as they are. The price is never changed in place: SetCostItemPrice
// opens a new period. Records already made keep their kind, sector and cost type.
type CostItemUpdate struct {
	Name      *string
	Unit      *string
	Source    *string
	Basis     *CostBasis
	BasisNote *string
	Kind      *CostKind
	CostType  *CostType
	ValidTo   **time.Time // only for the latest period: ends (or reopens) the item
}

// CostItemPrice is a new price for an item from a date.
type CostItemPrice struct {
	UnitPrice Cents
	PriceYear int
	ValidFrom time.Time
	Source    string // "" keeps the source of the previous period
	Basis     CostBasis
	BasisNote string
}

// PriceIndexYear is the consumer-price index of one year, in hundredths (2015 =
// 10000 means 100,00).
type PriceIndexYear struct {
	Year   int
	Value  int64
	Source string
}

// PriceIndex is a consumer-price series with which amounts of one year are
// expressed in the prices of another. Years are sorted.
type PriceIndex struct {
	Years []PriceIndexYear
}

// FactorScale is the scale of a price-index factor: a factor of 1.0 is 1,000,000.
const FactorScale = 1_000_000

// value returns the index of year; a year outside the series takes the nearest
// year's value, and exact is false.
func (p *PriceIndex) value(year int) (v int64, exact bool) {
	if len(p.Years) == 0 {
		return 0, false
	}
	i := sort.Search(len(p.Years), func(i int) bool { return p.Years[i].Year >= year })
	switch {
	case i < len(p.Years) && p.Years[i].Year == year:
		return p.Years[i].Value, true
	case i == 0:
		return p.Years[0].Value, false
	case i == len(p.Years):
		return p.Years[len(p.Years)-1].Value, false
	}
	// A gap inside the series: take the earlier year.
	return p.Years[i-1].Value, false
}

// Has reports whether the series has a figure for the year.
func (p *PriceIndex) Has(year int) bool {
	_, ok := p.value(year)
	return ok
}

// LatestYear is the last year of the series, or 0.
func (p *PriceIndex) LatestYear() int {
	if len(p.Years) == 0 {
		return 0
	}
	return p.Years[len(p.Years)-1].Year
}

// Factor is the factor (scaled by FactorScale) that brings an amount in the
// prices of year from to the prices of year to. A year without a figure takes the
// nearest year's (see value); an empty series gives 1.
func (p *PriceIndex) Factor(from, to int) int64 {
	a, _ := p.value(from)
	b, _ := p.value(to)
	if a <= 0 || b <= 0 || from == to {
		return FactorScale
	}
	return divRound(b*FactorScale, a)
}

// Convert expresses an amount in the prices of year from in the prices of year
// to, rounded half away from zero to the cent.
func (p *PriceIndex) Convert(amount Cents, from, to int) Cents {
	return ApplyFactor(amount, p.Factor(from, to))
}

// ApplyFactor multiplies an amount by a factor scaled by FactorScale, rounding
// half away from zero to the cent. The product is formed in 128 bits: the price
// index accepts figures from 0,01 to 99.999,99, whose factors times a portfolio's
// yearly total do not fit in 64 bits. A result beyond the range of Cents (more
// than 92 million billion euros) is held at its limit rather than wrapping
// round to a wrong sign.
func ApplyFactor(amount Cents, factor int64) Cents {
	neg := (amount < 0) != (factor < 0)
	hi, lo := bits.Mul64(absU64(int64(amount)), absU64(factor))
	lo, carry := bits.Add64(lo, FactorScale/2, 0)
	hi += carry
	if hi >= FactorScale {
		return saturated(neg)
	}
	q, _ := bits.Div64(hi, lo, FactorScale)
	if q > math.MaxInt64 {
		return saturated(neg)
	}
	if neg {
		return Cents(-int64(q))
	}
	return Cents(q)
}

func absU64(v int64) uint64 {
	if v < 0 {
		return uint64(-(v + 1)) + 1
	}
	return uint64(v)
}

func saturated(neg bool) Cents {
	if neg {
		return Cents(-math.MaxInt64)
	}
	return Cents(math.MaxInt64)
}

// Validate checks one year of the series.
func (y *PriceIndexYear) Validate() error {
	var v Validator
	y.Source = strings.TrimSpace(y.Source)
	v.Check(y.Year >= 1990 && y.Year <= 2100, "year", "Vul een jaar in van 1990 tot en met 2100.")
	v.Check(y.Value > 0 && y.Value < 10_000_000, "value", "Vul een indexcijfer in groter dan 0, zoals 103,44.")
	checkText(&v, "source", y.Source, MaxNameLen, true, "de bron")
	return v.Err()
}

// CostCatalogueService is the catalogue of unit costs and the price index. Every
// signed-in user reads them (they are no personal data); the functional admin
// changes them.
type CostCatalogueService interface {
	FindCostItems(ctx context.Context, f CostItemFilter) ([]*CostItem, error)
	FindCostItemByID(ctx context.Context, id int64) (*CostItem, error)
	// CreateCostItem adds a code to the catalogue with its first period.
	CreateCostItem(ctx context.Context, i *CostItem) error
	UpdateCostItem(ctx context.Context, id int64, u CostItemUpdate) (*CostItem, error)
	// SetCostItemPrice opens a new period of the item with code from p.ValidFrom,
	// closing the period before it the day before.
	SetCostItemPrice(ctx context.Context, code string, p CostItemPrice) (*CostItem, error)
	FindPriceIndex(ctx context.Context) (*PriceIndex, error)
	// SetPriceIndexYear adds or changes the figure of one year.
	SetPriceIndexYear(ctx context.Context, y PriceIndexYear) error
}

// CostRecord says that partner organisation (department) spent a quantity of a
// catalogue item on a household (optionally one person in it) in a period, for a
// life domain; or that it spent an actual amount, described. The amount of a
// catalogue record is the quantity times the unit price valid at the start of the
// period; the record keeps that price, the item's kind, sector and cost type, so
// that later changes to the catalogue never change it. A record is never changed
// either: a mistake is undone by a correction record (negative quantities or
// amounts are allowed only there).
type CostRecord struct {
	ID             int64
	OrganisationID int64
	DepartmentID   *int64
	HouseholdID    int64
	PersonID       *int64
	ItemCode       string   // "" for an actual amount
	ItemID         int64    // the catalogue period that priced it (set by the store)
	Quantity       Quantity // for a catalogue item
	UnitPrice      Cents    // set by the store from the item
	Amount         Cents    // given for an actual amount; computed for an item
	Description    string   // required for an actual amount
	From           time.Time
	To             time.Time // inclusive; zero means the same day as From
	LifeDomain     string    // a CostLifeDomains code or ""
	Sector         Sector    // the item's sector, or the organisation's for an actual amount (set by the store)
	Kind           CostKind  // the item's kind; given for an actual amount
	CostType       CostType  // the item's cost type; given for an actual amount
	Estimated      bool      // an estimate rather than a registered fact
	Correction     bool      // corrects earlier records; may be negative
	SourceRef      string    // the sender's reference, unique per organisation: a re-import skips it
	CreatedBy      int64
	CreatedAt      time.Time
}

// The years cost records may fall in: the rollups keep one column per year.
const (
	FirstCostYear = 2000
	LastCostYear  = 2039
)

// MaxSourceRefLen is the longest source reference.
const MaxSourceRefLen = 200

// ContentRefPrefix starts the source references Kluwen derives from the content
// of an imported row that has none; a sender's own reference may not start so.
const ContentRefPrefix = "inhoud:"

// Validate normalises r and checks what can be checked without the database.
func (r *CostRecord) Validate() error {
	var v Validator
	r.ItemCode = NormaliseCostCode(r.ItemCode)
	r.Description = strings.TrimSpace(r.Description)
	r.LifeDomain = strings.TrimSpace(r.LifeDomain)
	r.SourceRef = strings.TrimSpace(r.SourceRef)
	v.Check(r.OrganisationID > 0, "organisationId", "Kies de organisatie die de kosten maakte.")
	v.Check(r.HouseholdID > 0, "householdId", "Kies een huishouden.")
	if r.ItemCode != "" {
		switch {
		case r.Quantity == 0:
			v.Add("quantity", "Vul een aantal in dat niet 0 is.")
		case r.Quantity < 0 && !r.Correction:
			v.Add("quantity", "Een negatief aantal kan alleen in een correctie. Vink 'Correctie' aan of vul een positief aantal in.")
		}
		if r.Amount != 0 {
			v.Add("amount", "Vul óf een kostenpost met een aantal in, óf een werkelijk bedrag, niet allebei.")
		}
		checkText(&v, "description", r.Description, MaxTextLen, false, "de omschrijving")
	} else {
		switch {
		case r.Amount == 0 && r.Quantity != 0:
			v.Add("itemCode", "Kies de kostenpost bij dit aantal.")
		case r.Amount == 0:
			v.Add("amount", "Kies een kostenpost met een aantal, of vul een werkelijk bedrag in.")
		case r.Amount < 0 && !r.Correction:
			v.Add("amount", "Een negatief bedrag kan alleen in een correctie. Vink 'Correctie' aan of vul een positief bedrag in.")
		}
		checkText(&v, "description", r.Description, MaxTextLen, true, "een omschrijving van het werkelijke bedrag")
		v.Check(r.Kind.Valid(), "kind", "Kies de soort inzet: preventie, zorg of drang/dwang/straf.")
		v.Check(r.CostType.Valid(), "costType", "Kies of het kosten van inzet zijn of een inkomensoverdracht.")
	}
	if r.From.IsZero() {
		v.Add("from", "Vul de begindatum van de periode in.")
	} else {
		if r.To.IsZero() {
			r.To = r.From
		}
		if r.To.Before(r.From) {
			v.Add("to", "De periode eindigt voor hij begint. Vul een einddatum in op of na de begindatum.")
		}
		if r.From.Year() < FirstCostYear || r.To.Year() > LastCostYear {
			v.Add("from", fmt.Sprintf("Vul een periode in tussen %d en %d.", FirstCostYear, LastCostYear))
		}
	}
	v.Check(ValidCostLifeDomain(r.LifeDomain), "lifeDomain", "Kies een leefgebied uit de lijst.")
	checkText(&v, "sourceRef", r.SourceRef, MaxSourceRefLen, false, "de bronverwijzing")
	if strings.HasPrefix(strings.ToLower(r.SourceRef), ContentRefPrefix) {
		v.Add("sourceRef", "Een bronverwijzing mag niet met 'inhoud:' beginnen: zo noemt Kluwen de regels zonder bronverwijzing.")
	}
	return v.Err()
}

// Quarter returns the year and quarter (1–4) of a date.
func Quarter(d time.Time) (year, quarter int) {
	return d.Year(), (int(d.Month())-1)/3 + 1
}

// QuarterIndex numbers quarters consecutively (year·4 + quarter − 1), so that
// the distance between two quarters is a subtraction.
func QuarterIndex(year, quarter int) int { return year*4 + quarter - 1 }

// HouseholdKey names a household in a partner's file: by its Kluwen ID, by its
// address (postcode, house number and addition), or by the BSN of a member (matched
// on the keyed hash, the member on the date of the cost).
type HouseholdKey struct {
	ID          int64
	Postcode    string
	HouseNumber int
	Addition    string
	BSN         string
}

// String describes the key without personal data beyond what the file held, for
// messages to the importing user.
func (k HouseholdKey) String() string {
	switch {
	case k.ID > 0:
		return fmt.Sprintf("huishouden %d", k.ID)
	case k.BSN != "":
		return "BSN " + MaskBSN(k.BSN)
	case k.Postcode != "":
		s := fmt.Sprintf("%s %d", k.Postcode, k.HouseNumber)
		if k.Addition != "" {
			s += "-" + k.Addition
		}
		return s
	}
	return "(geen)"
}

// CostImportRow is one row of a partner's file: its line number, the household
// key and the record (without OrganisationID and HouseholdID, which the import
// settles). Department names a department of the importing organisation. A row
// without a source reference is recognised by its content: the import derives
// its reference from the row, so that the same file imported twice changes
// nothing.
type CostImportRow struct {
	Line       int
	Household  HouseholdKey
	Department string
	Record     CostRecord
	// Errors already found while reading the row (bad numbers, dates); the store
	// adds its own and never writes a row that has any.
	Errors []CostRowError
}

// CostRowError is one problem in one row: the line, the field (as the mapping
// names it) and a Dutch message.
type CostRowError struct {
	Line    int
	Field   string
	Message string
}

func (e CostRowError) String() string {
	return fmt.Sprintf("regel %d, %s: %s", e.Line, e.Field, e.Message)
}

// CostImport is a batch of rows to import for one organisation.
type CostImport struct {
	// OrganisationID is the importing organisation: the actor's own; only the
	// system actor names another.
	OrganisationID int64
	Rows           []*CostImportRow
	// GoodRowsOnly imports the rows without errors when some rows have errors;
	// without it nothing is imported unless every row is good.
	GoodRowsOnly bool
	// DryRun checks and prices every row without writing anything (the preview).
	DryRun bool
	// UploadID, when set, is the actor's uploaded file (CostUpload) the rows come
	// from: an import that writes deletes it in the same transaction, and fails
	// with ENOTFOUND when it is gone, so that a form sent twice imports once.
	UploadID int64
}

// CostImportResult says what an import did (or, for a dry run, would do).
type CostImportResult struct {
	Rows      int
	Imported  int // new records written
	Unchanged int // rows whose source reference was already imported with the same input (as the file gives it)
	Rejected  int // rows with errors, not imported
	Errors    []CostRowError
	// Records are the priced records of the rows imported (or, for a dry run, to
	// be imported: without errors, not imported before), in row order, and Lines
	// their line numbers.
	Records []*CostRecord
	Lines   []int
}

// CostRecordFilter selects cost records of one household, newest period first
// (by the period's start date; records of the same start date newest recorded
// first).
type CostRecordFilter struct {
	HouseholdID    int64
	ID             int64 // only this record
	OrganisationID *int64
	From, To       *time.Time // on the period's start date, inclusive
	// AfterID continues the list after this record, which must be one of the
	// list's (a "cursor" error otherwise).
	AfterID int64
	Limit   int
}

// CostService records costs and answers the cost analysis. Recording is for a
// partner's own organisation on households the actor may read; reading a
// household's costs follows need-to-know; the portfolio and cohort views are
// pseudonymised for analysts.
type CostService interface {
	CreateCostRecord(ctx context.Context, r *CostRecord) error
	FindCostRecords(ctx context.Context, f CostRecordFilter) ([]*CostRecord, error)
	ImportCostRecords(ctx context.Context, imp *CostImport) (*CostImportResult, error)
	HouseholdCostOverview(ctx context.Context, householdID int64, o CostOverviewOptions) (*HouseholdCostOverview, error)
	CostPortfolio(ctx context.Context, f PortfolioFilter) (*CostPortfolio, error)
	CaseCostCourse(ctx context.Context, caseID int64, o CourseOptions) (*CostCourse, error)
	CohortCostCourse(ctx context.Context, f CohortFilter) (*CostCourse, error)
	CostPayers(ctx context.Context, f CohortFilter) (*CostPayers, error)
}
