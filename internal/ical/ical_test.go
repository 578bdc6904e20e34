package ical_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/ical"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func invite() *kluwen.ConferenceInvite {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		ams = time.FixedZone("CET", 3600)
	}
	return &kluwen.ConferenceInvite{
		ConferenceID: 42, CaseID: 7,
		StartsAt:        time.Date(2026, 3, 12, 10, 0, 0, 0, ams), // 09:00 UTC (winter time)
		DurationMinutes: 90,
		Location:        "Stadskantoor, zaal 3; ingang Marktzijde\\achter\nTweede verdieping — lift naast de balie, vraag naar de coördinator van het Zorg- en Veiligheidshuis",
		VideoURL:        "https://video.example.nl/overleg/abc-123",
		Sequence:        2,
		UpdatedAt:       time.Date(2026, 3, 1, 8, 30, 15, 123456000, time.UTC),
		InviteeName:     "Jansen, Eline",
		InviteeEmail:    "e.jansen@politie.example.nl",
	}
}

// TestGolden compares the invitation with testdata/invite.ics (go test -update
// rewrites it after a deliberate change).
func TestGolden(t *testing.T) {
	var b bytes.Buffer
	if err := ical.Write(&b, invite(), ical.Options{Host: "kluwen.example.nl", URL: "https://kluwen.example.nl/casussen/7/overleggen/42"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "invite.ics")
	if *update {
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("invitation differs from %s:\n%s", golden, b.String())
	}
}

// TestRFC5545 checks the rules the golden file must keep: CRLF line ends, lines
// of at most 75 octets, folding that never splits a character, the required
// properties, times in UTC, and escaped text that unfolds to the original.
func TestRFC5545(t *testing.T) {
	var b bytes.Buffer
	inv := invite()
	if err := ical.Write(&b, inv, ical.Options{Host: "kluwen.example.nl"}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	if !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Fatal("lines must end in CRLF, and only there")
	}
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line splits a character: %q", l)
		}
	}
	props := map[string]string{}
	for _, l := range strings.Split(ical.Unfold(s), "\r\n") {
		name, value, _ := strings.Cut(l, ":")
		if _, dup := props[name]; !dup {
			props[name] = value
		}
	}
	for name, want := range map[string]string{
		"BEGIN":   "VCALENDAR",
		"VERSION": "2.0",
		"UID":     "casusoverleg-42@kluwen.example.nl",
		"DTSTAMP": "20260301T083015Z",
		"DTSTART": "20260312T090000Z",
		"DTEND":   "20260312T103000Z",
		"SUMMARY": "Casusoverleg casus 7",
		"LOCATION": `Stadskantoor\, zaal 3\; ingang Marktzijde\\achter\nTweede verdieping — lift naast de balie\, ` +
			`vraag naar de coördinator van het Zorg- en Veiligheidshuis`,
		"SEQUENCE": "2",
		"ATTENDEE;CN=\"Jansen, Eline\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION": "mailto:e.jansen@politie.example.nl",
	} {
		if got := props[name]; got != want {
			t.Errorf("%s = %q; want %q", name, got, want)
		}
	}
	if _, ok := props["URL;VALUE=URI"]; ok {
		t.Error("URL without a link to Kluwen")
	}
	// Without a place the video link is the location; without an e-mail address
	// there is no attendee.
	inv.Location, inv.InviteeEmail = "", ""
	b.Reset()
	ical.Write(&b, inv, ical.Options{Host: "h"})
	u := ical.Unfold(b.String())
	if !strings.Contains(u, "\r\nLOCATION:https://video.example.nl/overleg/abc-123\r\n") || strings.Contains(u, "ATTENDEE") {
		t.Errorf("video-only invitation:\n%s", u)
	}
}

func TestEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`a,b;c\d`:      `a\,b\;c\\d`,
		"regel\r\nnog": `regel\nnog`,
		"bel\x07":      "bel",
		"Zoë":          "Zoë",
	} {
		if got := ical.Text(in); got != want {
			t.Errorf("Text(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{`Piet "P" Jansen`: "Piet P Jansen", "a:b": `"a:b"`, "Eline": "Eline"} {
		if got := ical.Param(in); got != want {
			t.Errorf("Param(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestFoldingMultibyte folds lines of two-octet characters at every offset: no
// line is longer than 75 octets and none splits a character.
func TestFoldingMultibyte(t *testing.T) {
	for n := 0; n < 4; n++ {
		inv := invite()
		inv.Location = strings.Repeat("a", n) + strings.Repeat("ë€", 60)
		var b bytes.Buffer
		if err := ical.Write(&b, inv, ical.Options{Host: "h"}); err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(b.String(), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("offset %d: line %q (%d octets)", n, l, len(l))
			}
		}
		if !strings.Contains(ical.Unfold(b.String()), "LOCATION:"+inv.Location+"\r\n") {
			t.Errorf("offset %d: location does not unfold to the original", n)
		}
	}
}
