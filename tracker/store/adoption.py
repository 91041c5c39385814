"""Adoption figures: usage imported in bulk, team figures entered by hand, and the summaries the
pages, the health rule and the report read.

Bulk path and undo. The audit trail records each row before and after, which is right for an
edit and far too much for a usage log of millions of rows. An import therefore writes:
- one audited `usage_imports` row (the batch: file, counts, rollouts touched), through the
  ordinary writer, so the import is one change and one undo step;
- its events with one executemany, each carrying the batch id, not audited;
- the weekly figures of the rollouts it touched, updated for its new events (or recounted) in
  the same transaction.
Undo removes the batch row (the audit trail has it); events whose batch is gone are ignored by
every read, and a trigger marks the batch's rollouts stale, so the next read recomputes their
figures without the undone events. Redo puts the batch row back with its id (ids are never
reused: AUTOINCREMENT), the same trigger marks the rollouts stale again, and the events count
again. A later import of a day that only an undone batch held takes the event over.
After a retention purge (tracker/store/usage_retention.py) the weeks that counted purged
events are frozen, a batch that fed them can no longer be undone or redone, and uses from
before the cutoff are not recorded again.

Figures are the current roster's: eligibility is who is eligible now, and a roster change marks
the affected rollouts stale (triggers, see schema_adoption) for the next read to recompute. A
read-only workspace cannot store the recomputation and shows the figures as last stored.

Teams with hand-entered figures take those for the team (a person's judgement overrides the
log); the rollout's figure for a week adds each such team's latest figure up to that week.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tracker.domain.adoption import AdoptionPoint, AdoptionSummary, build_summary, week_end
from tracker.domain.export_log import IMPORT_LABELS
from tracker.domain.forecast import Forecast, fit_forecast
from tracker.store import adoption_rollup as rollup
from tracker.store import usage_batches
from tracker.store.convert import from_date, to_date, to_day
from tracker.store.errors import StoreValidationError
from tracker.store.usage_lookup import RecordedKeys
from tracker.store.usage_retention import kept_from as usage_kept_from

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike

    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace


@lru_cache(maxsize=4096)
def _cached_fit(points: tuple[tuple[dt.date, float], ...], target: float | None) -> Forecast:
    """fit_forecast is pure, so the same history gives the same forecast: a page, the health
    rule and the report asking in turn fit once."""
    return fit_forecast(points, target=target)


def _summary(points: list[AdoptionPoint], target: float | None, target_date: dt.date | None, go_live: dt.date | None,
             as_of: dt.date) -> AdoptionSummary:
    return build_summary(points, target=target, target_date=target_date, go_live=go_live, as_of=as_of,
                         fit=lambda pts, target: _cached_fit(tuple(pts), target))


# The latest change that wrote people or accounts (every such write is audited): the index on
# (change_id, entity, entity_id) read backwards stops at it, a few rows after a run of imports.
_PEOPLE_CHANGED = ("SELECT change_id FROM audit INDEXED BY audit_change_entity "
                   "WHERE entity IN ('people', 'accounts') ORDER BY change_id DESC LIMIT 1")


class Adoption:
    def __init__(self, ws: Workspace):
        self.ws = ws
        # (what, latest people change) -> lookup: 52 weekly reports of 300,000 people would
        # otherwise read and lower-case every work email 52 times.
        self._lookups: dict[str, tuple[int, dict[str, int]]] = {}
        self._recorded = RecordedKeys(ws)

    # ---------------------------------------------------------------- reading
    def summary(self, rollout_id: int, as_of: dt.date | None = None) -> AdoptionSummary:
        """The rollout's adoption as of a day (default today): latest rate, the target path,
        the three human factors and the forecast."""
        as_of = as_of or dt.date.today()
        target, target_date, go_live = self._rollout(rollout_id)
        return _summary(self.history(rollout_id), target, target_date, go_live, as_of)

    def summaries(self, as_of: dt.date | None = None) -> dict[int, AdoptionSummary]:
        """rollout id -> summary, for every rollout (the portfolio and the report)."""
        as_of = as_of or dt.date.today()
        ids = [r[0] for r in self.ws.conn.execute("SELECT id FROM rollouts ORDER BY id")]
        self.refresh()
        return {rid: self.summary(rid, as_of) for rid in ids}

    def team_summaries(self, rollout_id: int, as_of: dt.date | None = None) -> dict[int, AdoptionSummary]:
        """team id -> summary, for each team with figures in the rollout."""
        as_of = as_of or dt.date.today()
        target, target_date, go_live = self._rollout(rollout_id)
        return {team_id: _summary(points, target, target_date, go_live, as_of)
                for team_id, points in self._team_points(rollout_id).items()}

    def team_histories(self, rollout_id: int) -> dict[int, list[AdoptionPoint]]:
        """team id -> weekly points oldest first (hand figures replacing the log's), for each
        team with figures in the rollout: what `team_summaries` summarises, without fitting a
        forecast per team (the status report's team rows need only the latest figures, and
        2,000 teams' fits take most of its time)."""
        return self._team_points(rollout_id)

    def history(self, rollout_id: int, team_id: int | None = None) -> list[AdoptionPoint]:
        """Weekly points oldest first, for the rollout (team_id None) or one team."""
        if team_id is not None:
            return self._team_points(rollout_id, team_id).get(team_id, [])
        self.refresh()
        conn = self.ws.conn
        hand = self._hand_figures(rollout_id)
        sql = """SELECT week_end, SUM(eligible), SUM(active), SUM(new_adopters) FROM adoption_weekly
                 WHERE rollout_id = ? {exclude} GROUP BY week_end ORDER BY week_end"""
        if hand:
            rows = conn.execute(sql.format(exclude="AND team_id NOT IN (SELECT team_id FROM adoption_figures "
                                                   "WHERE rollout_id = ?)"), (rollout_id, rollout_id)).fetchall()
        else:
            rows = conn.execute(sql.format(exclude=""), (rollout_id,)).fetchall()
        logged = {dt.date.fromordinal(w): (e, a, n) for w, e, a, n in rows}
        if not hand:
            return [AdoptionPoint(d, e, a, None, n) for d, (e, a, n) in logged.items()]
        return _merge(logged, hand)

    def data_ends(self, rollout_id: int) -> dt.date | None:
        """The end of the latest week with usage figures (logged or entered by hand) for anyone
        eligible; None without any. Reads the weekly figures as they stand (no recompute): what
        the rollout page says about the data's age, without writing on a look."""
        logged = self.ws.scalar("SELECT MAX(week_end) FROM adoption_weekly WHERE rollout_id = ? AND eligible > 0",
                                (rollout_id,))
        hand = self.ws.scalar("SELECT MAX(period_end) FROM adoption_figures WHERE rollout_id = ? AND eligible > 0",
                              (rollout_id,))
        found = [d for d in (dt.date.fromordinal(logged) if logged else None, to_date(hand)) if d is not None]
        return max(found) if found else None

    def eligible_counts(self, rollout_id: int) -> dict[int, int]:
        """team id -> eligible people now, for every participating team (0 included)."""
        counts = {t: 0 for (t,) in self.ws.conn.execute(
            "SELECT team_id FROM participation WHERE rollout_id = ?", (rollout_id,))}
        for _, team_id in rollup.eligible_people(self.ws.conn, rollout_id):
            counts[team_id] = counts.get(team_id, 0) + 1
        return counts

    def has_usage(self, rollout_id: int | None = None) -> bool:
        if rollout_id is None:
            return self.ws.scalar("SELECT 1 FROM usage_imports LIMIT 1") is not None
        return self.ws.scalar("SELECT 1 FROM adoption_weekly WHERE rollout_id = ? LIMIT 1", (rollout_id,)) is not None

    def kept_from(self) -> dt.date | None:
        """The first day a usage import still records: uses before the latest retention cutoff
        are not (their weeks are frozen team figures). None when nothing was ever purged."""
        day = usage_kept_from(self.ws.conn)
        return dt.date.fromordinal(day) if day else None

    def person_keys(self) -> dict[str, int]:
        """employee id -> person id << 20: the form a usage import combines with day ordinals."""
        return {e: pid << rollup.PERSON_SHIFT for e, pid in self.ws.conn.execute("SELECT employee_id, id FROM people")}

    def person_keys_by_email(self) -> dict[str, int]:
        """lower-cased work email -> person id << 20, for reports that name people by email
        (a copy the caller may change)."""
        return self._lookup("email", lambda: _lowered(self.ws.conn.execute(
            "SELECT email, id << 20 FROM people WHERE email IS NOT NULL AND email != ''").fetchall()))

    def person_keys_by_account(self, system: str) -> dict[str, int]:
        """lower-cased account in `system` (see tracker/store/accounts.py) -> person id << 20."""
        return self._lookup(f"account {system}", lambda: _lowered(self.ws.conn.execute(
            "SELECT account, person_id << 20 FROM accounts WHERE system = ?", (system,)).fetchall()))

    def _lookup(self, what: str, read: Callable[[], dict[str, int]]) -> dict[str, int]:
        """A copy of a people lookup, read again only after people or accounts were written."""
        marker = int(self.ws.scalar(_PEOPLE_CHANGED) or 0)
        held = self._lookups.get(what)
        if held is None or held[0] != marker:
            held = self._lookups[what] = (marker, read())
        return dict(held[1])

    def imports(self) -> list[dict[str, Any]]:
        """The usage imports still in effect, newest first (file, rows, uses, unknown people)."""
        rows = self.ws.query("SELECT id, source, imported_at, rows, uses, unknown_people, first_day, last_day, "
                             "rollouts FROM usage_imports ORDER BY id DESC")
        for r in rows:
            r["rollouts"] = json.loads(r["rollouts"])
        return rows

    def _rollout(self, rollout_id: int) -> tuple[float | None, dt.date | None, dt.date | None]:
        row = self.ws.conn.execute("SELECT target_adoption, target_date, go_live_date FROM rollouts WHERE id = ?",
                                   (rollout_id,)).fetchone()
        if row is None:
            raise StoreValidationError("That rollout no longer exists.")
        return row[0], to_date(row[1]), to_date(row[2])

    def _hand_figures(self, rollout_id: int, team_id: int | None = None) -> dict[int, list[AdoptionPoint]]:
        where, params = "rollout_id = ?", [rollout_id]
        if team_id is not None:
            where += " AND team_id = ?"
            params.append(team_id)
        out: dict[int, list[AdoptionPoint]] = {}
        for tid, period_end, e, a, p in self.ws.conn.execute(
                f"SELECT team_id, period_end, eligible, active, proficient FROM adoption_figures "
                f"WHERE {where} ORDER BY team_id, period_end", params):
            out.setdefault(tid, []).append(AdoptionPoint(to_day(period_end), e, a, p))
        return out

    def _team_points(self, rollout_id: int, team_id: int | None = None) -> dict[int, list[AdoptionPoint]]:
        self.refresh()
        where, params = "rollout_id = ?", [rollout_id]
        if team_id is not None:
            where += " AND team_id = ?"
            params.append(team_id)
        out: dict[int, list[AdoptionPoint]] = {}
        for w, tid, e, a, n in self.ws.conn.execute(
                f"SELECT week_end, team_id, eligible, active, new_adopters FROM adoption_weekly WHERE {where} "
                "ORDER BY team_id, week_end", params):
            out.setdefault(tid, []).append(AdoptionPoint(dt.date.fromordinal(w), e, a, None, n))
        out.update(self._hand_figures(rollout_id, team_id))  # hand figures replace the log's
        return out

    # ---------------------------------------------------------------- keeping figures fresh
    def refresh(self) -> list[int]:
        """Recompute the rollouts marked stale (by undo, redo or roster changes); their ids."""
        conn = self.ws.conn
        stale = [r[0] for r in conn.execute("SELECT rollout_id FROM adoption_stale")]
        if not stale or self.ws.readonly:
            return []
        if conn.in_transaction:  # inside someone's write: part of it, rolled back with it
            rollup.recompute(conn, stale)
            return stale
        check = getattr(self.ws, "pending_check", None)
        if check is not None:
            check.wait_until_passed()  # a write, like any other: not before the open-time check passed
        conn.execute("BEGIN IMMEDIATE")
        try:
            rollup.recompute(conn, stale)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return stale

    # ---------------------------------------------------------------- usage import (bulk path)
    def recorded_keys(self, rollout_ids: Iterable[int]) -> np.ndarray:
        """Live events of these rollouts as numpy int64 keys (see usage_batches.recorded_keys)."""
        return usage_batches.recorded_keys(self.ws.conn, rollout_ids)

    def unrecorded_among(self, keys: np.ndarray) -> np.ndarray:
        """Those of these distinct, sorted keys that are not recorded live events, sorted; the
        keys the previous import recorded are not asked about again while nothing else was
        written (tracker/store/usage_lookup.py)."""
        return self._recorded.unrecorded_among(keys)

    def import_usage(self, keys: ArrayLike, *, source: str, rows: int, unknown_people: int,
                     seen: np.ndarray | None = None) -> int | None:
        """Record usage events (numpy int64 keys as in `recorded_keys`) as one batch.

        One write: the audited batch row, the events, the updated figures. Returns the change
        id, or None when every event was already recorded (nothing written, no undo step).
        ``seen``: every key of the file, the array `unrecorded_among` was asked about; when
        nothing was written since, the next look-up skips them (they are all recorded now).
        """
        label = f"{IMPORT_LABELS['usage']} from {source}" if source else IMPORT_LABELS["usage"]
        try:
            with self.ws.write(label) as w:
                current = self._recorded.looked_up_now(seen)
                if not usage_batches.record_usage(w, keys, source=source, rows=rows, unknown_people=unknown_people):
                    raise _NothingNew
                if current and seen is not None:
                    self._recorded.remember(seen)
        except _NothingNew:
            return None
        except BaseException:
            self._recorded.forget()
            raise
        return w.change_id

    def record_usage(self, w: AuditedWriter, keys: ArrayLike, *, source: str, rows: int, unknown_people: int = 0) -> int:
        """The bulk path inside the caller's write (the import's, the sample workspace's, a data
        import's); how many events were new (0: the caller should not keep the write)."""
        return usage_batches.record_usage(w, keys, source=source, rows=rows, unknown_people=unknown_people)

    # ---------------------------------------------------------------- team figures by hand
    def team_figures(self, rollout_id: int) -> list[dict[str, Any]]:
        """Hand-entered figures of the rollout: id, team_id, team, period_end, eligible, active, proficient."""
        rows = self.ws.query(
            """SELECT f.id, f.team_id, t.name AS team, f.period_end, f.eligible, f.active, f.proficient
               FROM adoption_figures f JOIN teams t ON t.id = f.team_id
               WHERE f.rollout_id = ? ORDER BY t.name COLLATE NOCASE, f.period_end""", (rollout_id,))
        for r in rows:
            r["period_end"] = to_date(r["period_end"])
        return rows

    def stored_figures(self) -> list[dict[str, Any]]:
        """Every hand-entered figure as column values (rollout_id, team_id, period_end ISO, counts)."""
        return self.ws.query("SELECT id, rollout_id, team_id, period_end, eligible, active, proficient "
                             "FROM adoption_figures")

    def figure_values(self, rollout_id: int, team_id: int, period_end: dt.date, eligible: int,
                      active: int, proficient: int | None = None) -> dict[str, Any]:
        """Validated column values of one team figure (raises StoreValidationError)."""
        for name, value in (("Eligible", eligible), ("Active", active), ("Proficient", proficient)):
            if value is None and name == "Proficient":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise StoreValidationError(f"{name} must be a whole number of people, 0 or more.")
        if active > eligible:
            raise StoreValidationError("Active people cannot be more than eligible people.")
        if proficient is not None and proficient > active:
            raise StoreValidationError("Proficient people cannot be more than active people.")
        if not isinstance(period_end, dt.date):
            raise StoreValidationError("A team figure needs the date its period ends.")
        if self.ws.scalar("SELECT 1 FROM rollouts WHERE id = ?", (rollout_id,)) is None:
            raise StoreValidationError("That rollout no longer exists.")
        if self.ws.scalar("SELECT 1 FROM teams WHERE id = ?", (team_id,)) is None:
            raise StoreValidationError("That team no longer exists.")
        return {"rollout_id": rollout_id, "team_id": team_id, "period_end": from_date(period_end),
                "eligible": eligible, "active": active, "proficient": proficient}

    def set_team_figure(self, rollout_id: int, team_id: int, period_end: dt.date, eligible: int,
                        active: int, proficient: int | None = None) -> int:
        """Add or replace the team's figure for the period ending on `period_end`; its id."""
        values = self.figure_values(rollout_id, team_id, period_end, eligible, active, proficient)
        team = self.ws.scalar("SELECT name FROM teams WHERE id = ?", (team_id,))
        with self.ws.write(f"Set {team} adoption for {period_end.isoformat()}") as w:
            return self.write_figure(w, values)

    def write_figure(self, w: AuditedWriter, values: dict[str, Any]) -> int:
        """Upsert one validated figure inside the caller's write (the importer's)."""
        existing: int | None = self.ws.scalar(
            "SELECT id FROM adoption_figures WHERE rollout_id = ? AND team_id = ? AND period_end = ?",
            (values["rollout_id"], values["team_id"], values["period_end"]))
        if existing is None:
            return w.insert("adoption_figures", values)
        w.update("adoption_figures", existing, values)
        return existing

    def apply_team_figures(self, figures: list[dict[str, Any]], label: str) -> int | None:
        """Upsert validated figures (figure_values dicts) in one write; the change id, or None
        when every figure was already stored as it is."""
        with self.ws.write(label) as w:
            for values in figures:
                self.write_figure(w, values)
        return w.change_id

    def delete_team_figures(self, figure_ids: list[int]) -> None:
        """Delete several hand-entered figures in one write (one undo step)."""
        ids = [i for i in figure_ids if self.ws.scalar("SELECT 1 FROM adoption_figures WHERE id = ?", (i,))]
        if not ids:
            return
        with self.ws.write(f"Delete {len(ids)} team adoption figure{'s' if len(ids) != 1 else ''}") as w:
            for figure_id in ids:
                w.delete("adoption_figures", figure_id)

    def delete_team_figure(self, figure_id: int) -> None:
        row = self.ws.conn.execute(
            "SELECT t.name, f.period_end FROM adoption_figures f JOIN teams t ON t.id = f.team_id WHERE f.id = ?",
            (figure_id,)).fetchone()
        if row is None:
            return
        with self.ws.write(f"Delete {row[0]} adoption for {row[1]}") as w:
            w.delete("adoption_figures", figure_id)


def _lowered(pairs: list[tuple[str, int]]) -> dict[str, int]:
    """{text.lower(): key} with C-level loops: a usage report names 100,000 people."""
    if not pairs:
        return {}
    texts, keys = zip(*pairs)
    return dict(zip(map(str.lower, texts), keys))


class _NothingNew(Exception):
    """Raised inside the import's write to roll it back when no event was new."""


def _merge(logged: dict[dt.date, tuple[int, int, int]],
           hand: dict[int, list[AdoptionPoint]]) -> list[AdoptionPoint]:
    """Rollout points from the log's weekly sums plus each hand team's latest figure by then.

    Proficiency is only known for hand teams: `proficiency_active` keeps their active count so
    proficiency is proficient / active of the teams that report it.
    """
    weeks = set(logged)
    aligned: dict[int, list[tuple[dt.date, AdoptionPoint]]] = {}
    for tid, points in hand.items():
        # Two figures in one week (a Wednesday and a Sunday): the later one is that week's.
        aligned[tid] = sorted(((week_end(p.period_end), p) for p in points),
                              key=lambda wp: (wp[0], wp[1].period_end))
        weeks.update(w for w, _ in aligned[tid])
    out = []
    cursor = {tid: -1 for tid in aligned}
    for w in sorted(weeks):
        e, a, n = logged.get(w, (0, 0, 0))
        has_new = w in logged
        prof = prof_active = None
        for tid, series in aligned.items():
            i = cursor[tid]
            while i + 1 < len(series) and series[i + 1][0] <= w:
                i += 1
            cursor[tid] = i
            if i < 0:
                continue
            p = series[i][1]
            e += p.eligible
            a += p.active
            if p.proficient is not None:
                prof = (prof or 0) + p.proficient
                prof_active = (prof_active or 0) + p.active
        out.append(AdoptionPoint(w, e, a, prof, n if has_new else None, prof_active))
    return out
