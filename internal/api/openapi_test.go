package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen/internal/api"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestOpenAPI holds the document against the route table and against itself.
func TestOpenAPI(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	r := e.must(http.StatusOK, request{method: "GET", path: path("/openapi.json")})
	var doc map[string]any
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("document is not JSON: %v", err)
	}

	t.Run("top level", func(t *testing.T) {
		if doc["openapi"] != "3.0.3" {
			t.Errorf("openapi = %v", doc["openapi"])
		}
		info, _ := doc["info"].(map[string]any)
		if info["title"] == "" || info["title"] == nil {
			t.Error("info.title is empty")
		}
		if info["version"] != r.header.Get("API-Version") {
			t.Errorf("info.version %v, API-Version %q", info["version"], r.header.Get("API-Version"))
		}
		if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("Access-Control-Allow-Origin %q on the document", got)
		}
		for _, k := range []string{"paths", "components", "servers", "security"} {
			if _, ok := doc[k]; !ok {
				t.Errorf("no %s", k)
			}
		}
		comps := doc["components"].(map[string]any)
		if _, ok := comps["securitySchemes"].(map[string]any)["bearer"]; !ok {
			t.Error("no bearer security scheme")
		}
		if _, ok := comps["schemas"].(map[string]any)["Probleem"]; !ok {
			t.Error("no problem schema")
		}
	})

	t.Run("every $ref resolves", func(t *testing.T) {
		n := 0
		walk(doc, func(ref string) {
			n++
			if !strings.HasPrefix(ref, "#/") {
				t.Errorf("external $ref %q", ref)
				return
			}
			var cur any = doc
			for _, part := range strings.Split(ref[2:], "/") {
				m, ok := cur.(map[string]any)
				if !ok {
					t.Errorf("$ref %q does not resolve", ref)
					return
				}
				if cur, ok = m[part]; !ok || cur == nil {
					t.Errorf("$ref %q does not resolve", ref)
					return
				}
			}
		})
		if n < 50 {
			t.Errorf("only %d $refs: the walk is broken", n)
		}
	})

	base := doc["servers"].([]any)[0].(map[string]any)["url"].(string)
	documented := map[string]map[string]any{} // "METHOD /api/v1/path" → operation
	for p, item := range doc["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			documented[strings.ToUpper(method)+" "+base+p] = op.(map[string]any)
		}
	}

	t.Run("every route is documented and nothing else", func(t *testing.T) {
		routes := api.Routes(e.h)
		for _, rt := range routes {
			if _, ok := documented[rt]; !ok {
				t.Errorf("route %s is not in the document", rt)
			}
		}
		for op := range documented {
			if !slices.Contains(routes, op) {
				t.Errorf("documented %s is not a route", op)
			}
		}
	})

	t.Run("the routes of the design are there", func(t *testing.T) {
		for _, rt := range []string{
			"GET /organisaties", "GET /organisaties/{id}", "GET /organisaties/{id}/afdelingen",
			"POST /huishoudens", "POST /huishoudens/_zoek", "GET /huishoudens/{id}", "PATCH /huishoudens/{id}",
			"GET /huishoudens/{id}/leden", "POST /huishoudens/{id}/leden", "PATCH /huishoudens/{id}/leden/{lidId}",
			"GET /huishoudens/{id}/familie",
			"POST /personen", "POST /personen/_zoek", "GET /personen/{id}", "PATCH /personen/{id}",
			"GET /personen/{id}/relaties", "POST /personen/{id}/relaties", "DELETE /personen/{id}/relaties/{relatieId}",
			"GET /casussen", "POST /casussen", "GET /casussen/{id}",
			"GET /casussen/{id}/statuswijzigingen", "POST /casussen/{id}/statuswijzigingen", "PUT /casussen/{id}/regisseur",
			"GET /casussen/{id}/betrokken-partners", "POST /casussen/{id}/betrokken-partners", "PATCH /casussen/{id}/betrokken-partners/{partnerId}",
			"GET /toegangslogboek", "GET /gebruikers", "POST /gebruikers", "GET /gebruikers/{id}", "PATCH /gebruikers/{id}",
			"GET /openapi.json",
			"GET /huishoudens/{id}/signalen", "POST /huishoudens/{id}/signalen", "GET /huishoudens/{id}/signalen/{signaalId}",
			"GET /signaalsoorten", "POST /signaalsoorten", "PATCH /signaalsoorten/{code}",
			"GET /huishoudens/{id}/tijdlijn",
			"GET /instrumenten", "GET /instrumenten/{code}", "PATCH /instrumenten/{code}/criteria",
			"GET /personen/{id}/metingen", "POST /personen/{id}/metingen", "GET /personen/{id}/metingen/{metingId}",
			"GET /huishoudens/{id}/zelfredzaamheid", "GET /personen/{id}/probleemgebieden",
			"GET /casussen/{id}/plan", "GET /casussen/{id}/doelen", "POST /casussen/{id}/doelen",
			"GET /casussen/{id}/doelen/{doelId}", "PATCH /casussen/{id}/doelen/{doelId}", "POST /casussen/{id}/doelen/{doelId}/voortgang",
			"GET /casussen/{id}/acties", "POST /casussen/{id}/doelen/{doelId}/acties", "GET /casussen/{id}/acties/{actieId}", "PATCH /casussen/{id}/acties/{actieId}",
			"GET /casussen/{id}/plan/historie", "GET /casussen/{id}/plan/balans", "GET /casussen/{id}/plan.pdf", "GET /mijn-acties",
			"GET /casussen/{id}/overleggen", "POST /casussen/{id}/overleggen", "GET /casussen/{id}/overleggen/{overlegId}", "PATCH /casussen/{id}/overleggen/{overlegId}",
			"PUT /casussen/{id}/overleggen/{overlegId}/aanwezigheid", "PUT /casussen/{id}/overleggen/{overlegId}/notulen",
			"POST /casussen/{id}/overleggen/{overlegId}/besluiten", "POST /casussen/{id}/overleggen/{overlegId}/besluiten/{besluitId}/actie",
			"GET /casussen/{id}/overleggen/{overlegId}/uitnodiging.ics",
			"GET /casussen/{id}/maatwerk", "POST /casussen/{id}/maatwerk", "GET /casussen/{id}/maatwerk/{maatwerkId}", "PATCH /casussen/{id}/maatwerk/{maatwerkId}", "GET /maatwerk",
			"GET /casussen/{id}/escalaties", "POST /casussen/{id}/escalaties", "GET /casussen/{id}/escalaties/{escalatieId}", "PATCH /casussen/{id}/escalaties/{escalatieId}",
			"GET /meldingen", "POST /meldingen/{id}/gelezen",
		} {
			m, p, _ := strings.Cut(rt, " ")
			if _, ok := documented[m+" /api/v1"+p]; !ok {
				t.Errorf("%s is missing", rt)
			}
		}
	})

	t.Run("every documented operation is routed", func(t *testing.T) {
		wild := regexp.MustCompile(`\{[^}]+\}`)
		for op, spec := range documented {
			method, p, _ := strings.Cut(op, " ")
			rq := request{method: method, path: wild.ReplaceAllString(p, "999999"), as: "regisseur"}
			if _, ok := spec["requestBody"]; ok {
				rq.body = "{}"
			}
			r := e.do(rq)
			if r.status == http.StatusMethodNotAllowed || strings.Contains(string(r.body), "bestaat niet in de API") {
				t.Errorf("%s: %d %s", op, r.status, r.body)
			}
		}
	})

	t.Run("files are documented with their media type", func(t *testing.T) {
		for op, want := range map[string]string{
			"GET /api/v1/casussen/{id}/plan.pdf":                               "application/pdf",
			"GET /api/v1/casussen/{id}/overleggen/{overlegId}/uitnodiging.ics": "text/calendar",
			"GET /api/v1/maatwerk.csv":                                         "text/csv",
			"GET /api/v1/huishoudens/{id}/kostenoverzicht.csv":                 "text/csv",
			"GET /api/v1/huishoudens/{id}/kostenoverzicht.xlsx":                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"GET /api/v1/huishoudens/{id}/kostenoverzicht.pdf":                 "application/pdf",
		} {
			content, _ := documented[op]["responses"].(map[string]any)["200"].(map[string]any)["content"].(map[string]any)
			media, ok := content[want].(map[string]any)
			if len(content) != 1 || !ok || media["schema"].(map[string]any)["format"] != "binary" {
				t.Errorf("%s: content %v, want %s as binary", op, content, want)
			}
		}
	})

	t.Run("operations", func(t *testing.T) {
		ids := map[string]bool{}
		for op, spec := range documented {
			id, _ := spec["operationId"].(string)
			if id == "" || ids[id] {
				t.Errorf("%s: operationId %q missing or not unique", op, id)
			}
			ids[id] = true
			if s, _ := spec["summary"].(string); s == "" {
				t.Errorf("%s has no summary", op)
			}
			if tags, _ := spec["tags"].([]any); len(tags) == 0 {
				t.Errorf("%s has no tags", op)
			}
			responses, _ := spec["responses"].(map[string]any)
			if len(responses) < 2 {
				t.Errorf("%s documents %d responses", op, len(responses))
			}
		}
	})

	t.Run("names follow the design rules", func(t *testing.T) {
		segment := regexp.MustCompile(`^([a-z][a-z0-9-]*|_zoek|\{[a-z][a-zA-Z]*\}|openapi\.json|[a-z][a-z0-9-]*\.(pdf|ics|csv|xlsx))$`)
		for p := range doc["paths"].(map[string]any) {
			if strings.HasSuffix(p, "/") {
				t.Errorf("path %s ends in a slash", p)
			}
			for _, s := range strings.Split(p[1:], "/") {
				if !segment.MatchString(s) {
					t.Errorf("path %s: segment %q is not kebab-case", p, s)
				}
			}
		}
		field := regexp.MustCompile(`^(_links|_embedded|[a-z][a-zA-Z0-9]*)$`)
		for name, s := range doc["components"].(map[string]any)["schemas"].(map[string]any) {
			props, _ := s.(map[string]any)["properties"].(map[string]any)
			for f := range props {
				if !field.MatchString(f) {
					t.Errorf("schema %s: field %q is not lower camelCase", name, f)
				}
			}
		}
	})

	t.Run("no personal data in query parameters", func(t *testing.T) {
		for op, spec := range documented {
			params, _ := spec["parameters"].([]any)
			for _, p := range params {
				name := p.(map[string]any)["name"].(string)
				for _, bad := range []string{"naam", "bsn", "geboortedatum", "straat", "postcode", "zoekterm"} {
					if strings.Contains(strings.ToLower(name), bad) {
						t.Errorf("%s takes %q in the URL", op, name)
					}
				}
			}
		}
	})
}

// walk calls fn for every $ref in v.
func walk(v any, fn func(string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if s, ok := c.(string); ok && k == "$ref" {
				fn(s)
				continue
			}
			walk(c, fn)
		}
	case []any:
		for _, c := range x {
			walk(c, fn)
		}
	}
}
