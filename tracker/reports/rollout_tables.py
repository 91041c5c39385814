"""A rollout's tables: ADKAR and the adoption figures behind its native line chart (on its own
sheet, under its teams), and its dependencies, gate checklist, RACI and KPIs (each on a sheet
of its own area, rollout after rollout: tracker/reports/delivery_sheets.py).

Each function writes a titled table at a row and returns the next free row, so a sheet
stacks them top to bottom. Tables with different columns never share a sheet's columns: a
column wide for one table's text would push another's numbers away from their headers.
An empty area says so in a line instead of showing an empty table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.domain.gate_evidence import Evidence, rule_of
from tracker.reports.cells import Column, Row, Table, note, title, write_table

if TYPE_CHECKING:
    from openpyxl.chart import LineChart
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.adoption import AdoptionPoint, AdoptionSummary
    from tracker.reports.context import ReportContext
    from tracker.services.rollout_status import RolloutStatus

# What a table function returns: the next free row and the tables it wrote.
Written = tuple[int, tuple[Table, ...]]

SECTION_GAP = 2  # empty rows between two tables
DEPENDENCY_LIMIT = 50  # unfinished dependencies listed, most urgent first

DEPENDENCY_COLUMNS = (
    Column("Needed by", "wrap", max_width=20), Column("Provided by", "wrap", max_width=20),
    Column("What", "wrap", max_width=30), Column("Kind"), Column("Status"), Column("Due", "date"), Column("Overdue"),
    Column("Owner", max_width=18), Column("Blocked because", "wrap", max_width=26),
)
# Eight columns that must fit one page across at the smallest print scale (136 width units
# at 82 %, tracker/reports/printing.py): the wordy ones wrap instead of widening.
GATE_COLUMNS = (
    Column("Gate", "wrap", max_width=12), Column("Area"), Column("Item", "wrap", max_width=22), Column("Status"),
    Column("Owner", "wrap", max_width=14), Column("Due", "date"), Column("From data", "wrap", max_width=24),
    Column("Evidence or waiver reason", "wrap", max_width=18),
)
KPI_COLUMNS = (
    Column("KPI", max_width=30), Column("Unit"), Column("Target", "number"), Column("Direction"),
    Column("Amber tolerance", "number"), Column("Latest", "number"), Column("Measured on", "date"),
    Column("Status", "status"),
)
ADOPTION_COLUMNS = (
    Column("Week ending", "date"), Column("Eligible", "int"), Column("Active", "int"), Column("Adoption %", "percent"),
    Column("Planned path %", "percent", width=10), Column("Target %", "percent"),
)


def _section(sheet: Worksheet, row: int, text: str) -> int:
    title(sheet, row, text, size=12)
    return row + 1


def dependencies(sheet: Worksheet, row: int, ctx: ReportContext, rollout_id: int,
                 heading: str = "Dependencies (unfinished)") -> Written:
    """The unfinished ones, blocked and overdue first (what waits on whom now); the finished
    ones are only counted, so a long-running rollout's sheet stays short."""
    row = _section(sheet, row, heading)
    deps = ctx.ws.delivery.dependencies.list(rollout_id)
    if not deps:
        note(sheet, row, "No dependencies recorded.")
        return row + 1 + SECTION_GAP, ()
    open_deps = [d for d in deps if d.unfinished]
    done = len(deps) - len(open_deps)
    open_deps.sort(key=lambda d: (d.status.value != "blocked", not d.is_overdue(ctx.as_of)))  # stable: by due
    if not open_deps:
        note(sheet, row, f"All {done} dependencies are done.")
        return row + 1 + SECTION_GAP, ()
    shown = open_deps[:DEPENDENCY_LIMIT]
    rows: list[Row] = [(d.needer_name, d.provider_name, d.description, d.kind.label, d.status.label, d.due_date,
             "Yes" if d.is_overdue(ctx.as_of) else "No", d.owner_name, d.blocked_reason) for d in shown]
    last = write_table(sheet, row, DEPENDENCY_COLUMNS, rows)
    more = []
    if len(open_deps) > len(shown):
        more.append(f"{len(open_deps) - len(shown)} more unfinished (later due; all are in the application)")
    if done:
        more.append(f"{done} done")
    end = last
    if more:
        end = last + 2  # a blank row between: sorting and filtering stop at it
        note(sheet, end, "Not listed: " + "; ".join(more) + ".")
    return end + 1 + SECTION_GAP, ((DEPENDENCY_COLUMNS, row, last),)


ADKAR_COLUMNS = (
    Column("Team", max_width=34), Column("Assessed on", "date"), Column("Respondents", "int"),
    *(Column(e, "number", width=max(11, len(e) + 2)) for e in ("Awareness", "Desire", "Knowledge", "Ability",
                                                                 "Reinforcement")),
    Column("Barrier", max_width=16),
)


def adkar(sheet: Worksheet, row: int, ctx: ReportContext, rollout_id: int) -> Written:
    """Each team's latest ADKAR scores as a heatmap of cells: a colour scale from 1 (red) to 5
    (green), and the barrier score in bold with its element named, so it never rests on colour.
    Cells rather than a picture: sortable, restylable, and 50 rollouts' pictures would cost
    most of the report's time. Teams the minimum group size hides are left out."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from tracker.domain.readiness import ADKAR

    row = _section(sheet, row, "ADKAR, latest assessment per team")
    privacy = ctx.privacy(rollout_id)
    latest = ctx.latest_adkar(rollout_id)
    shown = [a for a in latest if not privacy.adkar_hidden(a.team_id)]
    if not shown:
        text = "No ADKAR assessments recorded." if not latest else \
            f"All {len(latest)} assessed teams are hidden to protect small groups."
        note(sheet, row, text)
        return row + 1 + SECTION_GAP, ()
    rows: list[Row] = [(a.team_name, a.assessed_on, a.respondents, *a.scores, a.barrier.label if a.barrier else "None")
            for a in shown]
    last = write_table(sheet, row, ADKAR_COLUMNS, rows)
    span = f"D{row + 1}:{get_column_letter(8)}{last}"
    sheet.conditional_formatting.add(span, ColorScaleRule(  # type: ignore[no-untyped-call]  # unannotated in types-openpyxl
        start_type="num", start_value=1, start_color="E57373", mid_type="num", mid_value=3, mid_color="FFF59D",
        end_type="num", end_value=5, end_color="81C784"))
    bold = Font(bold=True, underline="single")
    for r, a in enumerate(shown, start=row + 1):
        if a.barrier is not None:
            sheet.cell(row=r, column=4 + ADKAR.index(a.barrier)).font = bold
    end = last
    if len(shown) < len(latest):
        end = last + 2
        note(sheet, end, f"{len(latest) - len(shown)} team(s) hidden to protect groups smaller than "
                         f"{ctx.minimum_group_size} respondents (or figures that would let one be worked out).")
    else:
        end = last + 2
        note(sheet, end, "Scores 1–5; the barrier (first element at 3 or less) is bold and underlined.")
    return end + 1 + SECTION_GAP, ((ADKAR_COLUMNS, row, last),)


def evidence_text(evidence: Evidence | None) -> str:
    """The "From data" cell: what the workspace's data says about an item linked to an evidence
    rule, as the window's gate list shows it, in words rather than a tick mark (a printout may
    lack the symbol's font); empty for a manual item."""
    if evidence is None:
        return ""
    return f"{'Met' if evidence.met else 'Not met'}: {evidence.text}"


def gates(sheet: Worksheet, row: int, ctx: ReportContext, rollout_id: int,
          heading: str = "Readiness gate checklist") -> Written:
    """The checklist with, for items the data can answer, the evidence the window shows (read
    from the rollout's status the report is built on, so the small-group rule hides the same
    figures here: a hidden count never becomes a sentence)."""
    row = _section(sheet, row, heading)
    items = ctx.ws.delivery.gates.items(rollout_id)
    if not items:
        note(sheet, row, "No gate items recorded.")
        return row + 1 + SECTION_GAP, ()
    evidence = ctx.gate_evidence(rollout_id) if any(i.evidence_rule for i in items) else {}
    rows: list[Row] = []
    for i in items:
        status = i.status.label + (" (overdue)" if i.is_overdue(ctx.as_of) else "")
        rule = rule_of(i.evidence_rule)
        rows.append((i.transition.label, i.area.label, i.text, status, i.owner_name, i.due_date,
                     evidence_text(evidence.get(rule) if rule is not None else None), i.waiver_reason or i.evidence))
    last = write_table(sheet, row, GATE_COLUMNS, rows)
    return last + 1 + SECTION_GAP, ((GATE_COLUMNS, row, last),)


RACI_COLUMNS = (
    Column("Responsibility", "wrap", max_width=24), Column("Accountable (A)", "wrap", max_width=18),
    Column("Responsible (R)", "wrap", max_width=22), Column("Consulted (C)", "wrap", max_width=22),
    Column("Informed (I)", "wrap", max_width=22), Column("Gaps", "wrap", max_width=26),
)


def raci(sheet: Worksheet, row: int, ctx: ReportContext, rollout_id: int,
         heading: str = "Accountability (RACI)") -> Written:
    """Each responsibility with who holds each letter, and the rule it breaks. A list rather
    than the window's matrix: a matrix is as wide as there are people, unreadable on paper."""
    from tracker.domain.raci import RaciRole

    row = _section(sheet, row, heading)
    store = ctx.ws.delivery.raci
    responsibilities = store.responsibilities(rollout_id)
    if not responsibilities:
        note(sheet, row, "No RACI matrix recorded.")
        return row + 1 + SECTION_GAP, ()
    holders: dict[tuple[int, RaciRole], list[str]] = {}
    for c in store.cells(rollout_id):
        holders.setdefault((c.responsibility_id, c.role), []).append(
            c.holder.name + ("" if c.holder.active else " (left)"))
    problems: dict[int, list[str]] = {}
    for p in store.problems(rollout_id):
        problems.setdefault(p.responsibility_id, []).append(p.message)
    order = (RaciRole.ACCOUNTABLE, RaciRole.RESPONSIBLE, RaciRole.CONSULTED, RaciRole.INFORMED)
    rows: list[Row] = [(r.name, *(", ".join(sorted(holders.get((r.id, role), []), key=str.casefold)) for role in order),
             " ".join(problems.get(r.id, [])) or "None")
            for r in responsibilities]
    last = write_table(sheet, row, RACI_COLUMNS, rows)
    return last + 1 + SECTION_GAP, ((RACI_COLUMNS, row, last),)


def kpis(sheet: Worksheet, row: int, ctx: ReportContext, rollout_id: int, heading: str = "KPIs") -> Written:
    row = _section(sheet, row, heading)
    found = ctx.ws.delivery.kpis.list(rollout_id)
    if not found:
        note(sheet, row, "No KPIs recorded.")
        return row + 1 + SECTION_GAP, ()
    rows: list[Row] = [(k.name, k.unit, k.target, k.direction.label, k.tolerance, k.latest_value, k.latest_on,
             (k.status.label, k.status.value)) for k in found]
    last = write_table(sheet, row, KPI_COLUMNS, rows)
    return last + 1 + SECTION_GAP, ((KPI_COLUMNS, row, last),)


def adoption_rows(summary: AdoptionSummary, as_of: dt.date,
                  points: Sequence[AdoptionPoint] | None = None) -> list[Row]:
    """Week by week: eligible, active, rate, the planned straight path, the target. `points`:
    the weeks a leader may see (`RolloutStatus.adoption_points`: none when the rollout's eligible
    people are too few, and no week with fewer eligible people than the minimum group size);
    None: every week of `summary`."""
    from tracker.domain.adoption import expected_rate

    rows: list[Row] = []
    for p in summary.points if points is None else points:
        if p.period_end > as_of:
            continue
        planned = expected_rate(summary.target, summary.go_live, summary.target_date, p.period_end)
        rows.append((p.period_end, p.eligible, p.active, p.rate, planned, summary.target))
    return rows


def adoption(sheet: Worksheet, row: int, ctx: ReportContext,
             status: RolloutStatus) -> tuple[int, tuple[Table, ...], tuple[int, int] | None]:
    """The figures the line chart draws; returns (next row, finished tables, (first, last) data rows)."""
    row = _section(sheet, row, "Adoption, week by week")
    rows = adoption_rows(status.adoption, ctx.as_of, status.adoption_points()) if status.adoption is not None else []
    if status.adoption_hidden:
        note(sheet, row, f"Hidden: the rollout's eligible people are fewer than {ctx.minimum_group_size}.")
        return row + 1 + SECTION_GAP, (), None
    if not rows:
        note(sheet, row, "No usage recorded yet." if not _small_weeks(status, ctx.as_of) else
             f"Hidden: every week had fewer than {ctx.minimum_group_size} eligible people.")
        return row + 1 + SECTION_GAP, (), None
    last = write_table(sheet, row, ADOPTION_COLUMNS, rows)
    end = last
    left_out = _small_weeks(status, ctx.as_of)
    if left_out:
        end = last + 2  # a blank row between: the chart's range and sorting stop at it
        note(sheet, end, f"{left_out} week(s) with fewer than {ctx.minimum_group_size} eligible people are "
                         "left out, to protect small groups.")
    return end + 1 + SECTION_GAP, ((ADOPTION_COLUMNS, row, last),), (row, last)


def _small_weeks(status: RolloutStatus, as_of: dt.date) -> int:
    """How many weeks up to `as_of` the small-group rule leaves out of the weekly table."""
    if status.adoption is None:
        return 0
    shown = {p.period_end for p in status.adoption_points()}
    return sum(1 for p in status.adoption.points if p.period_end <= as_of and p.period_end not in shown)


def adoption_chart(sheet: Worksheet, header_row: int, last_row: int, rollout_name: str) -> LineChart:
    """A native line chart over the adoption table's Adoption %, Planned path % and Target %
    columns (D–F) by week (A), so the leader can restyle or copy it in Excel."""
    from openpyxl.chart import LineChart, Reference
    from openpyxl.chart.axis import DateAxis

    from tracker.domain.date_text import day_text

    chart = LineChart()
    chart.title = "Adoption against target (share of eligible people)"  # the sheet's title names the rollout
    chart.y_axis.number_format = "0%"
    chart.y_axis.scaling.min = 0
    chart.x_axis = DateAxis(crossAx=100)
    # Month names alone stay level at 10 pt on a chart half a page wide; the years are in the title.
    chart.x_axis.number_format = "mmm"
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.majorUnit = 1
    first, last = sheet.cell(row=header_row + 1, column=1).value, sheet.cell(row=last_row, column=1).value
    chart.x_axis.title = (f"Week ending, {day_text(first)} to {day_text(last)}"
                          if isinstance(first, dt.date) and isinstance(last, dt.date) else "Week ending")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    data = Reference(sheet, min_col=4, max_col=6, min_row=header_row, max_row=last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row))
    styles = (("1565C0", None, 28575), ("9E9E9E", "dash", 19050), ("2E7D32", "sysDot", 19050))
    for series, (colour, dash, width) in zip(chart.series, styles):
        series.smooth = False
        series.marker.symbol = "none"
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = width
        if dash:
            series.graphicalProperties.line.dashStyle = dash
    if chart.legend is not None:  # a new chart has one
        chart.legend.position = "b"
    chart.width, chart.height = 16, 7.5  # cm
    _chart_text(chart)
    return chart


CHART_TEXT_HUNDREDTHS = 1000  # 10 pt: 8.2 pt on a page printed at the smallest scale (82 %)


def _chart_text(chart: LineChart) -> None:
    """Every label of the chart at 10 pt and level, so a printed page never carries 5-pt or
    turned month labels."""
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties

    def text(rotation: int | None = None) -> RichText:
        size = CharacterProperties(sz=CHART_TEXT_HUNDREDTHS)
        return RichText(bodyPr=RichTextProperties(rot=rotation, vert="horz"),
                        p=[Paragraph(pPr=ParagraphProperties(defRPr=size), endParaRPr=size)])

    chart.x_axis.txPr = text(0)
    chart.y_axis.txPr = text()
    if chart.legend is not None:
        chart.legend.txPr = text()

