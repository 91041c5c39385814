"""Import a portable workbook (or a folder or .zip of CSV files named by sheet) into a workspace.

The same shape as every import: read every sheet, plan against the workspace (pure, in
tracker.domain.portable_plan), show the preview, and apply all of it in one write or nothing.
Into an empty workspace it recreates everything; into a populated one it adds and updates
records by natural key and never deletes. Missing sheets are fine; unknown sheets and columns
are reported in the preview.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.domain.export_log import IMPORT_LABELS
from tracker.domain.portable_plan import CellError, PortablePlan, Tables, plan_import, sheet_for
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.io.zip_limits import ZipLimitError, check_archive, open_part
from tracker.store.areas import export_sheets
from tracker.store.portable import apply_portable_plan, snapshot
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]
Cancelled = Callable[[], bool] | None  # asked between rows: True stops the reading
_IGNORED_SHEETS = {"about"}  # written by the exporter for people, not data
_MAX_ZIP_MEMBER = 1_000_000_000


@dataclass
class PortablePreview:
    source: Path
    plan: PortablePlan
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def report(self, *, max_errors: int | None = 200) -> str:
        lines = [f"{self.source.name}: {self.rows_read:,} rows read in {len(self.plan.sheets)} sheets"]
        if self.plan.ok:
            lines.append(self.plan.summary())
        lines.extend(f"note: {w}" for w in self.plan.warnings)
        if self.plan.errors:
            lines.append(f"{len(self.plan.errors):,} problems; nothing will be changed:")
            shown = self.plan.errors if max_errors is None else self.plan.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.plan.errors):
                lines.append(f"  … and {len(self.plan.errors) - len(shown):,} more")
        return "\n".join(lines)


def _tables_of(path: Path, tmp: Path, cancelled: Cancelled) -> tuple[Tables, list[str], list[CellError], int]:
    """Sheet name -> (headers, rows); unknown sheet names; read problems; rows read."""
    files: list[tuple[str, Path | None]]
    if path.is_dir():
        files = [(f.stem, f) for f in sorted(path.iterdir()) if f.suffix.lower() == ".csv"]
        if not files:
            raise TableReadError(f"Cannot read '{path.name}': the folder holds no .csv files.")
    elif path.suffix.lower() == ".zip":
        files = list(_unzip(path, tmp))
    else:
        from tracker.io.xlsx_workbook import open_workbook

        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            raise TableReadError(f"Cannot read '{path.name}': give an .xlsx workbook, a folder "
                                 "of .csv files or a .zip of them.")
        with open_workbook(path) as workbook:  # once: opening parses the head of every sheet
            return _read_sheets(path, [(ws.title, None) for ws in workbook.worksheets], cancelled,
                                workbook)
    return _read_sheets(path, files, cancelled, None)


def _read_sheets(path: Path, files: list[tuple[str, Path | None]], cancelled: Cancelled,
                 workbook: Any) -> tuple[Tables, list[str], list[CellError], int]:
    """(`workbook`: the open openpyxl workbook the sheets are read from, None for CSV files.)"""
    tables: Tables = {}
    unknown: list[str] = []
    problems: list[CellError] = []
    rows_read = 0
    sheets = export_sheets()
    for name, file in files:
        if name.strip().lower() in _IGNORED_SHEETS:
            continue
        sheet = sheet_for(name, sheets)
        if sheet is None:
            unknown.append(name)
            continue
        try:
            table = read_table(file or path, sheet=None if file else name, cancelled=cancelled,
                               workbook=None if file else workbook)
        except TableReadError as e:
            if "is empty" in str(e) or "no header" in str(e).lower():
                continue  # an empty sheet holds no records
            problems.append(CellError(sheet.name, None, None, str(e)))
            continue
        problems.extend(CellError(sheet.name, p.row, p.column, p.reason) for p in table.problems)
        tables[sheet.name] = (table.headers, [(r.number, r.values) for r in table.rows])
        rows_read += len(table.rows) + len(table.problems)
    return tables, unknown, problems, rows_read


def _unzip(path: Path, tmp: Path) -> list[tuple[str, Path]]:
    """The .csv files of a zip, unpacked into `tmp` after the zip directory's sizes and ratios
    were checked (zip_limits), each copied in chunks, never held in memory whole."""
    try:
        members = check_archive(path, max_part_bytes=_MAX_ZIP_MEMBER, names=(".csv",))
        out: list[tuple[str, Path]] = []
        with zipfile.ZipFile(path) as archive:
            for member in members:
                inner = Path(member.filename)
                if member.is_dir() or inner.suffix.lower() != ".csv" or inner.name.startswith("."):
                    continue
                target = tmp / f"{len(out):03d}-{inner.name}"  # never a path from the archive
                with open_part(archive, member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                out.append((inner.stem, target))
    except zipfile.BadZipFile:
        raise TableReadError(f"Cannot read '{path.name}': it is not a zip file, or it is damaged.") from None
    except ZipLimitError as e:
        raise TableReadError(f"Cannot read '{path.name}': {e}.") from None
    if not out:
        raise TableReadError(f"Cannot read '{path.name}': the zip holds no .csv files.")
    return out


def preview_portable(ws: Workspace, path: str | Path, *, progress: Progress | None = None,
                     cancelled: Callable[[], bool] | None = None) -> PortablePreview:
    """Read and check the file against the workspace; writes nothing."""
    path = Path(path)
    report = progress or (lambda percent, text: None)
    report(0, f"Reading {path.name}")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            tables, unknown, problems, rows_read = _tables_of(path, Path(tmp), cancelled)
        except ReadCancelled:
            raise
        except TableReadError as e:
            return PortablePreview(path, PortablePlan(errors=[CellError(path.name, None, None, str(e))]))
        except OSError as e:
            return PortablePreview(path, PortablePlan(errors=[CellError(path.name, None, None,
                                                                        f"cannot be read: {e.strerror or e}")]))
    report(50, "Comparing with the workspace")
    plan = plan_import(tables, snapshot(ws), export_sheets(), extra_errors=problems, unknown_sheets=unknown)
    return PortablePreview(path, plan, rows_read=rows_read)


def apply_portable(ws: Workspace, preview: PortablePreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do)."""
    return apply_portable_plan(ws, preview.plan, f"{IMPORT_LABELS['all_data']} from {preview.source.name}")
