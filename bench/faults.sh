#!/usr/bin/env bash
# Fault suite (not part of ./mvnw verify: it takes minutes). On a clean stack, migrates a generated
# export region by region while, one after another, each service's database refuses connections for
# 20 s (its sessions terminated, as in a fail-over), each service and the Kafka broker are killed with
# -9 and restarted, and account-service's database goes away in the middle of a batch. The import
# before has faults of its own (IMPORT_FAULTS): the services it streams to and the gateway killed, and
# their databases away, while parts are in flight. Then it counts,
# straight from the databases, what arrived against what the generator says must arrive, and runs
# the cross-service verification.
#
#   bench/faults.sh [accounts=30000] [seed=7]
#   OUTAGE_SECONDS=20   how long a database refuses connections
#   IMPORT_FAULTS="kill:loyalty-service db:poco_account ..."   the import's faults, one after another
#   REGION_FAULTS="global|db:poco_loyalty kill:coupon-service;uk|...;..."   each region's (all six regions:
#                 global uk fr de es it, or some accounts are not migrated and the books differ)
#   A fault is db:<database>, kill:<part> (a bin/stack part, restarted at once), down:<part> (killed
#   and restarted after OUTAGE_SECONDS) or freeze:<part> (stopped with SIGSTOP for OUTAGE_SECONDS, then
#   continued: a process that hangs without dying, as in a long pause or a stalled machine); a+b
#   injects a and b at the same moment.
#   INSTANCES=1         instances of each consuming service (account-, loyalty-, coupon-service), all in
#                       one consumer group (bin/stack scale); kill:loyalty-service.2 kills the second one
#
# It DELETES the stack's data (bin/stack clean). Exits non-zero on any difference.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-30000}
SEED=${2:-7}
OUTAGE=${OUTAGE_SECONDS:-20}
INSTANCES=${INSTANCES:-1}
CONSUMERS=(account-service loyalty-service coupon-service)
EXPORT=${EXPORT_DIR:-/tmp/poco-faults-export-$N-$SEED}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
PIDS="$ROOT/.stack/pids"
LOG=${FAULTS_LOG:-/tmp/poco-faults}
mkdir -p "$LOG"
# shellcheck source=bench/books.sh
. "$ROOT/bench/books.sh"

say() { echo "faults: $*"; }

# Whatever a fault left behind when the suite ends early: databases closed, parts stopped.
undo_faults() {
  for db in poco_account poco_loyalty poco_coupon poco_catalog; do
    psql_db postgres "ALTER DATABASE $db ALLOW_CONNECTIONS true" >/dev/null 2>&1
  done
  for pid in "$PIDS"/*.pid; do kill -CONT "$(cat "$pid")" 2>/dev/null; done
}
trap undo_faults EXIT

# A database that refuses new connections and loses its open ones for $OUTAGE seconds.
db_outage() {
  local db=$1
  psql_db postgres "ALTER DATABASE $db ALLOW_CONNECTIONS false" >/dev/null
  psql_db postgres "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db'" >/dev/null
  sleep "$OUTAGE"
  psql_db postgres "ALTER DATABASE $db ALLOW_CONNECTIONS true" >/dev/null
}

# kill -9 by the pid bin/stack recorded, without waiting for anything else.
kill_part() {
  local part=$1
  kill -9 "$(cat "$PIDS/$part.pid")"
  while kill -0 "$(cat "$PIDS/$part.pid")" 2>/dev/null; do sleep 0.2; done
}

# A part that stops answering without dying for $OUTAGE seconds (SIGSTOP, then SIGCONT): its sockets stay
# open, its sessions with the broker and the database expire or not, its in-flight work waits.
freeze_part() {
  local pid
  pid=$(cat "$PIDS/$1.pid")
  kill -STOP "$pid"
  sleep "$OUTAGE"
  kill -CONT "$pid"
}

# bin/stack up starts what is missing and waits until every part is ready; scale, the instances beyond the first.
restart_missing() {
  (
    POCO_SAMPLE=none "$ROOT/bin/stack" up || exit 1
    for s in "${CONSUMERS[@]}"; do "$ROOT/bin/stack" scale "$s" "$INSTANCES" || exit 1; done
  ) >"$LOG/restart.log" 2>&1 || { say "restart failed: $LOG/restart.log" >&2; return 1; }
}

# One fault, or several at the same moment joined by '+' (db:<database>, kill:<part>, down:<part>,
# freeze:<part>): the databases refuse connections and the parts stay frozen while others are killed and
# restarted. Prints what was done.
inject() {
  local fault outages=() killed=() downed=() what=()
  IFS=+ read -r -a parts <<<"$1"
  for fault in "${parts[@]}"; do
    case $fault in
      db:*) db_outage "${fault#db:}" & outages+=($!); what+=("database ${fault#db:} refused connections for ${OUTAGE} s") ;;
      kill:*) kill_part "${fault#kill:}"; killed+=("${fault#kill:}") ;;
      down:*) kill_part "${fault#down:}"; downed+=("${fault#down:}") ;;
      freeze:*) freeze_part "${fault#freeze:}" & outages+=($!); what+=("${fault#freeze:} frozen (SIGSTOP) for ${OUTAGE} s") ;;
      *) say "unknown fault $fault"; return 1 ;;
    esac
  done
  local status=0 how
  if [ ${#downed[@]} -gt 0 ]; then
    sleep "$OUTAGE"
    killed+=("${downed[@]}")
  fi
  if [ ${#killed[@]} -gt 0 ]; then
    how=$([ ${#downed[@]} -gt 0 ] && echo "restarted after ${OUTAGE} s" || echo restarted)
    if restart_missing; then what+=("kill -9 ${killed[*]}, $how"); else what+=("kill -9 ${killed[*]}, NOT restarted"); status=1; fi
  fi
  [ ${#outages[@]} -gt 0 ] && wait "${outages[@]}"
  printf '%s; ' "${what[@]}" | sed 's/; $/\n/'
  return $status
}

# While the export is imported (every file at once, parts in flight), one after another.
IMPORT_FAULTS=${IMPORT_FAULTS:-"kill:loyalty-service db:poco_account kill:redirect-gateway db:poco_coupon"}

# Each region is one bulk migration; its faults are injected one after another once it is under way.
PHASES=(
  "global|db:poco_loyalty kill:coupon-service"
  "uk|db:poco_coupon kill:loyalty-service"
  "fr|db:poco_account"
  "de|kill:account-service kill:catalog-service"
  "es|kill:kafka"
  "it|kill:redirect-gateway"
)
[ -n "${REGION_FAULTS:-}" ] && IFS=';' read -r -a PHASES <<<"$REGION_FAULTS"

[ -f "$EXPORT/expected.json" ] || "$ROOT/bin/migrate" generate "$EXPORT" "$N" "$SEED" >/dev/null
say "export $EXPORT: $(tr -d '\n ' < "$EXPORT/expected.json")"
"$ROOT/bin/stack" clean >/dev/null
restart_missing || exit 1
say "$INSTANCES instance(s) of ${CONSUMERS[*]}"
declare -a ROWS
failed=0
started=$(date +%s)
imported() { psql_db poco_account "SELECT count(*) FROM poco_account"; }
"$ROOT/bin/migrate" import "$EXPORT" >"$LOG/import.log" 2>&1 &
import=$!
# under way: some accounts stored (or 30 s passed)
for _ in $(seq 1 300); do
  [ "$(imported)" -gt 0 ] && break
  kill -0 $import 2>/dev/null || break
  sleep 0.1
done
for fault in $IMPORT_FAULTS; do
  at=$(( $(date +%s) - started ))
  if ! kill -0 $import 2>/dev/null; then
    what="$fault not injected: the import had ended"
  elif ! what=$(inject "$fault"); then
    what="FAILED: $what"; failed=1
  fi
  ROWS+=("$(printf '%-6s %4ss  %s' import "$at" "$what")")
done
wait $import || { say "import failed: $LOG/import.log"; exit 1; }
ROWS+=("$(printf '%-6s        bin/migrate import: %s' import "$(grep -m1 '^imported' "$LOG/import.log")")")
say "imported; migrating region by region with faults"

started=$(date +%s)
for phase in "${PHASES[@]}"; do
  region=${phase%%|*}
  faults=${phase#*|}
  before=$(completed)
  "$ROOT/bin/migrate" run --region "$region" --stall-seconds 300 >"$LOG/run-$region.log" 2>&1 &
  run=$!
  # under way: at least one account of this region completed since the phase began (or 30 s passed)
  for _ in $(seq 1 300); do
    [ "$(completed)" -gt "$before" ] && break
    kill -0 $run 2>/dev/null || break
    sleep 0.1
  done
  for fault in $faults; do
    at=$(( $(date +%s) - started ))
    what=$(inject "$fault") || { what="FAILED: $what"; failed=1; }
    ROWS+=("$(printf '%-6s %4ss  %s' "$region" "$at" "$what")")
  done
  if wait $run; then status=OK; else status=FAILED; failed=1; fi
  ROWS+=("$(printf '%-6s        bin/migrate run --region %s: %s' "$region" "$region" "$status")")
done

echo
echo "== faults injected (seconds since the import, then the first migration, began)"
printf '%s\n' "${ROWS[@]}"
echo "== what arrived, counted in the databases, against the generator's expectation"
check_books "$LOG/verify.log" && [ $failed = 0 ] && { echo "faults: PASSED"; exit 0; }
echo "faults: FAILED"
exit 1
