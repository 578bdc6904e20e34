// Package importer reads partners' cost files — CSV in whatever delimiter and
// encoding they come in, and XLSX — maps their columns onto cost records, shows
// a preview of the first rows with their errors, and imports them through
// kluwen.CostService, which checks every row again against the database and
// writes all of them or none (unless the caller asks for the good rows only).
//
// Every problem names its line (the line of the CSV file, the row of the sheet)
// and its field (the column header). What cannot be read at all — a file that is
// neither CSV nor XLSX, an XLSX with merged cells — is one error for the whole
// file, and nothing is imported.
//
// It imports the domain package and, for what the standard library lacks,
// golang.org/x/text (Windows-1252 to UTF-8) and github.com/xuri/excelize/v2 (XLSX).
package importer

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/kluwen/kluwen"
)

// Format is the kind of file.
type Format string

// The formats.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Encodings of a CSV file.
const (
	EncodingUTF8    = "UTF-8"
	EncodingUTF8BOM = "UTF-8 met BOM"
	EncodingWin1252 = "Windows-1252"
)

// Row is one data row of a file: its line number and its cells. Numeric marks
// the cells an XLSX file holds as numbers (their text is then the raw value with a
// decimal point, and dates are day serials).
type Row struct {
	Line    int
	Cells   []string
	Numeric []bool
}

// Table is a file read into rows, with what was detected about it.
type Table struct {
	Format    Format
	Encoding  string // CSV only
	Delimiter rune   // CSV only
	Sheet     string // XLSX only
	Header    []string
	Rows      []Row
}

// MaxFileSize is the largest file Read accepts.
const MaxFileSize = 512 << 20

// fileError is an error about the whole file, in Dutch.
func fileError(format string, args ...any) error {
	return kluwen.Errorf(kluwen.EINVALID, format, args...)
}

// Read reads a CSV or XLSX file. The format is taken from the content (an XLSX
// file is a ZIP archive), not from the name. sheet picks an XLSX sheet by name;
// "" takes the first.
func Read(data []byte, sheet string) (*Table, error) {
	if len(data) > MaxFileSize {
		return nil, fileError("Het bestand is te groot: hoogstens %d MB.", MaxFileSize>>20)
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return readXLSX(data, sheet)
	}
	return readCSV(data)
}

// decode returns the text of a CSV file as UTF-8 and the encoding it had: UTF-8
// with or without a byte-order mark, or else Windows-1252 (of which ISO-8859-1 is
// a subset for every printable character).
func decode(data []byte) (string, string, error) {
	if bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
		data = data[3:]
		if !utf8.Valid(data) {
			return "", "", fileError("Het bestand begint als UTF-8 maar bevat ongeldige tekens. Sla het opnieuw op als CSV UTF-8.")
		}
		return string(data), EncodingUTF8BOM, nil
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return "", "", fileError("Het bestand is in UTF-16 opgeslagen. Sla het op als CSV UTF-8 of CSV (puntkomma-gescheiden).")
	}
	if utf8.Valid(data) {
		return string(data), EncodingUTF8, nil
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", fileError("De tekenset van het bestand is niet te herkennen. Sla het op als CSV UTF-8.")
	}
	return string(out), EncodingWin1252, nil
}

// detectDelimiter chooses between semicolon, comma and tab by counting them,
// outside quotes, in the first line; a tie goes to the semicolon (the Dutch
// spreadsheet default), then the tab.
func detectDelimiter(text string) rune {
	counts := map[rune]int{}
	inQuote := false
	for _, r := range text {
		if r == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if r == '\n' {
			break
		}
		if r == ';' || r == ',' || r == '\t' {
			counts[r]++
		}
	}
	best := ';'
	for _, r := range []rune{'\t', ','} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}

func readCSV(data []byte) (*Table, error) {
	text, enc, err := decode(data)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, fileError("Het bestand is leeg.")
	}
	t := &Table{Format: FormatCSV, Encoding: enc, Delimiter: detectDelimiter(text)}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = t.Delimiter
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fileError("Regel %d is geen geldige CSV: %s. Controleer de aanhalingstekens op die regel.", pe.StartLine, csvReason(pe.Err))
			}
			return nil, fileError("Het bestand is geen geldige CSV.")
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if t.Header == nil {
			t.Header = trimAll(rec)
			continue
		}
		t.Rows = append(t.Rows, Row{Line: line, Cells: rec})
	}
	if t.Header == nil {
		return nil, fileError("Het bestand heeft geen kopregel.")
	}
	return t, nil
}

func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrQuote), errors.Is(err, csv.ErrBareQuote):
		return "een aanhalingsteken staat op een verkeerde plaats"
	}
	return "de regel kan niet worden gelezen"
}

func blank(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, c := range rec {
		out[i] = strings.TrimSpace(c)
	}
	return out
}

// MaxXLSXUnpacked is the most an XLSX file may hold once unpacked, all its
// parts together. A workbook is a zip archive: without a limit a small file can
// unpack to gigabytes (a zip bomb) and exhaust the server's memory and disk.
// (excelize even reserves memory for a part's declared size before it reads it.)
// Cost sheets compress about tenfold, so the uploads of the web UI (20 MB) and
// the API (64 MB) stay within it; a larger export is better read as CSV.
const MaxXLSXUnpacked = 512 << 20

func readXLSX(data []byte, sheet string) (*Table, error) {
	// The sizes in the archive's directory are checked before anything is
	// unpacked; archive/zip refuses an entry that unpacks to more than its
	// directory says.
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		var total uint64
		for _, zf := range zr.File {
			total += zf.UncompressedSize64
			if total > MaxXLSXUnpacked {
				return nil, fileError("De werkmap is uitgepakt te groot: hoogstens %d MB. Sla alleen het blad met de kosten op in een nieuwe werkmap, of lever een CSV-bestand.", MaxXLSXUnpacked>>20)
			}
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: MaxXLSXUnpacked})
	if err != nil {
		return nil, fileError("Het bestand lijkt een XLSX-bestand maar kan niet worden geopend. Sla het opnieuw op als Excel-werkmap (.xlsx).")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileError("De werkmap heeft geen bladen.")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, fileError("De werkmap heeft geen blad %q.", sheet)
	}
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fileError("Het blad %q kan niet worden gelezen.", sheet)
	}
	if len(merged) > 0 {
		var ranges []string
		for _, m := range merged {
			ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		return nil, fileError("Het blad %q heeft samengevoegde cellen (%s). Maak de samenvoeging ongedaan, zodat elke waarde in een eigen cel staat, en probeer het opnieuw.",
			sheet, strings.Join(ranges, ", "))
	}
	t := &Table{Format: FormatXLSX, Sheet: sheet}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fileError("Het blad %q kan niet worden gelezen.", sheet)
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fileError("Rij %d van het blad %q kan niet worden gelezen.", line, sheet)
		}
		if blank(cells) {
			continue
		}
		if t.Header == nil {
			t.Header = trimAll(cells)
			continue
		}
		row := Row{Line: line, Cells: cells, Numeric: make([]bool, len(cells))}
		for i, c := range cells {
			if c == "" {
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(i+1, line)
			if typ, err := f.GetCellType(sheet, axis); err == nil && (typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset && isPlainNumber(c)) {
				row.Numeric[i] = true
			}
		}
		t.Rows = append(t.Rows, row)
	}
	if t.Header == nil {
		return nil, fileError("Het blad %q heeft geen kopregel.", sheet)
	}
	return t, nil
}

// isPlainNumber reports whether s is how XLSX stores a number: digits, at most
// one decimal point, an optional sign and exponent.
func isPlainNumber(s string) bool {
	if s == "" {
		return false
	}
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot:
			dot = true
		case (r == '-' || r == '+') && i == 0:
		case r == 'E' || r == 'e' || r == '-' || r == '+':
		default:
			return false
		}
	}
	return true
}

// Describe is a short Dutch account of what was detected: the format, the
// encoding and delimiter of a CSV file or the sheet of an XLSX file, the rows.
func (t *Table) Describe() string { return t.describe() }

// describe is a short Dutch description of what was detected, for the preview.
func (t *Table) describe() string {
	switch t.Format {
	case FormatXLSX:
		return fmt.Sprintf("XLSX, blad %q, %d regels", t.Sheet, len(t.Rows))
	}
	d := map[rune]string{';': "puntkomma", ',': "komma", '\t': "tab"}[t.Delimiter]
	return fmt.Sprintf("CSV, %s, gescheiden door %s, %d regels", t.Encoding, d, len(t.Rows))
}
