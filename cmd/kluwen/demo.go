package main

import (
	"context"
	"fmt"
	"time"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
	"github.com/kluwen/kluwen/internal/demo"
)

func runDemo(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "demo", "demo [--households N] [flags]",
		"Fills an EMPTY database with the synthetic demo municipality Rivierstad: about 20\n"+
			"partner organisations, 40 users, households over three generations, and cases with\n"+
			"years of signals, assessments, plans, conferences, deviations and escalations.\n"+
			"Every name, address and BSN is made up; the same options on the same day give the\n"+
			"same data.", dbSettings...)
	households := fs.Int("households", demo.DefaultHouseholds, "number of households")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if *households < 1 {
		return usagef("--households must be at least 1")
	}
	return fillDemo(ctx, env, a, *households)
}

// fillDemo writes the demo into an empty database, showing progress, and prints
// the demo users. On a database that is not empty it says so and does nothing.
func fillDemo(ctx context.Context, env *environment, a *app.App, households int) error {
	start := time.Now()
	last := time.Time{}
	res, err := a.FillDemo(ctx, demo.Options{
		Households: households,
		Today:      kluwen.Today(),
		Progress: func(done, total int, what string) {
			if now := time.Now(); now.Sub(last) >= time.Second || done == total {
				last = now
				fmt.Fprintf(env.stderr, "\rdemo: %3d%% %-40s", done*100/max(total, 1), what)
			}
		},
	})
	if kluwen.ErrorCode(err) == kluwen.ECONFLICT && kluwen.ErrorMessage(err) == demo.NotEmptyMessage {
		fmt.Fprintln(env.stdout, "The database already holds data: no demo data added.")
		return nil
	}
	if err != nil {
		fmt.Fprintln(env.stderr)
		return err
	}
	fmt.Fprintf(env.stderr, "\rdemo: done in %s%40s\n", time.Since(start).Round(100*time.Millisecond), "")
	fmt.Fprintf(env.stdout, "Demo municipality Rivierstad: %d organisations, %d users, %d households, %d persons, %d open and %d closed cases\n"+
		"with %d signals, %d assessments, %d goals, %d actions, %d case conferences, %d deviations and %d escalations.\n",
		res.Organisations, res.Users, res.Households, res.Persons, res.OpenCases, res.ClosedCases,
		res.Signals, res.Assessments, res.Goals, res.Actions, res.Conferences, res.Maatwerk, res.Escalations)
	fmt.Fprintf(env.stdout, "Every demo user has the password %q. Some of them:\n", demo.DefaultPassword)
	for _, u := range res.DemoUsers {
		if featured[u.Username] {
			fmt.Fprintf(env.stdout, "  %-14s %s, %s\n", u.Username, u.Role.Label(), u.Organisation)
		}
	}
	return nil
}

// featured are the demo users the start-up message names.
var featured = map[string]bool{"regisseur": true, "wijkagent": true, "schuldhulp": true, "woonconsulent": true,
	"jeugdzorg": true, "analist": true, "privacy": true, "beheer": true, "redactie": true}
