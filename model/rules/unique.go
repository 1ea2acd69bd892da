package rules

import (
	"strconv"

	"onboard/model"
)

// UniqueKey is the field of the form that no other stored customer may
// share (a domain customer's domain, a team customer's primary email) and
// its normalised value, so that a screen can ask the store about it while
// it is typed; ok is false while the field is empty or not valid yet.
func UniqueKey(mode model.Mode, fs model.Fields) (f model.Field, value string, ok bool) {
	switch model.Kind(fs.Get(model.FieldKind)) {
	case model.KindDomain:
		d, err := NormalizeDomain(fs.Get(model.FieldDomain))
		return model.FieldDomain, d, err == nil
	case model.KindTeam:
		e, err := NormalizeEmail(fs.Get(model.FieldPrimaryEmail))
		return model.FieldPrimaryEmail, e, err == nil && e != ""
	}
	return "", "", false
}

// Duplicate is the problem when stored customer c holds the unique key
// value of field f (UniqueKey), as the store would refuse it at create;
// nil when c is another kind of customer, holds another value or is the
// customer being edited (id self).
func Duplicate(f model.Field, value string, c model.Customer, self int64) *Problem {
	if c.ID == 0 || c.ID == self {
		return nil
	}
	var p Problem
	switch {
	case f == model.FieldDomain && c.Kind == model.KindDomain && c.Domain == value:
		p = Problem{Field: f, Code: CodeDomainExists, Params: map[string]string{"domain": DisplayDomain(value), "id": strconv.FormatInt(c.ID, 10)}}
	case f == model.FieldPrimaryEmail && c.Kind == model.KindTeam && c.PrimaryEmail == value:
		p = Problem{Field: f, Code: CodeTeamExists, Params: map[string]string{"email": value, "id": strconv.FormatInt(c.ID, 10)}}
	default:
		return nil
	}
	return &p
}
