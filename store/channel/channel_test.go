package channel_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onboard/store/channel"
	"onboard/store/channel/channeltest"
)

// The service-account flow signs a JWT for the admin subject with the
// apps.order scope, trades it at the key's token endpoint, and sends the
// token to the API.
func TestServiceAccountJWT(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.Form.Get("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
			http.Error(w, "grant_type", 400)
			return
		}
		parts := strings.Split(r.Form.Get("assertion"), ".")
		if len(parts) != 3 {
			http.Error(w, "assertion", 400)
			return
		}
		sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		if err := rsa.VerifyPKCS1v15(&key.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
			http.Error(w, "signature", 401)
			return
		}
		payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
		json.Unmarshal(payload, &claims)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"access_token":"tok-123","token_type":"Bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	pemKey := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	sa, _ := json.Marshal(map[string]string{"type": "service_account", "client_email": "onboard@reseller.iam.gserviceaccount.com",
		"private_key_id": "k1", "private_key": string(pemKey), "token_uri": tokens.URL, "client_id": "1"})
	file := filepath.Join(t.TempDir(), "sa.json")
	os.WriteFile(file, sa, 0o600)

	fake := channeltest.New("C0reseller")
	defer fake.Close()
	g, err := channel.New(context.Background(), channel.Config{AccountID: "C0reseller", CredentialsFile: file,
		AdminSubject: "admin@reseller.example", Endpoint: fake.Endpoint()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.CheckExists(context.Background(), "acme.nl", ""); err != nil {
		t.Fatal(err)
	}
	if claims["sub"] != "admin@reseller.example" || claims["scope"] != channel.Scope || claims["iss"] != "onboard@reseller.iam.gserviceaccount.com" || claims["aud"] != tokens.URL {
		t.Fatalf("claims %v", claims)
	}
	if reqs := fake.Requests(); len(reqs) != 1 || reqs[0].Auth != "Bearer tok-123" {
		t.Fatalf("requests %+v", reqs)
	}
}

// Credentials may be left out only for an endpoint on this machine; a
// missing admin subject is refused.
func TestConfigRefusals(t *testing.T) {
	ctx := context.Background()
	for _, cfg := range []channel.Config{
		{},
		{AccountID: "C0x"},
		{AccountID: "C0x", Endpoint: "https://proxy.example.com/"},
		{AccountID: "C0x", CredentialsFile: "/nonexistent.json"},
	} {
		if _, err := channel.New(ctx, cfg); err == nil {
			t.Errorf("%+v was accepted", cfg)
		}
	}
	for _, ep := range []string{"http://127.0.0.1:1/", "http://localhost:8080/", "http://[::1]:9/"} {
		if _, err := channel.New(ctx, channel.Config{AccountID: "C0x", Endpoint: ep}); err != nil {
			t.Errorf("%s: %v", ep, err)
		}
	}
}

// Errors carry the API's error.status, read from the body.
func TestErrorStatusFromBody(t *testing.T) {
	fake := channeltest.New("C0reseller")
	defer fake.Close()
	g, _ := channel.New(context.Background(), channel.Config{AccountID: "C0other", Endpoint: fake.Endpoint()})
	_, err := g.CheckExists(context.Background(), "acme.nl", "")
	var ce *channel.Error
	// Another reseller's account is a configuration fault: the key to fix is named.
	if !strings.Contains(err.Error(), "account_id") || !asError(err, &ce) || ce.Status != "PERMISSION_DENIED" || ce.HTTP != 403 ||
		channel.Classify(err) != channel.ClassConfig {
		t.Fatalf("%v", err)
	}
	fake.Account = "C0other"
	fake.FailNext["checkCloud"] = "ABORTED" // a 409 that is not ALREADY_EXISTS
	_, err = g.CheckExists(context.Background(), "acme.nl", "")
	if !asError(err, &ce) || ce.Status != "ABORTED" || !ce.Retryable() || !channel.Unknown(err) {
		t.Fatalf("%v", err)
	}
}

func asError(err error, target **channel.Error) bool {
	e, ok := err.(*channel.Error)
	if ok {
		*target = e
	}
	return ok
}
