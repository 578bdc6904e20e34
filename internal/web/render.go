package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

//go:embed templates
var templateFS embed.FS

// The shared templates: the layout every page is rendered in, and the partials
// (form fields, error summary, CSRF field, paging). Every other file under
// templates/ is one page, named after its file: household_show.html is
// "household_show".
const (
	layoutFile   = "layout.html"
	partialsFile = "partials.html"
)

// templates holds every page, each parsed with the layout and the partials.
type templates struct {
	pages map[string]*template.Template
}

// parseTemplates parses every template at start-up.
func parseTemplates(funcs template.FuncMap) (*templates, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/"+layoutFile, "templates/"+partialsFile)
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := pageNames()
	if err != nil {
		return nil, err
	}
	t := &templates{pages: map[string]*template.Template{}}
	for _, n := range names {
		c, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := c.ParseFS(templateFS, "templates/"+n+".html"); err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		if c.Lookup("content") == nil {
			return nil, fmt.Errorf("web: template %s defines no \"content\"", n)
		}
		t.pages[n] = c
	}
	return t, nil
}

// pageNames lists the page templates: every file under templates/ but the
// layout and partials.
func pageNames() ([]string, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || path.Ext(n) != ".html" || n == layoutFile || n == partialsFile {
			continue
		}
		names = append(names, strings.TrimSuffix(n, ".html"))
	}
	sort.Strings(names)
	return names, nil
}

// navLink is one item of the main navigation.
type navLink struct {
	Href    string
	Label   string
	Current bool
}

// page is what the layout gets: the frame of every page, and Data for the page
// itself.
type page struct {
	Title      string
	User       *kluwen.User
	Org        *kluwen.Organisation
	CSRF       string
	Nav        []navLink
	Notice     string
	ThemeClass string
	Version    string
	// Unread is the number of the user's unread notifications, for the link in
	// the header; -1 when it could not be counted.
	Unread int
	Data   any
}

// notices are the messages a redirect can ask the next page to show with
// ?melding=…; the URL carries only the key.
var notices = map[string]string{
	"opgeslagen":           "De gegevens zijn opgeslagen.",
	"aangemaakt":           "Het is aangemaakt.",
	"wachtwoord":           "Uw wachtwoord is gewijzigd.",
	"uitgelogd":            "U bent uitgelogd.",
	"status":               "De status van de casus is gewijzigd.",
	"lid":                  "Het lid is toegevoegd aan het huishouden.",
	"lid-beeindigd":        "Het lidmaatschap is beëindigd.",
	"partner":              "De partner is toegevoegd aan de casus.",
	"relatie":              "De relatie is vastgelegd.",
	"relatie-verwijderd":   "De relatie is verwijderd.",
	"afdeling":             "De afdeling is toegevoegd.",
	"geblokkeerd":          "De gebruiker is geblokkeerd. Alle sessies van de gebruiker zijn beëindigd.",
	"gedeblokkeerd":        "De gebruiker kan weer inloggen.",
	"wachtwoord-ingesteld": "Het nieuwe wachtwoord is ingesteld.",
	"kosten":               "De kosten zijn vastgelegd.",
	"nieuwe-prijs":         "De nieuwe prijs is vastgelegd. Kosten die eerder zijn vastgelegd, houden de prijs waarmee ze zijn berekend.",
	"indexcijfer":          "Het indexcijfer is opgeslagen. Overzichten in een ander prijsjaar rekenen er meteen mee.",
	"signaal":              "Het signaal is vastgelegd.",
	"meting":               "De meting is opgeslagen.",
	"doel":                 "Het doel is toegevoegd aan het plan.",
	"actie":                "De actie is toegevoegd aan het plan. De uitvoerder krijgt er een melding van.",
	"voortgang":            "De voortgang is vastgelegd.",
	"overleg":              "Het casusoverleg is gepland. De genodigden krijgen een melding.",
	"besluit":              "Het besluit is vastgelegd.",
	"uitgenodigd":          "De uitnodiging is verstuurd.",
	"maatwerk":             "Het maatwerk is vastgelegd.",
	"escalatie":            "De escalatie is vastgelegd.",
	"afgesloten":           "De casus is afgesloten.",
	"gelezen":              "De melding is als gelezen gemarkeerd.",
	"alles-gelezen":        "Alle meldingen zijn als gelezen gemarkeerd.",
}

// render executes a page template in the layout and writes it with status. It
// renders into a buffer first, so that a failing template gives a clean error
// page and not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, c *reqCtx, status int, name, title string, data any) {
	t, ok := s.tpl.pages[name]
	if !ok {
		s.log.Error("web: no such template", "template", name, "route", r.Pattern)
		name, t = "error", s.tpl.pages["error"]
		status = http.StatusInternalServerError
		data = &errorData{Status: status, Heading: headingOf(status), Message: msgInternal}
		title = headingOf(status)
	}
	p := &page{Title: title, Data: data, ThemeClass: s.themeClass, Version: s.cfg.Version}
	if c != nil && c.user != nil {
		p.User = c.user
		p.CSRF = c.session.CSRFToken
		if c.org == nil {
			if o, err := s.svc.Organisations.FindOrganisationByID(r.Context(), c.user.OrganisationID); err == nil {
				c.org = o
			}
		}
		p.Org = c.org
		p.Nav = navFor(c.user.Role, r.URL.Path)
		p.Unread = -1
		if n, err := s.svc.Notifications.CountUnreadNotifications(r.Context()); err == nil {
			p.Unread = n
		}
	}
	if msg, ok := notices[r.URL.Query().Get("melding")]; ok && status < 300 {
		p.Notice = msg
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("web: template failed", "template", name, "route", r.Pattern, "err", err.Error())
		if name == "error" {
			http.Error(w, msgInternal, http.StatusInternalServerError)
			return
		}
		s.errorPage(w, r, c, http.StatusInternalServerError, "")
		return
	}
	if s.templateHit != nil {
		s.templateHit(name)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// navFor returns the main navigation for a role, marking the current section.
func navFor(role kluwen.Role, current string) []navLink {
	links := []navLink{{Href: "/", Label: "Start"}}
	switch role {
	case kluwen.RoleRegisseur, kluwen.RoleProfessional:
		links = append(links,
			navLink{Href: "/casussen", Label: "Casussen"},
			navLink{Href: "/huishoudens", Label: "Huishoudens"},
			navLink{Href: "/personen", Label: "Personen"})
		if role == kluwen.RoleRegisseur {
			links = append(links,
				navLink{Href: "/maatwerk", Label: "Maatwerk"},
				navLink{Href: "/portefeuille", Label: "Portefeuille"},
				navLink{Href: "/kosten/cohorten", Label: "Cohorten"},
				navLink{Href: "/kosten/wie-betaalt", Label: "Wie betaalt"})
		}
	case kluwen.RoleAnalyst:
		links = append(links,
			navLink{Href: "/maatwerk", Label: "Maatwerk"},
			navLink{Href: "/portefeuille", Label: "Portefeuille"},
			navLink{Href: "/kosten/cohorten", Label: "Cohorten"},
			navLink{Href: "/kosten/wie-betaalt", Label: "Wie betaalt"})
	case kluwen.RolePrivacyOfficer:
		links = append(links, navLink{Href: "/logboek", Label: "Logboek"})
	case kluwen.RoleAdmin:
		links = append(links,
			navLink{Href: "/beheer/organisaties", Label: "Organisaties"},
			navLink{Href: "/beheer/gebruikers", Label: "Gebruikers"},
			navLink{Href: "/beheer/signaalsoorten", Label: "Signaalsoorten"},
			navLink{Href: "/beheer/instrumenten", Label: "Instrumenten"},
			navLink{Href: "/beheer/kostencatalogus", Label: "Kostencatalogus"},
			navLink{Href: "/beheer/prijsindex", Label: "Prijsindex"})
	}
	for i := range links {
		h := links[i].Href
		links[i].Current = current == h || (h != "/" && strings.HasPrefix(current, h+"/"))
	}
	return links
}

var monthsNL = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

// dutchDate writes a calendar date the Dutch way: 3 maart 2024.
func dutchDate(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + monthsNL[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// funcs are the template functions.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"static": func(name string) (string, error) { return s.static.url(name) },
		// date writes a calendar date the Dutch way: 3 maart 2024.
		"date": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			return dutchDate(t)
		},
		// month writes the month of a date: maart 2024.
		"month": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			return monthsNL[t.Month()-1] + " " + strconv.Itoa(t.Year())
		},
		// dateTime writes an instant in Dutch time: 3 maart 2024 14:05.
		"dateTime": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			t = t.In(s.tz)
			return strconv.Itoa(t.Day()) + " " + monthsNL[t.Month()-1] + " " + strconv.Itoa(t.Year()) + " " + t.Format("15:04")
		},
		// shortDateTime is an instant in Dutch time for tables: 03-03-2024 14:05:09.
		"shortDateTime": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			return t.In(s.tz).Format("02-01-2006 15:04:05")
		},
		// isoDateTime is the machine-readable form for <time datetime>.
		"isoDateTime": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			return t.In(s.tz).Format(time.RFC3339)
		},
		"isoDate": func(v any) string {
			t, ok := timeOf(v)
			if !ok {
				return ""
			}
			return t.Format(kluwen.DateLayout)
		},
		"age":          func(p *kluwen.Person) int { return p.Age(s.today()) },
		"statusClass":  statusClass,
		"outcomeLabel": outcomeLabel,
		"actionLabel":  actionLabel,
		"lower":        strings.ToLower,
		"pct":          percent,
		// px writes a chart coordinate; plus adds to one.
		"px":   coord,
		"plus": func(a, b float64) float64 { return a + b },
		"euro": euro,
		// last is the index of the last element.
		"last": func(v any) int { return reflect.ValueOf(v).Len() - 1 },
		// percent writes a share (0..1) as a whole percentage.
		"percent": func(f float64) string { return strconv.Itoa(int(f*100+0.5)) + "%" },
		// deref reads an optional ID.
		"deref": func(p *int64) int64 {
			if p == nil {
				return 0
			}
			return *p
		},
		// dict passes several values to a partial: dict "Key" value "Key2" value2.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}

func timeOf(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil || t.IsZero() {
			return time.Time{}, false
		}
		return *t, true
	}
	return time.Time{}, false
}

// statusClass is the modifier of the status badge of a case status.
func statusClass(st kluwen.CaseStatus) string {
	switch st {
	case kluwen.CaseAfgesloten:
		return "utrecht-status-badge--inactive"
	case kluwen.CaseAanmelding, kluwen.CaseAnalyse:
		return "utrecht-status-badge--neutral"
	}
	return "utrecht-status-badge--active"
}
