"""The HR training plan workbook: what still has to be scheduled, per module and month; what is
outstanding per team; and who still has to take what.

Unlike the leaders' status workbook, this one is for HR and names people (they have to book
them). It uses the store's own plan (tracker/store/training_sessions.py `month_plan`, the rule
in tracker/domain/training_sessions.py) so the figures match the Training page's planning tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.date_text import day_text
from tracker.io.atomic import ReportCancelled, ReportError, check_target, save_atomically
from tracker.io.ooxml_text import plain
from tracker.reports.cells import CellValue, Column, Row, finish_table, first_sheet, note, write_table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.models import Rollout
    from tracker.store.workspace import Workspace

# Rows sorted by their words before writing: rollout, team, module, title, due, outstanding, overdue.
TeamRow = tuple[str, str, str, str, dt.date | None, int, int]
# Rollout, employee id, name, team, manager, module, status, due, overdue ("Yes"/"No"), next session.
PersonRow = tuple[str, str, str, str, str, str, str, dt.date | None, str, dt.date | None]

MONTH = "mmm yyyy"
PEOPLE_LIMIT = 200_000  # rows of the people sheet; beyond this the sheet says it was cut

PLAN_COLUMNS = (
    Column("Rollout", max_width=30), Column("Module", max_width=12), Column("Module title", max_width=40),
    Column("Format"), Column("Month", "date"), Column("Seats needed", "int"), Column("Seats scheduled", "int"),
    Column("Seats taken", "int"), Column("Sessions planned", "int"), Column("Gap (seats)", "int"),
    Column("Sessions to add", "int"),
)
TEAM_COLUMNS = (
    Column("Rollout", max_width=30), Column("Team", max_width=34), Column("Module", max_width=12),
    Column("Module title", max_width=40), Column("Due", "date"), Column("Outstanding", "int"),
    Column("Overdue", "int"),
)
PEOPLE_COLUMNS = (
    Column("Rollout", max_width=30), Column("Employee ID", max_width=14), Column("Name", max_width=28),
    Column("Team", max_width=30), Column("Manager", max_width=28), Column("Module", max_width=12),
    Column("Status"), Column("Due", "date"), Column("Overdue"), Column("Next session", "date"),
)


def plan_rows(ws: Workspace, rollout: Rollout, as_of: dt.date) -> list[Row]:
    from tracker.domain.training_sessions import month_of
    from tracker.store.training_queries import Scope

    modules = {m.id: m for m in ws.training.modules(rollout.id)}
    sessions: dict[tuple[int, dt.date], int] = {}
    for s in ws.training.sessions.list(rollout.id):
        if s.starts.date() >= as_of:
            key = (s.module_id, month_of(s.starts.date()))
            sessions[key] = sessions.get(key, 0) + 1
    rows: list[Row] = []
    for m in ws.training.sessions.month_plan(Scope(rollout.id, as_of=as_of)):
        module = modules[m.module_id]
        rows.append((rollout.name, m.code, module.title, module.format.label, m.month, m.needed, m.scheduled,
                     m.enrolled, sessions.get((m.module_id, m.month), 0), m.shortfall, m.add_sessions))
    return rows


def team_rows(ws: Workspace, rollout: Rollout, as_of: dt.date) -> list[TeamRow]:
    from tracker.store.training_queries import Scope

    rows: list[TeamRow] = []
    for module in ws.training.modules(rollout.id):
        for t in ws.training.team_progress(Scope(rollout.id, module_id=module.id, as_of=as_of)):
            outstanding = t.required - t.completed - t.exempt
            if outstanding > 0:
                rows.append((rollout.name, t.team_name, module.code, module.title, module.due, outstanding, t.overdue))
    return sorted(rows, key=lambda r: (r[1].casefold(), r[2].casefold()))


def people_rows(ws: Workspace, rollout: Rollout, as_of: dt.date, limit: int) -> list[PersonRow]:
    from tracker.domain.training import TrainingStatus
    from tracker.store.training_queries import Scope

    rows: list[PersonRow] = []
    for status in (TrainingStatus.NOT_STARTED, TrainingStatus.IN_PROGRESS):
        for p in ws.training.people_modules(Scope(rollout.id, as_of=as_of), status=status.value, limit=limit + 1):
            rows.append((rollout.name, p.employee_id, p.person_name, p.team_name, p.manager_name, p.module_code,
                         p.status.label, p.due, "Yes" if p.overdue else "No", p.enrolled_on))
    return rows


def write_training_plan(ws: Workspace, path: str | Path, *, rollout_ids: list[int] | None = None,
                        as_of: dt.date | None = None, progress: Callable[[int, str], None] | None = None,
                        cancelled: Callable[[], bool] | None = None) -> Path:
    """Write HR's plan for `rollout_ids` (None: all) as of `as_of` (None: today); returns the path."""
    from openpyxl import Workbook

    target = check_target(Path(path))
    as_of = as_of or dt.date.today()
    report = progress or (lambda percent, text: None)
    rollouts = ws.rollouts.list()
    if rollout_ids is not None:
        unknown = set(rollout_ids) - {r.id for r in rollouts}
        if unknown:
            raise ReportError(f"No rollout with id {', '.join(map(str, sorted(unknown)))} in this workspace.")
        rollouts = [r for r in rollouts if r.id in set(rollout_ids)]
    plan: list[Row] = []
    teams: list[TeamRow] = []
    people: list[PersonRow] = []
    for i, rollout in enumerate(rollouts):
        if cancelled and cancelled():
            raise ReportCancelled("The export was cancelled; no file was written.")
        report(int(80 * i / max(1, len(rollouts))), f"Planning {rollout.name}")
        plan += plan_rows(ws, rollout, as_of)
        teams += team_rows(ws, rollout, as_of)
        people += people_rows(ws, rollout, as_of, PEOPLE_LIMIT - len(people))
        if len(people) > PEOPLE_LIMIT:
            break
    cut = len(people) > PEOPLE_LIMIT
    # Overdue first: those are the people HR books first.
    people = sorted(people, key=lambda r: (r[8] != "Yes", r[0].casefold(), r[2].casefold(), r[5].casefold()))
    people = people[:PEOPLE_LIMIT]
    report(85, "Writing the workbook")
    book = Workbook()
    sheet = first_sheet(book)
    sheet.title = "Sessions by month"
    last = write_table(sheet, 1, PLAN_COLUMNS, plan)
    for row in range(2, last + 1):
        sheet.cell(row=row, column=5).number_format = MONTH
    if not plan:
        note(sheet, 2, "No classroom, workshop or coaching modules need sessions.")
    finish_table(sheet, PLAN_COLUMNS, 1, last, heading="Training plan: sessions by month", as_of=as_of)
    sheet = book.create_sheet("Outstanding by team")
    last = write_table(sheet, 1, TEAM_COLUMNS, teams)
    if not teams:
        note(sheet, 2, "Nothing outstanding: every required module is completed or exempt.")
    finish_table(sheet, TEAM_COLUMNS, 1, last, heading="Training plan: outstanding by team", as_of=as_of)
    sheet = book.create_sheet("People")
    last = write_table(sheet, 1, PEOPLE_COLUMNS, people)
    if cut:
        note(sheet, last + 1, f"Only the first {PEOPLE_LIMIT:,} rows are listed; filter by rollout for the rest.")
    finish_table(sheet, PEOPLE_COLUMNS, 1, last, heading="Training plan: people", as_of=as_of)
    sheet = book.create_sheet("About")
    _about(sheet, ws, as_of, [r.name for r in rollouts])
    book.properties.title = f"Training plan as of {day_text(as_of)}"
    book.properties.creator = plain(ws.user)  # a file name or login may hold anything
    book.properties.subject = plain(f"Training sessions and outstanding modules of {ws.name}")
    if cancelled and cancelled():
        raise ReportCancelled("The export was cancelled; no file was written.")
    report(95, "Saving the workbook")
    save_atomically(book.save, target)
    report(100, f"Training plan written to {target.name}")
    return target


def _about(sheet: Worksheet, ws: Workspace, as_of: dt.date, names: list[str]) -> None:
    from tracker.domain.export_log import import_lines
    from tracker.reports.cells import put, title
    from tracker.store.export_log import latest_imports

    title(sheet, 1, "About this training plan")
    lines: list[tuple[str, CellValue]] = [
        ("Workspace", ws.title), ("As of", as_of), *import_lines(latest_imports(ws)),
        ("Made on", dt.datetime.now().replace(microsecond=0)),
        ("Made by", ws.user), ("Rollouts", ", ".join(names) or "none"),
        ("Seats needed", "Seats that must be taken by the end of the month: everything still outstanding "
                         "(required, not completed nor exempt) falls in the module's due month, or this month "
                         "when the due date has passed."),
        ("Seats scheduled", "Seats in the module's upcoming sessions held in the month."),
        ("Seats taken", "People holding a seat in those sessions."),
        ("Gap (seats)", "Seats still missing by the end of the month: needed so far minus scheduled so far."),
        ("Sessions to add", "Sessions of the module's usual size needed to close the gap."),
        ("Outstanding", "Required assignments neither completed nor exempt."),
        ("Overdue", "Outstanding assignments past the module's due date."),
        ("Privacy", "This workbook names people: share it only with those who plan training."),
    ]
    from openpyxl.styles import Alignment

    from tracker.reports.about_sheet import LABEL_WIDTH, TEXT_WIDTH
    from tracker.reports.cells import LINE_POINTS, wrapped_lines
    from tracker.reports.printing import set_print

    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = TEXT_WIDTH
    wrap = Alignment(wrap_text=True, vertical="top", horizontal="left")  # dates at the left, beside their label
    for row, (label, value) in enumerate(lines, start=3):
        put(sheet, row, 1, label, bold=True).alignment = Alignment(vertical="top")
        put(sheet, row, 2, value).alignment = wrap
        sheet.row_dimensions[row].height = LINE_POINTS * wrapped_lines(value, TEXT_WIDTH) + 2
    set_print(sheet, heading="Training plan: About", as_of=as_of, title_rows="1:1", last_column=2)
