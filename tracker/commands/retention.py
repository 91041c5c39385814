"""`tracker retention WORKSPACE [--months N | --keep-all] [--today DATE]`.

Sets how long person-level records (named resistance signals, usage rows) are kept, and applies
it now: the same purge the window runs each time it opens the workspace for editing
(tracker/store/retention.py). The output names how many of each kind went.
"""

from __future__ import annotations

import argparse

from tracker.commands.common import workspace_argument

HELP = "keep named resistance signals and usage rows only for N months, and purge older ones now"
DESCRIPTION = (
    "With --months N, named resistance signals observed more than N months ago lose the person, "
    "description and notes (team, type, severity and dates stay, so team figures do not change), "
    "also in the history; usage rows (person and day) from before then are deleted and the weekly "
    "team figures that counted them are kept as they are. The erased data is wiped from the file. "
    "--keep-all turns this off. "
    "Without either, applies the period already set. Exit status: 0 done, 2 usage error, "
    "3 the workspace cannot be opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--months", metavar="N", type=int, default=None,
                       help="keep person-level signals and usage for N months (at least 1)")
    group.add_argument("--keep-all", action="store_true", help="keep them until deleted (default)")
    parser.add_argument("--today", metavar="DATE", default=None,
                        help="count the months back from this day (default: today)")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_OK, EXIT_USAGE, EXIT_WORKSPACE, fail, open_workspace, warn_about_location
    from tracker.domain.dates import parse_date
    from tracker.store import WorkspaceError
    from tracker.store.retention import purge_expired, retention_months, set_retention_months

    today = None
    if args.today is not None:
        try:
            today = parse_date(args.today)
        except ValueError as e:
            return fail(f"--today: {e}", EXIT_USAGE)
    if args.months is not None and args.months < 1:
        return fail("--months must be at least 1", EXIT_USAGE)
    try:
        ws = open_workspace(args.workspace)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    warn_about_location(args.workspace)
    with ws:
        if args.keep_all:
            set_retention_months(ws, None)
        elif args.months is not None:
            set_retention_months(ws, args.months)
        months = retention_months(ws)
        if months is None:
            print("Named resistance signals and usage rows are kept until deleted (no retention period set).")
            return EXIT_OK
        result = purge_expired(ws, today=today)
        assert result is not None  # None only without a retention period (checked above)
        print(f"Retention period: {months} months. {result.summary()}")
    return EXIT_OK
