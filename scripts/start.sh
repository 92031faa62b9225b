#!/usr/bin/env bash
# Runs Resetline in one process on the embedded defaults (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# tsx's ESM loader only (its CommonJS hook would run on every require a library makes while
# serving); the API's tsconfig carries the decorator settings the resolvers need.
export TSX_TSCONFIG_PATH=api/tsconfig.json
exec node --conditions=source --import tsx/esm api/src/main.ts "$@"
