"""Which import a dropped file is for, told apart by its (normalised) column headers.

Each importer says which columns it needs, with the spellings it accepts; a file fits a kind
when every required column is there. More than one fit (a file with employee_id, rollout,
used_on *and* module, status) is for the user to choose, so `detect_import_kinds` returns all
fits, the one explaining most of the file's columns first. Pure: headers in, kinds out.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import adkar_survey, kpi_import, roster, training_import
from tracker.domain.layouts import LAYOUTS, recognise


@dataclass(frozen=True)
class ImportKindSpec:
    key: str  # "roster", "training", "usage", "adkar", "kpis", "team_figures"
    title: str  # as the user reads it: "HR roster"
    needs_rollout: bool  # the file's rows belong to the selected rollout
    required: tuple[tuple[str, ...], ...]  # each entry: the spellings of one required column
    optional: tuple[str, ...] = ()


def _one(name: str) -> tuple[str, ...]:
    return (name,)


# The usage log's and the team figures' columns as tracker/services/usage_import.py (SYNONYMS)
# and tracker/services/adoption_import.py (REQUIRED) accept them; a test keeps them equal.
USAGE_COLUMNS = {
    "employee_id": ("employee_id", "employee", "employee_number", "emp_id", "personnel_number"),
    "rollout": ("rollout", "rollout_name", "tool", "product"),
    "used_on": ("used_on", "date", "day", "used_at", "timestamp", "event_date", "activity_date"),
}
TEAM_FIGURE_COLUMNS = ("rollout", "team", "period_end", "eligible", "active")

KINDS: tuple[ImportKindSpec, ...] = (
    ImportKindSpec("roster", "HR roster", False, tuple(map(_one, roster.REQUIRED_COLUMNS)),
                   roster.OPTIONAL_COLUMNS),
    ImportKindSpec(
        "training", "Training completions", True,
        (training_import.ALIASES["employee_id"] + training_import.ALIASES["email"],
         training_import.ALIASES["module"], training_import.ALIASES["status"]),
        training_import.ALIASES["completed_on"] + training_import.ALIASES["score"]),
    ImportKindSpec("usage", "Usage log", False, tuple(USAGE_COLUMNS.values())),
    ImportKindSpec("adkar", "ADKAR survey", True, tuple(map(_one, adkar_survey.REQUIRED_COLUMNS)),
                   ("respondents",)),
    ImportKindSpec("kpis", "KPI readings", True, tuple(kpi_import.ALIASES.values())),
    ImportKindSpec("team_figures", "Team adoption figures", False, tuple(map(_one, TEAM_FIGURE_COLUMNS)),
                   ("proficient",)),
)
BY_KEY = {kind.key: kind for kind in KINDS}
# An AI tool's usage report (Microsoft 365 Copilot, GitHub Copilot, ChatGPT Enterprise) is known
# by its layout, not by required columns, and has no rollout column: it belongs to a rollout.
USAGE_REPORT = ImportKindSpec("usage_report", "AI-tool usage report", True, ())


def _explained(kind: ImportKindSpec, headers: set[str]) -> int:
    known = {spelling for spellings in kind.required for spelling in spellings} | set(kind.optional)
    return len(headers & known)


def detect_import_kinds(headers: list[str], recognised: str | None = None) -> list[ImportKindSpec]:
    """The kinds whose required columns `headers` (normalised, as the table reader gives them)
    all hold, the best explanation of the file first; empty when none fits.

    A system's export that a layout recognises (a Workday worker report, a Copilot usage report)
    fits that layout's kind, first. ``recognised``: the layout kind the caller already recognised
    from the raw header row (a saved mapping, or a layout matched with its section prefixes).
    """
    present = set(headers)
    fits = [kind for kind in KINDS if all(present & set(spellings) for spellings in kind.required)]
    fits.sort(key=lambda kind: -_explained(kind, present))  # stable: KINDS order on ties
    if recognised is None:
        found = recognise(headers, LAYOUTS)
        recognised = found.layout.kind if found is not None else None
    # A usage report belongs to a rollout (it has no rollout column), unlike the usage log.
    spec = USAGE_REPORT if recognised == "usage" else BY_KEY.get(recognised or "")
    if spec is not None:
        fits = [spec] + [kind for kind in fits if kind.key != spec.key]
    return fits
