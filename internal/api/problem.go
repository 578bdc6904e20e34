package api

import (
	"errors"
	"log/slog"
	"net/http"
	"sort"

	"github.com/kluwen/kluwen"
)

// problem is an error response (RFC 9457, application/problem+json).
type problem struct {
	Type          string         `json:"type" doc:"about:blank: de betekenis volgt uit de status"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail,omitempty" doc:"Uitleg in het Nederlands, veilig om te tonen"`
	Instance      string         `json:"instance"`
	InvalidParams []invalidParam `json:"invalidParams,omitempty" doc:"Bij status 400: elk ongeldig veld of elke ongeldige parameter"`
}

// invalidParam is one invalid field of the body or one invalid query parameter.
type invalidParam struct {
	Name   string `json:"name" doc:"De naam van het veld of de parameter zoals de API hem noemt"`
	Code   string `json:"code" doc:"invalid: de waarde klopt niet; type: verkeerde soort waarde; unknown: veld of parameter bestaat niet"`
	Reason string `json:"reason"`
}

// statusError is an error the API itself raises (before or around a service call)
// with its HTTP status.
type statusError struct {
	status int
	detail string
	params []invalidParam
	allow  string // for 405
}

func (e *statusError) Error() string { return http.StatusText(e.status) + ": " + e.detail }

// statusOf maps the domain's error codes to HTTP statuses. This is the one place.
var statusOf = map[string]int{
	kluwen.EINVALID:      http.StatusBadRequest,
	kluwen.ENOTFOUND:     http.StatusNotFound,
	kluwen.EFORBIDDEN:    http.StatusForbidden,
	kluwen.EUNAUTHORIZED: http.StatusUnauthorized,
	kluwen.ECONFLICT:     http.StatusConflict,
	kluwen.ETOOMANY:      http.StatusTooManyRequests,
	kluwen.EINTERNAL:     http.StatusInternalServerError,
}

// titles are the Dutch titles of the statuses the API answers with.
var titles = map[int]string{
	http.StatusBadRequest:            "Ongeldig verzoek",
	http.StatusUnauthorized:          "Niet ingelogd",
	http.StatusForbidden:             "Geen toestemming",
	http.StatusNotFound:              "Niet gevonden",
	http.StatusMethodNotAllowed:      "Methode niet toegestaan",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "Te groot",
	http.StatusUnsupportedMediaType:  "Verkeerd formaat",
	http.StatusTooManyRequests:       "Te veel verzoeken",
	http.StatusInternalServerError:   "Interne fout",
}

const genericDetail = "Er ging iets mis aan onze kant. Probeer het later opnieuw."

// writeError answers err as a problem. Domain errors get their status from
// statusOf and their Dutch message; their invalid fields are translated to the
// API's names. An internal error is logged with its cause and answered with a
// generic message.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, route string, err error) {
	p := problem{Type: "about:blank", Instance: r.URL.Path}
	var se *statusError
	if errors.As(err, &se) {
		p.Status, p.Detail, p.InvalidParams = se.status, se.detail, se.params
		if se.allow != "" {
			w.Header().Set("Allow", se.allow)
		}
	} else {
		code := kluwen.ErrorCode(err)
		p.Status = statusOf[code]
		if p.Status == 0 {
			p.Status = http.StatusInternalServerError
		}
		p.Detail = kluwen.ErrorMessage(err)
		for _, f := range kluwen.ErrorFields(err) {
			name, ok := s.names.translate(f.Field)
			if !ok {
				s.log.Warn("api: validation field without an API name", "field", f.Field, "route", route)
			}
			p.InvalidParams = append(p.InvalidParams, invalidParam{Name: name, Code: "invalid", Reason: f.Message})
		}
		sortParams(p.InvalidParams)
	}
	if p.Status == http.StatusInternalServerError {
		p.Detail = genericDetail
		p.InvalidParams = nil
		s.log.Error("api: internal error", "method", r.Method, "route", route, "err", err)
	}
	if p.Status == http.StatusUnauthorized {
		v := `Bearer realm="kluwen"`
		if r.Header.Get("Authorization") != "" {
			v += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", v)
	}
	p.Title = titles[p.Status]
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	writeJSON(w, p.Status, "application/problem+json", p)
}

// sortParams orders invalid params by name, so that answers are stable; the order
// of one field's messages is kept.
func sortParams(ps []invalidParam) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
}

func notFound(detail string) error {
	return &statusError{status: http.StatusNotFound, detail: detail}
}

func badParams(ps ...invalidParam) error {
	sortParams(ps)
	return &statusError{status: http.StatusBadRequest, detail: "Niet alle parameters zijn goed ingevuld.", params: ps}
}

// logger returns l or the default logger.
func logger(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.Default()
}
