package web

import (
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

// Charts are drawn on the server as SVG: no script, no inline style (the CSP
// forbids both). Each chart has role="img" with a <title> and <desc>, and its
// page shows the same numbers in a table beside it.

// chartBar is one bar of a bar chart, in SVG user units.
type chartBar struct {
	X, Y, W, H int
	Label      string // shown under the bar, or ""
	Title      string // the bar's own tooltip: its label and value
}

// chartTick is a horizontal grid line with its value.
type chartTick struct {
	Y     int
	Label string
}

// barChart is a vertical bar chart.
type barChart struct {
	ID            string
	Title, Desc   string
	Width, Height int
	Left, Bottom  int // the plot's left edge and baseline
	Bars          []chartBar
	Ticks         []chartTick
}

// Sizes of the charts, in SVG user units (the SVG scales with the page).
const (
	chartWidth  = 720
	chartHeight = 260
	chartLeft   = 90
	chartTop    = 16
	chartBottom = 220
)

// newBarChart draws values as bars, labelled by labels (an empty label is not
// shown under its bar).
func newBarChart(id, title, desc string, labels []string, titles []string, values []kluwen.Cents) *barChart {
	c := &barChart{ID: id, Title: title, Desc: desc, Width: chartWidth, Height: chartHeight, Left: chartLeft, Bottom: chartBottom}
	var top kluwen.Cents
	for _, v := range values {
		top = max(top, v)
	}
	scale := niceCeiling(top)
	plotH := chartBottom - chartTop
	for i := 0; i <= 4; i++ {
		v := scale * kluwen.Cents(i) / 4
		c.Ticks = append(c.Ticks, chartTick{Y: chartBottom - plotH*i/4, Label: euroShort(v)})
	}
	if len(values) == 0 {
		return c
	}
	slot := (chartWidth - chartLeft - 10) / len(values)
	w := max(1, slot*3/4)
	for i, v := range values {
		h := 0
		if scale > 0 && v > 0 {
			h = int(int64(v) * int64(plotH) / int64(scale))
		}
		c.Bars = append(c.Bars, chartBar{X: chartLeft + i*slot + (slot-w)/2, Y: chartBottom - h, W: w, H: h, Label: labels[i], Title: titles[i]})
	}
	return c
}

// niceCeiling rounds a maximum up to 1, 2 or 5 times a power of ten of euros.
func niceCeiling(c kluwen.Cents) kluwen.Cents {
	if c <= 0 {
		return 100 * 100
	}
	step := kluwen.Cents(100)
	for {
		for _, m := range []kluwen.Cents{1, 2, 5} {
			if step*m >= c {
				return step * m
			}
		}
		step *= 10
	}
}

// euroShort writes whole euros, grouped the Dutch way: € 12.500.
func euroShort(c kluwen.Cents) string {
	s := c.String()
	if i := strings.LastIndex(s, ","); i >= 0 {
		s = s[:i]
	}
	return s
}

// linePoint is a point of a line chart with its labels.
type linePoint struct {
	X, Y  int
	Title string
}

// curveChart is the concentration curve: the share of the costs (vertical)
// carried by the costliest share of the households (horizontal), with the
// diagonal of an even spread for comparison.
type curveChart struct {
	ID            string
	Title, Desc   string
	Width, Height int
	Left, Bottom  int
	Right, Top    int
	Points        []linePoint
	Polyline      string
	Ticks         []chartTick // both axes: 0, 25, 50, 75, 100 %
	XTicks        []linePoint
}

func newCurveChart(id, title, desc string, curve []kluwen.ConcentrationPoint) *curveChart {
	c := &curveChart{ID: id, Title: title, Desc: desc, Width: chartWidth, Height: chartHeight + 20,
		Left: chartLeft, Bottom: chartBottom, Right: chartWidth - 20, Top: chartTop}
	plotW, plotH := c.Right-c.Left, c.Bottom-c.Top
	x := func(p float64) int { return c.Left + int(p*float64(plotW)/100+0.5) }
	y := func(p float64) int { return c.Bottom - int(p*float64(plotH)/100+0.5) }
	for _, p := range []float64{0, 25, 50, 75, 100} {
		c.Ticks = append(c.Ticks, chartTick{Y: y(p), Label: strconv.Itoa(int(p)) + "%"})
		c.XTicks = append(c.XTicks, linePoint{X: x(p), Y: c.Bottom, Title: strconv.Itoa(int(p)) + "%"})
	}
	pts := []string{strconv.Itoa(x(0)) + "," + strconv.Itoa(y(0))}
	for _, p := range curve {
		pt := linePoint{X: x(p.HouseholdPercent), Y: y(p.CostPercent),
			Title: percent(p.HouseholdPercent) + " van de huishoudens: " + percent(p.CostPercent) + " van de kosten"}
		c.Points = append(c.Points, pt)
		pts = append(pts, strconv.Itoa(pt.X)+","+strconv.Itoa(pt.Y))
	}
	c.Polyline = strings.Join(pts, " ")
	return c
}

// percent writes a percentage the Dutch way, with a decimal comma when it has
// a fraction: 5%, 48,3%.
func percent(p float64) string {
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if strings.Contains(s, ".") {
		s = strconv.FormatFloat(p, 'f', 1, 64)
	}
	return strings.Replace(s, ".", ",", 1) + "%"
}
