#!/usr/bin/env bash
# Fan-out of one breaking alert to N browser push subscriptions (default 10,000) on one loopback push sink: time to the
# last encrypted push, pushes per second. Starts the whole platform itself on free ports, STARTS times (default 3), and
# reports the medians.
# Usage: STARTS=3 bash bench/notification-push/run.sh [subscriptions]   -> bench/results/notification-push.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SUBSCRIPTIONS=${1:-10000}
cd "$REPO"
ulimit -n 65536 2>/dev/null || true
dotnet build bench/notification-push/Nojor.Bench.NotificationPush -c Release -v q -nologo
STARTS=${STARTS:-3}
timeout $((STARTS * 600)) dotnet bench/notification-push/Nojor.Bench.NotificationPush/bin/Release/net10.0/Nojor.Bench.NotificationPush.dll "$SUBSCRIPTIONS" bench/results/notification-push.md "$STARTS"
