package i18n

import (
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Lang is one language's words, for a session or a command. The zero
// value is English.
//
// Messages are keyed by their English text (gettext style): T("Customers")
// is "Klanten" in Dutch, and a message's English text is its own English
// translation. The English texts passed to T, N and M are collected from
// the code by a test, which fails when one has no Dutch or a Dutch one has
// no English left in the code.
type Lang struct {
	tag language.Tag
	p   *message.Printer
}

var english = Lang{tag: English, p: Printer(English)}

// New returns the words of language t (English when onboard does not
// speak t).
func New(t language.Tag) Lang {
	if t == Dutch {
		return Lang{tag: Dutch, p: Printer(Dutch)}
	}
	return english
}

// Tag is the language.
func (l Lang) Tag() language.Tag {
	if l.p == nil {
		return English
	}
	return l.tag
}

func (l Lang) printer() *message.Printer {
	if l.p == nil {
		return english.p
	}
	return l.p
}

// T translates the English text msg and formats it like fmt.Sprintf with
// args; numbers are written the language's way (%d of 1000000 is
// 1.000.000 in Dutch). Use %s with ID for identifiers that are not
// quantities.
func (l Lang) T(msg string, args ...any) string {
	return l.printer().Sprintf(msg, args...)
}

// S translates a text without formatting it: for texts marked with M
// elsewhere, and safe for any string (one that is not a message comes back
// unchanged, % and all).
func (l Lang) S(msg string) string {
	if l.Tag() == Dutch {
		if d, ok := nlText[msg]; ok {
			return d
		}
	}
	return msg
}

// N is T with the singular form one when n is 1 and the plural form many
// otherwise; both are English texts with the same verbs, n usually first.
func (l Lang) N(n int64, one, many string, args ...any) string {
	if n == 1 || n == -1 {
		return l.T(one, args...)
	}
	return l.T(many, args...)
}

// Number writes n with the language's thousands separator.
func (l Lang) Number(n int64) string { return l.printer().Sprint(n) }

// Date writes the day of t: 27 Nov 2026, 27 nov 2026.
func (l Lang) Date(t time.Time) string {
	return strconv.Itoa(t.Day()) + " " + l.month(t.Month()) + " " + strconv.Itoa(t.Year())
}

// DateTime writes t to the minute: 27 Nov 2026 14:05.
func (l Lang) DateTime(t time.Time) string { return l.Date(t) + " " + t.Format("15:04") }

var nlMonths = [...]string{"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}

func (l Lang) month(m time.Month) string {
	if l.Tag() == Dutch {
		return nlMonths[m-1]
	}
	return m.String()[:3]
}

// ID writes an identifier (a customer number, an order number) without
// thousands separators.
func ID(n int64) string { return strconv.FormatInt(n, 10) }

// M marks an English text that is translated later, where it is shown
// (a wizard label defined in model/rules, say); it returns msg unchanged.
func M(msg string) string { return msg }

// Words is the lower-case words of all Dutch texts, for tests that look
// for English left on a Dutch screen.
func Words() map[string]bool {
	out := map[string]bool{}
	add := func(s string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 0x80)
		}) {
			out[w] = true
		}
	}
	for _, v := range nl {
		add(v)
	}
	for _, v := range nlText {
		add(v)
	}
	for _, m := range nlMonths {
		add(m)
	}
	return out
}
