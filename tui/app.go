// Package tui is onboard's full-screen app: the root model routes between
// the customer list, the wizards, the order form and the summary, owns the
// global keys, the help overlay and the one status line.
package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/tui/bulk"
	"onboard/tui/common"
	"onboard/tui/customers"
	"onboard/tui/detail"
	"onboard/tui/order"
	"onboard/tui/styles"
	"onboard/tui/tips"
	"onboard/tui/wizard"
)

// MinWidth and MinHeight are the smallest terminal the app draws in.
const (
	MinWidth  = 80
	MinHeight = 20
)

// StatusTimeout is how long a notice stays on the status line.
const StatusTimeout = 6 * time.Second

type screen int

const (
	screenList screen = iota
	screenWizard
	screenDetail
	screenTips
	screenOrder
	screenBulk
)

// screenModel is what every screen offers the root.
type screenModel interface {
	Update(tea.Msg) tea.Cmd
	View() string
	TakeIntent() tea.Msg
}

// draftDiscardedMsg says the offered draft was deleted.
type draftDiscardedMsg struct{}

// editDraftLoadedMsg brings the customer an edit's draft changes.
type editDraftLoadedMsg struct {
	draft    model.Draft
	customer model.Customer
	err      error
}

type draftsLoadedMsg struct {
	drafts []model.Draft
	err    error
}

type statusClearMsg struct{ seq int }

// App is the root model of one session.
type App struct {
	c       *common.Common
	svc     Store
	list    *customers.Model
	wiz     *wizard.Model
	ord     *order.Model
	det     *detail.Model
	tips    *tips.Model
	bulk    *bulk.Model
	screen  screen
	help    help.Model
	showKey bool          // the help overlay is open
	resume  *model.Draft  // the draft offered now
	later   []model.Draft // the older ones, offered after it is discarded

	helpKey   string // what helpText was drawn for
	helpText  string
	status    string
	statusErr bool
	statusSeq int
	quitting  bool
	// quitAfterSave: the app quits when the wizard's save under way ends.
	quitAfterSave bool
}

// New returns the app for one session over svc.
func New(c *common.Common, svc Store) *App {
	if c.Styles == nil {
		c.Styles = styles.New(true)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Tick == nil {
		c.Tick = tea.Tick
	}
	return &App{c: c, svc: svc, list: customers.New(c, svc), help: help.New()}
}

// Init loads the list and the user's drafts and asks for the background
// colour.
func (a *App) Init() tea.Cmd {
	svc, ctx, actor := a.svc, a.c.Ctx, a.c.Actor
	return tea.Batch(a.list.Init(), tea.RequestBackgroundColor, func() tea.Msg {
		ds, err := svc.Drafts(ctx, actor)
		return draftsLoadedMsg{drafts: ds, err: err}
	}, a.resumePushes())
}

// resumePushes goes on with the pushes to Google that were under way when
// onboard last stopped (the outbox), and says how they ended.
func (a *App) resumePushes() tea.Cmd {
	if !a.svc.HasGoogle() || !a.c.Files {
		return nil // the SSH server resumes them once, at its start
	}
	svc, ctx, actor := a.svc, a.c.Ctx, a.c.Actor
	return func() tea.Msg {
		ids, err := svc.Pending(ctx)
		if err != nil || len(ids) == 0 {
			return nil
		}
		var done, failed int
		for _, id := range ids {
			if _, err := svc.Push(ctx, actor, id); err != nil {
				failed++
			} else {
				done++
			}
		}
		l := a.c.L
		msg := l.N(int64(len(ids)), "Went on with %d push to Google that was under way: %d done", "Went on with %d pushes to Google that were under way: %d done", len(ids), done)
		if failed > 0 {
			msg += l.T(", %d not (open the customer for why; p retries)", failed)
		}
		return common.NoticeMsg{Text: msg + "."}
	}
}

// Update routes one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return a, a.setSize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		*a.c.Styles = *styles.New(msg.IsDark())
		return a, nil
	case common.ErrMsg:
		return a, a.setStatus(msg.Op+": "+a.c.L.Err(msg.Err), true)
	case common.NoticeMsg:
		return a, a.setStatus(msg.Text, false)
	case ShutdownMsg:
		return a, a.quit()
	case statusClearMsg:
		if msg.seq == a.statusSeq {
			a.status = ""
		}
		return a, nil
	case draftDiscardedMsg:
		if len(a.later) > 0 && a.screen == screenList {
			next := a.later[0]
			a.resume, a.later = &next, a.later[1:]
		}
		return a, a.setStatus(a.c.T("Draft discarded."), false)
	case editDraftLoadedMsg:
		if msg.err != nil {
			return a, common.Fail(a.c.T("load the customer of the draft"), msg.err)
		}
		return a, a.startWizard(wizard.ResumeEdit(a.c, a.svc, msg.customer, msg.draft))
	case draftsLoadedMsg:
		if msg.err != nil {
			return a, common.Fail(a.c.T("load drafts"), msg.err)
		}
		if len(msg.drafts) > 0 && a.screen == screenList {
			d := msg.drafts[0]
			a.resume, a.later = &d, msg.drafts[1:]
		}
		return a, nil
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	}
	cmd := a.delegate(msg)
	if a.quitAfterSave && (a.wiz == nil || !a.wiz.Busy()) {
		a.quitAfterSave = false
		return a, tea.Sequence(cmd, a.quit())
	}
	return a, cmd
}

// delegate passes msg to the active screen and acts on what it asked for.
func (a *App) delegate(msg tea.Msg) tea.Cmd {
	s := a.active()
	cmd := s.Update(msg)
	if in := s.TakeIntent(); in != nil {
		next, _ := a.handleIntent(in)
		return tea.Batch(cmd, next)
	}
	return cmd
}

// handleIntent switches screens on what a screen asked for.
func (a *App) handleIntent(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case customers.NewCustomerMsg:
		return a.startWizard(wizard.New(a.c, a.svc, model.ModeCreate)), true
	case customers.ImportCustomerMsg:
		return a.startWizard(wizard.New(a.c, a.svc, model.ModeImport)), true
	case customers.OpenCustomerMsg:
		return a.openDetail(msg.Customer, ""), true
	case detail.ClosedMsg:
		a.screen, a.det = screenList, nil
		return a.list.Select(msg.Customer), true
	case detail.TipsMsg:
		a.tips, a.screen = tips.New(a.c, a.svc, msg.Customer), screenTips
		a.setSize(a.c.Width, a.c.Height)
		return nil, true
	case tips.ClosedMsg:
		a.tips = nil
		return a.openDetail(msg.Customer, msg.Notice), true
	case detail.EditMsg:
		return a.startWizard(wizard.Edit(a.c, a.svc, msg.Customer)), true
	case detail.BuyMsg:
		return a.startOrder(msg.Customer), true
	case wizard.FinishedMsg:
		a.wiz = nil
		if msg.Buy {
			return a.startOrder(msg.Customer), true
		}
		// The new or edited customer, with the setup tips one key away; a
		// new one goes to Google at once when Google is set up.
		cmd := a.openDetail(msg.Customer, "")
		if msg.New && a.svc.HasGoogle() {
			cmd = tea.Batch(cmd, a.det.PushNow())
		}
		return cmd, true
	case wizard.OpenExistingMsg:
		a.wiz = nil
		return a.openDetail(msg.Customer, a.c.T("Already your customer at Google.")), true
	case wizard.SwitchToImportMsg:
		a.wiz = nil
		return tea.Batch(a.startWizard(wizard.Resume(a.c, a.svc, model.Draft{Mode: model.ModeImport, Values: msg.Fields})),
			common.Notice(a.c.T("Import: what you typed is carried over; the transfer token is still needed."))), true
	case wizard.LeftMsg:
		a.wiz, a.screen = nil, screenList
		if msg.DraftKept {
			return common.Notice(a.c.T("Left the wizard. Your draft is kept and offered next time.")), true
		}
		return nil, true
	case order.ClosedMsg:
		a.ord, a.screen = nil, screenList
		return a.list.Select(msg.Customer), true
	case customers.ImportCSVMsg:
		a.bulk, a.screen = bulk.New(a.c, a.svc), screenBulk
		a.setSize(a.c.Width, a.c.Height)
		return nil, true
	case bulk.ClosedMsg:
		a.bulk, a.screen = nil, screenList
		if msg.Imported > 0 {
			return a.list.Reload(), true
		}
		return nil, true
	}
	return nil, false
}

// openDetail shows customer c on the detail screen, with a notice.
func (a *App) openDetail(c model.Customer, notice string) tea.Cmd {
	a.det, a.screen = detail.New(a.c, a.svc, c), screenDetail
	a.setSize(a.c.Width, a.c.Height)
	if notice != "" {
		return tea.Batch(a.det.Init(), common.Notice(notice))
	}
	return a.det.Init()
}

func (a *App) startWizard(w *wizard.Model) tea.Cmd {
	a.wiz, a.screen, a.resume = w, screenWizard, nil
	a.setSize(a.c.Width, a.c.Height)
	return nil
}

func (a *App) startOrder(c model.Customer) tea.Cmd {
	a.ord, a.screen = order.New(a.c, a.svc, c), screenOrder
	a.setSize(a.c.Width, a.c.Height)
	return nil
}

func (a *App) active() screenModel {
	switch {
	case a.screen == screenWizard && a.wiz != nil:
		return a.wiz
	case a.screen == screenOrder && a.ord != nil:
		return a.ord
	case a.screen == screenDetail && a.det != nil:
		return a.det
	case a.screen == screenTips && a.tips != nil:
		return a.tips
	case a.screen == screenBulk && a.bulk != nil:
		return a.bulk
	}
	return a.list
}

// capturing reports whether the active screen has a text field focused.
func (a *App) capturing() bool {
	switch a.screen {
	case screenWizard:
		return a.wiz.Capturing()
	case screenOrder:
		return a.ord.Capturing()
	case screenList:
		return a.list.Capturing()
	case screenBulk:
		return a.bulk.Capturing()
	case screenDetail:
		return a.det.Capturing()
	case screenTips:
		return a.tips.Capturing()
	}
	return false
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if a.quitAfterSave {
		// Quitting once the last draft is saved: keys wait, but a second
		// ctrl+c ends at once.
		if k == "ctrl+c" {
			return tea.Quit
		}
		return nil
	}
	if k == "ctrl+c" {
		return a.quit()
	}
	if a.showKey {
		if k == "?" || k == "esc" || k == "q" {
			a.showKey = false
		}
		return nil
	}
	if a.resume != nil {
		return a.resumeKey(k)
	}
	if !a.capturing() {
		switch k {
		case "q":
			return a.quit()
		case "?":
			a.showKey = true
			return nil
		}
	}
	if k == "f1" {
		a.showKey = true
		return nil
	}
	return a.delegate(msg)
}

// quit saves an open wizard's draft, then ends the program.
func (a *App) quit() tea.Cmd {
	a.quitting = true
	if a.screen == screenWizard && a.wiz != nil {
		if save := a.wiz.SaveNow(); save != nil {
			return tea.Sequence(func() tea.Msg { return save() }, tea.Quit)
		}
		if a.wiz.Busy() {
			// A save started before the quit is still under way: a draft's
			// with the values of then, or the customer's. The app waits for
			// it, then quits the same way again (see Update): the draft is
			// saved once more with what was typed since (SaveNow marked it),
			// or the customer is stored, or, refused, its draft is saved.
			a.quitAfterSave = true
			return nil
		}
	}
	return tea.Quit
}

func (a *App) resumeKey(k string) tea.Cmd {
	d := *a.resume
	switch k {
	case "y", "enter":
		a.resume = nil
		if d.CustomerID != 0 {
			// An edit: it goes on over the customer as stored now.
			svc, ctx := a.svc, a.c.Ctx
			return func() tea.Msg {
				c, err := svc.Get(ctx, d.CustomerID)
				return editDraftLoadedMsg{draft: d, customer: c, err: err}
			}
		}
		return a.startWizard(wizard.Resume(a.c, a.svc, d))
	case "d":
		// Once it is gone, the next older draft, if any, is offered.
		a.resume = nil
		svc, ctx, actor, l := a.svc, a.c.Ctx, a.c.Actor, a.c.L
		return func() tea.Msg {
			if err := svc.DeleteDraft(ctx, actor, d.ID); err != nil {
				return common.ErrMsg{Op: l.T("discard the draft"), Err: err}
			}
			return draftDiscardedMsg{}
		}
	case "esc", "n":
		a.resume = nil
		return common.Notice(a.c.T("The draft is kept; it will be offered next time."))
	}
	return nil
}

func (a *App) setStatus(text string, isErr bool) tea.Cmd {
	a.status, a.statusErr = common.Clean(text), isErr
	a.statusSeq++
	seq := a.statusSeq
	return a.c.Tick(StatusTimeout, func(time.Time) tea.Msg { return statusClearMsg{seq: seq} })
}

// setSize lays the screens out: everything but the two bottom lines.
func (a *App) setSize(w, h int) tea.Cmd {
	a.c.Width, a.c.Height = w, h
	a.help.SetWidth(w)
	bodyH := max(1, h-2)
	cmd := a.list.SetSize(w, bodyH)
	if a.wiz != nil {
		a.wiz.SetSize(w, bodyH)
	}
	if a.ord != nil {
		a.ord.SetSize(w, bodyH)
	}
	if a.bulk != nil {
		a.bulk.SetSize(w, bodyH)
	}
	if a.det != nil {
		a.det.SetSize(w, bodyH)
	}
	if a.tips != nil {
		a.tips.SetSize(w, bodyH)
	}
	return cmd
}

func (a *App) keyMap() help.KeyMap {
	switch a.screen {
	case screenWizard:
		return a.wiz.KeyMap()
	case screenOrder:
		return a.ord.KeyMap()
	case screenDetail:
		return a.det.KeyMap()
	case screenTips:
		return a.tips.KeyMap()
	case screenBulk:
		return a.bulk.KeyMap()
	}
	return a.list.KeyMap()
}

// View draws the active screen, the status line and the keys.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "onboard"
	return v
}

// Render returns the screen as text, for tests.
func (a *App) Render() string { return a.render() }

func (a *App) render() string {
	w, h := a.c.Width, a.c.Height
	if a.quitAfterSave {
		return a.c.T("Saving before quitting…")
	}
	if a.quitting {
		return ""
	}
	if w < MinWidth || h < MinHeight {
		return a.c.T("Terminal too small: onboard needs %d×%d, this one is %d×%d.", MinWidth, MinHeight, w, h) + "\n" + a.c.T("Make the window larger, or press ctrl+c to quit.")
	}
	s := a.c.Styles
	body := a.active().View()
	switch {
	case a.showKey:
		body = a.helpOverlay()
	case a.resume != nil:
		body = a.resumePrompt()
	}
	status := a.helpLine()
	if a.status != "" {
		st := s.Status
		if a.statusErr {
			st = s.StatusEr
		}
		status = st.Render(a.status)
	}
	return frame(body, w, h-2) + "\n\n" + ansi.Truncate(status, w, "…")
}

// frame fits a screen's body into w×h: lines wider than w are wrapped,
// and the result is cut or padded to exactly h lines. Screens lay out to
// the width already, so most lines pass through untouched (wrapping every
// line of every frame would cost more than drawing it).
func frame(body string, w, h int) string {
	lines := strings.Split(body, "\n")
	out := make([]string, 0, h)
	for _, l := range lines {
		if len(out) == h {
			break
		}
		if len(l) <= w || ansi.StringWidth(l) <= w { // bytes ≥ cells: the cheap test first
			out = append(out, l)
			continue
		}
		for _, part := range strings.Split(ansi.Wrap(l, w, ""), "\n") {
			if len(out) < h {
				out = append(out, ansi.Truncate(part, w, ""))
			}
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}

// helpLine is the footer's keys, drawn again only when the screen, its keys
// or the width change.
func (a *App) helpLine() string {
	bindings := a.keyMap().ShortHelp()
	var k strings.Builder
	fmt.Fprint(&k, a.c.Width, a.c.Styles.IsDark)
	for _, b := range bindings {
		fmt.Fprint(&k, "|", b.Help().Key, b.Help().Desc, b.Enabled())
	}
	if k.String() != a.helpKey {
		view := a.help.ShortHelpView(bindings)
		if strings.HasSuffix(ansi.Strip(view), a.help.Ellipsis) {
			// Too narrow for every key: "? help" goes first, so that the
			// keys cut off can still be found.
			for i, b := range bindings {
				if b.Help().Key == "?" && i > 0 {
					bindings = append([]key.Binding{b}, slices.Delete(slices.Clone(bindings), i, i+1)...)
					view = a.help.ShortHelpView(bindings)
					break
				}
			}
		}
		a.helpKey, a.helpText = k.String(), view
	}
	return a.helpText
}

func (a *App) helpOverlay() string {
	s := a.c.Styles
	h := help.New()
	h.ShowAll = true
	h.SetWidth(a.c.Width - 4)
	return s.Title.Render(a.c.T("Keys")) + "\n\n" + h.FullHelpView(a.keyMap().FullHelp()) +
		"\n\n" + s.Subtle.Render(a.c.T("q never quits while you type in a field; ctrl+c always quits (drafts are kept).")) +
		"\n\n" + a.c.T("%s or %s closes this help", s.Key.Render("?"), s.Key.Render("esc"))
}

func (a *App) resumePrompt() string {
	s := a.c.Styles
	d := a.resume
	org := common.Clean(d.Values.Get(model.FieldOrgName))
	l := a.c.L
	if org == "" {
		org = l.T("an unnamed customer")
	}
	wizard := l.T("Create customer")
	if d.Mode == model.ModeImport {
		wizard = l.T("Import customer")
	}
	question := l.T("Resume the draft for %s started %s?", org, l.DateTime(d.CreatedAt.In(time.Local)))
	if d.CustomerID != 0 {
		wizard = l.T("Edit %s", org)
		question = l.T("Resume your changes to %s (customer %s) started %s?", org, i18n.ID(d.CustomerID), l.DateTime(d.CreatedAt.In(time.Local)))
	}
	text := question + "\n\n" +
		l.T("%s, saved at %s at the step “%s”.", wizard, d.UpdatedAt.In(time.Local).Format("15:04"), common.Clean(l.S(rules.StepTitle(rules.StepID(d.Step))))) + "\n\n"
	if n := len(a.later); n > 0 {
		text += l.N(int64(n), "%d more draft is kept; it comes next.", "%d more drafts are kept; they come next, newest first.", n) + "\n\n"
	}
	text += l.T("%s resume   %s discard   %s later", s.Key.Render("y"), s.Key.Render("d"), s.Key.Render("esc"))
	return s.Box.Render(text)
}

// ShutdownMsg asks the app to save an open wizard's draft and end (the
// process got SIGTERM or SIGINT).
type ShutdownMsg struct{}

// SaveAndQuit saves an open wizard's draft and ends the program: for an
// idle logout or a server shutdown.
func (a *App) SaveAndQuit() tea.Cmd { return a.quit() }
