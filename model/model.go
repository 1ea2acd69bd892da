// Package model holds onboard's plain domain types: customers, drafts,
// orders and audit events. It imports nothing from this repository; the
// decisions about them live in model/rules.
package model

import "time"

// Kind tells how Google verifies a customer.
type Kind string

// The two kinds of customer the Partner Sales Console knows.
const (
	KindDomain Kind = "domain" // domain-verified Google Workspace or Cloud Identity
	KindTeam   Kind = "team"   // email-verified Enterprise Essentials (Plus)
)

// Mode is the wizard a customer comes through.
type Mode string

// Modes: a brand-new customer, or one imported from another reseller or Google.
const (
	ModeCreate Mode = "create"
	ModeImport Mode = "import"
)

// Status is where a customer stands with Google.
type Status string

// Statuses of a customer record.
const (
	StatusDraft    Status = "draft"
	StatusLocal    Status = "local"    // stored here, not pushed
	StatusPending  Status = "pending"  // a push is under way
	StatusCreated  Status = "created"  // created at Google
	StatusImported Status = "imported" // imported at Google
	StatusFailed   Status = "failed"   // the last push failed; see StatusMessage
)

// Education is the data Google keeps for an educational institution.
type Education struct {
	InstituteType string `json:"institute_type"` // K12 or UNIVERSITY
	InstituteSize string `json:"institute_size"` // SIZE_1_100 … SIZE_10001_OR_MORE
	Website       string `json:"website"`
}

// Address is the customer's postal address.
type Address struct {
	RegionCode         string   `json:"region_code"`
	PostalCode         string   `json:"postal_code"`
	Locality           string   `json:"locality"`
	AdministrativeArea string   `json:"administrative_area"`
	AddressLines       []string `json:"address_lines"`
}

// IsZero reports whether no part of the address is filled in.
func (a Address) IsZero() bool {
	return a.RegionCode == "" && a.PostalCode == "" && a.Locality == "" &&
		a.AdministrativeArea == "" && len(a.AddressLines) == 0
}

// Customer is one customer of the reseller, normalised and validated.
type Customer struct {
	ID              int64      `json:"id"`
	Kind            Kind       `json:"kind"`
	Origin          Mode       `json:"origin"`
	OrgName         string     `json:"org_name"`
	Domain          string     `json:"domain"`
	PrimaryEmail    string     `json:"primary_email"`
	AlternateEmail  string     `json:"alternate_email"`
	Phone           string     `json:"phone"`
	CRMID           string     `json:"crm_id"`
	Education       *Education `json:"education"`
	AdminFirstName  string     `json:"admin_first_name"`
	AdminLastName   string     `json:"admin_last_name"`
	Address         Address    `json:"address"`
	ResellerID      string     `json:"reseller_id"`
	Status          Status     `json:"status"`
	StatusMessage   string     `json:"status_message,omitempty"`
	CloudIdentityID string     `json:"cloud_identity_id"`
	GoogleName      string     `json:"google_name,omitempty"`
	Language        string     `json:"language"`
	TimeZone        string     `json:"time_zone"`
	SmartFeatures   string     `json:"smart_features"` // "", "on" or "off": Gmail, Chat and Meet smart features and personalisation
	// ProductFamily is the primary product family chosen in the wizard
	// (google_workspace, cloud_identity, …): Buy lists its SKUs first.
	ProductFamily     string     `json:"product_family,omitempty"`
	TransferToken     string     `json:"-"`
	TransferTokenDate time.Time  `json:"-"`
	CreatedBy         string     `json:"created_by"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
	ConfirmedAt       *time.Time `json:"confirmed_at"`
	Version           int64      `json:"version"`
}

// Draft is a half-filled wizard: the raw text of every field as typed, and
// the step the user was on. It belongs to one user. A draft of an edit
// names the customer it changes and the version the edit started from.
type Draft struct {
	ID          int64
	Owner       string
	Mode        Mode
	Step        string
	Values      Fields
	CustomerID  int64 // the customer an edit changes; 0 for a new customer
	BaseVersion int64 // the customer's version the edit started from
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Plan is how an order is billed.
type Plan string

// Plans Google offers for Workspace. PlanAnnual is an annual plan from
// before onboard knew how it is paid (orders stored by older versions).
const (
	PlanFlexible      Plan = "flexible"
	PlanAnnualMonthly Plan = "annual-monthly" // commitment for a year, paid monthly
	PlanAnnualYearly  Plan = "annual-yearly"  // commitment for a year, paid up front
	PlanAnnual        Plan = "annual"
	PlanFree          Plan = "free"
	PlanTrial         Plan = "trial"
)

// Commitment reports whether the plan commits to a number of seats (an
// annual plan) rather than capping them (flexible, free, trial).
func (p Plan) Commitment() bool {
	return p == PlanAnnualMonthly || p == PlanAnnualYearly || p == PlanAnnual
}

// Order statuses: local ones stay here; the others follow the
// subscription (entitlement) at Google.
const (
	OrderLocal      = "local"       // recorded here, not sent on
	OrderCancelled  = "cancelled"   // cancelled while still local
	OrderPending    = "pending"     // sent to Google; the answer is awaited
	OrderPendingToS = "pending_tos" // at Google, suspended until the customer accepts the Terms of Service
	OrderActive     = "active"
	OrderSuspended  = "suspended" // at Google, suspended for another reason (StatusMessage)
	OrderFailed     = "failed"    // Google refused it (StatusMessage); it can be sent again
)

// Order is a purchase placed for a customer with Buy, or a subscription
// transferred to this reseller with the customer.
type Order struct {
	ID            int64     `json:"id"`
	CustomerID    int64     `json:"customer_id"`
	SKU           string    `json:"sku"`      // Google's SKU name (products/…/skus/…) or a local edition id
	SKUName       string    `json:"sku_name"` // the SKU's display name
	Offer         string    `json:"offer"`    // accounts/…/offers/…; "" for a local order
	Plan          Plan      `json:"plan"`
	Seats         int       `json:"seats"` // committed seats (annual) or the seat limit (flexible)
	PONumber      string    `json:"purchase_order_id"`
	Renew         bool      `json:"renew"` // an annual plan renews at its end
	Status        string    `json:"status"`
	StatusMessage string    `json:"status_message"`
	Entitlement   string    `json:"entitlement"` // Google's resource name once known
	RequestID     string    `json:"request_id,omitempty"`
	Transferred   bool      `json:"transferred,omitempty"` // moved here with an import
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// AtGoogle reports whether the order was sent to Google (any state).
func (o Order) AtGoogle() bool { return o.Offer != "" }

// Change is one field's value before and after an event.
type Change struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Event is one entry of a customer's audit trail: who did what, when.
type Event struct {
	ID         int64     `json:"id"`
	CustomerID int64     `json:"customer_id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Changes    []Change  `json:"changes"`
}
