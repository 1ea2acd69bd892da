package rules

import "golang.org/x/net/publicsuffix"

// consumerDomains are the domains of free and internet-provider mail
// services. Their mailboxes belong to the service, whose own domain a
// reseller cannot claim for a customer: Google refuses to create a
// Workspace for them, and the attempt would only fail at the push.
var consumerDomains = setOf(
	// International webmail.
	"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
	"yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
	"protonmail.com", "zoho.com", "mail.com", "gmx.com", "gmx.net", "yandex.com", "yandex.ru",
	"mail.ru",
	// The Netherlands and Belgium.
	"ziggo.nl", "kpnmail.nl", "kpnplanet.nl", "hotmail.nl", "live.nl", "outlook.nl", "xs4all.nl",
	"planet.nl", "home.nl", "chello.nl", "casema.nl", "upcmail.nl", "tele2.nl", "hetnet.nl",
	"quicknet.nl", "zeelandnet.nl", "telfort.nl", "versatel.nl", "online.nl", "yahoo.nl",
	"telenet.be", "skynet.be", "proximus.be", "hotmail.be", "live.be",
	// Germany, Austria and Switzerland.
	"gmx.de", "gmx.at", "gmx.ch", "web.de", "t-online.de", "freenet.de", "arcor.de", "posteo.de",
	"mail.de", "hotmail.de", "outlook.de", "yahoo.de", "live.de", "bluewin.ch",
	// France, Italy, Spain and the United Kingdom.
	"orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "laposte.net", "hotmail.fr", "live.fr",
	"yahoo.fr", "libero.it", "virgilio.it", "alice.it", "tiscali.it", "hotmail.it", "yahoo.it",
	"telefonica.net", "hotmail.es", "yahoo.es", "hotmail.co.uk", "yahoo.co.uk", "btinternet.com",
	"sky.com", "virginmedia.com", "talktalk.net",
)

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// ConsumerDomain reports whether the normalised domain d belongs to a free
// or internet-provider mail service (a subdomain of one counts too).
func ConsumerDomain(d string) bool {
	if consumerDomains[d] {
		return true
	}
	reg, err := publicsuffix.EffectiveTLDPlusOne(d)
	return err == nil && consumerDomains[reg]
}
