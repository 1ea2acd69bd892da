// Package detail is the customer detail screen: every field grouped like
// the wizard, where the customer stands with Google, its orders and its
// history, and the upkeep actions: edit, buy, confirm the details, verify
// the domain of a team customer, the setup tips, cancel a local order.
package detail

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/store/channel"
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
		got   channel.Customer
		diffs []store.Difference
		err   error
	}
)

// KeyMap is the detail screen's keys.
type KeyMap struct {
	Back, Edit, Buy, Confirm, Verify, Tips, CancelOrder, Push, Refresh, Up, Down, PageUp, PageDown, Help key.Binding
}

// DefaultKeyMap returns the detail screen's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Edit:        key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Buy:         key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "buy")),
		Confirm:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "details confirmed today")),
		Verify:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "domain verified (team)")),
		Tips:        key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "setup tips")),
		CancelOrder: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "cancel the last local order")),
		Push:        key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "push to Google (or retry)")),
		Refresh:     key.NewBinding(key.WithKeys("g"), key.WithHelp("g", "refresh from Google")),
		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
		Help:        key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
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
	got      channel.Customer // comparing: Google's record
	diffs    []store.Difference
	scroll   int
	width    int
	height   int
}

// New shows customer; its orders and history load at Init.
func New(c *common.Common, customer model.Customer) *Model {
	return &Model{c: c, keys: DefaultKeyMap(), customer: customer, domain: common.NewInput(253), email: common.NewInput(254),
		spin: spinner.New(spinner.WithSpinner(spinner.Dot))}
}

// Init loads the customer afresh with its orders and history.
func (m *Model) Init() tea.Cmd { return m.load() }

// PushNow starts the push to Google (after Create, with Google set up).
func (m *Model) PushNow() tea.Cmd { return m.push() }

func (m *Model) push() tea.Cmd {
	c := m.customer
	switch {
	case !m.c.Svc.HasGoogle():
		return common.Notice("Google is not configured ([google] in the config): customers stay local.")
	case m.pushing:
		return nil
	case c.Status == model.StatusCreated || c.Status == model.StatusImported:
		return common.Notice("Already " + string(c.Status) + " at Google; g compares it with Google's record.")
	}
	ctx, cancel := context.WithCancel(m.c.Ctx)
	m.pushing, m.stopPush = true, cancel
	svc, actor, id := m.c.Svc, m.c.Actor, c.ID
	// The push first: a test driver that runs commands in order then sees
	// it finish before the spinner's first frame.
	return tea.Batch(func() tea.Msg {
		out, err := svc.Push(ctx, actor, id)
		return pushedMsg{customer: out, err: err}
	}, m.spin.Tick)
}

func (m *Model) load() tea.Cmd {
	svc, ctx, id := m.c.Svc, m.c.Ctx, m.customer.ID
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
			return common.Fail("Load customer", msg.err)
		}
		m.customer, m.orders, m.events, m.loaded = msg.customer, msg.orders, msg.events, true
		return nil
	case savedMsg:
		m.busy = false
		var ce *store.ConflictError
		var ps rules.Problems
		switch {
		case errors.As(msg.err, &ce):
			m.mode = viewing
			return tea.Batch(m.load(), common.Fail("Save", fmt.Errorf("%s changed this customer meanwhile; here is their version, nothing was saved", common.Clean(ce.By))))
		case errors.As(msg.err, &ps):
			m.problems = ps
			return common.Fail("Save", ps[0])
		case msg.err != nil:
			return common.Fail("Save", msg.err)
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
		var ee *store.ExistsError
		switch {
		case errors.Is(msg.err, context.Canceled):
			return tea.Batch(m.load(), common.Notice("Push cancelled: nothing more is sent; p goes on from where it stopped."))
		case errors.As(msg.err, &ee):
			return tea.Batch(m.load(), common.Fail("Push", ee))
		case msg.err != nil:
			return tea.Batch(m.load(), common.Fail("Push", msg.err))
		}
		return tea.Batch(m.load(), common.Notice(fmt.Sprintf("At Google: %s, Cloud Identity ID %s.", msg.customer.Status, msg.customer.CloudIdentityID)))
	case fromGoogleMsg:
		m.busy = false
		if msg.err != nil {
			return common.Fail("Refresh from Google", msg.err)
		}
		if len(msg.diffs) == 0 {
			return common.Notice("This customer matches Google's record.")
		}
		m.mode, m.got, m.diffs = comparing, msg.got, msg.diffs
		return nil
	case cancelledMsg:
		m.busy, m.mode, m.cancel = false, viewing, nil
		if msg.err != nil {
			return common.Fail("Cancel order", msg.err)
		}
		return tea.Batch(m.load(), common.Notice(fmt.Sprintf("Order %d cancelled.", msg.order.ID)))
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
		if !m.c.Svc.HasGoogle() {
			return common.Notice("Google is not configured ([google] in the config).")
		}
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, id := m.c.Svc, m.c.Ctx, c.ID
		return func() tea.Msg {
			_, got, diffs, err := svc.FromGoogle(ctx, id)
			return fromGoogleMsg{got: got, diffs: diffs, err: err}
		}
	case key.Matches(msg, m.keys.Confirm):
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, id, version := m.c.Svc, m.c.Ctx, m.c.Actor, c.ID, c.Version
		return func() tea.Msg {
			out, err := svc.Confirm(ctx, actor, id, version)
			return savedMsg{customer: out, notice: "Details confirmed with the customer today.", err: err}
		}
	case key.Matches(msg, m.keys.Verify):
		if c.Kind != model.KindTeam {
			return common.Notice("Only a team (email-verified) customer verifies a domain; this is a domain customer.")
		}
		m.mode, m.focus, m.problems = verifying, 0, nil
		m.domain.SetValue(common.Clean(c.Domain))
		m.domain.CursorEnd()
		m.email.SetValue(common.Clean(c.PrimaryEmail))
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
		return common.Notice("No local order to cancel.")
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
				m.email.SetValue("admin@" + d)
				m.email.CursorEnd()
			}
			return m.focusInputs()
		}
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, c := m.c.Svc, m.c.Ctx, m.c.Actor, m.customer
		domain, email := m.domain.Value(), m.email.Value()
		return func() tea.Msg {
			out, err := svc.VerifyDomain(ctx, actor, c.ID, c.Version, domain, email)
			return savedMsg{customer: out, notice: "Now a domain customer: the rules for domain customers apply.", err: err}
		}
	}
	in := &m.domain
	if m.focus == 1 {
		in = &m.email
	}
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if p := rules.CheckSafe("", in.Value()); p != nil {
		in.SetValue(before)
		return common.Fail("Refused", p)
	}
	return cmd
}

// compareKey: a takes Google's values, esc keeps ours.
func (m *Model) compareKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "a":
		if m.busy {
			return nil
		}
		m.busy = true
		svc, ctx, actor, c, got := m.c.Svc, m.c.Ctx, m.c.Actor, m.customer, m.got
		return func() tea.Msg {
			out, err := svc.TakeGoogle(ctx, actor, c.ID, c.Version, got)
			return savedMsg{customer: out, notice: "Took Google's values; the details count as confirmed today.", err: err}
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
		svc, ctx, actor, id := m.c.Svc, m.c.Ctx, m.c.Actor, m.cancel.ID
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
		s.Subtle.Render(fmt.Sprintf("  customer %d · %s · %s", c.ID, common.Clean(string(c.Kind)), common.Clean(string(c.Status))))
	var foot string
	switch m.mode {
	case verifying:
		foot = m.verifyView()
	case comparing:
		foot = s.Title.Render("Google's record differs") + "\n"
		for _, d := range m.diffs {
			foot += "  " + common.Fit(d.Field, 20) + " here " + common.Fit(shown(d.Local), 28) + " Google " + common.Fit(shown(d.Google), 28) + "\n"
		}
		foot += s.Key.Render("a") + " take Google's values  " + s.Key.Render("esc") + " keep ours"
	case cancelling:
		o := m.cancel
		foot = s.Warning.Render(fmt.Sprintf("Cancel order %d (%s × %d, %s)? ", o.ID, common.Clean(rules.SKUName(o.SKU)), o.Seats, common.Clean(string(o.Plan)))) +
			s.Key.Render("y") + " yes  " + s.Key.Render("n") + " no"
	default:
		foot = s.Subtle.Render("↑/↓ scroll · e edit · b buy · c confirmed today · t setup tips")
		if c.Kind == model.KindTeam {
			foot += s.Subtle.Render(" · v domain verified")
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
	out := s.Title.Render("Domain verified") + s.Subtle.Render("  the team becomes a domain customer") + "\n" +
		label(0, "Verified domain") + " " + m.domain.View() + "\n" +
		label(1, "Primary email") + " " + m.email.View()
	for _, p := range m.problems {
		out += "\n" + s.Error.Render(common.Clean(p.Error()))
	}
	return out + "\n" + s.Subtle.Render("enter next/save · tab switch · esc cancel")
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
			out = append(out, "  "+s.Label.Render(common.Fit(k, 20))+" "+common.Fit(common.Clean(v), max(10, m.width-24)))
		}
	}
	note := func(text string, style func(...string) string) {
		for _, l := range common.Wrap(text, max(20, m.width-4)) {
			out = append(out, "  "+style(l))
		}
	}

	section("Organisation")
	kind := "Domain customer"
	if c.Kind == model.KindTeam {
		kind = "Team customer (email-verified)"
	}
	row("Kind", kind)
	if c.Education != nil {
		row("Education", c.Education.InstituteType+", "+c.Education.InstituteSize)
		row("Website", c.Education.Website)
	}
	row("Organisation", c.OrgName)
	row("Domain", rules.DisplayDomain(c.Domain))
	row("Reseller ID", c.ResellerID)
	row("CRM ID", c.CRMID)
	if c.Kind == model.KindTeam {
		note("An email-verified customer can buy only Enterprise Essentials (Plus) until it verifies its domain; other Google Workspace services, such as Google Vault, need a verified domain. When it has one: v.", s.Subtle.Render)
	}

	section("Contact")
	row("Primary email", c.PrimaryEmail)
	row("Alternate email", c.AlternateEmail)
	row("Phone", c.Phone)
	row("Admin", strings.TrimSpace(c.AdminFirstName+" "+c.AdminLastName))
	row("Address", strings.Join(c.Address.AddressLines, ", "))
	row("Postal code", c.Address.PostalCode)
	row("City", c.Address.Locality)
	row("Province/state", c.Address.AdministrativeArea)
	row("Country", c.Address.RegionCode)

	section("Google")
	row("Status", statusText(c.Status))
	row("Message", c.StatusMessage)
	cid := c.CloudIdentityID
	if cid == "" && c.Kind == model.KindTeam {
		cid = "— (known once pushed to Google)"
	}
	row("Cloud Identity ID", cid)
	row("Resource name", c.GoogleName)
	if m.pushing {
		out = append(out, "  "+m.spin.View()+" Pushing to Google… (esc cancels; p goes on later)")
	} else if m.c.Svc.HasGoogle() && (c.Status == model.StatusLocal || c.Status == model.StatusFailed || c.Status == model.StatusPending) {
		out = append(out, "  "+s.Subtle.Render("p: push to Google"))
	}
	if ps := rules.ReadyToPush(c); len(ps) > 0 && c.Status == model.StatusLocal {
		var f []string
		for _, p := range ps {
			f = append(f, string(p.Field))
		}
		note("To push to Google it still needs: "+strings.Join(f, ", ")+" (e: edit).", s.Warning.Render)
	}

	section("Setup")
	row("Language", orDash(c.Language))
	row("Time zone", orDash(c.TimeZone))
	smart := c.SmartFeatures
	switch {
	case smart == "" && c.Address.RegionCode == "":
		smart = "not set (whether they start on depends on the region)"
	case smart == "":
		smart = "not set (" + rules.SmartFeaturesDefault(c.Address.RegionCode) + " by default in " + common.Clean(c.Address.RegionCode) + ")"
	}
	row("Smart features", smart)
	if c.Language == "" || c.TimeZone == "" {
		note("t: set the customer's language and default time zone, and smart features and personalisation for Gmail, Chat and Meet.", s.Subtle.Render)
	}

	section("Upkeep")
	row("Origin", string(c.Origin))
	row("Created", c.CreatedAt.In(time.Local).Format("2006-01-02 15:04")+" by "+c.CreatedBy)
	row("Updated", c.UpdatedAt.In(time.Local).Format("2006-01-02 15:04")+" (version "+strconv.FormatInt(c.Version, 10)+")")
	confirmed := common.Ago(c.ConfirmedAt, now)
	row("Last confirmed", confirmed)
	if after := m.c.Svc.ConfirmAfter(); rules.Stale(c.ConfirmedAt, now, after) {
		note(fmt.Sprintf("Not confirmed for more than %d days: ask the customer whether organisation, domain and admin address are still right, then c.", int(after.Hours()/24)), s.Warning.Render)
	}

	section(fmt.Sprintf("Orders (%d)", len(m.orders)))
	if len(m.orders) == 0 {
		out = append(out, "  "+s.Subtle.Render("none yet (b: buy)"))
	}
	for _, o := range m.orders {
		line := fmt.Sprintf("%d  %s × %d  %s", o.ID, common.Clean(rules.SKUName(o.SKU)), o.Seats, common.Clean(string(o.Plan)))
		if o.PONumber != "" {
			line += "  PO " + common.Clean(o.PONumber)
		}
		line += "  " + common.Clean(o.Status) + "  " + o.CreatedAt.In(time.Local).Format("2006-01-02")
		out = append(out, "  "+common.Fit(line, max(10, m.width-4)))
	}

	section(fmt.Sprintf("History (%d)", len(m.events)))
	if !m.loaded {
		out = append(out, "  "+s.Subtle.Render("loading…"))
	}
	for i := len(m.events) - 1; i >= 0; i-- { // newest first
		ev := m.events[i]
		out = append(out, "  "+s.Value.Render(ev.At.In(time.Local).Format("2006-01-02 15:04"))+"  "+common.Clean(ev.Actor)+"  "+common.Clean(ev.Action))
		for _, ch := range ev.Changes {
			out = append(out, "    "+common.Fit(common.Clean(ch.Field)+": "+shown(ch.Old)+" → "+shown(ch.New), max(10, m.width-6)))
		}
	}
	return out
}

func statusText(st model.Status) string {
	switch st {
	case model.StatusLocal:
		return "local (not pushed to Google)"
	case model.StatusCreated:
		return "created at Google"
	case model.StatusImported:
		return "imported at Google"
	case model.StatusFailed:
		return "the last push failed"
	case model.StatusPending:
		return "a push is under way"
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
