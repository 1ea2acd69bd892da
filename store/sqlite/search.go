package sqlite

import (
	"context"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"onboard/model"
	"onboard/model/rules"
)

// SearchWords is the search text as its words, each after a space, so that
// instr(search_words, ' ' || prefix) tests "a word starts with prefix" the
// way the word index tokenises (letters and digits; the rest separates).
func SearchWords(searchText string) string {
	var b strings.Builder
	inWord := false
	for _, r := range searchText {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if !inWord {
				b.WriteByte(' ')
				inWord = true
			}
			b.WriteRune(r)
		} else {
			inWord = false
		}
	}
	return b.String()
}

// SearchText is what search as you type looks in: name, domain (ASCII and
// Unicode forms), emails, CRM ID and Cloud Identity ID, folded.
func SearchText(c model.Customer) string {
	parts := []string{c.OrgName, c.Domain}
	if d := rules.DisplayDomain(c.Domain); d != c.Domain {
		parts = append(parts, d)
	}
	parts = append(parts, c.PrimaryEmail, c.AlternateEmail, c.CRMID, c.CloudIdentityID)
	return rules.Fold(strings.Join(parts, " "))
}

// rankedPlan says whether lq is a search in name order that one of the
// search indexes answers: its rowids are the name ranks, so the index
// yields the matches already in name order and the query stops after one
// page, however many rows match.
func rankedPlan(lq ListQuery) (plan, bool) {
	text := strings.TrimSpace(lq.Query)
	if lq.Sort != SortOrg || text == "" || !lq.StaleBefore.IsZero() {
		return plan{}, false
	}
	p := planFor(rules.Fold(text))
	return p, p.index != ""
}

// rankedSearch returns one page of a search in name order straight from
// the search index, starting after lq's cursor.
func rankedSearch(ctx context.Context, q querier, lq ListQuery, p plan) ([]model.Customer, error) {
	dir := "ASC"
	if lq.Desc {
		dir = "DESC"
	}
	limit := lq.Limit
	if limit <= 0 {
		limit = 50
	}
	from, args, err := rankedFrom(ctx, q, lq, p, dir)
	if err != nil {
		return nil, err
	}
	return queryCustomers(ctx, q, "SELECT "+customerColumns+from+" ORDER BY m.r "+dir+" LIMIT ?", append(args, limit)...)
}

// rankedFrom is the FROM and WHERE of a ranked search: the index's matches
// after the cursor in rank order, joined to their rows, and for a term
// asked by its rare trigrams only, the test for the whole term.
func rankedFrom(ctx context.Context, q querier, lq ListQuery, p plan, dir string) (string, []any, error) {
	from, args, _, err := verifiedFrom(ctx, q, lq, p, dir)
	return from, args, err
}

// verifiedFrom is rankedFrom, and whether the rows are tested for the term
// (asked by a part of it) rather than matched by the index alone.
func verifiedFrom(ctx context.Context, q querier, lq ListQuery, p plan, dir string) (string, []any, bool, error) {
	index, match, verify, err := segmentMatch(ctx, q, p)
	if err == nil && !verify {
		index = p.index
		match, verify, err = rareMatch(ctx, q, p)
	}
	if err != nil {
		return "", nil, false, err
	}
	if !verify {
		match = p.match
	}
	bound, bargs := rankBound(lq)
	from := " FROM (SELECT rowid AS r FROM " + index + " WHERE " + index + " MATCH ?" + bound + " ORDER BY rowid " + dir +
		") AS m JOIN customers ON org_rank = m.r"
	args := append([]any{match}, bargs...)
	from += " WHERE " + visible
	if verify {
		from += " AND " + p.walk
		args = append(args, p.walkArg)
	}
	return from, args, verify, nil
}

// rankBound turns lq's cursor (a name and an id) into a condition on the
// index's rowid: past the rank of the last row at or before the cursor, so
// that a cursor row renamed or removed meanwhile still marks the place.
func rankBound(lq ListQuery) (string, []any) {
	if lq.After == nil {
		return "", nil
	}
	const key = "(org_key, id)"
	const order = " ORDER BY org_key %s, id %s LIMIT 1"
	args := []any{lq.After.Key, lq.After.ID}
	if !lq.Desc {
		op := "<="
		if lq.Inclusive {
			op = "<"
		}
		return " AND rowid > coalesce((SELECT org_rank FROM customers WHERE " + key + " " + op + " (?, ?)" +
			fmt.Sprintf(order, "DESC", "DESC") + "), -1)", args
	}
	op := ">="
	if lq.Inclusive {
		op = ">"
	}
	return " AND rowid < coalesce((SELECT org_rank FROM customers WHERE " + key + " " + op + " (?, ?)" +
		fmt.Sprintf(order, "ASC", "ASC") + "), 9223372036854775807)", args
}

// fewMatches is the most index matches the planner still fetches and
// sorts; above it, walking the sort index finds a page sooner. Fetching
// and sorting costs about 6 µs a match and walking about 1 µs a row, and a
// walk reads total/matches rows per row it shows, so the two cost the same
// near sqrt(8·total): about 900 matches at 100,000 customers, 2,800 at a
// million.
func fewMatches(ctx context.Context, q querier) int {
	n, err := CountCustomers(ctx, q)
	if err != nil {
		return 1000
	}
	return min(max(int(math.Sqrt(8*float64(n))), 300), 5000)
}

// matchCond plans how to find the rows whose search text contains text. No
// single query shape is fast for every term: a rare term (few trigram
// matches) is fetched through the trigram index and sorted; a common term
// or one of one or two characters is tested row by row while walking the
// sort index, which stops as soon as a page is full.
func matchCond(ctx context.Context, q querier, text string) (string, any, error) {
	folded := rules.Fold(text)
	p := planFor(folded)
	if p.index != "" {
		var n int
		few := fewMatches(ctx, q)
		err := q.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+p.index+" WHERE "+p.index+" MATCH ? LIMIT ?)", p.match, few+1).Scan(&n)
		if err != nil {
			return "", nil, err
		}
		if n <= few {
			return "org_rank IN (SELECT rowid FROM " + p.index + " WHERE " + p.index + " MATCH ?)", p.match, nil
		}
	}
	return p.walk, p.walkArg, nil
}

// plan is how one folded term is searched: an index and its MATCH
// expression (none for terms no index can answer), and the row test used
// while walking the sort index.
type plan struct {
	index, match  string
	walk, walkArg string
}

func planFor(folded string) plan {
	quoted := `"` + strings.ReplaceAll(folded, `"`, `""`) + `"`
	switch {
	case utf8.RuneCountInString(folded) >= 3:
		return plan{index: "customers_fts", match: quoted, walk: "instr(search_text, ?) > 0", walkArg: folded}
	case SearchWords(folded) == " "+folded:
		// One or two letters or digits: the start of a word.
		return plan{index: "customers_words", match: quoted + "*", walk: "instr(search_words, ?) > 0", walkArg: " " + folded}
	}
	return plan{walk: "instr(search_text, ?) > 0", walkArg: folded}
}

// CountMatching counts the customers whose search text contains text; with
// limit > 0 it stops counting there (a quick "1,000+" while the exact count
// of a common term takes longer).
func CountMatching(ctx context.Context, q querier, text string, limit int) (int64, error) {
	p := planFor(rules.Fold(strings.TrimSpace(text)))
	inner := "SELECT 1 FROM customers WHERE " + p.walk + " AND " + visible
	args := []any{p.walkArg}
	if p.index != "" {
		// The rows of imports under way are in the index too: their ranks
		// are left out (a set built once; empty but during an import).
		inner, args = "SELECT 1 FROM "+p.index+" WHERE "+p.index+" MATCH ? AND rowid NOT IN ("+hiddenRanks+")", []any{p.match}
		from, fargs, verify, err := verifiedFrom(ctx, q, ListQuery{}, p, "ASC")
		if err != nil {
			return 0, err
		}
		if verify {
			inner, args = "SELECT 1"+from, fargs
		}
	}
	if limit > 0 {
		inner += " LIMIT ?"
		args = append(args, limit)
	}
	var n int64
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM ("+inner+")", args...).Scan(&n)
	return n, err
}
