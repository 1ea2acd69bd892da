package rules

import (
	"testing"

	"onboard/i18n"
)

// TestDomainChecks: a domain is refused for the fault a person would name,
// in both languages, and the ones that pass come out normalised.
func TestDomainChecks(t *testing.T) {
	for _, tc := range []struct {
		in       string
		code     Code
		en, nl   string // the message, in English and Dutch
		wantNorm string // when accepted
	}{
		{in: "🍰.nl", code: CodeInvalidDomain,
			en: "🍰.nl is not a valid domain name: it contains 🍰: emoji and other symbols cannot be part of a domain name",
			nl: "🍰.nl is geen geldige domeinnaam: er staat 🍰 in: emoji en andere symbolen kunnen geen deel van een domeinnaam zijn"},
		{in: "😀😀.com", code: CodeInvalidDomain,
			en: "😀😀.com is not a valid domain name: it contains 😀: emoji and other symbols cannot be part of a domain name"},
		{in: "xn--nj8h.nl", code: CodeInvalidDomain,
			en: "xn--nj8h.nl is not a valid domain name: it contains 🍰: emoji and other symbols cannot be part of a domain name"},
		{in: "i♥ny.com", code: CodeInvalidDomain,
			en: "i♥ny.com is not a valid domain name: it contains ♥: emoji and other symbols cannot be part of a domain name"},
		{in: "1.2.3.4", code: CodeInvalidDomain,
			en: "1.2.3.4 is not a valid domain name: it is an IP address; enter a domain name like example.com",
			nl: "1.2.3.4 is geen geldige domeinnaam: het is een IP-adres; vul een domeinnaam in, zoals voorbeeld.nl"},
		{in: "[2001:db8::1]", code: CodeInvalidDomain,
			en: "[2001:db8::1] is not a valid domain name: it is an IP address; enter a domain name like example.com"},
		{in: "gmail.com", code: CodeConsumerDomain,
			en: "gmail.com belongs to a mail service, whose addresses are its users' and not a company's own domain; enter the domain the customer owns"},
		{in: "WWW.Ziggo.NL", code: CodeConsumerDomain},
		{in: "mail.hotmail.com", code: CodeConsumerDomain},
		{in: "googlemail.com", code: CodeConsumerDomain},
		{in: "t-online.de", code: CodeConsumerDomain},
		{in: "libero.it", code: CodeConsumerDomain},
		{in: "kpnmail.nl", code: CodeConsumerDomain},
		{in: "bücher.de", wantNorm: "xn--bcher-kva.de"},
		{in: "l·l.cat", wantNorm: "xn--ll-0ea.cat"},
		{in: "münchen.de", wantNorm: "xn--mnchen-3ya.de"},
		{in: "gmail-fans.nl", wantNorm: "gmail-fans.nl"},
		{in: "devries.nl", wantNorm: "devries.nl"},
	} {
		got, err := NormalizeDomain(tc.in)
		if tc.code == "" {
			if err != nil || got != tc.wantNorm {
				t.Errorf("NormalizeDomain(%q) = %q, %v; want %q", tc.in, got, err, tc.wantNorm)
			}
			continue
		}
		p, ok := err.(*Problem)
		if !ok || p.Code != tc.code {
			t.Errorf("NormalizeDomain(%q) = %q, %v; want a %s problem", tc.in, got, err, tc.code)
			continue
		}
		if tc.en != "" && p.In(i18n.English) != tc.en {
			t.Errorf("NormalizeDomain(%q) in English:\n got %s\nwant %s", tc.in, p.In(i18n.English), tc.en)
		}
		if tc.nl != "" && p.In(i18n.Dutch) != tc.nl {
			t.Errorf("NormalizeDomain(%q) in Dutch:\n got %s\nwant %s", tc.in, p.In(i18n.Dutch), tc.nl)
		}
	}
}

// TestEmailSaysTheFault: an address is refused with what is wrong in it,
// not a list of what is allowed; a mail service's domain is fine in an
// address (the alternate email is often one).
func TestEmailSaysTheFault(t *testing.T) {
	for _, tc := range []struct{ in, en, nl string }{
		{"piet..x@domain.nl", "piet..x@domain.nl is not a valid email address: the part before @ has two dots in a row",
			"piet..x@domain.nl is geen geldig e-mailadres: het deel voor de @ heeft twee punten achter elkaar"},
		{".piet@domain.nl", ".piet@domain.nl is not a valid email address: the part before @ starts with a dot", ""},
		{"piet.@domain.nl", "piet.@domain.nl is not a valid email address: the part before @ ends with a dot", ""},
		{"piët@domain.nl", "piët@domain.nl is not a valid email address: the part before @ holds ë; it may only hold letters a–z, digits, dots and !#$%&'*+/=?^_`{|}~-",
			"piët@domain.nl is geen geldig e-mailadres: het deel voor de @ bevat ë; het mag alleen letters a–z, cijfers, punten en !#$%&'*+/=?^_`{|}~- bevatten"},
		{"piet@🍰.nl", "piet@🍰.nl is not a valid email address: the domain after @ is not valid: it contains 🍰: emoji and other symbols cannot be part of a domain name",
			"piet@🍰.nl is geen geldig e-mailadres: het domein na de @ is niet geldig: er staat 🍰 in: emoji en andere symbolen kunnen geen deel van een domeinnaam zijn"},
		{"piet@1.2.3.4", "piet@1.2.3.4 is not a valid email address: the domain after @ is not valid: it is an IP address; enter a domain name like example.com", ""},
		{"piet@dom..nl", "piet@dom..nl is not a valid email address: the domain after @ is not valid: it has an empty label", ""},
		{"piet@domain.invalidtld", "piet@domain.invalidtld is not a valid email address: the domain after @ does not end in a known top-level domain", ""},
	} {
		_, err := NormalizeEmail(tc.in)
		p, ok := err.(*Problem)
		if !ok {
			t.Errorf("NormalizeEmail(%q) = %v; want a problem", tc.in, err)
			continue
		}
		if got := p.In(i18n.English); got != tc.en {
			t.Errorf("NormalizeEmail(%q):\n got %s\nwant %s", tc.in, got, tc.en)
		}
		if got := p.In(i18n.Dutch); tc.nl != "" && got != tc.nl {
			t.Errorf("NormalizeEmail(%q) in Dutch:\n got %s\nwant %s", tc.in, got, tc.nl)
		}
	}
	if got, err := NormalizeEmail("Owner@GMail.com"); err != nil || got != "owner@gmail.com" {
		t.Errorf("a mail service's address: %q, %v", got, err)
	}
}
