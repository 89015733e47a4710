#!/usr/bin/env bash
# Benchmark (not a test): how fast each service starts and how much memory it holds. On a running stack
# (bin/stack up), it starts one more instance of each service (bin/stack scale <service> 2), alone, and
# measures the wall time from the launch of `java` to the first 200 of /q/health/ready, the resident
# memory (RSS) then, and the RSS after IDLE seconds with nothing to do; then stops that instance.
# Prints the median of ROUNDS rounds per service. JAVA_OPTS and the JVM come from bin/stack as it is.
#
#   bench/startup-bench.sh [rounds=3] [idle-seconds=10]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${1:-3}
IDLE=${2:-10}
read -r -a SERVICES <<<"${SERVICES:-redirect-gateway account-service loyalty-service coupon-service catalog-service}"
# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

[[ "$("$ROOT/bin/stack" status)" == *$'\nkafka '*" up "* ]] || { echo "the stack is not up: bin/stack up first" >&2; exit 1; }
printf '%-18s %14s %14s %14s\n' service "ready s" "RSS ready MB" "RSS idle MB"
for s in "${SERVICES[@]}"; do
  ready=(); at_ready=(); idle=()
  for _ in $(seq 1 "$ROUNDS"); do
    "$ROOT/bin/stack" scale "$s" 1 >/dev/null
    start=$(date +%s.%N)
    "$ROOT/bin/stack" scale "$s" 2 >/dev/null
    ready+=("$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')")
    pid=$(cat "$ROOT/.stack/pids/$s.2.pid")
    at_ready+=("$(rss_mb "$pid")")
    sleep "$IDLE"
    idle+=("$(rss_mb "$pid")")
  done
  "$ROOT/bin/stack" scale "$s" 1 >/dev/null
  printf '%-18s %14s %14s %14s\n' "$s" "$(median "${ready[@]}")" "$(median "${at_ready[@]}")" "$(median "${idle[@]}")"
done
echo "(JAVA_OPTS: ${JAVA_OPTS:-the defaults of bin/stack}; $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1); median of $ROUNDS)"
