package main

import (
	"errors"
	"fmt"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
)

// customersPush is "customers push ID": send the customer to Google, or
// go on with a push that was under way; --dry-run only checks.
func (e *env) customersPush(args []string) error {
	fs := e.flags("customers push")
	dry := fs.Bool("dry-run", false, "only check what Google already has and what the customer lacks; change nothing")
	asJSON := fs.Bool("json", false, "print the customer as JSON")
	svc, c, err := e.oneCustomer(fs, args)
	if err != nil {
		return err
	}
	if *dry {
		ps, err := svc.CheckGoogle(e.ctx, c.ID)
		if err != nil {
			return err
		}
		if len(ps) > 0 {
			return ps
		}
		fmt.Fprintf(e.stdout, "Customer %d can be pushed: Google has no account for %s yet. Nothing was sent.\n", c.ID, rules.DisplayDomain(c.Domain))
		return nil
	}
	out, err := svc.Push(e.ctx, actor(), c.ID)
	return e.pushed(out, err, *asJSON)
}

// pushed reports a push's outcome.
func (e *env) pushed(c model.Customer, err error, asJSON bool) error {
	if err != nil {
		var ee *store.ExistsError
		if errors.As(err, &ee) && !ee.Owned() {
			fmt.Fprintf(e.stderr, "onboard: to import it: onboard customers import --kind %s --org … --domain %s --transfer-token TOKEN\n", c.Kind, c.Domain)
		}
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, customerJSON(c))
	}
	fmt.Fprintf(e.stdout, "Pushed customer %d to Google: %s, Cloud Identity ID %s (%s)\n", c.ID, c.Status, c.CloudIdentityID, c.GoogleName)
	return nil
}

// customersRefresh is "customers refresh ID": what Google has that differs
// from the local record; --take stores Google's values and records the
// confirmation.
func (e *env) customersRefresh(args []string) error {
	fs := e.flags("customers refresh")
	take := fs.Bool("take", false, "store Google's values and record that the details were confirmed")
	svc, c, err := e.oneCustomer(fs, args)
	if err != nil {
		return err
	}
	c, got, diffs, err := svc.FromGoogle(e.ctx, c.ID)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprintf(e.stdout, "Customer %d matches Google.\n", c.ID)
	} else {
		fmt.Fprintf(e.stdout, "Customer %d differs from Google:\n", c.ID)
		for _, d := range diffs {
			fmt.Fprintf(e.stdout, "  %-20s here %s, at Google %s\n", d.Field, shown(d.Local), shown(d.Google))
		}
	}
	if !*take {
		if len(diffs) > 0 {
			fmt.Fprintln(e.stdout, "Run again with --take to store Google's values.")
		}
		return nil
	}
	out, err := svc.TakeGoogle(e.ctx, actor(), c.ID, c.Version, got)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Stored Google's values for customer %d and recorded the confirmation (version %d).\n", out.ID, out.Version)
	return nil
}
