package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/kluwen/kluwen"
)

var _ kluwen.SignalService = (*DB)(nil)

// Access-log object types of the case work. Entries name the signal or
// assessment besides the household and persons it concerns, so the privacy
// officer can tell which item was read.
const (
	objectSignal     = "signal"
	objectAssessment = "assessment"
)

const signalColumns = `s.id, s.household_id, s.person_id, s.type_code, s.signal_date, s.organisation_id, s.life_domain, s.severity,
	s.description, s.confidentiality, s.author_user_id, s.created_at, t.label, t.default_domain, t.sort_order, t.active`

const signalFrom = ` FROM signals s JOIN signal_types t ON t.code = s.type_code`

func scanSignal(sc rowScanner) (*kluwen.Signal, error) {
	s := &kluwen.Signal{Type: &kluwen.SignalType{}}
	var person, author sql.NullInt64
	var severity, conf string
	var domain, defDomain int
	if err := sc.Scan(&s.ID, &s.HouseholdID, &person, &s.TypeCode, timeScan{&s.Date}, &s.OrganisationID, &domain, &severity,
		&s.Description, &conf, &author, timeScan{&s.CreatedAt}, &s.Type.Label, &defDomain, &s.Type.SortOrder, &s.Type.Active); err != nil {
		return nil, err
	}
	if person.Valid {
		id := person.Int64
		s.PersonID = &id
	}
	s.AuthorUserID = author.Int64
	s.LifeDomain, s.Severity, s.Confidentiality = kluwen.LifeDomain(domain), kluwen.Severity(severity), kluwen.Confidentiality(conf)
	s.Type.Code, s.Type.DefaultDomain = s.TypeCode, kluwen.LifeDomain(defDomain)
	return s, nil
}

// signalRefs are the access-log objects of a signal: the household, the person
// if any, and the signal itself.
func signalRefs(s *kluwen.Signal) []kluwen.ObjectRef {
	refs := []kluwen.ObjectRef{{Type: kluwen.ObjectHousehold, ID: s.HouseholdID}}
	if s.PersonID != nil {
		refs = append(refs, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: *s.PersonID})
	}
	return append(refs, kluwen.ObjectRef{Type: objectSignal, ID: s.ID})
}

// contributeAccess checks that the actor may add an item (eventType) to the
// household: a role that reads personal data (else EFORBIDDEN), a household they
// may read (else ENOTFOUND) and kluwen.ContributeBasis (else EFORBIDDEN).
// Refusals are logged.
func (tx *Tx) contributeAccess(ctx context.Context, householdID int64, eventType string) (kluwen.HouseholdFacts, string, error) {
	obj := kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: householdID}
	if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, eventType, kluwen.AuditCreate, obj); err != nil {
		return kluwen.HouseholdFacts{}, "", err
	}
	f, _, err := tx.householdAccess(ctx, householdID, eventType, kluwen.AuditCreate, false)
	if err != nil {
		return f, "", err
	}
	basis, ok := kluwen.ContributeBasis(tx.actor, f)
	if !ok {
		tx.refuse(eventType, kluwen.AuditCreate, reasonNoChange, obj)
		return f, "", forbidden()
	}
	return f, basis, nil
}

// checkMemberOn adds a field error unless the person is a member of the household
// on the date.
func (tx *Tx) checkMemberOn(ctx context.Context, v *kluwen.Validator, field string, householdID, personID int64, on string) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM memberships WHERE household_id = ? AND person_id = ? AND from_date <= ? AND (to_date IS NULL OR to_date >= ?)`,
		householdID, personID, on, on).Scan(&n); err != nil {
		return err
	}
	v.Check(n > 0, field, "Deze persoon woonde op die datum niet in dit huishouden. Kies een lid van het huishouden, of geen persoon.")
	return nil
}

// sourceOrganisation settles the organisation an item is recorded for: the
// actor's own, or for the system actor the one named, which must exist.
func (tx *Tx) sourceOrganisation(ctx context.Context, v *kluwen.Validator, orgID *int64) error {
	if !tx.actor.System() {
		*orgID = tx.actor.OrganisationID
		return nil
	}
	ok, err := tx.organisationExists(ctx, *orgID)
	if err != nil {
		return err
	}
	v.Check(ok, "organisationId", "Kies een bestaande organisatie.")
	return nil
}

// CreateSignal records a signal on a household the actor may read, for the
// actor's own organisation (a partner records signals for itself only; the
// system actor names the organisation). The person, if given, must be a member
// of the household on the signal's date; the life domain defaults to the type's.
func (db *DB) CreateSignal(ctx context.Context, s *kluwen.Signal) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "signal.create", kluwen.AuditCreate); err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, s.Validate(tx.today)); err != nil {
			return err
		}
		var basis string
		if !v.Has("householdId") {
			var err error
			if _, basis, err = tx.contributeAccess(ctx, s.HouseholdID, "signal.create"); err != nil {
				return err
			}
		}
		if s.TypeCode != "" {
			var active bool
			var def int
			err := tx.queryRow(ctx, `SELECT active, default_domain FROM signal_types WHERE code = ?`, s.TypeCode).Scan(&active, &def)
			switch {
			case isNoRows(err):
				v.Add("type", "Kies een soort signaal uit de lijst.")
			case err != nil:
				return err
			case !active:
				v.Add("type", "Dit soort signaal wordt niet meer gebruikt. Kies een ander soort.")
			case s.LifeDomain == 0:
				s.LifeDomain = kluwen.LifeDomain(def)
			}
		}
		if s.PersonID != nil && !v.Has("personId") && !v.Has("householdId") && !v.Has("date") {
			if err := tx.checkMemberOn(ctx, &v, "personId", s.HouseholdID, *s.PersonID, dateArg(s.Date)); err != nil {
				return err
			}
		}
		if err := tx.sourceOrganisation(ctx, &v, &s.OrganisationID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		s.AuthorUserID, s.CreatedAt = tx.actor.UserID, tx.now
		id, err := tx.insert(ctx, `INSERT INTO signals (household_id, person_id, type_code, signal_date, organisation_id, life_domain, severity, description, confidentiality, author_user_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			s.HouseholdID, s.PersonID, s.TypeCode, dateArg(s.Date), s.OrganisationID, int(s.LifeDomain), string(s.Severity), s.Description,
			string(s.Confidentiality), tx.nullableUserID(), tx.now)
		if err != nil {
			return err
		}
		s.ID = id
		tx.log("signal.create", kluwen.AuditCreate, basis, signalRefs(s)...)
		return nil
	})
}

// FindSignalByID returns a signal the actor may read (kluwen.SignalReadBasis); a
// confidential signal of another organisation answers ENOTFOUND, as one that
// does not exist.
func (db *DB) FindSignalByID(ctx context.Context, id int64) (*kluwen.Signal, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var s *kluwen.Signal
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		s, err = scanSignal(tx.queryRow(ctx, `SELECT `+signalColumns+signalFrom+` WHERE s.id = ?`, id))
		if isNoRows(err) {
			return notFound("Het signaal")
		}
		if err != nil {
			return err
		}
		h, err := tx.householdFacts(ctx, s.HouseholdID)
		if err != nil {
			return err
		}
		basis, ok := kluwen.SignalReadBasis(tx.actor, kluwen.SignalFacts{Household: h, AuthorOrgID: s.OrganisationID, Confidentiality: s.Confidentiality})
		if !ok {
			tx.refuse("signal.read", kluwen.AuditRead, reasonNeedToKnow, signalRefs(s)...)
			return notFound("Het signaal")
		}
		tx.log("signal.read", kluwen.AuditRead, basis, signalRefs(s)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// confidentialSQL is the condition on an item's confidentiality column and
// organisation column that leaves out the confidential items the actor may not
// read, given that they may read the household f. See
// kluwen.ConfidentialReadBasis.
func (tx *Tx) confidentialSQL(f kluwen.HouseholdFacts, confCol, orgCol string) (string, []any) {
	if kluwen.SeesAllConfidential(tx.actor, f) {
		return "1 = 1", nil
	}
	return "(" + confCol + " = ? OR " + orgCol + " = ?)", []any{string(kluwen.Normal), tx.actorOrgID()}
}

// FindSignals returns the signals of a household the actor may read, newest
// first, leaving out the confidential ones they may not see.
func (db *DB) FindSignals(ctx context.Context, f kluwen.SignalFilter) ([]*kluwen.Signal, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	out := []*kluwen.Signal{}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "signal.read", kluwen.AuditRead); err != nil {
			return err
		}
		var v kluwen.Validator
		v.Check(f.HouseholdID > 0, "householdId", "Kies een huishouden.")
		v.Check(f.LifeDomain == 0 || f.LifeDomain.Valid(), "lifeDomain", "Kies een leefgebied uit de lijst.")
		if err := v.Err(); err != nil {
			return err
		}
		hf, basis, err := tx.householdAccess(ctx, f.HouseholdID, "signal.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		var w whereClause
		w.add(`s.household_id = ?`, f.HouseholdID)
		cond, args := tx.confidentialSQL(hf, "s.confidentiality", "s.organisation_id")
		w.add(cond, args...)
		if f.PersonID != nil {
			w.add(`s.person_id = ?`, *f.PersonID)
		}
		if f.TypeCode != "" {
			w.add(`s.type_code = ?`, f.TypeCode)
		}
		if f.LifeDomain != 0 {
			w.add(`s.life_domain = ?`, int(f.LifeDomain))
		}
		if f.AfterID > 0 {
			// Continue after that signal on the list's key (date, created, id): a
			// signal of the list itself, so that a cursor on a confidential signal
			// the actor may not see answers as one that does not exist.
			var day, at time.Time
			err := tx.queryRow(ctx, `SELECT s.signal_date, s.created_at FROM signals s WHERE s.id = ? AND s.household_id = ? AND `+cond,
				append([]any{f.AfterID, f.HouseholdID}, args...)...).Scan(timeScan{&day}, timeScan{&at})
			if isNoRows(err) {
				v.Add("cursor", "Deze vervolgpagina bestaat niet. Begin opnieuw bij de eerste pagina.")
				return v.Err()
			}
			if err != nil {
				return err
			}
			d := dateArg(day)
			w.add(`(s.signal_date < ? OR (s.signal_date = ? AND (s.created_at < ? OR (s.created_at = ? AND s.id < ?))))`, d, d, at, at, f.AfterID)
		}
		rows, err := tx.query(ctx, `SELECT `+signalColumns+signalFrom+` WHERE `+w.String()+`
			ORDER BY s.signal_date DESC, s.created_at DESC, s.id DESC LIMIT ?`, append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		objs := objectSet{}
		objs.add(kluwen.ObjectHousehold, f.HouseholdID)
		for rows.Next() {
			s, err := scanSignal(rows)
			if err != nil {
				return err
			}
			out = append(out, s)
			if s.PersonID != nil {
				objs.add(kluwen.ObjectPerson, *s.PersonID)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("signal.read", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindSignalTypes returns the signal types in display order. They are not
// personal data: every signed-in user reads them.
func (db *DB) FindSignalTypes(ctx context.Context, withInactive bool) ([]*kluwen.SignalType, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	out := []*kluwen.SignalType{}
	err := db.view(ctx, func(tx *Tx) error {
		q := `SELECT code, label, default_domain, sort_order, active FROM signal_types`
		var args []any
		if !withInactive {
			q += ` WHERE active = ?`
			args = append(args, true)
		}
		rows, err := tx.query(ctx, q+` ORDER BY sort_order, label`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t := &kluwen.SignalType{}
			var d int
			if err := rows.Scan(&t.Code, &t.Label, &d, &t.SortOrder, &t.Active); err != nil {
				return err
			}
			t.DefaultDomain = kluwen.LifeDomain(d)
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveSignalType adds a signal type or changes the one with the same code. Only
// the admin (and the system) may; the change is logged, as the administration of
// the lists is accountable.
func (db *DB) SaveSignalType(ctx context.Context, t *kluwen.SignalType) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageSettings, "signaltype.save", kluwen.AuditUpdate)
		if err != nil {
			return err
		}
		if err := t.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO signal_types (code, label, default_domain, sort_order, active) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET label = excluded.label, default_domain = excluded.default_domain,
				sort_order = excluded.sort_order, active = excluded.active`,
			t.Code, t.Label, int(t.DefaultDomain), t.SortOrder, t.Active); err != nil {
			return err
		}
		tx.log("signaltype.save", kluwen.AuditUpdate, basis)
		return nil
	})
}
