#!/usr/bin/env bash
# Install what `make run` / `make test` need: Debian packages (as root, with apt) and .venv.
# Usage: scripts/bootstrap.sh run|test
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."

# Debian packages: WeasyPrint's pango libraries and fonts for both; chromium, gettext and nginx
# (the test behind a real reverse proxy, tests/core/test_behind_nginx.py) for tests.
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext)
if [ "$mode" = test ]; then packages+=(chromium poppler-utils nginx); fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]} (on Debian: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Python 3.11 or newer is needed: set PYTHON=/path/to/python3.11" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
# The project's source on the venv's path, so tools run bare (lint-imports, mutmut) find `sexto`.
site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$PWD/src" > "$site/sexto-src.pth"

# Reinstall only when the lock changed since the last install.
stamp=.venv/.installed-$mode
locks=(requirements/base.txt)
if [ "$mode" = test ]; then locks+=(requirements/dev.txt); fi
digest=$(cat "${locks[@]}" | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  log=$(mktemp)
  if ! .venv/bin/pip install -q --disable-pip-version-check --require-hashes \
      $(printf -- '-r %s ' "${locks[@]}") >"$log" 2>&1; then
    grep -v '^WARNING: Location' "$log" >&2; rm -f "$log"
    echo "Installing the Python packages failed (see above)." >&2; exit 1
  fi
  rm -f "$log"
  echo "$digest" > "$stamp"
fi

# Test tools from the committed npm lock (axe-core for the accessibility gate), when the lock
# changed since the last install.
if [ "$mode" = test ]; then
  npm_digest=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat node_modules/.installed 2>/dev/null)" != "$npm_digest" ]; then
    command -v npm >/dev/null || { echo "npm is needed for the test tools (on Debian: apt-get install npm)." >&2; exit 1; }
    npm ci --no-audit --no-fund --silent
    echo "$npm_digest" > node_modules/.installed
  fi
  # The 1EdTech OB 2.0 validator in its own venv (its pins clash with ours), when its lock changed.
  ob2_digest=$(sha256sum requirements/ob2-validator.txt | cut -d' ' -f1)
  if [ "$(cat .venv-ob2/.installed 2>/dev/null)" != "$ob2_digest" ]; then
    rm -rf .venv-ob2 && "$python" -m venv .venv-ob2
    if ! .venv-ob2/bin/pip install -q --disable-pip-version-check --require-hashes --no-deps \
        -r requirements/ob2-validator.txt >/dev/null 2>&1; then
      echo "Installing the OB 2.0 validator failed (requirements/ob2-validator.txt)." >&2; exit 1
    fi
    echo "$ob2_digest" > .venv-ob2/.installed
  fi
fi

# Compiled translations are build output, not committed.
.venv/bin/python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules
