package rules

import (
	"strings"
	"unicode/utf8"
)

// NormalizeEmail returns one bare address in canonical form: the local part
// lower-cased (Google addresses are case-insensitive), the domain as
// NormalizeHost gives it. Display names, quoted local parts, comments and
// more than one address are refused.
func NormalizeEmail(raw string) (string, error) {
	if !utf8.ValidString(raw) {
		return "", fail(CodeInvalidUTF8)
	}
	s := strings.TrimSpace(raw)
	if c := firstUnsafe(s); c != "" {
		return "", fail(CodeUnsafeText, "char", c)
	}
	bad := func(reason string) error { return fail(CodeInvalidEmail, "value", s, "reason", reason) }
	if strings.ContainsAny(s, "<>\"(), ;") {
		return "", bad("enter one bare address like name@example.com, without a name, quotes or spaces")
	}
	at := strings.IndexByte(s, '@')
	if at < 0 || strings.Count(s, "@") != 1 {
		return "", bad("it needs exactly one @")
	}
	local, host := s[:at], s[at+1:]
	if local == "" {
		return "", bad("the part before @ is empty")
	}
	if len(local) > 64 {
		return "", bad("the part before @ is longer than 64 characters")
	}
	if !dotAtom(local) {
		return "", bad("the part before @ may only hold letters, digits, dots and !#$%&'*+/=?^_`{|}~-")
	}
	h, err := NormalizeHost(host)
	if err != nil {
		return "", bad("the domain after @ is not valid")
	}
	addr := strings.ToLower(local) + "@" + h
	if len(addr) > 254 {
		return "", bad("it is longer than 254 characters")
	}
	return addr, nil
}

// EmailDomain returns the part after the @ of a normalised address.
func EmailDomain(addr string) string {
	return addr[strings.LastIndexByte(addr, '@')+1:]
}

// dotAtom reports whether s is an RFC 5322 dot-atom in ASCII.
func dotAtom(s string) bool {
	if strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte(".!#$%&'*+/=?^_`{|}~-", c) >= 0:
		default:
			return false
		}
	}
	return true
}
