package detail

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
)

// A change made here whose push found Google's record changed since
// onboard last saw it: nothing was sent, and the screen shows both
// versions until the user decides (a takes Google's and drops the change,
// p sends this version over Google's, esc decides later).

// resolver is a store that can end such a conflict.
type resolver interface {
	ResolveChange(ctx context.Context, actor string, id int64, keep bool) (model.Customer, error)
}

// changedAtGoogle is the error a push returns in that case, as the screen
// reads it without importing the store: both versions and what differs.
type changedAtGoogle interface {
	error
	Versions() (model.GoogleCustomer, []model.Difference)
}

// pushConflict opens the comparison for a push that stopped at a change
// at Google; false when err is not one.
func (m *Model) pushConflict(err error) bool {
	var gc changedAtGoogle
	if !errors.As(err, &gc) {
		return false
	}
	if _, ok := m.svc.(resolver); !ok {
		return false
	}
	m.mode, m.conflicted = comparing, true
	m.got, m.diffs = gc.Versions()
	return true
}

// conflictKey handles the keys while a push conflict is shown.
func (m *Model) conflictKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	r, ok := m.svc.(resolver)
	if !m.conflicted || !ok {
		return nil, false
	}
	keep := false
	switch {
	case m.keys.Take.Matches(msg):
	case msg.String() == "p":
		keep = true
	case m.keys.Keep.Matches(msg):
		m.mode, m.diffs, m.conflicted = viewing, nil, false
		return nil, true
	default:
		return nil, false
	}
	m.busy, m.conflicted = true, false
	ctx, actor, id := m.c.Ctx, m.c.Actor, m.customer.ID
	notice := m.c.T("Took Google's values; the change made here was dropped.")
	if keep {
		notice = m.c.T("Sent this version to Google over its newer record.")
	}
	return func() tea.Msg {
		out, err := r.ResolveChange(ctx, actor, id, keep)
		return savedMsg{customer: out, notice: notice, err: err}
	}, true
}
