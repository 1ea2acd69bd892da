package rules

import (
	"time"

	"onboard/model"
)

// Env is what the rules need to know about the world outside the form.
type Env struct {
	// ResellerID is the public reseller ID from the config; when it is empty
	// the form asks for it.
	ResellerID string
	// Now is the current time, for the age of a transfer token.
	Now time.Time
}

// StepID names one wizard step.
type StepID string

// The console's steps, in its order.
const (
	StepPrerequisites StepID = "prerequisites"
	StepProduct       StepID = "product"
	StepOrganisation  StepID = "organisation"
	StepReseller      StepID = "reseller"
	StepCustomer      StepID = "customer"
	StepCRM           StepID = "crm"
	StepContact       StepID = "contact"
	StepReview        StepID = "review"
)

// Input is how a field is entered.
type Input int

// Inputs: free text, one of a few options, or a yes/no question.
const (
	InputText Input = iota
	InputChoice
	InputYesNo
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
}

// Step is one wizard step with the fields that apply to it now.
type Step struct {
	ID     StepID
	Title  string
	Intro  string
	Fields []FieldSpec
}

// Product families a reseller can pick; the console offers more, onboard
// sells Google Workspace.
var productOptions = []Option{{"google_workspace", "Google Workspace"}}

var kindOptions = []Option{
	{string(model.KindDomain), "Domain customer: domain-verified Google Workspace or Cloud Identity"},
	{string(model.KindTeam), "Team customer: Enterprise Essentials (Plus), verified by email address"},
}

// instituteTypes and instituteSizes are the education values Google accepts.
var (
	instituteTypes = []Option{{"K12", "K-12 school"}, {"UNIVERSITY", "University or higher education"}}
	instituteSizes = []Option{
		{"SIZE_1_100", "1–100"}, {"SIZE_101_500", "101–500"}, {"SIZE_501_1000", "501–1,000"},
		{"SIZE_1001_2000", "1,001–2,000"}, {"SIZE_2001_5000", "2,001–5,000"},
		{"SIZE_5001_10000", "5,001–10,000"}, {"SIZE_10001_OR_MORE", "10,001 or more"},
	}
)

// Steps returns the wizard's steps for mode, with the fields that apply to
// what fs holds now (team customers get a primary email on the customer
// step, education adds institute fields, and so on). The last step is the
// review.
func Steps(mode model.Mode, fs model.Fields, env Env) []Step {
	kind := model.Kind(fs.Get(model.FieldKind))
	steps := []Step{prerequisites(mode), product(mode), organisation(fs)}
	if env.ResellerID == "" {
		steps = append(steps, Step{ID: StepReseller, Title: "Reseller", Fields: []FieldSpec{{
			Field: model.FieldResellerID, Label: "Public reseller ID", Required: true,
			Help: "Your public reseller ID (account ID) from the Partner Sales Console; set [reseller] id in the config to skip this step.",
		}}})
	}
	cust := Step{ID: StepCustomer, Title: "Organisation", Fields: []FieldSpec{
		{Field: model.FieldOrgName, Label: "Organisation name", Required: true},
		{Field: model.FieldDomain, Label: "Domain", Required: true, Help: "The customer's registered domain, like example.com."},
	}}
	if mode == model.ModeCreate && kind == model.KindTeam {
		cust.Fields = append(cust.Fields, FieldSpec{Field: model.FieldPrimaryEmail, Label: "Primary email", Required: true,
			Help: "Team customers are verified by this address; it must be in the domain."})
	}
	if mode == model.ModeImport {
		cust.Fields = append(cust.Fields,
			FieldSpec{Field: model.FieldPrimaryEmail, Label: "Primary admin email",
				Help: "Optional: the customer's super admin address, in the domain."},
			FieldSpec{Field: model.FieldCloudIdentityID, Label: "Cloud Identity ID", Required: kind == model.KindTeam,
				Help: "Team customers can only be imported by their Cloud Identity ID."},
			FieldSpec{Field: model.FieldTransferToken, Label: "Transfer token", Required: true,
				Help: "The token the customer's super admin generated with your public reseller ID."},
			FieldSpec{Field: model.FieldTransferTokenDate, Label: "Token generated (YYYY-MM-DD)",
				Help: "Leave empty for today; tokens expire after 14 days."},
		)
	}
	steps = append(steps, cust, Step{ID: StepCRM, Title: "CRM ID", Intro: "Optional.", Fields: []FieldSpec{
		{Field: model.FieldCRMID, Label: "CRM ID", Help: "The customer's ID in your CRM (at most 80 characters)."},
	}})
	if mode == model.ModeCreate {
		steps = append(steps, contact(fs, kind))
	}
	return append(steps, Step{ID: StepReview, Title: "Review"})
}

func prerequisites(mode model.Mode) Step {
	s := Step{ID: StepPrerequisites, Title: "Prerequisites", Intro: "Check these before you start."}
	if mode == model.ModeImport {
		s.Fields = append(s.Fields, FieldSpec{Field: model.FieldPurchasePermission, Input: InputYesNo, Required: true,
			Label: "The customer gave purchase permission (a transfer token) for this product group"})
	} else {
		s.Fields = append(s.Fields, FieldSpec{Field: model.FieldRegisteredDomain, Input: InputYesNo, Required: true,
			Label: "The customer has a registered domain"})
	}
	return withFields(s,
		FieldSpec{Field: model.FieldNonprofits, Input: InputYesNo, Required: true,
			Label: "The customer uses Google Workspace for Nonprofits"},
		FieldSpec{Field: model.FieldLegacyFree, Input: InputYesNo, Required: true,
			Label: "The customer uses the legacy free edition of G Suite"},
	)
}

func product(mode model.Mode) Step {
	label := "Primary product family"
	if mode == model.ModeImport {
		label = "Product group"
	}
	return Step{ID: StepProduct, Title: "Product", Fields: []FieldSpec{{
		Field: model.FieldProductFamily, Label: label, Input: InputChoice, Options: productOptions,
		Required: true, Default: productOptions[0].Value,
	}}}
}

func organisation(fs model.Fields) Step {
	s := Step{ID: StepOrganisation, Title: "Organisation details", Fields: []FieldSpec{
		{Field: model.FieldKind, Label: "Customer type", Input: InputChoice, Options: kindOptions, Required: true},
		{Field: model.FieldEducation, Label: "Educational institution", Input: InputYesNo,
			Help: "For schools and institutions of higher education.", Default: model.No},
	}}
	if isEducation(fs) {
		s.Fields = append(s.Fields,
			FieldSpec{Field: model.FieldInstituteType, Label: "Institute type", Input: InputChoice, Options: instituteTypes, Required: true},
			FieldSpec{Field: model.FieldInstituteSize, Label: "Institute size (people)", Input: InputChoice, Options: instituteSizes, Required: true},
			FieldSpec{Field: model.FieldWebsite, Label: "Website"},
		)
	}
	return s
}

func contact(fs model.Fields, kind model.Kind) Step {
	s := Step{ID: StepContact, Title: "Contact information", Intro: "Optional; Google needs the address to create the customer."}
	s.Fields = append(s.Fields,
		FieldSpec{Field: model.FieldAdminFirstName, Label: "Admin first name"},
		FieldSpec{Field: model.FieldAdminLastName, Label: "Admin last name"},
	)
	if kind != model.KindTeam {
		def := ""
		if d, err := NormalizeDomain(fs.Get(model.FieldDomain)); err == nil {
			def = "admin@" + d
		}
		s.Fields = append(s.Fields, FieldSpec{Field: model.FieldPrimaryEmail, Label: "Primary email",
			Default: def, Help: "An address in the customer's domain."})
	}
	return withFields(s,
		FieldSpec{Field: model.FieldAlternateEmail, Label: "Alternate email", Help: "An address outside the customer's domain."},
		FieldSpec{Field: model.FieldPhone, Label: "Phone"},
		FieldSpec{Field: model.FieldRegionCode, Label: "Country (ISO code)", Help: "Two letters, like NL or GB."},
		FieldSpec{Field: model.FieldPostalCode, Label: "Postal code"},
		FieldSpec{Field: model.FieldLocality, Label: "City"},
		FieldSpec{Field: model.FieldAdministrativeArea, Label: "Province or state"},
		FieldSpec{Field: model.FieldAddressLine1, Label: "Address line 1"},
		FieldSpec{Field: model.FieldAddressLine2, Label: "Address line 2"},
		FieldSpec{Field: model.FieldAddressLine3, Label: "Address line 3"},
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
	model.FieldPrimaryEmail, model.FieldCloudIdentityID, model.FieldTransferToken, model.FieldTransferTokenDate,
	model.FieldCRMID, model.FieldAdminFirstName, model.FieldAdminLastName, model.FieldAlternateEmail,
	model.FieldPhone, model.FieldRegionCode, model.FieldPostalCode, model.FieldLocality,
	model.FieldAdministrativeArea, model.FieldAddressLine1, model.FieldAddressLine2, model.FieldAddressLine3,
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
