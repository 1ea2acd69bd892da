package seed

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/store/sqlite"
)

// BenchmarkInsertFloor measures what SQLite (the pure-Go build the store
// uses) can insert at best, so the bulk figures (seed, CSV import) can be
// read against it: the seed's customers, 64 rows a statement, 5,000 a
// transaction, in name order, into a table of the customers table's
// shape, first bare and then with each kind of index the schema keeps
// (its eight B-tree indexes; the trigram and the word search index, each
// filled in bulk per transaction as sqlite.Inserter does). No audit
// events, counters or ranks: the floor, not the store. "built-after"
// loads the bare table and then creates the same indexes and rebuilds the
// search indexes in one go, as a load may when nobody else needs the
// indexes meanwhile (go test -v logs each step's time).
//
//	go test ./store/seed -run '^$' -bench InsertFloor -benchtime 1x
//	ONBOARD_FLOOR_ROWS=1000000 … for another size
func BenchmarkInsertFloor(b *testing.B) {
	n := 100_032 // a whole number of 64-row statements
	if v, err := strconv.Atoi(os.Getenv("ONBOARD_FLOOR_ROWS")); err == nil && v >= 64 {
		n = v / 64 * 64
	}
	const indexes = `CREATE UNIQUE INDEX c1 ON c (domain) WHERE kind = 'domain';
		CREATE UNIQUE INDEX c2 ON c (primary_email) WHERE kind = 'team';
		CREATE INDEX c3 ON c (org_name COLLATE NOCASE, id);
		CREATE INDEX c4 ON c (domain, id);
		CREATE INDEX c5 ON c (updated_at, id);
		CREATE UNIQUE INDEX c6 ON c (org_rank);
		CREATE INDEX c7 ON c (coalesce(confirmed_at, 0), id);
		CREATE UNIQUE INDEX c8 ON c (idempotency_key)`
	const trigram = `CREATE VIRTUAL TABLE t USING fts5(search_text, content='c', content_rowid='org_rank',
		tokenize='trigram remove_diacritics 1')`
	const words = `CREATE VIRTUAL TABLE w USING fts5(search_words, content='c', content_rowid='org_rank',
		tokenize='unicode61 remove_diacritics 2', prefix='1 2', detail='none')`
	const fillTrigram = "INSERT INTO t (rowid, search_text) SELECT org_rank, search_text FROM c WHERE org_rank > ? ORDER BY org_rank"
	const fillWords = "INSERT INTO w (rowid, search_words) SELECT org_rank, search_words FROM c WHERE org_rank > ? ORDER BY org_rank"
	cases := []struct {
		name, ddl string
		fill      []string
	}{
		{"bare", "", nil},
		{"indexes", indexes, nil},
		{"trigram", trigram, []string{fillTrigram}},
		{"words", words, []string{fillWords}},
		{"all", indexes + ";" + trigram + ";" + words, []string{fillTrigram, fillWords}},
		{"built-after", "", nil},
	}
	rows := floorRows(n)
	for _, tc := range cases {
		b.Run(fmt.Sprintf("rows=%d/%s", n, tc.name), func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				db := floorDB(b, tc.ddl)
				b.StartTimer()
				floorLoad(b, db, rows, tc.fill)
				if tc.name == "built-after" {
					for _, q := range append(strings.Split(indexes+";"+trigram+";"+words, ";"),
						"INSERT INTO t (t) VALUES ('rebuild')", "INSERT INTO w (w) VALUES ('rebuild')") {
						t0 := time.Now()
						if _, err := db.Exec(q); err != nil {
							b.Fatal(q, err)
						}
						b.Logf("%v %.60s", time.Since(t0), strings.TrimSpace(q))
					}
				}
				b.StopTimer()
				db.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
		})
	}
}

// floorColumns are the customers table's columns, less id.
const floorColumns = `kind, origin, org_name, domain, primary_email, alternate_email, phone, crm_id,
	institute_type, institute_size, website, admin_first_name, admin_last_name, region_code, postal_code,
	locality, administrative_area, address_lines, reseller_id, status, status_message, cloud_identity_id,
	google_name, language, time_zone, transfer_token, transfer_token_date, idempotency_key, created_by,
	created_at, updated_at, confirmed_at, version, search_text, search_words, smart_features, org_rank`

func floorRows(n int) [][]any {
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	type named struct {
		name string
		i    int
	}
	order := make([]named, n)
	for i := range order {
		order[i] = named{Customer(i, now).OrgName, i}
	}
	// In name order, as the seed writes them.
	sortNamed := func(a, b named) int {
		if c := sqlite.CompareNames(a.name, b.name); c != 0 {
			return c
		}
		return a.i - b.i
	}
	slices.SortFunc(order, sortNamed)
	rows := make([][]any, n)
	for r, o := range order {
		c := Customer(o.i, now)
		text := sqlite.SearchText(c)
		rows[r] = []any{string(c.Kind), "create", c.OrgName, c.Domain, c.PrimaryEmail, c.AlternateEmail, c.Phone, c.CRMID,
			"", "", "", c.AdminFirstName, c.AdminLastName, c.Address.RegionCode, c.Address.PostalCode,
			c.Address.Locality, c.Address.AdministrativeArea, "[]", c.ResellerID, string(c.Status), "", c.CloudIdentityID,
			"", "", "", "", 0, nil, "seed",
			c.CreatedAt.UnixMicro(), c.UpdatedAt.UnixMicro(), nil, 1, text, sqlite.SearchWords(text), "", int64(r+1) * 1024}
	}
	return rows
}

func floorDB(b *testing.B, ddl string) *sql.DB {
	path := filepath.Join(b.TempDir(), "floor.db")
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=cache_size(-32768)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	cols := strings.ReplaceAll(floorColumns, ",", " ANY,") + " ANY"
	for _, q := range append([]string{"CREATE TABLE c (id INTEGER PRIMARY KEY, " + cols + ")"}, strings.Split(ddl, ";")...) {
		if strings.TrimSpace(q) == "" {
			continue
		}
		if _, err := db.Exec(q); err != nil {
			b.Fatal(q, err)
		}
	}
	return db
}

func floorLoad(b *testing.B, db *sql.DB, rows [][]any, fill []string) {
	const perStatement, perTx = 64, 4992
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(rows[0])), ", ") + ")"
	insert := "INSERT INTO c (" + floorColumns + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", perStatement), ", ")
	args := make([]any, 0, perStatement*len(rows[0]))
	for done := 0; done < len(rows); done += perTx {
		tx, err := db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(insert)
		if err != nil {
			b.Fatal(err)
		}
		for j := done; j < min(done+perTx, len(rows)); j += perStatement {
			args = args[:0]
			for _, r := range rows[j : j+perStatement] {
				args = append(args, r...)
			}
			if _, err := st.Exec(args...); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		for _, q := range fill {
			if _, err := tx.Exec(q, int64(done)*1024); err != nil {
				b.Fatal(q, err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
