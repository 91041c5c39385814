"""`tracker import roster WORKSPACE FILE [--partial] [--preset NAME] [--map FIELD=COLUMN]...
[--allow-mass-deactivation] [--dry-run]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.commands.common import workspace_argument

if TYPE_CHECKING:
    from tracker.services.roster_import import RosterPreview

from tracker.commands.common import add_layout_options

HELP = "import an HR roster (CSV or XLSX): the app's columns, or a Workday, SuccessFactors or BambooHR export"
DESCRIPTION = (
    "Import an HR roster: people matched on employee_id are added, updated, or (for a full "
    "roster) deactivated when missing; anyone the file marks as a leaver (a status such as "
    "Terminated or Inactive, or a termination date that has passed) is deactivated, in a "
    "partial roster too. Hire and termination dates are stored. Recognised as they are: "
    "Workday worker report (custom report), SAP SuccessFactors user data file, BambooHR "
    "employee report; any other file needs the app's columns (employee_id, name, team; "
    "optional email, title, manager_id, parent_team, status, hire_date, termination_date), a "
    "mapping saved in the window (--preset), or --map. A full roster that would deactivate more "
    "than 20% of the active people is refused unless --allow-mass-deactivation is given. "
    "docs/imports.md lists every layout's columns. Exit status: 0 applied (or previewed with "
    "--dry-run), 1 rejected (row errors on stderr, nothing changed), 2 usage error, 3 the "
    "workspace cannot be opened (in use, damaged, or from a newer version)."
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workspace", metavar="WORKSPACE", type=workspace_argument,
                        help="created if it does not exist (a file, or a postgresql:// address)")
    parser.add_argument("file", metavar="FILE", type=Path)
    parser.add_argument("--partial", action="store_true",
                        help="a partial roster: deactivate only the people the file marks as leavers")
    add_layout_options(parser, layouts="workday_worker, successfactors_user_data, bamboohr_directory",
                       fields="employee_id, name, first_name, last_name, team, email, title, manager_id, "
                              "parent_team, status, hire_date, termination_date, account")
    parser.add_argument("--allow-mass-deactivation", action="store_true",
                        help="apply a full roster even if it deactivates more than 20%% of the active people")
    parser.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")


def run(args: argparse.Namespace) -> int:
    from tracker.commands.common import run_layout_import
    from tracker.services.roster_import import apply_roster, preview_roster

    def unconfirmed(result: RosterPreview) -> str | None:
        """A full roster deactivating more than 20% is refused unless confirmed (a dry run shows it)."""
        if result.ok and result.plan.mass_deactivation and not (args.allow_mass_deactivation or args.dry_run):
            return (f"{result.plan.mass_deactivation_text()}; nothing was changed. Was it a partial roster? "
                    "Use --partial, or --allow-mass-deactivation to apply it as a full roster")
        return None

    return run_layout_import(
        args, apply=apply_roster, check=unconfirmed,
        preview=lambda ws, overrides: preview_roster(ws, args.file, partial=args.partial, preset=args.preset,
                                                     overrides=overrides))
