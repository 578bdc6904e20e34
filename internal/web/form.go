package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// Form is the state of one HTML form as Dutch government forms show it: the
// values the user entered (kept when the form comes back), an error message per
// invalid input shown under it, and an error summary at the top that links to
// each invalid input. The first invalid input gets the autofocus attribute, so
// that the browser moves there without JavaScript.
//
// Inputs are named after the domain's field names ("postcode", "birthDate"), so
// that the kluwen.FieldError of a service maps to them by itself; Map connects a
// domain field to an input of another name, as in a form that holds two objects.
type Form struct {
	names   []string // the inputs in the order they appear on the page
	known   map[string]bool
	many    map[string]bool // inputs that take several values (checkboxes)
	values  map[string]string
	multi   map[string][]string
	errs    map[string]string
	alias   map[string]string // domain field → input name
	general []string          // errors that belong to no input
}

// newForm returns an empty form with the given inputs, in page order.
func newForm(names ...string) *Form {
	f := &Form{names: names, known: map[string]bool{}, many: map[string]bool{}, values: map[string]string{}, multi: map[string][]string{},
		errs: map[string]string{}, alias: map[string]string{}}
	for _, n := range names {
		f.known[n] = true
	}
	return f
}

// Map says that the domain's field is the form's input.
func (f *Form) Map(field, input string) *Form {
	f.alias[field] = input
	return f
}

// Many says that the inputs take several values, as a group of checkboxes does.
func (f *Form) Many(names ...string) *Form {
	for _, n := range names {
		f.many[n] = true
	}
	return f
}

// read takes the values of the form's inputs from the posted form.
func (f *Form) read(r *http.Request) *Form {
	for _, n := range f.names {
		if f.many[n] {
			f.multi[n] = r.PostForm[n]
			continue
		}
		f.values[n] = r.PostForm.Get(n)
	}
	return f
}

// All returns the values of an input that takes several, without empty ones.
func (f *Form) All(name string) []string {
	var out []string
	for _, v := range f.multi[name] {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// SetAll sets the values of an input that takes several.
func (f *Form) SetAll(name string, vs []string) { f.multi[name] = vs }

// Get returns the value of an input, with surrounding space removed.
func (f *Form) Get(name string) string { return strings.TrimSpace(f.values[name]) }

// raw returns the value exactly as entered (for passwords).
func (f *Form) raw(name string) string { return f.values[name] }

// Set sets the value of an input.
func (f *Form) Set(name, v string) { f.values[name] = v }

// fail records an error on an input; the first error of an input wins.
func (f *Form) fail(name, msg string) {
	if !f.known[name] {
		f.general = append(f.general, msg)
		return
	}
	if _, ok := f.errs[name]; !ok {
		f.errs[name] = msg
	}
}

// setError records the field errors of a service's error and reports whether
// the form should be shown again: true for EINVALID (and for any error with
// fields). Other errors are for the caller to return.
func (f *Form) setError(err error) bool {
	fields := kluwen.ErrorFields(err)
	if kluwen.ErrorCode(err) != kluwen.EINVALID && len(fields) == 0 {
		return false
	}
	for _, fe := range fields {
		name := fe.Field
		if a, ok := f.alias[name]; ok {
			name = a
		}
		f.fail(name, fe.Message)
	}
	if len(fields) == 0 {
		f.general = append(f.general, kluwen.ErrorMessage(err))
	}
	return true
}

// Invalid reports whether the form has errors.
func (f *Form) Invalid() bool { return len(f.errs) > 0 || len(f.general) > 0 }

// summaryItem is one line of the error summary.
type summaryItem struct {
	ID      string // the input to link to, or "" for a general error
	Message string
}

// Summary lists the errors in page order, then those of no input.
func (f *Form) Summary() []summaryItem {
	var out []summaryItem
	for _, n := range f.names {
		if m, ok := f.errs[n]; ok {
			out = append(out, summaryItem{ID: inputID(n), Message: m})
		}
	}
	for _, m := range f.general {
		out = append(out, summaryItem{Message: m})
	}
	return out
}

// first is the first invalid input in page order.
func (f *Form) first() string {
	for _, n := range f.names {
		if _, ok := f.errs[n]; ok {
			return n
		}
	}
	return ""
}

// inputID is the id of an input: its name, with the dots of a nested name made
// dashes so that the id is a plain CSS selector.
func inputID(name string) string { return strings.ReplaceAll(name, ".", "-") }

// Field is one input as the "field" partial renders it.
type Field struct {
	Name         string
	ID           string
	Label        string
	Hint         string
	Value        string
	Error        string
	Type         string // text, email, password, number, date, time, datetime-local, textarea, select, radio, checkbox
	Autofocus    bool
	Optional     bool
	Autocomplete string
	Size         string // a utrecht-textbox size modifier, such as "postal-code-nl"
	InputMode    string
	Options      []option
}

// option is one choice of a select, radio group or group of checkboxes. Hint,
// when set, describes the choice under its label (radio and checkbox only).
type option struct {
	Value    string
	Label    string
	Hint     string
	Selected bool
	Key      string // the choice's part of its input's id; set by the form
}

// DescribedBy is the value of aria-describedby: the hint and the error.
func (fl *Field) DescribedBy() string {
	var ids []string
	if fl.Hint != "" {
		ids = append(ids, fl.ID+"-hint")
	}
	if fl.Error != "" {
		ids = append(ids, fl.ID+"-error")
	}
	return strings.Join(ids, " ")
}

func (f *Form) field(typ, name, label, hint string) *Field {
	fl := &Field{Type: typ, Name: name, ID: inputID(name), Label: label, Hint: hint, Value: f.values[name], Error: f.errs[name]}
	fl.Autofocus = fl.Error != "" && f.first() == name
	if typ == "password" {
		fl.Value = "" // never sent back
	}
	return fl
}

// Text is a text input.
func (f *Form) Text(name, label, hint string) *Field { return f.field("text", name, label, hint) }

// Email is an e-mail input.
func (f *Form) Email(name, label, hint string) *Field { return f.field("email", name, label, hint) }

// Password is a password input; its value is never written back.
func (f *Form) Password(name, label, hint string) *Field {
	return f.field("password", name, label, hint)
}

// Date is a date input (the browser's date picker, ISO value).
func (f *Form) Date(name, label, hint string) *Field { return f.field("date", name, label, hint) }

// Number is a numeric text input (inputmode numeric, not type number, as NL
// Design System advises).
func (f *Form) Number(name, label, hint string) *Field {
	fl := f.field("text", name, label, hint)
	fl.InputMode = "numeric"
	return fl
}

// TextArea is a multi-line input.
func (f *Form) TextArea(name, label, hint string) *Field {
	return f.field("textarea", name, label, hint)
}

// Select is a drop-down list with the given options.
func (f *Form) Select(name, label, hint string, opts []option) *Field {
	return f.withOptions(f.field("select", name, label, hint), opts)
}

// Radio is a group of radio buttons with the given options.
func (f *Form) Radio(name, label, hint string, opts []option) *Field {
	return f.withOptions(f.field("radio", name, label, hint), opts)
}

// Checks is a group of checkboxes with the given options; the input takes
// several values (see Many).
func (f *Form) Checks(name, label, hint string, opts []option) *Field {
	fl := f.field("checkbox", name, label, hint)
	chosen := map[string]bool{}
	for _, v := range f.multi[name] {
		chosen[v] = true
	}
	fl.Options = make([]option, len(opts))
	for i, o := range opts {
		o.Selected = chosen[o.Value]
		o.Key = idKey(o.Value)
		fl.Options[i] = o
	}
	return fl
}

// DateTime is a date-and-time input (the browser's picker, value 2006-01-02T15:04).
func (f *Form) DateTime(name, label, hint string) *Field {
	return f.field("datetime-local", name, label, hint)
}

func (f *Form) withOptions(fl *Field, opts []option) *Field {
	fl.Options = make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == fl.Value
		o.Key = idKey(o.Value)
		fl.Options[i] = o
	}
	return fl
}

// idKey makes a value fit for use in an id: letters, digits, - and _ stay,
// anything else becomes a dash.
func idKey(v string) string {
	if v == "" {
		return "leeg"
	}
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, v)
}

// Opt marks the field as optional: "(niet verplicht)" after its label.
func (fl *Field) Opt() *Field { fl.Optional = true; return fl }

// Auto sets the autocomplete attribute.
func (fl *Field) Auto(v string) *Field { fl.Autocomplete = v; return fl }

// Sz sets the width of a text input to a utrecht-textbox size modifier.
func (fl *Field) Sz(v string) *Field { fl.Size = v; return fl }

// Helpers to turn input values into domain values. Each records a Dutch error
// on the form when the value cannot be read, and the domain's own validation
// still runs after them.

// date reads a date input; empty gives the zero time without error.
func (f *Form) date(name, what string) time.Time {
	v := f.Get(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := kluwen.ParseDate(v); err == nil {
		return t
	}
	// A browser without a date picker shows a text box; accept the Dutch way.
	for _, layout := range []string{"2-1-2006", "2/1/2006", "2.1.2006"} {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return t
		}
	}
	f.fail(name, "Vul "+what+" in als een geldige datum, zoals 15-03-2024.")
	return time.Time{}
}

// optDate reads an optional date input: nil when empty.
func (f *Form) optDate(name, what string) *time.Time {
	if f.Get(name) == "" {
		return nil
	}
	t := f.date(name, what)
	if t.IsZero() {
		return nil
	}
	return &t
}

// int reads a whole number; empty gives 0 without error.
func (f *Form) int(name, msg string) int {
	v := f.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.fail(name, msg)
		return 0
	}
	return n
}

// id reads an identifier; empty or invalid gives 0 (the domain then says what is
// missing), and a value that is not a number records msg.
func (f *Form) id(name, msg string) int64 {
	v := f.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		f.fail(name, msg)
		return 0
	}
	return n
}

// optID reads an optional identifier: nil when empty or invalid (a value that
// is not a number records msg, as id does).
func (f *Form) optID(name, msg string) *int64 {
	if n := f.id(name, msg); n > 0 {
		return &n
	}
	return nil
}

// mergeErr records the fields of a domain validation error, so that the errors
// the web layer found (unreadable dates) and the domain's show together.
func (f *Form) mergeErr(err error) {
	if err != nil {
		f.setError(err)
	}
}
