"""The usage import's column reader: the same cells as read_table for a regular CSV, and None
(read_table then explains) for anything irregular."""

from __future__ import annotations

import pytest

from tracker.io.table_columns import ColumnTable, read_columns
from tracker.io.table_reader import read_table


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("name, text, encoding", [
    ("a.csv", "Login;Last Activity At\r\n annlee ;2026-03-13T17:45:12Z\r\nbob;None\r\n", "utf-8-sig"),
    ("b.csv", 'User,"Team, sub",Note\nann,"Sales, North","said ""hi"""\nbob,,\n', "utf-8"),
    ("c.txt", "name\tteam\nZoë\tVerkauf\n", "cp1252"),
    ("d.csv", "employee_id,rollout,used_on\nE1,Copilot,2026-01-05\nE2,Copilot,2026-01-06", "utf-8"),
    # No quotes: split on lines and delimiters; stripped only where a cell has space at an edge.
    ("e.csv", "id,name,day\r\nE1, Ann Lee ,2026-01-05\r\nE2,Bob\u00a0,2026-01-06\r\n", "utf-8"),
    ("f.csv", "id;note;x\nE1;a b;\t1\nE2;c\x1f;2 \n", "utf-8"),
    ("g.csv", "only\nE1\n E2\n", "utf-8"),
])
def test_a_regular_file_reads_as_read_table_reads_it(tmp_path, name, text, encoding):
    path = _write(tmp_path, name, text, encoding)
    by_column = read_columns(path)
    assert by_column is not None
    by_row = ColumnTable.of(read_table(path))
    assert by_column.columns == by_row.columns and list(by_column.numbers) == list(by_row.numbers)
    assert (by_column.headers, by_column.raw_headers) == (by_row.headers, by_row.raw_headers)


@pytest.mark.parametrize("text", [
    "a,b\n1,2\n3\n",  # a ragged row
    "a,b\n1,2\n\n3,4\n",  # a blank line
    "a,b\n1,2\r3,4\n",  # a lone carriage return: the csv module starts a record there
    "a,b\n1,2\n3,4,5\n6\n",  # as many separators in all as a regular file, not on each line
    "a\n1\n \n",  # a row of only spaces
    "a,b\n1,2\n,\n",  # a row of separators only
    'a,b\n"line\nbreak",2\n',  # a value over two lines
    "a,a\n1,2\n",  # a doubled header
    "a,b\n",  # no data
    "a,b\n" + "x" * 10_001 + ",2\n",  # an over-long cell
])
def test_anything_irregular_is_left_to_read_table(tmp_path, text):
    assert read_columns(_write(tmp_path, "x.csv", text)) is None


def test_workbooks_and_missing_files_are_left_to_read_table(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["a", "b"])
    book.active.append([1, 2])
    book.save(tmp_path / "x.xlsx")
    assert read_columns(tmp_path / "x.xlsx") is None
    assert read_columns(tmp_path / "missing.csv") is None
    assert read_columns(_write(tmp_path, "empty.csv", "")) is None
