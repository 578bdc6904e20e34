package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

var _ kluwen.TimelineService = (*DB)(nil)

// The timeline of a household is one query: a UNION ALL of one SELECT per source
// (signals, case status changes, assessments, and the plan's events), each
// restricted to the household and to what the actor may see, ordered newest
// first on (day, at, kind, ref_id) and paged with a cursor on that key. Every
// source selects the columns of timelineColumns in this order (the names come
// from the query's WITH clause, so a source needs no aliases):
//
//	kind            text     the kluwen.TimelineKind
//	day             date     the calendar date (localDateSQL for instants)
//	at              instant  when it was recorded; orders items within a day
//	title           text     raw title; the source's finish turns it into Dutch
//	summary         text
//	life_domain     integer  or NULL
//	organisation_id bigint   the organisation it comes from, or NULL
//	person_id       bigint   the member it concerns, or NULL
//	case_id         bigint   the case it belongs to, or NULL
//	ref_type        text     the object type of the item itself
//	ref_id          bigint   its ID; (kind, ref_id) is unique
//	confidentiality text     'normaal' or 'vertrouwelijk'
//	severity        text     or NULL
//
// The outer query filters on period, organisation and person and applies the
// cursor; the life-domain filter is the source's, since only it knows how its
// items relate to a domain.

// timelineColumns names the columns every source selects, in order.
const timelineColumns = `kind, day, at, title, summary, life_domain, organisation_id, person_id, case_id, ref_type, ref_id, confidentiality, severity`

// timelineScope is what a source needs to select a household's items for the
// actor.
type timelineScope struct {
	householdID int64
	facts       kluwen.HouseholdFacts
	// readableCases are the household's cases the actor may read (CaseReadBasis);
	// items that belong to a case come only from these. coordinatedCases are
	// those of them the actor coordinates (kluwen.CaseCoordinator): they see
	// every confidential item of the case.
	readableCases    []int64
	coordinatedCases []int64
	filter           kluwen.TimelineFilter
	now              time.Time // the time of the call: a conference after it is still to come
}

// timelineSource is one kind of item on the timeline.
type timelineSource struct {
	kind kluwen.TimelineKind
	// query returns one SELECT of the timeline columns with its arguments, or ""
	// when the source has no items under the scope (e.g. the filter asks for a
	// life domain its items do not have).
	query func(tx *Tx, sc *timelineScope) (string, []any)
	// finish, when set, turns the raw title and summary into the text shown.
	finish func(it *kluwen.TimelineItem)
}

// timelineSources are the parts of the timeline. The plan's events (plan
// changes, conferences, escalations) are sources of their own, in
// timeline_plan.go.
var timelineSources = []timelineSource{signalTimeline, caseStatusTimeline, assessmentTimeline, planTimeline, conferenceTimeline, escalationTimeline}

var signalTimeline = timelineSource{
	kind: kluwen.TimelineSignal,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		conf, args := tx.confidentialSQL(sc.facts, "s.confidentiality", "s.organisation_id")
		q := `SELECT 'signal', s.signal_date, s.created_at, st.label, s.description, s.life_domain, s.organisation_id, s.person_id,
				CAST(NULL AS BIGINT), 'signal', s.id, s.confidentiality, s.severity
			FROM signals s JOIN signal_types st ON st.code = s.type_code
			WHERE s.household_id = ? AND ` + conf
		args = append([]any{sc.householdID}, args...)
		if d := sc.filter.LifeDomain; d != 0 {
			q += ` AND s.life_domain = ?`
			args = append(args, int(d))
		}
		return q, args
	},
}

var caseStatusTimeline = timelineSource{
	kind: kluwen.TimelineCaseStatus,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		if len(sc.readableCases) == 0 || sc.filter.LifeDomain != 0 {
			return "", nil
		}
		in, args := idList(sc.readableCases)
		return `SELECT 'case_status', ` + tx.localDateSQL("cs.changed_at") + `, cs.changed_at, cs.to_status, cs.reason,
				CAST(NULL AS INTEGER), c.organisation_id, CAST(NULL AS BIGINT), cs.case_id, 'case_status_change', cs.id, 'normaal', CAST(NULL AS TEXT)
			FROM case_status_changes cs JOIN cases c ON c.id = cs.case_id
			WHERE cs.case_id IN (` + in + `)`, args
	},
	finish: func(it *kluwen.TimelineItem) {
		to := kluwen.CaseStatus(it.Title)
		switch to {
		case kluwen.CaseAanmelding:
			it.Title = "Casus aangemeld"
		case kluwen.CaseAfgesloten:
			it.Title = "Casus afgesloten"
		default:
			it.Title = "Casus naar fase " + to.Label()
		}
	},
}

var assessmentTimeline = timelineSource{
	kind: kluwen.TimelineAssessment,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		q := `SELECT 'assessment', a.assessed_on, a.created_at, i.name, a.note,
				CAST(NULL AS INTEGER), a.organisation_id, a.person_id, CAST(NULL AS BIGINT), 'assessment', a.id, 'normaal', CAST(NULL AS TEXT)
			FROM assessments a JOIN instruments i ON i.id = a.instrument_id
			WHERE a.household_id = ?`
		args := []any{sc.householdID}
		if d := sc.filter.LifeDomain; d != 0 {
			q += ` AND EXISTS (SELECT 1 FROM assessment_scores tsc JOIN instrument_domains tdm ON tdm.id = tsc.domain_id
				WHERE tsc.assessment_id = a.id AND tsc.score IS NOT NULL AND tdm.life_domain = ?)`
			args = append(args, int(d))
		}
		return q, args
	},
	finish: func(it *kluwen.TimelineItem) {
		it.Title = "Meting " + it.Title
	},
}

// timelineCursor is the key of the last item on a page.
type timelineCursor struct {
	day   string
	at    time.Time
	kind  string
	refID int64
}

func (c timelineCursor) encode() string {
	s := strings.Join([]string{c.day, c.at.UTC().Format(time.RFC3339Nano), c.kind, strconv.FormatInt(c.refID, 10)}, "|")
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func decodeTimelineCursor(s string) (timelineCursor, bool) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return timelineCursor{}, false
	}
	parts := strings.Split(string(b), "|")
	if len(parts) != 4 {
		return timelineCursor{}, false
	}
	var c timelineCursor
	day, err1 := kluwen.ParseDate(parts[0])
	at, err2 := time.Parse(time.RFC3339Nano, parts[1])
	id, err3 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || !kluwen.TimelineKind(parts[2]).Valid() {
		return timelineCursor{}, false
	}
	c.day, c.at, c.kind, c.refID = dateArg(day), at, parts[2], id
	return c, true
}

// validateTimelineFilter checks f and returns the decoded cursor, if any.
func validateTimelineFilter(f *kluwen.TimelineFilter) (*timelineCursor, error) {
	var v kluwen.Validator
	for _, k := range f.Kinds {
		if !k.Valid() {
			v.Add("kinds", "Kies soorten uit de lijst.")
			break
		}
	}
	v.Check(f.LifeDomain == 0 || f.LifeDomain.Valid(), "lifeDomain", "Kies een leefgebied uit de lijst.")
	if f.From != nil && f.To != nil && f.To.Before(*f.From) {
		v.Add("to", "De einddatum ligt voor de begindatum.")
	}
	var cur *timelineCursor
	if f.Cursor != "" {
		if c, ok := decodeTimelineCursor(f.Cursor); ok {
			cur = &c
		} else {
			v.Add("cursor", "Deze vervolgpagina bestaat niet. Begin opnieuw bij de eerste pagina.")
		}
	}
	return cur, v.Err()
}

// HouseholdTimeline returns a page of the timeline of a household the actor may
// read: signals (without the confidential ones the actor may not see), status
// changes of the household's cases the actor may read, assessments, and the
// plan's events, newest first. The read is logged as household.timeline with the
// household and the persons and cases on the page.
func (db *DB) HouseholdTimeline(ctx context.Context, householdID int64, f kluwen.TimelineFilter) (*kluwen.TimelinePage, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	page := &kluwen.TimelinePage{Items: []*kluwen.TimelineItem{}}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "household.timeline", kluwen.AuditRead,
			kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: householdID}); err != nil {
			return err
		}
		cur, err := validateTimelineFilter(&f)
		if err != nil {
			return err
		}
		facts, basis, err := tx.householdAccess(ctx, householdID, "household.timeline", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		limit := searchPageSize(f.Limit)
		if page.Items, page.NextCursor, err = tx.timeline(ctx, householdID, facts, f, cur, limit); err != nil {
			return err
		}
		objs := objectSet{}
		objs.add(kluwen.ObjectHousehold, householdID)
		for _, it := range page.Items {
			if it.PersonID != 0 {
				objs.add(kluwen.ObjectPerson, it.PersonID)
			}
		}
		for _, it := range page.Items {
			if it.CaseID != 0 {
				objs.add(kluwen.ObjectCase, it.CaseID)
			}
		}
		tx.log("household.timeline", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// timeline runs the timeline query for a household the actor may read (facts).
func (tx *Tx) timeline(ctx context.Context, householdID int64, facts kluwen.HouseholdFacts, f kluwen.TimelineFilter, cur *timelineCursor, limit int) ([]*kluwen.TimelineItem, string, error) {
	sc := &timelineScope{householdID: householdID, facts: facts, filter: f, now: tx.now}
	for _, c := range facts.Cases {
		if _, ok := kluwen.CaseReadBasis(tx.actor, c); ok {
			sc.readableCases = append(sc.readableCases, c.CaseID)
			if kluwen.CaseCoordinator(tx.actor, c) {
				sc.coordinatedCases = append(sc.coordinatedCases, c.CaseID)
			}
		}
	}
	wanted := func(k kluwen.TimelineKind) bool {
		if len(f.Kinds) == 0 {
			return true
		}
		for _, x := range f.Kinds {
			if x == k {
				return true
			}
		}
		return false
	}
	var parts []string
	var args []any
	finish := map[string]func(*kluwen.TimelineItem){}
	for _, src := range timelineSources {
		if !wanted(src.kind) {
			continue
		}
		q, a := src.query(tx, sc)
		if q == "" {
			continue
		}
		parts = append(parts, q)
		args = append(args, a...)
		finish[string(src.kind)] = src.finish
	}
	if len(parts) == 0 {
		return []*kluwen.TimelineItem{}, "", nil
	}
	var w whereClause
	if f.From != nil {
		w.add(`t.day >= ?`, dateArg(*f.From))
	}
	if f.To != nil {
		w.add(`t.day <= ?`, dateArg(*f.To))
	}
	if f.OrganisationID != 0 {
		w.add(`t.organisation_id = ?`, f.OrganisationID)
	}
	if f.PersonID != 0 {
		w.add(`t.person_id = ?`, f.PersonID)
	}
	if cur != nil {
		w.add(`(t.day < ? OR (t.day = ? AND (t.at < ? OR (t.at = ? AND (t.kind < ? OR (t.kind = ? AND t.ref_id < ?))))))`,
			cur.day, cur.day, cur.at, cur.at, cur.kind, cur.kind, cur.refID)
	}
	q := `WITH t (` + timelineColumns + `) AS (` + strings.Join(parts, "\nUNION ALL\n") + `)
		SELECT t.kind, t.day, t.at, t.title, t.summary, t.life_domain, t.organisation_id, o.name, t.person_id, t.case_id,
			t.ref_type, t.ref_id, t.confidentiality, t.severity
		FROM t LEFT JOIN organisations o ON o.id = t.organisation_id
		WHERE ` + w.String() + `
		ORDER BY t.day DESC, t.at DESC, t.kind DESC, t.ref_id DESC LIMIT ?`
	args = append(args, w.args...)
	args = append(args, limit+1)
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("timeline: %w", err)
	}
	defer rows.Close()
	items := []*kluwen.TimelineItem{}
	for rows.Next() {
		it := &kluwen.TimelineItem{}
		var kind, conf string
		var domain sql.NullInt64
		var org, person, caseID sql.NullInt64
		var orgName, summary, severity sql.NullString
		if err := rows.Scan(&kind, timeScan{&it.Date}, timeScan{&it.At}, &it.Title, &summary, &domain, &org, &orgName, &person, &caseID,
			&it.Ref.Type, &it.Ref.ID, &conf, &severity); err != nil {
			return nil, "", err
		}
		it.Kind = kluwen.TimelineKind(kind)
		it.Summary = summary.String
		it.LifeDomain = kluwen.LifeDomain(domain.Int64)
		it.OrganisationID, it.OrganisationName = org.Int64, orgName.String
		it.PersonID, it.CaseID = person.Int64, caseID.Int64
		it.Confidential = kluwen.Confidentiality(conf) == kluwen.Confidential
		it.Severity = kluwen.Severity(severity.String)
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		next = timelineCursor{day: dateArg(last.Date), at: last.At, kind: string(last.Kind), refID: last.Ref.ID}.encode()
	}
	for _, it := range items {
		if fn := finish[string(it.Kind)]; fn != nil {
			fn(it)
		}
	}
	return items, next, nil
}
