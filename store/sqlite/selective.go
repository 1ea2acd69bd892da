package sqlite

import (
	"context"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// A trigram phrase query walks the doclists of all its trigrams together,
// so its cost follows the commonest one: "crm-000333" has eight trigrams,
// five of which ("crm", "rm-", "-00", …) are in nearly every row, and the
// phrase costs 20–30 ms at a million customers although one row matches.
// When a term has both common and rare trigrams, the index is asked for
// the rows holding the rare ones only (a few hundred at most) and those
// are tested for the whole term.

// rareTrigram is the document count under which a trigram counts as rare;
// counting stops there.
const rareTrigram = 300

// maxRare is how many rare trigrams a query uses (the rarest first).
const maxRare = 3

type dfEntry struct {
	n     int
	total int64 // customers when counted
	at    time.Time
}

// dfCache keeps capped document counts of trigrams for a minute, or until
// the number of customers changes by a tenth: typing a term asks for the
// same trigrams again and again, and the counts only steer the plan, so a
// slightly old one does no harm. Each database's Cached reader has one.
type dfCache struct {
	mu sync.Mutex
	m  map[string]dfEntry
}

// docCount returns how many rows hold trigram, up to rareTrigram; through
// a Cached reader, from its cache when the count is recent.
func docCount(ctx context.Context, q querier, trigram string, total int64) (int, error) {
	var cache *dfCache
	if c, ok := q.(*Cached); ok {
		cache = &c.df
	}
	if cache != nil {
		cache.mu.Lock()
		e, ok := cache.m[trigram]
		cache.mu.Unlock()
		if ok && time.Since(e.at) < time.Minute && abs(total-e.total) <= e.total/10 {
			return e.n, nil
		}
	}
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?)",
		quote(trigram), rareTrigram).Scan(&n)
	if err != nil || cache == nil {
		return n, err
	}
	cache.mu.Lock()
	if cache.m == nil || len(cache.m) > 4096 {
		cache.m = map[string]dfEntry{}
	}
	cache.m[trigram] = dfEntry{n, total, time.Now()}
	cache.mu.Unlock()
	return n, nil
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// wordCandidates is the most rows a word-start query may offer for
// testing before the phrase is the better query.
const wordCandidates = 2000

// segmentMatch handles terms like "crm-000333" or "acme-7.nl" whose
// trigrams are all common: a part of the term that follows a separator
// inside it ("000333") must start a word in every matching row, so the word
// index offers the rows with a word starting so, and few rows do.
func segmentMatch(ctx context.Context, q querier, p plan) (index, match string, ok bool, err error) {
	if p.index != "customers_fts" {
		return "", "", false, nil
	}
	words := strings.Fields(SearchWords(p.walkArg))
	if len(words) < 2 {
		return "", "", false, nil
	}
	// The first word may be the end of a longer one; the others start words.
	best := ""
	for _, w := range words[1:] {
		if utf8.RuneCountInString(w) > utf8.RuneCountInString(best) {
			best = w
		}
	}
	if utf8.RuneCountInString(best) < 3 {
		return "", "", false, nil
	}
	// The last word may be cut short by the typing: a prefix query.
	match = quote(best) + "*"
	var n int
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM customers_words WHERE customers_words MATCH ? LIMIT ?)",
		match, wordCandidates).Scan(&n)
	if err != nil || n >= wordCandidates {
		return "", "", false, err
	}
	return "customers_words", match, true, nil
}

// rareMatch returns, for a trigram-index plan whose term mixes common and
// rare trigrams, a MATCH expression over its rarest trigrams; the rows it
// finds must still be tested for the whole term. ok is false when the
// phrase itself is the better query.
func rareMatch(ctx context.Context, q querier, p plan) (match string, ok bool, err error) {
	if p.index != "customers_fts" || utf8.RuneCountInString(p.walkArg) < 5 {
		return "", false, nil
	}
	total, err := CountCustomers(ctx, q)
	if err != nil {
		return "", false, err
	}
	rs := []rune(p.walkArg)
	type tri struct {
		s string
		n int
	}
	var rare []tri
	common := 0
	seen := map[string]bool{}
	for i := 0; i+3 <= len(rs); i++ {
		t := string(rs[i : i+3])
		if seen[t] {
			continue
		}
		seen[t] = true
		n, err := docCount(ctx, q, t, total)
		if err != nil {
			return "", false, err
		}
		if n >= rareTrigram {
			common++
			continue
		}
		if n == 0 {
			return quote(t), true, nil // nothing can match
		}
		rare = append(rare, tri{t, n})
	}
	if len(rare) == 0 || common == 0 {
		return "", false, nil
	}
	for i := 1; i < len(rare); i++ { // rarest first
		for j := i; j > 0 && rare[j].n < rare[j-1].n; j-- {
			rare[j], rare[j-1] = rare[j-1], rare[j]
		}
	}
	var parts []string
	for _, t := range rare[:min(len(rare), maxRare)] {
		parts = append(parts, quote(t.s))
	}
	return strings.Join(parts, " AND "), true, nil
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}
