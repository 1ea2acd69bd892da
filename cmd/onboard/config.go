package main

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"onboard/i18n"
	"onboard/store/channel"
	"onboard/tui/sshserver"
)

// Config is the TOML configuration; every key is in config.toml.example.
type Config struct {
	Reseller struct {
		// ID is the public reseller ID, which Google calls the Account ID
		// ([google] account_id is its alias); empty means the wizard asks
		// for it.
		ID string `toml:"id"`
	} `toml:"reseller"`
	Database struct {
		// Path of the SQLite file; empty means the user's data directory.
		Path string `toml:"path"`
	} `toml:"database"`
	SSH    SSHConfig `toml:"ssh"`
	Upkeep struct {
		ConfirmAfterDays int `toml:"confirm_after_days"`
	} `toml:"upkeep"`
	UI struct {
		Language string `toml:"language"`
	} `toml:"ui"`
	Google struct {
		AccountID       string `toml:"account_id"`
		CredentialsFile string `toml:"credentials_file"`
		AdminSubject    string `toml:"admin_subject"`
		Endpoint        string `toml:"endpoint"`
		// Timeout bounds one call to Google, its answer included;
		// MaxResponse is the longest answer read.
		Timeout     Duration `toml:"timeout"`
		MaxResponse Size     `toml:"max_response"`
		// ListQuota is the project's customers.list (and entitlements.list)
		// quota a minute; 0 is Google's default of 24.
		ListQuota int `toml:"list_quota_per_minute"`
	} `toml:"google"`
}

// SSHConfig is the [ssh] table: onboard serve.
type SSHConfig struct {
	Listen           string   `toml:"listen"`
	HostKey          string   `toml:"host_key"`
	AuthorizedKeys   string   `toml:"authorized_keys"`
	IdleTimeout      Duration `toml:"idle_timeout"`
	MaxSession       Duration `toml:"max_session"`
	HandshakeTimeout Duration `toml:"handshake_timeout"`
	MaxAuthTries     int      `toml:"max_auth_tries"`
	MaxConnections   int      `toml:"max_connections"`
	MaxPerIP         int      `toml:"max_connections_per_ip"`
	// MaxUnauthenticated and MaxUnauthenticatedPerIP bound the
	// connections that have not logged in yet.
	MaxUnauthenticated      int       `toml:"max_unauthenticated"`
	MaxUnauthenticatedPerIP int       `toml:"max_unauthenticated_per_ip"`
	Users                   []SSHUser `toml:"users"`
}

// SSHUser names the staff member behind a key fingerprint, and the
// language and time zone their sessions use when the client sends none.
type SSHUser struct {
	Fingerprint string `toml:"fingerprint"`
	Name        string `toml:"name"`
	Language    string `toml:"language"`
	TimeZone    string `toml:"time_zone"`
}

// Duration is a TOML string like "30m" or "12h".
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return i18n.Errorf("%q is not a duration like 30m or 12h", string(b))
	}
	if v < 0 {
		return i18n.Errorf("%q must not be negative", string(b))
	}
	d.Duration = v
	return nil
}

// Size is a TOML string of bytes like "8MiB", "512KiB" or "1048576".
type Size int64

// UnmarshalText parses a size in bytes, KiB, MiB or GiB.
func (z *Size) UnmarshalText(b []byte) error {
	t := strings.TrimSpace(string(b))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if n, ok := strings.CutSuffix(t, u.suffix); ok {
			t, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	v, err := strconv.ParseInt(t, 10, 64)
	if err != nil || v < 0 || v > math.MaxInt64/mult {
		return i18n.Errorf("%q is not a size like 8MiB, 512KiB or 1048576", string(b))
	}
	*z = Size(v * mult)
	return nil
}

func defaultConfig() Config {
	var c Config
	c.SSH.Listen = ":2222"
	c.SSH.IdleTimeout.Duration = 30 * time.Minute
	c.SSH.MaxSession.Duration = 12 * time.Hour
	c.SSH.HandshakeTimeout.Duration = 10 * time.Second
	c.SSH.MaxAuthTries = 3
	c.SSH.MaxConnections = 500
	c.SSH.MaxPerIP = 20
	c.SSH.MaxUnauthenticated = 500
	c.SSH.MaxUnauthenticatedPerIP = 20
	c.Google.Timeout.Duration = channel.DefaultTimeout
	c.Google.MaxResponse = channel.DefaultMaxResponse
	c.Upkeep.ConfirmAfterDays = 180
	return c
}

// configPath returns the file to read: the flag, else the user's config
// directory's onboard/config.toml when it exists, else "" (defaults).
func configPath(flag string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", nil
		}
		dir = filepath.Join(home, ".config")
	}
	p := filepath.Join(dir, "onboard", "config.toml")
	if _, err := os.Stat(p); err != nil {
		return "", nil
	}
	return p, nil
}

// loadConfig reads the config file at path over the defaults ("" = only
// defaults). A key onboard does not know is an error naming it and its line.
func loadConfig(path string) (Config, error) {
	c := defaultConfig()
	if path == "" {
		return c, nil
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return c, i18n.Errorf("read config: %w", err)
	}
	st, err := os.Stat(path)
	if err != nil {
		return c, i18n.Errorf("read config: %w", err)
	}
	md, err := toml.Decode(string(body), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, i18n.Errorf("config %s: line %d: %s", path, pe.Position.Line, pe.Message)
		}
		return c, i18n.Errorf("config %s: %w", path, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		var errs []error
		for _, k := range keys {
			errs = append(errs, i18n.Errorf("line %d: unknown key %q", keyLine(body, k), k.String()))
		}
		return c, i18n.Errorf("config %s: %w", path, i18n.Join(errs...))
	}
	if c.Google.CredentialsFile != "" && st.Mode().Perm()&0o022 != 0 {
		// Whoever can edit this file can point onboard at other credentials
		// or another endpoint.
		return c, i18n.Errorf("config %s holds Google credentials and others can write it (mode %04o): chmod go-w %s", path, st.Mode().Perm(), path)
	}
	if l := c.UI.Language; l != "" {
		if _, ok := i18n.Match(l); !ok {
			return c, i18n.Errorf("config %s: ui.language %q is not a language onboard speaks (en, nl)", path, l)
		}
	}
	for _, u := range c.SSH.Users {
		if _, ok := i18n.Match(u.Language); u.Language != "" && !ok {
			return c, i18n.Errorf("config %s: the language %q of ssh user %q is not a language onboard speaks (en, nl)", path, u.Language, u.Name)
		}
		if u.TimeZone != "" {
			if _, err := time.LoadLocation(u.TimeZone); err != nil {
				return c, i18n.Errorf("config %s: the time zone %q of ssh user %q is not in this machine's time zone database (a name like Europe/Amsterdam): %w", path, u.TimeZone, u.Name, err)
			}
		}
	}
	if d := c.Upkeep.ConfirmAfterDays; d < 1 || d > 3650 {
		return c, i18n.Errorf("config %s: upkeep.confirm_after_days %d must be from 1 to 3650", path, d)
	}
	if g := c.Google; g.AccountID != "" && !isAlnum(g.AccountID) {
		return c, i18n.Errorf("config %s: google.account_id %q must be letters and digits only (the public reseller ID, C0…)", path, g.AccountID)
	}
	if q := c.Google.ListQuota; q < 0 || q > 100000 {
		return c, i18n.Errorf("config %s: google.list_quota_per_minute %d must be from 0 (Google's default, 24) to 100000", path, q)
	}
	if d := c.Google.Timeout.Duration; d < time.Second || d > 10*time.Minute {
		return c, i18n.Errorf("config %s: google.timeout %s must be from 1s to 10m (how long one call to Google may take, answer included; default 30s)", path, d)
	}
	if z := int64(c.Google.MaxResponse); z < 64<<10 || z > 1<<30 {
		return c, i18n.Errorf("config %s: google.max_response %d bytes must be from 64KiB to 1GiB (the longest answer from Google read; default 8MiB)", path, z)
	}
	for _, n := range []struct {
		key string
		v   int
	}{{"ssh.max_connections", c.SSH.MaxConnections}, {"ssh.max_connections_per_ip", c.SSH.MaxPerIP},
		{"ssh.max_unauthenticated", c.SSH.MaxUnauthenticated}, {"ssh.max_unauthenticated_per_ip", c.SSH.MaxUnauthenticatedPerIP}} {
		if n.v < 1 || n.v > 100000 {
			return c, i18n.Errorf("config %s: %s %d must be from 1 to 100000", path, n.key, n.v)
		}
	}
	if c.Reseller.ID != "" && !isAlnum(c.Reseller.ID) {
		return c, i18n.Errorf("config %s: reseller.id %q must be letters and digits only", path, c.Reseller.ID)
	}
	return oneResellerID(c, path)
}

// oneResellerID makes [reseller] id and [google] account_id one setting:
// Google's Account ID is the public reseller ID. Either may be set; when
// both are they must agree, and [google] without either is refused with
// where to set it.
func oneResellerID(c Config, path string) (Config, error) {
	r, g := c.Reseller.ID, c.Google.AccountID
	switch {
	case r != "" && g != "" && !strings.EqualFold(r, g):
		return c, i18n.Errorf("config %s: reseller.id %q and google.account_id %q differ: both are your public reseller ID (Google's Account ID); set one of them", path, r, g)
	case r == "":
		c.Reseller.ID = g
	case g == "" && (c.Google.CredentialsFile != "" || c.Google.AdminSubject != "" || c.Google.Endpoint != ""):
		c.Google.AccountID = r
	}
	if gg := c.Google; gg.AccountID == "" && (gg.CredentialsFile != "" || gg.AdminSubject != "" || gg.Endpoint != "") {
		return c, i18n.Errorf("config %s: [google] needs your public reseller ID: set [reseller] id (or its alias [google] account_id)", path)
	}
	return c, nil
}

// keyLine finds the line that defines key k: its table header or its
// "name =" line inside the right table. BurntSushi/toml keeps key positions
// private, and a user needs the line to fix a typo.
func keyLine(body []byte, k toml.Key) int {
	table := ""
	sc := bufio.NewScanner(bytes.NewReader(body))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			table = strings.Trim(line, "[] \t")
			if table == strings.Join(k, ".") {
				return n
			}
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		full := strings.TrimSpace(name)
		if table != "" {
			full = table + "." + full
		}
		if full == k.String() {
			return n
		}
	}
	return 0
}

func isAlnum(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return len(s) <= 64
}

// strictModes is what onboard serve checks before it lets anyone in, as
// OpenSSH's StrictModes does: a config file that group or others can write
// (whoever edits it names the authorized keys and the Google endpoint), and
// a Google credentials file that others can read (the service account's
// private key) or that group or others can write. Each error says the
// chmod that fixes it; each must belong to the user running onboard or
// root, in directories only they can write (sshserver.CheckOwnerAndParents).
// The authorized_keys file is checked by the server
// itself, at start and on every reload.
func strictModes(configPath string, c Config) error {
	var errs []error
	if configPath != "" {
		st, err := os.Stat(configPath)
		if err != nil {
			return i18n.Errorf("read config: %w", err)
		}
		if st.Mode().Perm()&0o022 != 0 {
			errs = append(errs, i18n.Errorf("config %s can be written by others (mode %04o), who could name their own keys: chmod go-w %s", configPath, st.Mode().Perm(), configPath))
		}
		if err := sshserver.CheckOwnerAndParents(configPath); err != nil {
			errs = append(errs, i18n.Errorf("config: %w", err))
		}
	}
	if p := c.Google.CredentialsFile; p != "" {
		st, err := os.Stat(p)
		if err != nil {
			return i18n.Errorf("google: credentials %s: %w", p, err)
		}
		if st.Mode().Perm()&0o026 != 0 {
			errs = append(errs, i18n.Errorf("the Google credentials %s can be read or written by others (mode %04o): chmod go-w,o-r %s", p, st.Mode().Perm(), p))
		}
		if err := sshserver.CheckOwnerAndParents(p); err != nil {
			errs = append(errs, i18n.Errorf("the Google credentials: %w", err))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return i18n.Join(errs...)
}
