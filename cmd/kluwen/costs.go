package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/importer"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

const costsUsage = `Usage:
  kluwen costs import FILE --org ORG [--sheet NAME] [--map FIELD=COLUMN]… [--decimal comma|point] [--preview N] [--good-rows-only]
  kluwen costs bulk --households N --records M [--seed S]

import reads a partner's CSV (any of ; , tab; UTF-8 or Windows-1252) or XLSX file of
cost records for the organisation ORG (its ID or exact name) and imports it: every row
is checked first, and nothing is imported while any row has an error, unless
--good-rows-only. Rows whose reference (the sourceRef column) was imported before are
skipped, so importing a file twice changes nothing; without a sourceRef column a row is
recognised by its content (a changed row is a new one). Columns are recognised by their
headers (Dutch or English); --map sets one, e.g. --map householdId=Klantnummer. Fields:
householdId, postcode, houseNumber, addition, bsn, itemCode, quantity, amount,
description, from, to, lifeDomain, kind, costType, department, sourceRef, estimated,
correction. --preview N shows the first N rows as they would be imported and writes
nothing.

bulk writes a synthetic town for benchmarks and demonstrations into the database: N new
households (a share of them with a case) and about M heavy-tailed cost records with
their rollups, in large batches and without per-record access-log entries.`

func runCosts(ctx context.Context, env *environment, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "import":
		return costsImport(ctx, env, args)
	case "bulk":
		return costsBulk(ctx, env, args)
	case "", "help", "-h", "--help":
		fmt.Fprintln(env.stdout, costsUsage)
		return nil
	}
	return usagef("unknown costs command %q\n\n%s", sub, costsUsage)
}

// mappingFlag collects --map FIELD=COLUMN.
type mappingFlag map[string]string

func (m mappingFlag) String() string { return fmt.Sprint(map[string]string(m)) }
func (m mappingFlag) Set(v string) error {
	field, col, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(field) == "" || strings.TrimSpace(col) == "" {
		return fmt.Errorf("want FIELD=COLUMN, got %q", v)
	}
	m[strings.TrimSpace(field)] = strings.TrimSpace(col)
	return nil
}

// apply sets the mapped columns on a mapping.
func (m mappingFlag) apply(mp *importer.Mapping) error {
	cols := map[string]*string{
		"householdId": &mp.HouseholdID, "postcode": &mp.Postcode, "houseNumber": &mp.HouseNumber, "addition": &mp.Addition, "bsn": &mp.BSN,
		"itemCode": &mp.ItemCode, "quantity": &mp.Quantity, "amount": &mp.Amount, "description": &mp.Description, "from": &mp.From, "to": &mp.To,
		"lifeDomain": &mp.LifeDomain, "kind": &mp.Kind, "costType": &mp.CostType, "department": &mp.Department, "sourceRef": &mp.SourceRef,
		"estimated": &mp.Estimated, "correction": &mp.Correction,
	}
	for _, field := range sortedKeys(m) {
		dst, ok := cols[field]
		if !ok {
			return usagef("--map: unknown field %q", field)
		}
		*dst = m[field]
	}
	return nil
}

func costsImport(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "costs import", "costs import FILE --org ORG [flags]", "Imports a partner's file of cost records.", dbSettings...)
	org := fs.String("org", "", "the importing organisation: ID or exact name")
	sheet := fs.String("sheet", "", "the XLSX sheet (default: the first)")
	decimal := fs.String("decimal", "", "the decimal separator: comma or point (default: detected)")
	preview := fs.Int("preview", 0, "show the first N rows as they would be imported, and write nothing")
	good := fs.Bool("good-rows-only", false, "import the good rows when some rows have errors")
	maps := mappingFlag{}
	fs.Var(maps, "map", "FIELD=COLUMN: the column that holds a field (repeatable)")
	// The file comes first; the flags after it.
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if file == "" || *org == "" {
		return usagef("name the file and --org\n\n%s", costsUsage)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return usagef("%v", err)
	}
	sys := systemContext(ctx, "costs import")
	o, err := findOrganisation(sys, a, *org)
	if err != nil {
		return err
	}
	tab, err := importer.Read(data, *sheet)
	if err != nil {
		return err
	}
	opt := importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: o.ID, GoodRowsOnly: *good}
	if err := maps.apply(&opt.Mapping); err != nil {
		return err
	}
	switch *decimal {
	case "":
	case "comma":
		opt.Decimal = kluwen.DecimalComma
	case "point":
		opt.Decimal = kluwen.DecimalPoint
	default:
		return usagef("--decimal: comma or point")
	}
	if *preview > 0 {
		p, err := importer.MakePreview(sys, a.Services.Costs, tab, opt, *preview)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "%s; decimal separator %q\n", p.Description, rune(p.Decimal))
		for _, r := range p.Rows {
			if r.Record != nil {
				fmt.Fprintf(env.stdout, "regel %d: huishouden %d, %s %s, %s, %s\n", r.Line, r.Record.HouseholdID, r.Record.ItemCode, r.Record.Quantity, r.Record.From.Format("02-01-2006"), r.Record.Amount)
			}
			for _, e := range r.Errors {
				fmt.Fprintln(env.stdout, e)
			}
		}
		return nil
	}
	res, err := importer.Import(sys, a.Services.Costs, tab, opt)
	if res != nil {
		for _, e := range res.Errors {
			fmt.Fprintln(env.stdout, e)
		}
		fmt.Fprintln(env.stdout, importer.Summary(res))
	}
	return err
}

func costsBulk(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "costs bulk", "costs bulk --households N --records M [flags]", "Writes a synthetic town of households and cost records.", dbSettings...)
	households := fs.Int("households", 100_000, "new households")
	records := fs.Int("records", 10_000_000, "cost records, about")
	seed := fs.Int64("seed", 1, "the same seed gives the same data")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *households < 1 || *records < 0 {
		return usagef("--households must be at least 1 and --records not negative")
	}
	st, err := a.DB.BulkLoadCosts(systemContext(ctx, "costs bulk"), sqlstore.BulkCostSpec{Households: *households, Records: *records, Seed: *seed})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Wrote %d households (%d with a case, with %d members and %d assessments) and %d cost records in %s (records and rollups %s).\n",
		st.Households, st.Cases, st.Persons, st.Assessments, st.Records, st.TotalTime.Round(1e8), st.RecordTime.Round(1e8))
	return nil
}
