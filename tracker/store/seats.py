"""Seats of a rollout's AI tool: the licence list, leave marks, reclaim decisions and rules.

Reads gather what the pure rules of tracker/domain/seats.py need (seats, holders, last use,
leave, pending training, decisions) and return domain objects; the cohorts, time to first use
and training uplift take the usage days read here (tracker/domain/seat_cohorts.py,
seat_uplift.py). A person a usage report names holds a seat even when no seats file listed
them (using the tool proves the licence): such seats are derived on read, and get a stored row
(source 'usage') only when a decision is recorded on them. Every write goes through
`Workspace.write`: one audited change, one undo step.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tracker.domain.seat_records import (
    Decision,
    Holder,
    LeaveMark,
    PendingTraining,
    ReclaimDecision,
    Seat,
    SeatSettings,
    SeatSource,
    check_settings,
)
from tracker.domain.seats import ReclaimList, reclaim_list, training_may_decide
from tracker.store.convert import from_date, to_date, to_day
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import stale_record
from tracker.store.training_queries import STATUS, Scope, any_pairs

if TYPE_CHECKING:
    import numpy as np

    from tracker.domain.seat_import import SeatImportPlan
    from tracker.store.workspace import Workspace

# Live usage (batch not undone), per person: first and last day (ordinals), up to a day.
_USE_SPAN = """SELECT person_id, MIN(day), MAX(day) FROM usage_events
    WHERE rollout_id = ? AND day <= ? AND import_id IN (SELECT id FROM usage_imports)
    GROUP BY person_id"""


class Seats:
    def __init__(self, ws: Workspace):
        self.ws = ws

    # ------------------------------------------------------------------ rules
    def settings(self, rollout_id: int) -> SeatSettings:
        """The rollout's seat rules (the defaults when it never changed them)."""
        row = self.ws.conn.execute("SELECT inactive_days, grace_days, tool FROM seat_settings WHERE rollout_id = ?",
                                   (rollout_id,)).fetchone()
        return SeatSettings(*row) if row else SeatSettings()

    def set_settings(self, rollout_id: int, *, inactive_days: int, grace_days: int, tool: str = "") -> None:
        """Change the rollout's seat rules in one audited change. Raises StoreValidationError."""
        problem = check_settings(inactive_days, grace_days)
        if problem:
            raise StoreValidationError(problem)
        values = {"inactive_days": inactive_days, "grace_days": grace_days, "tool": " ".join(tool.split())}
        row_id = self.ws.scalar("SELECT id FROM seat_settings WHERE rollout_id = ?", (rollout_id,))
        name = self._rollout_name(rollout_id)
        with self.ws.write(f"Change seat rules of {name}") as w:
            if row_id is None:
                w.insert("seat_settings", {"rollout_id": rollout_id, **values})
            else:
                w.update("seat_settings", row_id, values)

    def tools(self) -> dict[int, str]:
        """Rollout id -> the name of its AI tool (its seat rules' tool, else the rollout's name)."""
        return {rid: tool or name for rid, name, tool in self.ws.conn.execute(
            "SELECT r.id, r.name, COALESCE(s.tool, '') FROM rollouts r LEFT JOIN seat_settings s ON s.rollout_id = r.id")}

    def _rollout_name(self, rollout_id: int) -> str:
        name = self.ws.scalar("SELECT name FROM rollouts WHERE id = ?", (rollout_id,))
        if name is None:
            raise StoreValidationError("That rollout no longer exists.")
        return str(name)

    # ------------------------------------------------------------------ reading
    def seats(self, rollout_id: int, as_of: dt.date) -> list[Seat]:
        """Every seat of the rollout: the stored ones, and one per person with usage up to
        ``as_of`` and no stored seat (assigned on their first day of use)."""
        return self._seats(rollout_id, self._use_spans(rollout_id, as_of))

    def _use_spans(self, rollout_id: int, as_of: dt.date) -> list[tuple[int, int, int]]:
        """(person id, first day, last day) of each person's live use up to ``as_of``."""
        return self.ws.conn.execute(_USE_SPAN, (rollout_id, as_of.toordinal())).fetchall()

    def _seats(self, rollout_id: int, spans: list[tuple[int, int, int]]) -> list[Seat]:
        out = [Seat(r[0], r[1], to_date(r[3]), r[4], r[5], SeatSource(r[6]), r[2]) for r in self.ws.conn.execute(
            "SELECT id, person_id, account, assigned_on, monthly_cost, currency, source FROM seats WHERE rollout_id = ?",
            (rollout_id,))]
        stored = {s.person_id for s in out if s.person_id is not None}
        for person_id, first, _last in spans:
            if person_id not in stored:
                out.append(Seat(None, person_id, dt.date.fromordinal(first), source=SeatSource.USAGE))
        return out

    def last_used(self, rollout_id: int, as_of: dt.date) -> dict[int, dt.date]:
        """Person id -> their last day of use of the rollout's tool up to ``as_of``."""
        return {person_id: dt.date.fromordinal(last) for person_id, _first, last in
                self.ws.conn.execute(_USE_SPAN, (rollout_id, as_of.toordinal()))}

    def holders(self, person_ids: Iterable[int] | None = None) -> dict[int, Holder]:
        """Person id -> what the rules need about them; every person when ``person_ids`` is None."""
        sql = """SELECT p.id, p.name, p.employee_id, p.team_id, COALESCE(t.name, ''), p.active, p.hire_date,
                        p.termination_date FROM people p LEFT JOIN teams t ON t.id = p.team_id"""
        params: tuple[str, ...] = ()
        if person_ids is not None:  # only these rows leave SQLite: a rollout's holders, not the whole roster
            sql += " WHERE p.id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))"
            params = (json.dumps(sorted(set(person_ids))),)
        return {r[0]: Holder(r[0], r[1], r[2], r[3], r[4], bool(r[5]), to_date(r[6]), to_date(r[7]))
                for r in self.ws.conn.execute(sql, params)}

    def leave(self, person_ids: Iterable[int] | None = None, *, on: dt.date | None = None) -> list[LeaveMark]:
        """Leave marks (of these people; covering the day ``on`` when given), by person and start."""
        rows = self.ws.conn.execute("SELECT id, person_id, starts_on, ends_on FROM seat_leave ORDER BY person_id, starts_on")
        wanted = None if person_ids is None else set(person_ids)
        marks = [LeaveMark(r[1], to_day(r[2]), to_date(r[3]), r[0]) for r in rows if wanted is None or r[1] in wanted]
        return [m for m in marks if on is None or m.covers(on)]

    def pending_training(self, rollout_id: int, as_of: dt.date,
                         person_ids: Iterable[int] | None = None) -> list[PendingTraining]:
        """Modules active people (of ``person_ids`` when given) must take for the rollout and
        have neither completed nor been exempted from (derived from team, role and hand
        assignment, as on the Training page)."""
        where = f"{STATUS} IN ('not_started', 'in_progress')"
        if person_ids is not None:  # a reclaim list asks only about its seat holders
            where += " AND p.id IN (SELECT CAST(value AS INTEGER) FROM json_each(:holders))"
        sql, params = any_pairs(Scope(rollout_id, as_of=as_of), "p.id, m.code, mods.due",
                                joins="JOIN training_modules m ON m.id = mods.id", where=where)
        if person_ids is not None:
            params["holders"] = json.dumps(sorted(set(person_ids)))
        return [PendingTraining(r[0], r[1], to_date(r[2])) for r in self.ws.conn.execute(sql, params)]

    def decisions(self, rollout_id: int) -> list[ReclaimDecision]:
        """Every reclaim decision on the rollout's seats, oldest first."""
        return [decision for _rid, decision in self._decisions([rollout_id])]

    def _decisions(self, rollout_ids: list[int]) -> list[tuple[int, ReclaimDecision]]:
        """(rollout id, decision) of every decision on these rollouts' seats, oldest first."""
        rows = self.ws.conn.execute(
            """SELECT d.id, d.seat_id, d.decision, d.decided_by, d.decided_on, d.reason, s.rollout_id
               FROM seat_decisions d JOIN seats s ON s.id = d.seat_id
               WHERE s.rollout_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) ORDER BY d.decided_on, d.id""",
            (json.dumps(rollout_ids),))
        return [(r[6], ReclaimDecision(r[1], Decision(r[2]), r[3], to_day(r[4]), r[5], r[0])) for r in rows]

    def reclaim_list(self, rollout_id: int, as_of: dt.date | None = None) -> ReclaimList:
        """The rollout's seats judged on ``as_of`` (today by default): tracker/domain/seats.py."""
        day = as_of or dt.date.today()
        return self.reclaim_lists([rollout_id], day)[rollout_id]

    def reclaim_lists(self, rollout_ids: Iterable[int], as_of: dt.date) -> dict[int, ReclaimList]:
        """Rollout id -> its reclaim list judged on ``as_of``, for several rollouts (the status
        report): each rollout's usage read once for its seats and their last use, and every
        holder's details, leave and decisions read once for all of them; pending training only
        of the holders it can decide for (`training_may_decide`)."""
        ids = list(dict.fromkeys(rollout_ids))
        spans = {rid: self._use_spans(rollout_id=rid, as_of=as_of) for rid in ids}
        seats = {rid: self._seats(rid, spans[rid]) for rid in ids}
        held = {rid: {s.person_id for s in found if s.person_id is not None} for rid, found in seats.items()}
        everyone = set().union(*held.values())
        holders = self.holders(everyone)
        leave = self.leave(everyone, on=as_of)
        decisions: dict[int, list[ReclaimDecision]] = {rid: [] for rid in ids}
        for rid, decision in self._decisions(ids):
            decisions[rid].append(decision)
        lists = {}
        for rid in ids:
            last_used = {p: dt.date.fromordinal(last) for p, _first, last in spans[rid]}
            settings = self.settings(rid)
            asked = {p for p in held[rid] if training_may_decide(holders.get(p), last_used.get(p), as_of, settings)}
            lists[rid] = reclaim_list(
                seats[rid], holders, last_used, as_of=as_of, settings=settings,
                leave=[m for m in leave if m.person_id in held[rid]],
                pending_training=self.pending_training(rid, as_of, asked) if asked else (), decisions=decisions[rid])
        return lists

    def usage_days(self, rollout_id: int) -> tuple[np.ndarray, np.ndarray]:
        """(person ids, day ordinals) of every live use of the rollout's tool, as numpy int64
        arrays sorted by person then day: what cohorts and uplift count weeks from."""
        import numpy as np

        from tracker.store.adoption_rollup import DAY_MASK, PERSON_SHIFT, live_events

        keys = np.sort(live_events(self.ws.conn, rollout_id))
        return keys >> PERSON_SHIFT, keys & DAY_MASK

    def first_completions(self, rollout_id: int, module_id: int | None = None) -> dict[int, dt.date]:
        """Person id -> the day they first completed a module of the rollout (or ``module_id``)."""
        sql = """SELECT r.person_id, MIN(r.completed_on) FROM training_records r
                 JOIN training_modules m ON m.id = r.module_id
                 WHERE m.rollout_id = ? AND r.status = 'completed'"""
        params: list[Any] = [rollout_id]
        if module_id is not None:
            sql += " AND m.id = ?"
            params.append(module_id)
        return {pid: to_day(day) for pid, day in self.ws.conn.execute(sql + " GROUP BY r.person_id", params)}

    # ------------------------------------------------------------------ writing
    def latest_decisions(self, rollout_id: int, seats: Iterable[Seat]) -> list[int]:
        """Per seat, in order, the id of its latest reclaim decision (0: none): what a new
        decision on it is based on (the latest decision is the one that counts)."""
        return [self._latest_decision(rollout_id, seat)[0] for seat in seats]

    def _latest_decision(self, rollout_id: int, seat: Seat) -> tuple[int, dict[str, Any] | None]:
        """(id, row) of the seat's latest decision; (0, None) when it has none."""
        seat_id = seat.seat_id
        if seat_id is None and seat.person_id is not None:  # known from usage: stored once decided on
            seat_id = self.ws.scalar("SELECT id FROM seats WHERE rollout_id = ? AND person_id = ?",
                                     (rollout_id, seat.person_id))
        rows = self.ws.query("""SELECT id, seat_id, decision, decided_by, decided_on, reason, version
                                FROM seat_decisions WHERE seat_id = ? ORDER BY decided_on DESC, id DESC LIMIT 1""",
                             (seat_id,)) if seat_id is not None else []
        return (int(rows[0]["id"]), rows[0]) if rows else (0, None)

    def decide(self, rollout_id: int, seats: Iterable[Seat], decision: Decision, *, by: str, reason: str = "",
               on: dt.date | None = None, expected_decisions: Sequence[int] | None = None) -> int:
        """Approve or reject the reclaim of these seats in one audited change; returns how many.

        A seat known from usage only gets its stored row first (in the same change). A
        rejection needs a reason (a kept inactive seat must say why). Raises StoreValidationError.
        `expected_decisions`: per seat, the id of its latest decision as the editor read it (0:
        none, as latest_decisions gives them); when someone else has decided on one of the
        seats since, nothing is written and StaleRecordError shows theirs beside this one.
        """
        who = " ".join(by.split())
        why = reason.strip()
        if not who:
            raise StoreValidationError("Say who decides (the change manager's name).")
        if decision is Decision.REJECTED and not why:
            raise StoreValidationError("Say why the seat is kept: a rejection needs a reason.")
        chosen = list(seats)
        if not chosen:
            return 0
        name = self._rollout_name(rollout_id)
        day = from_date(on or dt.date.today())
        verb = "Approve" if decision is Decision.APPROVED else "Reject"
        label = f"{verb} reclaim of {len(chosen)} seat{'s' if len(chosen) != 1 else ''} of {name}"
        with self.ws.write(label) as w:
            if expected_decisions is not None:  # checked in the write's transaction, just before the inserts
                # A decision is a new row, with no version to check: another decider (on any seat
                # of the rollout, including seats stored only once decided on) waits, then sees it.
                w.lock("rollouts", [rollout_id])
                self._refuse_stale_decisions(rollout_id, chosen, list(expected_decisions), {
                    "decision": decision.value, "decided_by": who, "decided_on": day, "reason": why})
            for seat in chosen:
                seat_id = seat.seat_id if seat.seat_id is not None else self._usage_seat(w, rollout_id, seat)
                w.insert("seat_decisions", {"seat_id": seat_id, "decision": decision.value, "decided_by": who,
                                            "decided_on": day, "reason": why})
        return len(chosen)

    def _refuse_stale_decisions(self, rollout_id: int, seats: list[Seat], expected: list[int],
                                attempted: dict[str, Any]) -> None:
        """StaleRecordError for the first seat whose latest decision is not the one read."""
        if len(expected) != len(seats):
            raise ValueError("expected_decisions names one decision id (or 0) per seat")
        for seat, read in zip(seats, expected):
            latest, row = self._latest_decision(rollout_id, seat)
            if latest != read:
                raise stale_record(self.ws.conn, "seat_decisions", latest or read, read, row, attempted)

    def _usage_seat(self, w: Any, rollout_id: int, seat: Seat) -> int:
        if seat.person_id is None:
            raise StoreValidationError("A seat without a holder cannot be decided on.")
        found = self.ws.scalar("SELECT id FROM seats WHERE rollout_id = ? AND person_id = ?", (rollout_id, seat.person_id))
        if found is not None:
            return int(found)
        return int(w.insert("seats", {"rollout_id": rollout_id, "person_id": seat.person_id,
                                      "assigned_on": from_date(seat.assigned_on), "source": SeatSource.USAGE.value}))

    def add_leave(self, person_id: int, starts_on: dt.date, ends_on: dt.date | None = None) -> int:
        """Mark a person on leave (one audited change); returns the mark's id. A mark overlapping
        another of the person's is refused (a person's marks are told apart by their first day)."""
        if ends_on is not None and ends_on < starts_on:
            raise StoreValidationError("A leave cannot end before it starts.")
        name = self.ws.scalar("SELECT name FROM people WHERE id = ?", (person_id,))
        if name is None:
            raise StoreValidationError("That person no longer exists.")
        for mark in self.leave([person_id]):
            if mark.starts_on <= (ends_on or dt.date.max) and starts_on <= (mark.ends_on or dt.date.max):
                until = f"to {mark.ends_on.isoformat()}" if mark.ends_on else "until further notice"
                raise StoreValidationError(f"{name} is already on leave from {mark.starts_on.isoformat()} {until}; "
                                           "remove that mark first, or choose days outside it.")
        with self.ws.write(f"Mark {name} on leave from {starts_on.isoformat()}") as w:
            return int(w.insert("seat_leave", {"person_id": person_id, "starts_on": starts_on.isoformat(),
                                               "ends_on": from_date(ends_on)}))

    def remove_leave(self, mark_id: int) -> None:
        """Delete a leave mark (one audited change)."""
        row = self.ws.conn.execute("SELECT p.name FROM seat_leave l JOIN people p ON p.id = l.person_id WHERE l.id = ?",
                                   (mark_id,)).fetchone()
        if row is None:
            raise StoreValidationError("That leave mark no longer exists.")
        with self.ws.write(f"Remove a leave mark of {row[0]}") as w:
            w.delete("seat_leave", mark_id)

    def apply_import(self, plan: SeatImportPlan, label: str) -> int | None:
        """Write a seats import's plan in one audited change; None when it changes nothing."""
        if plan.errors:
            raise ValueError("A seats file with errors is never applied.")
        if not plan.new and not plan.changed:
            return None
        self._rollout_name(plan.rollout_id)
        with self.ws.write(label) as w:
            w.insert_many("seats", [{"rollout_id": plan.rollout_id, **values} for values in plan.new])
            w.update_many("seats", [(seat_id, dict(values)) for seat_id, values in plan.changed])
        return w.change_id

    def stored_for_import(self, rollout_id: int) -> dict[tuple[int | None, str], tuple[int, dict[str, Any]]]:
        """(person id, lower account) -> (seat id, its import fields), for a plan to compare with;
        the account is '' for seats held by a person."""
        rows = self.ws.conn.execute(
            "SELECT id, person_id, account, assigned_on, monthly_cost, currency, source FROM seats WHERE rollout_id = ?",
            (rollout_id,))
        return {(r[1], "" if r[1] is not None else r[2].lower()):
                (r[0], {"assigned_on": r[3], "monthly_cost": r[4], "currency": r[5], "source": r[6]}) for r in rows}
