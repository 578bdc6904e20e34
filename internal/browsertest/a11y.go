package browsertest

import (
	_ "embed"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chromedp/chromedp"
)

// axeJS is axe-core 4.14.1 (https://github.com/dequelabs/axe-core), under the
// Mozilla Public License 2.0; see axe/LICENSE and axe/LICENSE-3RD-PARTY.txt.
//
//go:embed axe/axe.min.js
var axeJS string

// axeRunJS runs axe on the document for WCAG 2.0 and 2.1, levels A and AA,
// and gives the violations in the shape of []Violation.
const axeRunJS = `axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
	.then(r => r.violations.map(v => ({
		id: v.id,
		impact: v.impact || '',
		help: v.help,
		helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => [].concat(s).join(' >>> ')).join(' | '),
			html: n.html,
			failureSummary: n.failureSummary || '',
		})),
	})))`

// Violation is a rule of axe-core that the page breaks.
type Violation struct {
	ID      string          `json:"id"`      // rule, such as "image-alt"
	Impact  string          `json:"impact"`  // "minor", "moderate", "serious" or "critical"
	Help    string          `json:"help"`    // what the rule asks, in one line
	HelpURL string          `json:"helpUrl"` // page that explains the rule
	Nodes   []ViolationNode `json:"nodes"`   // elements that break the rule
}

// ViolationNode is an element that breaks a rule.
type ViolationNode struct {
	// Target is the CSS selector of the element. In an iframe, the selectors
	// of the frames come first, joined by " | "; in a shadow tree, the
	// selectors of the hosts come first, joined by " >>> ".
	Target string `json:"target"`
	// HTML is the start of the element's outer HTML.
	HTML string `json:"html"`
	// FailureSummary says how to fix the element.
	FailureSummary string `json:"failureSummary"`
}

// A11yViolations runs axe-core on the page, for the rules of WCAG 2.0 and 2.1
// at levels A and AA, and returns the violations. It injects axe-core into the
// page first when the page has no axe. It fails t when axe cannot run.
func (tab *Tab) A11yViolations(t testing.TB) []Violation {
	t.Helper()
	if !run(t, tab, "checking for axe", chromedp.Evaluate[bool](`typeof window.axe?.run === 'function'`)) {
		run(t, tab, "injecting axe-core", chromedp.Evaluate[chromedp.Void](axeJS))
	}
	return run(t, tab, "running axe-core", chromedp.Evaluate[[]Violation](axeRunJS, chromedp.EvalAwaitPromise))
}

// CheckA11y fails t, without stopping it, when axe-core finds violations of
// WCAG 2.0 or 2.1 at levels A and AA on the page. The message lists each rule
// with its impact and help, and each element with its selector and HTML.
func (tab *Tab) CheckA11y(t testing.TB) {
	t.Helper()
	vs := tab.A11yViolations(t)
	if len(vs) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "browsertest: %d accessibility violation(s) on %s:", len(vs), tab.location())
	for _, v := range vs {
		fmt.Fprintf(&b, "\n- %s (%s): %s\n  %s", v.ID, v.Impact, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s: %s", n.Target, snippet(n.HTML, 160))
		}
	}
	t.Error(b.String())
}

// snippet returns s on one line, cut to at most n bytes.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
