"""`tracker import usage WORKSPACE FILE [--rollout NAME] [--preset NAME] [--map FIELD=COLUMN]... [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument
from tracker.domain.layouts.usage import LAYOUTS

HELP = "import AI-tool usage: the tool's usage log, or a usage report (Copilot, ChatGPT) (CSV or XLSX)"
DESCRIPTION = (
    "Import usage of an AI tool. Either the app's own usage log, one row per use or per person "
    "and day with columns employee_id, rollout (its name) and used_on, or a usage report as the "
    "tool exports it, recognised by its header row: "
    + "; ".join(layout.title for layout in LAYOUTS)
    + ". A report says on which day each licensed user was last active; each such day (overall "
    "and per app) counts as one use, a blank or 'None' is no activity, and snapshots imported in "
    "any order or twice give the same stored days. A file without a rollout column needs "
    "--rollout. People are matched by employee id, email, or their account in the tool (UPN, "
    "GitHub login, ChatGPT email: see `tracker import accounts`); unmatched rows are counted and "
    "listed, not imported. A report with concealed user names is refused. See docs/imports.md. "
    "Exit status: 0 applied (or previewed with --dry-run), 1 rejected (errors on stderr, nothing "
    "changed), 2 usage error, 3 the workspace cannot be opened (in use, damaged, or from a newer "
    "version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", metavar="NAME",
                        help="the rollout the file is for, when it has no rollout column (every usage report)")
    parser.add_argument("--preset", metavar="NAME",
                        help="read the file with a saved mapping or a built-in layout ("
                             + ", ".join(layout.key for layout in LAYOUTS) + ")")
    parser.add_argument("--map", metavar="FIELD=COLUMN", action="append",
                        help="read FIELD from COLUMN (repeatable); fields: employee_id, email, account, used_on, "
                             "rollout, report_date, also_used_on_1 ...")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import fail, run_import
    from tracker.services.layout_choice import LayoutChoiceError, parse_map_options
    from tracker.services.usage_import import apply_usage, preview_usage

    try:
        overrides = parse_map_options(args.map)
    except LayoutChoiceError as e:
        return fail(str(e))
    return run_import(args.workspace, args.file, dry_run=args.dry_run, apply=apply_usage, create=False,
                      preview=lambda ws: preview_usage(ws, args.file, rollout=args.rollout, preset=args.preset,
                                                       overrides=overrides))
