package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/tui/common"
)

// formFlags maps the command line's flags onto form fields.
var formFlags = []struct {
	flag  string
	field model.Field
	usage string
}{
	{"kind", model.FieldKind, i18n.M("`domain` or team")},
	{"org", model.FieldOrgName, i18n.M("organisation `NAME`")},
	{"domain", model.FieldDomain, i18n.M("the customer's `DOMAIN`")},
	{"primary-email", model.FieldPrimaryEmail, i18n.M("primary (admin) `EMAIL`, in the domain")},
	{"alternate-email", model.FieldAlternateEmail, i18n.M("alternate `EMAIL`, outside the domain")},
	{"phone", model.FieldPhone, i18n.M("contact `PHONE` number")},
	{"crm-id", model.FieldCRMID, i18n.M("the customer's `ID` in your CRM")},
	{"institute-size", model.FieldInstituteSize, i18n.M("with --education: `SIZE_1_100`, SIZE_101_500 … SIZE_10001_OR_MORE")},
	{"website", model.FieldWebsite, i18n.M("with --education: the institution's `URL`")},
	{"admin-first-name", model.FieldAdminFirstName, i18n.M("admin first `NAME`")},
	{"admin-last-name", model.FieldAdminLastName, i18n.M("admin last `NAME`")},
	{"region", model.FieldRegionCode, i18n.M("country `CODE` (ISO 3166-1, like NL)")},
	{"postal-code", model.FieldPostalCode, i18n.M("postal `CODE`")},
	{"locality", model.FieldLocality, i18n.M("`CITY`")},
	{"administrative-area", model.FieldAdministrativeArea, i18n.M("province or `STATE`")},
	{"reseller-id", model.FieldResellerID, i18n.M("your public reseller `ID` (overrides the config)")},
	{"language", model.FieldLanguage, i18n.M("the customer's language `TAG` (BCP 47)")},
	{"time-zone", model.FieldTimeZone, i18n.M("the customer's time `ZONE` (IANA)")},
	{"transfer-token", model.FieldTransferToken, i18n.M("import: the customer's transfer `TOKEN`")},
	{"token-date", model.FieldTransferTokenDate, i18n.M("import: the `DATE` (YYYY-MM-DD) the token was generated; default today")},
	{"cloud-identity-id", model.FieldCloudIdentityID, i18n.M("import: the customer's Cloud Identity `ID` (required for team customers)")},
}

// customersCmd is "onboard customers": the customers in the store.
func customersCmd(e *env) *cobra.Command {
	cmd := group(e, "customers", e.T("list, show, add, import and change customers"),
		listCmd(e), showCmd(e), addCmd(e, false), addCmd(e, true), editCmd(e), confirmCmd(e),
		historyCmd(e), staleCmd(e), pushCmd(e), refreshCmd(e))
	cmd.Aliases = []string{"customer"}
	return cmd
}

// readOnly marks a command that only reads: it does not create a database.
func (e *env) readOnlyCmd(cmd *cobra.Command) *cobra.Command {
	run := cmd.RunE
	cmd.RunE = func(c *cobra.Command, args []string) error {
		e.readOnly = true
		return run(c, args)
	}
	return cmd
}

// instituteSizes are the values of --institute-size, as Google names them.
var instituteSizes = []string{"SIZE_1_100", "SIZE_101_500", "SIZE_501_1000", "SIZE_1001_2000", "SIZE_2001_5000", "SIZE_5001_10000", "SIZE_10001_OR_MORE"}

// addCmd is "customers add" and "customers import".
func addCmd(e *env, imp bool) *cobra.Command {
	name, mode := "customers add", model.ModeCreate
	cmd := &cobra.Command{
		Use:   "add --kind domain|team --org NAME --domain DOMAIN",
		Short: e.T("add a customer (the same rules as the app)"),
		Example: `onboard customers add --kind domain --org "Bakkerij De Vries" --domain devries.nl --region NL
onboard customers add --kind team --org "Acme Sales" --domain acme.nl --primary-email sales@acme.nl --dry-run`,
	}
	if imp {
		name, mode = "customers import", model.ModeImport
		cmd.Use = "import --kind domain|team --org NAME --domain DOMAIN --transfer-token TOKEN"
		cmd.Short = e.T("import a customer that has a Cloud Identity account, with its transfer token")
		cmd.Example = `onboard customers import --kind domain --org "Acme BV" --domain acme.nl --transfer-token TOKEN`
	}
	cmd.Args = posArgs(func(args []string) error {
		if len(args) > 0 {
			return i18n.Errorf("%s takes no arguments (got %q)", name, rules.Sanitize(args[0]))
		}
		return nil
	})
	fs := cmd.Flags()
	vals := map[model.Field]*string{}
	for _, f := range formFlags {
		if !imp && (f.field == model.FieldTransferToken || f.field == model.FieldTransferTokenDate || f.field == model.FieldCloudIdentityID) {
			continue
		}
		vals[f.field] = fs.String(f.flag, "", e.S(f.usage))
	}
	lines := fs.StringArray("address-line", nil, e.S("an address `LINE` (repeat for up to 3)"))
	edu := fs.String("education", "", e.S("educational institution: `k12` or university"))
	dry := fs.Bool("dry-run", false, e.S("validate and show what would be stored, write nothing"))
	asJSON := e.jsonFlag(cmd, e.S("print the customer as JSON"))
	key := fs.String("idempotency-key", "", e.S("a `KEY` that makes a retried command create one customer"))
	local := fs.Bool("local", false, e.S("keep the customer local even when Google is configured"))
	choices(cmd, "kind", "domain", "team")
	choices(cmd, "education", "k12", "university")
	choices(cmd, "institute-size", instituteSizes...)
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		return e.customersAdd(cmd, imp, mode, vals, *lines, *edu, *dry, *asJSON, *key, *local)
	}
	return cmd
}

// customersAdd runs "customers add" and "customers import".
func (e *env) customersAdd(cmd *cobra.Command, imp bool, mode model.Mode, vals map[model.Field]*string, lines []string, edu string, dry, asJSON bool, key string, local bool) error {
	if len(lines) > 3 {
		return flagUsage("--address-line", i18n.Errorf("--address-line can be given at most 3 times"))
	}
	form := model.Fields{
		// The command line states the prerequisites by running the command.
		model.FieldRegisteredDomain: model.Yes, model.FieldPurchasePermission: model.Yes,
		model.FieldNonprofits: model.No, model.FieldLegacyFree: model.No,
		model.FieldProductFamily: "google_workspace",
	}
	set := changed(cmd)
	// The kind chooses the rules and the fields; without it nothing else
	// can be checked, so it is the command line's mistake, like --sort.
	if k := strings.TrimSpace(*vals[model.FieldKind]); !set["kind"] || !strings.EqualFold(k, string(model.KindDomain)) && !strings.EqualFold(k, string(model.KindTeam)) {
		return flagUsage("--kind", i18n.Errorf("--kind must be domain or team"))
	}
	for _, f := range formFlags {
		if p := vals[f.field]; p != nil && set[f.flag] {
			form[f.field] = *p
		}
	}
	for i, l := range lines {
		form[model.Field(fmt.Sprintf("address_line_%d", i+1))] = l
	}
	if set["education"] {
		form[model.FieldEducation] = model.Yes
		form[model.FieldInstituteType] = edu
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	if err := onlyApplicable(mode, form, svc.Env(), set); err != nil {
		return err
	}
	res, err := svc.Create(e.ctx, actor(), mode, form, model.CreateOptions{IdempotencyKey: key, DryRun: dry})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "onboard: %s: %s\n", i18n.Say(e.language(), "cli.warning"), w.ErrorIn(e.language()))
	}
	if svc.HasGoogle() && !local && !dry && !res.Replayed {
		out, err := svc.Push(e.ctx, actor(), res.Customer.ID)
		if err != nil {
			e.hint(e.T("onboard: customer %s is stored here (status %s) but the push to Google did not succeed; retry with “onboard customers push %s”\n", i18n.ID(res.Customer.ID), common.StatusName(e.lang(), out.Status), i18n.ID(res.Customer.ID)))
			return e.pushed(out, err, asJSON)
		}
		res.Customer = out
	}
	if asJSON {
		return writeJSON(e.stdout, customerJSON(res.Customer))
	}
	c := res.Customer
	switch {
	case dry:
		fmt.Fprint(e.stdout, e.T("Dry run: nothing was stored. This would be stored:\n"))
		printCustomer(e.stdout, e.lang(), c)
	case res.Replayed:
		fmt.Fprint(e.stdout, e.T("Already created with this idempotency key: customer %s, %s (%s)\n", i18n.ID(c.ID), rules.Sanitize(c.OrgName), rules.DisplayDomain(c.Domain)))
	default:
		args := []any{i18n.ID(c.ID), rules.Sanitize(c.OrgName), rules.DisplayDomain(c.Domain), common.StatusName(e.lang(), c.Status)}
		if imp {
			fmt.Fprint(e.stdout, e.T("Imported customer %s: %s (%s), status %s\n", args...))
		} else {
			fmt.Fprint(e.stdout, e.T("Created customer %s: %s (%s), status %s\n", args...))
		}
		if c.CloudIdentityID != "" && c.GoogleName != "" {
			fmt.Fprint(e.stdout, e.T("At Google: %s, Cloud Identity ID %s\n", rules.Sanitize(c.GoogleName), rules.Sanitize(c.CloudIdentityID)))
		}

		if ps := rules.ReadyToPush(c); len(ps) > 0 && !imp && c.Status == model.StatusLocal {
			var f []string
			for _, p := range ps {
				f = append(f, "--"+flagName(p.Field))
			}
			fmt.Fprint(e.stdout, e.T("To push it to Google later, add: %s\n", strings.Join(f, ", ")))
		}
	}
	return nil
}

// onlyApplicable refuses flags for fields the rules say do not apply to this
// form (an address on an import, a website without --education), rather
// than dropping what the user typed.
func onlyApplicable(mode model.Mode, form model.Fields, env rules.Env, set map[string]bool) error {
	// --reseller-id overrides the config's, so it always applies.
	applies := map[model.Field]bool{model.FieldLanguage: true, model.FieldTimeZone: true, model.FieldResellerID: true}
	for _, st := range rules.Steps(mode, form, env) {
		for _, f := range st.Fields {
			applies[f.Field] = true
		}
	}
	for _, f := range formFlags {
		if set[f.flag] && !applies[f.field] {
			what := "an import"
			if mode == model.ModeCreate {
				what = "this customer"
			}
			if f.field == model.FieldInstituteSize || f.field == model.FieldWebsite {
				return flagUsage("--"+f.flag, i18n.Errorf("--%s needs --education", f.flag))
			}
			return flagUsage("--"+f.flag, i18n.Errorf("--%s does not apply to %s", f.flag, what))
		}
	}
	if set["address-line"] && !applies[model.FieldAddressLine1] {
		return flagUsage("--address-line", i18n.Errorf("--address-line does not apply to an import"))
	}
	return nil
}

// showCmd is "customers show".
func showCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "show ID|DOMAIN|EMAIL",
		Short: e.T("show every field of one customer"),
		Args:  oneCustomerArg("customers show"),
	}
	asJSON := e.jsonFlag(cmd, e.S("print the customer as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		_, c, err := e.oneCustomer(args[0])
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, customerJSON(c))
		}
		printCustomer(e.stdout, e.lang(), c)
		return nil
	}
	return e.readOnlyCmd(cmd)
}

// printCustomer writes every field, one per line, sanitised.
func printCustomer(w io.Writer, l i18n.Lang, c model.Customer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", l.S(k), rules.Sanitize(v))
		}
	}
	if c.ID != 0 {
		row("ID", i18n.ID(c.ID))
	}
	row(i18n.M("Organisation name"), c.OrgName)
	row(i18n.M("Customer type"), common.KindName(l, c.Kind))
	row(i18n.M("Origin"), common.OriginName(l, c.Origin))
	row(i18n.M("Domain"), rules.DisplayDomain(c.Domain))
	row(i18n.M("Primary email"), rules.DisplayEmail(c.PrimaryEmail))
	row(i18n.M("Alternate email"), rules.DisplayEmail(c.AlternateEmail))
	row(i18n.M("Phone"), c.Phone)
	row(i18n.M("CRM ID"), c.CRMID)
	if c.Education != nil {
		row(i18n.M("Educational institution"), common.EducationText(l, model.Education{InstituteType: c.Education.InstituteType, InstituteSize: c.Education.InstituteSize}))
		row(i18n.M("Website"), c.Education.Website)
	}
	for _, r := range common.AddressRows(c) {
		row(r.Label, r.Value)
	}
	row(i18n.M("Reseller ID"), c.ResellerID)
	row(i18n.M("Status"), common.StatusName(l, c.Status))
	row(i18n.M("Message"), c.StatusMessage)
	row(i18n.M("Cloud Identity ID"), c.CloudIdentityID)
	row(i18n.M("Language"), c.Language)
	row(i18n.M("Time zone"), c.TimeZone)
	row(i18n.M("Smart features"), common.SmartName(l, c.SmartFeatures))
	if !c.TransferTokenDate.IsZero() {
		row(i18n.M("Token generated"), l.Date(c.TransferTokenDate))
	}
	row(i18n.M("Created by"), c.CreatedBy)
	if !c.CreatedAt.IsZero() {
		row(i18n.M("Created"), l.DateTime(c.CreatedAt.Local()))
		row(i18n.M("Updated"), l.DateTime(c.UpdatedAt.Local()))
	}
	row(i18n.M("Last confirmed"), confirmedText(l, c.ConfirmedAt))
	tw.Flush()
}

// customerOut is the JSON form of a customer: snake_case keys, empty lists
// as [] rather than null.
type customerOut struct {
	model.Customer
	Address addressOut `json:"address"`
}

type addressOut struct {
	model.Address
	AddressLines []string `json:"address_lines"`
}

func customerJSON(c model.Customer) customerOut {
	lines := c.Address.AddressLines
	if lines == nil {
		lines = []string{}
	}
	return customerOut{Customer: c, Address: addressOut{Address: c.Address, AddressLines: lines}}
}

// customersJSON is a list of customers in their JSON form.
func customersJSON(cs []model.Customer) []customerOut {
	out := make([]customerOut, len(cs))
	for i, c := range cs {
		out[i] = customerJSON(c)
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oneCustomerArg wants the one ID, domain or team email of a customer.
func oneCustomerArg(name string) cobra.PositionalArgs {
	return posArgs(func(args []string) error {
		if len(args) != 1 {
			return i18n.Errorf("%s needs one ID, domain or team email", name)
		}
		return nil
	})
}

// oneCustomer finds the customer named by ref: an id, a domain or a team
// email.
func (e *env) oneCustomer(ref string) (*store.Service, model.Customer, error) {
	svc, err := e.service()
	if err != nil {
		return nil, model.Customer{}, err
	}
	c, err := find(e.ctx, svc, ref)
	return svc, c, err
}

// find is the store's Find, with its "not found" said in words: what was
// looked for and that no customer has it.
func find(ctx context.Context, svc *store.Service, ref string) (model.Customer, error) {
	c, err := svc.Find(ctx, ref)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	ref = strings.TrimSpace(ref)
	if _, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		return c, notFound{i18n.Errorf("no customer has the ID %s", rules.Sanitize(ref))}
	}
	if strings.Contains(ref, "@") {
		if email, eerr := rules.NormalizeEmail(ref); eerr == nil {
			return c, notFound{i18n.Errorf("no team customer has the primary email %s", rules.DisplayEmail(email))}
		}
		return c, notFound{i18n.Errorf("%q is not an ID, a domain or a team's email address", rules.Sanitize(ref))}
	}
	if d, derr := rules.NormalizeDomain(ref); derr == nil {
		return c, notFound{i18n.Errorf("no customer has the domain %s", rules.DisplayDomain(d))}
	}
	return c, notFound{i18n.Errorf("%q is not an ID, a domain or a team's email address", rules.Sanitize(ref))}
}

// notFound is a customer that is not there, said in words; it is still
// store.ErrNotFound, for the --json code.
type notFound struct{ err error }

func (n notFound) Error() string   { return n.err.Error() }
func (n notFound) Unwrap() []error { return []error{n.err, store.ErrNotFound} }

// flagName is the command line's flag for a field.
func flagName(f model.Field) string {
	for _, ff := range formFlags {
		if ff.field == f {
			return ff.flag
		}
	}
	if f == model.FieldAddressLine1 {
		return "address-line"
	}
	return strings.ReplaceAll(string(f), "_", "-")
}
