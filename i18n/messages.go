package i18n

import (
	"strings"

	"golang.org/x/text/language"
)

// en and nl are the catalogs: the same keys in both (a test checks it).
// "rule.<code>" are the rule problems of model/rules, with {name}
// placeholders the problem's parameters fill; "reason.<text>" are the
// reasons a domain or email address is refused. The Dutch follows the
// Partner Sales Console's own terms.

var en = map[string]string{
	"rule.required":                    "is required",
	"rule.too_long":                    "must be at most {max} characters (it has {len})",
	"rule.unsafe_text":                 "must not contain control, bidi or invisible characters (found {char})",
	"rule.invalid_utf8":                "is not valid UTF-8 text",
	"rule.invalid_domain":              "{value} is not a valid domain name: {reason}",
	"rule.public_suffix":               "{value} is a public suffix, not a registered domain; enter the customer's own domain",
	"rule.consumer_domain":             "{value} belongs to a mail service, whose addresses are its users' and not a company's own domain; enter the domain the customer owns",
	"rule.unknown_tld":                 "{value} does not end in a known top-level domain",
	"rule.invalid_email":               "{value} is not a valid email address: {reason}",
	"rule.email_not_in_domain":         "must be an address in the customer's domain {domain}",
	"rule.email_in_domain":             "must not be in the customer's domain {domain}",
	"rule.invalid_phone":               "{value} is not a valid phone number; use the international form, like +31 20 123 4567",
	"rule.invalid_region":              "{value} is not an ISO 3166-1 country code (two letters, like NL or GB)",
	"rule.invalid_choice":              "{value} is not one of {options}",
	"rule.invalid_url":                 "{value} is not a web address (like https://school.example.org)",
	"rule.invalid_id":                  "must be letters and digits only (at most {max})",
	"rule.invalid_date":                "{value} is not a date in the form YYYY-MM-DD",
	"rule.date_in_future":              "{value} is in the future",
	"rule.token_expired":               "was generated {days} days ago; a transfer token expires 14 days after it was generated, so ask the customer for a new one",
	"rule.invalid_language":            "{value} is not a language tag (BCP 47, like nl or en-GB)",
	"rule.invalid_time_zone":           "{value} is not a time zone name (like Europe/Amsterdam)",
	"rule.prereq_nonprofits":           "customers on Google Workspace for Nonprofits cannot be added by a reseller",
	"rule.prereq_legacy_free":          "customers on the legacy free edition of G Suite cannot be added by a reseller",
	"rule.prereq_no_registered_domain": "the customer needs a registered domain before it can be added",
	"rule.prereq_no_permission":        "an import needs the customer's purchase permission (a transfer token from their super admin)",
	"rule.required_to_push":            "is required to push the customer to Google",
	"rule.domain_exists":               "a domain customer with domain {domain} already exists (customer {id})",
	"rule.team_exists":                 "a team customer with primary email {email} already exists (customer {id})",
	"rule.team_sku":                    "team customers can only buy Enterprise Essentials or Enterprise Essentials Plus until they verify their domain",
	"rule.invalid_seats":               "must be a whole number from {min} to {max}",
	"rule.invalid_time":                "{value} is not a time like 2026-01-31T09:30:00Z",
	"rule.duplicate_in_file":           "{value} is also on line {line}",
	"rule.unknown_column":              "is not a column onboard knows; the columns are {columns}",
	"rule.missing_column":              "column is missing; the file needs the columns {columns}",
	"rule.repeated_column":             "column appears twice in the header",
	"rule.csv_syntax":                  "the file is not valid CSV here: {reason}",
	"rule.empty_file":                  "the file is empty; the first line must name the columns",
	"rule.no_rows":                     "the file names its columns but holds no customers",
	"rule.row_too_long":                "this row goes on for more than {max} bytes, longer than any customer can be (is it a CSV file?); it starts {start}",
	"rule.cell_too_long":               "the cell has more than {max} bytes, longer than any field can be",
	"rule.too_many_columns":            "the header has {n} columns, more than the {max} a file may have; the columns are {columns}",
	"rule.blank_lines":                 "more than {max} blank lines in a row from here (is it a CSV file?); reading stopped",

	"cli.line":             "line {n}",
	"cli.more_problems":    "… and {n} more problems",
	"cli.nothing_imported": "nothing was imported; fix the file and run the import again",
	"cli.warning":          "warning",

	"reason.a label is not valid punycode":                                                                      "a label is not valid punycode",
	"reason.it needs a dot and a top-level domain, like example.com":                                            "it needs a dot and a top-level domain, like example.com",
	"reason.it has an empty label":                                                                              "it has an empty label",
	"reason.it contains a space":                                                                                "it contains a space",
	"reason.use only the domain, like example.com":                                                              "use only the domain, like example.com",
	"reason.it is longer than 253 characters":                                                                   "it is longer than 253 characters",
	"reason.a label starts or ends with a hyphen":                                                               "a label starts or ends with a hyphen",
	"reason.a label is longer than 63 characters":                                                               "a label is longer than 63 characters",
	"reason.it contains characters a domain name cannot have":                                                   "it contains characters a domain name cannot have",
	"reason.enter one bare address like name@example.com, without a name, quotes or spaces":                     "enter one bare address like name@example.com, without a name, quotes or spaces",
	"reason.it needs exactly one @":                                                                             "it needs exactly one @",
	"reason.the part before @ is empty":                                                                         "the part before @ is empty",
	"reason.the part before @ is longer than 64 characters":                                                     "the part before @ is longer than 64 characters",
	"reason.the part before @ starts with a dot":                                                                "the part before @ starts with a dot",
	"reason.the part before @ ends with a dot":                                                                  "the part before @ ends with a dot",
	"reason.the part before @ has two dots in a row":                                                            "the part before @ has two dots in a row",
	"reason.the part before @ holds {char}; it may only hold letters a–z, digits, dots and !#$%&'*+/=?^_`{|}~-": "the part before @ holds {char}; it may only hold letters a–z, digits, dots and !#$%&'*+/=?^_`{|}~-",
	"reason.the domain after @ is not valid: {detail}":                                                          "the domain after @ is not valid: {detail}",
	"reason.the domain after @ does not end in a known top-level domain":                                        "the domain after @ does not end in a known top-level domain",
	"reason.it is an IP address; enter a domain name like example.com":                                          "it is an IP address; enter a domain name like example.com",
	"reason.it contains {char}: emoji and other symbols cannot be part of a domain name":                        "it contains {char}: emoji and other symbols cannot be part of a domain name",
	"reason.the domain after @ is not valid":                                                                    "the domain after @ is not valid",
	"reason.it is longer than 254 characters":                                                                   "it is longer than 254 characters",
}

var nl = map[string]string{
	"rule.required":                    "is verplicht",
	"rule.too_long":                    "mag hoogstens {max} tekens hebben (het zijn er {len})",
	"rule.unsafe_text":                 "mag geen stuur-, richtings- of onzichtbare tekens bevatten (gevonden: {char})",
	"rule.invalid_utf8":                "is geen geldige UTF-8-tekst",
	"rule.invalid_domain":              "{value} is geen geldige domeinnaam: {reason}",
	"rule.public_suffix":               "{value} is een publiek achtervoegsel, geen geregistreerd domein; vul het eigen domein van de klant in",
	"rule.consumer_domain":             "{value} hoort bij een maildienst: de adressen daar zijn van de gebruikers van die dienst, het is niet het eigen domein van een bedrijf; vul het domein in dat de klant bezit",
	"rule.unknown_tld":                 "{value} eindigt niet op een bekend topleveldomein",
	"rule.invalid_email":               "{value} is geen geldig e-mailadres: {reason}",
	"rule.email_not_in_domain":         "moet een adres in het domein van de klant zijn ({domain})",
	"rule.email_in_domain":             "mag niet in het domein van de klant liggen ({domain})",
	"rule.invalid_phone":               "{value} is geen geldig telefoonnummer; gebruik de internationale vorm, zoals +31 20 123 4567",
	"rule.invalid_region":              "{value} is geen ISO 3166-1-landcode (twee letters, zoals NL of GB)",
	"rule.invalid_choice":              "{value} is niet een van {options}",
	"rule.invalid_url":                 "{value} is geen webadres (zoals https://school.example.org)",
	"rule.invalid_id":                  "mag alleen letters en cijfers bevatten (hoogstens {max})",
	"rule.invalid_date":                "{value} is geen datum in de vorm JJJJ-MM-DD",
	"rule.date_in_future":              "{value} ligt in de toekomst",
	"rule.token_expired":               "is {days} dagen geleden gegenereerd; een overdrachtstoken verloopt 14 dagen na het genereren, vraag de klant dus om een nieuwe",
	"rule.invalid_language":            "{value} is geen taalcode (BCP 47, zoals nl of en-GB)",
	"rule.invalid_time_zone":           "{value} is geen tijdzonenaam (zoals Europe/Amsterdam)",
	"rule.prereq_nonprofits":           "klanten met Google Workspace for Nonprofits kunnen niet door een reseller worden toegevoegd",
	"rule.prereq_legacy_free":          "klanten met de verouderde gratis versie van G Suite kunnen niet door een reseller worden toegevoegd",
	"rule.prereq_no_registered_domain": "de klant heeft een geregistreerd domein nodig voordat die kan worden toegevoegd",
	"rule.prereq_no_permission":        "importeren vraagt de aankooptoestemming van de klant (een overdrachtstoken van hun superbeheerder)",
	"rule.required_to_push":            "is verplicht om de klant naar Google te sturen",
	"rule.domain_exists":               "er bestaat al een domeinklant met domein {domain} (klant {id})",
	"rule.team_exists":                 "er bestaat al een teamklant met primair e-mailadres {email} (klant {id})",
	"rule.team_sku":                    "teamklanten kunnen alleen Enterprise Essentials of Enterprise Essentials Plus kopen tot ze hun domein hebben geverifieerd",
	"rule.invalid_seats":               "moet een geheel getal van {min} tot en met {max} zijn",
	"rule.invalid_time":                "{value} is geen tijdstip zoals 2026-01-31T09:30:00Z",
	"rule.duplicate_in_file":           "{value} staat ook op regel {line}",
	"rule.unknown_column":              "is geen kolom die onboard kent; de kolommen zijn {columns}",
	"rule.missing_column":              "kolom ontbreekt; het bestand heeft de kolommen {columns} nodig",
	"rule.repeated_column":             "kolom staat twee keer in de kopregel",
	"rule.csv_syntax":                  "het bestand is hier geen geldige CSV: {reason}",
	"rule.empty_file":                  "het bestand is leeg; de eerste regel moet de kolommen noemen",
	"rule.no_rows":                     "het bestand noemt zijn kolommen maar bevat geen klanten",
	"rule.row_too_long":                "deze rij is langer dan {max} bytes, langer dan een klant kan zijn (is het een CSV-bestand?); ze begint met {start}",
	"rule.cell_too_long":               "de cel heeft meer dan {max} bytes, langer dan een veld kan zijn",
	"rule.too_many_columns":            "de kopregel heeft {n} kolommen, meer dan de {max} die een bestand mag hebben; de kolommen zijn {columns}",
	"rule.blank_lines":                 "meer dan {max} lege regels achter elkaar vanaf hier (is het een CSV-bestand?); het lezen is gestopt",

	"cli.line":             "regel {n}",
	"cli.more_problems":    "… en nog {n} problemen",
	"cli.nothing_imported": "er is niets geïmporteerd; verbeter het bestand en importeer opnieuw",
	"cli.warning":          "waarschuwing",

	"reason.a label is not valid punycode":                                                                      "een deel is geen geldige punycode",
	"reason.it needs a dot and a top-level domain, like example.com":                                            "er moeten een punt en een topleveldomein in staan, zoals voorbeeld.nl",
	"reason.it has an empty label":                                                                              "er is een leeg deel",
	"reason.it contains a space":                                                                                "er staat een spatie in",
	"reason.use only the domain, like example.com":                                                              "vul alleen het domein in, zoals voorbeeld.nl",
	"reason.it is longer than 253 characters":                                                                   "het is langer dan 253 tekens",
	"reason.a label starts or ends with a hyphen":                                                               "een deel begint of eindigt met een streepje",
	"reason.a label is longer than 63 characters":                                                               "een deel is langer dan 63 tekens",
	"reason.it contains characters a domain name cannot have":                                                   "er staan tekens in die een domeinnaam niet kan hebben",
	"reason.enter one bare address like name@example.com, without a name, quotes or spaces":                     "vul één kaal adres in zoals naam@voorbeeld.nl, zonder naam, aanhalingstekens of spaties",
	"reason.it needs exactly one @":                                                                             "er moet precies één @ in staan",
	"reason.the part before @ is empty":                                                                         "het deel voor de @ is leeg",
	"reason.the part before @ is longer than 64 characters":                                                     "het deel voor de @ is langer dan 64 tekens",
	"reason.the part before @ starts with a dot":                                                                "het deel voor de @ begint met een punt",
	"reason.the part before @ ends with a dot":                                                                  "het deel voor de @ eindigt op een punt",
	"reason.the part before @ has two dots in a row":                                                            "het deel voor de @ heeft twee punten achter elkaar",
	"reason.the part before @ holds {char}; it may only hold letters a–z, digits, dots and !#$%&'*+/=?^_`{|}~-": "het deel voor de @ bevat {char}; het mag alleen letters a–z, cijfers, punten en !#$%&'*+/=?^_`{|}~- bevatten",
	"reason.the domain after @ is not valid: {detail}":                                                          "het domein na de @ is niet geldig: {detail}",
	"reason.the domain after @ does not end in a known top-level domain":                                        "het domein na de @ eindigt niet op een bekend topleveldomein",
	"reason.it is an IP address; enter a domain name like example.com":                                          "het is een IP-adres; vul een domeinnaam in, zoals voorbeeld.nl",
	"reason.it contains {char}: emoji and other symbols cannot be part of a domain name":                        "er staat {char} in: emoji en andere symbolen kunnen geen deel van een domeinnaam zijn",
	"reason.the domain after @ is not valid":                                                                    "het domein na de @ is niet geldig",
	"reason.it is longer than 254 characters":                                                                   "het is langer dan 254 tekens",
}

// Say returns the message under key in language t with its {name}
// placeholders filled from kv (name, value, name, value…).
func Say(t language.Tag, key string, kv ...string) string {
	s, ok := Text(t, key)
	if !ok {
		s = key
	}
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}
