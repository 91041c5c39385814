"""What left the app, and what a workbook was made from: the words of both, no SQL.

Every report and export written (status report, training plan, all data, a chart image, a
copy of the workspace, a seat reclaim list; from the window or the command line) is recorded in
the workspace's history (tracker/store/export_log.py) as an `ExportRecord`. The workbooks' About
sheets say which imports their figures rest on (`import_lines`): the latest roster, training
(LMS) and usage import (and import of a whole portable workbook, which brings all three), found
in the history by the labels the imports give their changes (IMPORT_LABELS, which the import services use).
"""

from __future__ import annotations

from dataclasses import dataclass

KIND_NAMES = {
    "status_report": "the status report",
    "training_plan": "the training plan",
    "all_data": "all data",
    "chart_image": "a chart image",
    "workspace_copy": "a copy of the workspace",
    "reclaim_list": "the seat reclaim list",
}
WINDOW, COMMAND_LINE = "window", "command line"

# The first words of the history label of each kind of import (tracker/services/*_import.py and
# Adoption.import_usage build their labels from these).
IMPORT_LABELS = {"roster": "Import roster", "training": "Import training", "usage": "Import usage",
                 "all_data": "Import data"}
IMPORT_NAMES = {"roster": "Latest roster import", "training": "Latest LMS (training) import",
                "usage": "Latest usage import", "all_data": "Latest import of all data"}


@dataclass(frozen=True, slots=True)
class ExportRecord:
    change_id: int
    at: str  # ISO timestamp, as the history keeps it
    user: str
    kind: str  # a key of KIND_NAMES
    file_name: str
    pseudonymised: bool
    rollouts: tuple[str, ...]
    made_with: str  # WINDOW or COMMAND_LINE


def export_label(kind: str, file_name: str, *, rollouts: list[str], pseudonymised: bool) -> str:
    """The history's one line: "Exported the status report to Status.xlsx (2 rollouts)"."""
    count = f"{len(rollouts)} rollout{'s' if len(rollouts) != 1 else ''}"
    return (f"Exported {KIND_NAMES[kind]} to {file_name} ({count}"
            f"{', pseudonymised' if pseudonymised else ''})")


def export_details(record: ExportRecord) -> list[tuple[str, str]]:
    """(field, value) lines for Edit → History when an export is selected."""
    return [
        ("Kind", KIND_NAMES[record.kind].removeprefix("the ").removeprefix("a ").capitalize()),
        ("File", record.file_name),
        ("Pseudonymised", "Yes" if record.pseudonymised else "No: names as in the workspace"),
        ("Rollouts", ", ".join(record.rollouts) or "none"),
        ("Made with", f"the {record.made_with}"),
    ]


def import_lines(imports: dict[str, str | None]) -> list[tuple[str, str]]:
    """The About sheets' lines on what the figures rest on: when the latest roster, LMS and
    usage imports were made (`imports`: IMPORT_LABELS key -> ISO timestamp, or None)."""
    out = []
    for key, name in IMPORT_NAMES.items():
        at = imports.get(key)
        out.append((name, at[:16].replace("T", " ") if at else "none in this workspace's history"))
    return out
