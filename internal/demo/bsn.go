package demo

import (
	"math/rand/v2"
	"strconv"
)

// newBSN returns a synthetic BSN that passes the elfproef and was not handed out
// before. Every demo BSN starts with 99: nine digits in a range that is plainly a
// test range, so that demo data are not mistaken for real people (real BSNs are
// not issued there).
func newBSN(r *rand.Rand, used map[string]bool) string {
	for {
		var d [9]int
		d[0], d[1] = 9, 9
		sum := 9*9 + 8*9
		for i := 2; i < 8; i++ {
			d[i] = r.IntN(10)
			sum += (9 - i) * d[i]
		}
		d[8] = sum % 11
		if d[8] == 10 {
			continue // no check digit fits: draw again
		}
		b := make([]byte, 9)
		for i, x := range d {
			b[i] = byte('0' + x)
		}
		s := string(b)
		if used[s] {
			continue
		}
		used[s] = true
		return s
	}
}

// postcode returns the fictional postcode of a house: the four digits name the
// street (4900 + 10·wijk + street, all in the range 4900–4979), the letters the
// stretch of about a dozen house numbers it lies on.
func postcode(wijkIdx, streetIdx, number int) string {
	n := 4900 + 10*wijkIdx + streetIdx
	letters := postcodeLetters[(streetIdx*5+number/12)%len(postcodeLetters)]
	return strconv.Itoa(n) + " " + letters
}
