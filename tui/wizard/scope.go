package wizard

// StatusScope is the step shown now: a message about one step (a field
// that stops "next") leaves the status line when the wizard moves on.
func (m *Model) StatusScope() string { return string(m.step) }
