package channel

import (
	"context"
	"strings"

	"google.golang.org/api/cloudchannel/v1"

	"onboard/i18n"
	"onboard/model"
)

// Commerce is what onboard asks of Google to sell: the catalogue, orders
// (entitlements) and transfers. Google implements it; a Client that does
// not cannot sell, and orders stay local.
type Commerce interface {
	// Products lists the product families of the reseller's catalogue.
	Products(ctx context.Context) ([]model.Product, error)
	// Catalog lists what customer (accounts/…/customers/…) can buy: every
	// offer of every purchasable SKU.
	Catalog(ctx context.Context, customer string) ([]model.Offer, error)
	// CreateEntitlement is entitlements.create; it returns the operation.
	CreateEntitlement(ctx context.Context, customer string, o model.Order, parameter, requestID string) (operation string, err error)
	// OrderOperation is operations.get for an order or a transfer: done,
	// and then the entitlements it made.
	OrderOperation(ctx context.Context, name string) (done bool, made []model.Entitlement, err error)
	// Entitlements lists the customer's subscriptions.
	Entitlements(ctx context.Context, customer string) ([]model.Entitlement, error)
	// TransferableSKUs is accounts.listTransferableSkus for an imported
	// customer, with the customer's transfer token.
	TransferableSKUs(ctx context.Context, customer, token string) ([]model.TransferableSKU, error)
	// TransferableOffers is accounts.listTransferableOffers for one SKU.
	TransferableOffers(ctx context.Context, customer, sku string) ([]model.Offer, error)
	// Transfer is customers.transferEntitlements; it returns the operation.
	Transfer(ctx context.Context, customer, token, requestID string, orders []model.Order, parameters []string) (operation string, err error)
}

// pageSize is what onboard asks per page of the catalogue; Google may
// answer with fewer and a nextPageToken.
const pageSize = 100

// Products is products.list for the reseller's account.
func (g *Google) Products(ctx context.Context) ([]model.Product, error) {
	var out []model.Product
	err := g.svc.Products.List().Account(g.account).PageSize(pageSize).Pages(ctx, func(r *cloudchannel.GoogleCloudChannelV1ListProductsResponse) error {
		for _, p := range r.Products {
			out = append(out, model.Product{Name: p.Name, DisplayName: displayName(p.MarketingInfo, p.Name)})
		}
		return nil
	})
	if err != nil {
		return nil, wrap(i18n.M("list the products of the catalogue"), err)
	}
	return out, nil
}

// Catalog is listPurchasableSkus (all products) and, for each SKU,
// listPurchasableOffers, every page of each.
func (g *Google) Catalog(ctx context.Context, customer string) ([]model.Offer, error) {
	var skus []*cloudchannel.GoogleCloudChannelV1Sku
	err := g.svc.Accounts.Customers.ListPurchasableSkus(customer).CreateEntitlementPurchaseProduct("products/-").PageSize(pageSize).Pages(ctx,
		func(r *cloudchannel.GoogleCloudChannelV1ListPurchasableSkusResponse) error {
			for _, s := range r.PurchasableSkus {
				if s.Sku != nil {
					skus = append(skus, s.Sku)
				}
			}
			return nil
		})
	if err != nil {
		return nil, wrap(i18n.M("list what the customer can buy"), err)
	}
	var out []model.Offer
	for _, s := range skus {
		err := g.svc.Accounts.Customers.ListPurchasableOffers(customer).CreateEntitlementPurchaseSku(s.Name).PageSize(pageSize).Pages(ctx,
			func(r *cloudchannel.GoogleCloudChannelV1ListPurchasableOffersResponse) error {
				for _, po := range r.PurchasableOffers {
					if po.Offer != nil {
						out = append(out, offerFromAPI(po.Offer, s))
					}
				}
				return nil
			})
		if err != nil {
			return nil, wrap(i18n.M("list the offers for %s"), err, displayName(s.MarketingInfo, s.Name))
		}
	}
	return out, nil
}

// offerFromAPI reads an offer; sku fills in what the offer leaves out.
func offerFromAPI(o *cloudchannel.GoogleCloudChannelV1Offer, sku *cloudchannel.GoogleCloudChannelV1Sku) model.Offer {
	if o.Sku != nil {
		sku = o.Sku
	}
	out := model.Offer{Name: o.Name}
	if sku != nil {
		out.SKU, out.SKUName = sku.Name, displayName(sku.MarketingInfo, sku.Name)
		if sku.Product != nil {
			out.Product, out.ProductName = sku.Product.Name, displayName(sku.Product.MarketingInfo, sku.Product.Name)
		}
	}
	if out.Product == "" && strings.HasPrefix(out.SKU, "products/") {
		out.Product, _, _ = strings.Cut(out.SKU, "/skus/")
		out.ProductName = out.Product
	}
	out.Plan = planOf(o.Plan)
	for _, d := range o.ParameterDefinitions {
		if d.Name != "num_units" && d.Name != "max_units" {
			continue
		}
		out.Parameter = d.Name
		if d.MinValue != nil {
			out.MinUnits = d.MinValue.Int64Value
		}
		if d.MaxValue != nil {
			out.MaxUnits = d.MaxValue.Int64Value
		}
	}
	if out.Parameter == "" {
		// An offer that defines no seat parameter: Google's own convention
		// for Workspace is num_units for a commitment, max_units otherwise.
		out.Parameter = "max_units"
		if out.Plan.Commitment() {
			out.Parameter = "num_units"
		}
	}
	for _, p := range o.PriceByResources {
		pr := p.Price
		if pr == nil && len(p.PricePhases) > 0 {
			pr = p.PricePhases[0].Price
		}
		if pr == nil {
			continue
		}
		m := pr.EffectivePrice
		if m == nil {
			m = pr.BasePrice
		}
		if m == nil {
			continue
		}
		out.Price = &model.Price{Currency: m.CurrencyCode, Units: m.Units, Nanos: m.Nanos}
		if pr.PricePeriod != nil {
			out.Price.Period = pr.PricePeriod.PeriodType
		}
		break
	}
	return out
}

// planOf names Google's payment plan as onboard's plans do.
func planOf(p *cloudchannel.GoogleCloudChannelV1Plan) model.Plan {
	if p == nil {
		return ""
	}
	switch p.PaymentPlan {
	case "FLEXIBLE":
		return model.PlanFlexible
	case "FREE":
		return model.PlanFree
	case "TRIAL":
		return model.PlanTrial
	case "COMMITMENT":
		if p.PaymentCycle != nil && p.PaymentCycle.PeriodType == "MONTH" {
			return model.PlanAnnualMonthly
		}
		return model.PlanAnnualYearly
	}
	return model.Plan(strings.ToLower(p.PaymentPlan))
}

func displayName(m *cloudchannel.GoogleCloudChannelV1MarketingInfo, fallback string) string {
	if m != nil && m.DisplayName != "" {
		return m.DisplayName
	}
	return fallback
}
