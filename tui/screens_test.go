package tui

import "onboard/tui/wizard"

// wiz is the wizard on top of the screens, or nil.
func (a *App) wiz() *wizard.Model {
	w, _ := a.top().(*wizard.Model)
	return w
}
