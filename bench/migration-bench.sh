#!/usr/bin/env bash
# Benchmark (not a test): the whole migration of a generated export on the running platform, import
# through the gateway → every account COMPLETED, against the no-microservices baseline: one SQL script
# doing the same conversion inside one PostgreSQL database, run in the same session.
#
#   bench/migration-bench.sh [accounts=100000] [seed=1]
#
# It starts from an empty stack (bin/stack clean, then up without the sample): it DELETES the stack's
# data. Prints accounts/s end to end, each phase, each service's peak RSS, the CPU seconds each part
# of the stack used in each phase (bench/cpu-seconds.sh), the baseline and the ratio.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
SEED=${2:-1}
EXPORT=${EXPORT_DIR:-/tmp/poco-bench-export-$N-$SEED}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BASELINE_DB=poco_baseline
SERVICES=(redirect-gateway account-service loyalty-service coupon-service catalog-service)

[ -f "$EXPORT/expected.json" ] || "$ROOT/bin/migrate" generate "$EXPORT" "$N" "$SEED"
echo "export: $EXPORT ($(du -sh "$EXPORT" | cut -f1)): $(tr -d '\n ' < "$EXPORT/expected.json")"

echo "== microservices: a clean stack, then bin/migrate import + run"
"$ROOT/bin/stack" clean >/dev/null
POCO_SAMPLE=none "$ROOT/bin/stack" up >/dev/null
cpu_start=$("$ROOT/bench/cpu-seconds.sh")
TIMEFORMAT='cli-cpu %U %S'
start=$(date +%s.%N)
{ time "$ROOT/bin/migrate" import "$EXPORT" 2>&3 | tail -n 10; } 3>&2 2>/tmp/poco-bench-cli-import
imported=$(date +%s.%N)
cpu_imported=$("$ROOT/bench/cpu-seconds.sh")
{ time "$ROOT/bin/migrate" run --stall-seconds 600 2>&3 | tail -n 8; } 3>&2 2>/tmp/poco-bench-cli-run
done_at=$(date +%s.%N)
cpu_done=$("$ROOT/bench/cpu-seconds.sh")
echo "== CPU seconds per part (2 cores: a phase of T seconds has 2T to give)"
join <(echo "$cpu_start") <(echo "$cpu_imported") | join - <(echo "$cpu_done") | awk '
  { printf "%-17s import %6.1f   migration %6.1f\n", $1, $3 - $2, $4 - $3 }'
awk '/cli-cpu/ { printf "%-17s %-6s %6.1f\n", "bin/migrate", FILENAME ~ /import/ ? "import" : "run", $2 + $3 }' \
  /tmp/poco-bench-cli-import /tmp/poco-bench-cli-run
peaks=""
for s in "${SERVICES[@]}" kafka; do
  pid=$(cat "$ROOT/.stack/pids/$s.pid")
  peaks+="$(printf '%s %s MB; ' "$s" "$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")")"
done

echo "== baseline: one SQL script in one database ($BASELINE_DB): load the files, link, convert, reissue"
psql -q -X -c "DROP DATABASE IF EXISTS $BASELINE_DB" -c "CREATE DATABASE $BASELINE_DB" postgres
sql_start=$(date +%s.%N)
psql -q -X -v ON_ERROR_STOP=1 -v dir="$EXPORT" -d "$BASELINE_DB" -f "$ROOT/bench/baseline.sql"
sql_end=$(date +%s.%N)
psql -X -A -t -d "$BASELINE_DB" -c "SELECT 'baseline result: ' || (SELECT count(*) FROM account WHERE state = 'COMPLETED') || ' accounts COMPLETED, '
  || (SELECT coalesce(sum(delta), 0) FROM mi_points_entry) || ' Mi points credited, ' || (SELECT count(*) FROM mi_coupon) || ' coupons reissued'"

awk -v n="$N" -v s="$start" -v i="$imported" -v d="$done_at" -v a="$sql_start" -v b="$sql_end" -v peaks="$peaks" 'BEGIN {
  total = d - s; sql = b - a
  printf "\nmicroservices: %d accounts in %.1f s = %.0f accounts/s end to end (import %.1f s, migration %.1f s)\n", n, total, n / total, i - s, d - i
  printf "peak RSS: %s\n", peaks
  printf "one-database SQL baseline: %.1f s = %.0f accounts/s\n", sql, n / sql
  printf "ratio microservices / baseline (time): %.1fx\n", total / sql
  printf "1,000,000 accounts at this rate: %.1f min (target: under 10)\n", 1000000 / (n / total) / 60
}'
