"""The workbook (.xlsx/.xlsm) half of :mod:`tracker.io.table_reader`.

openpyxl's read-only mode streams a sheet row by row, which keeps memory flat for 100,000-person
rosters, but it hides two things this reader must report:

- merged cells (read-only sheets do not load them), whose value sits in the first cell only, so
  a merged header loses column names and a merged data cell leaves the rows below it empty;
- formulas that were never calculated (files written by scripts, including openpyxl): with
  ``data_only=True`` they read as None, exactly like an empty cell.

Both are found in the sheet's XML itself: a byte scan (C speed, no parsing) finds the merged
ranges and tells whether the sheet has any formula at all; only a sheet that does gets a second,
element-level pass to locate formula cells without a cached value. Everything stays streaming.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.io.ooxml_text import lone_surrogate, unescape
from tracker.io.table_reader import (
    TICK,
    Pacer,
    ReadCancelled,
    RowProblem,
    Table,
    TableReadError,
    TableRow,
    cannot_read,
    check_header,
    too_many_rows,
)
from tracker.io.zip_limits import ZipLimitError, check_archive, open_part

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
_UNCALCULATED = "formula that was never calculated; open and save the file in Excel"
# A formula whose result is an empty string is stored with an empty <v> and one of these types;
# an empty <v> on a number-typed formula cell (what openpyxl writes) means "never calculated".
_TEXT_TYPES = frozenset({"str", "s", "inlineStr"})
_EXACT_FLOAT_INTS = 2**53  # beyond this a float is not an exact whole number any more


@dataclass(slots=True)
class _Merge:
    ref: str
    min_col: int
    min_row: int
    max_col: int
    max_row: int
    has_value: bool = False  # the first cell holds a value, so the covered cells hide one


def _load(file: Path) -> Any:
    """The workbook in openpyxl's read-only mode; a damaged or hostile file is a TableReadError."""
    from openpyxl import load_workbook  # lazily: a heavy import the command line must not pay

    try:
        return load_workbook(file, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:  # anything a damaged or hostile file makes the parser raise
        raise _hostile_xml(file.name, exc) or cannot_read(
            file.name, "it is not an Excel workbook, or it is damaged") from exc


def read_workbook(file: Path, *, sheet: str | None, max_rows: int, max_bytes: int,
                  max_cell_chars: int, pacer: Pacer, workbook: Any = None) -> Table:
    """Read one worksheet (``sheet`` by name, else the first) of an .xlsx/.xlsm file, from
    ``workbook`` when the caller has it open already (:func:`open_workbook`)."""
    source = file.name
    _check_container(file, max_bytes)
    own = workbook is None
    if own:
        workbook = _load(file)
    try:  # read-only workbooks keep the file open until closed
        ws = _pick_sheet(workbook, sheet, source)
        ws.reset_dimensions()  # a wrong <dimension> in the file would silently cut rows off
        # The sheet's XML inside the zip: openpyxl has no public name for it. Should a future
        # openpyxl drop the attribute, the merge and formula tests fail rather than users.
        part = getattr(ws, "_worksheet_path", None)
        merges: list[_Merge] = []
        uncalculated: dict[int, list[int]] = {}
        try:
            with zipfile.ZipFile(file) as archive:
                if part is not None:
                    merges, has_formulas = _scan_sheet(archive, part, pacer)
                    if has_formulas:
                        uncalculated = _uncalculated_cells(archive, part, pacer)
        except (TableReadError, ReadCancelled, OSError):
            raise
        except ZipLimitError as exc:
            raise cannot_read(source, str(exc)) from None
        except Exception as exc:
            raise _hostile_xml(source, exc) or cannot_read(
                source, f"the sheet '{ws.title}' is damaged") from exc
        return _read_rows(ws, source, merges, uncalculated, max_rows=max_rows,
                          max_cell_chars=max_cell_chars, pacer=pacer)
    finally:
        if own:
            workbook.close()


# What expat says when its own amplification limit (2.4.1+) stops an entity expansion.
_AMPLIFICATION = "amplification"


def _hostile_xml(source: str, exc: BaseException) -> TableReadError | None:
    """A refusal that says so when the parse failed on XML entities ("billion laughs"), or on a
    part whose bytes are not what the zip directory declares.

    defusedxml (installed with the app, so openpyxl uses it) forbids entity declarations, and
    openpyxl wraps that in its own ValueError; the cause is somewhere in the chain. Excel never
    writes entity declarations, so a workbook with them was made to do harm or is broken.
    """
    try:
        from defusedxml import DefusedXmlException
    except ImportError:  # pragma: no cover - a dependency; expat's own limit still applies
        DefusedXmlException = ()

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, zipfile.BadZipFile) and "CRC" in str(current):
            # zipfile stops a part at the size the directory declares: a part that holds more
            # (or other) bytes fails its checksum there, unread beyond that size
            return cannot_read(source, "a part of it does not unpack to what its zip directory "
                               "declares (damaged, or made to look smaller than it is); it was "
                               "read no further")
        if isinstance(current, DefusedXmlException) or _AMPLIFICATION in str(current):
            return cannot_read(source, "it contains XML entity declarations, which Excel never "
                               "writes (an \"XML bomb\" that would exhaust the computer's "
                               "memory); it was refused unread")
        current = current.__cause__ or current.__context__
    return None


def _check_container(file: Path, max_bytes: int) -> None:
    """Refuse what is not an .xlsx zip, with a message that says what it is instead, and a
    "zip bomb" from the zip directory alone, before anything is unpacked (zip_limits)."""
    source = file.name
    with open(file, "rb") as stream:
        head = stream.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise cannot_read(source, "it is an old Excel 97-2003 workbook or a password-protected "
                          "one; save it in Excel as .xlsx without a password, or as CSV")
    if not head.startswith(b"PK\x03\x04"):
        raise cannot_read(source, "it is not a CSV or Excel file (it is not an Excel workbook, "
                          "whatever its name says)")
    try:
        check_archive(file, max_part_bytes=max_bytes)
    except zipfile.BadZipFile:
        raise cannot_read(source, "it is not an Excel workbook, or it is damaged") from None
    except ZipLimitError as exc:
        raise cannot_read(source, str(exc)) from None


def _pick_sheet(workbook: Any, sheet: str | None, source: str) -> Any:
    sheets = workbook.worksheets  # worksheets only: chart sheets hold no table
    if not sheets:
        raise cannot_read(source, "it has no worksheets")
    if sheet is None:
        return sheets[0]
    for ws in sheets:
        if ws.title == sheet:
            return ws
    folded = [ws for ws in sheets if ws.title.strip().casefold() == sheet.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    names = ", ".join(f"'{ws.title}'" for ws in sheets)
    raise cannot_read(source, f"it has no sheet named '{sheet}' (its sheets are {names})")


def _scan_sheet(archive: zipfile.ZipFile, part: str, pacer: Pacer) -> tuple[list[_Merge], bool]:
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
    merges = [_Merge(ref.decode().upper(), *range_boundaries(ref.decode().upper()))
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
        from xml.etree.ElementTree import iterparse
    else:  # pragma: no cover - old system expat
        from defusedxml.ElementTree import iterparse
    return iterparse


def _uncalculated_cells(archive: zipfile.ZipFile, part: str,
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


class _NotText(str):
    """A cell whose ``_xHHHH_`` escapes spell a lone surrogate: its row is refused."""

    __slots__ = ()


def _clean(value: object) -> object:
    """Cell value as importers want it: stripped text (Excel's ``_xHHHH_`` escapes undone, as
    Excel and LibreOffice show them), whole floats as int, "" for empty."""
    if value is None:
        return ""
    if type(value) is str:
        if "_x" in value:
            value = unescape(value)
            if lone_surrogate(value):
                return _NotText(value.strip())
        return value.strip()
    if type(value) is float and value.is_integer() and abs(value) < _EXACT_FLOAT_INTS:
        return int(value)
    return value


def _read_rows(ws: Any, source: str, merges: list[_Merge], uncalculated: dict[int, list[int]],
               *, max_rows: int, max_cell_chars: int, pacer: Pacer) -> Table:
    """Stream the rows: the first non-empty one is the header, the rest become rows/problems.

    The table may start right of column A (a margin is common in hand-made sheets) and may be
    followed by styled empty cells: empty header cells before the first name and after the last
    are not columns. A value under them is a row problem, never silently dropped.
    """
    from openpyxl.utils.cell import get_column_letter

    headers: list[str] | None = None
    raw_headers: list[str] = []
    start = end = 0  # the named columns are cells[start:end] (0-based)
    rows: list[TableRow] = []
    problems: list[RowProblem] = []
    pending = sorted(merges, key=lambda m: m.min_row, reverse=True)  # pop() gives the next one
    active: list[_Merge] = []
    count = number = 0
    next_tick = TICK
    try:
        for number, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            if number >= next_tick:
                next_tick = number + TICK
                pacer.tick(count)
            cells = [_clean(v) for v in values]
            if headers is None:
                if cells.count("") == len(cells):
                    continue
                start, end = 0, len(cells)
                while cells[start] == "":
                    start += 1
                while cells[end - 1] == "":
                    end -= 1
                raw_headers = [str(c) for c in cells[start:end]]
                merged = [m.ref for m in merges if m.min_row <= number <= m.max_row
                          and m.min_col <= end and m.max_col > start]
                if merged:
                    raise cannot_read(source, f"the header cells {' and '.join(sorted(merged))} "
                                      "are merged; unmerge them so every column has its own name")
                headers = check_header(source, raw_headers, f"row {number}",
                                       lambda i: get_column_letter(start + i + 1))
                continue

            found: list[RowProblem] = []
            if pending or active:
                found.extend(_merged_problems(number, cells, headers, start, pending, active))
                active[:] = [m for m in active if m.max_row > number]
            bad = [c for c in uncalculated.get(number, ()) if start < c <= end]
            if cells.count("") == len(cells) and not bad:
                continue  # blank row
            count += 1
            if count > max_rows:
                raise too_many_rows(source, max_rows)
            unnamed = next((i for i, cell in enumerate(cells)
                            if cell != "" and not start <= i < end), None)
            if unnamed is not None:
                found.append(RowProblem(number, None, f"has a value in column "
                                        f"{get_column_letter(unnamed + 1)}, which has no name "
                                        "in the header"))
            cells = cells[start:end]
            if len(cells) < len(headers):  # openpyxl stops each row at its last stored cell
                cells.extend([""] * (len(headers) - len(cells)))
            found.extend(RowProblem(number, headers[c - start - 1], _UNCALCULATED) for c in bad)
            if _NotText in map(type, cells):
                found.extend(RowProblem(number, name, f"holds {lone_surrogate(cell)}, half of a "
                                        "UTF-16 pair and not a character on its own (written as "
                                        "an _x escape); remove it from the cell")
                             for name, cell in zip(headers, cells) if type(cell) is _NotText)
            found.extend(RowProblem(number, name, f"is {len(cell):,} characters long; the limit "
                                    f"is {max_cell_chars:,}")
                         for name, cell in zip(headers, cells)
                         if type(cell) is str and len(cell) > max_cell_chars)
            if found:
                problems.extend(found)
            else:
                rows.append(TableRow(number, dict(zip(headers, cells))))
    except (TableReadError, ReadCancelled, OSError):
        raise
    except Exception as exc:  # malformed XML or values deep inside the sheet
        raise _hostile_xml(source, exc) or cannot_read(
            source, f"the sheet '{ws.title}' is damaged near row {number + 1}") from exc
    if headers is None:
        raise cannot_read(source, f"the sheet '{ws.title}' is empty")
    pacer.finish(count)
    return Table(source, headers, raw_headers, rows, problems, None)


def _merged_problems(number: int, cells: list[object], headers: list[str], start: int,
                     pending: list[_Merge], active: list[_Merge]) -> list[RowProblem]:
    """Problems for cells of this row that are covered by a merged range holding a value.

    Only the first cell of merged cells keeps the value; the others read as empty, so a row
    whose team is "merged down" from the row above would silently get no team. ``start`` is
    the 0-based column of the first header.
    """
    while pending and pending[-1].min_row <= number:
        active.append(pending.pop())
    found = []
    for merge in active:
        if merge.max_row < number:
            continue
        first_covered = merge.min_col  # 1-based, like the merge's columns
        if merge.min_row == number:
            top_left = cells[merge.min_col - 1] if merge.min_col <= len(cells) else ""
            merge.has_value = top_left != ""
            first_covered += 1
        # The first covered cell that lies under a header, if any.
        first_covered = max(first_covered, start + 1)
        if merge.has_value and first_covered <= min(merge.max_col, start + len(headers)):
            top_left_ref = merge.ref.split(":")[0]
            found.append(RowProblem(number, headers[first_covered - start - 1],
                                    f"is part of the merged cells {merge.ref}; only "
                                    f"{top_left_ref} holds their value"))
    return found


def sheet_names(path: Path, *, max_bytes: int = 1_000_000_000) -> list[str]:
    """The worksheet names of a workbook, in order. Raises TableReadError."""
    with open_workbook(path, max_bytes=max_bytes) as workbook:
        return [ws.title for ws in workbook.worksheets]


@contextmanager
def open_workbook(path: Path, *, max_bytes: int = 1_000_000_000) -> Iterator[Any]:
    """The workbook, open, for readers of several sheets (the portable workbook): each sheet is
    then read with ``read_table(path, sheet=name, workbook=it)``. Opening parses every sheet's
    head, so opening once instead of once per sheet made reading a 28-sheet workbook of a few
    rows ten times faster. Raises TableReadError."""
    file = Path(path)
    _check_container(file, max_bytes)
    workbook = _load(file)
    try:
        yield workbook
    finally:
        workbook.close()
