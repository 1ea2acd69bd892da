package order

import (
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
)

// screen builds the screen for viewtest's customer at size s in language
// l, with what it loads loaded.
func screen(t *testing.T, l i18n.Lang, s viewtest.Size) viewtest.Viewer {
	svc, cust := viewtest.Store(t)
	c := viewtest.Common(l)
	m := New(c, svc, cust)
	m.SetSize(s.W, s.H)
	return m
}

// The screen in English and Dutch at 80×24 and 120×40 (go test -update
// refreshes the goldens).
func TestViewGoldens(t *testing.T) { viewtest.Goldens(t, screen) }
