"""`tracker import adoption WORKSPACE FILE [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "import team adoption figures for teams without usage logs (CSV or XLSX)"
DESCRIPTION = (
    "Import adoption figures per team and period: columns rollout, team, period_end, eligible, "
    "active and optionally proficient. A figure for a period already stored replaces it. "
    "Exit status: 0 applied (or previewed with --dry-run), 1 rejected (row errors on stderr, "
    "nothing changed), 2 usage error, 3 the workspace cannot be opened (in use, damaged, or "
    "from a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_import
    from tracker.services.adoption_import import apply_team_figures, preview_team_figures

    return run_import(args.workspace, args.file, dry_run=args.dry_run,
                      preview=lambda ws: preview_team_figures(ws, args.file), apply=apply_team_figures,
                      create=False)
