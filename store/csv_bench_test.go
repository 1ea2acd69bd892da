package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"onboard/model"
	"onboard/store/csvfile"
	"onboard/store/seed"
)

// csvSizes are the file sizes benchmarked: ONBOARD_CSV_ROWS overrides
// (the figure is 100,000).
func csvSizes() []int {
	if v, err := strconv.Atoi(os.Getenv("ONBOARD_CSV_ROWS")); err == nil && v > 0 {
		return []int{v}
	}
	return []int{10_000, 100_000}
}

// seedCSV writes n demo customers as a CSV file (the seed's data).
func seedCSV(b testing.TB, n int) []byte {
	var buf bytes.Buffer
	w, err := csvfile.NewWriter(&buf)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		c := seed.Customer(i, now)
		c.ID = int64(i + 1)
		if err := w.Write(c); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkCSVImport: a whole file into an empty database (check, write,
// index), and the check alone (--dry-run).
func BenchmarkCSVImport(b *testing.B) {
	for _, n := range csvSizes() {
		data := seedCSV(b, n)
		for _, dry := range []bool{true, false} {
			name := fmt.Sprintf("rows=%d/dry-run=%v", n, dry)
			b.Run(name, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					svc, err := Open(context.Background(), filepath.Join(b.TempDir(), "i.db"), Options{})
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					res, err := svc.ImportCSV(context.Background(), "bench", bytes.NewReader(data), model.CSVOptions{DryRun: dry})
					if err != nil || res.Rows != n {
						b.Fatalf("%+v, %v", res, err)
					}
					b.StopTimer()
					svc.Close()
					b.StartTimer()
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
			})
		}
	}
}

// BenchmarkCSVExport: every customer of a database to CSV.
func BenchmarkCSVExport(b *testing.B) {
	for _, n := range csvSizes() {
		svc, err := Open(context.Background(), filepath.Join(b.TempDir(), "e.db"), Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := seed.Seed(context.Background(), svc.DB(), n, time.Now(), nil); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				got, err := svc.ExportCSV(context.Background(), io.Discard, "")
				if err != nil || got != n {
					b.Fatalf("%d, %v", got, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
		})
		svc.Close()
	}
}
