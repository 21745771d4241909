"""What the HTTP benchmarks share: a free port, granian serving Tinget, and its shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def start_server(
    env: dict,
    port: int,
    workers: int,
    threads: int,
    *,
    app: str = "tinget.wsgi:application",
    runtime_mode: str | None = None,
) -> subprocess.Popen:
    """granian serving tinget.wsgi on 127.0.0.1:port, as `make demo` and production run it."""
    command = [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--log-level",
        "warning",
        "--no-access-log",
        *(["--runtime-mode", runtime_mode] if runtime_mode else []),
        app,
    ]
    # Its own process group, so its workers go down with it.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
    except ProcessLookupError:
        pass


def wait_until_serving(url: str, server: subprocess.Popen, timeout: float = 30) -> str:
    """Wait for a 200 from url; return its body. Exits if granian dies or never answers."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"granian exited with {server.returncode}")
        try:
            response = httpx.get(url, timeout=5)
            if response.status_code == 200:
                return response.text
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each granian worker (the server's child processes), in MB."""
    sizes = []
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return sizes
    for pid in children:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes
