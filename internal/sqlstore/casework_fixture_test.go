package sqlstore_test

import (
	"slices"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
)

// cwWorld is the matrix world (see newMatrixWorld) with a youth-care partner
// involved in the case beside the police, and a regisseur at the police, so that
// confidential items of one partner can be tested against another partner, a
// partner's regisseur and the case's own regisseurs.
type cwWorld struct {
	*matrixWorld
	youth int64
}

// cwActors are the actors of the confidentiality matrix, in order.
var cwActors = []string{
	"regisseur-of-case", "regisseur-same-org", "regisseur-other-org", "regisseur-police",
	"professional-involved", "professional-youth", "professional-ended", "professional-uninvolved", "analyst",
}

func newCaseworkWorld(t *testing.T, db *sqlstore.DB) *cwWorld {
	t.Helper()
	w := &cwWorld{matrixWorld: newMatrixWorld(t, db)}
	w.youth = hhOrg(t, db, "Jeugdzorg Kluwendam", kluwen.SectorJeugd)
	w.actors["professional-youth"] = hhUser(t, db, "jeugdhulp", w.youth, kluwen.RoleProfessional)
	w.actors["regisseur-police"] = hhUser(t, db, "politie.regie", w.police, kluwen.RoleRegisseur)
	hhInvolve(t, db, w.caseID, w.youth, hhDays(-60), nil)
	return w
}

// cwSignal records a signal as the actor and returns it.
func cwSignal(t *testing.T, db *sqlstore.DB, a *kluwen.Actor, household int64, person *int64, typ string, date time.Time, conf kluwen.Confidentiality) *kluwen.Signal {
	t.Helper()
	s := &kluwen.Signal{HouseholdID: household, PersonID: person, TypeCode: typ, Date: date, Severity: kluwen.SeverityMedium,
		Description: "Melding over " + typ, Confidentiality: conf}
	if err := db.CreateSignal(hhAs(a), s); err != nil {
		t.Fatalf("create signal %s as %s: %v", typ, a.Username, err)
	}
	return s
}

// cwAssess records an assessment as the actor; scores maps domain codes to scores.
func cwAssess(t *testing.T, db *sqlstore.DB, a *kluwen.Actor, household, person int64, date time.Time, scores map[string]int) *kluwen.Assessment {
	t.Helper()
	as := &kluwen.Assessment{HouseholdID: household, PersonID: person, Date: date}
	for _, d := range kluwen.LifeDomains { // a stable order
		if s, ok := scores[d.Code()]; ok {
			as.Scores = append(as.Scores, &kluwen.AssessmentScore{DomainCode: d.Code(), Score: s})
		}
	}
	if err := db.CreateAssessment(hhAs(a), as); err != nil {
		t.Fatalf("create assessment as %s: %v", a.Username, err)
	}
	return as
}

// sortedIDs returns the IDs sorted.
func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}
