package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/app"
)

const userUsage = `Usage:
  kluwen user add --username NAME --name "Full Name" --org ORG --role ROLE [--email ADDR]
  kluwen user list [--org ORG]
  kluwen user disable USERNAME     (also ends the user's sessions at once)
  kluwen user enable USERNAME
  kluwen user password USERNAME    (sets a new password)
  kluwen user token USERNAME [--label TEXT]   (prints a new personal API token, valid 90 days)
  kluwen user tokens USERNAME      (lists the user's tokens, never the tokens themselves)
  kluwen user revoke-token ID      (ends a token at once)

A password is read from the terminal without echo (asked twice), or as the first
line of standard input when that is not a terminal. ORG is an organisation's ID or
exact name. Roles: regisseur, professional, analyst, privacy_officer, admin, editor.`

func runUser(ctx context.Context, env *environment, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "add":
		return userAdd(ctx, env, args)
	case "list":
		return userList(ctx, env, args)
	case "disable", "enable":
		return userSetDisabled(ctx, env, args, sub == "disable")
	case "password":
		return userPassword(ctx, env, args)
	case "token":
		return userToken(ctx, env, args)
	case "tokens":
		return userTokens(ctx, env, args)
	case "revoke-token":
		return userRevokeToken(ctx, env, args)
	case "-h", "--help", "help":
		fmt.Fprintln(env.stdout, userUsage)
		return nil
	}
	return usagef("want add, list, disable, enable, password, token, tokens or revoke-token (see kluwen user --help)")
}

// findOrganisation finds an organisation by ID or exact name.
func findOrganisation(ctx context.Context, a *app.App, ref string) (*kluwen.Organisation, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return a.Services.Organisations.FindOrganisationByID(ctx, id)
	}
	orgs, err := a.Services.Organisations.FindOrganisations(ctx, kluwen.OrganisationFilter{Name: &ref})
	if err != nil {
		return nil, err
	}
	if len(orgs) == 0 {
		return nil, usagef("no organisation %q (see kluwen org list)", ref)
	}
	return orgs[0], nil
}

// findUser finds a user by username.
func findUser(ctx context.Context, a *app.App, username string) (*kluwen.User, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	users, err := a.Services.Users.FindUsers(ctx, kluwen.UserFilter{Username: &username})
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		return nil, usagef("no user %q (see kluwen user list)", username)
	}
	return users[0], nil
}

// readPassword asks for a new password twice on a terminal, or reads the first
// line of a non-terminal standard input.
func readPassword(env *environment) (string, error) {
	if f, ok := env.stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(env.stderr, "New password (at least 12 characters): ")
		p1, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(env.stderr, "Once more: ")
		p2, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(env.stderr)
		if err != nil {
			return "", err
		}
		if string(p1) != string(p2) {
			return "", usagef("the passwords differ")
		}
		return string(p1), nil
	}
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usagef("no password on standard input")
	}
	return line, nil
}

func userAdd(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user add", "user add --username NAME --name \"Full Name\" --org ORG --role ROLE [--email ADDR] [flags]",
		"Adds a user. The password is asked for (or read from standard input).", dbSettings...)
	username := fs.String("username", "", "the sign-in name (lower case)")
	name := fs.String("name", "", "the full name, as colleagues see it")
	email := fs.String("email", "", "e-mail address (optional)")
	org := fs.String("org", "", "the organisation: ID or exact name")
	role := fs.String("role", "", "regisseur, professional, analyst, privacy_officer, admin or editor")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user add")
	if *org == "" {
		return usagef("--org is required")
	}
	o, err := findOrganisation(ctx, a, *org)
	if err != nil {
		return err
	}
	password, err := readPassword(env)
	if err != nil {
		return err
	}
	u := &kluwen.User{Username: *username, DisplayName: *name, Email: *email, OrganisationID: o.ID, Role: kluwen.Role(*role)}
	if err := a.Services.Users.CreateUser(ctx, u, password); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Added user %s (%s) at %s.\n", u.Username, u.Role, o.Name)
	return nil
}

func userList(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user list", "user list [--org ORG] [flags]", "Lists users.", dbSettings...)
	org := fs.String("org", "", "only this organisation: ID or exact name")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user list")
	var f kluwen.UserFilter
	if *org != "" {
		o, err := findOrganisation(ctx, a, *org)
		if err != nil {
			return err
		}
		f.OrganisationID = &o.ID
	}
	users, err := a.Services.Users.FindUsers(ctx, f)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tUSERNAME\tNAME\tROLE\tORGANISATION\tSTATUS")
	for _, u := range users {
		status, orgName := "active", strconv.FormatInt(u.OrganisationID, 10)
		if u.Disabled {
			status = "disabled"
		}
		if u.Organisation != nil {
			orgName = u.Organisation.Name
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.DisplayName, u.Role, orgName, status)
	}
	return tw.Flush()
}

// openWithUsername opens the database for a command that takes one username,
// before or after its flags.
func openWithUsername(ctx context.Context, env *environment, fs *flag.FlagSet, args []string) (*app.App, string, error) {
	var rest []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		rest, args = append(rest, args[0]), args[1:]
	}
	cfg, err := load(env, fs, args)
	if err != nil {
		return nil, "", err
	}
	rest = append(rest, fs.Args()...)
	if len(rest) != 1 {
		return nil, "", usagef("give exactly one username")
	}
	a, err := app.Open(ctx, cfg, cfg.NewLogger(env.stderr))
	if err != nil {
		return nil, "", err
	}
	return a, rest[0], nil
}

func userSetDisabled(ctx context.Context, env *environment, args []string, disabled bool) error {
	verb := map[bool]string{true: "disable", false: "enable"}[disabled]
	fs := newFlags(env, "user "+verb, "user "+verb+" USERNAME [flags]", "Disables a user and ends their sessions at once, or enables them again.", dbSettings...)
	a, name, err := openWithUsername(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user "+verb)
	u, err := findUser(ctx, a, name)
	if err != nil {
		return err
	}
	if err := a.Services.Users.SetDisabled(ctx, u.ID, disabled); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "User %s is %sd.\n", u.Username, verb)
	return nil
}

func userPassword(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user password", "user password USERNAME [flags]", "Sets a new password; it is asked for (or read from standard input).", dbSettings...)
	a, name, err := openWithUsername(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user password")
	u, err := findUser(ctx, a, name)
	if err != nil {
		return err
	}
	password, err := readPassword(env)
	if err != nil {
		return err
	}
	if err := a.Services.Users.SetPassword(ctx, u.ID, password); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "The password of %s is changed.\n", u.Username)
	return nil
}

func userToken(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user token", "user token USERNAME [--label TEXT] [flags]",
		"Creates a personal API token and prints it once. Send it as 'Authorization: Bearer <token>'.\n"+
			"Only a hash is stored: a lost token cannot be shown again, make a new one.", dbSettings...)
	label := fs.String("label", "cli", "what the token is for")
	a, name, err := openWithUsername(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user token")
	u, err := findUser(ctx, a, name)
	if err != nil {
		return err
	}
	token, _, err := a.Services.Users.CreateAPIToken(ctx, u.ID, *label)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.stdout, token)
	return nil
}

func userTokens(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user tokens", "user tokens USERNAME [flags]", "Lists a user's personal API tokens: name, dates and whether it still works.", dbSettings...)
	a, name, err := openWithUsername(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = systemContext(ctx, "user tokens")
	u, err := findUser(ctx, a, name)
	if err != nil {
		return err
	}
	tokens, err := a.Services.Users.FindAPITokens(ctx, u.ID)
	if err != nil {
		return err
	}
	now := time.Now()
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tEXPIRES\tLAST USED\tSTATUS")
	for _, t := range tokens {
		status, used := "active", "-"
		switch {
		case t.RevokedAt != nil:
			status = "revoked"
		case !t.Active(now):
			status = "expired"
		}
		if t.LastUsedAt != nil {
			used = t.LastUsedAt.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.Format(time.DateOnly), t.ExpiresAt.Format(time.DateOnly), used, status)
	}
	return tw.Flush()
}

func userRevokeToken(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "user revoke-token", "user revoke-token ID [flags]", "Ends a personal API token at once (see kluwen user tokens for the ID).", dbSettings...)
	var rest []string
	for len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		rest, args = append(rest, args[0]), args[1:]
	}
	cfg, err := load(env, fs, args)
	if err != nil {
		return err
	}
	rest = append(rest, fs.Args()...)
	if len(rest) != 1 {
		return usagef("give exactly one token ID")
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return usagef("%q is not a token ID", rest[0])
	}
	a, err := app.Open(ctx, cfg, cfg.NewLogger(env.stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Services.Users.RevokeAPIToken(systemContext(ctx, "user revoke-token"), id); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Token %d is revoked.\n", id)
	return nil
}
