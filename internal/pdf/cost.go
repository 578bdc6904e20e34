package pdf

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kluwen/kluwen"
)

// The cost report: a household's cost overview printed in plain Dutch, with the
// costs per year as a bar chart drawn in the PDF and the numbers beside it, the
// splits, the windows before and after the case start and the largest cost
// items. Rows with estimated amounts are marked. It prints exactly the overview
// it is given, so it follows the overview's need-to-know.

// Colours of the report: the bars of service costs and of transfer payments,
// and the grey of secondary text and rules.
var (
	colourService  = [3]int{0, 82, 147}
	colourTransfer = [3]int{230, 135, 40}
	colourGrey     = [3]int{90, 90, 90}
)

// costColumns are the widths of a cost table on A4 portrait (170 mm): the
// label, service costs, transfers, total, records.
var costColumns = [5]float64{54, 38, 38, 26, 14}

// WriteCostOverview writes a household's cost overview as a printable PDF report
// to w and returns its number of pages. It carries the day of the export as its
// creation date, so the same overview exported on the same day gives the same
// file.
func WriteCostOverview(w io.Writer, ov *kluwen.HouseholdCostOverview) (pages int, err error) {
	printed := ov.ExportedOn
	if printed.IsZero() {
		printed = kluwen.Today()
	}
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetMargins(margin, margin, margin)
	doc.SetAutoPageBreak(true, margin)
	doc.AddUTF8FontFromBytes(family, "", fontRegular)
	doc.AddUTF8FontFromBytes(family, "B", fontBold)
	stamp := time.Date(printed.Year(), printed.Month(), printed.Day(), 12, 0, 0, 0, time.UTC)
	doc.SetCatalogSort(true)
	doc.SetCreationDate(stamp)
	doc.SetModificationDate(stamp)
	title := fmt.Sprintf("Kosten van huishouden %d", ov.HouseholdID)
	doc.SetTitle(title, true)
	doc.SetSubject(fmt.Sprintf("Kostenoverzicht in prijzen van %d", ov.PriceYear), true)
	doc.SetCreator("Kluwen", true)
	doc.SetLang("nl-NL")
	doc.AliasNbPages("{nb}")
	doc.SetFooterFunc(func() {
		doc.SetY(-15)
		doc.SetFont(family, "", 9)
		doc.SetTextColor(colourGrey[0], colourGrey[1], colourGrey[2])
		doc.CellFormat(0, 5, fmt.Sprintf("%s · prijzen van %d · gemaakt op %s · pagina %d van {nb}", title, ov.PriceYear, Date(printed), doc.PageNo()), "", 0, "C", false, 0, "")
		doc.SetTextColor(0, 0, 0)
	})
	doc.AddPage()
	r := &costReport{doc: doc}
	width, height := doc.GetPageSize()
	r.text, r.bottom = width-2*margin, height-margin

	r.heading(20, title)
	doc.Ln(3)
	r.field("Huishouden:", strconv.FormatInt(ov.HouseholdID, 10))
	r.field("Prijsjaar:", strconv.Itoa(ov.PriceYear))
	r.field("Gemaakt op:", Date(printed))
	if ov.ExportedBy != "" {
		r.field("Gemaakt door:", ov.ExportedBy)
	}
	doc.Ln(3)
	intro := fmt.Sprintf("Dit overzicht laat zien wat de partners aan dit huishouden hebben uitgegeven. "+
		"Alle bedragen zijn omgerekend naar prijzen van %d, zodat jaren te vergelijken zijn. "+
		"Kosten van inzet (zoals hulp en begeleiding) en inkomensoverdrachten (zoals een uitkering) staan apart.", ov.PriceYear)
	r.para(intro)
	if ov.OwnOrganisationOnly {
		r.para("Dit overzicht bevat alleen de kosten die de eigen organisatie van de maker heeft vastgelegd.")
	}
	if len(ov.UnindexedYears) > 0 {
		ys := make([]string, len(ov.UnindexedYears))
		for i, y := range ov.UnindexedYears {
			ys[i] = strconv.Itoa(y)
		}
		r.para("Voor " + list(ys) + " is geen indexcijfer bekend; daar is het dichtstbijzijnde jaar gebruikt.")
	}
	if ov.Total.Estimated > 0 {
		r.para(fmt.Sprintf("Van de %d kostenregels zijn er %d geschat in plaats van geregistreerd. Regels in de tabellen met een * bevatten geschatte bedragen.",
			ov.Total.Records, ov.Total.Estimated))
	}

	r.section("Totaal")
	if ov.Total.Records == 0 {
		r.para("Er zijn geen kosten van dit huishouden vastgelegd die u mag zien.")
	} else {
		r.field("Kosten van inzet:", ov.Total.Service.String())
		r.field("Inkomensoverdrachten:", ov.Total.Transfer.String())
		r.field("Totaal:", ov.Total.Total().String())
		r.field("Kostenregels:", records(ov.Total))

		r.section("Per jaar")
		r.yearChart(ov.Years)
		rows := make([]costRow, len(ov.Years))
		for i, y := range ov.Years {
			rows[i] = costRow{strconv.Itoa(y.Year), y.CostAmounts}
		}
		r.table("Jaar", rows)

		r.section("Per kwartaal")
		rows = make([]costRow, len(ov.Quarters))
		for i, q := range ov.Quarters {
			rows[i] = costRow{strconv.Itoa(q.Year) + " K" + strconv.Itoa(q.Quarter), q.CostAmounts}
		}
		r.table("Kwartaal", rows)

		r.section("Voor en na de start van de casus")
		if ov.CaseStart != nil && ov.Before != nil && ov.After != nil {
			r.para("De casus begon op " + Date(*ov.CaseStart) + ". Hieronder staan even lange perioden ervoor en erna.")
			r.table("Periode", []costRow{
				{"Voor de start: " + Date(ov.Before.From) + " tot en met " + Date(ov.Before.To), ov.Before.CostAmounts},
				{"Na de start: " + Date(ov.After.From) + " tot en met " + Date(ov.After.To), ov.After.CostAmounts},
			})
		} else {
			r.para("Dit huishouden heeft geen casus die u mag zien; er is dus geen voor en na.")
		}

		for _, s := range []struct {
			title, key string
			rows       []kluwen.CostSplit
		}{
			{"Per partner", "Partner", ov.ByOrganisation},
			{"Per afdeling", "Afdeling", ov.ByDepartment},
			{"Per sector", "Sector", ov.BySector},
			{"Per leefgebied", "Leefgebied", ov.ByLifeDomain},
			{"Per soort inzet", "Soort inzet", ov.ByKind},
			{"Per kostensoort", "Kostensoort", ov.ByCostType},
		} {
			r.section(s.title)
			rows := make([]costRow, len(s.rows))
			for i, sp := range s.rows {
				rows[i] = costRow{sp.Label, sp.CostAmounts}
			}
			r.table(s.key, rows)
		}

		r.section("Grootste kostenposten")
		orgs := map[int64]string{}
		for _, sp := range ov.ByOrganisation {
			orgs[sp.ID] = sp.Label
		}
		rows = make([]costRow, len(ov.Drivers))
		for i, d := range ov.Drivers {
			label := d.Label
			if d.ItemCode != "" {
				label += " (" + d.ItemCode + ")"
			}
			if o := orgs[d.OrganisationID]; o != "" {
				label += ", " + o
			}
			rows[i] = costRow{label, d.CostAmounts}
		}
		r.table("Kostenpost", rows)
	}
	if err := doc.Error(); err != nil {
		return 0, err
	}
	pages = doc.PageNo()
	if err := doc.Output(w); err != nil {
		return 0, err
	}
	return pages, nil
}

// costRow is one row of a cost table.
type costRow struct {
	label string
	kluwen.CostAmounts
}

// costReport lays out the report.
type costReport struct {
	doc          *fpdf.Fpdf
	text, bottom float64 // the text width and the lowest y above the bottom margin
}

func (r *costReport) heading(size float64, s string) {
	r.doc.SetFont(family, "B", size)
	r.doc.MultiCell(r.text, size*0.5, s, "", "L", false)
}

// section starts a section, on a new page when fewer than a heading and a few
// rows fit.
func (r *costReport) section(title string) {
	r.need(30)
	r.doc.Ln(4)
	r.heading(15, title)
	r.doc.Ln(1)
}

func (r *costReport) para(s string) {
	r.doc.SetFont(family, "", 10.5)
	r.doc.MultiCell(r.text, lineBody, s, "", "L", false)
	r.doc.Ln(1)
}

func (r *costReport) field(label, value string) {
	d := r.doc
	d.SetFont(family, "B", 10.5)
	d.CellFormat(52, lineBody, label, "", 0, "L", false, 0, "")
	d.SetFont(family, "", 10.5)
	d.MultiCell(r.text-52, lineBody, value, "", "L", false)
}

// need starts a new page unless h millimetres fit on this one.
func (r *costReport) need(h float64) {
	if r.doc.GetY()+h > r.bottom {
		r.doc.AddPage()
	}
}

// records says how many records there are, and how many of them are estimates.
func records(a kluwen.CostAmounts) string {
	s := strconv.Itoa(a.Records)
	if a.Estimated > 0 {
		s += fmt.Sprintf(" (waarvan %d geschat)", a.Estimated)
	}
	return s
}

// table prints rows under a header that is repeated on every page; a row with
// estimated amounts gets a * and the table a line saying what it means.
func (r *costReport) table(key string, rows []costRow) {
	d := r.doc
	const lh = 5.0
	if len(rows) == 0 {
		r.para("Geen kosten.")
		return
	}
	header := func() {
		d.SetFont(family, "B", 8.5)
		heads := []string{key, "Kosten van inzet", "Inkomensoverdracht", "Totaal", "Regels"}
		x := margin
		y := d.GetY()
		for i, h := range heads {
			align := "R"
			if i == 0 {
				align = "L"
			}
			d.SetXY(x, y)
			d.CellFormat(costColumns[i], lh+1, h, "B", 0, align, false, 0, "")
			x += costColumns[i]
		}
		d.Ln(lh + 1.5)
	}
	r.need(3 * lh)
	header()
	marked := false
	d.SetFont(family, "", 9.5)
	for _, row := range rows {
		label := row.label
		if row.Estimated > 0 {
			label += " *"
			marked = true
		}
		lines := d.SplitText(label, costColumns[0]-1)
		h := float64(max(1, len(lines))) * lh
		if d.GetY()+h > r.bottom {
			d.AddPage()
			header()
			d.SetFont(family, "", 9.5)
		}
		y := d.GetY()
		for i, l := range lines {
			d.SetXY(margin, y+float64(i)*lh)
			d.CellFormat(costColumns[0], lh, l, "", 0, "L", false, 0, "")
		}
		x := margin + costColumns[0]
		for i, v := range []string{row.Service.String(), row.Transfer.String(), row.Total().String(), strconv.Itoa(row.Records)} {
			d.SetXY(x, y)
			d.CellFormat(costColumns[i+1], lh, v, "", 0, "R", false, 0, "")
			x += costColumns[i+1]
		}
		d.SetXY(margin, y+h)
	}
	d.SetDrawColor(colourGrey[0], colourGrey[1], colourGrey[2])
	d.Line(margin, d.GetY()+0.5, margin+r.text, d.GetY()+0.5)
	d.SetDrawColor(0, 0, 0)
	d.Ln(1.5)
	if marked {
		d.SetFont(family, "", 8.5)
		d.SetTextColor(colourGrey[0], colourGrey[1], colourGrey[2])
		d.MultiCell(r.text, 4.5, "* bevat geschatte bedragen", "", "L", false)
		d.SetTextColor(0, 0, 0)
	}
}

// yearChart draws the costs per year as horizontal bars, service costs and
// transfers stacked, with the year before and the amount after each bar. The
// table under it has the same numbers.
func (r *costReport) yearChart(years []kluwen.CostPeriodTotal) {
	d := r.doc
	if len(years) == 0 {
		return
	}
	const (
		labelW = 14.0
		barH   = 5.0
		gap    = 2.0
		amount = 34.0
	)
	var most kluwen.Cents
	for _, y := range years {
		most = max(most, max(0, y.Service)+max(0, y.Transfer))
	}
	barW := r.text - labelW - amount - 2
	r.need(float64(len(years))*(barH+gap) + 14)
	d.SetFont(family, "", 9.5)
	// The legend.
	y0 := d.GetY()
	legend := func(x float64, c [3]int, s string) float64 {
		d.SetFillColor(c[0], c[1], c[2])
		d.Rect(x, y0+1, 3.5, 3.5, "F")
		d.SetXY(x+5, y0)
		w := d.GetStringWidth(s) + 2
		d.CellFormat(w, barH, s, "", 0, "L", false, 0, "")
		return x + 5 + w + 4
	}
	x := legend(margin, colourService, "Kosten van inzet")
	legend(x, colourTransfer, "Inkomensoverdrachten")
	d.SetXY(margin, y0+barH+gap)
	for _, yt := range years {
		y := d.GetY()
		d.SetXY(margin, y)
		d.CellFormat(labelW, barH, strconv.Itoa(yt.Year), "", 0, "L", false, 0, "")
		bx := margin + labelW
		for _, part := range []struct {
			c kluwen.Cents
			k [3]int
		}{{yt.Service, colourService}, {yt.Transfer, colourTransfer}} {
			if part.c <= 0 || most <= 0 {
				continue
			}
			w := barW * float64(part.c) / float64(most)
			d.SetFillColor(part.k[0], part.k[1], part.k[2])
			d.Rect(bx, y+0.5, w, barH-1, "F")
			bx += w
		}
		d.SetXY(bx+1.5, y)
		d.CellFormat(amount, barH, yt.Total().String(), "", 0, "L", false, 0, "")
		d.SetXY(margin, y+barH+gap)
	}
	d.SetFillColor(255, 255, 255)
	d.Ln(2)
}
