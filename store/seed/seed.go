// Package seed makes realistic demo customers: Dutch, English and other
// names, real-looking domains, some team and education customers, varied
// contact details and statuses. The same generator feeds "onboard seed" and
// the benchmarks, so both measure the same data.
package seed

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"onboard/model"
	"onboard/store/sqlite"
)

var (
	prefixes = []string{
		"Bakkerij", "Installatiebedrijf", "Tandartspraktijk", "Advocatenkantoor", "Huisartsenpraktijk",
		"Stichting", "Brouwerij", "Café", "Garage", "Kinderopvang", "Fysiotherapie", "Notariskantoor",
		"", "", "", "", "", "", "",
	}
	names = []string{
		"De Vries", "Jansen", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer", "De Boer", "Mulder",
		"De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Dijk", "Dekker", "Brouwer", "Van Leeuwen",
		"Smith", "Johnson", "Williams", "Brown", "Taylor", "Wilson", "Evans", "Thomas", "Roberts",
		"Müller", "Schäfer", "Østergaard", "Zoë", "Renée", "Gonçalves", "Nuñez", "Łukasiewicz", "Dvořák",
		"Acme", "Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Tech", "Atlas", "Nova", "Orion",
		"Noordzee", "Polder", "Windmolen", "Tulp", "Grachten", "Duin", "Zuid", "Oost", "Delta", "Lumen",
	}
	suffixes = []string{
		"B.V.", "Ltd", "GmbH", "& Zn.", "Advocaten", "Consultancy", "Holding", "Group", "Solutions", "Tech",
		"Partners", "Logistics", "Studio", "Media", "Bouw", "Zorg", "Software", "Design", "",
		"", "", "", "",
	}
	tlds    = []string{"nl", "nl", "nl", "com", "com", "be", "de", "co.uk", "eu", "org", "fr", "io"}
	regions = map[string]string{"nl": "NL", "be": "BE", "de": "DE", "co.uk": "GB", "fr": "FR"}
	cities  = map[string][]string{
		"NL": {"Amsterdam", "Rotterdam", "Utrecht", "Den Haag", "Eindhoven", "Groningen", "Zwolle", "Maastricht"},
		"BE": {"Antwerpen", "Gent", "Brussel", "Leuven"}, "DE": {"Berlin", "Köln", "München", "Hamburg"},
		"GB": {"London", "Manchester", "Leeds", "Bristol"}, "FR": {"Paris", "Lyon", "Lille"},
	}
	first     = []string{"Jan", "Anna", "Pieter", "Sophie", "Daan", "Emma", "Lucas", "Julia", "Tom", "Sarah", "Mohamed", "Fatima", "Oliver", "Amelia"}
	last      = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smith", "Jones", "El Amrani", "Yilmaz", "Müller", "Peeters"}
	streets   = []string{"Damrak", "Kerkstraat", "Dorpsstraat", "Stationsweg", "Hoofdstraat", "High Street", "Market Street", "Marktplein"}
	schools   = []string{"Basisschool", "Lyceum", "College", "Hogeschool", "Universiteit", "Academy", "School"}
	sizes     = []string{"SIZE_1_100", "SIZE_101_500", "SIZE_501_1000", "SIZE_1001_2000", "SIZE_2001_5000", "SIZE_5001_10000", "SIZE_10001_OR_MORE"}
	areaCodes = []string{"20", "10", "30", "70", "40", "50", "38", "43"}
	teams     = []string{"sales", "marketing", "support", "finance", "research", "design"}
)

// Customer returns the i-th demo customer; the same i always gives the same
// customer, and different i give different domains (and team emails).
func Customer(i int, now time.Time) model.Customer {
	r := rand.New(rand.NewPCG(uint64(i), 0x6f6e626f617264))
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	tld := pick(tlds)
	c := model.Customer{Kind: model.KindDomain, Origin: model.ModeCreate, Status: model.StatusLocal, ResellerID: "C0demo1234"}
	edu := r.IntN(100) < 7
	base := pick(names)
	if edu {
		c.OrgName = strings.TrimSpace(pick(schools) + " " + base)
		c.Education = &model.Education{InstituteType: []string{"K12", "UNIVERSITY"}[r.IntN(2)], InstituteSize: pick(sizes)}
	} else {
		c.OrgName = strings.Join(strings.Fields(pick(prefixes)+" "+base+" "+pick(suffixes)), " ")
	}
	c.Domain = fmt.Sprintf("%s-%s.%s", slug(base), base36(i), tld)
	if edu && r.IntN(2) == 0 {
		c.Education.Website = "https://www." + c.Domain
	}
	if r.IntN(100) < 12 && !edu {
		// A team: several teams may share a domain, told apart by email.
		c.Kind = model.KindTeam
		c.Domain = fmt.Sprintf("%s-%s.%s", slug(base), base36(i/3), tld)
		team := pick(teams)
		c.OrgName = base + " " + strings.ToUpper(team[:1]) + team[1:]
		c.PrimaryEmail = fmt.Sprintf("%s%d@%s", team, i, c.Domain)
	} else {
		c.PrimaryEmail = "admin@" + c.Domain
	}
	if r.IntN(100) < 60 {
		c.CRMID = fmt.Sprintf("CRM-%06d", i)
	}
	if r.IntN(100) < 70 {
		c.AdminFirstName, c.AdminLastName = pick(first), pick(last)
	}
	region := regions[tld]
	if region == "" {
		region = "NL"
	}
	if r.IntN(100) < 75 {
		c.Address = model.Address{RegionCode: region, Locality: pick(cities[region]),
			PostalCode:   fmt.Sprintf("%04d %c%c", 1000+r.IntN(9000), 'A'+rune(r.IntN(26)), 'A'+rune(r.IntN(26))),
			AddressLines: []string{fmt.Sprintf("%s %d", pick(streets), 1+r.IntN(200))}}
		if region == "NL" && r.IntN(100) < 60 {
			c.Phone = fmt.Sprintf("+31%s%07d", pick(areaCodes), 2000000+r.IntN(7000000))
		}
	}
	if r.IntN(100) < 30 {
		c.AlternateEmail = fmt.Sprintf("%s.%s@gmail.com", strings.ToLower(pick(first)), base36(i))
	}
	switch n := r.IntN(100); {
	case n < 25:
		c.Status = model.StatusCreated
		c.CloudIdentityID = fmt.Sprintf("C0%07x", r.Uint32()>>4)
	case n < 30:
		c.Status, c.Origin = model.StatusImported, model.ModeImport
		c.CloudIdentityID = fmt.Sprintf("C0%07x", r.Uint32()>>4)
	case n < 32:
		c.Status, c.StatusMessage = model.StatusFailed, "INVALID_ARGUMENT: postal code is not valid for the region"
	}
	if c.Kind == model.KindTeam && c.CloudIdentityID == "" && r.IntN(2) == 0 {
		c.CloudIdentityID = fmt.Sprintf("C0%07x", r.Uint32()>>4)
	}
	age := time.Duration(r.IntN(3*365*24)) * time.Hour
	c.CreatedAt = now.Add(-age).UTC()
	c.UpdatedAt = c.CreatedAt.Add(time.Duration(r.Int64N(int64(age) + 1)))
	// Details count as confirmed when they were added (as Create does), and
	// half the customers were confirmed again since.
	t := c.CreatedAt
	if r.IntN(100) < 50 {
		if again := c.UpdatedAt.Add(-time.Duration(r.IntN(400*24)) * time.Hour); again.After(t) {
			t = again
		}
	}
	c.ConfirmedAt = &t
	c.CreatedBy = "seed"
	c.Version = 1
	return c
}

// slug is the ASCII, lower-case, letters-only form of a name for a domain.
func slug(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	a, _, _ := transform.String(t, s)
	var b strings.Builder
	for _, r := range strings.ToLower(a) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == 'ø':
			b.WriteString("o")
		case r == 'ł':
			b.WriteString("l")
		}
	}
	return b.String()
}

func base36(i int) string { return strconv.FormatInt(int64(i), 36) }

// Batch is how many customers one transaction writes: large enough to be
// fast, small enough that other writers wait at most a fraction of a second.
const Batch = 5000

// Seed adds n demo customers (numbered from the current count, so seeding
// twice adds different ones), each with a "seed" audit event. progress, if
// not nil, is called after every batch.
func Seed(ctx context.Context, db *sqlite.DB, n int, now time.Time, progress func(done int)) error {
	start, err := sqlite.CountCustomers(ctx, db.Reader())
	if err != nil {
		return err
	}
	// Customers go in in name order, so that each batch sorts after the
	// last and is ranked and indexed in one statement (see sqlite.Inserter).
	order := make([]int, n)
	names := make([]string, n)
	for j := range order {
		order[j] = int(start) + j
		names[j] = sqlite.OrgKey(Customer(order[j], now).OrgName)
	}
	sort.Sort(byName{order, names})
	names = nil
	// A second goroutine makes the customers, folds their search text and
	// encodes their events while this one writes them.
	batches := make(chan []sqlite.Row, 2)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		for done := 0; done < n; done += Batch {
			b := make([]sqlite.Row, min(Batch, n-done))
			for j := range b {
				c := Customer(order[done+j], now)
				b[j] = sqlite.PrepareRow(c, model.Event{At: c.CreatedAt, Actor: "seed", Action: "seed", Changes: model.Diff(model.Customer{}, c)})
			}
			select {
			case batches <- b:
			case <-stop:
				return
			}
		}
	}()
	done := 0
	for b := range batches {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			in, err := sqlite.NewInserter(ctx, tx)
			if err != nil {
				return err
			}
			defer in.Close()
			for _, r := range b {
				if err := in.Add(ctx, r); err != nil {
					return fmt.Errorf("seed a customer: %w", err)
				}
			}
			return in.Finish(ctx)
		})
		if err != nil {
			return err
		}
		done += len(b)
		if progress != nil {
			progress(done)
		}
	}
	return nil
}

// byName sorts customer numbers by name as the database does (names holds
// their sort keys), equal names in number order.
type byName struct {
	order []int
	names []string
}

func (b byName) Len() int { return len(b.order) }
func (b byName) Less(i, j int) bool {
	if b.names[i] != b.names[j] {
		return b.names[i] < b.names[j]
	}
	return b.order[i] < b.order[j]
}
func (b byName) Swap(i, j int) {
	b.order[i], b.order[j] = b.order[j], b.order[i]
	b.names[i], b.names[j] = b.names[j], b.names[i]
}

// Cached returns a database of n demo customers in dir, building it on the
// first call and reusing it afterwards (keyed by size and schema version):
// benchmarks at a million customers cannot afford to seed every run.
func Cached(ctx context.Context, dir string, n int, now time.Time) (string, error) {
	path := filepath.Join(dir, fmt.Sprintf("onboard-bench-v%d-%d.db", sqlite.SchemaVersion(), n))
	if _, err := os.Stat(path + ".done"); err == nil {
		return path, nil
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return "", err
	}
	if err := Seed(ctx, db, n, now, nil); err != nil {
		db.Close()
		return "", err
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	return path, os.WriteFile(path+".done", nil, 0o600)
}
