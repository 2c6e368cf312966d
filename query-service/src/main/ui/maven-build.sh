#!/bin/sh
# Builds the UI into the directory given as $1. query-service/pom.xml runs this in generate-resources,
# with target/classes/static as $1, so the jar serves the result. Skip with -Dui.skip (no UI in the jar).
set -eu
out="$1"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "ERROR: the query UI build needs Node.js 18+ and npm on PATH (Debian: apt-get install npm)." >&2
  echo "       Install them, or build without the UI: ./mvnw -Dui.skip ..." >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "ERROR: the query UI build needs Node.js 18+, found $(node --version)." >&2
  exit 1
fi
# npm ci deletes node_modules first; reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --prefer-offline
fi
UI_OUT_DIR="$out" npm run build
