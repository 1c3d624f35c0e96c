#!/usr/bin/env bash
# One command for a fresh machine: install, build, start the embedded Confluence-compatible server,
# publish the bundled sample docs to it and print the URL to open. Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "==> Installing npm packages"
npm ci --no-audit --no-fund --loglevel=error
echo "==> Building"
npm run --silent build
echo "==> Publishing samples/docs to the embedded local Confluence"
exec node dist/cli.js demo "$@"
