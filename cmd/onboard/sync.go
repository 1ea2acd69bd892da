package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
)

// syncer is what "onboard sync" asks of the store.
type syncer interface {
	Sync(ctx context.Context, actor string, progress func(model.SyncProgress)) (model.SyncProgress, error)
}

// syncCmd is "onboard sync [--json]": bring the database in line with
// the reseller's customers at Google, with progress on stderr.
func syncCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sync",
		Short: e.T("bring in every customer and subscription the reseller has at Google"),
		Long:  e.T(`Reads every customer of the reseller at Google with its subscriptions and brings the database in line: customers new here are added, those that differ are kept for "customers refresh", those Google no longer lists are marked gone; a change not pushed yet is never overwritten. It keeps under Google's quota by itself ([google] list_quota_per_minute), so a big account takes a while; cut off, it goes on where it stopped the next time.`),
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("sync takes no arguments")
			}
			return nil
		}),
	}
	asJSON := e.jsonFlag(cmd, e.S("print the outcome as JSON"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.sync(*asJSON) }
	return cmd
}

func (e *env) sync(asJSON bool) error {
	svc, err := e.service()
	if err != nil {
		return err
	}
	if !svc.HasGoogle() {
		return i18n.Errorf("sync needs Google: set [reseller] id (or [google] account_id) and [google] credentials_file in the config")
	}
	return runSync(e.ctx, svc, actor(), asJSON, e.stdout, e.stderr, e.lang())
}

// syncJSON is the outcome of a sync as --json prints it.
type syncJSON struct {
	Done       int64     `json:"done"`
	Added      int64     `json:"added"`
	Differing  int64     `json:"differing"`
	Gone       int64     `json:"gone"`
	Resumed    bool      `json:"resumed"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// runSync runs the sync, one progress line on stderr per page, and says
// the outcome on stdout. A sync cut off (an error, ctrl+c) goes on from
// where it stopped the next time.
func runSync(ctx context.Context, svc syncer, who string, asJSON bool, stdout, stderr io.Writer, l i18n.Lang) error {
	p, err := svc.Sync(ctx, who, func(p model.SyncProgress) {
		line := l.T("synced %s customers", l.Number(p.Done))
		if p.Total > 0 {
			line = l.T("synced %s of %s customers", l.Number(p.Done), l.Number(p.Total))
		}
		if p.Rate > 0 {
			line += " · " + l.T("%s a minute", l.Number(int64(p.Rate)))
		}
		if p.Left > 0 {
			line += " · " + l.T("%s left", p.Left.Round(time.Second).String())
		}
		fmt.Fprintln(stderr, "onboard: "+line)
	})
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(stdout, syncJSON{Done: p.Done, Added: p.Added, Differing: p.Differing, Gone: p.Gone, Resumed: p.Resumed,
			StartedAt: p.StartedAt, FinishedAt: p.FinishedAt})
	}
	fmt.Fprint(stdout, l.T("Synced with Google: %d customers, %d new, %d differ, %d gone.", p.Done, p.Added, p.Differing, p.Gone)+"\n")
	if p.Differing > 0 {
		fmt.Fprintln(stdout, l.T("See what differs with: onboard customers refresh ID"))
	}
	return nil
}
