package sshserver

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/tui"
)

// Why a session ended, for the log and the last line the user sees.
const (
	endQuit     = "quit"
	endIdle     = "idle"
	endMax      = "max_session"
	endShutdown = "shutdown"
)

type checkMsg struct{}

// shutdownMsg asks a session to save its draft and end.
type shutdownMsg struct{}

// session wraps one staff member's app with the server's own timers: the
// idle logout counts keys (not redraws, which the SSH idle timeout would
// count), and the maximum session length. Both save the draft first.
type session struct {
	app     *tui.App
	idle    time.Duration
	end     time.Time // the maximum session length runs out
	last    time.Time // the last key
	now     func() time.Time
	every   time.Duration
	reason  *string // written by Update, read after the program ended
	started time.Time
}

func newSession(app *tui.App, idle, maxLen time.Duration, now func() time.Time) *session {
	t := now()
	every := min(max(idle/10, 200*time.Millisecond), 10*time.Second)
	if idle <= 0 {
		every = 10 * time.Second
	}
	reason := endQuit
	s := &session{app: app, idle: idle, last: t, now: now, every: every, reason: &reason, started: t}
	if maxLen > 0 {
		s.end = t.Add(maxLen)
	}
	return s
}

func (s *session) tick() tea.Cmd {
	return tea.Tick(s.every, func(time.Time) tea.Msg { return checkMsg{} })
}

func (s *session) Init() tea.Cmd { return tea.Batch(s.app.Init(), s.tick()) }

func (s *session) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyPressMsg, tea.PasteMsg:
		s.last = s.now()
	case checkMsg:
		now := s.now()
		switch {
		case s.idle > 0 && now.Sub(s.last) >= s.idle:
			*s.reason = endIdle
			return s, s.app.SaveAndQuit()
		case !s.end.IsZero() && !now.Before(s.end):
			*s.reason = endMax
			return s, s.app.SaveAndQuit()
		}
		return s, s.tick()
	case shutdownMsg:
		*s.reason = endShutdown
		return s, s.app.SaveAndQuit()
	}
	_, cmd := s.app.Update(msg)
	return s, cmd
}

func (s *session) View() tea.View { return s.app.View() }
