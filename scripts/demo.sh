#!/usr/bin/env bash
# Runs the demo: migrate, load the seed's series, then the web server, the task worker, the
# minute-by-minute scheduler and a local mail catcher, until Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."

host="${DEMO_HOST:-127.0.0.1}"
port="${DEMO_PORT:-8000}"
export TINGET_BASE_URL="${TINGET_BASE_URL:-http://$host:$port}"
export EMAIL_HOST="${EMAIL_HOST:-127.0.0.1}"
export EMAIL_PORT="${EMAIL_PORT:-1025}"
export TINGET_DATA_DIR="${TINGET_DATA_DIR:-$PWD/data}"
# The demo's accounts log in with the printed password alone: two-factor authentication is
# offered (Logget ind som … → To-faktor-godkendelse), not required as it is in production.
export TINGET_MFA_REQUIRED_FOR_STAFF="${TINGET_MFA_REQUIRED_FOR_STAFF:-0}"
run="python3 -m uv run --frozen"

$run tinget collectstatic --noinput -v 0
$run tinget migrate --noinput -v 0
$run tinget load_demo

pids=()
stop() {
  trap - INT TERM EXIT
  echo
  echo "Stopping the demo ..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
  exit 0
}
trap stop INT TERM EXIT

$run tinget mailcatcher --port "$EMAIL_PORT" & pids+=($!)
$run tinget db_worker & pids+=($!)
$run tinget tick --loop & pids+=($!)
$run granian --interface wsgi --host "$host" --port "$port" --workers 1 --blocking-threads 4 \
  --log-level warning tinget.wsgi:application & pids+=($!)

sleep 2
cat <<MSG

Tinget demo is running:
  Public site:          $TINGET_BASE_URL/
  The seed's series:    $TINGET_BASE_URL/serier/kommunerne-som-accelerator/
  Organiser start page: $TINGET_BASE_URL/arrangoer/ (log in at $TINGET_BASE_URL/arrangoer/konto/login/)
  Two-factor authentication is offered, not required, in the demo.
  Django admin:         $TINGET_BASE_URL/admin/ (site operators: the administrator account only)
  Emails sent by the demo are saved in $TINGET_DATA_DIR/mail/ and listed in the admin's outbox.
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
