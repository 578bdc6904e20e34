package kluwen

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes. The set is small on purpose: the web layer maps each to one HTTP
// status in one place (internal/web/error.go).
const (
	EINVALID      = "invalid"      // input fails validation; Fields says where
	ENOTFOUND     = "not_found"    // does not exist, or the actor may not know it exists
	EFORBIDDEN    = "forbidden"    // the actor may see the object but not do this
	EUNAUTHORIZED = "unauthorized" // not signed in, or bad credentials
	ECONFLICT     = "conflict"     // clashes with existing data (duplicate, stale state)
	ETOOMANY      = "too_many"     // throttled or locked out for now
	EINTERNAL     = "internal"     // anything else; the message is generic
)

// FieldError is one invalid field: its name as the domain knows it (Go-side, the API
// translates it) and a message in plain Dutch that can be shown under the field.
type FieldError struct {
	Field   string
	Message string
}

// Error is the application error. Message is safe to show to the user (Dutch);
// Cause is for the application log only and never shown.
type Error struct {
	Code    string
	Message string
	Fields  []FieldError
	Cause   error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Code)
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, f := range e.Fields {
		fmt.Fprintf(&b, "; %s: %s", f.Field, f.Message)
	}
	if e.Cause != nil {
		b.WriteString(" (")
		b.WriteString(e.Cause.Error())
		b.WriteString(")")
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Cause }

// Errorf returns an *Error with the given code and a formatted, user-safe message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err, or a generic one when err is
// not an *Error (its text may contain internals).
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "Er ging iets mis aan onze kant. Probeer het later opnieuw."
}

// ErrorFields returns the invalid fields of err, if any.
func ErrorFields(err error) []FieldError {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Validator collects field errors so that every invalid field is reported at once.
type Validator struct {
	fields []FieldError
}

// Add records that field is invalid with a Dutch message.
func (v *Validator) Add(field, message string) {
	v.fields = append(v.fields, FieldError{field, message})
}

// Check records the message when ok is false.
func (v *Validator) Check(ok bool, field, message string) {
	if !ok {
		v.Add(field, message)
	}
}

// Has reports whether field already has an error.
func (v *Validator) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Err returns an EINVALID *Error listing every recorded field, or nil.
func (v *Validator) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Niet alle gegevens zijn goed ingevuld.", Fields: v.fields}
}
