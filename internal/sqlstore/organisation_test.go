package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/sqlstore"
	"github.com/kluwen/kluwen/internal/testdb"
)

func TestCreateOrganisationValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ctxSystem()
		mustCreateOrganisation(t, db, "Woningcorporatie Thuis", kluwen.SectorWonen)

		tests := []struct {
			name   string
			org    kluwen.Organisation
			code   string
			fields []string
		}{
			{"every field invalid", kluwen.Organisation{Name: "  ", Sector: "bank"}, kluwen.EINVALID, []string{"name", "sector"}},
			{"name taken, any case", kluwen.Organisation{Name: " woningcorporatie THUIS ", Sector: kluwen.SectorWonen}, kluwen.ECONFLICT, []string{"name"}},
			{"name taken and sector invalid", kluwen.Organisation{Name: "Woningcorporatie Thuis", Sector: "x"}, kluwen.EINVALID, []string{"name", "sector"}},
			{"name too long", kluwen.Organisation{Name: strings.Repeat("a", 201), Sector: kluwen.SectorZorg}, kluwen.EINVALID, []string{"name"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o := tt.org
				err := db.CreateOrganisation(ctx, &o)
				wantCode(t, err, tt.code)
				wantFields(t, err, tt.fields...)
			})
		}
		err := db.CreateOrganisation(ctx, &kluwen.Organisation{Name: "Woningcorporatie Thuis", Sector: kluwen.SectorWonen})
		if got := fieldMessage(err, "name"); got != "Er is al een organisatie met deze naam." {
			t.Errorf("name message = %q", got)
		}
		list, err := db.FindOrganisations(ctx, kluwen.OrganisationFilter{})
		if err != nil || len(list) != 1 {
			t.Errorf("organisations = %d, err %v; want 1", len(list), err)
		}
	})
}

func TestOrganisationsAndDepartments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := ctxSystem()
		gem := mustCreateOrganisation(t, db, "Gemeente Kluwendam", kluwen.SectorGemeente)
		ggz := mustCreateOrganisation(t, db, "GGZ Kluwendam", kluwen.SectorZorg)
		if gem.ID == 0 || gem.CreatedAt.IsZero() || gem.Departments == nil {
			t.Errorf("created %+v", gem)
		}
		e := lastLog(t, db, "organisation.create")
		if e.Outcome != "success" || e.Objects != fmt.Sprintf("organisation:%d", ggz.ID) || e.Basis != kluwen.BasisSystem {
			t.Errorf("entry %v", e)
		}

		for _, name := range []string{"Wijkteam Noord", "Leerplicht", "Wijkteam Zuid"} {
			d := &kluwen.Department{OrganisationID: gem.ID, Name: name}
			if err := db.CreateDepartment(ctx, d); err != nil || d.ID == 0 {
				t.Fatalf("create department %q: %v", name, err)
			}
		}
		if e := lastLog(t, db, "organisation.update"); e.Outcome != "success" || e.Objects != fmt.Sprintf("organisation:%d", gem.ID) {
			t.Errorf("entry %v", e)
		}
		err := db.CreateDepartment(ctx, &kluwen.Department{OrganisationID: gem.ID, Name: "leerplicht"})
		wantCode(t, err, kluwen.ECONFLICT)
		wantFields(t, err, "name")
		err = db.CreateDepartment(ctx, &kluwen.Department{OrganisationID: gem.ID + 1000, Name: ""})
		wantCode(t, err, kluwen.EINVALID)
		wantFields(t, err, "name", "organisationId")
		if got := fieldMessage(err, "organisationId"); got != "Deze organisatie bestaat niet." {
			t.Errorf("organisationId message = %q", got)
		}
		// The same name in another organisation is fine.
		if err := db.CreateDepartment(ctx, &kluwen.Department{OrganisationID: ggz.ID, Name: "Leerplicht"}); err != nil {
			t.Errorf("department of another organisation: %v", err)
		}

		got, err := db.FindOrganisationByID(ctx, gem.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, d := range got.Departments {
			if d.OrganisationID != gem.ID {
				t.Errorf("department %+v of another organisation", d)
			}
			names = append(names, d.Name)
		}
		if fmt.Sprint(names) != "[Leerplicht Wijkteam Noord Wijkteam Zuid]" {
			t.Errorf("departments = %v", names)
		}
		_, err = db.FindOrganisationByID(ctx, gem.ID+1000)
		wantCode(t, err, kluwen.ENOTFOUND)

		all, err := db.FindOrganisations(ctx, kluwen.OrganisationFilter{})
		if err != nil || len(all) != 2 || all[0].ID != gem.ID || all[1].ID != ggz.ID || len(all[1].Departments) != 1 {
			t.Errorf("all organisations = %v, err %v", all, err)
		}
		sector := kluwen.SectorZorg
		list, err := db.FindOrganisations(ctx, kluwen.OrganisationFilter{Sector: &sector})
		if err != nil || len(list) != 1 || list[0].ID != ggz.ID {
			t.Errorf("by sector = %v, err %v", list, err)
		}
		name := "gemeente kluwendam"
		list, err = db.FindOrganisations(ctx, kluwen.OrganisationFilter{Name: &name})
		if err != nil || len(list) != 1 || list[0].ID != gem.ID || len(list[0].Departments) != 3 {
			t.Errorf("by name = %v, err %v", list, err)
		}

		newName, newSector := "Gemeente Kluwendam-Oost", kluwen.SectorGemeente
		upd, err := db.UpdateOrganisation(ctx, gem.ID, kluwen.OrganisationUpdate{Name: &newName, Sector: &newSector})
		if err != nil || upd.Name != newName || len(upd.Departments) != 3 {
			t.Fatalf("update = %+v, err %v", upd, err)
		}
		taken := "ggz kluwendam"
		_, err = db.UpdateOrganisation(ctx, gem.ID, kluwen.OrganisationUpdate{Name: &taken})
		wantCode(t, err, kluwen.ECONFLICT)
		wantFields(t, err, "name")
		// Its own name is not a clash.
		if _, err := db.UpdateOrganisation(ctx, gem.ID, kluwen.OrganisationUpdate{Name: &newName}); err != nil {
			t.Errorf("update to its own name: %v", err)
		}
		_, err = db.UpdateOrganisation(ctx, gem.ID+1000, kluwen.OrganisationUpdate{Name: &newName})
		wantCode(t, err, kluwen.ENOTFOUND)
	})
}

// TestOrganisationRoleMatrix: every signed-in role may read organisations; only
// admins (and the system) create and change them.
func TestOrganisationRoleMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *sqlstore.DB) {
		f := newAuthFixture(t, db)
		for n, r := range kluwen.Roles {
			ctx := ctxAs(f.users[r])
			allowed := r == kluwen.RoleAdmin
			actions := []struct {
				name  string
				event string
				do    func() error
			}{
				{"create organisation", "organisation.create", func() error {
					return db.CreateOrganisation(ctx, &kluwen.Organisation{Name: fmt.Sprintf("Organisatie %d", n), Sector: kluwen.SectorZorg})
				}},
				{"update organisation", "organisation.update", func() error {
					name := fmt.Sprintf("Gemeente %d", n)
					_, err := db.UpdateOrganisation(ctx, f.org.ID, kluwen.OrganisationUpdate{Name: &name})
					return err
				}},
				{"create department", "organisation.update", func() error {
					return db.CreateDepartment(ctx, &kluwen.Department{OrganisationID: f.org.ID, Name: fmt.Sprintf("Afdeling %d", n)})
				}},
			}
			for _, a := range actions {
				t.Run(string(r)+"/"+a.name, func(t *testing.T) {
					err := a.do()
					e := lastLog(t, db, a.event)
					if e.UserID != f.users[r].ID || e.Role != string(r) {
						t.Errorf("last entry %v is not this attempt's", e)
					}
					if allowed {
						if err != nil || e.Outcome != "success" {
							t.Fatalf("admin: %v, entry %v", err, e)
						}
						return
					}
					wantCode(t, err, kluwen.EFORBIDDEN)
					if e.Outcome != "refused" {
						t.Errorf("entry %v, want refused", e)
					}
				})
			}
			t.Run(string(r)+"/read", func(t *testing.T) {
				if _, err := db.FindOrganisationByID(ctx, f.org.ID); err != nil {
					t.Errorf("find by id: %v", err)
				}
				if list, err := db.FindOrganisations(ctx, kluwen.OrganisationFilter{}); err != nil || len(list) == 0 {
					t.Errorf("find: %v, err %v", list, err)
				}
			})
		}
		got, err := db.FindOrganisationByID(ctxSystem(), f.org.ID)
		if want := fmt.Sprintf("Gemeente %d", slices.Index(kluwen.Roles, kluwen.RoleAdmin)); err != nil || got.Name != want || len(got.Departments) != 1 {
			t.Errorf("after the matrix: %+v, err %v; want only the admin's changes", got, err)
		}

		_, err = db.FindOrganisations(context.Background(), kluwen.OrganisationFilter{})
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		_, err = db.FindOrganisationByID(context.Background(), f.org.ID)
		wantCode(t, err, kluwen.EUNAUTHORIZED)
		wantCode(t, db.CreateOrganisation(context.Background(), &kluwen.Organisation{Name: "X", Sector: kluwen.SectorZorg}), kluwen.EUNAUTHORIZED)
	})
}
