package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Tab is a browser tab with its own browser context (cookies, storage). Make
// it with [Browser.NewTab].
//
// Selectors are CSS selectors; a method that acts on an element uses the first
// match. Each call waits at most 30 seconds. On failure a method ends the test
// that opened the tab with t.Fatalf, so call the methods from that test's
// goroutine; only [Tab.CheckA11y] and [Tab.A11yViolations] report to the test
// that they get. A Tab is not safe for concurrent use.
type Tab struct {
	t       testing.TB
	ctx     context.Context
	timeout time.Duration
}

// Ctx returns the chromedp context of the tab, for direct use of chromedp and
// cdproto. It has no deadline, and it ends when the test of the tab ends.
func (tab *Tab) Ctx() context.Context { return tab.ctx }

// Run runs chromedp actions in the tab, in order, as an escape hatch for what
// the other methods do not cover. To read a value, use chromedp.Run with
// [Tab.Ctx].
func (tab *Tab) Run(actions ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	run(tab.t, tab, "Run", chromedp.Steps(actions...))
}

// Navigate loads url and waits for its load event. An HTTP error status does
// not fail the test, a network error does.
func (tab *Tab) Navigate(url string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("Navigate(%q)", url), chromedp.Navigate(url))
}

// Click waits until the element is visible and clicks its center. It does not
// wait for a page load that the click starts; use [Tab.ClickAndWait] for links
// and submit buttons, or wait for an element of the next page.
func (tab *Tab) Click(selector string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("Click(%q)", selector), chromedp.Click(chromedp.CSS(selector)))
}

// ClickAndWait is [Tab.Click] for a click that loads a page, such as a link or
// a submit button: it returns when the new page has loaded. Unlike
// [Tab.Submit], a click on a submit button sends the button's name and value,
// runs the form validation and fires the submit event. A click that loads no
// page fails after the timeout.
func (tab *Tab) ClickAndWait(selector string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("ClickAndWait(%q)", selector), func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
		return chromedp.Void{}, err
	})
}

// SetValue waits until the input, textarea or select is visible, clears it,
// and sets its value, firing the input and change events. It sets the value
// from script and sends no key events. For a select, value is the value of an
// option, or else its visible text. It fails when the element does not take
// the value, such as a select without that option; use [Tab.Click] for
// checkboxes and radio buttons.
func (tab *Tab) SetValue(selector, value string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("SetValue(%q, %q)", selector, value), chromedp.QueryAfter(chromedp.CSS(selector),
		func(ctx context.Context, t *chromedp.Target, nodes []*chromedp.Node) (chromedp.Void, error) {
			return callOn[chromedp.Void](ctx, t, nodes[0], setValueJS, value)
		}, chromedp.NodeVisible))
}

// setValueJS clears and sets the value of the element this, as a user would.
const setValueJS = `function (v) {
	const tag = this.localName;
	if (tag !== 'input' && tag !== 'textarea' && tag !== 'select') {
		throw new Error('the element is a <' + tag + '>, not an input, textarea or select');
	}
	if (tag === 'input' && ['checkbox', 'radio', 'file', 'submit', 'button', 'reset', 'image'].includes(this.type)) {
		throw new Error('cannot set the value of an input of type ' + this.type);
	}
	if (tag === 'select' && !Array.from(this.options).some(o => o.value === v)) {
		const o = Array.from(this.options).find(o => o.text.trim() === v.trim());
		if (o) v = o.value;
	}
	const fire = type => this.dispatchEvent(new Event(type, {bubbles: true}));
	this.focus();
	this.value = '';
	fire('input');
	this.value = v;
	fire('input');
	fire('change');
	if (this.value !== v) {
		throw new Error(tag === 'select' ? 'the select has no option ' + JSON.stringify(v)
			: 'the element did not take the value; its value is ' + JSON.stringify(this.value));
	}
}`

// Submit submits the form of the element (or the form itself) and waits until
// the response page has loaded. Like HTMLFormElement.submit, it skips the
// form validation and the submit event, and sends no submit button; use
// [Tab.ClickAndWait] on the button to submit as a user does.
func (tab *Tab) Submit(selector string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("Submit(%q)", selector), func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(selector)))
		return chromedp.Void{}, err
	})
}

// Text waits until the element exists and returns its rendered text
// (innerText). The text of an invisible element is "".
func (tab *Tab) Text(selector string) string {
	tab.t.Helper()
	return run(tab.t, tab, fmt.Sprintf("Text(%q)", selector), chromedp.Text(chromedp.CSS(selector)))
}

// Exists reports whether an element matches the selector now. It does not
// wait.
func (tab *Tab) Exists(selector string) bool {
	tab.t.Helper()
	sel, _ := json.Marshal(selector)
	return run(tab.t, tab, fmt.Sprintf("Exists(%q)", selector),
		chromedp.Evaluate[bool](fmt.Sprintf("document.querySelector(%s) !== null", sel)))
}

// WaitVisible waits until the element exists and is visible.
func (tab *Tab) WaitVisible(selector string) {
	tab.t.Helper()
	run(tab.t, tab, fmt.Sprintf("WaitVisible(%q)", selector), chromedp.WaitVisible(chromedp.CSS(selector)))
}

// URL returns the URL of the page.
func (tab *Tab) URL() string {
	tab.t.Helper()
	return run(tab.t, tab, "URL()", chromedp.Location())
}

// Title returns the title of the page.
func (tab *Tab) Title() string {
	tab.t.Helper()
	return run(tab.t, tab, "Title()", chromedp.Title())
}

// HTML returns the outer HTML of the document element, as the DOM is now.
func (tab *Tab) HTML() string {
	tab.t.Helper()
	return run(tab.t, tab, "HTML()", chromedp.Evaluate[string]("document.documentElement.outerHTML"))
}

// Screenshot saves a PNG of the whole page, beyond the viewport, at path. It
// creates the directory of path when needed.
func (tab *Tab) Screenshot(path string) {
	tab.t.Helper()
	png := run(tab.t, tab, fmt.Sprintf("Screenshot(%q)", path), chromedp.FullScreenshot(100))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tab.t.Fatalf("browsertest: Screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		tab.t.Fatalf("browsertest: Screenshot: %v", err)
	}
}

// run runs the action in the tab with the tab's timeout, and ends the test t
// with a message that names what and the URL of the page when it fails.
func run[T any](t testing.TB, tab *Tab, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, tab.timeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %v (%w)", tab.timeout, err)
		}
		t.Fatalf("browsertest: %s on %s: %v", what, tab.location(), err)
	}
	return v
}

// location returns the URL of the page for an error message. It gives up
// soon, because the page can be what failed.
func (tab *Tab) location() string {
	ctx, cancel := context.WithTimeout(tab.ctx, 2*time.Second)
	defer cancel()
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "an unknown URL"
	}
	return url
}

// callOn calls the JavaScript function fn with the element n as this, and
// decodes its result as chromedp.Evaluate does.
func callOn[T any](ctx context.Context, t *chromedp.Target, n *chromedp.Node, fn string, args ...any) (T, error) {
	obj, err := cdp.Call(ctx, t, dom.ResolveNode, dom.ResolveNodeParams{NodeID: n.NodeID})
	if err != nil {
		var zero T
		return zero, err
	}
	defer cdp.Call(ctx, t, runtime.ReleaseObject, runtime.ReleaseObjectParams{ObjectID: obj.Object.ObjectID})
	return chromedp.CallFunctionOn[T](fn, func(p *runtime.CallFunctionOnParams) {
		p.ObjectID = obj.Object.ObjectID
	}, args...)(ctx, t)
}
