package wizard

import (
	"testing"

	"onboard/i18n"
	"onboard/internal/viewtest"
	"onboard/model"
	"onboard/tui/common"
)

// screen builds the wizard at size s in language l: open builds it from a
// Common and viewtest's customer.
func screen(t *testing.T, l i18n.Lang, s viewtest.Size, open func(*common.Common, Store, model.Customer) *Model) viewtest.Viewer {
	svc, cust := viewtest.Store(t)
	c := viewtest.Common(l)
	m := open(c, svc, cust)
	m.SetSize(s.W, s.H)
	return m
}

// The first step of the create and import wizards and of an edit, in
// English and Dutch at 80×24 and 120×40 (go test -update refreshes the
// goldens).
func TestViewGoldens(t *testing.T) {
	for name, open := range map[string]func(*common.Common, Store, model.Customer) *Model{
		"create": func(c *common.Common, svc Store, _ model.Customer) *Model { return New(c, svc, model.ModeCreate) },
		"import": func(c *common.Common, svc Store, _ model.Customer) *Model { return New(c, svc, model.ModeImport) },
		"edit":   Edit,
	} {
		t.Run(name, func(t *testing.T) {
			viewtest.Goldens(t, func(t *testing.T, l i18n.Lang, s viewtest.Size) viewtest.Viewer { return screen(t, l, s, open) })
		})
	}
}
