"""The reclaim list for the licence admin: an Excel workbook of a rollout's seats to take back.

Sheets: "To reclaim" (seats approved by a change manager, and leavers' seats: reclaim at once),
"Awaiting decision" (recommended, nobody decided yet), "All seats" (every seat with its verdict,
reasons and decision, so the admin can see why a seat is kept). One row per seat, naming the
holder by employee id and name (the admin removes a licence from a person) or by the account
when the holder is not in the roster. When the latest recorded use is more than 14 days before
the list's day, each sheet says so under its note (the Seats tab's warning). Text is written
as text (tracker/reports/cells.py), never as a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.io.atomic import save_atomically
from tracker.reports.cells import Column, finish_table, note, write_table

if TYPE_CHECKING:
    from tracker.domain.seats import ReclaimLine, ReclaimList

COLUMNS = (
    Column("Employee id", max_width=14), Column("Name or account", max_width=32), Column("Team", max_width=28),
    Column("Verdict", max_width=22), Column("Last used", "date"), Column("Days inactive", "int", width=9),
    Column("Seat given", "date"), Column("Cost / month", "number", width=10), Column("Currency", width=8),
    Column("Why", "wrap", width=60), Column("Decision", max_width=10), Column("Decided by", max_width=20),
    Column("Decided on", "date"), Column("Decision reason", "wrap", width=30),
)
_VERDICT = {"reclaim": "Reclaim (inactive)", "keep": "Keep", "leaver": "Reclaim at once (leaver)",
            "unknown_holder": "Check holder"}


def _row(line: ReclaimLine) -> tuple[Any, ...]:
    d = line.decision
    return (line.holder.employee_id if line.holder else "", line.name, line.holder.team if line.holder else "",
            _VERDICT[line.category.value], line.last_used, line.days_inactive, line.seat.assigned_on,
            line.seat.monthly_cost, line.seat.currency, line.reason,
            d.decision.label if d else "", d.decided_by if d else "", d.decided_on if d else None,
            d.reason if d else "")


def write_reclaim_workbook(listed: ReclaimList, path: str | Path, *, rollout: str, tool: str) -> Path:
    """Write the reclaim list of one rollout; the written path. Raises ReportError."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])  # each sheet is created by name below
    sheets = (
        ("To reclaim", [ln for ln in listed.lines if (ln.reclaimed or ln.category.value == "leaver")
                        and not ln.rejected],
         "Seats a change manager approved for reclaim, and leavers' seats (reclaim at once)."),
        ("Awaiting decision", [ln for ln in listed.pending if ln.category.value != "leaver"],
         "Recommended for reclaim; no change manager has decided yet."),
        ("All seats", list(listed.lines), "Every seat with its verdict and every reason that applies."),
    )
    stale = listed.usage_note()
    for name, lines, text in sheets:
        sheet = book.create_sheet(name)
        last = write_table(sheet, 1, COLUMNS, [_row(line) for line in lines])
        below = max(last, 2) + 2
        note(sheet, below, f"{rollout} ({tool}), as of {listed.as_of.isoformat()}. {text}")
        if stale:
            below += 1
            note(sheet, below, f"{stale[0].upper()}{stale[1:]}: a seat can look inactive only because no newer "
                               "usage report was imported; check before taking it back.")
        if name == "All seats":
            money = listed.recoverable_text() or "nothing priced"
            note(sheet, below + 1, f"Held seats: {listed.held_seats:,} ({listed.inactive_seats:,} inactive for "
                                   f"{listed.settings.inactive_days}+ days). Recoverable per month: {money}.")
        finish_table(sheet, COLUMNS, 1, max(last, 1), heading=f"Reclaim list: {name}", as_of=listed.as_of)
    return save_atomically(book.save, Path(path))
