#!/usr/bin/env bash
# Benchmark (not a test): the reads that follow a migration, with wrk (2 threads, 32 connections)
# spread over random migrated accounts, each request with its holder's own token (or an ops token
# for the ops look-ups), through three doors in the same round: the owning service directly (the
# anchor), nginx proxy_pass in front of it (1 worker, upstream keepalive: what a plain reverse proxy
# costs), and the redirect-gateway. Needs a stack holding a migrated export numbered from P00000001
# (e.g. after bench/migration-bench.sh). Installs wrk and nginx from Debian's packages if missing.
# The personal-data export through the gateway is the document it joins from three reads (account-
# service's document, Mi points, coupon-service's part); it is also compared with those three parts
# read directly one after another (their direct rates, same run).
#
#   bench/read-bench.sh [accounts=100000] [seconds=10] [rounds=3]
#   HOLDERS=2000  how many migrated accounts (and tokens) the requests are spread over
#   WARM_UP=10    seconds each door is warmed with each read before the rounds
#   READS="..."   a subset of the read names below
#   FIRST=1       first restart the gateway and read migration statuses through it for one run as soon
#                 as it reports ready (it warms up before: gateway.warm-up.*); 0 skips it
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
SECONDS_PER_RUN=${2:-10}
ROUNDS=${3:-3}
HOLDERS=${HOLDERS:-2000}
WARM_UP=${WARM_UP:-10}
GATEWAY=http://127.0.0.1:8080
NGINX_PORT=8091
declare -A SERVICE=([accounts]=http://127.0.0.1:8081 [loyalty]=http://127.0.0.1:8082 [coupons]=http://127.0.0.1:8083)
WORK=$(mktemp -d /tmp/read-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
need_wrk_and_nginx
OPS_TOKEN=$("$ROOT/bin/stack" token ops)

last=$(printf 'P%08d' "$N")
curl -sf -o /dev/null -H "Authorization: Bearer $OPS_TOKEN" "${SERVICE[accounts]}/api/accounts/$last/migration" \
  || { echo "read-bench: $last is not on this stack; migrate an export of $N accounts first" >&2; exit 2; }

# The holders: random migrated accounts of the export, each with a customer token of its own.
psql -qtA -F ' ' -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" -d poco_account -c "
    SELECT poco_account_id, mi_account_id FROM poco_account
    WHERE mi_account_id IS NOT NULL AND erased_at IS NULL ORDER BY random() LIMIT $HOLDERS" > "$WORK/holders"
cut -d' ' -f2 "$WORK/holders" | "$ROOT/bin/stack" tokens customers > "$WORK/tokens"
echo "spreading the reads over $(wc -l < "$WORK/holders") migrated accounts, each with its own token"

{
  echo "holders = {"
  join -1 2 -2 1 <(sort -k2,2 "$WORK/holders") <(sort -k1,1 "$WORK/tokens") \
    | awk '{ printf "  {poco = \"%s\", mi = \"%s\", token = \"%s\"},\n", $2, $1, $3 }'
  echo "}"
} > "$WORK/holders.lua"

# A read: its name, the path ({poco} and {mi} filled per request), whose token, the owning service.
# A read of several paths (export-parts) asks them in turn, one per request: the three parts the gateway
# joins into the export, read by the client itself through nginx, which routes them. It has no other
# door: no single service answers all three, and the gateway answers the first with the joined export.
READ_NAMES=(status points coupons legacy-coupons coupon-data export export-parts ops-status ops-ledger)
declare -A PATH_OF=([status]='/api/accounts/{poco}/migration' [points]='/api/loyalty/accounts/mi/{mi}'
  [coupons]='/api/coupons/mi/{mi}' [legacy-coupons]='/api/coupons/mi/{mi}/legacy'
  [coupon-data]='/api/coupons/mi/{mi}/poco-data' [export]='/api/accounts/mi/{mi}/poco-data'
  [export-parts]='/api/accounts/mi/{mi}/poco-data /api/loyalty/accounts/mi/{mi} /api/coupons/mi/{mi}/poco-data'
  [ops-status]='/api/accounts/{poco}/migration' [ops-ledger]='/api/loyalty/accounts/poco/{poco}')
declare -A WHO=([status]=holder [points]=holder [coupons]=holder [legacy-coupons]=holder [coupon-data]=holder
  [export]=holder [export-parts]=holder [ops-status]=ops [ops-ledger]=ops)
declare -A OWNER=([status]=accounts [points]=loyalty [coupons]=coupons [legacy-coupons]=coupons [coupon-data]=coupons
  [export]=accounts [export-parts]=none [ops-status]=accounts [ops-ledger]=loyalty)
[ -n "${READS:-}" ] && read -r -a READ_NAMES <<<"$READS"

for read in "${READ_NAMES[@]}"; do
  {
    cat "$WORK/holders.lua"
    cat <<LUA
math.randomseed(42)
local ops = "Bearer $OPS_TOKEN"
local paths = {}
for p in string.gmatch("${PATH_OF[$read]}", "%S+") do paths[#paths + 1] = p end
local turn, h = 0, nil
request = function()
  if turn % #paths == 0 then h = holders[math.random(1, #holders)] end
  turn = turn + 1
  local path = string.gsub(string.gsub(paths[(turn - 1) % #paths + 1], "{poco}", h.poco), "{mi}", h.mi)
  local auth = "${WHO[$read]}" == "ops" and ops or ("Bearer " .. h.token)
  return wrk.format("GET", path, { ["Authorization"] = auth })
end
LUA
  } > "$WORK/$read.lua"
done

# nginx: one server, a location per API prefix to the service that owns it, as the gateway routes.
{
  echo "worker_processes 1; pid $WORK/nginx.pid; error_log $WORK/error.log; user root;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off;"
  for s in "${!SERVICE[@]}"; do echo "  upstream $s { server ${SERVICE[$s]#http://}; keepalive 64; }"; done
  echo "  server { listen 127.0.0.1:$NGINX_PORT; proxy_http_version 1.1; proxy_set_header Connection \"\";"
  for s in "${!SERVICE[@]}"; do echo "    location /api/$s/ { proxy_pass http://$s; }"; done
  echo "  } }"
} > "$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/accounts/x"; do sleep 0.2; done

run() { # url script -> "requests/s p50(ms) p99(ms)"; a run with errors is reported and counts as 0
  [ "$1" = none ] && { echo "0 0 0"; return; } # a door this read does not have
  wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency -s "$2" "$1" > "$WORK/wrk.out"
  if grep -q 'Non-2xx or 3xx' "$WORK/wrk.out"; then
    echo "errors in the run of $2 against $1:" >&2; cat "$WORK/wrk.out" >&2; echo "0 0 0"; return
  fi
  awk 'function ms(v) { if (v ~ /us$/) { sub(/us/, "", v); return v / 1000 } if (v ~ /ms$/) { sub(/ms/, "", v); return v }
                        if (v ~ /s$/) { sub(/s/, "", v); return v * 1000 } return v }
       /Requests\/sec/ {rps = $2} $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {print rps, p50, p99}' "$WORK/wrk.out"
}

doors() {
  if [ "${OWNER[$1]}" = none ]; then echo "none http://127.0.0.1:$NGINX_PORT none"; return; fi
  echo "${SERVICE[${OWNER[$1]}]} http://127.0.0.1:$NGINX_PORT $GATEWAY"
}

# The gateway's first seconds after a (re)start: what a rolling deploy sends customers to.
if [ "${FIRST:-1}" = 1 ]; then
  pid=$(cat "$ROOT/.stack/pids/redirect-gateway.pid")
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  started=$(date +%s.%N)
  "$ROOT/bin/stack" up >/dev/null
  ready=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  read -r rps p50 p99 < <(run "$GATEWAY" "$WORK/${READ_NAMES[0]}.lua")
  printf 'gateway restarted: ready after %s s; its first %ss of %s: %.0f req/s, p50 %.2f, p99 %.2f ms\n' \
    "$ready" "$SECONDS_PER_RUN" "${READ_NAMES[0]}" "$rps" "$p50" "$p99"
fi

echo "warming each door up with each read for ${WARM_UP}s"
for read in "${READ_NAMES[@]}"; do
  for door in $(doors "$read"); do SECONDS_PER_RUN=$WARM_UP run "$door" "$WORK/$read.lua" >/dev/null; done
done

declare -A RESULTS
# Each round runs a read's doors back to back, starting with another door each round (direct, nginx,
# gateway; then nginx, gateway, direct; ...): the machine drifts within a round too, and a door always
# run last would always carry it. A door's ratio to direct is taken in each round, then the median.
for r in $(seq 1 "$ROUNDS"); do
  for read in "${READ_NAMES[@]}"; do
    read -r -a urls <<<"$(doors "$read")"
    declare -A round=()
    for k in 0 1 2; do
      i=$(( (k + r - 1) % 3 ))
      read -r rps p50 p99 < <(run "${urls[$i]}" "$WORK/$read.lua")
      round[$i]="$rps $p50 $p99"
    done
    line="round $r: $(printf '%-11s' "$read")"
    direct=${round[0]%% *}
    for i in 0 1 2; do
      read -r rps p50 p99 <<<"${round[$i]}"
      RESULTS[$read.$i.rps]+="$rps "; RESULTS[$read.$i.p50]+="$p50 "; RESULTS[$read.$i.p99]+="$p99 "
      RESULTS[$read.$i.ratio]+="$(awk -v a="$rps" -v b="$direct" 'BEGIN { print b ? a / b : 0 }') "
      line+=$(printf ' | %7.0f req/s p50 %6.2f p99 %6.2f ms' "$rps" "$p50" "$p99")
    done
    echo "$line"
  done
done

# shellcheck disable=SC2086
m() { median ${RESULTS[$1]}; }
echo
echo "median of $ROUNDS rounds, wrk -t2 -c32 -d${SECONDS_PER_RUN}s, $N accounts, requests spread over $HOLDERS holders:"
echo "(x direct: the median of the rounds' ratios to direct in the same round, not the ratio of the medians)"
printf '| %-44s | %-26s | %-32s | %-32s |\n' "read" "direct req/s (p50 / p99 ms)" "nginx proxy_pass (x direct, p99)" "gateway (x direct, p99)"
printf '| %s | %s | %s | %s |\n' "---" "---" "---" "---"
for read in "${READ_NAMES[@]}"; do
  d=$(m "$read.0.rps"); n=$(m "$read.1.rps"); g=$(m "$read.2.rps")
  if [ "${OWNER[$read]}" = none ]; then
    printf '| %-44s | %26s | %7.0f (p99 %.2f) | %32s |\n' "$read (each request the next path)" "-" \
      "$n" "$(m "$read.1.p99")" "-"
    continue
  fi
  printf '| %-44s | %7.0f (%.2f / %.2f) | %7.0f (%.2fx, %.2f) | %7.0f (%.2fx, %.2f) |\n' \
    "$read ${PATH_OF[$read]}" "$d" "$(m "$read.0.p50")" "$(m "$read.0.p99")" \
    "$n" "$(m "$read.1.ratio")" "$(m "$read.1.p99")" "$g" "$(m "$read.2.ratio")" "$(m "$read.2.p99")"
done
echo "(export: through the gateway it is the joined document of three services; directly and through nginx, account-service's part)"

# The joined export's own anchor: a client reading the three parts the gateway joins (account-service's
# document, Mi points, coupon-service's part) directly, one after another, on the same cores: one
# document costs the sum of the three reads' costs, so documents/s = 1 / (sum of 1 / each part's req/s).
parts=(export points coupon-data)
measured() { printf '%s\n' "${READ_NAMES[@]}" | grep -qx "$1"; }
if measured export && measured points && measured coupon-data; then
  rates=""; for part in "${parts[@]}"; do rates+="$(m "$part.0.rps") "; done
  # shellcheck disable=SC2086
  anchor=$(printf '%s\n' $rates | awk '{ s += 1 / $1 } END { printf "%.0f", 1 / s }')
  g=$(m "export.2.rps")
  printf 'export, the whole document: gateway %.0f documents/s; its three parts read directly one after another %s documents/s (from %s req/s): %.2fx\n' \
    "$g" "$anchor" "$(echo $rates | tr ' ' '/')" "$(awk -v a="$g" -v b="$anchor" 'BEGIN { print b ? a / b : 0 }')"
fi
# And against the same three reads made by the client through nginx, all services busy at once as behind
# the gateway's join (a document is three of those requests).
if measured export && measured export-parts; then
  g=$(m "export.2.rps"); n=$(m "export-parts.1.rps")
  printf 'export, the whole document: gateway %.0f documents/s; its three parts read by the client through nginx %.0f documents/s (%.0f req/s): %.2fx\n' \
    "$g" "$(awk -v n="$n" 'BEGIN { print n / 3 }')" "$n" "$(awk -v a="$g" -v n="$n" 'BEGIN { print n ? 3 * a / n : 0 }')"
fi
