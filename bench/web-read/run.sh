#!/usr/bin/env bash
# Reader page benchmark (issue 13): a cached report page (GET /articles/{slug}) against the cached API read of the same
# report (GET /api/articles/{slug}), both through the gateway, in one run at 16 connections with wrk. Both are answered
# from the gateway's output cache, so the ratio says whether a reader's page costs what an API read costs.
#
# The platform is the read benchmark's harness (bench/article-read/Nojor.Bench.ArticleRead: Aspire.Hosting.Testing on
# free ports, read budgets lifted, one report filed), reused as it is: the page is the filed report's page.
# CPU placement as in bench/article-read/run.sh (PIN=split, the default): the platform and wrk on WRK_CPUS (default the
# first CPU), the gateway alone moved to SERVER_CPUS (default the rest) with all its threads while it is measured.
# PIN=none leaves everything on every core (wrk with THREADS=2). Page and API runs alternate (REPEAT times each after a
# warm-up of each) so a drift of the shared machine falls on both; the medians are reported.
# Every request asks as Chromium does (ACCEPT_ENCODING, "gzip, deflate, br, zstd"): the page then comes from the gateway's
# Brotli entry, as readers get it; the API's JSON is not compressed, so the header changes nothing there.
# Results: bench/results/web-read.md (hand-written notes below "## Notes" are kept).
# Usage: bash bench/web-read/run.sh    (DURATION=10s REPEAT=3 WARMUP=5s CONNECTIONS=16 PIN=split|none WRK_CPUS=0
#        SERVER_CPUS=1 THREADS=<wrk cores> SETTLE_MAX=180 SETTLE_BUSY=5 APPHOST_ARGS="...": extra AppHost settings)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=${DURATION:-10s}
REPEAT=${REPEAT:-3}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
ACCEPT_ENCODING=${ACCEPT_ENCODING:-gzip, deflate, br, zstd}
PIN=${PIN:-split}
SETTLE_MAX=${SETTLE_MAX:-180}
SETTLE_BUSY=${SETTLE_BUSY:-5}
read -r -a APPHOST_ARGS <<<"${APPHOST_ARGS:-}"
RESULTS="$ROOT/bench/results/web-read.md"
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
WORK="$(mktemp -d /tmp/nojor-bench-web.XXXXXX)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
cd "$ROOT"
dotnet build bench/article-read/Nojor.Bench.ArticleRead -c Release --nologo -v q -clp:ErrorsOnly
HARNESS="$ROOT/bench/article-read/Nojor.Bench.ArticleRead/bin/Release/net10.0/Nojor.Bench.ArticleRead"

cpu_list() { tr ',' '\n' <<<"$1" | awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) printf "%s ", c }'; }
case $PIN in
  split)
    read -r -a ALL_CPUS <<<"$(cpu_list "$(taskset -c -p $$ | sed 's/.*: //')")"
    if (( ${#ALL_CPUS[@]} < 2 )); then echo "PIN=split needs at least 2 CPUs; use PIN=none" >&2; exit 1; fi
    WRK_CPUS=${WRK_CPUS:-${ALL_CPUS[0]}}
    SERVER_CPUS=${SERVER_CPUS:-$(IFS=,; echo "${ALL_CPUS[*]:1}")}
    THREADS=${THREADS:-$(wc -w <<<"$(cpu_list "$WRK_CPUS")")}
    ON_WRK_CPUS=(taskset -c "$WRK_CPUS")
    PLACEMENT="wrk and the rest of the platform on CPU $WRK_CPUS; the gateway alone on CPU $SERVER_CPUS while measured"
    ;;
  none)
    THREADS=${THREADS:-2}
    ON_WRK_CPUS=()
    PLACEMENT="nothing pinned: wrk, the gateway and the platform share every core"
    ;;
  *) echo "PIN must be split or none" >&2; exit 1 ;;
esac

harness_pid=""
cleanup() {
  [[ -n $harness_pid ]] && kill "$harness_pid" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# Waits (at most $SETTLE_MAX s) until the machine is at most $SETTLE_BUSY % busy over 5 s: the platform keeps starting
# up for a while after it reports healthy.
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

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
listener_pid() { ss -Hltnp "sport = :${1##*:}" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

# One wrk run against $1 → "<requests/s> <p99 ms> <gateway CPU µs per request>"; any non-2xx answer stops the benchmark.
run_wrk() {
  local url=$1 out before after
  before=$(cpu_ticks "$gateway_pid")
  out=$("${ON_WRK_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Accept-Encoding: $ACCEPT_ENCODING" "$url")
  after=$(cpu_ticks "$gateway_pid")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url:" >&2; echo "$out" >&2; exit 1; fi
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    / requests in / {requests=$1}
    /^Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; p99=v}
    END {printf "%s %s %.1f\n", rps, p99, ticks / hz * 1e6 / requests}' <<<"$out"
}

# The median of each column over the given runs.
medians() {
  local column
  for column in 1 2 3; do
    printf '%s\n' "$@" | awk -v c=$column '{print $c}' | sort -n | awk '{v[NR]=$1} END {printf "%s ", v[int((NR+1)/2)]}'
  done
  echo
}

# Requests $1 until the gateway answers it from its cache (marked with Age): the benchmark measures cached answers only.
await_cached() {
  local url=$1
  for _ in $(seq 1 60); do
    curl -fsS -H "Accept-Encoding: $ACCEPT_ENCODING" -D - -o /dev/null "$url" | grep -qi '^age:' && return 0
    sleep 0.5
  done
  echo "the gateway never answered $url from its cache" >&2
  exit 1
}

echo "== starting the platform" >&2
coproc HARNESS_PROC { "${ON_WRK_CPUS[@]}" "$HARNESS" "${APPHOST_ARGS[@]}" 2>"$WORK/harness.log"; }
harness_pid=$HARNESS_PROC_PID
line=""
while [[ $line != "BENCH "* ]]; do
  read -r -t 300 line <&"${HARNESS_PROC[0]}" || { echo "platform did not start:" >&2; cat "$WORK/harness.log" >&2; exit 1; }
done
eval "${line#BENCH }" # GATEWAY=... DIRECT=... ROUTE=/api/articles/<slug>
gateway_pid=$(listener_pid "$GATEWAY")
API="$GATEWAY$ROUTE"
PAGE="$GATEWAY${ROUTE#/api}"
curl -fsS -o "$WORK/page.html" "$PAGE"
curl -fsS -H "Accept-Encoding: $ACCEPT_ENCODING" -D "$WORK/page.headers" -o "$WORK/page.wire" "$PAGE"
curl -fsS -H "Accept-Encoding: $ACCEPT_ENCODING" -D "$WORK/api.headers" -o "$WORK/api.json" "$API"
PAGE_ENCODING=$(awk -F': ' 'tolower($1) == "content-encoding" {gsub(/\r/, "", $2); print $2}' "$WORK/page.headers")
settle
await_cached "$PAGE"
await_cached "$API"
[[ $PIN == split ]] && taskset -a -c -p "$SERVER_CPUS" "$gateway_pid" >/dev/null

"${ON_WRK_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Accept-Encoding: $ACCEPT_ENCODING" "$PAGE" >/dev/null
"${ON_WRK_CPUS[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Accept-Encoding: $ACCEPT_ENCODING" "$API" >/dev/null
page_runs=() api_runs=()
for i in $(seq 1 "$REPEAT"); do
  # Entries live 30 s: make sure each run starts on a cached copy (a refill is one request to the web app).
  await_cached "$PAGE"
  page_runs+=("$(run_wrk "$PAGE")")
  await_cached "$API"
  api_runs+=("$(run_wrk "$API")")
  echo "   run $i: page ${page_runs[-1]}; API ${api_runs[-1]} (req/s, p99 ms, gateway CPU µs/req)" >&2
done
read -r PAGE_RPS PAGE_P99 PAGE_CPU < <(medians "${page_runs[@]}")
read -r API_RPS API_P99 API_CPU < <(medians "${api_runs[@]}")
exec {HARNESS_PROC[1]}>&- # closing stdin stops the platform
wait "$harness_pid" || true
harness_pid=""

# Each page run and the API run right after it shared the machine's state, so the ratio is taken per pair (then the
# median): on a shared machine the ratio of the two medians can pair a quiet page run with a busy API run.
pair_ratios() {
  local column=$1 i
  for i in "${!page_runs[@]}"; do
    awk -v a="$(awk -v c="$column" '{print $c}' <<<"${page_runs[$i]}")" -v b="$(awk -v c="$column" '{print $c}' <<<"${api_runs[$i]}")" \
      'BEGIN { printf "%.2f\n", a / b }'
  done | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}
RATIO=$(pair_ratios 1)
CPU_RATIO=$(pair_ratios 3)
RATIO_MET=$(awk -v r="$RATIO" 'BEGIN { print (r >= 0.95 ? "met" : "not met") }')
P99_MET=$(awk -v p="$PAGE_P99" 'BEGIN { print (p < 5 ? "met" : "not met") }')
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Reader page benchmark: cached report page against the cached API read"
  echo
  echo "\`bash bench/web-read/run.sh\`: GET /articles/{slug} (the report's page, $(wc -c <"$WORK/page.html") bytes of HTML, $(wc -c <"$WORK/page.wire") bytes"
  echo "on the wire as ${PAGE_ENCODING:-identity}) and GET /api/articles/{slug} (the same report, $(wc -c <"$WORK/api.json") bytes of JSON), both asked"
  echo "with \`Accept-Encoding: $ACCEPT_ENCODING\` (as Chromium asks), both through the gateway and both answered"
  echo "from its output cache (every measured run starts on a cached entry, checked by its \`Age\` header); wrk with $THREADS"
  echo "thread(s) and $CONNECTIONS connections, $REPEAT alternating runs of $DURATION each after a $WARMUP warm-up of each (medians"
  echo "shown), over loopback. The platform is started by \`bench/article-read/Nojor.Bench.ArticleRead\` (the platform as it runs)."
  echo "CPUs (\`PIN=$PIN\`): $PLACEMENT. \"Gateway CPU µs/req\" is the gateway process's utime+stime per request."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); load average before the run $LOAD_BEFORE; $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "| Path | req/s | p99 ms | Gateway CPU µs/req |"
  echo "|---|---|---|---|"
  echo "| report page, cached (\`/articles/{slug}\`) | $PAGE_RPS | $PAGE_P99 | $PAGE_CPU |"
  echo "| API read, cached (\`/api/articles/{slug}\`) | $API_RPS | $API_P99 | $API_CPU |"
  echo
  echo "| Measure | Value | Target (issue 13) |"
  echo "|---|---|---|"
  echo "| page / API req/s (median of the per-pair ratios) | ${RATIO}x | ≥ 1.0x within noise ($RATIO_MET) |"
  echo "| page / API gateway CPU per request (median of the per-pair ratios) | ${CPU_RATIO}x | (what the ratio costs) |"
  echo "| page p99 | $PAGE_P99 ms | < 5 ms ($P99_MET) |"
  echo
  echo "Runs (req/s, p99 ms, gateway CPU µs/req): page $(IFS=';'; echo "${page_runs[*]}" | sed 's/;/; /g'); API $(IFS=';'; echo "${api_runs[*]}" | sed 's/;/; /g')."
} > "$RESULTS.new"
if [ -f "$RESULTS" ] && grep -q '^## Notes' "$RESULTS"; then { echo; sed -n '/^## Notes/,$p' "$RESULTS"; } >> "$RESULTS.new"; fi
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
