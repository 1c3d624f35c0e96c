#!/usr/bin/env bash
# One command for a fresh machine: install everything the tests need (Debian packages, code-server, npm packages),
# then run every suite: typecheck, lint, dependency check, unit, integration, build, package (.vsix + the CLI's npm
# tarball), the tarball installed and run, end-to-end in a real VS Code. The same steps as `npm test`, one by one, each
# announced, with a "still running" line every 15 s (no silent stretch), and timings.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/progress.sh
. scripts/progress.sh
N=12

step "[1/$N] Debian packages + code-server for the end-to-end suite (scripts/setup-e2e.sh; cached after the first run)"
with_progress "setup-e2e" bash scripts/setup-e2e.sh

if why=$(node scripts/deps-current.mjs); then
  step "[2/$N] npm packages: up to date with package-lock.json (skipping npm ci)"
else
  step "[2/$N] Installing npm packages ($why): npm ci"
  npm_ci() { if command -v flock >/dev/null 2>&1; then flock /tmp/npm.lock npm ci --no-audit --no-fund --loglevel=error; else npm ci --no-audit --no-fund --loglevel=error; fi; }
  with_progress "npm ci" npm_ci
  node scripts/deps-current.mjs --stamp
fi

# The steps of `npm test` (package.json), in its order.
run_step() { local n=$1 label=$2; shift 2; step "[$n/$N] $label"; with_progress "$label" "$@"; }
run_step 3 "typecheck (tsc)" npm run --silent typecheck
run_step 4 "lint (ESLint, architecture rules)" npm run --silent lint
run_step 5 "check:deps (declared = imported)" npm run --silent check:deps
run_step 6 "check:size (no file over 600 lines, no function over 120)" npm run --silent check:size
run_step 7 "unit tests" npm run --silent test:unit
run_step 8 "integration tests (local server over HTTP)" npm run --silent test:integration
run_step 9 "build (esbuild)" npm run --silent build
run_step 10 "package: production build, .vsix, the CLI's npm tarball" npm run --silent package
run_step 11 "the npm tarball installed offline and run (CLI_TARBALL=dist)" env CLI_TARBALL=dist npm run --silent test:package
run_step 12 "end-to-end in a real VS Code (code-server + Chromium)" env E2E_SKIP_SETUP=1 npm run --silent test:e2e

step "all green in $(( $(date +%s) - PROGRESS_T0 )) s"
