package common

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
)

// Clean makes untrusted text (anything a person, a file, the database or
// Google produced) safe to draw.
func Clean(s string) string { return rules.Sanitize(s) }

// Fit cleans s and cuts or pads it to exactly w cells.
func Fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = ansi.Truncate(Clean(s), w, "…")
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// Ago says how long ago t was, in the list's short words.
func Ago(l i18n.Lang, t *time.Time, now time.Time) string {
	if t == nil {
		return l.T("never")
	}
	d := now.Sub(*t)
	days := int64(d.Hours() / 24)
	switch {
	case d < 24*time.Hour:
		return l.T("today")
	case days == 1:
		return l.T("yesterday")
	case days < 60:
		return l.T("%d days ago", days)
	case days < 730:
		return l.N(days/30, "%d month ago", "%d months ago", days/30)
	}
	return l.N(days/365, "%d year ago", "%d years ago", days/365)
}

// Wrap breaks text into lines of at most w cells, at spaces (and after a
// hyphen); runs of white space count as one space, and a word longer than
// w keeps its own line.
func Wrap(text string, w int) []string {
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return nil
	}
	lines := strings.Split(ansi.Wordwrap(text, w, ""), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// KindName is a customer type in the list's short words.
func KindName(l i18n.Lang, k model.Kind) string {
	switch k {
	case model.KindDomain:
		return l.T("domain")
	case model.KindTeam:
		return l.T("team")
	}
	return Clean(string(k))
}

// StatusName is a customer's status in the user's words.
func StatusName(l i18n.Lang, s model.Status) string {
	switch s {
	case model.StatusDraft:
		return l.T("draft")
	case model.StatusLocal:
		return l.T("local")
	case model.StatusPending:
		return l.T("pending")
	case model.StatusCreated:
		return l.T("created")
	case model.StatusImported:
		return l.T("imported")
	case model.StatusFailed:
		return l.T("failed")
	}
	return Clean(string(s))
}

// FieldName is a field's label in the session's language.
func FieldName(l i18n.Lang, f model.Field) string { return l.S(rules.FieldLabel(f)) }

// EducationText is an institution's type, size and website in words.
func EducationText(l i18n.Lang, e model.Education) string {
	out := l.S(rules.OptionLabel(model.FieldInstituteType, e.InstituteType)) + ", " +
		l.T("%s people", l.S(rules.OptionLabel(model.FieldInstituteSize, e.InstituteSize)))
	if e.Website != "" {
		out += ", " + e.Website
	}
	return out
}

// ProblemText is a rule problem in l's language, its field named by its
// label: "Alternate email: must not be in the customer's domain acme.nl".
func ProblemText(l i18n.Lang, p rules.Problem) string {
	if p.Field == "" {
		return p.In(l.Tag())
	}
	return FieldName(l, p.Field) + ": " + p.In(l.Tag())
}

// SmartName is a smart-features setting in words ("" stays "").
func SmartName(l i18n.Lang, v string) string {
	switch v {
	case rules.SmartOn:
		return l.T("on")
	case rules.SmartOff:
		return l.T("off")
	}
	return Clean(v)
}

// OriginName says how a customer came in: created or imported.
func OriginName(l i18n.Lang, m model.Mode) string {
	switch m {
	case model.ModeCreate:
		return l.T("created")
	case model.ModeImport:
		return l.T("imported")
	}
	return Clean(string(m))
}

// PlanName is an order's billing plan in words.
func PlanName(l i18n.Lang, p model.Plan) string {
	switch p {
	case model.PlanFlexible:
		return l.T("flexible")
	case model.PlanAnnual:
		return l.T("annual")
	case model.PlanAnnualMonthly:
		return l.T("annual, paid monthly")
	case model.PlanAnnualYearly:
		return l.T("annual, paid yearly")
	case model.PlanFree:
		return l.T("free")
	case model.PlanTrial:
		return l.T("trial")
	}
	return Clean(string(p))
}

// OrderStatusName is an order's status in words.
func OrderStatusName(l i18n.Lang, s string) string {
	switch s {
	case model.OrderLocal:
		return l.T("local")
	case model.OrderCancelled:
		return l.T("cancelled")
	case model.OrderPending:
		return l.T("sent to Google, awaiting the answer")
	case model.OrderPendingToS:
		return l.T("waiting for the customer to accept Google's Terms of Service")
	case model.OrderActive:
		return l.T("active")
	case model.OrderSuspended:
		return l.T("suspended")
	case model.OrderFailed:
		return l.T("failed")
	}
	return Clean(s)
}

// actions name the audit trail's events.
var actions = map[string]string{
	"create":                 i18n.M("created"),
	"import":                 i18n.M("imported"),
	"edit":                   i18n.M("edited"),
	"confirm":                i18n.M("details confirmed"),
	"domain verified":        i18n.M("domain verified"),
	"setup":                  i18n.M("setup tips"),
	"order":                  i18n.M("order placed"),
	"order cancelled":        i18n.M("order cancelled"),
	"order state":            i18n.M("order's state at Google"),
	"subscription found":     i18n.M("subscription found at Google"),
	"subscription refreshed": i18n.M("subscription refreshed from Google"),
	"transfer":               i18n.M("subscriptions transferred"),
	"token forgotten":        i18n.M("transfer token forgotten (the transfer no longer needs it)"),
	"push":                   i18n.M("pushed to Google"),
	"refresh from Google":    i18n.M("took Google's values"),
	"csv import":             i18n.M("imported from a CSV file"),
}

// ActionName is an audit event's action in words.
func ActionName(l i18n.Lang, a string) string {
	if m, ok := actions[a]; ok {
		return l.S(m)
	}
	return Clean(a)
}

// Row is one labelled value of a customer shown as a list of fields; the
// label is an English text, translated where it is drawn.
type Row struct{ Label, Value string }

// AddressRows are the customer's admin and postal address, as the detail
// screen and the command line show them.
func AddressRows(c model.Customer) []Row {
	return []Row{
		{i18n.M("Admin"), strings.TrimSpace(c.AdminFirstName + " " + c.AdminLastName)},
		{i18n.M("Address"), strings.Join(c.Address.AddressLines, ", ")},
		{i18n.M("Postal code"), c.Address.PostalCode},
		{i18n.M("City"), c.Address.Locality},
		{i18n.M("Province or state"), c.Address.AdministrativeArea},
		{i18n.M("Country"), c.Address.RegionCode},
	}
}
