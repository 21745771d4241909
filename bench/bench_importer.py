"""Benchmark the announcement parser: median and p99 parse time per announcement.

Run: uv run python bench/bench_importer.py [N]   (no Django needed; `make bench` runs it)

Measures, each with cold per-line caches (every run parses as if the text were new):

* the seed announcement (budget: median under 10 ms);
* every test fixture and every dev-set announcement;
* a 200 KB text (the seed repeated; the parser reads at most 200 KB; budget: under 2 s).

Prints a table, then one machine-readable ``BENCH name=value unit`` line per figure.
Wall-clock times on a busy machine include waiting for a CPU; the "cpu" column is process
CPU time, which is steadier.
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

SETS = {
    "fixtures": ROOT / "tests" / "announcements" / "fixtures",
    "devset": ROOT / "tests" / "announcements" / "devset",
}
BUDGETS_MS = {"seed": 10.0, "200kb": 2000.0}


def _sources(folder: Path) -> dict[str, bytes]:
    out = {}
    for gold in sorted(folder.glob("*.gold.json")):
        name = gold.name.removesuffix(".gold.json")
        src = [p for p in folder.glob(f"{name}.*") if not p.name.endswith(".gold.json")]
        out[name] = src[0].read_bytes()
    return out


def _time(data: bytes | str, n: int) -> tuple[list[float], list[float]]:
    """(wall ms, cpu ms) of n cold parses."""
    parse_announcement(data)  # load the data files (names, SDGs, municipalities) once
    wall, cpu = [], []
    for _ in range(n):
        clear_caches()
        w0, c0 = time.perf_counter(), time.process_time()
        parse_announcement(data)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return wall, cpu


def _p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    fixtures = _sources(SETS["fixtures"])
    seed = fixtures.pop("seed_kommunerne")
    rows: list[tuple[str, int, list[float], list[float]]] = []
    rows.append(("seed", 1, *_time(seed, n)))
    for label, sources in (("fixtures", fixtures), ("devset", _sources(SETS["devset"]))):
        wall: list[float] = []
        cpu: list[float] = []
        for data in sources.values():
            w, c = _time(data, max(n // 20, 5))
            wall += w
            cpu += c
        rows.append((label, len(sources), wall, cpu))
    text = seed.decode("utf-8")
    big = (text + "\n") * (200_000 // len(text) + 1)
    rows.append(("200kb", 1, *_time(big[:200_000], max(n // 40, 3))))

    print(f"{'set':10s} {'texts':>5s} {'median ms':>10s} {'p99 ms':>9s} {'cpu median':>11s} budget")
    for label, count, wall, cpu in rows:
        budget = BUDGETS_MS.get(label)
        verdict = ""
        if budget is not None:
            verdict = f"< {budget:g} ms " + ("ok" if statistics.median(cpu) < budget else "OVER")
        print(
            f"{label:10s} {count:5d} {statistics.median(wall):10.1f} {_p99(wall):9.1f} "
            f"{statistics.median(cpu):11.1f} {verdict}"
        )
    for label, _count, wall, cpu in rows:
        print(f"BENCH importer_{label}_median_ms={statistics.median(wall):.2f} ms")
        print(f"BENCH importer_{label}_p99_ms={_p99(wall):.2f} ms")
        print(f"BENCH importer_{label}_cpu_median_ms={statistics.median(cpu):.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
