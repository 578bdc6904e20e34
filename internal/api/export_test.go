package api

import "net/http"

// Routes lists the operations of a handler made by New as "METHOD /api/v1/path",
// for the tests that hold the OpenAPI document against the route table.
func Routes(h http.Handler) []string {
	s := h.(*server)
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.method + " " + Base + rt.path
	}
	return out
}

// FieldName is the API's name of a domain field name, as problems name it.
func FieldName(h http.Handler, domain string) (string, bool) {
	return h.(*server).names.translate(domain)
}
