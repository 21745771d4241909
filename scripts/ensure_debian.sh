#!/usr/bin/env bash
# ensure_debian.sh COMMAND PACKAGE PURPOSE: make sure a Debian package's command is here.
# Installs the package with apt-get when the command is missing and we may (root, or sudo
# without a password); otherwise says so in one line and fails, so the make target stops early.
set -euo pipefail
command=$1 package=$2 purpose=$3

if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/bin/$command" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$purpose needs Debian's $package, and this machine has no apt-get: install $package." >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "$purpose needs Debian's $package: run 'sudo apt-get install $package' once." >&2
  exit 1
fi
echo "Installing Debian's $package for $purpose (apt-get, once) ..."
export DEBIAN_FRONTEND=noninteractive
log=/tmp/tinget-apt-$package.log
if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends "$package" >"$log" 2>&1; then
  "${as_root[@]}" apt-get update -q >>"$log" 2>&1 || true
  if ! "${as_root[@]}" apt-get install -y -q --no-install-recommends "$package" >>"$log" 2>&1; then
    echo "Could not install $package with apt-get (log: $log); $purpose needs it." >&2
    exit 1
  fi
fi
command -v "$command" >/dev/null 2>&1 || { echo "apt-get ran but $command is still missing (log: $log)." >&2; exit 1; }
