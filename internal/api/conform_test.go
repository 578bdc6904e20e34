package api_test

import (
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// conformance checks every answer the tests receive against the schema the
// OpenAPI document gives for its operation and status: required fields present,
// types, formats, enums, nullability, and no field the document does not name.

type conformance struct {
	doc map[string]any
	ops []docOp
}

type docOp struct {
	path   string
	method string
	re     *regexp.Regexp
	wild   int
	op     map[string]any
}

func newConformance(h http.Handler) (*conformance, error) {
	r := httptest.NewRequest("GET", "/api/v1/openapi.json", nil)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	c := &conformance{}
	if err := json.Unmarshal(w.Body.Bytes(), &c.doc); err != nil {
		return nil, err
	}
	base := c.doc["servers"].([]any)[0].(map[string]any)["url"].(string)
	wild := regexp.MustCompile(`\{[^}]+\}`)
	for p, item := range c.doc["paths"].(map[string]any) {
		// Quote the literal parts only: QuoteMeta would escape the braces too.
		var pat strings.Builder
		last := 0
		for _, m := range wild.FindAllStringIndex(base+p, -1) {
			pat.WriteString(regexp.QuoteMeta((base + p)[last:m[0]]) + `[^/]+`)
			last = m[1]
		}
		pat.WriteString(regexp.QuoteMeta((base + p)[last:]))
		re := regexp.MustCompile("^" + pat.String() + "$")
		for m, op := range item.(map[string]any) {
			c.ops = append(c.ops, docOp{p, strings.ToUpper(m), re, len(wild.FindAllString(p, -1)), op.(map[string]any)})
		}
	}
	// Literal paths before wildcards, as the router matches them.
	sort.Slice(c.ops, func(i, j int) bool { return c.ops[i].wild < c.ops[j].wild })
	return c, nil
}

// operation returns the documented operation of a request, or nil.
func (c *conformance) operation(method, path string) map[string]any {
	if method == "HEAD" {
		method = "GET"
	}
	// The most literal path that matches is the request's, whatever its
	// methods, as the router has it (GET …/_zoek is not GET …/{id}).
	matched := ""
	for _, o := range c.ops {
		if matched == "" && o.re.MatchString(path) {
			matched = o.path
		}
		if o.path == matched && o.method == method {
			return o.op
		}
	}
	return nil
}

// mediaType is the media type the document gives for a successful answer: JSON,
// unless the operation answers with one other type (a PDF, a calendar file).
func (c *conformance) mediaType(method, path string, status int) string {
	op := c.operation(method, path)
	if op == nil {
		return "application/json"
	}
	resp, _ := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if resp == nil {
		return "application/json"
	}
	content, _ := c.resolve(resp)["content"].(map[string]any)
	if len(content) == 1 {
		for mt := range content {
			return mt
		}
	}
	return "application/json"
}

// check returns the ways the answer differs from the document.
func (c *conformance) check(method, path string, status int, contentType string, body []byte) []string {
	op := c.operation(method, path)
	if op == nil {
		return nil // unknown paths and methods: no operation to hold them to
	}
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("status %d is not documented", status)}
	}
	resp = c.resolve(resp)
	content, _ := resp["content"].(map[string]any)
	if len(body) == 0 {
		if len(content) > 0 {
			return []string{"no body, but the document gives one"}
		}
		return nil
	}
	mt, _, _ := mime.ParseMediaType(contentType)
	media, ok := content[mt].(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("content type %q is not documented for %d", contentType, status)}
	}
	if !strings.HasSuffix(mt, "json") {
		// A file: the document describes it as binary, the tests check its content.
		if sc := media["schema"].(map[string]any); sc["type"] != "string" || sc["format"] != "binary" {
			return []string{fmt.Sprintf("%s is not described as a binary string", mt)}
		}
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"body is not JSON"}
	}
	var errs []string
	c.value(media["schema"].(map[string]any), v, "$", &errs)
	return errs
}

func (c *conformance) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		var cur any = c.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = cur.(map[string]any)[part]
		}
		s = cur.(map[string]any)
	}
}

func (c *conformance) value(s map[string]any, v any, at string, errs *[]string) {
	s = c.resolve(s)
	if v == nil {
		if s["nullable"] != true {
			*errs = append(*errs, at+": null where the document allows none")
		}
		return
	}
	if all, ok := s["allOf"].([]any); ok {
		for _, sub := range all {
			c.value(sub.(map[string]any), v, at, errs)
		}
		return
	}
	bad := func(format string, args ...any) { *errs = append(*errs, at+": "+fmt.Sprintf(format, args...)) }
	switch s["type"] {
	case "object":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want an object")
			return
		}
		props, _ := s["properties"].(map[string]any)
		if extra, ok := s["additionalProperties"].(map[string]any); ok && props == nil {
			// An object keyed by codes: every value by the one schema.
			for k, x := range m {
				c.value(extra, x, at+"."+k, errs)
			}
			return
		}
		if props == nil {
			return // a free-form object (the document itself)
		}
		req, _ := s["required"].([]any)
		for _, r := range req {
			if _, ok := m[r.(string)]; !ok {
				bad("required field %q missing", r)
			}
		}
		for k, x := range m {
			ps, ok := props[k].(map[string]any)
			if !ok {
				bad("field %q is not in the document", k)
				continue
			}
			c.value(ps, x, at+"."+k, errs)
		}
	case "array":
		xs, ok := v.([]any)
		if !ok {
			bad("want an array")
			return
		}
		for i, x := range xs {
			c.value(s["items"].(map[string]any), x, fmt.Sprintf("%s[%d]", at, i), errs)
		}
	case "string":
		str, ok := v.(string)
		if !ok {
			bad("want a string, have %v", v)
			return
		}
		if enum, ok := s["enum"].([]any); ok {
			found := false
			for _, e := range enum {
				found = found || e == str
			}
			if !found {
				bad("%q is not one of %v", str, enum)
			}
		}
		switch s["format"] {
		case "date":
			if _, err := time.Parse("2006-01-02", str); err != nil {
				bad("%q is not a date", str)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil || !strings.HasSuffix(str, "Z") {
				bad("%q is not an RFC 3339 instant in UTC", str)
			}
		}
	case "integer":
		f, ok := v.(float64)
		if !ok || f != float64(int64(f)) {
			bad("want an integer, have %v", v)
		}
	case "number":
		f, ok := v.(float64)
		if !ok {
			bad("want a number, have %v", v)
		} else if m, ok := s["multipleOf"].(float64); ok && math.Abs(f/m-math.Round(f/m)) > 1e-6 {
			bad("%v is not a multiple of %v", v, m)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			bad("want a boolean, have %v", v)
		}
	default:
		bad("schema without a type: %v", s)
	}
}
