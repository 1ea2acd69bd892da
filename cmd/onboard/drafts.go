package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"

	"onboard/model"
)

// draftJSON is one draft in `onboard drafts --json`.
type draftJSON struct {
	ID    int64  `json:"id"`
	Owner string `json:"owner"`
	Mode  string `json:"mode"`
	Step  string `json:"step"`
	// CustomerID is the customer an edit changes (0: a new customer), and
	// BaseVersion the version the edit started from.
	CustomerID  int64     `json:"customer_id"`
	BaseVersion int64     `json:"base_version"`
	OrgName     string    `json:"org_name"`
	Domain      string    `json:"domain"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// draftsCmd is "onboard drafts": the wizards someone left unfinished
// (closed, logged out, stopped or cut off), newest first: the app offers
// the newest at its next start.
func draftsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "drafts",
		Short: e.T("wizards left unfinished, newest first"),
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("drafts takes no arguments")
			}
			return nil
		}),
	}
	owner := cmd.Flags().String("owner", actor(), e.S("whose drafts: a staff member's name (over SSH, the key's name)"))
	asJSON := e.jsonFlag(cmd, e.S("print a JSON array"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.drafts(*owner, *asJSON) }
	return e.readOnlyCmd(cmd)
}

func (e *env) drafts(ownerName string, asJSON bool) error {
	owner := &ownerName
	svc, err := e.service()
	if err != nil {
		return err
	}
	ds, err := svc.Drafts(e.ctx, *owner)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]draftJSON, 0, len(ds))
		for _, d := range ds {
			out = append(out, draftJSON{ID: d.ID, Owner: d.Owner, Mode: string(d.Mode), Step: d.Step, CustomerID: d.CustomerID, BaseVersion: d.BaseVersion,
				OrgName: d.Values[model.FieldOrgName], Domain: d.Values[model.FieldDomain], CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt})
		}
		return writeJSON(e.stdout, out)
	}
	if len(ds) == 0 {
		fmt.Fprint(e.stdout, e.T("%s has no drafts.\n", cell(*owner, 40)))
		return nil
	}
	fmt.Fprint(e.stdout, e.lang().N(int64(len(ds)), "%d draft of %s, newest first:\n", "%d drafts of %s, newest first:\n", len(ds), cell(*owner, 40)))
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, e.T("ID\tWIZARD\tORGANISATION\tDOMAIN\tSAVED"))
	for _, d := range ds {
		mode := e.T("create")
		switch {
		case d.CustomerID != 0:
			mode = e.T("edit of %d", d.CustomerID)
		case d.Mode == model.ModeImport:
			mode = e.T("import")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", d.ID, mode, cell(d.Values[model.FieldOrgName], 40), cell(d.Values[model.FieldDomain], 40), e.lang().DateTime(d.UpdatedAt.Local()))
	}
	return tw.Flush()
}
