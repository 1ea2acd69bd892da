package rules

import "testing"

func TestDisplayDomainAndEmail(t *testing.T) {
	for _, c := range [][2]string{
		{"xn--n-9faa.nl", "één.nl"},
		{"acme.nl", "acme.nl"},
		{"xn--invalid-", "xn--invalid-"}, // not valid punycode: shown as stored
	} {
		if got := DisplayDomain(c[0]); got != c[1] {
			t.Errorf("DisplayDomain(%q) = %q, want %q", c[0], got, c[1])
		}
	}
	for _, c := range [][2]string{
		{"beheer@xn--n-9faa.nl", "beheer@één.nl"},
		{"xn--local@acme.nl", "xn--local@acme.nl"}, // only the domain is decoded
		{"owner@gmail.com", "owner@gmail.com"},
		{"", ""},
		{"no-at-sign", "no-at-sign"},
	} {
		if got := DisplayEmail(c[0]); got != c[1] {
			t.Errorf("DisplayEmail(%q) = %q, want %q", c[0], got, c[1])
		}
		// The rules take the shown form back to the stored one.
		if c[0] != "" && c[0] != "no-at-sign" {
			if back, err := NormalizeEmail(c[1]); err != nil || back != c[0] {
				t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", c[1], back, err, c[0])
			}
		}
	}
}
