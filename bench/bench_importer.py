"""Benchmark the announcement parser: median and p99 ms per announcement.

Run: uv run python bench/bench_importer.py [N]   (no Django needed)

Wall-clock times: on a busy machine they include time waiting for a CPU; the line with
"cpu" gives process CPU time for the seed, which is steadier.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tinget.announcements.parser import parse_announcement  # noqa: E402
from tinget.announcements.parser.core import clear_caches  # noqa: E402

FIXTURES = ROOT / "tests" / "announcements" / "fixtures"


def _sources() -> dict[str, bytes]:
    out = {}
    for gold in sorted(FIXTURES.glob("*.gold.json")):
        name = gold.name.removesuffix(".gold.json")
        src = [p for p in FIXTURES.glob(f"{name}.*") if not p.name.endswith(".gold.json")]
        out[name] = src[0].read_bytes()
    return out


def _time(data: bytes, n: int) -> list[float]:
    parse_announcement(data)  # load the data files (names, SDGs, municipalities) once
    times = []
    for _ in range(n):
        clear_caches()  # cold per-line caches: each run parses as if the text were new
        t0 = time.perf_counter()
        parse_announcement(data)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def _p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    sources = _sources()
    seed = _time(sources.pop("seed_kommunerne"), n)
    rest: list[float] = []
    for data in sources.values():
        rest.extend(_time(data, max(n // 4, 10)))
    cpu0 = time.process_time()
    seed_data = _sources()["seed_kommunerne"]
    for _ in range(n):
        clear_caches()
        parse_announcement(seed_data)
    cpu = (time.process_time() - cpu0) * 1000 / n
    print(
        f"importer: seed median {statistics.median(seed):.1f} ms p99 {_p99(seed):.1f} ms; "
        f"fixtures ({len(sources)}) median {statistics.median(rest):.1f} ms "
        f"p99 {_p99(rest):.1f} ms; seed cpu {cpu:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
