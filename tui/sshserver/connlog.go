package sshserver

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// ConnectLinesPerSecond is how many "ssh connect" lines the server logs in
// one second; 150,000 connects once wrote 23 MB of log. Past it the lines
// are counted, and the first connect of a later second logs how many were
// left out. Refusal lines (a connection refused or dropped, a session or an
// env request refused, a key refused) are bounded the same way, on a count
// of their own, since a flood of refused connections writes one each.
const ConnectLinesPerSecond = 10

// rateLog logs at most ConnectLinesPerSecond lines a second (of the
// server's clock) and counts the rest; the first line of a later second is
// preceded by summary with the count. It has its own lock, since lines come
// from the accept path, the handshakes and the sessions alike.
type rateLog struct {
	level   slog.Level
	summary string // the message of the line that says how many were left out

	mu      sync.Mutex
	second  time.Time // the second being counted
	logged  int       // lines logged in it
	skipped int       // lines left out since the last summary
}

// log writes msg with args, or counts it when this second's lines are used
// up.
func (r *rateLog) log(log *slog.Logger, now time.Time, msg string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if sec := now.Truncate(time.Second); !sec.Equal(r.second) {
		r.second, r.logged = sec, 0
		if r.skipped > 0 {
			log.Log(context.Background(), r.level, r.summary, "count", r.skipped)
			r.skipped = 0
		}
	}
	if r.logged >= ConnectLinesPerSecond {
		r.skipped++
		return
	}
	r.logged++
	log.Log(context.Background(), r.level, msg, args...)
}

// seen is how many lines were asked for since the last summary, logged or
// not.
func (r *rateLog) seen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.logged + r.skipped
}

// connect logs the INFO line of one TCP connect from ip.
func (s *Server) connectLine(ip string) {
	s.connLines.log(s.log, s.cfg.Now(), "ssh connect", "ip", ip)
}

// refusal logs a WARN line about something refused or dropped.
func (s *Server) refusal(msg string, args ...any) {
	s.refusals.log(s.log, s.cfg.Now(), msg, args...)
}
