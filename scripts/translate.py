"""Fill Danish translations into tinget/locale/da/LC_MESSAGES/django.po from a JSON file.

Usage: uv run python scripts/translate.py translations.json
The JSON maps an English msgid to its Danish text (a list of two strings for plurals). Only
empty or fuzzy entries are filled, so translations already reviewed are never overwritten.
"""

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = (
    Path(__file__).resolve().parent.parent
    / "tinget"
    / "locale"
    / "da"
    / "LC_MESSAGES"
    / "django.po"
)


def main(path: str) -> None:
    wanted = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="da")
    filled = 0
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if key in wanted:
            current = message.string
            empty = not current or (isinstance(current, tuple) and not all(current))
            if empty or message.fuzzy:
                value = wanted[key]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
                filled += 1
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=79, include_previous=False)
    print(f"filled {filled} of {len(wanted)}")


if __name__ == "__main__":
    main(sys.argv[1])
