#!/usr/bin/env bash
# One command for a fresh machine: install (skipped when node_modules matches package-lock.json), build (skipped when
# dist/cli.js is newer than the sources), start the embedded Confluence-compatible server, publish the bundled sample
# docs to it and print the URL to open and a CLI command to try. Ctrl-C stops the server; the temporary workspace
# is removed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/progress.sh
. scripts/progress.sh

if why=$(node scripts/deps-current.mjs); then
  step "npm packages: up to date with package-lock.json (skipping npm ci)"
else
  step "Installing npm packages ($why): npm ci, about a minute on a fresh machine"
  with_progress "npm ci" npm ci --no-audit --no-fund --loglevel=error
  node scripts/deps-current.mjs --stamp
fi

if [ -f dist/cli.js ] && [ -z "$(find src package.json scripts/build.mjs -newer dist/cli.js -print -quit)" ]; then
  step "Build: dist/cli.js is up to date"
else
  step "Building dist/ (esbuild)"
  with_progress "build" npm run --silent build
fi

WS=$(mktemp -d "${TMPDIR:-/tmp}/confluence-demo-XXXXXX")
rmdir "$WS" # the demo wants a new or empty folder; it creates it
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; rm -rf "$WS"; }
trap cleanup EXIT
step "Publishing samples/docs to the embedded local Confluence (workspace $WS, removed on exit)"
node dist/cli.js demo --workspace "$WS" "$@" &
pid=$!
# Ctrl-C / kill: stop the demo (it closes its server), then the EXIT trap removes the workspace.
trap 'kill -TERM "$pid" 2>/dev/null || true' INT TERM
status=0
wait "$pid" || status=$?
# A trapped signal interrupts `wait`: wait again for the demo to finish closing.
while kill -0 "$pid" 2>/dev/null; do status=0; wait "$pid" || status=$?; done
pid=""
exit "$status"
