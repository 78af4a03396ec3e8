#!/usr/bin/env bash
# Read benchmark: a cached GET /api/articles/{slug} straight at the article service, the same request through the
# gateway, and nginx serving the identical JSON bytes as a static file, 16 connections over loopback with wrk.
# The platform is started twice on free ports (Aspire.Hosting.Testing, like the integration tests): once with the
# gateway as it started ("baseline": no read cache, workstation GC) and once as configured ("tuned").
# Results: bench/results/article-read.md.
# Usage: bash bench/article-read/run.sh    (DURATION=10s REPEAT=3 WARMUP=5s CONNECTIONS=16 THREADS=2 MODES="baseline tuned"
#        APPHOST_ARGS="--Gateway:ReadCache:Enabled=false": extra AppHost settings, for A/B runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
MODES=${MODES:-baseline tuned}
read -r -a APPHOST_ARGS <<<"${APPHOST_ARGS:-}"
RESULTS="$ROOT/bench/results/article-read.md"
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
WORK="$(mktemp -d /tmp/nojor-bench-read.XXXXXX)"
chmod 755 "$WORK"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need() { command -v "$1" >/dev/null || { apt-get install -y -q "$2" >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q "$2" >/dev/null; }; }; }
need wrk wrk
need nginx nginx
cd "$ROOT"
dotnet build bench/article-read/Nojor.Bench.ArticleRead -c Release --nologo -v q -clp:ErrorsOnly
HARNESS="$ROOT/bench/article-read/Nojor.Bench.ArticleRead/bin/Release/net10.0/Nojor.Bench.ArticleRead"

nginx_pid=""
harness_pid=""
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n $harness_pid ]] && kill "$harness_pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# wrk → "<requests/s> <p99 ms>": the median of $REPEAT runs of each (a 2-core machine shared by wrk and the servers
# gives single runs whose p99 swings by several milliseconds).
measure() {
  local url=$1 out runs=()
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  for _ in $(seq 1 "$REPEAT"); do
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url" >&2; exit 1; fi
    runs+=("$(awk '/^Requests\/sec/ {rps=$2}
         $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
         END {print rps, p99}' <<<"$out")")
  done
  local rps p99
  rps=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  p99=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  echo "$rps $p99"
}

start_nginx() { # serves $1 (the service's JSON) at the same path, as a static file
  local route=$1 body=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$WORK/www$(dirname "$route")"
  cp "$body" "$WORK/www$route"
  cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    root $WORK/www;
    default_type application/json;
  }
}
CONF
  nginx -c "$WORK/nginx.conf" -p "$WORK" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$port$route" && break; sleep 0.1; done
  NGINX="http://127.0.0.1:$port"
}

declare -A RPS P99
for mode in $MODES; do
  echo "== $mode: starting the platform" >&2
  coproc HARNESS_PROC { "$HARNESS" "$mode" "${APPHOST_ARGS[@]}" 2>"$WORK/harness-$mode.log"; }
  harness_pid=$HARNESS_PROC_PID
  line=""
  while [[ $line != "BENCH "* ]]; do # the harness's own log lines come first
    read -r -t 300 line <&"${HARNESS_PROC[0]}" || { echo "platform did not start:" >&2; cat "$WORK/harness-$mode.log" >&2; exit 1; }
  done
  eval "${line#BENCH }" # GATEWAY=... DIRECT=... ROUTE=...
  if [[ -z ${RPS[nginx]:-} ]]; then # once, against the first run's bytes
    curl -fs "$DIRECT$ROUTE" -o "$WORK/body.json"
    start_nginx "$ROUTE" "$WORK/body.json"
    read -r "RPS[nginx]" "P99[nginx]" < <(measure "$NGINX$ROUTE")
    echo "   nginx static ${RPS[nginx]} req/s p99 ${P99[nginx]} ms ($(wc -c <"$WORK/body.json") bytes)" >&2
    kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
  fi
  read -r "RPS[direct-$mode]" "P99[direct-$mode]" < <(measure "$DIRECT$ROUTE")
  read -r "RPS[gateway-$mode]" "P99[gateway-$mode]" < <(measure "$GATEWAY$ROUTE")
  echo "   direct ${RPS[direct-$mode]} req/s p99 ${P99[direct-$mode]} ms; gateway ${RPS[gateway-$mode]} req/s p99 ${P99[gateway-$mode]} ms" >&2
  exec {HARNESS_PROC[1]}>&- # closing stdin stops the platform
  wait "$harness_pid" || true
  harness_pid=""
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Read benchmark: cached report by slug"
  echo
  echo "\`bash bench/article-read/run.sh\`: GET /api/articles/{slug} (one published report, $(wc -c <"$WORK/body.json" 2>/dev/null || echo '?') bytes of JSON), wrk with"
  echo "$THREADS threads and $CONNECTIONS connections, $REPEAT runs of $DURATION after a $WARMUP warm-up (medians shown), over loopback. The platform is started by"
  echo "\`bench/article-read/Nojor.Bench.ArticleRead\` (Aspire.Hosting.Testing, free ports, services on their own ports):"
  echo "\"service\" calls the article service, \"gateway\" the same route through YARP, \"nginx\" serves the bytes the service"
  echo "returned as a static file (nginx $(nginx -v 2>&1 | sed 's#.*/##'), \`worker_processes auto\`, sendfile). \`baseline\` is the gateway as it"
  echo "started (no read cache, workstation GC), \`tuned\` the configuration it runs with."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load average before the run $LOAD_BEFORE; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "| Path | req/s | p99 ms |"
  echo "|---|---|---|"
  echo "| nginx static file | ${RPS[nginx]} | ${P99[nginx]} |"
  for mode in $MODES; do
    echo "| service ($mode run) | ${RPS[direct-$mode]} | ${P99[direct-$mode]} |"
    echo "| gateway, $mode | ${RPS[gateway-$mode]} | ${P99[gateway-$mode]} |"
  done
  echo
  echo "| Ratio | Value | Target |"
  echo "|---|---|---|"
  last=${MODES##* }
  echo "| service / nginx | $(ratio "${RPS[direct-$last]}" "${RPS[nginx]}")x | ≥ 1.0x, p99 < 5 ms (issue 3) |"
  for mode in $MODES; do
    echo "| gateway / service, $mode | $(ratio "${RPS[gateway-$mode]}" "${RPS[direct-$mode]}")x, p99 $(added "${P99[gateway-$mode]}" "${P99[direct-$mode]}") ms | ≥ 0.6x, ≤ +1 ms p99 (issue 6) |"
  done
} > "$RESULTS.new"
# Keep the notes written by hand below the generated tables.
if [ -f "$RESULTS" ] && grep -q '^## Notes' "$RESULTS"; then { echo; sed -n '/^## Notes/,$p' "$RESULTS"; } >> "$RESULTS.new"; fi
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
