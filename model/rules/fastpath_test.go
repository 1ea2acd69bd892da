package rules

import (
	"testing"

	"golang.org/x/text/language"

	"onboard/model"
)

// The fields are in the order the fast path types them: the country before
// the phone (a national number is read in it) and the postal code, the
// CRM ID last on the customer step, the fields most leave empty last on
// the contact step.
func TestFieldOrderForTheFastPath(t *testing.T) {
	order := func(id StepID, fs model.Fields) []model.Field {
		for _, s := range Steps(model.ModeCreate, fs, env()) {
			if s.ID == id {
				var out []model.Field
				for _, f := range s.Fields {
					out = append(out, f.Field)
				}
				return out
			}
		}
		t.Fatalf("no step %s", id)
		return nil
	}
	pos := func(fs []model.Field, f model.Field) int {
		for i, g := range fs {
			if g == f {
				return i
			}
		}
		t.Fatalf("%s not in %v", f, fs)
		return -1
	}
	c := order(StepContact, domainForm())
	if pos(c, model.FieldRegionCode) > pos(c, model.FieldPhone) || pos(c, model.FieldRegionCode) > pos(c, model.FieldPostalCode) {
		t.Fatalf("the country comes after the phone or postal code: %v", c)
	}
	if c[len(c)-1] != model.FieldAddressLine3 || pos(c, model.FieldAdministrativeArea) < pos(c, model.FieldLocality) {
		t.Fatalf("the optional extras are not last: %v", c)
	}
	for _, fs := range []model.Fields{domainForm(), teamForm()} {
		cust := order(StepCustomer, fs)
		if cust[len(cust)-1] != model.FieldCRMID {
			t.Fatalf("the CRM ID is not the customer step's last field: %v", cust)
		}
	}
}

// A choice with one option is fixed and its step settled (not walked
// through); a step with a real choice, a question or text is not.
func TestSettledSteps(t *testing.T) {
	settled := map[StepID]bool{}
	for _, s := range Steps(model.ModeCreate, domainForm(), env()) {
		settled[s.ID] = s.Settled()
	}
	want := map[StepID]bool{StepPrerequisites: false, StepOrganisation: false, StepCustomer: false, StepContact: false, StepReview: false}
	for id, w := range want {
		if settled[id] != w {
			t.Errorf("step %s settled %v, want %v", id, settled[id], w)
		}
	}
	one := Step{Fields: []FieldSpec{{Input: InputChoice, Options: kindOptions[:1]}}}
	if !one.Settled() {
		t.Fatal("a step whose only field has one option is not settled")
	}
	two := Step{Fields: []FieldSpec{{Input: InputChoice, Options: kindOptions}}}
	if two.Settled() || (Step{}).Settled() {
		t.Fatal("a step with two options, or with no fields, is settled")
	}
	// The product family is a field of the checklist's step: one family
	// (a catalogue of Google Workspace only) is fixed there, two are a
	// choice that starts at the first; either way the step is one key.
	for _, e := range []Env{env(), {ResellerID: "C0abc", Products: productOptions[:1]}} {
		pre := Steps(model.ModeCreate, domainForm(), e)[0]
		last := pre.Fields[len(pre.Fields)-1]
		if pre.ID != StepPrerequisites || last.Field != model.FieldProductFamily || last.Start() != "google_workspace" {
			t.Fatalf("the checklist's step with %d families: %+v", len(e.Products), pre)
		}
		if last.Fixed() != (len(e.Products) == 1) {
			t.Fatalf("%d families: fixed %v", len(e.Products), last.Fixed())
		}
	}
}

// The country a new address starts with is the environment's, when it is
// a real ISO code.
func TestRegionDefault(t *testing.T) {
	def := func(region string) string {
		e := env()
		e.Region = region
		for _, s := range Steps(model.ModeCreate, domainForm(), e) {
			for _, f := range s.Fields {
				if f.Field == model.FieldRegionCode {
					return f.Default
				}
			}
		}
		return "?"
	}
	if def("NL") != "NL" || def("") != "" || def("UK") != "" || def("nl") != "" {
		t.Fatalf("defaults: %q %q %q %q", def("NL"), def(""), def("UK"), def("nl"))
	}
}

// The picker finds a country by its name in the session's language, its
// English name or its code, case and accents ignored; the names are in the
// language and sorted as its readers sort.
func TestCountrySearch(t *testing.T) {
	first := func(tag language.Tag, q string) string {
		m := NewCountries(tag).Search(q)
		if len(m) == 0 {
			return ""
		}
		return m[0].Value + " " + m[0].Label
	}
	for _, c := range []struct {
		tag  language.Tag
		q    string
		want string
	}{
		{language.English, "neth", "NL Netherlands"},
		{language.Dutch, "ned", "NL Nederland"},
		{language.Dutch, "neth", "NL Nederland"}, // the English name finds it too
		{language.Dutch, "nl", "NL Nederland"},   // the code first
		{language.English, "germ", "DE Germany"},
		{language.Dutch, "duits", "DE Duitsland"},
		{language.English, "cote", "CI Côte d’Ivoire"},
		{language.Dutch, "ver koninkrijk", "GB Verenigd Koninkrijk"},
		{language.English, "kingdom", "GB United Kingdom"}, // a word of the name
		{language.English, "zzz", ""},
	} {
		if got := first(c.tag, c.q); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.tag, c.q, got, c.want)
		}
	}
	if n := len(NewCountries(language.Dutch).Search("")); n != len(Regions()) {
		t.Fatalf("an empty search finds %d of %d", n, len(Regions()))
	}
	nl := RegionOptions(language.Dutch)
	at := map[string]int{}
	for i, o := range nl {
		at[o.Value] = i
	}
	// Åland sorts with A in Dutch, not after Z; Oostenrijk before Polen.
	if at["AX"] > at["BE"] || at["AT"] > at["PL"] {
		t.Fatalf("Dutch order: Åland at %d, België at %d, Oostenrijk at %d, Polen at %d", at["AX"], at["BE"], at["AT"], at["PL"])
	}
	if RegionName("NL", language.Dutch) != "Nederland" || RegionName("XX", language.Dutch) != "XX" {
		t.Fatalf("names: %q %q", RegionName("NL", language.Dutch), RegionName("XX", language.Dutch))
	}
}

// The unique key of a form is what the store refuses a second of; a stored
// customer with it is a duplicate unless it is the one being edited.
func TestUniqueKeyAndDuplicate(t *testing.T) {
	f, v, ok := UniqueKey(model.ModeCreate, domainForm())
	if f != model.FieldDomain || v != "devries.nl" || !ok {
		t.Fatalf("domain form: %s %q %v", f, v, ok)
	}
	f, v, ok = UniqueKey(model.ModeCreate, teamForm())
	if f != model.FieldPrimaryEmail || v == "" || !ok {
		t.Fatalf("team form: %s %q %v", f, v, ok)
	}
	if _, _, ok := UniqueKey(model.ModeCreate, with(domainForm(), "domain", "not a domain")); ok {
		t.Fatal("an invalid domain is asked about")
	}
	stored := model.Customer{ID: 7, Kind: model.KindDomain, Domain: "devries.nl"}
	p := Duplicate(model.FieldDomain, "devries.nl", stored, 0)
	if p == nil || p.Code != CodeDomainExists || p.Field != model.FieldDomain || p.Params["id"] != "7" {
		t.Fatalf("duplicate: %+v", p)
	}
	team := model.Customer{ID: 8, Kind: model.KindTeam, Domain: "devries.nl"}
	if Duplicate(model.FieldDomain, "devries.nl", stored, 7) != nil || Duplicate(model.FieldDomain, "devries.nl", team, 0) != nil ||
		Duplicate(model.FieldDomain, "other.nl", stored, 0) != nil {
		t.Fatal("the edited customer, a team in the domain or another domain counted as a duplicate")
	}
	team.PrimaryEmail = "sales@devries.nl"
	if p := Duplicate(model.FieldPrimaryEmail, "sales@devries.nl", team, 0); p == nil || p.Code != CodeTeamExists {
		t.Fatalf("team duplicate: %+v", p)
	}
}
