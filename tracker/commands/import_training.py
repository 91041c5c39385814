"""`tracker import training WORKSPACE FILE --rollout NAME [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commands.common import workspace_argument

if TYPE_CHECKING:
    from tracker.commands.common import Preview
    from tracker.domain.layouts import Layout
    from tracker.store.workspace import Workspace

HELP = "import completions from a learning system (CSV or XLSX)"
DESCRIPTION = (
    "Import training progress exported from an LMS, as the LMS writes it. Recognised from the "
    "header row: {layouts}. Any other file: columns employee_id (or email), module (code or "
    "title), status, completed_on, and optionally score; or name the columns with --map. "
    "Modules are matched by code or title; rows for modules the rollout does not have and for "
    "people not in the workspace are skipped and counted; completions dated before a module's "
    "available-from date are taken with a note. A completion is never taken back by a later "
    "'in progress' or an older transcript. See docs/imports.md. Exit status: 0 applied (or "
    "previewed with --dry-run), 1 rejected (row errors or an unreadable layout on stderr, "
    "nothing changed), 2 usage error, 3 the workspace cannot be opened (in use, damaged, or from "
    "a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.description = describe()
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="an existing workspace (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--rollout", required=True, metavar="NAME", help="the rollout the modules belong to")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")
    parser.add_argument("--preset", metavar="NAME",
                        help="read the file with this saved mapping or layout ({keys})".format(keys=", ".join(
                            layout.key for layout in _layouts())))
    parser.add_argument("--map", action="append", metavar="FIELD=COLUMN", dest="map",
                        help="take FIELD from COLUMN (repeatable); fields: " + ", ".join(_fields()))


def _layouts() -> tuple[Layout, ...]:
    from tracker.domain.layouts import lms

    return lms.LAYOUTS


def _fields() -> tuple[str, ...]:
    from tracker.domain.layouts import FIELDS

    return FIELDS["training"].all


def describe() -> str:
    """The description with the recognised layouts named (the parser's --help)."""
    return DESCRIPTION.format(layouts=", ".join(layout.title for layout in _layouts()))


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import EXIT_USAGE, fail, run_import
    from tracker.services.layout_choice import LayoutChoiceError, parse_map_options
    from tracker.services.training_import import apply_training, preview_training

    try:
        overrides = parse_map_options(args.map)
    except LayoutChoiceError as e:
        return fail(str(e))
    missing: list[str] = []

    def preview(ws: Workspace) -> Preview:
        rollout = ws.rollouts.by_name(args.rollout)
        if rollout is None:
            missing.append(args.rollout)
            return _NoRollout(args.rollout, [r.name for r in ws.rollouts.list()])
        return preview_training(ws, args.file, rollout.id, preset=args.preset, overrides=overrides)

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
