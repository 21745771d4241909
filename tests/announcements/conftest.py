"""Shared helpers for the announcement-parser tests (no Django needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")


def fixture_names() -> list[str]:
    return sorted(p.name.removesuffix(".gold.json") for p in FIXTURES.glob("*.gold.json"))


def fixture_source(name: str) -> bytes:
    src = [p for p in FIXTURES.glob(f"{name}.*") if not p.name.endswith(".gold.json")]
    assert len(src) == 1, src
    return src[0].read_bytes()


def fixture_gold(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_result():
    from tinget.announcements.parser import parse_announcement

    return parse_announcement(fixture_source("seed_kommunerne"))


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Same as the project-wide fixture of this name (tests/conftest.py), but only when
    Django is configured: the parser tests here also run with ``-p no:django``."""
    try:
        from django.conf import settings

        configured = settings.configured
    except ImportError:
        configured = False
    if not configured:
        yield
        return
    from django.utils import translation

    translation.activate("da")
    yield
    translation.deactivate()
