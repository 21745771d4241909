#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright; nothing downloads a browser.
# Installs it with apt-get when it is missing and we may (root, or sudo without a password);
# otherwise says so in one line and fails, so that `make test` stops before running tests.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test needs Debian's chromium for the browser tests, and this machine has no apt-get: install chromium (or run 'make test-fast')." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "make test needs Debian's chromium for the browser tests: run 'sudo apt-get install chromium' once (or 'make test-fast' without the browser tests)." >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests (apt-get, once) ..."
export DEBIAN_FRONTEND=noninteractive
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >/tmp/tinget-apt.log 2>&1; then
  "${as_root[@]}" apt-get update -q >>/tmp/tinget-apt.log 2>&1 || true
  if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends chromium >>/tmp/tinget-apt.log 2>&1; then
    echo "Could not install chromium with apt-get (log: /tmp/tinget-apt.log); the browser tests need it." >&2
    exit 1
  fi
fi
command -v chromium >/dev/null 2>&1 || { echo "apt-get ran but chromium is still missing (log: /tmp/tinget-apt.log)." >&2; exit 1; }
echo "chromium: $(chromium --version 2>/dev/null | head -n 1)"
