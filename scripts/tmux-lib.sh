# Shared by the tmux scripts: builds onboard into a temp dir with a config
# and a database path, and gives the helpers to drive it.
#   t ARGS…        tmux on a private socket
#   pane=NAME      the tmux session the helpers below talk to (app)
#   screen         the app's screen
#   wait_for TEXT  poll the screen until TEXT shows, for at most 10 s
#   keys KEYS…     send tmux key names; text STRING types it literally
#   to_org_name    from the empty list, into the create wizard's
#                  Organisation name field (a domain customer)
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
sock="$work/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
go build -o "$work/onboard" ./cmd/onboard
db="$work/onboard.db"
printf '[reseller]\nid = "C0123abcd"\n[ui]\nlanguage = "en"\n' > "$work/config.toml"

pane=app
t() { tmux -S "$sock" "$@"; }
screen() { t capture-pane -p -t "$pane"; }
wait_for() {
  for _ in $(seq 1 200); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.05
  done
  echo "tmux: timed out waiting for: $1" >&2
  screen >&2
  exit 1
}
keys() { t send-keys -t "$pane" "$@"; }
text() { t send-keys -t "$pane" -l "$1"; }
to_org_name() {
  keys n
  wait_for "Step 1 of 7"
  keys y Tab n Tab n Enter
  wait_for "Step 2 of 7"
  keys Enter
  wait_for "Customer type"
  keys Right Enter Enter
  wait_for "Organisation name"
}
