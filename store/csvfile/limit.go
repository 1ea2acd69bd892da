package csvfile

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"onboard/model"
	"onboard/model/rules"
)

// Limits that keep the memory of a read, and the length of what it says
// back, bounded whatever the file holds (no newline at all, an endless
// stream of zero bytes, ten thousand columns).
const (
	// MaxRowBytes is the longest row, quoted newlines included. The
	// longest legal row is about 32 KiB: every column at its longest
	// cell.
	MaxRowBytes = 64 << 10
	// MaxCellBytes is the longest cell. The rules allow rules.MaxText
	// (255) characters of up to 4 bytes in a field; four times that
	// leaves room for a stored status message.
	MaxCellBytes = 4 * rules.MaxText * utf8.UTFMax
	// MaxColumns is the most columns a header may have: twice the
	// columns onboard knows, so that a header with a few wrong names is
	// still answered column by column.
	MaxColumns = 64
	// MaxHeaderProblems is how many problems of a header are listed;
	// the rest are counted.
	MaxHeaderProblems = 20
	// MaxBlankLines is the most blank lines in a row a file may have:
	// encoding/csv skips blank lines without returning, so an endless
	// stream of newlines would be read for ever. A real file has a few
	// (one between every row, at most, from a doubled line ending).
	MaxBlankLines = 1000
	// quoteRunes is how much of the input a message quotes.
	quoteRunes = 40
)

// rowLimiter passes a CSV stream through and ends it with a
// *rowTooLongError once a row grows past max bytes, so that encoding/csv,
// which holds a whole row in memory, never holds more. A newline ends a row
// unless it is inside a quoted cell; csv.Reader refuses every quote that
// does not open, close or double inside a cell, so while the file is valid
// an odd count of quotes in the row means a cell is open.
type rowLimiter struct {
	r      io.Reader
	max    int
	n      int    // bytes of the current row so far
	quoted bool   // an odd number of quotes in the current row
	lines  int    // newlines passed
	blank  int    // blank lines in a row just before the current row
	line   int    // the physical line the current row starts on
	start  []byte // the current row's first bytes, for the message
	err    error
}

func newRowLimiter(r io.Reader, max int) *rowLimiter {
	return &rowLimiter{r: r, max: max, start: make([]byte, 0, 4*quoteRunes)}
}

// rowTooLongError is a row longer than the limit: where it starts and its
// first bytes.
type rowTooLongError struct {
	line  int
	start string
}

func (e *rowTooLongError) Error() string {
	return "line " + strconv.Itoa(e.line) + ": a row longer than " + strconv.Itoa(MaxRowBytes) + " bytes"
}

// blankLinesError is a run of more than MaxBlankLines blank lines, from
// line.
type blankLinesError struct{ line int }

func (e *blankLinesError) Error() string {
	return "line " + strconv.Itoa(e.line) + ": more than " + strconv.Itoa(MaxBlankLines) + " blank lines in a row"
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	buf := p[:n]
	for len(buf) > 0 {
		if l.n == 0 {
			l.line, l.start = l.lines+1, l.start[:0]
		}
		seg := len(buf)
		j := bytes.IndexAny(buf, "\"\n")
		if j >= 0 {
			seg = j + 1
		}
		if room := cap(l.start) - len(l.start); room > 0 {
			l.start = append(l.start, buf[:min(room, seg)]...)
		}
		if l.n+seg > l.max {
			l.err = &rowTooLongError{line: l.line, start: string(l.start)}
			return n - len(buf) + (l.max - l.n), l.err
		}
		l.n += seg
		if j >= 0 {
			switch buf[j] {
			case '"':
				l.quoted = !l.quoted
			case '\n':
				l.lines++
				if !l.quoted {
					// A blank line is "\n" or "\r\n" alone.
					if row := l.n; row == 1 || row == 2 && l.start[0] == '\r' {
						if l.blank++; l.blank > MaxBlankLines {
							l.err = &blankLinesError{line: l.lines - l.blank + 1}
							return n - len(buf) + seg, l.err
						}
					} else {
						l.blank = 0
					}
					l.n = 0
				}
			}
		}
		buf = buf[seg:]
	}
	return n, err
}

// Quote returns the start of s for a message, as a Go string literal: at
// most a few dozen characters, with control, invisible and bidi characters
// and invalid bytes escaped (\x00, \u202e), and … after it when cut.
func Quote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		_, size := utf8.DecodeRuneInString(s[i:])
		q := strconv.Quote(s[i : i+size])
		if b.Len()+len(q)-2 > quoteRunes {
			return `"` + b.String() + `"…`
		}
		b.WriteString(q[1 : len(q)-1])
		i += size
	}
	return `"` + b.String() + `"`
}

// short is s sanitised and cut to a few dozen characters for a message,
// with … when cut: what a problem quotes of a cell or a column name.
func short(s string) string {
	s = rules.Sanitize(s)
	if utf8.RuneCountInString(s) <= quoteRunes {
		return s
	}
	i, n := 0, 0
	for i = range s {
		if n == quoteRunes {
			break
		}
		n++
	}
	return s[:i] + "…"
}

// echoes are the problem parameters that repeat what the file holds.
var echoes = []string{"value", "domain", "email", "name", "id", "char"}

// shortened returns ps with every parameter that quotes the file cut short,
// so that a thousand problems of long cells still make a short message.
func shortened(ps rules.Problems) rules.Problems {
	for i, p := range ps {
		var params map[string]string
		for _, k := range echoes {
			if v, ok := p.Params[k]; ok && len(v) > quoteRunes {
				if params == nil {
					params = make(map[string]string, len(p.Params))
					for k, v := range p.Params {
						params[k] = v
					}
				}
				params[k] = short(v)
			}
		}
		if params != nil {
			ps[i].Params = params
		}
	}
	return ps
}

// longCells returns a problem for each cell of row longer than
// MaxCellBytes, named by its column.
func longCells(row, header []string) rules.Problems {
	var ps rules.Problems
	for i, v := range row {
		if len(v) > MaxCellBytes {
			name := ""
			if i < len(header) {
				name = header[i]
			}
			ps = append(ps, rules.NewProblem(model.Field(name), rules.CodeCellTooLong, "max", strconv.Itoa(MaxCellBytes)))
		}
	}
	return ps
}

// blankLines is the problem of too many blank lines in a row.
func blankLines(e *blankLinesError) rules.LineProblems {
	return rules.LineProblems{{Line: e.line, Problem: rules.NewProblem("", rules.CodeBlankLines, "max", strconv.Itoa(MaxBlankLines))}}
}

// tooLong is the problem of a row longer than MaxRowBytes.
func tooLong(e *rowTooLongError) rules.LineProblems {
	return rules.LineProblems{{Line: e.line, Problem: rules.NewProblem("", rules.CodeRowTooLong,
		"max", strconv.Itoa(MaxRowBytes), "start", Quote(e.start))}}
}
