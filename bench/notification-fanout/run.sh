#!/usr/bin/env bash
# Fan-out of one breaking alert to N webhook subscribers (default 10,000, one loopback receiver behind distinct
# URLs) and M Server-Sent Events clients on the gateway (default 1,000): deliveries per second, time to the last
# webhook, time until every stream client has the alert. Starts the whole platform itself on free ports.
# Usage: bash bench/notification-fanout/run.sh [subscribers] [sse-clients]   -> bench/results/notification-fanout.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SUBSCRIBERS=${1:-10000}
SSE_CLIENTS=${2:-1000}
cd "$REPO"
ulimit -n 65536 2>/dev/null || true
dotnet build bench/notification-fanout/Nojor.Bench.NotificationFanOut -c Release -v q -nologo
timeout 300 dotnet bench/notification-fanout/Nojor.Bench.NotificationFanOut/bin/Release/net10.0/Nojor.Bench.NotificationFanOut.dll "$SUBSCRIBERS" "$SSE_CLIENTS" bench/results/notification-fanout.md
