package web

import (
	"testing"

	"github.com/kluwen/kluwen"
)

func TestNiceCeiling(t *testing.T) {
	for _, tt := range []struct{ in, want kluwen.Cents }{
		{0, 10000}, {1, 100}, {150, 200}, {199_00, 200_00}, {200_01, 500_00}, {7_500_00, 10_000_00}, {12_000_000_00, 20_000_000_00},
	} {
		if got := niceCeiling(tt.in); got != tt.want {
			t.Errorf("niceCeiling(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{{5, "5%"}, {48.3, "48,3%"}, {100, "100%"}, {0.26, "0,3%"}} {
		if got := percent(tt.in); got != tt.want {
			t.Errorf("percent(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestColumnChart(t *testing.T) {
	c := newColumnChart("k", "Titel", "Beschrijving", []string{"2024", "", ""}, []string{"a", "b", "c"}, []kluwen.Cents{100_00, 50_00, 0})
	if len(c.Columns) != 3 || len(c.Ticks) != 5 {
		t.Fatalf("%d columns, %d ticks", len(c.Columns), len(c.Ticks))
	}
	plot := wideBottom - wideTop
	if c.Columns[0].H != plot || c.Columns[1].H != plot/2 || c.Columns[2].H != 0 {
		t.Errorf("heights %v %v %v; want %v %v 0", c.Columns[0].H, c.Columns[1].H, c.Columns[2].H, plot, plot/2)
	}
	for _, b := range c.Columns {
		if b.Y+b.H != wideBottom || b.X < wideLeft || b.X+b.W > wideWidth {
			t.Errorf("column %+v outside the plot", b)
		}
	}
	if c.Ticks[4].Label != "€ 100" {
		t.Errorf("top tick %q", c.Ticks[4].Label)
	}
}

func TestCurveChart(t *testing.T) {
	c := newCurveChart("c", "Titel", "Beschrijving", kluwen.ConcentrationCurve([]kluwen.Cents{90, 5, 5}, []float64{50, 100}))
	if len(c.Marks) != 2 {
		t.Fatalf("%d points", len(c.Marks))
	}
	last := c.Marks[1]
	if last.X != c.Right || last.Y != c.Top {
		t.Errorf("100%% of the households is at (%v,%v), want (%v,%v)", last.X, last.Y, c.Right, c.Top)
	}
	if c.Points == "" || c.Marks[0].Text == "" || c.Marks[0].D == "" {
		t.Error("no line, no point titles or no markers")
	}
}
