package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// formFlags maps the command line's flags onto form fields.
var formFlags = []struct {
	flag  string
	field model.Field
	usage string
}{
	{"kind", model.FieldKind, "`domain` or team"},
	{"org", model.FieldOrgName, "organisation `NAME`"},
	{"domain", model.FieldDomain, "the customer's `DOMAIN`"},
	{"primary-email", model.FieldPrimaryEmail, "primary (admin) `EMAIL`, in the domain"},
	{"alternate-email", model.FieldAlternateEmail, "alternate `EMAIL`, outside the domain"},
	{"phone", model.FieldPhone, "contact `PHONE` number"},
	{"crm-id", model.FieldCRMID, "the customer's `ID` in your CRM"},
	{"institute-size", model.FieldInstituteSize, "with --education: `SIZE_1_100`, SIZE_101_500 … SIZE_10001_OR_MORE"},
	{"website", model.FieldWebsite, "with --education: the institution's `URL`"},
	{"admin-first-name", model.FieldAdminFirstName, "admin first `NAME`"},
	{"admin-last-name", model.FieldAdminLastName, "admin last `NAME`"},
	{"region", model.FieldRegionCode, "country `CODE` (ISO 3166-1, like NL)"},
	{"postal-code", model.FieldPostalCode, "postal `CODE`"},
	{"locality", model.FieldLocality, "`CITY`"},
	{"administrative-area", model.FieldAdministrativeArea, "province or `STATE`"},
	{"reseller-id", model.FieldResellerID, "your public reseller `ID` (overrides the config)"},
	{"language", model.FieldLanguage, "the customer's language `TAG` (BCP 47)"},
	{"time-zone", model.FieldTimeZone, "the customer's time `ZONE` (IANA)"},
	{"transfer-token", model.FieldTransferToken, "import: the customer's transfer `TOKEN`"},
	{"token-date", model.FieldTransferTokenDate, "import: the `DATE` (YYYY-MM-DD) the token was generated; default today"},
	{"cloud-identity-id", model.FieldCloudIdentityID, "import: the customer's Cloud Identity `ID` (required for team customers)"},
}

// customersAdd is "customers add" and "customers import".
func (e *env) customersAdd(args []string, imp bool) error {
	name, mode := "customers add", model.ModeCreate
	if imp {
		name, mode = "customers import", model.ModeImport
	}
	fs := e.flags(name)
	vals := map[model.Field]*string{}
	for _, f := range formFlags {
		if !imp && (f.field == model.FieldTransferToken || f.field == model.FieldTransferTokenDate || f.field == model.FieldCloudIdentityID) {
			continue
		}
		vals[f.field] = fs.String(f.flag, "", f.usage)
	}
	var lines listFlag
	fs.Var(&lines, "address-line", "an address `LINE` (repeat for up to 3)")
	edu := fs.String("education", "", "educational institution: `k12` or university")
	dry := fs.Bool("dry-run", false, "validate and show what would be stored, write nothing")
	asJSON := fs.Bool("json", false, "print the customer as JSON")
	key := fs.String("idempotency-key", "", "a `KEY` that makes a retried command create one customer")
	local := fs.Bool("local", false, "keep the customer local even when Google is configured")
	pos, err := parse(fs, args, false)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments (got %q)", name, rules.Sanitize(pos[0]))
	}
	if len(lines) > 3 {
		return usagef("--address-line can be given at most 3 times")
	}
	form := model.Fields{
		// The command line states the prerequisites by running the command.
		model.FieldRegisteredDomain: model.Yes, model.FieldPurchasePermission: model.Yes,
		model.FieldNonprofits: model.No, model.FieldLegacyFree: model.No,
		model.FieldProductFamily: "google_workspace",
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
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
		form[model.FieldInstituteType] = *edu
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	if err := onlyApplicable(mode, form, svc.Env(), set); err != nil {
		return err
	}
	res, err := svc.Create(e.ctx, actor(), mode, form, store.CreateOptions{IdempotencyKey: *key, DryRun: *dry})
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "onboard: %s: %s\n", i18n.Say(e.language(), "cli.warning"), w.ErrorIn(e.language()))
	}
	if svc.HasGoogle() && !*local && !*dry && !res.Replayed {
		out, err := svc.Push(e.ctx, actor(), res.Customer.ID)
		if err != nil {
			fmt.Fprintf(e.stderr, "onboard: customer %d is stored here (status %s) but the push to Google did not succeed; retry with \"onboard customers push %d\"\n",
				res.Customer.ID, out.Status, res.Customer.ID)
			return e.pushed(out, err, *asJSON)
		}
		res.Customer = out
	}
	if *asJSON {
		return writeJSON(e.stdout, customerJSON(res.Customer))
	}
	c := res.Customer
	switch {
	case *dry:
		fmt.Fprintf(e.stdout, "Dry run: nothing was stored. This would be stored:\n")
		printCustomer(e.stdout, c)
	case res.Replayed:
		fmt.Fprintf(e.stdout, "Already created with this idempotency key: customer %d, %s (%s)\n", c.ID, rules.Sanitize(c.OrgName), rules.DisplayDomain(c.Domain))
	default:
		verb := "Created"
		if imp {
			verb = "Imported"
		}
		fmt.Fprintf(e.stdout, "%s customer %d: %s (%s), status %s\n", verb, c.ID, rules.Sanitize(c.OrgName), rules.DisplayDomain(c.Domain), c.Status)
		if c.CloudIdentityID != "" && c.GoogleName != "" {
			fmt.Fprintf(e.stdout, "At Google: %s, Cloud Identity ID %s\n", c.GoogleName, c.CloudIdentityID)
		}

		if ps := rules.ReadyToPush(c); len(ps) > 0 && !imp && c.Status == model.StatusLocal {
			var f []string
			for _, p := range ps {
				f = append(f, string(p.Field))
			}
			fmt.Fprintf(e.stdout, "To push it to Google later, add: %s\n", strings.Join(f, ", "))
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
				return usagef("--%s needs --education", f.flag)
			}
			return usagef("--%s does not apply to %s", f.flag, what)
		}
	}
	if set["address-line"] && !applies[model.FieldAddressLine1] {
		return usagef("--address-line does not apply to an import")
	}
	return nil
}

func (e *env) customersList(args []string) error {
	fs := e.flags("customers list")
	query := fs.String("query", "", "only customers whose name, domain, emails, CRM ID or Cloud Identity ID contain `TEXT`")
	limit := fs.Int("limit", 50, "at most `N` customers")
	sortBy := fs.String("sort", "org", "sort by `org`, domain or updated")
	desc := fs.Bool("desc", false, "sort descending")
	asJSON := fs.Bool("json", false, "print a JSON array")
	pos, err := parse(fs, args, false)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("customers list takes no arguments (got %q); use --query", rules.Sanitize(pos[0]))
	}
	if *limit < 1 || *limit > 100000 {
		return usagef("--limit must be from 1 to 100000")
	}
	sorts := map[string]store.Sort{"org": store.SortOrg, "domain": store.SortDomain, "updated": store.SortUpdated}
	s, ok := sorts[*sortBy]
	if !ok {
		return usagef("--sort must be org, domain or updated")
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	cs, err := svc.List(e.ctx, store.ListQuery{Query: *query, Sort: s, Desc: *desc, Limit: *limit})
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, customersJSON(cs))
	}
	if len(cs) == 0 {
		fmt.Fprintln(e.stdout, "No customers match. Add one with \"onboard customers add\" or start the app with \"onboard\".")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tORGANISATION\tDOMAIN / EMAIL\tKIND\tEDU\tSTATUS\tCLOUD IDENTITY\tCRM ID\tCONFIRMED")
	for _, c := range cs {
		where := rules.DisplayDomain(c.Domain)
		if c.Kind == model.KindTeam {
			where = c.PrimaryEmail
		}
		edu := ""
		if c.Education != nil {
			edu = "edu"
		}
		cid := c.CloudIdentityID
		if cid == "" && c.Kind == model.KindTeam {
			cid = "—"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, cell(c.OrgName, 40), cell(where, 40), c.Kind, edu,
			c.Status, cell(cid, 20), cell(c.CRMID, 20), confirmedText(c.ConfirmedAt))
	}
	return tw.Flush()
}

func cell(s string, max int) string {
	s = rules.Sanitize(s)
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

func confirmedText(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.Format(time.DateOnly)
}

func (e *env) customersShow(args []string) error {
	fs := e.flags("customers show")
	asJSON := fs.Bool("json", false, "print the customer as JSON")
	_, c, err := e.oneCustomer(fs, args)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, customerJSON(c))
	}
	printCustomer(e.stdout, c)
	return nil
}

// printCustomer writes every field, one per line, sanitised.
func printCustomer(w io.Writer, c model.Customer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	row := func(k, v string) {
		if v != "" {
			fmt.Fprintf(tw, "%s\t%s\n", k, rules.Sanitize(v))
		}
	}
	if c.ID != 0 {
		row("ID", strconv.FormatInt(c.ID, 10))
	}
	row("Organisation", c.OrgName)
	row("Kind", string(c.Kind))
	row("Origin", string(c.Origin))
	row("Domain", rules.DisplayDomain(c.Domain))
	row("Primary email", c.PrimaryEmail)
	row("Alternate email", c.AlternateEmail)
	row("Phone", c.Phone)
	row("CRM ID", c.CRMID)
	if c.Education != nil {
		row("Education", c.Education.InstituteType+", "+c.Education.InstituteSize)
		row("Website", c.Education.Website)
	}
	row("Admin", strings.TrimSpace(c.AdminFirstName+" "+c.AdminLastName))
	row("Address", strings.Join(c.Address.AddressLines, ", "))
	row("Postal code", c.Address.PostalCode)
	row("City", c.Address.Locality)
	row("Province/state", c.Address.AdministrativeArea)
	row("Country", c.Address.RegionCode)
	row("Reseller ID", c.ResellerID)
	row("Status", string(c.Status))
	row("Status message", c.StatusMessage)
	row("Cloud Identity ID", c.CloudIdentityID)
	row("Language", c.Language)
	row("Time zone", c.TimeZone)
	row("Smart features", c.SmartFeatures)
	if !c.TransferTokenDate.IsZero() {
		row("Token generated", c.TransferTokenDate.Format(time.DateOnly))
	}
	row("Created by", c.CreatedBy)
	if !c.CreatedAt.IsZero() {
		row("Created", c.CreatedAt.Local().Format(time.DateTime))
		row("Updated", c.UpdatedAt.Local().Format(time.DateTime))
	}
	row("Confirmed", confirmedText(c.ConfirmedAt))
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

// oneCustomer parses a command's flags and its one argument, an id, a
// domain or a team email, and finds that customer.
func (e *env) oneCustomer(fs *flag.FlagSet, args []string) (*store.Service, model.Customer, error) {
	pos, err := parse(fs, args, false)
	if err != nil {
		return nil, model.Customer{}, err
	}
	if len(pos) != 1 {
		return nil, model.Customer{}, usagef("%s needs one ID, domain or team email", fs.Name())
	}
	svc, err := e.service()
	if err != nil {
		return nil, model.Customer{}, err
	}
	c, err := svc.Find(e.ctx, pos[0])
	return svc, c, err
}
