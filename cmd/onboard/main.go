// Command onboard adds and imports Google Workspace customers for a
// reseller: a full-screen terminal app, an SSH server for a team, and a
// scriptable command line over the same rules and the same SQLite store.
package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"os/user"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"golang.org/x/text/language"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/store"
	"onboard/store/channel"
	"onboard/tui"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, time.Now, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

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
	// json is --json: errors are written as JSON too.
	json bool
	// hints are what a failed command suggested, for the --json error.
	hints []string
	// cmd is the command that runs, whose usage a usage mistake shows.
	cmd *cobra.Command
	// helpOut is where help, the version and completion scripts go: stdout,
	// with fang's headings in the user's language.
	helpOut io.Writer
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
	var flush func()
	e.helpOut, flush = newHelpOut(stdout, e.lang())
	err := e.execute(args)
	flush()
	return e.report(err)
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
			AdminSubject: g.AdminSubject, Endpoint: g.Endpoint, Timeout: g.Timeout.Duration, MaxResponse: int64(g.MaxResponse),
			ListQuota: g.ListQuota})
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
