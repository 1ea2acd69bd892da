package main

import (
	"bufio"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
)

// editCmd is "customers edit ID --field value...": the flags given
// change those fields; the rest stay. The same rules as the form apply.
func editCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "edit ID|DOMAIN|EMAIL --FIELD VALUE...",
		Short:   e.T("change fields of a customer (the same rules as the app)"),
		Example: `onboard customers edit devries.nl --phone "020 123 4567" --region NL`,
		Args: posArgs(func(args []string) error {
			if len(args) != 1 {
				return i18n.Errorf("customers edit needs one ID, domain or team email, and the fields to change")
			}
			return nil
		}),
	}
	fs := cmd.Flags()
	vals := map[model.Field]*string{}
	for _, f := range formFlags {
		vals[f.field] = fs.String(f.flag, "", e.S(f.usage))
	}
	smart := fs.String("smart-features", "", e.S("smart features and personalisation for Gmail, Chat and Meet: `on` or off"))
	lines := fs.StringArray("address-line", nil, e.S("an address `LINE` (repeat for up to 3; replaces the address lines)"))
	edu := fs.String("education", "", e.S("educational institution: `k12` or university"))
	asJSON := e.jsonFlag(cmd, e.S("print the customer as JSON"))
	choices(cmd, "kind", "domain", "team")
	choices(cmd, "education", "k12", "university")
	choices(cmd, "institute-size", instituteSizes...)
	choices(cmd, "smart-features", "on", "off")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return e.customersEdit(cmd, args[0], vals, *smart, *lines, *edu, *asJSON)
	}
	return cmd
}

// customersEdit runs "customers edit".
func (e *env) customersEdit(cmd *cobra.Command, ref string, vals map[model.Field]*string, smart string, lines []string, edu string, asJSON bool) error {
	if len(lines) > 3 {
		return flagUsage("--address-line", i18n.Errorf("--address-line can be given at most 3 times"))
	}
	set := changed(cmd)
	delete(set, "db")
	delete(set, "config")
	delete(set, "json")
	if len(set) == 0 {
		return usage(i18n.Errorf("customers edit needs at least one field to change, like --phone or --org"))
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	cur, err := find(e.ctx, svc, ref)
	if err != nil {
		return err
	}
	form := cur.Form()
	for _, f := range formFlags {
		if set[f.flag] {
			form[f.field] = *vals[f.field]
		}
	}
	if set["smart-features"] {
		form[model.FieldSmartFeatures] = smart
	}
	if set["address-line"] {
		for i := 0; i < 3; i++ {
			v := ""
			if i < len(lines) {
				v = lines[i]
			}
			form[model.Field(fmt.Sprintf("address_line_%d", i+1))] = v
		}
	}
	if set["education"] {
		form[model.FieldEducation] = model.Yes
		form[model.FieldInstituteType] = edu
	}
	if err := onlyApplicable(cur.Origin, form, svc.Env(), set); err != nil {
		return err
	}
	c, err := svc.Update(e.ctx, actor(), cur.ID, cur.Version, form)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, customerJSON(c))
	}
	changes := model.Diff(cur, c)
	if len(changes) == 0 {
		fmt.Fprint(e.stdout, e.T("Customer %s already had these values; nothing changed.\n", i18n.ID(c.ID)))
		return nil
	}
	fmt.Fprint(e.stdout, e.T("Saved customer %s (version %s):\n", i18n.ID(c.ID), i18n.ID(c.Version)))
	printChanges(e, changes)
	return nil
}

func printChanges(e *env, changes []model.Change) {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	for _, ch := range changes {
		fmt.Fprintf(tw, "  %s\t%s → %s\n", common.FieldName(e.lang(), model.Field(ch.Field)), shown(e.lang(), ch.Old), shown(e.lang(), ch.New))
	}
	tw.Flush()
}

func shown(l i18n.Lang, v string) string {
	if v == "" {
		return l.T("(empty)")
	}
	return rules.Sanitize(v)
}

// confirmCmd is "customers confirm ID": the details were confirmed with
// the customer today.
func confirmCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "confirm ID|DOMAIN|EMAIL",
		Short: e.T("record that the details were confirmed with the customer today"),
		Args:  oneCustomerArg("customers confirm"),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, cur, err := e.oneCustomer(args[0])
			if err != nil {
				return err
			}
			c, err := svc.Confirm(e.ctx, actor(), cur.ID, cur.Version)
			if err != nil {
				return err
			}
			fmt.Fprint(e.stdout, e.T("Confirmed the details of customer %s (%s) today; last confirmed before: %s.\n", i18n.ID(c.ID), rules.Sanitize(c.OrgName), confirmedText(e.lang(), cur.ConfirmedAt)))
			return nil
		},
	}
}

// historyCmd is "customers history ID": every audit event.
func historyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history ID|DOMAIN|EMAIL",
		Short: e.T("every change of a customer: who, when, what"),
		Args:  oneCustomerArg("customers history"),
	}
	asJSON := e.jsonFlag(cmd, e.S("print the events as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		svc, c, err := e.oneCustomer(args[0])
		if err != nil {
			return err
		}
		evs, err := svc.History(e.ctx, c.ID)
		if err != nil {
			return err
		}
		if *asJSON {
			if evs == nil {
				evs = []model.Event{}
			}
			return writeJSON(e.stdout, evs)
		}
		fmt.Fprint(e.stdout, e.T("History of customer %s, %s:\n", i18n.ID(c.ID), rules.Sanitize(c.OrgName)))
		for _, ev := range evs {
			w := common.HistoryWords(e.lang(), nil, ev) // this machine's zone
			fmt.Fprintf(e.stdout, "%s  %s  %s\n", w.At, w.Actor, w.Action)
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			for _, ch := range w.Changes {
				fmt.Fprintf(tw, "  %s\t%s\n", ch.Label, ch.Text)
			}
			tw.Flush()
		}
		return nil
	}
	return e.readOnlyCmd(cmd)
}

// staleCmd is "customers stale": the customers whose details were not
// confirmed for more than [upkeep] confirm_after_days, oldest first.
func staleCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stale",
		Short: e.T("customers not confirmed for [upkeep] confirm_after_days, oldest first"),
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("customers stale takes no arguments")
			}
			return nil
		}),
	}
	limit := cmd.Flags().Int("limit", 50, e.S("at most `N` customers"))
	asJSON := e.jsonFlag(cmd, e.S("print a JSON array"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.customersStale(*limit, *asJSON) }
	return e.readOnlyCmd(cmd)
}

func (e *env) customersStale(limit int, asJSON bool) error {
	if limit < 1 {
		return flagUsage("--limit", i18n.Errorf("--limit must be at least 1"))
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	cutoff := svc.StaleCutoff()
	q := store.StaleQuery(cutoff, nil, 0)
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	if asJSON {
		arr := &jsonArray{w: out}
		err = eachCustomer(e.ctx, svc, q, limit, func(c model.Customer) error { return arr.add(customerJSON(c)) })
		return flushAll(err, arr.close(), out)
	}
	n, err := svc.CountStale(e.ctx, cutoff)
	if err != nil {
		return err
	}
	days := int(svc.ConfirmAfter().Hours() / 24)
	if n == 0 {
		fmt.Fprint(e.stdout, e.T("Every customer's details were confirmed in the last %d days.\n", days))
		return nil
	}
	fmt.Fprint(out, e.lang().N(n, "%d customer not confirmed for more than %d days", "%d customers not confirmed for more than %d days, oldest first", n, days))
	if int64(limit) < n {
		fmt.Fprint(out, e.T(" (the first %d)", limit))
	}
	fmt.Fprintln(out, ":")
	t := &table{w: out}
	t.add(strings.Split(e.T("ID\tORGANISATION\tDOMAIN / EMAIL\tLAST CONFIRMED"), "\t")...)
	err = eachCustomer(e.ctx, svc, q, limit, func(c model.Customer) error {
		return t.add(fmt.Sprint(c.ID), cell(c.OrgName, 40), cell(where(c), 40), confirmedText(e.lang(), c.ConfirmedAt))
	})
	return flushAll(err, t.flush(), out)
}
