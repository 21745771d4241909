"""The parser's word lists (roles, organisation words, month names, labels), read from
``data/words.toml`` so that they can be extended without touching the rules."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

WORDS = Path(__file__).with_name("data") / "words.toml"


@cache
def words() -> dict:
    with WORDS.open("rb") as fh:
        return tomllib.load(fh)


def word_list(table: str, key: str) -> list:
    """One list of ``words.toml``, in its order."""
    return list(words()[table][key])
