#!/usr/bin/env bash
# SIGTERM to the full-screen app while a wizard is open: the draft typed a
# moment before is saved, the process exits 0, the WAL is checkpointed, and
# the next start offers the draft again.
# Usage: bash scripts/tmux-sigterm.sh   (needs tmux and Go)
# shellcheck source=scripts/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"

start() {
  t new-session -d -s app -x 100 -y 30 "'$work/onboard' --db '$db' --config '$work/config.toml'; echo \$? > '$work/exit'; sleep 30"
}
start
wait_for "No customers yet"
to_org_name
text "Sigterm Bakkerij"
wait_for "Sigterm Bakkerij"
# At once: the draft is not saved yet by the typing (that waits 400 ms).
pkill -TERM -f "^$work/onboard --db" || true
for _ in $(seq 1 200); do [ -s "$work/exit" ] && break; sleep 0.05; done
code=$(cat "$work/exit" 2>/dev/null || echo none)
[ "$code" = 0 ] || { echo "sigterm: exit code $code, want 0" >&2; exit 1; }
if [ -s "$db-wal" ]; then echo "sigterm: the WAL was not checkpointed ($(stat -c %s "$db-wal") bytes)" >&2; exit 1; fi
t kill-session -t app
rm -f "$work/exit"
start
wait_for "Sigterm Bakkerij"
keys Escape q
echo "tmux: SIGTERM saved the open wizard's draft, exit 0, WAL checkpointed; the next start offered it"

# Twenty apps on one database, each in a wizard with a name typed, all sent
# SIGTERM at once: twenty exit codes 0, twenty drafts, the WAL empty.
db20="$work/twenty.db"
for i in $(seq -w 1 20); do
  t new-session -d -s "app$i" -x 100 -y 30 "'$work/onboard' --db '$db20' --config '$work/config.toml'; echo \$? > '$work/exit$i'; sleep 30"
done
for i in $(seq -w 1 20); do
  pane="app$i"
  wait_for "No customers yet"
  to_org_name
done
# Type the names in all twenty, then stop them at once: the last ones typed
# are saved by the signal, not by the typing's own save 400 ms later.
for i in $(seq -w 1 20); do pane="app$i"; text "Sigterm $i"; done
for i in $(seq -w 1 20); do pane="app$i"; wait_for "Sigterm $i"; done
pkill -TERM -f "^$work/onboard --db $db20" || true
for i in $(seq -w 1 20); do
  for _ in $(seq 1 200); do [ -s "$work/exit$i" ] && break; sleep 0.05; done
  code=$(cat "$work/exit$i" 2>/dev/null || echo none)
  [ "$code" = 0 ] || { echo "sigterm: app $i exit code $code, want 0" >&2; exit 1; }
done
if [ -s "$db20-wal" ]; then echo "sigterm: twenty apps left the WAL with $(stat -c %s "$db20-wal") bytes" >&2; exit 1; fi
drafts=$("$work/onboard" --db "$db20" --config "$work/config.toml" drafts --json)
n=$(grep -c '"id":' <<<"$drafts" || true)
[ "$n" = 20 ] || { echo "sigterm: $n drafts, want 20" >&2; echo "$drafts" >&2; exit 1; }
for i in $(seq -w 1 20); do
  grep -qF "\"org_name\": \"Sigterm $i\"" <<<"$drafts" || { echo "sigterm: no draft for app $i" >&2; echo "$drafts" >&2; exit 1; }
done
echo "tmux: SIGTERM to twenty apps in wizards: twenty exit codes 0, twenty drafts saved, WAL checkpointed"
