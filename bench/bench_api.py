"""The public JSON API's session list under a real WSGI server: requests/s at 32 connections.

A throwaway data directory (SQLite, static files) is migrated and filled with the demo series
(`tinget load_demo`). granian serves `tinget.wsgi:application` on 127.0.0.1 with DEBUG off,
2 workers, 1 blocking thread each and the single-threaded runtime, as bench_pages.py does, and
`wrk -t2 -c32` (or, without wrk, an async httpx client) loads
`/api/v1/sessions?limit=50` twice: plain (200, every session with its programme and speakers)
and as a partner's poller does, with the ETag of the previous answer (304, no body); then
once more with the answer cache off (TINGET_PAGE_CACHE=false: every request queries).

    uv run python bench/bench_api.py [--seconds 8] [--connections 32] [--workers 2]

Prints a table and `BENCH <name> <value> <unit>` lines.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _granian import (
    WRK,
    free_port,
    run_httpx,
    run_wrk,
    sqlite_demo_env,
    start_server,
    stop_server,
    wait_until_serving,
    worker_rss_mb,
)

ROOT = Path(__file__).resolve().parent.parent
PATH = "/api/v1/sessions?limit=50"


def prepare() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinget.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    quiet = io.StringIO()
    with redirect_stdout(quiet):  # load_demo prints the demo's generated passwords
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo")


def serve_and_load(env: dict, args, load, *, cached: bool) -> tuple[list[dict], list[float]]:
    """Start granian, load the list (plain, and with the ETag when cached), stop it."""
    import httpx

    port = free_port()
    env = {**env, "TINGET_BASE_URL": f"http://127.0.0.1:{port}"}
    url = f"http://127.0.0.1:{port}{PATH}"
    server = start_server(env, port, args.workers, args.threads, runtime_mode="st")
    rows = []
    try:
        body = wait_until_serving(url, server)
        if "meetup-join" in body or "join_url" in body:
            raise SystemExit("the API shows a join link")
        etag = httpx.get(url).headers["ETag"]
        if cached:
            print(
                f"granian {args.workers} workers x {args.threads} blocking thread, runtime st; "
                f"{'wrk -t2' if WRK else 'httpx'} -c{args.connections}, {args.seconds} s per "
                f"run, {os.cpu_count()} CPUs, SQLite; {len(json.loads(body)['results'])} "
                f"sessions, {len(body.encode())} bytes per answer"
            )
            runs = [
                ("GET sessions (200)", {}),
                ("GET sessions with ETag (304)", {"If-None-Match": etag}),
            ]
        else:
            runs = [("GET sessions, answer cache off", {})]
        for label, headers in runs:
            load(url, 2, args.connections, headers)  # warm up
            result = load(url, args.seconds, args.connections, headers)
            result["label"] = label
            rows.append(result)
            print(
                f"{label:<32} {result['rps']:>8.0f} req/s  p50 {result['p50']:>6.1f} ms  "
                f"p99 {result['p99']:>6.1f} ms  {result['requests']:>7} requests  "
                f"errors {result['errors']}",
                flush=True,
            )
        rss = worker_rss_mb(server)
    finally:
        stop_server(server)
    return rows, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="granian blocking threads")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tinget-bench-api-")
    env = sqlite_demo_env(data_dir)
    load = run_wrk if WRK else run_httpx
    try:
        prepare()
        rows, rss = serve_and_load(env, args, load, cached=True)
        uncached, _rss = serve_and_load(
            {**env, "TINGET_PAGE_CACHE": "false"}, args, load, cached=False
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    plain, conditional = rows
    (no_cache,) = uncached
    print(f"BENCH api_list_rps {plain['rps']:.0f} req/s")
    print(f"BENCH api_list_p99 {plain['p99']:.1f} ms")
    print(f"BENCH api_list_304_rps {conditional['rps']:.0f} req/s")
    print(f"BENCH api_list_uncached_rps {no_cache['rps']:.0f} req/s")
    print(f"BENCH api_worker_rss {max(rss, default=0):.0f} MB")
    errors = plain["errors"] + conditional["errors"] + no_cache["errors"]
    print(f"BENCH api_list_errors {errors} count")


if __name__ == "__main__":
    main()
