package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
)

// csvCmd is "onboard csv import|export".
func csvCmd(e *env) *cobra.Command {
	imp := &cobra.Command{
		Use:   "import FILE",
		Short: e.T("add every customer of a CSV file, or none (- for standard input)"),
		Args: posArgs(func(args []string) error {
			if len(args) != 1 {
				return i18n.Errorf("csv import needs one FILE (- for standard input)")
			}
			return nil
		}),
	}
	dryRun := imp.Flags().Bool("dry-run", false, e.S("check every row and store nothing"))
	asJSON := e.jsonFlag(imp, e.S("print the outcome as JSON (problems as a JSON error)"))
	imp.RunE = func(cmd *cobra.Command, args []string) error { return e.csvImport(args[0], *dryRun, *asJSON) }
	exp := &cobra.Command{
		Use:   "export [FILE]",
		Short: e.T("customers as CSV (stdout without FILE)"),
		Args: posArgs(func(args []string) error {
			if len(args) > 1 {
				return i18n.Errorf("csv export takes at most one FILE (stdout without)")
			}
			return nil
		}),
	}
	query := exp.Flags().String("query", "", e.S("only customers whose name, domain, emails, CRM ID or Cloud Identity ID contain `TEXT`"))
	exp.RunE = func(cmd *cobra.Command, args []string) error { return e.csvExport(args, *query) }
	return group(e, "csv", e.T("import or export customers as CSV"), imp, e.readOnlyCmd(exp))
}

// csvImportOut is csv import --json: how many rows were stored, or with
// --dry-run checked.
type csvImportOut struct {
	Rows   int  `json:"rows"`
	DryRun bool `json:"dry_run"`
}

func (e *env) csvImport(path string, dry, asJSON bool) error {
	dryRun := &dry
	in, size, name := e.stdin, int64(0), "standard input"
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return err
		}
		if st.IsDir() {
			return i18n.Errorf("%s is a directory, not a CSV file", path)
		}
		in, size, name = f, st.Size(), filepath.Base(path)
	}
	svc, err := e.service()
	if err != nil {
		return err
	}
	start := e.now()
	res, err := svc.ImportCSV(e.ctx, actor(), bufio.NewReaderSize(in, 256<<10), model.CSVOptions{DryRun: *dryRun, Size: size})
	if err != nil {
		return err
	}
	took := e.now().Sub(start).Round(time.Millisecond)
	if asJSON {
		return writeJSON(e.stdout, csvImportOut{Rows: res.Rows, DryRun: dry})
	}
	if *dryRun {
		fmt.Fprint(e.stdout, e.lang().N(int64(res.Rows), "%d customer checked in %s: the row is fine; nothing was stored (dry run).\n", "%d customers checked in %s: all rows are fine; nothing was stored (dry run).\n", res.Rows, took))
		return nil
	}
	fmt.Fprint(e.stdout, e.lang().N(int64(res.Rows), "Imported %d customer from %s in %s.\n", "Imported %d customers from %s in %s.\n", res.Rows, name, took))
	return nil
}

func (e *env) csvExport(pos []string, q string) error {
	query := &q
	svc, err := e.service()
	if err != nil {
		return err
	}
	var out io.Writer
	var closeOut func() error
	if len(pos) == 1 && pos[0] != "-" {
		f, err := os.OpenFile(pos[0], os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 64<<10)
		out, closeOut = bw, func() error {
			if err := bw.Flush(); err != nil {
				f.Close()
				return err
			}
			return f.Close()
		}
	} else {
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		out, closeOut = bw, bw.Flush
	}
	n, err := svc.ExportCSV(e.ctx, out, *query)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if len(pos) == 1 && pos[0] != "-" {
		fmt.Fprint(e.stdout, e.lang().N(int64(n), "Exported %d customer to %s.\n", "Exported %d customers to %s.\n", n, pos[0]))
	}
	return nil
}
