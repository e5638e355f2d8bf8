#!/usr/bin/env bash
# Create or update the two virtual environments policybot needs (idempotent; fast when nothing changed).
#   .venv       Python 3.11: knowledge layer, action server, gateway, tests
#   .venv-rasa  Python 3.10: the Rasa Open Source 3.6 server (Rasa stops at Python 3.10)
# Usage: scripts/setup.sh [--test]     --test also installs test tooling and chromium for browser tests.
# Interpreters: set POLICYBOT_PYTHON311 / POLICYBOT_PYTHON310, else python3.11/python3.10 on PATH, else pyenv's.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

find_python() {  # $1 = "3.11" or "3.10"; prints the interpreter path or fails with instructions
  local version=$1 var candidate
  var="POLICYBOT_PYTHON${version/./}"
  for candidate in "${!var:-}" "python$version" "$HOME/.pyenv/versions/$version"*/bin/python; do
    [[ -n "$candidate" ]] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$version'.split('.'))))" 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  echo "error: Python $version is required but was not found." >&2
  echo "  Install it (e.g. 'pyenv install $version', or your distribution's python$version package)" >&2
  echo "  or point $var at its interpreter." >&2
  return 1
}

stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

ensure_venv() {  # $1 = dir, $2 = interpreter, $3 = stamp, rest = pip install arguments
  local dir=$1 python=$2 stamp=$3; shift 3
  if [[ -f "$dir/.policybot-stamp" && "$(cat "$dir/.policybot-stamp")" == "$stamp" ]]; then
    echo "setup: $dir is up to date"; return 0
  fi
  echo "setup: installing $dir (this takes a few minutes the first time)"
  [[ -x "$dir/bin/python" ]] || "$python" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  echo "$stamp" > "$dir/.policybot-stamp"
}

py311=$(find_python 3.11)
py310=$(find_python 3.10)

ensure_venv .venv-rasa "$py310" "$(stamp_of requirements/rasa.lock)" -r requirements/rasa.lock
ensure_venv .venv "$py311" "$(stamp_of requirements/py311.lock pyproject.toml)" \
  -r requirements/py311.lock -e ".[st,dev]"

if [[ $want_test == 1 ]] && ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing chromium and CJK fonts for browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "setup: warning: chromium is not installed; browser tests will be skipped (apt-get install chromium fonts-noto-cjk)" >&2
  fi
fi

# Console charts: ECharts from the npm registry into var/npm (gitignored), served by the gateway at
# /console/vendor/echarts/ — never committed, never a CDN. Skipped with a message when npm is absent.
ECHARTS_VERSION=5.6.0
echarts_package=var/npm/node_modules/echarts/package.json
if [[ -f $echarts_package ]] && grep -q "\"version\": \"$ECHARTS_VERSION\"" "$echarts_package"; then
  echo "setup: echarts $ECHARTS_VERSION is up to date"
elif command -v npm >/dev/null 2>&1; then
  echo "setup: installing echarts $ECHARTS_VERSION into var/npm (console charts)"
  mkdir -p var/npm
  npm install --prefix var/npm --no-save --no-audit --no-fund --loglevel=error "echarts@$ECHARTS_VERSION" >/dev/null
else
  echo "setup: warning: npm is absent; the console's analytics screen shows tables without charts (install Node.js and rerun)" >&2
fi
