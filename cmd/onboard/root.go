package main

import (
	"io"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"onboard/i18n"
	"onboard/model/rules"
)

// The help lists the commands in the order they were added, not sorted.
func init() { cobra.EnableCommandSorting = false }

// commands are the program's top-level commands, in the order the help
// lists them. A new command is one file with a func(*env) *cobra.Command
// and one line here.
var commands = []func(*env) *cobra.Command{
	customersCmd,
	catalogCmd,
	ordersCmd,
	syncCmd,
	csvCmd,
	draftsCmd,
	backupCmd,
	serveCmd,
	seedCmd,
	versionCmd,
	completionCmd,
	manCmd,
}

// rootCmd is "onboard": without a command, the full-screen app.
func rootCmd(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:   "onboard",
		Short: e.T("onboard adds and imports Google Workspace customers for a reseller."),
		Long: e.T(`onboard adds and imports Google Workspace customers for a reseller: without a command, the full-screen app.

Exit codes: 0 success, 1 a rule or data problem, 2 a usage error.`),
		Example: e.T(`# the full-screen app
onboard --db customers.db
# add a customer from the command line
onboard customers add --kind domain --org "Bakkerij De Vries" --domain devries.nl
onboard customers list --query bakkerij --json`),
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error { return e.app() },
		// The commands name the executing command for the error's usage.
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			e.cmd = cmd
			return nil
		},
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("onboard {{.Version}}\n")
	root.PersistentFlags().StringVar(&e.dbFlag, "db", "", e.S("the SQLite database `FILE`"))
	root.PersistentFlags().StringVar(&e.cfgArg, "config", "", e.S("the TOML config `FILE`"))
	root.PersistentFlags().BoolP("help", "h", false, e.T("show the help of a command"))
	root.Flags().BoolP("version", "v", false, e.T("print onboard's version"))
	for _, mk := range commands {
		root.AddCommand(mk(e))
	}
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: e.T("show the help of a command"),
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := c.Root().Find(args)
			if err != nil || cmd == nil {
				return unknownCommand(c.Root(), strings.Join(args, " "))
			}
			if len(rest) > 0 {
				return unknownCommand(cmd, rest[0])
			}
			cmd.InitDefaultHelpFlag()
			return cmd.Help()
		},
	})
	// Flag mistakes are said in the user's language, with the command
	// they belong to.
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageError{err: flagError(err), cmd: cmd, flags: true}
	})
	root.SetOut(e.helpOut)
	root.SetErr(e.stderr)
	root.SetIn(e.stdin)
	return root
}

// execute runs the command line through fang (styled help, --version,
// completion) and returns what the command returned.
func (e *env) execute(args []string) error {
	root := rootCmd(e)
	args = singleDashes(root, args)
	e.json = wantsJSON(args)
	root.SetArgs(args)
	root.SetContext(e.ctx)
	return fang.Execute(e.ctx, root,
		fang.WithVersion(version()),
		// run reports errors itself: in the user's language, as JSON with
		// --json, with the command's usage and exit code.
		fang.WithErrorHandler(func(_ io.Writer, _ fang.Styles, _ error) {}),
		// The man page is ours (manCmd): fang's writes to the process's
		// stdout, not the command's. So is the completion command
		// (completionCmd, in the user's language), which cobra then does
		// not add.
		fang.WithoutManpage(),
	)
}

// singleDashes rewrites -name to --name for the long flags: onboard took
// both before (Go's flag package), and scripts written then keep working.
// A word that follows a flag waiting for its value stays as it is (an
// organisation may be called "-json"), and so does everything after "--".
func singleDashes(root *cobra.Command, args []string) []string {
	isBool := map[string]bool{}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.PersistentFlags()} {
			fs.VisitAll(func(f *pflag.Flag) { isBool[f.Name] = f.NoOptDefVal != "" })
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	out := make([]string, len(args))
	copy(out, args)
	for i := 0; i < len(out); i++ {
		a := out[i]
		if a == "--" {
			break
		}
		if len(a) < 3 || a[0] != '-' {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		b, known := isBool[name]
		if !known {
			continue
		}
		if a[1] != '-' {
			out[i] = "-" + a
		}
		if !b && !hasValue {
			i++ // the flag's value, whatever it looks like
		}
	}
	return out
}

// group is a command that only holds others, like "customers": without
// one of them, or with one it does not know, it is a usage mistake.
func group(e *env, use, short string, subs ...*cobra.Command) *cobra.Command {
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				var names []string
				for _, c := range cmd.Commands() {
					if c.IsAvailableCommand() {
						names = append(names, c.Name())
					}
				}
				return usageFor(cmd, i18n.Errorf("%s needs a command: %s", use, strings.Join(names, ", ")))
			}
			return unknownCommand(cmd, args[0])
		},
	}
	cmd.AddCommand(subs...)
	return cmd
}

// unknownCommand is a usage mistake naming the word that is no command,
// with the commands it may have meant.
func unknownCommand(cmd *cobra.Command, word string) error {
	name := strings.TrimSpace(strings.TrimPrefix(cmd.CommandPath(), cmd.Root().Name()) + " " + word)
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if s := cmd.SuggestionsFor(word); len(s) > 0 {
		return usageFor(cmd, i18n.Errorf("unknown command %q; did you mean %s?", rules.Sanitize(name), strings.Join(s, ", ")))
	}
	return usageFor(cmd, i18n.Errorf("unknown command %q", rules.Sanitize(name)))
}

// posArgs checks a command's positional arguments with check, whose
// error (said in the user's language) is a usage mistake of cmd.
func posArgs(check func(args []string) error) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(args); err != nil {
			return usageFor(cmd, err)
		}
		return nil
	}
}

// S is a flag's usage in the user's language. pflag would take the
// `NAME` in backquotes as the value's name, but fang shows usages as they
// are: the name stays, in capitals, without its quotes.
func (e *env) S(msg string) string {
	return strings.ReplaceAll(e.lang().S(msg), "`", "")
}

// jsonFlag adds --json to cmd; usage is its text, translated (e.S).
func (e *env) jsonFlag(cmd *cobra.Command, usage string) *bool {
	return cmd.Flags().Bool("json", false, usage)
}

// flagError says a pflag error in the user's language.
func flagError(err error) error {
	msg := err.Error()
	for _, f := range []struct {
		prefix string
		say    func(string) error
	}{
		{"unknown flag: ", func(s string) error { return i18n.Errorf("unknown flag %s", s) }},
		{"unknown shorthand flag: ", func(s string) error {
			// "'n' in -nope": the word as typed
			if _, word, ok := strings.Cut(s, " in "); ok {
				s = word
			}
			return i18n.Errorf("unknown flag %s", s)
		}},
		{"flag needs an argument: ", func(s string) error { return i18n.Errorf("the flag %s needs a value", s) }},
		{"invalid argument ", func(s string) error {
			if strings.Contains(msg, "ParseBool") {
				return i18n.Errorf("not a yes/no value (true or false): %s", s)
			}
			return i18n.Errorf("invalid value %s", s)
		}},
		{"bad flag syntax: ", func(s string) error { return i18n.Errorf("bad flag syntax: %s", s) }},
	} {
		if rest, ok := strings.CutPrefix(msg, f.prefix); ok {
			return flagNamed{f.say(rules.Sanitize(trimParse(rest))), flagOf(rest)}
		}
	}
	return i18n.Errorf("%s", rules.Sanitize(msg))
}

// trimParse drops strconv's English from "\"x\" for \"--limit\" flag:
// strconv.ParseInt: parsing \"x\": invalid syntax".
func trimParse(s string) string {
	if i := strings.Index(s, " flag: "); i >= 0 {
		return s[:i+len(" flag")]
	}
	return s
}

// flagOf finds the flag a pflag error names ("--limit", "-x").
func flagOf(s string) string {
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, `"'`)
		if strings.HasPrefix(w, "-") {
			name, _, _ := strings.Cut(w, "=")
			return name
		}
	}
	return ""
}

// flagUsage is a usage mistake in the value of one flag (like "--limit").
func flagUsage(flag string, err error) error { return usage(flagNamed{err, flag}) }

// flagNamed is an error about one flag: --json errors name it as the field.
type flagNamed struct {
	err  error
	flag string
}

func (f flagNamed) Error() string { return f.err.Error() }
func (f flagNamed) Unwrap() error { return f.err }

// choices makes the shell complete a flag's value from a fixed set.
func choices(cmd *cobra.Command, flag string, values ...string) {
	cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// changed is the set of flags given on the command line.
func changed(cmd *cobra.Command) map[string]bool {
	set := map[string]bool{}
	cmd.Flags().Visit(func(f *pflag.Flag) { set[f.Name] = true })
	return set
}

// wantsJSON reports whether the command line asks for JSON, looked at
// before parsing, so that even a flag mistake is reported as JSON.
func wantsJSON(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--json" || a == "--json=true" || a == "--json=1" {
			return true
		}
	}
	return false
}
