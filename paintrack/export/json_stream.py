"""An export's JSON read one row at a time (paintrack.export.importer).

The export is a document of tables of rows: `{"paintrack_export": 3, "courses": [{…}, …], …}`.
`top_level` walks it with the standard library's own decoder (`JSONDecoder.raw_decode`), one
row at a time, so a row that is not one (`{}`, `[]`, a number) can be refused and dropped as it
is read: a file of four million `{}` never becomes four million objects. Only the rows kept are
held. A row nested too deep for the decoder is a bad row, never an internal error.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from typing import Any

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


class JsonError(ValueError):
    """Not a JSON document of the export's shape: `line` and what was expected."""

    def __init__(self, line: int, msg: str | None, allowed: str = "valid JSON") -> None:
        super().__init__(msg or allowed)
        self.line, self.msg, self.allowed = line, msg, allowed


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _value(text: str, pos: int) -> tuple[Any, int]:
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as e:
        raise JsonError(e.lineno, e.msg) from None
    except RecursionError:  # [[[[… thousands deep: no export is nested more than 4 levels
        raise JsonError(_line(text, pos), None, "a paintrack export (rows of values)") from None


def _expect(text: str, pos: int, chars: str) -> tuple[str, int]:
    pos = _skip(text, pos)
    if pos >= len(text) or text[pos] not in chars:
        what = " or ".join(f"'{c}'" for c in chars)
        raise JsonError(_line(text, pos), f"Expecting {what}")
    return text[pos], pos + 1


def top_level(text: str) -> Iterator[tuple[str, int | None, Any]]:
    """(key, None, value) for each top-level value that is not a list, and (key, index, row)
    for each item of a top-level list, in the order of the file. Raises JsonError."""
    _, pos = _expect(text, 0, "{")
    if _skip(text, pos) < len(text) and text[_skip(text, pos)] == "}":
        pos = _skip(text, pos) + 1
    else:
        while True:
            pos = _skip(text, pos)
            key, pos = _value(text, pos)
            if not isinstance(key, str):
                raise JsonError(
                    _line(text, pos), "Expecting property name enclosed in double quotes"
                )
            _, pos = _expect(text, pos, ":")
            pos = _skip(text, pos)
            if text.startswith("[", pos):
                pos = yield from _items(text, pos + 1, key)
            else:
                value, pos = _value(text, pos)
                yield key, None, value
            sep, pos = _expect(text, pos, ",}")
            if sep == "}":
                break
    if _skip(text, pos) != len(text):
        raise JsonError(_line(text, pos), "Extra data")


def _items(text: str, pos: int, key: str) -> Generator[tuple[str, int | None, Any], None, int]:
    """The items of the list starting after its '[' at `pos`; returns the position after ']'.
    An empty list is (key, None, [])."""
    pos = _skip(text, pos)
    if text.startswith("]", pos):
        yield key, None, []
        return pos + 1
    i = 0
    while True:
        item, pos = _value(text, _skip(text, pos))
        yield key, i, item
        i += 1
        sep, pos = _expect(text, pos, ",]")
        if sep == "]":
            return pos
