package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam must be there in a bare container too

	"github.com/kluwen/kluwen"
)

// Config configures the web UI.
type Config struct {
	// BaseURL is the public address of Kluwen, such as https://kluwen.gemeente.nl.
	// When it is https the session cookie is Secure and named with the __Host-
	// prefix.
	BaseURL string
	// TrustProxy takes the client address from the last hop of X-Forwarded-For,
	// for a server behind one reverse proxy. Leave it off otherwise: the header is
	// then whatever the client says.
	TrustProxy bool
	// ThemeCSS is the path of a CSS file with a municipality's design tokens. It is
	// read once at start-up and served instead of the default theme.
	ThemeCSS string
	// ThemeClass is the CSS class the tokens in ThemeCSS are scoped to, such as
	// "utrecht-theme" or "denhaag-theme". The <body> always carries
	// "utrecht-theme" as well.
	ThemeClass string
	// Version is shown in the footer.
	Version string
	// Now returns the current time; tests set it. Defaults to time.Now.
	Now func() time.Time
}

// Server is the web UI: the HTML pages, their sessions and their static files.
type Server struct {
	cfg         Config
	svc         kluwen.Services
	log         *slog.Logger
	secure      bool   // cookies Secure with the __Host- prefix
	cookieName  string // the session cookie
	themeClass  string
	tz          *time.Location
	now         func() time.Time
	tpl         *templates
	static      *staticFiles
	handler     http.Handler
	templateHit func(name string) // tests only: called for every template rendered
}

// New returns a Server. It parses every template and reads the static files and
// the theme, so that a broken template or a missing theme stops the start-up
// rather than a request.
func New(cfg Config, svc kluwen.Services, logger *slog.Logger) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	if err := checkServices(svc); err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, svc: svc, log: logger, now: cfg.Now}
	if s.now == nil {
		s.now = time.Now
	}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("web: BaseURL %q is not an http(s) address", cfg.BaseURL)
		}
		s.secure = u.Scheme == "https"
	}
	s.cookieName = "kluwen_sessie"
	if s.secure {
		s.cookieName = "__Host-kluwen_sessie"
	}
	tz, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.tz = tz

	var theme []byte
	s.themeClass = "voorbeeld-theme"
	if cfg.ThemeCSS != "" {
		theme, err = os.ReadFile(cfg.ThemeCSS)
		if err != nil {
			return nil, fmt.Errorf("web: theme: %w", err)
		}
		s.themeClass = strings.TrimSpace(cfg.ThemeClass)
	}
	if s.static, err = loadStatic(theme); err != nil {
		return nil, err
	}
	if s.tpl, err = parseTemplates(s.funcs()); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

func checkServices(svc kluwen.Services) error {
	var missing []string
	for _, x := range []struct {
		name string
		ok   bool
	}{
		{"Organisations", svc.Organisations != nil}, {"Users", svc.Users != nil}, {"Auth", svc.Auth != nil},
		{"Households", svc.Households != nil}, {"Persons", svc.Persons != nil}, {"Cases", svc.Cases != nil},
		{"Audit", svc.Audit != nil}, {"Stats", svc.Stats != nil}, {"Signals", svc.Signals != nil},
		{"Assessments", svc.Assessments != nil}, {"Timeline", svc.Timeline != nil}, {"Notifications", svc.Notifications != nil},
		{"Plan", svc.Plan != nil}, {"Conferences", svc.Conferences != nil}, {"Maatwerk", svc.Maatwerk != nil},
		{"Escalations", svc.Escalations != nil},
	} {
		if !x.ok {
			missing = append(missing, x.name)
		}
	}
	if svc.CostCatalogue == nil {
		missing = append(missing, "CostCatalogue")
	}
	if svc.Costs == nil {
		missing = append(missing, "Costs")
	}
	if svc.CostUploads == nil {
		missing = append(missing, "CostUploads")
	}
	if len(missing) > 0 {
		return errors.New("web: services missing: " + strings.Join(missing, ", "))
	}
	return nil
}

// Handler returns the handler of every page and static file.
func (s *Server) Handler() http.Handler { return s.handler }

// today is the current date in the Netherlands, as the domain counts dates.
func (s *Server) today() time.Time { return kluwen.DateOf(s.now().In(s.tz)) }
