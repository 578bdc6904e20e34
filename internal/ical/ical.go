// Package ical writes the invitation of a case conference as an iCalendar file
// (RFC 5545) to download and open in any calendar: one VEVENT with a stable UID,
// so that a changed conference (a higher SEQUENCE) replaces the earlier download.
//
// The invitation carries no personal data of the household: the summary names
// only the case number, and the description points to Kluwen for the agenda.
package ical

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kluwen/kluwen"
)

// ContentType is the media type of an iCalendar file.
const ContentType = "text/calendar; charset=utf-8"

// Options are what the invitation needs besides the conference.
type Options struct {
	// Host is the domain the UIDs are made unique in, e.g. "kluwen.gemeente.nl".
	Host string
	// URL is the conference's page in Kluwen; "" leaves it out.
	URL string
}

// Filename is the name to offer the download under.
func Filename(inv *kluwen.ConferenceInvite) string {
	return "casusoverleg-" + strconv.FormatInt(inv.ConferenceID, 10) + ".ics"
}

// UID is the conference's stable identifier in calendars.
func UID(inv *kluwen.ConferenceInvite, host string) string {
	return "casusoverleg-" + strconv.FormatInt(inv.ConferenceID, 10) + "@" + host
}

// stamp is the UTC date-time form of RFC 5545 (FORM #2).
const stamp = "20060102T150405Z"

// Write writes the invitation for inv's invitee to w.
func Write(w io.Writer, inv *kluwen.ConferenceInvite, opt Options) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeLine(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Kluwen//Casusoverleg//NL")
	line("CALSCALE", "GREGORIAN")
	line("BEGIN", "VEVENT")
	line("UID", UID(inv, opt.Host))
	line("DTSTAMP", inv.UpdatedAt.UTC().Format(stamp))
	line("SEQUENCE", strconv.Itoa(inv.Sequence))
	line("DTSTART", inv.StartsAt.UTC().Format(stamp))
	line("DTEND", inv.EndsAt().UTC().Format(stamp))
	line("SUMMARY", Text(fmt.Sprintf("Casusoverleg casus %d", inv.CaseID)))
	location := inv.Location
	if location == "" {
		location = inv.VideoURL
	}
	line("LOCATION", Text(location))
	desc := []string{"Casusoverleg in Kluwen."}
	if inv.VideoURL != "" {
		desc = append(desc, "Videoverbinding: "+inv.VideoURL)
	}
	if opt.URL != "" {
		desc = append(desc, "Agenda en verslag: "+opt.URL)
		line("URL;VALUE=URI", opt.URL)
	}
	line("DESCRIPTION", Text(strings.Join(desc, "\n")))
	line("STATUS", "CONFIRMED")
	if inv.InviteeEmail != "" {
		writeLine(bw, "ATTENDEE;CN="+Param(inv.InviteeName)+";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:"+inv.InviteeEmail)
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return bw.Flush()
}

// Text escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma
// get a backslash, a line break becomes \n, other control characters are dropped.
func Text(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case unicode.IsControl(r) && r != '\t':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Param makes a parameter value (RFC 5545 §3.1): double quotes and control
// characters cannot appear and are dropped; a value with a colon, semicolon or
// comma is quoted.
func Param(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '"' || unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if strings.ContainsAny(s, ":;,") {
		return `"` + s + `"`
	}
	return s
}

// writeLine writes one content line, folded after 75 octets (§3.1): each
// continuation starts with a space, and a UTF-8 sequence is never split.
func writeLine(w *bufio.Writer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.WriteString(s[:cut])
		w.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(s)
	w.WriteString("\r\n")
}

// Unfold undoes the folding of an iCalendar text, for tests and readers.
func Unfold(s string) string {
	return strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(s)
}
