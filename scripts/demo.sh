#!/usr/bin/env bash
# Runs the demo: migrate, load the seed's series, then the web server, the task worker, the
# minute-by-minute scheduler and a local mail catcher, until Ctrl-C stops them all.
# Everything it prints is English (a developer tool); the site itself is Danish first.
set -euo pipefail
cd "$(dirname "$0")/.."

host="${DEMO_HOST:-127.0.0.1}"
port="${DEMO_PORT:-8000}"
mail_port="${EMAIL_PORT:-1025}"

# Ctrl-C in a terminal goes to the whole foreground process group, `make` included, which
# would then die of the signal (exit 130, "*** Interrupt"). Run the demo as a job of its own
# (job control gives it the terminal), so Ctrl-C reaches only the demo, which stops
# everything and ends with status 0; make then ends with it.
if [ -t 0 ] && [ -z "${TINGET_DEMO_JOB:-}" ]; then
  set -m
  status=0
  TINGET_DEMO_JOB=1 bash "$0" "$@" || status=$?
  exit "$status"
fi

# A port that is taken stops the demo before anything starts, in one line.
port_free() {
  python3 - "$1" "$2" <<'PY'
import socket, sys
with socket.socket() as s:
    # As the servers do: a port left in TIME_WAIT by a demo just stopped is free.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind((sys.argv[1], int(sys.argv[2])))
    except OSError:
        sys.exit(1)
PY
}
if ! port_free "$host" "$port"; then
  echo "Port $port (DEMO_PORT) is already in use on $host: stop what uses it or run make demo DEMO_PORT=$((port + 1))" >&2
  exit 1
fi
if ! port_free 127.0.0.1 "$mail_port"; then
  echo "Port $mail_port (EMAIL_PORT, the demo's mail catcher) is already in use: stop what uses it or run make demo EMAIL_PORT=$((mail_port + 1))" >&2
  exit 1
fi

export TINGET_BASE_URL="${TINGET_BASE_URL:-http://$host:$port}"
export EMAIL_HOST=127.0.0.1
export EMAIL_PORT="$mail_port"
export TINGET_DATA_DIR="${TINGET_DATA_DIR:-$PWD/data}"
# The demo's accounts log in with the printed password alone: two-factor authentication is
# offered (Logget ind som … → To-faktor-godkendelse), not required as it is in production.
export TINGET_MFA_REQUIRED_FOR_STAFF="${TINGET_MFA_REQUIRED_FOR_STAFF:-0}"
# The inbox page at /demo/indbakke/ shows what the mail catcher received (never in production).
export TINGET_DEMO_INBOX=1

run="python3 -m uv run --frozen"
$run tinget collectstatic --noinput -v 0
$run tinget migrate --noinput -v 0
$run tinget load_demo --language en
# The long-running processes start from the environment's own scripts (not through
# `uv run`), so that a signal reaches them and not a wrapper.
bin="$($run python -c 'import os, sys; print(os.path.dirname(sys.executable))')"

names=()
pids=()
start() { # name command...: each in a session of its own, so it is stopped with its children
  local name="$1"
  shift
  setsid "$@" &
  pids+=($!)
  names+=("$name")
}

stop() {
  local status="${1:-0}"
  trap - INT TERM HUP EXIT
  echo
  echo "Stopping the demo ..."
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  # Whatever has not ended after 1.8 seconds is ended by force, so Ctrl-C takes under 3.
  for _ in $(seq 18); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
  exit "$status"
}
trap stop INT TERM HUP
trap 'stop 1' EXIT

listening() { # host port: something answers there
  python3 -c "import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 0.2).close()" "$1" "$2" 2>/dev/null
}
wait_for() { # host port seconds
  for _ in $(seq $(($3 * 10))); do
    listening "$1" "$2" && return 0
    sleep 0.1
  done
  return 1
}

start "mail catcher" "$bin/tinget" mailcatcher --port "$mail_port"
# The worker sends the queued emails at once: the catcher must be listening first.
wait_for 127.0.0.1 "$mail_port" 60 || true
start "task worker" "$bin/tinget" db_worker
start "scheduler" "$bin/tinget" tick --loop
start "web server" "$bin/granian" --interface wsgi --host "$host" --port "$port" --workers 1 \
  --blocking-threads 4 --workers-kill-timeout 1 --log-level warning tinget.wsgi:application

# Ready when the web server answers (at most 60 seconds).
wait_for "$host" "$port" 60 || true

cat <<MSG

Tinget demo is running:
  Public site:          $TINGET_BASE_URL/
  The seed's series:    $TINGET_BASE_URL/serier/kommunerne-som-accelerator/
  Organiser start page: $TINGET_BASE_URL/arrangoer/ (log in at $TINGET_BASE_URL/arrangoer/konto/login/)
  Two-factor authentication is offered, not required, in the demo. Passkeys need
  http://localhost:$port/ (browsers refuse them on an IP address such as 127.0.0.1).
  Django admin:         $TINGET_BASE_URL/admin/ (site operators: the administrator account only)
  Demo inbox:           $TINGET_BASE_URL/demo/indbakke/ (every email the demo sent, as received;
                        the files are in $TINGET_DATA_DIR/mail/)
  Lost the organiser's password? make demo-passwords prints new ones.
Press Ctrl-C to stop.
MSG

set +e
wait -n "${pids[@]}"
code=$?
for index in "${!pids[@]}"; do
  if ! kill -0 "${pids[$index]}" 2>/dev/null; then
    echo "The ${names[$index]} stopped unexpectedly (exit status $code)." >&2
    break
  fi
done
stop 1
