"""The shared table reader: encodings, dialects, headers, row problems, workbooks, limits, cancel.

Every file is built in tmp_path, byte for byte where the bytes matter (BOMs, Windows-1252,
UTF-16), so each test states exactly what a user's file looks like.
"""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from property_budget import examples

from tracker.io.table_reader import (
    MAX_CELL_CHARS,
    ReadCancelled,
    RowProblem,
    TableReadError,
    normalise_header,
    read_table,
)


def write_text(tmp_path: Path, text: str, name: str = "people.csv",
               encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def values(table) -> list[dict[str, object]]:
    return [row.values for row in table.rows]


def numbers(table) -> list[int]:
    return [row.number for row in table.rows]


def read_error(path: Path, **kwargs) -> str:
    with pytest.raises(TableReadError) as caught:
        read_table(path, **kwargs)
    return str(caught.value)


# --- header names -----------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("Employee ID ", "employee_id"),
    ("  employee-id", "employee_id"),
    ("EMPLOYEE  -  ID", "employee_id"),
    ("Employee_ID", "employee_id"),
    ("Team\tName", "team_name"),
    ("Start\u00a0date", "start_date"),  # non-breaking space, as pasted from web pages
    ("\ufeffname", "name"),
    ("Café", "café"),
    (" - ", ""),
])
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected


# --- encodings --------------------------------------------------------------------------------


def test_utf8_values_and_row_numbers(tmp_path):
    path = write_text(tmp_path, "id,name,team\nE1,Zoë Ødegaard,Sales\nE2, Bob ,R&D\n")
    table = read_table(path)
    assert table.encoding == "utf-8"
    assert table.source == "people.csv"
    assert table.headers == ["id", "name", "team"]
    assert values(table) == [{"id": "E1", "name": "Zoë Ødegaard", "team": "Sales"},
                             {"id": "E2", "name": "Bob", "team": "R&D"}]
    assert numbers(table) == [2, 3]
    assert table.problems == []


def test_utf8_with_bom_drops_the_bom_from_the_first_header(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b"\xef\xbb\xbfid,name\r\nE1,J\xc3\xbcrgen\r\n")
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.raw_headers == ["id", "name"]
    assert values(table) == [{"id": "E1", "name": "Jürgen"}]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_tab_separated(tmp_path, codec):
    # Excel's "Unicode text" export: UTF-16 with a BOM, tab separated, CRLF.
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text = "Employee ID\tName\tTeam\r\nE1\t李小龍\tKung, Fu\r\nE2\tJosé\tSales\r\n"
    path = tmp_path / "export.txt"
    path.write_bytes(bom + text.encode(codec))
    table = read_table(path)
    assert table.encoding == "utf-16"
    assert table.headers == ["employee_id", "name", "team"]
    assert values(table) == [{"employee_id": "E1", "name": "李小龍", "team": "Kung, Fu"},
                             {"employee_id": "E2", "name": "José", "team": "Sales"}]


def test_utf16_header_only_falls_back_to_tab(tmp_path):
    path = tmp_path / "export.txt"
    path.write_bytes("id\tname, full\r\n".encode("utf-16"))
    table = read_table(path)
    assert table.headers == ["id", "name,_full"]
    assert table.rows == []


def test_windows_1252(tmp_path):
    path = write_text(tmp_path, "id;name;budget\r\nE1;Renée Müller;5 €\r\n", encoding="cp1252")
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert values(table) == [{"id": "E1", "name": "Renée Müller", "budget": "5 €"}]


def test_utf8_detection_checks_the_whole_file_across_chunk_boundaries(tmp_path):
    # A two-byte character split across the 1 MiB read boundary is still UTF-8, and a
    # Windows-1252 byte after the first MiB is still found.
    long_cell = "a" * ((1 << 20) - len("id,note\nE1,") - 1) + "é"
    good = write_text(tmp_path, f"id,note\nE1,{long_cell}\nE2,ok\n", "good.csv")
    assert read_table(good, max_cell_chars=2_000_000).encoding == "utf-8"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(good.read_bytes() + "E3,Café\n".encode("cp1252"))
    table = read_table(bad, max_cell_chars=2_000_000)
    assert table.encoding == "cp1252"
    assert table.rows[-1].values == {"id": "E3", "note": "Café"}


def test_bom_that_lies_is_refused_with_the_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\xef\xbb\xbfid,name\nE1,Ann\nE2,Ren\xe9e\n")
    assert "line 3" in read_error(path)


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_bytes(b"id,name\nE1,\x81\x8d\n")
    message = read_error(path)
    assert "neither UTF-8 nor Windows-1252" in message and "line 2" in message


# --- dialects ---------------------------------------------------------------------------------


def test_semicolon_delimiter_with_decimal_commas(tmp_path):
    path = write_text(tmp_path, "id;name;hours\nE1;Smith, John;3,5\nE2;Doe, Jane;12,25\n")
    table = read_table(path)
    assert values(table) == [{"id": "E1", "name": "Smith, John", "hours": "3,5"},
                             {"id": "E2", "name": "Doe, Jane", "hours": "12,25"}]


def test_sniffers_delimiter_is_checked_against_the_rows(tmp_path):
    # csv.Sniffer calls this semicolon separated; it is what csv.writer writes for ['";', ''].
    table = read_table(write_text(tmp_path, 'Q,c\n""";",\n'))
    assert table.headers == ["q", "c"]
    assert values(table) == [{"q": '";', "c": ""}]


def test_pipe_delimiter(tmp_path):
    path = write_text(tmp_path, "id|name\nE1|Ann\n")
    assert values(read_table(path)) == [{"id": "E1", "name": "Ann"}]


def test_semicolon_header_only_file(tmp_path):
    path = write_text(tmp_path, "id;name;team\n")
    table = read_table(path)
    assert table.headers == ["id", "name", "team"]
    assert table.rows == [] and table.problems == []


def test_quoted_comma_embedded_newline_and_doubled_quotes(tmp_path):
    text = ('id,name,notes\n'
            'E1,"Smith, John","first line\nsecond line"\n'
            'E2,Ann,"she said ""hi"""\n'
            'E3,Bo,plain\n')
    table = read_table(write_text(tmp_path, text))
    assert values(table) == [
        {"id": "E1", "name": "Smith, John", "notes": "first line\nsecond line"},
        {"id": "E2", "name": "Ann", "notes": 'she said "hi"'},
        {"id": "E3", "name": "Bo", "notes": "plain"},
    ]
    # Physical line where each record starts: the two-line record pushes the next ones down.
    assert numbers(table) == [2, 4, 5]


def test_apostrophes_are_not_taken_for_quotes(tmp_path):
    # csv.Sniffer guesses ' as the quote character for this sample.
    text = "id,name,team\n1,O'Brien,Sales\n2,'t Hart,R&D\n3,D'Arcy,'s Lab'\n"
    table = read_table(write_text(tmp_path, text))
    assert [v["name"] for v in values(table)] == ["O'Brien", "'t Hart", "D'Arcy"]
    assert values(table)[2]["team"] == "'s Lab'"


def test_unclosed_quote_is_reported_with_a_hint(tmp_path):
    text = 'id,name,team\nE1,"Smith,Sales\nE2,Ann,Claims\n'
    table = read_table(write_text(tmp_path, text))
    assert table.rows == []
    [problem] = table.problems
    assert problem.row == 2 and "closing quote" in problem.reason


def test_runaway_quote_beyond_the_csv_modules_default_field_limit(tmp_path):
    # The csv module alone would abort here ("field larger than field limit (131072)").
    text = 'id,name,team\nE1,"Ann,Claims\n' + "E2,Bob,Billing\n" * 20_000
    table = read_table(write_text(tmp_path, text))
    assert table.rows == []
    [problem] = table.problems
    assert problem.row == 2 and "closing quote" in problem.reason


# --- headers ----------------------------------------------------------------------------------


def test_header_case_and_spaces_normalised_raw_kept(tmp_path):
    path = write_text(tmp_path, "  Employee ID ,FIRST-NAME,Team  Name\nE1,Ann,Claims\n")
    table = read_table(path)
    assert table.headers == ["employee_id", "first_name", "team_name"]
    assert table.raw_headers == ["Employee ID", "FIRST-NAME", "Team  Name"]
    assert values(table) == [{"employee_id": "E1", "first_name": "Ann", "team_name": "Claims"}]


def test_duplicate_header_after_normalisation(tmp_path):
    path = write_text(tmp_path, "id,Name,team,name \nE1,a,b,c\n")
    message = read_error(path)
    assert "people.csv" in message
    assert "the column 'name' appears twice (columns 2 and 4)" in message


def test_empty_header_name_names_the_column(tmp_path):
    path = write_text(tmp_path, "id,,team\nE1,a,b\n")
    message = read_error(path)
    assert "column 2 of the header row" in message and "no name" in message


def test_trailing_empty_header_cells_are_tolerated_unless_rows_fill_them(tmp_path):
    # Excel writes separators for columns it once used after the table ("ghost" columns).
    path = write_text(tmp_path, "id,name,,\nE1,Ann,,\nE2,Bob,,oops\n")
    table = read_table(path)
    assert table.headers == ["id", "name"]
    assert values(table) == [{"id": "E1", "name": "Ann"}]
    assert table.problems == [RowProblem(3, None, "has a value in column 4, which has no name "
                                                  "in the header")]


def test_leading_blank_lines_before_the_header(tmp_path):
    table = read_table(write_text(tmp_path, "\n,,\nid,name\nE1,Ann\n"))
    assert table.headers == ["id", "name"]
    assert numbers(table) == [4]


# --- row problems -----------------------------------------------------------------------------


def test_short_and_long_rows_are_problems_with_their_line_numbers(tmp_path):
    text = "id,name,team\nE1,Ann,Claims\nE2,Bob\nE3,Cy,Claims,extra\nE4,Dee,Billing\n"
    table = read_table(write_text(tmp_path, text))
    assert [v["id"] for v in values(table)] == ["E1", "E4"]
    assert numbers(table) == [2, 5]
    assert table.problems == [
        RowProblem(3, None, "has 2 fields, the header has 3"),
        RowProblem(4, None, "has 4 fields, the header has 3"),
    ]


def test_blank_rows_are_skipped_silently(tmp_path):
    text = "id,name\n\nE1,Ann\n , \n,\n\r\nE2,Bob\n\n"
    table = read_table(write_text(tmp_path, text))
    assert values(table) == [{"id": "E1", "name": "Ann"}, {"id": "E2", "name": "Bob"}]
    assert numbers(table) == [3, 7]
    assert table.problems == []


def test_cell_too_long(tmp_path):
    text = f"id,name,notes\nE1,Ann,{'x' * 51}\nE2,Bob,{'y' * 50}\n"
    table = read_table(write_text(tmp_path, text), max_cell_chars=50)
    assert numbers(table) == [3]
    assert table.problems == [RowProblem(2, "notes", "is 51 characters long; the limit is 50")]


def test_default_cell_limit(tmp_path):
    text = f"id,notes\nE1,{'x' * (MAX_CELL_CHARS + 1)}\nE2,{'y' * MAX_CELL_CHARS}\n"
    table = read_table(write_text(tmp_path, text))
    assert numbers(table) == [3]
    assert [p.column for p in table.problems] == ["notes"]


def test_max_rows(tmp_path):
    path = write_text(tmp_path, "id\n" + "".join(f"E{i}\n" for i in range(5)))
    assert len(read_table(path, max_rows=5).rows) == 5
    message = read_error(path, max_rows=4)
    assert "more than 4 data rows" in message


def test_max_bytes(tmp_path):
    path = write_text(tmp_path, "id,name\nE1,Ann\n")  # 15 bytes
    assert read_table(path, max_bytes=15).rows
    message = read_error(path, max_bytes=14)
    assert "15 bytes" in message and "limit of 14 bytes" in message


# --- whole-file failures ----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n", b",,,\n , ,\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "people.csv"
    path.write_bytes(content)
    assert read_error(path) == "Cannot read 'people.csv': it is empty."


def test_header_only_file_has_no_rows(tmp_path):
    table = read_table(write_text(tmp_path, "id,name\n"))
    assert table.headers == ["id", "name"] and table.rows == [] and table.problems == []


@pytest.mark.parametrize("name", ["people.csv", "people.xlsx"])
def test_binary_garbage(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(bytes(range(256)) * 40)
    assert "is not a CSV or Excel file" in read_error(path)


def test_binary_garbage_without_nul_bytes(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0b\x0c") * 200)
    assert "is not a CSV or Excel file" in read_error(path)


def test_garbage_after_a_utf16_bom(tmp_path):
    path = tmp_path / "people.txt"
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 10)  # lone surrogates
    assert "is not a CSV or Excel file" in read_error(path)


def test_workbook_saved_with_a_csv_name(tmp_path):
    path = tmp_path / "people.csv"
    workbook_file(tmp_path, [["id"], ["E1"]]).rename(path)
    assert ".xlsx" in read_error(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "not an Excel workbook" in read_error(path)


def test_text_file_with_an_xlsx_name(tmp_path):
    assert "not a CSV or Excel file" in read_error(write_text(tmp_path, "id\nE1\n", "people.xlsx"))


@pytest.mark.parametrize("name", ["people.pdf", "people.json", "people"])
def test_wrong_extension(tmp_path, name):
    path = write_text(tmp_path, "id,name\nE1,Ann\n", name)
    assert "is not a CSV or Excel file" in read_error(path)


def test_old_xls_gets_a_specific_message(tmp_path):
    path = tmp_path / "people.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "Excel 97-2003" in read_error(path)


def test_missing_file(tmp_path):
    assert read_error(tmp_path / "gone.csv") == "Cannot read 'gone.csv': the file does not exist."


def test_folder(tmp_path):
    (tmp_path / "people.csv").mkdir()
    assert read_error(tmp_path / "people.csv") == ("Cannot read 'people.csv': it is a folder, "
                                                   "not a file.")


def test_empty_workbook_file(tmp_path):
    (tmp_path / "people.xlsx").write_bytes(b"")
    assert read_error(tmp_path / "people.xlsx") == "Cannot read 'people.xlsx': it is empty."


def test_password_protected_workbook(tmp_path):
    # Encrypted .xlsx files are OLE2 containers, like the old .xls format.
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "password-protected" in read_error(path)


def test_permission_error_is_a_table_read_error(tmp_path, monkeypatch):
    path = write_text(tmp_path, "id\nE1\n")
    real_open = builtins.open

    def refuse(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    # chmod 000 does not stop root (CI containers), so the refusal is simulated at open().
    monkeypatch.setattr(builtins, "open", refuse)
    assert "access to it was refused" in read_error(path)


# --- workbooks --------------------------------------------------------------------------------


def workbook_file(tmp_path: Path, rows: list[list[object]], name: str = "people.xlsx",
                  setup=None, title: str = "People") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if setup is not None:
        setup(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def rewrite_sheet(path: Path, change) -> None:
    """Edit the first sheet's XML in place: openpyxl cannot write what Excel writes."""
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts[member].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_workbook_values(tmp_path):
    rows = [
        ["Employee ID", "Name", "Start date", "Hours", "Active", "Serial"],
        [12345.0, "  Ann  ", dt.datetime(2024, 3, 1), 7.5, True, 45352],
        [7, "Bob", None, 0, False, None],
    ]
    path = workbook_file(tmp_path, rows)
    # openpyxl writes 12345.0 as "12345"; HR exports often write the float form.
    rewrite_sheet(path, lambda xml: xml.replace("<v>12345</v>", "<v>12345.0</v>"))
    table = read_table(path)
    assert table.encoding is None
    assert table.headers == ["employee_id", "name", "start_date", "hours", "active", "serial"]
    first, second = values(table)
    assert first == {"employee_id": 12345, "name": "Ann", "start_date": dt.datetime(2024, 3, 1),
                     "hours": 7.5, "active": True, "serial": 45352}
    assert type(first["employee_id"]) is int
    assert second == {"employee_id": 7, "name": "Bob", "start_date": "", "hours": 0,
                      "active": False, "serial": ""}
    assert numbers(table) == [2, 3]


def test_macro_enabled_workbook_name(tmp_path):
    path = workbook_file(tmp_path, [["id"], ["E1"]], name="people.xlsm")
    assert values(read_table(path)) == [{"id": "E1"}]


def test_workbook_header_is_first_non_empty_row_and_blank_rows_skipped(tmp_path):
    def setup(workbook):
        sheet = workbook.active
        sheet["B3"], sheet["C3"] = "ID", "Name"
        sheet["B4"], sheet["C4"] = "E1", "Ann"
        sheet["B6"], sheet["C6"] = "E2", "Bob"
        sheet["C7"] = "   "
        sheet["D3"].font = openpyxl.styles.Font(bold=True)  # styled but empty header cell

    table = read_table(workbook_file(tmp_path, [], setup=setup))
    assert table.headers == ["id", "name"]
    assert numbers(table) == [4, 6]
    assert values(table)[1] == {"id": "E2", "name": "Bob"}
    assert table.problems == []


def test_workbook_row_numbers_survive_a_wrong_dimension(tmp_path):
    path = workbook_file(tmp_path, [["id"], ["E1"], ["E2"], ["E3"]])
    rewrite_sheet(path, lambda xml: xml.replace('<dimension ref="A1:A4"', '<dimension ref="A1"'))
    assert [v["id"] for v in values(read_table(path))] == ["E1", "E2", "E3"]


def test_workbook_merged_header(tmp_path):
    path = workbook_file(tmp_path, [["id", "Name", None], ["E1", "Ann", "Smith"]],
                         setup=lambda wb: wb.active.merge_cells("B1:C1"))
    message = read_error(path)
    assert "B1:C1" in message and "merged" in message


def test_workbook_merged_data_cell_hides_values(tmp_path):
    rows = [["id", "team"], ["E1", "Claims"], ["E2", None], ["E3", "Billing"]]
    path = workbook_file(tmp_path, rows, setup=lambda wb: wb.active.merge_cells("B2:B3"))
    table = read_table(path)
    assert [v["id"] for v in values(table)] == ["E1", "E3"]
    assert table.problems == [RowProblem(3, "team", "is part of the merged cells B2:B3; "
                                                     "only B2 holds their value")]


def test_workbook_uncalculated_formula(tmp_path):
    rows = [["id", "hours", "double"], ["E1", 2, "=B2*2"], ["E2", 3, 6]]
    table = read_table(workbook_file(tmp_path, rows))
    assert values(table) == [{"id": "E2", "hours": 3, "double": 6}]
    assert table.problems == [RowProblem(
        2, "double", "formula that was never calculated; open and save the file in Excel")]


def test_workbook_calculated_formulas_are_read(tmp_path):
    # As Excel saves them: a cached number, and an empty text result of =IF(...,"",...).
    rows = [["id", "double", "label"], ["E1", "=1+1", '=IF(TRUE,"","x")']]
    path = workbook_file(tmp_path, rows)
    rewrite_sheet(path, lambda xml: xml.replace("<f>1+1</f><v />", "<f>1+1</f><v>2</v>")
                  .replace('<c r="C2">', '<c r="C2" t="str">'))
    table = read_table(path)
    assert table.problems == []
    assert values(table) == [{"id": "E1", "double": 2, "label": ""}]


def test_workbook_value_beyond_the_header(tmp_path):
    rows = [["id", "name"], ["E1", "Ann", "note"], ["E2", "Bob"]]
    table = read_table(workbook_file(tmp_path, rows))
    assert numbers(table) == [3]
    assert table.problems == [RowProblem(2, None, "has a value in column C, which has no name "
                                                  "in the header")]


def test_workbook_duplicate_and_empty_headers_use_column_letters(tmp_path):
    assert "columns A and C" in read_error(workbook_file(tmp_path, [["Name", "x", "name"]]))
    assert "column B" in read_error(workbook_file(tmp_path, [["id", None, "team"]], "b.xlsx"))


def test_workbook_cell_too_long(tmp_path):
    table = read_table(workbook_file(tmp_path, [["id", "notes"], ["E1", "x" * 11]]),
                       max_cell_chars=10)
    assert table.problems == [RowProblem(2, "notes", "is 11 characters long; the limit is 10")]


def test_workbook_max_rows(tmp_path):
    path = workbook_file(tmp_path, [["id"]] + [[f"E{i}"] for i in range(3)])
    assert "more than 2 data rows" in read_error(path, max_rows=2)


def test_workbook_sheet_by_name_and_missing_sheet(tmp_path):
    def setup(workbook):
        workbook.create_sheet("Training").append(["module"])
        workbook["Training"].append(["Basics"])

    path = workbook_file(tmp_path, [["id"], ["E1"]], setup=setup)
    assert values(read_table(path)) == [{"id": "E1"}]
    assert values(read_table(path, sheet="Training")) == [{"module": "Basics"}]
    assert values(read_table(path, sheet="training")) == [{"module": "Basics"}]
    message = read_error(path, sheet="Teams")
    assert "'Teams'" in message and "'People', 'Training'" in message


def test_empty_workbook(tmp_path):
    assert "is empty" in read_error(workbook_file(tmp_path, []))


def test_workbook_part_that_unpacks_beyond_the_limit(tmp_path):
    path = workbook_file(tmp_path, [["id"], ["E1"]])
    size = path.stat().st_size
    assert "unpacks to more than" in read_error(path, max_bytes=size)  # XML parts are bigger


# --- progress and cancel ----------------------------------------------------------------------


def many_rows(tmp_path: Path, count: int) -> Path:
    lines = ["id,name"] + [f"E{i},Person {i}" for i in range(count)]
    return write_text(tmp_path, "\n".join(lines) + "\n")


def test_progress_is_reported_about_every_10000_rows_and_at_the_end(tmp_path):
    seen: list[int] = []
    read_table(many_rows(tmp_path, 25_000), progress=seen.append)
    assert seen[-1] == 25_000
    assert len(seen) == 3
    assert 10_000 <= seen[0] < 11_000 and 20_000 <= seen[1] < 21_000


def test_cancel_stops_reading(tmp_path):
    seen: list[int] = []
    with pytest.raises(ReadCancelled):
        read_table(many_rows(tmp_path, 50_000), progress=seen.append, cancelled=lambda: bool(seen))
    assert len(seen) == 1 and seen[0] < 12_000


def test_cancel_before_start(tmp_path):
    with pytest.raises(ReadCancelled):
        read_table(many_rows(tmp_path, 3), cancelled=lambda: True)


def test_cancel_a_workbook(tmp_path):
    path = workbook_file(tmp_path, [["id"]] + [[i] for i in range(2_500)])
    polls = 0

    def cancelled() -> bool:
        nonlocal polls
        polls += 1
        return polls > 2

    with pytest.raises(ReadCancelled):
        read_table(path, cancelled=cancelled)


def test_module_does_not_import_openpyxl():
    code = ("import sys, tracker.io.table_reader as t; t.read_table; "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False"


# --- property: what csv.writer writes, read_table reads back ----------------------------------

HEADER_NAMES = st.lists(st.from_regex(r"[A-Za-z][A-Za-z0-9 ]{0,8}", fullmatch=True),
                        min_size=2, max_size=5, unique_by=normalise_header)
# Any character Windows-1252 can hold (so every encoding below can write it) except control
# characters; line breaks inside values are included on purpose.
CELL_TEXT = st.text(st.characters(codec="cp1252", exclude_categories=["Cc"],
                                  include_characters="\n"), max_size=12)


# One tmp_path for all examples is fine: each example overwrites the same file.
@settings(max_examples=examples(150), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=HEADER_NAMES, data=st.data(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
       delimiter=st.sampled_from([",", ";", "\t", "|"]))
def test_csv_writer_output_round_trips(tmp_path, header, data, encoding, delimiter):
    rows = data.draw(st.lists(st.lists(CELL_TEXT, min_size=len(header), max_size=len(header)),
                              max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    raw = buffer.getvalue().encode(encoding)
    if encoding == "cp1252":
        # Windows-1252 bytes that happen to be valid UTF-8 ("Ã©") are read as UTF-8: an
        # ambiguity no reader can resolve, and one real files do not have.
        try:
            raw.decode("utf-8")
            assume(raw.isascii())
        except UnicodeDecodeError:
            pass
    path = tmp_path / "roundtrip.csv"
    path.write_bytes(raw)

    table = read_table(path)

    expected = [[cell.strip() for cell in row] for row in rows]
    expected = [row for row in expected if any(row)]
    names = [normalise_header(h) for h in header]
    assert table.headers == names
    assert table.problems == []
    assert [[row.values[n] for n in names] for row in table.rows] == expected


def test_a_carriage_return_inside_a_quoted_field_does_not_upset_the_delimiter_choice(tmp_path):
    """Tried as ';'-separated, the quoted field below opens no quote and leaves its carriage
    return bare, which the csv module raises on; the candidate is dropped, not the import."""
    path = tmp_path / "cr.csv"
    rows = [["employee_id", "name", "team"], ["E1", 'old "mac"\rline; x', "Sales"], ["E2", "Bo", "Ops"]]
    with open(path, "w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    table = read_table(path)
    assert [r.values["name"] for r in table.rows] == ['old "mac"\rline; x', "Bo"]
