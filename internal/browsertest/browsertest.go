// Package browsertest drives a real headless Chromium from end-to-end tests,
// through chromedp, and checks pages for accessibility problems with axe-core.
//
// A test starts one browser with [New] and opens a tab for each user with
// [Browser.NewTab]. Every tab has its own browser context, so its own cookies
// and storage: two tabs can be signed in as two different users at once.
//
//	func TestAanmelden(t *testing.T) {
//		b := browsertest.New(t)
//		tab := b.NewTab(t)
//		tab.Navigate(srv.URL + "/aanmelden")
//		tab.SetValue("#email", "an@example.nl")
//		tab.ClickAndWait("button[type=submit]")
//		if got := tab.Text("h1"); got != "Welkom" {
//			t.Errorf("kop = %q, want Welkom", got)
//		}
//		tab.CheckA11y(t)
//	}
//
// The methods of [Tab] take CSS selectors, wait for what they need (up to 30
// seconds for each call) and end the test with t.Fatalf when they fail. The
// message names the URL of the page. [Tab.CheckA11y] runs axe-core and reports
// each violation of WCAG 2.1 level A and AA. Browser and tabs close when the
// test ends.
//
// # Finding Chromium
//
// New uses the program that the environment variable KLUWEN_CHROMIUM names,
// if it is set. Otherwise it looks for chromium, chromium-browser and
// google-chrome on PATH, and then for /usr/bin/chromium. When it finds none,
// the test is skipped on a developer machine, but it fails when the
// environment variable CI is "true": in CI a missing browser must not turn the
// end-to-end tests into silent skips. Install Debian's chromium package there.
// A KLUWEN_CHROMIUM that names no program, and a browser that does not start,
// always fail the test.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// actionTimeout limits each method call of a Tab, and the start of the
// browser and of a tab.
const actionTimeout = 30 * time.Second

// fallbackPath is the last place where New looks for Chromium. The tests
// change it.
var fallbackPath = "/usr/bin/chromium"

// Browser is a headless Chromium process that belongs to one test. Make it
// with [New], and open tabs with [Browser.NewTab].
type Browser struct {
	ctx context.Context // chromedp context of the browser
}

// New starts a headless Chromium for the test t and stops it when t ends.
// See the package documentation for how it finds the program, and when it
// skips the test or fails it instead.
func New(t testing.TB) *Browser {
	t.Helper()
	path, err := findChromium()
	if err != nil {
		switch {
		case errors.Is(err, errNotFound) && os.Getenv("CI") != "true":
			t.Skipf("browsertest: %v; skipping the browser test (set KLUWEN_CHROMIUM or install chromium)", err)
		case errors.Is(err, errNotFound):
			t.Fatalf("browsertest: %v. Chromium is required in CI: install Debian's chromium package", err)
		default:
			t.Fatalf("browsertest: %v", err)
		}
	}

	// TempDir first: its removal then runs after the browser has stopped.
	dataDir := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(1280, 1024),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		// Close the browser gracefully, then make sure that the process is gone.
		cctx, ccancel := context.WithTimeout(ctx, 10*time.Second)
		defer ccancel()
		if err := chromedp.Cancel(cctx); err != nil && !errors.Is(err, context.Canceled) {
			t.Logf("browsertest: closing Chromium: %v", err)
		}
		cancel()
		allocCancel()
	})

	// The first run starts the process. Its context must have no deadline,
	// because the browser lives as long as that context.
	if err := within(actionTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("browsertest: starting %s: %v", path, err)
	}
	return &Browser{ctx: ctx}
}

// NewTab opens a tab in a new browser context, with its own cookies, cache
// and storage, and closes it when t ends. The tab's methods report failures
// to t, so use the tab from t's goroutine.
func (b *Browser) NewTab(t testing.TB) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := within(actionTimeout, func() error { return chromedp.Do(ctx) }); err != nil {
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	return &Tab{t: t, ctx: ctx, timeout: actionTimeout}
}

// errNotFound means that no Chromium was found.
var errNotFound = errors.New("no Chromium found")

// findChromium returns the path of the Chromium program.
func findChromium() (string, error) {
	if name := os.Getenv("KLUWEN_CHROMIUM"); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("KLUWEN_CHROMIUM=%q: %w", name, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", fallbackPath} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: KLUWEN_CHROMIUM is unset, chromium, chromium-browser and google-chrome are not on PATH, and %s does not exist", errNotFound, fallbackPath)
}

// within runs f and returns its error, or an error when f takes longer than d.
// f keeps running in that case; the caller cancels its context.
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		return fmt.Errorf("timed out after %v", d)
	}
}
