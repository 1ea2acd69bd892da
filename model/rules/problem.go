// Package rules decides everything about a customer that does not depend on
// a screen: which wizard steps and fields apply, how each field is
// normalised, and which problems a draft has. The wizard, the command line and
// the CSV importer all ask it and render its answer, so a rule is stated once.
// It does no I/O.
package rules

import (
	"sort"
	"strings"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
)

// Code identifies one kind of rule violation.
type Code string

// The problems rules (and the store) can report.
const (
	CodeRequired           Code = "required"
	CodeTooLong            Code = "too_long"
	CodeUnsafeText         Code = "unsafe_text"
	CodeInvalidUTF8        Code = "invalid_utf8"
	CodeInvalidDomain      Code = "invalid_domain"
	CodePublicSuffix       Code = "public_suffix"
	CodeConsumerDomain     Code = "consumer_domain"
	CodeUnknownTLD         Code = "unknown_tld"
	CodeInvalidEmail       Code = "invalid_email"
	CodeEmailNotInDomain   Code = "email_not_in_domain"
	CodeEmailInDomain      Code = "email_in_domain"
	CodeInvalidPhone       Code = "invalid_phone"
	CodeInvalidRegion      Code = "invalid_region"
	CodeInvalidChoice      Code = "invalid_choice"
	CodeInvalidURL         Code = "invalid_url"
	CodeInvalidID          Code = "invalid_id"
	CodeInvalidDate        Code = "invalid_date"
	CodeDateInFuture       Code = "date_in_future"
	CodeTokenExpired       Code = "token_expired"
	CodeInvalidLanguage    Code = "invalid_language"
	CodeInvalidTimeZone    Code = "invalid_time_zone"
	CodeNonprofits         Code = "prereq_nonprofits"
	CodeLegacyFree         Code = "prereq_legacy_free"
	CodeNoRegisteredDomain Code = "prereq_no_registered_domain"
	CodeNoPermission       Code = "prereq_no_permission"
	CodeRequiredToPush     Code = "required_to_push"
	CodeDomainExists       Code = "domain_exists"
	CodeTeamExists         Code = "team_exists"
	CodeTeamSKU            Code = "team_sku"
	CodeInvalidSeats       Code = "invalid_seats"
	// CSV files.
	CodeInvalidTime     Code = "invalid_time"
	CodeDuplicateInFile Code = "duplicate_in_file"
	CodeUnknownColumn   Code = "unknown_column"
	CodeMissingColumn   Code = "missing_column"
	CodeRepeatedColumn  Code = "repeated_column"
	CodeCSVSyntax       Code = "csv_syntax"
	CodeEmptyFile       Code = "empty_file"
	CodeNoRows          Code = "no_rows"
	CodeRowTooLong      Code = "row_too_long"
	CodeCellTooLong     Code = "cell_too_long"
	CodeTooManyColumns  Code = "too_many_columns"
	CodeBlankLines      Code = "blank_lines"
)

// Severity tells whether a problem blocks the user or only warns.
type Severity int

// Severities: an error blocks Next, Create and Import; a warning is shown only.
const (
	Error Severity = iota
	Warning
)

// Problem is one rule violation: the field, what rule, and the values the
// message needs. It is data, so every front end words it the same way.
type Problem struct {
	Field    model.Field       `json:"field"`
	Code     Code              `json:"code"`
	Params   map[string]string `json:"params,omitempty"`
	Severity Severity          `json:"-"`
}

// Message is the English text of the problem without the field name.
func (p Problem) Message() string { return p.In(i18n.English) }

// In is the problem's text in language t, without the field name; a
// reason parameter is worded in t too.
func (p Problem) In(t language.Tag) string {
	msg, ok := i18n.Text(t, "rule."+string(p.Code))
	if !ok {
		msg = string(p.Code)
	}
	if len(p.Params) == 0 {
		return msg
	}
	// A reason is worded in t, and may itself hold the other parameters
	// ("{char}"), or a detail that is a reason of its own (the fault in the
	// domain after an email's @).
	plain := make([]string, 0, 2*len(p.Params))
	for k, v := range p.Params {
		if k != "reason" && k != "detail" {
			plain = append(plain, "{"+k+"}", v)
		}
	}
	fill := strings.NewReplacer(plain...)
	word := func(v string) string {
		if r, ok := i18n.Text(t, "reason."+v); ok {
			return fill.Replace(r)
		}
		return v
	}
	pairs := plain
	if v, ok := p.Params["reason"]; ok {
		r := word(v)
		if d, ok := p.Params["detail"]; ok {
			r = strings.ReplaceAll(r, "{detail}", word(d))
		}
		pairs = append(pairs, "{reason}", r)
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}

// ErrorIn is Error in language t: "field: message".
func (p Problem) ErrorIn(t language.Tag) string {
	if p.Field == "" {
		return p.In(t)
	}
	return string(p.Field) + ": " + p.In(t)
}

// Error reads "field: message", the form every front end prints.
func (p Problem) Error() string {
	if p.Field == "" {
		return p.Message()
	}
	return string(p.Field) + ": " + p.Message()
}

// Problems is a list of problems; as an error it means "the input was refused".
type Problems []Problem

// Error joins the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Errors returns only the problems that block.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Warnings returns only the problems that warn.
func (ps Problems) Warnings() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Warning {
			out = append(out, p)
		}
	}
	return out
}

// For returns the problems of the given fields.
func (ps Problems) For(fields ...model.Field) Problems {
	var out Problems
	for _, p := range ps {
		for _, f := range fields {
			if p.Field == f {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

// Has reports whether a problem with the code exists.
func (ps Problems) Has(code Code) bool {
	for _, p := range ps {
		if p.Code == code {
			return true
		}
	}
	return false
}

func (ps Problems) sorted() Problems {
	sort.SliceStable(ps, func(i, j int) bool { return fieldOrder(ps[i].Field) < fieldOrder(ps[j].Field) })
	return ps
}

func problem(f model.Field, c Code, kv ...string) Problem {
	p := Problem{Field: f, Code: c}
	if len(kv) > 0 {
		p.Params = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			// A reason's character or detail with no value is one the
			// reason does not use.
			if kv[i+1] != "" || (kv[i] != "char" && kv[i] != "detail") {
				p.Params[kv[i]] = kv[i+1]
			}
		}
	}
	return p
}

// at returns a copy of a field-less problem from a normaliser placed on f.
func at(f model.Field, err error) Problem {
	p, ok := err.(*Problem)
	if !ok {
		return problem(f, CodeInvalidChoice, "value", err.Error())
	}
	q := *p
	q.Field = f
	return q
}

func fail(c Code, kv ...string) *Problem {
	p := problem("", c, kv...)
	return &p
}

// NewProblem is a problem for front ends that check things of their own
// (a CSV file's header), worded by the same messages.
func NewProblem(f model.Field, c Code, kv ...string) Problem { return problem(f, c, kv...) }
