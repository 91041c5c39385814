"""Hostile input files, generated per importer from its own header and one good row.

Each importer needs its own columns, so every hostile *kind* is built from the importer's
header and a row it accepts: a ragged row in a roster file must look like a roster otherwise,
or the importer would stop at "no column employee_id" and the test would prove nothing about
ragged rows. ``KINDS`` maps each kind to a builder and the words its documented error contains.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HUGE = 10_001  # one past table_reader.MAX_CELL_CHARS
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True)
class Kind:
    build: Callable[[Path, list[str], list[str]], Path]
    expect: str  # part of the error every importer must report for this file


def _csv(header: list[str], *rows: list[str]) -> str:
    return "\n".join(",".join(r) for r in (header, *rows)) + "\n"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def not_text(path: Path, header: list[str], row: list[str]) -> Path:
    """Bytes that are neither UTF-8 nor Windows-1252 (0x81 has no cp1252 character)."""
    text = _csv(header, row).encode("utf-8").replace(b"\n", b"\x81\n", 2)
    return _write(path / "not-text.csv", text)


def lying_bom(path: Path, header: list[str], row: list[str]) -> Path:
    """A UTF-8 BOM, then Windows-1252 bytes further down."""
    body = _csv(header, row).encode("utf-8") + ",".join(["Ren\xe9e"] * len(header)).encode("cp1252")
    return _write(path / "lying-bom.csv", b"\xef\xbb\xbf" + body + b"\n")


def utf16_garbage(path: Path, header: list[str], row: list[str]) -> Path:
    return _write(path / "utf16-garbage.csv", b"\xff\xfe" + b"\x00\xd8" * 64)


def duplicate_header(path: Path, header: list[str], row: list[str]) -> Path:
    return _write(path / "dup.csv", _csv(header + [header[0].upper()], row + [row[0]]).encode())


def ragged_rows(path: Path, header: list[str], row: list[str]) -> Path:
    return _write(path / "ragged.csv", _csv(header, row[:-1], row + ["extra"]).encode())


def huge_field(path: Path, header: list[str], row: list[str]) -> Path:
    return _write(path / "huge.csv", _csv(header, [row[0] + "x" * HUGE, *row[1:]]).encode())


def binary_named_csv(path: Path, header: list[str], row: list[str]) -> Path:
    return _write(path / "binary.csv", bytes(range(256)) * 8)


def zip_not_workbook(path: Path, header: list[str], row: list[str]) -> Path:
    target = path / "archive.xlsx"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("readme.txt", _csv(header, row))
    return target


def _workbook(header: list[str], rows: list[list[object]]):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    return wb, ws


def merged_header(path: Path, header: list[str], row: list[str]) -> Path:
    wb, ws = _workbook(header, [row])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    wb.save(path / "merged-header.xlsx")
    return path / "merged-header.xlsx"


def merged_data(path: Path, header: list[str], row: list[str]) -> Path:
    """Rows 2-3 share a value "merged down" in column A: row 3 would silently lose it."""
    wb, ws = _workbook(header, [row, ["", *row[1:]]])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    wb.save(path / "merged-data.xlsx")
    return path / "merged-data.xlsx"


def uncalculated_formula(path: Path, header: list[str], row: list[str]) -> Path:
    """openpyxl writes formulas without a cached value, as a script-made file would have."""
    wb, ws = _workbook(header, [[*row[:-1], '=CONCAT("a","b")']])
    wb.save(path / "formula.xlsx")
    return path / "formula.xlsx"


def lone_surrogate(path: Path, header: list[str], row: list[str]) -> Path:
    """A cell that spells half of a UTF-16 pair the way Excel escapes characters: no text."""
    wb, _ws = _workbook(header, [[row[0] + "_xD800_", *row[1:]]])
    wb.save(path / "surrogate.xlsx")
    return path / "surrogate.xlsx"


def _with_shared_strings(header: list[str], row: list[str], shared_strings: str) -> bytes:
    """A minimal valid workbook whose cells point into the given sharedStrings part."""
    cells = []
    for r, values in enumerate((header, row), 1):
        refs = "".join(f'<c r="{chr(65 + i)}{r}" t="s"><v>{(r - 1) * len(header) + i + 1}</v></c>'
                       for i in range(len(values)))
        cells.append(f'<row r="{r}">{refs}</row>')
    sheet = (f'<?xml version="1.0"?><worksheet xmlns="{_MAIN_NS}"><sheetData>{"".join(cells)}'
             "</sheetData></worksheet>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
            'formats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" '
            f'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared_strings,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buf.getvalue()


def shared_strings(values: list[str], doctype: str = "", first: str | None = None) -> str:
    items = "".join(f"<si><t>{v}</t></si>" for v in values)
    head = f"<si><t>{first}</t></si>" if first is not None else "<si><t>unused</t></si>"
    return f'<?xml version="1.0"?>{doctype}<sst xmlns="{_MAIN_NS}">{head}{items}</sst>'


def xml_bomb(path: Path, header: list[str], row: list[str]) -> Path:
    """Billion laughs in sharedStrings: ten levels of ten, a 10 GB string if expanded."""
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    sst = shared_strings(header + row, f"<!DOCTYPE sst [{entities}]>", first="&l9;")
    return _write(path / "bomb.xlsx", _with_shared_strings(header, row, sst))


def xml_bomb_in_sheet(path: Path, header: list[str], row: list[str]) -> Path:
    """The same entities in the worksheet itself, used by an inline-string cell."""
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    source = zipfile.ZipFile(io.BytesIO(valid_workbook_bytes(header, row)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name).decode()
            if name == "xl/worksheets/sheet1.xml":
                data = data.replace("<worksheet", f"<!DOCTYPE worksheet [{entities}]><worksheet", 1)
                data = data.replace("</sheetData>", '<row r="3"><c r="A3" t="inlineStr"><is><t>'
                                    "&l9;</t></is></c></row></sheetData>", 1)
            archive.writestr(name, data)
    return _write(path / "sheet-bomb.xlsx", buf.getvalue())


def valid_workbook_bytes(header: list[str], row: list[str]) -> bytes:
    """The same hand-made workbook without the bomb: proves the container itself is readable."""
    return _with_shared_strings(header, row, shared_strings(header + row))


KINDS: dict[str, Kind] = {
    "not-utf8-nor-cp1252": Kind(not_text, "neither UTF-8 nor Windows-1252"),
    "bom-that-lies": Kind(lying_bom, "it says it is UTF-8 text, but line 3 is not"),
    "utf16-garbage": Kind(utf16_garbage, "not valid utf-16"),
    "duplicate-header": Kind(duplicate_header, "appears twice"),
    "ragged-rows": Kind(ragged_rows, "the header has"),
    "huge-field": Kind(huge_field, "characters long; the limit is 10,000"),
    "binary-named-csv": Kind(binary_named_csv, "binary data"),
    "zip-not-a-workbook": Kind(zip_not_workbook, "not an Excel workbook"),
    "merged-header": Kind(merged_header, "are merged"),
    "merged-data-cells": Kind(merged_data, "is part of the merged cells A2:A3"),
    "uncalculated-formula": Kind(uncalculated_formula, "never calculated"),
    "lone-surrogate": Kind(lone_surrogate, "holds U+D800, half of a UTF-16 pair"),
    "xml-bomb-shared-strings": Kind(xml_bomb, "XML bomb"),
    "xml-bomb-in-sheet": Kind(xml_bomb_in_sheet, "XML bomb"),
}
