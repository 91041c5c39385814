"""`tracker import training WORKSPACE FILE --rollout NAME [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "import completions from a learning system (CSV or XLSX)"
DESCRIPTION = (
    "Import training progress exported from an LMS: columns employee_id (or email), module "
    "(code or title), status, completed_on, and optionally score. A completion is never taken "
    "back by a later 'in progress'. Exit status: 0 applied (or previewed with --dry-run), "
    "1 rejected (row errors on stderr, nothing changed), 2 usage error, 3 the workspace cannot "
    "be opened (in use, damaged, or from a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=Path, help="an existing workspace")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", required=True, metavar="NAME", help="the rollout the modules belong to")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_USAGE, run_import
    from tracker.services.training_import import apply_training, preview_training

    missing: list[str] = []

    def preview(ws):
        rollout = ws.rollouts.by_name(args.rollout)
        if rollout is None:
            missing.append(args.rollout)
            return _NoRollout(args.rollout, [r.name for r in ws.rollouts.list()])
        return preview_training(ws, args.file, rollout.id)

    status = run_import(args.workspace, args.file, dry_run=args.dry_run, preview=preview,
                        apply=apply_training, create=False)
    return EXIT_USAGE if missing else status  # an unknown rollout is a usage error


class _NoRollout:
    """A preview that only says the rollout is unknown; run_import prints it to stderr."""

    ok = False

    def __init__(self, name: str, known: list[str]):
        self.name, self.known = name, known

    def report(self) -> str:
        names = ", ".join(self.known) or "none"
        return f"tracker: there is no rollout called '{self.name}' (rollouts: {names})"
