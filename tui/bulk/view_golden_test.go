package bulk

import (
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
)

// screen builds the import screen, asking for a file, at size s in
// language l.
func screen(t *testing.T, l i18n.Lang, s viewtest.Size) viewtest.Viewer {
	c := viewtest.Common(l)
	c.Files = true
	m := New(c, viewtest.Empty(t))
	m.SetSize(s.W, s.H)
	return m
}

// The screen in English and Dutch at 80×24 and 120×40 (go test -update
// refreshes the goldens).
func TestViewGoldens(t *testing.T) { viewtest.Goldens(t, screen) }
