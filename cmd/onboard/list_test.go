package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"onboard/model"
)

// pages sets listPage for one test.
func pages(t *testing.T, n int) {
	old := listPage
	listPage = n
	t.Cleanup(func() { listPage = old })
}

// fakeLister serves ids 1..n in id order, as the store's keyset pages do.
type fakeLister struct {
	n     int
	calls []model.ListQuery
}

func (f *fakeLister) List(_ context.Context, q model.ListQuery) ([]model.Customer, error) {
	f.calls = append(f.calls, q)
	from := int64(1)
	if q.After != nil {
		from = q.After.ID + 1
	}
	var out []model.Customer
	for id := from; id <= int64(f.n) && len(out) < q.Limit; id++ {
		out = append(out, model.Customer{ID: id, OrgName: fmt.Sprintf("org %06d", id)})
	}
	return out, nil
}

func TestEachCustomerPages(t *testing.T) {
	pages(t, 10)
	for _, tc := range []struct{ rows, limit, want, calls int }{
		{0, 50, 0, 1},
		{25, 50, 25, 3},
		{30, 50, 30, 4}, // the last full page needs one more query to know it was the last
		{30, 30, 30, 3}, // the limit reached: no more queries
		{250_000, 100_005, 100_005, 10_001},
		{7, 1, 1, 1},
	} {
		f := &fakeLister{n: tc.rows}
		var got []int64
		err := eachCustomer(context.Background(), f, model.ListQuery{Sort: model.SortOrg}, tc.limit, func(c model.Customer) error {
			got = append(got, c.ID)
			return nil
		})
		if err != nil || len(got) != tc.want || len(f.calls) != tc.calls {
			t.Errorf("%d rows, limit %d: got %d rows in %d queries, %v", tc.rows, tc.limit, len(got), len(f.calls), err)
			continue
		}
		for i, id := range got {
			if id != int64(i+1) {
				t.Fatalf("%d rows, limit %d: row %d is id %d", tc.rows, tc.limit, i, id)
			}
		}
		for _, q := range f.calls {
			if q.Limit < 1 || q.Limit > 10 {
				t.Fatalf("a query asked for %d rows", q.Limit)
			}
		}
		if last := f.calls[len(f.calls)-1]; tc.want > 10 && (last.After == nil || last.After.Key == "") {
			t.Fatalf("a later page does not start after a cursor: %+v", last)
		}
	}
}

// A streamed JSON array is byte for byte the array writeJSON writes.
func TestJSONArrayStreamsWriteJSON(t *testing.T) {
	now := time.Date(2026, 11, 20, 14, 30, 0, 0, time.UTC)
	for _, n := range []int{0, 1, 3} {
		var cs []model.Customer
		for i := 1; i <= n; i++ {
			cs = append(cs, model.Customer{ID: int64(i), OrgName: fmt.Sprintf("<Café & %d>", i), Domain: "a.nl", CreatedAt: now, ConfirmedAt: &now,
				Address: model.Address{AddressLines: []string{"Damrak 1"}}})
		}
		var want, got bytes.Buffer
		writeJSON(&want, customersJSON(cs))
		arr := &jsonArray{w: &got}
		for _, c := range cs {
			if err := arr.add(customerJSON(c)); err != nil {
				t.Fatal(err)
			}
		}
		arr.close()
		if got.String() != want.String() {
			t.Fatalf("%d customers:\nstreamed %q\nwhole    %q", n, got.String(), want.String())
		}
	}
}

// customers list and stale read page after page: the same rows in the
// same order as one big page, whatever the sort, and --limit beyond the
// old cap of 100,000 is honoured.
func TestListStreamsEveryPage(t *testing.T) {
	dir := isolate(t)
	db := filepath.Join(dir, "s.db")
	if r := cli(t, "--db", db, "seed", "--count", "230"); r.code != exitOK {
		t.Fatal(r)
	}
	var stale int
	if r := cli(t, "--db", db, "customers", "stale", "--limit", "1"); r.code != exitOK {
		t.Fatal(r)
	} else if _, err := fmt.Sscanf(r.stdout, "%d customers not confirmed", &stale); err != nil || stale < 100 {
		t.Fatalf("stale: %d, %v, %q", stale, err, r.stdout)
	}
	for _, tc := range []struct {
		args []string
		want int // -1: some, not all
	}{
		{[]string{"customers", "list", "--json", "--limit", "100001"}, 230},
		{[]string{"customers", "list", "--json", "--limit", "1000000", "--sort", "domain", "--desc"}, 230},
		{[]string{"customers", "list", "--json", "--limit", "200000", "--sort", "updated"}, 230},
		{[]string{"customers", "list", "--json", "--limit", "150000", "--query", "b"}, -1},
		{[]string{"customers", "list", "--json", "--limit", "100"}, 100},
		{[]string{"customers", "stale", "--json", "--limit", "100001"}, stale},
	} {
		args := append([]string{"--db", db}, tc.args...)
		pages(t, 1_000_000)
		whole := cli(t, args...)
		pages(t, 7)
		paged := cli(t, args...)
		var list []map[string]any
		if whole.code != exitOK || paged.code != exitOK || json.Unmarshal([]byte(paged.stdout), &list) != nil {
			t.Fatalf("%v: %+v %+v", tc.args, whole, paged)
		}
		if paged.stdout != whole.stdout {
			t.Errorf("%v: pages of 7 differ from one page", tc.args)
		}
		seen := map[float64]bool{}
		for _, c := range list {
			id := c["id"].(float64)
			if seen[id] {
				t.Fatalf("%v: id %v twice", tc.args, id)
			}
			seen[id] = true
		}
		if tc.want >= 0 && len(list) != tc.want || tc.want < 0 && (len(list) == 0 || len(list) >= 230) {
			t.Errorf("%v: %d customers", tc.args, len(list))
		}
	}
	// The table: a header and one line per customer, every id once.
	pages(t, 7)
	r := cli(t, "--db", db, "customers", "list", "--limit", "100001")
	lines := strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")
	if r.code != exitOK || len(lines) != 231 || !strings.HasPrefix(lines[0], "ID  ") {
		t.Fatalf("table: %d lines, %q", len(lines), r.stderr)
	}
	ids := map[string]bool{}
	for _, l := range lines[1:] {
		ids[strings.Fields(l)[0]] = true
	}
	for i := 1; i <= 230; i++ {
		if !ids[strconv.Itoa(i)] {
			t.Fatalf("the table lacks customer %d", i)
		}
	}
	// Columns line up on the first page's widths.
	col := strings.Index(lines[0], "ORGANISATION")
	for _, l := range lines[1:8] {
		if l[col-2:col] != "  " || l[col] == ' ' {
			t.Fatalf("misaligned: %q / %q", lines[0], l)
		}
	}
	r = cli(t, "--db", db, "customers", "stale", "--limit", "10")
	if r.code != exitOK || !strings.Contains(r.stdout, fmt.Sprintf("%d customers not confirmed", stale)) || !strings.Contains(r.stdout, "(the first 10)") ||
		len(strings.Split(strings.TrimRight(r.stdout, "\n"), "\n")) != 12 {
		t.Fatalf("stale: %+v", r)
	}
}

// ONBOARD_BIG_LIST=1 lists 100,050 customers, past the old cap, and
// reports how long it took and how big the output was.
func TestBigListReport(t *testing.T) {
	if os.Getenv("ONBOARD_BIG_LIST") == "" {
		t.Log("set ONBOARD_BIG_LIST=1 to list 100,050 customers")
		return
	}
	dir := isolate(t)
	db := filepath.Join(dir, "big.db")
	if r := cli(t, "--db", db, "seed", "--count", "100050"); r.code != exitOK {
		t.Fatal(r)
	}
	for _, args := range [][]string{{"--json"}, {}} {
		start := time.Now()
		r := cli(t, append([]string{"--db", db, "customers", "list", "--limit", "1000000"}, args...)...)
		took := time.Since(start)
		if r.code != exitOK {
			t.Fatal(r.stderr)
		}
		n := strings.Count(r.stdout, "\n") - 1
		if len(args) > 0 {
			var list []json.RawMessage
			if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
				t.Fatal(err)
			}
			n = len(list)
		}
		if n != 100050 {
			t.Fatalf("%v: %d customers", args, n)
		}
		t.Logf("customers list --limit 1000000 %v: %d customers, %.1f MB in %s", args, n, float64(len(r.stdout))/1e6, took.Round(time.Millisecond))
	}
}
