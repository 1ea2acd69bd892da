package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/term"
	mango "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"onboard/i18n"
)

// helpWriter passes help, the version and completion scripts to w, with
// the headings of fang's help (USAGE, EXAMPLES, COMMANDS, FLAGS), which
// fang writes in English, in the user's language. It works on whole
// lines: Flush writes what is left.
type helpWriter struct {
	w    io.Writer
	lang i18n.Lang
	buf  []byte
}

// ttyHelpWriter is a helpWriter on a terminal: fang (colorprofile) sees
// the terminal through it and styles the help.
type ttyHelpWriter struct {
	*helpWriter
	f term.File
}

func (t ttyHelpWriter) Read(p []byte) (int, error) { return t.f.Read(p) }
func (t ttyHelpWriter) Close() error               { return t.f.Close() }
func (t ttyHelpWriter) Fd() uintptr                { return t.f.Fd() }

// newHelpOut is where help goes: stdout through a helpWriter, still a
// terminal when stdout is one.
func newHelpOut(stdout io.Writer, lang i18n.Lang) (io.Writer, func()) {
	hw := &helpWriter{w: stdout, lang: lang}
	if f, ok := stdout.(term.File); ok {
		return ttyHelpWriter{hw, f}, hw.Flush
	}
	return hw, hw.Flush
}

// headings are fang's, as its help shows them (upper case).
var headings = []string{i18n.M("USAGE"), i18n.M("EXAMPLES"), i18n.M("COMMANDS"), i18n.M("FLAGS")}

func (h *helpWriter) Write(p []byte) (int, error) {
	h.buf = append(h.buf, p...)
	for {
		i := bytes.IndexByte(h.buf, '\n')
		if i < 0 {
			return len(p), nil
		}
		if _, err := io.WriteString(h.w, h.line(string(h.buf[:i+1]))); err != nil {
			return 0, err
		}
		h.buf = h.buf[i+1:]
	}
}

// Flush writes a last line without its newline.
func (h *helpWriter) Flush() {
	if len(h.buf) > 0 {
		io.WriteString(h.w, h.line(string(h.buf)))
		h.buf = nil
	}
}

// line translates a line that is only a heading.
func (h *helpWriter) line(s string) string {
	bare := strings.TrimSpace(ansi.Strip(s))
	for _, hd := range headings {
		if bare == hd {
			return strings.Replace(s, hd, h.lang.S(hd), 1)
		}
	}
	return s
}

// versionCmd is "onboard version", as --version.
func versionCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: e.T("print onboard's version"),
		Args:  posArgs(func(args []string) error { return noArgsErr("version", args) }),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintln(e.stdout, "onboard", version())
			return err
		},
	}
}

// completionCmd is "onboard completion bash|zsh|fish|powershell": the
// script that lets the shell complete onboard's commands and flags.
func completionCmd(e *env) *cobra.Command {
	shell := func(name, how string, gen func(root *cobra.Command, w io.Writer) error) *cobra.Command {
		return &cobra.Command{
			Use:                   name,
			Short:                 e.T("the completion script for %s", name),
			Long:                  e.T("The completion script for %s. %s", name, e.lang().S(how)),
			DisableFlagsInUseLine: true,
			Args:                  posArgs(func(args []string) error { return noArgsErr("completion "+name, args) }),
			RunE: func(cmd *cobra.Command, args []string) error {
				return gen(cmd.Root(), e.stdout)
			},
		}
	}
	return group(e, "completion", e.T("the shell completion script for bash, zsh, fish or powershell"),
		shell("bash", i18n.M("Load it in the current shell with: source <(onboard completion bash)"),
			func(root *cobra.Command, w io.Writer) error { return root.GenBashCompletionV2(w, true) }),
		shell("zsh", i18n.M("Load it in the current shell with: source <(onboard completion zsh)"),
			func(root *cobra.Command, w io.Writer) error { return root.GenZshCompletion(w) }),
		shell("fish", i18n.M("Load it in the current shell with: onboard completion fish | source"),
			func(root *cobra.Command, w io.Writer) error { return root.GenFishCompletion(w, true) }),
		shell("powershell", i18n.M("Load it in the current shell with: onboard completion powershell | Out-String | Invoke-Expression"),
			func(root *cobra.Command, w io.Writer) error { return root.GenPowerShellCompletionWithDesc(w) }),
	)
}

// manCmd is "onboard man": the man page (roff) of every command, as
// fang's man command makes it, but written to the command's stdout.
func manCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Short:                 e.T("the man page of onboard (roff): onboard man | man -l -"),
		DisableFlagsInUseLine: true,
		Hidden:                true,
		Args:                  posArgs(func(args []string) error { return noArgsErr("man", args) }),
		RunE: func(cmd *cobra.Command, args []string) error {
			page, err := mango.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			_, err = fmt.Fprint(e.stdout, page.Build(roff.NewDocument()))
			return err
		},
	}
}

// noArgsErr refuses arguments to a command that takes none.
func noArgsErr(name string, args []string) error {
	if len(args) > 0 {
		return i18n.Errorf("%s takes no arguments (got %q)", name, args[0])
	}
	return nil
}
