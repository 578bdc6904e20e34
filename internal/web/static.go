package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// The static files: the NL Design System component CSS (Utrecht component
// library, EUPL-1.2), the default design tokens (the NL Design System example
// theme "voorbeeld", EUPL-1.2), the Noto Sans font (OFL-1.1), Kluwen's own layout
// CSS, and their licences.
//
//go:embed static
var staticFS embed.FS

// staticFile is one file served under /static/.
type staticFile struct {
	body  []byte
	ctype string
	hash  string // first 12 hex digits of its SHA-256, for the URL's ?v=
}

type staticFiles struct {
	files   map[string]*staticFile // by name, without /static/
	modTime time.Time
}

// themeName is the URL name of the design tokens, the default or a municipality's.
const themeName = "theme.css"

// defaultTheme is the embedded default design tokens.
const defaultTheme = "voorbeeld-design-tokens-7.4.1.css"

func loadStatic(theme []byte) (*staticFiles, error) {
	sf := &staticFiles{files: map[string]*staticFile{}, modTime: time.Now()}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sf.add(strings.TrimPrefix(p, "static/"), b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	def, ok := sf.files[defaultTheme]
	if !ok {
		return nil, fmt.Errorf("web: static file %s missing", defaultTheme)
	}
	if theme == nil {
		theme = def.body
	}
	sf.add(themeName, theme)
	for _, n := range []string{"utrecht-components-9.0.4.css", "kluwen.css"} {
		if _, ok := sf.files[n]; !ok {
			return nil, fmt.Errorf("web: static file %s missing", n)
		}
	}
	return sf, nil
}

func (sf *staticFiles) add(name string, b []byte) {
	sum := sha256.Sum256(b)
	ct := mime.TypeByExtension(path.Ext(name))
	switch path.Ext(name) {
	case ".md", ".txt":
		ct = "text/plain; charset=utf-8"
	case ".woff2":
		ct = "font/woff2"
	}
	if ct == "" {
		ct = "application/octet-stream"
	}
	sf.files[name] = &staticFile{body: b, ctype: ct, hash: hex.EncodeToString(sum[:6])}
}

// url returns the versioned URL of a static file; the version changes with its
// content, so that the file can be cached for a year.
func (sf *staticFiles) url(name string) (string, error) {
	f, ok := sf.files[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + name + "?v=" + f.hash, nil
}

// serve serves GET /static/{name}, and reports false when there is no such file.
func (sf *staticFiles) serve(w http.ResponseWriter, r *http.Request) bool {
	f, ok := sf.files[r.PathValue("name")]
	if !ok {
		return false
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+f.hash+`"`)
	http.ServeContent(w, r, "", sf.modTime, bytes.NewReader(f.body))
	return true
}
