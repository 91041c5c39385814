"""Training modules, their requirement rules, and each person's progress.

Reads return domain objects; the roll-ups (team progress, burn-up) are aggregated in SQL over
the derived requirements (tracker/store/training_queries.py). Every write is one audited
transaction, so each is one undo step. Sessions and enrolments: `Training.sessions`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.training import TrainingFormat, TrainingStatus
from tracker.domain.training_models import BurnUp, PersonModule, TeamProgress, TrainingModule
from tracker.store.convert import from_date, to_date, to_day
from tracker.store.errors import StaleRecordError, StoreValidationError
from tracker.store.record_versions import missing_record
from tracker.store.training_queries import LATE, STATUS, Scope, pairs, rollup

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.training_sessions import TrainingSessions
    from tracker.store.workspace import Workspace

DRILL_DOWN_LIMIT = 50_000
#: (module id, person id) -> the version of that person's record of the module (0: none yet).
Versions = Mapping[tuple[int, int], int]

class ModuleFields(TypedDict):
    """A module's fields as create_module() and update_module() take them (all of them)."""

    code: str
    title: str
    hours: NotRequired[float]
    format: NotRequired[TrainingFormat]
    due_date: NotRequired[dt.date | None]
    due_offset_days: NotRequired[int | None]
    available_from: NotRequired[dt.date | None]


def _module(r: tuple[Any, ...], roles: dict[int, list[int]], teams: dict[int, list[int]]) -> TrainingModule:
    return TrainingModule(
        id=r[0], rollout_id=r[1], code=r[2], title=r[3], hours=r[4], format=TrainingFormat(r[5]),
        due_date=to_date(r[6]), due_offset_days=r[7], available_from=to_day(r[8]),
        role_ids=tuple(roles.get(r[0], ())), team_ids=tuple(teams.get(r[0], ())), due=to_date(r[9]), version=r[10],
    )


class Training:
    def __init__(self, ws: Workspace):
        self.ws = ws

    @cached_property
    def sessions(self) -> TrainingSessions:
        from tracker.store.training_sessions import TrainingSessions

        return TrainingSessions(self.ws)

    # ---------------------------------------------------------------- modules
    def modules(self, rollout_id: int) -> list[TrainingModule]:
        return self._modules("m.rollout_id = ?", (rollout_id,))

    def has_modules(self, rollout_id: int) -> bool:
        return self.ws.scalar("SELECT 1 FROM training_modules WHERE rollout_id = ? LIMIT 1", (rollout_id,)) is not None

    def module(self, module_id: int) -> TrainingModule | None:
        found = self._modules("m.id = ?", (module_id,))
        return found[0] if found else None

    def _modules(self, where: str, params: tuple[object, ...]) -> list[TrainingModule]:
        conn = self.ws.conn
        rows = conn.execute(
            f"""SELECT m.id, m.rollout_id, m.code, m.title, m.hours, m.format, m.due_date, m.due_offset_days,
                       m.available_from,
                       COALESCE(m.due_date, date(r.go_live_date, m.due_offset_days || ' days')), m.version
                FROM training_modules m JOIN rollouts r ON r.id = m.rollout_id
                WHERE {where} ORDER BY m.code COLLATE NOCASE""", params).fetchall()
        ids = [r[0] for r in rows]
        roles: dict[int, list[int]] = {}
        teams: dict[int, list[int]] = {}
        if ids:
            marks = ", ".join("?" * len(ids))
            for mid, rid in conn.execute(
                    f"SELECT module_id, role_id FROM training_role_requirements WHERE module_id IN ({marks})", ids):
                roles.setdefault(mid, []).append(rid)
            for mid, tid in conn.execute(
                    f"SELECT module_id, team_id FROM training_team_requirements WHERE module_id IN ({marks})", ids):
                teams.setdefault(mid, []).append(tid)
        return [_module(r, roles, teams) for r in rows]

    def _module_values(self, rollout_id: int, module_id: int | None, *, code: str, title: str, hours: float = 1.0,
                       format: TrainingFormat = TrainingFormat.E_LEARNING, due_date: dt.date | None = None,
                       due_offset_days: int | None = None, available_from: dt.date | None = None) -> dict[str, Any]:
        code, title = (code or "").strip(), (title or "").strip()
        if not code or not title:
            raise StoreValidationError("A module needs a code and a title.")
        if due_date is not None and due_offset_days is not None:
            raise StoreValidationError("Give the due date either as a date or relative to go-live, not both.")
        if hours is None or not 0 <= hours <= 1000:
            raise StoreValidationError("Hours must be between 0 and 1,000.")
        available = available_from or dt.date.today()
        if due_date is not None and available_from is not None and due_date < available_from:
            # Due before anyone can take it: every assignment would be overdue the day it opens.
            # (Only when both are given: the dialog always gives both; a script that leaves
            # available-from to default to today may record a module that was due earlier.)
            raise StoreValidationError(f"The due date ({due_date:%-d %b %Y}) is before the module is available "
                                       f"({available_from:%-d %b %Y}); move one of them.")
        clash = self.ws.scalar("SELECT id FROM training_modules WHERE rollout_id = ? AND code = ? COLLATE NOCASE",
                               (rollout_id, code))
        if clash is not None and clash != module_id:
            raise StoreValidationError(f"This rollout already has a module {code}.")
        return {"rollout_id": rollout_id, "code": code, "title": title, "hours": float(hours),
                "format": TrainingFormat(format).value, "due_date": from_date(due_date),
                "due_offset_days": due_offset_days,
                "available_from": from_date(available)}

    def create_module(self, rollout_id: int, *, role_ids: Iterable[int] = (), team_ids: Iterable[int] = (),
                      **fields: Unpack[ModuleFields]) -> int:
        values = self._module_values(rollout_id, None, **fields)
        with self.ws.write(f"Add module {values['code']}") as w:
            module_id = w.insert("training_modules", values)
            self._set_rules(w, module_id, role_ids, team_ids)
        return module_id

    def update_module(self, module_id: int, *, expected_version: int | None = None,
                      role_ids: Iterable[int] = (), team_ids: Iterable[int] = (),
                      **fields: Unpack[ModuleFields]) -> None:
        current = self.module(module_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "training_modules", module_id, expected_version, dict(fields),
                                 "That module no longer exists.")
        values = self._module_values(current.rollout_id, module_id, **fields)
        with self.ws.write(f"Edit module {values['code']}") as w:
            changed = w.update("training_modules", module_id, values, expected_version=expected_version)
            if self._set_rules(w, module_id, role_ids, team_ids) and not changed:
                w.touch("training_modules", module_id)  # the rules are the module's: its version moves on

    def _set_rules(self, w: AuditedWriter, module_id: int, role_ids: Iterable[int], team_ids: Iterable[int]) -> bool:
        """Make the module's requirement rules these; True when any rule was added or removed."""
        changed = False
        for table, column, wanted in (("training_role_requirements", "role_id", set(role_ids)),
                                      ("training_team_requirements", "team_id", set(team_ids))):
            have = dict(self.ws.conn.execute(f"SELECT {column}, id FROM {table} WHERE module_id = ?", (module_id,)))
            for key in sorted(set(have) - wanted):
                w.delete(table, have[key])
                changed = True
            for key in sorted(wanted - set(have)):
                w.insert(table, {"module_id": module_id, column: key})
                changed = True
        return changed

    def delete_module(self, module_id: int) -> None:
        """Delete a module with its rules, records, sessions and seats (each delete audited)."""
        module = self.module(module_id)
        if module is None:
            return
        with self.ws.write(f"Delete module {module.code}") as w:
            self._delete_module_rows(w, module_id)

    def _delete_module_rows(self, w: AuditedWriter, module_id: int) -> None:
        conn = self.ws.conn
        for (eid,) in conn.execute("""SELECT e.id FROM training_enrolments e JOIN training_sessions s
                                      ON s.id = e.session_id WHERE s.module_id = ?""", (module_id,)).fetchall():
            w.delete("training_enrolments", eid)
        for table in ("training_sessions", "training_records", "training_role_requirements",
                      "training_team_requirements"):
            for (row_id,) in conn.execute(f"SELECT id FROM {table} WHERE module_id = ?", (module_id,)).fetchall():
                w.delete(table, row_id)
        w.delete("training_modules", module_id)

    # ---------------------------------------------------------------- progress (SQL roll-ups)
    def team_progress(self, scope: Scope) -> list[TeamProgress]:
        """Required, completed, in progress, overdue and exempt per team, over all assignments.

        From the kept per-module counts (tracker/store/training_status.py): a team's figures are
        sums over the modules, and late ones are the unfinished assignments of modules past due.
        Only "direct reports of a manager" is not kept per team; it is counted here in SQL.
        """
        if scope.manager_id is not None:
            return self._team_progress_counted(scope)
        from tracker.store.training_status import add_team_progress, current_counts

        counts = current_counts(self.ws, [scope.rollout_id], None if scope.module_id is None else [scope.module_id])
        as_of = scope.today()
        teams: dict[int | None, list[int]] = {}
        for _rollout, due, by_team in counts.values():
            past_due = due is not None and due < as_of
            for team_id, team_counts in by_team.items():
                if scope.team_ids is None or team_id in scope.team_ids:
                    add_team_progress(teams, team_id, team_counts, past_due)
        names = dict(self.ws.conn.execute("SELECT id, name FROM teams").fetchall())
        return [TeamProgress(tid, names.get(tid, "(no team)"), *teams[tid])
                for tid in sorted(teams, key=lambda t: (t is not None, t or 0))]

    def _team_progress_counted(self, scope: Scope) -> list[TeamProgress]:
        """`team_progress` counted afresh over the derived assignments (any scope)."""
        sql, params = rollup(scope, {"team_id": "p.team_id"}, {
            "required": "true", "completed": "t.status = 'completed'", "in_progress": "t.status = 'in_progress'",
            "overdue": LATE, "exempt": "t.status = 'exempt'",
            "late_in_progress": "t.status = 'in_progress' AND mods.due < :as_of",
        })
        rows = self.ws.conn.execute(sql, params).fetchall()
        names = dict(self.ws.conn.execute("SELECT id, name FROM teams").fetchall())
        return [TeamProgress(r[0], names.get(r[0], "(no team)"), *r[1:]) for r in rows]

    def people_modules(self, scope: Scope, status: str | None = None,
                       limit: int = DRILL_DOWN_LIMIT) -> list[PersonModule]:
        """The drill-down: each person in scope with each module they must take.
        `status`: a TrainingStatus value, or 'overdue'."""
        where, extra = "", {}
        if status == "overdue":
            where = LATE
        elif status is not None:
            where = f"{STATUS} = :status"
            extra["status"] = TrainingStatus(status).value
        sql, params = pairs(scope, f"""p.id, p.name AS name, p.employee_id, COALESCE(tm.name, ''),
                   COALESCE(mg.name, ''), mods.id, m.code AS code, {STATUS}, mods.due, t.completed_on, t.score,
                   COALESCE(t.exempt_reason, ''), {LATE},
                   (SELECT MIN(s.starts_on) FROM training_enrolments e
                      JOIN training_sessions s ON s.id = e.session_id
                    WHERE e.person_id = p.id AND s.module_id = mods.id AND s.starts_on >= :as_of),
                   COALESCE(t.assigned, 0), COALESCE(t.version, 0)""",
                            joins="""JOIN training_modules m ON m.id = mods.id
                                     LEFT JOIN teams tm ON tm.id = p.team_id
                                     LEFT JOIN people mg ON mg.id = p.manager_id""",
                            where=where, order="name, code", limit=limit)
        rows = self.ws.conn.execute(sql, {**params, **extra}).fetchall()
        return [PersonModule(r[0], r[1], r[2], r[3], r[4], r[5], r[6], TrainingStatus(r[7]), to_date(r[8]),
                             to_date(r[9]), r[10], r[11], bool(r[12]), to_date(r[13]), bool(r[14]), r[15])
                for r in rows]

    def burn_up(self, scope: Scope) -> BurnUp:
        """Cumulative completions by day, against the requirements falling due by each due date.

        One pass over the assignments, grouped by (completion day, due day): a few thousand
        groups, which are then summed per day here.
        """
        sql, params = rollup(scope, {"done": "CASE WHEN t.status = 'completed' THEN t.completed_on END",
                                     "due": "mods.due"}, {"n": "true", "planned": f"{STATUS} <> 'exempt'"})
        done: dict[str, int] = {}
        due: dict[str | None, int] = {}
        for done_on, due_on, n, planned in self.ws.conn.execute(sql, params):
            if done_on is not None:
                done[done_on] = done.get(done_on, 0) + n
            due[due_on] = due.get(due_on, 0) + planned
        actual: list[tuple[dt.date, int]] = []
        running = 0
        for day in sorted(done):
            running += done[day]
            actual.append((to_day(day), running))
        plan: list[tuple[dt.date, int]] = []
        planned_total = sum(due.values())
        cumulative = 0
        for day in sorted(d for d in due if d is not None):
            cumulative += due[day]
            plan.append((to_day(day), cumulative))
        return BurnUp(actual, plan, planned_total, scope.today())

    # ---------------------------------------------------------------- marking progress
    def _records(self, module_id: int, person_ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(person_ids), 500):
            chunk = person_ids[start:start + 500]
            for row in self.ws.query(
                    f"""SELECT id, person_id, status, completed_on, score, exempt_reason, assigned, version
                        FROM training_records WHERE module_id = ? AND person_id IN ({', '.join('?' * len(chunk))})""",
                    [module_id, *chunk]):
                found[row["person_id"]] = row
        return found

    def record_versions(self, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
        """(module id, person id) -> the version of that person's record of the module now (0:
        none stored yet): what an edit of their progress is based on."""
        wanted = list(dict.fromkeys(pairs))
        found = self._existing(wanted)
        return {pair: int(found[pair]["version"]) if pair in found else 0 for pair in wanted}

    def _existing(self, pairs: list[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Any]]:
        by_module: dict[int, list[int]] = {}
        for module_id, pid in pairs:
            by_module.setdefault(module_id, []).append(pid)
        return {(m, pid): row for m, pids in by_module.items() for pid, row in self._records(m, pids).items()}

    def _write_progress(self, pairs: list[tuple[int, int]], values: dict[str, Any], label: str,
                        expected: Versions | None = None) -> int:
        """Upsert the records of (module id, person id) pairs in one write (one undo step).

        `expected`: the version of each pair's record as the editor read it (0: none yet); the
        whole write is refused with StaleRecordError when any of them has changed since."""
        pairs = list(dict.fromkeys(pairs))
        read = expected or {}
        stale = 0
        try:
            with self.ws.write(label) as w:
                if expected is not None:  # a record not stored yet has no version: others marking wait, then see it
                    w.lock("training_modules", (m for m, _ in pairs))
                existing = self._existing(pairs)
                stale = sum(1 for p in pairs if p in read and read[p] != (existing[p]["version"] if p in existing else 0))
                for pair in pairs:
                    version = read.get(pair)
                    if pair in existing:
                        w.update("training_records", existing[pair]["id"], values, expected_version=version)
                    elif version:  # stored when read, deleted since (with its module)
                        raise StaleRecordError("This training record was deleted after you opened it; your "
                                               "change was not saved.", table="training_records", row_id=0,
                                               expected_version=version, current=None, attempted=values)
                    else:
                        w.insert("training_records", {"module_id": pair[0], "person_id": pair[1], **values})
        except StaleRecordError as e:
            if stale > 1:  # the dialog shows the first; say that applying mine goes over them all
                e.args = (f"{e} {stale - 1:,} more of the selection changed too.",)
            raise
        return len(pairs)

    def _who(self, module: TrainingModule, person_ids: list[int]) -> str:
        if len(person_ids) == 1:
            name = self.ws.scalar("SELECT name FROM people WHERE id = ?", (person_ids[0],)) or "someone"
            return f"{name}'s {module.code}"
        return f"{module.code} for {len(person_ids):,} people"

    def mark_completed(self, module_id: int, person_ids: list[int], completed_on: dt.date,
                       score: float | None = None, *, today: dt.date | None = None,
                       expected_versions: Versions | None = None) -> int:
        return self.mark_pairs_completed([(module_id, pid) for pid in person_ids], completed_on, score, today=today,
                                         expected_versions=expected_versions)

    def mark_pairs_completed(self, pairs: list[tuple[int, int]], completed_on: dt.date,
                             score: float | None = None, *, today: dt.date | None = None,
                             expected_versions: Versions | None = None) -> int:
        """Mark (module, person) pairs completed on one day: one write, one undo step.
        `expected_versions`: as record_versions() gave them when the editor read them; a record
        changed since refuses the whole marking (StaleRecordError)."""
        if not pairs:
            return 0
        if completed_on > (today or dt.date.today()):
            raise StoreValidationError("A completion date cannot be in the future.")
        modules = {m: self._require_module(m) for m in dict.fromkeys(m for m, _ in pairs)}
        for module in modules.values():
            if completed_on < module.available_from:
                raise StoreValidationError(
                    f"{module.code} exists only since {module.available_from.isoformat()}; "
                    "a completion cannot be earlier.")
        if score is not None and not 0 <= score <= 100:
            raise StoreValidationError("A score must be between 0 and 100.")
        values = {"status": "completed", "completed_on": completed_on.isoformat(), "score": score,
                  "exempt_reason": ""}
        if len(modules) == 1:
            module = next(iter(modules.values()))
            label = f"Mark {self._who(module, [p for _, p in pairs])} completed"
        else:
            label = f"Mark {len(pairs):,} modules completed"
        return self._write_progress(pairs, values, label, expected_versions)

    def set_status(self, module_id: int, person_ids: list[int], status: TrainingStatus, reason: str = "", *,
                   expected_versions: Versions | None = None) -> int:
        """Not started, in progress, or exempt (with a reason). Completion: `mark_completed`.
        `expected_versions`: as for mark_pairs_completed."""
        module = self._require_module(module_id)
        status = TrainingStatus(status)
        if status is TrainingStatus.COMPLETED:
            raise StoreValidationError("Use mark completed, which asks for the date.")
        reason = (reason or "").strip()
        if status is TrainingStatus.EXEMPT and not reason:
            raise StoreValidationError("An exemption needs a reason.")
        values = {"status": status.value, "completed_on": None, "score": None,
                  "exempt_reason": reason if status is TrainingStatus.EXEMPT else ""}
        return self._write_progress([(module_id, p) for p in person_ids], values,
                                    f"Mark {self._who(module, person_ids)} {status.label.lower()}", expected_versions)

    def assign(self, module_id: int, person_ids: list[int], assigned: bool = True, *,
               expected_versions: Versions | None = None) -> int:
        """Require a module of people by hand (or stop requiring it by hand).
        `expected_versions`: as for mark_pairs_completed."""
        module = self._require_module(module_id)
        verb = "Assign" if assigned else "Unassign"
        return self._write_progress([(module_id, p) for p in person_ids], {"assigned": int(assigned)},
                                    f"{verb} {self._who(module, person_ids)}", expected_versions)

    def assign_pairs(self, pairs: list[tuple[int, int]], assigned: bool = True, *,
                     expected_versions: Versions | None = None) -> int:
        """`assign` for (module id, person id) pairs across modules: one write, one undo step."""
        pairs = list(dict.fromkeys(pairs))
        modules = {m: self._require_module(m) for m in dict.fromkeys(m for m, _ in pairs)}
        if not pairs:
            return 0
        if len(modules) == 1:
            return self.assign(next(iter(modules)), [p for _, p in pairs], assigned,
                               expected_versions=expected_versions)
        label = f"{'Assign' if assigned else 'Unassign'} {len(pairs):,} modules"
        return self._write_progress(pairs, {"assigned": int(assigned)}, label, expected_versions)

    def _require_module(self, module_id: int) -> TrainingModule:
        module = self.module(module_id)
        if module is None:
            raise StoreValidationError("That module no longer exists.")
        return module
