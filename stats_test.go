package kluwen

import "testing"

func TestSuppressSmallCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   map[string]int
		want map[string]bool
	}{
		{"nothing small", map[string]int{"a": 10, "b": 7, "c": 0}, map[string]bool{}},
		{"one small cell takes the next smallest with it", map[string]int{"a": 10, "b": 2, "c": 7}, map[string]bool{"b": true, "c": true}},
		{"two small cells adding up to less than min", map[string]int{"a": 10, "b": 1, "c": 2, "d": 6}, map[string]bool{"b": true, "c": true, "d": true}},
		{"two small cells adding up to min", map[string]int{"a": 10, "b": 3, "c": 4}, map[string]bool{"b": true, "c": true}},
		{"everything small", map[string]int{"a": 1, "b": 1}, map[string]bool{"a": true, "b": true}},
		{"zeros stay", map[string]int{"a": 9, "b": 0}, map[string]bool{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string]int{}
			for k, v := range tc.in {
				in[k] = v
			}
			got := SuppressSmallCells(in, 5)
			if len(got) != len(tc.want) {
				t.Fatalf("hidden = %v, want %v", got, tc.want)
			}
			for k := range tc.want {
				if !got[k] || in[k] != 0 {
					t.Errorf("cell %s: hidden %v, count %d", k, got[k], in[k])
				}
			}
			for k, v := range in {
				if !got[k] && v != tc.in[k] {
					t.Errorf("visible cell %s changed to %d", k, v)
				}
			}
		})
	}
}
