#!/usr/bin/env bash
# Benchmark (not a test): authenticated reads after a migration, spread over random migrated
# accounts with wrk, through three doors in the same round: account-service directly (the anchor),
# nginx proxy_pass in front of it (1 worker, upstream keepalive: what a plain reverse proxy costs),
# and the redirect-gateway. Then the loyalty ledger of an account directly. Needs a stack holding a
# migrated export numbered from P00000001 (e.g. after bench/migration-bench.sh, or the README's
# walkthrough). Installs wrk and nginx from Debian's packages if they are missing.
#
#   bench/read-bench.sh [accounts=100000] [seconds=10] [rounds=3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
SECONDS_PER_RUN=${2:-10}
ROUNDS=${3:-3}
ACCOUNT=http://127.0.0.1:8081
LOYALTY=http://127.0.0.1:8082
GATEWAY=http://127.0.0.1:8080
NGINX_PORT=8091
TOKEN=$("$ROOT/bin/stack" token ops)
WORK=$(mktemp -d /tmp/read-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
need_wrk_and_nginx

last=$(printf 'P%08d' "$N")
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$ACCOUNT/api/accounts/$last/migration" \
  || { echo "read-bench: $last is not on this stack; migrate an export of $N accounts first" >&2; exit 2; }

{
  echo "worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/error.log; user root;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off;"
  echo "  upstream account { server 127.0.0.1:8081; keepalive 64; }"
  echo "  server { listen 127.0.0.1:$NGINX_PORT;"
  echo "    location / { proxy_pass http://account; proxy_http_version 1.1; proxy_set_header Connection \"\"; } } }"
} > "$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/q/health"; do sleep 0.2; done

lua() { # path prefix, path suffix -> a wrk script reading random accounts with the ops token
  cat <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", string.format("$1P%08d$2", math.random(1, $N)), { ["Authorization"] = "Bearer $TOKEN" })
end
LUA
}
lua /api/accounts/ /migration > "$WORK/migration.lua"
lua /api/loyalty/accounts/poco/ "" > "$WORK/ledger.lua"

run() { # url script -> "requests/s p50(ms) p99(ms)"
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$2" "$1" > "$WORK/wrk.out"
  grep -q 'Non-2xx or 3xx' "$WORK/wrk.out" && { echo "errors in the run:" >&2; cat "$WORK/wrk.out" >&2; }
  awk 'function ms(v) { if (v ~ /us$/) { sub(/us/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms/, "", v); return v }
                        if (v ~ /s$/) { sub(/s/, "", v); return v * 1000 } return v }
       /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {print rps, p50, p99}' "$WORK/wrk.out"
}

WARM_UP=${WARM_UP:-20}
echo "warming each door up for ${WARM_UP}s"
for door in "$ACCOUNT" "http://127.0.0.1:$NGINX_PORT" "$GATEWAY"; do SECONDS_PER_RUN=$WARM_UP run "$door" "$WORK/migration.lua" >/dev/null; done
SECONDS_PER_RUN=$WARM_UP run "$LOYALTY" "$WORK/ledger.lua" >/dev/null

declare -a D N G NR GR L
for r in $(seq 1 "$ROUNDS"); do
  read -r drps dp50 dp99 < <(run "$ACCOUNT" "$WORK/migration.lua")
  read -r nrps np50 np99 < <(run "http://127.0.0.1:$NGINX_PORT" "$WORK/migration.lua")
  read -r grps gp50 gp99 < <(run "$GATEWAY" "$WORK/migration.lua")
  read -r lrps lp50 lp99 < <(run "$LOYALTY" "$WORK/ledger.lua")
  D+=("$drps"); N+=("$nrps"); G+=("$grps"); L+=("$lrps")
  NR+=("$(echo "$nrps $drps" | awk '{print $1/$2}')"); GR+=("$(echo "$grps $drps" | awk '{print $1/$2}')")
  printf 'round %d: GET /api/accounts/{id}/migration  direct %7.0f req/s (p50 %5.2f, p99 %6.2f ms) | nginx %7.0f (p99 %6.2f) %.2fx | gateway %7.0f (p99 %6.2f) %.2fx\n' \
    "$r" "$drps" "$dp50" "$dp99" "$nrps" "$np99" "${NR[-1]}" "$grps" "$gp99" "${GR[-1]}"
  printf '         GET /api/loyalty/accounts/poco/{id} direct %7.0f req/s (p50 %5.2f, p99 %6.2f ms)\n' "$lrps" "$lp50" "$lp99"
done
printf 'median of %d rounds over %d accounts, wrk -t2 -c32 -d%ss: direct %.0f req/s, nginx %.0f (%.2fx direct), gateway %.0f (%.2fx direct); loyalty ledger %.0f req/s\n' \
  "$ROUNDS" "$N" "$SECONDS_PER_RUN" "$(median "${D[@]}")" "$(median "${N[@]}")" "$(median "${NR[@]}")" \
  "$(median "${G[@]}")" "$(median "${GR[@]}")" "$(median "${L[@]}")"
