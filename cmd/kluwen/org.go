package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/kluwen/kluwen"
)

func runOrg(ctx context.Context, env *environment, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "add":
		return orgAdd(ctx, env, args)
	case "list":
		return orgList(ctx, env, args)
	case "-h", "--help", "help":
		fmt.Fprintln(env.stdout, "Usage: kluwen org add --name NAME --sector SECTOR [--department NAME …]\n       kluwen org list\n\nSectors:")
		for _, s := range kluwen.Sectors {
			fmt.Fprintf(env.stdout, "  %-11s %s\n", s, s.Label())
		}
		return nil
	}
	return usagef("want add or list (see kluwen org --help)")
}

type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func orgAdd(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "org add", "org add --name NAME --sector SECTOR [--department NAME …] [flags]",
		"Adds a partner organisation, with its departments.", dbSettings...)
	name := fs.String("name", "", "the organisation's name")
	sector := fs.String("sector", "", "its sector: gemeente, zorg, jeugd, veiligheid, wonen, schulden or onderwijs")
	var depts multiFlag
	fs.Var(&depts, "department", "a department (may be repeated)")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	ctx = systemContext(ctx, "org add")
	o := &kluwen.Organisation{Name: *name, Sector: kluwen.Sector(*sector)}
	if err := a.Services.Organisations.CreateOrganisation(ctx, o); err != nil {
		return err
	}
	for _, d := range depts {
		if err := a.Services.Organisations.CreateDepartment(ctx, &kluwen.Department{OrganisationID: o.ID, Name: d}); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.stdout, "Added organisation %d: %s (%s).\n", o.ID, o.Name, o.Sector)
	return nil
}

func orgList(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "org list", "org list [flags]", "Lists the partner organisations with their departments.", dbSettings...)
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	orgs, err := a.Services.Organisations.FindOrganisations(systemContext(ctx, "org list"), kluwen.OrganisationFilter{})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSECTOR\tDEPARTMENTS")
	for _, o := range orgs {
		ds := ""
		for i, d := range o.Departments {
			if i > 0 {
				ds += ", "
			}
			ds += d.Name
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", o.ID, o.Name, o.Sector, ds)
	}
	return tw.Flush()
}
