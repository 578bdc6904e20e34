package app

import (
	"net/http"

	"github.com/kluwen/kluwen/internal/api"
	"github.com/kluwen/kluwen/internal/web"
)

// Handler returns the HTTP handler of Kluwen: the JSON API under /api/v1 and the
// web UI everywhere else.
func (a *App) Handler(version string) (http.Handler, error) {
	ui, err := web.New(web.Config{
		BaseURL:    a.Config.BaseURL,
		TrustProxy: a.Config.TrustProxy,
		ThemeCSS:   a.Config.ThemeCSS,
		ThemeClass: a.Config.ThemeClass,
		Version:    version,
	}, a.Services, a.Logger)
	if err != nil {
		return nil, err
	}
	apiHandler := api.New(a.Services, api.Options{TrustProxy: a.Config.TrustProxy, Logger: a.Logger, BaseURL: a.Config.BaseURL})
	mux := http.NewServeMux()
	mux.Handle("/api/v1/", apiHandler)
	mux.Handle("/api/v1", apiHandler)
	mux.Handle("/", ui.Handler())
	return baseHeaders(mux), nil
}

// baseHeaders sets strict security headers on every response before the web UI
// or the API sets its own. It covers what the mux answers itself, such as the
// redirect of a path that is not in canonical form ("/huishoudens//1"), which
// reaches neither.
func baseHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}
