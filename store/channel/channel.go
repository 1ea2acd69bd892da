// Package channel talks to Google's Cloud Channel API for onboard: check
// whether a Cloud Identity account exists, create a customer and provision
// its Cloud Identity (a long-running operation), import a customer, read
// one back. Errors come back in the user's words, from the API's
// error.status (HTTP 409 and 400 each mean more than one thing).
package channel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"
	"golang.org/x/text/language"
	"google.golang.org/api/cloudchannel/v1"
	"google.golang.org/api/googleapi"
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
}

// Configured reports whether Google is set up at all.
func (c Config) Configured() bool { return c.AccountID != "" }

// Client is what onboard asks of Google; Google implements it, tests may
// replace it.
type Client interface {
	CheckExists(ctx context.Context, domain, primaryEmail string) ([]model.GoogleAccount, error)
	FindByDomain(ctx context.Context, domain string) ([]model.GoogleCustomer, error)
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
	return &Google{svc: svc, account: "accounts/" + cfg.AccountID}, nil
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
	resp, err := g.svc.Accounts.CheckCloudIdentityAccountsExist(g.account, &cloudchannel.GoogleCloudChannelV1CheckCloudIdentityAccountsExistRequest{
		Domain: domain, PrimaryAdminEmail: primaryEmail,
	}).Context(ctx).Do()
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

// FindByDomain lists this reseller's customers with the domain.
func (g *Google) FindByDomain(ctx context.Context, domain string) ([]model.GoogleCustomer, error) {
	var out []model.GoogleCustomer
	err := g.svc.Accounts.Customers.List(g.account).Filter(fmt.Sprintf("domain = %q", domain)).PageSize(50).Pages(ctx,
		func(r *cloudchannel.GoogleCloudChannelV1ListCustomersResponse) error {
			for _, c := range r.Customers {
				out = append(out, fromAPI(c))
			}
			return nil
		})
	if err != nil {
		return nil, wrap(i18n.M("look up %s at Google"), err, domain)
	}
	return out, nil
}

// Create is customers.create.
func (g *Google) Create(ctx context.Context, c model.Customer, validateOnly bool) (model.GoogleCustomer, error) {
	if validateOnly {
		// customers.create has no validate-only mode; provisioning has.
		return model.GoogleCustomer{}, nil
	}
	out, err := g.svc.Accounts.Customers.Create(g.account, toAPI(c)).Context(ctx).Do()
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
	op, err := g.svc.Accounts.Customers.ProvisionCloudIdentity(name, req).Context(ctx).Do()
	if err != nil {
		return "", wrap(i18n.M("provision the customer's Cloud Identity"), err)
	}
	return op.Name, nil
}

// Operation is operations.get: done, or the operation's error.
func (g *Google) Operation(ctx context.Context, name string) (bool, error) {
	op, err := g.svc.Operations.Get(name).Context(ctx).Do()
	if err != nil {
		return false, wrap(i18n.M("follow the provisioning"), err)
	}
	if op.Error != nil {
		return true, &Error{Status: codeName(op.Error.Code), Message: op.Error.Message, Op: i18n.M("provision the customer's Cloud Identity")}
	}
	return op.Done, nil
}

// Import is customers.import: by Cloud Identity ID for a team customer (or
// when known), else by domain; overwriteIfExists is always sent.
func (g *Google) Import(ctx context.Context, c model.Customer, overwrite bool) (model.GoogleCustomer, error) {
	req := &cloudchannel.GoogleCloudChannelV1ImportCustomerRequest{
		AuthToken: c.TransferToken, OverwriteIfExists: overwrite, ForceSendFields: []string{"OverwriteIfExists"},
	}
	switch {
	case c.CloudIdentityID != "":
		req.CloudIdentityId = c.CloudIdentityID
	case c.Kind == model.KindTeam:
		return model.GoogleCustomer{}, &Error{Status: "INVALID_ARGUMENT", Op: i18n.M("import the customer"), Message: "a team customer is imported by its Cloud Identity ID"}
	default:
		req.Domain = c.Domain
	}
	out, err := g.svc.Accounts.Customers.Import(g.account, req).Context(ctx).Do()
	if err != nil {
		return model.GoogleCustomer{}, wrap(i18n.M("import the customer"), err)
	}
	return fromAPI(out), nil
}

// Get is customers.get.
func (g *Google) Get(ctx context.Context, name string) (model.GoogleCustomer, error) {
	out, err := g.svc.Accounts.Customers.Get(name).Context(ctx).Do()
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
		AlternateEmail: c.AlternateEmail, LanguageCode: c.LanguageCode, CorrelationID: c.CorrelationId}
	if a := c.OrgPostalAddress; a != nil {
		out.Address = model.Address{RegionCode: a.RegionCode, PostalCode: a.PostalCode, Locality: a.Locality,
			AdministrativeArea: a.AdministrativeArea, AddressLines: a.AddressLines}
	}
	if p := c.PrimaryContactInfo; p != nil {
		out.FirstName, out.LastName, out.Email, out.Phone = p.FirstName, p.LastName, p.Email, p.Phone
	}
	return out
}

// Error is a refusal from Google in the user's words.
type Error struct {
	Status  string // the API's error.status: INVALID_ARGUMENT, ALREADY_EXISTS, …
	Message string // the API's message
	Op      string // what onboard was doing: an English text of the catalog, with verbs for OpArgs
	OpArgs  []any
	HTTP    int
}

func (e *Error) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the refusal in language t; Google's own message stays as
// Google wrote it.
func (e *Error) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	msg, op := e.Message, l.T(e.Op, e.OpArgs...)
	switch e.Status {
	case "ALREADY_EXISTS":
		return l.T("Google already has this: %s", msg)
	case "INVALID_ARGUMENT":
		if expiredToken(msg) {
			return l.T("the transfer token is not valid or has expired: ask the customer's super admin for a new one")
		}
		return l.T("Google refused a value: %s", msg)
	case "PERMISSION_DENIED":
		if expiredToken(msg) {
			return l.T("the transfer token is not valid or has expired: ask the customer's super admin for a new one")
		}
		return l.T("this account is not allowed to %s: %s", op, msg)
	case "NOT_FOUND":
		return l.T("Google does not know it (check [google] account_id): %s", msg)
	case "UNAUTHENTICATED":
		return l.T("Google did not accept the credentials ([google] credentials_file, admin_subject): %s", msg)
	case "FAILED_PRECONDITION":
		return l.T("Google cannot %s yet: %s", op, msg)
	}
	switch {
	case e.HTTP == http.StatusTooManyRequests:
		return l.T("Google answered %d: too many requests, try again later (%s: %s)", e.HTTP, op, msg)
	case e.HTTP >= 500 && e.Retryable():
		return l.T("Google answered %d: try again later (%s: %s)", e.HTTP, op, msg)
	}
	if e.Retryable() {
		return l.T("Google could not %s just now (%s); try again: %s", op, e.Status, msg)
	}
	return l.T("could not %s: %s %s", op, e.Status, msg)
}

// Retryable reports whether the same request may succeed later.
func (e *Error) Retryable() bool {
	switch e.Status {
	case "UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL", "ABORTED", "RESOURCE_EXHAUSTED", "UNKNOWN":
		return true
	}
	return false
}

func expiredToken(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "token") && (strings.Contains(m, "expired") || strings.Contains(m, "invalid"))
}

// Unknown reports whether err leaves it open whether Google did what was
// asked (no answer, or a server error): such a call must be checked, not
// simply repeated.
func Unknown(err error) bool {
	var e *Error
	if errors.As(err, &e) {
		return e.Retryable()
	}
	var ue *url.Error
	var ne net.Error
	var na *NoAnswerError
	var tl *TooLargeError
	return errors.As(err, &na) || errors.As(err, &tl) || errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, context.DeadlineExceeded)
}

// wrap turns an API error into an *Error, reading error.status from the
// body: HTTP 409 is ALREADY_EXISTS or ABORTED, 400 INVALID_ARGUMENT or
// FAILED_PRECONDITION.
func wrap(op string, err error, args ...any) error {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		// The limits' own errors, without the URL the HTTP client adds.
		var na *NoAnswerError
		var tl *TooLargeError
		switch {
		case errors.As(err, &na):
			err = na
		case errors.As(err, &tl):
			err = tl
		}
		return &callError{op: op, args: args, err: err}
	}
	var body struct {
		Error struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
			Status  string `json:"status"`
		} `json:"error"`
	}
	e := &Error{Op: op, OpArgs: args, HTTP: ge.Code, Message: ge.Message}
	if json.Unmarshal([]byte(ge.Body), &body) == nil && body.Error.Status != "" {
		e.Status, e.Message = body.Error.Status, body.Error.Message
	} else {
		e.Status = map[int]string{http.StatusBadRequest: "INVALID_ARGUMENT", http.StatusUnauthorized: "UNAUTHENTICATED",
			http.StatusForbidden: "PERMISSION_DENIED", http.StatusNotFound: "NOT_FOUND", http.StatusConflict: "ABORTED",
			http.StatusTooManyRequests: "RESOURCE_EXHAUSTED", http.StatusServiceUnavailable: "UNAVAILABLE",
			http.StatusGatewayTimeout: "DEADLINE_EXCEEDED"}[ge.Code]
		if e.Status == "" {
			e.Status = "UNKNOWN"
			if ge.Code >= 500 {
				e.Status = "INTERNAL"
			}
		}
	}
	return e
}

// callError is a call that got no usable answer, with what onboard was
// doing, both in the user's language.
type callError struct {
	op   string
	args []any
	err  error
}

func (e *callError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *callError) ErrorIn(t language.Tag) string {
	return i18n.ErrorText(t, i18n.Errorf("%s: %w", i18n.New(t).T(e.op, e.args...), e.err))
}

func (e *callError) Unwrap() error { return e.err }

// codeName is the name of a google.rpc.Code.
func codeName(code int64) string {
	names := []string{"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
		"PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED",
		"INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"}
	if code >= 0 && int(code) < len(names) {
		return names[code]
	}
	return "UNKNOWN"
}

// Backoff is the wait before poll n (0-based) of an operation: 0.5 s
// doubling to 8 s.
func Backoff(n int) time.Duration {
	d := 500 * time.Millisecond << min(n, 4)
	return d
}
