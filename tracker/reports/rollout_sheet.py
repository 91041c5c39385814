"""One sheet per rollout: where it stands, its teams, then its charts, its ADKAR heatmap and
its weekly adoption figures (its dependencies, gate checklist, RACI and KPIs have columns of
their own, so they are on sheets of their own: tracker/reports/delivery_sheets.py).

The top three rows say everything a leader needs at a glance: the rollout, its health (word
and colour), and the reasons. The teams table follows with its header frozen and filterable.
Adoption, training, resistance and ADKAR figures of small teams are hidden with the
workspace's minimum group size (tracker/reports/context.py), and the sheet says so under the
table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from tracker.domain.date_text import day_text
from tracker.reports import rollout_tables as tables
from tracker.reports.cells import (
    LINE_POINTS,
    Column,
    Row,
    Table,
    fit_widths,
    note,
    put,
    put_status,
    title,
    wrapped_lines,
    write_table,
)
from tracker.reports.images import DPI
from tracker.reports.printing import keep_on_one_page, set_print, wrap_note

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
CHART_UNITS = 62  # the adoption chart spans the first columns up to this many width units
CHART_ROWS = 19  # rows kept free under the teams table for the line chart and the pictures


def team_rows(ctx: ReportContext, rollout_id: int, team_adoption: Mapping[int, TeamAdoption | AdoptionSummary],
              team_training: Mapping[int | None, TeamProgress]) -> list[Row]:
    privacy = ctx.privacy(rollout_id)
    barrier = {a.team_id: (a.barrier.label if a.barrier else "None") for a in ctx.latest_adkar(rollout_id)}
    open_signals: dict[int, int] = {}
    for s in ctx.signals(rollout_id):
        if s.unresolved:
            open_signals[s.team_id] = open_signals.get(s.team_id, 0) + 1
    rows: list[Row] = []
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
        signals: int | str = HIDDEN if privacy.signals_hidden(p.team_id) else open_signals.get(p.team_id, 0)
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
        parts.append(f"Go-live: {day_text(rollout.go_live_date)}")
    if status.target_rate is not None:
        by = f" by {day_text(status.target_date)}" if status.target_date else ""
        parts.append(f"Target adoption: {status.target_rate:.0%}{by}")
    if status.next_gate:
        parts.append(f"Next gate: {status.next_gate}")
    if status.usage_note:
        parts.append(status.usage_note[0].upper() + status.usage_note[1:])
    return "   ·   ".join(parts)


def write_rollout_sheet(sheet: Worksheet, ctx: ReportContext, status: RolloutStatus, *,
                        team_adoption: Mapping[int, TeamAdoption | AdoptionSummary],
                        team_training: Mapping[int | None, TeamProgress], stakeholders: Sequence[Stakeholder],
                        pictures: Pictures) -> None:
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
    sheet.cell(row=2, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=2, start_column=2, end_row=2, end_column=len(TEAM_COLUMNS))

    rows = team_rows(ctx, rollout.id, team_adoption, team_training)
    title(sheet, TEAM_HEADER_ROW - 1, "Teams", size=12)
    last = write_table(sheet, TEAM_HEADER_ROW, TEAM_COLUMNS, rows)
    finished: list[Table] = [(TEAM_COLUMNS, TEAM_HEADER_ROW, last)]
    row = last + 2  # a blank row first: filtering and sorting stop at it
    privacy = _privacy_note(ctx, rollout.id)
    notes = []
    if privacy:
        note(sheet, row, privacy)
        notes.append(row)
        row += 1
    if not rows:
        note(sheet, row, "No teams take part in this rollout yet.")
        row += 1

    has_usage = status.adoption is not None and bool(
        tables.adoption_rows(status.adoption, ctx.as_of, status.adoption_points()))
    chart_row = row + 1
    row = chart_row + (CHART_ROWS if has_usage or stakeholders else 2)
    row, done = tables.adkar(sheet, row, ctx, rollout.id)
    finished += done
    row, done, adoption_span = tables.adoption(sheet, row, ctx, status)
    finished += done

    for columns, header, end in finished:
        fit_widths(sheet, columns, header, end)
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width or 0, 18)
    widths = [sheet.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(1, len(TEAM_COLUMNS) + 1)]
    sheet.row_dimensions[2].height = LINE_POINTS * wrapped_lines(sheet["B2"].value, sum(widths[1:])) + 4
    sheet.row_dimensions[3].height = LINE_POINTS * wrapped_lines(sheet["A3"].value, sum(widths)) + 4
    for note_row in notes:
        wrap_note(sheet, note_row, len(TEAM_COLUMNS))
    sheet.freeze_panes = f"A{TEAM_HEADER_ROW + 1}"
    sheet.auto_filter.ref = f"A{TEAM_HEADER_ROW}:{get_column_letter(len(TEAM_COLUMNS))}{max(last, TEAM_HEADER_ROW)}"
    drawn_to = _place_drawings(sheet, ctx, status, chart_row, adoption_span, stakeholders, pictures)
    # Several tables share the sheet, so no header row is repeated; the page header names the rollout.
    set_print(sheet, heading=rollout.name, as_of=ctx.as_of, last_column=max(sheet.max_column, drawn_to))
    if has_usage or stakeholders:
        keep_on_one_page(sheet, chart_row, chart_row + CHART_ROWS, sheet.page_setup.scale or 100)  # set just above


def grid_size() -> tuple[float, float]:
    """The power/interest grid's size in inches: as tall as the rows kept for the drawings."""
    height = (CHART_ROWS - 1) * 20 / DPI
    return height * 1.15, height


def _place_drawings(sheet: Worksheet, ctx: ReportContext, status: RolloutStatus, row: int,
                    adoption_span: tuple[int, int] | None, stakeholders: Sequence[Stakeholder],
                    pictures: Pictures) -> int:
    """The adoption line chart (native) and the power/interest grid (a picture: Excel has no
    chart with labelled points in quadrants), side by side in the rows kept free under the
    teams table. The ADKAR heatmap is cells (tracker/reports/rollout_tables.py `adkar`).

    The grid is anchored at a column and the chart is as wide as the columns before it (in
    Excel's measure): LibreOffice draws columns wider, so there a gap opens between the two
    instead of an overlap. Returns the last column the drawings reach in the wider measure
    (the print area must hold them)."""
    from openpyxl.utils import get_column_letter

    from tracker.reports.printing import column_points, column_width

    height = (CHART_ROWS - 1) * 20
    grid_column = _grid_column(sheet)
    if adoption_span is not None:
        chart = tables.adoption_chart(sheet, adoption_span[0], adoption_span[1], status.rollout.name)
        chart.height = height / 37.8  # px to cm
        # types-openpyxl says int; openpyxl takes any length in centimetres
        chart.width = (_column_pixels(sheet, grid_column) - 12) / 37.8  # type: ignore[assignment]
        sheet.add_chart(chart, f"A{row}")
    else:
        hidden = status.adoption is not None and status.adoption.has_data  # data, none of it shown
        said = (f"Adoption chart: hidden, fewer than {ctx.minimum_group_size} eligible people." if hidden
                else "Adoption chart: no usage recorded yet.")
        note(sheet, row, said + ("" if stakeholders else " No stakeholders recorded."))
    if not stakeholders:
        return 1
    width, grid_height = grid_size()
    pictures.place(sheet, status.rollout.id, int(width * DPI), int(grid_height * DPI),
                   f"{get_column_letter(grid_column)}{row}")
    reach, column = width * 72, grid_column  # the grid's width in points, column by column from its start
    while reach > column_points(column_width(sheet, column)):
        reach -= column_points(column_width(sheet, column))
        column += 1
    return column


def _grid_column(sheet: Worksheet) -> int:
    """The column the stakeholder grid starts at: the first one at least CHART_UNITS widths in."""
    from tracker.reports.printing import column_width

    units, column = 0.0, 1
    while units < CHART_UNITS:
        units += column_width(sheet, column)
        column += 1
    return column


def _column_pixels(sheet: Worksheet, column: int) -> int:
    """Where `column` starts in Excel, in pixels from the left edge (7 px a width unit, 5 of padding)."""
    from tracker.reports.printing import column_width

    return sum(int(column_width(sheet, c) * 7 + 5) for c in range(1, column))
