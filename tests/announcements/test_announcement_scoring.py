"""The fact-level scorer itself."""

from __future__ import annotations

import copy

from conftest import fixture_gold
from scoring import normalise, score_extraction, texts_match


def test_normalise_drops_quotes_case_and_trailing_punctuation():
    assert normalise("  “Verdensmålene skal ledes”. ") == "verdensmålene skal ledes"
    assert normalise("A – B") == normalise("a - b")


def test_texts_match_tolerates_small_differences_only():
    assert texts_match("analyst", "analysts")
    assert not texts_match("Aalborg Universitet", "Aarhus Universitet i Aarhus")


def test_score_perfect_when_prediction_equals_gold():
    gold = fixture_gold("seed_kommunerne")
    s = score_extraction(gold, copy.deepcopy(gold))
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert s.tp > 40 and s.fp == 0 and s.fn == 0


def test_score_counts_wrong_value_as_false_positive_and_negative():
    gold = fixture_gold("seed_kommunerne")
    pred = copy.deepcopy(gold)
    pred["sessions"][1]["start"] = "10:00"
    s = score_extraction(gold, pred)
    assert s.fp == 1 and s.fn == 1
    assert any("start" in m and "10:00" in m for m in s.misses)


def test_score_missing_session_lowers_recall_not_precision():
    gold = fixture_gold("seed_kommunerne")
    pred = copy.deepcopy(gold)
    del pred["sessions"][2]
    s = score_extraction(gold, pred)
    assert s.precision == 1.0
    assert s.recall < 0.8


def test_score_aligns_sessions_by_date_not_position():
    gold = fixture_gold("seed_kommunerne")
    pred = copy.deepcopy(gold)
    pred["sessions"].reverse()
    assert score_extraction(gold, pred).f1 == 1.0


def test_score_null_on_both_sides_is_no_fact():
    gold = {"series_title": None, "sessions": [], "registration": {}}
    s = score_extraction(gold, {"series_title": None})
    assert (s.tp, s.fp, s.fn) == (0, 0, 0)
