"""Score the announcement parser on a set of gold files and print per-file and micro F1.

Run from the repository root (no Django needed)::

    python3 -m uv run python tests/announcements/score_set.py devset     # the dev set
    python3 -m uv run python tests/announcements/score_set.py fixtures   # the fixtures
    python3 -m uv run python tests/announcements/score_set.py devset -v  # with the misses

Micro F1 counts every fact of every file together (the private set is scored that way);
macro F1 is the mean of the per-file scores.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent.parent))

from scoring import Score, score_extraction  # noqa: E402

from tinget.announcements.parser import parse_announcement  # noqa: E402


def gold_names(folder: Path) -> list[str]:
    return sorted(p.name.removesuffix(".gold.json") for p in folder.glob("*.gold.json"))


def source(folder: Path, name: str) -> bytes:
    found = [p for p in folder.glob(f"{name}.*") if not p.name.endswith(".gold.json")]
    assert len(found) == 1, found
    return found[0].read_bytes()


def score_folder(folder: Path) -> tuple[dict[str, Score], Score]:
    """Per-file scores and their sum (micro)."""
    scores = {}
    total = Score()
    for name in gold_names(folder):
        gold = json.loads((folder / f"{name}.gold.json").read_text(encoding="utf-8"))
        s = score_extraction(gold, parse_announcement(source(folder, name)).to_dict())
        scores[name] = s
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
    return scores, total


def main(argv: list[str]) -> int:
    which = argv[1] if len(argv) > 1 else "devset"
    verbose = "-v" in argv
    scores, total = score_folder(HERE / which)
    for name, s in scores.items():
        print(f"{name:40s} F1={s.f1:.3f} P={s.precision:.3f} R={s.recall:.3f} facts={s.tp + s.fn}")
        if verbose:
            for miss in s.misses:
                print(f"    {miss}")
    macro = sum(s.f1 for s in scores.values()) / max(len(scores), 1)
    print(
        f"{which}: {len(scores)} files, micro F1={total.f1:.3f} "
        f"(P={total.precision:.3f} R={total.recall:.3f}), macro F1={macro:.3f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
