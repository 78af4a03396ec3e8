#!/usr/bin/env bash
# Measures `./nojor run`: seconds until the gateway (which waits for every other resource) is healthy,
# and the resident memory of the whole platform at idle, infrastructure included.
# Usage: bench/startup.sh [repo-dir]   (defaults to this repository; it must not be running already)
set -euo pipefail
REPO="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
PORT=5080
IDLE_SECONDS=${IDLE_SECONDS:-20}

descendants() { # a process and all its descendants, one pid per line
  local root=$1
  ps -eo pid=,ppid= | awk -v root="$root" '
    { parent[$1]=$2 }
    END { for (p in parent) { q=p; while (q && q!=root && q in parent) q=parent[q]; if (q==root) print p } }'
}

# RSS counts pages shared between processes (the .NET runtime, the orchestrator binary) once per
# process; PSS splits them between sharers, so the PSS sum is the platform's real footprint.
memory_kb() { # field (Rss or Pss) summed over the given pids
  local field=$1; shift
  local total=0 pid value
  for pid in "$@"; do
    value=$(awk -v f="$field:" '$1==f {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
    total=$((total + ${value:-0}))
  done
  echo $total
}

cd "$REPO"
start=$(date +%s.%N)
setsid ./nojor run > /tmp/nojor-bench-run.log 2>&1 &
pid=$!
trap 'kill -TERM -- -$pid 2>/dev/null || true; sleep 12' EXIT
until curl -fs -m 1 "http://localhost:$PORT/health" >/dev/null 2>&1; do
  sleep 0.2
  if ! kill -0 $pid 2>/dev/null; then echo "run exited early; see /tmp/nojor-bench-run.log" >&2; exit 1; fi
  if (( $(echo "$(date +%s.%N) - $start > 300" | bc) )); then echo "not healthy after 300 s" >&2; exit 1; fi
done
healthy=$(echo "$(date +%s.%N) - $start" | bc)
curl -fs "http://localhost:$PORT/api/articles" >/dev/null
sleep "$IDLE_SECONDS"
# DCP (Aspire's orchestrator) detaches from its parent, so count its tree as well.
pids=$(descendants $pid; for dcp in $(ps -eo pid=,ppid=,comm= | awk '$2==1 && $3=="dcp" {print $1}'); do descendants "$dcp"; done)
rss_kb=$(memory_kb Rss $pids)
pss_kb=$(memory_kb Pss $pids)
printf 'run_to_healthy_s=%.1f idle_pss_mb=%d idle_rss_sum_mb=%d processes=%d\n' "$healthy" $((pss_kb / 1024)) $((rss_kb / 1024)) $(echo $pids | wc -w)
ps -eo pid=,ppid=,rss=,comm= --sort=-rss | head -25 > /tmp/nojor-bench-top.txt
