"""The text (.csv/.txt/.tsv) half of :mod:`tracker.io.table_reader`.

Text exports arrive in whatever encoding and dialect the exporting program likes: UTF-8 with or
without a BOM, Windows-1252 from "Save as CSV" in Excel, UTF-16 with tabs from Excel's "Unicode
text", semicolons where the comma is the decimal separator. The encoding is decided from the
bytes of the whole file before any row is taken, the delimiter from a checked sample, and every
record's field count against the header, so a file is either read right or refused with a
reason, never silently misread.

Row numbers are physical line numbers (where each record starts), as a text editor shows them;
a value with a line break in it makes the next record start further down.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from itertools import chain, islice, repeat
from operator import attrgetter
from pathlib import Path
from typing import TextIO, cast

from tracker.io.table_reader import (
    TICK,
    Pacer,
    RowProblem,
    Table,
    TableRow,
    cannot_read,
    check_header,
    too_many_rows,
)

_CHUNK_BYTES = 1 << 20
# csv.Sniffer's regexes get slow on big samples; a few hundred lines are plenty.
_SNIFF_CHARS = 32_768
_DELIMITERS = ",;\t|"
# The csv module aborts the whole read on a field over its limit (131,072 by default). Lifted,
# so long cells become row problems and a runaway quote a row problem with a hint, whatever
# max_cell_chars is. The limit is process-wide: it is only ever raised, to this fixed value, so
# a read never depends on earlier ones. max_bytes still bounds the memory a field can take.
_CSV_FIELD_LIMIT = 2**31 - 1
# Bytes that Python's strict cp1252 codec has no character for. A file containing them is not
# Windows-1252 text either, so it is refused rather than guessed at.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# C0 control characters that never appear in real text exports (tab, line breaks and form
# feed excluded); a sample full of them is a binary file with a text-like name.
_CONTROL_CHARS = tuple(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v")


def read_text(file: Path, *, tab_default: bool, max_rows: int, max_cell_chars: int,
              pacer: Pacer) -> Table:
    """Read a text table; ``tab_default`` when the name says tab separated (.tsv)."""
    source = file.name
    encoding = _detect_encoding(file, pacer)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        with open(file, encoding=encoding, newline="") as stream:
            sample = stream.read(_SNIFF_CHARS)
            if _looks_binary(sample):
                raise cannot_read(source, "it is not a CSV or Excel file (it holds binary data)")
            if len(sample) == _SNIFF_CHARS and "\n" in sample:
                sample = sample[: sample.rindex("\n") + 1]  # a cut-off last line confuses Sniffer
            # Excel's "Unicode text" (UTF-16) export and .tsv files are tab separated.
            tabbed = tab_default or encoding == "utf-16"
            delimiter, skip_space = _choose_delimiter(sample, "\t" if tabbed else ",")
            stream.seek(0)
            return _parse_text(stream, source, encoding, delimiter, skip_space,
                               max_rows=max_rows, max_cell_chars=max_cell_chars, pacer=pacer)
    except UnicodeDecodeError:
        # Only UTF-16 gets here: the other encodings were checked byte by byte beforehand.
        raise cannot_read(source, f"it is not a CSV or Excel file (it is not valid {encoding} "
                          "text)") from None


def _detect_encoding(file: Path, pacer: Pacer) -> str:
    """BOM first, then strict UTF-8, then Windows-1252 (what Excel writes for "CSV").

    Checks the whole file, in chunks, so a bad byte on line 90,000 is found before any row is
    taken, instead of silently turning names into mojibake.
    """
    source = file.name
    with open(file, "rb") as stream:
        head = stream.read(8)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # the codec reads the BOM and picks LE or BE itself
    if head.startswith(b"PK\x03\x04"):
        raise cannot_read(source, "it is not a CSV file but a zip archive, such as an Excel "
                          "workbook; if it is one, give it the .xlsx extension")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise cannot_read(source, "it is not a CSV file but an old-style Excel or Office "
                          "document; save it as .xlsx or CSV")
    bom = head.startswith(codecs.BOM_UTF8)
    bad = _scan(file, codecs.getincrementaldecoder("utf-8")("strict"), pacer)
    if bad is None:
        return "utf-8-sig" if bom else "utf-8"
    if bom:
        raise cannot_read(source, f"it says it is UTF-8 text, but line {bad} is not; save it "
                          "again as 'CSV UTF-8'")
    bad = _scan(file, None, pacer)
    if bad is not None:
        raise cannot_read(source, f"its text is neither UTF-8 nor Windows-1252 (see line {bad}); "
                          "save it again as 'CSV UTF-8'")
    return "cp1252"


def _scan(file: Path, decoder: codecs.IncrementalDecoder | None, pacer: Pacer) -> int | None:
    """Line number of the first byte ``decoder`` rejects (cp1252 when None), else None.

    Also refuses NUL bytes: no text export contains them, binary files nearly always do.
    """
    lines_before = 0
    with open(file, "rb") as stream:
        while chunk := stream.read(_CHUNK_BYTES):
            pacer.check()
            if b"\x00" in chunk:
                raise cannot_read(file.name, "it is not a CSV or Excel file (it holds binary data)")
            try:
                if decoder is not None:
                    decoder.decode(chunk)
                else:
                    bad = [chunk.find(b) for b in _CP1252_UNDEFINED if b in chunk]
                    if bad:
                        return lines_before + chunk.count(b"\n", 0, min(bad)) + 1
            except UnicodeDecodeError as exc:
                return lines_before + chunk.count(b"\n", 0, exc.start) + 1
            lines_before += chunk.count(b"\n")
    if decoder is not None:
        try:
            decoder.decode(b"", final=True)  # a multi-byte character cut off at the end
        except UnicodeDecodeError:
            return lines_before + 1
    return None


def _looks_binary(sample: str) -> bool:
    controls = sum(sample.count(c) for c in _CONTROL_CHARS)
    return controls > max(1, len(sample) // 100)  # one stray DOS end-of-file mark is fine


def _choose_delimiter(sample: str, fallback: str) -> tuple[str, bool]:
    """The delimiter (and whether spaces follow it) for this file.

    csv.Sniffer alone is not trusted: a comma file whose one data row holds a quoted value
    with a quote and a ";" in it (written by csv.writer) is "semicolon" to it. Each candidate
    is tried on the sample with real CSV quoting instead, and the one that splits the header
    into two or more columns and gives the largest share of records that many fields wins (a
    cut-off last record or a few ragged rows do not change the winner). Sniffer's pick only
    breaks ties, then more columns, then the order , ; tab |. A single-column file, where no
    candidate splits anything, gets the ``fallback``.

    Only the delimiter and skip-initial-space come from Sniffer: it also guesses a quote
    character (``'`` for names like O'Brien) and turns off doubled-quote escapes when the
    sample has none, both of which would misread later rows. Quoting is always RFC 4180 style.

    A tab ``fallback`` (UTF-16 or .tsv) wins whenever the header line has a tab: a comma just
    as regular, as in "Kung, Fu" on every line, would tie with it.
    """
    first = next((line for line in sample.splitlines() if line.strip()), "")
    if fallback == "\t" and "\t" in first:
        return "\t", False
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
        guess, skip_space = sniffed.delimiter, bool(sniffed.skipinitialspace)
    except csv.Error:  # it gives up on tiny or irregular samples
        guess, skip_space = None, False
    best, best_score = None, (0.0, False, 0)
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar='"',
                            doublequote=True, strict=False)
        try:
            widths = [len(record) for record in reader if any(f.strip() for f in record)]
        except csv.Error:  # a quote this delimiter does not open leaves a carriage return bare
            continue
        if not widths or widths[0] < 2:
            continue
        score = (widths.count(widths[0]) / len(widths), delimiter == guess, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    if best is None:
        return fallback, False
    return best, skip_space and best == guess


def _parse_text(stream: TextIO, source: str, encoding: str, delimiter: str, skip_space: bool, *,
                max_rows: int, max_cell_chars: int, pacer: Pacer) -> Table:
    reader = csv.reader(stream, delimiter=delimiter, quotechar='"', doublequote=True,
                        skipinitialspace=skip_space, strict=False)
    # Each record with reader.line_num just after it (where it ends), all in C: zip takes the
    # record first, then the line number the reader reached. A record starts after the last.
    ended = zip(reader, map(attrgetter("line_num"), repeat(reader)))
    headers: list[str] | None = None
    raw_headers: list[str] = []
    width = named = 0
    rows: list[TableRow] = []
    problems: list[RowProblem] = []
    count = 0
    last_line = 0  # reader.line_num after the previous record: the next record starts after it
    chunk: list[tuple[list[str], int]] = []
    try:
        for record, line in ended:  # up to the header: the first record with a value
            cells = list(map(str.strip, record))
            start, last_line = last_line + 1, line
            if not any(cells):
                continue  # blank line, or only separators and spaces
            width = len(cells)
            # Excel writes trailing separators for columns it once used ("ghost" columns):
            # trailing empty header cells are tolerated as long as no row fills them.
            named = width
            while not cells[named - 1]:
                named -= 1
            raw_headers = cells[:named]
            headers = check_header(source, raw_headers, f"line {start}", lambda i: str(i + 1))
            break
        if headers is None:
            raise cannot_read(source, "it is empty")
        while True:
            pacer.tick(count)
            chunk = []
            chunk.extend(islice(ended, TICK))  # (what it took before an error stays in it)
            if not chunk:
                break
            records, lines = zip(*chunk)
            starts = [last_line + 1, *(line + 1 for line in lines[:-1])]
            last_line = lines[-1]
            count = _take_chunk(records, starts, headers, width, named, count, rows, problems,
                                source=source, max_rows=max_rows, max_cell_chars=max_cell_chars)
    except csv.Error as exc:
        if chunk:
            last_line = chunk[-1][1]
        raise cannot_read(source, f"line {last_line + 1} is not valid CSV ({exc})") from None
    pacer.finish(count)
    return Table(source, headers, raw_headers, rows, problems, encoding)


def _take_chunk(records: Sequence[list[str]], starts: list[int], headers: list[str], width: int, named: int,
                count: int, rows: list[TableRow], problems: list[RowProblem], *, source: str, max_rows: int,
                max_cell_chars: int) -> int:
    """Add a run of records (after the header) to ``rows`` or ``problems``; returns the data
    rows counted so far. The usual run (no blank line, every record as wide as the header,
    no cell too long) is checked and built in whole-run C-level passes, the rest one by one."""
    cells = list(map(list, map(map, repeat(str.strip), records)))
    if (named == width and all(map(any, cells)) and set(map(len, cells)) == {width}
            and count + len(cells) <= max_rows and max(map(len, chain.from_iterable(cells))) <= max_cell_chars):
        values = cast("Iterator[dict[str, object]]", map(dict, map(zip, repeat(headers), cells)))
        rows.extend(map(TableRow, starts, values))
        return count + len(cells)
    for start, row in zip(starts, cells):
        if not any(row):
            continue  # blank line, or only separators and spaces
        count += 1
        if count > max_rows:
            raise too_many_rows(source, max_rows)
        if len(row) != width:
            problems.append(RowProblem(start, None, _field_count(row, width)))
        elif named < width and any(row[named:]):
            col = next(i for i in range(named, width) if row[i]) + 1
            problems.append(RowProblem(start, None, f"has a value in column {col}, which "
                                       "has no name in the header"))
        elif max(map(len, row)) > max_cell_chars:
            problems.extend(RowProblem(start, name, _too_long(len(cell), max_cell_chars))
                            for name, cell in zip(headers, row) if len(cell) > max_cell_chars)
        else:
            rows.append(TableRow(start, dict(zip(headers, row))))
    return count


def _field_count(cells: list[str], width: int) -> str:
    fields = "field" if len(cells) == 1 else "fields"
    reason = f"has {len(cells)} {fields}, the header has {width}"
    if len(cells) < width and any("\n" in c for c in cells):
        # A quote opened and never closed swallows the following lines into one value.
        reason += " (a quoted value may be missing its closing quote)"
    return reason


def _too_long(length: int, limit: int) -> str:
    return f"is {length:,} characters long; the limit is {limit:,}"
