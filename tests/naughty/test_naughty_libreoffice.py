"""Every workbook of the naughty strings' journey opens in LibreOffice (headless, as PDF).

A malformed sheet makes LibreOffice stop reading it after its first rows, or refuse the file;
converting the whole workbook to PDF reads every sheet. Each conversion gets a profile folder
of its own, so a LibreOffice the user has open is neither used nor disturbed.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_workbook(journey, tmp_path):
    for kind, path in journey.workbooks.items():
        out = tmp_path / kind.replace(" ", "-")
        profile = tmp_path / f"profile-{out.name}"
        done = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out), str(path)],
            capture_output=True, text=True, timeout=600)
        pdf = out / (path.stem + ".pdf")
        assert done.returncode == 0 and pdf.exists(), f"{kind}: {done.stdout} {done.stderr}"
        assert pdf.stat().st_size > 2_000, kind
        assert "rror" not in done.stderr, f"{kind}: {done.stderr}"


def _line_feeds(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n\r", "\n").replace("\r", "\n")


def _resave(path, folder):
    """The workbook as LibreOffice reads it, saved by LibreOffice as an .xlsx of its own."""
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(folder / "lo"), str(path)],
        capture_output=True, text=True, timeout=600)
    resaved = folder / "lo" / path.name
    assert done.returncode == 0 and resaved.exists(), done.stderr
    return resaved


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_every_row_of_every_sheet(journey, tmp_path):
    """A malformed sheet is cut short where LibreOffice stops reading: every sheet it saves
    back has as many rows with values as the one written."""
    from workbook_reading import workbook_cells

    for kind in ("report", "export"):
        path = journey.workbooks[kind]
        written = workbook_cells(path)
        read = workbook_cells(_resave(path, tmp_path / kind))
        assert list(read) == list(written), kind
        for name, rows in written.items():
            filled = [r for r in rows if any(v not in (None, "") for v in r)]
            assert len([r for r in read[name] if any(v not in (None, "") for v in r)]) == len(filled), \
                f"{kind}: sheet {name}"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_escaped_text_as_the_text(journey, tmp_path):
    """LibreOffice undoes _xHHHH_ as this app does: the training plan's names, saved by
    LibreOffice as an .xlsx of its own, read back (unescaped) as the workspace holds them.

    Names that merely look like an escape ("_x0041_" as typed) are left out: LibreOffice reads
    this app's "_x005F_x0041_" as "_x0041_" rightly, but writes it back unescaped, so the file
    it saves no longer says what it showed (its writer's limit, not its reader's). Likewise a
    carriage return: LibreOffice shows it as the line break it is and saves it as a line feed
    (a CR beside an LF as one break), so line breaks are compared that way."""
    from openpyxl import load_workbook

    from tracker.io.ooxml_text import unescape
    from tracker.store import Workspace

    resaved = _resave(journey.workbooks["training plan"], tmp_path)
    book = load_workbook(resaved, read_only=True)
    try:
        rows = list(book["People"].iter_rows(values_only=True))
    finally:
        book.close()
    column = rows[0].index("Name")
    listed = {_line_feeds(unescape(r[column])) for r in rows[1:] if r[column]}
    with Workspace.open(journey.source, readonly=True) as ws:
        names = {ws.scalar("SELECT name FROM people WHERE employee_id = ?", (e,)) for e in journey.accepted}
    names = {_line_feeds(n) for n in names if not re.search("_x[0-9A-Fa-f]{4}_", n)}
    assert len(names) > 400
    assert names <= listed, sorted(names - listed)[:5]
