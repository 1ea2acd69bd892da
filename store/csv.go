package store

import (
	"context"
	"database/sql"
	"errors"
	"hash/maphash"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"onboard/i18n"
	"onboard/model"
	"onboard/model/rules"
	"onboard/store/csvfile"
	"onboard/store/sqlite"
)

// MaxCSVProblems is how many problems an import lists; it counts the rest.
const MaxCSVProblems = 1000

// ImportCSV adds every customer of a CSV file, or none. The file is read
// once: every row is checked against the rules (on all cores), against the
// other rows and against the stored customers without holding the write
// lock, and the checked customers go to a private spool file; only when no
// row has a problem are they written, with one audit event per customer, in
// chunks of short transactions that other sessions write between: a chunk
// that fails (a domain another session took meanwhile), a cancel or a
// crash undoes the chunks before it, so the file is stored whole or not at
// all. While it is written, others see none of its customers: they all
// show at once when the import commits (see sqlite.Importer). Memory
// holds a batch of rows and a small hash per row for the duplicate check,
// whatever the file's size.
func (s *Service) ImportCSV(ctx context.Context, actor string, r io.Reader, opt model.CSVOptions) (_ model.CSVResult, err error) {
	var sp *spool
	if !opt.DryRun {
		if sp, err = newSpool(); err != nil {
			return model.CSVResult{}, err
		}
		defer sp.close()
	}
	n, err := s.checkCSV(ctx, r, opt, sp)
	if err != nil || opt.DryRun {
		return model.CSVResult{Rows: n}, err
	}
	if err := sp.sortByName(); err != nil {
		return model.CSVResult{}, err
	}
	now := s.now()
	// A goroutine reads the spool and readies each row (search text,
	// event) on the other core while this one writes.
	type ready struct {
		line int
		c    model.Customer
		row  sqlite.Row
		err  error
	}
	rctx, stop := context.WithCancel(ctx)
	defer stop()
	rows := make(chan []ready, 4)
	go func() {
		defer close(rows)
		batch := make([]ready, 0, 500)
		var buf []byte
		for i := 0; i < sp.len(); i++ {
			var sc spooled
			var err error
			if sc, buf, err = sp.read(i, buf); err != nil {
				batch = append(batch, ready{err: i18n.Errorf("read the import spool: %w", err)})
				break
			}
			c := sc.C
			c.CreatedBy = actor
			if c.ConfirmedAt == nil {
				// The file's details count as confirmed when they were
				// added (an exported customer's created_at, else now).
				at := c.CreatedAt
				c.ConfirmedAt = &at
			}
			batch = append(batch, ready{line: sc.Line, c: c, row: sqlite.PrepareRow(c, model.Event{At: now, Actor: actor,
				Action: "csv import", Changes: model.Diff(model.Customer{}, c)})})
			if len(batch) == cap(batch) {
				select {
				case rows <- batch:
				case <-rctx.Done():
					return
				}
				batch = make([]ready, 0, 500)
			}
		}
		select {
		case rows <- batch:
		case <-rctx.Done():
		}
	}()
	// The rows go in in chunks, each its own short transaction, so that
	// other sessions and processes write between them; the chunks are
	// recorded, and an import that does not finish is undone from them.
	im, err := s.db.BeginImport(ctx, actor, n, now)
	if err != nil {
		return model.CSVResult{}, err
	}
	written := 0
	finished := false
	defer func() {
		if !finished {
			// Failed, cancelled or refused: take back what was written.
			if uerr := im.Undo(context.WithoutCancel(ctx)); uerr != nil && err == nil {
				err = uerr
			}
		}
	}()
	var pending []ready
	maxRows := opt.ChunkRows
	if maxRows <= 0 {
		maxRows = defaultChunkRows
	}
	size := min(500, maxRows) // rows in the next chunk
	chunk := func() error {
		if len(pending) == 0 {
			return nil
		}
		began := time.Now()
		err := s.db.Write(ctx, func(tx *sql.Tx) error {
			in, err := sqlite.NewInserter(ctx, tx)
			if err != nil {
				return err
			}
			defer in.Close()
			var ue *sqlite.UniqueError
			taken := func(err error) error {
				if !errors.As(err, &ue) {
					return err
				}
				// Another session stored the same domain since the check.
				r := pending[ue.Index]
				dup, _ := duplicates(ctx, tx, r.c)
				return &rules.CSVError{Problems: lineProblems(r.line, dup)}
			}
			for _, r := range pending {
				if err := in.Add(ctx, r.row); err != nil {
					return taken(err)
				}
			}
			if err := in.Finish(ctx); err != nil {
				return taken(err)
			}
			first, last := in.IDs()
			return im.AddChunk(ctx, tx, first, last)
		})
		if err != nil {
			return err
		}
		written += len(pending)
		// The next chunk takes about chunkTime, whatever this database's
		// speed (names that fall between stored ones rank slower).
		if took := time.Since(began); took > 0 {
			size = min(max(int(float64(len(pending))*float64(chunkTime)/float64(took)), 50), maxRows)
		}
		pending = pending[:0]
		// A breath between chunks: a write of another process, trying
		// every millisecond (sqlite.DB.Write), takes the lock now.
		time.Sleep(2 * time.Millisecond)
		if opt.Progress != nil {
			opt.Progress(model.CSVProgress{Phase: "write", Done: int64(written), Total: int64(n)})
		}
		return ctx.Err()
	}
	for batch := range rows {
		for _, r := range batch {
			if r.err != nil {
				return model.CSVResult{}, r.err
			}
			pending = append(pending, r)
			if len(pending) >= size {
				if err := chunk(); err != nil {
					return model.CSVResult{}, err
				}
			}
		}
	}
	if err := chunk(); err != nil {
		return model.CSVResult{}, err
	}
	if written != n {
		return model.CSVResult{}, i18n.Errorf("the import spool held %d of %d rows", written, n)
	}
	// Every row shows at once, or the import fails: one undone meanwhile
	// by another process says so.
	finished = true // Commit undoes what is left when it fails
	if err := im.Commit(ctx, int64(written)); err != nil {
		return model.CSVResult{}, importErr(err)
	}
	return model.CSVResult{Rows: written}, nil
}

// ErrImportUndone means another process undid an import while it ran
// (its lock file was removed, or an older onboard judged it dead): the
// import fails and none of its rows stay.
var ErrImportUndone = sqlite.ErrImportUndone

// importErr is the error of an import that could not end.
func importErr(err error) error {
	if errors.Is(err, sqlite.ErrImportUndone) {
		return err
	}
	return i18n.Errorf("end the import: %w", err)
}

// An import writes chunks of about chunkTime (the longest another
// session's save waits behind it), at most defaultChunkRows rows.
const defaultChunkRows = 5000

const chunkTime = 250 * time.Millisecond

func lineProblems(line int, ps rules.Problems) rules.LineProblems {
	out := make(rules.LineProblems, len(ps))
	for i, p := range ps {
		out[i] = rules.LineProblem{Line: line, Problem: p}
	}
	return out
}

// key is a row's claim on something unique: a domain customer's domain or
// a team customer's primary email, hashed.
type key struct {
	hash uint64
	line int32
	team bool // the claim is a team's primary email, not a domain
}

// checked is one row after the rules: the customer, or what is wrong.
type checked struct {
	rec      csvfile.Record
	c        model.Customer
	problems rules.Problems
	err      error // a problem with the row itself (cell count), or the end of the file
}

// checkRows reads the file and checks its rows on every core, handing
// them back in file order.
func checkRows(ctx context.Context, r *csvfile.Reader, env rules.Env, now time.Time) <-chan chan []checked {
	const batch = 256
	order := make(chan chan []checked, 2*runtime.GOMAXPROCS(0))
	type job struct {
		rows []checked
		out  chan []checked
	}
	jobs := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				for i := range j.rows {
					if j.rows[i].err == nil {
						j.rows[i].c, j.rows[i].problems = csvfile.Customer(j.rows[i].rec, env, now)
					}
				}
				j.out <- j.rows
			}
		}()
	}
	go func() {
		defer func() {
			close(jobs)
			wg.Wait()
			close(order)
		}()
		rows := make([]checked, 0, batch)
		send := func() bool {
			j := job{rows: rows, out: make(chan []checked, 1)}
			select {
			case order <- j.out:
			case <-ctx.Done():
				return false
			}
			jobs <- j
			rows = make([]checked, 0, batch)
			return true
		}
		for {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			rows = append(rows, checked{rec: rec, err: err})
			if csvfile.Fatal(err) {
				break
			}
			if len(rows) == batch && !send() {
				return
			}
		}
		if len(rows) > 0 {
			send()
		}
	}()
	return order
}

// checkCSV reads the whole file and returns how many customers it holds,
// or a *rules.CSVError with every problem found; with sp, it spools every
// checked customer.
func (s *Service) checkCSV(ctx context.Context, f io.Reader, opt model.CSVOptions, sp *spool) (int, error) {
	counted := &countingReader{r: f}
	r, err := csvfile.NewReader(counted)
	if err != nil {
		return 0, err // a *rules.CSVError for a header's problems
	}
	e := &rules.CSVError{}
	add := func(ps ...rules.LineProblem) {
		for _, p := range ps {
			if len(e.Problems) < MaxCSVProblems {
				e.Problems = append(e.Problems, p)
			} else {
				e.More++
			}
		}
	}
	stored, err := s.Count(ctx)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seed := maphash.MakeSeed()
	var keys []key
	values := map[uint64]string{} // the value behind a hash, for the message
	rows := 0
	for out := range checkRows(ctx, r, s.Env(), s.now()) {
		for _, row := range <-out {
			var lp rules.LineProblem
			var ps rules.LineProblems
			switch {
			case errors.As(row.err, &lp):
				add(lp)
				rows++
				continue
			case errors.As(row.err, &ps):
				add(ps...)
				continue
			case row.err != nil:
				return 0, row.err
			}
			rows++
			c, line := row.c, row.rec.Line
			add(lineProblems(line, row.problems)...)
			// A row's claim is checked even when other cells have problems,
			// so that one run lists everything to fix.
			k, claim := key{line: int32(line)}, false
			switch {
			case c.Kind == model.KindDomain && c.Domain != "":
				k.hash, claim = maphash.String(seed, c.Domain), true
				values[k.hash] = c.Domain
			case c.Kind == model.KindTeam && c.PrimaryEmail != "":
				k.hash, k.team, claim = maphash.String(seed, "team:"+c.PrimaryEmail), true, true
				values[k.hash] = c.PrimaryEmail
			}
			if claim {
				keys = append(keys, k)
				if len(values) > 1<<16 {
					clear(values) // only for messages; memory stays bounded
				}
				if stored > 0 { // an empty database has nothing to duplicate
					dup, err := duplicates(ctx, s.db.Cached(), c)
					if err != nil {
						return 0, err
					}
					add(lineProblems(line, dup)...)
				}
			}
			if sp != nil && len(e.Problems) == 0 {
				if err := sp.add(line, c); err != nil {
					return 0, err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		if opt.Progress != nil {
			opt.Progress(model.CSVProgress{Phase: "check", Done: counted.n.Load(), Total: opt.Size})
		}
	}
	// Rows that claim what an earlier row claimed.
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].hash != keys[j].hash {
			return keys[i].hash < keys[j].hash
		}
		return keys[i].line < keys[j].line
	})
	var repeated rules.LineProblems
	first := 0
	for i := 1; i < len(keys); i++ {
		if keys[i].hash != keys[i-1].hash {
			first = i
			continue
		}
		field := model.FieldDomain
		if keys[i].team {
			field = model.FieldPrimaryEmail
		}
		v := values[keys[i].hash]
		if v == "" {
			v = "the same " + string(field)
		}
		repeated = append(repeated, rules.LineProblem{Line: int(keys[i].line), Problem: rules.NewProblem(field,
			rules.CodeDuplicateInFile, "value", v, "line", strconv.Itoa(int(keys[first].line)))})
	}
	add(repeated...)
	if rows == 0 && len(e.Problems) == 0 {
		add(rules.LineProblem{Problem: rules.NewProblem("", rules.CodeNoRows)})
	}
	if len(e.Problems) > 0 {
		sort.SliceStable(e.Problems, func(i, j int) bool { return e.Problems[i].Line < e.Problems[j].Line })
		return rows, e
	}
	return rows, nil
}

// countingReader counts the bytes read, for the progress: the reader
// goroutine (checkRows) adds while the caller's goroutine reads the count.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ExportCSV writes the customers matching query (all when empty) in name
// order, as one consistent snapshot. Reading the rows, and decoding and
// formatting them, run side by side.
func (s *Service) ExportCSV(ctx context.Context, w io.Writer, query string) (int, error) {
	cw, err := csvfile.NewWriter(w)
	if err != nil {
		return 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []*sqlite.Raw, 4)
	read := make(chan error, 1)
	go func() {
		defer close(batches)
		batch := make([]*sqlite.Raw, 0, 256)
		err := sqlite.EachRaw(ctx, s.db.Reader(), query, func(r *sqlite.Raw) error {
			if batch = append(batch, r); len(batch) == cap(batch) {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return ctx.Err()
				}
				batch = make([]*sqlite.Raw, 0, 256)
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			batches <- batch
		}
		read <- err
	}()
	n := 0
	fields := make([]string, 0, 32)
	var c model.Customer
	for batch := range batches {
		for _, r := range batch {
			err := r.DecodeTo(&c, fields)
			if err == nil {
				err = cw.WriteCustomer(&c)
			}
			if err != nil {
				cancel()
				for range batches {
				}
				return n, err
			}
			n++
		}
	}
	if err := <-read; err != nil {
		return n, err
	}
	return n, cw.Flush()
}
