#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests need (npm packages, Debian
# packages), starts the services they need that are not running, checks types and lint, runs
# every vitest project, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-deps.sh
bash scripts/install-test-deps.sh

started_redis=""
redis_url="${TEST_REDIS_URL:-redis://127.0.0.1:6379}"
if ! redis-cli -u "$redis_url" ping >/dev/null 2>&1; then
  port=6391
  echo "resetline: no Redis at $redis_url, starting one on 127.0.0.1:$port"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --pidfile "/tmp/resetline-test-redis.pid" --logfile "/tmp/resetline-test-redis.log"
  started_redis=/tmp/resetline-test-redis.pid
  redis_url="redis://127.0.0.1:$port"
  for _ in $(seq 50); do redis-cli -u "$redis_url" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
export TEST_REDIS_URL="$redis_url"
cleanup() { if [ -n "$started_redis" ] && [ -f "$started_redis" ]; then kill "$(cat "$started_redis")" 2>/dev/null || true; fi; }
trap cleanup EXIT

echo "resetline: typecheck"
npx turbo run typecheck --output-logs=errors-only
echo "resetline: lint"
npx eslint .
echo "resetline: tests"
npx vitest run "$@"
