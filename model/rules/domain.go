package rules

import (
	"strings"
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
	ascii, err := hostProfile.ToASCII(s)
	if err != nil || ascii == "" {
		return "", fail(CodeInvalidDomain, "value", shown, "reason", hostReason(s))
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
// and a registered domain (a public suffix with at least one label under it).
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
