#!/usr/bin/env bash
# Drives the full-screen app in tmux as a user would: creates a customer with
# keys only, quits, and checks the customer with the command line.
# Usage: bash scripts/tmux-create.sh   (needs tmux and Go)
# shellcheck source=scripts/tmux-lib.sh
source "$(dirname "$0")/tmux-lib.sh"

t new-session -d -s app -x 100 -y 30 "'$work/onboard' --db '$db' --config '$work/config.toml'"
wait_for "No customers yet"
to_org_name
text "Tmux Bakkerij"
keys Tab
text "tmux-bakkerij.nl"
keys Tab Tab
text "CRM-TMUX"
keys Enter
wait_for "Contact information"
keys Tab Tab
text "owner@gmail.com"
keys Enter
text "NL"
keys Enter
text "+31 20 123 4567"
# Enter through the rest: it stops at the review, which creates only on c.
for _ in $(seq 1 10); do keys Enter; done
wait_for "Step 5 of 5 · Review"
wait_for "Enter does not store the customer: press c to create the customer."
keys c
wait_for "Customer created: Tmux Bakkerij"
keys Enter
# The new customer's detail, with the setup tips one key away.
wait_for "t setup tips"
keys Escape
wait_for "> Tmux Bakkerij"
keys q
for _ in $(seq 1 100); do t has-session -t app 2>/dev/null || break; sleep 0.05; done

out=$("$work/onboard" --db "$db" customers list --json)
echo "$out" | grep -q '"domain": "tmux-bakkerij.nl"' || { echo "customer not stored: $out" >&2; exit 1; }
echo "$out" | grep -q '"crm_id": "CRM-TMUX"' || { echo "CRM ID not stored: $out" >&2; exit 1; }
echo "$out" | grep -q '"phone": "+31201234567"' || { echo "phone not stored: $out" >&2; exit 1; }
echo "tmux: created a customer with keys only and found it with customers list --json"
