package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// maxBody is the largest request body the API reads.
const maxBody = 1 << 20

// date is a calendar date, written as ISO 8601 "2006-01-02".
type date time.Time

func (d date) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(d).Format(kluwen.DateLayout) + `"`), nil
}

func (d *date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errWrongType
	}
	t, err := kluwen.ParseDate(s)
	if err != nil {
		return errBadDate
	}
	*d = date(t)
	return nil
}

func dateOut(t time.Time) date { return date(t) }

func optDateOut(t *time.Time) *date {
	if t == nil {
		return nil
	}
	d := date(*t)
	return &d
}

func (d *date) time() *time.Time {
	if d == nil {
		return nil
	}
	t := time.Time(*d)
	return &t
}

// instant is a moment, written as RFC 3339 in UTC ("2024-05-01T09:30:00.123456Z").
type instant time.Time

func (t instant) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(time.RFC3339Nano) + `"`), nil
}

func optInstantOut(t *time.Time) *instant {
	if t == nil {
		return nil
	}
	i := instant(*t)
	return &i
}

func (t *instant) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errWrongType
	}
	v, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return errBadInstant
	}
	*t = instant(v.UTC())
	return nil
}

func (t *instant) time() *time.Time {
	if t == nil {
		return nil
	}
	v := time.Time(*t)
	return &v
}

// euro is an amount in euro cents, written as a JSON number of euros with two
// decimals (1250.50). It is read from the number's own digits, never through a
// float, so no cent is lost.
type euro int64

func (e euro) MarshalJSON() ([]byte, error) {
	c := int64(e)
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return []byte(fmt.Sprintf("%s%d.%02d", sign, c/100, c%100)), nil
}

// invalidEuro stands for an amount with more than two decimals or out of range;
// the domain's validation rejects it with the field's own message.
const invalidEuro = euro(-1)

func (e *euro) UnmarshalJSON(b []byte) error {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil || len(b) == 0 || b[0] == '"' {
		return errWrongType
	}
	*e = parseEuro(string(n))
	return nil
}

// parseEuro reads a decimal number of euros into cents: invalidEuro when it has an
// exponent, more than two decimals or more than twelve digits before the point.
func parseEuro(s string) euro {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" {
		return invalidEuro
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var cents int64
	for _, r := range whole + frac {
		cents = cents*10 + int64(r-'0')
	}
	if neg {
		cents = -cents
	}
	return euro(cents)
}

// lifeDomainCode is a life domain as the API writes it: its code ("financien").
type lifeDomainCode string

// lifeDomainOut is the code of d, nil for no domain (0).
func lifeDomainOut(d kluwen.LifeDomain) *lifeDomainCode {
	if !d.Valid() {
		return nil
	}
	c := lifeDomainCode(d.Code())
	return &c
}

// domain is the life domain of the code: 0 for "", and an invalid domain for a
// code that is none, which the domain's validation rejects with its own message.
func (c lifeDomainCode) domain() kluwen.LifeDomain {
	if c == "" {
		return 0
	}
	if d, ok := kluwen.LifeDomainByCode(string(c)); ok {
		return d
	}
	return -1
}

// optDomain is the life domain of an optional code.
func optDomain(c *lifeDomainCode) kluwen.LifeDomain {
	if c == nil {
		return 0
	}
	return c.domain()
}

// reasonError is a decoding error that tells what the field expects.
type reasonError struct{ reason string }

func (e *reasonError) Error() string { return e.reason }

// decodeStrict reads an object nested in a body into v (a pointer to a plain
// struct type), rejecting fields it does not know, as decodeBody does for the
// body itself; reason says what is expected.
func decodeStrict(b []byte, v any, reason string) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return &reasonError{reason}
	}
	return nil
}

func (s *scoreIn) UnmarshalJSON(b []byte) error {
	type plain scoreIn
	return decodeStrict(b, (*plain)(s), `Geef per domeincode een object met score en toelichting, zoals {"financien": {"score": 2}}.`)
}

func (iv *inviteeIn) UnmarshalJSON(b []byte) error {
	type plain inviteeIn
	return decodeStrict(b, (*plain)(iv), `Geef per genodigde een object met organisatieId en eventueel gebruikerId.`)
}

// optional is a field of a PATCH body: Set tells whether it was sent. Sending null
// is allowed only where T is a pointer (it clears the value).
type optional[T any] struct {
	Set   bool
	Value T
}

func (o *optional[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		if reflect.TypeFor[T]().Kind() != reflect.Pointer {
			return errNull
		}
		var zero T
		o.Value = zero
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

func (o optional[T]) valueType() reflect.Type { return reflect.TypeFor[T]() }

// ptr returns a pointer to the value when it was sent, else nil.
func (o optional[T]) ptr() *T {
	if !o.Set {
		return nil
	}
	v := o.Value
	return &v
}

// optionalType is implemented by every optional[T].
type optionalType interface{ valueType() reflect.Type }

var (
	errWrongType  = errors.New("wrong type")
	errBadDate    = errors.New("bad date")
	errBadInstant = errors.New("bad instant")
	errNull       = errors.New("null not allowed")
)

// checkContentType answers 415 unless the request body is JSON. PATCH also takes
// JSON Merge Patch (RFC 7396), which is what its bodies are.
func checkContentType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && (mt == "application/json" || (r.Method == http.MethodPatch && mt == "application/merge-patch+json")) {
		return nil
	}
	return &statusError{
		status: http.StatusUnsupportedMediaType,
		detail: "Stuur de gegevens als JSON, met de header Content-Type: application/json.",
	}
}

// decodeBody reads the JSON object in the request body into dst, a pointer to a
// wire struct. It reports every unknown field and every field of the wrong type at
// once, by Dutch name, and the position of a syntax error.
func decodeBody(r *http.Request, dst any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &statusError{status: http.StatusRequestEntityTooLarge,
				detail: fmt.Sprintf("De gegevens zijn te groot: maximaal %d bytes.", maxBody)}
		}
		return &statusError{status: http.StatusBadRequest, detail: "De gegevens konden niet worden gelezen."}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &statusError{status: http.StatusBadRequest, detail: "De gegevens ontbreken: stuur een JSON-object."}
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := position(body, se.Offset)
			return &statusError{status: http.StatusBadRequest,
				detail: fmt.Sprintf("De gegevens zijn geen geldige JSON: fout op regel %d, kolom %d (byte %d).", line, col, se.Offset)}
		case errors.As(err, &te):
			return &statusError{status: http.StatusBadRequest, detail: "De gegevens moeten een JSON-object zijn."}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "unexpected end") {
			return &statusError{status: http.StatusBadRequest, detail: "De gegevens zijn geen geldige JSON: ze houden onverwacht op."}
		}
		return &statusError{status: http.StatusBadRequest, detail: "De gegevens zijn geen geldige JSON."}
	}
	if fields == nil {
		return &statusError{status: http.StatusBadRequest, detail: "De gegevens moeten een JSON-object zijn."}
	}
	v := reflect.ValueOf(dst).Elem()
	known := map[string]wireField{}
	for _, f := range fieldsOf(v.Type()) {
		known[f.name] = f
	}
	var bad []invalidParam
	for name, raw := range fields {
		f, ok := known[name]
		if !ok {
			bad = append(bad, invalidParam{Name: name, Code: "unknown", Reason: "Dit veld bestaat niet."})
			continue
		}
		fv := v.Field(f.index)
		if string(raw) == "null" && fv.Kind() != reflect.Pointer {
			if _, opt := fv.Addr().Interface().(optionalType); !opt {
				continue // null for a plain field is the same as leaving it out
			}
		}
		if err := json.Unmarshal(raw, fv.Addr().Interface()); err != nil {
			bad = append(bad, invalidParam{Name: name, Code: "type", Reason: typeReason(fv.Type(), err)})
		}
	}
	if len(bad) > 0 {
		sortParams(bad)
		return &statusError{status: http.StatusBadRequest, detail: "Niet alle gegevens zijn goed ingevuld.", params: bad}
	}
	return nil
}

// typeReason explains in Dutch what a field expects.
func typeReason(t reflect.Type, err error) string {
	if errors.Is(err, errNull) {
		return "Dit veld mag niet null zijn."
	}
	var re *reasonError
	if errors.As(err, &re) {
		return re.reason
	}
	for {
		if o, ok := reflect.New(t).Elem().Interface().(optionalType); ok {
			t = o.valueType()
			continue
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
			continue
		}
		break
	}
	switch {
	case t == reflect.TypeFor[date]():
		return "Verwacht een datum als JJJJ-MM-DD, zoals 2024-05-31."
	case t == reflect.TypeFor[instant]():
		return "Verwacht een tijdstip volgens RFC 3339, zoals 2024-05-31T09:30:00+02:00."
	case t == reflect.TypeFor[euro]():
		return "Verwacht een bedrag in euro als getal, zoals 1250.50."
	case t.Kind() == reflect.Slice && t.Elem().Kind() >= reflect.Int && t.Elem().Kind() <= reflect.Uint64:
		return "Verwacht een lijst van id's, zoals [12, 15]."
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		return "Verwacht een lijst van teksten."
	case t.Kind() == reflect.Slice:
		return "Verwacht een lijst."
	case t.Kind() == reflect.Map || t.Kind() == reflect.Struct:
		return "Verwacht een object."
	case t.Kind() == reflect.String:
		return "Verwacht tekst."
	case t.Kind() == reflect.Bool:
		return "Verwacht true of false."
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "Verwacht een geheel getal."
	}
	return "Verwacht een andere soort waarde."
}

// position turns a byte offset into a line and column, both from 1.
func position(b []byte, off int64) (line, col int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	line, col = 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	// The decoder's offset is just past the offending byte.
	if col > 1 {
		col--
	}
	return line, col
}

// fixed is a decimal number with a fixed number of decimals, kept as an integer
// of its smallest unit and read from the number's own digits, never through a
// float. quantity (thousandths) and hundredths are its forms.
func parseFixed(s string, decimals int) (int64, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > decimals || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, false
	}
	for len(frac) < decimals {
		frac += "0"
	}
	var n int64
	for _, r := range whole + frac {
		n = n*10 + int64(r-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func formatFixed(n int64, decimals int, trim bool) []byte {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	scale := int64(1)
	for i := 0; i < decimals; i++ {
		scale *= 10
	}
	frac := fmt.Sprintf("%0*d", decimals, n%scale)
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	if frac == "" {
		return []byte(fmt.Sprintf("%s%d", sign, n/scale))
	}
	return []byte(fmt.Sprintf("%s%d.%s", sign, n/scale, frac))
}

func unmarshalFixed(b []byte, decimals int, reason string) (int64, error) {
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil || len(b) == 0 || b[0] == '"' {
		return 0, &reasonError{reason}
	}
	v, ok := parseFixed(string(n), decimals)
	if !ok {
		return 0, &reasonError{reason}
	}
	return v, nil
}

// quantity is a number of units in thousandths (kluwen.Quantity), written as a
// JSON number with at most three decimals (2.5).
type quantity int64

const quantityReason = "Verwacht een aantal als getal met hoogstens drie decimalen, zoals 2.5."

func (q quantity) MarshalJSON() ([]byte, error) { return formatFixed(int64(q), 3, true), nil }

func (q *quantity) UnmarshalJSON(b []byte) error {
	v, err := unmarshalFixed(b, 3, quantityReason)
	*q = quantity(v)
	return err
}

// hundredths is a figure in hundredths, such as a price index (103.44) or an
// amount in euros sent to the API (1250.50), written as a JSON number with two
// decimals. Unlike euro it refuses more than two decimals as a wrong type.
type hundredths int64

const hundredthsReason = "Verwacht een getal met hoogstens twee decimalen, zoals 103.44."

func (h hundredths) MarshalJSON() ([]byte, error) { return formatFixed(int64(h), 2, false), nil }

func (h *hundredths) UnmarshalJSON(b []byte) error {
	v, err := unmarshalFixed(b, 2, hundredthsReason)
	*h = hundredths(v)
	return err
}
