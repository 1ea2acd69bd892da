package tui

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	tea "charm.land/bubbletea/v2"

	"onboard/i18n"
	"onboard/tui/common"
)

// Run starts the full-screen app on the terminal and returns when the user
// quits. When ctx ends (SIGTERM, SIGINT) the app saves an open wizard's
// draft and quits, as a user's q would; the app's own work runs on a
// context of its own, so that the last save is not cancelled with it. The
// app reads the time from now.
func Run(ctx context.Context, svc Store, actor string, lang i18n.Lang, now func() time.Time, in io.Reader, out io.Writer) error {
	appCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	app := New(&common.Common{Ctx: appCtx, Actor: actor, Files: true, L: lang, Now: now}, svc)
	// The signals are ours (see above): Bubble Tea's own handler would end
	// the program before the draft is saved.
	opts := []tea.ProgramOption{tea.WithoutSignalHandler()}
	if in != nil && in != os.Stdin {
		opts = append(opts, tea.WithInput(in))
	}
	if out != nil && out != os.Stdout {
		opts = append(opts, tea.WithOutput(out))
	}
	p := tea.NewProgram(app, opts...)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-ctx.Done():
			p.Send(ShutdownMsg{})
			select { // a save that hangs must not keep the process up
			case <-time.After(10 * time.Second):
				p.Kill()
			case <-done:
			}
		case <-done:
		}
	}()
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}
