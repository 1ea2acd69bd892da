package sqlite

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jsonStrings appends to dst the strings of a JSON array of strings as
// SQLite's json_array writes it (no white space). A string without escapes
// is a slice of s; the others are decoded.
func jsonStrings(s string, dst []string) ([]string, error) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return dst, errors.New("not a JSON array")
	}
	i := 1
	if s[i] == ']' {
		return dst, nil
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return dst, fmt.Errorf("no string at %d", i)
		}
		i++
		start, plain := i, true
		for i < len(s) && s[i] != '"' {
			if s[i] == '\\' {
				plain = false
				i++
			}
			i++
		}
		if i >= len(s) {
			return dst, errors.New("unterminated string")
		}
		if plain {
			dst = append(dst, s[start:i])
		} else {
			v, err := unescapeJSON(s[start-1 : i+1])
			if err != nil {
				return dst, fmt.Errorf("string at %d: %w", start, err)
			}
			dst = append(dst, v)
		}
		i++
		switch {
		case i < len(s) && s[i] == ',':
			i++
		case i == len(s)-1 && s[i] == ']':
			return dst, nil
		default:
			return dst, fmt.Errorf("no comma or end at %d", i)
		}
	}
}

// unescapeJSON decodes a quoted JSON string with escapes: the one-letter
// escapes by hand (address lines, themselves JSON, are full of \"), the
// rest (\u) by the standard decoder.
func unescapeJSON(q string) (string, error) {
	var b strings.Builder
	b.Grow(len(q))
	for i := 1; i < len(q)-1; i++ {
		ch := q[i]
		if ch != '\\' {
			b.WriteByte(ch)
			continue
		}
		i++
		switch q[i] {
		case '"', '\\', '/':
			b.WriteByte(q[i])
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		default:
			var v string
			err := json.Unmarshal([]byte(q), &v)
			return v, err
		}
	}
	return b.String(), nil
}
