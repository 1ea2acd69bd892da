package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"golang.org/x/text/language"
)

// Localized is an error that can say itself in a language.
type Localized interface {
	error
	ErrorIn(t language.Tag) string
}

// Error is an error whose text is a message of the catalog: Error() is
// the English, ErrorIn the language's. It wraps the errors among its
// arguments (given with %w), like fmt.Errorf.
type Error struct {
	msg  string
	args []any
	err  error // fmt.Errorf's result: the English text and the wrapped errors
}

// Errorf returns an *Error: msg is an English text of the catalog with
// fmt verbs (%w for a wrapped error).
func Errorf(msg string, args ...any) error {
	return &Error{msg: msg, args: args, err: fmt.Errorf(msg, args...)}
}

func (e *Error) Error() string { return e.err.Error() }

// Unwrap returns the wrapped errors.
func (e *Error) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// ErrorIn is the error's text in language t; arguments that are errors
// are said in t too.
func (e *Error) ErrorIn(t language.Tag) string {
	args := make([]any, len(e.args))
	for i, a := range e.args {
		if err, ok := a.(error); ok {
			a = ErrorText(t, err)
		}
		args[i] = a
	}
	msg := e.msg
	if d, ok := nlText[msg]; ok && t == Dutch {
		msg = d
	}
	// The printer finds no message under the Dutch text and formats it as
	// it is, numbers the language's way.
	return New(t).T(strings.ReplaceAll(msg, "%w", "%v"), args...)
}

// ErrorText is err in language t when err can say itself (a rule problem,
// an Error), else its English text. A plain wrapper (fmt.Errorf with %w)
// around a Localized error keeps its own prefix and translates the rest.
func ErrorText(t language.Tag, err error) string {
	if err == nil {
		return ""
	}
	if l, ok := err.(Localized); ok {
		return l.ErrorIn(t)
	}
	if pe, ok := err.(*fs.PathError); ok {
		// The operating system's words are English: the common ones said
		// in the language.
		switch {
		case errors.Is(pe.Err, fs.ErrNotExist):
			return New(t).T("%s does not exist", pe.Path)
		case errors.Is(pe.Err, fs.ErrPermission):
			return New(t).T("%s may not be read or written by this user", pe.Path)
		}
	}
	var l Localized
	if errors.As(err, &l) {
		full, inner := err.Error(), l.Error()
		if prefix, ok := strings.CutSuffix(full, inner); ok {
			return prefix + l.ErrorIn(t)
		}
	}
	return err.Error()
}

// Err is ErrorText in l's language.
func (l Lang) Err(err error) string { return ErrorText(l.Tag(), err) }

// Join is errors.Join for Localized errors: their texts joined by "; ",
// each in the language asked.
func Join(errs ...error) error { return joined(errs) }

type joined []error

func (j joined) Error() string { return j.ErrorIn(English) }

func (j joined) Unwrap() []error { return j }

func (j joined) ErrorIn(t language.Tag) string {
	parts := make([]string, len(j))
	for i, e := range j {
		parts[i] = ErrorText(t, e)
	}
	return strings.Join(parts, "; ")
}
