package main

import (
	"fmt"
	"time"

	"onboard/i18n"
)

// backup is "onboard backup FILE": a consistent copy of the database while
// others keep working (see the README for restoring it).
func (e *env) backup(args []string) error {
	fs := e.flags("backup")
	pos, err := parse(fs, args, false)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usage(i18n.Errorf("backup needs one FILE to write (it must not exist yet)"))
	}
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
