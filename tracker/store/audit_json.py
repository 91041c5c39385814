"""Audit images of many rows as JSON text, encoded column by column.

The text is exactly what `json.dumps(dict(zip(columns, row)), default=str)` writes for each
row (the audit trail's format, read back by undo, history and erasure with json.loads): the
same separators, key order, escaping and `default=str`. A column of only text, or only whole
numbers, with or without NULLs, is encoded with one C call per value; any other column
(floats, dates, booleans) goes through the standard encoder value by value, which is what
encoding the whole row would do to it.
Each row is then joined from its keys and cells with the standard encoder's separators.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import Any

# The stdlib encoder's own string escaper (the C one when available): the one json.dumps uses.
_STRING = json.encoder.encode_basestring_ascii
_VALUE = json.JSONEncoder(default=str).encode
_NONE = type(None)


def rows_as_json(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """Each row (values in `columns` order) as the JSON object of its columns."""
    if not rows:
        return []  # (and no zip of endless pieces below)
    if not columns:
        return [_VALUE({}) for _row in rows]
    # A row is one C-level join of its pieces: '{"id": ', '7', ', "name": ', '"Ada"', …, '}'.
    pieces: list[Iterable[str]] = []
    for i, (name, values) in enumerate(zip(columns, zip(*rows))):
        pieces.append(repeat(("{" if i == 0 else ", ") + _STRING(name) + ": "))
        pieces.append(_column(values))
    pieces.append(repeat("}"))
    return list(map("".join, zip(*pieces)))


def _column(values: Sequence[Any]) -> Iterable[str]:
    kinds = set(map(type, values))
    if kinds <= {str}:
        return map(_STRING, values)
    if kinds <= {str, _NONE}:
        return ["null" if value is None else _STRING(value) for value in values]
    if kinds <= {int}:  # exactly int: a bool is true/false in JSON
        return map(int.__repr__, values)
    if kinds <= {int, _NONE}:
        return ["null" if value is None else int.__repr__(value) for value in values]
    return map(_VALUE, values)
