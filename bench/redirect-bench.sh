#!/usr/bin/env bash
# Benchmark (not a test): the gateway's legacy redirects against nginx serving the same 100,000
# product redirects (map + return 301), in the same run, with wrk and random product URLs.
# Needs the stack (bin/stack up). Installs wrk and nginx from Debian's packages if they are missing.
#
#   bench/redirect-bench.sh [products=100000] [seconds=10] [rounds=3]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-100000}
SECONDS_PER_RUN=${2:-10}
ROUNDS=${3:-3}
GATEWAY=http://127.0.0.1:8080
CATALOG=http://127.0.0.1:8084
NGINX_PORT=8090
OPS="Authorization: Bearer $("$ROOT/bin/stack" token ops)"
WORK=$(mktemp -d /tmp/redirect-bench.XXXXXX)
trap '[ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

# shellcheck source=bench/common.sh
. "$ROOT/bench/common.sh"
need_wrk_and_nginx

echo "loading $N products through catalog-service (they reach the gateway through Kafka)"
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "{\"slug\":\"poco-bench-%d\",\"name\":\"POCO bench %d\",\"status\":\"ACTIVE\",\"successor\":null,\"regions\":{\"uk\":{\"miPath\":\"/uk/product/poco-bench-%d/\",\"launchedAt\":\"2025-01-09\"}}}\n", i, i, i }' \
  > "$WORK/products.jsonl"
curl -sf -H "$OPS" -H 'Content-Type: application/x-ndjson' --data-binary @"$WORK/products.jsonl" "$CATALOG/api/catalog/imports/products" \
  | grep -o '"rejected":[0-9]*'
until curl -sf -o /dev/null -H "$OPS" "$GATEWAY/admin/routes/poco-bench-$((N - 1))"; do sleep 1; done

echo "configuring nginx with the same $N redirects"
{
  echo "worker_processes 2; pid $WORK/nginx.pid; error_log $WORK/error.log; user root;"
  echo "events { worker_connections 4096; }"
  echo "http { access_log off; map_hash_max_size 262144; map_hash_bucket_size 128;"
  echo "  map \$uri \$target { default \"\";"
  awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++) printf "    /uk/product/poco-bench-%d https://www.mi.com/uk/product/poco-bench-%d/;\n", i, i }'
  echo "  }"
  echo "  server { listen 127.0.0.1:$NGINX_PORT; server_name po.co;"
  echo "    if (\$target) { return 301 \$target\$is_args\$args; }"
  echo "    return 301 https://www.mi.com/uk/poco/; } }"
} > "$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf"
until curl -s -o /dev/null "http://127.0.0.1:$NGINX_PORT/"; do sleep 0.2; done

cat > "$WORK/random.lua" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", "/uk/product/poco-bench-" .. math.random(0, $N - 1), { ["Host"] = "po.co" })
end
LUA
for target in "$GATEWAY" "http://127.0.0.1:$NGINX_PORT"; do   # both answer the same: a check before measuring
  curl -s -o /dev/null -w "%{http_code} %{redirect_url}\n" -H 'Host: po.co' "$target/uk/product/poco-bench-7?x=1"
done

run() { # url -> "requests/s p99(ms)"
  wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$WORK/random.lua" "$1" > "$WORK/wrk.out"
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' "$WORK/wrk.out")
  grep -q 'Non-2xx or 3xx' "$WORK/wrk.out" && { echo "errors in the run:" >&2; cat "$WORK/wrk.out" >&2; }
  echo "$rps $p99"
}
WARM_UP=${WARM_UP:-20}
echo "warming both up for ${WARM_UP}s each (the gateway's JIT: the first seconds after a start run interpreted code)"
SECONDS_PER_RUN=$WARM_UP run "$GATEWAY" >/dev/null
SECONDS_PER_RUN=$WARM_UP run "http://127.0.0.1:$NGINX_PORT" >/dev/null
declare -a G_RPS N_RPS G_P99 N_P99 RATIOS
for r in $(seq 1 "$ROUNDS"); do
  read -r grps gp99 < <(run "$GATEWAY")
  read -r nrps np99 < <(run "http://127.0.0.1:$NGINX_PORT")
  G_RPS+=("$grps"); G_P99+=("$gp99"); N_RPS+=("$nrps"); N_P99+=("$np99")
  RATIOS+=("$(echo "$grps $nrps" | awk '{print $1/$2}')")
  printf 'round %d: gateway %9.0f req/s p99 %6.2f ms | nginx %9.0f req/s p99 %6.2f ms | ratio %.2f\n' "$r" "$grps" "$gp99" "$nrps" "$np99" "${RATIOS[-1]}"
done
g=$(median "${G_RPS[@]}"); n=$(median "${N_RPS[@]}")
printf 'median of %d rounds, %d products, wrk -t2 -c64 -d%ss: gateway %.0f req/s (p99 %s ms), nginx %.0f req/s (p99 %s ms), gateway/nginx = %.2f\n' \
  "$ROUNDS" "$N" "$SECONDS_PER_RUN" "$g" "$(median "${G_P99[@]}")" "$n" "$(median "${N_P99[@]}")" "$(echo "$g $n" | awk '{print $1/$2}')"
printf 'median of the per-round ratios (each round measures both back to back): %.2f\n' "$(median "${RATIOS[@]}")"
