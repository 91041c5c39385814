"""`tracker import seats WORKSPACE FILE --rollout NAME [--preset NAME] [--map FIELD=COLUMN]... [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.commands.common import add_layout_options, workspace_argument

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

HELP = "import the seats (licences) of a rollout's AI tool: who holds one, since when, at what cost"
DESCRIPTION = (
    "Import the licence admin's list of who holds a seat of the rollout's tool, as CSV or XLSX. "
    "Columns: employee_id, email or account (who holds the seat), and optionally assigned_on (the "
    "day the seat was given), cost_per_seat (per month) and currency (EUR, USD, ...). People are "
    "matched by employee id (an unknown one is a row error), else email, else their account in "
    "any system; an account matching no one is kept as an account seat and listed. Seats the "
    "file does not list are left as they are. People a usage report names hold a seat without "
    "being listed. See docs/seats.md. Exit status: 0 applied (or previewed with --dry-run), 1 "
    "rejected (row errors on stderr, nothing changed), 2 usage error, 3 the workspace cannot be "
    "opened."
)


class UnknownRollout(ValueError):
    """--rollout names no rollout of the workspace; ``str(e)`` names the ones there are."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", required=True, metavar="NAME", help="the rollout whose tool the seats are of")
    add_layout_options(parser, layouts="a saved mapping", fields="employee_id, email, account, assigned_on, "
                                                                  "cost_per_seat, currency")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_layout_import
    from tracker.services.seat_import import apply_seats, preview_seats

    def preview(ws: Workspace, overrides: dict[str, str]) -> Any:
        rollout = ws.rollouts.by_name(args.rollout)
        if rollout is None:
            names = ", ".join(r.name for r in ws.rollouts.list()) or "none"
            raise UnknownRollout(f"there is no rollout called '{args.rollout}' (rollouts: {names})")
        return preview_seats(ws, args.file, rollout.id, preset=args.preset, overrides=overrides)

    return run_layout_import(args, preview=preview, apply=apply_seats, refuse=(UnknownRollout,), create=False)
