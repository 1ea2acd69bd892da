# Shared by the tmux scripts: builds onboard into a temp dir with a config
# and a database path, and gives the helpers to drive it.
#   t ARGS…        tmux on a private socket
#   pane=NAME      the tmux session the helpers below talk to (app)
#   screen         the app's screen
#   wait_for TEXT  poll the screen until TEXT shows, for at most 10 s
#   keys KEYS…     send tmux key names; text STRING types it literally.
#                  Both tally what they send: named keys (Enter, C-d …)
#                  and one-character keys (n, y, 1, c …) apart from the
#                  characters typed as text (tally_reset, tally_line)
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
named=0 letters=0 typed=0
keys() {
  local k
  for k in "$@"; do
    if [ "${#k}" -eq 1 ]; then letters=$((letters + 1)); else named=$((named + 1)); fi
  done
  t send-keys -t "$pane" "$@"
}
text() {
  typed=$((typed + $(printf '%s' "$1" | wc -m)))
  t send-keys -t "$pane" -l "$1"
}
tally_reset() { named=0 letters=0 typed=0; }
# tally_line NAME: the keys sent since tally_reset beyond the characters
# typed, and the time they take at three keys a second.
tally_line() {
  local beyond=$((named + letters))
  local total=$((typed + beyond))
  printf '%s: %d keys beyond the %d characters typed (%d named keys like Enter and ctrl+d, %d one-letter keys like n, y, 1, c); %d keys in all, %d.%d s at 3 keys/s\n' \
    "$1" "$beyond" "$typed" "$named" "$letters" "$total" $((total / 3)) $(((total % 3) * 10 / 3))
}
to_org_name() {
  keys n
  wait_for "Step 1 of 5"
  keys y n n 1 # the checklist answered one by one, then the product family
  wait_for "Customer type"
  keys 1 n
  wait_for "Organisation name"
}
