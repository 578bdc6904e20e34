package web

import (
	"math"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
)

func TestStackedChart(t *testing.T) {
	c := newStackedChart("k", "T", "D", []string{"−1", "0", "+1"}, []string{"a", "b", "c"}, 1, []stackSeries{
		{Name: "Preventie", Values: []kluwen.Cents{100_00, 0, -5_00}},
		{Name: "Zorg", Values: []kluwen.Cents{300_00, 200_00, 0}},
	})
	if len(c.Columns) != 3 || len(c.Legend) != 2 {
		t.Fatalf("%d columns, %d legend items", len(c.Columns), len(c.Legend))
	}
	// The scale tops at € 500: the first column (€ 400) is 4/5 of the plot high,
	// its segments stacked from the baseline up, Preventie first.
	first := c.Columns[0]
	if len(first.Segments) != 2 || first.Segments[0].Index != 1 || first.Segments[1].Index != 2 {
		t.Fatalf("segments %+v", first.Segments)
	}
	plot := wideBottom - wideTop
	if h := first.Segments[0].H + first.Segments[1].H; math.Abs(h-plot*4/5) > 0.01 {
		t.Errorf("column height %.2f, want %.2f", h, plot*4/5)
	}
	if s := first.Segments[0]; math.Abs(s.Y+s.H-wideBottom) > 0.01 || math.Abs(first.Segments[1].Y+first.Segments[1].H-s.Y) > 0.01 {
		t.Errorf("segments not stacked: %+v", first.Segments)
	}
	if len(c.Columns[2].Segments) != 0 {
		t.Errorf("a negative amount is drawn: %+v", c.Columns[2].Segments)
	}
	if !strings.Contains(first.Segments[1].Text, "a, Zorg: € 300,00") {
		t.Errorf("tooltip %q", first.Segments[1].Text)
	}
}

func TestOffsetLineChartGaps(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	c := newOffsetLineChart("l", "T", "D", "Score", []string{"−2", "−1", "0", "+1", "+2"}, 2, []*float64{nil, v(2), v(3), nil, v(4)}, 1, 5, 1, decimal)
	// A gap breaks the line: one segment of two points, and a lone point
	// without a line but with its marker.
	if len(c.Segments) != 1 || strings.Count(c.Segments[0], ",") != 2 || len(c.Marks) != 3 {
		t.Errorf("segments %q, %d marks", c.Segments, len(c.Marks))
	}
	if c.Marks[2].Text != "Score, kwartaal +2: 4,00" {
		t.Errorf("tooltip %q", c.Marks[2].Text)
	}
	if len(c.YTicks) != 5 || c.YTicks[0].Label != "1" || c.YTicks[4].Label != "5" {
		t.Errorf("ticks %+v", c.YTicks)
	}
}

func TestDivergingChart(t *testing.T) {
	c := newDivergingChart("d", "T", "D", []divergingValue{{"Politie", -400_00}, {"Gemeente", 200_00}, {"Kredietbank", 0}})
	fall, rise, zero := c.Bars[0], c.Bars[1], c.Bars[2]
	if fall.Rise || fall.X+fall.W != c.Zero || fall.TextAnchor != "end" || fall.Text != "−€ 400,00" {
		t.Errorf("a fall %+v", fall)
	}
	if !rise.Rise || rise.X != c.Zero || math.Abs(rise.W*2-fall.W) > 0.01 || rise.Text != "+€ 200,00" {
		t.Errorf("a rise %+v (fall width %.1f)", rise, fall.W)
	}
	if zero.W != 0 || zero.Text != "€ 0,00" {
		t.Errorf("no change %+v", zero)
	}
}

func TestSparseLabels(t *testing.T) {
	labels := make([]string, 29)
	for i := range labels {
		labels[i] = offsetLabel(i - 4)
	}
	got := sparseLabels(labels, 4)
	if got[4] != "0" || got[0] != "−4" || got[1] != "" || got[6] != "+2" {
		t.Errorf("labels %q", got)
	}
	if short := sparseLabels(labels[:13], 4); short[1] != "−3" {
		t.Errorf("a short axis is thinned: %q", short)
	}
}
