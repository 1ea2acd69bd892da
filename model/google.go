package model

import "time"

// GoogleAccount is a Cloud Identity account Google already has for a
// domain or an email.
type GoogleAccount struct {
	CustomerName    string // accounts/…/customers/…, when it is a customer of a reseller
	CloudIdentityID string
	Type            string // DOMAIN or TEAM
	Existing        bool
	Owned           bool // already a customer of this reseller
}

// GoogleCustomer is a customer as Google has it.
type GoogleCustomer struct {
	Name            string // accounts/{account}/customers/{id}
	CloudIdentityID string
	OrgDisplayName  string
	Domain          string
	AlternateEmail  string
	LanguageCode    string
	CorrelationID   string
	Address         Address
	FirstName       string
	LastName        string
	Email           string
	Phone           string
	// UpdateTime is when Google last changed the record (RFC 3339, as
	// Google says it): a change pushed from here is checked against it.
	UpdateTime string
	// CustomerType (DOMAIN or TEAM), PrimaryDomain and DomainVerified
	// are the cloudIdentityInfo: a team that verified its domain is a
	// domain customer now.
	CustomerType   string
	PrimaryDomain  string
	DomainVerified bool
}

// GoogleEntitlement is one subscription of a customer as Google has it.
type GoogleEntitlement struct {
	Name    string // accounts/…/customers/…/entitlements/…
	Offer   string // accounts/…/offers/…
	Product string // provisionedService.productId
	SKU     string // provisionedService.skuId
	Seats   int64  // the num_units parameter
	State   string // provisioningState: ACTIVE, SUSPENDED
}

// ResumedPush is how one push to Google, resumed from the outbox, ended.
type ResumedPush struct {
	ID       int64
	Customer Customer
	Err      error
}

// Difference is one field where Google's record differs from ours.
type Difference struct {
	Field  string
	Local  string
	Google string
}

// SyncProgress is how far a sync of the reseller's customers with Google
// is: Done of Total (Total 0 while unknown: the first sync learns it),
// Rate customers a minute, Left the time it still needs at that rate.
type SyncProgress struct {
	Done, Total            int64
	Added, Differing, Gone int64
	Rate                   float64
	Left                   time.Duration
	StartedAt, FinishedAt  time.Time // FinishedAt zero while it runs
	Resumed                bool      // it went on from where an earlier run stopped
}
