"""Cheap substring gates in front of slow word-alternation regexes.

Python's ``re`` tries a long alternation of words at every position of a line. Most lines
contain none of the words, so a plain lower-case ``in`` test first (C speed) skips the
regex for them. The gate keys must be lower-case substrings that every match contains.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class Gated:
    __slots__ = ("keys", "pattern")

    def __init__(self, pattern: re.Pattern, keys: tuple[str, ...]):
        self.pattern = pattern
        self.keys = keys

    def _open(self, text: str) -> bool:
        low = text.lower()
        return any(k in low for k in self.keys)

    def search(self, text: str, *args) -> re.Match | None:
        return self.pattern.search(text, *args) if self._open(text) else None

    def match(self, text: str, *args) -> re.Match | None:
        return self.pattern.match(text, *args) if self._open(text) else None

    def finditer(self, text: str, *args) -> Iterator[re.Match]:
        return self.pattern.finditer(text, *args) if self._open(text) else iter(())

    def findall(self, text: str, *args) -> list:
        return self.pattern.findall(text, *args) if self._open(text) else []

    def sub(self, repl, text: str, *args, **kwargs) -> str:
        return self.pattern.sub(repl, text, *args, **kwargs) if self._open(text) else text
