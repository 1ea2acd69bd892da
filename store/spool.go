package store

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"time"

	"onboard/model"
	"onboard/store/sqlite"
)

// spool holds the checked rows of a CSV import in a private temporary file
// until they are written, and an index of them in memory (each row's
// organisation name and place in the file), so that they can be written in
// name order: then every chunk of the import sorts after the one before
// and is ranked and indexed in one go.
type spool struct {
	f    *os.File
	w    *bufio.Writer
	off  int64
	recs []spoolRec
}

type spoolRec struct {
	name string
	off  int64
	size int32
}

// spooled is a checked customer waiting to be written, with its line.
type spooled struct {
	Line int
	C    model.Customer
	// The transfer token is not part of a customer's JSON.
	Token     string    `json:",omitempty"`
	TokenDate time.Time `json:",omitzero"`
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "onboard-import-*.spool")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// add appends a checked row.
func (s *spool) add(line int, c model.Customer) error {
	b, err := json.Marshal(spooled{Line: line, C: c, Token: c.TransferToken, TokenDate: c.TransferTokenDate})
	if err != nil {
		return err
	}
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	s.recs = append(s.recs, spoolRec{name: sqlite.OrgKey(c.OrgName), off: s.off, size: int32(len(b))})
	s.off += int64(len(b))
	return nil
}

// sortByName orders the rows as the database orders names (equal names
// in file order), after the last add.
func (s *spool) sortByName() error {
	slices.SortStableFunc(s.recs, func(a, b spoolRec) int { return strings.Compare(a.name, b.name) })
	return s.w.Flush()
}

// read returns row i in the sorted order.
func (s *spool) read(i int, buf []byte) (spooled, []byte, error) {
	r := s.recs[i]
	buf = slices.Grow(buf[:0], int(r.size))[:r.size]
	if _, err := s.f.ReadAt(buf, r.off); err != nil {
		return spooled{}, buf, err
	}
	var sc spooled
	if err := json.Unmarshal(buf, &sc); err != nil {
		return spooled{}, buf, err
	}
	sc.C.TransferToken, sc.C.TransferTokenDate = sc.Token, sc.TokenDate
	return sc, buf, nil
}

func (s *spool) len() int { return len(s.recs) }

// close removes the file.
func (s *spool) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}
