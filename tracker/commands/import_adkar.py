"""`tracker import adkar WORKSPACE FILE --rollout NAME [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "import ADKAR survey results (CSV or XLSX) into a rollout"
DESCRIPTION = (
    "Import ADKAR assessments for one rollout: one row per team (team, assessed_on, awareness, "
    "desire, knowledge, ability, reinforcement, respondents) or one row per respondent (no "
    "respondents column; averaged per team and date). Scores must be 1-5 and teams must exist; "
    "if any row is rejected nothing is changed. Importing the same file again changes nothing. "
    "Exit status: 0 applied (or previewed), 1 rejected, 2 usage error, 3 workspace unusable."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", metavar="NAME", required=True, help="the rollout assessed")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_import
    from tracker.services.adkar_import import apply_adkar, preview_adkar

    return run_import(
        args.workspace, args.file, dry_run=args.dry_run, create=False,
        preview=lambda ws: preview_adkar(ws, args.file, args.rollout),
        apply=apply_adkar,
    )
