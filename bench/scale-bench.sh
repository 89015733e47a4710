#!/usr/bin/env bash
# Benchmark (not a test): the same migration of a generated export with one, then two instances of each
# consuming service (account-, loyalty- and coupon-service, bin/stack scale), each run on a clean stack.
# For each it prints the time of the import and of the migration, accounts/s, the CPU seconds each
# instance used while migrating (so that every instance is seen to share the work), and the books:
# what arrived, counted in the databases, against the generator's expectation, and the verification.
#
#   bench/scale-bench.sh [accounts=100000] [seed=1] [instances="1 2"]
#
# It DELETES the stack's data (bin/stack clean). On 2 cores a second instance is not expected to be
# faster: the point is that the books stay exact with several instances in one consumer group.
# Exits non-zero when any run's books differ.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
SEED=${2:-1}
INSTANCES=${3:-1 2}
EXPORT=${EXPORT_DIR:-/tmp/poco-bench-export-$N-$SEED}
LOG=${SCALE_LOG:-/tmp/poco-scale}
CONSUMERS=(account-service loyalty-service coupon-service)
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
mkdir -p "$LOG"
# shellcheck source=bench/books.sh
. "$ROOT/bench/books.sh"

[ -f "$EXPORT/expected.json" ] || "$ROOT/bin/migrate" generate "$EXPORT" "$N" "$SEED" >/dev/null
echo "export: $EXPORT: $(tr -d '\n ' < "$EXPORT/expected.json")"

declare -a SUMMARY
failed=0
for n in $INSTANCES; do
  echo
  echo "== $n instance(s) of ${CONSUMERS[*]}"
  "$ROOT/bin/stack" clean >/dev/null
  POCO_SAMPLE=none "$ROOT/bin/stack" up >"$LOG/up-$n.log" 2>&1 || { echo "bin/stack up failed: $LOG/up-$n.log"; exit 1; }
  for s in "${CONSUMERS[@]}"; do
    "$ROOT/bin/stack" scale "$s" "$n" >>"$LOG/up-$n.log" 2>&1 || { echo "bin/stack scale $s $n failed: $LOG/up-$n.log"; exit 1; }
  done
  start=$(date +%s.%N)
  "$ROOT/bin/migrate" import "$EXPORT" >"$LOG/import-$n.log" 2>&1 || { echo "import failed: $LOG/import-$n.log"; exit 1; }
  imported=$(date +%s.%N)
  cpu_before=$("$ROOT/bench/cpu-seconds.sh")
  "$ROOT/bin/migrate" run --stall-seconds 600 >"$LOG/run-$n.log" 2>&1 || { echo "run failed: $LOG/run-$n.log"; failed=1; }
  done_at=$(date +%s.%N)
  cpu_after=$("$ROOT/bench/cpu-seconds.sh")
  echo "CPU seconds while migrating, per instance:"
  join <(echo "$cpu_before" | sort) <(echo "$cpu_after" | sort) \
    | awk '$1 ~ /-service/ { printf "  %-20s %6.1f\n", $1, $3 - $2 }'
  if check_books "$LOG/verify-$n.log"; then books=exact; else books=DIFFER; failed=1; fi
  SUMMARY+=("$(awk -v n="$n" -v a="$N" -v s="$start" -v i="$imported" -v d="$done_at" -v b="$books" 'BEGIN {
    printf "%9d  %8.1f  %11.1f  %12.0f  %s", n, i - s, d - i, a / (d - s), b }')")
done
"$ROOT/bin/stack" down >/dev/null

echo
echo "== $N accounts: one vs several instances of each consuming service"
echo "instances  import s  migration s  accounts/s e2e  books"
printf '%s\n' "${SUMMARY[@]}"
exit $failed
