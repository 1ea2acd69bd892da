package sshserver

import (
	"context"
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
	endDropped  = "disconnected"
)

// dropGrace is how long a session whose connection dropped has to save its
// draft (or finish storing a customer) before it is ended as it stands.
const dropGrace = 10 * time.Second

type checkMsg struct{}

// shutdownMsg asks a session to save its draft and end.
type shutdownMsg struct{}

// droppedMsg tells a session its connection has gone: it saves its draft
// and ends.
type droppedMsg struct{}

// endWith ends program p when the connection's context conn ends (the
// client went away without a quit): the app saves its draft and quits, or
// is killed after dropGrace. ran closes when p has ended.
func endWith(conn context.Context, ran <-chan struct{}, p *tea.Program) {
	select {
	case <-ran:
		return
	case <-conn.Done():
	}
	go p.Send(droppedMsg{}) // returns once p takes it or has ended
	t := time.NewTimer(dropGrace)
	defer t.Stop()
	select {
	case <-ran:
	case <-t.C:
		p.Kill()
	}
}

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
	case droppedMsg:
		if *s.reason == endQuit {
			*s.reason = endDropped
		}
		return s, s.app.SaveAndQuit()
	}
	_, cmd := s.app.Update(msg)
	return s, cmd
}

func (s *session) View() tea.View { return s.app.View() }
