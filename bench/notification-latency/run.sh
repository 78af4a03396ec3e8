#!/usr/bin/env bash
# Publish-to-webhook latency with one subscriber: files breaking reports through the gateway one after another
# and times each until its webhook reaches a loopback receiver. Starts the whole platform itself on free ports
# (Aspire.Hosting.Testing, throw-away data folder) and stops it at the end.
# The measured samples follow WARMUP_ALERTS unmeasured ones (default 1000), so the services' hot paths are compiled as in
# a platform that has been running; the same number of samples straight after start is reported alongside.
# Each of STARTS platform starts (default 3) is measured on its own; the report leads with the medians.
# Usage: bash bench/notification-latency/run.sh [samples]   (WARMUP_ALERTS=1000 STARTS=3)  -> bench/results/notification-latency.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SAMPLES=${1:-200}
cd "$REPO"
dotnet build bench/notification-latency/Nojor.Bench.NotificationLatency -c Release -v q -nologo
STARTS=${STARTS:-3}
timeout $((STARTS * 600)) dotnet bench/notification-latency/Nojor.Bench.NotificationLatency/bin/Release/net10.0/Nojor.Bench.NotificationLatency.dll "$SAMPLES" bench/results/notification-latency.md \
  "${WARMUP_ALERTS:-1000}" "$STARTS"
