#!/usr/bin/env bash
# Runs the list benchmarks at 10^4, 10^5 and 10^6 customers (the databases
# are built once and kept in the system temp dir; the first run of 10^6
# takes minutes) and prints ours against the bubbles list baseline.
#   bash scripts/bench.sh                 all sizes
#   ONBOARD_BENCH_MAX=100000 bash scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
go test ./tui/customers -run '^$' -bench 'ListKeystroke|FirstFrame|Scroll' -benchtime "${BENCHTIME:-5x}" -timeout 60m | tee "$out"
echo
echo "== ratios: bubbles list p50 / ours p50 (higher is better), per N"
awk '
  /^Benchmark(Bubbles)?ListKeystroke\/N=[0-9]+\/all/ {
    split($1, a, "/"); n = a[2]; sub("N=", "", n)
    for (i = 1; i <= NF; i++) { if ($(i+1) == "p50-ms") p50 = $i; if ($(i+1) == "p99-ms") p99 = $i }
    if ($1 ~ /Bubbles/) { b50[n] = p50; b99[n] = p99 } else { o50[n] = p50; o99[n] = p99 }
  }
  END {
    for (n in o50) {
      line = sprintf("N=%s  ours p50 %s ms p99 %s ms", n, o50[n], o99[n])
      if (n in b50) line = line sprintf("  bubbles p50 %s ms p99 %s ms  ratio p50 %.1fx p99 %.1fx", b50[n], b99[n], b50[n]/o50[n], b99[n]/o99[n])
      print line
    }
  }' "$out" | sort -t= -k2 -n
rm -f "$out"
