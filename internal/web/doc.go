// Package web is Kluwen's server-rendered user interface: Dutch pages that work
// without JavaScript and look like the Dutch government's own services (NL Design
// System), built to WCAG 2.1 AA.
//
// New parses every template and reads every static file before it returns, so
// that a broken template stops the start-up. Handler serves the pages and
// /static/; the JSON API is another package, mounted beside it.
//
// # Requests
//
// Every request passes, outside in: the security headers (a strict
// Content-Security-Policy without 'unsafe-inline', so no inline script and no
// style attributes; Cache-Control no-store except on static files), one line in
// the application log (method, route pattern, status, duration and user ID —
// never a path with a query, a form or a name), net/http's CrossOriginProtection,
// and the route. The route's wrapper (session.go) loads the session, puts the
// kluwen.Actor in the context (the user, or before sign-in just the client address
// and the route, so that refused sign-ins are logged with the address), checks
// the session's CSRF token on every POST with crypto/subtle, checks the route's
// role-level permission (a refusal there is written to the access log, as the
// service would have), and then calls the handler. Handlers return errors; error.go maps each kluwen error code to one
// status and one Dutch page.
//
// Need-to-know is the services' job. A handler never decides what a user may see;
// at most it hides a button the service would refuse (canChangeHousehold).
// Personal data never goes in a URL: searches are POSTs, the access-log filter
// holds numbers and dates only.
//
// # Forms
//
// Form (form.go) keeps the values entered, maps the kluwen.FieldErrors of the
// domain to inputs named after the domain's fields, and renders as Dutch
// government forms do: an error summary with links at the top, the message under
// each field (in aria-describedby, with aria-invalid), and the autofocus
// attribute on the first invalid input, which moves the focus there without
// JavaScript. A form is validated by the domain in the handler first (to report
// unreadable input and the domain's rules together) and by the service again.
//
// # Case work
//
// The household's page carries the case work about the household: the latest
// signals with the form to add one, the assessment matrix (members × life
// domains, the latest score as a tinted cell that always says its number and
// level, and the change since the assessment before), the problem domains with
// "Maak doel", and the start of the timeline; the timeline and the course of
// the assessments have pages of their own. The case's page carries the plan
// (goals, actions, the balance of kinds), the conferences, maatwerk and
// escalations; goals, actions and conferences have pages with their forms,
// notes and versions. Forms of the case's coordinators answer 403 to its other
// readers rather than offer what the service refuses.
//
// Charts are SVG drawn on the server (chart.go): an image with a title and a
// description, series told apart by dash pattern and marker as well as colour,
// and always a table with the same numbers beside it. Downloads (the plan for
// the family as PDF, a conference invitation as iCalendar, CSV exports) are
// attachments, built in memory first and never cached.
//
// # Look
//
// The component CSS is the Utrecht component library (EUPL-1.2). The default
// design tokens are the NL Design System example theme "voorbeeld"
// (@nl-design-system-unstable/voorbeeld-design-tokens, EUPL-1.2), not the
// Municipality of Utrecht's own tokens: those are licensed to the municipality
// only and may not be redistributed. A municipality sets its own tokens with
// Config.ThemeCSS and Config.ThemeClass. kluwen.css adds the layout and
// fallbacks for tokens a theme leaves out.
//
// # Templates
//
// layout.html is the frame of every page, partials.html the shared pieces; every
// other file under templates/ is one page, rendered by name. The tests fail when
// a page template is never rendered.
package web
