"""The workbook (.xlsx/.xlsm) half of :mod:`tracker.io.table_reader`.

openpyxl's read-only mode streams a sheet row by row, which keeps memory flat for 100,000-person
rosters, but it hides two things this reader must report:

- merged cells (read-only sheets do not load them), whose value sits in the first cell only, so
  a merged header loses column names and a merged data cell leaves the rows below it empty;
- formulas that were never calculated (files written by scripts, including openpyxl): with
  ``data_only=True`` they read as None, exactly like an empty cell.

Both are found in the sheet's XML itself (:mod:`tracker.io.xlsx_sheet_xml`); the file is opened
and checked first (:mod:`tracker.io.xlsx_workbook`). This module turns the rows into the
table: the header, the rows, and a problem for each cell that cannot be taken as it is.
"""

from __future__ import annotations

import zipfile
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
from tracker.io.xlsx_sheet_xml import Merge, scan_sheet, uncalculated_cells
from tracker.io.xlsx_workbook import check_container, hostile_xml, load, pick_sheet
from tracker.io.zip_limits import ZipLimitError

_UNCALCULATED = "formula that was never calculated; open and save the file in Excel"
_EXACT_FLOAT_INTS = 2**53  # beyond this a float is not an exact whole number any more


def read_workbook(file: Path, *, sheet: str | None, max_rows: int, max_bytes: int,
                  max_cell_chars: int, pacer: Pacer, workbook: Any = None) -> Table:
    """Read one worksheet (``sheet`` by name, else the first) of an .xlsx/.xlsm file, from
    ``workbook`` when the caller has it open already (:func:`open_workbook`)."""
    source = file.name
    check_container(file, max_bytes)
    own = workbook is None
    if own:
        workbook = load(file)
    try:  # read-only workbooks keep the file open until closed
        ws = pick_sheet(workbook, sheet, source)
        ws.reset_dimensions()  # a wrong <dimension> in the file would silently cut rows off
        # The sheet's XML inside the zip: openpyxl has no public name for it. Should a future
        # openpyxl drop the attribute, the merge and formula tests fail rather than users.
        part = getattr(ws, "_worksheet_path", None)
        merges: list[Merge] = []
        uncalculated: dict[int, list[int]] = {}
        try:
            with zipfile.ZipFile(file) as archive:
                if part is not None:
                    merges, has_formulas = scan_sheet(archive, part, pacer)
                    if has_formulas:
                        uncalculated = uncalculated_cells(archive, part, pacer)
        except (TableReadError, ReadCancelled, OSError):
            raise
        except ZipLimitError as exc:
            raise cannot_read(source, str(exc)) from None
        except Exception as exc:
            raise hostile_xml(source, exc) or cannot_read(
                source, f"the sheet '{ws.title}' is damaged") from exc
        return _read_rows(ws, source, merges, uncalculated, max_rows=max_rows,
                          max_cell_chars=max_cell_chars, pacer=pacer)
    finally:
        if own:
            workbook.close()



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


def _read_rows(ws: Any, source: str, merges: list[Merge], uncalculated: dict[int, list[int]],
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
    active: list[Merge] = []
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
        raise hostile_xml(source, exc) or cannot_read(
            source, f"the sheet '{ws.title}' is damaged near row {number + 1}") from exc
    if headers is None:
        raise cannot_read(source, f"the sheet '{ws.title}' is empty")
    pacer.finish(count)
    return Table(source, headers, raw_headers, rows, problems, None)


def _merged_problems(number: int, cells: list[object], headers: list[str], start: int,
                     pending: list[Merge], active: list[Merge]) -> list[RowProblem]:
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
