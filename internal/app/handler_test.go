package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/config"
	"github.com/kluwen/kluwen/internal/testdb"
)

// TestHandlerHeaders: every response of the whole handler carries the security
// headers, also the redirects the router answers itself before the web UI or
// the API sees the request.
func TestHandlerHeaders(t *testing.T) {
	dir := t.TempDir()
	cfg, err := config.Load(nil, nil, func(k string) string {
		if k == "KLUWEN_DATA_DIR" {
			return dir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.OpenWithKeys(context.Background(), cfg, testdb.Keys(), testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	h, err := a.Handler("test")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		status int
	}{
		{"/huishoudens//1", http.StatusTemporaryRedirect},
		{"/api/v1/x/../huishoudens", http.StatusTemporaryRedirect},
		{"/inloggen", http.StatusOK},
		{"/api/v1/huishoudens", http.StatusUnauthorized},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
			for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if rec.Header().Get(k) == "" {
					t.Errorf("no %s", k)
				}
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q, want no-store", got)
			}
		})
	}
}
