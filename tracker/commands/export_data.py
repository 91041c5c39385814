"""`tracker export-data WORKSPACE -o FILE.xlsx [--pseudonymise]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.commands.common import workspace_argument

HELP = "export everything the workspace holds to one workbook (the portable format)"
DESCRIPTION = (
    "Write every record of the workspace to one Excel workbook, a sheet per kind of record, "
    "with natural keys instead of internal ids (see docs/data-format.md); import-data reads it "
    "back. With --pseudonymise, names, emails, employee ids and notes about people are replaced "
    "by stable stand-ins, for sharing; the figures stay the same. The export is recorded in the "
    "workspace's history (skipped, with a note, when the workspace is open read-only). Exit "
    "status: 0 written, 1 the file could not be written, 2 usage error, 3 the workspace cannot be "
    "opened."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("-o", "--output", metavar="FILE.xlsx", type=Path, required=True,
                        help="the workbook to write (replaced in one step when it exists)")
    parser.add_argument("--pseudonymise", "--pseudonymize", action="store_true",
                        help="replace personal fields by stable pseudonyms")


def run(args: argparse.Namespace) -> int:
    import sys

    from tracker.commands.common import EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_WORKSPACE, fail, open_workspace

    if args.output.suffix.lower() != ".xlsx":
        return fail(f"{args.output}: give a workbook name ending in .xlsx", EXIT_USAGE)
    from tracker.io.atomic import ReportError
    from tracker.reports.recorded_exports import write_all_data
    from tracker.store import WorkspaceError

    try:
        # Only reads: works on a read-only file or folder; an older file is upgraded when it can be.
        ws = open_workspace(args.workspace, to_read=True, upgrade=True)
    except WorkspaceError as e:
        return fail(str(e), EXIT_WORKSPACE)
    with ws:
        try:
            written = write_all_data(ws, args.output, pseudonymise=args.pseudonymise)
        except ReportError as e:
            return fail(str(e), EXIT_REJECTED)
    print(f"Wrote {written.path}{' (pseudonymised)' if args.pseudonymise else ''}.")
    if written.note:
        print(f"tracker: note: {written.note}", file=sys.stderr)
    return EXIT_OK
