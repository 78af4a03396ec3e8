#!/usr/bin/env bash
# Read benchmark: a cached GET /api/articles/{slug} straight at the article service, the same request through the
# gateway, nginx serving the identical JSON bytes as a static file, and Kestrel alone answering with those bytes from
# memory (Nojor.Bench.KestrelFloor: the floor under any ASP.NET Core answer), 16 connections over loopback with wrk.
# The platform is started STARTS times on free ports (Aspire.Hosting.Testing, like the integration tests), as it runs;
# each start is measured on its own (one start can cost more per request than the next: compare them).
#
# CPU placement (PIN): on a small machine wrk takes CPU from whichever server it measures, and how much changes from
# run to run, so nginx and the service both swing. PIN=split (the default) gives wrk its own cores (WRK_CPUS, default
# the first one) and the server under test the others (SERVER_CPUS, default the rest), the same for every server:
#   - nginx starts under `taskset -c $SERVER_CPUS` with one worker process per server core;
#   - the platform (harness, DCP, PostgreSQL, Redis, RabbitMQ and every service) starts under `taskset -c $WRK_CPUS`:
#     .NET sizes its thread pool, GC heaps and Kestrel queues by the CPUs it starts with, and with the default split
#     of 2 cores that is one CPU, as nginx gets one worker for its one CPU;
#     the article service is moved with all its threads (`taskset -a -p`) to $SERVER_CPUS for its runs, the gateway
#     and the service for the gateway's, and back afterwards: while nginx runs, only nginx is on $SERVER_CPUS;
#   - wrk runs under `taskset -c $WRK_CPUS` with one thread per wrk core.
# PIN=none is the earlier mode: nothing pinned, everything shares every core (wrk with THREADS=2).
# Each run also reports the CPU time of the server under test per request (utime+stime of its processes over the
# measured run, from /proc), which moves far less than req/s does when the machine is shared, and its threads' context
# switches per request.
# Results: bench/results/article-read.md.
# Usage: bash bench/article-read/run.sh    (DURATION=10s REPEAT=3 WARMUP=5s CONNECTIONS=16 STARTS=3
#        PIN=split|none WRK_CPUS=0 SERVER_CPUS=1 THREADS=<wrk cores> SETTLE_MAX=180 SETTLE_BUSY=5 (wait for a quiet machine)
#        APPHOST_ARGS="--Gateway:ReadCache:Enabled=false": extra AppHost settings, for A/B runs)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
STARTS=${STARTS:-3}
PIN=${PIN:-split}
SETTLE_MAX=${SETTLE_MAX:-180}
SETTLE_BUSY=${SETTLE_BUSY:-5}
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
dotnet build bench/article-read/Nojor.Bench.KestrelFloor -c Release --nologo -v q -clp:ErrorsOnly
HARNESS="$ROOT/bench/article-read/Nojor.Bench.ArticleRead/bin/Release/net10.0/Nojor.Bench.ArticleRead"
KESTREL_FLOOR="$ROOT/bench/article-read/Nojor.Bench.KestrelFloor/bin/Release/net10.0/Nojor.Bench.KestrelFloor"

# "0-2,5" → "0 1 2 5"
cpu_list() { tr ',' '\n' <<<"$1" | awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) printf "%s ", c }'; }
case $PIN in
  split)
    read -r -a ALL_CPUS <<<"$(cpu_list "$(taskset -c -p $$ | sed 's/.*: //')")"
    if (( ${#ALL_CPUS[@]} < 2 )); then echo "PIN=split needs at least 2 CPUs; use PIN=none" >&2; exit 1; fi
    WRK_CPUS=${WRK_CPUS:-${ALL_CPUS[0]}}
    SERVER_CPUS=${SERVER_CPUS:-$(IFS=,; echo "${ALL_CPUS[*]:1}")}
    SERVER_CORES=$(wc -w <<<"$(cpu_list "$SERVER_CPUS")")
    THREADS=${THREADS:-$(wc -w <<<"$(cpu_list "$WRK_CPUS")")}
    ON_WRK_CPUS=(taskset -c "$WRK_CPUS")
    ON_SERVER_CPUS=(taskset -c "$SERVER_CPUS")
    PLACEMENT="wrk and the rest of the platform on CPU $WRK_CPUS; only the server under test on CPU $SERVER_CPUS (nginx with $SERVER_CORES worker(s); the article service, started on CPU $WRK_CPUS, moved there with all its threads for its runs, the gateway and the service for the gateway's)"
    ;;
  none)
    SERVER_CORES=auto
    WRK_CPUS="" SERVER_CPUS=""
    THREADS=${THREADS:-2}
    ON_WRK_CPUS=()
    ON_SERVER_CPUS=()
    PLACEMENT="nothing pinned: wrk, the servers and the platform share every core"
    ;;
  *) echo "PIN must be split or none" >&2; exit 1 ;;
esac

nginx_pid=""
floor_pid=""
harness_pid=""
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
  [[ -n $floor_pid ]] && kill "$floor_pid" 2>/dev/null || true
  [[ -n $harness_pid ]] && kill "$harness_pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits (at most $SETTLE_MAX seconds) until the machine is quiet (at most $SETTLE_BUSY % busy over 5 s): the platform
# keeps compiling and running start-up work for a minute or two after it reports healthy, and whichever core that lands
# on (wrk's or the server's) it shows up in the numbers.
settle() {
  local waited=0 busy
  while (( waited < SETTLE_MAX )); do
    busy=$( { head -1 /proc/stat; sleep 5; head -1 /proc/stat; } | awk '{idle = $5 + $6; total = 0; for (i = 2; i <= NF; i++) total += $i}
      NR == 1 {i0 = idle; t0 = total} NR == 2 {printf "%d", 100 * (1 - (idle - i0) / (total - t0))}')
    (( busy <= SETTLE_BUSY )) && { echo "   quiet after ${waited}s (${busy}% busy)" >&2; return; }
    waited=$((waited + 5))
  done
  echo "   still ${busy}% busy after ${SETTLE_MAX}s, measuring anyway" >&2
}

# PIN=split: moves the given processes, every thread, to the given CPUs (the server cores while they are measured, back
# to wrk's afterwards, so that nothing but the server under test runs on the server cores).
serve_from() {
  local cpus=$1 pid
  shift
  [[ $PIN == split ]] || return 0
  for pid in "$@"; do taskset -a -c -p "$cpus" "$pid" >/dev/null; done
}

# CPU time (clock ticks, utime+stime) used so far by the given processes and all their threads.
cpu_ticks() {
  local pid total=0
  for pid in "$@"; do total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'))); done
  echo "$total"
}

# Context switches so far (voluntary and not) of the given processes, over all their threads: on a small VM each one
# costs microseconds, and nginx answers without any while .NET hands requests from its socket thread to the thread pool.
context_switches() {
  local pid
  for pid in "$@"; do cat /proc/"$pid"/task/*/status 2>/dev/null; done | awk '/ctxt_switches/ {n += $2} END {print n + 0}'
}

# The process listening on a local port (the harness prints URLs, the processes behind them are found here).
listener_pid() { ss -Hltnp "sport = :${1##*:}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# wrk against $1 while measuring the CPU and context switches of the server's processes ($2...) →
# "<requests/s> <p99 ms> <server CPU µs per request> <server context switches per request>": the median of $REPEAT
# runs of each (single runs on a small machine shared by wrk and the servers swing by several milliseconds of p99).
measure() {
  local url=$1 out runs=() before after switches_before switches_after
  shift
  "${ON_WRK_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  for _ in $(seq 1 "$REPEAT"); do
    before=$(cpu_ticks "$@")
    switches_before=$(context_switches "$@")
    out=$("${ON_WRK_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
    after=$(cpu_ticks "$@")
    switches_after=$(context_switches "$@")
    if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url" >&2; exit 1; fi
    runs+=("$(awk -v ticks=$((after - before)) -v switches=$((switches_after - switches_before)) -v hz="$(getconf CLK_TCK)" '
         / requests in / {requests=$1}
         /^Requests\/sec/ {rps=$2}
         $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
         END {printf "%s %s %.1f %.2f\n", rps, p99, ticks / hz * 1e6 / requests, switches / requests}' <<<"$out")")
  done
  local column
  for column in 1 2 3 4; do
    printf '%s\n' "${runs[@]}" | awk -v c=$column '{print $c}' | sort -n | awk '{v[NR]=$1} END {printf "%s ", v[int((NR+1)/2)]}'
  done
  echo
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

start_nginx() { # serves $1 (the service's JSON) at the same path, as a static file
  local route=$1 body=$2 port
  port=$(free_port)
  mkdir -p "$WORK/www$(dirname "$route")"
  cp "$body" "$WORK/www$route"
  cat >"$WORK/nginx.conf" <<CONF
worker_processes $SERVER_CORES;
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
  "${ON_SERVER_CPUS[@]}" nginx -c "$WORK/nginx.conf" -p "$WORK" &
  nginx_pid=$!
  for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$port$route" && break; sleep 0.1; done
  NGINX="http://127.0.0.1:$port"
}

# Kestrel alone answering with the same bytes (Nojor.Bench.KestrelFloor): started where the platform runs, so .NET
# sizes itself as the service does, and moved to the server cores for its runs, as the service is.
start_kestrel_floor() {
  local route=$1 body=$2 port
  port=$(free_port)
  "${ON_WRK_CPUS[@]}" "$KESTREL_FLOOR" "$body" "$port" >"$WORK/kestrel-floor.log" 2>&1 &
  floor_pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "http://127.0.0.1:$port$route" && break; sleep 0.1; done
  KESTREL="http://127.0.0.1:$port"
}

declare -A RPS P99 CPU SWITCHES
for mode in $(seq -f 'start-%g' 1 "$STARTS"); do
  echo "== $mode: starting the platform" >&2
  coproc HARNESS_PROC { "${ON_WRK_CPUS[@]}" "$HARNESS" "${APPHOST_ARGS[@]}" 2>"$WORK/harness-$mode.log"; }
  harness_pid=$HARNESS_PROC_PID
  line=""
  while [[ $line != "BENCH "* ]]; do # the harness's own log lines come first
    read -r -t 300 line <&"${HARNESS_PROC[0]}" || { echo "platform did not start:" >&2; cat "$WORK/harness-$mode.log" >&2; exit 1; }
  done
  eval "${line#BENCH }" # GATEWAY=... DIRECT=... ROUTE=...
  service_pid=$(listener_pid "$DIRECT")
  gateway_pid=$(listener_pid "$GATEWAY")
  settle
  if [[ -z ${RPS[nginx]:-} ]]; then # once, against the first run's bytes
    curl -fs "$DIRECT$ROUTE" -o "$WORK/body.json"
    start_nginx "$ROUTE" "$WORK/body.json"
    read -r "RPS[nginx]" "P99[nginx]" "CPU[nginx]" "SWITCHES[nginx]" < <(measure "$NGINX$ROUTE" "$nginx_pid" $(pgrep -P "$nginx_pid"))
    echo "   nginx static ${RPS[nginx]} req/s p99 ${P99[nginx]} ms ${CPU[nginx]} µs CPU/req ${SWITCHES[nginx]} switches/req ($(wc -c <"$WORK/body.json") bytes)" >&2
    kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
    start_kestrel_floor "$ROUTE" "$WORK/body.json"
    settle
    serve_from "$SERVER_CPUS" "$floor_pid"
    read -r "RPS[kestrel]" "P99[kestrel]" "CPU[kestrel]" "SWITCHES[kestrel]" < <(measure "$KESTREL$ROUTE" "$floor_pid")
    echo "   Kestrel alone ${RPS[kestrel]} req/s p99 ${P99[kestrel]} ms ${CPU[kestrel]} µs CPU/req ${SWITCHES[kestrel]} switches/req" >&2
    kill "$floor_pid"; wait "$floor_pid" 2>/dev/null || true; floor_pid=""
  fi
  serve_from "$SERVER_CPUS" "$service_pid"
  read -r "RPS[direct-$mode]" "P99[direct-$mode]" "CPU[direct-$mode]" "SWITCHES[direct-$mode]" < <(measure "$DIRECT$ROUTE" "$service_pid")
  # The gateway's CPU only: on a miss it also spends the service's (which it calls, so both are on the server cores).
  serve_from "$SERVER_CPUS" "$gateway_pid"
  read -r "RPS[gateway-$mode]" "P99[gateway-$mode]" "CPU[gateway-$mode]" "SWITCHES[gateway-$mode]" < <(measure "$GATEWAY$ROUTE" "$gateway_pid")
  serve_from "$WRK_CPUS" "$service_pid" "$gateway_pid"
  echo "   direct ${RPS[direct-$mode]} req/s p99 ${P99[direct-$mode]} ms ${CPU[direct-$mode]} µs CPU/req ${SWITCHES[direct-$mode]} switches/req;" \
    "gateway ${RPS[gateway-$mode]} req/s p99 ${P99[gateway-$mode]} ms ${CPU[gateway-$mode]} µs CPU/req ${SWITCHES[gateway-$mode]} switches/req" >&2
  exec {HARNESS_PROC[1]}>&- # closing stdin stops the platform
  wait "$harness_pid" || true
  harness_pid=""
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
# The median of the numbers given (the middle one, or the mean of the two middle ones).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Read benchmark: cached report by slug"
  echo
  echo "\`bash bench/article-read/run.sh\`: GET /api/articles/{slug} (one published report, $(wc -c <"$WORK/body.json" 2>/dev/null || echo '?') bytes of JSON), wrk with"
  echo "$THREADS threads and $CONNECTIONS connections, $REPEAT runs of $DURATION after a $WARMUP warm-up (medians shown), over loopback. The platform is started by"
  echo "\`bench/article-read/Nojor.Bench.ArticleRead\` (Aspire.Hosting.Testing, free ports, services on their own ports):"
  echo "\"service\" calls the article service, \"gateway\" the same route through YARP, \"nginx\" serves the bytes the service"
  echo "returned as a static file (nginx $(nginx -v 2>&1 | sed 's#.*/##'), \`worker_processes $SERVER_CORES\`, sendfile). \"Kestrel alone\" is"
  echo "\`bench/article-read/Nojor.Bench.KestrelFloor\`: Kestrel with no middleware, logging or telemetry answering with those bytes from"
  echo "memory and the service's headers. Each platform start is measured on its own (\`STARTS=$STARTS\`)."
  echo "CPUs (\`PIN=$PIN\`): $PLACEMENT. \"CPU µs/req\" is the utime+stime of the server's own processes (nginx: master and workers) per request, \"switches/req\" their threads' context switches per request."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load average before the run $LOAD_BEFORE; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "| Path | req/s | p99 ms | CPU µs/req | switches/req |"
  echo "|---|---|---|---|---|"
  echo "| nginx static file | ${RPS[nginx]} | ${P99[nginx]} | ${CPU[nginx]} | ${SWITCHES[nginx]} |"
  echo "| Kestrel alone, same bytes from memory | ${RPS[kestrel]} | ${P99[kestrel]} | ${CPU[kestrel]} | ${SWITCHES[kestrel]} |"
  for mode in $(seq -f 'start-%g' 1 "$STARTS"); do
    echo "| service ($mode run) | ${RPS[direct-$mode]} | ${P99[direct-$mode]} | ${CPU[direct-$mode]} | ${SWITCHES[direct-$mode]} |"
    echo "| gateway, $mode | ${RPS[gateway-$mode]} | ${P99[gateway-$mode]} | ${CPU[gateway-$mode]} | ${SWITCHES[gateway-$mode]} |"
  done
  echo
  echo "| Ratio | Value | Target |"
  echo "|---|---|---|"
  last="start-$STARTS"
  echo "| service / nginx | $(ratio "${RPS[direct-$last]}" "${RPS[nginx]}")x | ≥ 1.0x, p99 < 5 ms (issue 3) |"
  echo "| Kestrel alone / nginx | $(ratio "${RPS[kestrel]}" "${RPS[nginx]}")x | (the floor under any ASP.NET Core answer) |"
  echo "| service / Kestrel alone | $(ratio "${RPS[direct-$last]}" "${RPS[kestrel]}")x | |"
  echo
  echo "The gateway against the service, per platform start and the median of the starts (issue 20's targets):"
  echo
  echo "| Start | gateway / service req/s | p99 added | gateway / service CPU µs/req |"
  echo "|---|---|---|---|"
  ratios=() addeds=() cpus=()
  for mode in $(seq -f 'start-%g' 1 "$STARTS"); do
    ratios+=("$(ratio "${RPS[gateway-$mode]}" "${RPS[direct-$mode]}")")
    addeds+=("$(added "${P99[gateway-$mode]}" "${P99[direct-$mode]}")")
    cpus+=("$(ratio "${CPU[gateway-$mode]}" "${CPU[direct-$mode]}")")
    echo "| $mode | ${ratios[-1]}x | ${addeds[-1]} ms | ${cpus[-1]}x |"
  done
  echo "| **median** | **$(median "${ratios[@]}")x** | **$(median "${addeds[@]}") ms** | **$(median "${cpus[@]}")x** |"
  echo "| target | ≥ 0.8x | ≤ +0.5 ms | ≤ 1.3x |"
} > "$RESULTS.new"
# Keep the notes written by hand below the generated tables.
if [ -f "$RESULTS" ] && grep -q '^## Notes' "$RESULTS"; then { echo; sed -n '/^## Notes/,$p' "$RESULTS"; } >> "$RESULTS.new"; fi
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
