"""`tracker import roster WORKSPACE FILE [--partial] [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "import an HR roster (CSV or XLSX)"
DESCRIPTION = (
    "Import an HR roster: people matched on employee_id are added, updated, or (for a full "
    "roster) deactivated when missing. Exit status: 0 applied (or previewed with --dry-run), "
    "1 rejected (row errors on stderr, nothing changed), 2 usage error, 3 the workspace cannot "
    "be opened (in use, damaged, or from a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=Path, help="created if it does not exist")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--partial", action="store_true", help="a partial roster: deactivate no one")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_import
    from tracker.services.roster_import import apply_roster, preview_roster

    return run_import(
        args.workspace, args.file, dry_run=args.dry_run,
        preview=lambda ws: preview_roster(ws, args.file, partial=args.partial),
        apply=apply_roster,
    )
