"""An import inside a function says why (ruff's PLC0415 finds them; this checks the reason)."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "tinget"
NOQA = re.compile(r"#\s*noqa:[^#]*\bPLC0415\b(?P<rest>.*)$")


def test_every_inline_import_gives_its_reason():
    silent = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = NOQA.search(line)
            if match and len(match["rest"].strip(" —-:,")) < 10:
                silent.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert silent == []
