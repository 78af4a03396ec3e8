#!/usr/bin/env bash
# Measures `./nojor run`: seconds until every resource is healthy (the gateway waits for the services, which wait for
# their databases and, through their readiness checks, their broker connection), and the memory of the whole platform at
# idle, infrastructure and dashboard included, with a per-process table of where it goes.
#
# Usage: bench/startup/run.sh [warm|cold|fixture] [repo-dir]      (the repository must not be running already)
#   warm     RUNS starts (default 3) of the repository as it is; the first one builds if anything changed.
#   cold     a fresh clone in a temporary folder: restore, build and first start with a new data folder (packages are
#            taken from the NuGet cache, as on a developer's machine after the first day).
#   fixture  the test command's platform start: the time the integration fixture reports before its first test.
set -euo pipefail
MODE=${1:-warm}
REPO="$(cd "${2:-$(dirname "$0")/../..}" && pwd)"
RUNS=${RUNS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-20}

descendants() { # a process and all its descendants, one pid per line
  local root=$1
  ps -eo pid=,ppid= | awk -v root="$root" '
    { parent[$1]=$2 }
    END { for (p in parent) { q=p; while (q && q!=root && q in parent) q=parent[q]; if (q==root) print p } }'
}

# RSS counts pages shared between processes (the .NET runtime, the orchestrator binary) once per process; PSS splits them
# between sharers, so the PSS sum is the platform's real footprint.
memory_kb() { # field (Rss or Pss) of one pid
  awk -v f="$1:" '$1==f {print $2}' "/proc/$2/smaps_rollup" 2>/dev/null || echo 0
}

# One row per kind of process: the executable's name (a .NET service by its assembly, DCP by its sub-command).
process_table() {
  local pid kind pss
  for pid in "$@"; do
    pss=$(memory_kb Pss "$pid"); [ -n "$pss" ] || continue
    # A process that ended since it was listed has no cmdline any more: skipped, not an error that ends the run.
    kind=$(tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | awk '{
      n=split($1, p, "/"); name=p[n]
      if (name=="dcp") name="dcp " $2
      else if (name=="dotnet" && $2=="run") name="dotnet run (wrapper)"
      else if (name ~ /^postgres/ || $1 ~ /^postgres:/) name="postgres"
      print name }') || continue
    [ -n "$kind" ] && printf '%s\t%s\n' "$kind" "$pss"
  done | awk -F'\t' '{ mb[$1]+=$2; n[$1]++ } END { for (k in mb) printf "| %s | %d | %d |\n", k, n[k], mb[k]/1024 }' | sort -t'|' -k4 -rn
}

start_and_measure() { # repo-dir label
  local repo=$1 label=$2 start pid healthy pids pss_kb=0 rss_kb=0 p
  cd "$repo"
  local port
  # The gateway's fixed port, from the servers file the AppHost and ./nojor read ([Gateway] Port).
  port=$(awk -F= '/^\[/ { in_section = ($0 == "[Gateway]") } in_section && $1 == "Port" { print $2; exit }' Nojor.AppHost/Infrastructure/servers.ini)
  [ -n "$port" ] || { echo "no [Gateway] Port in Nojor.AppHost/Infrastructure/servers.ini" >&2; exit 1; }
  if curl -fs -m 1 "http://localhost:$port/health" >/dev/null 2>&1; then
    echo "something already answers on port $port: stop the running platform first" >&2; exit 1
  fi
  start=$(date +%s.%N)
  setsid ./nojor run > /tmp/nojor-bench-run.log 2>&1 &
  pid=$!
  until curl -fs -m 1 "http://localhost:$port/health" >/dev/null 2>&1; do
    sleep 0.2
    if ! kill -0 $pid 2>/dev/null; then echo "run exited early; see /tmp/nojor-bench-run.log" >&2; exit 1; fi
    if (( $(echo "$(date +%s.%N) - $start > 300" | bc) )); then echo "not healthy after 300 s" >&2; kill -TERM -- -$pid; exit 1; fi
  done
  healthy=$(echo "$(date +%s.%N) - $start" | bc)
  curl -fs "http://localhost:$port/api/articles" >/dev/null
  sleep "$IDLE_SECONDS"
  # DCP (Aspire's orchestrator) detaches from its parent, so count its tree as well: the one watching this run's AppHost
  # (`./nojor run` execs the AppHost, so it has the run's pid), not another run's (a test platform's).
  pids=$(descendants $pid; for dcp in $(pgrep -f "dcp start-apiserver --monitor $pid "); do echo "$dcp"; descendants "$dcp"; done)
  for p in $pids; do
    pss_kb=$((pss_kb + $(memory_kb Pss "$p"))); rss_kb=$((rss_kb + $(memory_kb Rss "$p")))
  done
  printf '%s: run_to_healthy_s=%.1f idle_pss_mb=%d idle_rss_sum_mb=%d processes=%d\n' "$label" "$healthy" \
    $((pss_kb / 1024)) $((rss_kb / 1024)) $(echo $pids | wc -w)
  { echo "| Process | Count | PSS MB |"; echo "|---|---|---|"; process_table $pids; } > "/tmp/nojor-bench-$label-processes.md"
  kill -TERM -- -$pid 2>/dev/null || true
  # Wait until the run's processes are gone, so the next start finds its ports free.
  for _ in $(seq 1 60); do
    [ -z "$(for p in $pids; do kill -0 "$p" 2>/dev/null && echo "$p"; done)" ] && break
    sleep 0.5
  done
}

case "$MODE" in
  warm)
    for run in $(seq 1 "$RUNS"); do start_and_measure "$REPO" "warm-$run"; done
    echo "per-process table of the last run: /tmp/nojor-bench-warm-$RUNS-processes.md" ;;
  cold)
    clone=$(mktemp -d /tmp/nojor-cold-XXXX)
    git clone -q "$REPO" "$clone"
    start_and_measure "$clone" cold
    rm -rf "$clone"
    echo "per-process table: /tmp/nojor-bench-cold-processes.md" ;;
  fixture)
    cd "$REPO"
    dotnet build tests/Nojor.IntegrationTests --nologo -v q -clp:ErrorsOnly
    dotnet test tests/Nojor.IntegrationTests --no-build --nologo --logger "console;verbosity=detailed" \
      --filter "FullyQualifiedName~BreakingNewsFlowTests.A_breaking_report_filed_through_the_gateway_reaches_a_registered_webhook_signed" \
      | grep -o 'platform healthy after [0-9.]* s' ;;
  *) echo "usage: bench/startup/run.sh [warm|cold|fixture] [repo-dir]" >&2; exit 2 ;;
esac
