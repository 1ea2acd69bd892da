package sshserver

import (
	"log/slog"
	"time"
)

// ConnectLinesPerSecond is how many "ssh connect" lines the server logs in
// one second; 150,000 connects once wrote 23 MB of log. Past it the lines
// are counted, and the first connect of a later second logs how many were
// left out.
const ConnectLinesPerSecond = 10

// connLog rate-limits the one INFO line per TCP connect. It is guarded by
// Server.mu (admit holds it).
type connLog struct {
	second  time.Time // the second being counted
	logged  int       // lines logged in it
	skipped int       // lines left out since the last summary
}

// connect logs a connect from ip, or counts it when this second's lines are
// used up.
func (c *connLog) connect(log *slog.Logger, now time.Time, ip string) {
	if sec := now.Truncate(time.Second); !sec.Equal(c.second) {
		c.second, c.logged = sec, 0
		if c.skipped > 0 {
			log.Info("ssh connect lines not logged", "count", c.skipped)
			c.skipped = 0
		}
	}
	if c.logged >= ConnectLinesPerSecond {
		c.skipped++
		return
	}
	c.logged++
	log.Info("ssh connect", "ip", ip)
}
