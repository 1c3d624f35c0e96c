#!/usr/bin/env bash
# One command for a fresh machine: install everything the tests need (Debian packages, code-server, npm packages),
# then run every suite: typecheck, lint, dependency check, unit, integration, build, package, end-to-end in a real VS Code.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-e2e.sh
echo "==> Installing npm packages"
if command -v flock >/dev/null 2>&1; then flock /tmp/npm.lock npm ci --no-audit --no-fund --loglevel=error; else npm ci --no-audit --no-fund --loglevel=error; fi
echo "==> Running all tests (npm test)"
npm test
