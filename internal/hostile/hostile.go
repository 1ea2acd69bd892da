// Package hostile holds the text the hostile-input tests put everywhere a
// person, a file, the database or Google could put text: terminal control
// sequences, C0 and C1 controls, bidi controls and invisible characters.
package hostile

// Payloads are strings that would take over a terminal (or fool a reader)
// if a screen drew them as they are.
var Payloads = []string{
	"clear\x1b[2J\x1b[H",    // CSI: clear the screen, cursor home
	"move\x1b[10;10Hhere",   // CSI: cursor move
	"title\x1b]0;pwned\x07", // OSC 0: window title
	"link\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\", // OSC 8: hyperlink
	"clip\x1b]52;c;cm0gLXJmIH4=\x07",                        // OSC 52: clipboard
	"dcs\x1bP1$qm\x1b\\",                                    // DCS
	"apc\x1b_payload\x1b\\",                                 // APC
	"c1raw\x9b2J",                                           // 8-bit C1 CSI (invalid UTF-8)
	"c1utf\u009b2J",                                         // C1 CSI as UTF-8
	"cr\roverwrite",                                         // CR
	"bs\b\b\bXX",                                            // backspace
	"bell\a",                                                // BEL
	"nul\x00byte",                                           // NUL
	"del\x7f",                                               // DEL
	"bidi\u202Egnp.exe",                                     // RIGHT-TO-LEFT OVERRIDE
	"isolate\u2066x\u2069",                                  // bidi isolates
	"zw\u200Bsp\u200D\uFEFF",                                // zero-width characters
	"sgr\x1b[31mred\x1b[0m",                                 // SGR colour from the data, not the app
}
