"""Read a CSV or Excel file from users and HR systems into one plain, validated table.

Every importer (roster, training, usage, ...) reads its input through :func:`read_table`, so the
traps of real-world files are handled once, here: Windows-1252 and UTF-16 text, semicolon
"CSV" from European Excel, quoted line breaks, duplicate or empty column names, ragged rows,
merged cells and never-calculated formulas in workbooks, and files far too big to be what the
user meant. The result says which rows could not be read and why, in words a user can act on;
deciding what the values *mean* (dates, ids, teams) is the importer's job, not this module's.

No Qt and no SQL here, and openpyxl is imported only when a workbook is read: the command line
imports this module and must start fast. This module holds the API and what both formats
share; the formats live in ``table_reader_csv`` and ``table_reader_xlsx``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.importing import normalise_header

__all__ = [
    "MAX_CELL_CHARS", "MAX_FILE_BYTES", "MAX_ROWS", "ReadCancelled", "RowProblem", "Table",
    "TableReadError", "TableRow", "normalise_header", "read_table",
]

MAX_FILE_BYTES = 1_000_000_000
MAX_ROWS = 5_000_000
MAX_CELL_CHARS = 10_000

PROGRESS_EVERY = 10_000
"""``progress`` is called about this often (in data rows), and once more at the end."""

# Lines/rows between polls of ``cancelled``: cheap, and keeps cancel snappy.
_CANCEL_CHECK_EVERY = 1_000
_TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
_WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}

@dataclass(frozen=True, slots=True)
class RowProblem:
    """One reason a row (or one of its cells) could not be taken as it is.

    ``row`` is the number the user finds the row under: the line number in a text editor for
    CSV (the line where the record starts, counting the header as line 1 when it is the first
    line), the row number in Excel for workbooks.
    """

    row: int
    column: str | None  # normalised header name, or None for problems with the whole row
    reason: str  # plain English, e.g. "has 5 fields, the header has 6"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One readable data row: ``values`` maps every normalised header to the cell's value.

    CSV values are stripped strings. Workbook values are str (stripped), int (also for whole
    numbers stored as floats, so employee ids read naturally), float, bool, datetime.datetime
    for date-formatted cells (time-only or duration formats give datetime.time or timedelta),
    and serial numbers stay numbers. Empty cells are ``""``, never None.
    """

    number: int
    values: dict[str, object]


@dataclass(frozen=True)
class Table:
    """What could be read from one file: the readable rows and the problems with the rest."""

    source: str  # file name, for messages
    headers: list[str]  # normalised header names in file order
    raw_headers: list[str]  # as written in the file (stripped)
    rows: list[TableRow]  # only rows that could be read; blank rows are skipped silently
    problems: list[RowProblem]
    encoding: str | None  # 'utf-8', 'utf-8-sig', 'utf-16' or 'cp1252'; None for workbooks


class TableReadError(Exception):
    """The file as a whole cannot be read; ``str(e)`` is a sentence for the user.

    It names the file and says why, e.g. "Cannot read 'roster.csv': it is empty."
    """


class ReadCancelled(Exception):
    """The caller's ``cancelled()`` returned True while the file was being read."""


def read_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    max_bytes: int = MAX_FILE_BYTES,
    max_cell_chars: int = MAX_CELL_CHARS,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    workbook: object = None,
) -> Table:
    """Read a .csv/.txt/.tsv text file or an .xlsx/.xlsm workbook into a :class:`Table`.

    ``sheet`` picks a worksheet by name (default: the first); it is ignored for text files.
    ``workbook``: the file already open (``xlsx_workbook.open_workbook``), when reading
    several of its sheets.
    Raises :class:`TableReadError` when the file as a whole is unusable (missing, not a table,
    empty, over a limit, bad header) and :class:`ReadCancelled` when ``cancelled()`` says so.
    Problems confined to single rows do not raise: they are listed in ``Table.problems``.
    """
    file = Path(path)
    source = file.name
    pacer = Pacer(progress, cancelled)
    pacer.check()
    try:
        info = file.stat()
    except FileNotFoundError:
        raise cannot_read(source, "the file does not exist") from None
    except OSError as exc:
        raise _os_error(source, exc) from exc
    if stat.S_ISDIR(info.st_mode):
        raise cannot_read(source, "it is a folder, not a file")
    suffix = file.suffix.lower()
    if suffix == ".xls":
        raise cannot_read(source, "it is an old Excel 97-2003 workbook (.xls); "
                          "save it in Excel as .xlsx or CSV and import that")
    if suffix not in _TEXT_SUFFIXES | _WORKBOOK_SUFFIXES:
        raise cannot_read(source, "it is not a CSV or Excel file "
                          "(the name must end in .csv, .txt, .tsv, .xlsx or .xlsm)")
    if info.st_size > max_bytes:
        raise cannot_read(source, f"it is {_size(info.st_size)}, more than the limit of "
                          f"{_size(max_bytes)} for one file")
    if info.st_size == 0:
        raise cannot_read(source, "it is empty")
    try:
        if suffix in _WORKBOOK_SUFFIXES:
            from tracker.io.table_reader_xlsx import read_workbook

            return read_workbook(file, sheet=sheet, max_rows=max_rows, max_bytes=max_bytes,
                                 max_cell_chars=max_cell_chars, pacer=pacer, workbook=workbook)
        from tracker.io.table_reader_csv import read_text

        return read_text(file, tab_default=suffix == ".tsv", max_rows=max_rows,
                         max_cell_chars=max_cell_chars, pacer=pacer)
    except OSError as exc:  # a read failing half-way (network drive gone, file locked)
        raise _os_error(source, exc) from exc


# --- shared by table_reader_csv and table_reader_xlsx -------------------------------------------


class Pacer:
    """Polls ``cancelled`` and reports ``progress`` at a steady pace, whatever the format."""

    __slots__ = ("_progress", "_cancelled", "_next_report", "_reported")

    def __init__(self, progress: Callable[[int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._next_report = PROGRESS_EVERY
        self._reported = 0

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReadCancelled("reading the file was cancelled")

    def tick(self, rows_read: int) -> None:
        """Called every ``_CANCEL_CHECK_EVERY`` lines or rows with the data rows read so far."""
        self.check()
        if self._progress is not None and rows_read >= self._next_report:
            self._progress(rows_read)
            self._reported = rows_read
            self._next_report = (rows_read // PROGRESS_EVERY + 1) * PROGRESS_EVERY

    def finish(self, rows_read: int) -> None:
        """Report the final count so a progress display ends on the true total."""
        if self._progress is not None and rows_read != self._reported:
            self._progress(rows_read)


TICK = _CANCEL_CHECK_EVERY


def cannot_read(source: str, reason: str) -> TableReadError:
    return TableReadError(f"Cannot read '{source}': {reason}.")


def too_many_rows(source: str, max_rows: int) -> TableReadError:
    return cannot_read(source, f"it has more than {max_rows:,} data rows, the most one file "
                       "may have")


def check_header(source: str, raw: list[str], where: str,
                 label: Callable[[int], str]) -> list[str]:
    """Normalise header names, refusing empty and duplicate ones.

    A whole-file error rather than row problems: with an unnamed or doubled column every row
    would be misread. ``label(i)`` names the 0-based column i as the user sees it ("3", "C").
    """
    names: list[str] = []
    positions: dict[str, list[int]] = {}
    for i, text in enumerate(raw):
        name = normalise_header(text)
        if not name:
            raise cannot_read(source, f"column {label(i)} of the header row ({where}) has no "
                              "name; give every column a name")
        positions.setdefault(name, []).append(i)
        names.append(name)
    for name, cols in positions.items():
        if len(cols) > 1:
            times = "twice" if len(cols) == 2 else f"{len(cols)} times"
            labels = [label(i) for i in cols]
            listed = ", ".join(labels[:-1]) + " and " + labels[-1]
            raise cannot_read(source, f"the column '{name}' appears {times} (columns {listed})")
    return names


def _os_error(source: str, exc: OSError) -> TableReadError:
    if isinstance(exc, FileNotFoundError):
        return cannot_read(source, "the file does not exist")
    if isinstance(exc, PermissionError):
        return cannot_read(source, "access to it was refused; it may be open in another "
                           "program, or you may lack permission to read it")
    return cannot_read(source, f"it could not be read ({exc.strerror or exc})")


def _size(n: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("KB", 10**3)):
        if n >= scale:
            return f"{n / scale:,.1f} {unit}".replace(".0 ", " ")
    return f"{n:,} bytes"
