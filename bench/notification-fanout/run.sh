#!/usr/bin/env bash
# Fan-out of one breaking alert to N webhook subscribers (default 10,000, one loopback receiver behind distinct
# URLs) and M Server-Sent Events clients on the gateway (default 1,000): deliveries per second, time to the last
# webhook, time until every stream client has the alert; the first fan-out after a start and a second one. Starts the
# whole platform itself on free ports, STARTS times (default 3), and reports the medians.
# Usage: STARTS=3 bash bench/notification-fanout/run.sh [subscribers] [sse-clients]   -> bench/results/notification-fanout.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SUBSCRIBERS=${1:-10000}
SSE_CLIENTS=${2:-1000}
STARTS=${STARTS:-3}
cd "$REPO"
# The gateway holds two sockets per stream client; the program says so if the limit stays too low for SSE_CLIENTS.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
dotnet build bench/notification-fanout/Nojor.Bench.NotificationFanOut -c Release -v q -nologo
timeout $((STARTS * 420)) dotnet bench/notification-fanout/Nojor.Bench.NotificationFanOut/bin/Release/net10.0/Nojor.Bench.NotificationFanOut.dll \
  "$SUBSCRIBERS" "$SSE_CLIENTS" bench/results/notification-fanout.md "$STARTS"
