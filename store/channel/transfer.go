package channel

import (
	"context"

	"google.golang.org/api/cloudchannel/v1"

	"onboard/i18n"
	"onboard/model"
)

// TransferableSKUs is accounts.listTransferableSkus for the imported
// customer (accounts/…/customers/…) with its transfer token: each SKU it
// has elsewhere and whether this reseller may take it over.
func (g *Google) TransferableSKUs(ctx context.Context, customer, token string) ([]model.TransferableSKU, error) {
	req := &cloudchannel.GoogleCloudChannelV1ListTransferableSkusRequest{CustomerName: customer, AuthToken: token, PageSize: pageSize}
	var out []model.TransferableSKU
	err := g.svc.Accounts.ListTransferableSkus(g.account, req).Pages(ctx, func(r *cloudchannel.GoogleCloudChannelV1ListTransferableSkusResponse) error {
		for _, t := range r.TransferableSkus {
			s := model.TransferableSKU{}
			if t.Sku != nil {
				s.SKU, s.SKUName = t.Sku.Name, displayName(t.Sku.MarketingInfo, t.Sku.Name)
				if t.Sku.Product != nil {
					s.Product = t.Sku.Product.Name
				}
			}
			if e := t.TransferEligibility; e != nil {
				s.Eligible, s.Why = e.IsEligible, e.Description
				if !e.IsEligible {
					s.Reason = e.IneligibilityReason
				}
			}
			out = append(out, s)
		}
		return nil
	})
	if err != nil {
		return nil, wrap(i18n.M("list the customer's subscriptions that can be transferred"), err)
	}
	return out, nil
}

// TransferableOffers is accounts.listTransferableOffers: the offers the
// SKU can move to, their seat limits set to allow the transfer.
func (g *Google) TransferableOffers(ctx context.Context, customer, sku string) ([]model.Offer, error) {
	req := &cloudchannel.GoogleCloudChannelV1ListTransferableOffersRequest{CustomerName: customer, Sku: sku, PageSize: pageSize}
	var out []model.Offer
	err := g.svc.Accounts.ListTransferableOffers(g.account, req).Pages(ctx, func(r *cloudchannel.GoogleCloudChannelV1ListTransferableOffersResponse) error {
		for _, t := range r.TransferableOffers {
			if t.Offer != nil {
				out = append(out, offerFromAPI(t.Offer, nil))
			}
		}
		return nil
	})
	if err != nil {
		return nil, wrap(i18n.M("list the offers %s can move to"), err, sku)
	}
	return out, nil
}

// Transfer is customers.transferEntitlements of orders (each with its
// Offer and Seats; parameters[i] names order i's seat parameter) with the
// transfer token and requestID; it returns the operation.
func (g *Google) Transfer(ctx context.Context, customer, token, requestID string, orders []model.Order, parameters []string) (string, error) {
	req := &cloudchannel.GoogleCloudChannelV1TransferEntitlementsRequest{AuthToken: token, RequestId: requestID}
	for i, o := range orders {
		req.Entitlements = append(req.Entitlements, entitlementOf(o, parameters[i]))
	}
	op, err := g.svc.Accounts.Customers.TransferEntitlements(customer, req).Context(ctx).Do()
	if err != nil {
		return "", wrap(i18n.M("transfer the subscriptions"), err)
	}
	return op.Name, nil
}
