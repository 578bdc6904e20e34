package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kluwen/kluwen"
)

// This file holds the case conferences: scheduling with invitees and agenda,
// the invitation for one invitee, attendance, minutes and decisions, a decision
// turned into a plan action in one step, and the open decisions carried to the
// following conferences. The coordinators run the conferences; readers of the
// case read them; a closed case's conferences are read-only.

var _ kluwen.ConferenceService = (*DB)(nil)

const conferenceColumns = `f.id, f.case_id, f.starts_at, f.duration_minutes, f.location, f.video_url, f.minutes, f.sequence, f.created_by, f.created_at, f.updated_at`

func scanConference(sc rowScanner) (*kluwen.Conference, error) {
	c := &kluwen.Conference{}
	var by sql.NullInt64
	if err := sc.Scan(&c.ID, &c.CaseID, timeScan{&c.StartsAt}, &c.DurationMinutes, &c.Location, &c.VideoURL, &c.Minutes, &c.Sequence,
		&by, timeScan{&c.CreatedAt}, timeScan{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	c.CreatedBy = by.Int64
	c.Agenda, c.Invitees, c.Present = []string{}, []*kluwen.ConferenceInvitee{}, []int64{}
	c.Decisions, c.Carried = []*kluwen.Decision{}, []*kluwen.Decision{}
	return c, nil
}

const decisionColumns = `d.id, d.conference_id, d.case_id, d.text, d.status, (SELECT a.id FROM actions a WHERE a.decision_id = d.id), d.resolved_at, d.created_by, d.created_at`

func scanDecision(sc rowScanner) (*kluwen.Decision, error) {
	d := &kluwen.Decision{}
	var status string
	var action, by sql.NullInt64
	if err := sc.Scan(&d.ID, &d.ConferenceID, &d.CaseID, &d.Text, &status, &action, nullTimeScan{&d.ResolvedAt}, &by, timeScan{&d.CreatedAt}); err != nil {
		return nil, err
	}
	d.Status, d.CreatedBy = kluwen.DecisionStatus(status), by.Int64
	if action.Valid {
		id := action.Int64
		d.ActionID = &id
	}
	return d, nil
}

// queryDecisions reads the decisions matching where (aliases d, and f for their
// conference).
func (tx *Tx) queryDecisions(ctx context.Context, where string, args ...any) ([]*kluwen.Decision, error) {
	rows, err := tx.query(ctx, `SELECT `+decisionColumns+` FROM conference_decisions d JOIN conferences f ON f.id = d.conference_id
		WHERE `+where+` ORDER BY f.starts_at, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*kluwen.Decision{}
	for rows.Next() {
		d, err := scanDecision(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// loadDecision reads one decision; ENOTFOUND when there is none.
func (tx *Tx) loadDecision(ctx context.Context, id int64) (*kluwen.Decision, error) {
	ds, err := tx.queryDecisions(ctx, `d.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, notFound("Het besluit")
	}
	return ds[0], nil
}

// loadConference reads a conference with its agenda, invitees, attendance,
// decisions and the open decisions carried to it, without any check.
func (tx *Tx) loadConference(ctx context.Context, id int64) (*kluwen.Conference, error) {
	c, err := scanConference(tx.queryRow(ctx, `SELECT `+conferenceColumns+` FROM conferences f WHERE f.id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("Het overleg")
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT text FROM conference_agenda_items WHERE conference_id = ? ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var item string
		if err := rows.Scan(&item); err != nil {
			rows.Close()
			return nil, err
		}
		c.Agenda = append(c.Agenda, item)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if c.Invitees, err = tx.queryInvitees(ctx, id); err != nil {
		return nil, err
	}
	prows, err := tx.query(ctx, `SELECT user_id FROM conference_attendance WHERE conference_id = ? ORDER BY user_id`, id)
	if err != nil {
		return nil, err
	}
	for prows.Next() {
		var u int64
		if err := prows.Scan(&u); err != nil {
			prows.Close()
			return nil, err
		}
		c.Present = append(c.Present, u)
	}
	prows.Close()
	if err := prows.Err(); err != nil {
		return nil, err
	}
	if c.Decisions, err = tx.queryDecisions(ctx, `d.conference_id = ?`, id); err != nil {
		return nil, err
	}
	// Carried: decisions of earlier conferences of the case that were still open
	// when this one started (and so are still open for one to come).
	if c.Carried, err = tx.queryDecisions(ctx, `d.case_id = ? AND f.starts_at < ? AND d.conference_id <> ? AND (d.resolved_at IS NULL OR d.resolved_at >= ?)`,
		c.CaseID, c.StartsAt, id, c.StartsAt); err != nil {
		return nil, err
	}
	return c, nil
}

// loadCaseConferences reads every conference of a case as loadConference does,
// by start, in a fixed number of queries: the agenda items, invitees,
// attendance and decisions of all of them at once, the carried decisions worked
// out from the case's decisions.
func (tx *Tx) loadCaseConferences(ctx context.Context, caseID int64) ([]*kluwen.Conference, error) {
	out := []*kluwen.Conference{}
	rows, err := tx.query(ctx, `SELECT `+conferenceColumns+` FROM conferences f WHERE f.case_id = ? ORDER BY f.starts_at, f.id`, caseID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*kluwen.Conference{}
	for rows.Next() {
		c, err := scanConference(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
		byID[c.ID] = c
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// each runs q on the case's conferences and scans every row.
	each := func(q string, scan func(rows *sql.Rows) error) error {
		rows, err := tx.query(ctx, q, caseID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	if err := each(`SELECT a.conference_id, a.text FROM conference_agenda_items a JOIN conferences f ON f.id = a.conference_id
		WHERE f.case_id = ? ORDER BY a.conference_id, a.position`, func(rows *sql.Rows) error {
		var id int64
		var item string
		if err := rows.Scan(&id, &item); err != nil {
			return err
		}
		byID[id].Agenda = append(byID[id].Agenda, item)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT i.conference_id, i.organisation_id, i.user_id, o.name, COALESCE(u.display_name, '')
		FROM conference_invitees i JOIN conferences f ON f.id = i.conference_id JOIN organisations o ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.user_id
		WHERE f.case_id = ? ORDER BY i.id`, func(rows *sql.Rows) error {
		var id int64
		iv := &kluwen.ConferenceInvitee{}
		var user sql.NullInt64
		if err := rows.Scan(&id, &iv.OrganisationID, &user, &iv.OrganisationName, &iv.UserName); err != nil {
			return err
		}
		if user.Valid {
			u := user.Int64
			iv.UserID = &u
		}
		byID[id].Invitees = append(byID[id].Invitees, iv)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := each(`SELECT p.conference_id, p.user_id FROM conference_attendance p JOIN conferences f ON f.id = p.conference_id
		WHERE f.case_id = ? ORDER BY p.conference_id, p.user_id`, func(rows *sql.Rows) error {
		var id, u int64
		if err := rows.Scan(&id, &u); err != nil {
			return err
		}
		byID[id].Present = append(byID[id].Present, u)
		return nil
	}); err != nil {
		return nil, err
	}
	decisions, err := tx.queryDecisions(ctx, `d.case_id = ?`, caseID)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		if c := byID[d.ConferenceID]; c != nil {
			c.Decisions = append(c.Decisions, d)
		}
	}
	// Carried to c: decisions of earlier conferences still open when c started.
	for _, c := range out {
		for _, d := range decisions {
			from := byID[d.ConferenceID]
			if from == nil || from.ID == c.ID || !from.StartsAt.Before(c.StartsAt) || (d.ResolvedAt != nil && d.ResolvedAt.Before(c.StartsAt)) {
				continue
			}
			carried := *d
			c.Carried = append(c.Carried, &carried)
		}
	}
	return out, nil
}

func (tx *Tx) queryInvitees(ctx context.Context, conferenceID int64) ([]*kluwen.ConferenceInvitee, error) {
	rows, err := tx.query(ctx, `SELECT i.organisation_id, i.user_id, o.name, COALESCE(u.display_name, '')
		FROM conference_invitees i JOIN organisations o ON o.id = i.organisation_id LEFT JOIN users u ON u.id = i.user_id
		WHERE i.conference_id = ? ORDER BY i.id`, conferenceID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*kluwen.ConferenceInvitee{}
	for rows.Next() {
		iv := &kluwen.ConferenceInvitee{}
		var user sql.NullInt64
		if err := rows.Scan(&iv.OrganisationID, &user, &iv.OrganisationName, &iv.UserName); err != nil {
			return nil, err
		}
		if user.Valid {
			id := user.Int64
			iv.UserID = &id
		}
		out = append(out, iv)
	}
	return out, rows.Err()
}

// invited reports whether the user (of organisation org) is invited to the
// conference: in person, or through their organisation.
func invited(c *kluwen.Conference, userID, org int64) bool {
	return slices.ContainsFunc(c.Invitees, func(iv *kluwen.ConferenceInvitee) bool {
		if iv.UserID != nil {
			return *iv.UserID == userID
		}
		return iv.OrganisationID == org
	})
}

// checkInvitees adds a field error "invitees" unless every invitee is the case's
// organisation or a partner involved today, and every invited user an active
// regisseur or professional of it. It drops duplicates and invitees already in
// have.
func (tx *Tx) checkInvitees(ctx context.Context, v *kluwen.Validator, f kluwen.CaseFacts, invitees []*kluwen.ConferenceInvitee, have []*kluwen.ConferenceInvitee) ([]*kluwen.ConferenceInvitee, error) {
	var out []*kluwen.ConferenceInvitee
	same := func(a, b *kluwen.ConferenceInvitee) bool {
		if (a.UserID == nil) != (b.UserID == nil) {
			return false
		}
		if a.UserID != nil {
			return *a.UserID == *b.UserID
		}
		return a.OrganisationID == b.OrganisationID
	}
	today := dateArg(tx.today)
	for _, iv := range invitees {
		if iv == nil || iv.OrganisationID <= 0 {
			v.Add("invitees", "Kies voor elke genodigde een organisatie.")
			return nil, nil
		}
		if slices.ContainsFunc(have, func(x *kluwen.ConferenceInvitee) bool { return same(x, iv) }) ||
			slices.ContainsFunc(out, func(x *kluwen.ConferenceInvitee) bool { return same(x, iv) }) {
			continue
		}
		if iv.OrganisationID != f.OrganisationID {
			var n int
			if err := tx.queryRow(ctx, `SELECT count(*) FROM involvements WHERE case_id = ? AND organisation_id = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)`,
				f.CaseID, iv.OrganisationID, today, today).Scan(&n); err != nil {
				return nil, err
			}
			if n == 0 {
				v.Add("invitees", "Nodig alleen organisaties uit die nu bij de casus betrokken zijn.")
				return nil, nil
			}
		}
		if iv.UserID != nil {
			var org int64
			var role string
			var disabled bool
			err := tx.queryRow(ctx, `SELECT organisation_id, role, disabled FROM users WHERE id = ?`, *iv.UserID).Scan(&org, &role, &disabled)
			if err != nil && !isNoRows(err) {
				return nil, err
			}
			r := kluwen.Role(role)
			if err != nil || org != iv.OrganisationID || disabled || (r != kluwen.RoleRegisseur && r != kluwen.RoleProfessional) {
				v.Add("invitees", "Nodig alleen actieve medewerkers uit van de gekozen organisatie.")
				return nil, nil
			}
		}
		out = append(out, iv)
	}
	return out, nil
}

// insertInvitees writes new invitees and notifies them: an invited user in
// person; an invited organisation through the contact of its involvement, or
// else every active regisseur and professional of it.
func (tx *Tx) insertInvitees(ctx context.Context, c *kluwen.Conference, invitees []*kluwen.ConferenceInvitee) error {
	notified := map[int64]bool{}
	for _, iv := range invitees {
		var user any
		if iv.UserID != nil {
			user = *iv.UserID
		}
		if _, err := tx.exec(ctx, `INSERT INTO conference_invitees (conference_id, organisation_id, user_id) VALUES (?, ?, ?)`, c.ID, iv.OrganisationID, user); err != nil {
			return err
		}
		var users []int64
		if iv.UserID != nil {
			users = []int64{*iv.UserID}
		} else {
			var err error
			if users, err = tx.organisationRecipients(ctx, c.CaseID, iv.OrganisationID); err != nil {
				return err
			}
		}
		at := c.StartsAt.In(amsterdam)
		for _, u := range users {
			if notified[u] {
				continue
			}
			notified[u] = true
			if err := tx.sendNotification(ctx, u, NotifyConferenceInvitation,
				fmt.Sprintf("U bent uitgenodigd voor een casusoverleg op %s om %s (casus %d).", at.Format("02-01-2006"), at.Format("15:04"), c.CaseID),
				fmt.Sprintf("/casussen/%d/overleggen/%d", c.CaseID, c.ID)); err != nil {
				return err
			}
		}
	}
	return nil
}

// organisationRecipients is who hears of an invitation to an organisation: the
// contact of its involvement in the case, or else its active regisseurs and
// professionals.
func (tx *Tx) organisationRecipients(ctx context.Context, caseID, org int64) ([]int64, error) {
	today := dateArg(tx.today)
	var contact sql.NullInt64
	err := tx.queryRow(ctx, `SELECT contact_user_id FROM involvements WHERE case_id = ? AND organisation_id = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)
		ORDER BY from_date, id LIMIT 1`, caseID, org, today, today).Scan(&contact)
	if err != nil && !isNoRows(err) {
		return nil, err
	}
	if contact.Valid {
		return []int64{contact.Int64}, nil
	}
	rows, err := tx.query(ctx, `SELECT id FROM users WHERE organisation_id = ? AND disabled = ? AND role IN ('regisseur', 'professional') ORDER BY id`, org, false)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

func (tx *Tx) writeAgenda(ctx context.Context, id int64, agenda []string) error {
	if _, err := tx.exec(ctx, `DELETE FROM conference_agenda_items WHERE conference_id = ?`, id); err != nil {
		return err
	}
	for i, item := range agenda {
		if _, err := tx.exec(ctx, `INSERT INTO conference_agenda_items (conference_id, position, text) VALUES (?, ?, ?)`, id, i+1, item); err != nil {
			return err
		}
	}
	return nil
}

// ScheduleConference plans a conference of a case the actor coordinates with its
// agenda and invitees (the case's organisation or partners involved today), and
// notifies the invitees. The case's regisseur is always invited.
func (db *DB) ScheduleConference(ctx context.Context, c *kluwen.Conference) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		f, basis, err := tx.caseWriteAccess(ctx, c.CaseID, "conference.create", kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, c.Validate()); err != nil {
			return err
		}
		regisseur := f.RegisseurID
		invitees := append([]*kluwen.ConferenceInvitee{{OrganisationID: f.OrganisationID, UserID: &regisseur}}, c.Invitees...)
		if !v.Has("invitees") {
			if invitees, err = tx.checkInvitees(ctx, &v, f, invitees, nil); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		c.Minutes, c.Sequence, c.CreatedBy, c.CreatedAt, c.UpdatedAt = "", 0, tx.actor.UserID, tx.now, tx.now
		if c.ID, err = tx.insert(ctx, `INSERT INTO conferences (case_id, starts_at, duration_minutes, location, video_url, minutes, sequence, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, '', 0, ?, ?, ?) RETURNING id`,
			c.CaseID, c.StartsAt, c.DurationMinutes, c.Location, c.VideoURL, tx.nullableUserID(), tx.now, tx.now); err != nil {
			return err
		}
		if err := tx.writeAgenda(ctx, c.ID, c.Agenda); err != nil {
			return err
		}
		if err := tx.insertInvitees(ctx, c, invitees); err != nil {
			return err
		}
		saved, err := tx.loadConference(ctx, c.ID)
		if err != nil {
			return err
		}
		*c = *saved
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.create", kluwen.AuditCreate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
}

// conferenceForWrite loads a conference and checks that the actor coordinates its
// open case; a conference of a case the actor may not read is ENOTFOUND.
func (tx *Tx) conferenceForWrite(ctx context.Context, id int64, eventType string, action kluwen.AuditAction) (*kluwen.Conference, kluwen.CaseFacts, string, error) {
	c, err := tx.loadConference(ctx, id)
	if err != nil {
		return nil, kluwen.CaseFacts{}, "", err
	}
	f, basis, err := tx.caseWriteAccess(ctx, c.CaseID, eventType, action, 0)
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			err = notFound("Het overleg")
		}
		return nil, f, "", err
	}
	return c, f, basis, nil
}

// UpdateConference moves a conference or changes its place or agenda. A change
// of time or place raises its sequence, so calendars replace the old invitation.
func (db *DB) UpdateConference(ctx context.Context, id int64, u kluwen.ConferenceUpdate) (*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if c, _, basis, err = tx.conferenceForWrite(ctx, id, "conference.update", kluwen.AuditUpdate); err != nil {
			return err
		}
		moved := false
		if u.StartsAt != nil && !u.StartsAt.Equal(c.StartsAt) {
			c.StartsAt, moved = *u.StartsAt, true
		}
		if u.DurationMinutes != nil && *u.DurationMinutes != c.DurationMinutes {
			c.DurationMinutes, moved = *u.DurationMinutes, true
		}
		if u.Location != nil && strings.TrimSpace(*u.Location) != c.Location {
			c.Location, moved = *u.Location, true
		}
		if u.VideoURL != nil && strings.TrimSpace(*u.VideoURL) != c.VideoURL {
			c.VideoURL, moved = *u.VideoURL, true
		}
		if u.Agenda != nil {
			c.Agenda = slices.Clone(*u.Agenda)
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if moved {
			c.Sequence++
		}
		if _, err := tx.exec(ctx, `UPDATE conferences SET starts_at = ?, duration_minutes = ?, location = ?, video_url = ?, sequence = ?, updated_at = ? WHERE id = ?`,
			c.StartsAt, c.DurationMinutes, c.Location, c.VideoURL, c.Sequence, tx.now, id); err != nil {
			return err
		}
		if u.Agenda != nil {
			if err := tx.writeAgenda(ctx, id, c.Agenda); err != nil {
				return err
			}
		}
		if c, err = tx.loadConference(ctx, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.update", kluwen.AuditUpdate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// InviteToConference adds invitees to a conference and notifies them; those
// already invited are skipped.
func (db *DB) InviteToConference(ctx context.Context, id int64, invitees []*kluwen.ConferenceInvitee) (*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		c0, f, basis, err := tx.conferenceForWrite(ctx, id, "conference.update", kluwen.AuditUpdate)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		added, err := tx.checkInvitees(ctx, &v, f, invitees, c0.Invitees)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.insertInvitees(ctx, c0, added); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE conferences SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		if c, err = tx.loadConference(ctx, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.update", kluwen.AuditUpdate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// conferenceForRead loads a conference of a case the actor may read.
func (tx *Tx) conferenceForRead(ctx context.Context, id int64, eventType string, action kluwen.AuditAction) (*kluwen.Conference, kluwen.CaseFacts, string, error) {
	c, err := tx.loadConference(ctx, id)
	if err != nil {
		return nil, kluwen.CaseFacts{}, "", err
	}
	f, basis, err := tx.caseAccess(ctx, c.CaseID, eventType, action, false)
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			err = notFound("Het overleg")
		}
		return nil, f, "", err
	}
	return c, f, basis, nil
}

// FindConferenceByID returns a conference of a case the actor may read, with the
// open decisions carried to it from earlier conferences.
func (db *DB) FindConferenceByID(ctx context.Context, id int64) (*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if c, _, basis, err = tx.conferenceForRead(ctx, id, "conference.read", kluwen.AuditRead); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.read", kluwen.AuditRead, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// FindConferences returns the conferences of a case the actor may read, by start.
func (db *DB) FindConferences(ctx context.Context, caseID int64) ([]*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.caseAccess(ctx, caseID, "conference.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		if out, err = tx.loadCaseConferences(ctx, caseID); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, caseID)
		if err != nil {
			return err
		}
		tx.log("conference.read", kluwen.AuditRead, basis, caseObjects(caseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ConferenceInvite returns the invitation of a conference for the actor, who is
// invited (in person or through their organisation) or coordinates the case. It
// carries no personal data of the household; handing it out is logged as an
// export.
func (db *DB) ConferenceInvite(ctx context.Context, id int64) (*kluwen.ConferenceInvite, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var inv *kluwen.ConferenceInvite
	err := db.update(ctx, func(tx *Tx) error {
		const event = "conference.invite"
		c, f, basis, err := tx.conferenceForRead(ctx, id, event, kluwen.AuditExport)
		if err != nil {
			return err
		}
		if !kluwen.CaseCoordinator(tx.actor, f) && !invited(c, tx.actor.UserID, tx.actor.OrganisationID) {
			tx.refuse(event, kluwen.AuditExport, "niet uitgenodigd", kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: c.CaseID})
			return kluwen.Errorf(kluwen.EFORBIDDEN, "U bent niet uitgenodigd voor dit overleg.")
		}
		inv = &kluwen.ConferenceInvite{ConferenceID: c.ID, CaseID: c.CaseID, StartsAt: c.StartsAt, DurationMinutes: c.DurationMinutes,
			Location: c.Location, VideoURL: c.VideoURL, Sequence: c.Sequence, UpdatedAt: c.UpdatedAt}
		if tx.actor.UserID != 0 {
			if err := tx.queryRow(ctx, `SELECT display_name, email FROM users WHERE id = ?`, tx.actor.UserID).Scan(&inv.InviteeName, &inv.InviteeEmail); err != nil && !isNoRows(err) {
				return err
			}
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log(event, kluwen.AuditExport, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// SetAttendance records who was present at a conference: only invitees (in person
// or through their organisation) may be; anyone else is EINVALID on "attendees".
func (db *DB) SetAttendance(ctx context.Context, id int64, present []int64) (*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if c, _, basis, err = tx.conferenceForWrite(ctx, id, "conference.attendance", kluwen.AuditUpdate); err != nil {
			return err
		}
		present = slices.Clone(present)
		slices.Sort(present)
		present = slices.Compact(present)
		var v kluwen.Validator
		for _, u := range present {
			var org int64
			var name string
			err := tx.queryRow(ctx, `SELECT organisation_id, display_name FROM users WHERE id = ?`, u).Scan(&org, &name)
			if isNoRows(err) {
				v.Add("attendees", fmt.Sprintf("Gebruiker %d bestaat niet.", u))
				continue
			}
			if err != nil {
				return err
			}
			if !invited(c, u, org) {
				v.Add("attendees", fmt.Sprintf("%s is niet uitgenodigd voor dit overleg. Alleen genodigden kunnen aanwezig worden gemeld.", name))
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM conference_attendance WHERE conference_id = ?`, id); err != nil {
			return err
		}
		for _, u := range present {
			if _, err := tx.exec(ctx, `INSERT INTO conference_attendance (conference_id, user_id) VALUES (?, ?)`, id, u); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `UPDATE conferences SET updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		if c, err = tx.loadConference(ctx, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.attendance", kluwen.AuditUpdate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// SetMinutes records the minutes of a conference.
func (db *DB) SetMinutes(ctx context.Context, id int64, minutes string) (*kluwen.Conference, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var c *kluwen.Conference
	err := db.update(ctx, func(tx *Tx) error {
		var basis string
		var err error
		if c, _, basis, err = tx.conferenceForWrite(ctx, id, "conference.minutes", kluwen.AuditUpdate); err != nil {
			return err
		}
		c.Minutes = minutes
		if err := c.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE conferences SET minutes = ?, updated_at = ? WHERE id = ?`, c.Minutes, tx.now, id); err != nil {
			return err
		}
		if c, err = tx.loadConference(ctx, id); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log("conference.minutes", kluwen.AuditUpdate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// AddDecision records a decision taken at a conference. On a closed case it is
// EINVALID on "conferenceId": the decision belongs to no open case.
func (db *DB) AddDecision(ctx context.Context, d *kluwen.Decision) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		const event = "decision.create"
		var v kluwen.Validator
		if err := mergeFields(&v, d.Validate()); err != nil {
			return err
		}
		if v.Has("conferenceId") {
			return v.Err()
		}
		c, f, _, err := tx.conferenceForRead(ctx, d.ConferenceID, event, kluwen.AuditCreate)
		if err != nil {
			return err
		}
		if f.Closed && !tx.actor.System() {
			tx.refuse(event, kluwen.AuditCreate, reasonClosedCase, kluwen.ObjectRef{Type: kluwen.ObjectCase, ID: c.CaseID})
			v.Add("conferenceId", "De casus van dit overleg is afgesloten. Er kunnen geen besluiten meer bij.")
			return v.Err()
		}
		_, basis, err := tx.caseWriteAccess(ctx, c.CaseID, event, kluwen.AuditCreate, 0)
		if err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		d.CaseID, d.Status, d.ActionID, d.ResolvedAt = c.CaseID, kluwen.DecisionOpen, nil, nil
		d.CreatedBy, d.CreatedAt = tx.actor.UserID, tx.now
		if d.ID, err = tx.insert(ctx, `INSERT INTO conference_decisions (conference_id, case_id, text, status, resolved_at, created_by, created_at)
			VALUES (?, ?, ?, ?, NULL, ?, ?) RETURNING id`, d.ConferenceID, d.CaseID, d.Text, string(d.Status), tx.nullableUserID(), tx.now); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, c.CaseID)
		if err != nil {
			return err
		}
		tx.log(event, kluwen.AuditCreate, basis, caseObjects(c.CaseID, household)...)
		return nil
	})
}

// decisionForWrite loads an open decision of a case the actor coordinates.
func (tx *Tx) decisionForWrite(ctx context.Context, v *kluwen.Validator, id int64) (*kluwen.Decision, kluwen.CaseFacts, string, error) {
	d, err := tx.loadDecision(ctx, id)
	if err != nil {
		return nil, kluwen.CaseFacts{}, "", err
	}
	f, basis, err := tx.caseWriteAccess(ctx, d.CaseID, "decision.update", kluwen.AuditUpdate, 0)
	if err != nil {
		if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
			err = notFound("Het besluit")
		}
		return nil, f, "", err
	}
	if d.Status != kluwen.DecisionOpen {
		v.Add("decisionId", "Dit besluit is al afgehandeld ("+strings.ToLower(d.Status.Label())+").")
	}
	return d, f, basis, nil
}

// DecisionToAction turns an open decision into a plan action under a goal of the
// same case, linked to the decision, in one step.
func (db *DB) DecisionToAction(ctx context.Context, decisionID int64, a *kluwen.Action) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		var v kluwen.Validator
		d, f, basis, err := tx.decisionForWrite(ctx, &v, decisionID)
		if err != nil {
			return err
		}
		if a.GoalID <= 0 {
			if err := mergeFields(&v, a.Validate(time.Time{})); err != nil {
				return err
			}
			return v.Err()
		}
		g, err := tx.goalForWrite(ctx, a.GoalID, "action.create", kluwen.AuditCreate)
		if err != nil && kluwen.ErrorCode(err) != kluwen.ENOTFOUND {
			return err
		}
		if g == nil || g.CaseID != d.CaseID {
			if err := mergeFields(&v, a.Validate(time.Time{})); err != nil {
				return err
			}
			if !v.Has("goalId") {
				v.Add("goalId", "Kies een doel uit het plan van deze casus.")
			}
			return v.Err()
		}
		a.DecisionID = &d.ID
		if err := tx.createAction(ctx, f, g, a, &v); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE conference_decisions SET status = ?, resolved_at = ? WHERE id = ?`, string(kluwen.DecisionAction), tx.now, d.ID); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, d.CaseID)
		if err != nil {
			return err
		}
		objs := caseObjects(d.CaseID, household, g.PersonIDs...)
		tx.log("decision.update", kluwen.AuditUpdate, basis, objs...)
		tx.log("action.create", kluwen.AuditCreate, basis, objs...)
		return nil
	})
}

// CompleteDecision marks an open decision as done without an action.
func (db *DB) CompleteDecision(ctx context.Context, decisionID int64) (*kluwen.Decision, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var d *kluwen.Decision
	err := db.update(ctx, func(tx *Tx) error {
		var v kluwen.Validator
		var basis string
		var err error
		if d, _, basis, err = tx.decisionForWrite(ctx, &v, decisionID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE conference_decisions SET status = ?, resolved_at = ? WHERE id = ?`, string(kluwen.DecisionDone), tx.now, d.ID); err != nil {
			return err
		}
		if d, err = tx.loadDecision(ctx, decisionID); err != nil {
			return err
		}
		household, err := tx.caseHousehold(ctx, d.CaseID)
		if err != nil {
			return err
		}
		tx.log("decision.update", kluwen.AuditUpdate, basis, caseObjects(d.CaseID, household)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}
