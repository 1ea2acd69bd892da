package main

import (
	"context"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"onboard/i18n"
	"onboard/model"
	"onboard/tui/sshserver"
)

// ShutdownGrace is how long a stopping server waits for sessions to save
// their drafts and end.
const ShutdownGrace = 10 * time.Second

// serveCmd is "onboard serve": the app over SSH for the team.
func serveCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: e.T("the app over SSH for the team ([ssh] in the config)"),
		Args: posArgs(func(args []string) error {
			if len(args) > 0 {
				return i18n.Errorf("serve takes no arguments")
			}
			return nil
		}),
	}
	listen := cmd.Flags().String("listen", "", e.S("the `ADDR` to listen on (default [ssh] listen, :2222)"))
	cmd.RunE = func(cmd *cobra.Command, args []string) error { return e.serve(listen) }
	return cmd
}

// serve is "onboard serve": the app over SSH until SIGINT or SIGTERM.
func (e *env) serve(listen *string) error {
	svc, err := e.service()
	if err != nil {
		return err
	}
	cfgPath, err := configPath(e.cfgArg)
	if err != nil {
		return err
	}
	if err := strictModes(cfgPath, e.cfg); err != nil {
		return err
	}
	c := e.cfg.SSH
	if *listen != "" {
		c.Listen = *listen
	}
	if c.AuthorizedKeys == "" {
		return i18n.Errorf("onboard serve needs [ssh] authorized_keys in the config: the staff's public keys, one per line, each with the person's name as its comment")
	}
	hostKey := c.HostKey
	if hostKey == "" {
		dbPath, err := defaultDBPath()
		if err != nil {
			return err
		}
		hostKey = filepath.Join(filepath.Dir(dbPath), "ssh_host_ed25519_key")
	}
	users := make([]sshserver.User, len(c.Users))
	for i, u := range c.Users {
		users[i] = sshserver.User{Fingerprint: u.Fingerprint, Name: u.Name, Language: u.Language, TimeZone: u.TimeZone}
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	// Each session keeps its screen and a window of rows live; with hundreds
	// of sessions the default GC target (collect when the heap doubles) spends
	// most of the CPU rescanning that live heap. Collect when it grows 4×:
	// more memory for garbage, far less CPU, the same live memory.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	srv, err := sshserver.New(sshserver.Config{
		Language: e.cfg.UI.Language, Addr: c.Listen, HostKeyPath: hostKey, AuthorizedKeys: c.AuthorizedKeys, Users: users,
		IdleTimeout: c.IdleTimeout.Duration, MaxSession: c.MaxSession.Duration, HandshakeTimeout: c.HandshakeTimeout.Duration,
		MaxAuthTries: c.MaxAuthTries, MaxConns: c.MaxConnections, MaxConnsPerIP: c.MaxPerIP, Logger: log, Now: e.now,
	}, svc)
	if err != nil {
		return err
	}
	l, err := net.Listen("tcp", c.Listen)
	if err != nil {
		return err
	}
	if svc.HasGoogle() {
		// Pushes to Google that were under way when the server last
		// stopped go on, once, in the background, a few at a time: one
		// customer whose calls hang holds up no other.
		go func() {
			_, err := svc.ResumePushes(e.ctx, "onboard serve", func(r model.ResumedPush) {
				log.Info("resumed push to Google", "customer", r.ID, "status", r.Customer.Status, "error", r.Err)
			})
			if err != nil {
				log.Error("list pushes under way", "error", err)
			}
		}()
	}
	// ONBOARD_CPUPROFILE=FILE profiles the server until it stops, for
	// finding what a loaded server spends its time on.
	if path := os.Getenv("ONBOARD_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	// ONBOARD_TRACE=FILE records an execution trace (go tool trace) until
	// the server stops: where a slow keystroke waited.
	if path := os.Getenv("ONBOARD_TRACE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := trace.Start(f); err != nil {
			return err
		}
		defer func() { trace.Stop(); f.Close() }()
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	usr1 := make(chan os.Signal, 1)
	signal.Notify(usr1, syscall.SIGUSR1)
	defer signal.Stop(usr1)
	for waiting := true; waiting; {
		select {
		case err := <-served:
			return err
		case <-usr1:
			st := srv.Stats()
			log.Info("stats", "sessions", st.Sessions, "connections", st.Connections,
				"goroutines", st.Goroutines, "heap_inuse_kib", st.HeapInuseKiB)
		case <-e.ctx.Done():
			waiting = false
		}
	}
	log.Info("shutting down: saving drafts and closing sessions", "grace", ShutdownGrace.String())
	ctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("shutdown", "error", err.Error())
	}
	log.Info("stopped")
	return nil
}
