"""`tracker import kpis WORKSPACE FILE --rollout NAME [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commands.common import workspace_argument

if TYPE_CHECKING:
    from tracker.commands.common import Preview
    from tracker.store.workspace import Workspace

HELP = "import KPI readings (CSV or XLSX: kpi, measured_on, value)"
DESCRIPTION = (
    "Import readings of a rollout's KPIs: columns kpi (the KPI's name), measured_on and value. "
    "A reading of the same KPI on the same day is replaced; the same file twice changes nothing. "
    "Exit status: 0 applied (or previewed with --dry-run), 1 rejected (row errors on stderr, "
    "nothing changed), 2 usage error, 3 the workspace cannot be opened (in use, damaged, or from "
    "a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", required=True, metavar="NAME", help="the rollout the KPIs belong to")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


class _NoRollout:
    """A preview that only says the rollout is unknown; run_import prints it to stderr."""

    ok = False

    def __init__(self, name: str, known: list[str]):
        self.name, self.known = name, known

    def report(self) -> str:
        return f"tracker: there is no rollout called '{self.name}' (rollouts: {', '.join(self.known) or 'none'})"


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_USAGE, run_import
    from tracker.services.kpi_import import apply_kpis, preview_kpis

    missing: list[str] = []

    def preview(ws: Workspace) -> Preview:
        rollout = ws.rollouts.by_name(args.rollout)
        if rollout is None:
            missing.append(args.rollout)
            return _NoRollout(args.rollout, [r.name for r in ws.rollouts.list()])
        return preview_kpis(ws, args.file, rollout.id)

    status = run_import(args.workspace, args.file, dry_run=args.dry_run, preview=preview, apply=apply_kpis,
                        create=False)
    return EXIT_USAGE if missing else status  # an unknown rollout is a usage error
