package sqlstore

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kluwen/kluwen"
)

// These cases cannot be made in the databases, whose primary key keeps positions
// unique; the verifier handles them all the same.

func testChain(key []byte, n int) []*kluwen.AccessLogEntry {
	var out []*kluwen.AccessLogEntry
	prev := ""
	for i := 1; i <= n; i++ {
		e := &kluwen.AccessLogEntry{Position: int64(i), OccurredAt: time.Date(2026, 3, 1, 9, 0, i, 0, time.UTC), EventType: "person.read",
			Action: kluwen.AuditRead, Outcome: kluwen.OutcomeSuccess, UserID: 1, Role: kluwen.RoleRegisseur,
			Objects: []kluwen.ObjectRef{{Type: kluwen.ObjectPerson, ID: int64(i)}}, PrevHash: prev}
		e.Hash = kluwen.HashEntry(key, prev, e)
		prev = e.Hash
		out = append(out, e)
	}
	return out
}

func TestVerifierDuplicatePositions(t *testing.T) {
	key := []byte("key")
	chain := testChain(key, 4)
	forged := *chain[1]
	forged.Basis = "vervalst"
	forged.Hash = kluwen.HashEntry([]byte("other key"), forged.PrevHash, &forged)
	copied := *chain[2]
	for _, tc := range []struct {
		name  string
		extra *kluwen.AccessLogEntry
		after int
		want  string
	}{
		{"forged duplicate", &forged, 2, "inserted 2"},
		{"copied duplicate", &copied, 3, "inserted 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := &verifier{key: key, headPos: 4, headHash: chain[3].Hash}
			for i, e := range chain {
				v.add(e, "")
				if i+1 == tc.after {
					v.add(tc.extra, "")
				}
			}
			res := v.finish()
			var got []string
			for _, p := range res.Problems {
				got = append(got, fmt.Sprintf("%s %d", p.Kind, p.Position))
			}
			if strings.Join(got, ", ") != tc.want || res.Entries != 5 {
				t.Errorf("problems %v over %d entries, want %s over 5", res.Problems, res.Entries, tc.want)
			}
		})
	}
}

func TestVerifierBoundsProblems(t *testing.T) {
	chain := testChain([]byte("key"), maxAuditProblems+5)
	v := &verifier{key: []byte("another key"), headPos: int64(len(chain)), headHash: chain[len(chain)-1].Hash}
	for _, e := range chain {
		v.add(e, "")
	}
	res := v.finish()
	if len(res.Problems) != maxAuditProblems {
		t.Fatalf("%d problems, want %d", len(res.Problems), maxAuditProblems)
	}
	if last := res.Problems[len(res.Problems)-1]; !strings.Contains(last.Detail, "en nog 5 problemen") {
		t.Errorf("last detail %q does not say how many were left out", last.Detail)
	}
}
