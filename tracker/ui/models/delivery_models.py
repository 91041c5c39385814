"""Columns of the delivery tables: dependencies, gate items, decisions, KPIs and readings.

Statuses sort by their order in the workflow, dates as dates; the columns that depend on an
"as of" date (overdue flags) are built by a function, like the readiness tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tracker.domain.date_text import day_text
from tracker.domain.decisions import Decision
from tracker.domain.dependencies import Dependency, DependencyStatus
from tracker.domain.dependency_graph import SharedProvider
from tracker.domain.gate_evidence import Evidence
from tracker.domain.gates import GateArea, GateItem, ItemStatus
from tracker.domain.kpis import Kpi, KpiReading
from tracker.ui.models.record_table_model import Column


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"


def dependency_columns(as_of: Callable[[], dt.date], critical: Callable[[], set[int]]) -> tuple[Column[Dependency], ...]:
    def flags(d: Dependency) -> str:
        words = []
        if d.id in critical():
            words.append("critical path")
        if d.is_overdue(as_of()):
            words.append("overdue")
        return ", ".join(words)

    return (
        Column("Waiting team", lambda d: d.needer_name),
        Column("Provider", lambda d: d.provider_name),
        Column("What", lambda d: d.description),
        Column("Kind", lambda d: d.kind.label),
        Column("Status", lambda d: d.status.label, sort_key=lambda d: list(DependencyStatus).index(d.status)),
        Column("Due", lambda d: day_text(d.due_date), sort_key=lambda d: d.due_date),
        Column("Flags", flags, tooltip="On the critical path to go-live, or past its due date."),
        Column("Owner", lambda d: d.owner_name),
        Column("Blocked because", lambda d: d.blocked_reason),
    )


SHARED_PROVIDER_COLUMNS: tuple[Column[SharedProvider], ...] = (
    Column("Team", lambda s: s.team_name),
    Column("Rollouts", lambda s: len(s.rollouts), align_right=True),
    Column("Unfinished", lambda s: s.open_count, align_right=True),
    Column("Overdue", lambda s: s.overdue, align_right=True),
    Column("All", lambda s: s.total, align_right=True),
    Column("Provides to", lambda s: ", ".join(s.rollouts)),
)


def evidence_cell(evidence: Evidence | None, linked: bool) -> str:
    """The "From data" cell: a mark and the sentence; "…" while it is read; empty for a manual item."""
    if not linked:
        return ""
    if evidence is None:
        return "…"
    return f"{'✓' if evidence.met else '✗'} {evidence.text}"


def _evidence_tooltip(evidence: Evidence | None, linked: bool) -> str:
    if not linked or evidence is None:
        return ""
    verdict = ("The data says this is met: Mark done from evidence ticks it and records this sentence."
               if evidence.met else "The data does not show this yet.")
    return f"{evidence.rule.label}: {evidence.text}\n{verdict}"


def gate_item_columns(as_of: Callable[[], dt.date],
                      evidence_of: Callable[[GateItem], Evidence | None] = lambda _i: None,
                      ) -> tuple[Column[GateItem], ...]:
    """`evidence_of`: what the workspace's data says about an item linked to an evidence rule."""
    return (
        Column("Area", lambda i: i.area.label, sort_key=lambda i: (list(GateArea).index(i.area), i.position)),
        Column("Item", lambda i: i.text),
        Column("Status", lambda i: i.status.label, sort_key=lambda i: list(ItemStatus).index(i.status)),
        Column("From data", lambda i: evidence_cell(evidence_of(i), bool(i.evidence_rule)),
               tooltip="What the workspace's own data says about the item (empty: checked by hand)",
               cell_tooltip=lambda i: _evidence_tooltip(evidence_of(i), bool(i.evidence_rule))),
        Column("Owner", lambda i: i.owner_name),
        Column("Due", lambda i: day_text(i.due_date) + (" (overdue)" if i.is_overdue(as_of()) else ""),
               sort_key=lambda i: i.due_date),
        Column("Evidence", lambda i: i.evidence),
        Column("Waived because", lambda i: i.waiver_reason),
    )


DECISION_COLUMNS: tuple[Column[Decision], ...] = (
    Column("Date", lambda d: day_text(d.decided_on), sort_key=lambda d: (d.decided_on, d.id)),
    Column("Decision", lambda d: d.decision),
    Column("Decided by", lambda d: d.decided_by),
    Column("Rationale", lambda d: d.rationale),
    Column("Linked items", lambda d: d.links),
)

KPI_COLUMNS: tuple[Column[Kpi], ...] = (
    Column("KPI", lambda k: k.name, sort_key=lambda k: k.position),
    Column("Status", lambda k: k.status.label, sort_key=lambda k: ["red", "amber", "green", "no_data"].index(k.status.value)),
    Column("Latest", lambda k: f"{_number(k.latest_value)} {k.unit}".strip() if k.latest_value is not None else "",
           sort_key=lambda k: k.latest_value, align_right=True),
    Column("Target", lambda k: f"{_number(k.target)} {k.unit}".strip(), sort_key=lambda k: k.target, align_right=True),
    Column("Amber within", lambda k: f"{_number(k.tolerance)} {k.unit}".strip(), sort_key=lambda k: k.tolerance,
           align_right=True),
    Column("Direction", lambda k: k.direction.label),
    Column("Measured", lambda k: day_text(k.latest_on), sort_key=lambda k: k.latest_on),
    Column("Readings", lambda k: k.readings, align_right=True),
)


def reading_columns(unit: Callable[[], str]) -> tuple[Column[KpiReading], ...]:
    return (
        Column("Measured", lambda r: day_text(r.measured_on), sort_key=lambda r: r.measured_on),
        Column("Value", lambda r: f"{_number(r.value)} {unit()}".strip(), sort_key=lambda r: r.value, align_right=True),
    )
