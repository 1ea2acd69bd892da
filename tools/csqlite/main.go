// Command csqlite runs an SQL script from standard input on a database
// with C SQLite (through cgo), for the import report that compares
// onboard's pure-Go SQLite with C SQLite on the same rows and schema
// (store/csv_csqlite_test.go). It prints the SQLite version and how long
// the script took.
package main

import (
	"database/sql"
	"fmt"
	"io"
	"os"
	"time"

	_ "github.com/mattn/go-sqlite3" // C SQLite; build with -tags sqlite_fts5
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: csqlite DB < script.sql")
		os.Exit(2)
	}
	script, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(err)
	}
	db, err := sql.Open("sqlite3", os.Args[1])
	if err != nil {
		fail(err)
	}
	db.SetMaxOpenConns(1) // one connection: the pragmas hold for the script
	var version string
	if err := db.QueryRow("SELECT sqlite_version()").Scan(&version); err != nil {
		fail(err)
	}
	start := time.Now()
	if _, err := db.Exec(string(script)); err != nil {
		fail(err)
	}
	took := time.Since(start)
	if err := db.Close(); err != nil {
		fail(err)
	}
	fmt.Printf("%s %.3f\n", version, took.Seconds())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "csqlite:", err)
	os.Exit(1)
}
