package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/store/seed"
)

// seedCmd is "onboard seed": realistic demo customers.
func seedCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "seed --count N",
		Short: e.T("add realistic demo customers"),
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("seed takes no arguments; use --count N")
			}
			return nil
		}),
	}
	count := cmd.Flags().Int("count", 1000, e.S("how many demo customers to add"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.seed(count) }
	return cmd
}

func (e *env) seed(count *int) error {
	if *count < 1 || *count > 10_000_000 {
		return flagUsage("--count", i18n.Errorf("--count must be from 1 to 10000000"))
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	// A seed makes millions of short-lived values: collect when the heap
	// grows 3× rather than 2× (more memory, less CPU).
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	start := e.now()
	err = seed.Seed(e.ctx, svc.DB(), *count, e.now(), func(done int) {
		if done%100_000 == 0 && done < *count {
			fmt.Fprint(e.stderr, e.T("seeded %d of %d\n", done, *count))
		}
	})
	if err != nil {
		return err
	}
	n, _ := svc.Count(e.ctx)
	fmt.Fprint(e.stdout, e.lang().N(int64(*count), "Added %d demo customer in %s; %d customers in %s.\n", "Added %d demo customers in %s; %d customers in %s.\n", *count, e.now().Sub(start).Round(time.Millisecond), n, svc.DB().Path()))
	return nil
}
