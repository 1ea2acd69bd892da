package model

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
