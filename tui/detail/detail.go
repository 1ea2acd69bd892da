// Package detail is the customer detail screen: every field grouped like
// the wizard, where the customer stands with Google, its orders and its
// history, and the upkeep actions: edit, buy, confirm the details, verify
// the domain of a team customer, the setup tips, cancel a local order.
package detail

import (
	"context"
	"errors"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// Messages the detail screen emits for the root.
type (
	// ClosedMsg: back to the list.
	ClosedMsg struct{ Customer model.Customer }
	// EditMsg asks for the edit form for the customer.
	EditMsg struct{ Customer model.Customer }
	// BuyMsg asks for the order form for the customer.
	BuyMsg struct{ Customer model.Customer }
	// TipsMsg asks for the setup tips of the customer.
	TipsMsg struct{ Customer model.Customer }
)

type (
	loadedMsg struct {
		customer model.Customer
		orders   []model.Order
		events   []model.Event
		err      error
	}
	savedMsg struct {
		customer model.Customer
		notice   string
		err      error
	}
	cancelledMsg struct {
		order model.Order
		err   error
	}
	pushedMsg struct {
		customer model.Customer
		err      error
	}
	fromGoogleMsg struct {
		got   model.GoogleCustomer
		diffs []model.Difference
		err   error
	}
)

type mode int

const (
	viewing mode = iota
	verifying
	cancelling
	comparing  // what Google has that differs
	confirming // were the details checked with the customer today?
)

// Model is the detail screen of one customer.
type Model struct {
	svc Store
	common.Intents
	c        *common.Common
	keys     KeyMap
	customer model.Customer
	orders   []model.Order
	events   []model.Event
	loaded   bool
	mode     mode
	domain   textinput.Model // verifying: the verified domain
	email    textinput.Model // verifying: the primary email in it
	focus    int
	problems rules.Problems
	cancel   *model.Order // cancelling: the order asked about
	busy     bool
	pushing  bool
	buyNext  bool // open Buy once the push is done (subscriptions.go)
	stopPush context.CancelFunc
	spin     spinner.Model
	got      model.GoogleCustomer // comparing: Google's record
	// conflicted: the comparison is of a push that found Google's record
	// changed since onboard saw it (conflict.go).
	conflicted bool
	diffs      []model.Difference
	// body scrolls the sections, the orders and the history.
	body   viewport.Model
	width  int
	height int
}

// New shows customer; its orders and history load at Init.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	return &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer, domain: common.NewInput(253), email: common.NewInput(254),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot)), body: viewport.New()}
}

// Init loads the customer afresh with its orders and history.
func (m *Model) Init() tea.Cmd { return m.load() }

// PushNow starts the push to Google (after Create, with Google set up).
func (m *Model) PushNow() tea.Cmd { return m.push() }

func (m *Model) push() tea.Cmd {
	c := m.customer
	switch {
	case !m.svc.HasGoogle():
		return common.Notice(m.c.T("Google is not configured ([google] in the config): customers stay local."))
	case m.pushing:
		return nil
	case c.Status == model.StatusCreated || c.Status == model.StatusImported:
		return common.Notice(m.c.T("Already %s at Google; g compares it with Google's record.", common.StatusName(m.c.L, c.Status)))
	}
	ctx, cancel := context.WithCancel(m.c.Ctx)
	m.pushing, m.stopPush = true, cancel
	svc, actor, id := m.svc, m.c.Actor, c.ID
	// The push first: a test driver that runs commands in order then sees
	// it finish before the spinner's first frame.
	return tea.Batch(func() tea.Msg {
		out, err := svc.Push(ctx, actor, id)
		return pushedMsg{customer: out, err: err}
	}, m.spin.Tick)
}

func (m *Model) load() tea.Cmd {
	svc, ctx, id := m.svc, m.c.Ctx, m.customer.ID
	return func() tea.Msg {
		c, err := svc.Get(ctx, id)
		if err != nil {
			return loadedMsg{err: err}
		}
		os, err := svc.Orders(ctx, id)
		if err != nil {
			return loadedMsg{err: err}
		}
		evs, err := svc.History(ctx, id)
		return loadedMsg{customer: c, orders: os, events: evs, err: err}
	}
}

// SetSize gives the screen its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.domain.SetWidth(max(20, min(60, w-30)))
	m.email.SetWidth(max(20, min(60, w-30)))
	return nil
}

// Customer is the customer shown.
func (m *Model) Customer() model.Customer { return m.customer }

// Capturing reports whether a text field has the keyboard.
func (m *Model) Capturing() bool { return m.mode == verifying }

// Update handles keys and the store's answers.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.updateSubs(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			return common.Fail(m.c.T("load the customer"), msg.err)
		}
		m.customer, m.orders, m.events, m.loaded = msg.customer, msg.orders, msg.events, true
		return nil
	case savedMsg:
		m.busy = false
		var ce *rules.ConflictError
		var ps rules.Problems
		switch {
		case errors.As(msg.err, &ce):
			m.mode = viewing
			return tea.Batch(m.load(), common.Fail(m.c.T("Save"), errors.New(m.c.T("%s changed this customer meanwhile; here is their version, nothing was saved", common.Clean(ce.By)))))
		case errors.As(msg.err, &ps):
			m.problems = ps
			return common.Fail(m.c.T("Save"), errors.New(common.ProblemText(m.c.L, ps[0])))
		case msg.err != nil:
			return common.Fail(m.c.T("Save"), msg.err)
		}
		m.customer, m.mode, m.problems = msg.customer, viewing, nil
		return tea.Batch(m.load(), common.Notice(msg.notice))
	case spinner.TickMsg:
		if !m.pushing {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case pushedMsg:
		m.pushing = false
		if m.stopPush != nil {
			m.stopPush()
		}
		var ee *rules.ExistsError
		switch {
		case errors.Is(msg.err, context.Canceled):
			return tea.Batch(m.load(), common.Notice(m.c.T("Push cancelled: nothing more is sent; p goes on from where it stopped.")))
		case errors.As(msg.err, &ee):
			return tea.Batch(m.load(), common.Fail(m.c.T("Push"), ee))
		case m.pushConflict(msg.err):
			return tea.Batch(m.load(), common.Fail(m.c.T("Push"), msg.err))
		case msg.err != nil:
			return tea.Batch(m.load(), common.Fail(m.c.T("Push"), msg.err))
		}
		return tea.Batch(m.load(), common.Notice(m.c.T("At Google: %s, Cloud Identity ID %s.", common.StatusName(m.c.L, msg.customer.Status), common.Clean(msg.customer.CloudIdentityID))))
	case fromGoogleMsg:
		m.busy = false
		if msg.err != nil {
			return common.Fail(m.c.T("Refresh from Google"), msg.err)
		}
		if len(msg.diffs) == 0 {
			return common.Notice(m.c.T("This customer matches Google's record."))
		}
		m.mode, m.got, m.diffs = comparing, msg.got, msg.diffs
		return nil
	case cancelledMsg:
		m.busy, m.mode, m.cancel = false, viewing, nil
		if msg.err != nil {
			return common.Fail(m.c.T("Cancel order"), msg.err)
		}
		return tea.Batch(m.load(), common.Notice(m.c.T("Order %s cancelled.", i18n.ID(msg.order.ID))))
	case tea.KeyPressMsg:
		m.sync()
		switch m.mode {
		case verifying:
			return m.verifyKey(msg)
		case cancelling:
			return m.cancelKey(msg)
		case confirming:
			return m.confirmKey(msg)
		case comparing:
			if cmd, ok := m.conflictKey(msg); ok {
				return cmd
			}
			return m.compareKey(msg)
		}
		return m.key(msg)
	case tea.PasteMsg:
		if m.mode == verifying {
			return m.typeVerify(msg)
		}
	}
	return nil
}

func (m *Model) key(msg tea.KeyPressMsg) tea.Cmd {
	c := m.customer
	switch {
	case m.keys.StopPush.Matches(msg):
		m.stopPush()
	case m.keys.Back.Matches(msg):
		m.Emit(ClosedMsg{Customer: c})
	case m.keys.Edit.Matches(msg):
		m.Emit(EditMsg{Customer: c})
	case m.keys.Buy.Matches(msg):
		m.Emit(BuyMsg{Customer: c})
	case m.keys.Tips.Matches(msg):
		m.Emit(TipsMsg{Customer: c})
	case m.keys.Push.Matches(msg):
		return m.push()
	case m.keys.Refresh.Matches(msg):
		m.busy = true
		svc, ctx, id := m.svc, m.c.Ctx, c.ID
		return func() tea.Msg {
			_, got, diffs, err := svc.FromGoogle(ctx, id)
			return fromGoogleMsg{got: got, diffs: diffs, err: err}
		}
	case m.keys.Confirm.Matches(msg):
		// A confirmation is on the record for good: asked first.
		m.mode = confirming
	case m.keys.Verify.Matches(msg):
		m.mode, m.focus, m.problems = verifying, 0, nil
		m.domain.SetValue(common.Clean(c.Domain))
		m.domain.CursorEnd()
		m.email.SetValue(common.Clean(rules.DisplayEmail(c.PrimaryEmail)))
		m.email.CursorEnd()
		return m.focusInputs()
	case m.keys.CancelOrder.Matches(msg):
		m.mode, m.cancel = cancelling, m.lastLocalOrder()
	case m.keys.Down.Matches(msg):
		m.scrollBy(1)
	case m.keys.Up.Matches(msg):
		m.scrollBy(-1)
	case m.keys.PageDown.Matches(msg):
		m.scrollBy(m.bodyHeight() - 1)
	case m.keys.PageUp.Matches(msg):
		m.scrollBy(-(m.bodyHeight() - 1))
	default:
		return common.Refuse(msg, m.keys.gates()...)
	}
	return nil
}

// lastLocalOrder is the newest order not sent to Google, the one x
// cancels; nil when there is none.
func (m *Model) lastLocalOrder() *model.Order {
	for i := len(m.orders) - 1; i >= 0; i-- {
		if m.orders[i].Status == model.OrderLocal {
			o := m.orders[i]
			return &o
		}
	}
	return nil
}

func (m *Model) focusInputs() tea.Cmd {
	m.domain.Blur()
	m.email.Blur()
	if m.focus == 0 {
		return m.domain.Focus()
	}
	return m.email.Focus()
}

func (m *Model) verifyKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.keys.VerifyCancel.Matches(msg):
		m.mode, m.problems = viewing, nil
		m.domain.Blur()
		m.email.Blur()
		return nil
	case m.keys.VerifySwitch.Matches(msg):
		m.focus = 1 - m.focus
		return m.focusInputs()
	case m.keys.VerifyNext.Matches(msg):
		if m.focus == 0 {
			m.focus = 1
			// The team's address rarely fits the new domain: suggest admin@.
			if d, err := rules.NormalizeDomain(m.domain.Value()); err == nil && rules.EmailDomain(m.email.Value()) != d {
				m.email.SetValue("admin@" + rules.DisplayDomain(d))
				m.email.CursorEnd()
			}
			return m.focusInputs()
		}
		m.busy = true
		svc, ctx, actor, c := m.svc, m.c.Ctx, m.c.Actor, m.customer
		domain, email := m.domain.Value(), m.email.Value()
		return func() tea.Msg {
			out, err := svc.VerifyDomain(ctx, actor, c.ID, c.Version, domain, email)
			return savedMsg{customer: out, notice: m.c.T("Now a domain customer: the rules for domain customers apply."), err: err}
		}
	}
	if why, ok := m.keys.VerifyNext.Refused(msg); ok {
		return common.Notice(why)
	}
	return m.typeVerify(msg)
}

// typeVerify passes a key or a paste to the verify form's focused field.
func (m *Model) typeVerify(msg tea.Msg) tea.Cmd {
	if m.focus == 1 {
		return common.TypeInto(m.c, &m.email, common.FieldName(m.c.L, model.FieldPrimaryEmail), msg)
	}
	return common.TypeInto(m.c, &m.domain, m.c.T("Verified domain"), msg)
}

// compareKey: a takes Google's values, esc keeps ours.
func (m *Model) compareKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.keys.Take.Matches(msg):
		m.busy = true
		svc, ctx, actor, c, got := m.svc, m.c.Ctx, m.c.Actor, m.customer, m.got
		return func() tea.Msg {
			out, err := svc.TakeGoogle(ctx, actor, c.ID, c.Version, got)
			return savedMsg{customer: out, notice: m.c.T("Took Google's values; the details count as confirmed today."), err: err}
		}
	case m.keys.Keep.Matches(msg):
		m.mode, m.diffs = viewing, nil
	default:
		return common.Refuse(msg, m.keys.gates()...)
	}
	return nil
}

// confirmKey answers whether the details were checked with the customer.
func (m *Model) confirmKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.keys.Yes.Matches(msg):
		m.busy = true
		c := m.customer
		svc, ctx, actor, id, version := m.svc, m.c.Ctx, m.c.Actor, c.ID, c.Version
		notice := m.c.T("Details confirmed with the customer today.")
		return func() tea.Msg {
			out, err := svc.Confirm(ctx, actor, id, version)
			return savedMsg{customer: out, notice: notice, err: err}
		}
	case m.keys.No.Matches(msg):
		m.mode = viewing
		return common.Notice(m.c.T("Not confirmed: nothing was recorded."))
	}
	return common.Refuse(msg, m.keys.gates()...)
}

func (m *Model) cancelKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.keys.Yes.Matches(msg):
		m.busy = true
		svc, ctx, actor, id := m.svc, m.c.Ctx, m.c.Actor, m.cancel.ID
		return func() tea.Msg {
			o, err := svc.CancelOrder(ctx, actor, id)
			return cancelledMsg{order: o, err: err}
		}
	case m.keys.No.Matches(msg):
		m.mode, m.cancel = viewing, nil
	default:
		return common.Refuse(msg, m.keys.gates()...)
	}
	return nil
}

func (m *Model) bodyHeight() int { return max(3, m.height-4) }

// scrollable reports whether the body is taller than its area.
func (m *Model) scrollable() bool { return len(m.lines()) > m.bodyHeight() }

// scrollBy moves the body d lines down (up when d < 0), within what is
// there: the body is laid out first, since the customer may have changed
// since it was last drawn.
func (m *Model) scrollBy(d int) {
	m.layout(m.lines(), m.bodyHeight())
	if d > 0 {
		m.body.ScrollDown(d)
	} else {
		m.body.ScrollUp(-d)
	}
}

// layout gives the body its lines and at most h rows: no more rows than
// lines, so that what comes under a short body follows it at once.
func (m *Model) layout(lines []string, h int) {
	m.body.SetWidth(max(1, m.width))
	m.body.SetHeight(max(1, min(h, len(lines))))
	m.body.SetContentLines(lines)
}
