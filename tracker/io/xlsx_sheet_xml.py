"""What openpyxl's read-only mode hides, found in a sheet's own XML.

Read-only sheets load no merged ranges and read a formula that was never calculated as an empty
cell. A byte scan (C speed, no parsing) finds the merged ranges and tells whether the sheet has
any formula at all; only a sheet that does gets a second, element-level pass to locate formula
cells without a cached value. Both stream, so memory stays flat on big sheets.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tracker.io.table_reader import TICK, Pacer
from tracker.io.zip_limits import open_part

_MERGE_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']"
    rb"([A-Za-z]{1,3}[0-9]+:[A-Za-z]{1,3}[0-9]+)[\"']"
)
# The <f> element (any namespace prefix). Text and attribute values cannot contain a raw '<',
# so a match is always a real formula tag.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s>/]")
# Plain substring tests run at memory speed; the regex (slow on tag-dense XML) only confirms.
_FORMULA_HINTS = (b"<f", b":f")
_CHUNK_BYTES = 1 << 20
_OVERLAP = 512  # bytes kept from the previous chunk so a tag split across chunks still matches
# A formula whose result is an empty string is stored with an empty <v> and one of these types;
# an empty <v> on a number-typed formula cell (what openpyxl writes) means "never calculated".
_TEXT_TYPES = frozenset({"str", "s", "inlineStr"})


@dataclass(slots=True)
class Merge:
    ref: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    has_value: bool = False  # the first cell holds a value, so the covered cells hide one



def scan_sheet(archive: zipfile.ZipFile, part: str, pacer: Pacer) -> tuple[list[Merge], bool]:
    """Merged ranges of the sheet, and whether it contains any formula, from its raw bytes."""
    from openpyxl.utils.cell import range_boundaries

    refs: set[bytes] = set()  # a set: a match inside the chunk overlap is seen twice
    has_formulas = False
    tail = b""
    with open_part(archive, part) as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            pacer.check()
            data = tail + chunk
            if (not has_formulas and any(hint in data for hint in _FORMULA_HINTS)
                    and _FORMULA_TAG.search(data)):
                has_formulas = True
            if b"mergeCell" in data:
                refs.update(match.group(1) for match in _MERGE_REF.finditer(data))
            tail = data[-_OVERLAP:]
    merges = [Merge(ref.decode().upper(), *range_boundaries(ref.decode().upper()))
              for ref in refs]
    return merges, has_formulas


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


_ROW_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}row"


def _safe_iterparse() -> Callable[..., Any]:
    """The fastest iterparse that is safe on an untrusted sheet.

    The standard library's C parser is about three times faster than defusedxml's (a pure
    Python subclass), and is safe when expat is 2.4.1 or newer: that expat limits entity
    amplification ("billion laughs"), and ElementTree never fetches external entities.
    """
    import pyexpat

    if pyexpat.version_info >= (2, 4, 1):
        from xml.etree import ElementTree

        return ElementTree.iterparse
    from defusedxml import ElementTree as DefusedElementTree  # pragma: no cover - old system expat

    return DefusedElementTree.iterparse  # pragma: no cover


def uncalculated_cells(archive: zipfile.ZipFile, part: str,
                        pacer: Pacer) -> dict[int, list[int]]:
    """Row number -> 1-based columns of formula cells that have no cached value."""
    iterparse = _safe_iterparse()
    from openpyxl.utils.cell import coordinate_to_tuple

    found: dict[int, list[int]] = {}
    row_number = rows_seen = 0
    with open_part(archive, part) as stream:
        for _event, element in iterparse(stream):
            tag = element.tag
            if tag != _ROW_TAG and tag[-4:] != "}row" and tag != "row":
                continue
            # Row numbering as openpyxl's parser does it, so both passes agree.
            r = element.get("r")
            row_number = int(float(r)) if r else row_number + 1
            column = 0
            for cell in element:
                if _local(cell.tag) != "c":
                    continue
                ref = cell.get("r")
                column = coordinate_to_tuple(ref)[1] if ref else column + 1
                formula = value = None
                for child in cell:
                    name = _local(child.tag)
                    if name == "f":
                        formula = child
                    elif name == "v":
                        value = child
                if formula is not None and (value is None or (
                        not value.text and cell.get("t", "n") not in _TEXT_TYPES)):
                    found.setdefault(row_number, []).append(column)
            element.clear()  # keep memory flat on big sheets
            rows_seen += 1
            if rows_seen % TICK == 0:
                pacer.check()
    return found

