"""Columns of the Sessions tab: sessions, who holds a seat, seats still needed, the month plan."""

from __future__ import annotations

import datetime as dt

from tracker.domain.date_text import day_text, month_text
from tracker.domain.training_sessions import PlanMonth, TrainingSession
from tracker.store.training_sessions import Enrolment, SeatNeed
from tracker.ui.models.record_table_model import Column, RecordTableModel

SESSION_COLUMNS: tuple[Column[TrainingSession], ...] = (
    Column("Module", lambda s: s.module_code),
    Column("Date", lambda s: day_text(s.starts.date(), weekday=True), sort_key=lambda s: s.starts),
    Column("Time", lambda s: f"{s.starts:%H:%M}–{s.ends:%H:%M}"),
    Column("Where", lambda s: s.where),
    Column("Trainer", lambda s: s.trainer_name),
    Column("Seats", lambda s: f"{s.enrolled} / {s.capacity}" + (" (held)" if s.starts < dt.datetime.now() else ""),
           sort_key=lambda s: s.free, align_right=True,
           tooltip="Taken / capacity (sorted by seats free); after a session, attendance shows as completions"),
)

ENROLMENT_COLUMNS: tuple[Column[Enrolment], ...] = (
    Column("Person", lambda e: e.person_name),
    Column("Employee id", lambda e: e.employee_id),
    Column("Team", lambda e: e.team_name),
    Column("Note", lambda e: "already completed" if e.completed else ""),
)

SEAT_NEED_COLUMNS: tuple[Column[SeatNeed], ...] = (
    Column("Module", lambda n: n.code),
    Column("Team", lambda n: n.team_name),
    Column("Requiring", lambda n: f"{n.requiring:,}", sort_key=lambda n: n.requiring, align_right=True),
    Column("Completed", lambda n: f"{n.completed:,}", sort_key=lambda n: n.completed, align_right=True),
    Column("Seat booked", lambda n: f"{n.enrolled:,}", sort_key=lambda n: n.enrolled, align_right=True),
    Column("Seats needed", lambda n: f"{n.seats:,}", sort_key=lambda n: n.seats, align_right=True,
           tooltip="Requiring, not completed, not exempt, and no seat in an upcoming session"),
    Column("Sessions needed", lambda n: f"{n.sessions:,}", sort_key=lambda n: n.sessions, align_right=True,
           tooltip="Seats needed ÷ session capacity, rounded up"),
)

PLAN_COLUMNS: tuple[Column[PlanMonth], ...] = (
    Column("Module", lambda p: p.code),
    Column("Month", lambda p: month_text(p.month), sort_key=lambda p: p.month),
    Column("Seats needed", lambda p: f"{p.needed:,}", sort_key=lambda p: p.needed, align_right=True,
           tooltip="People still to train whose due date falls in this month"),
    Column("Seats scheduled", lambda p: f"{p.scheduled:,}", sort_key=lambda p: p.scheduled, align_right=True),
    Column("Booked", lambda p: f"{p.enrolled:,}", sort_key=lambda p: p.enrolled, align_right=True),
    Column("Shortfall so far", lambda p: f"{p.shortfall:,}" if p.shortfall else "",
           sort_key=lambda p: p.shortfall, align_right=True),
    Column("Sessions to add", lambda p: f"{p.add_sessions:,}" if p.add_sessions else "",
           sort_key=lambda p: p.add_sessions, align_right=True),
)


def make_model(columns, parent=None) -> RecordTableModel:
    return RecordTableModel(columns, parent)
