// Command onboard adds and imports Google Workspace customers for a
// reseller: a full-screen terminal app, an SSH server for a team, and a
// scriptable command line over the same rules and the same SQLite store.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model/rules"
	"onboard/store"
	"onboard/store/channel"
	"onboard/tui"
)

// Exit codes: 0 success, 1 a rule or data problem, 2 a usage error.
const (
	exitOK      = 0
	exitProblem = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, time.Now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

// usage marks err (an i18n.Errorf, said in the user's language) as a
// mistake in the command line.
func usage(err error) error { return usageError{err} }

// env is what every command gets: the streams, the global flags and,
// opened on first use, the config and the store.
type env struct {
	ctx context.Context
	// now is the one clock: the store, the app, the server and the
	// commands read the time from it (main passes time.Now; tests a
	// fixed time).
	now    func() time.Time
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	dbFlag string
	cfgArg string
	cfg    Config
	svc    *store.Service
	// readOnly is set by the commands that only read: for them a database
	// that does not exist is a mistake (a typo in --db), not one to create.
	readOnly bool
}

// usageText is onboard --help.
func (e *env) usageText() string {
	return e.T(`onboard adds and imports Google Workspace customers for a reseller.

Usage:
  onboard [--db FILE] [--config FILE]             the full-screen app
  onboard customers list   [--query TEXT] [--sort org|domain|updated] [--limit N] [--json]
  onboard customers show   ID|DOMAIN|EMAIL [--json]
  onboard customers add    --kind domain|team --org NAME --domain DOMAIN [options] [--dry-run] [--json]
  onboard customers import --kind domain|team --org NAME --domain DOMAIN --transfer-token TOKEN [options] [--json]
  onboard customers edit   ID|DOMAIN|EMAIL --FIELD VALUE... [--json]   change fields (same rules)
  onboard customers confirm ID|DOMAIN|EMAIL     the details were confirmed with the customer today
  onboard customers history ID|DOMAIN|EMAIL [--json]
  onboard customers stale  [--limit N] [--json] not confirmed for [upkeep] confirm_after_days
  onboard customers push   ID|DOMAIN|EMAIL [--dry-run] [--json]   send it to Google ([google] in the config)
  onboard customers refresh ID|DOMAIN|EMAIL [--take]   what Google has that differs; --take stores it
  onboard csv import FILE [--dry-run]             add every customer of a CSV file, or none
  onboard csv export [FILE] [--query TEXT]        customers as CSV (stdout without FILE)
  onboard drafts [--owner NAME] [--json]          wizards left unfinished, newest first
  onboard backup FILE                             a consistent copy of the database, while others work
  onboard serve [--listen ADDR]                   the app over SSH for the team ([ssh] in the config)
  onboard seed --count N                          realistic demo customers
  onboard version

Run "onboard customers add --help" for the options of a command.
Global flags: --db FILE (the SQLite database), --config FILE (the TOML config).
Exit codes: 0 success, 1 a rule or data problem, 2 a usage error.
`)
}

// language is the language of the command's messages: [ui] language in
// the config, else LC_ALL, LC_MESSAGES or LANG, else English.
func (e *env) language() language.Tag {
	return i18n.Detect(e.cfg.UI.Language, os.Getenv)
}

// lang is language() as words.
func (e *env) lang() i18n.Lang { return i18n.New(e.language()) }

// T translates a message into the command's language (see i18n.Lang.T).
func (e *env) T(msg string, args ...any) string { return e.lang().T(msg, args...) }

// run is main without the process, reading the time from now: it returns
// the exit code.
func run(ctx context.Context, now func() time.Time, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, now: now, stdin: stdin, stdout: stdout, stderr: stderr}
	defer func() {
		if e.svc != nil {
			e.svc.Close()
		}
	}()
	err := e.dispatch(args)
	var ue usageError
	var ps rules.Problems
	var csvErr *rules.CSVError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "onboard: %s\n%s\n", rules.Sanitize(e.lang().Err(ue.err)), e.T("Run “onboard --help” for usage."))
		return exitUsage
	case errors.As(err, &ps):
		lang := e.language()
		for _, p := range ps {
			fmt.Fprintf(stderr, "onboard: %s\n", p.ErrorIn(lang))
		}
		return exitProblem
	case errors.As(err, &csvErr):
		lang := e.language()
		for _, p := range csvErr.Problems {
			fmt.Fprintf(stderr, "onboard: %s\n", p.ErrorIn(lang))
		}
		if csvErr.More > 0 {
			fmt.Fprintf(stderr, "onboard: %s\n", i18n.Say(lang, "cli.more_problems", "n", i18n.Printer(lang).Sprint(csvErr.More)))
		}
		fmt.Fprintf(stderr, "onboard: %s\n", i18n.Say(lang, "cli.nothing_imported"))
		return exitProblem
	default:
		fmt.Fprintf(stderr, "onboard: %s\n", rules.Sanitize(e.lang().Err(err)))
		return exitProblem
	}
}

func (e *env) dispatch(args []string) error {
	fs := e.flags("onboard")
	fs.Usage = func() { fmt.Fprint(e.stdout, e.usageText()) }
	rest, err := parse(fs, args, true)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return e.app()
	}
	cmd, rest := rest[0], rest[1:]
	switch cmd {
	case "customers", "customer":
		if len(rest) == 0 {
			return usage(i18n.Errorf("customers needs a command: list, show, add, import, edit, confirm, history, stale, push or refresh"))
		}
		switch rest[0] {
		case "list", "show", "history", "stale":
			e.readOnly = true
		}
		switch rest[0] {
		case "list":
			return e.customersList(rest[1:])
		case "show":
			return e.customersShow(rest[1:])
		case "add":
			return e.customersAdd(rest[1:], false)
		case "import":
			return e.customersAdd(rest[1:], true)
		case "edit":
			return e.customersEdit(rest[1:])
		case "confirm":
			return e.customersConfirm(rest[1:])
		case "history":
			return e.customersHistory(rest[1:])
		case "stale":
			return e.customersStale(rest[1:])
		case "push":
			return e.customersPush(rest[1:])
		case "refresh":
			return e.customersRefresh(rest[1:])
		}
		return usage(i18n.Errorf("unknown command \"customers %s\"", rules.Sanitize(rest[0])))
	case "sync":
		return e.syncCommand(rest)
	case "csv":
		return e.csv(rest)
	case "backup":
		e.readOnly = true
		return e.backup(rest)
	case "drafts":
		e.readOnly = true
		return e.drafts(rest)
	case "seed":
		return e.seed(rest)
	case "serve":
		return e.serve(rest)
	case "version":
		fmt.Fprintln(e.stdout, "onboard", version())
		return nil
	case "help":
		fmt.Fprint(e.stdout, e.usageText())
		return nil
	}
	return usage(i18n.Errorf("unknown command %q", rules.Sanitize(cmd)))
}

// flags returns a flag set that already knows the global flags, so they may
// stand before or after the command.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package's own words are English: its errors are said again
	// in the user's language (flagError), and the help is ours.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, e.T("Usage: onboard %s [flags]", name))
		fs.SetOutput(e.stderr)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	fs.StringVar(&e.dbFlag, "db", e.dbFlag, e.T("the SQLite database `FILE`"))
	fs.StringVar(&e.cfgArg, "config", e.cfgArg, e.T("the TOML config `FILE`"))
	return fs
}

// parse parses flags wherever they stand among the arguments and returns
// the positional arguments. With stopAtCommand, the first positional
// argument ends parsing: the rest belongs to the command.
func parse(fs *flag.FlagSet, args []string, stopAtCommand bool) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usage(flagError(err))
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if stopAtCommand {
			return append(pos, args...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagError says a flag package error in the user's language.
func flagError(err error) error {
	msg := err.Error()
	for _, f := range []struct {
		prefix string
		say    func(string) error
	}{
		{"flag provided but not defined: ", func(s string) error { return i18n.Errorf("unknown flag %s", s) }},
		{"flag needs an argument: ", func(s string) error { return i18n.Errorf("the flag %s needs a value", s) }},
		{"invalid boolean value ", func(s string) error { return i18n.Errorf("not a yes/no value (true or false): %s", s) }},
		{"invalid value ", func(s string) error { return i18n.Errorf("invalid value %s", s) }},
		{"bad flag syntax: ", func(s string) error { return i18n.Errorf("bad flag syntax: %s", s) }},
	} {
		if rest, ok := strings.CutPrefix(msg, f.prefix); ok {
			return f.say(rules.Sanitize(rest))
		}
	}
	return i18n.Errorf("%s", rules.Sanitize(msg))
}

// service opens the config and the store on first use.
func (e *env) service() (*store.Service, error) {
	if e.svc != nil {
		return e.svc, nil
	}
	path, err := configPath(e.cfgArg)
	if err != nil {
		return nil, err
	}
	if e.cfg, err = loadConfig(path); err != nil {
		return nil, err
	}
	db := e.dbFlag
	if db == "" {
		db = e.cfg.Database.Path
	}
	typed := db != ""
	if db == "" {
		if db, err = defaultDBPath(); err != nil {
			return nil, err
		}
	}
	opts := store.Options{ResellerID: e.cfg.Reseller.ID, Now: e.now,
		ConfirmAfter: time.Duration(e.cfg.Upkeep.ConfirmAfterDays) * 24 * time.Hour}
	if g := e.cfg.Google; g.AccountID != "" {
		client, err := channel.New(e.ctx, channel.Config{AccountID: g.AccountID, CredentialsFile: g.CredentialsFile,
			AdminSubject: g.AdminSubject, Endpoint: g.Endpoint, ListQuota: g.ListQuota})
		if err != nil {
			return nil, err
		}
		opts.Google = client
	}
	// Only a path someone typed: the default one is created on first use
	// by whatever command comes first, as the README promises.
	if e.readOnly && typed {
		if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
			return nil, i18n.Errorf("the database %s does not exist (a command that only reads does not create one; check --db or [database] path)", db)
		}
	}
	e.svc, err = store.Open(e.ctx, db, opts)
	return e.svc, err
}

// defaultDBPath is $XDG_DATA_HOME/onboard/onboard.db.
func defaultDBPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", i18n.Errorf("find the data directory: %w (set XDG_DATA_HOME or pass --db)", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "onboard", "onboard.db"), nil
}

// actor is who the audit trail names for local use: the OS user.
func actor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if n := os.Getenv("USER"); n != "" {
		return n
	}
	return "unknown"
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "0.1.0-dev"
}

// The screens declare what they ask of the store (tui.Store, the union of
// each screen's own interface); the service must keep answering all of it.
var _ tui.Store = (*store.Service)(nil)

// app starts the full-screen app on the terminal.
func (e *env) app() error {
	svc, err := e.service()
	if err != nil {
		return err
	}
	return tui.Run(e.ctx, svc, actor(), i18n.New(e.language()), e.now, nil, nil)
}
