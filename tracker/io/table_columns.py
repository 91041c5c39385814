"""A regular CSV file read by column: the usage import's fast read.

:func:`tracker.io.table_reader.read_table` builds one dict per row, which costs more than
the parsing itself on the files the usage import reads by the dozen (twelve weekly reports of
100,000 users) or by the million (a usage log). Those files are machine-written and regular:
one record per line, every record as wide as the header, no blank lines, no over-long cells.
For such a file :func:`read_columns` gives the same cells (stripped, under the same normalised
headers, decoded and split as read_table would: it uses read_table's encoding detection,
delimiter choice and header check) as one list per column, with C-level loops only.

Anything irregular — a workbook, a ragged or blank row, a value spanning lines, an over-long
cell, a file read_table would refuse — gives None, and the caller reads the file with
read_table, which explains every problem by row.

A file without a single quote character (most machine exports: a usage log of three million
rows, a weekly report) cannot hold a quoted delimiter or line break, so its records are its
lines and its cells what lies between delimiters: it is split with str.split, three times as
fast as the csv module, which then reads only files with quotes.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import attrgetter, itemgetter
from pathlib import Path

from tracker.io.table_reader import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Pacer,
    Table,
    TableReadError,
    check_header,
)
from tracker.io.table_reader_csv import (
    _CSV_FIELD_LIMIT,
    _SNIFF_CHARS,
    _choose_delimiter,
    _detect_encoding,
    _looks_binary,
)

_BATCH = 50_000  # records parsed between polls of cancelled()


@dataclass(frozen=True)
class ColumnTable:
    """A file's cells by column: ``columns[header]`` holds one stripped string per data row."""

    source: str
    headers: list[str]  # normalised, in file order
    raw_headers: list[str]
    numbers: Sequence[int]  # each data row's number (a CSV's line number; the header is line 1)
    columns: Mapping[str, Sequence[object]]  # a workbook's cells can be numbers or dates too
    # Every cell is a str (read_columns' cells always are): callers need not check each cell's type.
    text_only: bool = False

    def __len__(self) -> int:
        return len(self.numbers)

    @classmethod
    def of(cls, table: Table) -> ColumnTable:
        """read_table's rows by column (its row problems are the caller's to report)."""
        values = list(map(attrgetter("values"), table.rows))
        numbers = list(map(attrgetter("number"), table.rows))
        return cls(table.source, list(table.headers), list(table.raw_headers), numbers,
                   {h: list(map(itemgetter(h), values)) for h in table.headers})


def read_columns(path: str | Path, *, progress: Callable[[int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> ColumnTable | None:
    """The file by column, or None when it needs read_table's row-by-row care (see above)."""
    file = Path(path)
    if file.suffix.lower() not in (".csv", ".txt", ".tsv"):
        return None
    try:
        size = file.stat().st_size
    except OSError:
        return None
    if not 0 < size <= MAX_FILE_BYTES:
        return None
    pacer = Pacer(progress, cancelled)
    try:
        encoding, text = _decoded(file, pacer)
    except (TableReadError, UnicodeDecodeError, OSError):
        return None
    sample = text[:_SNIFF_CHARS]
    if _looks_binary(sample):
        return None
    if len(sample) == _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    tabbed = file.suffix.lower() == ".tsv" or encoding == "utf-16"
    delimiter, skip_space = _choose_delimiter(sample, "\t" if tabbed else ",")
    found = _split_plain(text, delimiter) if '"' not in text else _split_quoted(text, delimiter, skip_space, pacer)
    del text
    if found is None:
        return None
    pacer.check()
    cells, short = found
    # One record per physical line, none of them blank: line numbers are positions.
    if len(cells[0]) < 2 or len(cells[0]) - 1 > MAX_ROWS:
        return None
    raw_headers = [column[0].strip() for column in cells]
    if not all(raw_headers):
        return None
    try:
        headers = check_header(file.name, raw_headers, "line 1", lambda i: str(i + 1))
    except TableReadError:
        return None
    strip = str.strip
    data = [list(map(strip, islice(column, 1, None))) for column in cells]
    del cells
    if not short and any(max(map(len, column), default=0) > MAX_CELL_CHARS for column in data):
        return None
    # A row of only separators and spaces (read_table skips it) has an empty cell in every column.
    if all("" in column for column in data) and not all(map(any, zip(*data))):
        return None
    pacer.finish(len(data[0]))
    return ColumnTable(file.name, headers, raw_headers, range(2, len(data[0]) + 2), dict(zip(headers, data)),
                       text_only=True)


def _decoded(file: Path, pacer: Pacer) -> tuple[str, str]:
    """The file's encoding and text. Valid UTF-8 (what nearly every export is) is checked and
    decoded in one pass over the bytes, which is what read_table's encoding detection would
    decide for it, without reading the file twice; anything else goes through that detection."""
    raw = file.read_bytes()
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) and b"\x00" not in raw:
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
        try:
            return encoding, raw.decode(encoding)
        except UnicodeDecodeError:
            pass  # Windows-1252, or a UTF-8 BOM over other bytes: the detection decides (or refuses)
    del raw
    encoding = _detect_encoding(file, pacer)
    with open(file, encoding=encoding, newline="") as stream:
        return encoding, stream.read()


def _split_plain(text: str, delimiter: str) -> tuple[list[Sequence[str]], bool] | None:
    """The columns (header cell first, unstripped) of a text without quote characters, and
    whether every line is shorter than the cell limit; None when a line is blank or has
    another number of cells than the header, or the lines do not all end alike (a lone
    carriage return ends a record for the csv module)."""
    end = "\r\n" if "\r" in text else "\n"
    lines = text.split(end)
    if end == "\r\n" and not text.count("\r") == text.count("\n") == len(lines) - 1:
        return None  # a line ends another way too
    if lines[-1] == "":
        lines.pop()
    if not lines or "" in lines:
        return None
    width = lines[0].count(delimiter) + 1
    if set(map(str.count, lines, repeat(delimiter))) != {width - 1}:
        return None
    short = max(map(len, lines)) <= MAX_CELL_CHARS
    flat = delimiter.join(lines).split(delimiter)
    del lines
    return [flat[i::width] for i in range(width)], short


def _split_quoted(text: str, delimiter: str, skip_space: bool,
                  pacer: Pacer) -> tuple[list[Sequence[str]], bool] | None:
    """The columns of any other text, parsed by the csv module; None when a record spans lines
    or is blank, or the records are not all as wide as the header."""
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    # No line as long as the cell limit: no cell can be over it (cheaper than measuring cells).
    short = max(map(len, text.splitlines()), default=0) <= MAX_CELL_CHARS
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=skip_space, strict=False)
    records: list[list[str]] = []
    try:
        while batch := list(islice(reader, _BATCH)):
            records += batch
            pacer.tick(len(records))
    except csv.Error:
        return None
    if not records or reader.line_num != len(records) or set(map(len, records)) != {len(records[0])}:
        return None
    return list(zip(*records)), short

