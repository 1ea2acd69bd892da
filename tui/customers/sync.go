package customers

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/model"
	"onboard/tui/common"
)

// Syncer is what the list asks of a store that can sync with Google; a
// store without it (or without Google) has no sync key.
type Syncer interface {
	HasGoogle() bool
	Sync(ctx context.Context, actor string, progress func(model.SyncProgress)) (model.SyncProgress, error)
	LastSync(ctx context.Context) (last model.SyncProgress, ok bool, open model.SyncProgress, running bool, err error)
}

// syncState is the list's view of the sync: the one it runs in the
// background, and when the last one finished.
type syncState struct {
	running  bool
	progress model.SyncProgress
	last     time.Time // when the last sync finished (zero: never)
	cutOff   bool      // a sync stopped part-way and goes on at the next ctrl+r
	updates  chan tea.Msg
	stop     context.CancelFunc
}

type (
	syncProgressMsg struct{ p model.SyncProgress }
	syncEndedMsg    struct {
		p   model.SyncProgress
		err error
	}
	lastSyncMsg struct {
		last   time.Time
		cutOff bool
	}
)

func (m *Model) syncer() (Syncer, bool) {
	s, ok := m.svc.(Syncer)
	return s, ok && s.HasGoogle()
}

// loadLastSync reads when the last sync finished, for the footer.
func (m *Model) loadLastSync() tea.Cmd {
	s, ok := m.syncer()
	if !ok {
		return nil
	}
	ctx := m.c.Ctx
	return func() tea.Msg {
		last, done, _, open, err := s.LastSync(ctx)
		if err != nil {
			return nil
		}
		msg := lastSyncMsg{cutOff: open}
		if done {
			msg.last = last.FinishedAt
		}
		return msg
	}
}

// startSync runs a sync in the background: its progress comes back as
// messages while the list goes on taking keys.
func (m *Model) startSync() tea.Cmd {
	s, ok := m.syncer()
	if !ok {
		return common.Notice(m.c.T("Sync needs Google: set [google] account_id in the config."))
	}
	if m.syncing.running {
		return common.Notice(m.c.T("A sync with Google is already running."))
	}
	ctx, stop := context.WithCancel(m.c.Ctx)
	updates := make(chan tea.Msg, 1)
	m.syncing.running, m.syncing.updates, m.syncing.stop = true, updates, stop
	m.syncing.progress = model.SyncProgress{}
	actor := m.c.Actor
	go func() {
		defer stop()
		p, err := s.Sync(ctx, actor, func(p model.SyncProgress) {
			select {
			case updates <- syncProgressMsg{p}:
			default: // the screen has not taken the last one yet: it gets the next
			}
		})
		updates <- syncEndedMsg{p: p, err: err}
	}()
	return tea.Batch(common.Notice(m.c.T("Syncing with Google in the background; the list stays usable.")), m.nextSync())
}

// nextSync waits for the sync's next message.
func (m *Model) nextSync() tea.Cmd {
	updates := m.syncing.updates
	return func() tea.Msg { return <-updates }
}

// syncUpdate handles the sync's messages; false for any other message.
func (m *Model) syncUpdate(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case lastSyncMsg:
		if !m.syncing.running {
			m.syncing.last, m.syncing.cutOff = msg.last, msg.cutOff
		}
		return nil, true
	case syncProgressMsg:
		m.syncing.progress = msg.p
		if len(m.rows) == 0 && msg.p.Added > 0 && !m.loading {
			// The first customers arrived: show them (a list with rows is
			// left where the user is until the sync ends).
			return tea.Batch(m.nextSync(), m.reload()), true
		}
		return m.nextSync(), true
	case syncEndedMsg:
		m.syncing.running, m.syncing.progress = false, msg.p
		if msg.err != nil {
			m.syncing.cutOff = true
			return tea.Batch(m.reload(), common.Fail(m.c.T("sync with Google"), msg.err)), true
		}
		m.syncing.cutOff, m.syncing.last = false, msg.p.FinishedAt
		return tea.Batch(m.reload(), common.Notice(m.c.T("Synced with Google: %d customers, %d new, %d differ, %d gone.",
			msg.p.Done, msg.p.Added, msg.p.Differing, msg.p.Gone))), true
	}
	return nil, false
}

// syncLine is the footer's word on the sync: its progress while it runs,
// else when the last one finished.
func (m *Model) syncLine() string {
	if _, ok := m.syncer(); !ok {
		return ""
	}
	st := m.syncing
	if st.running {
		p := st.progress
		line := m.c.T("syncing with Google: %s", m.c.L.Number(p.Done))
		if p.Total > 0 {
			line = m.c.T("syncing with Google: %s of %s", m.c.L.Number(p.Done), m.c.L.Number(p.Total))
		}
		if p.Rate > 0 {
			line += " · " + m.c.T("%s a minute", m.c.L.Number(int64(p.Rate)))
		}
		if p.Left > 0 {
			line += " · " + m.c.T("%s left", span(p.Left))
		}
		return line
	}
	if st.cutOff {
		return m.c.T("sync with Google stopped part-way (ctrl+r goes on)")
	}
	if st.last.IsZero() {
		return m.c.T("never synced with Google (ctrl+r)")
	}
	at := st.last.Local()
	if m.c.Loc != nil {
		at = st.last.In(m.c.Loc) // the session's time zone
	}
	return m.c.T("last synced with Google %s", m.c.L.DateTime(at))
}

// span is a duration in whole minutes, or seconds under one.
func span(d time.Duration) string {
	if d < time.Minute {
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}
