package sqlstore

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/kluwen/kluwen"
)

var _ kluwen.HouseholdService = (*DB)(nil)

const householdColumns = `h.id, h.street, h.house_number, h.house_number_addition, h.postcode, h.city, h.wijk, h.registered_by_org_id, h.created_at, h.updated_at`

func scanHousehold(sc rowScanner) (*kluwen.Household, error) {
	h := &kluwen.Household{}
	if err := sc.Scan(&h.ID, &h.Street, &h.HouseNumber, &h.HouseNumberAddition, &h.Postcode, &h.City, &h.Wijk,
		&h.RegisteredByOrgID, timeScan{&h.CreatedAt}, timeScan{&h.UpdatedAt}); err != nil {
		return nil, err
	}
	return h, nil
}

// loadHousehold reads one household without its members and without any check.
func (tx *Tx) loadHousehold(ctx context.Context, id int64) (*kluwen.Household, error) {
	h, err := scanHousehold(tx.queryRow(ctx, `SELECT `+householdColumns+` FROM households h WHERE h.id = ?`, id))
	if isNoRows(err) {
		return nil, notFound("Het huishouden")
	}
	return h, err
}

const membershipColumns = `m.id, m.household_id, m.person_id, m.from_date, m.to_date, m.role`

func scanMembership(sc rowScanner, extra ...any) (*kluwen.Membership, error) {
	m := &kluwen.Membership{}
	var role string
	dest := append([]any{&m.ID, &m.HouseholdID, &m.PersonID, timeScan{&m.From}, nullTimeScan{&m.To}, &role}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	m.Role = kluwen.MemberRole(role)
	return m, nil
}

// CreateHousehold registers a household for the actor's organisation (the system
// actor names the organisation in h.RegisteredByOrgID). Members are added with
// AddMember; h.Members is ignored.
func (db *DB) CreateHousehold(ctx context.Context, h *kluwen.Household) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermRegisterHousehold, "household.create", kluwen.AuditCreate); err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, h.Validate()); err != nil {
			return err
		}
		if err := tx.registeringOrg(ctx, &v, &h.RegisteredByOrgID); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		id, err := tx.insert(ctx, `INSERT INTO households (street, house_number, house_number_addition, postcode, city, wijk, registered_by_org_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			h.Street, h.HouseNumber, h.HouseNumberAddition, h.Postcode, h.City, h.Wijk, h.RegisteredByOrgID, tx.now, tx.now)
		if err != nil {
			return err
		}
		h.ID, h.CreatedAt, h.UpdatedAt, h.Members = id, tx.now, tx.now, nil
		basis := kluwen.BasisRole
		if tx.actor.System() {
			basis = kluwen.BasisSystem
		}
		tx.log("household.create", kluwen.AuditCreate, basis, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: id})
		return nil
	})
}

// FindHouseholdByID returns a household the actor may read with every membership,
// past and present, ordered by start date, each with its person.
func (db *DB) FindHouseholdByID(ctx context.Context, id int64) (*kluwen.Household, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var h *kluwen.Household
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, id, "household.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		if h, err = tx.loadHousehold(ctx, id); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT `+membershipColumns+`, `+personColumns+`
			FROM memberships m JOIN persons p ON p.id = m.person_id
			WHERE m.household_id = ? ORDER BY m.from_date, m.id`, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		objs := objectSet{}
		objs.add(kluwen.ObjectHousehold, id)
		for rows.Next() {
			m := &kluwen.Membership{}
			var role string
			p, err := tx.scanPersonAfter(rows, &m.ID, &m.HouseholdID, &m.PersonID, timeScan{&m.From}, nullTimeScan{&m.To}, &role)
			if err != nil {
				return err
			}
			m.Role = kluwen.MemberRole(role)
			m.Person = p
			h.Members = append(h.Members, m)
			objs.add(kluwen.ObjectPerson, p.ID)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("household.read", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// objectSet collects access-log objects once each, in order.
type objectSet struct {
	refs []kluwen.ObjectRef
	seen map[kluwen.ObjectRef]bool
}

func (s *objectSet) add(typ string, id int64) {
	ref := kluwen.ObjectRef{Type: typ, ID: id}
	if s.seen == nil {
		s.seen = map[kluwen.ObjectRef]bool{}
	}
	if !s.seen[ref] {
		s.seen[ref] = true
		s.refs = append(s.refs, ref)
	}
}

// FindHouseholds returns the households the actor may read that match f, ordered
// by ID, without their members. Roles that read no personal data get EFORBIDDEN.
func (db *DB) FindHouseholds(ctx context.Context, f kluwen.HouseholdFilter) ([]*kluwen.Household, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var out []*kluwen.Household
	err := db.update(ctx, func(tx *Tx) error {
		if err := tx.refuseUnlessCan(kluwen.PermReadPersonalData, "household.search", kluwen.AuditRead); err != nil {
			return err
		}
		var w whereClause
		vis, visArgs := tx.householdVisibleSQL("h")
		w.add(vis, visArgs...)
		for _, word := range strings.Fields(f.Query) {
			pat := likeContains(word)
			cond := `(lower(h.street) LIKE ? ESCAPE '\' OR lower(h.postcode) LIKE ? ESCAPE '\' OR lower(h.city) LIKE ? ESCAPE '\' OR lower(h.wijk) LIKE ? ESCAPE '\'
				OR EXISTS (SELECT 1 FROM memberships qm JOIN persons qp ON qp.id = qm.person_id
					WHERE qm.household_id = h.id AND (lower(qp.given_name) LIKE ? ESCAPE '\' OR lower(qp.family_name) LIKE ? ESCAPE '\'))`
			args := []any{pat, pat, pat, pat, pat, pat}
			if n, err := strconv.Atoi(word); err == nil && n > 0 && n <= 99999 {
				cond += ` OR h.house_number = ?`
				args = append(args, n)
			}
			w.add(cond+`)`, args...)
		}
		if strings.TrimSpace(f.Postcode) != "" {
			pc, ok := kluwen.NormalisePostcode(f.Postcode)
			if !ok {
				var v kluwen.Validator
				v.Add("postcode", "Vul een geldige postcode in, zoals 1234 AB.")
				return v.Err()
			}
			w.add(`h.postcode = ?`, pc)
		}
		if wijk := strings.TrimSpace(f.Wijk); wijk != "" {
			w.add(`lower(h.wijk) = ?`, strings.ToLower(searchText(wijk)))
		}
		if f.PersonID != nil {
			w.add(`EXISTS (SELECT 1 FROM memberships pm WHERE pm.household_id = h.id AND pm.person_id = ?)`, *f.PersonID)
		}
		if f.AfterID > 0 {
			w.add(`h.id > ?`, f.AfterID)
		}
		rows, err := tx.query(ctx, `SELECT `+householdColumns+` FROM households h WHERE `+w.String()+` ORDER BY h.id LIMIT ?`,
			append(w.args, searchPageSize(f.Limit))...)
		if err != nil {
			return err
		}
		defer rows.Close()
		objs := []kluwen.ObjectRef{}
		for rows.Next() {
			h, err := scanHousehold(rows)
			if err != nil {
				return err
			}
			out = append(out, h)
			objs = append(objs, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: h.ID})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		tx.log("household.search", kluwen.AuditRead, searchBasis(tx.actor), objs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateHousehold changes a household the actor may change and returns it without
// its members.
func (db *DB) UpdateHousehold(ctx context.Context, id int64, u kluwen.HouseholdUpdate) (*kluwen.Household, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var h *kluwen.Household
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, id, "household.update", kluwen.AuditUpdate, true)
		if err != nil {
			return err
		}
		if h, err = tx.loadHousehold(ctx, id); err != nil {
			return err
		}
		if u.Street != nil {
			h.Street = *u.Street
		}
		if u.HouseNumber != nil {
			h.HouseNumber = *u.HouseNumber
		}
		if u.HouseNumberAddition != nil {
			h.HouseNumberAddition = *u.HouseNumberAddition
		}
		if u.Postcode != nil {
			h.Postcode = *u.Postcode
		}
		if u.City != nil {
			h.City = *u.City
		}
		if u.Wijk != nil {
			h.Wijk = *u.Wijk
		}
		if err := h.Validate(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE households SET street = ?, house_number = ?, house_number_addition = ?, postcode = ?, city = ?, wijk = ?, updated_at = ? WHERE id = ?`,
			h.Street, h.HouseNumber, h.HouseNumberAddition, h.Postcode, h.City, h.Wijk, tx.now, id); err != nil {
			return err
		}
		h.UpdatedAt = tx.now
		tx.log("household.update", kluwen.AuditUpdate, basis, kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: id})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

// checkMembershipOverlap adds a field error when the person has another
// membership of the household (other than exceptID) whose period meets m's.
func (tx *Tx) checkMembershipOverlap(ctx context.Context, v *kluwen.Validator, m *kluwen.Membership, exceptID int64) error {
	q := `SELECT count(*) FROM memberships WHERE household_id = ? AND person_id = ? AND id <> ? AND (to_date IS NULL OR to_date >= ?)`
	args := []any{m.HouseholdID, m.PersonID, exceptID, dateArg(m.From)}
	if m.To != nil {
		q += ` AND from_date <= ?`
		args = append(args, dateArg(*m.To))
	}
	var n int
	if err := tx.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return err
	}
	v.Check(n == 0, "from", "Deze persoon woont in (een deel van) deze periode al in dit huishouden. Kies een periode die daar niet mee overlapt.")
	return nil
}

// AddMember adds a person to a household the actor may change, for a period. The
// actor must be able to read the person; a person's memberships of one household
// may not overlap.
func (db *DB) AddMember(ctx context.Context, m *kluwen.Membership) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, m.HouseholdID, "membership.create", kluwen.AuditCreate, true)
		if err != nil {
			return err
		}
		return tx.addMember(ctx, m, basis)
	})
}

// AddNewMember registers a person and adds them to a household the actor may
// change, in one transaction, so that a membership that cannot be added leaves
// no person behind. Every invalid field of both is reported at once.
func (db *DB) AddNewMember(ctx context.Context, p *kluwen.Person, m *kluwen.Membership) error {
	if _, err := db.actor(ctx); err != nil {
		return err
	}
	return db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, m.HouseholdID, "membership.create", kluwen.AuditCreate, true)
		if err != nil {
			return err
		}
		var v kluwen.Validator
		if err := mergeFields(&v, p.Validate(tx.today)); err != nil {
			return err
		}
		check := *m
		check.PersonID = 1 // the person still to be registered
		if err := mergeFields(&v, check.Validate()); err != nil {
			return err
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := tx.createPerson(ctx, p); err != nil {
			return err
		}
		m.PersonID = p.ID
		return tx.addMember(ctx, m, basis)
	})
}

// addMember is AddMember inside the call's transaction, after the household
// check that gave basis.
func (tx *Tx) addMember(ctx context.Context, m *kluwen.Membership, basis string) error {
	var err error
	var v kluwen.Validator
	if err := mergeFields(&v, m.Validate()); err != nil {
		return err
	}
	if !v.Has("personId") {
		if _, _, err := tx.personAccess(ctx, m.PersonID, "membership.create", kluwen.AuditCreate, false); err != nil {
			return err
		}
	}
	if !v.Has("personId") && !v.Has("from") && !v.Has("to") {
		if err := tx.checkMembershipOverlap(ctx, &v, m, 0); err != nil {
			return err
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if m.ID, err = tx.insert(ctx, `INSERT INTO memberships (household_id, person_id, from_date, to_date, role) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		m.HouseholdID, m.PersonID, dateArg(m.From), optDateArg(m.To), string(m.Role)); err != nil {
		return err
	}
	if err := tx.refreshProblemDomains(ctx, []int64{m.HouseholdID}); err != nil {
		return err
	}
	tx.log("membership.create", kluwen.AuditCreate, basis,
		kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: m.HouseholdID}, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: m.PersonID})
	return nil
}

// UpdateMembership changes the period or role of a membership of a household the
// actor may change.
func (db *DB) UpdateMembership(ctx context.Context, id int64, u kluwen.MembershipUpdate) (*kluwen.Membership, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var m *kluwen.Membership
	err := db.update(ctx, func(tx *Tx) error {
		var err error
		m, err = scanMembership(tx.queryRow(ctx, `SELECT `+membershipColumns+` FROM memberships m WHERE m.id = ?`, id))
		if isNoRows(err) {
			return notFound("Het lidmaatschap")
		}
		if err != nil {
			return err
		}
		_, basis, err := tx.householdAccess(ctx, m.HouseholdID, "membership.update", kluwen.AuditUpdate, true)
		if err != nil {
			if kluwen.ErrorCode(err) == kluwen.ENOTFOUND {
				return notFound("Het lidmaatschap")
			}
			return err
		}
		if u.From != nil {
			m.From = *u.From
		}
		if u.To != nil {
			m.To = *u.To
		}
		if u.Role != nil {
			m.Role = *u.Role
		}
		var v kluwen.Validator
		if err := mergeFields(&v, m.Validate()); err != nil {
			return err
		}
		if !v.Has("from") && !v.Has("to") {
			if err := tx.checkMembershipOverlap(ctx, &v, m, id); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE memberships SET from_date = ?, to_date = ?, role = ? WHERE id = ?`,
			dateArg(m.From), optDateArg(m.To), string(m.Role), id); err != nil {
			return err
		}
		if err := tx.refreshProblemDomains(ctx, []int64{m.HouseholdID}); err != nil {
			return err
		}
		tx.log("membership.update", kluwen.AuditUpdate, basis,
			kluwen.ObjectRef{Type: kluwen.ObjectHousehold, ID: m.HouseholdID}, kluwen.ObjectRef{Type: kluwen.ObjectPerson, ID: m.PersonID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// FindFamily returns the family around a household the actor may read: everyone
// who was ever a member (generation 0), their parents (-1) and grandparents (-2),
// their children (+1) and grandchildren (+2) who are not members themselves, and
// their partners and siblings (0), found through the recorded ties. InHousehold
// says whether the person is a member on the date of the call. Relatives the actor
// may not read appear with Hidden true and no Person; the ties to them are shown.
func (db *DB) FindFamily(ctx context.Context, householdID int64) (*kluwen.Family, error) {
	if _, err := db.actor(ctx); err != nil {
		return nil, err
	}
	var fam *kluwen.Family
	err := db.update(ctx, func(tx *Tx) error {
		_, basis, err := tx.householdAccess(ctx, householdID, "family.read", kluwen.AuditRead, false)
		if err != nil {
			return err
		}
		fam = &kluwen.Family{HouseholdID: householdID, Members: []*kluwen.FamilyMember{}, Relations: []*kluwen.Relation{}}
		gen := map[int64]int{}
		var order []int64
		place := func(id int64, g int) {
			if _, ok := gen[id]; !ok {
				gen[id] = g
				order = append(order, id)
			}
		}
		current := map[int64]bool{}
		rows, err := tx.query(ctx, `SELECT `+membershipColumns+` FROM memberships m WHERE m.household_id = ? ORDER BY m.from_date, m.id`, householdID)
		if err != nil {
			return err
		}
		for rows.Next() {
			m, err := scanMembership(rows)
			if err != nil {
				rows.Close()
				return err
			}
			place(m.PersonID, 0)
			if m.Current(tx.today) {
				current[m.PersonID] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		members := append([]int64(nil), order...)
		isMember := map[int64]bool{}
		for _, id := range members {
			isMember[id] = true
		}

		// One step out from the members: parents, children, then partners and
		// siblings, so that a person who is both gets the closer generation.
		near, err := tx.relationsTouching(ctx, members)
		if err != nil {
			return err
		}
		for _, r := range near {
			if r.Kind != kluwen.RelationParent {
				continue
			}
			if isMember[r.RelatedPersonID] {
				place(r.PersonID, -1)
			}
			if isMember[r.PersonID] {
				place(r.RelatedPersonID, 1)
			}
		}
		for _, r := range near {
			if !symmetric(r.Kind) {
				continue
			}
			if isMember[r.PersonID] {
				place(r.RelatedPersonID, 0)
			}
			if isMember[r.RelatedPersonID] {
				place(r.PersonID, 0)
			}
		}
		// Two steps out: the parents' parents and the children's children.
		var step []int64
		isParent, isChild := map[int64]bool{}, map[int64]bool{}
		for _, id := range order {
			switch gen[id] {
			case -1:
				isParent[id] = true
				step = append(step, id)
			case 1:
				isChild[id] = true
				step = append(step, id)
			}
		}
		far, err := tx.relationsTouching(ctx, step)
		if err != nil {
			return err
		}
		for _, r := range far {
			if r.Kind != kluwen.RelationParent {
				continue
			}
			if isParent[r.RelatedPersonID] {
				place(r.PersonID, -2)
			}
			if isChild[r.PersonID] {
				place(r.RelatedPersonID, 2)
			}
		}

		if fam.Relations, err = tx.relationsWithin(ctx, order); err != nil {
			return err
		}
		if fam.Relations == nil {
			fam.Relations = []*kluwen.Relation{}
		}
		facts, err := tx.personFactsFor(ctx, order)
		if err != nil {
			return err
		}
		var visible []int64
		for _, id := range order {
			if _, ok := kluwen.PersonReadBasis(tx.actor, facts[id]); ok {
				visible = append(visible, id)
			}
		}
		persons, err := tx.loadPersons(ctx, visible)
		if err != nil {
			return err
		}
		objs := objectSet{}
		objs.add(kluwen.ObjectHousehold, householdID)
		for _, id := range order {
			fm := &kluwen.FamilyMember{PersonID: id, Generation: gen[id], InHousehold: current[id]}
			if p, ok := persons[id]; ok {
				fm.Person = p
			} else {
				fm.Hidden = true
			}
			fam.Members = append(fam.Members, fm)
		}
		sort.SliceStable(fam.Members, func(i, j int) bool {
			a, b := fam.Members[i], fam.Members[j]
			if a.Generation != b.Generation {
				return a.Generation < b.Generation
			}
			return a.PersonID < b.PersonID
		})
		hide := hiddenIDs{}
		for _, fm := range fam.Members {
			if !fm.Hidden {
				objs.add(kluwen.ObjectPerson, fm.PersonID)
			} else {
				fm.PersonID = hide.placeholder(fm.PersonID)
			}
		}
		hide.mask(fam.Relations)
		tx.log("family.read", kluwen.AuditRead, basis, objs.refs...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return fam, nil
}
