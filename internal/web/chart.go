package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// Charts are drawn on the server as SVG, without script or style attributes
// (the CSP forbids both): this file computes the coordinates, the partials
// "linechart", "barchart", "columnchart" and "curvechart" draw them. A chart
// is an image with a title and a description (role="img"); the page always
// shows the same numbers in a table beside it, so the chart adds a picture and
// never carries information alone. Series differ in colour, dash pattern and
// marker shape, so that colour is never the only difference.
//
// Four kinds are drawn: line charts of scores over time (assessments),
// horizontal bar charts of counts (the balance of a plan's kinds of action),
// column charts of amounts over time (a household's costs per quarter) and the
// concentration curve of the costs (the portfolio).

// chartTick is one labelled position on an axis.
type chartTick struct {
	Pos   float64
	Label string
}

// chartMark is one data point of a series: where it is drawn, and the path of
// its marker.
type chartMark struct {
	X, Y float64
	D    string // the marker's path
	Text string // for the marker's <title>
}

// lineSeries is one line of a line chart.
type lineSeries struct {
	Name   string
	Index  int // 1 to seriesStyles: picks colour, dash pattern and marker
	Points string
	Marks  []chartMark
	Sample string // the marker's path in the legend's 24×12 sample
}

// lineChart is a line chart of scores over time.
type lineChart struct {
	ID                       string
	Title, Desc              string
	Width, Height            float64
	Left, Right, Top, Bottom float64 // the plot area
	YTicks, XTicks           []chartTick
	Series                   []*lineSeries
}

// seriesStyles is the number of distinct series styles (kluwen.css
// .kluwen-series-1 to -6).
const seriesStyles = 6

// datedValue is one value of a series on a date.
type datedValue struct {
	Date  time.Time
	Value int
}

// chartSeries is a named series of dated values, oldest first.
type chartSeries struct {
	Name   string
	Values []datedValue
}

// newLineChart lays out the series on a time axis (x) and the levels lo to hi
// (y, hi on top). levelLabel names a level on the y axis.
func newLineChart(id, title, desc string, lo, hi int, series []chartSeries) *lineChart {
	c := &lineChart{ID: id, Title: title, Desc: desc, Width: 480, Height: 200, Left: 40, Right: 464, Top: 12, Bottom: 168}
	if hi <= lo {
		hi = lo + 1
	}
	for l := lo; l <= hi; l++ {
		c.YTicks = append(c.YTicks, chartTick{Pos: c.y(l, lo, hi), Label: strconv.Itoa(l)})
	}
	var first, last time.Time
	for _, s := range series {
		for _, v := range s.Values {
			if first.IsZero() || v.Date.Before(first) {
				first = v.Date
			}
			if last.IsZero() || v.Date.After(last) {
				last = v.Date
			}
		}
	}
	if first.IsZero() {
		return c
	}
	span := last.Sub(first)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + 8 + (c.Right-c.Left-16)*float64(t.Sub(first))/float64(span)
	}
	c.XTicks = timeTicks(first, last, x)
	for i, s := range series {
		ls := &lineSeries{Name: s.Name, Index: i%seriesStyles + 1}
		ls.Sample = markerPath(ls.Index, 12, 6)
		var pts []string
		for _, v := range s.Values {
			px, py := x(v.Date), c.y(v.Value, lo, hi)
			pts = append(pts, coord(px)+","+coord(py))
			ls.Marks = append(ls.Marks, chartMark{X: px, Y: py, D: markerPath(ls.Index, px, py),
				Text: fmt.Sprintf("%s, %s: %d", s.Name, shortDate(v.Date), v.Value)})
		}
		ls.Points = strings.Join(pts, " ")
		c.Series = append(c.Series, ls)
	}
	return c
}

func (c *lineChart) y(level, lo, hi int) float64 {
	return c.Bottom - 8 - (c.Bottom-c.Top-16)*float64(level-lo)/float64(hi-lo)
}

// timeTicks labels the years between first and last, or, when fewer than two
// new years fall between them, the first and last date.
func timeTicks(first, last time.Time, x func(time.Time) float64) []chartTick {
	var out []chartTick
	for y := first.Year() + 1; y <= last.Year(); y++ {
		out = append(out, chartTick{Pos: x(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)), Label: strconv.Itoa(y)})
	}
	if len(out) > 8 {
		// Every other year on a long course.
		var thin []chartTick
		for i, t := range out {
			if i%2 == 0 {
				thin = append(thin, t)
			}
		}
		out = thin
	}
	if len(out) < 2 {
		// Less than two years' marks: the first and the last date say more.
		out = []chartTick{{Pos: x(first), Label: shortDate(first)}}
		if last.After(first) {
			out = append(out, chartTick{Pos: x(last), Label: shortDate(last)})
		}
	}
	return out
}

var monthsShortNL = [...]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

// shortDate is a date in few characters: 3 mrt 2024.
func shortDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + monthsShortNL[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// markerPath is the path of the marker of series style i centred on (x, y):
// circle, square, triangle, diamond, triangle down, cross.
func markerPath(i int, x, y float64) string {
	const r = 4.0
	p := func(vals ...float64) string {
		s := make([]string, len(vals))
		for i, v := range vals {
			s[i] = coord(v)
		}
		return strings.Join(s, " ")
	}
	switch (i-1)%seriesStyles + 1 {
	case 1:
		return "M " + p(x-r, y) + " a " + p(r, r) + " 0 1 0 " + p(2*r, 0) + " a " + p(r, r) + " 0 1 0 " + p(-2*r, 0) + " Z"
	case 2:
		return "M " + p(x-r, y-r) + " h " + p(2*r) + " v " + p(2*r) + " h " + p(-2*r) + " Z"
	case 3:
		return "M " + p(x, y-r-1) + " L " + p(x+r+1, y+r) + " L " + p(x-r-1, y+r) + " Z"
	case 4:
		return "M " + p(x, y-r-1) + " L " + p(x+r+1, y) + " L " + p(x, y+r+1) + " L " + p(x-r-1, y) + " Z"
	case 5:
		return "M " + p(x, y+r+1) + " L " + p(x+r+1, y-r) + " L " + p(x-r-1, y-r) + " Z"
	}
	return "M " + p(x-r, y-r) + " L " + p(x+r, y+r) + " M " + p(x+r, y-r) + " L " + p(x-r, y+r)
}

// coord writes a coordinate with at most one decimal.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// chartBar is one bar of a bar chart.
type chartBar struct {
	Label  string
	Value  int
	Text   string // the number written after the bar
	Y      float64
	Width  float64
	TextX  float64
	LabelY float64
}

// barChart is a horizontal bar chart of counts.
type barChart struct {
	ID          string
	Title, Desc string
	Width       float64
	Height      float64
	BarX        float64 // where the bars start; their labels end there
	BarHeight   float64
	Bars        []chartBar
}

// barValue is one bar's label, value and the text after it.
type barValue struct {
	Label string
	Value int
	Text  string
}

// newBarChart lays out one bar per value, scaled to the largest.
func newBarChart(id, title, desc string, values []barValue) *barChart {
	c := &barChart{ID: id, Title: title, Desc: desc, Width: 480, BarX: 190, BarHeight: 22}
	maxV := 0
	for _, v := range values {
		maxV = max(maxV, v.Value)
	}
	const rowH, top = 34.0, 8.0
	full := c.Width - c.BarX - 110
	for i, v := range values {
		b := chartBar{Label: v.Label, Value: v.Value, Text: v.Text, Y: top + float64(i)*rowH}
		if maxV > 0 {
			b.Width = full * float64(v.Value) / float64(maxV)
		}
		b.TextX = c.BarX + b.Width + 8
		b.LabelY = b.Y + c.BarHeight/2 + 5
		c.Bars = append(c.Bars, b)
	}
	c.Height = top*2 + float64(len(values))*rowH
	return c
}

// Sizes of the wide charts of amounts (columns and the concentration curve),
// in SVG user units (the SVG scales with the page).
const (
	wideWidth  = 720.0
	wideHeight = 260.0
	wideLeft   = 90.0
	wideTop    = 16.0
	wideBottom = 220.0
)

// chartColumn is one column of a column chart.
type chartColumn struct {
	X, Y, W, H float64
	Label      string // shown under the column, or ""
	Text       string // the column's own tooltip: its label and amount
}

// columnChart is a vertical bar chart of amounts, one column per period.
type columnChart struct {
	ID            string
	Title, Desc   string
	Width, Height float64
	Left, Bottom  float64 // the plot's left edge and baseline
	Columns       []chartColumn
	Ticks         []chartTick // the amounts on the vertical axis
}

// newColumnChart draws values as columns, labelled by labels (an empty label
// is not shown under its column) with texts as their tooltips.
func newColumnChart(id, title, desc string, labels, texts []string, values []kluwen.Cents) *columnChart {
	c := &columnChart{ID: id, Title: title, Desc: desc, Width: wideWidth, Height: wideHeight, Left: wideLeft, Bottom: wideBottom}
	var top kluwen.Cents
	for _, v := range values {
		top = max(top, v)
	}
	scale := niceCeiling(top)
	plotH := wideBottom - wideTop
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, chartTick{Pos: wideBottom - plotH*float64(i)/4, Label: euroShort(scale * kluwen.Cents(i) / 4)})
	}
	if len(values) == 0 {
		return c
	}
	slot := (wideWidth - wideLeft - 10) / float64(len(values))
	w := max(1, slot*3/4)
	for i, v := range values {
		h := 0.0
		if v > 0 {
			h = plotH * float64(v) / float64(scale)
		}
		c.Columns = append(c.Columns, chartColumn{X: wideLeft + float64(i)*slot + (slot-w)/2, Y: wideBottom - h, W: w, H: h, Label: labels[i], Text: texts[i]})
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

// curveChart is the concentration curve: the share of the costs (vertical)
// carried by the costliest share of the households (horizontal), with the
// diagonal of an even spread for comparison.
type curveChart struct {
	ID                       string
	Title, Desc              string
	Width, Height            float64
	Left, Right, Top, Bottom float64     // the plot area
	YTicks, XTicks           []chartTick // both axes: 0, 25, 50, 75, 100 %
	Points                   string      // the polyline, from the origin
	Marks                    []chartMark
}

// newCurveChart lays out the points of a concentration curve.
func newCurveChart(id, title, desc string, curve []kluwen.ConcentrationPoint) *curveChart {
	c := &curveChart{ID: id, Title: title, Desc: desc, Width: wideWidth, Height: wideHeight + 20,
		Left: wideLeft, Right: wideWidth - 20, Top: wideTop, Bottom: wideBottom}
	x := func(p float64) float64 { return c.Left + p*(c.Right-c.Left)/100 }
	y := func(p float64) float64 { return c.Bottom - p*(c.Bottom-c.Top)/100 }
	for _, p := range []float64{0, 25, 50, 75, 100} {
		c.YTicks = append(c.YTicks, chartTick{Pos: y(p), Label: percent(p)})
		c.XTicks = append(c.XTicks, chartTick{Pos: x(p), Label: percent(p)})
	}
	pts := []string{coord(x(0)) + "," + coord(y(0))}
	for _, p := range curve {
		px, py := x(p.HouseholdPercent), y(p.CostPercent)
		c.Marks = append(c.Marks, chartMark{X: px, Y: py, D: markerPath(1, px, py),
			Text: percent(p.HouseholdPercent) + " van de huishoudens: " + percent(p.CostPercent) + " van de kosten"})
		pts = append(pts, coord(px)+","+coord(py))
	}
	c.Points = strings.Join(pts, " ")
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
