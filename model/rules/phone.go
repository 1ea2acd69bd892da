package rules

import (
	"strings"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// NormalizePhone returns the E.164 form of a phone number ("+31201234567").
// region (an ISO 3166-1 code, may be empty) is the hint for numbers typed
// without a country code.
func NormalizePhone(raw, region string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", fail(CodeInvalidUTF8)
	}
	s := strings.TrimSpace(raw)
	if c := firstUnsafe(s); c != "" {
		return "", fail(CodeUnsafeText, "char", c)
	}
	if len(s) > 64 {
		return "", fail(CodeInvalidPhone, "value", s)
	}
	hint := strings.ToUpper(region)
	if !IsRegion(hint) {
		hint = "ZZ"
	}
	num, err := phonenumbers.Parse(s, hint)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", fail(CodeInvalidPhone, "value", s)
	}
	out := phonenumbers.Format(num, phonenumbers.E164)
	// E.164 allows at most 15 digits; the library's metadata lets a few
	// longer German numbers through ("+4970202000000000", found by fuzzing).
	if len(out) > 16 {
		return "", fail(CodeInvalidPhone, "value", s)
	}
	return out, nil
}
