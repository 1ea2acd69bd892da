// Package tui is onboard's full-screen app: the root model keeps the
// screens on a stack (the customer list at the bottom, what was opened from
// it on top), owns the global keys, the help overlay and the one status
// line, and switches screens on what they ask for.
package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
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
	c   *common.Common
	svc Store
	// list is the home screen: always stack[0], told to select a customer
	// or reload when a screen over it closes.
	list *customers.Model
	// stack is the screens open now; the top one gets the keys and draws.
	stack   []common.Screen
	keys    keyMap
	help    help.Model
	showKey bool         // the help overlay is open
	resume  *model.Draft // the draft offered now
	// discarding: asked whether to throw the offered draft away.
	discarding bool
	later      []model.Draft // the older ones, offered after it is discarded

	helpKey   string // what helpText was drawn for
	helpText  string
	status    string
	statusErr bool
	statusSeq int
	// statusOn and statusScope are the screen, and its part, the status
	// was shown on: a message is about them, so it goes when they change.
	statusOn    common.Screen
	statusScope string
	quitting    bool
	// quitAfterSave: the app quits when the top screen's save under way
	// ends.
	quitAfterSave bool
}

// New returns the app for one session.
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
	if c.Loc == nil {
		c.Loc = time.Local
	}
	list := customers.New(c, svc)
	return &App{c: c, svc: svc, list: list, stack: []common.Screen{list}, keys: defaultKeyMap(c.L), help: help.New()}
}

// Init loads the list and the user's drafts and asks for the background
// colour.
func (a *App) Init() tea.Cmd {
	svc, ctx, actor := a.svc, a.c.Ctx, a.c.Actor
	return tea.Batch(a.list.Init(), tea.RequestBackgroundColor, func() tea.Msg {
		ds, err := svc.Drafts(ctx, actor)
		return draftsLoadedMsg{drafts: ds, err: err}
	}, a.resumePushes(), a.resumeOrders(), a.loadProducts())
}

// resumePushes goes on with the pushes to Google that were under way when
// onboard last stopped (the outbox), and says how they ended. The store runs
// a few at a time, each within its push deadline, so one customer whose
// calls hang holds up no other.
func (a *App) resumePushes() tea.Cmd {
	if !a.svc.HasGoogle() || !a.c.Files {
		return nil // the SSH server resumes them once, at its start
	}
	svc, ctx, actor, l := a.svc, a.c.Ctx, a.c.Actor, a.c.L
	return func() tea.Msg {
		var done, failed int
		n, err := svc.ResumePushes(ctx, actor, func(r model.ResumedPush) {
			if r.Err != nil {
				failed++
			} else {
				done++
			}
		})
		if err != nil || n == 0 {
			return nil
		}
		msg := l.N(int64(n), "Went on with %d push to Google that was under way: %d done", "Went on with %d pushes to Google that were under way: %d done", n, done)
		if failed > 0 {
			msg += l.T(", %d not (open the customer for why; p retries)", failed)
		}
		return common.NoticeMsg{Text: msg + "."}
	}
}

// Update routes one message; a status message whose screen or part of it
// is no longer shown goes with it.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := a.update(msg)
	a.dropStaleStatus()
	return m, cmd
}

// dropStaleStatus clears the status line when the screen it was shown on,
// or the part of it (a wizard's step), is no longer the one shown: "Next:
// CRM ID: must be at most 80 characters" is not about the step after it.
func (a *App) dropStaleStatus() {
	if a.status == "" {
		return
	}
	if top := a.top(); top != a.statusOn || a.scope() != a.statusScope {
		a.status, a.statusOn = "", nil
	}
}

// scope is the part of the app shown now, as far as status messages go:
// the top screen's part, and whether the help or the draft question is
// over it ("The help is open" is not true once it is closed).
func (a *App) scope() string {
	sc := common.ScopeOf(a.top())
	switch {
	case a.showKey:
		sc += "|help"
	case a.resume != nil:
		sc += "|draft"
	}
	return sc
}

func (a *App) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		if len(a.later) > 0 && a.atHome() {
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
		if len(msg.drafts) > 0 && a.atHome() {
			d := msg.drafts[0]
			a.resume, a.later = &d, msg.drafts[1:]
		}
		return a, nil
	case tea.KeyPressMsg:
		return a, a.handleKey(msg)
	}
	cmd := a.delegate(msg)
	if a.quitAfterSave && !a.saving() {
		a.quitAfterSave = false
		return a, tea.Sequence(cmd, a.quit())
	}
	return a, cmd
}

// top is the screen that gets the keys and draws.
func (a *App) top() common.Screen { return a.stack[len(a.stack)-1] }

// atHome reports whether the list is the screen shown.
func (a *App) atHome() bool { return len(a.stack) == 1 }

// saving reports whether the top screen has a save under way.
func (a *App) saving() bool {
	s, ok := a.top().(common.Saver)
	return ok && s.Busy()
}

// delegate passes msg to the top screen and acts on what it asked for.
func (a *App) delegate(msg tea.Msg) tea.Cmd {
	s := a.top()
	cmd := s.Update(msg)
	if in := s.TakeIntent(); in != nil {
		return tea.Batch(cmd, a.handleIntent(in))
	}
	return cmd
}

// handleIntent switches screens on what a screen asked for.
func (a *App) handleIntent(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case customers.NewCustomerMsg:
		return a.startWizard(wizard.New(a.c, a.svc, model.ModeCreate))
	case customers.ImportCustomerMsg:
		return a.startWizard(wizard.New(a.c, a.svc, model.ModeImport))
	case customers.OpenCustomerMsg:
		return a.openDetail(detail.New(a.c, a.svc, msg.Customer), "")
	case customers.ImportCSVMsg:
		return a.show(bulk.New(a.c, a.svc))
	case detail.ClosedMsg:
		a.home()
		return a.list.Select(msg.Customer)
	case detail.TipsMsg:
		return a.push(tips.New(a.c, a.svc, msg.Customer))
	case tips.ClosedMsg:
		// The customer changed: its detail is drawn afresh.
		return a.openDetail(detail.New(a.c, a.svc, msg.Customer), msg.Notice)
	case detail.EditMsg:
		return a.startWizard(wizard.Edit(a.c, a.svc, msg.Customer))
	case detail.BuyMsg:
		return a.openOrder(msg.Customer, true)
	case wizard.FinishedMsg:
		if msg.Buy {
			return a.buyAfterCreate(msg.Customer, msg.New)
		}
		// The new or edited customer, with the setup tips one key away; a
		// new one goes to Google at once when Google is set up.
		det := detail.New(a.c, a.svc, msg.Customer)
		cmd := a.openDetail(det, "")
		if msg.New && a.svc.HasGoogle() {
			cmd = tea.Batch(cmd, det.PushNow())
		}
		return cmd
	case wizard.OpenExistingMsg:
		return a.openDetail(detail.New(a.c, a.svc, msg.Customer), a.c.T("Already your customer at Google."))
	case wizard.SwitchToImportMsg:
		return tea.Batch(a.startWizard(wizard.Resume(a.c, a.svc, model.Draft{Mode: model.ModeImport, Values: msg.Fields})),
			common.Notice(a.c.T("Import: what you typed is carried over; the transfer token is still needed.")))
	case wizard.LeftMsg:
		// The list is read again: what it showed may have changed while
		// the wizard was open (a customer stored before an edit was left).
		a.home()
		if msg.DraftKept {
			return tea.Batch(a.list.Reload(), common.Notice(a.c.T("Left the wizard. Your draft is kept and offered next time.")))
		}
		return a.list.Reload()
	case order.ClosedMsg:
		return a.closeOrder(msg.Customer)
	case bulk.ClosedMsg:
		a.home()
		if msg.Imported > 0 {
			return a.list.Reload()
		}
		return nil
	}
	return a.handleShopIntent(msg)
}

// home closes every screen over the list.
func (a *App) home() { a.stack = a.stack[:1] }

// push opens s over the screens open now.
func (a *App) push(s common.Screen) tea.Cmd {
	a.stack = append(a.stack, s)
	return s.SetSize(a.bodySize())
}

// show opens s right over the list, closing the screens between.
func (a *App) show(s common.Screen) tea.Cmd {
	a.home()
	return a.push(s)
}

// openDetail shows a customer's detail, with a notice.
func (a *App) openDetail(det *detail.Model, notice string) tea.Cmd {
	cmd := tea.Batch(a.show(det), det.Init())
	if notice != "" {
		return tea.Batch(cmd, common.Notice(notice))
	}
	return cmd
}

func (a *App) startWizard(w *wizard.Model) tea.Cmd {
	a.resume, a.discarding = nil, false
	return a.show(w)
}

func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := &a.keys
	k.sync(a.top())
	if a.quitAfterSave {
		// Quitting once the last draft is saved: keys wait, but a second
		// ctrl+c ends at once.
		if k.ForceQuit.Matches(msg) {
			return tea.Quit
		}
		return nil
	}
	if k.ForceQuit.Matches(msg) {
		return a.quit()
	}
	if a.showKey {
		if k.CloseHelp.Matches(msg) {
			a.showKey = false
			return nil
		}
		return common.Notice(a.c.T("The help is open: ? or esc closes it."))
	}
	if a.resume != nil {
		return a.resumeKey(msg)
	}
	switch {
	case k.Quit.Matches(msg):
		return a.quit()
	case k.Help.Matches(msg), k.HelpF1.Matches(msg):
		a.showKey = true
		return nil
	}
	return a.delegate(msg)
}

// quit saves the top screen's typing (an open wizard's draft), then ends
// the program.
func (a *App) quit() tea.Cmd {
	a.quitting = true
	if s, ok := a.top().(common.Saver); ok {
		if save := s.SaveNow(); save != nil {
			return tea.Sequence(func() tea.Msg { return save() }, tea.Quit)
		}
		if s.Busy() {
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

func (a *App) setStatus(text string, isErr bool) tea.Cmd {
	a.status, a.statusErr = common.Clean(text), isErr
	a.statusOn, a.statusScope = a.top(), a.scope()
	a.statusSeq++
	seq := a.statusSeq
	return a.c.Tick(StatusTimeout, func(time.Time) tea.Msg { return statusClearMsg{seq: seq} })
}

// bodySize is the screens' area: everything but the two bottom lines.
func (a *App) bodySize() (int, int) { return a.c.Width, max(1, a.c.Height-2) }

// setSize lays the open screens out.
func (a *App) setSize(w, h int) tea.Cmd {
	a.c.Width, a.c.Height = w, h
	a.help.SetWidth(w)
	var cmds []tea.Cmd
	for _, s := range a.stack {
		cmds = append(cmds, s.SetSize(a.bodySize()))
	}
	return tea.Batch(cmds...)
}

// ShutdownMsg asks the app to save an open wizard's draft and end (the
// process got SIGTERM or SIGINT).
type ShutdownMsg struct{}

// SaveAndQuit saves an open wizard's draft and ends the program: for an
// idle logout or a server shutdown.
func (a *App) SaveAndQuit() tea.Cmd { return a.quit() }
