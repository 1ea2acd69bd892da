package rules

import (
	"strconv"
	"strings"
	"time"

	"onboard/model"
)

// Max lengths of free-text fields, as Google limits them.
const (
	MaxText       = 255
	MaxCRMID      = 80
	MaxIDLength   = 64
	MaxTokenLen   = 255
	TokenLifetime = 14 * 24 * time.Hour
)

// Result is the verdict on a form: the customer it describes, normalised,
// and every problem found. The customer is only meaningful when OK.
type Result struct {
	Customer model.Customer
	Problems Problems
}

// OK reports whether nothing blocks: warnings may remain.
func (r Result) OK() bool { return len(r.Problems.Errors()) == 0 }

// Validate checks every field of a create or import form that applies to
// it, normalises the values and returns the customer they describe with all
// problems, in form order. A field that does not apply (a primary email
// on an import, institute fields without education) is ignored.
func Validate(mode model.Mode, fs model.Fields, env Env) Result {
	v := &validator{fs: fs, env: env, mode: mode}
	v.run(Steps(mode, fs, env))
	return Result{Customer: v.c, Problems: v.ps.sorted()}
}

type validator struct {
	fs   model.Fields
	env  Env
	mode model.Mode
	c    model.Customer
	ps   Problems
}

func (v *validator) add(p Problem) { v.ps = append(v.ps, p) }

func (v *validator) raw(f model.Field) string { return strings.TrimSpace(v.fs.Get(f)) }

// text cleans an optional free-text field.
func (v *validator) text(f model.Field, max int) string {
	s, err := CleanText(v.fs.Get(f), max)
	if err != nil {
		v.add(at(f, err))
	}
	return s
}

func (v *validator) run(steps []Step) {
	applies := map[model.Field]bool{}
	for _, st := range steps {
		for _, spec := range st.Fields {
			applies[spec.Field] = true
			if spec.Input == InputYesNo {
				if _, ok := YesNo(v.fs.Get(spec.Field)); !ok {
					v.add(problem(spec.Field, CodeInvalidChoice, "value", Sanitize(v.raw(spec.Field)), "options", "yes, no"))
				}
			}
			if spec.Required && v.raw(spec.Field) == "" && spec.Default == "" {
				v.add(problem(spec.Field, CodeRequired))
			}
		}
	}
	v.c.Origin = v.mode
	v.c.Status = model.StatusLocal
	v.prerequisites(applies)
	// Google's families, and the built-in ones a customer may have been
	// stored with before Google's catalogue was read.
	v.c.ProductFamily = v.choice(model.FieldProductFamily, v.env.familyChoices(), strings.ToLower)
	v.c.Kind = model.Kind(v.choice(model.FieldKind, kindOptions, strings.ToLower))
	if applies[model.FieldInstituteType] {
		v.education()
	}
	v.reseller()
	v.c.OrgName = v.text(model.FieldOrgName, MaxText)
	v.domainAndEmails(applies)
	if applies[model.FieldCRMID] {
		v.c.CRMID = v.text(model.FieldCRMID, MaxCRMID)
	}
	if applies[model.FieldAdminFirstName] {
		v.contact()
	}
	if v.mode == model.ModeImport {
		v.importFields()
	}
	if s := v.raw(model.FieldLanguage); s != "" {
		if l, err := NormalizeLanguage(s); err != nil {
			v.add(at(model.FieldLanguage, err))
		} else {
			v.c.Language = l
		}
	}
	if s := v.raw(model.FieldTimeZone); s != "" {
		if z, err := NormalizeTimeZone(s); err != nil {
			v.add(at(model.FieldTimeZone, err))
		} else {
			v.c.TimeZone = z
		}
	}
	if s := strings.ToLower(v.raw(model.FieldSmartFeatures)); s != "" {
		if s != SmartOn && s != SmartOff {
			v.add(problem(model.FieldSmartFeatures, CodeInvalidChoice, "value", Sanitize(s), "options", "on, off"))
		} else {
			v.c.SmartFeatures = s
		}
	}
}

// YesNo normalises a yes/no answer; ok is false for anything else.
func YesNo(raw string) (answer string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "yes", "y", "true", "ja", "j", "1":
		return model.Yes, true
	case "no", "n", "false", "nee", "0":
		return model.No, true
	case "":
		return "", true
	}
	return "", false
}

func (v *validator) prerequisites(applies map[model.Field]bool) {
	// The answers that stop a customer from being added at all.
	blocks := []struct {
		f       model.Field
		blockOn string
		code    Code
	}{
		{model.FieldRegisteredDomain, model.No, CodeNoRegisteredDomain},
		{model.FieldPurchasePermission, model.No, CodeNoPermission},
		{model.FieldNonprofits, model.Yes, CodeNonprofits},
		{model.FieldLegacyFree, model.Yes, CodeLegacyFree},
	}
	for _, b := range blocks {
		if a, _ := YesNo(v.fs.Get(b.f)); applies[b.f] && a == b.blockOn {
			v.add(problem(b.f, b.code))
		}
	}
}

// choice checks an option field; fold maps the input to the options' case.
func (v *validator) choice(f model.Field, opts []Option, fold func(string) string) string {
	s := fold(v.raw(f))
	if s == "" {
		return ""
	}
	names := make([]string, len(opts))
	for i, o := range opts {
		if o.Value == s {
			return s
		}
		names[i] = fold(o.Value)
	}
	v.add(problem(f, CodeInvalidChoice, "value", Sanitize(v.raw(f)), "options", strings.Join(names, ", ")))
	return ""
}

func (v *validator) education() {
	e := &model.Education{
		InstituteType: v.choice(model.FieldInstituteType, instituteTypes, strings.ToUpper),
		InstituteSize: v.choice(model.FieldInstituteSize, instituteSizes, strings.ToUpper),
	}
	if s := v.raw(model.FieldWebsite); s != "" {
		w, err := NormalizeWebsite(s)
		if err != nil {
			v.add(at(model.FieldWebsite, err))
		}
		e.Website = w
	}
	v.c.Education = e
}

// reseller takes the public reseller ID the form gives (the wizard asks
// only when the config has none; the command line may override it), else
// the configured one.
func (v *validator) reseller() {
	id := v.raw(model.FieldResellerID)
	if id == "" {
		v.c.ResellerID = v.env.ResellerID
		return
	}
	if !isAlnumID(id, MaxIDLength) {
		v.add(problem(model.FieldResellerID, CodeInvalidID, "max", strconv.Itoa(MaxIDLength)))
		return
	}
	v.c.ResellerID = id
}

func (v *validator) domainAndEmails(applies map[model.Field]bool) {
	if s := v.raw(model.FieldDomain); s != "" {
		d, err := NormalizeDomain(s)
		if err != nil {
			v.add(at(model.FieldDomain, err))
		}
		v.c.Domain = d
	}
	d := v.c.Domain
	if applies[model.FieldPrimaryEmail] {
		raw := v.raw(model.FieldPrimaryEmail)
		if raw == "" && v.mode == model.ModeCreate && v.c.Kind == model.KindDomain && d != "" {
			raw = "admin@" + d
		}
		if raw != "" {
			e, err := NormalizeEmail(raw)
			switch {
			case err != nil:
				v.add(at(model.FieldPrimaryEmail, err))
			case d != "" && EmailDomain(e) != d:
				v.add(problem(model.FieldPrimaryEmail, CodeEmailNotInDomain, "domain", DisplayDomain(d)))
			}
			v.c.PrimaryEmail = e
		}
	}
	if applies[model.FieldAlternateEmail] {
		if raw := v.raw(model.FieldAlternateEmail); raw != "" {
			e, err := NormalizeEmail(raw)
			switch {
			case err != nil:
				v.add(at(model.FieldAlternateEmail, err))
			case d != "" && InDomain(EmailDomain(e), d):
				v.add(problem(model.FieldAlternateEmail, CodeEmailInDomain, "domain", DisplayDomain(d)))
			}
			v.c.AlternateEmail = e
		}
	}
}

func (v *validator) contact() {
	v.c.AdminFirstName = v.text(model.FieldAdminFirstName, MaxText)
	v.c.AdminLastName = v.text(model.FieldAdminLastName, MaxText)
	a := &v.c.Address
	if s := v.raw(model.FieldRegionCode); s != "" {
		r, err := NormalizeRegion(s)
		if err != nil {
			v.add(at(model.FieldRegionCode, err))
		}
		a.RegionCode = r
	}
	a.PostalCode = v.text(model.FieldPostalCode, MaxText)
	a.Locality = v.text(model.FieldLocality, MaxText)
	a.AdministrativeArea = v.text(model.FieldAdministrativeArea, MaxText)
	for _, f := range []model.Field{model.FieldAddressLine1, model.FieldAddressLine2, model.FieldAddressLine3} {
		if l := v.text(f, MaxText); l != "" {
			a.AddressLines = append(a.AddressLines, l)
		}
	}
	if s := v.raw(model.FieldPhone); s != "" {
		p, err := NormalizePhone(s, a.RegionCode)
		if err != nil {
			v.add(at(model.FieldPhone, err))
		}
		v.c.Phone = p
	}
}

func (v *validator) importFields() {
	if id := v.raw(model.FieldCloudIdentityID); id != "" {
		if !isAlnumID(id, MaxIDLength) {
			v.add(problem(model.FieldCloudIdentityID, CodeInvalidID, "max", strconv.Itoa(MaxIDLength)))
		} else {
			v.c.CloudIdentityID = id
		}
	}
	if tok := v.raw(model.FieldTransferToken); tok != "" {
		if !isAlnumID(tok, MaxTokenLen) {
			v.add(problem(model.FieldTransferToken, CodeInvalidID, "max", strconv.Itoa(MaxTokenLen)))
		} else {
			v.c.TransferToken = tok
		}
	}
	now := v.env.Now // the caller's clock: rules never read the wall clock
	v.c.TransferTokenDate = now.UTC().Truncate(24 * time.Hour)
	raw := v.raw(model.FieldTransferTokenDate)
	if raw == "" {
		return
	}
	day, err := time.Parse(time.DateOnly, raw)
	if err != nil {
		v.add(problem(model.FieldTransferTokenDate, CodeInvalidDate, "value", Sanitize(raw)))
		return
	}
	today := now.UTC().Truncate(24 * time.Hour)
	switch {
	case day.After(today):
		v.add(problem(model.FieldTransferTokenDate, CodeDateInFuture, "value", raw))
	case today.Sub(day) > TokenLifetime:
		p := problem(model.FieldTransferToken, CodeTokenExpired, "days", strconv.Itoa(int(today.Sub(day).Hours()/24)))
		p.Severity = Warning
		v.add(p)
	}
	v.c.TransferTokenDate = day
}

// ReadyToPush returns what Google needs to create the customer that it
// lacks: region, postal code and one address line. It is a separate verdict
// from the form's problems: a customer can be stored locally without them.
// An imported customer needs none of them: Google has its address already,
// and the import form does not ask for one.
func ReadyToPush(c model.Customer) Problems {
	if c.Origin == model.ModeImport {
		return nil
	}
	var ps Problems
	if c.Address.RegionCode == "" {
		ps = append(ps, problem(model.FieldRegionCode, CodeRequiredToPush))
	}
	if c.Address.PostalCode == "" {
		ps = append(ps, problem(model.FieldPostalCode, CodeRequiredToPush))
	}
	if len(c.Address.AddressLines) == 0 {
		ps = append(ps, problem(model.FieldAddressLine1, CodeRequiredToPush))
	}
	if c.ResellerID == "" {
		ps = append(ps, problem(model.FieldResellerID, CodeRequiredToPush))
	}
	return ps
}

// CloudIdentityID checks a Cloud Identity ID given outside the import form
// (a CSV file): letters and digits.
func CloudIdentityID(raw string) (string, *Problem) {
	id := strings.TrimSpace(raw)
	if id != "" && !isAlnumID(id, MaxIDLength) {
		p := problem(model.FieldCloudIdentityID, CodeInvalidID, "max", strconv.Itoa(MaxIDLength))
		return "", &p
	}
	return id, nil
}
