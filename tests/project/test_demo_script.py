"""`make demo` as a developer meets it: it serves the series, refuses a taken port in one
line, and Ctrl-C in the terminal ends it with "Stopped." and status 0 within 3 seconds.

The demo runs for real (scripts/demo.sh through `make demo`, on free ports, with its own
data directory) under a pseudo-terminal, so Ctrl-C is the terminal's: SIGINT to the
foreground process group, `make` included.
"""

import os
import pty
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 240


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_env(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TINGET_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    # As typed in a shell: not inside this test run's virtualenv (`uv run` puts its bin first,
    # and that python3 has no uv module for the Makefile's `python3 -m uv`).
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    env.pop("VIRTUAL_ENV", None)
    env.update(TINGET_DATA_DIR=str(tmp_path / "data"), **extra)
    return env


def test_a_taken_port_is_refused_in_one_line(tmp_path):
    for variable in ("DEMO_PORT", "EMAIL_PORT"):
        ports = {"DEMO_PORT": str(free_port()), "EMAIL_PORT": str(free_port())}
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            ports[variable] = str(taken.getsockname()[1])
            result = subprocess.run(
                ["bash", "scripts/demo.sh"],
                cwd=ROOT,
                env=demo_env(tmp_path, **ports),
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
        assert result.returncode == 1
        lines = (result.stdout + result.stderr).strip().splitlines()
        assert len(lines) == 1, lines
        assert ports[variable] in lines[0] and variable in lines[0]
        assert "already in use" in lines[0]
        # Nothing was started or written before the refusal.
        assert not (tmp_path / "data").exists()


def read_until(fd, needle: bytes, seconds: float, seen: bytearray) -> bool:
    deadline = time.monotonic() + seconds
    while needle not in seen:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return needle in seen
            if not chunk:
                return needle in seen
            seen.extend(chunk)
    return True


def test_make_demo_serves_the_series_and_ctrl_c_stops_it(tmp_path):
    port, mail_port = free_port(), free_port()
    env = demo_env(tmp_path, DEMO_PORT=str(port), EMAIL_PORT=str(mail_port))
    pid, fd = pty.fork()
    if pid == 0:  # the child: make in the terminal's foreground, as typed by hand
        os.chdir(ROOT)
        os.execvpe("make", ["make", "--no-print-directory", "demo"], env)  # noqa: S606 — as typed
    seen = bytearray()
    try:
        assert read_until(fd, b"Press Ctrl-C to stop.", STARTUP_SECONDS, seen), seen.decode()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/serier/kommunerne-som-accelerator/", timeout=30
        ) as answer:
            page = answer.read().decode()
        assert "Kommunerne som accelerator af den bæredygtige transformation" in page
        assert "Organiser: username organisator, password " in seen.decode()

        started = time.monotonic()
        os.write(fd, b"\x03")  # Ctrl-C
        assert read_until(fd, b"Stopped.", 3, seen), seen.decode()
        _pid, status = os.waitpid(pid, 0)
        elapsed = time.monotonic() - started
        pid = 0
    finally:
        if pid:
            os.killpg(os.getpgid(pid), signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0, seen.decode()
    assert elapsed < 3
    output = seen.decode()
    assert "Interrupt" not in output and "Error" not in output
    # Every child is gone: nothing listens on either port any more.
    for number in (port, mail_port):
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", number))
    # All of it in English: no Danish words from the commands' own output.
    report = output.split("Press Ctrl-C to stop.")[0]
    for danish in ("Indlæste", "adgangskode", "Offentlig side", "Planlagt"):
        assert danish not in report
