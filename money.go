package kluwen

import (
	"errors"
	"strconv"
	"strings"
)

// Cents is an amount of money in euro cents. Money is never a float in Kluwen:
// amounts are whole cents, quantities whole thousandths (Quantity), and products
// are rounded half away from zero.
type Cents int64

// String formats the amount the Dutch way: "€ 1.234,56", "-€ 12,00".
func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign = "-"
		c = -c
	}
	return sign + "€ " + groupThousands(int64(c)/100) + "," + twoDigits(int64(c)%100)
}

// Euros formats the amount without the euro sign, the Dutch way: "1.234,56".
func (c Cents) Euros() string {
	s := c.String()
	return strings.Replace(s, "€ ", "", 1)
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

func groupThousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}

// QuantityScale is the number of Quantity units in one whole unit.
const QuantityScale = 1000

// Quantity is a number of catalogue units in thousandths: 1500 is one and a half
// hours, days or trajectories.
type Quantity int64

// Units returns a whole number of units as a Quantity.
func Units(n int64) Quantity { return Quantity(n * QuantityScale) }

// String formats the quantity the Dutch way, without trailing zeros: "1,5", "12".
func (q Quantity) String() string {
	sign := ""
	if q < 0 {
		sign = "-"
		q = -q
	}
	whole, frac := int64(q)/QuantityScale, int64(q)%QuantityScale
	s := sign + groupThousands(whole)
	if frac != 0 {
		f := strconv.FormatInt(frac+QuantityScale, 10)[1:]
		s += "," + strings.TrimRight(f, "0")
	}
	return s
}

// Times returns the amount of q units at a unit price, rounded half away from zero
// to the cent. It reports false when the product does not fit.
func (q Quantity) Times(price Cents) (Cents, bool) {
	a, b := int64(q), int64(price)
	if a != 0 && b != 0 {
		p := a * b
		if p/b != a {
			return 0, false
		}
		return Cents(divRound(p, QuantityScale)), true
	}
	return 0, true
}

// divRound divides and rounds half away from zero; d > 0.
func divRound(n, d int64) int64 {
	if n >= 0 {
		return (n + d/2) / d
	}
	return -((-n + d/2) / d)
}

// DecimalSeparator says how a number is written: DecimalComma for the Dutch
// "1.234,56" (points group thousands), DecimalPoint for "1,234.56" or "1234.56".
type DecimalSeparator byte

// The decimal separators.
const (
	DecimalComma DecimalSeparator = ','
	DecimalPoint DecimalSeparator = '.'
)

// Errors of ParseDecimal. Their text is Dutch and safe to show; callers add the
// line and field.
var (
	ErrNumberEmpty     = errors.New("Vul een getal in.")
	ErrNumberSyntax    = errors.New("Dit is geen getal.")
	ErrNumberSeparator = errors.New("Het decimaalteken klopt niet: gebruik een komma voor decimalen (1.234,56 of 1234,56).")
	ErrNumberPrecision = errors.New("Dit getal heeft te veel cijfers achter de komma.")
	ErrNumberRange     = errors.New("Dit getal is te groot.")
)

// ParseDecimal parses a number written with the given decimal separator into an
// integer scaled by scale (100 for cents, QuantityScale for quantities). The other
// separator may group thousands only in groups of three ("1.234.567,89"); any other
// use of it, or a second decimal separator, is a wrong mix and gives
// ErrNumberSeparator. A leading minus sign and a leading "€" are accepted;
// digits beyond the scale give ErrNumberPrecision.
func ParseDecimal(s string, dec DecimalSeparator, scale int64) (int64, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimPrefix(s, "€"))
	neg := false
	if strings.HasPrefix(s, "-") {
		neg = true
		s = strings.TrimSpace(s[1:])
	} else if strings.HasPrefix(s, "+") {
		s = strings.TrimSpace(s[1:])
	}
	s = strings.TrimSpace(strings.TrimPrefix(s, "€"))
	if s == "" {
		return 0, ErrNumberEmpty
	}
	group := byte(',')
	if dec == DecimalComma {
		group = '.'
	}
	intPart, fracPart, hasFrac := strings.Cut(s, string(rune(dec)))
	if hasFrac && strings.ContainsRune(fracPart, rune(dec)) {
		return 0, ErrNumberSeparator
	}
	if hasFrac && strings.IndexByte(fracPart, group) >= 0 {
		return 0, ErrNumberSeparator
	}
	if intPart == "" && !hasFrac {
		return 0, ErrNumberSyntax
	}
	// Thousands groups: "1.234.567" with the grouping separator.
	if strings.IndexByte(intPart, group) >= 0 {
		groups := strings.Split(intPart, string(group))
		if len(groups[0]) == 0 || len(groups[0]) > 3 {
			return 0, ErrNumberSeparator
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return 0, ErrNumberSeparator
			}
		}
		intPart = strings.Join(groups, "")
	}
	for _, part := range []string{intPart, fracPart} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				if part[i] == '.' || part[i] == ',' {
					return 0, ErrNumberSeparator
				}
				return 0, ErrNumberSyntax
			}
		}
	}
	if hasFrac && fracPart == "" {
		return 0, ErrNumberSyntax
	}
	digits := 0
	for x := scale; x > 1; x /= 10 {
		digits++
	}
	if len(strings.TrimRight(fracPart, "0")) > digits {
		return 0, ErrNumberPrecision
	}
	for len(fracPart) < digits {
		fracPart += "0"
	}
	fracPart = fracPart[:digits]
	if intPart == "" {
		intPart = "0"
	}
	if len(intPart) > 15 {
		return 0, ErrNumberRange
	}
	w, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil {
		return 0, ErrNumberRange
	}
	var f int64
	if fracPart != "" {
		f, _ = strconv.ParseInt(fracPart, 10, 64)
	}
	v := w*scale + f
	if neg {
		v = -v
	}
	return v, nil
}

// ParseCents parses an amount in euro written with the given decimal separator.
func ParseCents(s string, dec DecimalSeparator) (Cents, error) {
	v, err := ParseDecimal(s, dec, 100)
	return Cents(v), err
}

// ParseQuantity parses a quantity written with the given decimal separator.
func ParseQuantity(s string, dec DecimalSeparator) (Quantity, error) {
	v, err := ParseDecimal(s, dec, QuantityScale)
	return Quantity(v), err
}
