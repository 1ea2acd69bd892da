package rules

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// hostProfile maps what a person types (upper case, full-width dots, NFC
// variants) to the ASCII form of a host name and refuses anything that is
// not a valid DNS name.
var hostProfile = idna.New(
	idna.MapForLookup(),
	idna.BidiRule(),
	idna.StrictDomainName(true),
	idna.VerifyDNSLength(true),
	idna.Transitional(false),
)

// reservedTLDs are the top-level domains set aside for documentation and
// tests (RFC 2606); they are not in the public suffix list but are accepted
// so demo data never points at a real company.
var reservedTLDs = map[string]bool{"example": true, "test": true}

// NormalizeHost returns the lower-case ASCII (punycode) form of a host name
// with at least two labels under a known top-level domain. It strips one
// trailing dot. It does not remove "www.".
func NormalizeHost(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", fail(CodeInvalidUTF8)
	}
	s := strings.TrimSpace(raw)
	if c := firstUnsafe(s); c != "" {
		return "", fail(CodeUnsafeText, "char", c)
	}
	if s == "" {
		return "", fail(CodeRequired)
	}
	shown := s
	s = strings.TrimSuffix(s, ".")
	if isIP(s) {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", reasonIP)
	}
	ascii, err := hostProfile.ToASCII(s)
	if err != nil || ascii == "" {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", hostReason(s))
	}
	if u, err := hostProfile.ToUnicode(ascii); err == nil {
		if r, ok := disallowed2008(u); ok {
			return "", fail(CodeInvalidDomain, "value", shown, "reason", reasonSymbol, "char", string(r))
		}
	}
	// ToASCII accepts a label of bare "xn--…" that does not decode; so check
	// that the Unicode form round-trips.
	if u, err := hostProfile.ToUnicode(ascii); err != nil {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", "a label is not valid punycode")
	} else if back, err := hostProfile.ToASCII(u); err != nil || back != ascii {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", "a label is not valid punycode")
	}
	if !strings.Contains(ascii, ".") {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", "it needs a dot and a top-level domain, like example.com")
	}
	suffix, icann := publicsuffix.PublicSuffix(ascii)
	tld := ascii[strings.LastIndexByte(ascii, '.')+1:]
	if !icann && !strings.Contains(suffix, ".") && !reservedTLDs[tld] {
		return "", fail(CodeUnknownTLD, "value", shown)
	}
	return ascii, nil
}

// The reasons NormalizeHost gives that the i18n catalog words.
const (
	reasonIP     = "it is an IP address; enter a domain name like example.com"
	reasonSymbol = "it contains {char}: emoji and other symbols cannot be part of a domain name"
)

// isIP reports whether s is an IPv4 or IPv6 address (bracketed or not):
// the IDNA profile takes 1.2.3.4 for a name under the top-level domain 4.
func isIP(s string) bool {
	_, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	return err == nil
}

// disallowed2008 returns the first character of the Unicode host u that
// IDNA2008 (RFC 5892) does not allow. x/net/idna follows UTS #46, which
// still accepts the characters IDNA2008 dropped (its "NV8" class: emoji,
// symbols, punctuation), so they are refused here by RFC 5892's own rule: a
// label holds letters, marks and digits (after the case mapping the profile
// did), the hyphen, and the few exceptions of its section 2.6.
func disallowed2008(u string) (rune, bool) {
	for _, r := range u {
		switch {
		case r < utf8.RuneSelf:
			// ASCII is left to the profile's STD3 rules.
		case idna2008Exceptions[r]:
		case unicode.In(r, unicode.Ll, unicode.Lo, unicode.Lm, unicode.Mn, unicode.Mc, unicode.Nd) && !idna2008Dropped[r]:
		default:
			return r, true
		}
	}
	return 0, false
}

// idna2008Exceptions are characters outside the letter, mark and digit
// classes that RFC 5892 section 2.6 allows (PVALID, or CONTEXTO with a
// context the IDNA profile checks).
var idna2008Exceptions = map[rune]bool{
	0x00B7: true,               // middle dot (Catalan l·l)
	0x0375: true,               // Greek lower numeral sign
	0x05F3: true, 0x05F4: true, // Hebrew geresh, gershayim
	0x30FB: true, // katakana middle dot
	0x0F0B: true, // Tibetan tsheg
}

// idna2008Dropped are letters and marks that RFC 5892 section 2.6 disallows.
var idna2008Dropped = map[rune]bool{
	0x0640: true, 0x07FA: true, 0x302E: true, 0x302F: true, 0x3031: true, 0x3032: true,
	0x3033: true, 0x3034: true, 0x3035: true, 0x303B: true,
}

// hostReason words why the IDNA profile refused a host.
func hostReason(s string) string {
	switch {
	case strings.Contains(s, ".."):
		return "it has an empty label"
	case strings.ContainsAny(s, " \t"):
		return "it contains a space"
	case strings.ContainsAny(s, "@/:?#"):
		return "use only the domain, like example.com"
	case len(s) > 253:
		return "it is longer than 253 characters"
	}
	for _, l := range strings.Split(s, ".") {
		if strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return "a label starts or ends with a hyphen"
		}
		if len(l) > 63 {
			return "a label is longer than 63 characters"
		}
	}
	return "it contains characters a domain name cannot have"
}

// NormalizeDomain returns the canonical form of a customer's domain: lower
// case, IDNA ASCII, without a scheme, path, trailing dot or "www." prefix,
// and a registered domain (a public suffix with at least one label under it)
// that is not a mail service's (gmail.com is Google's, not the customer's).
func NormalizeDomain(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	lower := strings.ToLower(s)
	for _, scheme := range []string{"https://", "http://"} {
		if strings.HasPrefix(lower, scheme) {
			s = s[len(scheme):]
			s = strings.TrimSuffix(s, "/")
			break
		}
	}
	d, err := NormalizeHost(s)
	if err != nil {
		return "", err
	}
	for strings.HasPrefix(d, "www.") {
		d = d[len("www."):]
	}
	if _, err := publicsuffix.EffectiveTLDPlusOne(d); err != nil {
		return "", fail(CodePublicSuffix, "value", d)
	}
	if ConsumerDomain(d) {
		return "", fail(CodeConsumerDomain, "value", d)
	}
	return d, nil
}

// DisplayDomain returns the Unicode form of an ASCII domain for people to
// read ("xn--bcher-kva.example" → "bücher.example"); it returns d unchanged
// when d does not decode.
func DisplayDomain(d string) string {
	if !strings.Contains(d, "xn--") {
		return d
	}
	u, err := idna.Display.ToUnicode(d)
	if err != nil {
		return d
	}
	return u
}

// DisplayEmail is an email address as people read it: its domain in
// Unicode (see DisplayDomain). Addresses are stored with the domain in
// ASCII; NormalizeEmail takes either form back.
func DisplayEmail(e string) string {
	at := strings.LastIndexByte(e, '@')
	if at < 0 || !strings.Contains(e[at:], "xn--") {
		return e
	}
	return e[:at+1] + DisplayDomain(e[at+1:])
}

// InDomain reports whether the host h is domain d or a subdomain of it; both
// must be normalised.
func InDomain(h, d string) bool {
	return h == d || strings.HasSuffix(h, "."+d)
}
