package importer

import (
	"context"
	"fmt"
	"sort"

	"github.com/kluwen/kluwen"
)

// Options set up an import.
type Options struct {
	Mapping Mapping
	// Decimal is the file's decimal separator; 0 detects it (DetectDecimal).
	Decimal kluwen.DecimalSeparator
	// OrganisationID is the importing organisation; only the system actor names
	// one, everyone else imports for their own.
	OrganisationID int64
	// GoodRowsOnly imports the rows without errors when others have errors.
	GoodRowsOnly bool
	// DryRun checks and prices every row without writing (Import then returns
	// what it would do, with the priced records).
	DryRun bool
	// UploadID is the uploaded file the table was read from, consumed by the
	// import (kluwen.CostImport.UploadID).
	UploadID int64
}

// Preview is the first rows of a file as they would be imported.
type Preview struct {
	Description string // what was detected: format, encoding, delimiter, rows
	Decimal     kluwen.DecimalSeparator
	Mapping     Mapping
	Rows        []PreviewRow
	Errors      []kluwen.CostRowError // of the previewed rows, fields named by column header
}

// PreviewRow is one previewed row: the record priced by the store, or its
// errors.
type PreviewRow struct {
	Line   int
	Record *kluwen.CostRecord // nil when the row has errors
	Errors []kluwen.CostRowError
}

// PreviewRows is how many rows a preview shows unless asked.
const PreviewRows = 20

// rowsFor parses the given rows of the table with the options.
func rowsFor(t *Table, opt *Options, rows []Row) ([]*kluwen.CostImportRow, *columns, error) {
	c, err := opt.Mapping.resolve(t.Header)
	if err != nil {
		return nil, nil, err
	}
	if opt.Decimal == 0 {
		opt.Decimal = DetectDecimal(t, opt.Mapping)
	}
	return convert(t, c, opt.Decimal, rows), c, nil
}

// named renames the errors' fields from the domain's names to the file's column
// headers and sorts them by line.
func named(c *columns, errs []kluwen.CostRowError) []kluwen.CostRowError {
	out := make([]kluwen.CostRowError, len(errs))
	for i, e := range errs {
		e.Field = c.header(domainField(e.Field))
		out[i] = e
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}

// domainField maps the store's field names of a record onto the mapping's.
func domainField(f string) string {
	switch f {
	case "departmentId":
		return "department"
	case "personId":
		return "household"
	}
	return f
}

// MakePreview reads the first n rows (PreviewRows when n ≤ 0) as they would be
// imported: parsed, priced and checked by the store in a dry run, with every
// error named by line and column.
func MakePreview(ctx context.Context, svc kluwen.CostService, t *Table, opt Options, n int) (*Preview, error) {
	if n <= 0 {
		n = PreviewRows
	}
	rows, c, err := rowsFor(t, &opt, t.Rows[:min(n, len(t.Rows))])
	if err != nil {
		return nil, err
	}
	res, err := svc.ImportCostRecords(ctx, &kluwen.CostImport{OrganisationID: opt.OrganisationID, Rows: rows, DryRun: true})
	if err != nil {
		return nil, err
	}
	p := &Preview{Description: t.describe(), Decimal: opt.Decimal, Mapping: opt.Mapping, Errors: named(c, res.Errors)}
	byLine := map[int][]kluwen.CostRowError{}
	for _, e := range p.Errors {
		byLine[e.Line] = append(byLine[e.Line], e)
	}
	// A row without errors that has no record was imported before (unchanged).
	records := make(map[int]*kluwen.CostRecord, len(res.Records))
	for i, rec := range res.Records {
		records[res.Lines[i]] = rec
	}
	for _, r := range rows {
		pr := PreviewRow{Line: r.Line, Errors: byLine[r.Line]}
		if len(pr.Errors) == 0 {
			pr.Record = records[r.Line]
		}
		p.Rows = append(p.Rows, pr)
	}
	return p, nil
}

// Import imports every row of the table (or, with opt.DryRun, says what importing
// would do, without writing). When any row has an error nothing is
// imported (unless opt.GoodRowsOnly) and the result lists every error, with its
// line and column, beside an EINVALID error. Rows whose source reference was
// imported before with the same content are skipped, so a file imported twice
// changes nothing. Without a column of source references (or with an empty cell
// in it) the store recognises a row by its content: a row that is the same as
// one imported before is skipped, a changed row is a new one.
func Import(ctx context.Context, svc kluwen.CostService, t *Table, opt Options) (*kluwen.CostImportResult, error) {
	rows, c, err := rowsFor(t, &opt, t.Rows)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, fileError("Het bestand heeft geen regels onder de kopregel.")
	}
	res, err := svc.ImportCostRecords(ctx, &kluwen.CostImport{OrganisationID: opt.OrganisationID, Rows: rows, GoodRowsOnly: opt.GoodRowsOnly, DryRun: opt.DryRun, UploadID: opt.UploadID})
	if res != nil {
		res.Errors = named(c, res.Errors)
	}
	return res, err
}

// Summary is a short Dutch account of a result, for the command line.
func Summary(res *kluwen.CostImportResult) string {
	return fmt.Sprintf("%d regels: %d geïmporteerd, %d al eerder geïmporteerd, %d met fouten", res.Rows, res.Imported, res.Unchanged, res.Rejected)
}
