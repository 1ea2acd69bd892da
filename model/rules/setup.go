package rules

import (
	"sort"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// The setup tips after adding a customer (the seed's "Tips voor
// instellen"): the customer's language and default time zone, and, in the
// regions where Google asks the admin to choose, smart features and
// personalisation for Gmail, Chat and Meet.

// Smart features settings.
const (
	SmartOn  = "on"
	SmartOff = "off"
)

// smartChoice are the regions where smart features and personalisation
// are off until the admin turns them on: the EEA, the United Kingdom,
// Switzerland and Japan.
var smartChoice = map[string]bool{
	"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true, "FI": true,
	"FR": true, "DE": true, "GR": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true, "LU": true,
	"MT": true, "NL": true, "PL": true, "PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
	"IS": true, "LI": true, "NO": true, "GB": true, "CH": true, "JP": true,
}

// SmartFeaturesChoice reports whether, in the customer's region, smart
// features start off and wait for the admin's choice (elsewhere they are
// on unless turned off).
func SmartFeaturesChoice(region string) bool { return smartChoice[strings.ToUpper(region)] }

// SmartFeaturesDefault is the setting a customer in region has until
// someone chooses.
func SmartFeaturesDefault(region string) string {
	if SmartFeaturesChoice(region) {
		return SmartOff
	}
	return SmartOn
}

// adminLanguages are the languages the Admin console offers (BCP 47).
var adminLanguages = []string{
	"ar", "bg", "ca", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fa", "fi", "fil", "fr",
	"fr-CA", "he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "nl", "no", "pl", "pt-BR",
	"pt-PT", "ro", "ru", "sk", "sl", "sr", "sv", "th", "tr", "uk", "vi", "zh-CN", "zh-TW",
}

// Languages are the language picker's options: the tag and its name in
// English and in the language itself, sorted by English name.
func Languages() []Option {
	out := make([]Option, 0, len(adminLanguages))
	en := display.English.Tags()
	for _, t := range adminLanguages {
		tag := language.MustParse(t)
		name := en.Name(tag)
		if self := display.Self.Name(tag); self != "" && self != name {
			name += " — " + self
		}
		out = append(out, Option{Value: t, Label: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

//go:generate go run ./internal/genzones

// TimeZones are the time zone picker's names.
func TimeZones() []string { return append([]string(nil), timeZones...) }
