package tui

import (
	"context"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"onboard/tui/common"
)

// Run starts the full-screen app on the terminal and returns when the user
// quits.
func Run(ctx context.Context, svc common.Store, actor string, in io.Reader, out io.Writer) error {
	app := New(&common.Common{Ctx: ctx, Svc: svc, Actor: actor, Files: true})
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if in != nil && in != os.Stdin {
		opts = append(opts, tea.WithInput(in))
	}
	if out != nil && out != os.Stdout {
		opts = append(opts, tea.WithOutput(out))
	}
	_, err := tea.NewProgram(app, opts...).Run()
	if err == tea.ErrProgramKilled && ctx.Err() != nil {
		return nil
	}
	return err
}
