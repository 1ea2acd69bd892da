package main

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
)

// customersEdit is "customers edit ID --field value...": the flags given
// change those fields; the rest stay. The same rules as the form apply.
func (e *env) customersEdit(args []string) error {
	fs := e.flags("customers edit")
	vals := map[model.Field]*string{}
	for _, f := range formFlags {
		vals[f.field] = fs.String(f.flag, "", e.lang().S(f.usage))
	}
	smart := fs.String("smart-features", "", e.T("smart features and personalisation for Gmail, Chat and Meet: `on` or off"))
	var lines listFlag
	fs.Var(&lines, "address-line", e.T("an address `LINE` (repeat for up to 3; replaces the address lines)"))
	edu := fs.String("education", "", e.T("educational institution: `k12` or university"))
	asJSON := fs.Bool("json", false, e.T("print the customer as JSON"))
	pos, err := parse(fs, args, false)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usage(i18n.Errorf("customers edit needs one ID, domain or team email, and the fields to change"))
	}
	if len(lines) > 3 {
		return usage(i18n.Errorf("--address-line can be given at most 3 times"))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
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
	cur, err := svc.Find(e.ctx, pos[0])
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
		form[model.FieldSmartFeatures] = *smart
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
		form[model.FieldInstituteType] = *edu
	}
	if err := onlyApplicable(cur.Origin, form, svc.Env(), set); err != nil {
		return err
	}
	c, err := svc.Update(e.ctx, actor(), cur.ID, cur.Version, form)
	if err != nil {
		return err
	}
	if *asJSON {
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

// customersConfirm is "customers confirm ID": the details were confirmed
// with the customer today.
func (e *env) customersConfirm(args []string) error {
	fs := e.flags("customers confirm")
	svc, cur, err := e.oneCustomer(fs, args)
	if err != nil {
		return err
	}
	c, err := svc.Confirm(e.ctx, actor(), cur.ID, cur.Version)
	if err != nil {
		return err
	}
	fmt.Fprint(e.stdout, e.T("Confirmed the details of customer %s (%s) today; last confirmed before: %s.\n", i18n.ID(c.ID), rules.Sanitize(c.OrgName), confirmedText(e.lang(), cur.ConfirmedAt)))
	return nil
}

// customersHistory is "customers history ID": every audit event.
func (e *env) customersHistory(args []string) error {
	fs := e.flags("customers history")
	asJSON := fs.Bool("json", false, e.T("print the events as JSON"))
	svc, c, err := e.oneCustomer(fs, args)
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

// customersStale is "customers stale": the customers whose details were
// not confirmed for more than [upkeep] confirm_after_days, oldest first.
func (e *env) customersStale(args []string) error {
	fs := e.flags("customers stale")
	limit := fs.Int("limit", 50, e.T("at most `N` customers"))
	asJSON := fs.Bool("json", false, e.T("print a JSON array"))
	pos, err := parse(fs, args, false)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usage(i18n.Errorf("customers stale takes no arguments"))
	}
	if *limit < 1 || *limit > 100000 {
		return usage(i18n.Errorf("--limit must be from 1 to 100000"))
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	cutoff := svc.StaleCutoff()
	cs, err := svc.List(e.ctx, store.StaleQuery(cutoff, nil, *limit))
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, customersJSON(cs))
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
	fmt.Fprint(e.stdout, e.lang().N(n, "%d customer not confirmed for more than %d days", "%d customers not confirmed for more than %d days, oldest first", n, days))
	if int64(len(cs)) < n {
		fmt.Fprint(e.stdout, e.T(" (the first %d)", len(cs)))
	}
	fmt.Fprintln(e.stdout, ":")
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.T("ID\tORGANISATION\tDOMAIN / EMAIL\tLAST CONFIRMED"))
	for _, c := range cs {
		where := rules.DisplayDomain(c.Domain)
		if c.Kind == model.KindTeam {
			where = rules.DisplayEmail(c.PrimaryEmail)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", c.ID, cell(c.OrgName, 40), cell(where, 40), confirmedText(e.lang(), c.ConfirmedAt))
	}
	return tw.Flush()
}
