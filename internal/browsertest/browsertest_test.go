package browsertest

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// goedPagina is a small accessible Dutch page with a form. Its element
// #straks appears 300 ms after #toon is clicked.
const goedPagina = `<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><title>Kluwen – proef</title></head>
<body>
<main>
<h1>Proefformulier</h1>
<form method="post" action="/echo">
	<label for="naam">Naam</label>
	<input id="naam" name="naam" type="text" value="voorbeeld">
	<label for="stad">Stad</label>
	<select id="stad" name="stad">
		<option value="ams">Amsterdam</option>
		<option value="utr">Utrecht</option>
	</select>
	<button type="submit" name="actie" value="opslaan">Opslaan</button>
</form>
<button type="button" id="toon">Toon</button>
<script>document.getElementById('toon').addEventListener('click', () => setTimeout(() => document.querySelector('main').insertAdjacentHTML('beforeend', '<p id="straks">Klaar</p>'), 300))</script>
</main>
</body>
</html>`

// slechtePagina breaks the rules html-has-lang, image-alt and label.
const slechtePagina = `<!doctype html>
<html>
<head><meta charset="utf-8"><title>Slecht</title></head>
<body>
<main>
<img src="/logo.png">
<input type="text" name="zoek">
</main>
</body>
</html>`

// newServer serves the test pages.
func newServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.Handle("GET /{$}", page(goedPagina))
	mux.Handle("GET /slecht", page(slechtePagina))
	mux.HandleFunc("GET /logo.png", http.NotFound)
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="nl"><head><title>Ontvangen</title></head>
<body><main><h1>Ontvangen</h1><p id="uitvoer">%s uit %s (%s)</p></main></body></html>`,
			html.EscapeString(r.FormValue("naam")), html.EscapeString(r.FormValue("stad")), html.EscapeString(r.FormValue("actie")))
	})
	mux.HandleFunc("GET /zet-koekje", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "sessie", Value: "anne", Path: "/"})
		page(`<!doctype html><html lang="nl"><title>Koekje</title><main><p id="koekje">gezet</p></main></html>`)(w, r)
	})
	mux.HandleFunc("GET /koekje", func(w http.ResponseWriter, r *http.Request) {
		value := "geen"
		if c, err := r.Cookie("sessie"); err == nil {
			value = c.Value
		}
		page(`<!doctype html><html lang="nl"><title>Koekje</title><main><p id="koekje">`+html.EscapeString(value)+`</p></main></html>`)(w, r)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFormAndAccessiblePage(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := New(t).NewTab(t)

	tab.Navigate(srv.URL + "/")
	if got, want := tab.Title(), "Kluwen – proef"; got != want {
		t.Errorf("Title() = %q, want %q", got, want)
	}
	if got := tab.URL(); got != srv.URL+"/" {
		t.Errorf("URL() = %q, want %q", got, srv.URL+"/")
	}
	if !strings.Contains(tab.HTML(), `<html lang="nl">`) {
		t.Errorf("HTML() lacks the html element:\n%s", tab.HTML())
	}
	if !tab.Exists("main") || tab.Exists("#bestaat-niet") {
		t.Errorf("Exists(main), Exists(#bestaat-niet) = %v, %v, want true, false", tab.Exists("main"), tab.Exists("#bestaat-niet"))
	}
	if tab.Exists("#straks") {
		t.Errorf("Exists(#straks) = true before the element was added; Exists must not wait")
	}
	tab.Click("#toon")
	tab.WaitVisible("#straks")
	if got := tab.Text("#straks"); got != "Klaar" {
		t.Errorf("Text(#straks) = %q, want %q", got, "Klaar")
	}
	if vs := tab.A11yViolations(t); len(vs) != 0 {
		t.Errorf("A11yViolations() = %+v, want none", vs)
	}
	tab.CheckA11y(t)

	// Submit sends the fields, but not the button.
	tab.SetValue("#naam", "Anne de Vries")
	tab.SetValue("#stad", "Utrecht") // by the visible text
	tab.Submit("#naam")
	if got, want := tab.Text("#uitvoer"), "Anne de Vries uit utr ()"; got != want {
		t.Errorf("after Submit, Text(#uitvoer) = %q, want %q", got, want)
	}
	if got := tab.URL(); got != srv.URL+"/echo" {
		t.Errorf("after Submit, URL() = %q, want %q", got, srv.URL+"/echo")
	}
	tab.CheckA11y(t)

	// A click on the button sends the button too. SetValue clears the field.
	tab.Navigate(srv.URL + "/")
	tab.SetValue("#naam", "Één")
	tab.SetValue("#stad", "ams") // by the value
	tab.ClickAndWait("button")
	if got, want := tab.Text("#uitvoer"), "Één uit ams (opslaan)"; got != want {
		t.Errorf("after ClickAndWait, Text(#uitvoer) = %q, want %q", got, want)
	}

	path := filepath.Join(t.TempDir(), "shots", "echo.png")
	tab.Screenshot(path)
	if png, err := os.ReadFile(path); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG\r\n")) {
		t.Errorf("Screenshot(%q) wrote no PNG: err %v", path, err)
	}
}

func TestInaccessiblePage(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	tab := New(t).NewTab(t)
	tab.Navigate(srv.URL + "/slecht")

	vs := tab.A11yViolations(t)
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if v.Impact == "" || v.Help == "" || v.HelpURL == "" || len(v.Nodes) == 0 || v.Nodes[0].Target == "" || v.Nodes[0].HTML == "" {
			t.Errorf("violation %s lacks details: %+v", v.ID, v)
		}
	}
	for _, want := range []string{"image-alt", "label", "html-has-lang"} {
		if !slices.Contains(ids, want) {
			t.Errorf("A11yViolations() = %v, want %s among them", ids, want)
		}
	}

	// CheckA11y reports the same, with the elements.
	rec := &recorder{TB: t}
	tab.CheckA11y(rec)
	msg := strings.Join(rec.errors, "\n")
	for _, want := range []string{"/slecht", "image-alt (critical)", "label (", "html-has-lang (", `img: <img src="/logo.png">`, "dequeuniversity.com"} {
		if !strings.Contains(msg, want) {
			t.Errorf("CheckA11y message lacks %q:\n%s", want, msg)
		}
	}
}

func TestTabsHaveSeparateCookies(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	b := New(t)
	anne, bram := b.NewTab(t), b.NewTab(t)

	anne.Navigate(srv.URL + "/zet-koekje")
	anne.Navigate(srv.URL + "/koekje")
	if got := anne.Text("#koekje"); got != "anne" {
		t.Fatalf("the tab that set the cookie sends %q, want %q", got, "anne")
	}
	bram.Navigate(srv.URL + "/koekje")
	if got := bram.Text("#koekje"); got != "geen" {
		t.Errorf("the other tab sends the cookie %q, want none", got)
	}
}

func TestNoChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	old := fallbackPath
	fallbackPath = filepath.Join(t.TempDir(), "chromium")
	t.Cleanup(func() { fallbackPath = old })

	for _, tc := range []struct {
		ci, env  string
		skipped  bool
		contains string
	}{
		{ci: "", skipped: true, contains: "no Chromium found"},
		{ci: "false", skipped: true, contains: "no Chromium found"},
		{ci: "true", contains: "Chromium is required in CI: install Debian's chromium package"},
		{ci: "", env: "/geen/chromium", contains: `KLUWEN_CHROMIUM="/geen/chromium"`},
	} {
		t.Setenv("CI", tc.ci)
		t.Setenv("KLUWEN_CHROMIUM", tc.env)
		rec := &recorder{TB: t}
		var wg sync.WaitGroup
		wg.Go(func() {
			New(rec)
			t.Errorf("CI=%q KLUWEN_CHROMIUM=%q: New returned", tc.ci, tc.env)
		})
		wg.Wait()
		if rec.skipped != tc.skipped || !strings.Contains(rec.stop, tc.contains) {
			t.Errorf("CI=%q KLUWEN_CHROMIUM=%q: skipped %v with %q, want skipped %v with %q",
				tc.ci, tc.env, rec.skipped, rec.stop, tc.skipped, tc.contains)
		}
	}
}

// recorder records the failures of a test instead of reporting them. Its
// Fatalf and Skipf stop the goroutine. The other methods go to the real test.
type recorder struct {
	testing.TB
	errors  []string
	stop    string
	skipped bool
}

func (r *recorder) Error(args ...any) { r.errors = append(r.errors, fmt.Sprint(args...)) }

func (r *recorder) Fatalf(format string, args ...any) {
	r.stop = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Skipf(format string, args ...any) {
	r.skipped = true
	r.Fatalf(format, args...)
}
