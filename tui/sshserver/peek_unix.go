//go:build linux || darwin || freebsd || netbsd || openbsd

package sshserver

import (
	"net"
	"syscall"
)

// waiting is whether the client has sent bytes the server has not read yet:
// a peek at the socket that neither blocks nor consumes. Under load the
// goroutine that reads a connection's version line can run late, and a
// client that has spoken must not count as silent meanwhile. It goes
// through RawConn.Control, which, unlike RawConn.Read, does not wait for
// the handshake's own read to end.
func waiting(c net.Conn) bool {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return false
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	var buf [1]byte
	got := false
	_ = rc.Control(func(fd uintptr) {
		n, _, err := syscall.Recvfrom(int(fd), buf[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		got = err == nil && n > 0
	})
	return got
}
