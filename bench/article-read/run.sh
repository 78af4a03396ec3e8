#!/usr/bin/env bash
# Cached read of one report, GET /api/articles/{slug}: the article service directly, the same request
# through the YARP gateway, and nginx serving the identical JSON bytes as a static file. One bounded run
# on loopback (wrk, 16 connections), results in bench/results/article-read.md.
# Usage: bash bench/article-read/run.sh      (DURATION=10s CONNECTIONS=16 THREADS=2 to change the load)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
RESULTS="$REPO/bench/results/article-read.md"
WORK="$(mktemp -d /tmp/nojor-bench-article-read.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f "$WORK/pg/postmaster.pid" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  [[ -f "$WORK/nginx.pid" ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

as_postgres() { if [[ $EUID -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 240); do curl -fs -m 1 "$1" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

need() { command -v "$1" >/dev/null || { echo "installing $2"; apt-get install -y "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
need redis-server redis-server

echo "building (Release)"
dotnet build "$REPO/services/Article.Api" -c Release -v q -nologo >/dev/null
dotnet build "$REPO/gateway/Nojor.Gateway" -c Release -v q -nologo >/dev/null

PG_PORT=$(free_port); REDIS_PORT=$(free_port); API_PORT=$(free_port); GW_PORT=$(free_port); NGINX_PORT=$(free_port)
mkdir -p "$WORK/pg" "$WORK/www/api/articles"
[[ $EUID -eq 0 ]] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1" -l "$WORK/pg/server.log" -w start >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)

export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
ConnectionStrings__articledb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=articledb" \
ConnectionStrings__cache="127.0.0.1:$REDIS_PORT" \
ConnectionStrings__messaging="amqp://guest:guest@127.0.0.1:1" \
Editorial__ApiKey=bench-editor-key-0123456789 Articles__SeedDemoContent=false \
ASPNETCORE_URLS="http://127.0.0.1:$API_PORT" \
  dotnet "$REPO/services/Article.Api/bin/Release/net10.0/Article.Api.dll" >"$WORK/api.log" 2>&1 &
PIDS+=($!)
services__article-api__http__0="http://127.0.0.1:$API_PORT" ASPNETCORE_URLS="http://127.0.0.1:$GW_PORT" \
  dotnet "$REPO/gateway/Nojor.Gateway/bin/Release/net10.0/Nojor.Gateway.dll" >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$API_PORT/alive"
wait_http "http://127.0.0.1:$GW_PORT/alive"

SLUG=$(curl -fs -X POST "http://127.0.0.1:$API_PORT/api/articles" -H 'content-type: application/json' -H 'X-Api-Key: bench-editor-key-0123456789' \
  -d '{"headline":"Crossing reopens after three days of talks","summary":"Officials agreed to reopen the main crossing to foot traffic first.","body":"Hundreds crossed on foot within the first hour.\n\nCustoms officers said goods traffic would follow once paperwork had been cleared.","section":"world","tags":["border","trade"],"places":[{"country":"Pakistan","region":"Khyber Pakhtunkhwa","district":"Torkham"}],"story":"Border crossing closure","urgency":3}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["slug"])')
curl -fs "http://127.0.0.1:$API_PORT/api/articles/$SLUG" -o "$WORK/www/api/articles/$SLUG"
cat >"$WORK/nginx.conf" <<CONF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/www;
    default_type application/json;
  }
}
CONF
nginx -c "$WORK/nginx.conf"
wait_http "http://127.0.0.1:$NGINX_PORT/api/articles/$SLUG"

run() { # name url -> "rps p99_ms"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "$2" >/dev/null # warm up (JIT, caches)
  local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2")
  echo "$out" >"$WORK/$1.wrk"
  local rps p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}
echo "measuring $DURATION per target at $CONNECTIONS connections"
read -r SVC_RPS SVC_P99 < <(run service "http://127.0.0.1:$API_PORT/api/articles/$SLUG")
read -r GW_RPS GW_P99 < <(run gateway "http://127.0.0.1:$GW_PORT/api/articles/$SLUG")
read -r NGX_RPS NGX_P99 < <(run nginx "http://127.0.0.1:$NGINX_PORT/api/articles/$SLUG")
RATIO=$(python3 -c "print(f'{$SVC_RPS/$NGX_RPS:.2f}')")
BYTES=$(stat -c %s "$WORK/www/api/articles/$SLUG")

cat >"$RESULTS" <<MD
# Cached article read: service vs gateway vs nginx

\`bash bench/article-read/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)),
load average before the run: $(cut -d' ' -f1-3 /proc/loadavg). wrk $THREADS threads, $CONNECTIONS connections, $DURATION per target after a 2 s warm-up,
everything on loopback. The body is the same $BYTES-byte JSON report in all three cases (nginx serves the bytes the
service returned, as a static file). Release builds; the report is served from the service's memory cache
(HybridCache L1, Redis L2) as stored UTF-8 bytes with its ETag, without re-serialising.

| Target | Requests/s | p99 latency (ms) |
|---|---:|---:|
| article service, direct | $SVC_RPS | $SVC_P99 |
| through the gateway (YARP) | $GW_RPS | $GW_P99 |
| nginx, static file | $NGX_RPS | $NGX_P99 |

Service / nginx throughput ratio: **$RATIO** (target ≥ 1.0, p99 < 5 ms).

wrk, the servers and (when run during development) other engineers' builds all share the same cores, so the
numbers are pessimistic and noisy; compare the ratio rather than absolute figures.
MD
cat "$RESULTS"
