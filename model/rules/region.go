package rules

import (
	"net/url"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // time zones must resolve the same on every host

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
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

// RegionOptions are the country picker's options in language t: the ISO
// code and the country's name in t (its English name where t has none),
// in t's alphabetical order, so that Łódź-like names sort where a reader
// of t looks for them.
func RegionOptions(t language.Tag) []Option {
	names := display.Regions(t)
	en := display.Regions(language.English)
	codes := Regions()
	out := make([]Option, 0, len(codes))
	for _, code := range codes {
		r := language.MustParseRegion(code)
		name := names.Name(r)
		if name == "" {
			name = en.Name(r)
		}
		if name == "" {
			name = code
		}
		out = append(out, Option{Value: code, Label: name})
	}
	col := collate.New(t, collate.IgnoreCase)
	sort.SliceStable(out, func(i, j int) bool { return col.CompareString(out[i].Label, out[j].Label) < 0 })
	return out
}

// RegionName is the name of the country with ISO code code in language t,
// or the code when it has none.
func RegionName(code string, t language.Tag) string {
	r, err := language.ParseRegion(code)
	if err != nil || !IsRegion(strings.ToUpper(code)) {
		return code
	}
	if n := display.Regions(t).Name(r); n != "" {
		return n
	}
	if n := display.Regions(language.English).Name(r); n != "" {
		return n
	}
	return code
}

// allIn reports whether every word of q is in name: "ver kon" finds
// "verenigd koninkrijk".
func allIn(name, q string) bool {
	words := strings.Fields(q)
	for _, w := range words {
		if !strings.Contains(name, w) {
			return false
		}
	}
	return len(words) > 1
}

// Countries is the country picker's list in one language, with the
// folded names it is searched by worked out once (a search runs on every
// key typed).
type Countries struct {
	opts []Option
	keys [][3]string // folded code, name in the language, English name
}

// NewCountries returns the countries named in language t (RegionOptions).
func NewCountries(t language.Tag) *Countries {
	c := &Countries{opts: RegionOptions(t)}
	for _, o := range c.opts {
		c.keys = append(c.keys, [3]string{Fold(o.Value), Fold(o.Label), Fold(RegionName(o.Value, language.English))})
	}
	return c
}

// All returns every country, in order.
func (c *Countries) All() []Option { return c.opts }

// Search returns the countries whose code, name or English name matches
// query, case and accents ignored: the exact code first, then names that
// start with the query, then names with a word that starts with it, then
// names that contain it. An empty query matches every country.
func (c *Countries) Search(query string) []Option {
	q := Fold(strings.TrimSpace(query))
	if q == "" {
		return c.opts
	}
	var code, prefix, word, inside []Option
	for i, o := range c.opts {
		k := c.keys[i]
		switch {
		case k[0] == q:
			code = append(code, o)
		case strings.HasPrefix(k[1], q) || strings.HasPrefix(k[2], q):
			prefix = append(prefix, o)
		case strings.Contains(k[1], " "+q) || strings.Contains(k[2], " "+q):
			word = append(word, o)
		case strings.Contains(k[1], q) || strings.Contains(k[2], q) || allIn(k[1], q) || allIn(k[2], q):
			inside = append(inside, o)
		}
	}
	return append(append(append(code, prefix...), word...), inside...)
}
