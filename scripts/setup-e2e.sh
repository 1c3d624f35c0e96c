#!/usr/bin/env bash
# Installs what the end-to-end suite needs on a Debian 12 machine (root, no internet beyond the npm registry and
# Debian's packages): Chromium, ripgrep, kerberos headers (code-server's native rebuild), then code-server 4.100.3
# (= VS Code 1.100.3, the last line that runs on Node 20) into a cache folder. Idempotent: a second run only checks.
#
#   bash scripts/setup-e2e.sh            # install / verify
#   CODE_SERVER_DIR=... bash scripts/...  # another cache folder (default: .vscode-test/code-server-<version>)
#
# See docs in test/e2e/harness/README.md. Never installs Debian's nodejs/npm (that would remove the Node 20 here).
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server-$CODE_SERVER_VERSION}"
STAMP="$D/.installed"
export DEBIAN_FRONTEND=noninteractive
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

step() { printf '\n==> [setup-e2e] %s\n' "$*"; }
t0=$(date +%s)

# Serialise npm installs with other people working on this machine (see ENGINEERING notes); harmless in CI.
npm_locked() { if command -v flock >/dev/null 2>&1; then flock /tmp/npm.lock npm "$@"; else npm "$@"; fi; }

# ---------------------------------------------------------------------------------------------------------------
step "Debian packages: chromium, fonts, ripgrep, libkrb5-dev (build tools for native modules)"
need=()
# Fonts: screenshots read like a user's screen (emoji in status text, symbols in the preview).
for p in chromium fonts-noto-color-emoji fonts-dejavu-core ripgrep libkrb5-dev g++ make python3; do
  case "$p" in
    python3) command -v python3 >/dev/null 2>&1 || need+=(python3) ;;
    g++|make) command -v "$p" >/dev/null 2>&1 || need+=(build-essential) ;;
    *) dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p") ;;
  esac
done
if ((${#need[@]})); then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo -n"
  echo "installing: ${need[*]}"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  # --no-install-recommends keeps it small; none of these pull Debian's nodejs.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "already installed"
fi
command -v chromium >/dev/null && chromium --version 2>/dev/null || true
command -v rg >/dev/null && rg --version | sed -n 1p
command -v node >/dev/null || { echo "node disappeared: an apt package removed it" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------
step "code-server $CODE_SERVER_VERSION in $D"
mkdir -p "$(dirname "$D")"
# One installer at a time per cache folder (several test runs may call this script at once).
exec 9>"$D.lock"
command -v flock >/dev/null 2>&1 && flock 9
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$CODE_SERVER_VERSION" ] && "$D/node_modules/.bin/code-server" --version >/dev/null 2>&1; then
  echo "cached: $("$D/node_modules/.bin/code-server" --version | sed -n 1p)"
else
  rm -rf "$D"
  mkdir -p "$D"
  echo '{"name":"code-server-cache","private":true}' > "$D/package.json"
  npm_locked install --prefix "$D" "code-server@$CODE_SERVER_VERSION" --ignore-scripts --no-audit --no-fund --loglevel=error
  cd "$D/node_modules/code-server/lib/vscode"
  npm_locked install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  # @vscode/ripgrep would download rg from GitHub: use Debian's instead.
  mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  npm rebuild --loglevel=error >/dev/null   # node-pty, spdlog, kerberos, ... (native, against Node 20)
  ln -sfn node_modules node_modules.asar
  (cd extensions && npm_locked install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
  cd "$D"
  npm rebuild argon2 --loglevel=error >/dev/null
  "$D/node_modules/.bin/code-server" --version
  echo "$CODE_SERVER_VERSION" > "$STAMP"
fi

echo "setup-e2e done in $(( $(date +%s) - t0 )) s"
