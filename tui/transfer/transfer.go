// Package transfer is the screen after an import: the customer's
// subscriptions with its former reseller (or Google), whether each can
// move and why not, the plan each moves to, and the transfer of the
// chosen ones; they become the customer's orders.
package transfer

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/tui/common"
)

// ClosedMsg: the user is done with the transfer screen.
type ClosedMsg struct{ Customer model.Customer }

type (
	loadedMsg struct {
		choices []model.TransferChoice
		err     error
	}
	movedMsg struct {
		orders []model.Order
		err    error
	}
)

// row is one subscription on the screen.
type row struct {
	choice model.TransferChoice
	chosen bool
	offer  int
}

// Model is the transfer screen.
type Model struct {
	common.Intents
	c        *common.Common
	svc      Store
	keys     KeyMap
	customer model.Customer
	spin     spinner.Model
	loading  bool
	loadErr  error
	rows     []row
	cursor   int
	busy     bool
	done     bool
	moved    []model.Order
	moveErr  error
	width    int
}

// New opens the transfer screen for the imported customer.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	return &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer, loading: true, spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// Init asks Google for the customer's transferable subscriptions.
func (m *Model) Init() tea.Cmd {
	svc, ctx, id := m.svc, m.c.Ctx, m.customer.ID
	return tea.Batch(func() tea.Msg {
		chs, err := svc.TransferOptions(ctx, id)
		return loadedMsg{choices: chs, err: err}
	}, m.spin.Tick)
}

// SetSize gives the screen its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width = w
	return nil
}

// Capturing: the screen has no text field.
func (m *Model) Capturing() bool { return false }

// Update handles keys and the store's answers.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		m.loading, m.loadErr = false, msg.err
		for _, ch := range msg.choices {
			// What can move is chosen at first: that is why the customer came.
			m.rows = append(m.rows, row{choice: ch, chosen: ch.SKU.Eligible && len(ch.Offers) > 0})
		}
		return nil
	case movedMsg:
		m.busy, m.done, m.moved, m.moveErr = false, true, msg.orders, msg.err
		return nil
	case spinner.TickMsg:
		if !m.loading && !m.busy {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	m.sync()
	k := &m.keys
	switch {
	case k.Close.Matches(msg), k.Back.Matches(msg):
		m.Emit(ClosedMsg{Customer: m.customer})
	case k.Up.Matches(msg):
		m.cursor = max(0, m.cursor-1)
	case k.Down.Matches(msg):
		m.cursor = min(len(m.rows)-1, m.cursor+1)
	case k.Toggle.Matches(msg):
		m.rows[m.cursor].chosen = !m.rows[m.cursor].chosen
	case k.Plan.Matches(msg), k.PlanLeft.Matches(msg):
		r := &m.rows[m.cursor]
		d := 1
		if k.PlanLeft.Matches(msg) {
			d = -1
		}
		r.offer = (r.offer + d + len(r.choice.Offers)) % len(r.choice.Offers)
	case k.Move.Matches(msg):
		return m.move()
	default:
		return common.Refuse(msg, m.keys.gates()...)
	}
	return nil
}

// picks are the chosen subscriptions with their offers and seats.
func (m *Model) picks() []model.TransferPick {
	var out []model.TransferPick
	for _, r := range m.rows {
		if r.chosen {
			out = append(out, model.TransferPick{Offer: r.choice.Offers[r.offer], Seats: max(1, r.choice.Seats)})
		}
	}
	return out
}

// move transfers the chosen subscriptions (none: nothing moves, and the
// transfer token is forgotten).
func (m *Model) move() tea.Cmd {
	m.busy = true
	svc, ctx, actor, id, picks := m.svc, m.c.Ctx, m.c.Actor, m.customer.ID, m.picks()
	return tea.Batch(func() tea.Msg {
		os, err := svc.Transfer(ctx, actor, id, picks)
		return movedMsg{orders: os, err: err}
	}, m.spin.Tick)
}

// KeyMap is the transfer screen's keys.
type KeyMap struct {
	Up, Down, Toggle, Plan, PlanLeft, Move, Back, Close common.Gate
}

// DefaultKeyMap returns the transfer screen's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Up:       common.NewGate(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("up"))),
		Down:     common.NewGate(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("down"))),
		Toggle:   common.NewGate(key.WithKeys("space", "x"), key.WithHelp("space", l.T("move it or not"))),
		Plan:     common.NewGate(key.WithKeys("right"), key.WithHelp("←/→", l.T("plan"))),
		PlanLeft: common.NewGate(key.WithKeys("left")),
		Move:     common.NewGate(key.WithKeys("enter"), key.WithHelp("enter", l.T("transfer the chosen"))),
		Back:     common.NewGate(key.WithKeys("esc"), key.WithHelp("esc", l.T("decide later"))),
		Close:    common.NewGate(key.WithKeys("enter", "esc"), key.WithHelp("enter", l.T("close"))),
	}
}

func (k *KeyMap) gates() []*common.Gate {
	return []*common.Gate{&k.Up, &k.Down, &k.Toggle, &k.Plan, &k.PlanLeft, &k.Move, &k.Back}
}

// sync enables the keys that act now.
func (m *Model) sync() {
	k, l := &m.keys, m.c.L
	k.Close.Allow(m.done || m.loadErr != nil, "")
	open := !m.done && !m.loading && m.loadErr == nil && !m.busy
	why := l.T("Wait: the last request is still under way.")
	if m.done {
		why = l.T("The transfer is done: enter closes.")
	}
	for _, g := range m.keys.gates() {
		g.Allow(open, why)
	}
	if !open {
		k.Back.Allow(!m.busy && !m.done && m.loadErr == nil, why)
		return
	}
	k.Move.Allow(len(m.rows) > 0, l.T("The customer has no subscriptions to transfer: esc."))
	if len(m.picks()) == 0 {
		k.Move.SetHelp("enter", l.T("move none"))
	} else {
		k.Move.SetHelp("enter", l.T("transfer the chosen"))
	}
	if len(m.rows) == 0 {
		for _, g := range []*common.Gate{&k.Up, &k.Down, &k.Toggle, &k.Plan, &k.PlanLeft} {
			g.Allow(false, l.T("The customer has no subscriptions to transfer: esc."))
		}
		return
	}
	r := m.rows[m.cursor]
	can := r.choice.SKU.Eligible && len(r.choice.Offers) > 0
	k.Toggle.Allow(can || r.chosen, l.T("Google does not allow this one to move (see why)."))
	k.Plan.Allow(len(r.choice.Offers) > 1, l.T("Only one plan is offered for it."))
	k.PlanLeft.Allow(len(r.choice.Offers) > 1, l.T("Only one plan is offered for it."))
}

// ShortHelp is the footer's keys.
func (m *Model) ShortHelp() []key.Binding {
	m.sync()
	k := m.keys
	return common.Bindings(k.Close, k.Move, k.Toggle, k.Plan, k.Back)
}

// FullHelp is every key.
func (m *Model) FullHelp() [][]key.Binding {
	m.sync()
	k := m.keys
	return [][]key.Binding{common.Bindings(k.Up, k.Down, k.Toggle, k.Plan), common.Bindings(k.Move, k.Back, k.Close)}
}
