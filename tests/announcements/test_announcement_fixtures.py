"""Parser quality against the hand-written gold fixtures (F1 over facts)."""

from __future__ import annotations

import pytest
from conftest import fixture_gold, fixture_names, fixture_source
from scoring import score_extraction

from tinget.announcements.parser import parse_announcement

OWN = [n for n in fixture_names() if n != "seed_kommunerne"]


def test_fixture_set_is_large_and_bilingual():
    assert len(OWN) >= 15
    langs = {fixture_gold(n)["language"] for n in OWN}
    assert langs == {"da", "en"}


def test_seed_f1_at_least_095():
    gold = fixture_gold("seed_kommunerne")
    s = score_extraction(gold, parse_announcement(fixture_source("seed_kommunerne")).to_dict())
    print(f"\nseed_kommunerne F1={s.f1:.3f} P={s.precision:.3f} R={s.recall:.3f}")
    assert s.f1 >= 0.95, s.misses


@pytest.mark.parametrize("name", OWN)
def test_fixture_f1_at_least_090(name):
    gold = fixture_gold(name)
    s = score_extraction(gold, parse_announcement(fixture_source(name)).to_dict())
    print(f"\n{name:28s} F1={s.f1:.3f} P={s.precision:.3f} R={s.recall:.3f} facts={s.tp + s.fn}")
    assert s.f1 >= 0.9, s.misses


def test_fixture_macro_f1_at_least_095():
    scores = {}
    for name in OWN:
        gold = fixture_gold(name)
        scores[name] = score_extraction(gold, parse_announcement(fixture_source(name)).to_dict()).f1
    macro = sum(scores.values()) / len(scores)
    print("\nfixture                       F1")
    for name, f1 in sorted(scores.items()):
        print(f"{name:28s} {f1:.3f}")
    print(f"{'macro (' + str(len(scores)) + ' fixtures)':28s} {macro:.3f}")
    assert macro >= 0.95
