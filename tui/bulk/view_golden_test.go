package bulk

import (
	"time"

	"context"
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
	"onboard/tui/common"
	"onboard/tui/styles"
)

// screen builds the import screen, asking for a file, at size s in
// language l.
func screen(t *testing.T, l i18n.Lang, s viewtest.Size) viewtest.Viewer {
	c := &common.Common{Ctx: context.Background(), Actor: "anna", Now: viewtest.Now, Loc: time.UTC, Styles: styles.New(true), Tick: viewtest.Tick, L: l, Files: true}
	m := New(c, viewtest.Empty(t))
	m.SetSize(s.W, s.H)
	return m
}

// The screen in English and Dutch at 80×24 and 120×40 (go test -update
// refreshes the goldens).
func TestViewGoldens(t *testing.T) { viewtest.Goldens(t, screen) }
