package rules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"onboard/model"
)

// Unsafe reports whether r must never reach a terminal from untrusted text:
// C0 and C1 controls (ESC, CR, BS, BEL, NUL, the one-byte CSI U+009B …), DEL,
// format characters (bidi overrides, zero-width characters, BOM) and line or
// paragraph separators.
func Unsafe(r rune) bool {
	return r == utf8.RuneError || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) ||
		unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) ||
		(r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE
}

// Sanitize makes untrusted text safe to draw: invalid UTF-8 becomes U+FFFD
// shown as "?", and every unsafe rune is dropped, except that newlines and
// tabs become spaces so words stay apart. The result is valid UTF-8 with no
// control characters; Sanitize(Sanitize(s)) == Sanitize(s).
func Sanitize(s string) string {
	clean := true
	for _, r := range s {
		if Unsafe(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, w := 0, 0; i < len(s); i += w {
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteByte('?')
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case Unsafe(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstUnsafe returns a printable name of the first unsafe rune in s, or "".
func firstUnsafe(s string) string {
	for _, r := range s {
		if Unsafe(r) {
			return fmt.Sprintf("U+%04X", r)
		}
	}
	return ""
}

// CleanText checks and normalises one line of free text: valid UTF-8, no
// unsafe runes, trimmed, NFC, at most max characters.
func CleanText(raw string, max int) (string, error) {
	if !utf8.ValidString(raw) {
		return "", fail(CodeInvalidUTF8)
	}
	if c := firstUnsafe(raw); c != "" {
		return "", fail(CodeUnsafeText, "char", c)
	}
	s := norm.NFC.String(strings.TrimSpace(raw))
	if n := utf8.RuneCountInString(s); n > max {
		return "", fail(CodeTooLong, "max", strconv.Itoa(max), "len", strconv.Itoa(n))
	}
	return s, nil
}

// isAlnumID reports whether s is 1..max ASCII letters and digits.
func isAlnumID(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// CheckSafe returns the problem of text that holds an unsafe rune (or
// invalid UTF-8) on field f, or nil. Inputs use it to refuse such text as it
// is typed or pasted.
func CheckSafe(f model.Field, s string) *Problem {
	if !utf8.ValidString(s) {
		p := problem(f, CodeInvalidUTF8)
		return &p
	}
	if c := firstUnsafe(s); c != "" {
		p := problem(f, CodeUnsafeText, "char", c)
		return &p
	}
	return nil
}

// Fold is the form text is searched in: lower case, accents removed, NFC,
// so that "cafe" finds "Café" and "ZOË" finds "Zoë".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}
