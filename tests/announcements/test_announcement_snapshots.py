"""Snapshot test: ``to_dict()`` is byte-identical to the stored snapshot on every fixture.

The parser is being restructured into stages; a change meant to be mechanical must leave
every fixture's output as it was.  A change meant to alter results updates the snapshots
on purpose and shows the difference in the commit::

    TINGET_UPDATE_SNAPSHOTS=1 python3 -m uv run pytest \
        tests/announcements/test_announcement_snapshots.py

A snapshot is the JSON of ``to_dict()`` (UTF-8, keys in the parser's order, indent 1).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import fixture_names, fixture_source

from tinget.announcements.parser import parse_announcement

SNAPSHOTS = Path(__file__).with_name("snapshots")
UPDATE = os.environ.get("TINGET_UPDATE_SNAPSHOTS") == "1"


def snapshot_text(name: str) -> str:
    data = parse_announcement(fixture_source(name)).to_dict()
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def test_every_fixture_has_a_snapshot_and_no_snapshot_is_orphaned():
    names = set(fixture_names())
    stored = {p.name.removesuffix(".json") for p in SNAPSHOTS.glob("*.json")}
    if UPDATE:
        for orphan in stored - names:
            (SNAPSHOTS / f"{orphan}.json").unlink()
        return
    assert stored == names


@pytest.mark.parametrize("name", fixture_names())
def test_to_dict_matches_snapshot(name):
    path = SNAPSHOTS / f"{name}.json"
    text = snapshot_text(name)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot for {name}: run with TINGET_UPDATE_SNAPSHOTS=1"
    stored = path.read_text(encoding="utf-8")
    assert text.encode("utf-8") == stored.encode("utf-8"), f"{name}: output changed"
