package sqlstore

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

// The plan's events on the household timeline: every version of a goal or an
// action (kluwen.TimelinePlan), the case conferences and the escalations. They
// belong to a case, so they come only from the household's cases the actor may
// read. Within such a case a plan change follows the confidentiality of the plan
// (kluwen.ItemVisible, as FindPlanHistory does): the coordinators see every
// version; another reader sees the versions of a normal goal, of a confidential
// goal their organisation owns or has an action under, and of the actions under
// a goal they see that are normal or their organisation's own.

// caseSplit returns the condition that selects the rows of the readable cases
// (column col) of which the coordinated ones are taken whole and the others only
// under cond (with its arguments).
func (sc *timelineScope) caseSplit(col, cond string, condArgs ...any) (string, []any) {
	coordinated := map[int64]bool{}
	for _, id := range sc.coordinatedCases {
		coordinated[id] = true
	}
	var read []int64
	for _, id := range sc.readableCases {
		if !coordinated[id] {
			read = append(read, id)
		}
	}
	var parts []string
	var args []any
	if len(sc.coordinatedCases) > 0 {
		in, a := idList(sc.coordinatedCases)
		parts = append(parts, col+` IN (`+in+`)`)
		args = append(args, a...)
	}
	if len(read) > 0 {
		in, a := idList(read)
		parts = append(parts, `(`+col+` IN (`+in+`) AND `+cond+`)`)
		args = append(append(args, a...), condArgs...)
	}
	return `(` + strings.Join(parts, " OR ") + `)`, args
}

var planTimeline = timelineSource{
	kind: kluwen.TimelinePlan,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		if len(sc.readableCases) == 0 {
			return "", nil
		}
		org := tx.actorOrgID()
		visible, args := sc.caseSplit("pv.case_id", `(g.confidentiality = 'normaal' OR g.organisation_id = ?
				OR EXISTS (SELECT 1 FROM actions ga WHERE ga.goal_id = g.id AND ga.organisation_id = ?))
			AND (pv.action_id IS NULL OR a.confidentiality = 'normaal' OR a.organisation_id = ?)`, org, org, org)
		// The person: the one the goal concerns when it names one; under a filter
		// on a person, that person for the goals that concern them.
		person := `CASE WHEN (SELECT count(*) FROM goal_persons gp WHERE gp.goal_id = g.id) = 1
				THEN (SELECT min(gp.person_id) FROM goal_persons gp WHERE gp.goal_id = g.id) END`
		var personArgs []any
		if p := sc.filter.PersonID; p != 0 {
			person = `CAST(? AS BIGINT)`
			personArgs = []any{p}
		}
		q := `SELECT 'plan_change', ` + tx.localDateSQL("pv.changed_at") + `, pv.changed_at,
				pv.object || '|' || CAST(pv.version AS TEXT) || '|' || pv.changes, COALESCE(a.description, g.description),
				g.domain, COALESCE(a.organisation_id, g.organisation_id), ` + person + `, pv.case_id, 'plan_version', pv.id,
				CASE WHEN g.confidentiality = 'vertrouwelijk' OR a.confidentiality = 'vertrouwelijk' THEN 'vertrouwelijk' ELSE 'normaal' END,
				CAST(NULL AS TEXT)
			FROM plan_versions pv JOIN goals g ON g.id = pv.goal_id LEFT JOIN actions a ON a.id = pv.action_id
			WHERE ` + visible
		args = append(personArgs, args...)
		if p := sc.filter.PersonID; p != 0 {
			q += ` AND EXISTS (SELECT 1 FROM goal_persons gp WHERE gp.goal_id = g.id AND gp.person_id = ?)`
			args = append(args, p)
		}
		if d := sc.filter.LifeDomain; d != 0 {
			q += ` AND g.domain = ?`
			args = append(args, int(d))
		}
		return q, args
	},
	finish: finishPlanChange,
}

// finishPlanChange turns the raw title "object|version|changes" of a plan change
// into its Dutch title, and adds the changed fields to the summary (the goal's or
// action's description).
func finishPlanChange(it *kluwen.TimelineItem) {
	parts := strings.SplitN(it.Title, "|", 3)
	if len(parts) != 3 {
		return
	}
	object, version := parts[0], parts[1]
	var changes []kluwen.FieldChange
	_ = json.Unmarshal([]byte(parts[2]), &changes)
	noun := "Doel"
	if object == kluwen.PlanObjectAction {
		noun = "Actie"
	}
	if version == "1" {
		if object == kluwen.PlanObjectAction {
			it.Title = "Actie toegewezen"
			for _, c := range changes {
				if c.Field == "dueDate" {
					it.Summary += " (klaar op " + dutchDate(c.After) + ")"
				}
			}
		} else {
			it.Title = "Doel opgesteld"
		}
		return
	}
	it.Title = noun + " gewijzigd"
	var lines []string
	for _, c := range changes {
		if c.Field == "status" {
			it.Title = planStatusTitle(object, c.Before, c.After)
		}
		if l := planChangeLine(object, c); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) > 0 {
		it.Summary += "\n" + strings.Join(lines, "\n")
	}
}

// planStatusTitle is the title of a change of status.
func planStatusTitle(object, before, after string) string {
	if object == kluwen.PlanObjectAction {
		switch kluwen.ActionStatus(after) {
		case kluwen.ActionDone:
			return "Actie gedaan"
		case kluwen.ActionCancelled:
			return "Actie vervallen"
		case kluwen.ActionBusy:
			if kluwen.ActionStatus(before) == kluwen.ActionDone {
				return "Actie weer opgepakt"
			}
			return "Actie in uitvoering"
		case kluwen.ActionOpen:
			return "Actie heropend"
		}
		return "Actie gewijzigd"
	}
	switch kluwen.GoalStatus(after) {
	case kluwen.GoalAchieved:
		return "Doel behaald"
	case kluwen.GoalNotAchieved:
		return "Doel niet behaald"
	case kluwen.GoalCancelled:
		return "Doel vervallen"
	case kluwen.GoalOpen:
		return "Doel heropend"
	}
	return "Doel gewijzigd"
}

// planChangeLine says one changed field in plain Dutch, or "" for a field that
// is not shown (such as a reference by ID).
func planChangeLine(object string, c kluwen.FieldChange) string {
	switch c.Field {
	case "status":
		if object == kluwen.PlanObjectAction {
			return "Status: " + kluwen.ActionStatus(c.Before).Label() + " → " + kluwen.ActionStatus(c.After).Label()
		}
		return "Status: " + kluwen.GoalStatus(c.Before).Label() + " → " + kluwen.GoalStatus(c.After).Label()
	case "evaluation":
		return "Evaluatie: " + c.After
	case "description":
		return "Nieuwe omschrijving"
	case "targetDate":
		return "Streefdatum: " + dutchDate(c.Before) + " → " + dutchDate(c.After)
	case "dueDate":
		return "Klaar op: " + dutchDate(c.Before) + " → " + dutchDate(c.After)
	case "domain":
		before, _ := strconv.Atoi(c.Before)
		after, _ := strconv.Atoi(c.After)
		return "Leefgebied: " + kluwen.LifeDomain(before).Label() + " → " + kluwen.LifeDomain(after).Label()
	case "kind":
		return "Soort: " + kluwen.ActionKind(c.Before).Label() + " → " + kluwen.ActionKind(c.After).Label()
	case "confidentiality":
		return "Vertrouwelijkheid: " + kluwen.Confidentiality(c.Before).Label() + " → " + kluwen.Confidentiality(c.After).Label()
	case "organisationId":
		return "Andere partner als eigenaar"
	case "ownerUserId":
		return "Andere uitvoerder"
	case "personIds":
		return "Andere betrokkenen"
	}
	return ""
}

// dutchDate writes a date of the form 2006-01-02 as 02-01-2006.
func dutchDate(s string) string {
	d, err := kluwen.ParseDate(s)
	if err != nil {
		return s
	}
	return d.Format("02-01-2006")
}

var conferenceTimeline = timelineSource{
	kind: kluwen.TimelineConference,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		if len(sc.readableCases) == 0 || sc.filter.LifeDomain != 0 {
			return "", nil
		}
		in, args := idList(sc.readableCases)
		// The raw title says whether the conference is still to come, and where.
		return `SELECT 'conference', ` + tx.localDateSQL("cf.starts_at") + `, cf.starts_at,
				CASE WHEN cf.starts_at > ? THEN 'gepland' ELSE 'gehouden' END || '|' || cf.location, cf.minutes,
				CAST(NULL AS INTEGER), c.organisation_id, CAST(NULL AS BIGINT), cf.case_id, 'conference', cf.id, 'normaal', CAST(NULL AS TEXT)
			FROM conferences cf JOIN cases c ON c.id = cf.case_id
			WHERE cf.case_id IN (` + in + `)`, append([]any{sc.now}, args...)
	},
	finish: func(it *kluwen.TimelineItem) {
		state, location, _ := strings.Cut(it.Title, "|")
		where := " via video"
		if location != "" {
			where = " in " + location
		}
		if state == "gepland" {
			it.Title = "Casusoverleg gepland" + where
		} else {
			it.Title = "Casusoverleg" + where
		}
	},
}

var escalationTimeline = timelineSource{
	kind: kluwen.TimelineEscalation,
	query: func(tx *Tx, sc *timelineScope) (string, []any) {
		if len(sc.readableCases) == 0 || sc.filter.LifeDomain != 0 {
			return "", nil
		}
		in, args := idList(sc.readableCases)
		return `SELECT 'escalation', ` + tx.localDateSQL("e.escalated_at") + `, e.escalated_at, e.level || '|' || e.status,
				e.question || CASE WHEN e.answer <> '' THEN '
Antwoord: ' || e.answer ELSE '' END || CASE WHEN e.decision <> '' THEN '
Besluit: ' || e.decision ELSE '' END || CASE WHEN e.outcome <> '' THEN '
Uitkomst: ' || e.outcome ELSE '' END,
				CAST(NULL AS INTEGER), c.organisation_id, CAST(NULL AS BIGINT), e.case_id, 'escalation', e.id, 'normaal', CAST(NULL AS TEXT)
			FROM escalations e JOIN cases c ON c.id = e.case_id
			WHERE e.case_id IN (` + in + `)`, args
	},
	finish: func(it *kluwen.TimelineItem) {
		level, status, _ := strings.Cut(it.Title, "|")
		it.Title = "Escalatie naar " + strings.ToLower(kluwen.EscalationLevel(level).Label())
		if s := kluwen.EscalationStatus(status); s != kluwen.EscalationOpen {
			it.Title += " (" + strings.ToLower(s.Label()) + ")"
		}
	},
}
