#!/usr/bin/env bash
# The fast path in the full-screen app, as a user types it in tmux: a
# domain customer with organisation, domain, admin name, address, alternate
# email and phone; then a team customer and an import. The keys helper
# tallies every key sent beyond the characters typed, the script checks
# each customer with customers list --json and prints the counts and the
# time they take at three keys a second. It fails when a count is over the
# budget (FASTPATH_DOMAIN, FASTPATH_TEAM, FASTPATH_IMPORT keys).
# Usage: bash scripts/tmux-fastpath.sh   (needs tmux and Go)
# shellcheck source=scripts/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"

t new-session -d -s app -x 110 -y 32 "'$work/onboard' --db '$db' --config '$work/config.toml'"
wait_for "No customers yet"
report=()
budget() { # budget NAME MAX: the tally so far is within MAX keys
  report+=("$(tally_line "$1")")
  if [ $((named + letters)) -gt "$2" ]; then
    echo "fastpath: $1 took $((named + letters)) keys beyond the typed characters, budget $2" >&2
    exit 1
  fi
}

# A domain customer, the first, so the country is searched for.
tally_reset
keys n
wait_for "Step 1 of 5 · Prerequisites"
keys C-d
wait_for "Step 2 of 5 · Organisation details"
keys C-d
wait_for "› Organisation name"
text "Bakkerij Snel"; keys Enter
text "bakkerij-snel.nl"; keys C-d
wait_for "Step 4 of 5 · Contact information"
text "Jan"; keys Enter
text "de Vries"; keys Enter
text "jan.devries@gmail.com"; keys Enter
text "neth"
wait_for "› Netherlands (NL)"
keys Enter
text "020 123 4567"; keys Enter
text "Damrak 1"; keys Enter
text "1012 LG"; keys Enter
text "Amsterdam"; keys C-d
wait_for "Step 5 of 5 · Review"
wait_for "Damrak 1, 1012 LG, Amsterdam, Netherlands (NL)"
keys c
wait_for "Customer created: Bakkerij Snel"
budget "domain customer" "${FASTPATH_DOMAIN:-14}"
t send-keys -t app Enter   # open its details: not part of the count
wait_for "t setup tips"
t send-keys -t app Escape
wait_for "> Bakkerij Snel"

# A team customer: organisation, domain, its address, admin name; the
# country starts as the last customer's.
tally_reset
keys n
wait_for "Step 1 of 5 · Prerequisites"
keys C-d
wait_for "Step 2 of 5 · Organisation details"
keys 2 C-d
wait_for "› Organisation name"
text "Snel Sales"; keys Enter
text "snel-sales.nl"; keys Enter
text "sales@snel-sales.nl"; keys C-d
wait_for "Step 4 of 5 · Contact information"
text "Els"; keys Enter
text "Bakker"; keys C-d
wait_for "Step 5 of 5 · Review"
wait_for "Netherlands (NL)"
keys c
wait_for "Customer created: Snel Sales"
budget "team customer" "${FASTPATH_TEAM:-10}"
t send-keys -t app Enter
wait_for "t setup tips"
t send-keys -t app Escape
wait_for "> Snel Sales"

# An import of a domain customer with its transfer token.
tally_reset
keys i
wait_for "Step 1 of 4 · Prerequisites"
keys C-d
wait_for "Step 2 of 4 · Organisation details"
keys C-d
wait_for "› Organisation name"
text "Over BV"; keys Enter
text "over-bv.nl"; keys Enter
text "Tok3nOverBV"; keys C-d
wait_for "Step 4 of 4 · Review"
keys c
wait_for "Customer imported: Over BV"
budget "import" "${FASTPATH_IMPORT:-7}"
t send-keys -t app Enter
wait_for "Over BV"
t send-keys -t app C-c
for _ in $(seq 1 100); do t has-session -t app 2>/dev/null || break; sleep 0.05; done

out=$("$work/onboard" --db "$db" customers list --json)
for want in '"domain": "bakkerij-snel.nl"' '"phone": "+31201234567"' '"alternate_email": "jan.devries@gmail.com"' \
  '"region_code": "NL"' '"postal_code": "1012 LG"' '"locality": "Amsterdam"' '"admin_first_name": "Jan"' \
  '"primary_email": "sales@snel-sales.nl"' '"domain": "over-bv.nl"'; do
  echo "$out" | grep -qF "$want" || { echo "fastpath: $want not stored: $out" >&2; exit 1; }
done
printf 'tmux fastpath: %s\n' "${report[@]}"
