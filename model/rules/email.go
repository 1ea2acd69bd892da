package rules

import (
	"errors"
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
	if why, c := localFault(local); why != "" {
		return "", fail(CodeInvalidEmail, "value", s, "reason", why, "char", c)
	}
	h, err := NormalizeHost(host)
	if err != nil {
		var p *Problem
		if errors.As(err, &p) && p.Params["reason"] != "" {
			return "", fail(CodeInvalidEmail, "value", s, "reason", reasonHostDetail, "detail", p.Params["reason"], "char", p.Params["char"])
		}
		if errors.As(err, &p) && p.Code == CodeUnknownTLD {
			return "", bad("the domain after @ does not end in a known top-level domain")
		}
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

// reasonHostDetail is the reason for an address whose domain is refused;
// {detail} is the domain's own reason.
const reasonHostDetail = "the domain after @ is not valid: {detail}"

// localFault words what keeps s, the part before an address's @, from being
// an RFC 5322 dot-atom in ASCII, and the character at fault; "" when it is
// one.
func localFault(s string) (why, char string) {
	switch {
	case strings.HasPrefix(s, "."):
		return "the part before @ starts with a dot", ""
	case strings.HasSuffix(s, "."):
		return "the part before @ ends with a dot", ""
	case strings.Contains(s, ".."):
		return "the part before @ has two dots in a row", ""
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case r < utf8.RuneSelf && strings.ContainsRune(".!#$%&'*+/=?^_`{|}~-", r):
		default:
			return "the part before @ holds {char}; it may only hold letters a–z, digits, dots and !#$%&'*+/=?^_`{|}~-", string(r)
		}
	}
	return "", ""
}
