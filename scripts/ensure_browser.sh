#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright; nothing downloads a browser.
set -euo pipefail
bash "$(dirname "$0")/ensure_debian.sh" chromium chromium \
  "the browser tests of make test (or run 'make test-fast' without them)"
