"""Cheap substring gates in front of slow word-alternation regexes.

Python's ``re`` tries a long alternation of words at every position of a line. Most lines
contain none of the words, so a plain lower-case ``in`` test first (C speed) skips the
regex for them. The gate keys must be lower-case substrings that every match contains.

With ``fold=True`` the pattern runs case-sensitively on the lower-cased text (same length,
so positions still fit the original): literal alternations are much faster without
IGNORECASE. Only for patterns whose callers use positions, not matched text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_last: list[str] = ["", ""]  # (text, text.lower()) of the last line seen: gates run in a row


def _lower(text: str) -> str:
    if _last[0] is not text:
        _last[0], _last[1] = text, text.lower()
    return _last[1]


class Gated:
    __slots__ = ("fold", "keys", "pattern")

    def __init__(self, pattern: re.Pattern, keys: tuple[str, ...], fold: bool = False):
        self.keys = keys
        self.fold = fold
        self.pattern = (
            re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE) if fold else pattern
        )

    def _subject(self, text: str) -> str | None:
        low = _lower(text)
        for k in self.keys:
            if k in low:
                if self.fold and len(low) == len(text):
                    return low
                return text if not self.fold else None
        return None

    def _run(self, text: str) -> str | None:
        subject = self._subject(text)
        if subject is None and self.fold:
            # folding changed the length (rare characters): fall back to the slow path
            low = _lower(text)
            if len(low) != len(text) and any(k in low for k in self.keys):
                return text
        return subject

    def search(self, text: str, *args) -> re.Match | None:
        s = self._run(text)
        if s is None:
            return None
        return (self._slow() if s is text and self.fold else self.pattern).search(s, *args)

    def match(self, text: str, *args) -> re.Match | None:
        s = self._run(text)
        if s is None:
            return None
        return (self._slow() if s is text and self.fold else self.pattern).match(s, *args)

    def finditer(self, text: str, *args) -> Iterator[re.Match]:
        s = self._run(text)
        if s is None:
            return iter(())
        return (self._slow() if s is text and self.fold else self.pattern).finditer(s, *args)

    def findall(self, text: str, *args) -> list:
        s = self._run(text)
        if s is None:
            return []
        return (self._slow() if s is text and self.fold else self.pattern).findall(s, *args)

    def sub(self, repl, text: str, *args, **kwargs) -> str:
        if self.fold:
            raise TypeError("sub() on a folded gate would lower-case the text")
        s = self._run(text)
        return text if s is None else self.pattern.sub(repl, s, *args, **kwargs)

    def _slow(self) -> re.Pattern:
        return re.compile(self.pattern.pattern, self.pattern.flags | re.IGNORECASE)
