package kluwen

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// checkText checks a free-text field: required when req, at most max characters,
// valid UTF-8 (PostgreSQL refuses anything else) and no control characters. what
// is the Dutch noun used in the message.
func checkText(v *Validator, field, s string, max int, req bool, what string) {
	switch {
	case req && s == "":
		v.Add(field, fmt.Sprintf("Vul %s in.", what))
	case utf8.RuneCountInString(s) > max:
		v.Add(field, fmt.Sprintf("%s is te lang: maximaal %d tekens.", capitalise(what), max))
	case !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) >= 0:
		v.Add(field, fmt.Sprintf("%s bevat ongeldige tekens.", capitalise(what)))
	}
}

func capitalise(s string) string {
	s = strings.TrimPrefix(s, "de ")
	s = strings.TrimPrefix(s, "het ")
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// DateLayout is the ISO 8601 layout of a calendar date.
const DateLayout = "2006-01-02"

// ParseDate parses an ISO 8601 calendar date (2006-01-02) to midnight UTC.
func ParseDate(s string) (time.Time, error) {
	return time.ParseInLocation(DateLayout, strings.TrimSpace(s), time.UTC)
}

// DateOf returns the calendar date of t (midnight UTC of t's date in its own zone).
func DateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Today returns today's date in the Netherlands as midnight UTC.
func Today() time.Time { return DateOf(time.Now().In(amsterdam)) }

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

var postcodeRe = regexp.MustCompile(`^([1-9][0-9]{3}) ?([A-Za-z]{2})$`)

// NormalisePostcode returns a Dutch postcode in its written form "1234 AB" and
// whether s is one. Postcodes never start with 0, and the letter pairs SA, SD and SS
// are not issued.
func NormalisePostcode(s string) (string, bool) {
	m := postcodeRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return s, false
	}
	letters := strings.ToUpper(m[2])
	if letters == "SA" || letters == "SD" || letters == "SS" {
		return s, false
	}
	return m[1] + " " + letters, true
}

// ValidBSN reports whether s is a citizen service number: nine digits that pass the
// elfproef (9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and not 0).
func ValidBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(c-'0')
	}
	return sum != 0 && sum%11 == 0
}

// NormaliseBSN strips spaces and dots that people type in a BSN; a BSN of eight
// digits gets its leading zero back.
func NormaliseBSN(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '.' || r == '-' {
			return -1
		}
		return r
	}, s)
	if len(s) == 8 {
		s = "0" + s
	}
	return s
}

// MaskBSN shows only the last four digits: "*****1234".
func MaskBSN(s string) string {
	if len(s) < 4 {
		return strings.Repeat("*", len(s))
	}
	return strings.Repeat("*", len(s)-4) + s[len(s)-4:]
}
