package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// Config is the TOML configuration; every key is in config.toml.example.
type Config struct {
	Reseller struct {
		// ID is the public reseller ID (account ID); empty means the
		// wizard asks for it.
		ID string `toml:"id"`
	} `toml:"reseller"`
	Database struct {
		// Path of the SQLite file; empty means the user's data directory.
		Path string `toml:"path"`
	} `toml:"database"`
}

func defaultConfig() Config {
	return Config{}
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
		return c, fmt.Errorf("read config: %w", err)
	}
	md, err := toml.Decode(string(body), &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return c, fmt.Errorf("config %s: line %d: %s", path, pe.Position.Line, pe.Message)
		}
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		var msgs []string
		for _, k := range keys {
			msgs = append(msgs, fmt.Sprintf("line %d: unknown key %q", keyLine(body, k), k.String()))
		}
		return c, fmt.Errorf("config %s: %s", path, strings.Join(msgs, "; "))
	}
	if c.Reseller.ID != "" && !isAlnum(c.Reseller.ID) {
		return c, fmt.Errorf("config %s: reseller.id %q must be letters and digits only", path, c.Reseller.ID)
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
