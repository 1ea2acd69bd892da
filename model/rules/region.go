package rules

import (
	"net/url"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve the same on every host

	"golang.org/x/text/language"
)

// iso3166 holds exactly the 249 officially assigned ISO 3166-1 alpha-2 codes;
// golang.org/x/text accepts more (UK, YU, SU …), which Google refuses.
const iso3166 = "" +
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
	"BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
	"DE DJ DK DM DO DZ " +
	"EC EE EG EH ER ES ET " +
	"FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
	"HK HM HN HR HT HU " +
	"ID IE IL IM IN IO IQ IR IS IT " +
	"JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ " +
	"LA LB LC LI LK LR LS LT LU LV LY " +
	"MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ " +
	"OM " +
	"PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
	"QA " +
	"RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
	"TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ " +
	"VA VC VE VG VI VN VU " +
	"WF WS " +
	"YE YT " +
	"ZA ZM ZW"

// Regions returns the ISO 3166-1 alpha-2 codes in alphabetical order.
func Regions() []string { return strings.Fields(iso3166) }

// IsRegion reports whether code (upper case) is an assigned ISO 3166-1 code.
func IsRegion(code string) bool {
	return len(code) == 2 && strings.Contains(iso3166, code) && strings.Index(iso3166, code)%3 == 0
}

// NormalizeRegion returns the upper-case ISO 3166-1 alpha-2 code.
func NormalizeRegion(raw string) (string, error) {
	s := strings.ToUpper(strings.TrimSpace(raw))
	if !IsRegion(s) {
		return "", fail(CodeInvalidRegion, "value", Sanitize(strings.TrimSpace(raw)))
	}
	return s, nil
}

// NormalizeLanguage returns the canonical BCP 47 form of a language tag.
func NormalizeLanguage(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if len(s) > 35 || s == "" {
		return "", fail(CodeInvalidLanguage, "value", Sanitize(s))
	}
	tag, err := language.Parse(s)
	if err != nil || tag == language.Und {
		return "", fail(CodeInvalidLanguage, "value", Sanitize(s))
	}
	return tag.String(), nil
}

// NormalizeTimeZone checks an IANA time zone name.
func NormalizeTimeZone(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	if s == "" || s == "Local" || len(s) > 64 || strings.Contains(s, "..") {
		return "", fail(CodeInvalidTimeZone, "value", Sanitize(s))
	}
	if _, err := time.LoadLocation(s); err != nil {
		return "", fail(CodeInvalidTimeZone, "value", Sanitize(s))
	}
	return s, nil
}

// NormalizeWebsite returns an http(s) URL with a valid host; "school.nl"
// becomes "https://school.nl".
func NormalizeWebsite(raw string) (string, error) {
	s, err := CleanText(raw, 255)
	if err != nil {
		return "", err
	}
	in := s
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Host == "" {
		return "", fail(CodeInvalidURL, "value", in)
	}
	host, err := NormalizeHost(u.Hostname())
	if err != nil || u.Port() != "" {
		return "", fail(CodeInvalidURL, "value", in)
	}
	u.Host = host
	u.Scheme = strings.ToLower(u.Scheme)
	return u.String(), nil
}
