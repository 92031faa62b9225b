#!/usr/bin/env bash
# Runs Resetline in one process on the embedded defaults (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
exec npx tsx --conditions=source --tsconfig api/tsconfig.json api/src/main.ts "$@"
