// Package channel talks to Google's Cloud Channel API for onboard: check
// whether a Cloud Identity account exists, create a customer and provision
// its Cloud Identity (a long-running operation), import a customer, read
// one back. Errors come back in the user's words, from the API's
// error.status (HTTP 409 and 400 each mean more than one thing).
package channel

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"google.golang.org/api/cloudchannel/v1"
	"google.golang.org/api/option"

	"onboard/i18n"
	"onboard/model"
)

// Scope is the OAuth scope the API needs.
const Scope = cloudchannel.AppsOrderScope

// Config is [google] in the config file.
type Config struct {
	AccountID       string // the public reseller ID, C0…
	CredentialsFile string // service-account JSON key with domain-wide delegation
	AdminSubject    string // the reseller admin the service account acts as
	Endpoint        string // another API address (a proxy, a test server); "" = Google's
	// Timeout is how long one call may take, its answer included; 0 is
	// DefaultTimeout.
	Timeout time.Duration
	// MaxResponse is the most bytes of one answer onboard reads; 0 is
	// DefaultMaxResponse.
	MaxResponse int64
	// Clock is the time for quota and backoff waits; zero is the wall clock.
	Clock Clock
	// NoQuota turns off onboard's own limit of list calls a minute (a
	// proxy or a test server with a quota of its own).
	NoQuota bool
	// ListQuota is how many customers.list and how many entitlements.list
	// calls a minute the project may make; 0 is Google's default,
	// QuotaPerMinute (a project can ask Google for more).
	ListQuota int
}

// Configured reports whether Google is set up at all.
func (c Config) Configured() bool { return c.AccountID != "" }

// Client is what onboard asks of Google; Google implements it, tests may
// replace it.
type Client interface {
	CheckExists(ctx context.Context, domain, primaryEmail string) ([]model.GoogleAccount, error)
	FindByDomain(ctx context.Context, domain string) ([]model.GoogleCustomer, error)
	FindByCloudIdentityID(ctx context.Context, id string) ([]model.GoogleCustomer, error)
	ListCustomers(ctx context.Context, pageToken string) (page []model.GoogleCustomer, next string, err error)
	ListEntitlements(ctx context.Context, customer string) ([]model.GoogleEntitlement, error)
	Patch(ctx context.Context, name string, c model.Customer, mask []string) (model.GoogleCustomer, error)
	Create(ctx context.Context, c model.Customer, validateOnly bool) (model.GoogleCustomer, error)
	Provision(ctx context.Context, name string, c model.Customer, validateOnly bool) (operation string, err error)
	Operation(ctx context.Context, name string) (done bool, err error)
	Import(ctx context.Context, c model.Customer, overwrite bool) (model.GoogleCustomer, error)
	Get(ctx context.Context, name string) (model.GoogleCustomer, error)
}

// Google is the Client over the real API (or the endpoint in the config).
type Google struct {
	svc     *cloudchannel.Service
	account string
	clock   Clock
	// customers and entitlements keep customers.list and
	// entitlements.list under Google's quota (nil: no limit).
	customers, entitlements *Limiter
}

// New connects with the service account acting as the admin subject. The
// credentials may only be left out for an endpoint on this machine (a test
// server or a local proxy that adds them).
func New(ctx context.Context, cfg Config) (*Google, error) {
	if !cfg.Configured() {
		return nil, i18n.Errorf("google: account_id is not set")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxResponse <= 0 {
		cfg.MaxResponse = DefaultMaxResponse
	}
	// Every call, the token exchange included, goes through the limits.
	base := http.DefaultTransport.(*http.Transport).Clone()
	client := &http.Client{Transport: &limited{base: base, timeout: cfg.Timeout, max: cfg.MaxResponse}}
	var opts []option.ClientOption
	if cfg.Endpoint != "" {
		opts = append(opts, option.WithEndpoint(cfg.Endpoint))
	}
	if cfg.CredentialsFile == "" {
		if !loopback(cfg.Endpoint) {
			return nil, i18n.Errorf("google: credentials_file is required (only an endpoint on this machine may go without)")
		}
	} else {
		ts := &tokenSource{}
		tokens := &http.Client{Transport: &limited{base: base, timeout: cfg.Timeout, max: cfg.MaxResponse, failed: ts.failed}}
		var err error
		if ts.ts, err = TokenSource(context.WithValue(ctx, oauth2.HTTPClient, tokens), cfg); err != nil {
			return nil, err
		}
		client = &http.Client{Transport: &oauth2.Transport{Source: ts, Base: client.Transport}}
	}
	opts = append(opts, option.WithHTTPClient(client))
	svc, err := cloudchannel.NewService(ctx, opts...)
	if err != nil {
		return nil, i18n.Errorf("google: %w", err)
	}
	g := &Google{svc: svc, account: "accounts/" + cfg.AccountID, clock: cfg.Clock.orReal()}
	if !cfg.NoQuota {
		per := cfg.ListQuota
		if per <= 0 {
			per = QuotaPerMinute
		}
		g.customers, g.entitlements = NewLimiter(per, g.clock), NewLimiter(per, g.clock)
	}
	return g, nil
}

// TokenSource reads the service-account key and signs JWTs for the admin
// subject with the apps.order scope (domain-wide delegation).
func TokenSource(ctx context.Context, cfg Config) (oauth2.TokenSource, error) {
	key, err := os.ReadFile(cfg.CredentialsFile)
	if err != nil {
		return nil, i18n.Errorf("google: read credentials: %w", err)
	}
	conf, err := google.JWTConfigFromJSON(key, Scope)
	if err != nil {
		return nil, i18n.Errorf("google: credentials %s: %w", cfg.CredentialsFile, err)
	}
	if cfg.AdminSubject == "" {
		return nil, i18n.Errorf("google: admin_subject is required: the reseller admin the service account acts for")
	}
	conf.Subject = cfg.AdminSubject
	return conf.TokenSource(ctx), nil
}

func loopback(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckExists asks whether Cloud Identity accounts exist for the domain
// (and, for a team customer, the primary email).
func (g *Google) CheckExists(ctx context.Context, domain, primaryEmail string) ([]model.GoogleAccount, error) {
	var resp *cloudchannel.GoogleCloudChannelV1CheckCloudIdentityAccountsExistResponse
	err := g.do(ctx, nil, func() (err error) {
		resp, err = g.svc.Accounts.CheckCloudIdentityAccountsExist(g.account, &cloudchannel.GoogleCloudChannelV1CheckCloudIdentityAccountsExistRequest{
			Domain: domain, PrimaryAdminEmail: primaryEmail,
		}).Context(ctx).Do()
		return err
	})
	if err != nil {
		return nil, wrap(i18n.M("check whether Google knows %s"), err, domain)
	}
	var out []model.GoogleAccount
	for _, a := range resp.CloudIdentityAccounts {
		out = append(out, model.GoogleAccount{CustomerName: a.CustomerName, CloudIdentityID: a.CustomerCloudIdentityId, Type: a.CustomerType,
			Existing: a.Existing, Owned: a.Owned})
	}
	return out, nil
}

// Create is customers.create.
func (g *Google) Create(ctx context.Context, c model.Customer, validateOnly bool) (model.GoogleCustomer, error) {
	if validateOnly {
		// customers.create has no validate-only mode; provisioning has.
		return model.GoogleCustomer{}, nil
	}
	// A create is sent once: only a call Google refused before doing
	// anything may be repeated, and that is all do repeats.
	var out *cloudchannel.GoogleCloudChannelV1Customer
	err := g.do(ctx, nil, func() (err error) {
		out, err = g.svc.Accounts.Customers.Create(g.account, toAPI(c)).Context(ctx).Do()
		return err
	})
	if err != nil {
		return model.GoogleCustomer{}, wrap(i18n.M("create the customer"), err)
	}
	return fromAPI(out), nil
}

// Provision is customers.provisionCloudIdentity: it returns the name of
// the long-running operation.
func (g *Google) Provision(ctx context.Context, name string, c model.Customer, validateOnly bool) (string, error) {
	req := &cloudchannel.GoogleCloudChannelV1ProvisionCloudIdentityRequest{
		CloudIdentityInfo: identityInfo(c),
		User:              &cloudchannel.GoogleCloudChannelV1AdminUser{Email: c.PrimaryEmail, GivenName: c.AdminFirstName, FamilyName: c.AdminLastName},
		ValidateOnly:      validateOnly,
		ForceSendFields:   []string{"ValidateOnly"},
	}
	var op *cloudchannel.GoogleLongrunningOperation
	err := g.do(ctx, nil, func() (err error) {
		op, err = g.svc.Accounts.Customers.ProvisionCloudIdentity(name, req).Context(ctx).Do()
		return err
	})
	if err != nil {
		return "", wrap(i18n.M("provision the customer's Cloud Identity"), err)
	}
	return op.Name, nil
}

// Operation is operations.get: done, or the error the operation finished
// with (an *OperationError: it is over and is not polled again).
func (g *Google) Operation(ctx context.Context, name string) (bool, error) {
	var op *cloudchannel.GoogleLongrunningOperation
	err := g.do(ctx, nil, func() (err error) {
		op, err = g.svc.Operations.Get(name).Context(ctx).Do()
		return err
	})
	if err != nil {
		return false, wrap(i18n.M("follow the provisioning"), err)
	}
	if op.Error != nil {
		var meta struct {
			OperationType string `json:"operationType"`
		}
		_ = json.Unmarshal(op.Metadata, &meta) // the type only names the operation
		return true, &OperationError{Status: codeName(op.Error.Code), Message: op.Error.Message, Type: meta.OperationType}
	}
	return op.Done, nil
}

// Import is customers.import, which takes exactly one of domain, Cloud
// Identity ID and primary admin email: the Cloud Identity ID when known,
// else a team customer's primary admin email, else the domain.
// overwriteIfExists is always sent.
func (g *Google) Import(ctx context.Context, c model.Customer, overwrite bool) (model.GoogleCustomer, error) {
	req := &cloudchannel.GoogleCloudChannelV1ImportCustomerRequest{
		AuthToken: c.TransferToken, OverwriteIfExists: overwrite, ForceSendFields: []string{"OverwriteIfExists"},
	}
	switch {
	case c.CloudIdentityID != "":
		req.CloudIdentityId = c.CloudIdentityID
	case c.Kind == model.KindTeam:
		req.PrimaryAdminEmail = c.PrimaryEmail
	default:
		req.Domain = c.Domain
	}
	var out *cloudchannel.GoogleCloudChannelV1Customer
	err := g.do(ctx, nil, func() (err error) {
		out, err = g.svc.Accounts.Customers.Import(g.account, req).Context(ctx).Do()
		return err
	})
	if err != nil {
		return model.GoogleCustomer{}, wrap(i18n.M("import the customer"), err)
	}
	return fromAPI(out), nil
}

// Get is customers.get.
func (g *Google) Get(ctx context.Context, name string) (model.GoogleCustomer, error) {
	var out *cloudchannel.GoogleCloudChannelV1Customer
	err := g.do(ctx, nil, func() (err error) {
		out, err = g.svc.Accounts.Customers.Get(name).Context(ctx).Do()
		return err
	})
	if err != nil {
		return model.GoogleCustomer{}, wrap(i18n.M("read the customer from Google"), err)
	}
	return fromAPI(out), nil
}

func toAPI(c model.Customer) *cloudchannel.GoogleCloudChannelV1Customer {
	return &cloudchannel.GoogleCloudChannelV1Customer{
		OrgDisplayName: c.OrgName,
		OrgPostalAddress: &cloudchannel.GoogleTypePostalAddress{
			RegionCode: c.Address.RegionCode, PostalCode: c.Address.PostalCode, Locality: c.Address.Locality,
			AdministrativeArea: c.Address.AdministrativeArea, AddressLines: c.Address.AddressLines, Organization: c.OrgName,
		},
		Domain: c.Domain,
		PrimaryContactInfo: &cloudchannel.GoogleCloudChannelV1ContactInfo{
			FirstName: c.AdminFirstName, LastName: c.AdminLastName, Email: c.PrimaryEmail, Phone: c.Phone,
		},
		AlternateEmail: c.AlternateEmail,
		CorrelationId:  c.CRMID,
		LanguageCode:   c.Language,
	}
}

func identityInfo(c model.Customer) *cloudchannel.GoogleCloudChannelV1CloudIdentityInfo {
	info := &cloudchannel.GoogleCloudChannelV1CloudIdentityInfo{
		CustomerType: strings.ToUpper(string(c.Kind)), AlternateEmail: c.AlternateEmail, PhoneNumber: c.Phone,
		LanguageCode: c.Language,
	}
	if c.Education != nil {
		info.EduData = &cloudchannel.GoogleCloudChannelV1EduData{InstituteType: c.Education.InstituteType,
			InstituteSize: c.Education.InstituteSize, Website: c.Education.Website}
	}
	return info
}

func fromAPI(c *cloudchannel.GoogleCloudChannelV1Customer) model.GoogleCustomer {
	out := model.GoogleCustomer{Name: c.Name, CloudIdentityID: c.CloudIdentityId, OrgDisplayName: c.OrgDisplayName, Domain: c.Domain,
		AlternateEmail: c.AlternateEmail, LanguageCode: c.LanguageCode, CorrelationID: c.CorrelationId, UpdateTime: c.UpdateTime}
	if ci := c.CloudIdentityInfo; ci != nil {
		out.CustomerType, out.PrimaryDomain, out.DomainVerified = ci.CustomerType, ci.PrimaryDomain, ci.IsDomainVerified
	}
	if a := c.OrgPostalAddress; a != nil {
		out.Address = model.Address{RegionCode: a.RegionCode, PostalCode: a.PostalCode, Locality: a.Locality,
			AdministrativeArea: a.AdministrativeArea, AddressLines: a.AddressLines}
	}
	if p := c.PrimaryContactInfo; p != nil {
		out.FirstName, out.LastName, out.Email, out.Phone = p.FirstName, p.LastName, p.Email, p.Phone
	}
	return out
}

// Backoff is the wait before poll n (0-based) of an operation: 0.5 s
// doubling to 8 s.
func Backoff(n int) time.Duration {
	d := 500 * time.Millisecond << min(n, 4)
	return d
}
