package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"
)

// backupCmd is "onboard backup FILE": a consistent copy of the database
// while others keep working (see the README for restoring it).
func backupCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: e.T("a consistent copy of the database, while others work"),
		Args: posArgs(func(args []string) error {
			if len(args) != 1 {
				return i18n.Errorf("backup needs one FILE to write (it must not exist yet)")
			}
			return nil
		}),
		RunE: func(cmd *cobra.Command, args []string) error { return e.backup(args) },
	}
	return e.readOnlyCmd(cmd)
}

func (e *env) backup(pos []string) error {
	svc, err := e.service()
	if err != nil {
		return err
	}
	start := e.now()
	if err := svc.DB().Backup(e.ctx, pos[0]); err != nil {
		return err
	}
	n, _ := svc.Count(e.ctx)
	fmt.Fprint(e.stdout, e.lang().N(n, "Backed up %d customer from %s to %s in %s.\n", "Backed up %d customers from %s to %s in %s.\n", n, svc.DB().Path(), pos[0], e.now().Sub(start).Round(time.Millisecond)))
	return nil
}
