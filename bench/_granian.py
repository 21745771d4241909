"""What the HTTP benchmarks share: a free port, granian serving Tinget, and its shutdown."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk")


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


def run_wrk(url: str, seconds: int, connections: int, headers: dict | None = None) -> dict:
    """wrk with the given connections (2 threads at most) and its figures."""
    extra = [part for name, value in (headers or {}).items() for part in ("-H", f"{name}: {value}")]
    output = subprocess.run(
        [
            WRK,
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            *extra,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": millis("50"),
        "p99": millis("99"),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
        "tool": "wrk",
    }


def run_httpx(url: str, seconds: int, connections: int, headers: dict | None = None) -> dict:
    """The same load from an asyncio/httpx client in this process (when wrk is missing)."""
    import httpx

    latencies: list[float] = []
    errors = 0

    async def worker(client, stop_at: float) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            response = await client.get(url, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code >= 400:
                errors += 1

    async def main() -> float:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            started = time.perf_counter()
            await asyncio.gather(*(worker(client, started + seconds) for _ in range(connections)))
            return time.perf_counter() - started

    elapsed = asyncio.run(main())
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / elapsed,
        "p50": cuts[49],
        "p99": cuts[98],
        "requests": len(latencies),
        "errors": errors,
        "socket_errors": "",
        "tool": "httpx client",
    }


def sqlite_demo_env(data_dir: str) -> dict:
    """The environment of a served demo on SQLite in `data_dir` (DEBUG off, per-process cache),
    set in this process too (it migrates and loads the data) and returned for the server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DEBUG"}
    }
    env.update(
        TINGET_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="tinget.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    os.environ.update(env)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CACHE_URL", None)
    return env
