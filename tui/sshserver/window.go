package sshserver

// The largest terminal the app draws for. The renderer allocates a cell
// buffer of the size the client claims; a pty-req or window-change of
// 65535×65535 (what OpenSSH sends after stty rows 65535 cols 65535) or
// 2³²−1 × 2³²−1 would take gigabytes and end every session. No screen is
// larger than this, so a larger claim is drawn at this size.
const (
	MaxColumns = 1000
	MaxRows    = 500
)

// clampWindow bounds a client's window size to what a screen can be. A zero
// (or negative, from a size that overflowed int) dimension, which some
// clients send when they do not know, is the classic 80×24.
func clampWindow(w, h int) (int, int) {
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	return min(w, MaxColumns), min(h, MaxRows)
}
