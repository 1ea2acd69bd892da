package channel

import (
	"context"
	"encoding/json"

	"google.golang.org/api/cloudchannel/v1"

	"onboard/i18n"
	"onboard/model"
)

// CreateEntitlement is entitlements.create for order o (its Offer, Seats,
// PONumber and, on an annual plan, Renew) with requestID, which makes a
// resent call answer with the first one's operation instead of buying
// twice.
func (g *Google) CreateEntitlement(ctx context.Context, customer string, o model.Order, parameter, requestID string) (string, error) {
	req := &cloudchannel.GoogleCloudChannelV1CreateEntitlementRequest{Entitlement: entitlementOf(o, parameter), RequestId: requestID}
	op, err := g.svc.Accounts.Customers.Entitlements.Create(customer, req).Context(ctx).Do()
	if err != nil {
		return "", wrap(i18n.M("place the order"), err)
	}
	return op.Name, nil
}

// entitlementOf is the entitlement an order asks for.
func entitlementOf(o model.Order, parameter string) *cloudchannel.GoogleCloudChannelV1Entitlement {
	e := &cloudchannel.GoogleCloudChannelV1Entitlement{
		Offer:           o.Offer,
		PurchaseOrderId: o.PONumber,
		Parameters: []*cloudchannel.GoogleCloudChannelV1Parameter{{
			Name: parameter, Value: &cloudchannel.GoogleCloudChannelV1Value{Int64Value: int64(o.Seats), ForceSendFields: []string{"Int64Value"}},
		}},
	}
	if o.Plan.Commitment() {
		cycle := "YEAR"
		if o.Plan == model.PlanAnnualMonthly {
			cycle = "MONTH"
		}
		e.CommitmentSettings = &cloudchannel.GoogleCloudChannelV1CommitmentSettings{RenewalSettings: &cloudchannel.GoogleCloudChannelV1RenewalSettings{
			EnableRenewal: o.Renew, PaymentPlan: "COMMITMENT",
			PaymentCycle:    &cloudchannel.GoogleCloudChannelV1Period{Duration: 1, PeriodType: cycle},
			ForceSendFields: []string{"EnableRenewal"},
		}}
	}
	return e
}

// OrderOperation is operations.get for an entitlements.create or a
// transferEntitlements: once done, the entitlements it made (one for an
// order, each moved one for a transfer), or its error.
func (g *Google) OrderOperation(ctx context.Context, name string) (bool, []model.Entitlement, error) {
	op, err := g.svc.Operations.Get(name).Context(ctx).Do()
	if err != nil {
		return false, nil, wrap(i18n.M("follow the order"), err)
	}
	if op.Error != nil {
		return true, nil, &Error{Status: codeName(op.Error.Code), Message: op.Error.Message, Op: i18n.M("place the order")}
	}
	if !op.Done {
		return false, nil, nil
	}
	var resp struct {
		cloudchannel.GoogleCloudChannelV1Entitlement
		Entitlements []*cloudchannel.GoogleCloudChannelV1Entitlement `json:"entitlements"`
	}
	if len(op.Response) > 0 {
		if err := json.Unmarshal(op.Response, &resp); err != nil {
			return true, nil, i18n.Errorf("read Google's answer to the order: %w", err)
		}
	}
	var out []model.Entitlement
	if resp.Name != "" {
		out = append(out, EntitlementFromAPI(&resp.GoogleCloudChannelV1Entitlement))
	}
	for _, e := range resp.Entitlements {
		out = append(out, EntitlementFromAPI(e))
	}
	return true, out, nil
}

// Entitlements is entitlements.list, every page.
func (g *Google) Entitlements(ctx context.Context, customer string) ([]model.Entitlement, error) {
	var out []model.Entitlement
	err := g.svc.Accounts.Customers.Entitlements.List(customer).PageSize(pageSize).Pages(ctx, func(r *cloudchannel.GoogleCloudChannelV1ListEntitlementsResponse) error {
		for _, e := range r.Entitlements {
			out = append(out, EntitlementFromAPI(e))
		}
		return nil
	})
	if err != nil {
		return nil, wrap(i18n.M("read the customer's subscriptions"), err)
	}
	return out, nil
}

// EntitlementFromAPI reads an entitlement: its seats from num_units or
// max_units, its plan from the commitment settings.
func EntitlementFromAPI(e *cloudchannel.GoogleCloudChannelV1Entitlement) model.Entitlement {
	out := model.Entitlement{Name: e.Name, Offer: e.Offer, PurchaseOrderID: e.PurchaseOrderId, ProvisioningState: e.ProvisioningState,
		SuspensionReasons: e.SuspensionReasons, Plan: model.PlanFlexible}
	if e.ProvisionedService != nil && e.ProvisionedService.ProductId != "" && e.ProvisionedService.SkuId != "" {
		out.SKU = "products/" + e.ProvisionedService.ProductId + "/skus/" + e.ProvisionedService.SkuId
	}
	for _, p := range e.Parameters {
		if (p.Name == "num_units" || p.Name == "max_units") && p.Value != nil {
			out.Seats = int(p.Value.Int64Value)
			if p.Name == "num_units" {
				out.Plan = model.PlanAnnualYearly
			}
		}
	}
	if c := e.CommitmentSettings; c != nil {
		out.Plan = model.PlanAnnualYearly
		if r := c.RenewalSettings; r != nil {
			out.Renew = r.EnableRenewal
			if r.PaymentCycle != nil && r.PaymentCycle.PeriodType == "MONTH" {
				out.Plan = model.PlanAnnualMonthly
			}
		}
	}
	return out
}
