package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// Cached runs queries on the reader pool with statements prepared once per
// query text (and per connection, by database/sql): SQLite spends longer
// parsing a query than running most of ours, and a search as you type
// asks the same few texts again and again.
type Cached struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
	df    dfCache // trigram counts for the search planner
}

// maxCached bounds the cache; texts beyond it are prepared each time.
const maxCached = 512

func newCached(db *sql.DB) *Cached { return &Cached{db: db, stmts: map[string]*sql.Stmt{}} }

// stmt returns the statement for query, preparing it the first time; nil
// when the cache is full (the query then runs unprepared).
func (c *Cached) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxCached
	c.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[query]; ok { // prepared meanwhile by another caller
		st.Close()
		return prev, nil
	}
	c.stmts[query] = st
	return st, nil
}

// QueryContext runs a query through its cached statement.
func (c *Cached) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through its cached statement.
func (c *Cached) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.QueryRowContext(ctx, query, args...) // an error shows again in the Row
	}
	return st.QueryRowContext(ctx, args...)
}

func (c *Cached) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = map[string]*sql.Stmt{}
}
