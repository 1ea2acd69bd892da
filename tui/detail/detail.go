// Package detail is the customer detail screen: every field grouped like
// the wizard, where the customer stands with Google, its orders and its
// history, and the upkeep actions: edit, buy, confirm the details, verify
// the domain of a team customer, the setup tips, cancel a local order.
package detail

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
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

// KeyMap is the detail screen's keys.
type KeyMap struct {
	Back, Edit, Buy, Confirm, Verify, Tips, CancelOrder, Push, Refresh, Up, Down, PageUp, PageDown, Help key.Binding
}

// DefaultKeyMap returns the detail screen's keys.
func DefaultKeyMap(l i18n.Lang) KeyMap {
	return KeyMap{
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", l.T("back"))),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", l.T("edit"))),
		Buy:         key.NewBinding(key.WithKeys("b"), key.WithHelp("b", l.T("buy"))),
		Confirm:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", l.T("details confirmed today"))),
		Verify:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", l.T("domain verified (team)"))),
		Tips:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", l.T("setup tips"))),
		CancelOrder: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", l.T("cancel the last local order"))),
		Push:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", l.T("push to Google (or retry)"))),
		Refresh:     key.NewBinding(key.WithKeys("g"), key.WithHelp("g", l.T("refresh from Google"))),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", l.T("scroll up"))),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", l.T("scroll down"))),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", l.T("page up"))),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", l.T("page down"))),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", l.T("help"))),
	}
}

// ShortHelp is the footer's keys.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Edit, k.Buy, k.Confirm, k.Tips, k.Help}
}

// FullHelp is every key.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Back, k.Edit, k.Buy, k.Confirm}, {k.Verify, k.Tips, k.CancelOrder}, {k.Push, k.Refresh}, {k.Up, k.Down, k.PageUp, k.PageDown}}
}

type mode int

const (
	viewing mode = iota
	verifying
	cancelling
	comparing // what Google has that differs
)

// Model is the detail screen of one customer.
type Model struct {
	common.Intents
	c        *common.Common
	svc      Store
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
	stopPush context.CancelFunc
	spin     spinner.Model
	got      model.GoogleCustomer // comparing: Google's record
	diffs    []model.Difference
	scroll   int
	width    int
	height   int
}

// New shows customer from svc; its orders and history load at Init.
func New(c *common.Common, svc Store, customer model.Customer) *Model {
	return &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), customer: customer, domain: common.NewInput(253), email: common.NewInput(254),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
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
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.domain.SetWidth(max(20, min(60, w-30)))
	m.email.SetWidth(max(20, min(60, w-30)))
}

// KeyMap returns the keys, for help.
func (m *Model) KeyMap() KeyMap { return m.keys }

// Customer is the customer shown.
func (m *Model) Customer() model.Customer { return m.customer }

// Capturing reports whether a text field has the keyboard.
func (m *Model) Capturing() bool { return m.mode == verifying }

// Update handles keys and the store's answers.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
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
		switch m.mode {
		case verifying:
			return m.verifyKey(msg)
		case cancelling:
			return m.cancelKey(msg)
		case comparing:
			return m.compareKey(msg)
		}
		if m.pushing && msg.String() == "esc" {
			m.stopPush()
			return nil
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
	case key.Matches(msg, m.keys.Back):
		m.Emit(ClosedMsg{Customer: c})
	case key.Matches(msg, m.keys.Edit):
		m.Emit(EditMsg{Customer: c})
	case key.Matches(msg, m.keys.Buy):
		m.Emit(BuyMsg{Customer: c})
	case key.Matches(msg, m.keys.Tips):
		m.Emit(TipsMsg{Customer: c})
	case key.Matches(msg, m.keys.Push):
		return m.push()
	case key.Matches(msg, m.keys.Refresh):
		if !m.svc.HasGoogle() {
			return common.Notice(m.c.T("Google is not configured ([google] in the config)."))
		}
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, id := m.svc, m.c.Ctx, c.ID
		return func() tea.Msg {
			_, got, diffs, err := svc.FromGoogle(ctx, id)
			return fromGoogleMsg{got: got, diffs: diffs, err: err}
		}
	case key.Matches(msg, m.keys.Confirm):
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, id, version := m.svc, m.c.Ctx, m.c.Actor, c.ID, c.Version
		return func() tea.Msg {
			out, err := svc.Confirm(ctx, actor, id, version)
			return savedMsg{customer: out, notice: m.c.T("Details confirmed with the customer today."), err: err}
		}
	case key.Matches(msg, m.keys.Verify):
		if c.Kind != model.KindTeam {
			return common.Notice(m.c.T("Only a team (email-verified) customer verifies a domain; this is a domain customer."))
		}
		m.mode, m.focus, m.problems = verifying, 0, nil
		m.domain.SetValue(common.Clean(c.Domain))
		m.domain.CursorEnd()
		m.email.SetValue(common.Clean(rules.DisplayEmail(c.PrimaryEmail)))
		m.email.CursorEnd()
		return m.focusInputs()
	case key.Matches(msg, m.keys.CancelOrder):
		for i := len(m.orders) - 1; i >= 0; i-- {
			if m.orders[i].Status == model.OrderLocal {
				o := m.orders[i]
				m.mode, m.cancel = cancelling, &o
				return nil
			}
		}
		return common.Notice(m.c.T("No local order to cancel."))
	case key.Matches(msg, m.keys.Down):
		m.scrollBy(1)
	case key.Matches(msg, m.keys.Up):
		m.scrollBy(-1)
	case key.Matches(msg, m.keys.PageDown):
		m.scrollBy(m.bodyHeight() - 1)
	case key.Matches(msg, m.keys.PageUp):
		m.scrollBy(-(m.bodyHeight() - 1))
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
	switch msg.String() {
	case "esc":
		m.mode, m.problems = viewing, nil
		m.domain.Blur()
		m.email.Blur()
		return nil
	case "tab", "down", "shift+tab", "up":
		m.focus = 1 - m.focus
		return m.focusInputs()
	case "enter":
		if m.focus == 0 {
			m.focus = 1
			// The team's address rarely fits the new domain: suggest admin@.
			if d, err := rules.NormalizeDomain(m.domain.Value()); err == nil && rules.EmailDomain(m.email.Value()) != d {
				m.email.SetValue("admin@" + rules.DisplayDomain(d))
				m.email.CursorEnd()
			}
			return m.focusInputs()
		}
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, c := m.svc, m.c.Ctx, m.c.Actor, m.customer
		domain, email := m.domain.Value(), m.email.Value()
		return func() tea.Msg {
			out, err := svc.VerifyDomain(ctx, actor, c.ID, c.Version, domain, email)
			return savedMsg{customer: out, notice: m.c.T("Now a domain customer: the rules for domain customers apply."), err: err}
		}
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
	switch msg.String() {
	case "a":
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, c, got := m.svc, m.c.Ctx, m.c.Actor, m.customer, m.got
		return func() tea.Msg {
			out, err := svc.TakeGoogle(ctx, actor, c.ID, c.Version, got)
			return savedMsg{customer: out, notice: m.c.T("Took Google's values; the details count as confirmed today."), err: err}
		}
	case "esc", "n":
		m.mode, m.diffs = viewing, nil
	}
	return nil
}

func (m *Model) cancelKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "y":
		if m.busy || m.cancel == nil {
			return nil
		}
		m.busy = true
		svc, ctx, actor, id := m.svc, m.c.Ctx, m.c.Actor, m.cancel.ID
		return func() tea.Msg {
			o, err := svc.CancelOrder(ctx, actor, id)
			return cancelledMsg{order: o, err: err}
		}
	case "n", "esc":
		m.mode, m.cancel = viewing, nil
	}
	return nil
}

func (m *Model) bodyHeight() int { return max(3, m.height-4) }

func (m *Model) scrollBy(d int) {
	lines := len(m.lines())
	m.scroll = max(0, min(m.scroll+d, lines-m.bodyHeight()))
}

// View draws the header, the scrolled body and, when asked, a prompt.
func (m *Model) View() string {
	s := m.c.Styles
	c := m.customer
	head := s.Title.Render(common.Fit(common.Clean(c.OrgName), max(10, m.width/2))) +
		s.Subtle.Render("  "+m.c.T("customer %s · %s · %s", i18n.ID(c.ID), common.KindName(m.c.L, c.Kind), common.StatusName(m.c.L, c.Status)))
	var foot string
	switch m.mode {
	case verifying:
		foot = m.verifyView()
	case comparing:
		foot = s.Title.Render(m.c.T("Google's record differs")) + "\n"
		for _, d := range m.diffs {
			foot += "  " + common.Fit(common.FieldName(m.c.L, model.Field(d.Field)), 20) + " " + m.c.T("here") + " " + common.Fit(shown(d.Local), 28) + " Google " + common.Fit(shown(d.Google), 28) + "\n"
		}
		foot += s.Key.Render("a") + " " + m.c.T("take Google's values") + "  " + s.Key.Render("esc") + " " + m.c.T("keep ours")
	case cancelling:
		o := m.cancel
		foot = s.Warning.Render(m.c.T("Cancel order %s (%s × %d, %s)?", i18n.ID(o.ID), common.Clean(rules.SKUName(o.SKU)), o.Seats, common.PlanName(m.c.L, o.Plan))+" ") +
			s.Key.Render("y") + " " + m.c.T("yes") + "  " + s.Key.Render("n") + " " + m.c.T("no")
	default:
		foot = s.Subtle.Render(m.c.T("↑/↓ scroll · e edit · b buy · c confirmed today · t setup tips"))
		if c.Kind == model.KindTeam {
			foot += s.Subtle.Render(" · " + m.c.T("v domain verified"))
		}
	}
	lines := m.lines()
	h := m.bodyHeight() - strings.Count(foot, "\n")
	if m.scroll > max(0, len(lines)-h) {
		m.scroll = max(0, len(lines)-h)
	}
	end := min(len(lines), m.scroll+h)
	body := strings.Join(lines[m.scroll:end], "\n")
	return head + "\n\n" + body + "\n\n" + foot
}

func (m *Model) verifyView() string {
	s := m.c.Styles
	label := func(i int, text string) string {
		if m.focus == i {
			return s.Focused.Render(common.Fit(text, 16))
		}
		return s.Label.Render(common.Fit(text, 16))
	}
	out := s.Title.Render(m.c.T("Domain verified")) + s.Subtle.Render("  "+m.c.T("the team becomes a domain customer")) + "\n" +
		label(0, m.c.T("Verified domain")) + " " + m.domain.View() + "\n" +
		label(1, m.c.T("Primary email")) + " " + m.email.View()
	for _, p := range m.problems {
		out += "\n" + s.Error.Render(common.Clean(common.ProblemText(m.c.L, p)))
	}
	return out + "\n" + s.Subtle.Render(m.c.T("enter next/save · tab switch · esc cancel"))
}

// lines is the scrollable body: the sections, the orders, the history.
func (m *Model) lines() []string {
	s := m.c.Styles
	c := m.customer
	now := m.c.Now()
	var out []string
	section := func(title string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, s.Header.Render(title))
	}
	row := func(k, v string) {
		if v != "" {
			out = append(out, "  "+s.Label.Render(common.Fit(m.c.L.S(k), 24))+" "+common.Fit(common.Clean(v), max(10, m.width-28)))
		}
	}
	note := func(text string, style func(...string) string) {
		for _, l := range common.Wrap(text, max(20, m.width-4)) {
			out = append(out, "  "+style(l))
		}
	}

	l := m.c.L
	section(m.c.T("Organisation details"))
	kind := m.c.T("Domain customer")
	if c.Kind == model.KindTeam {
		kind = m.c.T("Team customer (email-verified)")
	}
	row(i18n.M("Customer type"), kind)
	if c.Education != nil {
		row(i18n.M("Educational institution"), common.EducationText(l, model.Education{InstituteType: c.Education.InstituteType, InstituteSize: c.Education.InstituteSize}))
		row(i18n.M("Website"), c.Education.Website)
	}
	row(i18n.M("Organisation name"), c.OrgName)
	row(i18n.M("Domain"), rules.DisplayDomain(c.Domain))
	row(i18n.M("Reseller ID"), c.ResellerID)
	row(i18n.M("CRM ID"), c.CRMID)
	if c.Kind == model.KindTeam {
		note(m.c.T("An email-verified customer can buy only Enterprise Essentials (Plus) until it verifies its domain; other Google Workspace services, such as Google Vault, need a verified domain. When it has one: v."), s.Subtle.Render)
	}

	section(m.c.T("Contact information"))
	row(i18n.M("Primary email"), rules.DisplayEmail(c.PrimaryEmail))
	row(i18n.M("Alternate email"), rules.DisplayEmail(c.AlternateEmail))
	row(i18n.M("Phone"), c.Phone)
	for _, r := range common.AddressRows(c) {
		row(r.Label, r.Value)
	}

	section("Google")
	row(i18n.M("Status"), statusText(l, c.Status))
	row(i18n.M("Message"), c.StatusMessage)
	cid := c.CloudIdentityID
	if cid == "" && c.Kind == model.KindTeam {
		cid = m.c.T("— (known once pushed to Google)")
	}
	row(i18n.M("Cloud Identity ID"), cid)
	row(i18n.M("Resource name"), c.GoogleName)
	if m.pushing {
		out = append(out, "  "+m.spin.View()+" "+m.c.T("Pushing to Google… (esc cancels; p goes on later)"))
	} else if m.svc.HasGoogle() && (c.Status == model.StatusLocal || c.Status == model.StatusFailed || c.Status == model.StatusPending) {
		out = append(out, "  "+s.Subtle.Render(m.c.T("p: push to Google")))
	}
	if ps := rules.ReadyToPush(c); len(ps) > 0 && c.Status == model.StatusLocal {
		var f []string
		for _, p := range ps {
			f = append(f, common.FieldName(l, p.Field))
		}
		note(m.c.T("To push to Google it still needs: %s (e: edit).", strings.Join(f, ", ")), s.Warning.Render)
	}

	section(m.c.T("Setup"))
	row(i18n.M("Language"), orDash(c.Language))
	row(i18n.M("Time zone"), orDash(c.TimeZone))
	smart := common.SmartName(l, c.SmartFeatures)
	switch {
	case smart == "" && c.Address.RegionCode == "":
		smart = m.c.T("not set (whether they start on depends on the region)")
	case smart == "":
		smart = m.c.T("not set (%s by default in %s)", common.SmartName(l, rules.SmartFeaturesDefault(c.Address.RegionCode)), common.Clean(c.Address.RegionCode))
	}
	row(i18n.M("Smart features"), smart)
	if c.Language == "" || c.TimeZone == "" {
		note(m.c.T("t: set the customer's language and default time zone, and smart features and personalisation for Gmail, Chat and Meet."), s.Subtle.Render)
	}

	section(m.c.T("Upkeep"))
	row(i18n.M("Origin"), common.OriginName(l, c.Origin))
	row(i18n.M("Created"), m.c.T("%s by %s", l.DateTime(c.CreatedAt.In(time.Local)), common.Clean(c.CreatedBy)))
	row(i18n.M("Updated"), m.c.T("%s (version %s)", l.DateTime(c.UpdatedAt.In(time.Local)), i18n.ID(c.Version)))
	confirmed := common.Ago(l, c.ConfirmedAt, now)
	row(i18n.M("Last confirmed"), confirmed)
	if after := m.svc.ConfirmAfter(); rules.Stale(c.ConfirmedAt, now, after) {
		note(m.c.T("Not confirmed for more than %d days: ask the customer whether organisation, domain and admin address are still right, then c.", int(after.Hours()/24)), s.Warning.Render)
	}

	section(m.c.T("Orders (%d)", len(m.orders)))
	if len(m.orders) == 0 {
		out = append(out, "  "+s.Subtle.Render(m.c.T("none yet (b: buy)")))
	}
	for _, o := range m.orders {
		line := fmt.Sprintf("%d  %s × %s  %s", o.ID, common.Clean(rules.SKUName(o.SKU)), l.Number(int64(o.Seats)), common.PlanName(l, o.Plan))
		if o.PONumber != "" {
			line += "  " + m.c.T("PO %s", common.Clean(o.PONumber))
		}
		line += "  " + common.OrderStatusName(l, o.Status) + "  " + l.Date(o.CreatedAt.In(time.Local))
		out = append(out, "  "+common.Fit(line, max(10, m.width-4)))
	}

	section(m.c.T("History (%d)", len(m.events)))
	if !m.loaded {
		out = append(out, "  "+s.Subtle.Render(m.c.T("loading…")))
	}
	for i := len(m.events) - 1; i >= 0; i-- { // newest first
		ev := m.events[i]
		out = append(out, "  "+s.Value.Render(l.DateTime(ev.At.In(time.Local)))+"  "+common.Clean(ev.Actor)+"  "+common.ActionName(l, ev.Action))
		for _, ch := range ev.Changes {
			out = append(out, "    "+common.Fit(common.FieldName(l, model.Field(ch.Field))+": "+shown(ch.Old)+" → "+shown(ch.New), max(10, m.width-6)))
		}
	}
	return out
}

func statusText(l i18n.Lang, st model.Status) string {
	switch st {
	case model.StatusLocal:
		return l.T("local (not pushed to Google)")
	case model.StatusCreated:
		return l.T("created at Google")
	case model.StatusImported:
		return l.T("imported at Google")
	case model.StatusFailed:
		return l.T("the last push failed")
	case model.StatusPending:
		return l.T("a push is under way")
	}
	return common.Clean(string(st))
}

func orDash(v string) string {
	if v == "" {
		return "—"
	}
	return v
}

func shown(v string) string {
	if v == "" {
		return "∅"
	}
	return common.Clean(v)
}
