package rules

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
)

// Outcomes of the store's operations that the screens and the command line
// read. They live here rather than in model because they carry rule
// problems or say themselves in the user's language, which model (importing
// nothing of this repository) cannot.

// CreateResult is what a create did.
type CreateResult struct {
	Customer model.Customer
	Warnings Problems
	// Replayed is true when the idempotency key had been used: Customer is
	// the one created then.
	Replayed bool
}

// ConflictError carries the version that won, so the user can compare.
type ConflictError struct {
	Current model.Customer
	// By is who saved Current.
	By string
}

// Error is the English text.
func (e *ConflictError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *ConflictError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("customer %s was changed by %s in the meantime (now version %s)", i18n.ID(e.Current.ID), Sanitize(e.By), i18n.ID(e.Current.Version))
}

// Unwrap makes errors.Is(err, model.ErrConflict) work.
func (e *ConflictError) Unwrap() error { return model.ErrConflict }

// ExistsError means Google already has a Cloud Identity account for the
// customer's domain (or team email): it is imported, not created.
type ExistsError struct {
	Domain   string
	Accounts []model.GoogleAccount
}

// Owned reports whether the account is already this reseller's customer.
func (e *ExistsError) Owned() bool {
	for _, a := range e.Accounts {
		if a.Owned {
			return true
		}
	}
	return false
}

// Error is the English text.
func (e *ExistsError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *ExistsError) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	if e.Owned() {
		return l.T("%s is already your customer at Google; refresh it from Google instead of creating it", DisplayDomain(e.Domain))
	}
	return l.T("Google already has a Cloud Identity account for %s: import the customer (with a transfer token from their super admin) instead of creating it", DisplayDomain(e.Domain))
}

// LineProblem is a problem on one physical line of a CSV file (0: the
// file as a whole).
type LineProblem struct {
	Line int
	Problem
}

// Error is the English text.
func (p LineProblem) Error() string { return p.ErrorIn(i18n.English) }

// ErrorIn is the problem in language t: "line 17: field: message".
func (p LineProblem) ErrorIn(t language.Tag) string {
	if p.Line == 0 {
		return p.Problem.ErrorIn(t)
	}
	return i18n.Say(t, "cli.line", "n", strconv.Itoa(p.Line)) + ": " + p.Problem.ErrorIn(t)
}

// LineProblems are all the problems of a file, in line order.
type LineProblems []LineProblem

// Error is the problems in English, one a line.
func (ps LineProblems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// CSVError lists every problem that stopped an import (up to the store's
// limit) and how many more there were.
type CSVError struct {
	Problems LineProblems
	More     int
}

// Error is the problems in English, one a line.
func (e *CSVError) Error() string {
	msg := e.Problems.Error()
	if e.More > 0 {
		msg += fmt.Sprintf("\n… and %d more problems", e.More)
	}
	return msg
}

// KeyReusedError is a create whose idempotency key was used before for
// other content: a retry sends what the first run sent, so this is a new
// customer under an old key (a script reusing its key, a typo), and
// returning the first customer as if it were this one would hide it.
type KeyReusedError struct {
	Key      string
	Customer model.Customer // the one created with the key
	Fields   []string       // the fields that differ from what it was created with
}

// Error is the English text.
func (e *KeyReusedError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *KeyReusedError) ErrorIn(t language.Tag) string {
	fields := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		fields[i] = Sanitize(f)
	}
	return i18n.New(t).T("the idempotency key %q was used for customer %s, %s (%s), created with other details (%s differ): use a new key for another customer, or the same details to retry",
		Sanitize(e.Key), i18n.ID(e.Customer.ID), Sanitize(e.Customer.OrgName), DisplayDomain(e.Customer.Domain), strings.Join(fields, ", "))
}

// Unwrap makes errors.Is(err, model.ErrKeyReused) work.
func (e *KeyReusedError) Unwrap() error { return model.ErrKeyReused }
