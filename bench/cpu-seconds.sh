#!/usr/bin/env bash
# Prints the CPU seconds (user + system) each part of the running stack has used so far, one
# "<part> <seconds>" per line: the five services (and each instance more of one, as <service>.<i>:
# bin/stack scale) and Kafka from .stack/pids, and PostgreSQL (every
# postgres process alive now, plus what the postmaster collected from backends that ended).
# The migration bench takes a reading before and after each phase to show where the time went.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TICKS=$(getconf CLK_TCK)

# utime + stime (fields 14, 15), and with "children" also cutime + cstime (16, 17), in ticks
ticks() {
  # the command name (field 2) may hold spaces: count fields after its closing parenthesis
  sed 's/^.*) //' "/proc/$1/stat" | awk -v children="${2:-}" \
    '{ t = $12 + $13; if (children != "") t += $14 + $15; print t }'
}

for part in redirect-gateway account-service loyalty-service coupon-service catalog-service kafka; do
  for file in "$ROOT/.stack/pids/$part.pid" "$ROOT/.stack/pids/$part".*.pid; do
    [ -e "$file" ] || continue
    name=${file##*/}
    echo "${name%.pid} $(ticks "$(cat "$file")" | awk -v hz="$TICKS" '{ printf "%.1f", $1 / hz }')"
  done
done

postmaster=$(pgrep -o -x postgres || true)
if [ -n "$postmaster" ]; then
  total=$(ticks "$postmaster" children)
  for pid in $(pgrep -P "$postmaster"); do
    total=$((total + $(ticks "$pid")))
  done
  echo "postgres $(awk -v t="$total" -v hz="$TICKS" 'BEGIN { printf "%.1f", t / hz }')"
fi
