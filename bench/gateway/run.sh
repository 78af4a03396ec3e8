#!/usr/bin/env bash
# Gateway read benchmark: throughput and p99 of GET /api/articles/{slug} straight at the article service and through
# the gateway, 16 connections over loopback with wrk, for the untuned ("baseline") and tuned gateway configuration.
# Starts the whole platform itself on free ports (twice, one per configuration) and stops it afterwards.
# Usage: bash bench/gateway/run.sh        (DURATION=15s CONNECTIONS=16 THREADS=2 WARMUP=5s to change the load)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-5s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
RESULTS="$ROOT/bench/results/gateway.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

command -v wrk >/dev/null || { apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }; }
cd "$ROOT"
dotnet build bench/gateway/Nojor.Bench.Gateway -c Release --nologo -v q -clp:ErrorsOnly
HARNESS="$ROOT/bench/gateway/Nojor.Bench.Gateway/bin/Release/net10.0/Nojor.Bench.Gateway"

# wrk → "<requests/s> <p99 ms>"
measure() {
  local url=$1 out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url")
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then echo "non-2xx answers from $url" >&2; exit 1; fi
  echo "$rps $p99"
}

declare -A RPS P99
for mode in ${MODES:-baseline tuned}; do
  echo "== $mode: starting the platform" >&2
  coproc HARNESS_PROC { "$HARNESS" "$mode" 2>/tmp/nojor-bench-gateway-$mode.log; }
  harness_pid=$HARNESS_PROC_PID
  trap 'kill $harness_pid 2>/dev/null || true' EXIT
  line=""
  while [[ $line != "BENCH "* ]]; do # the harness's own log lines come first
    read -r -t 300 line <&"${HARNESS_PROC[0]}" || { echo "platform did not start; see /tmp/nojor-bench-gateway-$mode.log" >&2; exit 1; }
  done
  eval "${line#BENCH }" # GATEWAY=... DIRECT=... ROUTE=...
  read -r "RPS[direct-$mode]" "P99[direct-$mode]" < <(measure "$DIRECT$ROUTE")
  read -r "RPS[gateway-$mode]" "P99[gateway-$mode]" < <(measure "$GATEWAY$ROUTE")
  echo "   direct ${RPS[direct-$mode]} req/s p99 ${P99[direct-$mode]} ms; gateway ${RPS[gateway-$mode]} req/s p99 ${P99[gateway-$mode]} ms" >&2
  exec {HARNESS_PROC[1]}>&- # closing stdin stops the platform
  wait "$harness_pid" || true
  trap - EXIT
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; }
mkdir -p "$(dirname "$RESULTS")"
{
  echo "# Gateway read benchmark"
  echo
  echo "\`bash bench/gateway/run.sh\`: GET /api/articles/{slug} (one published report, a small JSON body), wrk with $THREADS threads and"
  echo "$CONNECTIONS connections for $DURATION after a $WARMUP warm-up, over loopback, the whole platform started by"
  echo "\`bench/gateway/Nojor.Bench.Gateway\` (Aspire.Hosting.Testing, free ports). \"direct\" calls the article service's endpoint,"
  echo "\"gateway\" the same route through YARP; both pass Aspire's local endpoint proxy in front of the service."
  echo "\`baseline\` is the gateway as it started (\`Gateway:Performance:Mode=baseline\`), \`tuned\` the default."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "| Configuration | Direct req/s | Gateway req/s | Gateway/direct | Direct p99 ms | Gateway p99 ms | Added p99 ms |"
  echo "|---|---|---|---|---|---|---|"
  for mode in ${MODES:-baseline tuned}; do
    echo "| $mode | ${RPS[direct-$mode]} | ${RPS[gateway-$mode]} | $(ratio "${RPS[gateway-$mode]}" "${RPS[direct-$mode]}")x | ${P99[direct-$mode]} | ${P99[gateway-$mode]} | $(added "${P99[gateway-$mode]}" "${P99[direct-$mode]}") |"
  done
  echo
  echo "Target: gateway at least 0.6x direct throughput and at most 1 ms added p99."
} > "$RESULTS.new"
# Keep the notes written by hand below the generated table.
if [ -f "$RESULTS" ] && grep -q '^## Notes' "$RESULTS"; then { echo; sed -n '/^## Notes/,$p' "$RESULTS"; } >> "$RESULTS.new"; fi
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
