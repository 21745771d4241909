"""The public series page under a real WSGI server: requests/s and latency at 32 connections.

A throwaway data directory (SQLite, static files) is migrated and filled with the demo series
(`tinget load_demo`: three sessions with items and speakers). granian serves
`tinget.wsgi:application` on 127.0.0.1 with DEBUG off and whitenoise serving the collected
static files, exactly as `make demo` runs it. The load comes from `wrk` when installed, else
from an asyncio/httpx client in this process.

Three runs by default: with the cache as configured (the series programme is rendered once
per language and content version, see programme/views.py); with a dummy cache (every request
renders everything), to show what the cache buys; and with the cache but the sign-up box left
out (bench/pages_settings.py), to show what the sign-up form costs on each request.

    uv run python bench/bench_pages.py [--seconds 10] [--connections 32] [--workers 1]
                                       [--only cached|uncached|nosignup]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _granian import free_port, start_server, stop_server, wait_until_serving

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk")


def prepare(data_dir: str) -> str:
    """Migrate, collect static files and load the demo; return the series page path."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinget.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from tinget.programme.models import Series

    quiet = io.StringIO()
    with redirect_stdout(quiet):  # load_demo prints the demo's generated passwords
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo")
    series = Series.objects.filter(status=Series.Status.PUBLISHED).first()
    if series is None:
        raise SystemExit("load_demo made no published series")
    sessions = series.sessions.count()
    items = sum(s.items.count() for s in series.sessions.all())
    print(f"data: {data_dir} ({sessions} sessions, {items} programme items)")
    return series.get_absolute_url()


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    threads = min(2, connections)
    output = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
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


def run_httpx(url: str, seconds: int, connections: int) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0

    async def worker(client: httpx.AsyncClient, stop_at: float) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                errors += 1

    async def main() -> float:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=30) as client:
            started = time.perf_counter()
            stop_at = started + seconds
            await asyncio.gather(*(worker(client, stop_at) for _ in range(connections)))
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


def measure(label, env, path, args) -> dict:
    port = free_port()
    env = {**env, "TINGET_BASE_URL": f"http://127.0.0.1:{port}"}
    url = f"http://127.0.0.1:{port}{path}"
    server = start_server(env, port, args.workers, args.threads)
    try:
        html = wait_until_serving(url, server)
        if "HEMMELIG" in html or "meetup-join" in html:
            raise SystemExit("the series page shows a join link")
        # Warm up: the first requests open connections, fill caches, import templates.
        (run_wrk if WRK else run_httpx)(url, 2, args.connections)
        result = (run_wrk if WRK else run_httpx)(url, args.seconds, args.connections)
    finally:
        stop_server(server)
    summary = (
        f"{label}: {result['rps']:.0f} req/s, p50 {result['p50']:.1f} ms, "
        f"p99 {result['p99']:.1f} ms ({args.connections} connections, {args.seconds} s, "
        f"granian {args.workers} worker{'s' if args.workers > 1 else ''} x "
        f"{args.threads} threads, SQLite, {result['tool']}, {os.cpu_count()} CPUs)"
    )
    if result["errors"] or result["socket_errors"]:
        summary += f" errors: {result['errors']} {result['socket_errors']}".rstrip()
    print(summary, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=4, help="granian blocking threads")
    parser.add_argument("--only", choices=["cached", "uncached", "nosignup"])
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tinget-bench-pages-")
    base_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DEBUG"}
    }
    base_env.update(
        TINGET_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="tinget.settings",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    os.environ.update(base_env)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CACHE_URL", None)
    try:
        path = prepare(data_dir)
        if args.only in (None, "cached"):
            measure("series page", base_env, path, args)
        if args.only in (None, "uncached"):
            measure(
                "series page without cache",
                {**base_env, "CACHE_URL": "dummy://"},
                path,
                args,
            )
        if args.only in (None, "nosignup"):
            measure(
                "series page without the sign-up box",
                {**base_env, "DJANGO_SETTINGS_MODULE": "bench.pages_settings"},
                path,
                args,
            )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
