"""Shared vocabulary of every importer: row errors and loose matching of words from files."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HEADER_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_header(name: str) -> str:
    """Turn a column name as people write it into the key importers look up.

    ``'Employee ID '``, ``'employee-id'`` and ``'EMPLOYEE  ID'`` all become ``'employee_id'``,
    so an importer can accept the many spellings HR systems and people use without a synonym
    list for each. Underscores at the ends are dropped, so a name made only of separators
    normalises to ``''`` and counts as empty.
    """
    # A stray byte-order mark inside the text (files glued together) is not part of the name.
    text = name.replace("\ufeff", "").strip().lower()
    return _HEADER_SEPARATORS.sub("_", text).strip("_")


@dataclass(frozen=True)
class RowError:
    """One rejected row. `row` is the file's row number (header is row 1); None: the whole file."""

    row: int | None
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}" if self.row is not None else self.reason


def cell_text(value: object) -> str:
    """A cell as text; whole numbers from spreadsheets lose their '.0' (ids, codes)."""
    if value.__class__ is str:  # nearly every cell (all of a CSV's): the shortest way through
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def loose_key(text: object) -> str:
    """'In Progress', 'in-progress', ' IN_PROGRESS ' -> 'in progress'."""
    return " ".join(str(text or "").lower().replace("_", " ").replace("-", " ").split())


def nfc(text: str) -> str:
    """Text in Unicode NFC: a name saved by another program in NFD (macOS, some Java exports)
    compares equal to the same name typed here, instead of making a look-alike."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)
