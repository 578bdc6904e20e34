package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	"github.com/kluwen/kluwen"
)

// pageSize is the number of rows of a paged list.
const pageSize = 25

func itoa(n int) string { return strconv.Itoa(n) }

// pathID reads the numeric path value name; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, kluwen.Errorf(kluwen.ENOTFOUND, "Niet gevonden.")
	}
	return n, nil
}

// queryID reads an optional numeric query parameter: nil when absent or not a
// positive number.
func queryID(q url.Values, name string) *int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(q.Get(name)), 10, 64)
	if err != nil || n <= 0 {
		return nil
	}
	return &n
}

// pager holds the links of a paged list.
type pager struct {
	First string // back to the first page, when not on it
	Next  string // the next page, when there is one
}

// redirect answers a successful form post: see the result with GET (PRG).
func redirect(w http.ResponseWriter, r *http.Request, target string) {
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// idPath builds a path from a prefix and an ID, such as /huishoudens/12.
func idPath(prefix string, id int64, rest ...string) string {
	return prefix + "/" + strconv.FormatInt(id, 10) + strings.Join(rest, "")
}

// withNotice adds ?melding=key to a path.
func withNotice(p, key string) string { return p + "?melding=" + url.QueryEscape(key) }

// names looks up display names of users and organisations for one page, each at
// most once. A user the actor may not look up is shown by number: the page must
// not fail because a colleague's name is not theirs to see.
type names struct {
	s     *Server
	ctx   context.Context
	users map[int64]string
	orgs  map[int64]string
}

func (s *Server) names(ctx context.Context) *names {
	return &names{s: s, ctx: ctx, users: map[int64]string{}}
}

// User returns the display name of a user.
func (n *names) User(id int64) string {
	if id == 0 {
		return ""
	}
	if v, ok := n.users[id]; ok {
		return v
	}
	v := "Gebruiker " + strconv.FormatInt(id, 10)
	if u, err := n.s.svc.Users.FindUserByID(n.ctx, id); err == nil {
		v = u.DisplayName
	}
	n.users[id] = v
	return v
}

// UserPtr returns the display name of an optional user, or "".
func (n *names) UserPtr(id *int64) string {
	if id == nil {
		return ""
	}
	return n.User(*id)
}

// Org returns the name of an organisation.
func (n *names) Org(id int64) string {
	if n.orgs == nil {
		n.orgs = map[int64]string{}
		if orgs, err := n.s.svc.Organisations.FindOrganisations(n.ctx, kluwen.OrganisationFilter{}); err == nil {
			n.orgs = orgNames(orgs)
		}
	}
	if v, ok := n.orgs[id]; ok {
		return v
	}
	return "Organisatie " + strconv.FormatInt(id, 10)
}

// personName is the name of a person, or a placeholder when it is not there.
func personName(p *kluwen.Person, id int64) string {
	if p == nil {
		return "Persoon " + strconv.FormatInt(id, 10)
	}
	return p.Name()
}

// parallel runs the reads of one page side by side and returns the first
// error in the order given. Each service call is a transaction of its own and
// the calls do not depend on each other, so the page waits for the slowest
// rather than for all of them in turn. Call it only after the read that
// decides whether the user may see the page at all, so that a refused user
// leaves one refusal in the access log, not one per read.
func parallel(fns ...func() error) error {
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					errs[i] = fmt.Errorf("web: panic in a parallel read: %v\n%s", v, debug.Stack())
				}
			}()
			errs[i] = fn()
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
