package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
)

// pushCmd is "customers push ID": send the customer to Google, or go on
// with a push that was under way; --dry-run only checks.
func pushCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "push ID|DOMAIN|EMAIL",
		Short: e.T("send a customer to Google ([google] in the config)"),
		Args:  oneCustomerArg("customers push"),
	}
	dry := cmd.Flags().Bool("dry-run", false, e.S("only check what Google already has and what the customer lacks; change nothing"))
	overwrite := cmd.Flags().Bool("overwrite", false, e.S("for an import Google refused because the reseller already has the customer: replace Google's record with this import (overwriteIfExists)"))
	keep := cmd.Flags().Bool("keep-mine", false, e.S("when Google's record changed since onboard saw it: send this version over Google's"))
	take := cmd.Flags().Bool("take-google", false, e.S("when Google's record changed since onboard saw it: take Google's values and drop the change made here"))
	asJSON := e.jsonFlag(cmd, e.S("print the customer as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if *keep || *take {
			if *keep && *take {
				return usageFor(cmd, i18n.Errorf("--keep-mine and --take-google exclude each other"))
			}
			svc, c, err := e.oneCustomer(args[0])
			if err != nil {
				return err
			}
			out, err := svc.ResolveChange(e.ctx, actor(), c.ID, *keep)
			return e.pushed(out, err, *asJSON)
		}
		return e.customersPush(args[0], *dry, *overwrite, *asJSON)
	}
	return cmd
}

func (e *env) customersPush(ref string, dry, overwrite, asJSON bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	if dry {
		ps, err := svc.CheckGoogle(e.ctx, c.ID)
		if err != nil {
			return err
		}
		if len(ps) > 0 {
			return ps
		}
		fmt.Fprint(e.stdout, e.T("Customer %s can be pushed: Google has no account for %s yet. Nothing was sent.\n", i18n.ID(c.ID), rules.DisplayDomain(c.Domain)))
		return nil
	}
	if overwrite {
		out, err := svc.PushOverwrite(e.ctx, actor(), c.ID)
		return e.pushed(out, err, asJSON)
	}
	out, err := svc.Push(e.ctx, actor(), c.ID)
	return e.pushed(out, err, asJSON)
}

// pushed reports a push's outcome.
func (e *env) pushed(c model.Customer, err error, asJSON bool) error {
	if err != nil {
		var ee *rules.ExistsError
		if errors.As(err, &ee) && !ee.Owned() {
			e.hint(e.T("onboard: to import it: onboard customers import --kind %s --org … --domain %s --transfer-token TOKEN\n", c.Kind, c.Domain))
		}
		var gc *store.GoogleChangedError
		if errors.As(err, &gc) {
			for _, d := range gc.Differences {
				fmt.Fprint(e.stdout, e.T("  %-20s here %s, at Google %s\n", common.FieldName(e.lang(), model.Field(d.Field)), shown(e.lang(), d.Local), shown(e.lang(), d.Google)))
			}
			e.hint(e.T("onboard: then: onboard customers push %s --keep-mine (send this version) or --take-google (take Google's)\n", i18n.ID(c.ID)))
		}
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, customerJSON(c))
	}
	fmt.Fprint(e.stdout, e.T("Pushed customer %s to Google: %s, Cloud Identity ID %s (%s)\n", i18n.ID(c.ID), common.StatusName(e.lang(), c.Status), rules.Sanitize(c.CloudIdentityID), rules.Sanitize(c.GoogleName)))
	return nil
}

// refreshCmd is "customers refresh ID": what Google has that differs
// from the local record; --take stores Google's values and records the
// confirmation.
func refreshCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "refresh ID|DOMAIN|EMAIL",
		Short: e.T("what Google has that differs; --take stores it"),
		Args:  oneCustomerArg("customers refresh"),
	}
	take := cmd.Flags().Bool("take", false, e.S("store Google's values and record that the details were confirmed"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.customersRefresh(args[0], *take) }
	return cmd
}

func (e *env) customersRefresh(ref string, take bool) error {
	svc, c, err := e.oneCustomer(ref)
	if err != nil {
		return err
	}
	c, got, diffs, err := svc.FromGoogle(e.ctx, c.ID)
	if err != nil {
		return err
	}
	if len(diffs) == 0 {
		fmt.Fprint(e.stdout, e.T("Customer %s matches Google.\n", i18n.ID(c.ID)))
	} else {
		fmt.Fprint(e.stdout, e.T("Customer %s differs from Google:\n", i18n.ID(c.ID)))
		for _, d := range diffs {
			fmt.Fprint(e.stdout, e.T("  %-20s here %s, at Google %s\n", common.FieldName(e.lang(), model.Field(d.Field)), shown(e.lang(), d.Local), shown(e.lang(), d.Google)))
		}
	}
	if !take {
		if len(diffs) > 0 {
			fmt.Fprintln(e.stdout, e.T("Run again with --take to store Google's values."))
		}
		return nil
	}
	out, err := svc.TakeGoogle(e.ctx, actor(), c.ID, c.Version, got)
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, e.T("Stored Google's values for customer %s and recorded the confirmation (version %s).\n", i18n.ID(out.ID), i18n.ID(out.Version)))
	return nil
}
