package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// route is one operation of the API. The route table both registers the handlers
// and generates the OpenAPI document.
type route struct {
	method  string
	path    string // below Base, e.g. "/huishoudens/{id}"
	op      string // operationId
	summary string // Dutch
	tag     string
	public  bool    // no sign-in needed
	status  int     // success status; 200 when 0
	query   []param // filters; pageSize and cursor are added for collections
	// opaqueCursor passes the cursor to the service as it is, for collections
	// whose service pages with a cursor of its own (the timeline); otherwise the
	// cursor is an identifier or a position.
	opaqueCursor bool
	h            handler
}

// handler is a route's function with the request and response types taken from
// its Go signature, so that the document describes exactly what it decodes and
// returns.
type handler struct {
	body   reflect.Type // nil when the request has no body
	upload bool         // the body is a file (CSV or XLSX), not JSON
	resp   reflect.Type
	fn     func(c *call) (any, error)
}

// get makes a handler without a request body.
func get[R any](fn func(c *call) (R, error)) handler {
	return handler{resp: reflect.TypeFor[R](), fn: func(c *call) (any, error) {
		v, err := fn(c)
		return v, err
	}}
}

// with makes a handler that takes a JSON body of type B.
func with[B, R any](fn func(c *call, b *B) (R, error)) handler {
	return handler{body: reflect.TypeFor[B](), resp: reflect.TypeFor[R](), fn: func(c *call) (any, error) {
		b := new(B)
		if err := decodeBody(c.r, b); err != nil {
			return nil, err
		}
		v, err := fn(c, b)
		return v, err
	}}
}

// withFile makes a handler that takes a file: a multipart/form-data body with the
// file in the part "bestand" and the column mapping in "koppeling", or the CSV or
// XLSX file itself as the body.
func withFile[R any](fn func(c *call, f *fileUpload) (R, error)) handler {
	return handler{body: reflect.TypeFor[fileUpload](), upload: true, resp: reflect.TypeFor[R](), fn: func(c *call) (any, error) {
		f, err := readUpload(c.r)
		if err != nil {
			return nil, err
		}
		v, err := fn(c, f)
		return v, err
	}}
}

// noContent is the result of an operation that answers 204.
type noContent struct{}

// file is a result that is not JSON but a document to download, such as the plan
// as a PDF. Each kind of file is a type of its own whose mediaType names it, so
// that the OpenAPI document describes it from the handler's signature.
type file struct {
	contentType string // with parameters, e.g. "text/calendar; charset=utf-8"
	name        string // offered as the download's file name; no personal data
	body        []byte
}

// fileResult is implemented by the file types.
type fileResult interface {
	mediaType() string // without parameters, as the document names it
	download() file
}

// pdfFile is a PDF document.
type pdfFile struct{ file }

// icsFile is an iCalendar file.
type icsFile struct{ file }

// csvFile is a CSV file.
type csvFile struct{ file }

// xlsxFile is an Excel workbook.
type xlsxFile struct{ file }

func (pdfFile) mediaType() string { return "application/pdf" }
func (icsFile) mediaType() string { return "text/calendar" }
func (csvFile) mediaType() string { return "text/csv" }
func (xlsxFile) mediaType() string {
	return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
}

func (f pdfFile) download() file  { return f.file }
func (f icsFile) download() file  { return f.file }
func (f csvFile) download() file  { return f.file }
func (f xlsxFile) download() file { return f.file }

// mediaTypeOf is the media type of a result type: its file type's, else JSON.
func mediaTypeOf(t reflect.Type) string {
	if f, ok := reflect.New(t).Elem().Interface().(fileResult); ok {
		return f.mediaType()
	}
	return "application/json"
}

// rawJSON is a document passed through as it is.
type rawJSON []byte

func (j rawJSON) MarshalJSON() ([]byte, error) { return j, nil }

func (rt *route) successStatus() int {
	if rt.status == 0 {
		return http.StatusOK
	}
	return rt.status
}

// paged reports whether the route answers with a page of a collection.
func (rt *route) paged() bool {
	_, ok := reflect.New(rt.h.resp).Elem().Interface().(pageResult)
	return ok
}

// params are the route's query parameters, paging included.
func (rt *route) params() []param {
	ps := append([]param(nil), rt.query...)
	if rt.paged() {
		ps = append(ps,
			param{name: "pageSize", kind: paramPageSize, doc: "Aantal per pagina, 1 tot en met 100 (standaard 20)"},
			param{name: "cursor", kind: paramCursor, doc: "Waar de pagina begint; neem hem over uit de link next"},
		)
	}
	return ps
}

// wildcards lists the path parameters of the route.
func (rt *route) wildcards() []string {
	var out []string
	for _, seg := range strings.Split(rt.path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}

type paramKind int

const (
	paramID       paramKind = iota // a positive integer identifier
	paramDate                      // a calendar date or an RFC 3339 instant
	paramEnum                      // one of enum
	paramPageSize                  // 1 to maxPageSize
	paramCursor                    // an opaque cursor
	paramDay                       // a calendar date only
	paramCode                      // a code of a configurable list, such as a signal type
	paramText                      // a short text that is no personal data, such as a wijk
	paramInt                       // a whole number from min to max, such as a year
)

// codePattern is what a code (of a signal type, an instrument, a domain) looks
// like, in a path or a query parameter.
var codePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// isCodeParam reports whether a path parameter is a code rather than an
// identifier: {code}, {domeinCode}.
func isCodeParam(name string) bool { return name == "code" || strings.HasSuffix(name, "Code") }

// maxTextParam is the longest text query parameter.
const maxTextParam = 100

// param is a query parameter. Query parameters carry identifiers, codes and dates
// only — never names, BSNs or addresses, which go in the body of a POST …/_zoek.
type param struct {
	name     string
	kind     paramKind
	enum     []string
	min, max int // of a paramInt
	doc      string
}

// Page sizes.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// call is one request on its way through a route.
type call struct {
	s      *server
	r      *http.Request
	ctx    context.Context
	route  *route
	ids    map[string]int64
	codes  map[string]string
	q      map[string]any
	size   int
	after  int64  // from the cursor; 0 for the first page
	cursor string // the cursor as given, for routes with an opaque cursor
	search bool   // a POST …/_zoek: the cursor may come in the body
}

// serveRoute returns the http.Handler of a route: sign-in, path and query
// parameters, content type, then the route's function, and the answer.
func (s *server) serveRoute(rt *route) http.HandlerFunc {
	pattern := rt.method + " " + Base + rt.path
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if rt.public {
			// The API description may be read by tools on other origins.
			w.Header().Set("Access-Control-Allow-Origin", "*")
		} else {
			a, err := s.authenticate(r, rt)
			if err != nil {
				s.writeError(w, r, pattern, err)
				return
			}
			ctx = kluwen.NewContextWithActor(ctx, a)
			r = r.WithContext(ctx)
		}
		c := &call{s: s, r: r, ctx: ctx, route: rt, ids: map[string]int64{}, codes: map[string]string{}, q: map[string]any{}, size: defaultPageSize,
			search: rt.method == http.MethodPost && rt.paged()}
		if err := c.prepare(w); err != nil {
			s.writeError(w, r, pattern, err)
			return
		}
		v, err := rt.h.fn(c)
		if err != nil {
			s.writeError(w, r, pattern, err)
			return
		}
		status := rt.successStatus()
		if status == http.StatusNoContent {
			w.WriteHeader(status)
			return
		}
		if f, ok := v.(fileResult); ok {
			d := f.download()
			w.Header().Set("Content-Type", d.contentType)
			w.Header().Set("Content-Disposition", `attachment; filename="`+d.name+`"`)
			w.Header().Set("Content-Length", strconv.Itoa(len(d.body)))
			w.WriteHeader(status)
			if r.Method != http.MethodHead {
				w.Write(d.body)
			}
			return
		}
		if p, ok := v.(pageResult); ok {
			w.Header().Set("Link", p.linkHeader())
		}
		if status == http.StatusCreated {
			if href := selfHref(v); href != "" {
				w.Header().Set("Location", href)
			}
		}
		writeJSON(w, status, "application/json", v)
	}
}

// prepare reads the path and query parameters and checks the body's type.
func (c *call) prepare(w http.ResponseWriter) error {
	for _, name := range c.route.wildcards() {
		if isCodeParam(name) {
			code := c.r.PathValue(name)
			if !codePattern.MatchString(code) {
				return notFound("Dit bestaat niet of u heeft er geen toegang toe.")
			}
			c.codes[name] = code
			continue
		}
		id, err := strconv.ParseInt(c.r.PathValue(name), 10, 64)
		if err != nil || id <= 0 {
			return notFound("Dit bestaat niet of u heeft er geen toegang toe.")
		}
		c.ids[name] = id
	}
	switch {
	case c.route.h.upload:
		if err := checkUploadType(c.r); err != nil {
			return err
		}
		c.r.Body = http.MaxBytesReader(w, c.r.Body, maxUpload)
	case c.route.h.body != nil:
		if err := checkContentType(c.r); err != nil {
			return err
		}
		c.r.Body = http.MaxBytesReader(w, c.r.Body, maxBody)
	}
	declared := map[string]param{}
	for _, p := range c.route.params() {
		declared[p.name] = p
	}
	var bad []invalidParam
	for name, vals := range c.r.URL.Query() {
		p, ok := declared[name]
		if !ok {
			bad = append(bad, invalidParam{Name: name, Code: "unknown", Reason: "Deze parameter bestaat hier niet."})
			continue
		}
		if len(vals) != 1 {
			bad = append(bad, invalidParam{Name: name, Code: "invalid", Reason: "Geef deze parameter één keer."})
			continue
		}
		if reason := c.parseParam(p, strings.TrimSpace(vals[0])); reason != "" {
			bad = append(bad, invalidParam{Name: name, Code: "invalid", Reason: reason})
		}
	}
	if len(bad) > 0 {
		return badParams(bad...)
	}
	return nil
}

// parseParam parses one query parameter and returns why it is invalid, or "".
func (c *call) parseParam(p param, v string) string {
	switch p.kind {
	case paramID:
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return "Verwacht een id: een positief geheel getal."
		}
		c.q[p.name] = id
	case paramDate:
		t, ok := parseDateOrInstant(v)
		if !ok {
			return "Verwacht een datum als JJJJ-MM-DD of een tijdstip volgens RFC 3339."
		}
		c.q[p.name] = t
	case paramDay:
		t, err := kluwen.ParseDate(v)
		if err != nil {
			return "Verwacht een datum als JJJJ-MM-DD."
		}
		c.q[p.name] = t
	case paramEnum:
		for _, e := range p.enum {
			if e == v {
				c.q[p.name] = v
				return ""
			}
		}
		return "Kies een van: " + strings.Join(p.enum, ", ") + "."
	case paramPageSize:
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return "Verwacht een geheel getal van 1 tot en met 100."
		}
		c.size = n
		c.q[p.name] = n
	case paramCursor:
		if c.route.opaqueCursor {
			if v == "" || len(v) > 500 || strings.Trim(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "" {
				return "Deze cursor is ongeldig; neem hem over uit de link next."
			}
			c.cursor = v
			c.q[p.name] = v
			return ""
		}
		id, ok := decodeCursor(v)
		if !ok {
			return "Deze cursor is ongeldig; neem hem over uit de link next."
		}
		c.after = id
		c.q[p.name] = v
	case paramCode:
		if !codePattern.MatchString(v) {
			return "Verwacht een code: kleine letters, cijfers, streepje of liggend streepje."
		}
		c.q[p.name] = v
	case paramInt:
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min || n > p.max {
			return fmt.Sprintf("Verwacht een geheel getal van %d tot en met %d.", p.min, p.max)
		}
		c.q[p.name] = n
	case paramText:
		if v == "" || len([]rune(v)) > maxTextParam {
			return "Verwacht een tekst van 1 tot en met 100 tekens."
		}
		c.q[p.name] = v
	}
	return ""
}

// pagingFromBody takes the page size and cursor of a search body, where the query
// did not give them (the query wins: it is what the next link carries).
func (c *call) pagingFromBody(size int, cursor string) error {
	var bad []invalidParam
	if _, ok := c.q["pageSize"]; !ok && size != 0 {
		if size < 1 || size > maxPageSize {
			bad = append(bad, invalidParam{Name: "pageSize", Code: "invalid", Reason: "Verwacht een geheel getal van 1 tot en met 100."})
		} else {
			c.size = size
		}
	}
	if _, ok := c.q["cursor"]; !ok && cursor != "" {
		if id, ok := decodeCursor(cursor); ok {
			c.after = id
		} else {
			bad = append(bad, invalidParam{Name: "cursor", Code: "invalid", Reason: "Deze cursor is ongeldig; neem hem over uit volgende."})
		}
	}
	if len(bad) > 0 {
		return &statusError{status: http.StatusBadRequest, detail: "Niet alle gegevens zijn goed ingevuld.", params: bad}
	}
	return nil
}

// id returns a path parameter.
func (c *call) id(name string) int64 {
	id, ok := c.ids[name]
	if !ok {
		panic("api: no path parameter " + name + " in " + c.route.path)
	}
	return id
}

func (c *call) declared(name string) {
	for _, p := range c.route.query {
		if p.name == name {
			return
		}
	}
	panic("api: query parameter " + name + " is not declared on " + c.route.path)
}

// code returns a code path parameter.
func (c *call) code(name string) string {
	v, ok := c.codes[name]
	if !ok {
		panic("api: no code path parameter " + name + " in " + c.route.path)
	}
	return v
}

// queryBool returns a true/false query parameter, or nil when absent.
func (c *call) queryBool(name string) *bool {
	switch c.queryString(name) {
	case "true":
		t := true
		return &t
	case "false":
		f := false
		return &f
	}
	return nil
}

// queryID returns an identifier query parameter, or nil when absent.
func (c *call) queryID(name string) *int64 {
	c.declared(name)
	if v, ok := c.q[name].(int64); ok {
		return &v
	}
	return nil
}

// queryInt returns a whole-number query parameter, or nil when absent.
func (c *call) queryInt(name string) *int {
	c.declared(name)
	if v, ok := c.q[name].(int); ok {
		return &v
	}
	return nil
}

// queryTime returns a date or instant query parameter, or nil when absent.
func (c *call) queryTime(name string) *time.Time {
	c.declared(name)
	if v, ok := c.q[name].(time.Time); ok {
		return &v
	}
	return nil
}

// queryString returns an enumerated, code or text query parameter, or "" when
// absent.
func (c *call) queryString(name string) string {
	c.declared(name)
	v, _ := c.q[name].(string)
	return v
}

var amsterdam = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Amsterdam"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}()

// parseDateOrInstant parses an RFC 3339 instant, or a calendar date as the start
// of that day in the Netherlands.
func parseDateOrInstant(s string) (time.Time, bool) {
	if t, err := time.ParseInLocation(kluwen.DateLayout, s, amsterdam); err == nil {
		return t.UTC(), true
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// Cursors are opaque to clients: the base64url form of the last identifier seen.

func encodeCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10)))
}

func decodeCursor(s string) (int64, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return 0, false
	}
	id, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || id <= 0 {
		return 0, false
	}
	return id, true
}

// selfHref returns the self link of a resource.
func selfHref(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return ""
	}
	if f := rv.FieldByName("Links"); f.IsValid() {
		if l, ok := f.Interface().(selfLinks); ok {
			return l.Self.Href
		}
	}
	return ""
}

// href builds a URL below Base from path segments; identifiers only.
func href(parts ...any) string {
	var b strings.Builder
	b.WriteString(Base)
	for _, p := range parts {
		b.WriteByte('/')
		switch v := p.(type) {
		case string:
			b.WriteString(v)
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		default:
			panic("api: href part must be a string or int64")
		}
	}
	return b.String()
}

func self(parts ...any) selfLinks { return selfLinks{Self: link{Href: href(parts...)}} }
