package walk

// xterm are the bytes a terminal (xterm, as an SSH client's PTY) sends for
// the keys the walker and the tests name.
var xterm = map[string]string{
	Enter: "\r", Tab: "\t", ShiftTab: "\x1b[Z", Esc: "\x1b", Right: "\x1b[C", ClearLine: "\x15",
	"left": "\x1b[D", "up": "\x1b[A", "down": "\x1b[B", "space": " ", "backspace": "\x7f", "ctrl+c": "\x03",
}

// Xterm returns the bytes a terminal sends for the named key (one
// character stands for itself); ok is false for a name it does not know.
func Xterm(key string) (b string, ok bool) {
	if b, ok := xterm[key]; ok {
		return b, true
	}
	if len([]rune(key)) == 1 {
		return key, true
	}
	return "", false
}
