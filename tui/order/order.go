// Package order is the Buy screen: what the customer can buy (Google's
// catalogue for this customer, or onboard's short list for a local order
// when Google is not configured), the seats checked against the offer as
// they are typed, and once placed the subscription's state with the
// reminder that the customer must accept Google's Terms of Service
// themselves.
package order

import (
	"errors"

	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/common"
)

// ClosedMsg: the user is done with the order screen.
type ClosedMsg struct{ Customer model.Customer }

type (
	placedMsg struct {
		order model.Order
		err   error
	}
	// catalogLoadedMsg is Google's catalogue for the customer; seq drops an
	// answer to a request made before the last one.
	catalogLoadedMsg struct {
		seq    int
		offers []model.Offer
		err    error
	}
)

// field is one row of the form.
type field int

const (
	fSKU field = iota
	fPlan
	fSeats
	fRenew
	fPO
)

// sku is one SKU of the form with the plans it can be bought on.
type sku struct {
	id, name, product string
	offers            []model.Offer // Google's; a local SKU has one per plan, without a name
}

// Model is the order form.
type Model struct {
	common.Intents
	c        *common.Common
	svc      Store
	keys     KeyMap
	customer model.Customer
	google   bool // the order goes to Google (else it is local)
	loading  bool
	loadErr  error
	seq      int
	spin     spinner.Model
	skus     []sku
	sku      int
	plan     int // the offer of the SKU
	renew    bool
	seats    textinput.Model
	po       textinput.Model
	focus    int // index into fields()
	seatsErr *rules.Problem
	problems rules.Problems
	placed   *model.Order
	placeErr error
	busy     bool
	width    int
}

// New opens the order form for customer; svc places the order. With
// Google the catalogue loads at Init.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	seats := common.NewInput(6)
	seats.Placeholder = "" // empty: typing 25 gives 25
	po := common.NewInput(rules.MaxPurchaseOrderID)
	m := &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer, google: svc.CanSell(), seats: seats, po: po, renew: true,
		spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
	if !m.google {
		m.skus = localSKUs(customer)
	} else {
		m.loading = true
	}
	return m
}

// localSKUs is onboard's own list, for a local order.
func localSKUs(c model.Customer) []sku {
	var out []sku
	for _, s := range rules.SKUsFor(c) {
		k := sku{id: s.ID, name: s.Name}
		for _, p := range s.Plans {
			k.offers = append(k.offers, model.Offer{SKU: s.ID, SKUName: s.Name, Plan: p})
		}
		out = append(out, k)
	}
	return out
}

// groupSKUs turns Google's offers into the form's SKUs, in the
// catalogue's order.
func groupSKUs(offers []model.Offer) []sku {
	var out []sku
	at := map[string]int{}
	for _, o := range offers {
		i, ok := at[o.SKU]
		if !ok {
			i = len(out)
			at[o.SKU] = i
			out = append(out, sku{id: o.SKU, name: o.SKUName, product: o.ProductName})
		}
		out[i].offers = append(out[i].offers, o)
	}
	return out
}

// Init loads Google's catalogue for the customer (nothing for a local
// order).
func (m *Model) Init() tea.Cmd {
	if !m.google {
		return nil
	}
	return tea.Batch(m.load(false), m.spin.Tick)
}

func (m *Model) load(fresh bool) tea.Cmd {
	m.seq++
	m.loading, m.loadErr = true, nil
	svc, ctx, id, seq := m.svc, m.c.Ctx, m.customer.ID, m.seq
	return func() tea.Msg {
		offers, err := svc.Catalog(ctx, id, fresh)
		return catalogLoadedMsg{seq: seq, offers: offers, err: err}
	}
}

// SetSize gives the form its area.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width = w
	m.seats.SetWidth(10)
	m.po.SetWidth(max(10, min(80, w-30)))
	return nil
}

// Capturing reports whether a text field has the keyboard.
func (m *Model) Capturing() bool {
	f := m.focused()
	return m.placed == nil && !m.loading && (f == fSeats || f == fPO)
}

// offer is the offer chosen now (zero when there is none).
func (m *Model) offer() model.Offer {
	if len(m.skus) == 0 {
		return model.Offer{}
	}
	k := m.skus[m.sku]
	return k.offers[min(m.plan, len(k.offers)-1)]
}

// fields are the form's rows now: renewal only for an annual plan at
// Google.
func (m *Model) fields() []field {
	if m.google && m.offer().Plan.Commitment() {
		return []field{fSKU, fPlan, fSeats, fRenew, fPO}
	}
	return []field{fSKU, fPlan, fSeats, fPO}
}

func (m *Model) focused() field {
	fs := m.fields()
	return fs[min(m.focus, len(fs)-1)]
}

func (m *Model) focusInputs() tea.Cmd {
	m.seats.Blur()
	m.po.Blur()
	switch m.focused() {
	case fSeats:
		return m.seats.Focus()
	case fPO:
		return m.po.Focus()
	}
	return nil
}

// Update handles keys and the store's answers.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case catalogLoadedMsg:
		if msg.seq != m.seq {
			return nil
		}
		m.loading = false
		if msg.err != nil {
			m.loadErr = msg.err
			return nil
		}
		m.skus, m.sku, m.plan = groupSKUs(msg.offers), 0, 0
		m.checkSeats()
		return nil
	case spinner.TickMsg:
		if !m.loading && !m.busy {
			return nil
		}
		var cmd tea.Cmd
		m.spin, cmd = m.spin.Update(msg)
		return cmd
	case placedMsg:
		m.busy = false
		var ps rules.Problems
		if errors.As(msg.err, &ps) {
			m.problems = ps
			return common.Fail(m.c.T("Buy"), errors.New(common.ProblemText(m.c.L, ps[0])))
		}
		if msg.order.ID == 0 {
			return common.Fail(m.c.T("Buy"), msg.err)
		}
		// Stored: failed, pending or placed, the screen says how it stands.
		m.placed, m.placeErr = &msg.order, msg.err
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg:
		if m.Capturing() {
			return m.typeInto(msg)
		}
	}
	return nil
}

func (m *Model) submit() tea.Cmd {
	m.checkSeats()
	if m.seatsErr != nil {
		m.problems = rules.Problems{*m.seatsErr}
		return common.Fail(m.c.T("Buy"), errors.New(common.ProblemText(m.c.L, *m.seatsErr)))
	}
	m.busy, m.problems = true, nil
	o := m.offer()
	f := model.OrderForm{SKU: o.SKU, Offer: o.Name, Seats: m.seats.Value(), Plan: string(o.Plan), PO: m.po.Value(), Renew: m.renew}
	svc, ctx, actor, id := m.svc, m.c.Ctx, m.c.Actor, m.customer.ID
	return tea.Batch(func() tea.Msg {
		o, err := svc.PlaceOrder(ctx, actor, id, f)
		return placedMsg{order: o, err: err}
	}, m.spin.Tick)
}

// checkSeats checks the seats as typed against the offer's limits; an
// empty field waits for the submit to be called missing.
func (m *Model) checkSeats() {
	m.seatsErr = nil
	if m.seats.Value() == "" && !m.busy {
		return
	}
	_, m.seatsErr = rules.CheckSeats(m.seats.Value(), m.offer())
}
