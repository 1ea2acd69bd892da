package channel_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/i18n"
	"onboard/internal/walk"
	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// guarded runs call and fails the test when it has not ended within
// walk.Guard: a hang, not a slow machine.
func guarded(t *testing.T, call func() error) error {
	t.Helper()
	ended := make(chan error, 1)
	go func() { ended <- call() }()
	select {
	case err := <-ended:
		return err
	case <-time.After(walk.Guard):
		t.Fatal("the call to Google is still waiting")
		return nil
	}
}

// misbehaving is a fake whose every request goes to fn, and a client
// with the given limits.
func misbehaving(t *testing.T, cfg channel.Config, fn func(w http.ResponseWriter, r *http.Request)) *channel.Google {
	t.Helper()
	if cfg.Clock.Sleep == nil {
		// Backoff waits take no time here: the tests count calls, not seconds.
		cfg.Clock.Sleep = func(ctx context.Context, _ time.Duration) error { return ctx.Err() }
	}
	fake := channeltest.New("C0reseller")
	release := make(chan struct{})
	t.Cleanup(fake.Close)
	t.Cleanup(func() { close(release) }) // before Close, which waits for the handlers
	fake.Misbehave(func(w http.ResponseWriter, r *http.Request, _ map[string]any) bool {
		ctx, cancel := context.WithCancel(r.Context())
		defer cancel()
		go func() {
			select {
			case <-release: // the test is over
				cancel()
			case <-ctx.Done():
			}
		}()
		fn(w, r.WithContext(ctx))
		return true
	})
	cfg.AccountID, cfg.Endpoint = "C0reseller", fake.Endpoint()
	g, err := channel.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// A call that gets no answer ends at the per-call timeout, saying so; it
// is one where Google may have done the work.
func TestCallTimeout(t *testing.T) {
	g := misbehaving(t, channel.Config{Timeout: 50 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // never answers
	})
	err := guarded(t, func() error { _, err := g.CheckExists(context.Background(), "acme.nl", ""); return err })
	var na *channel.NoAnswerError
	if !errors.As(err, &na) || !channel.Unknown(err) || !strings.Contains(err.Error(), "no answer from Google within 50ms") {
		t.Fatalf("%v", err)
	}
	if nl := i18n.ErrorText(i18n.Dutch, err); !strings.Contains(nl, "geen antwoord van Google binnen 50ms") {
		t.Fatalf("Dutch: %s", nl)
	}
}

// The timeout covers the body too: headers and then silence ends the same.
func TestCallTimeoutInBody(t *testing.T) {
	g := misbehaving(t, channel.Config{Timeout: 50 * time.Millisecond}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"cloudIdentityAccounts": [`))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	err := guarded(t, func() error { _, err := g.CheckExists(context.Background(), "acme.nl", ""); return err })
	var na *channel.NoAnswerError
	if !errors.As(err, &na) || !channel.Unknown(err) {
		t.Fatalf("%v", err)
	}
}

// An endless answer is cut at the size limit and fails the call.
func TestEndlessBody(t *testing.T) {
	g := misbehaving(t, channel.Config{Timeout: 2 * walk.Guard, MaxResponse: 1 << 20}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name": "`))
		chunk := []byte(strings.Repeat("a", 64<<10))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	err := guarded(t, func() error { _, err := g.Get(context.Background(), "accounts/C0reseller/customers/S1"); return err })
	var tl *channel.TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 1<<20 || !channel.Unknown(err) || !strings.Contains(err.Error(), "longer than 1 MiB") {
		t.Fatalf("%v", err)
	}
}

// An answer at the limit is read whole.
func TestBodyAtLimit(t *testing.T) {
	body := `{"name": "accounts/C0reseller/customers/S1", "domain": "acme.nl"}`
	g := misbehaving(t, channel.Config{MaxResponse: int64(len(body))}, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	})
	got, err := g.Get(context.Background(), "accounts/C0reseller/customers/S1")
	if err != nil || got.Domain != "acme.nl" {
		t.Fatalf("%+v, %v", got, err)
	}
}

// 429, 500 and 503 are answers: the words say which, and that a later try
// may work; they are not "no answer".
func TestServerAnswers(t *testing.T) {
	for _, tc := range []struct {
		code        int
		status      string
		english, nl string
	}{
		{429, "RESOURCE_EXHAUSTED", "Google answered 429: too many requests, try again later", "Google antwoordde 429: te veel verzoeken, probeer het later opnieuw"},
		{500, "INTERNAL", "Google answered 500: try again later", "Google antwoordde 500: probeer het later opnieuw"},
		{503, "UNAVAILABLE", "Google answered 503: try again later", "Google antwoordde 503: probeer het later opnieuw"},
		{503, "", "Google answered 503: try again later", "Google antwoordde 503: probeer het later opnieuw"}, // a proxy's page, not the API's shape
	} {
		g := misbehaving(t, channel.Config{}, func(w http.ResponseWriter, r *http.Request) {
			if tc.status == "" {
				http.Error(w, "<html>Service Unavailable</html>", tc.code)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.code)
			w.Write([]byte(`{"error": {"code": ` + strconv.Itoa(tc.code) + `, "message": "Try later.", "status": "` + tc.status + `"}}`))
		})
		_, err := g.CheckExists(context.Background(), "acme.nl", "")
		var ce *channel.Error
		if !errors.As(err, &ce) || ce.HTTP != tc.code || !ce.Retryable() || !strings.Contains(err.Error(), tc.english) || strings.Contains(err.Error(), "no answer") {
			t.Errorf("%d %s: %v", tc.code, tc.status, err)
		}
		if nl := i18n.ErrorText(i18n.Dutch, err); !strings.Contains(nl, tc.nl) {
			t.Errorf("%d %s in Dutch: %s", tc.code, tc.status, nl)
		}
	}
}

// The token exchange goes through the same limits: a token endpoint that
// never answers ends the call at the timeout.
func TestTokenEndpointTimeout(t *testing.T) {
	release := make(chan struct{})
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(tokens.Close)
	t.Cleanup(func() { close(release) })
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "client_email": "onboard@reseller.iam.gserviceaccount.com",
		"private_key_id": "k1", "private_key": string(pemKey), "token_uri": tokens.URL, "client_id": "1"})
	file := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(file, sa, 0o600); err != nil {
		t.Fatal(err)
	}
	fake := channeltest.New("C0reseller")
	t.Cleanup(fake.Close)
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", CredentialsFile: file,
		AdminSubject: "admin@reseller.example", Endpoint: fake.Endpoint(), Timeout: 50 * time.Millisecond,
		Clock: channel.Clock{Sleep: func(context.Context, time.Duration) error { return nil }}})
	if err != nil {
		t.Fatal(err)
	}
	err = guarded(t, func() error { _, err := g.CheckExists(context.Background(), "acme.nl", ""); return err })
	var na *channel.NoAnswerError
	// No token, no API call: the call was not executed (and was retried).
	if !errors.As(err, &na) || channel.Classify(err) != channel.ClassNotExecuted {
		t.Fatalf("%v", err)
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("%d requests reached the API without a token", n)
	}
}
