"""Zip bombs are refused from the zip directory, in under a second and with little memory.

The bomb is what issue 22 met: an .xlsx of a few MB whose one sheet unpacks to hundreds of MB
(millions of one repeated row); before, it was read for minutes with gigabytes of memory. Each
refusal runs in a child process, which reports its time and its peak memory (VmHWM), so the
figures are the reader's own and not the test runner's.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROWS = 8_000_000  # one repeated row: about 470 MB of sheet XML in a few MB
_ROW = '<row><c t="inlineStr"><is><t>E1</t></is></c><c><v>1</v></c></row>'
_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
         '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_TAIL = "</sheetData></worksheet>"


def _workbook_parts() -> dict[str, str]:
    """Every part of a minimal workbook but the sheet, as openpyxl writes them."""
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active.append(["id", "n"])
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n != "xl/worksheets/sheet1.xml"}


# The bombs are packed at zlib's fastest level: half the CPU of the default level, and still a
# few MB that unpack to hundreds (over 100 times, MAX_RATIO in tracker/io/zip_limits.py).
FASTEST = 1


def _write_bomb(path: Path, rows: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=FASTEST) as archive:
        for name, data in _workbook_parts().items():
            archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write((_HEAD + '<row r="1"><c r="A1" t="inlineStr"><is><t>employee_id</t></is></c>'
                         '<c r="B1" t="inlineStr"><is><t>n</t></is></c></row>').encode())
            block = (_ROW * 10_000).encode()
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(_TAIL.encode())
    return path


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    return _write_bomb(tmp_path_factory.mktemp("bomb") / "roster.xlsx", ROWS)


def _lie_about_size(path: Path, part: str, declared: int) -> None:
    """Rewrite the zip directory (and the local header) to say `part` unpacks to `declared`
    bytes; its data stays as it is."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == name:
            extra = struct.unpack_from("<H", data, at + 30)[0]
            struct.pack_into("<I", data, at + 24, declared)
            if struct.unpack_from("<I", data, at + 20)[0] == 0xFFFFFFFF or extra:
                # zip64: the sizes are in the extra field (uncompressed first)
                field = at + 46 + length
                end = field + extra
                while field < end:
                    tag, size = struct.unpack_from("<HH", data, field)
                    if tag == 1:
                        struct.pack_into("<Q", data, field + 4, declared)
                        struct.pack_into("<I", data, at + 24, 0xFFFFFFFF)
                        break
                    field += 4 + size
            local = struct.unpack_from("<I", data, at + 42)[0]
            struct.pack_into("<I", data, local + 22, min(declared, 0xFFFFFFFE))
            break
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))


_CHILD = """
import json, sys, time
from pathlib import Path
import openpyxl, tracker.io.table_reader_xlsx  # imported before the clock starts: the
kind, path = sys.argv[1], Path(sys.argv[2])  # time asked about is the reading's, not Python's
start = time.perf_counter()
if kind == "read_table":
    from tracker.io.table_reader import TableReadError, read_table
    try:
        read_table(path)
        message = None
    except TableReadError as e:
        message = str(e)
else:
    from tracker.services.portable_import import preview_portable
    from tracker.store import Workspace
    with Workspace.open(Path(sys.argv[3])) as ws:
        start = time.perf_counter()  # the reading, not the making of a new workspace
        preview = preview_portable(ws, path)
        message = None if preview.ok else preview.report()
seconds = time.perf_counter() - start
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"message": message, "seconds": seconds, "peak_mb": peak / 1024}))
"""


def _refuse_in_child(kind: str, path: Path, *extra: Path) -> dict:
    root = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", _CHILD, kind, str(path), *map(str, extra)],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_bomb_is_what_the_issue_met(bomb):
    with zipfile.ZipFile(bomb) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    assert bomb.stat().st_size < 5_000_000 and sheet.file_size > 400_000_000


def test_an_importer_refuses_the_bomb_in_under_a_second_with_little_memory(bomb):
    result = _refuse_in_child("read_table", bomb)
    assert result["message"] and "zip bomb" in result["message"], result
    assert "xl/worksheets/sheet1.xml" in result["message"] and "\n" not in result["message"]
    assert result["seconds"] < 1.0, result
    assert result["peak_mb"] <= 300, result


def test_import_data_refuses_the_bomb_in_under_a_second_with_little_memory(bomb, tmp_path):
    result = _refuse_in_child("import-data", bomb, tmp_path / "w.tracker")
    assert result["message"] and "zip bomb" in result["message"], result
    assert result["seconds"] < 1.0, result
    assert result["peak_mb"] <= 300, result


@pytest.mark.slow  # builds a bomb of its own and refuses it in a child process: 1.6 s
def test_a_zip_of_csv_files_that_is_a_bomb_is_refused_too(tmp_path):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=FASTEST) as archive:
        with archive.open("people.csv", "w", force_zip64=True) as part:
            part.write(b"employee_id,name,team\n")
            block = b"E1,Ann,Sales\n" * 100_000
            for _ in range(200):  # 260 MB
                part.write(block)
    result = _refuse_in_child("import-data", path, tmp_path / "w.tracker")
    assert result["message"] and "zip bomb" in result["message"] and "people.csv" in result["message"]
    assert result["seconds"] < 1.0 and result["peak_mb"] <= 300, result


def test_a_zip_directory_that_lies_about_a_size_is_read_no_further_than_it_declares(bomb, tmp_path):
    """The directory says the sheet is 200 KB; its data unpacks to hundreds of MB. Reading stops
    at the declared size and the file is refused as damaged, quickly and with little memory."""
    path = tmp_path / "liar.xlsx"
    shutil.copyfile(bomb, path)  # the module's bomb, its directory then rewritten here
    _lie_about_size(path, "xl/worksheets/sheet1.xml", 200_000)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 200_000
    result = _refuse_in_child("read_table", path)
    assert result["message"] and "\n" not in result["message"], result
    assert "does not unpack to what its zip directory declares" in result["message"], result
    assert result["seconds"] < 1.0 and result["peak_mb"] <= 300, result


def test_a_zip_directory_of_too_many_parts_is_refused_before_it_is_listed(tmp_path):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(10_001):
            archive.writestr(f"p/{n}", b"")
    result = _refuse_in_child("read_table", path)
    assert result["message"] and "10,001 parts" in result["message"], result


# 12,000 rows make a 2 MB sheet, twice the size from which the ratio limit applies, and pack
# as 60,000 do (9.2 and 9.3 times); writing and reading 60,000 takes 7 s of CPU, so that size
# runs with the slow tests.
@pytest.mark.parametrize("rows", [12_000, pytest.param(60_000, marks=pytest.mark.slow)])
def test_a_real_workbook_is_not_taken_for_a_bomb(tmp_path, rows):
    """A big sheet of varied rows packs about ten times: well under the ratio limit."""
    from openpyxl import Workbook

    from tracker.io.table_reader import read_table
    from tracker.io.zip_limits import RATIO_FLOOR

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(["employee_id", "name", "team"])
    for n in range(rows):
        sheet.append([f"E{n:06d}", f"Person {n * 7919 % 100_003}", f"Team {n % 97}"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > RATIO_FLOOR  # so the ratio is checked
    assert len(read_table(path).rows) == rows
