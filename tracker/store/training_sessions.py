"""Training sessions, who holds a seat in them, and what HR still has to schedule.

Enrolment applies the domain's rules (tracker/domain/training_sessions.py): the store refuses a
full session or a clash, whatever the dialog showed, so a second window or a stale list cannot
overbook. Seats still needed are counted in SQL over the derived requirements.
"""

from __future__ import annotations

import builtins
import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.training import sessions_needed
from tracker.domain.training_sessions import (
    EnrolmentCheck,
    ModuleDemand,
    PlanMonth,
    Slot,
    TrainingSession,
    check_enrolment,
    clashing_people,
    describe_clashes,
    plan_months,
)
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record, stale_record, version_of
from tracker.store.training_queries import STATUS, Scope, rollup

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

DEFAULT_CAPACITY = 12  # for modules with no session yet: a typical classroom

_SELECT = """
    SELECT s.id, s.module_id, m.code, s.starts_on, s.start_time, s.duration_minutes, s.capacity, s.place,
           s.online, s.trainer_id, COALESCE(tr.name, ''),
           (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id), s.version
    FROM training_sessions s JOIN training_modules m ON m.id = s.module_id
    LEFT JOIN people tr ON tr.id = s.trainer_id
"""


def _session(r: tuple[Any, ...]) -> TrainingSession:
    starts = dt.datetime.fromisoformat(f"{r[3]}T{r[4]}")
    return TrainingSession(r[0], r[1], r[2], starts, r[5], r[6], r[7], bool(r[8]), r[9], r[10], r[11], r[12])


@dataclass(frozen=True, slots=True)
class Enrolment:
    id: int
    session_id: int
    person_id: int
    person_name: str
    employee_id: str
    team_name: str
    completed: bool  # already completed the session's module
    record_version: int = 0  # of their training record of the module (0: none yet): marking them is based on it


@dataclass(frozen=True, slots=True)
class SeatNeed:
    """For one module and team: who still needs a seat, and how many sessions that makes."""

    module_id: int
    code: str
    team_id: int | None
    team_name: str
    requiring: int
    completed: int
    exempt: int
    enrolled: int  # holds a seat in an upcoming session, not yet completed
    capacity: int

    @property
    def id(self) -> tuple[int, int | None]:
        return (self.module_id, self.team_id)

    @property
    def seats(self) -> int:
        return max(0, self.requiring - self.completed - self.exempt - self.enrolled)

    @property
    def sessions(self) -> int:
        return sessions_needed(self.seats, self.capacity)


class SessionFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    module_id: int
    starts: dt.datetime
    duration_minutes: int
    capacity: int
    place: NotRequired[str]
    online: NotRequired[bool]
    trainer_id: NotRequired[int | None]


class SessionChanges(TypedDict, total=False):
    """The fields update() may change."""

    module_id: int
    starts: dt.datetime
    duration_minutes: int
    capacity: int
    place: str
    online: bool
    trainer_id: int | None


class TrainingSessions:
    def __init__(self, ws: Workspace):
        self.ws = ws

    # ---------------------------------------------------------------- reading
    def list(self, rollout_id: int, module_id: int | None = None) -> list[TrainingSession]:
        where, params = "m.rollout_id = ?", [rollout_id]
        if module_id is not None:
            where, params = "s.module_id = ?", [module_id]
        rows = self.ws.conn.execute(_SELECT + f" WHERE {where} ORDER BY s.starts_on, s.start_time, m.code",
                                    params).fetchall()
        return [_session(r) for r in rows]

    def get(self, session_id: int) -> TrainingSession | None:
        row = self.ws.conn.execute(_SELECT + " WHERE s.id = ?", (session_id,)).fetchone()
        return _session(row) if row else None

    def enrolments(self, session_id: int) -> builtins.list[Enrolment]:
        rows = self.ws.conn.execute(
            """SELECT e.id, e.session_id, p.id, p.name, p.employee_id, COALESCE(tm.name, ''),
                      COALESCE(t.status = 'completed', FALSE), COALESCE(t.version, 0)
               FROM training_enrolments e JOIN training_sessions s ON s.id = e.session_id
               JOIN people p ON p.id = e.person_id LEFT JOIN teams tm ON tm.id = p.team_id
               LEFT JOIN training_records t ON t.person_id = p.id AND t.module_id = s.module_id
               WHERE e.session_id = ? ORDER BY p.name""", (session_id,)).fetchall()
        return [Enrolment(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]

    # ---------------------------------------------------------------- sessions
    def _values(self, *, module_id: int, starts: dt.datetime, duration_minutes: int, capacity: int,
                place: str = "", online: bool = False, trainer_id: int | None = None) -> dict[str, Any]:
        if self.ws.scalar("SELECT id FROM training_modules WHERE id = ?", (module_id,)) is None:
            raise StoreValidationError("That module no longer exists.")
        if not 1 <= int(duration_minutes) <= 7200:
            raise StoreValidationError("A session lasts from 1 minute to 5 days.")
        if not 1 <= int(capacity) <= 10000:
            raise StoreValidationError("A session holds at least 1 person.")
        place = (place or "").strip()
        if not online and not place:
            raise StoreValidationError("Say where the session is held, or mark it online.")
        return {"module_id": module_id, "starts_on": starts.date().isoformat(),
                "start_time": f"{starts:%H:%M}", "duration_minutes": int(duration_minutes),
                "capacity": int(capacity), "place": place, "online": int(bool(online)), "trainer_id": trainer_id}

    def create(self, **fields: Unpack[SessionFields]) -> int:
        values = self._values(**fields)
        code = self.ws.scalar("SELECT code FROM training_modules WHERE id = ?", (values["module_id"],))
        with self.ws.write(f"Add {code} session on {values['starts_on']}") as w:
            return w.insert("training_sessions", values)

    def update(self, session_id: int, *, expected_version: int | None = None, **fields: Unpack[SessionChanges]) -> None:
        """Edit a session (every field, as the dialog gives them). `expected_version`: the
        session's version as the editor read it; one changed or deleted since is refused with
        StaleRecordError. The seats it holds are checked in the write, so a seat taken meanwhile
        counts: the capacity cannot drop below them, nor the session move onto their other sessions."""
        read = self.get(session_id)
        if read is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "training_sessions", session_id, expected_version, dict(fields),
                                 "That session no longer exists.")
        values = self._values(**fields)
        with self.ws.write(f"Edit {read.module_code} session") as w:
            w.lock("training_sessions", [session_id])  # enrolments wait (they lock it too)
            current = self.get(session_id)
            if current is None:
                raise missing_record(self.ws.conn, "training_sessions", session_id, expected_version, values,
                                     "That session no longer exists.")
            if values["capacity"] < current.enrolled:
                raise StoreValidationError(
                    f"{current.enrolled} people hold a seat; the capacity cannot be lower than that.")
            moved = replace(current, starts=dt.datetime.fromisoformat(f"{values['starts_on']}T{values['start_time']}"),
                            duration_minutes=values["duration_minutes"])
            if current.enrolled and (moved.starts, moved.ends) != (current.starts, current.ends):
                self._refuse_clashes(moved)
            w.update("training_sessions", session_id, values, expected_version=expected_version)

    def delete(self, session_id: int) -> None:
        current = self.get(session_id)
        if current is None:
            return
        with self.ws.write(f"Delete {current.describe()}") as w:
            for (eid,) in self.ws.conn.execute("SELECT id FROM training_enrolments WHERE session_id = ?",
                                               (session_id,)).fetchall():
                w.delete("training_enrolments", eid)
            w.delete("training_sessions", session_id)

    def _refuse_clashes(self, moved: TrainingSession) -> None:
        """Moving a session must not book anyone holding a seat in it twice at the same time."""
        people = self.ws.conn.execute(
            """SELECT p.id, p.name FROM training_enrolments e JOIN people p ON p.id = e.person_id
               WHERE e.session_id = ? ORDER BY p.name""", (moved.id,)).fetchall()
        clashes = clashing_people(moved, people, self._slots([pid for pid, _name in people]))
        if clashes:
            raise StoreValidationError(f"The session cannot move to {moved.starts.day} {moved.starts:%b %Y %H:%M}: "
                                       + describe_clashes(clashes))

    def _slots(self, person_ids: builtins.list[int]) -> dict[int, builtins.list[Slot]]:
        """Each person's sessions (every seat they hold), as the clash rule reads them."""
        slots: dict[int, list[Slot]] = {}
        for start in range(0, len(person_ids), 500):
            chunk = list(person_ids[start:start + 500])
            marks = ", ".join("?" * len(chunk))
            for pid, sid, code, day, time, minutes in self.ws.conn.execute(
                    f"""SELECT e.person_id, s.id, m.code, s.starts_on, s.start_time, s.duration_minutes
                        FROM training_enrolments e JOIN training_sessions s ON s.id = e.session_id
                        JOIN training_modules m ON m.id = s.module_id WHERE e.person_id IN ({marks})""", chunk):
                starts = dt.datetime.fromisoformat(f"{day}T{time}")
                end = starts + dt.timedelta(minutes=minutes)
                label = f"{code} on {starts.day} {starts:%b %Y %H:%M}–{end:%H:%M}"
                slots.setdefault(pid, []).append(Slot(sid, label, starts, end))
        return slots

    # ---------------------------------------------------------------- enrolment
    def check(self, session_id: int, person_ids: builtins.list[int]) -> EnrolmentCheck:
        session = self.get(session_id)
        if session is None:
            raise StoreValidationError("That session no longer exists.")
        conn = self.ws.conn
        people, completed = [], set()
        slots = self._slots(list(person_ids))
        for start in range(0, len(person_ids), 500):
            chunk = list(person_ids[start:start + 500])
            marks = ", ".join("?" * len(chunk))
            people += conn.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", chunk).fetchall()
            completed |= {r[0] for r in conn.execute(
                f"""SELECT person_id FROM training_records WHERE module_id = ? AND status = 'completed'
                    AND person_id IN ({marks})""", [session.module_id, *chunk])}
        order = {pid: n for n, pid in enumerate(person_ids)}
        people.sort(key=lambda p: order[p[0]])
        enrolled = {r[0] for r in conn.execute("SELECT person_id FROM training_enrolments WHERE session_id = ?",
                                               (session_id,))}
        return check_enrolment(session, people, enrolled=enrolled, slots=slots, completed=completed)

    def enrol(self, session_id: int, person_ids: builtins.list[int], *,
              expected_version: int | None = None) -> EnrolmentCheck:
        """Give the people seats; refuses all of them (StoreValidationError) if any is refused.
        Warnings (already completed) do not stop it: the dialog asks before calling this.

        The seats are counted and the clashes found in the write, with the session held, so two
        enrolments at once (or an edit of the session) cannot overbook it. `expected_version`:
        the session's version as the editor read it (its day, time, capacity); a session
        changed or deleted since is refused with StaleRecordError."""
        read = self.get(session_id)
        if read is None:
            raise missing_record(self.ws.conn, "training_sessions", session_id, expected_version, {},
                                 "That session no longer exists.")
        check = self.check(session_id, person_ids)  # refused at once when it already is; checked again below
        if not check.ok:
            raise StoreValidationError(" ".join(check.refused))
        if not check.accepted:
            return check
        who = (self.ws.scalar("SELECT name FROM people WHERE id = ?", (check.accepted[0],))
               if len(check.accepted) == 1 else f"{len(check.accepted)} people")
        with self.ws.write(f"Enrol {who} in {read.describe()}") as w:
            w.lock("training_sessions", [session_id])
            rows = self.ws.query("SELECT * FROM training_sessions WHERE id = ?", (session_id,))
            if not rows:
                raise missing_record(self.ws.conn, "training_sessions", session_id, expected_version, {},
                                     "That session no longer exists.")
            if expected_version is not None and version_of(rows[0]) != expected_version:
                raise stale_record(self.ws.conn, "training_sessions", session_id, expected_version, rows[0], {})
            check = self.check(session_id, person_ids)
            if not check.ok:
                raise StoreValidationError(" ".join(check.refused))
            for pid in check.accepted:
                w.insert("training_enrolments", {"session_id": session_id, "person_id": pid})
        return check

    def unenrol(self, enrolment_ids: builtins.list[int]) -> None:
        if not enrolment_ids:
            return
        label = "Remove seat" if len(enrolment_ids) == 1 else f"Remove {len(enrolment_ids)} seats"
        with self.ws.write(label) as w:
            for eid in enrolment_ids:
                w.delete("training_enrolments", eid)

    # ---------------------------------------------------------------- planning
    def _capacities(self, rollout_id: int) -> dict[int, int]:
        """A typical session size per module: the largest it has been scheduled with."""
        return dict(self.ws.conn.execute(
            """SELECT s.module_id, MAX(s.capacity) FROM training_sessions s
               JOIN training_modules m ON m.id = s.module_id WHERE m.rollout_id = ? GROUP BY s.module_id""",
            (rollout_id,)).fetchall())

    def seat_needs(self, scope: Scope) -> builtins.list[SeatNeed]:
        """Per session-based module and team: requiring, completed, exempt, holding a seat."""
        prefix = """, enr(person_id, module_id) AS MATERIALIZED (
                SELECT DISTINCT e.person_id, s.module_id FROM mods
                JOIN training_sessions s ON s.module_id = mods.id AND s.starts_on >= :as_of
                JOIN training_enrolments e ON e.session_id = s.id)"""
        sql, params = rollup(scope, {"module_id": "mods.id", "team_id": "p.team_id"}, {
            "requiring": "true", "completed": "t.status = 'completed'", "exempt": "t.status = 'exempt'",
            "enrolled": f"enr.person_id IS NOT NULL AND {STATUS} NOT IN ('completed', 'exempt')",
        }, joins="LEFT JOIN enr ON enr.person_id = p.id AND enr.module_id = mods.id",
            session_modules_only=True, prefix=prefix)
        rows = self.ws.conn.execute(sql, params).fetchall()
        codes = dict(self.ws.conn.execute("SELECT id, code FROM training_modules WHERE rollout_id = ?",
                                          (scope.rollout_id,)).fetchall())
        teams = dict(self.ws.conn.execute("SELECT id, name FROM teams").fetchall())
        capacity = self._capacities(scope.rollout_id)
        needs = [SeatNeed(m, codes.get(m, "?"), team, teams.get(team, "(no team)"), requiring, completed, exempt,
                          enrolled, capacity.get(m, DEFAULT_CAPACITY))
                 for m, team, requiring, completed, exempt, enrolled in rows]
        return sorted(needs, key=lambda n: (n.code.casefold(), n.team_name.casefold()))

    def month_plan(self, scope: Scope, needs: builtins.list[SeatNeed] | None = None) -> builtins.list[PlanMonth]:
        """Seats needed by each due month against seats scheduled, per session-based module.
        `needs`: seat_needs(scope) when the caller has it already (it is the costly part)."""
        if needs is None:
            needs = self.seat_needs(scope)
        outstanding: dict[int, int] = {}
        for n in needs:
            outstanding[n.module_id] = outstanding.get(n.module_id, 0) + n.requiring - n.completed - n.exempt
        capacity = self._capacities(scope.rollout_id)
        sessions: dict[int, builtins.list[tuple[dt.date, int, int]]] = {}  # (day, capacity, enrolled)
        for s in self.list(scope.rollout_id, scope.module_id):
            sessions.setdefault(s.module_id, []).append((s.starts.date(), s.capacity, s.enrolled))
        demands = [
            ModuleDemand(m.id, m.code, m.due, outstanding.get(m.id, 0), capacity.get(m.id, DEFAULT_CAPACITY),
                         tuple(sessions.get(m.id, ())))
            for m in self.ws.training.modules(scope.rollout_id)
            if m.format.needs_sessions and (scope.module_id is None or m.id == scope.module_id)
        ]
        return plan_months(demands, scope.today())

