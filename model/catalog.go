package model

// Offer is one way a customer can buy a SKU, as Google's catalogue
// (listPurchasableSkus and listPurchasableOffers) gives it for that
// customer: the product, the SKU, the plan, the price and the unit limits.
type Offer struct {
	Name        string // accounts/{account}/offers/{offer}
	SKU         string // products/{product}/skus/{sku}
	SKUName     string
	Product     string // products/{product}
	ProductName string
	Plan        Plan
	// Parameter is the parameter that carries the seats: num_units for a
	// commitment, max_units for a flexible plan.
	Parameter          string
	MinUnits, MaxUnits int64 // 0 = no limit given
	Price              *Price
}

// Price is an offer's price for one seat over a period.
type Price struct {
	Currency string // ISO 4217
	Units    int64
	Nanos    int64
	Period   string // MONTH or YEAR ("" = not said)
}

// Product is a product family in the reseller's catalogue (products.list).
type Product struct {
	Name        string // products/{product}
	DisplayName string
}

// TransferableSKU is one subscription of an imported customer that might
// be moved to this reseller (listTransferableSkus).
type TransferableSKU struct {
	SKU      string // products/…/skus/…
	SKUName  string
	Product  string
	Eligible bool
	// Reason is Google's ineligibility reason (PENDING_TOS_ACCEPTANCE,
	// SKU_NOT_ELIGIBLE, SKU_SUSPENDED, CHANNEL_PARTNER_NOT_AUTHORIZED_FOR_SKU)
	// and Why its localized description.
	Reason, Why string
	// Seats is the current subscription's seat count, when Google says it.
	Seats int
}

// Entitlement is a subscription as Google has it.
type Entitlement struct {
	Name              string // accounts/…/customers/…/entitlements/…
	Offer             string
	SKU               string
	Seats             int
	Plan              Plan
	PurchaseOrderID   string
	ProvisioningState string   // ACTIVE, SUSPENDED
	SuspensionReasons []string // PENDING_TOS_ACCEPTANCE, …
	Renew             bool
}

// OrderForm is the Buy screen's (or the command line's) order: a local
// SKU, or Google's offer (or SKU and plan, which pick the offer).
type OrderForm struct {
	SKU   string // a local edition id, or Google's SKU (products/…/skus/…) or its display name
	Offer string // accounts/…/offers/…; "" picks it by SKU and Plan
	Seats string
	Plan  string
	PO    string
	Renew bool
}

// TransferChoice is one of the imported customer's subscriptions: whether
// it can move and, if it can, the offers it can move to (the first is the
// default) with the seats it keeps.
type TransferChoice struct {
	SKU    TransferableSKU
	Offers []Offer
	Seats  int // the seats it has, as the offer's minimum says; 0 = not said
}

// TransferPick is one subscription the user chose to move: the offer and
// the seats.
type TransferPick struct {
	Offer Offer
	Seats int
}
