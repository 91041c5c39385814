"""`tracker report WORKSPACE -o FILE.xlsx [--rollout NAME ...] [--as-of DATE] [--training-plan | --reclaim]`.

Imports nothing heavy until the workspace is open: openpyxl and matplotlib load only when the
workbook is built, so the command reaches its first query fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commands.common import workspace_argument

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

HELP = "write the leaders' status workbook (or HR's training plan) as an Excel file"
DESCRIPTION = (
    "Write the status workbook leaders read: a Summary of every rollout's health and reasons, a "
    "sheet per rollout with its teams, charts, dependencies, gates, RACI and KPIs, Training, "
    "Resistance (counts only, small groups hidden), Change load, and About (definitions, the "
    "health rule). With --training-plan, write HR's plan instead: seats and sessions per module "
    "and month, outstanding modules per team, and the people who still have to take them. "
    "With --reclaim and one --rollout, write the licence admin's seat reclaim list instead "
    "(docs/seats.md). "
    "The report is recorded in the workspace's history (Edit → History); a workspace open "
    "read-only still gets its report, with a note that it is not recorded. "
    "Exit status: 0 written, 1 the file could not be written (the previous one is unchanged), "
    "2 usage error, 3 the workspace cannot be opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("-o", "--output", metavar="FILE.xlsx", type=Path, required=True,
                        help="the workbook to write (replaced in one step when it exists)")
    parser.add_argument("--rollout", metavar="NAME", action="append", default=None,
                        help="only this rollout (repeat for several; default: all)")
    parser.add_argument("--as-of", metavar="DATE", default=None,
                        help="the day the status is computed for (default: today)")
    parser.add_argument("--training-plan", action="store_true",
                        help="write HR's training plan workbook instead of the status workbook")
    parser.add_argument("--reclaim", action="store_true",
                        help="write the seat reclaim list of the one --rollout for the licence admin instead")


def run(args: argparse.Namespace) -> int:
    import sys

    from tracker.commands.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_WORKSPACE, fail, open_workspace
    from tracker.domain.dates import parse_date

    as_of = None
    if args.as_of is not None:
        try:
            as_of = parse_date(args.as_of)
        except ValueError:
            as_of = None
        if as_of is None:
            return fail(f"--as-of {args.as_of!r} is not a date (use YYYY-MM-DD)", EXIT_USAGE)
    if args.output.suffix.lower() != ".xlsx":
        return fail(f"{args.output}: the report is an Excel workbook; give a name ending in .xlsx", EXIT_USAGE)

    from tracker.store import WorkspaceError

    try:
        # The report only reads: nothing is written to the workspace (the training counts of
        # changed modules are counted in memory, not stored), so it works on a read-only file or
        # folder; a workspace from an older version is upgraded first (with its copy) when it
        # can be written. A big file's quick_check is skipped: a read of a damaged page fails
        # on its own, and seconds of checking a file the report does not change buy nothing.
        ws = open_workspace(args.workspace, to_read=True, upgrade=True, defer_check=True)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    with ws:
        rollout_ids = None
        if args.rollout:
            rollout_ids = []
            for name in args.rollout:
                rollout = ws.rollouts.by_name(name)
                if rollout is None:
                    known = ", ".join(r.name for r in ws.rollouts.list()) or "none"
                    return fail(f"there is no rollout called '{name}' (rollouts: {known})", EXIT_USAGE)
                rollout_ids.append(rollout.id)
        from tracker.io.atomic import ReportError

        if args.reclaim:
            return _reclaim(ws, rollout_ids, args.output, as_of)
        from tracker.reports.recorded_exports import STATUS_REPORT, TRAINING_PLAN, write_report

        try:
            written = write_report(ws, TRAINING_PLAN if args.training_plan else STATUS_REPORT, args.output,
                                   rollout_ids=rollout_ids, as_of=as_of)
        except ReportError as e:
            return fail(str(e), EXIT_REJECTED)
        what = "Training plan" if args.training_plan else "Status report"
        print(f"{what} written to {written.path}")
        if written.note:
            print(f"tracker: note: {written.note}", file=sys.stderr)
    return EXIT_OK


def _reclaim(ws: Workspace, rollout_ids: list[int] | None, output: Path, as_of: dt.date | None) -> int:
    """The licence admin's reclaim list of one rollout (tracker/reports/reclaim_workbook.py),
    recorded in the history like the other reports."""
    import sys

    from tracker.commands.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, fail
    from tracker.io.atomic import ReportError
    from tracker.reports.recorded_exports import write_reclaim_list

    if not rollout_ids or len(rollout_ids) != 1:
        return fail("--reclaim lists the seats of one rollout: name it with --rollout NAME", EXIT_USAGE)
    listed = ws.seats.reclaim_list(rollout_ids[0], as_of)
    try:
        written = write_reclaim_list(ws, rollout_ids[0], listed, output)
    except ReportError as e:
        return fail(str(e), EXIT_REJECTED)
    open_lines = sum(1 for line in listed.lines if line.recoverable)
    money = listed.recoverable_text() or "nothing priced"
    print(f"Reclaim list written to {written.path}: {open_lines:,} recommended of {listed.held_seats:,} held seats, "
          f"{len(listed.reclaimed):,} approved; recoverable per month: {money}")
    if written.note:
        print(f"tracker: note: {written.note}", file=sys.stderr)
    return EXIT_OK
