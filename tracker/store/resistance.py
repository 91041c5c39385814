"""The resistance signals log: observations that a group resists, until they are resolved."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack, cast

from tracker.domain.health import ResistanceFacts
from tracker.domain.readiness import ResistanceSignal, SignalSource, SignalStatus, SignalType
from tracker.store.convert import from_date, to_date, to_day
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT s.id, s.rollout_id, s.team_id, t.name, s.observed_on, s.type, s.severity, s.source,
           s.status, s.description, s.person_id, COALESCE(p.name, ''), s.owner_id,
           COALESCE(o.name, ''), s.mitigation, s.resolved_on, s.version
    FROM resistance_signals s JOIN teams t ON t.id = s.team_id
    LEFT JOIN people p ON p.id = s.person_id
    LEFT JOIN people o ON o.id = s.owner_id
"""


Five = tuple[int, int, int, int, int]  # one count per severity, 1 to 5


def _signal(r: tuple[Any, ...]) -> ResistanceSignal:
    return ResistanceSignal(
        id=r[0], rollout_id=r[1], team_id=r[2], team_name=r[3], observed_on=to_day(r[4]),
        type=SignalType(r[5]), severity=r[6], source=SignalSource(r[7]), status=SignalStatus(r[8]),
        description=r[9], person_id=r[10], person_name=r[11], owner_id=r[12], owner_name=r[13],
        mitigation=r[14], resolved_on=to_date(r[15]), version=r[16],
    )


def check_signal(*, observed_on: dt.date | None, severity: int, status: SignalStatus,
                 resolved_on: dt.date | None, as_of: dt.date) -> str | None:
    """The rules of one signal, shared by the dialog (as you type) and the store."""
    if observed_on is None:
        return "A signal needs the date it was observed."
    if observed_on > as_of:
        return "A signal cannot be observed in the future."
    if not isinstance(severity, int) or not 1 <= severity <= 5:
        return "Severity must be a whole number from 1 to 5."
    if SignalStatus(status) is SignalStatus.RESOLVED:
        if resolved_on is None:
            return "A resolved signal needs its resolution date."
        if resolved_on < observed_on:
            return "A signal cannot be resolved before it was observed."
        if resolved_on > as_of:
            return "The resolution date cannot be in the future."
    return None


class SignalFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    rollout_id: int
    team_id: int
    observed_on: dt.date
    type: SignalType
    severity: int
    source: SignalSource
    status: NotRequired[SignalStatus]
    description: NotRequired[str]
    person_id: NotRequired[int | None]
    owner_id: NotRequired[int | None]
    mitigation: NotRequired[str]
    resolved_on: NotRequired[dt.date | None]


class SignalChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    team_id: int
    observed_on: dt.date
    type: SignalType
    severity: int
    source: SignalSource
    status: SignalStatus
    description: str
    person_id: int | None
    owner_id: int | None
    mitigation: str
    resolved_on: dt.date | None


class ResistanceSignals:
    """Resistance signals (DESIGN's word): the rollout's log of observed resistance; `ws.readiness.signals`."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int, *, unresolved_only: bool = False) -> list[ResistanceSignal]:
        where = " WHERE s.rollout_id = ?" + (" AND s.status <> 'resolved'" if unresolved_only else "")
        rows = self.ws.conn.execute(_SELECT + where + " ORDER BY s.observed_on DESC, s.id DESC", (rollout_id,))
        return [_signal(r) for r in rows.fetchall()]

    def get(self, signal_id: int) -> ResistanceSignal | None:
        row = self.ws.conn.execute(_SELECT + " WHERE s.id = ?", (signal_id,)).fetchone()
        return _signal(row) if row else None

    def severity_counts(self, rollout_ids: builtins.list[int] | None = None) -> dict[int, ResistanceFacts]:
        """Per rollout: signals ever recorded, and the unresolved ones by severity (one grouped query)."""
        where = "" if rollout_ids is None else \
            f" WHERE rollout_id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        recorded_in: dict[int, int] = {}
        unresolved_by_severity: dict[int, builtins.list[int]] = {}
        for rid, severity, recorded, unresolved in self.ws.conn.execute(
                "SELECT rollout_id, severity, COUNT(*), COUNT(CASE WHEN status <> 'resolved' THEN 1 END) "
                f"FROM resistance_signals{where} GROUP BY rollout_id, severity"):
            recorded_in[rid] = recorded_in.get(rid, 0) + recorded
            unresolved_by_severity.setdefault(rid, [0] * 5)[severity - 1] = unresolved
        return {rid: ResistanceFacts(recorded, cast(Five, tuple(unresolved_by_severity[rid])))
                for rid, recorded in recorded_in.items()}

    def teams_by_rollout(self, rollout_ids: builtins.list[int] | None = None) -> dict[int, set[int]]:
        """Per rollout: the teams its signals name (resolved ones included): groups the
        small-group rule must size even when they no longer take part (one grouped query)."""
        where = "" if rollout_ids is None else \
            f" WHERE rollout_id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        out: dict[int, set[int]] = {}
        for rid, team_id in self.ws.conn.execute(
                f"SELECT DISTINCT rollout_id, team_id FROM resistance_signals{where}"):
            out.setdefault(rid, set()).add(team_id)
        return out

    # ---------------------------------------------------------------- writes
    def _values(self, *, rollout_id: int, team_id: int, observed_on: dt.date, type: SignalType,
                severity: int, source: SignalSource, status: SignalStatus = SignalStatus.OPEN,
                description: str = "", person_id: int | None = None, owner_id: int | None = None,
                mitigation: str = "", resolved_on: dt.date | None = None,
                as_of: dt.date | None = None) -> tuple[dict[str, Any], str]:
        status = SignalStatus(status)
        if status is not SignalStatus.RESOLVED:
            resolved_on = None  # reopening a signal clears its resolution
        problem = check_signal(observed_on=observed_on, severity=severity, status=status,
                               resolved_on=resolved_on, as_of=as_of or dt.date.today())
        if problem:
            raise StoreValidationError(problem)
        team = self.ws.scalar("SELECT name FROM teams WHERE id = ?", (team_id,))
        if team is None:
            raise StoreValidationError("A signal needs a team that exists.")
        values = {
            "rollout_id": rollout_id, "team_id": team_id, "person_id": person_id,
            "observed_on": observed_on.isoformat(), "type": SignalType(type).value, "severity": severity,
            "source": SignalSource(source).value, "description": (description or "").strip(),
            "owner_id": owner_id, "mitigation": (mitigation or "").strip(), "status": status.value,
            "resolved_on": from_date(resolved_on),
        }
        return values, team

    def log(self, **fields: Unpack[SignalFields]) -> int:
        values, team = self._values(**fields)
        label = f"Log {SignalType(values['type']).label.lower()} signal in {team}"
        with self.ws.write(label) as w:
            return w.insert("resistance_signals", values)

    def update(self, signal_id: int, *, expected_version: int | None = None, **fields: Unpack[SignalChanges]) -> bool:
        current = self.get(signal_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "resistance_signals", signal_id, expected_version, dict(fields),
                                 "That signal no longer exists.")
        merged: SignalFields = {
            "rollout_id": current.rollout_id, "team_id": current.team_id, "observed_on": current.observed_on,
            "type": current.type, "severity": current.severity, "source": current.source,
            "status": current.status, "description": current.description, "person_id": current.person_id,
            "owner_id": current.owner_id, "mitigation": current.mitigation, "resolved_on": current.resolved_on,
        }
        merged.update(fields)
        values, team = self._values(**merged)
        verb = "Resolve" if values["status"] == "resolved" and current.unresolved else "Edit"
        with self.ws.write(f"{verb} signal in {team}") as w:
            return w.update("resistance_signals", signal_id, values, expected_version=expected_version)

    def resolve(self, signal_ids: builtins.list[int], on: dt.date, *, as_of: dt.date | None = None) -> None:
        """Resolve several signals on one date, as one undo step."""
        signals = [s for s in (self.get(i) for i in signal_ids) if s and s.unresolved]
        if not signals:
            return
        for s in signals:
            problem = check_signal(observed_on=s.observed_on, severity=s.severity, status=SignalStatus.RESOLVED,
                                   resolved_on=on, as_of=as_of or dt.date.today())
            if problem:
                raise StoreValidationError(f"{s.team_name}, {s.observed_on.isoformat()}: {problem}")
        label = f"Resolve signal in {signals[0].team_name}" if len(signals) == 1 else f"Resolve {len(signals)} signals"
        with self.ws.write(label) as w:
            for s in signals:
                w.update("resistance_signals", s.id, {"status": "resolved", "resolved_on": on.isoformat()})

    def delete(self, signal_ids: builtins.list[int]) -> None:
        if not signal_ids:
            return
        label = "Delete signal" if len(signal_ids) == 1 else f"Delete {len(signal_ids)} signals"
        with self.ws.write(label) as w:
            for sid in signal_ids:
                w.delete("resistance_signals", sid)
