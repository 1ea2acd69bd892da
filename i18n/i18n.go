// Package i18n holds onboard's words in English and Dutch and picks the
// language: [ui] language in the config, else LC_ALL, LC_MESSAGES or LANG
// (over SSH: the client's LANG, else the staff member's [[ssh.users]]
// language), else English. Messages live in golang.org/x/text catalogs,
// one per language, under the same keys; a Printer formats numbers for its
// language (1.000.000 in Dutch).
package i18n

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The languages onboard speaks; English first (the fallback).
var (
	English = language.English
	Dutch   = language.Dutch
)

var supported = []language.Tag{English, Dutch}

var matcher = language.NewMatcher(supported)

// cat is both catalogs; built once from the en and nl tables.
var cat = func() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(English))
	for k, v := range en {
		if err := b.SetString(English, k, v); err != nil {
			panic(err)
		}
	}
	for k, v := range nl {
		if err := b.SetString(Dutch, k, v); err != nil {
			panic(err)
		}
	}
	for k, v := range nlText {
		if err := b.SetString(Dutch, k, v); err != nil {
			panic(err)
		}
	}
	return b
}()

// Match returns the supported language closest to a tag or POSIX locale
// ("nl_NL.UTF-8", "nl-BE", "en"); ok is false when nothing matches
// (English is returned then).
func Match(s string) (language.Tag, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, ".@"); i >= 0 {
		s = s[:i] // nl_NL.UTF-8, de_DE@euro
	}
	s = strings.ReplaceAll(s, "_", "-")
	if s == "" || s == "C" || s == "POSIX" {
		return English, false
	}
	t, err := language.Parse(s)
	if err != nil {
		return English, false
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return English, false
	}
	return supported[i], true
}

// Detect picks the language: the configured one if set, else the first
// of LC_ALL, LC_MESSAGES and LANG that is set, else English.
func Detect(configured string, getenv func(string) string) language.Tag {
	if configured != "" {
		t, _ := Match(configured)
		return t
	}
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := getenv(v); s != "" {
			t, _ := Match(s)
			return t
		}
	}
	return English
}

// Printer formats messages and numbers in language t.
func Printer(t language.Tag) *message.Printer {
	return message.NewPrinter(t, message.Catalog(cat))
}

// Keys returns the keys of a language's table, for tests.
func Keys(t language.Tag) []string {
	table := en
	if t == Dutch {
		table = nl
	}
	out := make([]string, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	return out
}

// Text returns the message under key in language t, unformatted (for
// messages with {name} placeholders that the caller fills).
func Text(t language.Tag, key string) (string, bool) {
	table := en
	if t == Dutch {
		table = nl
	}
	s, ok := table[key]
	if !ok && t != English {
		s, ok = en[key]
	}
	return s, ok
}
