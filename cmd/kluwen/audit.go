package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/kluwen/kluwen"
	"github.com/kluwen/kluwen/internal/auditcsv"
)

const auditUsage = `Usage:
  kluwen audit verify    checks the whole hash chain of the access log; exit status 1
                         when an entry was altered, removed or inserted
  kluwen audit export [--from DATE] [--to DATE] [--person ID] [--household ID] [--case ID]
                      [--user ID] [--org ID] [--outcome success|refused|error] [--output FILE]
                         writes the matching entries as CSV, oldest first`

func runAudit(ctx context.Context, env *environment, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "verify":
		return auditVerify(ctx, env, args)
	case "export":
		return auditExport(ctx, env, args)
	case "-h", "--help", "help":
		fmt.Fprintln(env.stdout, auditUsage)
		return nil
	}
	return usagef("want verify or export (see kluwen audit --help)")
}

// chainBroken is a verification that found problems: exit status 1.
type chainBroken struct{ n int }

func (e chainBroken) Error() string {
	return fmt.Sprintf("the access log is NOT intact: %d problem(s)", e.n)
}

func auditVerify(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "audit verify", "audit verify [flags]",
		"Checks every entry of the access log against the hash chain and reports each entry that\n"+
			"was altered, removed or inserted, with its position. Note the head hash it prints\n"+
			"somewhere outside Kluwen now and then: that also catches entries cut off the end.", dbSettings...)
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	v, verr := a.Services.Audit.VerifyAccessLog(systemContext(ctx, "audit verify"))
	if v == nil {
		return verr
	}
	for _, p := range v.Problems {
		fmt.Fprintf(env.stdout, "position %d: %s: %s\n", p.Position, p.Kind, p.Detail)
	}
	fmt.Fprintf(env.stdout, "%d entries, head hash %s\n", v.Entries, v.HeadHash)
	if !v.OK() {
		return chainBroken{len(v.Problems)}
	}
	if verr != nil {
		return verr
	}
	fmt.Fprintln(env.stdout, "The access log is intact.")
	return nil
}

func auditExport(ctx context.Context, env *environment, args []string) error {
	fs := newFlags(env, "audit export", "audit export [filters] [--output FILE] [flags]",
		"Writes the access-log entries that match the filters as CSV, oldest first. The export\n"+
			"is itself written to the access log.", dbSettings...)
	from := fs.String("from", "", "from this date (YYYY-MM-DD, inclusive)")
	to := fs.String("to", "", "until this date (YYYY-MM-DD, inclusive)")
	person := fs.Int64("person", 0, "only entries about this person ID")
	household := fs.Int64("household", 0, "only entries about this household ID")
	caseID := fs.Int64("case", 0, "only entries about this case ID")
	user := fs.Int64("user", 0, "only entries by this user ID")
	org := fs.Int64("org", 0, "only entries by users of this organisation ID")
	outcome := fs.String("outcome", "", "only this outcome: success, refused or error")
	output := fs.String("output", "", "write to this file instead of standard output")
	a, err := open(ctx, env, fs, args)
	if err != nil {
		return err
	}
	defer a.Close()
	var f kluwen.AccessLogFilter
	if *from != "" {
		d, err := kluwen.ParseDate(*from)
		if err != nil {
			return usagef("--from: want a date like 2026-01-31")
		}
		f.From = &d
	}
	if *to != "" {
		d, err := kluwen.ParseDate(*to)
		if err != nil {
			return usagef("--to: want a date like 2026-01-31")
		}
		d = d.AddDate(0, 0, 1)
		f.To = &d
	}
	for _, p := range []struct {
		v   int64
		dst **int64
	}{{*person, &f.PersonID}, {*household, &f.HouseholdID}, {*caseID, &f.CaseID}, {*user, &f.UserID}, {*org, &f.OrganisationID}} {
		if p.v != 0 {
			v := p.v
			*p.dst = &v
		}
	}
	if *outcome != "" {
		o := kluwen.AuditOutcome(*outcome)
		f.Outcome = &o
	}
	out := env.stdout
	if *output != "" {
		file, err := os.OpenFile(*output, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer file.Close()
		out = file
	}
	w, err := auditcsv.NewWriter(out)
	if err != nil {
		return err
	}
	n := 0
	if err := a.Services.Audit.ExportAccessLog(systemContext(ctx, "audit export"), f, func(e *kluwen.AccessLogEntry) error {
		n++
		return w.Write(e)
	}); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if *output != "" {
		fmt.Fprintf(env.stderr, "Wrote %s entries to %s.\n", strconv.Itoa(n), *output)
	}
	return nil
}
