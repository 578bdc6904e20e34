package web

import (
	"context"
	"encoding/csv"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/costexport"
	"github.com/kluwen/kluwen/internal/importer"
)

// Importing cost records from a partner's CSV or XLSX file, for the user's own
// organisation, in four steps: upload the file; map its columns onto the fields
// of a cost record; check the preview, a dry run of every row with every bad row
// named by its line and column; import, all or nothing, or explicitly only the
// good rows. The file is kept by the store between the steps (for an hour at
// most, for its uploader only) and deleted after the import. Reading, checking
// and importing are internal/importer's and the store's: the same as the API and
// the command line.

// Limits of the preview page: the priced records it shows, and the errors it
// lists (all of them are in the CSV download).
const (
	importPreviewRecords = 20
	importPreviewErrors  = 500
	importSampleValues   = 3
	importResultLinks    = 20
)

// mappingInput is one field of the import the user maps a column onto. Its name
// is the API's name of the field.
type mappingInput struct {
	Name  string
	Label string
	Hint  string
	col   func(m *importer.Mapping) *string
}

type mappingGroup struct {
	ID     string
	Legend string
	Hint   string
	Inputs []mappingInput
}

var mappingGroups = []mappingGroup{
	{"koppeling-huishouden", "Het huishouden", "Koppel het huishoudnummer, of de postcode en het huisnummer, of het BSN.", []mappingInput{
		{"huishoudenId", "Huishoudnummer", "Het nummer van het huishouden in Kluwen, zoals 12 of HH-12.", func(m *importer.Mapping) *string { return &m.HouseholdID }},
		{"postcode", "Postcode", "", func(m *importer.Mapping) *string { return &m.Postcode }},
		{"huisnummer", "Huisnummer", "Met of zonder toevoeging, zoals 12 of 12A.", func(m *importer.Mapping) *string { return &m.HouseNumber }},
		{"huisnummertoevoeging", "Huisnummertoevoeging", "", func(m *importer.Mapping) *string { return &m.Addition }},
		{"bsn", "BSN", "Het BSN van een lid van het huishouden op de begindatum.", func(m *importer.Mapping) *string { return &m.BSN }},
	}},
	{"koppeling-kosten", "De kosten", "Koppel de kostenpost en het aantal, of een werkelijk bedrag met een omschrijving, en de begindatum.", []mappingInput{
		{"kostenpostCode", "Kostenpost", "De code uit de catalogus, zoals POL-HOUR.", func(m *importer.Mapping) *string { return &m.ItemCode }},
		{"aantal", "Aantal", "Het aantal eenheden van de kostenpost.", func(m *importer.Mapping) *string { return &m.Quantity }},
		{"bedrag", "Werkelijk bedrag", "Alleen zonder kostenpost.", func(m *importer.Mapping) *string { return &m.Amount }},
		{"omschrijving", "Omschrijving", "Verplicht bij een werkelijk bedrag.", func(m *importer.Mapping) *string { return &m.Description }},
		{"van", "Begindatum", "De eerste dag van de periode.", func(m *importer.Mapping) *string { return &m.From }},
		{"tot", "Einddatum", "De laatste dag van de periode; leeg is dezelfde dag.", func(m *importer.Mapping) *string { return &m.To }},
	}},
	{"koppeling-indeling", "De indeling", "", []mappingInput{
		{"leefgebied", "Leefgebied", "", func(m *importer.Mapping) *string { return &m.LifeDomain }},
		{"soort", "Soort inzet", "Alleen bij een werkelijk bedrag: preventie, zorg of drang/dwang/straf.", func(m *importer.Mapping) *string { return &m.Kind }},
		{"kostensoort", "Kostensoort", "Alleen bij een werkelijk bedrag: dienst of overdracht.", func(m *importer.Mapping) *string { return &m.CostType }},
		{"afdeling", "Afdeling", "De naam van een afdeling van uw organisatie.", func(m *importer.Mapping) *string { return &m.Department }},
	}},
	{"koppeling-overig", "Kenmerk en bijzonderheden", "", []mappingInput{
		{"bronverwijzing", "Bronverwijzing", "Uw kenmerk per regel. Regels met een bronverwijzing die al is geïmporteerd, worden overgeslagen: twee keer hetzelfde bestand importeren verandert niets. Zonder kolom met een kenmerk herkent Kluwen een regel aan zijn inhoud; een gewijzigde regel telt dan als een nieuwe.", func(m *importer.Mapping) *string { return &m.SourceRef }},
		{"geschat", "Geschat", "Ja als het bedrag een schatting is.", func(m *importer.Mapping) *string { return &m.Estimated }},
		{"correctie", "Correctie", "Ja bij een correctieregel; alleen die mag negatief zijn.", func(m *importer.Mapping) *string { return &m.Correction }},
	}},
}

// mappingNames are the inputs of the mapping form, in page order, with the
// decimal separator last.
var mappingNames = func() []string {
	var out []string
	for _, g := range mappingGroups {
		for _, in := range g.Inputs {
			out = append(out, in.Name)
		}
	}
	return append(out, "decimaalteken")
}()

var decimalOptions = []option{
	{Value: "", Label: "Automatisch herkennen"},
	{Value: "komma", Label: "Komma: 1.234,56"},
	{Value: "punt", Label: "Punt: 1,234.56"},
}

// importSetup is a mapping and decimal separator read from a form.
type importSetup struct {
	Mapping importer.Mapping
	Decimal kluwen.DecimalSeparator
}

// readSetup reads the mapping form's values into a mapping, checking that every
// chosen column is one of the file's.
func readSetup(f *Form, t *importer.Table) importSetup {
	headers := map[string]bool{}
	for _, h := range t.Header {
		headers[h] = true
	}
	var st importSetup
	for _, g := range mappingGroups {
		for _, in := range g.Inputs {
			v := f.Get(in.Name)
			if v != "" && !headers[v] {
				f.fail(in.Name, "Kies een kolom uit de lijst.")
				continue
			}
			*in.col(&st.Mapping) = v
		}
	}
	switch f.Get("decimaalteken") {
	case "":
	case "komma":
		st.Decimal = kluwen.DecimalComma
	case "punt":
		st.Decimal = kluwen.DecimalPoint
	default:
		f.fail("decimaalteken", "Kies het decimaalteken uit de lijst.")
	}
	return st
}

// setupForm fills a mapping form from a mapping.
func setupForm(m importer.Mapping) *Form {
	f := newForm(mappingNames...)
	for _, g := range mappingGroups {
		for _, in := range g.Inputs {
			f.Set(in.Name, *in.col(&m))
		}
	}
	return f
}

// setupQuery is the mapping form's values as a query, for the links between
// the steps.
func setupQuery(f *Form) string {
	q := url.Values{}
	for _, n := range mappingNames {
		if v := f.Get(n); v != "" {
			q.Set(n, v)
		}
	}
	q.Set("koppeling", "1")
	return q.Encode()
}

type hiddenInput struct{ Name, Value string }

// setupHidden is the mapping as hidden inputs of the confirmation form.
func setupHidden(f *Form) []hiddenInput {
	var out []hiddenInput
	for _, n := range mappingNames {
		if v := f.Get(n); v != "" {
			out = append(out, hiddenInput{n, v})
		}
	}
	return out
}

// loadUpload finds the user's upload and reads it. An upload that is not the
// user's, or has expired, is not found; its uploader is told to upload again.
func (s *Server) loadUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) (*kluwen.CostUpload, *importer.Table, bool, error) {
	return s.loadUploadWith(w, r, c, s.svc.CostUploads.FindCostUpload)
}

// loadUploadWith is loadUpload with the service call that finds the upload
// (a read, or an export for a download).
func (s *Server) loadUploadWith(w http.ResponseWriter, r *http.Request, c *reqCtx,
	find func(context.Context, int64) (*kluwen.CostUpload, error)) (*kluwen.CostUpload, *importer.Table, bool, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, false, err
	}
	u, err := find(r.Context(), id)
	if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
		s.errorPage(w, r, c, http.StatusNotFound, kluwen.ErrorMessage(err))
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, err
	}
	t, err := importer.Read(u.Content, "")
	if err != nil {
		return nil, nil, false, err
	}
	return u, t, true, nil
}

// Step 1: the upload.

type costImportUploadData struct {
	Form     *Form
	MaxMB    int
	Bestand  *Field
	Accepted string
}

func (s *Server) costImportUploadPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, f *Form) {
	d := &costImportUploadData{Form: f, MaxMB: kluwen.MaxCostUploadSize >> 20, Accepted: ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
	d.Bestand = f.field("file", "bestand", "Bestand", "Een CSV-bestand (met puntkomma's, komma's of tabs; UTF-8 of Windows-1252) of een Excel-werkmap (.xlsx) met een kopregel. Hoogstens "+itoa(d.MaxMB)+" MB.")
	s.render(w, r, c, status, "cost_import_upload", "Kosten importeren", d)
}

func (s *Server) costImportForm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	s.costImportUploadPage(w, r, c, http.StatusOK, newForm("bestand"))
	return nil
}

func (s *Server) costImportUpload(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	f := newForm("bestand")
	var (
		data []byte
		name string
	)
	var fhs []*multipart.FileHeader
	if r.MultipartForm != nil {
		fhs = r.MultipartForm.File["bestand"]
	}
	switch {
	case len(fhs) == 0:
		f.fail("bestand", "Kies een CSV- of XLSX-bestand.")
	case len(fhs) > 1:
		f.fail("bestand", "Kies één bestand.")
	default:
		file, err := fhs[0].Open()
		if err != nil {
			return err
		}
		data, err = io.ReadAll(file)
		file.Close()
		if err != nil {
			return err
		}
		name = fhs[0].Filename
		if len(data) == 0 {
			f.fail("bestand", "Het bestand is leeg. Kies een bestand met een kopregel en kostenregels.")
		}
	}
	if !f.Invalid() {
		t, err := importer.Read(data, "")
		switch {
		case err != nil && kluwen.ErrorCode(err) == kluwen.EINVALID:
			f.fail("bestand", kluwen.ErrorMessage(err))
		case err != nil:
			return err
		case len(t.Rows) == 0:
			f.fail("bestand", "Het bestand heeft geen regels onder de kopregel.")
		}
	}
	if !f.Invalid() {
		u := &kluwen.CostUpload{FileName: name, Content: data}
		err := s.svc.CostUploads.CreateCostUpload(r.Context(), u)
		if err == nil {
			redirect(w, r, idPath("/kosten/importeren", u.ID))
			return nil
		}
		if !f.setError(err) {
			return err
		}
	}
	s.costImportUploadPage(w, r, c, statusInvalidForm, f)
	return nil
}

// Step 2: the column mapping.

type importColumn struct {
	Header  string
	Samples string
}

type costImportMappingData struct {
	UploadID int64
	FileName string
	Detected string
	Rows     int
	Columns  []importColumn
	Form     *Form
	Groups   []mappingGroup
	Options  []option
	Decimals []option
}

func (s *Server) costImportMappingPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, u *kluwen.CostUpload, t *importer.Table, f *Form) {
	d := &costImportMappingData{UploadID: u.ID, FileName: u.FileName, Detected: t.Describe(), Rows: len(t.Rows), Form: f, Groups: mappingGroups, Decimals: decimalOptions}
	d.Options = []option{{Value: "", Label: "Niet gekoppeld"}}
	seen := map[string]bool{}
	for i, h := range t.Header {
		var samples []string
		for _, row := range t.Rows {
			if len(samples) == importSampleValues {
				break
			}
			if i < len(row.Cells) {
				if v := strings.TrimSpace(row.Cells[i]); v != "" {
					samples = append(samples, maskSample(v))
				}
			}
		}
		d.Columns = append(d.Columns, importColumn{Header: h, Samples: strings.Join(samples, " · ")})
		if h != "" && !seen[h] {
			seen[h] = true
			d.Options = append(d.Options, option{Value: h, Label: h})
		}
	}
	s.render(w, r, c, status, "cost_import_mapping", "Kolommen koppelen", d)
}

// maskSample hides a BSN among the sample values, as everywhere else a BSN is
// shown.
func maskSample(v string) string {
	if b := kluwen.NormaliseBSN(v); kluwen.ValidBSN(b) {
		return kluwen.MaskBSN(b)
	}
	if rs := []rune(v); len(rs) > 40 {
		v = string(rs[:40]) + "…"
	}
	return v
}

func (s *Server) costImportMapping(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, t, ok, err := s.loadUpload(w, r, c)
	if !ok {
		return err
	}
	var f *Form
	if r.URL.Query().Get("koppeling") != "" {
		f = getForm(r, mappingNames...)
	} else {
		f = setupForm(importer.GuessMapping(t.Header))
	}
	s.costImportMappingPage(w, r, c, http.StatusOK, u, t, f)
	return nil
}

// Step 3: the preview.

type previewRecord struct {
	Line   int
	Domain string // the life domain's label
	*kluwen.CostRecord
}

type costImportPreviewData struct {
	UploadID    int64
	FileName    string
	Detected    string
	Decimal     string
	Result      *kluwen.CostImportResult
	ToImport    int
	Records     []previewRecord
	Errors      []kluwen.CostRowError
	MoreErrors  int
	Hidden      []hiddenInput
	BackURL     string // the mapping form with the user's choices
	ErrorsURL   string // every error as CSV
	Form        *Form  // the errors of a confirmation that failed
	RecordsMore int
	// WithoutRef is set when no column of source references is mapped: the
	// rows are recognised by their content.
	WithoutRef bool
}

// dryRun reads the setup from f and checks every row without writing. ok is
// false when the mapping itself is wrong: f then holds the errors.
func (s *Server) dryRun(r *http.Request, t *importer.Table, f *Form) (*kluwen.CostImportResult, importSetup, bool, error) {
	st := readSetup(f, t)
	if f.Invalid() {
		return nil, st, false, nil
	}
	if st.Decimal == 0 {
		st.Decimal = importer.DetectDecimal(t, st.Mapping)
	}
	res, err := importer.Import(r.Context(), s.svc.Costs, t, importer.Options{Mapping: st.Mapping, Decimal: st.Decimal, DryRun: true})
	if err != nil {
		if f.setError(err) {
			return nil, st, false, nil
		}
		return nil, st, false, err
	}
	return res, st, true, nil
}

func decimalLabel(d kluwen.DecimalSeparator) string {
	if d == kluwen.DecimalPoint {
		return "punt (1,234.56)"
	}
	return "komma (1.234,56)"
}

func (s *Server) costImportPreviewPage(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, u *kluwen.CostUpload, t *importer.Table,
	f *Form, st importSetup, res *kluwen.CostImportResult, confirm *Form) {
	d := &costImportPreviewData{UploadID: u.ID, FileName: u.FileName, Detected: t.Describe(), Decimal: decimalLabel(st.Decimal), Result: res,
		ToImport: res.Rows - res.Rejected - res.Unchanged, Hidden: setupHidden(f), Form: confirm, WithoutRef: st.Mapping.SourceRef == ""}
	q := setupQuery(f)
	d.BackURL = idPath("/kosten/importeren", u.ID, "?"+q)
	d.ErrorsURL = idPath("/kosten/importeren", u.ID, "/fouten.csv?"+q)
	if confirm == nil {
		d.Form = newForm()
	}
	for i, rec := range res.Records {
		if i == importPreviewRecords {
			d.RecordsMore = len(res.Records) - i
			break
		}
		pr := previewRecord{Line: res.Lines[i], CostRecord: rec}
		if rec.LifeDomain != "" {
			pr.Domain = kluwen.CostLifeDomainLabel(rec.LifeDomain)
		}
		d.Records = append(d.Records, pr)
	}
	d.Errors = res.Errors
	if len(d.Errors) > importPreviewErrors {
		d.MoreErrors = len(d.Errors) - importPreviewErrors
		d.Errors = d.Errors[:importPreviewErrors]
	}
	s.render(w, r, c, status, "cost_import_preview", "Controleer de import", d)
}

func (s *Server) costImportPreview(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, t, ok, err := s.loadUpload(w, r, c)
	if !ok {
		return err
	}
	f := getForm(r, mappingNames...)
	res, st, ok, err := s.dryRun(r, t, f)
	if err != nil {
		return err
	}
	if !ok {
		s.costImportMappingPage(w, r, c, statusInvalidForm, u, t, f)
		return nil
	}
	s.costImportPreviewPage(w, r, c, http.StatusOK, u, t, f, st, res, nil)
	return nil
}

// costImportErrorsCSV downloads every error of the dry run: line, column,
// message; semicolons and a byte-order mark, as Dutch spreadsheets expect.
// The messages quote the file's keys (addresses, masked BSNs): the download is
// logged as an export of the upload.
func (s *Server) costImportErrorsCSV(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	_, t, ok, err := s.loadUploadWith(w, r, c, s.svc.CostUploads.ExportCostUpload)
	if !ok {
		return err
	}
	f := getForm(r, mappingNames...)
	res, _, ok, err := s.dryRun(r, t, f)
	if err != nil {
		return err
	}
	if !ok {
		return kluwen.Errorf(kluwen.EINVALID, "De koppeling van de kolommen klopt niet. Ga terug naar de koppeling en verbeter die.")
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="importfouten.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "\uFEFF")
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write([]string{"regel", "kolom", "melding"})
	for _, e := range res.Errors {
		// The column is the file's own header and the message may quote a
		// cell: guarded against formulas like the cost exports.
		cw.Write([]string{strconv.Itoa(e.Line), costexport.Safe(e.Field), costexport.Safe(e.Message)})
	}
	cw.Flush()
	return cw.Error()
}

// Step 4: the import.

func (s *Server) costImportConfirm(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	u, t, ok, err := s.loadUpload(w, r, c)
	if !ok {
		return err
	}
	f := newForm(mappingNames...).read(r)
	st := readSetup(f, t)
	if f.Invalid() {
		s.costImportMappingPage(w, r, c, statusInvalidForm, u, t, f)
		return nil
	}
	if st.Decimal == 0 {
		st.Decimal = importer.DetectDecimal(t, st.Mapping)
	}
	good := r.PostForm.Get("modus") == "goede-regels"
	// The import deletes the upload in its own transaction: a form sent twice
	// imports once, and the second finds the upload gone.
	res, err := importer.Import(r.Context(), s.svc.Costs, t, importer.Options{Mapping: st.Mapping, Decimal: st.Decimal, GoodRowsOnly: good, UploadID: u.ID})
	if err != nil {
		if res != nil && kluwen.ErrorCode(err) == kluwen.EINVALID {
			// Some rows are bad and every row was asked for: nothing was written.
			confirm := newForm()
			confirm.setError(err)
			s.costImportPreviewPage(w, r, c, statusInvalidForm, u, t, f, st, res, confirm)
			return nil
		}
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			s.errorPage(w, r, c, http.StatusNotFound, kluwen.ErrorMessage(err))
			return nil
		}
		if f.setError(err) {
			s.costImportMappingPage(w, r, c, statusInvalidForm, u, t, f)
			return nil
		}
		return err
	}
	q := url.Values{"regels": {itoa(res.Rows)}, "nieuw": {itoa(res.Imported)}, "ongewijzigd": {itoa(res.Unchanged)}, "fouten": {itoa(res.Rejected)}}
	seen := map[int64]bool{}
	for _, rec := range res.Records {
		if !seen[rec.HouseholdID] && len(seen) < importResultLinks {
			seen[rec.HouseholdID] = true
			q.Add("huishouden", strconv.FormatInt(rec.HouseholdID, 10))
		}
	}
	redirect(w, r, "/kosten/importeren/resultaat?"+q.Encode())
	return nil
}

type costImportResultData struct {
	Rows, Imported, Unchanged, Rejected int
	Households                          []int64
}

// costImportResult shows what an import did. The numbers come with the
// redirect; the links lead to pages that check access themselves.
func (s *Server) costImportResult(w http.ResponseWriter, r *http.Request, c *reqCtx) error {
	q := r.URL.Query()
	n := func(name string) int {
		v, err := strconv.Atoi(q.Get(name))
		if err != nil || v < 0 {
			return 0
		}
		return v
	}
	d := &costImportResultData{Rows: n("regels"), Imported: n("nieuw"), Unchanged: n("ongewijzigd"), Rejected: n("fouten")}
	for _, v := range q["huishouden"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 && len(d.Households) < importResultLinks {
			d.Households = append(d.Households, id)
		}
	}
	s.render(w, r, c, http.StatusOK, "cost_import_result", "Import voltooid", d)
	return nil
}
