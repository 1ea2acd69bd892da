package rules

import (
	"strings"
	"testing"
	"time"

	"onboard/model"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func env() Env { return Env{ResellerID: "C0123abcd", Now: testNow} }

// domainForm is a valid create form for a domain customer.
func domainForm() model.Fields {
	return model.Fields{
		model.FieldRegisteredDomain: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no",
		model.FieldProductFamily: "google_workspace", model.FieldKind: "domain",
		model.FieldOrgName: "Bakkerij De Vries", model.FieldDomain: "devries.nl",
	}
}

func teamForm() model.Fields {
	f := domainForm()
	f[model.FieldKind] = "team"
	f[model.FieldPrimaryEmail] = "sales@devries.nl"
	return f
}

func importForm(kind string) model.Fields {
	return model.Fields{
		model.FieldPurchasePermission: "yes", model.FieldNonprofits: "no", model.FieldLegacyFree: "no",
		model.FieldProductFamily: "google_workspace", model.FieldKind: kind,
		model.FieldOrgName: "Acme", model.FieldDomain: "acme.nl", model.FieldTransferToken: "AbC123xyz",
		model.FieldCloudIdentityID: "C03abcdef",
	}
}

func with(f model.Fields, kv ...string) model.Fields {
	g := f.Clone()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "<unset>" {
			delete(g, model.Field(kv[i]))
			continue
		}
		g[model.Field(kv[i])] = kv[i+1]
	}
	return g
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		mode  model.Mode
		env   Env
		form  model.Fields
		field model.Field // the field with a problem; "" = accepted
		code  Code
		check func(t *testing.T, c model.Customer)
	}{
		// kind
		{name: "domain customer accepted", form: domainForm(), check: func(t *testing.T, c model.Customer) {
			eq(t, c.Kind, model.KindDomain)
			eq(t, c.PrimaryEmail, "admin@devries.nl")
			eq(t, c.Status, model.StatusLocal)
			eq(t, c.ResellerID, "C0123abcd")
		}},
		{name: "kind missing", form: with(domainForm(), "kind", "<unset>"), field: model.FieldKind, code: CodeRequired},
		{name: "kind unknown", form: with(domainForm(), "kind", "business"), field: model.FieldKind, code: CodeInvalidChoice},
		{name: "kind upper case accepted", form: with(domainForm(), "kind", "DOMAIN")},
		// prerequisites
		{name: "nonprofits blocks", form: with(domainForm(), "prereq_nonprofits", "yes"), field: model.FieldNonprofits, code: CodeNonprofits},
		{name: "legacy free blocks", form: with(domainForm(), "prereq_legacy_free", "yes"), field: model.FieldLegacyFree, code: CodeLegacyFree},
		{name: "no registered domain blocks", form: with(domainForm(), "prereq_registered_domain", "no"), field: model.FieldRegisteredDomain, code: CodeNoRegisteredDomain},
		{name: "prerequisite unanswered", form: with(domainForm(), "prereq_nonprofits", ""), field: model.FieldNonprofits, code: CodeRequired},
		{name: "prerequisite nonsense", form: with(domainForm(), "prereq_nonprofits", "maybe"), field: model.FieldNonprofits, code: CodeInvalidChoice},
		{name: "import nonprofits blocks", mode: model.ModeImport, form: with(importForm("domain"), "prereq_nonprofits", "yes"), field: model.FieldNonprofits, code: CodeNonprofits},
		{name: "import without permission blocks", mode: model.ModeImport, form: with(importForm("domain"), "prereq_purchase_permission", "no"), field: model.FieldPurchasePermission, code: CodeNoPermission},
		// product
		{name: "product unknown", form: with(domainForm(), "product_family", "chrome"), field: model.FieldProductFamily, code: CodeInvalidChoice},
		// education
		{name: "education accepted", form: with(domainForm(), "education", "yes", "institute_type", "k12", "institute_size", "size_1_100", "website", "School.example.org/about"),
			check: func(t *testing.T, c model.Customer) {
				if c.Education == nil {
					t.Fatal("education is nil")
				}
				eq(t, c.Education.InstituteType, "K12")
				eq(t, c.Education.InstituteSize, "SIZE_1_100")
				eq(t, c.Education.Website, "https://school.example.org/about")
			}},
		{name: "education without size", form: with(domainForm(), "education", "yes", "institute_type", "UNIVERSITY"), field: model.FieldInstituteSize, code: CodeRequired},
		{name: "education without type", form: with(domainForm(), "education", "yes", "institute_size", "SIZE_1_100"), field: model.FieldInstituteType, code: CodeRequired},
		{name: "education implied by type", form: with(domainForm(), "institute_type", "K12"), field: model.FieldInstituteSize, code: CodeRequired},
		{name: "education bad size", form: with(domainForm(), "education", "yes", "institute_type", "K12", "institute_size", "huge"), field: model.FieldInstituteSize, code: CodeInvalidChoice},
		{name: "education bad website", form: with(domainForm(), "education", "yes", "institute_type", "K12", "institute_size", "SIZE_1_100", "website", "ftp://x.nl"), field: model.FieldWebsite, code: CodeInvalidURL},
		{name: "no education ignores institute fields", form: with(domainForm(), "education", "no", "institute_type", "nonsense"),
			check: func(t *testing.T, c model.Customer) {
				if c.Education != nil {
					t.Fatal("education set")
				}
			}},
		// reseller
		{name: "reseller asked when config has none", env: Env{Now: testNow}, form: domainForm(), field: model.FieldResellerID, code: CodeRequired},
		{name: "reseller from form", env: Env{Now: testNow}, form: with(domainForm(), "reseller_id", "C0999"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.ResellerID, "C0999") }},
		{name: "reseller from form overrides config", form: with(domainForm(), "reseller_id", "C0777"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.ResellerID, "C0777") }},
		{name: "education answer nonsense", form: with(domainForm(), "education", "perhaps"), field: model.FieldEducation, code: CodeInvalidChoice},
		{name: "reseller not alnum", env: Env{Now: testNow}, form: with(domainForm(), "reseller_id", "C0-99"), field: model.FieldResellerID, code: CodeInvalidID},
		// organisation name
		{name: "org name missing", form: with(domainForm(), "org_name", "  "), field: model.FieldOrgName, code: CodeRequired},
		{name: "org name 255", form: with(domainForm(), "org_name", strings.Repeat("é", 255))},
		{name: "org name 256", form: with(domainForm(), "org_name", strings.Repeat("a", 256)), field: model.FieldOrgName, code: CodeTooLong},
		{name: "org name control", form: with(domainForm(), "org_name", "Acme\x1b[2J"), field: model.FieldOrgName, code: CodeUnsafeText},
		{name: "org name bidi", form: with(domainForm(), "org_name", "Acme\u202Egnp"), field: model.FieldOrgName, code: CodeUnsafeText},
		{name: "org name zero width", form: with(domainForm(), "org_name", "Ac\u200Bme"), field: model.FieldOrgName, code: CodeUnsafeText},
		{name: "org name trimmed", form: with(domainForm(), "org_name", "  Café Zoë  "),
			check: func(t *testing.T, c model.Customer) { eq(t, c.OrgName, "Café Zoë") }},
		// domain
		{name: "domain missing", form: with(domainForm(), "domain", ""), field: model.FieldDomain, code: CodeRequired},
		{name: "domain www stripped", form: with(domainForm(), "domain", "WWW.DeVries.NL"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.Domain, "devries.nl") }},
		{name: "domain IDN", form: with(domainForm(), "domain", "bücher.example"),
			check: func(t *testing.T, c model.Customer) {
				eq(t, c.Domain, "xn--bcher-kva.example")
				eq(t, c.PrimaryEmail, "admin@xn--bcher-kva.example")
			}},
		{name: "domain bare public suffix", form: with(domainForm(), "domain", "co.uk"), field: model.FieldDomain, code: CodePublicSuffix},
		{name: "domain under public suffix", form: with(domainForm(), "domain", "acme.co.uk")},
		{name: "domain single label", form: with(domainForm(), "domain", "acme"), field: model.FieldDomain, code: CodeInvalidDomain},
		{name: "domain invalid label", form: with(domainForm(), "domain", "ac_me.nl"), field: model.FieldDomain, code: CodeInvalidDomain},
		{name: "domain invalid utf8", form: with(domainForm(), "domain", "\x90.ua"), field: model.FieldDomain, code: CodeInvalidUTF8},
		{name: "domain unknown tld", form: with(domainForm(), "domain", "acme.nll"), field: model.FieldDomain, code: CodeUnknownTLD},
		// primary email
		{name: "domain primary email edited in domain", form: with(domainForm(), "primary_email", "Jan@DEVRIES.nl"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.PrimaryEmail, "jan@devries.nl") }},
		{name: "domain primary email outside domain", form: with(domainForm(), "primary_email", "jan@gmail.com"), field: model.FieldPrimaryEmail, code: CodeEmailNotInDomain},
		{name: "team without primary email", form: with(teamForm(), "primary_email", ""), field: model.FieldPrimaryEmail, code: CodeRequired},
		{name: "team primary email accepted", form: teamForm(), check: func(t *testing.T, c model.Customer) {
			eq(t, c.Kind, model.KindTeam)
			eq(t, c.PrimaryEmail, "sales@devries.nl")
		}},
		{name: "team primary email outside domain", form: with(teamForm(), "primary_email", "sales@other.nl"), field: model.FieldPrimaryEmail, code: CodeEmailNotInDomain},
		{name: "team primary email invalid", form: with(teamForm(), "primary_email", "Sales <sales@devries.nl>"), field: model.FieldPrimaryEmail, code: CodeInvalidEmail},
		// alternate email
		{name: "alternate outside domain", form: with(domainForm(), "alternate_email", "Owner@Gmail.com"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.AlternateEmail, "owner@gmail.com") }},
		{name: "alternate in domain", form: with(domainForm(), "alternate_email", "jan@devries.nl"), field: model.FieldAlternateEmail, code: CodeEmailInDomain},
		{name: "alternate in domain upper case", form: with(domainForm(), "alternate_email", "JAN@DEVRIES.NL"), field: model.FieldAlternateEmail, code: CodeEmailInDomain},
		{name: "alternate in subdomain", form: with(domainForm(), "alternate_email", "jan@mail.devries.nl"), field: model.FieldAlternateEmail, code: CodeEmailInDomain},
		{name: "alternate in IDN domain as punycode", form: with(domainForm(), "domain", "bücher.example", "alternate_email", "x@XN--BCHER-KVA.example"), field: model.FieldAlternateEmail, code: CodeEmailInDomain},
		{name: "alternate in lookalike domain", form: with(domainForm(), "alternate_email", "jan@notdevries.nl")},
		{name: "alternate two addresses", form: with(domainForm(), "alternate_email", "a@x.nl, b@y.nl"), field: model.FieldAlternateEmail, code: CodeInvalidEmail},
		{name: "alternate header injection", form: with(domainForm(), "alternate_email", "a@x.nl\nBcc: b@y.nl"), field: model.FieldAlternateEmail, code: CodeUnsafeText},
		{name: "alternate local part too long", form: with(domainForm(), "alternate_email", strings.Repeat("a", 65)+"@x.nl"), field: model.FieldAlternateEmail, code: CodeInvalidEmail},
		{name: "alternate too long", form: with(domainForm(), "alternate_email", strings.Repeat("a", 64)+"@"+strings.Repeat("abcdefghi.", 19)+"nl"), field: model.FieldAlternateEmail, code: CodeInvalidEmail},
		// phone
		{name: "phone national with region hint", form: with(domainForm(), "phone", "020 123 4567", "region_code", "nl"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.Phone, "+31201234567") }},
		{name: "phone international", form: with(domainForm(), "phone", "+44 20 7946 0958"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.Phone, "+442079460958") }},
		{name: "phone national without hint", form: with(domainForm(), "phone", "020 123 4567"), field: model.FieldPhone, code: CodeInvalidPhone},
		{name: "phone nonsense", form: with(domainForm(), "phone", "call me"), field: model.FieldPhone, code: CodeInvalidPhone},
		{name: "phone over E.164's 15 digits", form: with(domainForm(), "phone", "+4970202000000000"), field: model.FieldPhone, code: CodeInvalidPhone},
		// CRM ID
		{name: "crm 80", form: with(domainForm(), "crm_id", strings.Repeat("x", 80))},
		{name: "crm 81", form: with(domainForm(), "crm_id", strings.Repeat("x", 81)), field: model.FieldCRMID, code: CodeTooLong},
		// admin names
		{name: "admin names", form: with(domainForm(), "admin_first_name", "Jan", "admin_last_name", "de Vries"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.AdminLastName, "de Vries") }},
		{name: "admin name too long", form: with(domainForm(), "admin_first_name", strings.Repeat("j", 256)), field: model.FieldAdminFirstName, code: CodeTooLong},
		// address
		{name: "address accepted", form: with(domainForm(), "region_code", "nl", "postal_code", "1011 AB", "locality", "Amsterdam", "address_line_1", "Damrak 1", "address_line_3", "3rd floor"),
			check: func(t *testing.T, c model.Customer) {
				eq(t, c.Address.RegionCode, "NL")
				eq(t, strings.Join(c.Address.AddressLines, "|"), "Damrak 1|3rd floor")
			}},
		{name: "region UK refused", form: with(domainForm(), "region_code", "UK"), field: model.FieldRegionCode, code: CodeInvalidRegion},
		{name: "region YU refused", form: with(domainForm(), "region_code", "YU"), field: model.FieldRegionCode, code: CodeInvalidRegion},
		{name: "postal code too long", form: with(domainForm(), "postal_code", strings.Repeat("1", 256)), field: model.FieldPostalCode, code: CodeTooLong},
		{name: "address line control", form: with(domainForm(), "address_line_2", "a\rb"), field: model.FieldAddressLine2, code: CodeUnsafeText},
		// import
		{name: "import domain", mode: model.ModeImport, form: importForm("domain"), check: func(t *testing.T, c model.Customer) {
			eq(t, c.Origin, model.ModeImport)
			eq(t, c.TransferToken, "AbC123xyz")
			eq(t, c.TransferTokenDate.Format(time.DateOnly), "2026-11-27")
			eq(t, c.PrimaryEmail, "") // import does not set contact data
		}},
		{name: "import domain without cloud identity", mode: model.ModeImport, form: with(importForm("domain"), "cloud_identity_id", "")},
		{name: "import team by primary admin email", mode: model.ModeImport, form: with(importForm("team"), "cloud_identity_id", "", "primary_email", "sales@acme.nl")},
		{name: "import team without cloud identity or email", mode: model.ModeImport, form: with(importForm("team"), "cloud_identity_id", "", "primary_email", ""), field: model.FieldPrimaryEmail, code: CodeRequired},
		{name: "import team", mode: model.ModeImport, form: importForm("team"),
			check: func(t *testing.T, c model.Customer) { eq(t, c.CloudIdentityID, "C03abcdef") }},
		{name: "import without token", mode: model.ModeImport, form: with(importForm("domain"), "transfer_token", ""), field: model.FieldTransferToken, code: CodeRequired},
		{name: "import token not alnum", mode: model.ModeImport, form: with(importForm("domain"), "transfer_token", "abc-123"), field: model.FieldTransferToken, code: CodeInvalidID},
		{name: "import token date bad", mode: model.ModeImport, form: with(importForm("domain"), "transfer_token_date", "27-11-2026"), field: model.FieldTransferTokenDate, code: CodeInvalidDate},
		{name: "import token date future", mode: model.ModeImport, form: with(importForm("domain"), "transfer_token_date", "2026-12-01"), field: model.FieldTransferTokenDate, code: CodeDateInFuture},
		{name: "import token 14 days ok", mode: model.ModeImport, form: with(importForm("domain"), "transfer_token_date", "2026-11-13")},
		// language and time zone
		{name: "language", form: with(domainForm(), "language", "en-gb", "time_zone", "Europe/Amsterdam"),
			check: func(t *testing.T, c model.Customer) {
				eq(t, c.Language, "en-GB")
				eq(t, c.TimeZone, "Europe/Amsterdam")
			}},
		{name: "language bad", form: with(domainForm(), "language", "not a tag"), field: model.FieldLanguage, code: CodeInvalidLanguage},
		{name: "time zone bad", form: with(domainForm(), "time_zone", "Europe/Nowhere"), field: model.FieldTimeZone, code: CodeInvalidTimeZone},
		{name: "time zone Local refused", form: with(domainForm(), "time_zone", "Local"), field: model.FieldTimeZone, code: CodeInvalidTimeZone},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mode := tc.mode
			if mode == "" {
				mode = model.ModeCreate
			}
			e := tc.env
			if e.Now.IsZero() {
				e = env()
			}
			r := Validate(mode, tc.form, e)
			errs := r.Problems.Errors()
			if tc.field == "" {
				if len(errs) > 0 {
					t.Fatalf("want accepted, got %v", errs)
				}
			} else {
				got := errs.For(tc.field)
				if len(got) == 0 || got[0].Code != tc.code {
					t.Fatalf("want %s on %s, got %v", tc.code, tc.field, r.Problems)
				}
				if got[0].Message() == "" || strings.Contains(got[0].Message(), "{") {
					t.Fatalf("message not filled in: %q", got[0].Message())
				}
			}
			if tc.check != nil {
				tc.check(t, r.Customer)
			}
		})
	}
}

func TestTokenOlderThan14DaysWarns(t *testing.T) {
	r := Validate(model.ModeImport, with(importForm("domain"), "transfer_token_date", "2026-11-10"), env())
	if !r.OK() {
		t.Fatalf("an old token must warn, not block: %v", r.Problems)
	}
	w := r.Problems.Warnings()
	if len(w) != 1 || w[0].Code != CodeTokenExpired || w[0].Params["days"] != "17" {
		t.Fatalf("want one token_expired warning of 17 days, got %v", r.Problems)
	}
}

func TestIDNFormsCompareEqual(t *testing.T) {
	a, err1 := NormalizeDomain("bücher.example")
	b, err2 := NormalizeDomain("xn--bcher-kva.example")
	c, err3 := NormalizeDomain("BÜCHER.example.")
	if err1 != nil || err2 != nil || err3 != nil || a != b || b != c {
		t.Fatalf("IDN forms differ: %q %q %q (%v %v %v)", a, b, c, err1, err2, err3)
	}
	if DisplayDomain(a) != "bücher.example" {
		t.Fatalf("display form: %q", DisplayDomain(a))
	}
}

func TestStepsFollowTheRules(t *testing.T) {
	has := func(steps []Step, f model.Field) (StepID, bool) {
		for _, s := range steps {
			for _, spec := range s.Fields {
				if spec.Field == f {
					return s.ID, spec.Required
				}
			}
		}
		return "", false
	}
	e := env()
	ids := func(steps []Step) string {
		var s []string
		for _, st := range steps {
			s = append(s, string(st.ID))
		}
		return strings.Join(s, ",")
	}
	if got := ids(Steps(model.ModeCreate, domainForm(), e)); got != "prerequisites,organisation,customer,contact,review" {
		t.Fatalf("create steps: %s", got)
	}
	if got := ids(Steps(model.ModeCreate, domainForm(), Env{})); got != "prerequisites,organisation,reseller,customer,contact,review" {
		t.Fatalf("create steps without reseller ID: %s", got)
	}
	if got := ids(Steps(model.ModeImport, importForm("team"), e)); got != "prerequisites,organisation,customer,review" {
		t.Fatalf("import steps: %s", got)
	}
	if st, req := has(Steps(model.ModeCreate, domainForm(), e), model.FieldPrimaryEmail); st != StepCustomer || req {
		t.Fatalf("domain customer primary email: step %s required %v", st, req)
	}
	if st, req := has(Steps(model.ModeCreate, teamForm(), e), model.FieldPrimaryEmail); st != StepCustomer || !req {
		t.Fatalf("team customer primary email: step %s required %v", st, req)
	}
	// A team import takes the Cloud Identity ID or the primary admin email.
	if _, req := has(Steps(model.ModeImport, with(importForm("team"), "cloud_identity_id", ""), e), model.FieldPrimaryEmail); !req {
		t.Fatal("team import without a Cloud Identity ID must require the primary admin email")
	}
	if _, req := has(Steps(model.ModeImport, importForm("team"), e), model.FieldPrimaryEmail); req {
		t.Fatal("team import with a Cloud Identity ID must not require the primary admin email")
	}
	if _, req := has(Steps(model.ModeImport, importForm("domain"), e), model.FieldCloudIdentityID); req {
		t.Fatal("domain import must not require the Cloud Identity ID")
	}
	if st, _ := has(Steps(model.ModeCreate, domainForm(), e), model.FieldInstituteSize); st != "" {
		t.Fatal("institute size without education")
	}
	if _, req := has(Steps(model.ModeCreate, with(domainForm(), "education", "yes"), e), model.FieldInstituteSize); !req {
		t.Fatal("education must require institute size")
	}
	for _, s := range Steps(model.ModeCreate, domainForm(), e) {
		for _, f := range s.Fields {
			if f.Field == model.FieldPrimaryEmail && f.Default != "admin@devries.nl" {
				t.Fatalf("primary email default %q", f.Default)
			}
		}
	}
}

func TestReadyToPush(t *testing.T) {
	r := Validate(model.ModeCreate, domainForm(), env())
	ps := ReadyToPush(r.Customer)
	if len(ps) != 3 || !ps.Has(CodeRequiredToPush) {
		t.Fatalf("want region, postal code and address line: %v", ps)
	}
	r = Validate(model.ModeCreate, with(domainForm(), "region_code", "NL", "postal_code", "1011AB", "address_line_1", "Damrak 1"), env())
	if ps := ReadyToPush(r.Customer); len(ps) != 0 {
		t.Fatalf("complete address not ready: %v", ps)
	}
}

func TestRegions(t *testing.T) {
	rs := Regions()
	if len(rs) != 249 {
		t.Fatalf("want 249 ISO 3166-1 codes, have %d", len(rs))
	}
	for i := 1; i < len(rs); i++ {
		if rs[i-1] >= rs[i] {
			t.Fatalf("not sorted or duplicate at %s", rs[i])
		}
	}
	for _, c := range []string{"NL", "GB", "US", "AX", "SS", "ZW"} {
		if !IsRegion(c) {
			t.Errorf("%s refused", c)
		}
	}
	for _, c := range []string{"UK", "AN", "YU", "SU", "CS", "XK", "EU", "D ", "", "NLD"} {
		if IsRegion(c) {
			t.Errorf("%q accepted", c)
		}
	}
}

func TestOrders(t *testing.T) {
	team := Validate(model.ModeCreate, teamForm(), env()).Customer
	dom := Validate(model.ModeCreate, domainForm(), env()).Customer
	if _, ps := ValidateOrder(team, "workspace_business_standard", "10", "annual", ""); !ps.Has(CodeTeamSKU) {
		t.Fatalf("team customer bought Business Standard: %v", ps)
	}
	if o, ps := ValidateOrder(team, "workspace_enterprise_essentials", "10", "Flexible", "PO-1"); len(ps) != 0 || o.Seats != 10 || o.Plan != model.PlanFlexible {
		t.Fatalf("team Essentials refused: %v %+v", ps, o)
	}
	if _, ps := ValidateOrder(dom, "workspace_education_plus", "10", "annual", ""); len(ps) == 0 {
		t.Fatal("non-edu customer bought an education edition")
	}
	if _, ps := ValidateOrder(dom, "workspace_business_plus", "0", "monthly", "PO\x1b"); len(ps) != 3 {
		t.Fatalf("want seats, plan and PO problems: %v", ps)
	}
	if got := len(SKUsFor(team)); got != 2 {
		t.Fatalf("team customers see %d SKUs", got)
	}
}

func TestSanitize(t *testing.T) {
	cases := map[string]string{
		"plain":                  "plain",
		"Paid\rUNPAID":           "PaidUNPAID",
		"\x1b]52;c;SGVsbG8=\x07": "]52;c;SGVsbG8=",
		"a\u202Eb\u200Bc\u2066d": "abcd",
		"line\nbreak\ttab":       "line break tab",
		"\x9b31m":                "?31m",
		"\u009b31m":              "31m",
		"\xff\xfe":               "??",
		"Café":                   "Café",
	}
	for in, want := range cases {
		if got := Sanitize(in); got != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProblemReadsTheSame(t *testing.T) {
	p := problem(model.FieldAlternateEmail, CodeEmailInDomain, "domain", "acme.nl")
	if got := p.Error(); got != "alternate_email: must not be in the customer's domain acme.nl" {
		t.Fatalf("got %q", got)
	}
}

func eq[T comparable](t *testing.T, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("got %v, want %v", got, want)
	}
}
