package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store"
	"onboard/store/channel"
)

// Exit codes: 0 success, 1 a rule or data problem, 2 a usage error.
const (
	exitOK      = 0
	exitProblem = 1
	exitUsage   = 2
)

// The codes of a --json error (README, "Errors as JSON"): what kind of
// failure it was, for a script to branch on.
const (
	codeUsage    = "usage"     // the command line is wrong: exit 2
	codeInvalid  = "invalid"   // the rules refused the input
	codeNotFound = "not_found" // no such customer
	codeConflict = "conflict"  // it exists already, or someone else saved first
	codeGoogle   = "google"    // Google refused or did not answer
	codeFailed   = "failed"    // anything else: a file, the database, the config
)

// usageError is a mistake in the command line: exit code 2. cmd, when
// known, is the command whose usage the error shows.
type usageError struct {
	err error
	cmd *cobra.Command
	// flags: the mistake is in the flags themselves (an unknown one, one
	// without its value): the usage lists the command's flags.
	flags bool
}

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usage marks err (an i18n.Errorf, said in the user's language) as a
// mistake in the command line of the command that runs.
func usage(err error) error { return usageError{err: err} }

// usageFor is usage naming the command.
func usageFor(cmd *cobra.Command, err error) error { return usageError{err: err, cmd: cmd} }

// jsonError is the one shape of every error with --json, on stderr.
type jsonError struct {
	Error jsonErrorBody `json:"error"`
}

type jsonErrorBody struct {
	Code string `json:"code"`
	// Field is the form field (domain, primary_email) a rule problem is
	// about, or the flag (--limit) a usage mistake is about; "" for none.
	Field string `json:"field"`
	// Message is what the command says without --json, one problem a line.
	Message string `json:"message"`
	// Problems is every rule problem, for the rules' refusals only.
	Problems []jsonProblem `json:"problems,omitempty"`
	// More counts the problems of a CSV file left out of Problems.
	More int `json:"more,omitempty"`
	// Hints are what the command suggests doing next.
	Hints []string `json:"hints,omitempty"`
}

type jsonProblem struct {
	Field   string            `json:"field"`
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Params  map[string]string `json:"params,omitempty"`
	// Line is the CSV file's line (0: the file as a whole, or no file).
	Line int `json:"line,omitempty"`
}

// hint says what the user could do next: a line on stderr, or with
// --json part of the error object.
func (e *env) hint(msg string) {
	if e.json {
		e.hints = append(e.hints, strings.TrimSpace(strings.TrimPrefix(msg, "onboard: ")))
		return
	}
	fmt.Fprint(e.stderr, msg)
}

// report writes err to stderr, as text or (with --json) as JSON, and
// returns the exit code.
func (e *env) report(err error) int {
	if err == nil {
		return exitOK
	}
	lang := e.language()
	body := jsonErrorBody{Code: codeFailed, Hints: e.hints}
	var lines []string
	code := exitProblem
	var ue usageError
	var ps rules.Problems
	var csvErr *rules.CSVError
	var fn flagNamed
	switch {
	case errors.As(err, &ue):
		code, body.Code = exitUsage, codeUsage
		lines = []string{rules.Sanitize(i18n.ErrorText(lang, ue.err))}
		if errors.As(ue.err, &fn) {
			body.Field = fn.flag
		}
	case errors.As(err, &ps):
		body.Code = codeInvalid
		if conflicts(ps) {
			body.Code = codeConflict
		}
		for _, p := range ps {
			lines = append(lines, p.ErrorIn(lang))
			body.Problems = append(body.Problems, problemJSON(lang, 0, p))
		}
	case errors.As(err, &csvErr):
		body.Code, body.More = codeInvalid, csvErr.More
		for _, p := range csvErr.Problems {
			lines = append(lines, p.ErrorIn(lang))
			body.Problems = append(body.Problems, problemJSON(lang, p.Line, p.Problem))
		}
		if csvErr.More > 0 {
			lines = append(lines, i18n.Say(lang, "cli.more_problems", "n", i18n.Printer(lang).Sprint(csvErr.More)))
		}
		lines = append(lines, i18n.Say(lang, "cli.nothing_imported"))
	default:
		body.Code = errorCode(err)
		lines = []string{rules.Sanitize(i18n.ErrorText(lang, err))}
	}
	if len(body.Problems) > 0 {
		body.Field = body.Problems[0].Field
	}
	body.Message = strings.Join(lines, "\n")
	if e.json {
		b, _ := json.Marshal(jsonError{body})
		fmt.Fprintf(e.stderr, "%s\n", b)
		return code
	}
	for _, l := range lines {
		fmt.Fprintf(e.stderr, "onboard: %s\n", l)
	}
	if code == exitUsage {
		e.printUsage(ue.cmd, ue.flags)
	}
	return code
}

// printUsage follows a usage mistake: the usage of the command it was
// made in (not the whole program's) and where its help is.
func (e *env) printUsage(cmd *cobra.Command, flags bool) {
	if cmd == nil {
		cmd = e.cmd
	}
	if cmd == nil {
		fmt.Fprintln(e.stderr, e.T("Run “onboard --help” for usage."))
		return
	}
	line := cmd.UseLine()
	if cmd.HasAvailableSubCommands() {
		line = cmd.CommandPath() + " COMMAND"
	}
	fmt.Fprintf(e.stderr, "\n%s %s\n", e.T("Usage:"), line)
	if cmd.HasAvailableSubCommands() {
		fmt.Fprintf(e.stderr, "\n%s\n", e.T("Commands:"))
		tw := tabwriter.NewWriter(e.stderr, 0, 4, 2, ' ', 0)
		for _, c := range cmd.Commands() {
			if c.IsAvailableCommand() {
				fmt.Fprintf(tw, "  %s\t%s\n", c.Name(), c.Short)
			}
		}
		tw.Flush()
	}
	if fl := cmd.LocalNonPersistentFlags(); flags && fl.HasAvailableFlags() {
		fmt.Fprintf(e.stderr, "\n%s\n", e.T("Flags:"))
		tw := tabwriter.NewWriter(e.stderr, 0, 4, 2, ' ', 0)
		fl.VisitAll(func(f *pflag.Flag) {
			if f.Hidden {
				return
			}
			def := ""
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "[]" {
				def = " (" + f.DefValue + ")"
			}
			fmt.Fprintf(tw, "  --%s\t%s%s\n", f.Name, f.Usage, def)
		})
		tw.Flush()
	}
	fmt.Fprintf(e.stderr, "\n%s\n", e.T("Run “%s --help” for the help of this command.", cmd.CommandPath()))
}

// problemJSON is one rule problem in a --json error.
func problemJSON(lang language.Tag, line int, p rules.Problem) jsonProblem {
	return jsonProblem{Field: string(p.Field), Code: string(p.Code), Message: p.In(lang), Params: p.Params, Line: line}
}

// conflicts reports whether every problem is that the customer exists.
func conflicts(ps rules.Problems) bool {
	for _, p := range ps {
		if p.Code != rules.CodeDomainExists && p.Code != rules.CodeTeamExists {
			return false
		}
	}
	return len(ps) > 0
}

// errorCode classifies an error that is not a rule problem.
func errorCode(err error) string {
	var ge *channel.Error
	var na *channel.NoAnswerError
	var tl *channel.TooLargeError
	var ee *rules.ExistsError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return codeNotFound
	case errors.Is(err, model.ErrConflict), errors.As(err, &ee):
		return codeConflict
	case errors.As(err, &ge), errors.As(err, &na), errors.As(err, &tl), errors.Is(err, store.ErrNoGoogle):
		return codeGoogle
	}
	return codeFailed
}
