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
	return mux, nil
}
