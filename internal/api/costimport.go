package api

import (
	"fmt"
	"net/http"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/importer"
)

// The import of cost records from a CSV or XLSX file: a preview, every bad row
// named by its line and column, nothing written while a row is bad unless only
// the good rows are asked for, and a second import of the same rows changes
// nothing (the source reference of each row, or without one its content).

func (m *importMappingIn) mapping() importer.Mapping {
	return importer.Mapping{
		HouseholdID: m.HouseholdID, Postcode: m.Postcode, HouseNumber: m.HouseNumber, Addition: m.Addition, BSN: m.BSN,
		ItemCode: m.ItemCode, Quantity: m.Quantity, Amount: m.Amount, Description: m.Description, From: m.From, To: m.To,
		LifeDomain: m.LifeDomain, Kind: m.Kind, CostType: m.CostType, Department: m.Department, SourceRef: m.SourceRef,
		Estimated: m.Estimated, Correction: m.Correction,
	}
}

func importErrorsOf(es []kluwen.CostRowError) []importErrorOut {
	out := make([]importErrorOut, len(es))
	for i, e := range es {
		out[i] = importErrorOut{Line: e.Line, Column: e.Field, Message: e.Message}
	}
	return out
}

// rowParams are the errors of the rows as invalid params, named
// "regel[<line>].<column>".
func rowParams(es []kluwen.CostRowError) []invalidParam {
	out := make([]invalidParam, len(es))
	for i, e := range es {
		out[i] = invalidParam{Name: fmt.Sprintf("regel[%d].%s", e.Line, e.Field), Code: "invalid", Reason: e.Message}
	}
	return out
}

func (s *server) importCosts(c *call, f *fileUpload) (*costImportOut, error) {
	t, err := importer.Read(f.data, c.queryString("blad"))
	if err != nil {
		return nil, err
	}
	opt := importer.Options{GoodRowsOnly: c.queryString("gedeeltelijk") == "true"}
	if f.mapping != nil {
		opt.Mapping = f.mapping.mapping()
	} else {
		opt.Mapping = importer.GuessMapping(t.Header)
	}
	switch c.queryString("decimaalteken") {
	case "komma":
		opt.Decimal = kluwen.DecimalComma
	case "punt":
		opt.Decimal = kluwen.DecimalPoint
	}
	if c.queryString("voorbeeld") == "true" {
		p, err := importer.MakePreview(c.ctx, s.svc.Costs, t, opt, 0)
		if err != nil {
			return nil, err
		}
		out := &costImportOut{Preview: true, Detected: p.Description, RowCount: len(t.Rows), RowErrors: importErrorsOf(p.Errors)}
		for _, r := range p.Rows {
			pr := importPreviewRowOut{Line: r.Line, RowErrors: importErrorsOf(r.Errors)}
			if r.Record != nil {
				rec := costRecordOf(r.Record)
				rec.Links = selfLinks{Self: link{Href: href("huishoudens", r.Record.HouseholdID, "kosten")}}
				pr.Record = &rec
			}
			out.PreviewRows = append(out.PreviewRows, pr)
		}
		return out, nil
	}
	res, err := importer.Import(c.ctx, s.svc.Costs, t, opt)
	if err != nil {
		if res != nil && len(res.Errors) > 0 && kluwen.ErrorCode(err) == kluwen.EINVALID {
			ps := rowParams(res.Errors)
			return nil, &statusError{status: http.StatusBadRequest, params: ps,
				detail: fmt.Sprintf("%d van de %d regels hebben fouten; er is niets geïmporteerd. Verbeter ze, of importeer met gedeeltelijk=true alleen de goede regels.", res.Rejected, res.Rows)}
		}
		return nil, err
	}
	return &costImportOut{Detected: describe(t), RowCount: res.Rows, Imported: res.Imported, Unchanged: res.Unchanged,
		Rejected: res.Rejected, RowErrors: importErrorsOf(res.Errors)}, nil
}

// describe says what was detected about the file.
func describe(t *importer.Table) string {
	switch t.Format {
	case importer.FormatXLSX:
		return fmt.Sprintf("XLSX, blad %q, %d regels", t.Sheet, len(t.Rows))
	}
	return fmt.Sprintf("CSV, %s, scheidingsteken %q, %d regels", t.Encoding, string(t.Delimiter), len(t.Rows))
}
