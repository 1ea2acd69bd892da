package sshserver

import (
	"strings"
	"time"

	"onboard/i18n"
)

// SessionZone picks the zone an SSH session shows times in: the client's TZ
// when it sends one (ssh's SendEnv or SetEnv) that names a zone of this
// machine's tz database; else user, the staff member's [[ssh.users]]
// time_zone; else server, the server's zone. A TZ that names no zone is no
// choice: the session goes on in the next zone, and err says why, for the
// log. A leading ':' (POSIX's "the file named") is accepted; an empty TZ is
// as none.
func SessionZone(environ []string, user, server *time.Location) (loc *time.Location, err error) {
	tz, sent := "", false
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == "TZ" {
			tz, sent = v, true // the last one wins, as in a shell
		}
	}
	if name := strings.TrimPrefix(tz, ":"); sent && name != "" {
		loc, err = clientZone(name)
		if err == nil {
			return loc, nil
		}
	}
	if user != nil {
		return user, err
	}
	return server, err
}

// clientZone loads a zone a client named. time.LoadLocation already refuses
// paths ("/etc/…", "../"); "Local" would be the server's own zone, which is
// not what the client meant.
func clientZone(name string) (*time.Location, error) {
	if name == "Local" || len(name) > 100 {
		return nil, i18n.Errorf("TZ %q: not a time zone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, i18n.Errorf("TZ %q: %w", name, err)
	}
	return loc, nil
}

// userZones loads the [[ssh.users]] time zones, by fingerprint.
func userZones(users []User) (map[string]*time.Location, error) {
	zones := map[string]*time.Location{}
	for _, u := range users {
		if u.TimeZone == "" {
			continue
		}
		loc, err := time.LoadLocation(u.TimeZone)
		if err != nil {
			return nil, i18n.Errorf("ssh: the time zone %q of ssh user %q is not in this machine's time zone database: %w", u.TimeZone, u.Name, err)
		}
		zones[u.Fingerprint] = loc
	}
	return zones, nil
}
