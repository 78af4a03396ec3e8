#!/usr/bin/env bash
# One breaking alert to N confirmed e-mail subscribers (default 10,000) through the notification service's pooled SMTP
# connections to the AppHost's loopback mail sink: time until the sink accepted the last message. Starts the whole
# platform itself on free ports, STARTS times (default 3), and reports the medians.
# Usage: STARTS=3 bash bench/email-fanout/run.sh [subscribers]   -> bench/results/email-fanout.md
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
SUBSCRIBERS=${1:-10000}
cd "$REPO"
ulimit -n 65536 2>/dev/null || true
dotnet build bench/email-fanout/Nojor.Bench.EmailFanOut -c Release -v q -nologo
STARTS=${STARTS:-3}
timeout $((STARTS * 900)) dotnet bench/email-fanout/Nojor.Bench.EmailFanOut/bin/Release/net10.0/Nojor.Bench.EmailFanOut.dll "$SUBSCRIBERS" bench/results/email-fanout.md "$STARTS"
