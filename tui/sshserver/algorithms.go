package sshserver

import (
	"crypto/rsa"
	"slices"
	"strings"

	gossh "golang.org/x/crypto/ssh"
)

// MinRSABits is the shortest RSA user key the server accepts; shorter ones
// can be factored by a determined attacker.
const MinRSABits = 2048

// serverConfig is the handshake's configuration: modern algorithms only.
// x/crypto's defaults still offer diffie-hellman-group14-sha1, hmac-sha1
// and ssh-rsa (SHA-1) signatures for old clients; every OpenSSH since 7.2
// speaks what is left.
func serverConfig(maxAuthTries int) *gossh.ServerConfig {
	a := gossh.SupportedAlgorithms()
	return &gossh.ServerConfig{
		Config: gossh.Config{
			KeyExchanges: withoutSHA1(a.KeyExchanges),
			Ciphers:      a.Ciphers,
			MACs:         withoutSHA1(a.MACs),
		},
		PublicKeyAuthAlgorithms: withoutSHA1(a.PublicKeyAuths),
		MaxAuthTries:            maxAuthTries,
	}
}

func withoutSHA1(names []string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool {
		return strings.Contains(n, "sha1") || n == gossh.KeyAlgoRSA
	})
}

// rsaBits is the length of an RSA key's modulus; ok is false for a key that
// is not RSA.
func rsaBits(key gossh.PublicKey) (bits int, ok bool) {
	ck, isCrypto := key.(gossh.CryptoPublicKey)
	if !isCrypto {
		return 0, false
	}
	pk, isRSA := ck.CryptoPublicKey().(*rsa.PublicKey)
	if !isRSA {
		return 0, false
	}
	return pk.N.BitLen(), true
}
