"""The About sheet: what the workbook is, for when it is forwarded or printed months later.

Which workspace, as of which day, when the data it rests on was imported (the latest roster,
LMS and usage imports in the workspace's history), when and by whom it was made, the definition of every figure,
the health rule in sentences (generated from the same thresholds the rule uses), and the
minimum group size that hid small groups.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tracker.reports.cells import LINE_POINTS, CellValue, note, put, title, wrapped_lines
from tracker.reports.printing import set_print

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.reports.context import ReportContext

# Column widths: together one landscape page across at no less than 9 pt (tracker/reports/printing.py).
LABEL_WIDTH, TEXT_WIDTH = 24, 90

# The figures of this workbook that are not adoption metrics (those come from
# tracker.domain.adoption.METRIC_DEFINITIONS).
REPORT_DEFINITIONS: dict[str, str] = {
    "Health": "Red, amber or green for the rollout by the health rule below; \"No data\" when nothing "
              "could be judged. Always written as a word as well as a colour.",
    "Reasons": "The one-sentence reasons of the factors that are not green, worst first.",
    "Adoption %": "The latest week's active people divided by eligible people (see Adoption rate).",
    "Target %": "The adoption rate the rollout aims for by its target date.",
    "Forecast date": "The day the forecast reaches the target rate (the middle of its 80% band; the "
                     "band is in the reasons); \"does not reach\" when even the top of the plateau's "
                     "band lies below the target; \"not yet predictable\" while the curve has not "
                     "turned or may level off either side of the target; empty when there is no "
                     "reliable forecast.",
    "Training %": "Completed training assignments (person x required module) divided by those "
                  "required, exemptions left out.",
    "Overdue training": "Required assignments not completed nor exempt whose module's due date has passed.",
    "Open signals": "Resistance signals not yet resolved (open or being mitigated).",
    "High-severity signals": "Open signals of the severity the health rule counts as serious, or worse.",
    "Blocked dependencies": "Dependencies between teams marked blocked.",
    "Overdue dependencies": "Unfinished dependencies past their due date.",
    "Open gate items": "Items of the rollout's next readiness gate that are neither done nor waived.",
    "ADKAR barrier": "The first ADKAR element (Awareness, Desire, Knowledge, Ability, Reinforcement) "
                     "scoring 3 or less in the team's latest assessment; \"None\" when all score above 3.",
    "Impact": "How strongly the rollout changes the team's work: none, low, medium or high.",
    "Change load": "Per team and month, the sum of the impact weights (by default low 1, medium 2, "
                   "high 3; set per workspace) of the rollouts under way for the team that month: from "
                   "the rollout's start date (or three months before go-live) to its target date (or six "
                   "months after go-live). Above the saturation threshold the team is saturated.",
    "hidden": "A figure not shown because it concerns, or would let someone work out, a group "
              "smaller than the minimum group size.",
}


def _definitions() -> dict[str, str]:
    from tracker.domain.adoption import METRIC_DEFINITIONS

    return {**REPORT_DEFINITIONS, **METRIC_DEFINITIONS}


def write_about_sheet(sheet: Worksheet, ctx: ReportContext, *, made_at: dt.datetime, made_by: str,
                      rollout_names: list[str]) -> None:
    from openpyxl.styles import Alignment

    from tracker.domain.health import HEALTH_RULE_TEXT

    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")  # dates too: they read as facts
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = TEXT_WIDTH
    title(sheet, 1, "About this report")
    from tracker.domain.export_log import import_lines
    from tracker.store.export_log import latest_imports

    facts: list[tuple[str, CellValue]] = [
        ("Workspace", ctx.ws.title),
        ("Status as of", ctx.as_of),
        *import_lines(latest_imports(ctx.ws)),
        ("Made on", made_at.replace(microsecond=0)),
        ("Made by", made_by),
        ("Rollouts", ", ".join(rollout_names) or "none"),
        ("Minimum group size", ctx.minimum_group_size),
    ]
    row = 3
    for label, value in facts:
        put(sheet, row, 1, label, bold=True)
        put(sheet, row, 2, value).alignment = wrap
        row += 1
    put(sheet, row, 2,
        f"Resistance, ADKAR, adoption and training figures of a team with fewer than {ctx.minimum_group_size} "
        "people (for ADKAR: respondents; adoption: eligible people; training: people who must take it) are "
        "hidden, and so is the next-smallest team wherever the hidden one could otherwise be worked out "
        "from a total; so are a rollout's own figures when its people are that few, and adoption weeks "
        "with fewer eligible people. Hidden cells say \"hidden\". The health "
        "reasons and colours are worked out without the hidden figures: a factor whose evidence is all "
        f"hidden says \"suppressed: fewer than {ctx.minimum_group_size} people\".").alignment = wrap
    sheet.row_dimensions[row].height = LINE_POINTS * 4 + 2
    row += 2
    title(sheet, row, "The health rule", size=12)
    row += 1
    for line in HEALTH_RULE_TEXT.splitlines():
        put(sheet, row, 2, line).alignment = wrap
        sheet.row_dimensions[row].height = LINE_POINTS * wrapped_lines(line, TEXT_WIDTH) + 2
        row += 1
    row += 1
    title(sheet, row, "Definitions", size=12)
    row += 1
    for name, text in _definitions().items():
        put(sheet, row, 1, name, bold=True).alignment = wrap
        put(sheet, row, 2, text).alignment = wrap
        sheet.row_dimensions[row].height = LINE_POINTS * wrapped_lines(text, TEXT_WIDTH) + 2
        row += 1
    row += 1
    note(sheet, row, "Made by Rollout Tracker. Dates are as of the day above; figures change as the "
                     "workspace is updated.")
    sheet.freeze_panes = "A2"
    set_print(sheet, heading="Rollout status: About", as_of=ctx.as_of, title_rows="1:1", last_column=2)
