// Package pdf prints the plan of a case for the family, in plain Dutch, as a PDF.
//
// It uses github.com/go-pdf/fpdf (pure Go, only the standard library), which lays
// out text with automatic line and page breaks. Its built-in core fonts know only
// one 8-bit code page, so names like Łukasz or Şahin would be lost; the plan
// therefore embeds DejaVu Sans (fonts/, Bitstream Vera licence with public-domain
// DejaVu changes: see fonts/LICENSE), of which fpdf writes only the glyphs used.
package pdf

import (
	_ "embed"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/kluwen/kluwen"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// ContentType is the media type of the plan.
const ContentType = "application/pdf"

// Filename is the name to offer the download under.
func Filename(p *kluwen.FamilyPlan) string {
	return fmt.Sprintf("gezinsplan-casus-%d-%s.pdf", p.CaseID, p.PrintedOn.Format(kluwen.DateLayout))
}

const family = "DejaVu"

// Layout, in millimetres on A4.
const (
	margin   = 20.0
	lineBody = 5.5
)

// WritePlan writes the family plan p as a PDF to w and returns its number of
// pages. The PDF carries the print date as its creation date, so the same plan
// printed on the same day gives the same file.
func WritePlan(w io.Writer, p *kluwen.FamilyPlan) (pages int, err error) {
	doc := fpdf.New("P", "mm", "A4", "")
	doc.SetMargins(margin, margin, margin)
	doc.SetAutoPageBreak(true, margin)
	doc.AddUTF8FontFromBytes(family, "", fontRegular)
	doc.AddUTF8FontFromBytes(family, "B", fontBold)
	stamp := time.Date(p.PrintedOn.Year(), p.PrintedOn.Month(), p.PrintedOn.Day(), 12, 0, 0, 0, time.UTC)
	doc.SetCatalogSort(true) // fonts in a fixed order: the same plan gives the same file
	doc.SetCreationDate(stamp)
	doc.SetModificationDate(stamp)
	doc.SetTitle("Plan voor het gezin", true)
	doc.SetSubject(fmt.Sprintf("Casus %d", p.CaseID), true)
	doc.SetCreator("Kluwen", true)
	doc.SetLang("nl-NL")
	doc.AliasNbPages("{nb}")
	doc.SetFooterFunc(func() {
		doc.SetY(-15)
		doc.SetFont(family, "", 9)
		doc.SetTextColor(90, 90, 90)
		doc.CellFormat(0, 5, fmt.Sprintf("Plan voor het gezin · gemaakt op %s · pagina %d van {nb}", Date(p.PrintedOn), doc.PageNo()), "", 0, "C", false, 0, "")
		doc.SetTextColor(0, 0, 0)
	})
	doc.AddPage()
	width, _ := doc.GetPageSize()
	text := width - 2*margin

	heading := func(size float64, s string) {
		doc.SetFont(family, "B", size)
		doc.MultiCell(text, size*0.5, s, "", "L", false)
	}
	para := func(s string) {
		doc.SetFont(family, "", 11)
		doc.MultiCell(text, lineBody, s, "", "L", false)
	}
	field := func(indent float64, label, value string) {
		doc.SetX(margin + indent)
		doc.SetFont(family, "B", 11)
		lw := doc.GetStringWidth(label+" ") + 1
		doc.CellFormat(lw, lineBody, label, "", 0, "L", false, 0, "")
		doc.SetFont(family, "", 11)
		doc.MultiCell(text-indent-lw, lineBody, value, "", "L", false)
	}

	heading(20, "Plan voor het gezin")
	doc.Ln(3)
	field(0, "Adres:", p.Address)
	if len(p.Members) > 0 {
		field(0, "Gezin:", list(p.Members))
	}
	field(0, "Uw regisseur:", p.RegisseurName+", "+p.OrganisationName)
	field(0, "Datum:", Date(p.PrintedOn))
	doc.Ln(3)
	para("In dit plan staat wat we samen met u willen bereiken en wie daarvoor wat doet. " +
		"Per onderwerp ziet u de doelen, wanneer we ze willen halen en hoe het ervoor staat. " +
		"Heeft u vragen over dit plan, of klopt er iets niet? Neem dan contact op met uw regisseur.")
	doc.Ln(2)

	if len(p.Goals) == 0 {
		para("Er staan nog geen doelen in het plan.")
	}
	var domain kluwen.LifeDomain
	for i, g := range p.Goals {
		if g.Domain != domain || i == 0 {
			domain = g.Domain
			doc.Ln(3)
			heading(15, g.Domain.Label())
			doc.Ln(1)
		}
		doc.Ln(1)
		field(0, "Doel:", g.Description)
		if len(g.Persons) > 0 {
			field(0, "Voor:", list(g.Persons))
		}
		field(0, "Wanneer:", "vóór "+Date(g.TargetDate))
		field(0, "Hoe staat het:", goalStatus(g.Status))
		if len(g.Actions) > 0 {
			doc.SetFont(family, "B", 11)
			doc.CellFormat(text, lineBody, "Wat er gebeurt:", "", 1, "L", false, 0, "")
			for _, a := range g.Actions {
				doc.SetX(margin + 5)
				doc.SetFont(family, "", 11)
				doc.MultiCell(text-5, lineBody, "• "+a.Description, "", "L", false)
				field(9, "Wie:", a.Organisation)
				field(9, "Klaar op:", Date(a.DueDate)+" ("+actionStatus(a.Status)+")")
			}
		}
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

// months are the Dutch month names.
var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// Date writes a date the Dutch way: "3 maart 2026".
func Date(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// list joins names as Dutch prose: "Anna, Piet en Zoë".
func list(names []string) string {
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " en " + names[len(names)-1]
}

// goalStatus says where a goal stands in plain words.
func goalStatus(s kluwen.GoalStatus) string {
	switch s {
	case kluwen.GoalOpen:
		return "we werken eraan"
	case kluwen.GoalAchieved:
		return "gelukt"
	case kluwen.GoalNotAchieved:
		return "niet gelukt"
	case kluwen.GoalCancelled:
		return "vervallen, niet meer nodig"
	}
	return s.Label()
}

// actionStatus says where an action stands in plain words.
func actionStatus(s kluwen.ActionStatus) string {
	switch s {
	case kluwen.ActionOpen:
		return "nog niet begonnen"
	case kluwen.ActionBusy:
		return "bezig"
	case kluwen.ActionDone:
		return "gedaan"
	case kluwen.ActionCancelled:
		return "vervallen"
	}
	return s.Label()
}
