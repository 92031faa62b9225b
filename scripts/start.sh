#!/usr/bin/env bash
# Runs Resetline in one process on the embedded defaults (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# tsx's ESM loader only (its CommonJS hook would run on every require a library makes while
# serving); the API's tsconfig carries the decorator settings the resolvers need.
export TSX_TSCONFIG_PATH=api/tsconfig.json
# A larger young generation: the projector allocates ~1 KB of short-lived objects per event, and
# with the default 16 MB semi-spaces the scavenger took ~1/3 of a catch-up (bench:projection).
exec node --max-semi-space-size=64 --conditions=source --import tsx/esm api/src/main.ts "$@"
