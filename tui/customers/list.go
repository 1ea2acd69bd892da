// Package customers is the customer list, the app's home screen. It holds
// only a window of rows around the cursor and fetches more from the store by
// keyset pagination in commands, so it behaves the same at ten customers as
// at a million.
package customers

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/tui/common"
)

// Intents the list sends to the root model.
type (
	// NewCustomerMsg asks for the create wizard.
	NewCustomerMsg struct{}
	// ImportCustomerMsg asks for the import wizard.
	ImportCustomerMsg struct{}
	// ImportCSVMsg asks for the CSV import screen.
	ImportCSVMsg struct{}
	// OpenCustomerMsg asks to show one customer.
	OpenCustomerMsg struct{ Customer model.Customer }
	// SelectMsg asks the list to show and select a customer (after a create).
	SelectMsg struct{ Customer model.Customer }
)

// where a page goes in the window
type placement int

const (
	replace placement = iota // the window starts at the page
	appendRows
	prependRows
	fromEnd // the page is the last rows, read backwards
	around  // the page holds rows before and from an anchor
)

type pageLoadedMsg struct {
	req    int
	place  placement
	rows   []model.Customer
	before int   // for around: how many rows precede the anchor
	rank   int64 // for around: the anchor's position in the whole list
	total  int64 // for around: the number of customers
	full   bool
	err    error
}

type countedMsg struct {
	req    int
	n      int64
	capped bool // counted only up to CountCap
	err    error
}

// CountCap is where the quick count stops: the position line shows
// "1,000+ matches" until the exact count arrives.
const CountCap = 1000

// Model is the list screen.
type Model struct {
	common.Intents
	c      *common.Common
	svc    Store
	keys   KeyMap
	filter textinput.Model
	// filtering is true while the filter field has the keyboard.
	filtering bool
	query     string
	sort      model.Sort
	desc      bool

	rows        []model.Customer // the window
	start       int64            // absolute index of rows[0], if startKnown
	startKnown  bool
	cursor      int // index into rows
	top         int // first visible index into rows
	atTop       bool
	atBottom    bool
	total       int64 // -1 while unknown
	totalCapped bool  // total is a lower bound: counting goes on
	loading     bool
	loaded      bool // the first page has arrived
	req         int  // id of the newest page request; older answers are dropped
	countReq    int
	pending     bool               // Init came before the size: load on SetSize
	lines       lineCache          // rows already drawn
	cancel      context.CancelFunc // cancels the request under way
	countStop   context.CancelFunc // cancels the count under way
	countAfter  bool               // count once the page under way arrives
	stale       bool               // only customers whose confirmation is too old
	syncing     syncState          // the sync with Google (sync.go)
	width       int
	height      int
}

// New returns the list over svc; Init loads its first page.
func New(c *common.Common, svc Store) *Model {
	f := common.NewInput(100)
	f.Prompt = "/ "
	f.Placeholder = c.T("name, domain, email, CRM ID or Cloud Identity ID")
	return &Model{c: c, svc: svc, keys: DefaultKeyMap(c.L), filter: f, total: -1}
}

// Init loads the first page and the count.
// Init loads the first page once the list knows its size; until then the
// load waits for SetSize, so that a page is one screenful and no more.
func (m *Model) Init() tea.Cmd {
	if m.height == 0 {
		m.pending = true
		return m.loadLastSync()
	}
	return tea.Batch(m.reload(), m.loadLastSync())
}

// SetSize gives the list its area, and loads what the new area needs: the
// first page, or more rows when the window grew past what is loaded.
func (m *Model) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.filter.SetWidth(max(10, w-4))
	m.clampTop()
	switch {
	case m.pending:
		m.pending = false
		return m.reload()
	case m.loaded && !m.loading && !m.atBottom && len(m.rows)-m.top < m.visible() && len(m.rows) > 0:
		cur := model.CursorOf(m.rows[len(m.rows)-1], m.sort)
		return m.fetch(appendRows, m.listQuery(&cur, m.desc, m.pageSize()))
	}
	return nil
}

// Capturing reports whether keys go to a text field (so q must not quit).
func (m *Model) Capturing() bool { return m.filtering }

// visible is how many rows fit.
func (m *Model) visible() int {
	h := m.height - 4 // title, header, position, filter line
	return max(1, h)
}

func (m *Model) listQuery(after *model.Cursor, desc bool, limit int) model.ListQuery {
	if m.stale {
		return model.ListQuery{Sort: model.SortConfirmed, StaleBefore: m.staleCutoff(), Desc: desc, After: after, Limit: limit}
	}
	return model.ListQuery{Query: m.query, Sort: m.sort, Desc: desc, After: after, Limit: limit}
}

// staleCutoff is when a confirmation gets too old ([upkeep]).
func (m *Model) staleCutoff() time.Time { return m.c.Now().Add(-m.svc.ConfirmAfter()) }

// StaleDays is how many days confirmed details count as current.
func (m *Model) StaleDays() int { return int(m.svc.ConfirmAfter().Hours() / 24) }

// pageSize is how many rows one fetch asks for: two screens. Over SSH every
// session holds its window, so it stays small.
func (m *Model) pageSize() int { return max(20, 2*m.visible()) }

// newRequest starts a request that replaces the one under way: the older
// one's query is cancelled and its answer will be dropped.
func (m *Model) newRequest() (int, context.Context) {
	if m.cancel != nil {
		m.cancel()
	}
	m.req++
	m.loading = true
	ctx, cancel := context.WithCancel(m.c.Ctx)
	m.cancel = cancel
	return m.req, ctx
}

// fetch runs a list query in a command; the closure holds copies only.
func (m *Model) fetch(place placement, q model.ListQuery) tea.Cmd {
	req, ctx := m.newRequest()
	svc := m.svc
	return func() tea.Msg {
		rows, err := svc.List(ctx, q)
		return pageLoadedMsg{req: req, place: place, rows: rows, full: len(rows) == q.Limit, err: err}
	}
}

func (m *Model) count() tea.Cmd {
	if m.countStop != nil {
		m.countStop()
	}
	m.countReq++
	ctx, stop := context.WithCancel(m.c.Ctx)
	m.countStop = stop
	req, svc, q := m.countReq, m.svc, m.query
	if m.stale {
		cutoff := m.staleCutoff()
		return func() tea.Msg {
			n, err := svc.CountStale(ctx, cutoff)
			return countedMsg{req: req, n: n, err: err}
		}
	}
	if q == "" {
		return func() tea.Msg {
			n, err := svc.CountMatching(ctx, q, 0)
			return countedMsg{req: req, n: n, err: err}
		}
	}
	// The quick count first; only a term with more than CountCap matches
	// needs the exact one (see exactCount).
	return func() tea.Msg {
		n, err := svc.CountMatching(ctx, q, CountCap+1)
		return countedMsg{req: req, n: n, capped: n > CountCap, err: err}
	}
}

// exactCountDelay is how long the filter must rest before the exact count
// of a term with more than CountCap matches starts. Such a count reads a
// long part of the index (a quarter of a second for a common word at a
// million customers); started on every keystroke, it would run beside the
// next keystroke's page on a two-core machine and slow that frame, and
// the keystroke would cancel it anyway.
const exactCountDelay = 300 * time.Millisecond

// exactCountMsg starts the exact count for count request req if nothing
// newer came since.
type exactCountMsg struct{ req int }

func (m *Model) exactCount(req int) tea.Cmd {
	if req != m.countReq {
		return nil
	}
	if m.countStop != nil {
		m.countStop()
	}
	ctx, stop := context.WithCancel(m.c.Ctx)
	m.countStop = stop
	svc, q := m.svc, m.query
	return func() tea.Msg {
		n, err := svc.CountMatching(ctx, q, 0)
		return countedMsg{req: req, n: n, err: err}
	}
}

// Reload shows the list again from the top (after an import).
func (m *Model) Reload() tea.Cmd { return m.reload() }

// reload starts over at the top of the current order and filter. The
// count waits for the page: on two cores a count running beside the page
// query would slow the frame, and the next keystroke often cancels it.
func (m *Model) reload() tea.Cmd {
	if m.countStop != nil {
		m.countStop()
	}
	m.countReq++ // a count under way was for the old filter
	m.total, m.totalCapped, m.countAfter = -1, false, true
	return m.fetch(replace, m.listQuery(nil, m.desc, m.pageSize()))
}

// Select shows the customer c selected, with the rows around it.
func (m *Model) Select(c model.Customer) tea.Cmd {
	m.query, m.filtering = "", false
	m.filter.SetValue("")
	m.filter.Blur()
	req, ctx := m.newRequest()
	m.countReq++ // a count under way was for the old filter
	svc := m.svc
	h := m.visible()
	cur := model.CursorOf(c, m.sort)
	before := m.listQuery(&cur, !m.desc, h)
	from := m.listQuery(&cur, m.desc, 2*h)
	from.Inclusive = true
	order := m.listQuery(nil, m.desc, 0)
	return func() tea.Msg {
		b, err := svc.List(ctx, before)
		if err != nil {
			return pageLoadedMsg{req: req, err: err}
		}
		f, err := svc.List(ctx, from)
		if err != nil {
			return pageLoadedMsg{req: req, err: err}
		}
		rows := make([]model.Customer, 0, len(b)+len(f))
		for i := len(b) - 1; i >= 0; i-- {
			rows = append(rows, b[i])
		}
		rows = append(rows, f...)
		msg := pageLoadedMsg{req: req, place: around, rows: rows, before: len(b), full: len(f) == from.Limit}
		if msg.total, err = svc.Count(ctx); err == nil {
			msg.rank, err = svc.Position(ctx, order, c)
		}
		msg.err = err
		return msg
	}
}

// Update handles keys and answers from the store.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.syncUpdate(msg); ok {
		return cmd
	}
	switch msg := msg.(type) {
	case pageLoadedMsg:
		return m.pageLoaded(msg)
	case countedMsg:
		if msg.req == m.countReq {
			if msg.err != nil {
				if errors.Is(msg.err, context.Canceled) {
					return nil
				}
				return common.Fail(m.c.T("count customers"), msg.err)
			}
			if msg.capped && m.total >= 0 && !m.totalCapped {
				return nil // the exact count came first
			}
			m.total, m.totalCapped = msg.n, msg.capped
			if msg.capped {
				m.total = CountCap
				req := msg.req
				return m.c.Tick(exactCountDelay, func(time.Time) tea.Msg { return exactCountMsg{req} })
			}
		}
		return nil
	case exactCountMsg:
		return m.exactCount(msg.req)
	case SelectMsg:
		return m.Select(msg.Customer)
	case tea.KeyPressMsg:
		m.sync()
		if m.filtering {
			return m.filterKey(msg)
		}
		return m.listKey(msg)
	case tea.PasteMsg:
		if m.filtering {
			return m.typeFilter(msg)
		}
	}
	return nil
}

func (m *Model) filterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.keys.FilterCancel.Matches(msg):
		m.filtering = false
		m.filter.Blur()
		if m.query == "" {
			return nil
		}
		m.filter.SetValue("")
		m.query = ""
		return m.reload()
	case m.keys.FilterDone.Matches(msg):
		m.filtering = false
		m.filter.Blur()
		return nil
	}
	return m.typeFilter(msg)
}

// typeFilter passes a key or a paste to the filter and asks again.
func (m *Model) typeFilter(msg tea.Msg) tea.Cmd {
	cmd := common.TypeInto(m.c, &m.filter, m.c.T("Filter"), msg)
	if q := strings.TrimSpace(m.filter.Value()); q != m.query {
		m.query = q
		return tea.Batch(cmd, m.reload())
	}
	return cmd
}

func (m *Model) listKey(msg tea.KeyPressMsg) tea.Cmd {
	h := m.visible()
	switch {
	case m.keys.Down.Matches(msg):
		return m.move(1)
	case m.keys.Up.Matches(msg):
		return m.move(-1)
	case m.keys.PageDown.Matches(msg):
		return m.move(h)
	case m.keys.PageUp.Matches(msg):
		return m.move(-h)
	case m.keys.Home.Matches(msg):
		return m.fetch(replace, m.listQuery(nil, m.desc, m.pageSize()))
	case m.keys.End.Matches(msg):
		return m.fetch(fromEnd, m.listQuery(nil, !m.desc, m.pageSize()))
	case m.keys.Filter.Matches(msg):
		m.filtering = true
		if m.stale { // the filter searches all customers
			m.stale = false
			return tea.Batch(m.filter.Focus(), m.reload())
		}
		return m.filter.Focus()
	case m.keys.Stale.Matches(msg):
		m.stale = !m.stale
		if m.stale {
			m.query = ""
			m.filter.SetValue("")
			return tea.Batch(m.reload(), common.Notice(m.c.T("Customers not confirmed for more than %d days, oldest first. S shows all.", m.StaleDays())))
		}
		return m.reload()
	case m.keys.ClearFilter.Matches(msg):
		m.query = ""
		m.filter.SetValue("")
		return m.reload()
	case m.keys.Sort.Matches(msg):
		m.stale = false
		m.sort = (m.sort + 1) % 3
		return tea.Batch(m.reload(), common.Notice(m.c.T("Sorted by %s.", m.sortName(m.sort))))
	case m.keys.Reverse.Matches(msg):
		m.desc = !m.desc
		return m.reload()
	case m.keys.Open.Matches(msg):
		m.Emit(OpenCustomerMsg{Customer: m.rows[m.cursor]})
		return nil
	case m.keys.New.Matches(msg):
		m.Emit(NewCustomerMsg{})
		return nil
	case m.keys.Import.Matches(msg):
		m.Emit(ImportCustomerMsg{})
		return nil
	case m.keys.ImportCSV.Matches(msg):
		m.Emit(ImportCSVMsg{})
		return nil
	case m.keys.Sync.Matches(msg):
		return m.startSync()
	}
	return common.Refuse(msg, m.keys.gates()...)
}

func (m *Model) sortName(s model.Sort) string {
	switch s {
	case model.SortDomain:
		return m.c.T("domain")
	case model.SortUpdated:
		return m.c.T("last update")
	}
	return m.c.T("organisation")
}

// move moves the cursor by d rows within the window and fetches more when
// the cursor comes near an edge of what is loaded.
func (m *Model) move(d int) tea.Cmd {
	if len(m.rows) == 0 {
		return nil
	}
	m.cursor = min(max(0, m.cursor+d), len(m.rows)-1)
	m.clampTop()
	h := m.visible()
	switch {
	case m.loading:
		return nil
	case !m.atBottom && m.cursor >= len(m.rows)-h:
		cur := model.CursorOf(m.rows[len(m.rows)-1], m.sort)
		return m.fetch(appendRows, m.listQuery(&cur, m.desc, m.pageSize()))
	case !m.atTop && m.cursor < h:
		cur := model.CursorOf(m.rows[0], m.sort)
		return m.fetch(prependRows, m.listQuery(&cur, !m.desc, m.pageSize()))
	}
	return nil
}

// clampTop keeps the cursor inside the visible part of the window.
func (m *Model) clampTop() {
	h := m.visible()
	if m.cursor < m.top {
		m.top = m.cursor
	}
	if m.cursor >= m.top+h {
		m.top = m.cursor - h + 1
	}
	m.top = max(0, min(m.top, len(m.rows)-h))
}

func (m *Model) pageLoaded(msg pageLoadedMsg) tea.Cmd {
	if msg.req != m.req {
		return nil // a newer request replaced this one
	}
	m.loading = false
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return common.Fail(m.c.T("load customers"), msg.err)
	}
	m.loaded = true
	switch msg.place {
	case replace:
		m.rows, m.cursor, m.top = msg.rows, 0, 0
		m.start, m.startKnown = 0, true
		m.atTop, m.atBottom = true, !msg.full
	case fromEnd:
		rows := make([]model.Customer, len(msg.rows))
		for i, r := range msg.rows {
			rows[len(rows)-1-i] = r
		}
		m.rows, m.cursor = rows, max(0, len(rows)-1)
		m.atTop, m.atBottom = !msg.full, true
		m.start, m.startKnown = m.total-int64(len(rows)), m.total >= 0 && !m.totalCapped
		m.top = len(rows)
	case around:
		m.rows, m.cursor, m.top = msg.rows, msg.before, msg.before
		if m.cursor >= len(m.rows) {
			// The row asked for is gone (deleted, or its name changed
			// meanwhile): the one before it is selected instead.
			m.cursor, m.top = max(0, len(m.rows)-1), max(0, len(m.rows)-1)
		}
		m.atTop, m.atBottom = msg.before < m.visible(), !msg.full
		m.total, m.start, m.startKnown = msg.total, msg.rank-int64(msg.before), true
	case appendRows:
		m.rows = append(m.rows, msg.rows...)
		m.atBottom = !msg.full
	case prependRows:
		rows := make([]model.Customer, 0, len(msg.rows)+len(m.rows))
		for i := len(msg.rows) - 1; i >= 0; i-- {
			rows = append(rows, msg.rows[i])
		}
		n := len(msg.rows)
		m.rows = append(rows, m.rows...)
		m.cursor += n
		m.top += n
		m.start -= int64(n)
		m.atTop = !msg.full
	}
	m.trim()
	m.clampTop()
	if m.countAfter && msg.place == replace {
		m.countAfter = false
		return m.count()
	}
	return nil
}

// trim keeps the window small: at most 12 screens of rows around the cursor.
func (m *Model) trim() {
	limit := 12 * m.visible()
	if len(m.rows) <= limit {
		return
	}
	if m.cursor > len(m.rows)/2 {
		cut := len(m.rows) - limit
		cut = min(cut, m.top)
		m.rows = m.rows[cut:]
		m.cursor -= cut
		m.top -= cut
		m.start += int64(cut)
		m.atTop = false
	} else {
		m.rows = m.rows[:limit]
		m.atBottom = false
	}
}

// Selected returns the customer under the cursor.
func (m *Model) Selected() (model.Customer, bool) {
	if len(m.rows) == 0 {
		return model.Customer{}, false
	}
	return m.rows[m.cursor], true
}

// Loaded reports whether the first page has arrived.
func (m *Model) Loaded() bool { return m.loaded }
