package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/importer"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func sys() context.Context {
	return kluwen.NewContextWithActor(context.Background(), kluwen.SystemActor("cli: test"))
}

// world is a municipality with a housing corporation and three households.
type world struct {
	db      *sqlstore.DB
	housing int64
	hh      []int64
}

func newWorld(t *testing.T, db *sqlstore.DB) *world {
	t.Helper()
	w := &world{db: db}
	if err := db.RawDB().QueryRow(db.Rebind(`INSERT INTO organisations (name, sector, created_at, updated_at) VALUES ('Woonstede', 'wonen', ?, ?) RETURNING id`),
		"2026-01-01T00:00:00.000000Z", "2026-01-01T00:00:00.000000Z").Scan(&w.housing); err != nil {
		t.Fatal(err)
	}
	must(t, db.CreateDepartment(sys(), &kluwen.Department{OrganisationID: w.housing, Name: "Incasso"}))
	for i, a := range []struct {
		nr  int
		add string
	}{{12, ""}, {12, "A"}, {3, "2"}} {
		h := &kluwen.Household{Street: "Dijkweg", HouseNumber: a.nr, HouseNumberAddition: a.add, Postcode: "3456 CD", City: "Kluwendam", Wijk: "West", RegisteredByOrgID: w.housing}
		must(t, db.CreateHousehold(sys(), h))
		w.hh = append(w.hh, h.ID)
		_ = i
	}
	return w
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	must(t, db.RawDB().QueryRow(`SELECT count(*) FROM cost_records`).Scan(&n))
	return n
}

// importFile reads and imports a file with the guessed mapping.
func importFile(t *testing.T, w *world, data []byte, good bool) (*importer.Table, *kluwen.CostImportResult, error) {
	t.Helper()
	tab, err := importer.Read(data, "")
	must(t, err)
	res, err := importer.Import(sys(), w.db, tab, importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: w.housing, GoodRowsOnly: good})
	return tab, res, err
}

func wantErrors(t *testing.T, res *kluwen.CostImportResult, want ...string) {
	t.Helper()
	var got []string
	for _, e := range res.Errors {
		got = append(got, fmt.Sprintf("%d %s", e.Line, e.Field))
	}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("errors %v; want %v (%v)", got, want, res.Errors)
	}
}

const dutchCSV = "\uFEFFKenmerk;Postcode;Huisnummer;Kostenpost;Aantal;Bedrag;Omschrijving;Datum;Tot;Leefgebied;Soort;Kostensoort;Afdeling\n" +
	"W-1;3456 CD;12;WONEN-EVICTION;1;;;01-03-2024;;Huisvesting;;;Incasso\n" +
	"W-2;3456CD;12A;;;1.234,56;Huurachterstand afgeboekt;2024-03-15;31-03-2024;huisvesting;zorg;dienst;\n" +
	"\"W-3\";3456 cd;3-2;;;250,5;\"Schade; deur\";15-4-2024;;;drang;dienst;\n"

// TestImportDutchCSV: a semicolon file in UTF-8 with a BOM, Dutch decimals and
// dates, addresses with additions; imported once, and again without change.
func TestImportDutchCSV(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		tab, res, err := importFile(t, w, []byte(dutchCSV), false)
		must(t, err)
		if tab.Encoding != importer.EncodingUTF8BOM || tab.Delimiter != ';' || tab.Header[0] != "Kenmerk" || len(tab.Rows) != 3 {
			t.Fatalf("detected %+v", tab)
		}
		if res.Imported != 3 || res.Rejected != 0 {
			t.Fatalf("result %+v", res)
		}
		recs, err := db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[1]})
		must(t, err)
		if len(recs) != 1 || recs[0].Amount != 123456 || recs[0].SourceRef != "W-2" || !recs[0].To.Equal(date("2024-03-31")) || recs[0].LifeDomain != "huisvesting" {
			t.Errorf("W-2 %+v", recs)
		}
		recs, _ = db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[2]})
		if len(recs) != 1 || recs[0].Amount != 25050 || recs[0].Description != "Schade; deur" || recs[0].Kind != kluwen.KindDrang || !recs[0].From.Equal(date("2024-04-15")) {
			t.Errorf("W-3 %+v", recs)
		}
		recs, _ = db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[0]})
		if len(recs) != 1 || recs[0].ItemCode != "WONEN-EVICTION" || recs[0].DepartmentID == nil || recs[0].Sector != kluwen.SectorWonen {
			t.Errorf("W-1 %+v", recs)
		}
		_, res, err = importFile(t, w, []byte(dutchCSV), false)
		must(t, err)
		if res.Imported != 0 || res.Unchanged != 3 || count(t, db) != 3 {
			t.Errorf("second import %+v", res)
		}
	})
}

// TestImportWithoutSourceRef: a file without a column of references is
// recognised by its content: imported twice it changes nothing, two identical
// lines are two records, a later file with a line more adds that line, and the
// same rows in a workbook are the same rows.
func TestImportWithoutSourceRef(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		text := "Huishouden;Kostenpost;Aantal;Datum;Leefgebied\n" +
			fmt.Sprintf("%d;WONEN-EVICTION;1;01-03-2024;huisvesting\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;1;01-03-2024;huisvesting\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;0,5;01-03-2024;\n", w.hh[1])
		tab, res, err := importFile(t, w, []byte(text), false)
		must(t, err)
		if importer.GuessMapping(tab.Header).SourceRef != "" || res.Imported != 3 || count(t, db) != 3 {
			t.Fatalf("first import %+v", res)
		}
		_, res, err = importFile(t, w, []byte(text), false)
		must(t, err)
		if res.Imported != 0 || res.Unchanged != 3 || count(t, db) != 3 {
			t.Fatalf("the same file again: %s", importer.Summary(res))
		}
		p, err := importer.MakePreview(sys(), db, tab, importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: w.housing}, 0)
		must(t, err)
		for _, r := range p.Rows {
			if r.Record != nil || len(r.Errors) > 0 {
				t.Errorf("preview of line %d: %+v %v", r.Line, r.Record, r.Errors)
			}
		}
		more := text + fmt.Sprintf("%d;WONEN-EVICTION;1;01-03-2024;huisvesting\n", w.hh[0])
		_, res, err = importFile(t, w, []byte(more), false)
		must(t, err)
		if res.Imported != 1 || res.Unchanged != 3 || count(t, db) != 4 {
			t.Fatalf("a line more: %s", importer.Summary(res))
		}
		data := xlsx(t, func(f *excelize.File) {
			must(t, f.SetSheetRow("Kosten", "A1", &[]any{"Huishouden", "Kostenpost", "Aantal", "Datum", "Leefgebied"}))
			must(t, f.SetSheetRow("Kosten", "A2", &[]any{w.hh[0], "WONEN-EVICTION", 1, date("2024-03-01"), "Huisvesting"}))
			must(t, f.SetSheetRow("Kosten", "A3", &[]any{w.hh[1], "WONEN-EVICTION", 0.5, date("2024-03-01"), nil}))
		})
		_, res, err = importFile(t, w, data, false)
		must(t, err)
		if res.Imported != 0 || res.Unchanged != 2 || count(t, db) != 4 {
			t.Errorf("the same rows in a workbook: %s", importer.Summary(res))
		}
	})
}

// TestImportOtherEncodingAndDelimiter: Windows-1252 with commas and decimal
// points, and a tab-separated file, read the same.
func TestImportOtherEncodingAndDelimiter(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		text := "household,amount,description,date,kind,cost_type,reference\n" +
			fmt.Sprintf("%d,1234.50,Vergoeding café-schade,2024-01-10,zorg,dienst,E-1\n", w.hh[0]) +
			fmt.Sprintf("%d,\"1,000.00\",Één keer,2024-01-11,zorg,dienst,E-2\n", w.hh[0])
		latin, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		must(t, err)
		if bytes.Equal(latin, []byte(text)) {
			t.Fatal("the test file is not in Windows-1252")
		}
		tab, res, err := importFile(t, w, latin, false)
		must(t, err)
		if tab.Encoding != importer.EncodingWin1252 || tab.Delimiter != ',' || res.Imported != 2 {
			t.Fatalf("%s / %q / %+v", tab.Encoding, tab.Delimiter, res)
		}
		recs, _ := db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[0]})
		if len(recs) != 2 || recs[1].Description != "Vergoeding café-schade" || recs[1].Amount != 123450 || recs[0].Amount != 100000 || recs[0].Description != "Één keer" {
			t.Errorf("records %+v %+v", recs[0], recs[1])
		}

		tsv := "Huishouden\tKostenpost\tAantal\tDatum\tKenmerk\n" + fmt.Sprintf("%d\tWONEN-EVICTION\t0,5\t02-02-2024\tT-1\n", w.hh[1])
		tab, res, err = importFile(t, w, []byte(tsv), false)
		must(t, err)
		if tab.Delimiter != '\t' || tab.Encoding != importer.EncodingUTF8 || res.Imported != 1 {
			t.Errorf("tab file %+v %+v", tab, res)
		}
	})
}

// TestImportBadRows: every bad row is reported with its line and column, and
// nothing is imported; unless the good rows are asked for.
func TestImportBadRows(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		csv := "Huishouden;Kostenpost;Aantal;Bedrag;Omschrijving;Datum;Tot;Soort;Kostensoort;Kenmerk;Correctie\n" +
			fmt.Sprintf("%d;WONEN-EVICTION;0,5;;;01-03-2024;;;;B-1;\n", w.hh[0]) +
			fmt.Sprintf("%d;;;1234.56;Verkeerd decimaalteken;01-03-2024;;zorg;dienst;B-2;\n", w.hh[0]) +
			fmt.Sprintf("%d;;;1,234.56;Engels bedrag;01-03-2024;;zorg;dienst;B-3;\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-BURN;1;;;01-03-2024;;;;B-4;\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;-1;;;01-03-2024;;;;B-5;nee\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;1,5;;;01-03-2024;28-02-2024;;;B-6;\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;1;;;01-03-2001;;;;B-7;\n", w.hh[0]) +
			"999999;WONEN-EVICTION;1;;;01-03-2024;;;;B-8;\n" +
			fmt.Sprintf("%d;WONEN-EVICTION;1;;;31-02-2024;;;;B-9;\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;-1;;;01-03-2024;;;;B-10;ja\n", w.hh[0])
		_, res, err := importFile(t, w, []byte(csv), false)
		if kluwen.ErrorCode(err) != kluwen.EINVALID || res == nil {
			t.Fatalf("err %v", err)
		}
		wantErrors(t, res, "3 Bedrag", "4 Bedrag", "5 Kostenpost", "6 Aantal", "7 Tot", "8 Kostenpost", "9 Huishouden", "10 Datum")
		if count(t, db) != 0 || res.Imported != 0 || res.Rejected != 8 {
			t.Fatalf("half imported: %d records, %+v", count(t, db), res)
		}
		for _, e := range res.Errors {
			if e.Line == 3 && !strings.Contains(e.Message, "decimaalteken") {
				t.Errorf("line 3: %q", e.Message)
			}
		}
		_, res, err = importFile(t, w, []byte(csv), true)
		must(t, err)
		if res.Imported != 2 || res.Rejected != 8 || count(t, db) != 2 {
			t.Errorf("good rows only %+v", res)
		}
		// Missing columns in the mapping are an error for the whole file.
		tab, _ := importer.Read([]byte(csv), "")
		_, err = importer.Import(sys(), db, tab, importer.Options{Mapping: importer.Mapping{HouseholdID: "Huishouden", ItemCode: "Code", Quantity: "Aantal", From: "Datum"}, OrganisationID: w.housing})
		if kluwen.ErrorCode(err) != kluwen.EINVALID || !strings.Contains(kluwen.ErrorMessage(err), `"Code"`) {
			t.Errorf("unknown column: %v", err)
		}
		_, err = importer.Import(sys(), db, tab, importer.Options{Mapping: importer.Mapping{ItemCode: "Kostenpost", Quantity: "Aantal", From: "Datum"}, OrganisationID: w.housing})
		if len(kluwen.ErrorFields(err)) != 1 || kluwen.ErrorFields(err)[0].Field != "mapping" {
			t.Errorf("no household column: %v", err)
		}
		// A bad quote is an error naming the line.
		_, err = importer.Read([]byte("a;b\n1;\"x\n2;y\"z\"\n"), "")
		if err == nil || !strings.Contains(kluwen.ErrorMessage(err), "Regel") {
			t.Errorf("bad quote: %v", err)
		}
	})
}

func TestDetectDecimal(t *testing.T) {
	for _, c := range []struct {
		rows []string
		want kluwen.DecimalSeparator
	}{
		{[]string{"12,50", "1.234"}, kluwen.DecimalComma},
		{[]string{"12.50", "1,234"}, kluwen.DecimalPoint},
		{[]string{"1.234,56", "7"}, kluwen.DecimalComma},
		{[]string{"1,234.56", "7.5", "3,5"}, kluwen.DecimalPoint},
		{[]string{"100", "1.000"}, kluwen.DecimalComma},
	} {
		text := "Huishouden;Bedrag;Datum\n"
		for _, r := range c.rows {
			text += "1;" + r + ";2024-01-01\n"
		}
		tab, err := importer.Read([]byte(text), "")
		must(t, err)
		if got := importer.DetectDecimal(tab, importer.GuessMapping(tab.Header)); got != c.want {
			t.Errorf("%v: %q; want %q", c.rows, got, c.want)
		}
	}
}

func xlsx(t *testing.T, fill func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must(t, f.SetSheetName("Sheet1", "Kosten"))
	fill(f)
	buf, err := f.WriteToBuffer()
	must(t, err)
	return buf.Bytes()
}

// TestImportXLSX: numbers and dates stored as numbers, text amounts in Dutch;
// merged cells are refused naming the sheet and the range.
func TestImportXLSX(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		data := xlsx(t, func(f *excelize.File) {
			must(t, f.SetSheetRow("Kosten", "A1", &[]any{"Huishouden", "Kostenpost", "Aantal", "Bedrag", "Omschrijving", "Datum", "Soort", "Kostensoort", "Kenmerk"}))
			must(t, f.SetSheetRow("Kosten", "A2", &[]any{w.hh[0], "WONEN-EVICTION", 0.5, nil, nil, date("2024-05-06"), nil, nil, "X-1"}))
			must(t, f.SetSheetRow("Kosten", "A3", &[]any{w.hh[1], nil, nil, "1.250,75", "Ontruiming", "07-05-2024", "drang", "dienst", "X-2"}))
			must(t, f.SetSheetRow("Kosten", "A4", &[]any{w.hh[2], nil, nil, 99.99, "Slot vervangen", "2024-05-08", "zorg", "dienst", "X-3"}))
		})
		tab, res, err := importFile(t, w, data, false)
		must(t, err)
		if tab.Format != importer.FormatXLSX || tab.Sheet != "Kosten" || res.Imported != 3 {
			t.Fatalf("%+v %+v", tab, res)
		}
		recs, _ := db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[0]})
		if len(recs) != 1 || recs[0].Quantity != 500 || !recs[0].From.Equal(date("2024-05-06")) {
			t.Errorf("X-1 %+v", recs)
		}
		recs, _ = db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[1]})
		if len(recs) != 1 || recs[0].Amount != 125075 {
			t.Errorf("X-2 %+v", recs)
		}
		recs, _ = db.FindCostRecords(sys(), kluwen.CostRecordFilter{HouseholdID: w.hh[2]})
		if len(recs) != 1 || recs[0].Amount != 9999 {
			t.Errorf("X-3 %+v", recs)
		}

		merged := xlsx(t, func(f *excelize.File) {
			must(t, f.SetSheetRow("Kosten", "A1", &[]any{"Huishouden", "Bedrag", "Omschrijving", "Datum"}))
			must(t, f.SetSheetRow("Kosten", "A2", &[]any{w.hh[0], 10, "Gedeeld", "2024-05-06"}))
			must(t, f.SetSheetRow("Kosten", "A3", &[]any{w.hh[1], 10, nil, "2024-05-06"}))
			must(t, f.MergeCell("Kosten", "C2", "C3"))
		})
		before := count(t, db)
		_, err = importer.Read(merged, "")
		if kluwen.ErrorCode(err) != kluwen.EINVALID || !strings.Contains(kluwen.ErrorMessage(err), `"Kosten"`) || !strings.Contains(kluwen.ErrorMessage(err), "C2:C3") {
			t.Errorf("merged cells: %v", err)
		}
		if count(t, db) != before {
			t.Error("imported from a sheet with merged cells")
		}
		_, err = importer.Read(data, "Blad9")
		if kluwen.ErrorCode(err) != kluwen.EINVALID {
			t.Errorf("unknown sheet: %v", err)
		}
	})
}

// TestPreview: the first rows, priced, with their errors; nothing written.
func TestPreview(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		text := "Huishouden;Kostenpost;Aantal;Datum;Kenmerk\n" +
			fmt.Sprintf("%d;WONEN-EVICTION;1,0;01-03-2024;P-1\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;1.5;01-03-2024;P-2\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-NOPE;1;01-03-2024;P-3\n", w.hh[0]) +
			fmt.Sprintf("%d;WONEN-EVICTION;2;01-03-2024;P-4\n", w.hh[0])
		tab, err := importer.Read([]byte(text), "")
		must(t, err)
		p, err := importer.MakePreview(sys(), db, tab, importer.Options{Mapping: importer.GuessMapping(tab.Header), OrganisationID: w.housing}, 3)
		must(t, err)
		if len(p.Rows) != 3 || p.Rows[0].Record == nil || p.Rows[0].Record.Amount == 0 || p.Rows[1].Record != nil || p.Rows[1].Errors[0].Field != "Aantal" ||
			p.Rows[2].Errors[0].Field != "Kostenpost" || p.Decimal != kluwen.DecimalComma || !strings.Contains(p.Description, "puntkomma") {
			t.Errorf("preview %+v", p)
		}
		if count(t, db) != 0 {
			t.Error("the preview wrote records")
		}
	})
}

func date(s string) time.Time {
	v, err := kluwen.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

// TestReadXLSXUnpackedLimit: a workbook whose parts unpack to more than
// MaxXLSXUnpacked is refused with a clear message before it is unpacked (a zip
// bomb: a small file that unpacks to gigabytes).
func TestReadXLSXUnpackedLimit(t *testing.T) {
	good := xlsx(t, func(f *excelize.File) {
		f.SetSheetRow("Kosten", "A1", &[]any{"Huishouden", "Kostenpost"})
		f.SetSheetRow("Kosten", "A2", &[]any{1, "POL-HOUR"})
	})
	if _, err := importer.Read(good, ""); err != nil {
		t.Fatalf("a small workbook: %v", err)
	}
	// The same workbook with one more part that says it unpacks to more than the
	// limit (2 GB): its few stored bytes are never read.
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	big, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet2.xml", Method: zip.Deflate,
		UncompressedSize64: 2 << 30, CompressedSize64: 4, CRC32: 1})
	if err != nil {
		t.Fatal(err)
	}
	big.Write([]byte{0, 0, 0, 0})
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = importer.Read(b.Bytes(), "")
	if kluwen.ErrorCode(err) != kluwen.EINVALID || !strings.Contains(kluwen.ErrorMessage(err), "uitgepakt te groot") {
		t.Fatalf("a workbook that unpacks too large: %v", err)
	}
}
