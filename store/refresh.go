package store

import (
	"context"
	"database/sql"
	"strings"

	"onboard/i18n"
	"onboard/model"
)

// FromGoogle reads the customer from Google (by resource name, then Cloud
// Identity ID, then domain and a team's primary email; more than one
// candidate is an *AmbiguousError) and lists the fields that differ from
// the local record.
func (s *Service) FromGoogle(ctx context.Context, id int64) (model.Customer, model.GoogleCustomer, []model.Difference, error) {
	g := s.opts.Google
	if g == nil {
		return model.Customer{}, model.GoogleCustomer{}, nil, ErrNoGoogle
	}
	c, err := s.Get(ctx, id)
	if err != nil {
		return c, model.GoogleCustomer{}, nil, err
	}
	got, ok, err := s.match(ctx, c)
	if err == nil && !ok {
		err = i18n.Errorf("Google has no customer of yours with domain %s: push it first (p)", c.Domain)
	}
	if err != nil {
		return c, got, nil, err
	}
	return c, got, diffGoogle(c, withGoogle(c, got)), nil
}

// withGoogle is c with the values Google has (where Google has one).
func withGoogle(c model.Customer, g model.GoogleCustomer) model.Customer {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&c.OrgName, g.OrgDisplayName)
	set(&c.Domain, g.Domain)
	set(&c.PrimaryEmail, g.Email)
	set(&c.AlternateEmail, g.AlternateEmail)
	set(&c.Phone, g.Phone)
	set(&c.CRMID, g.CorrelationID)
	set(&c.AdminFirstName, g.FirstName)
	set(&c.AdminLastName, g.LastName)
	set(&c.Language, g.LanguageCode)
	set(&c.CloudIdentityID, g.CloudIdentityID)
	set(&c.GoogleName, g.Name)
	set(&c.Address.RegionCode, g.Address.RegionCode)
	set(&c.Address.PostalCode, g.Address.PostalCode)
	set(&c.Address.Locality, g.Address.Locality)
	set(&c.Address.AdministrativeArea, g.Address.AdministrativeArea)
	if len(g.Address.AddressLines) > 0 {
		c.Address.AddressLines = append([]string(nil), g.Address.AddressLines...)
	}
	// A team that verified its domain is a domain customer at Google.
	switch g.CustomerType {
	case "DOMAIN":
		c.Kind = model.KindDomain
	case "TEAM":
		c.Kind = model.KindTeam
	}
	set(&c.Domain, strings.ToLower(g.PrimaryDomain))
	return c
}

func diffGoogle(local, google model.Customer) []model.Difference {
	var out []model.Difference
	for _, ch := range model.Diff(local, google) {
		out = append(out, model.Difference{Field: ch.Field, Local: ch.Old, Google: ch.New})
	}
	return out
}

// TakeGoogle stores Google's values for the customer the user saw at
// version and records that the details were confirmed now (from Google).
func (s *Service) TakeGoogle(ctx context.Context, actor string, id, version int64, got model.GoogleCustomer) (model.Customer, error) {
	return s.revise(ctx, actor, "refresh from Google", id, version, func(tx *sql.Tx, cur model.Customer) (model.Customer, error) {
		next := withGoogle(cur, got)
		next.Domain = strings.ToLower(next.Domain)
		now := s.now()
		next.ConfirmedAt = &now
		return next, s.seen(ctx, tx, id, got, nil)
	})
}
