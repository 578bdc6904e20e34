package api

import (
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"slices"
	"strings"
)

// document builds the OpenAPI 3.0.3 description of the API from the route table:
// every route's path and method, its parameters, and the schemas of its request
// and response types, reflected from the same Go types the handlers use.
func (s *server) document() map[string]any {
	g := &schemaGen{comps: map[string]any{}}
	g.schema(reflect.TypeFor[problem]())
	paths := map[string]map[string]any{}
	tags := []string{}
	for _, rt := range s.routes {
		if !slices.Contains(tags, rt.tag) {
			tags = append(tags, rt.tag)
		}
		if paths[rt.path] == nil {
			paths[rt.path] = map[string]any{}
		}
		paths[rt.path][strings.ToLower(rt.method)] = s.operation(g, rt)
	}
	tagList := make([]any, len(tags))
	for i, t := range tags {
		tagList[i] = map[string]any{"name": t}
	}
	problemRef := ref("schemas", "Probleem")
	responses := map[string]any{}
	for status, name := range problemResponses {
		responses[name] = map[string]any{
			"description": titles[status],
			"headers":     map[string]any{"API-Version": ref("headers", "API-Version")},
			"content":     map[string]any{"application/problem+json": map[string]any{"schema": problemRef}},
		}
	}
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{
			"title":   "Kluwen API",
			"version": s.opt.Version,
			"description": "De API van Kluwen voor professionals die samenwerken rond huishoudens met meervoudige problemen. " +
				"Volgt de NL API Design Rules. Elke toegang tot persoonsgegevens wordt vastgelegd in het toegangslogboek; " +
				"u ziet alleen wat u voor uw taak nodig heeft (need-to-know). Zoeken op naam, BSN of geboortedatum gaat met " +
				"POST …/_zoek, zodat deze gegevens nooit in een URL staan.",
			"contact": map[string]any{"name": "Kluwen"},
		},
		"servers":  []any{map[string]any{"url": Base}},
		"tags":     tagList,
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []string{}}},
		"components": map[string]any{
			"schemas":   g.comps,
			"responses": responses,
			"headers": map[string]any{
				"API-Version":         map[string]any{"description": "De versie van de API", "schema": map[string]any{"type": "string", "example": s.opt.Version}},
				"Location":            map[string]any{"description": "URL van de nieuwe resource", "schema": map[string]any{"type": "string"}},
				"Link":                map[string]any{"description": "Links naar deze en de volgende pagina (RFC 8288)", "schema": map[string]any{"type": "string"}},
				"Content-Disposition": map[string]any{"description": "attachment, met de bestandsnaam om onder op te slaan", "schema": map[string]any{"type": "string"}},
			},
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "description": "Persoonlijk API-token"},
			},
		},
	}
}

// problemResponses names the shared error responses by status.
var problemResponses = map[int]string{
	http.StatusBadRequest:            "OngeldigVerzoek",
	http.StatusUnauthorized:          "NietIngelogd",
	http.StatusForbidden:             "GeenToestemming",
	http.StatusNotFound:              "NietGevonden",
	http.StatusConflict:              "Conflict",
	http.StatusRequestEntityTooLarge: "TeGroot",
	http.StatusUnsupportedMediaType:  "VerkeerdFormaat",
	http.StatusTooManyRequests:       "TeVeelVerzoeken",
	http.StatusInternalServerError:   "InterneFout",
}

func ref(kind, name string) map[string]any {
	return map[string]any{"$ref": "#/components/" + kind + "/" + name}
}

func (s *server) operation(g *schemaGen, rt *route) map[string]any {
	op := map[string]any{
		"operationId": rt.op,
		"summary":     rt.summary,
		"tags":        []string{rt.tag},
	}
	if rt.public {
		op["security"] = []any{}
	}
	var params []any
	for _, w := range rt.wildcards() {
		schema := map[string]any{"type": "integer", "format": "int64", "minimum": 1}
		if isCodeParam(w) {
			schema = map[string]any{"type": "string", "pattern": codePattern.String()}
		}
		params = append(params, map[string]any{"name": w, "in": "path", "required": true, "schema": schema})
	}
	for _, p := range rt.params() {
		params = append(params, map[string]any{
			"name": p.name, "in": "query", "required": false, "description": p.doc, "schema": paramSchema(p),
		})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if rt.h.upload {
		op["requestBody"] = uploadBody(g)
	} else if rt.h.body != nil {
		body := g.schema(rt.h.body)
		// Request bodies take no other fields: the API rejects unknown ones.
		if w, ok := lookupWireType(rt.h.body); ok {
			g.comps[w.schema].(map[string]any)["additionalProperties"] = false
		}
		types := map[string]any{"application/json": map[string]any{"schema": body}}
		if rt.method == http.MethodPatch {
			types["application/merge-patch+json"] = types["application/json"]
		}
		op["requestBody"] = map[string]any{"required": true, "content": types}
	}

	headers := map[string]any{"API-Version": ref("headers", "API-Version")}
	success := map[string]any{"description": rt.summary, "headers": headers}
	status := rt.successStatus()
	switch mt := mediaTypeOf(rt.h.resp); {
	case status == http.StatusNoContent:
	case mt != "application/json":
		success["content"] = map[string]any{mt: map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}}}
		headers["Content-Disposition"] = ref("headers", "Content-Disposition")
	default:
		success["content"] = map[string]any{mt: map[string]any{"schema": g.schema(resultType(rt.h.resp))}}
	}
	if status == http.StatusCreated {
		headers["Location"] = ref("headers", "Location")
	}
	if rt.paged() {
		headers["Link"] = ref("headers", "Link")
	}
	responses := map[string]any{fmt.Sprint(status): success}
	errs := []int{http.StatusInternalServerError}
	if !rt.public {
		errs = append(errs, http.StatusUnauthorized, http.StatusForbidden, http.StatusTooManyRequests)
	}
	if len(rt.wildcards()) > 0 {
		errs = append(errs, http.StatusNotFound)
	}
	if len(rt.params()) > 0 || rt.h.body != nil {
		errs = append(errs, http.StatusBadRequest)
	}
	if rt.h.body != nil {
		errs = append(errs, http.StatusConflict, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType)
	}
	for _, st := range errs {
		responses[fmt.Sprint(st)] = ref("responses", problemResponses[st])
	}
	op["responses"] = responses
	return op
}

// resultType is the type a handler's result is written as: the resource a
// pointer points to (it is never nil when there is no error).
func resultType(t reflect.Type) reflect.Type {
	if _, ok := reflect.New(t).Elem().Interface().(pageResult); ok {
		return t
	}
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

func paramSchema(p param) map[string]any {
	switch p.kind {
	case paramID:
		return map[string]any{"type": "integer", "format": "int64", "minimum": 1}
	case paramDate:
		return map[string]any{"type": "string", "example": "2024-05-31"}
	case paramEnum:
		return map[string]any{"type": "string", "enum": p.enum}
	case paramPageSize:
		return map[string]any{"type": "integer", "minimum": 1, "maximum": maxPageSize, "default": defaultPageSize}
	case paramDay:
		return map[string]any{"type": "string", "format": "date", "example": "2024-05-31"}
	case paramCode:
		return map[string]any{"type": "string", "pattern": codePattern.String()}
	case paramText:
		return map[string]any{"type": "string", "minLength": 1, "maxLength": maxTextParam}
	case paramInt:
		return map[string]any{"type": "integer", "format": "int32", "minimum": p.min, "maximum": p.max}
	}
	return map[string]any{"type": "string"}
}

// schemaGen reflects Go wire types into OpenAPI schemas, collecting the named
// ones under components/schemas.
type schemaGen struct {
	comps map[string]any
}

func (g *schemaGen) schema(t reflect.Type) map[string]any {
	zero := reflect.New(t).Elem().Interface()
	if p, ok := zero.(pageResult); ok {
		return g.page(p.itemType())
	}
	if _, ok := zero.(optionalType); ok {
		return g.schema(zero.(optionalType).valueType())
	}
	switch t {
	case reflect.TypeFor[rawJSON]():
		return map[string]any{"type": "object"}
	case reflect.TypeFor[date]():
		return map[string]any{"type": "string", "format": "date", "example": "2024-05-31"}
	case reflect.TypeFor[instant]():
		return map[string]any{"type": "string", "format": "date-time", "example": "2024-05-31T09:30:00Z"}
	case reflect.TypeFor[euro]():
		return map[string]any{"type": "number", "multipleOf": 0.01, "example": 1250.5}
	case reflect.TypeFor[quantity]():
		return map[string]any{"type": "number", "multipleOf": 0.001, "example": 2.5}
	case reflect.TypeFor[hundredths]():
		return map[string]any{"type": "number", "multipleOf": 0.01, "example": 103.44}
	}
	if vals := enumValues(t, ""); vals != nil {
		return map[string]any{"type": "string", "enum": vals}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := g.schema(t.Elem())
		if _, isRef := inner["$ref"]; isRef {
			return map[string]any{"allOf": []any{inner}, "nullable": true}
		}
		out := maps.Clone(inner)
		out["nullable"] = true
		return out
	case reflect.Struct:
		w, ok := lookupWireType(t)
		if !ok {
			panic("api: wire type " + t.String() + " is not in the registry (names.go)")
		}
		if _, done := g.comps[w.schema]; !done {
			g.comps[w.schema] = nil // placeholder against recursion
			g.comps[w.schema] = g.object(t)
		}
		return ref("schemas", w.schema)
	case reflect.Slice:
		return map[string]any{"type": "array", "items": g.schema(t.Elem())}
	case reflect.Map:
		// A map is an object keyed by codes (the scores of an assessment by
		// domain code).
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem())}
	case reflect.Float64:
		return map[string]any{"type": "number", "format": "double"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int64:
		return map[string]any{"type": "integer", "format": "int64"}
	case reflect.Int, reflect.Int32:
		return map[string]any{"type": "integer", "format": "int32"}
	}
	panic("api: no schema for " + t.String())
}

func (g *schemaGen) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range fieldsOf(t) {
		ft := t.Field(f.index).Type
		var p map[string]any
		if f.enum != "" {
			p = map[string]any{"type": "string", "enum": enumValues(nil, f.enum)}
		} else {
			p = g.schema(ft)
		}
		if f.doc != "" {
			if _, isRef := p["$ref"]; isRef {
				p = map[string]any{"allOf": []any{p}}
			} else {
				p = maps.Clone(p)
			}
			p["description"] = f.doc
		}
		props[f.name] = p
		if !f.omitempty {
			required = append(required, f.name)
		}
	}
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

// page returns the schema of a page of items of type t.
func (g *schemaGen) page(t reflect.Type) map[string]any {
	item := g.schema(t)
	w, _ := lookupWireType(t)
	name := w.schema + "Collectie"
	if _, done := g.comps[name]; !done {
		g.comps[name] = map[string]any{
			"type":     "object",
			"required": []string{"_links", "_embedded"},
			"properties": map[string]any{
				"_links": ref("schemas", "PaginaLinks"),
				"_embedded": map[string]any{
					"type":       "object",
					"required":   []string{w.collection},
					"properties": map[string]any{w.collection: map[string]any{"type": "array", "items": item}},
				},
				"volgende": map[string]any{"type": "string", "description": "Alleen bij zoeken: de cursor van de volgende pagina, voor in de volgende zoekvraag"},
			},
		}
		g.schema(reflect.TypeFor[pageLinks]())
	}
	return ref("schemas", name)
}
