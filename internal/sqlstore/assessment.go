package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/kluwen/kluwen"
)

var _ kluwen.AssessmentService = (*DB)(nil)

// Instruments are configuration, not personal data: reading them needs no
// access-log entry. Assessments are personal data of the person assessed and are
// read by whoever may read the household they were made in.

// loadInstrument reads an instrument with its domains, levels and criteria; id 0
// is the default instrument. ENOTFOUND when there is none.
func (tx *Tx) loadInstrument(ctx context.Context, id int64) (*kluwen.Instrument, error) {
	q := `SELECT id, code, name, description, is_default, active FROM instruments WHERE `
	var args []any
	if id == 0 {
		q += `is_default = ?`
		args = append(args, true)
	} else {
		q += `id = ?`
		args = append(args, id)
	}
	in := &kluwen.Instrument{}
	err := tx.queryRow(ctx, q, args...).Scan(&in.ID, &in.Code, &in.Name, &in.Description, &in.Default, &in.Active)
	if isNoRows(err) {
		return nil, notFound("Het meetinstrument")
	}
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, `SELECT id, code, number, name_nl, name_en, sort_order, life_domain FROM instrument_domains
		WHERE instrument_id = ? ORDER BY sort_order, number`, in.ID)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*kluwen.InstrumentDomain{}
	for rows.Next() {
		d := &kluwen.InstrumentDomain{InstrumentID: in.ID, Criteria: map[int]string{}}
		var ld sql.NullInt64
		if err := rows.Scan(&d.ID, &d.Code, &d.Number, &d.NameNL, &d.NameEN, &d.Order, &ld); err != nil {
			rows.Close()
			return nil, err
		}
		d.LifeDomain = kluwen.LifeDomain(ld.Int64)
		in.Domains = append(in.Domains, d)
		byID[d.ID] = d
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT level, label, problem FROM instrument_levels WHERE instrument_id = ? ORDER BY level`, in.ID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		l := &kluwen.InstrumentLevel{}
		if err := rows.Scan(&l.Level, &l.Label, &l.Problem); err != nil {
			rows.Close()
			return nil, err
		}
		in.Levels = append(in.Levels, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = tx.query(ctx, `SELECT domain_id, level, text FROM instrument_criteria WHERE instrument_id = ?`, in.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var did int64
		var level int
		var text string
		if err := rows.Scan(&did, &level, &text); err != nil {
			return nil, err
		}
		if d := byID[did]; d != nil {
			d.Criteria[level] = text
		}
	}
	return in, rows.Err()
}

// FindInstruments returns every instrument, the default first, with domains,
// levels and criteria.
func (db *DB) FindInstruments(ctx context.Context) ([]*kluwen.Instrument, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	out := []*kluwen.Instrument{}
	err := db.view(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT id FROM instruments ORDER BY is_default DESC, name`)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			in, err := tx.loadInstrument(ctx, id)
			if err != nil {
				return err
			}
			out = append(out, in)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FindInstrumentByID returns an instrument (0: the default) with its domains,
// levels and criteria.
func (db *DB) FindInstrumentByID(ctx context.Context, id int64) (*kluwen.Instrument, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var in *kluwen.Instrument
	err := db.view(ctx, func(tx *Tx) error {
		var err error
		in, err = tx.loadInstrument(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return in, nil
}

// UpdateCriterion changes the description of one level of one domain of an
// instrument. Only the admin (and the system) may; the change is logged.
func (db *DB) UpdateCriterion(ctx context.Context, instrumentID int64, domainCode string, level int, text string) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		basis, err := tx.requirePermission(kluwen.PermManageSettings, "instrument.update", kluwen.AuditUpdate)
		if err != nil {
			return err
		}
		in, err := tx.loadInstrument(ctx, instrumentID)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, kluwen.ValidateCriterion(text)); err != nil {
			return err
		}
		d := in.Domain(domainCode)
		v.Check(d != nil, "domainCode", "Kies een leefgebied van dit meetinstrument.")
		v.Check(in.Level(level) != nil, "level", "Kies een niveau van dit meetinstrument.")
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO instrument_criteria (instrument_id, domain_id, level, text, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (domain_id, level) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			in.ID, d.ID, level, strings.TrimSpace(text), tx.now, tx.nullableUserID()); err != nil {
			return err
		}
		tx.log("instrument.update", kluwen.AuditUpdate, basis)
		return nil
	})
}

// assessmentRefs are the access-log objects of an assessment.
func assessmentRefs(a *kluwen.Assessment) []kluwen.ObjectRef {
	return []kluwen.ObjectRef{{Type: kluwen.ObjectHousehold, ID: a.HouseholdID}, {Type: kluwen.ObjectPerson, ID: a.PersonID}, {Type: objectAssessment, ID: a.ID}}
}

// CreateAssessment records an assessment of a member of a household the actor may
// read, for the actor's organisation (the system actor names it), in the given
// instrument (0: the default). Every invalid field is reported at once.
func (db *DB) CreateAssessment(ctx context.Context, a *kluwen.Assessment) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "assessment.create", kluwen.AuditCreate); err != nil {
			return err
		}
		var v kluwen.Validator
		in, err := tx.loadInstrument(ctx, a.InstrumentID)
		switch {
		case kluwen.ErrorCode(err) == kluwen.ENOTFOUND:
			v.Add("instrumentId", "Kies een meetinstrument uit de lijst.")
			in = nil
		case err != nil:
			return err
		case !in.Active:
			v.Add("instrumentId", "Dit meetinstrument wordt niet meer gebruikt. Kies een ander.")
		}
		if err := mergeFields(&v, a.Validate(in, tx.today)); err != nil {
			return err
		}
		var basis string
		if !v.Has("householdId") {
			if _, basis, err = tx.contributeAccess(ctx, a.HouseholdID, "assessment.create"); err != nil {
				return err
			}
			if !v.Has("personId") && !v.Has("date") {
				if err := tx.checkMemberOn(ctx, &v, "personId", a.HouseholdID, a.PersonID, dateArg(a.Date)); err != nil {
					return err
				}
			}
		}
		if err := tx.sourceOrganisation(ctx, &v, &a.OrganisationID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		a.InstrumentID, a.UserID, a.CreatedAt = in.ID, tx.actor.UserID, tx.now
		if a.ID, err = tx.insert(ctx, `INSERT INTO assessments (household_id, person_id, instrument_id, assessed_on, user_id, organisation_id, note, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.HouseholdID, a.PersonID, in.ID, dateArg(a.Date), tx.nullableUserID(), a.OrganisationID, a.Note, tx.now); err != nil {
			return err
		}
		if err := tx.insertScores(ctx, in, a); err != nil {
			return err
		}
		if in.Default {
			if err := tx.refreshProblemDomains(ctx, []int64{a.HouseholdID}); err != nil {
				return err
			}
		}
		tx.log("assessment.create", kluwen.AuditCreate, basis, assessmentRefs(a)...)
		return nil
	})
}

// insertScores writes the scores of a (checked) assessment in one statement and
// leaves a.Scores in the instrument's domain order, without empty entries.
func (tx *Tx) insertScores(ctx context.Context, in *kluwen.Instrument, a *kluwen.Assessment) error {
	byCode := map[string]*kluwen.AssessmentScore{}
	for _, s := range a.Scores {
		byCode[s.DomainCode] = s
	}
	var kept []*kluwen.AssessmentScore
	var vals []string
	var args []any
	for _, d := range in.Domains {
		s := byCode[d.Code]
		if s == nil || (s.Score == 0 && s.Note == "") {
			continue
		}
		kept = append(kept, s)
		var score any
		if s.Score != 0 {
			score = s.Score
		}
		vals = append(vals, "(?, ?, ?, ?)")
		args = append(args, a.ID, d.ID, score, s.Note)
	}
	a.Scores = kept
	if len(vals) == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `INSERT INTO assessment_scores (assessment_id, domain_id, score, note) VALUES `+strings.Join(vals, ", "), args...)
	return err
}

const assessmentColumns = `a.id, a.household_id, a.person_id, a.instrument_id, a.assessed_on, a.user_id, a.organisation_id, a.note, a.created_at`

func scanAssessment(sc rowScanner) (*kluwen.Assessment, error) {
	a := &kluwen.Assessment{Scores: []*kluwen.AssessmentScore{}}
	var user sql.NullInt64
	if err := sc.Scan(&a.ID, &a.HouseholdID, &a.PersonID, &a.InstrumentID, timeScan{&a.Date}, &user, &a.OrganisationID, &a.Note, timeScan{&a.CreatedAt}); err != nil {
		return nil, err
	}
	a.UserID = user.Int64
	return a, nil
}

// loadScores fills the scores of the assessments, in each instrument's domain
// order.
func (tx *Tx) loadScores(ctx context.Context, as []*kluwen.Assessment) error {
	if len(as) == 0 {
		return nil
	}
	byID := map[int64]*kluwen.Assessment{}
	ids := make([]int64, len(as))
	for i, a := range as {
		byID[a.ID], ids[i] = a, a.ID
	}
	in, args := idList(ids)
	rows, err := tx.query(ctx, `SELECT sc.assessment_id, d.code, sc.score, sc.note FROM assessment_scores sc JOIN instrument_domains d ON d.id = sc.domain_id
		WHERE sc.assessment_id IN (`+in+`) ORDER BY sc.assessment_id, d.sort_order, d.number`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var score sql.NullInt64
		s := &kluwen.AssessmentScore{}
		if err := rows.Scan(&id, &s.DomainCode, &score, &s.Note); err != nil {
			return err
		}
		s.Score = int(score.Int64)
		byID[id].Scores = append(byID[id].Scores, s)
	}
	return rows.Err()
}

// FindAssessmentByID returns an assessment with its scores, when the actor may
// read the household it was made in.
func (db *DB) FindAssessmentByID(ctx context.Context, id int64) (*kluwen.Assessment, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var a *kluwen.Assessment
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		a, err = scanAssessment(tx.queryRow(ctx, `SELECT `+assessmentColumns+` FROM assessments a WHERE a.id = ?`, id))
		if isNoRows(err) {
			return notFound("De meting")
		}
		if err != nil {
			return err
		}
		h, err := tx.householdFacts(ctx, a.HouseholdID)
		if err != nil {
			return err
		}
		basis, ok := kluwen.HouseholdReadBasis(tx.actor, h)
		if !ok {
			tx.refuse("assessment.read", kluwen.AuditRead, reasonNeedToKnow, assessmentRefs(a)...)
			return notFound("De meting")
		}
		if err := tx.loadScores(ctx, []*kluwen.Assessment{a}); err != nil {
			return err
		}
		tx.log("assessment.read", kluwen.AuditRead, basis, assessmentRefs(a)...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// FindAssessments returns the assessments of a household the actor may read,
// newest first, with their scores.
func (db *DB) FindAssessments(ctx context.Context, f kluwen.AssessmentFilter) ([]*kluwen.Assessment, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	out := []*kluwen.Assessment{}
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "assessment.read", kluwen.AuditRead); err != nil {
			return err
		}
		if f.HouseholdID <= 0 {
			var v kluwen.Validator
			v.Add("householdId", "Kies een huishouden.")
			return v.Err()
		}
		_, basis, err := tx.householdAccess(ctx, f.HouseholdID, "assessment.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		var w whereClause
		w.add(`a.household_id = ?`, f.HouseholdID)
		if f.PersonID != nil {
			w.add(`a.person_id = ?`, *f.PersonID)
		}
		if f.InstrumentID != 0 {
			w.add(`a.instrument_id = ?`, f.InstrumentID)
		}
		rows, err := tx.query(ctx, `SELECT `+assessmentColumns+` FROM assessments a WHERE `+w.String()+`
			ORDER BY a.assessed_on DESC, a.id DESC LIMIT ?`, append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		objs := objectSet{}
		objs.add(kluwen.ObjectHousehold, f.HouseholdID)
		for rows.Next() {
			a, err := scanAssessment(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, a)
			objs.add(kluwen.ObjectPerson, a.PersonID)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if err := tx.loadScores(ctx, out); err != nil {
			return err
		}
		tx.log("assessment.read", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// HouseholdMatrix returns the assessment matrix of a household the actor may
// read: its current members × the domains of the instrument (0: the default),
// each cell with the latest score, the one before it and the course over time.
// Only assessments made in this household count.
func (db *DB) HouseholdMatrix(ctx context.Context, householdID, instrumentID int64) (*kluwen.AssessmentMatrix, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var m *kluwen.AssessmentMatrix
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		m, err = tx.householdMatrix(ctx, householdID, instrumentID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// ProblemDomains returns, for the current members of a household the actor may
// read, the domains of the default instrument whose latest score is a problem
// level (in the ZRM 1 or 2): the candidate goals of the plan.
func (db *DB) ProblemDomains(ctx context.Context, householdID int64) ([]*kluwen.ProblemDomain, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.ProblemDomain
	err := db.update(ctx, func(tx *Tx) error {
		m, err := tx.householdMatrix(ctx, householdID, 0)
		if err != nil {
			return err
		}
		out = m.ProblemDomains()
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// householdMatrix checks access, builds the matrix and logs the read.
func (tx *Tx) householdMatrix(ctx context.Context, householdID, instrumentID int64) (*kluwen.AssessmentMatrix, error) {
	if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "assessment.read", kluwen.AuditRead,
		kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: householdID}); err != nil {
		return nil, err
	}
	_, basis, err := tx.householdAccess(ctx, householdID, "assessment.read", kluwen.AuditRead, false)
	if err != nil {
		return nil, err
	}
	in, err := tx.loadInstrument(ctx, instrumentID)
	if err != nil {
		return nil, err
	}
	m := &kluwen.AssessmentMatrix{HouseholdID: householdID, Instrument: in, Rows: []*kluwen.MatrixRow{}}

	// The current members, in the order they joined.
	today := dateArg(tx.today)
	rows, err := tx.query(ctx, `SELECT `+personColumns+` FROM memberships m JOIN persons p ON p.id = m.person_id
		WHERE m.household_id = ? AND m.from_date <= ? AND (m.to_date IS NULL OR m.to_date >= ?) ORDER BY m.from_date, m.id`,
		householdID, today, today)
	if err != nil {
		return nil, err
	}
	byPerson := map[int64]*kluwen.MatrixRow{}
	for rows.Next() {
		p, err := tx.scanPerson(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if byPerson[p.ID] != nil {
			continue
		}
		r := &kluwen.MatrixRow{PersonID: p.ID, Person: p, Cells: make([]*kluwen.MatrixCell, len(in.Domains))}
		for i, d := range in.Domains {
			r.Cells[i] = &kluwen.MatrixCell{DomainCode: d.Code, Series: []kluwen.ScorePoint{}}
		}
		m.Rows = append(m.Rows, r)
		byPerson[p.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Every score of the household's assessments in the instrument, oldest first.
	cellIndex := map[int64]int{}
	for i, d := range in.Domains {
		cellIndex[d.ID] = i
	}
	rows, err = tx.query(ctx, `SELECT a.id, a.person_id, a.assessed_on, sc.domain_id, sc.score
		FROM assessments a JOIN assessment_scores sc ON sc.assessment_id = a.id
		WHERE a.household_id = ? AND a.instrument_id = ? AND sc.score IS NOT NULL
		ORDER BY a.assessed_on, a.id`, householdID, in.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var p kluwen.ScorePoint
		var person, domain int64
		if err := rows.Scan(&p.AssessmentID, &person, timeScan{&p.Date}, &domain, &p.Score); err != nil {
			return nil, err
		}
		r, i, ok := byPerson[person], 0, false
		if r != nil {
			i, ok = cellIndex[domain]
		}
		if !ok {
			continue
		}
		r.Cells[i].Series = append(r.Cells[i].Series, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	objs := objectSet{}
	objs.add(kluwen.ObjectHousehold, householdID)
	for _, r := range m.Rows {
		objs.add(kluwen.ObjectPerson, r.PersonID)
		for _, c := range r.Cells {
			if n := len(c.Series); n > 0 {
				c.Latest = &c.Series[n-1]
				if n > 1 {
					c.Previous = &c.Series[n-2]
				}
			}
		}
	}
	tx.log("assessment.read", kluwen.AuditRead, basis, objs.refs...)
	return m, nil
}
