"""The public series page under a real WSGI server, next to its floor, in one run.

A throwaway data directory (SQLite, static files) is migrated and filled with the demo series
(`tinget load_demo`). granian serves `tinget.wsgi:application` on 127.0.0.1 with DEBUG off,
2 workers, 1 blocking thread each and the single-threaded runtime (`--blocking-threads 1
--runtime-mode st`), and `wrk -t2 -c32` loads the series page.

The floor is a minimal Django app (bench/floor_app.py: no middleware, no database) returning
the very bytes of that series page, under the same granian settings. Floor and Tinget run
alternately, twice each; the figure is Tinget's best against the floor's best. A last run
with the whole-page cache off shows what it buys. After the runs, the resident memory of each
Tinget worker (it has served thousands of requests by then).

    uv run python bench/bench_pages.py [--seconds 8] [--connections 32] [--workers 2]

Prints a table and `BENCH <name> <value> <unit>` lines.
"""

from __future__ import annotations

import argparse
import io
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


def measure(label, env, path, args, *, app="tinget.wsgi:application") -> dict:
    port = free_port()
    env = {**env, "TINGET_BASE_URL": f"http://127.0.0.1:{port}"}
    url = f"http://127.0.0.1:{port}{path}"
    server = start_server(env, port, args.workers, args.threads, app=app, runtime_mode="st")
    try:
        html = wait_until_serving(url, server)
        if "HEMMELIG" in html or "meetup-join" in html:
            raise SystemExit("the series page shows a join link")
        # Warm up: the first requests open connections, fill caches, import templates.
        (run_wrk if WRK else run_httpx)(url, 2, args.connections)
        result = (run_wrk if WRK else run_httpx)(url, args.seconds, args.connections)
        result["rss"] = worker_rss_mb(server)
        result["bytes"] = len(html.encode())
    finally:
        stop_server(server)
    result["label"] = label
    print(
        f"{label:<34} {result['rps']:>8.0f} req/s  p50 {result['p50']:>6.1f} ms  "
        f"p99 {result['p99']:>6.1f} ms  {result['requests']:>7} requests  "
        f"errors {result['errors']} {result['socket_errors']}".rstrip(),
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="granian blocking threads")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="tinget-bench-pages-")
    base_env = sqlite_demo_env(data_dir)
    try:
        path = prepare(data_dir)
        body_file = Path(data_dir) / "floor-body.html"
        floor_env = {**base_env, "FLOOR_BODY_FILE": str(body_file)}
        floor_env.pop("DJANGO_SETTINGS_MODULE")
        print(
            f"granian {args.workers} workers x {args.threads} blocking thread, runtime st; "
            f"{'wrk -t2' if WRK else 'httpx'} -c{args.connections}, {args.seconds} s per run, "
            f"{os.cpu_count()} CPUs, SQLite"
        )
        # The floor returns the page Tinget serves, byte for byte.
        port = free_port()
        server = start_server(
            {**base_env, "TINGET_BASE_URL": f"http://127.0.0.1:{port}"}, port, 1, 1
        )
        try:
            body_file.write_text(wait_until_serving(f"http://127.0.0.1:{port}{path}", server))
        finally:
            stop_server(server)
        runs = []
        for round_ in (1, 2):
            runs.append(
                measure(
                    f"floor (pre-rendered bytes) #{round_}",
                    floor_env,
                    path,
                    args,
                    app="bench.floor_app:application",
                )
            )
            runs.append(measure(f"Tinget series page #{round_}", base_env, path, args))
        uncached = measure(
            "Tinget series page, no page cache",
            {**base_env, "TINGET_PAGE_CACHE": "false"},
            path,
            args,
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    floor = max(r["rps"] for r in runs if r["label"].startswith("floor"))
    tinget = max((r for r in runs if r["label"].startswith("Tinget")), key=lambda r: r["rps"])
    rss = max((mb for r in runs if r["label"].startswith("Tinget") for mb in r["rss"]), default=0)
    errors = sum(r["errors"] for r in runs) + uncached["errors"]
    print(f"page size {tinget['bytes']} bytes; Tinget at {tinget['rps'] / floor:.1%} of the floor")
    print(f"BENCH series_page_rps {tinget['rps']:.0f} req/s")
    print(f"BENCH series_page_p99 {tinget['p99']:.1f} ms")
    print(f"BENCH series_page_floor_rps {floor:.0f} req/s")
    print(f"BENCH series_page_floor_ratio {tinget['rps'] / floor:.2f} ratio")
    print(f"BENCH series_page_uncached_rps {uncached['rps']:.0f} req/s")
    print(f"BENCH app_worker_rss {rss:.0f} MB")
    print(f"BENCH series_page_errors {errors} count")


if __name__ == "__main__":
    main()
