package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Ranks: every customer's org_rank follows the name order (org_key, then
// id) with gaps, so that the search indexes, whose
// rowid is the rank, return matches in name order (migration 4). A new or
// renamed customer takes a rank in the gap between its neighbours; when a
// gap is used up, a small window of neighbours is spread out again.

// rankStep is the distance between ranks given in one go (a fresh table,
// names added at the end): room for ten halvings in every gap, while the
// search indexes, which store rowid differences as varints, stay small
// (2^32 apart made the database a third larger).
const rankStep = 1 << 10

// minSpread is the smallest gap a re-spread window leaves between ranks.
const minSpread = 1 << 6

// appendStep is the gap a single customer added at the end of the name
// order leaves before it (2^63 / 2^30: eight billion such appends).
const appendStep = 1 << 30

// tailMove is how many rows after a full gap may move to the end rather
// than spread the rows around the gap.
const tailMove = 1024

// CompareNames orders two names as the list does: by their sort keys
// (OrgKey), byte for byte.
func CompareNames(a, b string) int { return strings.Compare(OrgKey(a), OrgKey(b)) }

// nameKey is a position in name order: a name's sort key (OrgKey) and id.
type nameKey struct {
	name string
	id   int64
}

func (k nameKey) less(o nameKey) bool {
	if k.name != o.name {
		return k.name < o.name
	}
	return k.id < o.id
}

// neighbour is a ranked row next to a position in name order.
type neighbour struct {
	key  nameKey
	rank int64
	ok   bool
}

// neighbours finds the ranked rows just before and just after k, leaving
// out the row self (a customer being renamed).
func neighbours(ctx context.Context, tx *sql.Tx, k nameKey, self int64) (prev, next neighbour, err error) {
	const q = "SELECT org_key, id, org_rank FROM customers WHERE (org_key, id) %s (?, ?) AND id != ? AND org_rank IS NOT NULL ORDER BY org_key %s, id %s LIMIT 1"
	for _, side := range []struct {
		n       *neighbour
		op, dir string
	}{{&prev, "<", "DESC"}, {&next, ">", "ASC"}} {
		n := side.n
		err = tx.QueryRowContext(ctx, fmt.Sprintf(q, side.op, side.dir, side.dir), k.name, k.id, self).Scan(&n.key.name, &n.key.id, &n.rank)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			err = nil
		case err != nil:
			return prev, next, err
		default:
			n.ok = true
		}
	}
	return prev, next, nil
}

// rankFor returns the rank for a customer at name order position k (self
// is its id when it is already stored, else 0).
func rankFor(ctx context.Context, tx *sql.Tx, k nameKey, self int64) (int64, error) {
	prev, next, err := neighbours(ctx, tx, k, self)
	if err != nil {
		return 0, err
	}
	first, _, err := place(ctx, tx, prev, next, 1, false)
	return first, err
}

// place returns count ranks, first + i·step, that fit between prev and
// next, spreading out the neighbouring ranks when the gap is too small.
//
// In a bulk load (bulk) the triggers do not keep the search indexes: the
// rows spread moves are taken out of them by hand and listed in the temp
// table reindex, to go back in with the new rows at the end.
func place(ctx context.Context, tx *sql.Tx, prev, next neighbour, count int, bulk bool) (first, step int64, err error) {
	lo := int64(0)
	if prev.ok {
		lo = prev.rank
	}
	if step = fits(prev, next, count); step > 0 && next.ok {
		if bulk && step > rankStep {
			// A load packs its rows at the usual spacing from the start
			// of the gap, leaving the rest of it whole for the next
			// chunk (halving it each time would use it up in a few).
			step = rankStep
		}
		return lo + step, step, nil
	}
	if !next.ok {
		if count == 1 {
			// One name at the end (a customer added by hand) leaves a wide
			// gap before it: the next import's names, which often sort
			// just before it, then fit without moving anyone.
			return lo + appendStep, appendStep, nil
		}
		return lo + rankStep, rankStep, nil
	}
	return spread(ctx, tx, prev, next, count, bulk)
}

// spread gives the rows around a full gap new, evenly spaced ranks with
// room for count rows in the gap, and returns those. The window grows until
// the ranks on either side of it leave at least minSpread between rows.
func spread(ctx context.Context, tx *sql.Tx, prev, next neighbour, count int, bulk bool) (first, step int64, err error) {
	type row struct{ id, rank int64 }
	load := func(q string, arg int64, k int) ([]row, error) {
		rs, err := tx.QueryContext(ctx, q, arg, k)
		if err != nil {
			return nil, err
		}
		defer rs.Close()
		var out []row
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.id, &r.rank); err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, rs.Err()
	}
	var last int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(org_rank), 0) FROM customers").Scan(&last); err != nil {
		return 0, 0, err
	}
	// Near the end of the name order (a few rows after the gap: names
	// added while a long import writes its chunks, say), only those few
	// move, to full steps past the new rows; the rows before stay.
	if tail, err := load("SELECT id, org_rank FROM customers WHERE org_rank >= ? ORDER BY org_rank LIMIT ?", next.rank, tailMove+1); err != nil {
		return 0, 0, err
	} else if len(tail) <= tailMove && prev.ok {
		ids := make([]string, len(tail))
		for i, r := range tail {
			ids[i] = fmt.Sprint(r.id)
		}
		if err := moveAside(ctx, tx, ids, bulk); err != nil {
			return 0, 0, err
		}
		for i, r := range tail {
			if _, err := tx.ExecContext(ctx, "UPDATE customers SET org_rank = ? WHERE id = ?", prev.rank+int64(count+1+i)*rankStep, r.id); err != nil {
				return 0, 0, err
			}
		}
		return prev.rank + rankStep, rankStep, nil
	}
	for k := 16; ; k *= 4 {
		var before []row
		if prev.ok {
			if before, err = load("SELECT id, org_rank FROM customers WHERE org_rank <= ? ORDER BY org_rank DESC LIMIT ?", prev.rank, k+1); err != nil {
				return 0, 0, err
			}
		}
		after, err := load("SELECT id, org_rank FROM customers WHERE org_rank >= ? ORDER BY org_rank LIMIT ?", next.rank, k+1)
		if err != nil {
			return 0, 0, err
		}
		lo, hi := int64(0), int64(0)
		if len(before) > k {
			lo, before = before[k].rank, before[:k]
		}
		if len(after) > k {
			hi, after = after[k].rank, after[:k]
		} else {
			hi = last + rankStep*int64(len(before)+len(after)+count+1)
			if hi < 0 || hi > math.MaxInt64/2 {
				return 0, 0, fmt.Errorf("customer ranks exhausted")
			}
		}
		slots := int64(len(before) + count + len(after) + 1)
		step = (hi - lo) / slots
		if step < minSpread && (len(before) == k || len(after) == k) {
			continue
		}
		if step < 1 {
			return 0, 0, fmt.Errorf("no room for %d customer ranks", count)
		}
		// Move the window out of the way, then give every row its new rank,
		// in name order, leaving count slots where the gap was.
		ids := make([]string, 0, len(before)+len(after))
		for _, r := range append(append([]row{}, before...), after...) {
			ids = append(ids, fmt.Sprint(r.id))
		}
		if err := moveAside(ctx, tx, ids, bulk); err != nil {
			return 0, 0, err
		}
		set := func(id, rank int64) error {
			_, err := tx.ExecContext(ctx, "UPDATE customers SET org_rank = ? WHERE id = ?", rank, id)
			return err
		}
		slot := int64(1)
		for i := len(before) - 1; i >= 0; i-- {
			if err := set(before[i].id, lo+slot*step); err != nil {
				return 0, 0, err
			}
			slot++
		}
		first = lo + slot*step
		slot += int64(count)
		for _, r := range after {
			if err := set(r.id, lo+slot*step); err != nil {
				return 0, 0, err
			}
			slot++
		}
		return first, step, nil
	}
}

// fits returns the step at which count ranks fit in the gap between prev
// and next without moving anyone (rankStep at the end), or 0 when the gap
// is full.
func fits(prev, next neighbour, count int) int64 {
	if !next.ok {
		return rankStep
	}
	lo := int64(0)
	if prev.ok {
		lo = prev.rank
	}
	return max(0, (next.rank-lo)/int64(count+1))
}

func int64Args(vs []int64) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}

// moveAside takes the rows ids out of the rank order (to -id) before they
// get new ranks; in a bulk load it also takes them out of the search
// indexes (unless they are not in them yet) and lists them for reindexing.
func moveAside(ctx context.Context, tx *sql.Tx, ids []string, bulk bool) error {
	in := "(" + strings.Join(ids, ",") + ")"
	if bulk {
		for _, q := range []string{
			"INSERT INTO customers_fts (customers_fts, rowid, search_text) SELECT 'delete', org_rank, search_text FROM customers WHERE id IN " + in + " AND id NOT IN (SELECT id FROM reindex)",
			"INSERT INTO customers_words (customers_words, rowid, search_words) SELECT 'delete', org_rank, search_words FROM customers WHERE id IN " + in + " AND id NOT IN (SELECT id FROM reindex)",
			"INSERT OR IGNORE INTO reindex (id) SELECT id FROM customers WHERE id IN " + in,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
	}
	_, err := tx.ExecContext(ctx, "UPDATE customers SET org_rank = -id WHERE id IN "+in)
	return err
}

// assignRanks ranks the rows a bulk load added (their rank is NULL) and
// puts them in the search indexes, ending bulk mode. Names that all sort
// after the ranked ones (a seed, an import into an empty table) are ranked
// in one statement and indexed in rank order; others take the gaps between
// their neighbours one name run at a time.
func assignRanks(ctx context.Context, tx *sql.Tx) error {
	var lastRank int64
	var lastKey nameKey
	err := tx.QueryRowContext(ctx, "SELECT org_key, id, org_rank FROM customers WHERE org_rank IS NOT NULL ORDER BY org_rank DESC LIMIT 1").
		Scan(&lastKey.name, &lastKey.id, &lastRank)
	hasRanked := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var firstNew nameKey
	err = tx.QueryRowContext(ctx, "SELECT org_key, id FROM customers WHERE org_rank IS NULL ORDER BY org_key, id LIMIT 1").
		Scan(&firstNew.name, &firstNew.id)
	if errors.Is(err, sql.ErrNoRows) {
		_, err = tx.ExecContext(ctx, "DELETE FROM bulk_load")
		return err
	}
	if err != nil {
		return err
	}
	if !hasRanked || lastKey.less(firstNew) {
		// The ranks go to a temporary table first, then onto the rows a
		// chunk of ids at a time: one UPDATE of every row would keep a
		// copy of every page it changes in its statement journal (a
		// gigabyte at a million rows).
		for _, q := range []string{
			"CREATE TEMP TABLE IF NOT EXISTS new_ranks (id INTEGER PRIMARY KEY, rank INTEGER NOT NULL)",
			"DELETE FROM new_ranks",
			`INSERT INTO new_ranks (id, rank) SELECT id, ?1 + row_number() OVER (ORDER BY org_key, id) * ?2
			 FROM customers WHERE org_rank IS NULL`,
		} {
			if _, err := tx.ExecContext(ctx, q, lastRank, rankStep); err != nil {
				return fmt.Errorf("rank the new customers: %w", err)
			}
		}
		var lo, hi int64
		if err := tx.QueryRowContext(ctx, "SELECT min(id), max(id) FROM new_ranks").Scan(&lo, &hi); err != nil {
			return err
		}
		const chunk = 5000
		for from := lo; from <= hi; from += chunk {
			_, err := tx.ExecContext(ctx, `UPDATE customers SET org_rank = (SELECT rank FROM new_ranks r WHERE r.id = customers.id)
				WHERE id BETWEEN ? AND ? AND org_rank IS NULL`, from, from+chunk-1)
			if err != nil {
				return fmt.Errorf("rank the new customers: %w", err)
			}
		}
		for _, q := range []string{
			"DELETE FROM new_ranks",
			"INSERT INTO customers_fts (rowid, search_text) SELECT org_rank, search_text FROM customers WHERE org_rank > ?1 ORDER BY org_rank",
			"INSERT INTO customers_words (rowid, search_words) SELECT org_rank, search_words FROM customers WHERE org_rank > ?1 ORDER BY org_rank",
			"DELETE FROM bulk_load",
		} {
			if _, err := tx.ExecContext(ctx, q, lastRank); err != nil {
				return fmt.Errorf("index the new customers: %w", err)
			}
		}
		return nil
	}
	// Still in bulk mode: the rows are ranked one run at a time, then put
	// in the search indexes in one statement each (indexing row by row
	// would flush the full-text index at every statement). reindex lists
	// the new rows and the ones spread moves.
	for _, q := range []string{
		"CREATE TEMP TABLE IF NOT EXISTS reindex (id INTEGER PRIMARY KEY)",
		"DELETE FROM reindex",
		"INSERT INTO reindex (id) SELECT id FROM customers WHERE org_rank IS NULL",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("rank the new customers: %w", err)
		}
	}
	rs, err := tx.QueryContext(ctx, "SELECT org_key, id FROM customers WHERE org_rank IS NULL")
	if err != nil {
		return err
	}
	var keys []nameKey
	for rs.Next() {
		var k nameKey
		if err := rs.Scan(&k.name, &k.id); err != nil {
			rs.Close()
			return err
		}
		keys = append(keys, k)
	}
	if err := errors.Join(rs.Err(), rs.Close()); err != nil {
		return err
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].less(keys[j]) })
	// The ranks are set many at a time (a statement per row costs more
	// than ranking it); before a spread moves ranked rows, the ranks found
	// so far are set, so that the spread sees them.
	var pending []int64 // id, rank, id, rank…
	flush := func() error {
		for len(pending) > 0 {
			n := min(len(pending), 2*400)
			if _, err := tx.ExecContext(ctx, "INSERT INTO new_ranks (id, rank) VALUES "+strings.TrimSuffix(strings.Repeat("(?, ?),", n/2), ","),
				int64Args(pending[:n])...); err != nil {
				return err
			}
			pending = pending[n:]
		}
		for _, q := range []string{
			"UPDATE customers SET org_rank = r.rank FROM new_ranks r WHERE customers.id = r.id",
			"DELETE FROM new_ranks",
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := tx.ExecContext(ctx, "CREATE TEMP TABLE IF NOT EXISTS new_ranks (id INTEGER PRIMARY KEY, rank INTEGER NOT NULL)"); err != nil {
		return err
	}
	for j := 0; j < len(keys); {
		prev, next, err := neighbours(ctx, tx, keys[j], 0)
		if err != nil {
			return err
		}
		// The run of new names up to the next ranked one shares the gap.
		run := 1
		for j+run < len(keys) && (!next.ok || keys[j+run].less(next.key)) {
			run++
		}
		if fits(prev, next, run) == 0 {
			if err := flush(); err != nil {
				return fmt.Errorf("rank the new customers: %w", err)
			}
		}
		first, step, err := place(ctx, tx, prev, next, run, true)
		if err != nil {
			return err
		}
		for i := 0; i < run; i++ {
			pending = append(pending, keys[j+i].id, first+int64(i)*step)
		}
		j += run
	}
	if err := flush(); err != nil {
		return fmt.Errorf("rank the new customers: %w", err)
	}
	for _, q := range []string{
		"INSERT INTO customers_fts (rowid, search_text) SELECT c.org_rank, c.search_text FROM reindex r JOIN customers c ON c.id = r.id ORDER BY c.org_rank",
		"INSERT INTO customers_words (rowid, search_words) SELECT c.org_rank, c.search_words FROM reindex r JOIN customers c ON c.id = r.id ORDER BY c.org_rank",
		"DELETE FROM reindex",
		"DELETE FROM bulk_load",
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index the new customers: %w", err)
		}
	}
	return nil
}
