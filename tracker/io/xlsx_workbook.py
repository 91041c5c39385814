"""Opening an Excel workbook that may be hostile, for the readers in this package.

Before openpyxl parses anything the file must be an .xlsx zip (an old .xls or a password-protected
workbook is named as such) whose directory passes the zip limits (tracker/io/zip_limits.py); a
parse that then fails on XML entities or on a part that does not unpack to what its directory
declares is refused as that, not as "damaged". openpyxl is imported lazily: the command line
must not pay for it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.io.table_reader import TableReadError, cannot_read
from tracker.io.zip_limits import ZipLimitError, check_archive


def load(file: Path) -> Any:
    """The workbook in openpyxl's read-only mode; a damaged or hostile file is a TableReadError."""
    from openpyxl import load_workbook  # lazily: a heavy import the command line must not pay

    try:
        return load_workbook(file, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as exc:  # anything a damaged or hostile file makes the parser raise
        raise hostile_xml(file.name, exc) or cannot_read(
            file.name, "it is not an Excel workbook, or it is damaged") from exc



# What expat says when its own amplification limit (2.4.1+) stops an entity expansion.
_AMPLIFICATION = "amplification"


def hostile_xml(source: str, exc: BaseException) -> TableReadError | None:
    """A refusal that says so when the parse failed on XML entities ("billion laughs"), or on a
    part whose bytes are not what the zip directory declares.

    defusedxml (installed with the app, so openpyxl uses it) forbids entity declarations, and
    openpyxl wraps that in its own ValueError; the cause is somewhere in the chain. Excel never
    writes entity declarations, so a workbook with them was made to do harm or is broken.
    """
    defused: tuple[type[BaseException], ...]
    try:
        from defusedxml import DefusedXmlException

        defused = (DefusedXmlException,)
    except ImportError:  # pragma: no cover - a dependency; expat's own limit still applies
        defused = ()

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
        if isinstance(current, defused) or _AMPLIFICATION in str(current):
            return cannot_read(source, "it contains XML entity declarations, which Excel never "
                               "writes (an \"XML bomb\" that would exhaust the computer's "
                               "memory); it was refused unread")
        current = current.__cause__ or current.__context__
    return None


def check_container(file: Path, max_bytes: int) -> None:
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


def pick_sheet(workbook: Any, sheet: str | None, source: str) -> Any:
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
    check_container(file, max_bytes)
    workbook = load(file)
    try:
        yield workbook
    finally:
        workbook.close()
