"""The leaders' status workbook: Summary, one sheet per rollout, Training, Seats, Resistance, Change
load, Dependencies, Gate checklist, RACI, KPIs, About. `write_status_report` is what the command line and the window's export call
(through tracker/reports/recorded_exports.py, which then records the export in the history).

Leaders never open the application, so this file is the product for them: the status comes
from the same `portfolio_status` as the dashboard (the colour and reasons never disagree), and
the file is written to a temporary name and moved into place (tracker/io/atomic.py).
The window calls it from a worker thread with its own workspace connection; `progress` and
`cancelled` are polled between sheets, and a cancel leaves the previous file as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.io.atomic import ReportCancelled, ReportError, check_target, save_atomically
from tracker.io.ooxml_text import plain
from tracker.reports.context import ReportContext

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

    from tracker.reports.cells import Row
    from tracker.services.rollout_status import RolloutStatus
    from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]

FIXED_SHEETS = ("Summary", "Training", "Seats", "Resistance", "Change load", "Dependencies", "Gate checklist", "RACI",
                "KPIs", "About")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\ufffe\uffff\ud800-\udfff]")  # and what XML cannot hold
MAX_SHEET_NAME = 31


def sheet_title(name: str, used: set[str]) -> str:
    """A valid, unique sheet name for a rollout: Excel forbids []:*?/\\, allows 31 characters,
    compares names ignoring case, and reserves "History"."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'").strip() or "Rollout"
    base = " ".join(base.split())
    candidate, n = base[:MAX_SHEET_NAME].rstrip(), 1
    while candidate.casefold() in used or candidate.casefold() == "history":
        n += 1
        suffix = f" ({n})"
        candidate = base[:MAX_SHEET_NAME - len(suffix)].rstrip() + suffix
    used.add(candidate.casefold())
    return candidate


def write_status_report(ws: Workspace, path: str | Path, *, rollout_ids: list[int] | None = None,
                        as_of: dt.date | None = None, progress: Progress | None = None,
                        cancelled: Callable[[], bool] | None = None) -> Path:
    """Write the status workbook for `rollout_ids` (None: every rollout) as of `as_of` (None:
    today) to `path`; returns the path written.

    Raises ReportError (with a message for the user) when the file cannot be written,
    ReportFileLockedError when it is open in Excel or LibreOffice, ReportCancelled when
    `cancelled()` turned true; in every case an existing file at `path` is left unchanged.
    """
    from tracker.services.rollout_status import portfolio_status

    target = check_target(Path(path))
    as_of = as_of or dt.date.today()
    report = progress or (lambda percent, text: None)
    is_cancelled = cancelled or (lambda: False)

    def step(percent: int, text: str) -> None:
        if is_cancelled():
            raise ReportCancelled("The export was cancelled; no file was written.")
        report(percent, text)

    if rollout_ids is not None:
        known = {r.id for r in ws.rollouts.list()}
        unknown = [i for i in rollout_ids if i not in known]
        if unknown:
            raise ReportError(f"No rollout with id {', '.join(map(str, unknown))} in this workspace.")
    step(0, "Working out each rollout's status")
    statuses = portfolio_status(ws, as_of=as_of, rollout_ids=rollout_ids)
    statuses = sorted(statuses, key=lambda s: (s.health.rank, s.rollout.name.casefold()))
    ctx = ReportContext(ws, as_of, [s.rollout for s in statuses])
    ctx.use_statuses(statuses)
    book = _build(ctx, statuses, step)
    step(95, "Saving the workbook")
    save_atomically(book.save, target)
    report(100, f"Report written to {target.name}")
    return target


def _build(ctx: ReportContext, statuses: list[RolloutStatus], step: Callable[[int, str], None]) -> Workbook:
    from openpyxl import Workbook

    from tracker.domain.date_text import day_text
    from tracker.reports.about_sheet import write_about_sheet
    from tracker.reports.cells import first_sheet
    from tracker.reports.change_load_sheet import write_change_load_sheet
    from tracker.reports.delivery_sheets import DELIVERY_SHEETS, write_delivery_sheet
    from tracker.reports.images import Pictures
    from tracker.reports.resistance_sheet import resistance_rows, write_resistance_sheet
    from tracker.reports.rollout_sheet import grid_size, write_rollout_sheet
    from tracker.reports.seats_sheet import write_seats_sheet
    from tracker.reports.summary_sheet import write_summary_sheet
    from tracker.reports.team_figures import team_adoption as latest_team_adoption
    from tracker.reports.training_sheet import training_rows, write_training_sheet

    ws = ctx.ws
    book = Workbook()
    summary = first_sheet(book)
    summary.title = "Summary"
    used = {name.casefold() for name in FIXED_SHEETS}
    training: list[Row] = []
    resistance: list[Row] = []
    hidden_teams = training_hidden = training_hidden_rows = 0
    n = max(1, len(statuses))
    stakeholders = {s.rollout.id: ws.readiness.stakeholders.list(s.rollout.id) for s in statuses}
    width, height = grid_size()
    jobs = {rid: (found, ctx.as_of, width, height) for rid, found in stakeholders.items() if found}
    with Pictures(jobs) as pictures:
        for i, status in enumerate(statuses):
            rollout = status.rollout
            step(5 + int(70 * i / n), f"Writing {rollout.name}")
            team_adoption = (status.team_adoption if status.team_adoption is not None
                             else latest_team_adoption(ws, rollout.id, ctx.as_of))
            team_training = ctx.training.rollout(rollout.id)
            sheet = book.create_sheet(sheet_title(rollout.name, used))
            write_rollout_sheet(sheet, ctx, status, team_adoption=team_adoption, team_training=team_training,
                                stakeholders=stakeholders[rollout.id], pictures=pictures)
            rows, hidden, hidden_rows = training_rows(ctx, rollout.id, rollout.name)
            training += rows
            training_hidden += hidden
            training_hidden_rows += hidden_rows
            rows, hidden = resistance_rows(ctx, rollout.id, rollout.name)
            resistance += rows
            hidden_teams += hidden
        step(75, "Adding the stakeholder maps")
        pictures.finish()
    step(76, "Writing the summary")
    write_summary_sheet(summary, ctx, statuses)
    step(80, "Writing training")
    write_training_sheet(book.create_sheet("Training"), ctx, training, training_hidden, training_hidden_rows)
    step(82, "Writing seats")
    write_seats_sheet(book.create_sheet("Seats"), ctx, [(s.rollout.id, s.rollout.name) for s in statuses])
    step(84, "Writing resistance")
    write_resistance_sheet(book.create_sheet("Resistance"), ctx, resistance, hidden_teams)
    step(88, "Writing change load")
    write_change_load_sheet(book.create_sheet("Change load"), ctx)
    step(90, "Writing dependencies, gates, RACI and KPIs")
    for name in DELIVERY_SHEETS:
        write_delivery_sheet(book.create_sheet(name), ctx, [s.rollout for s in statuses])
    step(92, "Writing the definitions")
    made_at = dt.datetime.now()
    write_about_sheet(book.create_sheet("About"), ctx, made_at=made_at, made_by=ws.user,
                      rollout_names=[s.rollout.name for s in statuses])
    props = book.properties
    props.title = f"Rollout status as of {day_text(ctx.as_of)}"
    props.subject = plain(f"AI rollouts of {ws.name}")  # a file name may hold anything
    props.creator = props.lastModifiedBy = plain(ws.user)
    props.description = "Made by Rollout Tracker. Definitions and the health rule: see the About sheet."
    props.created = props.modified = made_at.replace(microsecond=0)
    book.active = 0
    return book
