package rules

import "testing"

// Every name the pickers offer is one the rules accept.
func TestPickerOptionsAreValid(t *testing.T) {
	for _, z := range TimeZones() {
		if got, err := NormalizeTimeZone(z); err != nil || got != z {
			t.Errorf("time zone %q: %q, %v", z, got, err)
		}
	}
	for _, l := range Languages() {
		if got, err := NormalizeLanguage(l.Value); err != nil || got != l.Value {
			t.Errorf("language %q: %q, %v", l.Value, got, err)
		}
	}
	if !SmartFeaturesChoice("nl") || SmartFeaturesChoice("US") || SmartFeaturesDefault("US") != SmartOn || SmartFeaturesDefault("DE") != SmartOff {
		t.Error("smart features regions")
	}
}
