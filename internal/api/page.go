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
	p := &page[T]{search: c.search}
	if len(items) > c.size {
		items = items[:c.size]
		p.next = encodeCursor(id(items[len(items)-1]))
	}
	p.items = items
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
