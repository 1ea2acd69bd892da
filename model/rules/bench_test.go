package rules

import (
	"testing"

	"onboard/model"
)

// The normalisers run on every keystroke of the wizard and every CSV row.
func BenchmarkNormalizers(b *testing.B) {
	b.Run("domain", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			NormalizeDomain("WWW.Bücher.Example")
		}
	})
	b.Run("email", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			NormalizeEmail("Jan.de.Vries@Acme.co.uk")
		}
	})
	b.Run("phone", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			NormalizePhone("020 123 4567", "NL")
		}
	})
	b.Run("validate", func(b *testing.B) {
		f := with(domainForm(), "alternate_email", "owner@gmail.com", "phone", "020 123 4567", "region_code", "NL")
		for i := 0; i < b.N; i++ {
			Validate(model.ModeCreate, f, env())
		}
	})
}
