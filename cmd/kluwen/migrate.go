package main

import (
	"context"
	"fmt"
)

func runMigrate(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "migrate", "migrate [flags]",
		"Brings the database schema up to date. Migrations are forward-only and never drop data;\n"+
			"serve also migrates at start-up, so this is for running it as a separate step.", dbSettings...)
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintf(env.stdout, "The %s database is up to date.\n", a.DB.Dialect())
	return nil
}
