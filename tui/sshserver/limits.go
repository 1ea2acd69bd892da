package sshserver

import (
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// What one connection may ask of the server. A connection runs one app in
// the usual case; without a bound one connection ran a hundred, and a
// session's env requests (kept for its lifetime) grew the server by
// 170 MB.
const (
	MaxSessionsPerConn = 4         // session channels open at once
	MaxEnvPerSession   = 64        // env requests a session accepts
	MaxEnvBytes        = 16 * 1024 // their payloads together
)

// sessionChannel opens a session channel through charm.land/ssh's own
// handler, refusing it when the connection already has
// MaxSessionsPerConn open, and bounding its env requests.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ip := hostOf(conn.RemoteAddr())
	s.mu.Lock()
	if s.channels[conn] >= MaxSessionsPerConn {
		s.mu.Unlock()
		s.refusal("ssh session refused: too many on this connection", "ip", ip, "sessions", MaxSessionsPerConn)
		_ = newChan.Reject(gossh.ResourceShortage, "too many sessions on this connection")
		return
	}
	s.channels[conn]++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.channels[conn]--; s.channels[conn] <= 0 {
			delete(s.channels, conn)
		}
		s.mu.Unlock()
	}()
	ssh.DefaultSessionHandler(srv, conn, envLimited{NewChannel: newChan, s: s, ip: ip}, ctx)
}

// envLimited is a session channel whose requests pass through a filter
// that refuses env requests past MaxEnvPerSession or MaxEnvBytes.
type envLimited struct {
	gossh.NewChannel
	s  *Server
	ip string
}

// Accept accepts the channel and filters its requests.
func (c envLimited) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		n, size, logged := 0, 0, false
		for req := range reqs {
			if req.Type == "env" {
				n, size = n+1, size+len(req.Payload)
				if n > MaxEnvPerSession || size > MaxEnvBytes {
					if !logged {
						c.s.refusal("ssh env request refused: over the limit", "ip", c.ip, "requests", MaxEnvPerSession, "bytes", MaxEnvBytes)
						logged = true
					}
					_ = req.Reply(false, nil)
					continue
				}
			}
			out <- req
		}
	}()
	return ch, out, nil
}
