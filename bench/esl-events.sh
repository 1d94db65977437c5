#!/usr/bin/env bash
# ESL events into Redis: events/s the service lands in Redis from a scripted event socket streaming
# captured events as fast as it can (sofia::register, or with "calls" the CHANNEL_* events of calls through
# the call state's Lua script), next to redis-benchmark HSET on the same Redis in the same run. Loopback
# only; bounded in time; stops what it started.
# Usage: bench/esl-events.sh [events=90000] [registrations|calls]
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-90000}
KIND=${2:-registrations}
mkdir -p bench/out

if ! command -v redis-server >/dev/null || ! command -v redis-benchmark >/dev/null; then
  apt-get update -qq && apt-get install -y -qq redis-server redis-tools >/dev/null
fi

mvn -B -q package -DskipTests
mvn -B -q test-compile

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >bench/out/redis.log 2>&1 &
REDIS=$!
trap 'kill $REDIS 2>/dev/null || true' EXIT
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done

echo "machine: $(nproc) cores, $(redis-server --version | cut -d' ' -f3), $(java -version 2>&1 | head -1)"
echo "--- reference: redis-benchmark on the same Redis"
timeout 120 redis-benchmark -p "$PORT" -t hset -n 200000 -q | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/^/HSET, 50 clients, no pipelining: /'
timeout 120 redis-benchmark -p "$PORT" -t hset -n 1000000 -P 16 -q | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/^/HSET, 50 clients, pipeline 16:    /'
timeout 120 redis-benchmark -p "$PORT" -t hset -n 200000 -c 1 -q | tr '\r' '\n' | grep -v '^$' | tail -1 | sed 's/^/HSET, 1 client, no pipelining:   /'
redis-cli -p "$PORT" flushall >/dev/null

echo "--- the service (target/cti-camel.jar, shipped cti.json) fed by a scripted event socket"
CP="target/test-classes:target/cti-camel.jar"
timeout 600 java -cp "$CP" org.cticamel.bench.EslEventsBenchmark "$PORT" "$EVENTS" target/cti-camel.jar "$KIND"
