"""Half of a UTF-16 pair is not a character: every way in refuses it, naming row and column.

It can only arrive spelled as an escape in a workbook (``_xD800_``): no UTF-8 file holds one,
and the window's text fields drop it. The other importers meet it in
tests/hostile/test_hostile_imports.py (kind "lone-surrogate"); here the roster names the
column, and import-data names the sheet, row and column.
"""

from __future__ import annotations

import pytest
from naughty_strings import UNSTORABLE

from tracker.io.ooxml_text import escape, lone_surrogate, unescape
from tracker.services.portable_import import preview_portable
from tracker.services.roster_import import preview_roster


def _book(path, header, rows):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "people"
    sheet.append(header)
    for row in rows:
        sheet.append([escape(v) for v in row])
    book.save(path)
    return path


@pytest.mark.parametrize("text", [t for _, t in UNSTORABLE])
def test_escape_spells_it_and_unescape_gives_it_back_for_the_refusal_to_find(text):
    assert unescape(escape(text)) == text
    assert lone_surrogate(unescape(escape(text)))


def test_a_surrogate_pair_spelled_as_two_escapes_is_its_character():
    assert unescape("_xD83D__xDE00_") == "\U0001f600"


def test_the_roster_import_names_the_row_and_column(workspace, tmp_path):
    rows = [["E1", "Ann", "Sales"], ["E2", UNSTORABLE[0][1], "Sales"], ["E3", "Cy", "Sales" + "\udfff"]]
    preview = preview_roster(workspace, _book(tmp_path / "r.xlsx", ["employee_id", "name", "team"], rows))
    found = [str(e) for e in preview.plan.errors]
    assert any(e.startswith("row 3: name: holds U+D800") for e in found), found
    assert any(e.startswith("row 4: team: holds U+DFFF") for e in found), found
    assert not preview.ok
    assert workspace.scalar("SELECT count(*) FROM people") == 0


def test_import_data_names_the_sheet_row_and_column(workspace, tmp_path):
    rows = [["E1", "Ann"], ["E2", "x\ud800y"]]
    preview = preview_portable(workspace, _book(tmp_path / "data.xlsx", ["employee_id", "name"], rows))
    assert not preview.ok
    assert any(e.sheet == "people" and e.row == 3 and e.column == "name" and "U+D800" in str(e)
               for e in preview.plan.errors), preview.report()
