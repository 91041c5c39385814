"""The workbooks as they print: the status report of the sample and the training plan, converted
to PDF by LibreOffice, read back word by word with poppler's `pdftotext -bbox-layout`.

Two things a printout got wrong before: numbers that sat under the next column's header (left
headers over right-aligned numbers, columns widened by another table), and text shrunk to 5–6 pt
to fit one page across. So: every number (a count, a percentage, a date) in a table's body
lies horizontally under its own header's text, and no text on any page is under 8 pt.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_sample import AS_OF

from tracker.reports import write_status_report, write_training_plan
from tracker.reports.cells import HEADER_FILL
from tracker.store import Workspace

# Slow: each LibreOffice conversion takes seconds of CPU. The fast loop keeps the print settings
# (test_status_workbook.py::test_summary_prints_landscape_at_readable_size_with_frozen_filtered_
# repeated_header: scale, no fit-to-page, right-aligned number headers) and CI runs these.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"),
]

# A word's box in LibreOffice's PDFs is about 1.3 times its font size tall (measured: 11 pt
# text printed at 82 % gives 11.7 pt boxes).
BOX_PER_POINT = 1.3
MIN_POINTS = 8
# A table's body ends where a gap taller than this opens under its last text (a blank row).
ROW_GAP = 9.0
VALUE = re.compile(r"^(-?[\d,]+(\.\d+)?%?|\d{1,2} [A-Z][a-z]{2} \d{4})$")


@dataclass(frozen=True)
class Box:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def to_pdf(xlsx: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(xlsx)], check=True, capture_output=True, timeout=300)
    pdf = tmp_path / (xlsx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {xlsx.name}"
    return pdf


def pages(pdf: Path) -> list[tuple[list[Box], list[Box], list[Box]]]:
    """Per page: its blocks (a cell's text, wrapped lines joined), its lines and its words."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))

    def box(el, text: str) -> Box:
        return Box(text, *(float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))

    result = []
    for page in root.iter("page"):
        blocks, lines, words = [], [], []
        for block in page.iter("block"):
            texts = []
            for line in block.iter("line"):
                line_words = [w.text or "" for w in line.iter("word")]
                words += [box(w, w.text or "") for w in line.iter("word")]
                lines.append(box(line, " ".join(line_words)))
                texts.append(" ".join(line_words))
            blocks.append(box(block, " ".join(texts)))
        result.append((blocks, lines, words))
    return result


def header_titles(xlsx: Path) -> set[str]:
    """The text of every table header cell of the workbook (the cells on the header fill)."""
    titles = set()
    for sheet in load_workbook(xlsx, read_only=True).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                fill = getattr(cell.fill, "start_color", None)
                if cell.value and fill is not None and str(fill.rgb).endswith(HEADER_FILL):
                    titles.add(" ".join(str(cell.value).split()))
    return titles


def misplaced_values(blocks: list[Box], lines: list[Box], words: list[Box], titles: set[str]) -> list[str]:
    """Values of a table's body not horizontally under their own header's text: for each header
    row on the page (found by the blocks that are a whole header), the value lines below it
    down to the first blank row must each overlap a word of that row's headers by at least half
    the narrower of the two. (Words, not blocks: pdftotext may join neighbouring cells.)"""
    vocabulary = {w for t in titles for w in t.split()}
    headers = sorted((b for b in blocks if b.text in titles), key=lambda b: b.y0)
    rows: list[tuple[float, float]] = []
    for h in headers:
        if rows and h.y0 < rows[-1][1]:
            rows[-1] = (min(rows[-1][0], h.y0), max(rows[-1][1], h.y1))
        else:
            rows.append((h.y0, h.y1))
    problems = []
    for i, (top, bottom) in enumerate(rows):
        heads: list[Box] = []
        for _ in range(3):  # a wrapped header reaches above and below a one-line one: widen to it
            heads = [w for w in words if w.text in vocabulary and w.y1 > top + 1 and w.y0 < bottom - 1]
            top, bottom = min([top] + [w.y0 for w in heads]), max([bottom] + [w.y1 for w in heads])
        stop = rows[i + 1][0] if i + 1 < len(rows) else float("inf")
        below = sorted((ln for ln in lines if bottom - 1 < ln.y0 < stop), key=lambda ln: ln.y0)
        end = bottom
        for ln in below:
            if ln.y0 > end + ROW_GAP:
                break
            end = max(end, ln.y1)
            if not VALUE.match(ln.text):
                continue
            best = max(heads, key=lambda h: min(h.x1, ln.x1) - max(h.x0, ln.x0))
            overlap = min(best.x1, ln.x1) - max(best.x0, ln.x0)
            if overlap < 0.5 * min(best.x1 - best.x0, ln.x1 - ln.x0):
                problems.append(f"{ln.text!r} at x {ln.x0:.0f}–{ln.x1:.0f} is under no header's text "
                                f"(nearest: {best.text!r} at {best.x0:.0f}–{best.x1:.0f})")
    return problems


def check_printout(xlsx: Path, tmp_path: Path) -> tuple[int, list]:
    """Assert both rules on every page; returns (values checked, the pages read)."""
    titles = header_titles(xlsx)
    printed = pages(to_pdf(xlsx, tmp_path))
    assert printed
    problems, checked = [], 0
    for n, (blocks, lines, words) in enumerate(printed, start=1):
        small = [w for w in words if w.text.strip() and (w.y1 - w.y0) / BOX_PER_POINT < MIN_POINTS]
        if small:
            problems.append(f"page {n}: {len(small)} words under {MIN_POINTS} pt, e.g. {small[0].text!r} at "
                            f"{(small[0].y1 - small[0].y0) / BOX_PER_POINT:.1f} pt")
        misplaced = misplaced_values(blocks, lines, words, titles)
        checked += sum(1 for ln in lines if VALUE.match(ln.text))
        problems += [f"page {n}: {p}" for p in misplaced[:5]]
    assert not problems, "\n".join(problems)
    return checked, printed


def page_lines(page) -> list[str]:
    return [ln.text for ln in page[1]]


def test_status_report_prints_numbers_under_their_headers_at_readable_size(sample_path, tmp_path):
    out = tmp_path / "status.xlsx"
    with Workspace.open(sample_path) as ws:
        write_status_report(ws, out, as_of=AS_OF)
    checked, printed = check_printout(out, tmp_path)
    assert len(printed) > 5 and checked > 200  # the sample's tables were really read
    assert "Page 1 of" in " ".join(page_lines(printed[0])) and "As of 30 Nov 2026" in page_lines(printed[0])


def test_training_plan_prints_numbers_under_their_headers_at_readable_size(sample_path, tmp_path):
    out = tmp_path / "plan.xlsx"
    with Workspace.open(sample_path) as ws:
        write_training_plan(ws, out, as_of=AS_OF)
    checked, printed = check_printout(out, tmp_path)
    assert checked > 100
    # The About sheet: one page across, its title on one line, its dates shown.
    about = [page for page in printed if "Training plan: About" in page_lines(page)]
    assert len(about) == 1
    assert "About this training plan" in page_lines(about[0])
    lines = page_lines(about[0])
    assert lines.count("As of 30 Nov 2026") == 1  # the page header's; the cell's date is a line of its own
    assert "As of" in lines and "30 Nov 2026" in lines


def test_the_check_fails_on_a_misaligned_table(tmp_path):
    """The check itself: a left-aligned header over right-aligned numbers in a wide column, and
    a sheet fitted to one page across at a tiny scale, are both caught."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    book = Workbook()
    sheet = book.active
    fill = PatternFill("solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for c, text in enumerate(("Team", "Open", "Resolved"), start=1):
        sheet.cell(row=1, column=c, value=text).fill = fill
        sheet.column_dimensions["ABC"[c - 1]].width = 40
    for _ in range(2, 6):
        sheet.append(["North", 2, 0])
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.column_dimensions["D"].width = 200
    sheet["D1"] = "a very wide column that forces a small scale"
    sheet.print_area = "A1:D5"
    out = tmp_path / "bad.xlsx"
    book.save(out)
    with pytest.raises(AssertionError) as failed:
        check_printout(out, tmp_path)
    assert "under no header's text" in str(failed.value) and "pt" in str(failed.value)
