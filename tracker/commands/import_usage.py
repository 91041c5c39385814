"""`tracker import usage WORKSPACE FILE [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "import a usage log from the AI tool's analytics (CSV or XLSX)"
DESCRIPTION = (
    "Import usage exported from the AI tool's analytics: one row per use or per person and day, "
    "with columns employee_id, rollout (its name) and used_on. Several uses on one day count "
    "once; rows naming people not in the roster are counted and reported, not imported. The "
    "same file twice changes nothing. Exit status: 0 applied (or previewed with --dry-run), "
    "1 rejected (row errors on stderr, nothing changed), 2 usage error, 3 the workspace cannot "
    "be opened (in use, damaged, or from a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=Path, help="an existing workspace")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_import
    from tracker.services.usage_import import apply_usage, preview_usage

    return run_import(args.workspace, args.file, dry_run=args.dry_run,
                      preview=lambda ws: preview_usage(ws, args.file), apply=apply_usage, create=False)
