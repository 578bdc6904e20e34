package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kluwen/kluwen"
)

// Mapping says which column (by its header) holds which field. A household is
// named by HouseholdID, by Postcode and HouseNumber (with an optional Addition,
// or the addition written in the house number: "12A", "12-2"), or by BSN. A
// record has ItemCode and Quantity, or Amount and Description. Empty names are
// unmapped. SourceRef is optional: without it a row is recognised by its content
// when the file is imported again (see Import).
type Mapping struct {
	HouseholdID string
	Postcode    string
	HouseNumber string
	Addition    string
	BSN         string
	ItemCode    string
	Quantity    string
	Amount      string
	Description string
	From        string
	To          string
	LifeDomain  string
	Kind        string
	CostType    string
	Department  string
	SourceRef   string
	Estimated   string
	Correction  string
}

// fields lists the mapping's fields with their domain names (as the store's
// errors name them) and the header words GuessMapping recognises.
func (m *Mapping) fields() []struct {
	domain string
	col    *string
	words  []string
} {
	return []struct {
		domain string
		col    *string
		words  []string
	}{
		{"householdId", &m.HouseholdID, []string{"huishouden", "huishoudnummer", "huishouden_id", "household", "household_id", "hh_id"}},
		{"postcode", &m.Postcode, []string{"postcode", "zipcode", "postal_code"}},
		{"houseNumber", &m.HouseNumber, []string{"huisnummer", "huisnr", "house_number", "nummer"}},
		{"addition", &m.Addition, []string{"toevoeging", "huisnummertoevoeging", "addition"}},
		{"bsn", &m.BSN, []string{"bsn", "burgerservicenummer"}},
		{"itemCode", &m.ItemCode, []string{"kostenpost", "code", "item", "item_code", "kengetal", "product"}},
		{"quantity", &m.Quantity, []string{"aantal", "hoeveelheid", "quantity", "eenheden"}},
		{"amount", &m.Amount, []string{"bedrag", "amount", "kosten", "euro"}},
		{"description", &m.Description, []string{"omschrijving", "toelichting", "description"}},
		{"from", &m.From, []string{"van", "vanaf", "begindatum", "datum", "startdatum", "from", "date", "periode_van"}},
		{"to", &m.To, []string{"tot", "tot_en_met", "einddatum", "to", "periode_tot"}},
		{"lifeDomain", &m.LifeDomain, []string{"leefgebied", "domein", "life_domain"}},
		{"kind", &m.Kind, []string{"soort", "soort_inzet", "kind"}},
		{"costType", &m.CostType, []string{"kostensoort", "type", "cost_type"}},
		{"department", &m.Department, []string{"afdeling", "department"}},
		{"sourceRef", &m.SourceRef, []string{"bronverwijzing", "referentie", "kenmerk", "id", "source_ref", "reference"}},
		{"estimated", &m.Estimated, []string{"schatting", "geschat", "estimated"}},
		{"correction", &m.Correction, []string{"correctie", "correction"}},
	}
}

func headerKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer(" ", "_", "-", "_", ".", "").Replace(s)
}

// GuessMapping maps the columns whose headers it recognises (Dutch or English).
func GuessMapping(header []string) Mapping {
	var m Mapping
	used := map[int]bool{}
	for _, f := range m.fields() {
		for _, w := range f.words {
			for i, h := range header {
				if !used[i] && headerKey(h) == w {
					*f.col = h
					used[i] = true
					break
				}
			}
			if *f.col != "" {
				break
			}
		}
	}
	return m
}

// columns resolves the mapping to column positions, or a Dutch error naming the
// columns that are missing.
type columns struct {
	idx     map[string]int    // domain field → column
	headers map[string]string // domain field → header
}

func (m Mapping) resolve(header []string) (*columns, error) {
	c := &columns{idx: map[string]int{}, headers: map[string]string{}}
	pos := map[string]int{}
	for i, h := range header {
		if _, dup := pos[strings.ToLower(h)]; !dup {
			pos[strings.ToLower(h)] = i
		}
	}
	var missing []string
	for _, f := range m.fields() {
		name := strings.TrimSpace(*f.col)
		if name == "" {
			continue
		}
		i, ok := pos[strings.ToLower(name)]
		if !ok {
			missing = append(missing, fmt.Sprintf("%q", name))
			continue
		}
		c.idx[f.domain] = i
		c.headers[f.domain] = header[i]
	}
	if len(missing) > 0 {
		return nil, fileError("De koppeling noemt kolommen die het bestand niet heeft: %s.", strings.Join(missing, ", "))
	}
	var v kluwen.Validator
	_, id := c.idx["householdId"]
	_, pc := c.idx["postcode"]
	_, nr := c.idx["houseNumber"]
	_, bsn := c.idx["bsn"]
	v.Check(id || (pc && nr) || bsn, "mapping", "Koppel een kolom met het huishoudnummer, de kolommen postcode en huisnummer, of een kolom met het BSN.")
	_, item := c.idx["itemCode"]
	_, amount := c.idx["amount"]
	v.Check(item || amount, "mapping", "Koppel een kolom met de kostenpost (en het aantal) of een kolom met het bedrag.")
	if _, q := c.idx["quantity"]; item && !q {
		v.Add("mapping", "Koppel de kolom met het aantal bij de kolom met de kostenpost.")
	}
	if _, from := c.idx["from"]; !from {
		v.Add("mapping", "Koppel de kolom met de (begin)datum.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// header is the column header of a domain field, for messages.
func (c *columns) header(domain string) string {
	if h, ok := c.headers[domain]; ok {
		return h
	}
	if domain == "household" {
		for _, f := range []string{"householdId", "bsn", "postcode"} {
			if h, ok := c.headers[f]; ok {
				return h
			}
		}
	}
	return domain
}

// cell returns the trimmed cell of a field and whether the XLSX file holds it as
// a number.
func (c *columns) cell(r Row, domain string) (string, bool) {
	i, ok := c.idx[domain]
	if !ok || i >= len(r.Cells) {
		return "", false
	}
	return strings.TrimSpace(r.Cells[i]), i < len(r.Numeric) && r.Numeric[i]
}

// DetectDecimal tells from the amount and quantity cells whether the file writes
// decimals with a comma or a point: a value with both takes the last as decimal;
// a comma alone is a decimal comma; a point alone is a decimal point unless it
// groups thousands ("1.234"). The majority decides; without evidence, the Dutch
// comma. Numbers an XLSX file holds as numbers do not count.
func DetectDecimal(t *Table, m Mapping) kluwen.DecimalSeparator {
	c, err := m.resolve(t.Header)
	if err != nil {
		return kluwen.DecimalComma
	}
	comma, point := 0, 0
	for _, r := range t.Rows {
		for _, f := range []string{"amount", "quantity"} {
			s, numeric := c.cell(r, f)
			if numeric || s == "" {
				continue
			}
			ci, pi := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
			switch {
			case ci >= 0 && pi >= 0 && ci > pi:
				comma++
			case ci >= 0 && pi >= 0:
				point++
			case ci >= 0 && !groupsOfThree(s, ','):
				comma++
			case pi >= 0 && !groupsOfThree(s, '.'):
				point++
			}
		}
	}
	if point > comma {
		return kluwen.DecimalPoint
	}
	return kluwen.DecimalComma
}

// groupsOfThree reports whether s looks like "1.234" or "12.345.678": a
// separator that may group thousands.
func groupsOfThree(s string, sep byte) bool {
	s = strings.TrimLeft(s, "-+€ ")
	parts := strings.Split(s, string(sep))
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// rowErrors collects the problems of one row.
type rowErrors struct {
	line int
	errs []kluwen.CostRowError
}

func (e *rowErrors) add(field, format string, args ...any) {
	e.errs = append(e.errs, kluwen.CostRowError{Line: e.line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// convert turns the table's rows into import rows. Cells that cannot be read
// (numbers, dates, yes/no, codes) give row errors naming the field by its
// domain name; the caller renames fields to column headers.
func convert(t *Table, c *columns, dec kluwen.DecimalSeparator, rows []Row) []*kluwen.CostImportRow {
	out := make([]*kluwen.CostImportRow, 0, len(rows))
	for _, r := range rows {
		ir := &kluwen.CostImportRow{Line: r.Line}
		e := &rowErrors{line: r.Line}
		rec := &ir.Record
		if s, _ := c.cell(r, "householdId"); s != "" {
			id, err := strconv.ParseInt(strings.TrimPrefix(strings.ToUpper(s), "HH"), 10, 64)
			if err != nil || id <= 0 {
				e.add("household", "Het huishoudnummer %q is geen getal.", s)
			}
			ir.Household.ID = id
		} else if s, _ := c.cell(r, "bsn"); s != "" {
			ir.Household.BSN = s
		} else {
			ir.Household.Postcode, _ = c.cell(r, "postcode")
			nr, _ := c.cell(r, "houseNumber")
			add, _ := c.cell(r, "addition")
			if nr != "" {
				n, rest := splitHouseNumber(nr)
				if n <= 0 {
					e.add("houseNumber", "Het huisnummer %q begint niet met een getal.", nr)
				}
				ir.Household.HouseNumber = n
				if add == "" {
					add = rest
				}
			}
			ir.Household.Addition = add
		}
		rec.ItemCode, _ = c.cell(r, "itemCode")
		if s, numeric := c.cell(r, "quantity"); s != "" {
			q, err := parseNumber(s, numeric, dec, kluwen.QuantityScale)
			if err != nil {
				e.add("quantity", "%s (%q)", err, s)
			}
			rec.Quantity = kluwen.Quantity(q)
		}
		if s, numeric := c.cell(r, "amount"); s != "" {
			a, err := parseNumber(s, numeric, dec, 100)
			if err != nil {
				e.add("amount", "%s (%q)", err, s)
			}
			rec.Amount = kluwen.Cents(a)
		}
		rec.Description, _ = c.cell(r, "description")
		for _, f := range []struct {
			field string
			dst   *time.Time
		}{{"from", &rec.From}, {"to", &rec.To}} {
			s, numeric := c.cell(r, f.field)
			if s == "" {
				continue
			}
			d, err := parseDate(s, numeric)
			if err != nil {
				e.add(f.field, "%s (%q)", err, s)
			}
			*f.dst = d
		}
		if s, _ := c.cell(r, "lifeDomain"); s != "" {
			code, ok := lifeDomain(s)
			if !ok {
				e.add("lifeDomain", "Het leefgebied %q is onbekend.", s)
			}
			rec.LifeDomain = code
		}
		if s, _ := c.cell(r, "kind"); s != "" {
			k, ok := kindOf(s)
			if !ok {
				e.add("kind", "De soort inzet %q is onbekend: gebruik preventie, zorg of drang/dwang/straf.", s)
			}
			rec.Kind = k
		}
		if s, _ := c.cell(r, "costType"); s != "" {
			ct, ok := costTypeOf(s)
			if !ok {
				e.add("costType", "De kostensoort %q is onbekend: gebruik dienst of overdracht (uitkering).", s)
			}
			rec.CostType = ct
		}
		ir.Department, _ = c.cell(r, "department")
		rec.SourceRef, _ = c.cell(r, "sourceRef")
		for _, f := range []struct {
			field string
			dst   *bool
		}{{"estimated", &rec.Estimated}, {"correction", &rec.Correction}} {
			if s, _ := c.cell(r, f.field); s != "" {
				b, ok := yesNo(s)
				if !ok {
					e.add(f.field, "Vul ja of nee in, niet %q.", s)
				}
				*f.dst = b
			}
		}
		ir.Errors = e.errs
		out = append(out, ir)
	}
	return out
}

// splitHouseNumber splits "12A" or "12-2" into 12 and "A" or "2".
func splitHouseNumber(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return 0, ""
	}
	return n, strings.TrimLeft(strings.TrimSpace(s[i:]), "- ")
}

// parseNumber parses a number cell: an XLSX number as stored (decimal point,
// possibly an exponent), anything else with the file's decimal separator.
func parseNumber(s string, numeric bool, dec kluwen.DecimalSeparator, scale int64) (int64, error) {
	if numeric {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return 0, kluwen.ErrNumberSyntax
		}
		v := math.Round(f * float64(scale))
		if math.Abs(v) > 1e15 {
			return 0, kluwen.ErrNumberRange
		}
		if math.Abs(f*float64(scale)-v) > 1e-6 {
			return 0, kluwen.ErrNumberPrecision
		}
		return int64(v), nil
	}
	v, err := kluwen.ParseDecimal(s, dec, scale)
	if err == kluwen.ErrNumberSeparator && dec == kluwen.DecimalPoint {
		return 0, errPointSeparator
	}
	return v, err
}

var errPointSeparator = fmt.Errorf("Het decimaalteken klopt niet: dit bestand gebruikt een punt voor decimalen (1234.56).")

var dateLayouts = []string{"2006-01-02", "02-01-2006", "2-1-2006", "02/01/2006", "2/1/2006", "02.01.2006", "20060102", "2006-01-02T15:04:05", "2006-01-02 15:04:05"}

// parseDate parses a date as partners write it: ISO (2024-03-31) or Dutch
// (31-03-2024, 31/3/2024); an XLSX date is a day serial.
func parseDate(s string, numeric bool) (time.Time, error) {
	if numeric {
		f, err := strconv.ParseFloat(s, 64)
		if err == nil && f > 0 && f < 2958466 {
			t, err := excelize.ExcelDateToTime(f, false)
			if err == nil {
				return kluwen.DateOf(t), nil
			}
		}
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return kluwen.DateOf(t), nil
		}
	}
	return time.Time{}, fmt.Errorf("Dit is geen datum: schrijf 31-12-2024 of 2024-12-31.")
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "ja", "j", "yes", "y", "1", "true", "waar", "x":
		return true, true
	case "nee", "n", "no", "0", "false", "onwaar", "-":
		return false, true
	}
	return false, false
}

func lifeDomain(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	for _, code := range append([]string{""}, kluwen.CostLifeDomains...) {
		if k == code || k == strings.ToLower(kluwen.CostLifeDomainLabel(code)) {
			return code, true
		}
	}
	switch k {
	case "financien", "financiën", "geld", "schulden":
		return "financien", true
	case "wonen":
		return "huisvesting", true
	}
	return "", false
}

func kindOf(s string) (kluwen.CostKind, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	switch {
	case k == "preventie" || k == "preventief":
		return kluwen.KindPreventie, true
	case k == "zorg" || k == "ondersteuning" || k == "zorg en ondersteuning":
		return kluwen.KindZorg, true
	case k == "drang" || k == "dwang" || k == "straf" || strings.HasPrefix(k, "drang") || k == "drang_dwang_straf":
		return kluwen.KindDrang, true
	}
	return "", false
}

func costTypeOf(s string) (kluwen.CostType, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "dienst", "inzet", "kosten", "dienstverlening", "service":
		return kluwen.CostTypeService, true
	case "overdracht", "uitkering", "inkomensoverdracht", "transfer":
		return kluwen.CostTypeTransfer, true
	}
	return "", false
}
