package channel

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/text/language"
	"google.golang.org/api/googleapi"

	"onboard/i18n"
)

// Error is a refusal from Google in the user's words.
type Error struct {
	Status  string // the API's error.status: INVALID_ARGUMENT, ALREADY_EXISTS, …
	Message string // the API's message
	Op      string // what onboard was doing: an English text of the catalog, with verbs for OpArgs
	OpArgs  []any
	HTTP    int
	// Reason is the ErrorInfo detail's reason (SERVICE_DISABLED,
	// ACCESS_TOKEN_SCOPE_INSUFFICIENT, …), "" when Google sent none.
	Reason string
	// RetryAfter is how long Google asked to wait (Retry-After header or a
	// RetryInfo detail); 0 when it said nothing.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the refusal in language t; Google's own message stays as
// Google wrote it.
func (e *Error) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	msg, op := e.Message, l.T(e.Op, e.OpArgs...)
	if key := e.configKey(); key != "" {
		return l.T("Google refused the configuration (%s): %s", l.T(key), msg)
	}
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

// configKey is the config setting to fix when the refusal is about
// onboard's configuration rather than the request, "" otherwise.
func (e *Error) configKey() string {
	switch {
	case e.Reason == "SERVICE_DISABLED" || e.Reason == "accessNotConfigured" || strings.Contains(e.Message, "has not been used in project") ||
		strings.Contains(e.Message, "is disabled"):
		return i18n.M("enable the Cloud Channel API (cloudchannel.googleapis.com) in the project of [google] credentials_file")
	case e.Status == "UNAUTHENTICATED":
		return i18n.M("[google] credentials_file: the service account key")
	case e.Reason == "ACCESS_TOKEN_SCOPE_INSUFFICIENT":
		return i18n.M("[google] admin_subject: grant domain-wide delegation with the apps.order scope")
	case e.Status == "PERMISSION_DENIED" && !expiredToken(e.Message):
		return i18n.M("[google] admin_subject must be a super admin of the reseller domain, and [google] account_id this reseller's Account ID")
	}
	return ""
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

// Class is what an error means for the request that met it.
type Class int

// The classes of a failed call, by what Google did with the request.
const (
	// ClassRefused: Google answered and did not do it; sending it again gets
	// the same answer. Its message goes to the user.
	ClassRefused Class = iota
	// ClassNotExecuted: Google did not do it (429, 503, no connection): the
	// same request may be sent again, after a wait.
	ClassNotExecuted
	// ClassUnknown: the request may have been done (no answer after sending,
	// a server error): look before sending it again.
	ClassUnknown
	// ClassConfig: onboard's configuration is wrong (credentials, delegation,
	// permissions, the API not enabled): nothing will work until the
	// named key is fixed.
	ClassConfig
)

// Classify says what err means for the call that met it.
func Classify(err error) Class {
	var e *Error
	var oe *OperationError
	var te *TokenError
	switch {
	case err == nil:
		return ClassRefused
	case errors.As(err, &oe):
		return ClassRefused // finished: polling it again changes nothing
	case errors.As(err, &te):
		return te.class()
	case errors.As(err, &e):
		switch {
		case e.configKey() != "":
			return ClassConfig
		case e.HTTP == http.StatusTooManyRequests || e.HTTP == http.StatusServiceUnavailable ||
			e.Status == "RESOURCE_EXHAUSTED" || e.Status == "UNAVAILABLE":
			return ClassNotExecuted
		case e.Retryable():
			return ClassUnknown
		}
		return ClassRefused
	case refusedConnection(err):
		return ClassNotExecuted
	}
	var ue *url.Error
	var ne net.Error
	var na *NoAnswerError
	var tl *TooLargeError
	if errors.As(err, &na) || errors.As(err, &tl) || errors.As(err, &ue) || errors.As(err, &ne) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
		return ClassUnknown
	}
	return ClassRefused
}

// Unknown reports whether err leaves it open whether Google did what was
// asked (no answer, or a server error): such a call must be checked, not
// simply repeated.
func Unknown(err error) bool { return Classify(err) == ClassUnknown }

// refusedConnection reports a request that never left this machine: the
// connection was refused or the address could not be resolved.
func refusedConnection(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// RetryAfter is how long Google asked to wait before the call is sent
// again (0: it did not say).
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// ConfigKey is the config setting to fix for a Config error, in English
// (a text of the catalog), "" for any other error.
func ConfigKey(err error) string {
	var te *TokenError
	if errors.As(err, &te) {
		return te.key()
	}
	var e *Error
	if errors.As(err, &e) {
		return e.configKey()
	}
	return ""
}

// OperationError is a long-running operation that finished with an
// error: it is over, so it is never polled again.
type OperationError struct {
	Status  string // google.rpc.Code name
	Message string
	Type    string // the metadata's operationType
}

func (e *OperationError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *OperationError) ErrorIn(t language.Tag) string {
	return i18n.New(t).T("Google's provisioning ended with an error (%s): %s", e.Status, e.Message)
}

// Again reports whether the operation's error says the work may succeed
// when it is started again (a transient failure on Google's side), as
// opposed to a refusal of what was asked.
func (e *OperationError) Again() bool {
	switch e.Status {
	case "UNAVAILABLE", "INTERNAL", "ABORTED", "UNKNOWN", "DEADLINE_EXCEEDED":
		return true
	}
	return false
}

// TokenError is a token exchange that failed: no request reached the
// API. A refusal by Google's token service is a configuration fault.
type TokenError struct {
	Code        string // RFC 6749 error: unauthorized_client, invalid_grant, …
	Description string
	HTTP        int
	Err         error
}

func (e *TokenError) Error() string { return e.ErrorIn(i18n.English) }

// ErrorIn is the error in language t.
func (e *TokenError) ErrorIn(t language.Tag) string {
	l := i18n.New(t)
	if k := e.key(); k != "" {
		return l.T("Google refused onboard's sign-in (%s %s): fix %s", e.Code, e.Description, l.T(k))
	}
	return l.T("could not sign in to Google (nothing was sent): %s", i18n.ErrorText(t, e.Err))
}

func (e *TokenError) Unwrap() error { return e.Err }

func (e *TokenError) key() string {
	switch {
	case e.Code == "unauthorized_client":
		return i18n.M("[google] admin_subject: grant domain-wide delegation with the apps.order scope")
	case e.Code == "invalid_grant":
		return i18n.M("[google] admin_subject: a user of the reseller domain")
	case e.Code == "invalid_client" || e.HTTP == http.StatusUnauthorized || (e.HTTP >= 400 && e.HTTP < 500):
		return i18n.M("[google] credentials_file: the service account key")
	}
	return ""
}

func (e *TokenError) class() Class {
	if e.key() != "" {
		return ClassConfig
	}
	return ClassNotExecuted
}

// tokenError turns the token library's error into a *TokenError.
func tokenError(err error) error {
	if err == nil {
		return nil
	}
	te := &TokenError{Err: err}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(re.Body, &body) == nil {
			te.Code, te.Description = body.Error, body.Description
		}
		if re.ErrorCode != "" {
			te.Code, te.Description = re.ErrorCode, re.ErrorDescription
		}
		if re.Response != nil {
			te.HTTP = re.Response.StatusCode
		}
	}
	return te
}

// wrap turns an API error into an *Error, reading error.status and the
// details from the body: HTTP 409 is ALREADY_EXISTS or ABORTED, 400
// INVALID_ARGUMENT or FAILED_PRECONDITION.
func wrap(op string, err error, args ...any) error {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		// The limits' own errors, without the URL the HTTP client adds.
		var na *NoAnswerError
		var tl *TooLargeError
		var te *TokenError
		switch {
		case errors.As(err, &te):
			err = te
		case errors.As(err, &na):
			err = na
		case errors.As(err, &tl):
			err = tl
		}
		return &callError{op: op, args: args, err: err}
	}
	var body struct {
		Error struct {
			Code    int               `json:"code"`
			Message string            `json:"message"`
			Status  string            `json:"status"`
			Details []json.RawMessage `json:"details"`
		} `json:"error"`
	}
	e := &Error{Op: op, OpArgs: args, HTTP: ge.Code, Message: ge.Message}
	if json.Unmarshal([]byte(ge.Body), &body) == nil && body.Error.Status != "" {
		e.Status, e.Message = body.Error.Status, body.Error.Message
		for _, d := range body.Error.Details {
			var info struct {
				Type       string `json:"@type"`
				Reason     string `json:"reason"`
				RetryDelay string `json:"retryDelay"`
			}
			if json.Unmarshal(d, &info) != nil {
				continue
			}
			switch {
			case strings.HasSuffix(info.Type, "google.rpc.ErrorInfo"):
				e.Reason = info.Reason
			case strings.HasSuffix(info.Type, "google.rpc.RetryInfo"):
				if d, err := time.ParseDuration(info.RetryDelay); err == nil && d > 0 {
					e.RetryAfter = d
				}
			}
		}
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
	if d := retryAfter(ge.Header.Get("Retry-After")); d > 0 {
		e.RetryAfter = d
	}
	return e
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date (then
// relative to the server's Date, never to this machine's clock).
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	return 0
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
