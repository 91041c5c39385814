"""Export the whole workspace to one workbook in the portable format (docs/data-format.md).

With `pseudonymise`, personal fields are replaced for sharing with a consultant: each person's
employee id and name become a stable stand-in (P00042, "Person 0042"), emails are dropped,
free-text notes about people are withheld, and every other text that mentions a person's name,
email or employee id has it replaced by the same stand-in (tracker/domain/portable_pseudonym.py);
accounts in other systems are left out.
Figures, dates and references stay as they are, so every count and rate computed from the file
is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from tracker.domain.portable_format import DATE, FORMAT_VERSION, USAGE_ROW_LIMIT, SheetRows
from tracker.domain.portable_pseudonym import pseudonymise as pseudonymise_rows
from tracker.store.portable import export_records, people_identities
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]


def collect(ws: Workspace, *, pseudonymise: bool = False, usage_limit: int = USAGE_ROW_LIMIT) -> list[SheetRows]:
    """The workbook's content: every sheet's rows, pseudonymised if asked."""
    sheets = export_records(ws, usage_limit=usage_limit)
    if pseudonymise:
        pseudonymise_rows(sheets, people_identities(ws))
        for part in sheets:
            if part.sheet.name == "accounts":  # a UPN or a login names its holder: left out whole
                part.rows.clear()
    return sheets


def export_workbook(ws: Workspace, path: str | Path, *, pseudonymise: bool = False,
                    progress: Progress | None = None) -> Path:
    """Write the workbook to `path` atomically (a failure leaves no half-written file)."""
    from tracker.io.atomic import save_atomically

    report = progress or (lambda percent, text: None)
    report(0, "Reading the workspace")
    sheets = collect(ws, pseudonymise=pseudonymise)
    report(40, "Writing the workbook")
    return save_atomically(lambda target: write_sheets(sheets, target), Path(path))


def write_sheets(sheets: list[SheetRows], target: Path) -> None:
    """One worksheet per sheet (header row, then the rows), plus an About sheet, in write-only
    mode: the usage sheet can hold a million rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from tracker.io.ooxml_text import is_formula_like, xml_cell_text

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for part in sheets:
        ws = wb.create_sheet(part.sheet.name)
        header = []
        for c in part.sheet.columns:
            cell = WriteOnlyCell(ws, value=c.name)
            cell.font = bold
            header.append(cell)
        ws.append(header)
        columns = part.sheet.columns
        for row in part.rows:
            cells: list[object] = []  # cells, or plain values the writer makes cells of
            for c in columns:
                value = row.get(c.name)
                if isinstance(value, str):
                    cell = WriteOnlyCell(ws, value=xml_cell_text(value))  # import-data unescapes
                    cell.data_type = "s"
                    if is_formula_like(value):
                        cell.quotePrefix = True
                    cells.append(cell)
                elif isinstance(value, bool):
                    cells.append("yes" if value else "no")
                elif c.type == DATE and isinstance(value, dt.date):
                    # openpyxl writes a date; its stubs list only datetime among dates
                    cell = WriteOnlyCell(ws, value=value)  # type: ignore[arg-type]
                    cell.number_format = "yyyy-mm-dd"
                    cells.append(cell)
                else:
                    cells.append(value)
            ws.append(cells)
    about = wb.create_sheet("about")
    about.append(["Rollout Tracker portable workbook", f"format version {FORMAT_VERSION}"])
    about.append(["The sheets and columns are described in docs/data-format.md."])
    wb.save(target)
    _add_dimensions(target, [(len(p.sheet.columns), len(p.rows) + 1) for p in sheets] + [(2, 2)])


def _add_dimensions(target: Path, sizes: list[tuple[int, int]]) -> None:
    """Write each sheet's <dimension>, which openpyxl's write-only mode leaves out.

    Without it a reader in read-only mode (openpyxl's, and so table_reader's) parses every
    sheet in full just to size it, each time the workbook is opened: reading the sample
    workspace's 26 sheets one by one took minutes instead of seconds. The element goes right
    before <sheetViews>, its place in the schema; the rest of each part is copied in chunks.
    """
    import os
    import shutil
    import zipfile

    from openpyxl.utils import get_column_letter

    fixed = target.with_name(target.name + ".dim")
    with zipfile.ZipFile(target) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            name = info.filename
            index = (int(name[len("xl/worksheets/sheet"):-4]) - 1
                     if name.startswith("xl/worksheets/sheet") and name.endswith(".xml") else None)
            with source.open(info) as src, out.open(info.filename, "w", force_zip64=True) as dst:
                if index is None or index >= len(sizes):
                    shutil.copyfileobj(src, dst, 1 << 20)
                    continue
                columns, rows = sizes[index]
                head = src.read(1 << 16)
                ref = f'<dimension ref="A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}" />'
                dst.write(head.replace(b"<sheetViews>", ref.encode() + b"<sheetViews>", 1))
                shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(fixed, target)

