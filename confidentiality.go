package kluwen

// Confidentiality says who sees an item of a case: normal items every reader of
// the case, confidential ones only the organisation the item belongs to and the
// case's coordinators.
type Confidentiality string

// The confidentiality levels.
const (
	ConfNormal       Confidentiality = "normaal"
	ConfConfidential Confidentiality = "vertrouwelijk"
)

// Confidentialities lists the levels.
var Confidentialities = []Confidentiality{ConfNormal, ConfConfidential}

// Valid reports whether c is a known level.
func (c Confidentiality) Valid() bool { return c == ConfNormal || c == ConfConfidential }

// Label is the Dutch name of the level.
func (c Confidentiality) Label() string {
	switch c {
	case ConfNormal:
		return "Normaal"
	case ConfConfidential:
		return "Vertrouwelijk"
	}
	return string(c)
}
