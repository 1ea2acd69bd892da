package store

import (
	"context"
	"strings"

	"golang.org/x/text/language"

	"onboard/i18n"
	"onboard/model"
)

// AmbiguousError is a lookup at Google that found more than one record
// that could be the customer: onboard stops and shows them rather than
// guess, since taking the wrong one would overwrite one customer with
// another.
type AmbiguousError struct {
	Customer   model.Customer
	Candidates []model.GoogleCustomer
}

func (e *AmbiguousError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t, with each candidate.
func (e *AmbiguousError) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	var b strings.Builder
	b.WriteString(l.T("Google has %d customers that could be customer %s (%s); nothing was changed: link the right one by its Cloud Identity ID", len(e.Candidates), i18n.ID(e.Customer.ID), e.Customer.Domain))
	for _, c := range e.Candidates {
		b.WriteString("\n  " + c.Name + "  " + c.CloudIdentityID + "  " + c.OrgDisplayName + "  " + c.Email)
	}
	return b.String()
}

// match finds customer c at Google: by resource name, then by Cloud
// Identity ID, then on its domain (for a team, the one with its primary
// contact email). More than one candidate is an *AmbiguousError; none is
// ok == false.
func (s *Service) match(ctx context.Context, c model.Customer) (model.GoogleCustomer, bool, error) {
	g := s.opts.Google
	if c.GoogleName != "" {
		got, err := g.Get(ctx, c.GoogleName)
		if err != nil {
			return got, false, err
		}
		return got, true, nil
	}
	if c.CloudIdentityID != "" {
		found, err := g.FindByCloudIdentityID(ctx, c.CloudIdentityID)
		if err != nil {
			return model.GoogleCustomer{}, false, err
		}
		if got, ok, err := one(c, found); ok || err != nil {
			return got, ok, err
		}
	}
	found, err := g.FindByDomain(ctx, c.Domain)
	if err != nil {
		return model.GoogleCustomer{}, false, err
	}
	return one(c, candidates(c, found))
}

// candidates are the records on c's domain that could be c: for a team
// customer those with its primary contact email; for a domain customer
// those that are not another reseller customer's team.
func candidates(c model.Customer, found []model.GoogleCustomer) []model.GoogleCustomer {
	var out []model.GoogleCustomer
	for _, f := range found {
		switch {
		case c.CloudIdentityID != "" && f.CloudIdentityID != "" && f.CloudIdentityID != c.CloudIdentityID:
			continue // another customer's Cloud Identity
		case c.Kind == model.KindTeam:
			if strings.EqualFold(f.Email, c.PrimaryEmail) {
				out = append(out, f)
			}
		case f.CustomerType == "TEAM":
			continue
		default:
			out = append(out, f)
		}
	}
	if len(out) > 1 && c.PrimaryEmail != "" {
		// Two records on a domain: the one with the same primary contact.
		var same []model.GoogleCustomer
		for _, f := range out {
			if strings.EqualFold(f.Email, c.PrimaryEmail) {
				same = append(same, f)
			}
		}
		if len(same) > 0 {
			out = same
		}
	}
	return out
}

func one(c model.Customer, found []model.GoogleCustomer) (model.GoogleCustomer, bool, error) {
	switch len(found) {
	case 0:
		return model.GoogleCustomer{}, false, nil
	case 1:
		return found[0], true, nil
	}
	return model.GoogleCustomer{}, false, &AmbiguousError{Customer: c, Candidates: found}
}
