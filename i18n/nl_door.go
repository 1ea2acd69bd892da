package i18n

// nlDoor is the Dutch of the SSH server's front door, the checks on the
// files onboard serve trusts, and the [google] limits in the config.
var nlDoor = map[string]string{
	"onboard: the server is full (%d people logged in); try again in a moment.":                                                   "onboard: de server is vol (%d mensen ingelogd); probeer het zo opnieuw.",
	"onboard: %d person is logged in from your address already, the most the server allows; try again when they have logged out.": "onboard: vanaf uw adres is al %d persoon ingelogd, het meeste dat de server toestaat; probeer het opnieuw als die is uitgelogd.",
	"onboard: %d people are logged in from your address already, the most the server allows; try again when one has logged out.":  "onboard: vanaf uw adres zijn al %d mensen ingelogd, het meeste dat de server toestaat; probeer het opnieuw als er een is uitgelogd.",
	"ssh: login refused":                            "ssh: inloggen geweigerd",
	"%q is not a size like 8MiB, 512KiB or 1048576": "%q is geen grootte zoals 8MiB, 512KiB of 1048576",
	"config %s: google.timeout %s must be from 1s to 10m (how long one call to Google may take, answer included; default 30s)": "config %s: google.timeout %s moet van 1s tot 10m zijn (hoe lang één aanroep naar Google mag duren, antwoord inbegrepen; standaard 30s)",
	"config %s: google.max_response %d bytes must be from 64KiB to 1GiB (the longest answer from Google read; default 8MiB)":   "config %s: google.max_response %d bytes moet van 64KiB tot 1GiB zijn (het langste antwoord van Google dat gelezen wordt; standaard 8MiB)",
	"config %s: %s %d must be from 1 to 100000": "config %s: %s %d moet van 1 tot 100000 zijn",
	"check %s: %w": "controleer %s: %w",
	"%s belongs to %s, not to %s (who runs onboard) or root, who could change it: chown %s %s":                                                 "%s is van %s, niet van %s (die onboard draait) of root, en die kan het wijzigen: chown %s %s",
	"the directory %s above %s belongs to %s, not to %s (who runs onboard) or root, who could replace the file: chown %s %s, or move the file": "de map %s boven %s is van %s, niet van %s (die onboard draait) of root, en die kan het bestand vervangen: chown %s %s, of verplaats het bestand",
	"the directory %s above %s can be written by others (mode %04o), who could replace the file: chmod go-w %s":                                "in de map %s boven %s kunnen anderen schrijven (modus %04o), en die kunnen het bestand vervangen: chmod go-w %s",
	"authorized keys: %w":        "geautoriseerde sleutels: %w",
	"config: %w":                 "configuratie: %w",
	"the Google credentials: %w": "de Google-inloggegevens: %w",
	"the idempotency key %q was used for customer %s, %s (%s), created with other details (%s differ): use a new key for another customer, or the same details to retry": "de idempotentiesleutel %q is gebruikt voor klant %s, %s (%s), gemaakt met andere gegevens (%s verschillen): gebruik een nieuwe sleutel voor een andere klant, of dezelfde gegevens om het opnieuw te proberen",
	"read how customer %s was created: %w": "lezen hoe klant %s is gemaakt: %w",
}
