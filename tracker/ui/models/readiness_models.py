"""Columns of the readiness tables: stakeholders, ADKAR assessments, resistance signals.

Support levels and severities sort by rank, not alphabetically; dates sort as dates. The
stakeholder columns depend on an "as of" date (for the contact flag), so they are built by a
function rather than fixed once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tracker.domain.date_text import day_text
from tracker.domain.readiness import (
    ADKAR,
    AdkarAssessment,
    ResistanceSignal,
    Stakeholder,
    is_flagged,
    quadrant,
    suggested_action,
)
from tracker.ui.models.record_table_model import Column, RecordTableModel


def stakeholder_columns(as_of: Callable[[], dt.date]) -> tuple[Column[Stakeholder], ...]:
    return (
        Column("Stakeholder", lambda s: s.name),
        Column("Type", lambda s: s.kind),
        Column("Influence", lambda s: s.influence, align_right=True),
        Column("Interest", lambda s: s.interest, align_right=True),
        Column("Quadrant", lambda s: quadrant(s.influence, s.interest).label,
               tooltip="Influence or interest of 3 or more counts as high."),
        Column("Support now", lambda s: s.current_support.label, sort_key=lambda s: s.current_support.rank),
        Column("Needed", lambda s: s.needed_support.label, sort_key=lambda s: s.needed_support.rank),
        Column("Owner", lambda s: s.owner_name),
        Column("Last contact", lambda s: day_text(s.last_contact), sort_key=lambda s: s.last_contact),
        Column("Flag", lambda s: "Needs contact" if is_flagged(s, as_of()) else "",
               tooltip="Needs more support than they give, and no contact in the last 30 days."),
        Column("Engagement plan", lambda s: s.engagement_plan),
    )


ASSESSMENT_COLUMNS: tuple[Column[AdkarAssessment], ...] = (
    Column("Team", lambda a: a.team_name),
    Column("Assessed", lambda a: day_text(a.assessed_on), sort_key=lambda a: a.assessed_on),
    *(Column(e.label, (lambda i: lambda a: f"{a.scores[i]:.2f}")(i),
             sort_key=(lambda i: lambda a: a.scores[i])(i), align_right=True) for i, e in enumerate(ADKAR)),
    Column("Respondents", lambda a: a.respondents, align_right=True),
    Column("Barrier", lambda a: a.barrier.label if a.barrier else "None",
           sort_key=lambda a: ADKAR.index(a.barrier) if a.barrier else 9,
           tooltip="The first element scoring 3 or less."),
    Column("Suggested action", lambda a: suggested_action(a.barrier)),
)


def signal_columns(as_of: Callable[[], dt.date]) -> tuple[Column[ResistanceSignal], ...]:
    return (
        Column("Observed", lambda s: day_text(s.observed_on), sort_key=lambda s: s.observed_on),
        Column("Team", lambda s: s.team_name),
        Column("Type", lambda s: s.type.label),
        Column("Severity", lambda s: s.severity, align_right=True),
        Column("Source", lambda s: s.source.label),
        Column("Status", lambda s: s.status.label, sort_key=lambda s: list(type(s.status)).index(s.status)),
        Column("Days open", lambda s: s.days_open(as_of()), align_right=True,
               tooltip="Until resolved, or until today while unresolved."),
        Column("Owner", lambda s: s.owner_name),
        Column("Person", lambda s: s.person_name),
        Column("Description", lambda s: s.description),
    )


def make_model(columns, parent=None, muted=None) -> RecordTableModel:
    return RecordTableModel(columns, parent, muted=muted)
