#!/usr/bin/env bash
# Feedback ingest: accepted submissions per second through the gateway, every accepted one verified in the database.
# Builds in Release, starts the whole platform on free loopback ports in a throw-away folder, runs bounded
# (warm-up + DURATION_SECONDS), stops everything; STARTS times (default 3), then writes the medians and each start to
# bench/results/feedback-ingest.md.
# Usage: bash bench/feedback-ingest/run.sh     (env: STARTS=3 DURATION_SECONDS=20 WARMUP_SECONDS=15 CONCURRENCY=64 EXPORT_TELEMETRY=0 PERF_MAP=0 SERVICE_ENV=)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
mkdir -p "$REPO/bench/results"
cd "$REPO"
dotnet build "$HERE/Nojor.Bench.FeedbackIngest" -c Release -nologo -v q
# timeout: a wedged run still ends; the platform's processes belong to the bench and stop with it.
timeout --kill-after=30 $(( ${STARTS:-3} * 300 )) dotnet "$HERE/Nojor.Bench.FeedbackIngest/bin/Release/net10.0/Nojor.Bench.FeedbackIngest.dll" "$REPO/bench/results/feedback-ingest.md"
