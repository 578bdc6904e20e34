package web

import (
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

// The charts of the monitoring pages: the cost course per quarter relative to
// the start as stacked columns (one colour per kind of effort), the outcomes as
// a line over the same quarters (gaps where there is no figure), and the
// change of every partner's own costs as a diverging bar chart. Drawn by the
// partials "stackedchart", "offsetlinechart" and "divergingchart"; like every
// chart, with the numbers in a table beside it.

// stackSeries is one layer of a stacked column chart: its amounts per column.
type stackSeries struct {
	Name   string
	Values []kluwen.Cents
}

// stackSegment is one layer of one column.
type stackSegment struct {
	Y, H  float64
	Index int // the series style, 1 to seriesStyles
	Text  string
}

// stackColumn is one column of a stacked column chart.
type stackColumn struct {
	X, W     float64
	Center   float64
	Label    string // shown under the column, or ""
	Segments []stackSegment
}

// legendItem is one entry of a chart's legend.
type legendItem struct {
	Label string
	Index int
}

// stackedChart is a column chart of amounts per quarter, each column stacked
// by series.
type stackedChart struct {
	ID            string
	Title, Desc   string
	Width, Height float64
	Left, Bottom  float64
	Columns       []stackColumn
	Ticks         []chartTick
	Legend        []legendItem
}

// courseSlot is the width of one quarter in the wide charts of a course of n
// quarters, and courseX the centre of quarter i, so that the columns and the
// outcome line below them line up.
func courseSlot(n int) float64 { return (wideWidth - wideLeft - 10) / float64(max(n, 1)) }

func courseX(i, n int) float64 { return wideLeft + (float64(i)+0.5)*courseSlot(n) }

// sparseLabels keeps the labels of a long axis readable: with more than 16
// columns only every few is labelled, always including keep.
func sparseLabels(labels []string, keep int) []string {
	n := len(labels)
	if n <= 16 {
		return labels
	}
	step := (n + 15) / 16
	out := make([]string, n)
	for i := range labels {
		if (i-keep)%step == 0 {
			out[i] = labels[i]
		}
	}
	return out
}

// newStackedChart stacks the series per column (negative amounts, corrections,
// are not drawn). labels name the columns (on a long axis only some are shown,
// always the one at keep); titles are the columns' tooltips before the series'
// amounts.
func newStackedChart(id, title, desc string, labels, titles []string, keep int, series []stackSeries) *stackedChart {
	c := &stackedChart{ID: id, Title: title, Desc: desc, Width: wideWidth, Height: wideHeight, Left: wideLeft, Bottom: wideBottom}
	n := len(labels)
	var top kluwen.Cents
	for i := range n {
		var sum kluwen.Cents
		for _, s := range series {
			sum += max(0, s.Values[i])
		}
		top = max(top, sum)
	}
	scale := niceCeiling(top)
	plotH := wideBottom - wideTop
	for i := 0; i <= 4; i++ {
		c.Ticks = append(c.Ticks, chartTick{Pos: wideBottom - plotH*float64(i)/4, Label: euroShort(scale * kluwen.Cents(i) / 4)})
	}
	for i, s := range series {
		c.Legend = append(c.Legend, legendItem{Label: s.Name, Index: i%seriesStyles + 1})
	}
	slot := courseSlot(n)
	w := max(1, slot*3/4)
	axis := sparseLabels(labels, keep)
	for i := range n {
		col := stackColumn{X: courseX(i, n) - w/2, W: w, Center: courseX(i, n), Label: axis[i]}
		y := wideBottom
		for j, s := range series {
			v := s.Values[i]
			if v <= 0 {
				continue
			}
			h := plotH * float64(v) / float64(scale)
			y -= h
			col.Segments = append(col.Segments, stackSegment{Y: y, H: h, Index: j%seriesStyles + 1, Text: titles[i] + ", " + s.Name + ": " + v.String()})
		}
		c.Columns = append(c.Columns, col)
	}
	return c
}

// offsetLineChart is a line over the quarters of a course, aligned with a
// stacked chart of the same quarters; a quarter without a figure breaks the
// line.
type offsetLineChart struct {
	ID                       string
	Title, Desc              string
	Name                     string // the series, for the legend
	Width, Height            float64
	Left, Right, Top, Bottom float64
	YTicks, XTicks           []chartTick
	Segments                 []string // polylines
	Marks                    []chartMark
	Sample                   string
}

// newOffsetLineChart draws values (nil: no figure) on a scale from lo to hi
// with a tick every step (whole numbers); format writes a value in a tooltip.
// labels and keep as for newStackedChart.
func newOffsetLineChart(id, title, desc, name string, labels []string, keep int, values []*float64, lo, hi, step float64, format func(float64) string) *offsetLineChart {
	c := &offsetLineChart{ID: id, Title: title, Desc: desc, Name: name, Width: wideWidth, Height: 200, Left: wideLeft, Right: wideWidth - 10, Top: wideTop, Bottom: 160}
	if hi <= lo {
		hi = lo + 1
	}
	y := func(v float64) float64 { return c.Bottom - (c.Bottom-c.Top)*(v-lo)/(hi-lo) }
	for v := lo; v <= hi+1e-9; v += step {
		c.YTicks = append(c.YTicks, chartTick{Pos: y(v), Label: whole(v)})
	}
	n := len(labels)
	for i, l := range sparseLabels(labels, keep) {
		if l != "" {
			c.XTicks = append(c.XTicks, chartTick{Pos: courseX(i, n), Label: l})
		}
	}
	c.Sample = markerPath(1, 12, 6)
	var run []string
	flush := func() {
		if len(run) > 1 {
			c.Segments = append(c.Segments, strings.Join(run, " "))
		}
		run = nil
	}
	for i, v := range values {
		if v == nil {
			flush()
			continue
		}
		px, py := courseX(i, n), y(min(max(*v, lo), hi))
		run = append(run, coord(px)+","+coord(py))
		c.Marks = append(c.Marks, chartMark{X: px, Y: py, D: markerPath(1, px, py), Text: name + ", kwartaal " + labels[i] + ": " + format(*v)})
	}
	flush()
	return c
}

// divergingBar is one partner's bar: to the right of the zero line when its
// costs rose, to the left when they fell.
type divergingBar struct {
	Label        string
	LabelY       float64
	X, Y, W, H   float64
	Rise         bool
	Text         string
	TextX        float64
	TextAnchor   string
	TooltipLabel string
}

// divergingChart is a horizontal bar chart of changes around a zero line.
type divergingChart struct {
	ID            string
	Title, Desc   string
	Width, Height float64
	LabelEnd      float64 // the labels end here
	Zero          float64 // the zero line
	Top, Bottom   float64
	Bars          []divergingBar
}

// divergingValue is one bar's label and amount.
type divergingValue struct {
	Label string
	Value kluwen.Cents
}

// newDivergingChart scales the bars to the largest change either way.
func newDivergingChart(id, title, desc string, values []divergingValue) *divergingChart {
	const rowH, barH, top = 30.0, 18.0, 8.0
	c := &divergingChart{ID: id, Title: title, Desc: desc, Width: wideWidth, LabelEnd: 220, Top: top}
	c.Zero = c.LabelEnd + (c.Width-c.LabelEnd)/2
	half := (c.Width-c.LabelEnd)/2 - 90 // room for the amount beyond the bar
	var largest kluwen.Cents
	for _, v := range values {
		largest = max(largest, v.Value, -v.Value)
	}
	for i, v := range values {
		b := divergingBar{Label: shorten(v.Label, 30), TooltipLabel: v.Label, Y: top + float64(i)*rowH, H: barH, Rise: v.Value > 0, Text: signedEuro(v.Value)}
		b.LabelY = b.Y + barH/2 + 4
		if largest > 0 {
			b.W = half * float64(max(v.Value, -v.Value)) / float64(largest)
		}
		if v.Value > 0 {
			b.X, b.TextX, b.TextAnchor = c.Zero, c.Zero+b.W+6, "start"
		} else {
			b.X, b.TextX, b.TextAnchor = c.Zero-b.W, c.Zero-b.W-6, "end"
		}
		c.Bars = append(c.Bars, b)
	}
	c.Bottom = top + float64(len(values))*rowH
	c.Height = c.Bottom + 24
	return c
}

// signedEuro writes a change with its sign: +€ 1.200,00 or −€ 350,00.
func signedEuro(c kluwen.Cents) string {
	switch {
	case c > 0:
		return "+" + c.String()
	case c < 0:
		return "−" + (-c).String()
	}
	return c.String()
}

// decimal writes a figure with a decimal comma and two decimals: 2,25.
func decimal(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', 2, 64), ".", ",", 1)
}

// whole writes a figure without decimals.
func whole(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }
