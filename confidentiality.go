package kluwen

// Confidentiality says who may see an item of a household. A normal item is seen
// by everyone who may read the household; a confidential one only by the author's
// organisation and the regisseurs of the household's cases (ConfidentialReadBasis).
type Confidentiality string

// The confidentiality levels.
const (
	Normal       Confidentiality = "normaal"
	Confidential Confidentiality = "vertrouwelijk"
)

// Valid reports whether c is a known level.
func (c Confidentiality) Valid() bool { return c == Normal || c == Confidential }

// Label is the Dutch name of the level.
func (c Confidentiality) Label() string {
	switch c {
	case Normal:
		return "Normaal"
	case Confidential:
		return "Vertrouwelijk"
	}
	return string(c)
}
