package wizard

// What the wizard asks the store while the user types, each in a command
// and never on the keystroke: whether a domain or a team's address is
// taken (once typing pauses, the answer dropped when the field has changed
// since), and which country the last customer stored is in.

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
)

// UniqueDelay is how long typing in a domain or a team's address must
// pause before the store is asked whether another customer has it.
const UniqueDelay = 300 * time.Millisecond

// uniqueCheck is the state of the question whether the form's unique key
// is taken: seq numbers the questions, answer is the last one that came
// back for the value it was asked about.
type uniqueCheck struct {
	seq    int
	typed  string // the key the last question was for, valid or not
	field  model.Field
	value  string
	answer *rules.Problem
}

type uniqueTickMsg struct{ seq int }

type uniqueCheckedMsg struct {
	seq   int
	field model.Field
	value string
	found model.Customer
	err   error
}

// problem is the answer's problem while the form still holds the value it
// was about.
func (u *uniqueCheck) problem(mode model.Mode, fs model.Fields) *rules.Problem {
	f, v, ok := rules.UniqueKey(mode, fs)
	if !ok || u.answer == nil || f != u.field || v != u.value {
		return nil
	}
	return u.answer
}

// checkUnique schedules the question once typing pauses; every change
// makes the question before it stale.
func (m *Model) checkUnique() tea.Cmd {
	f, v, ok := rules.UniqueKey(m.mode, m.fields)
	typed := string(f) + "\x00" + v
	if !ok {
		typed = ""
	}
	if typed == m.unique.typed {
		return nil
	}
	// Whatever was asked before is stale now, even when there is nothing
	// to ask (the domain is not valid yet).
	m.unique.typed = typed
	m.unique.seq++
	if !ok {
		return nil
	}
	seq := m.unique.seq
	return m.c.Tick(UniqueDelay, func(time.Time) tea.Msg { return uniqueTickMsg{seq: seq} })
}

// uniqueTick asks the store, unless the user typed on since.
func (m *Model) uniqueTick(msg uniqueTickMsg) tea.Cmd {
	if msg.seq != m.unique.seq {
		return nil
	}
	f, v, ok := rules.UniqueKey(m.mode, m.fields)
	if !ok {
		return nil
	}
	svc, ctx, seq := m.svc, m.c.Ctx, msg.seq
	return func() tea.Msg {
		c, err := svc.Find(ctx, v)
		return uniqueCheckedMsg{seq: seq, field: f, value: v, found: c, err: err}
	}
}

// uniqueChecked takes the store's answer if it is the last question's. A
// failed lookup (most often: no such customer) is no problem here; the
// store checks again when the customer is stored.
func (m *Model) uniqueChecked(msg uniqueCheckedMsg) tea.Cmd {
	if msg.seq != m.unique.seq {
		return nil
	}
	var self int64
	if m.original != nil {
		self = m.original.ID
	}
	m.unique.field, m.unique.value, m.unique.answer = msg.field, msg.value, nil
	if msg.err == nil {
		m.unique.answer = rules.Duplicate(msg.field, msg.value, msg.found, self)
	}
	m.recompute()
	return nil
}

// regionLookback is how many of the customers stored last are looked at
// for a country: imports and team customers often have no address.
const regionLookback = 20

type regionFoundMsg struct{ region string }

// askRegion asks the store for the country of the customer stored most
// recently with an address: the reseller's own country, most likely.
func (m *Model) askRegion() tea.Cmd {
	svc, ctx := m.svc, m.c.Ctx
	return func() tea.Msg {
		cs, err := svc.List(ctx, model.ListQuery{Sort: model.SortUpdated, Desc: true, Limit: regionLookback})
		if err != nil {
			return regionFoundMsg{} // no default is no harm
		}
		for _, c := range cs {
			if rules.IsRegion(c.Address.RegionCode) {
				return regionFoundMsg{region: c.Address.RegionCode}
			}
		}
		return regionFoundMsg{}
	}
}

// regionFound makes the country the default of a new address.
func (m *Model) regionFound(msg regionFoundMsg) tea.Cmd {
	if msg.region == "" || msg.region == m.region {
		return nil
	}
	m.region = msg.region
	m.recompute() // an empty country on a step entered follows it
	return nil
}
