"""Turning audit rows into words: 'Team: Claims → Billing' rather than 'team_id: 3 → 7'.

The audit trail stores whole rows with ids, which is right for undo but unreadable for people
asking "who moved Ann, and from where?". This module names records and values through the
store's own lookups (no SQL here), caching them for one rendering of the dialog. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain.enums import Impact, Stage
from tracker.domain.models import AuditEntry

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# Column -> the table its id points into.
_REFERENCES = {
    "team_id": "teams", "parent_id": "teams", "person_id": "people", "manager_id": "people",
    "owner_id": "people", "sponsor_id": "people", "lead_id": "people", "role_id": "role_types",
    "rollout_id": "rollouts",
}
_ENTITY_NAMES = {
    "people": "Person", "teams": "Team", "rollouts": "Rollout", "role_types": "Role",
    "person_roles": "Role held", "participation": "Team in rollout", "decisions": "Decision",
    "gate_items": "Gate item", "gate_template": "Template item", "dependencies": "Dependency",
    "resistance_signals": "Resistance signal", "adkar_assessments": "ADKAR assessment",
    "stakeholders": "Stakeholder", "kpis": "KPI", "kpi_readings": "KPI reading",
    "raci_responsibilities": "RACI responsibility", "raci_assignments": "RACI assignment",
    "training_modules": "Training module", "training_records": "Training record",
    "training_sessions": "Training session", "training_enrolments": "Enrolment",
    "adoption_figures": "Team adoption figure", "accounts": "Account", "import_mappings": "Column mapping",
}
# Text columns that say which record it is, best first, when a record has no name.
_DESCRIBING = ("title", "code", "text", "decision", "description", "account", "label")
_SHORT = 60
_ACTIONS = {"insert": "Added", "update": "Changed", "delete": "Removed"}
_FIELD_NAMES = {"employee_id": "Employee id", "go_live_date": "Go-live date"}


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one record, before and after a change (empty text: no value)."""

    record: str
    field: str
    before: str
    after: str


def entity_name(entity: str) -> str:
    return _ENTITY_NAMES.get(entity, entity.replace("_", " ").capitalize())


def action_name(action: str) -> str:
    return _ACTIONS.get(action, action.capitalize())


def when(at: str) -> str:
    """'2024-05-02T09:15:00' -> '2024-05-02 09:15': seconds are noise in a history."""
    return at[:16].replace("T", " ") if at else ""


def field_name(column: str) -> str:
    if column in _FIELD_NAMES:
        return _FIELD_NAMES[column]
    if column in _REFERENCES:
        column = column.removesuffix("_id")
    return column.replace("_", " ").capitalize()


class HistoryFormatter:
    """Names records and values of one workspace; make a new one per refresh (it caches)."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._names: dict[tuple[str, int], str] = {}
        self._role_types: dict[int, str] | None = None

    def name_of(self, table: str, row_id: Any) -> str:
        if row_id is None or row_id == "":
            return ""
        key = (table, int(row_id))
        if key not in self._names:
            self._names[key] = self._lookup(table, int(row_id)) or f"#{row_id}"
        return self._names[key]

    def _lookup(self, table: str, row_id: int) -> str | None:
        if table == "role_types":
            if self._role_types is None:
                self._role_types = {t.id: t.name for t in self.ws.roles.types()}
            return self._role_types.get(row_id)
        getters: dict[str, Callable[[int], object]] = {
            "teams": self.ws.teams.get, "people": self.ws.people.get, "rollouts": self.ws.rollouts.get}
        get = getters.get(table)
        record = get(row_id) if get is not None else None
        return getattr(record, "name", None)

    def value(self, column: str, value: Any) -> str:
        if value is None or value == "":
            return ""
        if column in _REFERENCES:
            return self.name_of(_REFERENCES[column], value)
        if column == "active":
            return "Yes" if value else "No"
        if column == "target_adoption":
            try:
                return f"{float(value):.0%}"
            except (TypeError, ValueError):
                return str(value)
        for enum_columns, enum in ((("stage", "from_stage", "to_stage"), Stage), (("impact",), Impact)):
            if column in enum_columns:
                try:
                    return enum(value).label
                except ValueError:
                    return str(value)
        return str(value)

    def record(self, entry: AuditEntry) -> str:
        """'Person Ann Claims', 'Role held: Ann Claims as Champion', 'Team in rollout: Claims'."""
        row = entry.after or entry.before or {}
        kind = entity_name(entry.entity)
        if row.get("name"):
            return f"{kind} {row['name']}"
        if entry.entity == "person_roles":
            return (f"{kind}: {self.value('person_id', row.get('person_id'))} as "
                    f"{self.value('role_id', row.get('role_id'))}")
        if entry.entity == "participation":
            return (f"{kind}: {self.value('team_id', row.get('team_id'))} in "
                    f"{self.value('rollout_id', row.get('rollout_id'))}")
        for column in _DESCRIBING:
            text = str(row.get(column) or "").strip()
            if text:
                short = text if len(text) <= _SHORT else text[:_SHORT - 1].rstrip() + "…"
                return f"{kind} '{short}'"
        return f"{kind} #{entry.entity_id}"

    def field_changes(self, entry: AuditEntry, *, with_record: bool) -> list[FieldChange]:
        """The fields this entry changed; for an addition or removal, every field with a value."""
        record = self.record(entry) if with_record else ""
        before, after = entry.before or {}, entry.after or {}
        columns = [c for c in dict.fromkeys([*before, *after])  # the table's column order
                   if c not in ("id", "version") and before.get(c) != after.get(c)]
        return [
            FieldChange(record, field_name(column), self.value(column, before.get(column)),
                        self.value(column, after.get(column)))
            for column in columns
        ]

    def export_fields(self, change_id: int) -> list[FieldChange]:
        """What an export change sent out (kind, file, pseudonymised, rollouts); [] for others."""
        from tracker.domain.export_log import export_details
        from tracker.store.export_log import export_of

        record = export_of(self.ws, change_id)
        if record is None:
            return []
        return [FieldChange("Export", field, "", value) for field, value in export_details(record)]
