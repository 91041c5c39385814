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


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_escaped_text_as_the_text(journey, tmp_path):
    """LibreOffice undoes _xHHHH_ as this app does: the training plan's names, saved by
    LibreOffice as an .xlsx of its own, read back (unescaped) as the workspace holds them.

    Names that merely look like an escape ("_x0041_" as typed) are left out: LibreOffice reads
    this app's "_x005F_x0041_" as "_x0041_" rightly, but writes it back unescaped, so the file
    it saves no longer says what it showed (its writer's limit, not its reader's)."""
    from openpyxl import load_workbook

    from tracker.reports.ooxml_text import unescape
    from tracker.store import Workspace

    profile = tmp_path / "profile"
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"),
         str(journey.workbooks["training plan"])], capture_output=True, text=True, timeout=600)
    resaved = tmp_path / "lo" / journey.workbooks["training plan"].name
    assert done.returncode == 0 and resaved.exists(), done.stderr
    book = load_workbook(resaved, read_only=True)
    try:
        rows = list(book["People"].iter_rows(values_only=True))
    finally:
        book.close()
    column = rows[0].index("Name")
    listed = {unescape(r[column]) for r in rows[1:] if r[column]}
    with Workspace.open(journey.source, readonly=True) as ws:
        names = {ws.scalar("SELECT name FROM people WHERE employee_id = ?", (e,)) for e in journey.accepted}
    names = {n for n in names if not re.search("_x[0-9A-Fa-f]{4}_", n)}
    assert len(names) > 400
    assert names <= listed, sorted(names - listed)[:5]
