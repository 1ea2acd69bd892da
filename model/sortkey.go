package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// SortKey is the form of an organisation name the customer list sorts by:
// lower case, accents dropped, and the letters that are not a base letter
// with an accent written as the letters they sort with ("Łukasiewicz" is
// "lukasiewicz", "Ørsted" "orsted", "Straße" "strasse"), so that a name
// sorts where a reader looks for it, not after Z as its bytes would. The
// store keeps it beside the name and orders by it byte for byte, which an
// index can do at any size; equal keys fall back to the id.
func SortKey(name string) string {
	if isPlainASCII(name) {
		return strings.ToLower(name)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, err := transform.String(t, name)
	if err != nil {
		s = name
	}
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if m, ok := foldedLetters[r]; ok {
			b.WriteString(m)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldedLetters are letters without a decomposition into a base letter and
// an accent, by the Latin letters they sort with.
var foldedLetters = map[rune]string{
	'ł': "l", 'ø': "o", 'đ': "d", 'ð': "d", 'ħ': "h", 'ı': "i", 'ŀ': "l", 'ŧ': "t",
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ĳ': "ij", 'ſ': "s",
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
