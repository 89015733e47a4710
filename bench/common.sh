# Sourced by the benchmarks that drive HTTP load: wrk and nginx from Debian's packages, and a median.

need_wrk_and_nginx() {
  if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    echo "installing wrk and nginx-light (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
  fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
}

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
