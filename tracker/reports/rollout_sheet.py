"""One sheet per rollout: where it stands, its teams, then its charts and the rest of its
tables (dependencies, gate checklist, RACI, KPIs, the weekly adoption figures).

The top three rows say everything a leader needs at a glance: the rollout, its health (word
and colour), and the reasons. The teams table follows with its header frozen and filterable.
Adoption, training, resistance and ADKAR figures of small teams are hidden with the
workspace's minimum group size (tracker/reports/context.py), and the sheet says so under the
table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tracker.reports import rollout_tables as tables
from tracker.reports.cells import (
    LINE_POINTS,
    Column,
    fit_widths,
    note,
    put,
    put_status,
    set_print,
    title,
    wrapped_lines,
    write_table,
)
from tracker.reports.images import DPI

# team id -> its latest adoption figures (TeamAdoption, or a team's AdoptionSummary)
TeamAdoptions = Mapping[int, "TeamAdoption | AdoptionSummary"]

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.adoption import AdoptionSummary
    from tracker.domain.models import Rollout
    from tracker.domain.readiness import Stakeholder
    from tracker.domain.team_adoption import TeamAdoption
    from tracker.domain.training_models import TeamProgress
    from tracker.reports.context import ReportContext
    from tracker.reports.images import Pictures
    from tracker.services.rollout_status import RolloutStatus

HIDDEN = "hidden"  # what a suppressed cell says (never blank: blank reads as "none")
TEAM_HEADER_ROW = 5

TEAM_COLUMNS = (
    Column("Team", max_width=34), Column("Impact"), Column("Eligible", "int"), Column("Active", "int"),
    Column("Adoption %", "percent"), Column("Training %", "percent"), Column("ADKAR barrier", max_width=18),
    Column("Open signals", "int"),
)
CHART_ROWS = 22  # rows kept free under the teams table for the line chart and the pictures


def team_rows(ctx: ReportContext, rollout_id: int, team_adoption: TeamAdoptions,
              team_training: dict[int | None, TeamProgress]) -> list[tuple[Any, ...]]:
    privacy = ctx.privacy(rollout_id)
    barrier = {a.team_id: (a.barrier.label if a.barrier else "None") for a in ctx.latest_adkar(rollout_id)}
    open_signals: dict[int, int] = {}
    for s in ctx.signals(rollout_id):
        if s.unresolved:
            open_signals[s.team_id] = open_signals.get(s.team_id, 0) + 1
    rows = []
    for p in ctx.participation(rollout_id):
        summary = team_adoption.get(p.team_id)
        eligible: int | str | None = summary.eligible if summary is not None and summary.has_data else None
        active: int | str | None = summary.active if summary is not None and summary.has_data else None
        rate: float | str | None = summary.rate if summary is not None else None
        if privacy.adoption_hidden(p.team_id):
            eligible = active = rate = HIDDEN
        progress = team_training.get(p.team_id)
        trained: float | str | None = progress.percent if progress is not None else None
        if privacy.training_hidden(p.team_id):
            trained = HIDDEN
        adkar = HIDDEN if privacy.adkar_hidden(p.team_id) else barrier.get(p.team_id, "Not assessed")
        signals = HIDDEN if privacy.signals_hidden(p.team_id) else open_signals.get(p.team_id, 0)
        rows.append((p.team_name, p.impact.label, eligible, active, rate, trained, adkar, signals))
    return rows


def _privacy_note(ctx: ReportContext, rollout_id: int) -> str | None:
    privacy = ctx.privacy(rollout_id)
    teams = {p.team_id for p in ctx.participation(rollout_id)}
    parts = []
    for suppression, what in ((privacy.adoption, "adoption figures"), (privacy.training, "training progress"),
                              (privacy.adkar, "the ADKAR barrier"), (privacy.signals, "open signals")):
        hidden = len(teams & set(suppression.hidden))
        if hidden:
            parts.append(f"{what} of {hidden} team(s)")
    if not parts:
        return None
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return (f"\"{HIDDEN}\": {listed} not shown, to protect groups smaller than "
            f"{ctx.minimum_group_size} people (or figures that would let one be worked out). See About.")


def _status_line(rollout: Rollout, status: RolloutStatus) -> str:
    parts = [f"Stage: {rollout.stage.label}"]
    if rollout.owner_name:
        parts.append(f"Owner: {rollout.owner_name}")
    if rollout.sponsor_name:
        parts.append(f"Sponsor: {rollout.sponsor_name}")
    if rollout.go_live_date:
        parts.append(f"Go-live: {rollout.go_live_date.isoformat()}")
    if status.target_rate is not None:
        by = f" by {status.target_date.isoformat()}" if status.target_date else ""
        parts.append(f"Target adoption: {status.target_rate:.0%}{by}")
    if status.next_gate:
        parts.append(f"Next gate: {status.next_gate}")
    if status.usage_note:
        parts.append(status.usage_note[0].upper() + status.usage_note[1:])
    return "   ·   ".join(parts)


def write_rollout_sheet(sheet: Worksheet, ctx: ReportContext, status: RolloutStatus, *,
                        team_adoption: TeamAdoptions, team_training: dict[int | None, TeamProgress],
                        stakeholders: list[Stakeholder], pictures: Pictures) -> None:
    """Fill `sheet` for one rollout. `team_adoption`: team id -> TeamAdoption (or AdoptionSummary);
    `team_training`: team id -> TeamProgress; `pictures` renders its power/interest grid
    (keyed by rollout id) from `stakeholders`."""
    rollout = status.rollout
    title(sheet, 1, rollout.name, size=16)
    put_status(sheet, 2, 1, f"Health: {status.health.label}", status.health.value)
    put(sheet, 2, 2, _status_line(rollout, status))
    reasons = " ".join(status.reasons) if status.reasons else "Every factor is green."
    put(sheet, 3, 1, f"Why: {reasons}")
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    sheet.cell(row=3, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(TEAM_COLUMNS))

    rows = team_rows(ctx, rollout.id, team_adoption, team_training)
    title(sheet, TEAM_HEADER_ROW - 1, "Teams", size=12)
    last = write_table(sheet, TEAM_HEADER_ROW, TEAM_COLUMNS, rows)
    finished = [(TEAM_COLUMNS, TEAM_HEADER_ROW, last)]
    row = last + 2  # a blank row first: filtering and sorting stop at it
    privacy = _privacy_note(ctx, rollout.id)
    if privacy:
        note(sheet, row, privacy)
        row += 1
    if not rows:
        note(sheet, row, "No teams take part in this rollout yet.")
        row += 1

    has_usage = status.adoption is not None and bool(
        tables.adoption_rows(status.adoption, ctx.as_of, status.adoption_points()))
    chart_row = row + 1
    row = chart_row + (CHART_ROWS if has_usage or stakeholders else 2)
    for section in (tables.adkar, tables.dependencies, tables.gates, tables.raci, tables.kpis):
        row, done = section(sheet, row, ctx, rollout.id)
        finished += done
    row, done, adoption_span = tables.adoption(sheet, row, ctx, status)
    finished += done

    for columns, header, end in finished:
        fit_widths(sheet, columns, header, end)
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width or 0, 18)
    merged_width = sum(sheet.column_dimensions[get_column_letter(c)].width or 8.43
                       for c in range(1, len(TEAM_COLUMNS) + 1))
    sheet.row_dimensions[3].height = LINE_POINTS * wrapped_lines(sheet["A3"].value, merged_width) + 4
    sheet.freeze_panes = f"A{TEAM_HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{TEAM_HEADER_ROW}:{get_column_letter(len(TEAM_COLUMNS))}{max(last, TEAM_HEADER_ROW)}"
    set_print(sheet, title_rows=f"1:{2}")
    _place_drawings(sheet, ctx, status, chart_row, adoption_span, stakeholders, pictures)


def _column_at(sheet: Worksheet, pixels: int) -> str:
    """The first column starting at least `pixels` from the left edge (about 7 px a character)."""
    from openpyxl.utils import get_column_letter

    x, column = 0, 1
    while x < pixels:
        width = sheet.column_dimensions[get_column_letter(column)].width or 8.43
        x += int(width * 7 + 5)
        column += 1
    return get_column_letter(column)


def grid_size() -> tuple[float, float]:
    """The power/interest grid's size in inches: as tall as the rows kept for the drawings."""
    height = (CHART_ROWS - 1) * 20 / DPI
    return height * 1.15, height


def _place_drawings(sheet: Worksheet, ctx: ReportContext, status: RolloutStatus, row: int,
                    adoption_span: tuple[int, int] | None, stakeholders: list[Stakeholder], pictures: Pictures) -> None:
    """The adoption line chart (native) and the power/interest grid (a picture: Excel has no
    chart with labelled points in quadrants), side by side in the rows kept free under the
    teams table. The ADKAR heatmap is cells (tracker/reports/rollout_tables.py `adkar`)."""
    x = 0
    height = (CHART_ROWS - 1) * 20
    if adoption_span is not None:
        chart = tables.adoption_chart(sheet, adoption_span[0], adoption_span[1], status.rollout.name)
        chart.height = height / 37.8  # px to cm
        chart.width = 16
        sheet.add_chart(chart, f"{_column_at(sheet, 0)}{row}")
        x += int(16 * 37.8) + 20
    else:
        hidden = status.adoption is not None and status.adoption.has_data  # data, none of it shown
        why = (f"Adoption chart: hidden, fewer than {ctx.minimum_group_size} eligible people." if hidden
               else "Adoption chart: no usage recorded yet.")
        note(sheet, row, why + ("" if stakeholders else " No stakeholders recorded."))
    if stakeholders:
        width, grid_height = grid_size()
        pictures.place(sheet, status.rollout.id, int(width * DPI), int(grid_height * DPI),
                       f"{_column_at(sheet, x)}{row}")
