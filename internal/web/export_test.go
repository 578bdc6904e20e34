package web

// Hooks for the tests of package web_test.

// SetTemplateHook makes s call fn with the name of every page template it
// renders.
func SetTemplateHook(s *Server, fn func(name string)) { s.templateHit = fn }

// PageNames lists the page templates.
func PageNames() ([]string, error) { return pageNames() }
