package rules

import (
	"strings"
	"time"
	"unicode"

	"onboard/i18n"
	"onboard/model"
)

// Env is what the rules need to know about the world outside the form.
type Env struct {
	// ResellerID is the public reseller ID from the config; when it is empty
	// the form asks for it.
	ResellerID string
	// Now is the current time, for the age of a transfer token, from the
	// caller's clock (the rules never read the wall clock themselves).
	Now time.Time
	// Region is the country a new address starts with (the reseller's
	// own, as the customer stored most recently has it); empty for none.
	Region string
	// Products are the product families the reseller's catalogue has
	// (Google's products.list, see ProductOptions); empty: Google Workspace
	// and Cloud Identity.
	Products []Option
}

// StepID names one wizard step.
type StepID string

// The console's steps, in its order.
const (
	StepPrerequisites StepID = "prerequisites"
	// StepProduct is no step of its own any more (the product family is the
	// checklist step's last field); a draft saved on it reopens there.
	StepProduct      StepID = "product"
	StepOrganisation StepID = "organisation"
	StepReseller     StepID = "reseller"
	StepCustomer     StepID = "customer"
	// StepCRM is no step of its own any more (the CRM ID is the last,
	// optional field of the customer step); a draft saved on it reopens on
	// the customer step.
	StepCRM     StepID = "crm"
	StepContact StepID = "contact"
	StepReview  StepID = "review"
)

// Input is how a field is entered.
type Input int

// Inputs: free text, one of a few options, a yes/no question, or one of
// many options found by typing part of its name (the country).
const (
	InputText Input = iota
	InputChoice
	InputYesNo
	InputSearch
)

// Option is one choice of an InputChoice field.
type Option struct {
	Value string
	Label string
}

// FieldSpec says how one field of a step is shown and whether it is required.
type FieldSpec struct {
	Field    model.Field
	Label    string
	Help     string
	Input    Input
	Options  []Option
	Required bool
	// Default is the value the form starts with when the user has typed
	// nothing (e.g. admin@<domain> for a domain customer's primary email).
	Default string
	// Suggest is the value the wizard starts the field with (the console's
	// first option, a prerequisite as the checklist has it); unlike
	// Default, a form that leaves the field empty (a CSV row, the command
	// line) is still asked for it.
	Suggest string
}

// Start is the value the wizard fills an empty field with: its default,
// or else its suggestion.
func (f FieldSpec) Start() string {
	if f.Default != "" {
		return f.Default
	}
	return f.Suggest
}

// Fixed reports whether the field has nothing to decide: a choice with a
// single option, which is chosen by itself.
func (f FieldSpec) Fixed() bool { return f.Input == InputChoice && len(f.Options) == 1 }

// Optional reports whether the step can go on with the field as it is
// when nothing is typed in it: not required, or required with a value to
// start from.
func (f FieldSpec) Optional() bool { return !f.Required || f.Start() != "" }

// Step is one wizard step with the fields that apply to it now.
type Step struct {
	ID     StepID
	Title  string
	Intro  string
	Fields []FieldSpec
}

// Settled reports whether the step has fields and every one is fixed:
// then it is no step to walk through, and its fields take their option.
func (s Step) Settled() bool {
	for _, f := range s.Fields {
		if !f.Fixed() {
			return false
		}
	}
	return len(s.Fields) > 0
}

// Product families a reseller can pick without Google's catalogue, as the
// console's help names them.
var productOptions = []Option{{"google_workspace", i18n.M("Google Workspace")}, {"cloud_identity", i18n.M("Cloud Identity")}}

// products is the product families env offers, Google Workspace first.
func (env Env) products() []Option {
	if len(env.Products) == 0 {
		return productOptions
	}
	return env.Products
}

// familyChoices are the product family values a stored customer may
// carry: env's and the built-in ones, each once.
func (env Env) familyChoices() []Option {
	out := append([]Option(nil), env.products()...)
	for _, o := range productOptions {
		seen := false
		for _, p := range out {
			seen = seen || p.Value == o.Value
		}
		if !seen {
			out = append(out, o)
		}
	}
	return out
}

// ProductOptions turns Google's products (resource name and display name,
// from products.list) into the product family choice: products/GoogleWorkspace
// is google_workspace, and it comes first.
func ProductOptions(products []model.Product) []Option {
	var out []Option
	for _, p := range products {
		o := Option{Value: ProductValue(p.Name), Label: p.DisplayName}
		if o.Label == "" {
			o.Label = o.Value
		}
		if o.Value == "google_workspace" {
			out = append([]Option{o}, out...)
		} else {
			out = append(out, o)
		}
	}
	return out
}

// ProductValue is the product family value of a product's resource name:
// products/GoogleWorkspace becomes google_workspace.
func ProductValue(name string) string {
	id := strings.TrimPrefix(name, "products/")
	var b strings.Builder
	for i, r := range id {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

var kindOptions = []Option{
	{string(model.KindDomain), i18n.M("Domain customer: domain-verified Google Workspace or Cloud Identity")},
	{string(model.KindTeam), i18n.M("Team customer: Enterprise Essentials (Plus), verified by email address")},
}

// instituteTypes and instituteSizes are the education values Google accepts.
var (
	instituteTypes = []Option{{"K12", i18n.M("K-12 school")}, {"UNIVERSITY", i18n.M("University or higher education")}}
	instituteSizes = []Option{
		{"SIZE_1_100", "1–100"}, {"SIZE_101_500", "101–500"}, {"SIZE_501_1000", i18n.M("501–1,000")},
		{"SIZE_1001_2000", i18n.M("1,001–2,000")}, {"SIZE_2001_5000", i18n.M("2,001–5,000")},
		{"SIZE_5001_10000", i18n.M("5,001–10,000")}, {"SIZE_10001_OR_MORE", i18n.M("10,001 or more")},
	}
)

// Steps returns the wizard's steps for mode, with the fields that apply to
// what fs holds now (team customers get a primary email on the customer
// step, education adds institute fields, and so on). The last step is the
// review.
func Steps(mode model.Mode, fs model.Fields, env Env) []Step {
	kind := model.Kind(fs.Get(model.FieldKind))
	steps := []Step{prerequisites(mode, env), organisation(fs)}
	if env.ResellerID == "" {
		steps = append(steps, Step{ID: StepReseller, Title: i18n.M("Reseller"), Fields: []FieldSpec{{
			Field: model.FieldResellerID, Label: i18n.M("Public reseller ID"), Required: true,
			Help: i18n.M("Your public reseller ID (account ID) from the Partner Sales Console; set [reseller] id in the config to skip this step."),
		}}})
	}
	cust := Step{ID: StepCustomer, Title: i18n.M("Organisation"), Fields: []FieldSpec{
		{Field: model.FieldOrgName, Label: i18n.M("Organisation name"), Required: true},
		{Field: model.FieldDomain, Label: i18n.M("Domain"), Required: true, Help: i18n.M("The customer's registered domain, like example.com.")},
	}}
	switch {
	case mode == model.ModeCreate && kind == model.KindTeam:
		cust.Fields = append(cust.Fields, FieldSpec{Field: model.FieldPrimaryEmail, Label: i18n.M("Primary email"), Required: true,
			Help: i18n.M("Team customers are verified by this address; it must be in the domain.")})
	case mode == model.ModeCreate:
		// The admin's sign-in sits with the domain it is in, as a team's
		// address does; its default makes it no key to type.
		def := ""
		if d, err := NormalizeDomain(fs.Get(model.FieldDomain)); err == nil {
			def = "admin@" + DisplayDomain(d)
		}
		cust.Fields = append(cust.Fields, FieldSpec{Field: model.FieldPrimaryEmail, Label: i18n.M("Primary email"),
			Default: def, Help: i18n.M("The super admin's sign-in, an address in the customer's domain.")})
	}
	if mode == model.ModeImport {
		// The token, which every import needs, first; the fields that are
		// optional (for a domain customer) after it.
		cust.Fields = append(cust.Fields,
			FieldSpec{Field: model.FieldTransferToken, Label: i18n.M("Transfer token"), Required: true,
				Help: i18n.M("The token the customer's super admin generated with your public reseller ID.")},
			// Google imports a team customer by its Cloud Identity ID or its
			// primary admin email: one of the two is needed.
			FieldSpec{Field: model.FieldCloudIdentityID, Label: i18n.M("Cloud Identity ID"),
				Help: i18n.M("Team customers are imported by their Cloud Identity ID or their primary admin email.")},
			FieldSpec{Field: model.FieldTransferTokenDate, Label: i18n.M("Token generated (YYYY-MM-DD)"),
				Help: i18n.M("Leave empty for today; tokens expire after 14 days.")},
			FieldSpec{Field: model.FieldPrimaryEmail, Label: i18n.M("Primary email"),
				Required: kind == model.KindTeam && fs.Get(model.FieldCloudIdentityID) == "",
				Help:     i18n.M("Optional: the customer's super admin address, in the domain.")},
		)
	}
	// The CRM ID is optional and comes last, so the key that finishes a
	// step passes it.
	cust.Fields = append(cust.Fields, FieldSpec{Field: model.FieldCRMID, Label: i18n.M("CRM ID"),
		Help: i18n.M("Optional: the customer's ID in your CRM (at most 80 characters).")})
	steps = append(steps, cust)
	if mode == model.ModeCreate {
		steps = append(steps, contact(env))
	}
	return append(steps, Step{ID: StepReview, Title: i18n.M("Review")})
}

// prerequisites is the checklist and the product family: what the console
// asks before the organisation's details. The answers start as the
// console's checklist has them (every prerequisite holds) and the family
// as its first option, so one key confirms the step; an answer that
// differs is still typed and still blocks with its explanation. The
// family sits here rather than on a step of its own so that a second
// family (Cloud Identity, or what Google's catalogue offers) costs no key.
func prerequisites(mode model.Mode, env Env) Step {
	s := Step{ID: StepPrerequisites, Title: i18n.M("Prerequisites"), Intro: i18n.M("Check these before you start.")}
	if mode == model.ModeImport {
		s.Fields = append(s.Fields, FieldSpec{Field: model.FieldPurchasePermission, Input: InputYesNo, Required: true, Suggest: model.Yes,
			Label: i18n.M("The customer gave purchase permission (a transfer token) for this product group")})
	} else {
		s.Fields = append(s.Fields, FieldSpec{Field: model.FieldRegisteredDomain, Input: InputYesNo, Required: true, Suggest: model.Yes,
			Label: i18n.M("The customer has a registered domain")})
	}
	return withFields(s,
		FieldSpec{Field: model.FieldNonprofits, Input: InputYesNo, Required: true, Suggest: model.No,
			Label: i18n.M("The customer uses Google Workspace for Nonprofits")},
		FieldSpec{Field: model.FieldLegacyFree, Input: InputYesNo, Required: true, Suggest: model.No,
			Label: i18n.M("The customer uses the legacy free edition of G Suite")},
		productField(mode, env),
	)
}

// productField is the product family (the import's product group), from
// env's catalogue, Google Workspace first.
func productField(mode model.Mode, env Env) FieldSpec {
	label := i18n.M("Primary product family")
	if mode == model.ModeImport {
		label = i18n.M("Product group")
	}
	opts := env.products()
	return FieldSpec{Field: model.FieldProductFamily, Label: label, Input: InputChoice, Options: opts,
		Required: true, Default: opts[0].Value}
}

func organisation(fs model.Fields) Step {
	s := Step{ID: StepOrganisation, Title: i18n.M("Organisation details"), Fields: []FieldSpec{
		{Field: model.FieldKind, Label: i18n.M("Customer type"), Input: InputChoice, Options: kindOptions, Required: true,
			Suggest: string(model.KindDomain)},
		{Field: model.FieldEducation, Label: i18n.M("Educational institution"), Input: InputYesNo,
			Help: i18n.M("For schools and institutions of higher education."), Default: model.No},
	}}
	if isEducation(fs) {
		s.Fields = append(s.Fields,
			FieldSpec{Field: model.FieldInstituteType, Label: i18n.M("Institute type"), Input: InputChoice, Options: instituteTypes, Required: true},
			FieldSpec{Field: model.FieldInstituteSize, Label: i18n.M("Institute size (people)"), Input: InputChoice, Options: instituteSizes, Required: true},
			FieldSpec{Field: model.FieldWebsite, Label: i18n.M("Website")},
		)
	}
	return s
}

func contact(env Env) Step {
	region := ""
	if IsRegion(env.Region) {
		region = env.Region
	}
	s := Step{ID: StepContact, Title: i18n.M("Contact information"), Intro: i18n.M("Optional; Google needs the address to create the customer.")}
	// The country comes before the phone (a national number is read in it)
	// and the postal code; the fields most customers leave empty come last,
	// where the key that finishes the step passes them.
	return withFields(s,
		FieldSpec{Field: model.FieldAdminFirstName, Label: i18n.M("Admin first name")},
		FieldSpec{Field: model.FieldAdminLastName, Label: i18n.M("Admin last name")},
		FieldSpec{Field: model.FieldAlternateEmail, Label: i18n.M("Alternate email"), Help: i18n.M("An address outside the customer's domain.")},
		FieldSpec{Field: model.FieldRegionCode, Label: i18n.M("Country"), Input: InputSearch, Default: region,
			Help: i18n.M("Type part of the country's name or its code, like NL.")},
		FieldSpec{Field: model.FieldPhone, Label: i18n.M("Phone")},
		FieldSpec{Field: model.FieldAddressLine1, Label: i18n.M("Address line 1")},
		FieldSpec{Field: model.FieldPostalCode, Label: i18n.M("Postal code")},
		FieldSpec{Field: model.FieldLocality, Label: i18n.M("City")},
		FieldSpec{Field: model.FieldAdministrativeArea, Label: i18n.M("Province or state")},
		FieldSpec{Field: model.FieldAddressLine2, Label: i18n.M("Address line 2")},
		FieldSpec{Field: model.FieldAddressLine3, Label: i18n.M("Address line 3")},
	)
}

func withFields(s Step, fields ...FieldSpec) Step {
	s.Fields = append(s.Fields, fields...)
	return s
}

// isEducation reports whether the form describes an educational
// institution: asked explicitly, or implied by an institute type or size
// (as a CSV row or the command line gives them).
func isEducation(fs model.Fields) bool {
	switch fs.Get(model.FieldEducation) {
	case model.Yes:
		return true
	case model.No:
		return false
	}
	return fs.Get(model.FieldInstituteType) != "" || fs.Get(model.FieldInstituteSize) != ""
}

// allFields is every field in the order the forms show them; problems are
// sorted by it.
var allFields = []model.Field{
	model.FieldRegisteredDomain, model.FieldPurchasePermission, model.FieldNonprofits, model.FieldLegacyFree,
	model.FieldProductFamily, model.FieldKind, model.FieldEducation, model.FieldInstituteType,
	model.FieldInstituteSize, model.FieldWebsite, model.FieldResellerID, model.FieldOrgName, model.FieldDomain,
	model.FieldPrimaryEmail, model.FieldTransferToken, model.FieldCloudIdentityID, model.FieldTransferTokenDate,
	model.FieldCRMID, model.FieldAdminFirstName, model.FieldAdminLastName, model.FieldAlternateEmail,
	model.FieldRegionCode, model.FieldPhone, model.FieldAddressLine1, model.FieldPostalCode, model.FieldLocality,
	model.FieldAdministrativeArea, model.FieldAddressLine2, model.FieldAddressLine3,
	model.FieldLanguage, model.FieldTimeZone, model.FieldSmartFeatures,
}

// AllFields returns every field in form order.
func AllFields() []model.Field { return append([]model.Field(nil), allFields...) }

func fieldOrder(f model.Field) int {
	for i, g := range allFields {
		if g == f {
			return i
		}
	}
	return len(allFields)
}

// fieldLabels name every field as the forms and the detail screen do.
var fieldLabels = map[model.Field]string{
	model.FieldRegisteredDomain:   i18n.M("Registered domain"),
	model.FieldPurchasePermission: i18n.M("Purchase permission"),
	model.FieldNonprofits:         i18n.M("Google Workspace for Nonprofits"),
	model.FieldLegacyFree:         i18n.M("Legacy free edition of G Suite"),
	model.FieldProductFamily:      i18n.M("Primary product family"),
	model.FieldKind:               i18n.M("Customer type"),
	model.FieldEducation:          i18n.M("Educational institution"),
	model.FieldInstituteType:      i18n.M("Institute type"),
	model.FieldInstituteSize:      i18n.M("Institute size (people)"),
	model.FieldWebsite:            i18n.M("Website"),
	model.FieldResellerID:         i18n.M("Public reseller ID"),
	model.FieldOrgName:            i18n.M("Organisation name"),
	model.FieldDomain:             i18n.M("Domain"),
	model.FieldPrimaryEmail:       i18n.M("Primary email"),
	model.FieldCloudIdentityID:    i18n.M("Cloud Identity ID"),
	model.FieldTransferToken:      i18n.M("Transfer token"),
	model.FieldTransferTokenDate:  i18n.M("Token generated"),
	model.FieldCRMID:              i18n.M("CRM ID"),
	model.FieldAdminFirstName:     i18n.M("Admin first name"),
	model.FieldAdminLastName:      i18n.M("Admin last name"),
	model.FieldAlternateEmail:     i18n.M("Alternate email"),
	model.FieldPhone:              i18n.M("Phone"),
	model.FieldRegionCode:         i18n.M("Country"),
	model.FieldPostalCode:         i18n.M("Postal code"),
	model.FieldLocality:           i18n.M("City"),
	model.FieldAdministrativeArea: i18n.M("Province or state"),
	model.FieldAddressLine1:       i18n.M("Address line 1"),
	model.FieldAddressLine2:       i18n.M("Address line 2"),
	model.FieldAddressLine3:       i18n.M("Address line 3"),
	model.FieldLanguage:           i18n.M("Language"),
	model.FieldTimeZone:           i18n.M("Time zone"),
	model.FieldSmartFeatures:      i18n.M("Smart features"),
	OrderSKU:                      i18n.M("Edition"),
	OrderSeats:                    i18n.M("Seats"),
	OrderPlan:                     i18n.M("Plan"),
	OrderPO:                       i18n.M("Purchase order ID"),
}

// FieldLabel is a field's name on the screens, in English (translate it
// where it is shown); a field without one is named by its key.
func FieldLabel(f model.Field) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return string(f)
}

// OptionLabel is the English label of the value v of a choice field
// (institute type and size, customer type, product family), or v.
func OptionLabel(f model.Field, v string) string {
	var opts []Option
	switch f {
	case model.FieldInstituteType:
		opts = instituteTypes
	case model.FieldInstituteSize:
		opts = instituteSizes
	case model.FieldKind:
		opts = kindOptions
	case model.FieldProductFamily:
		opts = productOptions
	}
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// stepTitles are the steps' titles, for a draft that names its step.
var stepTitles = map[StepID]string{
	StepPrerequisites: i18n.M("Prerequisites"),
	StepOrganisation:  i18n.M("Organisation details"),
	StepReseller:      i18n.M("Reseller"),
	StepCustomer:      i18n.M("Organisation"),
	StepCRM:           i18n.M("CRM ID"),
	StepContact:       i18n.M("Contact information"),
	StepReview:        i18n.M("Review"),
}

// StepTitle is a step's English title (its ID when it has none).
func StepTitle(id StepID) string {
	if t, ok := stepTitles[id]; ok {
		return t
	}
	return string(id)
}
