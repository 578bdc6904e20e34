package api

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// page is one page of a collection, written HAL-style:
//
//	{"_links": {"self": {"href": …}, "next": {"href": …}},
//	 "_embedded": {"huishoudens": […]}}
//
// A search (POST …/_zoek) also gives the next cursor as "volgende", for clients
// that send it in the body of the next search.
type page[T any] struct {
	links  pageLinks
	items  []T
	next   string // cursor of the next page, "" on the last
	search bool
}

// pageResult is implemented by every *page[T].
type pageResult interface {
	itemType() reflect.Type
	linkHeader() string
}

func (p *page[T]) itemType() reflect.Type { return reflect.TypeFor[T]() }

func (p *page[T]) MarshalJSON() ([]byte, error) {
	items := p.items
	if items == nil {
		items = []T{}
	}
	out := struct {
		Links    pageLinks      `json:"_links"`
		Embedded map[string][]T `json:"_embedded"`
		Next     string         `json:"volgende,omitempty"`
	}{Links: p.links, Embedded: map[string][]T{collectionName(reflect.TypeFor[T]()): items}}
	if p.search {
		out.Next = p.next
	}
	return json.Marshal(out)
}

// linkHeader is the Link header (RFC 8288) of the page.
func (p *page[T]) linkHeader() string {
	h := `<` + p.links.Self.Href + `>; rel="self"`
	if p.links.Next != nil {
		h += `, <` + p.links.Next.Href + `>; rel="next"`
	}
	return h
}

// newPage makes a page of items that a store call returned with a limit of
// c.size+1: the extra item only tells that there is a next page.
func newPage[T any](c *call, items []T, id func(T) int64) *page[T] {
	next := ""
	if len(items) > c.size {
		items = items[:c.size]
		next = encodeCursor(id(items[len(items)-1]))
	}
	return linkedPage(c, items, next)
}

// linkedPage makes the page of items with its self link and, when next is a
// cursor, its next link.
func linkedPage[T any](c *call, items []T, next string) *page[T] {
	p := &page[T]{search: c.search, items: items, next: next}
	var cursor string
	if c.after > 0 {
		cursor = encodeCursor(c.after) // from the query or, for a search, the body
	}
	p.links.Self = link{Href: c.pageHref(cursor)}
	if p.next != "" {
		p.links.Next = &link{Href: c.pageHref(p.next)}
	}
	return p
}

// pageOf pages through a whole collection in memory, by ascending identifier,
// for the collections the services return whole (the members of one household,
// the partners of one case).
func pageOf[T any](c *call, all []T, id func(T) int64) *page[T] {
	sorted := append([]T(nil), all...)
	sort.SliceStable(sorted, func(i, j int) bool { return id(sorted[i]) < id(sorted[j]) })
	var rest []T
	for _, x := range sorted {
		if id(x) > c.after {
			rest = append(rest, x)
		}
		if len(rest) > c.size {
			break
		}
	}
	return newPage(c, rest, id)
}

// pageHref is the URL of a page of this request: its path and its declared query
// parameters (identifiers, codes and dates), with the given cursor.
func (c *call) pageHref(cursor string) string {
	q := url.Values{}
	for _, p := range c.route.params() {
		if _, ok := c.q[p.name]; !ok || p.name == "cursor" {
			continue
		}
		// The parsed value proved the raw one valid; write it back as given.
		q.Set(p.name, strings.TrimSpace(c.r.URL.Query().Get(p.name)))
	}
	if c.size != defaultPageSize {
		q.Set("pageSize", strconv.Itoa(c.size))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	h := Base + trimBase(c.r.URL.Path)
	if len(q) > 0 {
		h += "?" + q.Encode()
	}
	return h
}

func trimBase(p string) string {
	if len(p) >= len(Base) && p[:len(Base)] == Base {
		return p[len(Base):]
	}
	return p
}

// pageInOrder pages through a whole collection in the order the service gave it
// (a plan's actions, a case's conferences), for the collections the services
// return whole. The cursor is the identifier of the last item seen, so that items
// added meanwhile do not shift the pages; a cursor that names no item of the
// collection is invalid.
func pageInOrder[T any](c *call, all []T, id func(T) int64) (*page[T], error) {
	start := 0
	if c.after > 0 {
		start = -1
		for i, x := range all {
			if id(x) == c.after {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, badParams(invalidParam{Name: "cursor", Code: "invalid", Reason: "Deze cursor hoort niet (meer) bij deze lijst; begin opnieuw bij de eerste pagina."})
		}
	}
	end := min(start+c.size+1, len(all))
	return newPage(c, all[start:end], id), nil
}

// pageAt pages through a whole collection whose items have no identifier of
// their own (the list of deviations across cases, the problem domains): the
// cursor is the position of the last item seen, from 1.
func pageAt[T any](c *call, all []T) *page[T] {
	start := min(int(c.after), len(all))
	items := all[start:]
	next := ""
	if len(items) > c.size {
		items = items[:c.size]
		next = encodeCursor(int64(start + c.size))
	}
	return linkedPage(c, items, next)
}

// cursorPage makes a page of items that the service paged itself, with the
// service's own cursor of the next page ("" on the last).
func cursorPage[T any](c *call, items []T, next string) *page[T] {
	p := &page[T]{items: items, next: next}
	p.links.Self = link{Href: c.pageHref(c.cursor)}
	if next != "" {
		p.links.Next = &link{Href: c.pageHref(next)}
	}
	return p
}
