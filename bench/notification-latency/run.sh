#!/usr/bin/env bash
# Publish-to-webhook latency with one subscriber: files breaking reports through the gateway one after another
# and times each until its webhook reaches a loopback receiver. Starts the whole platform itself on free ports
# (Aspire.Hosting.Testing, throw-away data folder) and stops it at the end.
# Usage: bash bench/notification-latency/run.sh [samples]   -> bench/results/notification-latency.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SAMPLES=${1:-200}
cd "$REPO"
dotnet build bench/notification-bench -c Release -v q -nologo
timeout 300 dotnet bench/notification-bench/bin/Release/net10.0/NotificationBench.dll latency "$SAMPLES" bench/results/notification-latency.md
