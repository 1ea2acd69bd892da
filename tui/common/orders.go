package common

import (
	"strings"

	"onboard/i18n"
)

// suspensionReasons are Google's reasons a subscription is suspended
// (Entitlement.suspensionReasons), in words.
var suspensionReasons = map[string]string{
	"RESELLER_INITIATED":       i18n.M("suspended by the reseller"),
	"TRIAL_ENDED":              i18n.M("the trial ended"),
	"RENEWAL_WITH_TYPE_CANCEL": i18n.M("cancelled at renewal"),
	"PENDING_TOS_ACCEPTANCE":   i18n.M("the customer has not accepted Google's Terms of Service yet"),
	"OTHER":                    i18n.M("another reason Google does not name"),
}

// SuspensionText is a suspended order's reasons (as stored: Google's
// names, comma-separated) in words; a reason onboard does not know stays
// as Google named it.
func SuspensionText(l i18n.Lang, reasons string) string {
	var out []string
	for _, r := range strings.Split(reasons, ",") {
		r = strings.TrimSpace(r)
		if t, ok := suspensionReasons[r]; ok {
			out = append(out, l.T(t))
		} else if r != "" {
			out = append(out, Clean(r))
		}
	}
	return strings.Join(out, "; ")
}
