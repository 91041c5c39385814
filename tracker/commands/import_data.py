"""`tracker import-data WORKSPACE FILE [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "import a whole workbook in the portable format (or a folder or .zip of CSV files)"
DESCRIPTION = (
    "Import a workbook written by export-data, or a spreadsheet tracker laid out in the same "
    "sheets and columns (docs/data-format.md): records are matched by natural key and added or "
    "updated, never deleted; missing sheets are fine. FILE may also be a folder or a .zip of "
    "CSV files named after the sheets. Exit status: 0 applied (or previewed with --dry-run), "
    "1 rejected (problems on stderr, nothing changed), 2 usage error, 3 the workspace cannot be "
    "opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="created if it does not exist (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path, help=".xlsx, a folder of .csv files, or a .zip of them")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_import
    from tracker.services.portable_import import apply_portable, preview_portable

    return run_import(
        args.workspace, args.file, dry_run=args.dry_run,
        preview=lambda ws: preview_portable(ws, args.file),
        apply=apply_portable,
    )
