package channel

import (
	"context"
	"fmt"
	"strings"

	"google.golang.org/api/cloudchannel/v1"

	"onboard/i18n"
	"onboard/model"
)

// PageSize is the most customers one customers.list call returns.
const PageSize = 50

// FindByDomain lists this reseller's customers with the domain (team
// customers may share one).
func (g *Google) FindByDomain(ctx context.Context, domain string) ([]model.GoogleCustomer, error) {
	out, err := g.filter(ctx, fmt.Sprintf("domain = %q", domain))
	if err != nil {
		return nil, wrap(i18n.M("look up %s at Google"), err, domain)
	}
	return out, nil
}

// FindByCloudIdentityID lists this reseller's customers with the Cloud
// Identity ID: one, or none when it is not a customer here (or Google's
// filter index has not caught up with a create yet).
func (g *Google) FindByCloudIdentityID(ctx context.Context, id string) ([]model.GoogleCustomer, error) {
	out, err := g.filter(ctx, fmt.Sprintf("cloud_identity_id = %q", id))
	if err != nil {
		return nil, wrap(i18n.M("look up %s at Google"), err, id)
	}
	return out, nil
}

func (g *Google) filter(ctx context.Context, filter string) ([]model.GoogleCustomer, error) {
	var out []model.GoogleCustomer
	token := ""
	for {
		var r *cloudchannel.GoogleCloudChannelV1ListCustomersResponse
		err := g.do(ctx, g.customers, func() (err error) {
			r, err = g.svc.Accounts.Customers.List(g.account).Filter(filter).PageSize(PageSize).PageToken(token).Context(ctx).Do()
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, c := range r.Customers {
			out = append(out, fromAPI(c))
		}
		if token = r.NextPageToken; token == "" {
			return out, nil
		}
	}
}

// ListCustomers is one page of customers.list (PageSize customers) from
// pageToken ("" = the first page), with the token of the next page ("" =
// this was the last).
func (g *Google) ListCustomers(ctx context.Context, pageToken string) ([]model.GoogleCustomer, string, error) {
	var r *cloudchannel.GoogleCloudChannelV1ListCustomersResponse
	err := g.do(ctx, g.customers, func() (err error) {
		r, err = g.svc.Accounts.Customers.List(g.account).PageSize(PageSize).PageToken(pageToken).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, "", wrap(i18n.M("list the customers at Google"), err)
	}
	out := make([]model.GoogleCustomer, 0, len(r.Customers))
	for _, c := range r.Customers {
		out = append(out, fromAPI(c))
	}
	return out, r.NextPageToken, nil
}

// ListEntitlements is entitlements.list of one customer, every page.
func (g *Google) ListEntitlements(ctx context.Context, customer string) ([]model.GoogleEntitlement, error) {
	var out []model.GoogleEntitlement
	token := ""
	for {
		var r *cloudchannel.GoogleCloudChannelV1ListEntitlementsResponse
		err := g.do(ctx, g.entitlements, func() (err error) {
			r, err = g.svc.Accounts.Customers.Entitlements.List(customer).PageSize(100).PageToken(token).Context(ctx).Do()
			return err
		})
		if err != nil {
			return nil, wrap(i18n.M("list the subscriptions at Google"), err)
		}
		for _, e := range r.Entitlements {
			x := model.GoogleEntitlement{Name: e.Name, Offer: e.Offer, State: e.ProvisioningState}
			if p := e.ProvisionedService; p != nil {
				x.Product, x.SKU = p.ProductId, p.SkuId
			}
			for _, p := range e.Parameters {
				if p.Name == "num_units" && p.Value != nil {
					x.Seats = p.Value.Int64Value
				}
			}
			out = append(out, x)
		}
		if token = r.NextPageToken; token == "" {
			return out, nil
		}
	}
}

// Mask paths of customers.patch, by the API's field names.
const (
	MaskOrg       = "org_display_name"
	MaskAddress   = "org_postal_address"
	MaskContact   = "primary_contact_info"
	MaskAlternate = "alternate_email"
	MaskLanguage  = "language_code"
	MaskCRM       = "correlation_id"
)

// Patch is customers.patch of the fields in mask (MaskOrg, …) with c's
// values; Google's record as it is afterwards comes back.
func (g *Google) Patch(ctx context.Context, name string, c model.Customer, mask []string) (model.GoogleCustomer, error) {
	body := toAPI(c)
	body.Domain = "" // not changeable; the mask leaves it alone anyway
	for _, m := range mask {
		switch m {
		case MaskAlternate:
			body.ForceSendFields = append(body.ForceSendFields, "AlternateEmail")
		case MaskCRM:
			body.ForceSendFields = append(body.ForceSendFields, "CorrelationId")
		}
	}
	var out *cloudchannel.GoogleCloudChannelV1Customer
	err := g.do(ctx, nil, func() (err error) {
		out, err = g.svc.Accounts.Customers.Patch(name, body).UpdateMask(strings.Join(mask, ",")).Context(ctx).Do()
		return err
	})
	if err != nil {
		return model.GoogleCustomer{}, wrap(i18n.M("change the customer at Google"), err)
	}
	return fromAPI(out), nil
}
